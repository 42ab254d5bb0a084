//! Tools over the engine: caseloads in batch, diffs between rule books, what-if tables, fixture
//! checks, coverage and changelogs.

pub mod batch;
pub mod calendar;
pub mod caseload;
pub mod changelog;
pub mod coverage;
pub mod describe;
pub mod diff;
pub mod fixture;
#[cfg(feature = "toml")]
pub mod regulate;
pub mod timeline;
pub mod whatif;
