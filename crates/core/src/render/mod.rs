//! How an [`Outcome`] is written: one JSON object per line (the contract the CLI, the WASM
//! build and other tools share, byte for byte), or a readable explanation for a person. Both
//! write the recorded steps through the catalogues, in English and Danish.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::fmt::Write;

use crate::engine::Outcome;
use crate::model::expr::Node;
use crate::model::{Formula, Step};
use crate::rules::{LegalSource, RuleSetVersion};
use crate::text::format::{self, Style, canonical, say};
use crate::text::{Lang, catalogue};
use crate::values::num;
use crate::values::value::{Said, Value};

pub mod html;

/// Values in JSON: amounts and rates as strings (exact), yes/no as booleans, nothing as null.
struct JsonValue<'a>(&'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::None => s.serialize_none(),
            v => s.serialize_str(&canonical(v)),
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
    label: String,
    label_da: String,
    formula: String,
    /// The formula in Danish, with Danish numbers and dates.
    #[serde(skip_serializing_if = "String::is_empty")]
    formula_da: String,
    inputs: Ordered<'a, String>,
    value: JsonValue<'a>,
    /// What the value is, so a reader can show it (`amount` in kroner, `number`, `percent`,
    /// `flag`, `text`, `none`).
    kind: &'static str,
    rounding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounding_da: Option<String>,
    /// Where the rule set marks the rounding `derived`: why, in English and Danish.
    #[serde(skip_serializing_if = "Option::is_none")]
    rounding_derivation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounding_derivation_da: Option<&'a str>,
    legal: Vec<JsonLegal<'a>>,
}

#[derive(Serialize)]
struct JsonOutcome<'a> {
    /// The caller's identifier, when the case gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    scheme: &'a str,
    month: String,
    /// The version of the case's first (or only) part; kept for callers written before cases
    /// were computed in parts.
    rule_set: JsonRuleSet<'a>,
    /// Every version the case was computed under, in date order (one for most cases).
    rule_sets: Vec<JsonRuleSet<'a>>,
    input: Ordered<'a, &'static str>,
    result: Ordered<'a, &'static str>,
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes_da: Vec<String>,
    trace: Vec<JsonStep<'a>>,
}

/// A step written for a reader of `lang`.
pub struct Written {
    pub label: String,
    pub formula: String,
    /// The rounding, if any: how it rounds (`to øre, half_up`).
    pub rounding: Option<String>,
}

/// The label of a step: its catalogue entry, its placeholders filled from the step's values.
pub fn label(step: &Step, lang: Lang) -> String {
    let key = format!("label.{}", step.key);
    catalogue::fill(lang, step.scope, &key, &mut |name| {
        step.named(name)
            .map(|v| format::write(v, lang, Style::Prose))
    })
}

/// The term a formula writes before a labelled value (`wage 15600.00`): `scope.term.<name>`.
fn term(scope: &'static str, name: &'static str, lang: Lang) -> String {
    let key = format!("term.{name}");
    catalogue::fill(lang, scope, &key, &mut |_| None)
}

/// The formula of a step with its numbers, in `lang`.
pub fn formula(step: &Step, lang: Lang) -> String {
    match &step.formula {
        Formula::None => String::new(),
        Formula::Said(said) => sentence(said, step, lang),
        Formula::Expr { node, result } => {
            let write_term = |scope, name| term(scope, name, lang);
            let result = format::write(result, lang, Style::Formula);
            match node {
                // A value taken as it is: `max_subsidy = 19952.00`.
                Node::Leaf {
                    name,
                    scope,
                    labelled: false,
                    ..
                } => format!("{} = {result}", term(scope, name, lang)),
                Node::Round { exact, inner, .. } => format!(
                    "{} = {} → {result}",
                    inner.write(lang, &write_term),
                    format::write(&Value::Amount(*exact), lang, Style::Formula)
                ),
                node => format!("{} = {result}", node.write(lang, &write_term)),
            }
        }
    }
}

/// A step's sentence: its own values first, then the step's.
fn sentence(said: &Said, step: &Step, lang: Lang) -> String {
    catalogue::fill(lang, said.scope, &said.key, &mut |name| {
        said.arg(name)
            .or_else(|| step.named(name))
            .map(|v| format::write(v, lang, Style::Prose))
    })
}

/// How a step's rounding reads in `lang`.
fn rounding(step: &Step, lang: Lang) -> Option<String> {
    step.rounding.map(|(_, r, money)| match (lang, money) {
        (Lang::En, true) => r.to_string(),
        (Lang::En, false) => r.quantity(),
        (Lang::Da, true) => r.danish(),
        (Lang::Da, false) => r.quantity_da(),
    })
}

pub fn write_step(step: &Step, lang: Lang) -> Written {
    Written {
        label: label(step, lang),
        formula: formula(step, lang),
        rounding: rounding(step, lang),
    }
}

/// The legal sources of a step's rule in `version`.
pub fn legal<'v>(step: &Step, version: &'v RuleSetVersion) -> Vec<&'v LegalSource> {
    version.rule_sources(step.rule)
}

/// The notes of an outcome in `lang`.
pub fn notes(outcome: &Outcome, lang: Lang) -> Vec<String> {
    outcome.notes.iter().map(|n| say(n, lang)).collect()
}

fn json_rule_set(v: &RuleSetVersion) -> JsonRuleSet<'_> {
    JsonRuleSet {
        id: &v.id,
        version: &v.version,
        status: v.status.name(),
        valid_from: v.valid_from.to_string(),
        valid_to: v.valid_to.map(|d| d.to_string()),
        sha256: &v.sha256,
        overlay: v.overlay.as_deref(),
        end_unknown: v.end_unknown,
    }
}

/// The outcome as one line of JSON (no trailing newline).
pub fn to_json(outcome: &Outcome) -> String {
    let v = outcome.version;
    let result = outcome.result.fields();
    let step_inputs: Vec<Vec<(String, Value)>> = outcome
        .trace
        .iter()
        .map(|s| {
            s.inputs
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect()
        })
        .collect();
    let json = JsonOutcome {
        id: outcome.case.id.as_deref(),
        scheme: outcome.case.scheme.name,
        month: outcome.case.month.to_string(),
        rule_set: json_rule_set(v),
        rule_sets: outcome
            .parts
            .iter()
            .map(|(v, _)| json_rule_set(v))
            .collect(),
        input: Ordered(&outcome.input),
        result: Ordered(&result),
        notes: notes(outcome, Lang::En),
        notes_da: notes(outcome, Lang::Da),
        trace: outcome
            .trace
            .iter()
            .zip(&step_inputs)
            .enumerate()
            .map(|(i, (s, inputs))| {
                let (en, da) = (write_step(s, Lang::En), write_step(s, Lang::Da));
                let derived = s
                    .rounding
                    .and_then(|(name, ..)| derived_rounding(outcome.version_of_step(i), name));
                JsonStep {
                    rule: s.rule,
                    label: en.label,
                    label_da: da.label,
                    formula: en.formula,
                    formula_da: da.formula,
                    inputs: Ordered(inputs),
                    value: JsonValue(&s.value),
                    kind: s.value.kind(),
                    rounding: s
                        .rounding
                        .and_then(|(name, ..)| en.rounding.map(|r| format!("{name}: {r}"))),
                    rounding_da: da.rounding,
                    rounding_derivation: derived.and_then(|r| r.derivation.as_deref()),
                    rounding_derivation_da: derived.and_then(|r| r.derivation_da.as_deref()),
                    legal: legal(s, outcome.version_of_step(i))
                        .into_iter()
                        .map(|l| JsonLegal {
                            act: &l.act,
                            paragraph: l.paragraph.as_deref(),
                            url: &l.url,
                        })
                        .collect(),
                }
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

/// The scheme's title and what its month means, in `lang`.
pub fn title(scheme: &str, lang: Lang) -> (String, String) {
    let get = |key| catalogue::fill(lang, scheme, key, &mut |_| None);
    (get("title"), get("month_means"))
}

/// The readable explanation in English (as `beregner calc` prints it).
pub fn to_text(outcome: &Outcome) -> String {
    to_text_in(outcome, Lang::En)
}

/// A heading of the explanation (`common.report.<key>`) in `lang`, its placeholders filled.
/// A step's rounding: how, and by which named rounding. One the rule set marks `derived` (a
/// convention, or a rule whose wording for the year was not seen) says so with its derivation,
/// as a derived figure's note does.
pub(crate) fn rounding_line(lang: Lang, name: &str, how: &str, v: &RuleSetVersion) -> String {
    let derived = derived_rounding(v, name);
    let mut args = vec![("how", how.to_string()), ("name", name.to_string())];
    match derived {
        Some(r) => {
            let why = match lang {
                Lang::Da => r.derivation_da.as_ref().or(r.derivation.as_ref()),
                Lang::En => r.derivation.as_ref(),
            };
            args.push(("derivation", why.cloned().unwrap_or_default()));
            heading(lang, "rounded_derived", &args)
        }
        None => heading(lang, "rounded", &args),
    }
}

/// The version's rounding `name` where the rule set marks it `derived`.
fn derived_rounding<'v>(
    v: &'v RuleSetVersion,
    name: &str,
) -> Option<&'v crate::rules::NamedRounding> {
    v.roundings
        .get(name)
        .filter(|r| r.status == crate::rules::Status::Derived)
}

pub(crate) fn heading(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    catalogue::fill(lang, "common", &format!("report.{key}"), &mut |name| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
}

/// A date as a reader of `lang` writes it: `2024-03-01`, or `1. marts 2024`.
pub(crate) fn date_in(d: chrono::NaiveDate, lang: Lang) -> String {
    format::write(&Value::Date(d), lang, Style::Prose)
}

/// A version's status (enacted, secondary, derived, not covered) for a reader of `lang`.
pub fn status_in(status: crate::rules::Status, lang: Lang) -> String {
    heading(lang, &format!("status_{}", status.name()), &[])
}

/// A result field's name for a reader of `lang`: the scheme's name for it in Danish
/// (`<scheme>.result.<field>`); in English the field itself, as JSON and CSV write it.
pub fn result_name_in(scheme: &str, field: &str, lang: Lang) -> String {
    let key = format!("result.{field}");
    match lang {
        Lang::Da if catalogue::has(scheme, &key) => {
            catalogue::fill(lang, scheme, &key, &mut |_| None)
        }
        _ => field.to_string(),
    }
}

/// The end of a version's validity for a reader of `lang`.
pub(crate) fn valid_to_in(v: &RuleSetVersion, lang: Lang) -> String {
    match v.valid_to {
        Some(d) => date_in(d, lang),
        None if v.end_unknown => heading(lang, "end_unknown", &[]),
        None => heading(lang, "open", &[]),
    }
}

/// A value in the explanation's right-hand column: amounts the Danish way (`15.272,00 kr.`)
/// in both languages; yes/no in the reader's language; in Danish also dates, weeks, months,
/// words and quantities (`3.848`) as a Danish reader says them.
pub fn report_in(v: &Value, lang: Lang) -> String {
    match (lang, v) {
        (_, Value::Bool(_))
        | (
            Lang::Da,
            Value::Date(_)
            | Value::Week(_)
            | Value::Month(_)
            | Value::Word(_)
            | Value::Said(_)
            | Value::Measure(..),
        ) => format::write(v, lang, Style::Prose),
        _ => format::report(v),
    }
}

/// The readable explanation in `lang`: what was computed, from which rule set, step by step
/// with the formula and the paragraph of law, then the result.
pub fn to_text_in(outcome: &Outcome, lang: Lang) -> String {
    let case = &outcome.case;
    let (title, month_means) = title(case.scheme.name, lang);
    let mut out = String::new();
    let _ = writeln!(out, "{title} — {}", case.origin);
    let month = format::write(&Value::Month(case.month), lang, Style::Prose);
    let _ = writeln!(
        out,
        "{}",
        heading(lang, "month", &[("month", month), ("means", month_means)])
    );
    for (v, _) in &outcome.parts {
        let _ = writeln!(
            out,
            "{}",
            heading(
                lang,
                "rule_set",
                &[
                    ("id", v.id.clone()),
                    ("version", v.version.clone()),
                    ("status", status_in(v.status, lang)),
                    ("from", date_in(v.valid_from, lang)),
                    ("to", valid_to_in(v, lang)),
                ]
            )
        );
        let _ = writeln!(out, "          {}", v.file);
        let _ = writeln!(out, "          sha256 {}", v.sha256);
    }
    out.push('\n');
    for (i, step) in outcome.trace.iter().enumerate() {
        let v = outcome.version_of_step(i);
        let w = write_step(step, lang);
        let left = format!("{:>2}. {}", i + 1, w.label);
        line(&mut out, &left, &report_in(&step.value, lang));
        if !w.formula.is_empty() {
            let _ = writeln!(out, "      {}", w.formula);
        }
        if let (Some((name, ..)), Some(r)) = (&step.rounding, &w.rounding) {
            let rounded = rounding_line(lang, name, r, v);
            let _ = writeln!(out, "      {rounded}");
        }
        let cites: Vec<String> = legal(step, v).iter().map(|l| l.citation()).collect();
        if !cites.is_empty() {
            let refs = heading(lang, "ref", &[("refs", cites.join("; "))]);
            let _ = writeln!(out, "      {refs}");
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}", heading(lang, "result", &[]));
    for (name, value) in outcome.result.fields() {
        let name = result_name_in(case.scheme.name, name, lang);
        line(&mut out, &format!("  {name}"), &report_in(&value, lang));
    }
    let notes = notes(outcome, lang);
    if !notes.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", heading(lang, "notes", &[]));
        for n in &notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

/// `15.272,00 kr.`, for messages that speak of amounts.
pub fn kr(d: rust_decimal::Decimal) -> String {
    format!("{} kr.", num::danish(d, 2))
}
