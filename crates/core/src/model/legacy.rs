//! The bridge for schemes written before the model: their own field reader and hand-written
//! explanation, recorded as steps with both languages written out. Each scheme leaves it when
//! it moves onto the model.

use std::borrow::Cow;

use super::calc::{Calc, Formula, Recorder, Refusal, Step};
use super::inputs::Fields;
use super::trace::Tracer;
use crate::rules::spec::{InputKind, InputSpec, OutputSpec};
use crate::values::value::{Said, Value};

/// Every field of an old scheme as text its own reader checks.
pub const fn inputs<const N: usize>(names: [&'static str; N]) -> [InputSpec; N] {
    let mut out = [InputSpec::optional("", InputKind::Text); N];
    let mut i = 0;
    while i < N {
        out[i] = InputSpec::optional(names[i], InputKind::Text);
        i += 1;
    }
    out
}

/// The result fields of an old scheme (none marked as outcomes yet).
pub const fn results<const N: usize>(names: [&'static str; N]) -> [OutputSpec; N] {
    let mut out = [OutputSpec::intermediate(""); N];
    let mut i = 0;
    while i < N {
        out[i] = OutputSpec::intermediate(names[i]);
        i += 1;
    }
    out
}

/// The result of an old scheme's own reader: its errors become field errors.
pub fn collect<T>(f: &mut Fields, read: Result<T, Vec<(&'static str, String)>>) -> Option<T> {
    match read {
        Ok(input) => Some(input),
        Err(errors) => {
            for (field, text) in errors {
                f.fail(
                    field,
                    Said::new("common", "input.legacy").with("text", Value::Text(text)),
                );
            }
            None
        }
    }
}

/// An old scheme's refusal, as written.
pub fn refusal(text: String) -> Refusal {
    Refusal::new("common", "refusal.legacy").with("text", Value::Text(text))
}

/// Records the steps of an old scheme's hand-written explanation, and its input echo.
pub fn record<R: Recorder>(c: &mut Calc<R>, tracer: Tracer, echo: Vec<(&'static str, Value)>) {
    for s in tracer.steps {
        let mut step = Step::new(c.scheme, s.rule, "");
        step.label = Some((s.label, s.label_da));
        step.formula = Formula::Literal {
            en: s.formula,
            da: s.formula_da,
        };
        step.value = s.value;
        step.inputs = s
            .inputs
            .into_iter()
            .map(|i| (Cow::Owned(i.name), i.value))
            .collect();
        step.rounding = s.rounding_rule;
        for (name, _) in &step.inputs {
            // An old explanation names the parameters it used among its inputs.
            if let Some(p) = c.parameter_name(name) {
                c.used(p);
            }
        }
        c.legacy(step);
    }
    for (name, value) in echo {
        c.fill(name, || value);
    }
}
