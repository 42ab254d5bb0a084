//! Wage subsidy (løntilskud) for a hire of a person on public support.

pub mod loentilskud;
pub use self::loentilskud::*;
