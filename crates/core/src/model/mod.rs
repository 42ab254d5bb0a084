//! The scheme model: what every scheme is built from. A scheme declares its inputs, results
//! and rule-set contents ([`crate::rules::spec::SchemeSpec`]), reads its input from the
//! declared fields ([`inputs`]), reads its parameters by name and type ([`params`]), and
//! computes through a [`Calc`] whose recorder turns the computation into its explanation
//! ([`calc`], with formulas from [`expr`]). The registry ([`scheme::registry`]) lists them.

pub mod calc;
pub mod expr;
pub mod inputs;
pub mod params;
pub mod scheme;

pub use calc::{Calc, Formula, Notes, Off, Recorder, Refusal, Step, Trace, Values, XOf, plus_days};
pub use expr::X;
pub use inputs::{FieldError, Fields, Raw};
pub use params::{Fraction, Param, ParamError, ParamReader, Rate};
pub use scheme::Scheme;
