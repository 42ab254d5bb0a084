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

use crate::model::{Fields, Raw};
use crate::schemes::{self, SchemeSpec, fleksloentilskud};
use crate::source::diag::{Diagnostic, SourceText, did_you_mean};
#[cfg(feature = "toml")]
use crate::source::tree::parse_toml;
use crate::source::tree::{Ctx, FromNode, Kind, Node, TableReader, parse_json};
use crate::values::month::Month;
use crate::values::value::{Said, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON for `.json` files, or text that starts with `{`; TOML otherwise.
    pub fn guess(name: &str, text: &str) -> Format {
        let text = text.trim_start_matches('\u{feff}');
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
    /// Where a fixture's expected values come from; required when the case has `[expected]`.
    pub kind: Option<FixtureKind>,
}

/// Who worked out a fixture's expected values. A fixture whose values were written by the same
/// reading as the code grades nothing, so a fixture says which it is and `coverage` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixtureKind {
    /// A published worked example (STAR, a ministry, a municipality, an a-kasse): the figure is
    /// quoted from the page in `url`.
    Published,
    /// A second reader who saw only the sources, never the code, worked the case by hand; the
    /// working is in the file.
    SecondReading,
    /// The author's own hand computation from the sources: the weakest kind.
    Author,
}

impl FixtureKind {
    pub const ALL: [FixtureKind; 3] = [Self::Published, Self::SecondReading, Self::Author];

    pub fn name(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::SecondReading => "second_reading",
            Self::Author => "author",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    /// The file (or `<stdin>`, or `row 12`) the case came from.
    pub origin: String,
    /// The caller's identifier for the case (`id`), carried through to the output unchanged.
    pub id: Option<String>,
    pub scheme: &'static SchemeSpec,
    pub month: Month,
    /// The date that selects the rule-set version: the first day of `month`, or the scheme's
    /// selecting input date (e.g. a hiring date).
    pub date: chrono::NaiveDate,
    pub input: CaseInput,
    /// The declared fields the case gave, and the defaults, as read (the JSON `input` echo);
    /// empty for batch rows, which are not explained.
    pub echo: Vec<(&'static str, Value)>,
    /// Expected results by field, in file order.
    pub expected: Vec<(String, Expected)>,
    pub source: Option<CaseSource>,
    /// Line and column of fields (`month`, `input`, `input.wage`), for diagnostics raised later.
    pub positions: std::collections::BTreeMap<String, (u32, u32)>,
}

impl Case {
    pub fn is_fixture(&self) -> bool {
        !self.expected.is_empty()
    }
}

/// Parses a case file. All problems found are returned, each naming file, field and position.
pub fn parse(src: &SourceText, format: Format) -> Result<Case, Vec<Diagnostic>> {
    parse_unsettled(src, format).map_err(crate::text::diag::settled)
}

fn parse_unsettled(src: &SourceText, format: Format) -> Result<Case, Vec<Diagnostic>> {
    let root = match format {
        #[cfg(feature = "toml")]
        Format::Toml => parse_toml(src),
        // The page's build reads no TOML: its cases come from its form, as JSON. A blank text
        // is an empty case, as the TOML reader reads it (so its missing fields are named).
        #[cfg(not(feature = "toml"))]
        Format::Toml if src.text.trim().is_empty() => Ok(Node {
            kind: Kind::Table(Vec::new()),
            span: Some(0..src.text.len()),
        }),
        #[cfg(not(feature = "toml"))]
        Format::Toml => Err(src.error(
            None,
            "",
            "this build reads cases as JSON only (an object: {\"scheme\": …, \"input\": {…}})",
        )),
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
    // As for dates in the input: a month in year 0 or 9999 is a typing error.
    if let Some(m) = month
        && let Err(said) = crate::model::inputs::in_case_years(m.year(), || {
            crate::values::value::Value::Text(m.to_string())
        })
    {
        let span = t.node("month").and_then(|n| n.span.clone());
        let d = ctx.src.error_said(span, "month", said);
        ctx.push(d);
    }
    let scheme = scheme_name.as_deref().and_then(|name| {
        let found = schemes::find(name);
        if found.is_none() {
            let span = t.node("scheme").and_then(|n| n.span.clone());
            let text = |t: &str| Value::Text(t.to_string());
            let mut d = src.error_said(
                span,
                "scheme",
                Said::common("case.unknown_scheme").with("name", text(name)),
            );
            d = match did_you_mean(name, schemes::names()) {
                Some(s) => d.help_said(Said::common("help.did_you_mean").with("name", text(s))),
                None => d.help_said(Said::common("help.known_schemes").with(
                    "names",
                    text(&schemes::names().collect::<Vec<_>>().join(", ")),
                )),
            };
            ctx.push(d);
        }
        found
    });

    let mut positions = std::collections::BTreeMap::new();
    let input = match (scheme, t.node("input")) {
        (_, None) => {
            let span = t.span().clone();
            ctx.error_said(&span, "input", Said::common("case.missing_input"));
            None
        }
        (None, Some(_)) => None,
        (Some(scheme), Some(node)) => {
            let mut it = TableReader::new(node, "input", ctx)?;
            for e in it.entries() {
                if let Some(span) = &e.key_span {
                    positions.insert(format!("input.{}", e.key), src.line_col(span.start));
                }
            }
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
        let kind = s.node("kind").and_then(|n| {
            let text: Option<String> = FromNode::from_node(n, "source.kind", ctx);
            let kind = text.as_deref().and_then(FixtureKind::parse);
            if text.is_some() && kind.is_none() {
                ctx.error(
                    &n.span,
                    "source.kind",
                    "expected \"published\", \"second_reading\" or \"author\"",
                );
            }
            kind
        });
        let out = CaseSource {
            title: s.optional("title", ctx),
            url: s.optional("url", ctx),
            note: s.optional("note", ctx),
            kind,
        };
        s.finish(ctx);
        Some(out)
    });
    let id = t.node("id").and_then(|n| match &n.kind {
        Kind::String(s) | Kind::Number(s) => Some(s.clone()),
        other => {
            ctx.error(
                &n.span,
                "id",
                format!(
                    "expected the case's identifier as a string or a number, found {}",
                    other.type_name()
                ),
            );
            None
        }
    });
    // Free-text commentary a fixture author may add at the top level.
    let _: Option<String> = t.optional("description", ctx);
    for key in ["month", "input", "scheme"] {
        if let Some(span) = t.node(key).and_then(|n| n.span.clone()) {
            positions.insert(key.to_string(), src.line_col(span.start));
        }
    }
    t.finish(ctx);

    // The selecting date: the scheme's date field, else the month's first day.
    let (input, echo) = input?;
    let date = match selected_by.and_then(|_| input.selecting_date()) {
        Some(d) => d,
        None => month?.first_day(),
    };
    let month = month.unwrap_or_else(|| Month::of(date));
    Some(Case {
        origin: src.name.clone(),
        id,
        scheme: scheme?,
        month,
        date,
        input,
        echo,
        expected,
        source,
        positions,
    })
}

/// Reads `[input]` through the scheme's declared fields and its own checks, locating each
/// problem at its field. Returns the input and its echo.
fn read_input(
    scheme: &'static SchemeSpec,
    t: &mut TableReader,
    ctx: &mut Ctx,
) -> Option<(CaseInput, Vec<(&'static str, Value)>)> {
    let mut nodes: Vec<(&'static str, &Node)> = Vec::with_capacity(scheme.inputs.len());
    for spec in scheme.inputs {
        if let Some(node) = t.node(spec.name) {
            nodes.push((spec.name, node));
        }
    }
    let get = |name: &'static str| {
        nodes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, node)| match &node.kind {
                Kind::Number(text) | Kind::String(text) => Raw::Text(text.as_str()),
                Kind::Bool(b) => Raw::Bool(*b),
                other => Raw::Other(other.type_key()),
            })
    };
    let mut fields = Fields::read(scheme.name, scheme.inputs, get);
    let input = CaseInput::read(scheme, &mut fields);
    if fields.has_errors() {
        for e in &fields.errors {
            let span = t
                .node(e.field)
                .and_then(|n| n.span.clone())
                .or_else(|| t.span().clone());
            ctx.error_said(
                &Some(span).flatten(),
                &t.field_path(e.field),
                e.said.clone(),
            );
        }
        return None;
    }
    let echo = fields.echo();
    input.map(|i| (i, echo))
}

/// The input fields of a scheme (case files' `[input]`, batch columns).
pub fn input_fields(scheme: &SchemeSpec) -> impl Iterator<Item = &'static str> + '_ {
    scheme.inputs.iter().map(|i| i.name)
}

/// The result fields of a scheme, in their documented order.
pub fn result_fields(scheme: &SchemeSpec) -> impl Iterator<Item = &'static str> + '_ {
    scheme.results.iter().map(|r| r.name)
}

fn read_expected(node: &Node, scheme: &SchemeSpec, ctx: &mut Ctx) -> Vec<(String, Expected)> {
    let Some(t) = TableReader::new(node, "expected", ctx) else {
        return Vec::new();
    };
    let fields: Vec<&'static str> = result_fields(scheme).collect();
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
            id: None,
            scheme: &<fleksloentilskud::Fleksloentilskud as crate::model::Scheme>::SPEC,
            month,
            input: CaseInput::Fleksloentilskud(input),
            echo: Vec::new(),
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
                "case.toml:4:8: error: input.wage: -5 is negative; the monthly wage (incl. both pension contributions) cannot be negative",
                "case.toml:5:16: error: input.weekly_hours: 200 is more than 168, the most the weekly hours can be",
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
            ["case.toml:1:70: error: input.wage: `abc` is not a decimal number"]
        );
        let broken = r#"{"scheme": "fleksloentilskud", "month": }"#;
        assert_eq!(
            errors(broken),
            ["case.toml:1:41: error: invalid JSON: expected value"]
        );
    }

    /// A JSON case's field errors name line and column as a TOML case's do, on a case
    /// system's pretty-printed export and on a minified one.
    #[test]
    fn json_field_errors_have_their_line_and_column() {
        let text = "{\n  \"scheme\": \"fleksloentilskud\",\n  \"month\": \"2024-3\",\n  \"input\": {\n    \"wage\": \"-5\",\n    \"weekly_hours\": 200,\n    \"hourly_wage\": \"200\",\n    \"colour\": 1\n  },\n  \"expected\": {\"subsidi\": 1}\n}\n";
        assert_eq!(
            errors(text),
            [
                "case.toml:3:12: error: month: `2024-3` is not a month; write it as YYYY-MM, e.g. 2024-03",
                "case.toml:5:13: error: input.wage: -5 is negative; the monthly wage (incl. both pension contributions) cannot be negative",
                "case.toml:6:21: error: input.weekly_hours: 200 is more than 168, the most the weekly hours can be",
                "case.toml:7:20: error: input.hourly_wage: give either `wage` or `hourly_wage` and `weekly_hours`, not both",
                "case.toml:8:5: error: input.colour: unknown field (expected one of: barselsdagpenge, full_time_wage, holiday_pay, hourly_wage, other_income, ressourceforloebsydelse, self_employment_income, sygedagpenge, wage, weekly_hours)",
                "case.toml:10:16: error: expected.subsidi: `subsidi` is not a result of fleksloentilskud (did you mean `subsidy`?)",
            ]
        );
    }

    /// A key given twice in JSON is refused, as TOML refuses it, instead of the last one
    /// silently winning.
    #[test]
    fn a_json_key_given_twice_is_refused() {
        let text = r#"{"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": "15600", "wage": "1"}}"#;
        assert_eq!(
            errors(text),
            [
                "case.toml:1:79: error: input.wage: duplicate key `wage`: a key may be given once (first given at 1:62)"
            ]
        );
        let toml = "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"15600\"\nwage = \"1\"\n";
        assert_eq!(errors(toml).len(), 1, "TOML refuses it too");
    }

    #[test]
    fn more_than_two_decimals_is_refused() {
        let text =
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"100.0055\"\n";
        assert_eq!(
            errors(text),
            [
                "case.toml:4:8: error: input.wage: 100.0055 has more than two decimals; amounts are in kroner and øre"
            ]
        );
    }

    #[test]
    fn an_amount_a_danish_reader_reads_otherwise_is_refused_with_both_readings() {
        let case = |wage: &str| {
            format!("scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = {wage}\n")
        };
        assert_eq!(
            errors(&case("\"15.600\"")),
            [
                "case.toml:4:8: error: input.wage: `15.600` is ambiguous: in a file it reads 15,60 kr., a Danish reader reads 15.600,00 kr.; write 15.60 for the first or 15600 for the second"
            ]
        );
        // A TOML number is read the same way as the text.
        assert_eq!(errors(&case("15.600")), errors(&case("\"15.600\"")));
        assert_eq!(
            errors(&case("\"1.234,56\"")),
            [
                "case.toml:4:8: error: input.wage: `1.234,56` is written the Danish way (1.234,56 kr.); in a file write 1234.56, with a decimal point and no thousands separator"
            ]
        );
        assert!(errors(&case("\"15.60\"")).is_empty());
    }
}
