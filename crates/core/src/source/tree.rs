//! A small document tree that TOML and JSON both become, with the byte span of every key and
//! value, and a [`TableReader`] that reads typed fields and reports every problem as a
//! [`Diagnostic`]: missing field, wrong type, unknown key (with "did you mean").
//!
//! Numbers keep their source text, so `0.30` becomes an exact decimal, never a float.

use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
#[cfg(feature = "toml")]
use toml::de::{DeTable, DeValue};

use crate::source::diag::{Diagnostic, SourceText, did_you_mean};
use crate::values::month::Month;
use crate::values::value::{Said, Value};

pub type Span = Option<Range<usize>>;

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Kind {
    String(String),
    /// A number as written (`19952`, `0.30`, `1_000`), whole or not.
    Number(String),
    Bool(bool),
    /// A TOML date or datetime as written.
    Date(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
    Null,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Kind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) => "a string",
            Kind::Number(_) => "a number",
            Kind::Bool(_) => "a boolean",
            Kind::Date(_) => "a date",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
            Kind::Null => "null",
        }
    }

    /// The catalogue's name for this kind (`common.kind.*`), for messages in either language.
    pub fn type_said(&self) -> Value {
        Value::said(Said::common(self.type_key()))
    }

    /// The catalogue key of this kind's name (`kind.array`).
    pub fn type_key(&self) -> &'static str {
        match self {
            Kind::String(_) => "kind.string",
            Kind::Number(_) => "kind.number",
            Kind::Bool(_) => "kind.boolean",
            Kind::Date(_) => "kind.date",
            Kind::Array(_) => "kind.array",
            Kind::Table(_) => "kind.table",
            Kind::Null => "kind.null",
        }
    }
}

fn expected<T: FromNode>() -> Value {
    Value::said(Said::common(T::EXPECTED))
}

/// Parses TOML into a tree (not in a build without the `toml` feature); a syntax error becomes a diagnostic with line and column.
#[cfg(feature = "toml")]
pub fn parse_toml(src: &SourceText) -> Result<Node, Diagnostic> {
    match DeTable::parse(&src.text) {
        Ok(table) => {
            let span = Some(table.span());
            Ok(Node {
                kind: Kind::Table(toml_table(table.into_inner())),
                span,
            })
        }
        Err(e) => {
            let message = e.message().trim().replace('\n', "; ");
            // English written here too (not every reader settles sentences); Danish when shown.
            let english = format!("invalid TOML: {message}");
            let said = Said::common("case.invalid_toml").with("message", Value::Text(message));
            Err(src.error(e.span(), "", english).said(said))
        }
    }
}

#[cfg(feature = "toml")]
fn toml_table(table: DeTable<'_>) -> Vec<Entry> {
    table
        .into_iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: Some(k.span()),
            value: toml_node(v.span(), v.into_inner()),
        })
        .collect()
}

#[cfg(feature = "toml")]
fn toml_node(span: Range<usize>, value: DeValue<'_>) -> Node {
    let kind = match value {
        DeValue::String(s) => Kind::String(s.into_owned()),
        DeValue::Integer(i) if i.radix() == 10 => Kind::Number(i.as_str().replace('_', "")),
        // 0x/0o/0b literals mean what TOML says they mean (`0x10` is 16): the value in decimal
        // digits (the parser gives the digits without their prefix).
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Kind::Number(n.to_string()),
                Err(_) => Kind::String(digits),
            }
        }
        DeValue::Float(f) => Kind::Number(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(d) => Kind::Date(d.to_string()),
        DeValue::Array(a) => Kind::Array(
            a.into_iter()
                .map(|v| {
                    let span = v.span();
                    toml_node(span, v.into_inner())
                })
                .collect(),
        ),
        DeValue::Table(t) => Kind::Table(toml_table(t)),
    };
    Node {
        kind,
        span: Some(span),
    }
}

/// Parses JSON into a tree with positions, as TOML's (see [`super::json`]): field errors name
/// their line and column, and a key given twice is refused.
pub fn parse_json(src: &SourceText) -> Result<Node, Diagnostic> {
    super::json::parse(src)
}

/// Where diagnostics go while a document is read.
pub struct Ctx<'s> {
    pub src: &'s SourceText,
    pub diags: Vec<Diagnostic>,
}

impl<'s> Ctx<'s> {
    pub fn new(src: &'s SourceText) -> Self {
        Self {
            src,
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, span: &Span, field: &str, message: impl Into<String>) {
        let d = self.src.error(span.clone(), field, message);
        self.diags.push(d);
    }

    /// An error whose reason is a catalogue sentence (shown in the reader's language).
    pub fn error_said(&mut self, span: &Span, field: &str, said: Said) {
        let d = self.src.error_said(span.clone(), field, said);
        self.diags.push(d);
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads the fields of one table. Every key asked for is remembered, so [`TableReader::finish`]
/// can report the keys nobody asked for, with the closest known key as a suggestion.
pub struct TableReader<'n> {
    entries: &'n [Entry],
    span: Span,
    path: String,
    known: Vec<&'static str>,
}

impl<'n> TableReader<'n> {
    /// A reader over `node`, which must be a table (else a diagnostic and `None`).
    pub fn new(node: &'n Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        match &node.kind {
            Kind::Table(entries) => Some(Self {
                entries,
                span: node.span.clone(),
                path: path.to_string(),
                known: Vec::new(),
            }),
            other => {
                ctx.error_said(
                    &node.span,
                    path,
                    Said::common("case.wrong_type")
                        .with("expected", Value::said(Said::common("expected.table")))
                        .with("found", other.type_said()),
                );
                None
            }
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn span(&self) -> &Span {
        &self.span
    }

    pub fn field_path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The raw node under `key`, marking the key as known.
    pub fn node(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
            .filter(|n| !matches!(n.kind, Kind::Null))
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.key == key && !matches!(e.value.kind, Kind::Null))
    }

    /// A required field: a diagnostic when it is missing or of the wrong type.
    pub fn required<T: FromNode>(&mut self, key: &'static str, ctx: &mut Ctx) -> Option<T> {
        match self.node(key) {
            Some(node) => T::from_node(node, &join(&self.path, key), ctx),
            None => {
                ctx.error_said(
                    &self.span,
                    &join(&self.path, key),
                    Said::common("case.missing_field_expected").with("expected", expected::<T>()),
                );
                None
            }
        }
    }

    /// An optional field: `None` when absent; a diagnostic (and `None`) when of the wrong type.
    pub fn optional<T: FromNode>(&mut self, key: &'static str, ctx: &mut Ctx) -> Option<T> {
        let node = self.node(key)?;
        T::from_node(node, &join(&self.path, key), ctx)
    }

    /// The entries of this table that are themselves named sub-tables (`[parameters.x]`).
    pub fn entries(&self) -> &'n [Entry] {
        self.entries
    }

    /// Reports every key that no `required`/`optional`/`node` call asked for.
    pub fn finish(self, ctx: &mut Ctx) {
        for e in self.entries {
            if self.known.contains(&e.key.as_str()) {
                continue;
            }
            let span = e.key_span.clone().or_else(|| e.value.span.clone());
            let mut d = ctx.src.error_said(
                span,
                join(&self.path, &e.key),
                Said::common("case.unknown_field"),
            );
            d = match did_you_mean(&e.key, self.known.iter().copied()) {
                Some(s) => d.help_said(
                    Said::common("help.did_you_mean").with("name", Value::Text(s.into())),
                ),
                None => {
                    let mut known: Vec<&str> = self.known.clone();
                    known.sort_unstable();
                    known.dedup();
                    d.help_said(
                        Said::common("help.expected_one_of")
                            .with("names", Value::Text(known.join(", "))),
                    )
                }
            };
            ctx.push(d);
        }
    }
}

/// A typed value read from a node; on failure it records why and returns `None`.
pub trait FromNode: Sized {
    /// What the field holds: a catalogue key (`expected.*` in `common`).
    const EXPECTED: &'static str;
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self>;
}

fn wrong_type<T: FromNode>(node: &Node, path: &str, ctx: &mut Ctx) -> Option<T> {
    ctx.error_said(
        &node.span,
        path,
        Said::common("case.wrong_type")
            .with("expected", expected::<T>())
            .with("found", node.kind.type_said()),
    );
    None
}

impl FromNode for String {
    const EXPECTED: &'static str = "expected.string";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        match &node.kind {
            Kind::String(s) => Some(s.clone()),
            _ => wrong_type(node, path, ctx),
        }
    }
}

impl FromNode for bool {
    const EXPECTED: &'static str = "expected.flag";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        match &node.kind {
            Kind::Bool(b) => Some(*b),
            _ => wrong_type(node, path, ctx),
        }
    }
}

/// One string or a list of strings (`sources = "a"` or `sources = ["a", "b"]`).
impl FromNode for Vec<String> {
    const EXPECTED: &'static str = "expected.strings";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        match &node.kind {
            Kind::String(s) => Some(vec![s.clone()]),
            Kind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(String::from_node(item, &format!("{path}[{i}]"), ctx)?);
                }
                Some(out)
            }
            _ => wrong_type(node, path, ctx),
        }
    }
}

impl FromNode for Decimal {
    const EXPECTED: &'static str = "expected.decimal";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        let text = match &node.kind {
            Kind::Number(t) | Kind::String(t) => t,
            _ => return wrong_type(node, path, ctx),
        };
        match crate::values::num::parse_decimal(text) {
            Ok(d) => Some(d),
            Err(reason) => {
                ctx.error(&node.span, path, reason);
                None
            }
        }
    }
}

impl FromNode for NaiveDate {
    const EXPECTED: &'static str = "expected.date";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        let text = match &node.kind {
            Kind::Date(t) | Kind::String(t) => t,
            _ => return wrong_type(node, path, ctx),
        };
        match crate::values::month::parse_date(text) {
            Some(d) => Some(d),
            None => {
                ctx.error_said(
                    &node.span,
                    path,
                    Said::common("case.not_a_date").with("text", Value::Text(text.clone())),
                );
                None
            }
        }
    }
}

impl FromNode for Month {
    const EXPECTED: &'static str = "expected.month";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        let text = match &node.kind {
            Kind::String(t) | Kind::Date(t) => t,
            _ => return wrong_type(node, path, ctx),
        };
        match Month::from_str(text) {
            Ok(m) => Some(m),
            Err(_) => {
                ctx.error_said(
                    &node.span,
                    path,
                    Said::common("input.not_a_month").with("text", Value::Text(text.clone())),
                );
                None
            }
        }
    }
}

impl FromNode for u32 {
    const EXPECTED: &'static str = "expected.whole";
    fn from_node(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Self> {
        match &node.kind {
            Kind::Number(t) => match t.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    ctx.error_said(
                        &node.span,
                        path,
                        Said::common("case.not_whole").with("text", Value::Text(t.clone())),
                    );
                    None
                }
            },
            _ => wrong_type(node, path, ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Ctx<'static>, Node) {
        let src: &'static SourceText = Box::leak(Box::new(SourceText::new("t.toml", text)));
        let node = parse_toml(src).unwrap();
        (Ctx::new(src), node)
    }

    #[test]
    fn toml_floats_keep_their_digits() {
        let (mut ctx, node) = read("rate = 0.30\nbig = 1_000.10\n");
        let mut t = TableReader::new(&node, "", &mut ctx).unwrap();
        let rate: Decimal = t.required("rate", &mut ctx).unwrap();
        let big: Decimal = t.required("big", &mut ctx).unwrap();
        assert_eq!(rate.to_string(), "0.30");
        assert_eq!(big.to_string(), "1000.10");
        t.finish(&mut ctx);
        assert!(ctx.diags.is_empty());
    }

    #[test]
    fn unknown_key_is_located_and_gets_a_suggestion() {
        let (mut ctx, node) = read("value = \"1\"\nuint = \"kr\"\n");
        let mut t = TableReader::new(&node, "parameters.x", &mut ctx).unwrap();
        let _: Option<Decimal> = t.required("value", &mut ctx);
        let _: Option<String> = t.required("unit", &mut ctx);
        t.finish(&mut ctx);
        let diags = crate::text::diag::settled(ctx.diags);
        let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "t.toml:1:1: error: parameters.x.unit: missing required field (expected a string)",
                "t.toml:2:1: error: parameters.x.uint: unknown field (did you mean `unit`?)",
            ]
        );
    }

    #[test]
    fn wrong_type_names_both_types() {
        let (mut ctx, node) = read("valid_from = 2024\n");
        let mut t = TableReader::new(&node, "", &mut ctx).unwrap();
        let _: Option<NaiveDate> = t.required("valid_from", &mut ctx);
        let diags = crate::text::diag::settled(ctx.diags);
        assert_eq!(
            diags[0].to_string(),
            "t.toml:1:14: error: valid_from: expected a date such as 2024-01-01, found a number"
        );
    }
}
