//! How an [`Outcome`] is written: one JSON object per line (the contract the CLI, the WASM
//! build and other tools share, byte for byte), or a readable explanation for a person.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::fmt::Write;

use crate::engine::Outcome;
use crate::model::trace::{Step, Value};
use crate::values::num;

/// Values in JSON: amounts and rates as strings (exact), yes/no as booleans, nothing as null.
struct JsonValue<'a>(&'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::None => s.serialize_none(),
            v => s.serialize_str(&v.text()),
        }
    }
}

/// Named values as a JSON object, in the given order.
struct Ordered<'a, K: AsRef<str>>(&'a [(K, Value)]);

impl<K: AsRef<str>> Serialize for Ordered<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k.as_ref(), &JsonValue(v))?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct JsonRuleSet<'a> {
    id: &'a str,
    version: &'a str,
    status: &'a str,
    valid_from: String,
    valid_to: Option<String>,
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    overlay: Option<&'a str>,
    /// The scheme has ended on a date that was not found (only written when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    end_unknown: bool,
}

#[derive(Serialize)]
struct JsonLegal<'a> {
    act: &'a str,
    paragraph: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    rule: &'a str,
    label: &'a str,
    label_da: &'a str,
    formula: &'a str,
    /// The formula in Danish, where it is written (see `Step::formula_da`).
    #[serde(skip_serializing_if = "str::is_empty")]
    formula_da: &'a str,
    inputs: Ordered<'a, String>,
    value: JsonValue<'a>,
    /// What the value is, so a reader can show it (`amount` in kroner, `number`, `percent`,
    /// `flag`, `text`, `none`).
    kind: &'static str,
    rounding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounding_da: Option<String>,
    legal: Vec<JsonLegal<'a>>,
}

#[derive(Serialize)]
struct JsonOutcome<'a> {
    scheme: &'a str,
    month: String,
    rule_set: JsonRuleSet<'a>,
    input: Ordered<'a, &'static str>,
    result: Ordered<'a, &'static str>,
    notes: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes_da: &'a [String],
    trace: Vec<JsonStep<'a>>,
}

fn step_inputs(step: &Step) -> Vec<(String, Value)> {
    step.inputs
        .iter()
        .map(|i| (i.name.clone(), i.value.clone()))
        .collect()
}

/// The outcome as one line of JSON (no trailing newline).
pub fn to_json(outcome: &Outcome) -> String {
    let v = outcome.version;
    let inputs = outcome.result.inputs();
    let result = outcome.result.fields();
    let step_inputs: Vec<Vec<(String, Value)>> = outcome.trace.iter().map(step_inputs).collect();
    let json = JsonOutcome {
        scheme: outcome.case.scheme.name,
        month: outcome.case.month.to_string(),
        rule_set: JsonRuleSet {
            id: &v.id,
            version: &v.version,
            status: v.status.name(),
            valid_from: v.valid_from.to_string(),
            valid_to: v.valid_to.map(|d| d.to_string()),
            sha256: &v.sha256,
            overlay: v.overlay.as_deref(),
            end_unknown: v.end_unknown,
        },
        input: Ordered(&inputs),
        result: Ordered(&result),
        notes: &outcome.notes,
        notes_da: &outcome.notes_da,
        trace: outcome
            .trace
            .iter()
            .zip(&step_inputs)
            .map(|(s, inputs)| JsonStep {
                rule: s.rule,
                label: &s.label,
                label_da: &s.label_da,
                formula: &s.formula,
                formula_da: &s.formula_da,
                inputs: Ordered(inputs),
                value: JsonValue(&s.value),
                kind: s.value.kind(),
                rounding: s.rounding.as_ref().map(|(name, r)| format!("{name}: {r}")),
                rounding_da: s.rounding_da.clone(),
                legal: s
                    .legal
                    .iter()
                    .map(|l| JsonLegal {
                        act: &l.act,
                        paragraph: l.paragraph.as_deref(),
                        url: &l.url,
                    })
                    .collect(),
            })
            .collect(),
    };
    // Serialising plain structs, strings and booleans cannot fail.
    serde_json::to_string(&json).unwrap_or_default()
}

const WIDTH: usize = 78;

fn line(out: &mut String, left: &str, right: &str) {
    let pad = WIDTH
        .saturating_sub(left.chars().count() + right.chars().count())
        .max(2);
    let _ = writeln!(out, "{left}{}{right}", " ".repeat(pad));
}

/// The readable explanation: what was computed, from which rule set, step by step with the
/// formula and the paragraph of law, then the result.
pub fn to_text(outcome: &Outcome) -> String {
    let v = outcome.version;
    let case = &outcome.case;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", case.scheme.title, case.origin);
    let _ = writeln!(out, "Month: {} ({})", case.month, case.scheme.month_means);
    let _ = writeln!(
        out,
        "Rule set: {} {} ({}), valid {} to {}",
        v.id,
        v.version,
        v.status.name(),
        v.valid_from,
        v.valid_to_label()
    );
    let _ = writeln!(out, "          {}", v.file);
    let _ = writeln!(out, "          sha256 {}", v.sha256);
    out.push('\n');
    for (i, step) in outcome.trace.iter().enumerate() {
        let left = format!("{:>2}. {}", i + 1, step.label);
        line(&mut out, &left, &step.value.danish());
        if !step.formula.is_empty() {
            let _ = writeln!(out, "      {}", step.formula);
        }
        if let Some((name, r)) = &step.rounding {
            let _ = writeln!(out, "      rounded {r} (rounding.{name})");
        }
        if !step.legal.is_empty() {
            let cites: Vec<String> = step.legal.iter().map(|l| l.citation()).collect();
            let _ = writeln!(out, "      ref: {}", cites.join("; "));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "Result");
    for (name, value) in outcome.result.fields() {
        line(&mut out, &format!("  {name}"), &value.danish());
    }
    if !outcome.notes.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "Notes");
        for n in &outcome.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

/// `15.272,00 kr.`, for messages that speak of amounts.
pub fn kr(d: rust_decimal::Decimal) -> String {
    format!("{} kr.", num::danish(d, 2))
}
