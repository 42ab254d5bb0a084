//! # beregner-core
//!
//! A deterministic rules engine for Danish labour-market law. The law's numbers live in
//! versioned TOML rule sets (`rules/`); this crate loads and validates them ([`rules`]),
//! reads case files ([`case`]), computes each scheme with a full explanation ([`schemes`],
//! [`trace`]) and writes the result as JSON or prose ([`report`]).
//!
//! Money is [`rust_decimal::Decimal`]; every rounding is named in the rule set; dates are
//! inputs, never the clock (chrono is built without its `clock` feature).

pub mod batch;
pub mod case;
pub mod caseload;
pub mod changelog;
pub mod coverage;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod fixture;
pub mod history;
pub mod month;
pub mod num;
pub mod overlay;
pub mod report;
pub mod rounding;
pub mod rules;
pub mod schemes;
pub mod trace;
pub mod tree;
pub mod whatif;

pub use case::{Case, Format};
pub use diag::{Diagnostic, SourceText};
pub use engine::{Engine, Outcome, SchemeResult};
pub use month::Month;
