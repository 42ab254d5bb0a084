//! Fixtures: case files that carry expected values. [`check`] compares an outcome with them.

use rust_decimal::Decimal;

use crate::engine::Outcome;
use crate::engine::case::Expected;
use crate::model::trace::Value;
use crate::values::num;

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
        let mismatch = match (expected, actual) {
            (Expected::Amount(e), Some(Value::Amount(a))) if e != a => Some(Mismatch {
                field: name.clone(),
                expected: num::fixed(*e, 2),
                actual: num::fixed(*a, 2),
                difference: Some(*a - *e),
            }),
            (Expected::Bool(e), Some(Value::Bool(a))) if e != a => Some(Mismatch {
                field: name.clone(),
                expected: e.to_string(),
                actual: a.to_string(),
                difference: None,
            }),
            (Expected::Text(e), Some(Value::Text(a))) if e != a => Some(Mismatch {
                field: name.clone(),
                expected: e.clone(),
                actual: a.clone(),
                difference: None,
            }),
            // A count (months, hours) compares as a number, shown without padding.
            (Expected::Amount(e), Some(Value::Number(a))) if e != a => Some(Mismatch {
                field: name.clone(),
                expected: num::plain(*e),
                actual: num::plain(*a),
                difference: Some(*a - *e),
            }),
            (Expected::Amount(_), Some(Value::Amount(_) | Value::Number(_)))
            | (Expected::Bool(_), Some(Value::Bool(_)))
            | (Expected::Text(_), Some(Value::Text(_))) => None,
            (e, a) => Some(Mismatch {
                field: name.clone(),
                expected: match e {
                    Expected::Amount(d) => num::fixed(*d, 2),
                    Expected::Bool(b) => b.to_string(),
                    Expected::Text(t) => format!("\"{t}\" (a string)"),
                },
                actual: match a {
                    None => "nothing".to_string(),
                    Some(v @ Value::Bool(_)) => format!("{} (a TOML boolean)", v.text()),
                    Some(v @ (Value::Amount(_) | Value::Number(_))) => {
                        format!("{} (a number)", v.text())
                    }
                    Some(v) => v.text(),
                },
                difference: None,
            }),
        };
        out.extend(mismatch);
    }
    out
}
