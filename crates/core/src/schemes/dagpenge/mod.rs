//! Unemployment benefit (dagpenge): the period, its consumption and re-earning.

// The family and its one scheme share the law's name, as in rules/dagpenge/dagpenge/.
#[allow(clippy::module_inception)]
pub mod dagpenge;
pub use self::dagpenge::*;
