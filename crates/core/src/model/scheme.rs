//! What a scheme is: its declaration ([`SchemeSpec`]: rule-set contents, inputs, results), how
//! it reads its input, its typed parameters, and one `compute` that is also its explanation.
//! The registry ([`registry!`]) lists every scheme once and gives the engine one way to reach
//! each, without a hand-written dispatch.

use std::sync::Arc;

use chrono::NaiveDate;

use super::calc::{Calc, Recorder, Refusal};
use super::inputs::Fields;
use super::params::{ParamError, ParamReader};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{Compiled, SchemeSpec};
use crate::values::value::Value;

/// A scheme: one paragraph of law (or a few), computed.
pub trait Scheme: 'static {
    /// The case's facts, typed and checked.
    type Input: std::fmt::Debug + Clone + PartialEq + Send + Sync;
    /// One rule-set version's parameters, typed, built once when the rule set loads.
    type Params: std::fmt::Debug + Send + Sync + 'static;
    /// Everything the computation found (the result fields and what explains them).
    type Output: std::fmt::Debug + Clone + PartialEq + Send + Sync;

    const SPEC: SchemeSpec;

    /// The input from its declared fields, already read and bounded: the checks that involve
    /// more than one field. Problems go to `f` (the result is then ignored).
    fn read(f: &mut Fields) -> Option<Self::Input>;

    /// The date that selects the rule-set version, for a scheme selected by an input date
    /// (see [`SchemeSpec::selected_by`]).
    fn selecting_date(_input: &Self::Input) -> Option<NaiveDate> {
        None
    }

    /// The last date the case's facts concern (the Monday of a claim's last week), for a
    /// scheme whose input can run past the end of the version its [`Scheme::selecting_date`]
    /// chose. `None`: the input concerns the selecting date only and is never cut.
    fn last_date(_input: &Self::Input) -> Option<NaiveDate> {
        None
    }

    /// The input cut where a new rule-set version takes over: the part before `at` and the part
    /// from `at` on, each computed under its own version and joined by [`Scheme::join`].
    /// `None`: the scheme cannot be cut there (its `compute` then refuses or decides alone).
    fn cut(_input: &Self::Input, _at: NaiveDate) -> Option<(Self::Input, Self::Input)> {
        None
    }

    /// One result from the results of consecutive parts (in date order), recorded through
    /// `c` under the last part's version. Only called for parts [`Scheme::cut`] made.
    fn join<R: Recorder>(
        _parts: Vec<Self::Output>,
        _c: &mut Calc<R>,
    ) -> Result<Self::Output, Refusal> {
        Err(Refusal::new("common", "refusal.cannot_join"))
    }

    /// The typed parameters of a validated version; names what is missing.
    fn params(r: &ParamReader) -> Result<Self::Params, ParamError>;

    /// The computation, recorded step by step through `c` when the case is explained.
    fn compute<R: Recorder>(
        input: &Self::Input,
        p: &Self::Params,
        c: &mut Calc<R>,
    ) -> Result<Self::Output, Refusal>;

    /// The result fields, in the order [`SchemeSpec::results`] declares them.
    fn results(o: &Self::Output) -> Vec<(&'static str, Value)>;
}

/// The [`SchemeSpec::compile`] of a scheme: its typed parameters, type-erased so the rule
/// layer can hold them without knowing the scheme.
pub fn compile<S: Scheme>(v: &RuleSetVersion) -> Result<Compiled, ParamError> {
    S::params(&ParamReader::new(v)).map(|p| Arc::new(p) as Compiled)
}

/// A version's typed parameters for scheme `S`.
pub fn params_of<S: Scheme>(v: &RuleSetVersion) -> Result<&S::Params, Refusal> {
    v.compiled
        .as_ref()
        .and_then(|c| c.downcast_ref::<S::Params>())
        .ok_or_else(|| {
            Refusal::new("common", "refusal.unusable")
                .with("rule_set", Value::Text(format!("{} {}", v.id, v.version)))
        })
}

/// Lists the schemes: `registry! { Variant: path::to::Scheme, … }` makes the static
/// `SCHEMES` (every [`SchemeSpec`]), the enums `CaseInput` and `SchemeResult` (one variant per
/// scheme), and their dispatch: reading, computing, result fields. Adding a scheme is one line.
/// A line's attributes (`#[cfg(feature = "all-schemes")]`) apply to the scheme everywhere.
macro_rules! registry {
    ($($(#[$attr:meta])* $variant:ident: $scheme:ty),+ $(,)?) => {
        /// Every scheme, in the order listings show them.
        pub static SCHEMES: &[&$crate::rules::spec::SchemeSpec] =
            &[$($(#[$attr])* &<$scheme as $crate::model::Scheme>::SPEC),+];

        /// A case's facts, in the form of its scheme.
        #[derive(Debug, Clone, PartialEq)]
        pub enum CaseInput {
            $($(#[$attr])* $variant(<$scheme as $crate::model::Scheme>::Input)),+
        }

        /// A computed case's result, in the form of its scheme.
        // Returned by value on the batch path, where a box would cost an allocation per row.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum SchemeResult {
            $($(#[$attr])* $variant(<$scheme as $crate::model::Scheme>::Output)),+
        }

        impl CaseInput {
            /// Reads the input of the scheme `spec` from its declared fields.
            pub fn read(
                spec: &$crate::rules::spec::SchemeSpec,
                f: &mut $crate::model::Fields,
            ) -> Option<CaseInput> {
                match spec.name {
                    $(
                        $(#[$attr])*
                        name if name == <$scheme as $crate::model::Scheme>::SPEC.name => {
                            <$scheme as $crate::model::Scheme>::read(f).map(CaseInput::$variant)
                        }
                    )+
                    _ => None,
                }
            }

            /// The date that selects the version, for a scheme selected by an input date.
            pub fn selecting_date(&self) -> Option<chrono::NaiveDate> {
                match self {
                    $($(#[$attr])* CaseInput::$variant(i) => <$scheme as $crate::model::Scheme>::selecting_date(i)),+
                }
            }

            /// The last date the case's facts concern (see [`Scheme::last_date`]).
            pub fn last_date(&self) -> Option<chrono::NaiveDate> {
                match self {
                    $($(#[$attr])* CaseInput::$variant(i) => <$scheme as $crate::model::Scheme>::last_date(i)),+
                }
            }

            /// The case cut at `at` (see [`Scheme::cut`]).
            pub fn cut(&self, at: chrono::NaiveDate) -> Option<(CaseInput, CaseInput)> {
                match self {
                    $($(#[$attr])* CaseInput::$variant(i) => <$scheme as $crate::model::Scheme>::cut(i, at)
                        .map(|(a, b)| (CaseInput::$variant(a), CaseInput::$variant(b)))),+
                }
            }

            /// One result from the parts' results, all of this input's scheme (see
            /// [`Scheme::join`]).
            pub fn join<R: $crate::model::Recorder>(
                &self,
                parts: Vec<SchemeResult>,
                c: &mut $crate::model::Calc<R>,
            ) -> Result<SchemeResult, $crate::model::Refusal> {
                match self {
                    $($(#[$attr])* CaseInput::$variant(_) => {
                        let mut outs = Vec::with_capacity(parts.len());
                        for p in parts {
                            match p {
                                SchemeResult::$variant(o) => outs.push(o),
                                #[allow(unreachable_patterns)]
                                _ => return Err($crate::model::Refusal::new("common", "refusal.cannot_join")),
                            }
                        }
                        <$scheme as $crate::model::Scheme>::join(outs, c).map(SchemeResult::$variant)
                    })+
                }
            }

            /// Computes the case under `version`, recording through `c`.
            pub fn compute<R: $crate::model::Recorder>(
                &self,
                version: &$crate::rules::RuleSetVersion,
                c: &mut $crate::model::Calc<R>,
            ) -> Result<SchemeResult, $crate::model::Refusal> {
                match self {
                    $($(#[$attr])* CaseInput::$variant(i) => {
                        let p = $crate::model::scheme::params_of::<$scheme>(version)?;
                        <$scheme as $crate::model::Scheme>::compute(i, p, c).map(SchemeResult::$variant)
                    })+
                }
            }
        }

        impl SchemeResult {
            /// The result fields in their documented order (the JSON `result` object).
            pub fn fields(&self) -> Vec<(&'static str, $crate::values::value::Value)> {
                match self {
                    $($(#[$attr])* SchemeResult::$variant(o) => <$scheme as $crate::model::Scheme>::results(o)),+
                }
            }
        }
    };
}
pub(crate) use registry;
