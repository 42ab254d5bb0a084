//! Unemployment benefit (dagpenge): the rate, the period, its consumption and re-earning.

// The family and its one scheme share the law's name, as in rules/dagpenge/dagpenge/.
#[allow(clippy::module_inception)]
pub mod dagpenge;
pub use self::dagpenge::*;

/// The member's monthly rate from the income before unemployment.
pub mod dagpengesats;
