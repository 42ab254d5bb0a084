//! Unemployment benefit (dagpenge): the period, its consumption and re-earning.

pub mod dagpenge;
pub use self::dagpenge::*;
