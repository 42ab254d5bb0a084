//! Fixtures: case files that carry expected values. [`check`] compares an outcome with them.

use rust_decimal::Decimal;

use crate::engine::Outcome;
use crate::engine::case::Expected;
use crate::text::format::canonical;
use crate::values::num;
use crate::values::value::Value;

/// One expected value that did not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub field: String,
    pub expected: String,
    pub actual: String,
    /// actual − expected, for amounts.
    pub difference: Option<Decimal>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.field, self.expected, self.actual
        )?;
        if let Some(d) = self.difference {
            let sign = if d.is_sign_positive() { "+" } else { "" };
            write!(f, " (difference {sign}{})", num::fixed(d, 2))?;
        }
        Ok(())
    }
}

/// Every expected value of the case that the outcome does not match (empty: the fixture passes).
pub fn check(outcome: &Outcome) -> Vec<Mismatch> {
    let fields = outcome.result.fields();
    let mut out = Vec::new();
    for (name, expected) in &outcome.case.expected {
        let actual = fields.iter().find(|(f, _)| f == name).map(|(_, v)| v);
        let mismatch = |expected: String, actual: String, difference| Mismatch {
            field: name.clone(),
            expected,
            actual,
            difference,
        };
        let found = match (expected, actual) {
            (Expected::Amount(e), Some(Value::Amount(a))) => {
                (e != a).then(|| mismatch(num::fixed(*e, 2), num::fixed(*a, 2), Some(*a - *e)))
            }
            // A count (months, hours) or a rate compares as a number, shown without padding.
            (
                Expected::Amount(e),
                Some(Value::Number(a) | Value::Measure(a, _) | Value::Percent(a)),
            ) => (e != a).then(|| mismatch(num::plain(*e), num::plain(*a), Some(*a - *e))),
            (Expected::Bool(e), Some(Value::Bool(a))) => {
                (e != a).then(|| mismatch(e.to_string(), a.to_string(), None))
            }
            // Words, dates, weeks and sentences compare by their JSON text.
            (
                Expected::Text(e),
                Some(
                    v @ (Value::Text(_)
                    | Value::Translated(_)
                    | Value::Word(_)
                    | Value::Date(_)
                    | Value::Week(_)
                    | Value::Month(_)
                    | Value::Said(_)),
                ),
            ) => {
                let a = canonical(v);
                (*e != a).then(|| mismatch(e.clone(), a, None))
            }
            // A result the case has no value for (no lønloft, no status for a permanent grant)
            // is expected as "none".
            (Expected::Text(e), Some(Value::None)) => {
                (e != "none").then(|| mismatch(e.clone(), "none".to_string(), None))
            }
            (e, a) => Some(mismatch(
                match e {
                    Expected::Amount(d) => num::fixed(*d, 2),
                    Expected::Bool(b) => b.to_string(),
                    Expected::Text(t) => format!("\"{t}\" (a string)"),
                },
                match a {
                    None => "nothing".to_string(),
                    Some(v @ Value::Bool(_)) => format!("{} (a TOML boolean)", canonical(v)),
                    Some(
                        v @ (Value::Amount(_)
                        | Value::Number(_)
                        | Value::Measure(..)
                        | Value::Percent(_)),
                    ) => format!("{} (a number)", canonical(v)),
                    Some(v) => canonical(v),
                },
                None,
            )),
        };
        out.extend(found);
    }
    out
}
