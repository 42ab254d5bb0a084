//! Wage subsidy (løntilskud) for a hire of a person on public support.

// The family and its one scheme share the law's name, as in rules/loentilskud/loentilskud/.
#[allow(clippy::module_inception)]
pub mod loentilskud;
pub use self::loentilskud::*;
