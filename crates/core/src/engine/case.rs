//! Case files: one scheme, one period, the facts; optionally the expected result (which makes the
//! file a fixture for `beregner test`) and where the case comes from.
//!
//! ```toml
//! scheme = "fleksloentilskud"
//! month = "2024-03"
//! [input]
//! wage = "15600.00"
//! [expected]
//! subsidy = "15272.00"
//! [source]
//! url = "https://star.dk/..."
//! ```
//! JSON with the same shape is accepted too.

use rust_decimal::Decimal;

use crate::schemes::{self, SchemeSpec, fleksloentilskud};
use crate::source::diag::{Diagnostic, SourceText, did_you_mean};
use crate::source::tree::{Ctx, Kind, Node, TableReader, parse_json, parse_toml};
use crate::values::month::Month;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON for `.json` files, or text that starts with `{`; TOML otherwise.
    pub fn guess(name: &str, text: &str) -> Format {
        if name.ends_with(".json") || text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

pub use crate::schemes::CaseInput;

/// An expected value in a fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Amount(Decimal),
    Bool(bool),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseSource {
    pub title: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Case {
    /// The file (or `<stdin>`, or `row 12`) the case came from.
    pub origin: String,
    pub scheme: &'static SchemeSpec,
    pub month: Month,
    /// The date that selects the rule-set version: the first day of `month`, or the scheme's
    /// selecting input date (e.g. a hiring date).
    pub date: chrono::NaiveDate,
    pub input: CaseInput,
    /// Expected results by field, in file order.
    pub expected: Vec<(String, Expected)>,
    pub source: Option<CaseSource>,
    /// Line and column of top-level fields (`month`, `input`), for diagnostics raised later.
    pub positions: std::collections::BTreeMap<&'static str, (u32, u32)>,
}

impl Case {
    pub fn is_fixture(&self) -> bool {
        !self.expected.is_empty()
    }
}

/// Parses a case file. All problems found are returned, each naming file, field and position.
pub fn parse(src: &SourceText, format: Format) -> Result<Case, Vec<Diagnostic>> {
    let root = match format {
        Format::Toml => parse_toml(src),
        Format::Json => parse_json(src),
    }
    .map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(src);
    let case = read_case(&root, src, &mut ctx);
    match case {
        Some(case) if !ctx.has_errors() => Ok(case),
        // Never refuse a case without saying why.
        _ if !ctx.has_errors() => Err(vec![src.error(
            None,
            "",
            "the case could not be read (no further detail; please report this)",
        )]),
        _ => Err(ctx.diags),
    }
}

fn read_case(root: &Node, src: &SourceText, ctx: &mut Ctx) -> Option<Case> {
    let mut t = TableReader::new(root, "", ctx)?;
    let scheme_name: Option<String> = t.required("scheme", ctx);
    // A scheme selected by an input date (a bonus by its hiring date) needs no month.
    let selected_by = t
        .node("scheme")
        .and_then(|n| match &n.kind {
            Kind::String(s) => schemes::find(s),
            _ => None,
        })
        .and_then(|s| s.selected_by);
    let month: Option<Month> = if selected_by.is_some() && !t.has("month") {
        None
    } else {
        t.required("month", ctx)
    };
    let scheme = scheme_name.as_deref().and_then(|name| {
        let found = schemes::find(name);
        if found.is_none() {
            let span = t.node("scheme").and_then(|n| n.span.clone());
            let mut d = src.error(span, "scheme", format!("unknown scheme `{name}`"));
            d = match did_you_mean(name, schemes::names()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "known schemes: {}",
                    schemes::names().collect::<Vec<_>>().join(", ")
                )),
            };
            ctx.push(d);
        }
        found
    });

    let input = match (scheme, t.node("input")) {
        (_, None) => {
            let span = t.span().clone();
            ctx.error(
                &span,
                "input",
                "missing [input] table with the case's facts",
            );
            None
        }
        (None, Some(_)) => None,
        (Some(scheme), Some(node)) => {
            let mut it = TableReader::new(node, "input", ctx)?;
            let input = read_input(scheme, &mut it, ctx);
            it.finish(ctx);
            input
        }
    };

    let expected = match (scheme, t.node("expected")) {
        (Some(scheme), Some(node)) => read_expected(node, scheme, ctx),
        _ => Vec::new(),
    };
    let source = t.node("source").and_then(|node| {
        let mut s = TableReader::new(node, "source", ctx)?;
        let out = CaseSource {
            title: s.optional("title", ctx),
            url: s.optional("url", ctx),
            note: s.optional("note", ctx),
        };
        s.finish(ctx);
        Some(out)
    });
    // Free-text commentary a fixture author may add at the top level.
    let _: Option<String> = t.optional("description", ctx);
    let mut positions = std::collections::BTreeMap::new();
    for key in ["month", "input", "scheme"] {
        if let Some(span) = t.node(key).and_then(|n| n.span.clone()) {
            positions.insert(key, src.line_col(span.start));
        }
    }
    t.finish(ctx);

    // The selecting date: the scheme's date field, else the month's first day.
    let input = input?;
    let date = match selected_by.and_then(|field| crate::schemes::input_date(&input, field)) {
        Some(d) => d,
        None => month?.first_day(),
    };
    let month = month.unwrap_or_else(|| Month::of(date));
    Some(Case {
        origin: src.name.clone(),
        scheme: scheme?,
        month,
        date,
        input,
        expected,
        source,
        positions,
    })
}

/// Reads `[input]` through the scheme's own field checks, locating each problem at its field.
fn read_input(scheme: &SchemeSpec, t: &mut TableReader, ctx: &mut Ctx) -> Option<CaseInput> {
    let fields = input_fields(scheme);
    let mut texts: Vec<(&'static str, String)> = Vec::with_capacity(fields.len());
    for &field in fields {
        let Some(node) = t.node(field) else { continue };
        match &node.kind {
            Kind::Number(text) | Kind::String(text) => texts.push((field, text.clone())),
            other => ctx.error(
                &node.span,
                &t.field_path(field),
                format!(
                    "expected a decimal number such as 15600.00, found {}",
                    other.type_name()
                ),
            ),
        }
    }
    let get = |f: &'static str| texts.iter().find(|(k, _)| *k == f).map(|(_, v)| v.as_str());
    let result = schemes::input_from_fields(scheme, get);
    match result {
        Ok(input) => Some(input),
        Err(errors) => {
            for (field, message) in errors {
                let span = t
                    .node(field)
                    .and_then(|n| n.span.clone())
                    .or_else(|| t.span().clone());
                ctx.error(&Some(span).flatten(), &t.field_path(field), message);
            }
            None
        }
    }
}

pub use crate::schemes::{input_fields, result_fields};

fn read_expected(node: &Node, scheme: &SchemeSpec, ctx: &mut Ctx) -> Vec<(String, Expected)> {
    let Some(t) = TableReader::new(node, "expected", ctx) else {
        return Vec::new();
    };
    let fields = result_fields(scheme);
    let mut out = Vec::new();
    for e in t.entries() {
        let path = t.field_path(&e.key);
        if !fields.contains(&e.key.as_str()) {
            let mut d = ctx.src.error(
                e.key_span.clone(),
                &path,
                format!("`{}` is not a result of {}", e.key, scheme.name),
            );
            d = match did_you_mean(&e.key, fields.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("results: {}", fields.join(", "))),
            };
            ctx.push(d);
            continue;
        }
        let value = match &e.value.kind {
            Kind::Bool(b) => Some(Expected::Bool(*b)),
            Kind::String(t) if crate::values::num::parse_decimal(t).is_err() => {
                Some(Expected::Text(t.clone()))
            }
            _ => <Decimal as crate::source::tree::FromNode>::from_node(&e.value, &path, ctx)
                .map(Expected::Amount),
        };
        if let Some(v) = value {
            out.push((e.key.clone(), v));
        }
    }
    out
}

impl Case {
    /// A fleksløntilskud case built in code (tests, generated caseloads), without expectations.
    pub fn fleksloentilskud(origin: &str, month: Month, input: fleksloentilskud::Input) -> Case {
        Case {
            origin: origin.to_string(),
            scheme: &fleksloentilskud::SPEC,
            month,
            input: CaseInput::Fleksloentilskud(input),
            date: month.first_day(),
            expected: Vec::new(),
            source: None,
            positions: std::collections::BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let src = SourceText::new("case.toml", text);
        match parse(&src, Format::guess("case.toml", text)) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn a_well_formed_case_parses() {
        let text =
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"15600.00\"\n";
        assert!(errors(text).is_empty());
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = "scheme = \"fleksloentilskud\"\nmonth = \"2024-3\"\n[input]\nwage = \"-5\"\nweekly_hours = 200\nhourly_wage = \"200\"\n[expected]\nsubsidi = 1\n";
        assert_eq!(
            errors(text),
            [
                "case.toml:2:9: error: month: `2024-3` is not a month; write it as YYYY-MM, e.g. 2024-03",
                "case.toml:4:8: error: input.wage: -5 is negative; amounts and hours are ≥ 0",
                "case.toml:5:16: error: input.weekly_hours: 200 hours a week is more than the 168 hours a week has",
                "case.toml:6:15: error: input.hourly_wage: give either `wage` or `hourly_wage` and `weekly_hours`, not both",
                "case.toml:8:1: error: expected.subsidi: `subsidi` is not a result of fleksloentilskud (did you mean `subsidy`?)",
            ]
        );
    }

    #[test]
    fn json_cases_name_the_field() {
        let text =
            r#"{"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": "abc"}}"#;
        assert_eq!(
            errors(text),
            ["case.toml: error: input.wage: `abc` is not a decimal number"]
        );
        let broken = r#"{"scheme": "fleksloentilskud", "month": }"#;
        assert_eq!(
            errors(broken),
            ["case.toml:1:41: error: invalid JSON: expected value"]
        );
    }

    #[test]
    fn more_than_two_decimals_is_refused() {
        let text =
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"100.001\"\n";
        assert_eq!(
            errors(text),
            [
                "case.toml:4:8: error: input.wage: 100.001 has more than two decimals; amounts are in kroner and øre"
            ]
        );
    }
}
