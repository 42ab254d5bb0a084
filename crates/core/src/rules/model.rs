//! The validated form of one rule-set version, and how it is read from TOML.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::spec::{Compiled, SchemeSpec, Unit};
use crate::values::rounding::Rounding;
use crate::values::value::Value;
#[cfg(feature = "toml")]
use crate::{
    source::diag::did_you_mean,
    source::tree::{Ctx, Node, Span, TableReader},
    values::rounding::RoundingMode,
};

/// How firmly a value rests on its source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Status {
    /// The value is printed in the law or an official publication cited.
    Enacted,
    /// An official figure as quoted by a municipality, union, employer body or another
    /// calculator (`quoted_by` says who and where), not read on the official page itself;
    /// replace it when the official page is found.
    Secondary,
    /// The value is computed from sourced inputs (the derivation says how); replace it when an
    /// official figure is found.
    Derived,
    /// The version holds no values: no source was found for its period. Its `notes` say what
    /// is missing, and a case in the period is refused with them.
    NotCovered,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Enacted => "enacted",
            Status::Secondary => "secondary",
            Status::Derived => "derived",
            Status::NotCovered => "not_covered",
        }
    }
}

/// A legal instrument or publication, cited by parameters and rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LegalSource {
    pub key: String,
    /// The instrument or publication (`LAB, lov nr. 548 af 7/5/2019`, `bm.dk: Satser for 2024`).
    pub act: String,
    /// Paragraph, stk., nr. (`§ 123, stk. 2`); absent for a publication of a figure.
    pub paragraph: Option<String>,
    pub url: String,
    /// A caveat about the source (e.g. a paragraph whose stk. is not verified).
    pub note: Option<String>,
}

impl LegalSource {
    /// `LAB (lov nr. 548 af 7/5/2019) § 123, stk. 2`.
    /// A `paragraph` that names another act (`BEK om supplerende dagpenge`, `L 37 (2017-18)`,
    /// the basis of a secondary page) follows after a comma, so the two do not read as one name.
    pub fn citation(&self) -> String {
        const OF_THE_ACT: [&str; 6] = ["§", "art.", "om ", "kapitel", "stk.", "nr."];
        match &self.paragraph {
            Some(p) if OF_THE_ACT.iter().any(|w| p.starts_with(w)) => format!("{} {p}", self.act),
            Some(p) => format!("{}, {p}", self.act),
            None => self.act.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(with = "super::compact::decimal")]
    pub value: Decimal,
    /// The value as a person reads it: `2/3`, `2002-04-01`, `19952`.
    pub display: String,
    pub unit: Unit,
    pub status: Status,
    pub derivation: Option<String>,
    /// Who quoted a `secondary` value, and where (required for that status).
    pub quoted_by: Option<String>,
    /// The derivation and the quotation in Danish (`derivation_da`, `quoted_by_da`), which a
    /// Danish result shows instead of the English.
    pub derivation_da: Option<String>,
    pub quoted_by_da: Option<String>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NamedRounding {
    pub name: String,
    pub rounding: Rounding,
    pub status: Status,
    pub derivation: Option<String>,
    /// Who quoted a `secondary` rounding, and where (required for that status).
    pub quoted_by: Option<String>,
    /// The derivation in Danish (`derivation_da`).
    pub derivation_da: Option<String>,
    pub sources: Vec<String>,
}

/// The legal basis of one formula step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleRef {
    pub name: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// One version of one rule set, as loaded and validated.
#[derive(Debug, Clone)]
pub struct RuleSetVersion {
    pub id: String,
    pub family: String,
    pub version: String,
    pub title: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub status: Status,
    pub notes: Option<String>,
    /// `notes` in Danish, for a Danish reader of a refusal or note that quotes them.
    pub notes_da: Option<String>,
    pub sources: BTreeMap<String, LegalSource>,
    pub parameters: BTreeMap<String, Parameter>,
    pub roundings: BTreeMap<String, NamedRounding>,
    pub rules: BTreeMap<String, RuleRef>,
    /// The file as the user knows it (a path, or `bundled:fleksjob/...`).
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    pub scheme: &'static SchemeSpec,
    /// The parameters in the form the scheme computes with (set when the version is valid).
    pub compiled: Option<Compiled>,
    /// The title of the reform overlay that changed this version, if one did.
    pub overlay: Option<String>,
    /// The scheme ended on a date not found: the version has no `valid_to`, and every result
    /// says so.
    pub end_unknown: bool,
}

impl RuleSetVersion {
    /// The version's notes as a value of a sentence: in Danish where the rule set gives
    /// `notes_da`, else the English marked as English for a Danish reader.
    pub fn notes_value(&self) -> Option<Value> {
        let en = self.notes.as_deref()?.trim().to_string();
        let da = match &self.notes_da {
            Some(da) => da.trim().to_string(),
            None => format!("(på engelsk) {en}"),
        };
        Some(Value::Translated(Box::new([en, da])))
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The end of validity as listings show it: a date, "(open)", or "(end unknown)".
    pub fn valid_to_label(&self) -> String {
        match self.valid_to {
            Some(d) => d.to_string(),
            None if self.end_unknown => "(end unknown)".to_string(),
            None => "(open)".to_string(),
        }
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.get(name)
    }

    /// A whole-number parameter (months, weeks, days), or the error when it is missing.
    pub fn whole(&self, name: &str) -> Result<u32, String> {
        self.value(name)
            .map(|d| u32::try_from(d.trunc().mantissa()).unwrap_or(0))
    }

    /// A date parameter, if the version defines it.
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.parameter(name)
            .and_then(|p| super::spec::Unit::value_date(p.value))
    }

    /// A parameter's value, or the error a scheme's compiler reports when it is missing.
    pub fn value(&self, name: &str) -> Result<rust_decimal::Decimal, String> {
        self.parameter(name)
            .map(|p| p.value)
            .ok_or_else(|| format!("parameter `{name}`"))
    }

    pub fn rounding(&self, name: &str) -> Option<Rounding> {
        self.roundings.get(name).map(|r| r.rounding)
    }

    /// The sources of a rule (formula step), resolved.
    pub fn rule_sources(&self, rule: &str) -> Vec<&LegalSource> {
        self.rules
            .get(rule)
            .map(|r| self.resolve(&r.sources))
            .unwrap_or_default()
    }

    pub fn resolve(&self, keys: &[String]) -> Vec<&LegalSource> {
        keys.iter().filter_map(|k| self.sources.get(k)).collect()
    }
}

/// Reads one version; every problem goes to `ctx`. `None` when the file is too broken to use.
#[cfg(feature = "toml")]
pub(super) fn read_version(
    root: &Node,
    file: &str,
    sha256: String,
    specs: &'static [&'static SchemeSpec],
    shared: &super::shared::SharedBook,
    ctx: &mut Ctx,
) -> Option<RuleSetVersion> {
    let find = |name: &str| specs.iter().copied().find(|s| s.name == name);
    let names = || specs.iter().map(|s| s.name);
    let mut t = TableReader::new(root, "", ctx)?;
    let id: Option<String> = t.required("rule_set", ctx);
    let family: Option<String> = t.required("family", ctx);
    let version: Option<String> = t.required("version", ctx);
    let title: Option<String> = t.optional("title", ctx);
    let valid_from: Option<NaiveDate> = t.required("valid_from", ctx);
    let valid_to: Option<NaiveDate> = t.optional("valid_to", ctx);
    // A rule set's dates lie in the years a case may have: `0000-01-01` would let a 1950 case
    // be computed under 2013's rules.
    for (key, date) in [("valid_from", valid_from), ("valid_to", valid_to)] {
        if let Some(d) = date
            && !crate::rules::spec::bounds::history_year(chrono::Datelike::year(&d))
        {
            let span = t.node(key).and_then(|n| n.span.clone());
            ctx.error(&span, key, crate::rules::spec::bounds::out_of_years(d));
        }
    }
    let status = read_status(&mut t, ctx, true);
    let notes: Option<String> = t.optional("notes", ctx);
    let notes_da: Option<String> = t.optional("notes_da", ctx);
    let end_unknown: bool = t.optional("end_unknown", ctx).unwrap_or(false);

    let scheme = id.as_deref().and_then(|id| {
        let found = find(id);
        if found.is_none() {
            let span = t.node("rule_set").and_then(|n| n.span.clone());
            let mut d = ctx.src.error(
                span,
                "rule_set",
                format!("`{id}` is not a scheme beregner computes"),
            );
            d = match did_you_mean(id, names()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("known: {}", names().collect::<Vec<_>>().join(", "))),
            };
            ctx.push(d);
        }
        found
    });

    if let (Some(scheme), Some(family)) = (scheme, family.as_deref())
        && scheme.family != family
    {
        let span = t.node("family").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            "family",
            format!(
                "rule set `{}` belongs to family `{}`, not `{family}`",
                scheme.name, scheme.family
            ),
        );
    }
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && to < from
    {
        let span = t.node("valid_to").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            "valid_to",
            format!("ends ({to}) before it starts ({from})"),
        );
    }

    // A version that covers nothing holds only its period and why: no sources or values.
    let not_covered = status == Some(Status::NotCovered);
    if not_covered && notes.is_none() {
        let span = t.node("status").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            "notes",
            "a `not_covered` version must say in `notes` what was looked for and not found",
        );
    }
    let (sources, parameters, roundings, rules) = if not_covered {
        Default::default()
    } else {
        let sources = read_sources(&mut t, ctx);
        let source_keys: Vec<&str> = sources.keys().map(String::as_str).collect();
        let parameters = read_parameters(
            &mut t,
            scheme,
            &sources,
            &source_keys,
            shared,
            valid_from,
            ctx,
        );
        let roundings = read_roundings(&mut t, scheme, &sources, &source_keys, ctx);
        let rules = read_rules(&mut t, scheme, &sources, &source_keys, ctx);
        (sources, parameters, roundings, rules)
    };
    let version_status_span = t.node("status").and_then(|n| n.span.clone());
    // Where a compile error below names a parameter.
    let parameters_node = t.node("parameters");
    t.finish(ctx);

    let status = status?;
    check_status(status, &version_status_span, &parameters, ctx);

    let mut version = RuleSetVersion {
        id: id?,
        family: family?,
        version: version?,
        title,
        valid_from: valid_from?,
        valid_to,
        status,
        notes,
        notes_da,
        sources,
        parameters,
        roundings,
        rules,
        file: file.to_string(),
        sha256,
        scheme: scheme?,
        compiled: None,
        overlay: None,
        end_unknown,
    };
    if !ctx.has_errors() && !not_covered {
        match (version.scheme.compile)(&version) {
            Ok(c) => version.compiled = Some(c),
            Err(e) => {
                // A parameter that is there but cannot be read as the formula needs it (0,4 of
                // a month) is named at its value; what is missing, at the file.
                let (span, field, message) = match e.unusable {
                    Some(name) => (
                        parameters_node.and_then(|n| value_span(n, name)),
                        format!("parameters.{name}.value"),
                        format!("cannot compute with this rule set: {}", e.message),
                    ),
                    None => (
                        None,
                        String::new(),
                        format!("cannot compute with this rule set: it lacks {}", e.message),
                    ),
                };
                ctx.error(&span, &field, message);
            }
        }
    }
    Some(version)
}

/// The span of `parameters.<name>.value`.
#[cfg(feature = "toml")]
fn value_span(parameters: &crate::source::tree::Node, name: &str) -> crate::source::tree::Span {
    use crate::source::tree::Kind;
    let Kind::Table(entries) = &parameters.kind else {
        return None;
    };
    let param = &entries.iter().find(|e| e.key == name)?.value;
    let Kind::Table(fields) = &param.kind else {
        return param.span.clone();
    };
    fields
        .iter()
        .find(|e| e.key == "value")
        .map_or(param.span.clone(), |e| e.value.span.clone())
}

#[cfg(feature = "toml")]
pub(super) fn read_status(t: &mut TableReader, ctx: &mut Ctx, required: bool) -> Option<Status> {
    let text: Option<String> = if required {
        t.required("status", ctx)
    } else {
        t.optional("status", ctx)
    };
    let span = t.node("status").and_then(|n| n.span.clone());
    match text.as_deref() {
        None if required => None,
        None => Some(Status::Enacted),
        Some("enacted") => Some(Status::Enacted),
        Some("secondary") => Some(Status::Secondary),
        Some("derived") => Some(Status::Derived),
        Some("not_covered") if required => Some(Status::NotCovered),
        Some(other) => {
            let mut d = ctx.src.error(
                span,
                t.field_path("status"),
                format!("`{other}` is not a status"),
            );
            d = d.with_help(
                match did_you_mean(other, ["enacted", "secondary", "derived", "not_covered"]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use `enacted`, `secondary`, `derived` or (for a whole version) \
                             `not_covered`"
                        .to_string(),
                },
            );
            ctx.push(d);
            None
        }
    }
}

/// A version is as weak as its weakest parameter: one with a derived parameter is `derived`,
/// otherwise one with a secondary parameter is `secondary`. (Roundings do not count: where no
/// rule exists, a rounding is a stated convention, shown in every trace.)
#[cfg(feature = "toml")]
fn check_status(
    status: Status,
    span: &Span,
    parameters: &BTreeMap<String, Parameter>,
    ctx: &mut Ctx,
) {
    let with = |wanted: Status| -> Vec<&str> {
        parameters
            .values()
            .filter(|p| p.status == wanted)
            .map(|p| p.name.as_str())
            .collect()
    };
    let (derived, secondary) = (with(Status::Derived), with(Status::Secondary));
    let weakest = if !derived.is_empty() {
        Some(("derived", &derived, Status::Derived))
    } else if !secondary.is_empty() {
        Some(("secondary", &secondary, Status::Secondary))
    } else {
        None
    };
    if let Some((word, names, needed)) = weakest
        && (status == Status::Enacted || status == Status::Secondary)
        && status < needed
    {
        ctx.error(
            span,
            "status",
            format!(
                "version is `{}` but contains {word} parameters ({}); mark the version `{word}`",
                status.name(),
                names.join(", ")
            ),
        );
    }
    let lacking = match status {
        Status::Derived if derived.is_empty() => Some("derived"),
        Status::Secondary if secondary.is_empty() => Some("secondary"),
        _ => None,
    };
    if let Some(word) = lacking {
        let d = ctx
            .src
            .error(
                span.clone(),
                "status",
                format!("version is `{word}` but none of its parameters is"),
            )
            .warning();
        ctx.push(d);
    }
}

#[cfg(feature = "toml")]
pub(super) fn read_sources(t: &mut TableReader, ctx: &mut Ctx) -> BTreeMap<String, LegalSource> {
    let Some(node) = t.node("sources") else {
        let span = t.span().clone();
        ctx.error(
            &span,
            "sources",
            "missing [sources]: a rule set must cite its legal sources",
        );
        return BTreeMap::new();
    };
    read_source_table(node, ctx)
}

/// The `[sources]` table itself: each source's act, paragraph, web address and note (the rule
/// sets, the shared amounts and `regulation.toml` read their sources through this one reader).
#[cfg(feature = "toml")]
pub(crate) fn read_source_table(node: &Node, ctx: &mut Ctx) -> BTreeMap<String, LegalSource> {
    let mut out = BTreeMap::new();
    let Some(table) = TableReader::new(node, "sources", ctx) else {
        return out;
    };
    for entry in table.entries() {
        let path = table.field_path(&entry.key);
        let Some(mut s) = TableReader::new(&entry.value, &path, ctx) else {
            continue;
        };
        let act: Option<String> = s.required("act", ctx);
        let paragraph: Option<String> = s.optional("paragraph", ctx);
        let url: Option<String> = s.required("url", ctx);
        let note: Option<String> = s.optional("note", ctx);
        if let Some(u) = &url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            let span = s.node("url").and_then(|n| n.span.clone());
            ctx.error(
                &span,
                &s.field_path("url"),
                format!("`{u}` is not a web address (http:// or https://)"),
            );
        }
        s.finish(ctx);
        if let (Some(act), Some(url)) = (act, url) {
            out.insert(
                entry.key.clone(),
                LegalSource {
                    key: entry.key.clone(),
                    act,
                    paragraph,
                    url,
                    note,
                },
            );
        }
    }
    out
}

/// Reads `sources = [...]` of a parameter, rounding or rule and checks every key resolves; when
/// `legal` is set, at least one source must name a paragraph (the legal basis).
#[cfg(feature = "toml")]
fn read_source_refs(
    r: &mut TableReader,
    sources: &BTreeMap<String, LegalSource>,
    source_keys: &[&str],
    legal: bool,
    ctx: &mut Ctx,
) -> Vec<String> {
    let path = r.field_path("sources");
    let Some(node) = r.node("sources") else {
        let span = r.span().clone();
        ctx.error(
            &span,
            &path,
            "missing legal source: list the act and paragraph this value rests on",
        );
        return Vec::new();
    };
    let Some(keys) = <Vec<String> as crate::source::tree::FromNode>::from_node(node, &path, ctx)
    else {
        return Vec::new();
    };
    if keys.is_empty() {
        ctx.error(&node.span, &path, "missing legal source: the list is empty");
    }
    for k in &keys {
        if !sources.contains_key(k) {
            let mut d = ctx.src.error(
                node.span.clone(),
                &path,
                format!("no source `{k}` in [sources]"),
            );
            if let Some(s) = did_you_mean(k, source_keys.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            ctx.push(d);
        }
    }
    let resolved: Vec<&LegalSource> = keys.iter().filter_map(|k| sources.get(k)).collect();
    if legal
        && !resolved.is_empty()
        && resolved.len() == keys.len()
        && resolved.iter().all(|s| s.paragraph.is_none())
    {
        ctx.error(
            &node.span,
            &path,
            "missing legal source: none of these sources names a paragraph of law",
        );
    }
    keys
}

/// The scheme's name and the names a section may hold: (name, description, optional).
#[cfg(feature = "toml")]
type Known<'a> = Option<(&'a str, Vec<(&'static str, &'static str, bool)>)>;

/// Reads a section of named sub-tables (`[parameters.x]`, `[rounding.x]`, `[rules.x]`): reports
/// a missing section, names the scheme does not know (with "did you mean") and names it needs
/// that are absent; `read` reads one entry and may return `None` after reporting why.
#[cfg(feature = "toml")]
fn read_named<T>(
    t: &mut TableReader,
    section: &'static str,
    what: &str,
    known: Known<'_>,
    ctx: &mut Ctx,
    mut read: impl FnMut(&str, &mut TableReader, &mut Ctx) -> Option<T>,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    let Some(node) = t.node(section) else {
        // A section the scheme needs nothing in may be left out.
        let needed = known
            .as_ref()
            .is_none_or(|(_, names)| names.iter().any(|(_, _, optional)| !optional));
        if needed {
            let span = t.span().clone();
            ctx.error(&span, section, format!("missing [{section}]"));
        }
        return out;
    };
    let Some(table) = TableReader::new(node, section, ctx) else {
        return out;
    };
    for entry in table.entries() {
        let path = table.field_path(&entry.key);
        if let Some((scheme, names)) = &known
            && !names.iter().any(|(n, _, _)| *n == entry.key)
        {
            let mut d = ctx.src.error(
                entry.key_span.clone(),
                &path,
                format!("`{}` is not a {what} of {scheme}", entry.key),
            );
            if let Some(s) = did_you_mean(&entry.key, names.iter().map(|(n, _, _)| *n)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            ctx.push(d);
            continue;
        }
        let Some(mut r) = TableReader::new(&entry.value, &path, ctx) else {
            continue;
        };
        let value = read(&entry.key, &mut r, ctx);
        r.finish(ctx);
        if let Some(v) = value {
            out.insert(entry.key.clone(), v);
        }
    }
    if let Some((_, names)) = &known {
        for (name, description, optional) in names {
            if !optional && !table.has(name) {
                ctx.error(
                    table.span(),
                    &table.field_path(name),
                    format!("missing {what} `{name}` ({description})"),
                );
            }
        }
    }
    out
}

#[cfg(feature = "toml")]
fn read_parameters(
    t: &mut TableReader,
    scheme: Option<&'static SchemeSpec>,
    sources: &BTreeMap<String, LegalSource>,
    source_keys: &[&str],
    shared: &super::shared::SharedBook,
    valid_from: Option<NaiveDate>,
    ctx: &mut Ctx,
) -> BTreeMap<String, Parameter> {
    let known = scheme.map(|s| {
        (
            s.name,
            s.parameters
                .iter()
                .map(|p| (p.name, p.description, p.optional))
                .collect(),
        )
    });
    read_named(t, "parameters", "parameter", known, ctx, |name, p, ctx| {
        let path = p.path().to_string();
        let spec = scheme.and_then(|s| s.parameter(name));
        let unit_text: Option<String> = p.required("unit", ctx);
        // A value computed from a shared amount, or written here.
        let from_shared = if p.has("shared") {
            Some(super::shared::parameter(p, shared, valid_from, ctx))
        } else {
            None
        };
        // Fractions may be written "2/3" and dates as TOML dates; everything else is a decimal.
        let value: Option<rust_decimal::Decimal> = match &from_shared {
            Some(s) => s.as_ref().map(|s| s.value),
            None => match (unit_text.as_deref(), p.node("value").map(|n| &n.kind)) {
                (Some("fraction"), Some(crate::source::tree::Kind::String(t)))
                    if t.contains('/') =>
                {
                    let span = p.node("value").and_then(|n| n.span.clone());
                    let parsed = t.split_once('/').and_then(|(a, b)| {
                        let (a, b) = (
                            crate::values::num::parse_decimal(a.trim()).ok()?,
                            crate::values::num::parse_decimal(b.trim()).ok()?,
                        );
                        (!b.is_zero()).then(|| a / b)
                    });
                    if parsed.is_none() {
                        ctx.error(
                            &span,
                            &format!("{path}.value"),
                            format!("`{t}` is not a fraction such as \"2/3\""),
                        );
                    }
                    parsed
                }
                (Some("flag"), Some(crate::source::tree::Kind::Bool(b))) => Some(if *b {
                    rust_decimal::Decimal::ONE
                } else {
                    rust_decimal::Decimal::ZERO
                }),
                (Some("date"), Some(_)) => {
                    let d: Option<chrono::NaiveDate> = p.required("value", ctx);
                    d.map(Unit::date_value)
                }
                _ => p.required("value", ctx),
            },
        };
        let (status, derivation, quoted_by, derivation_da, quoted_by_da) = match &from_shared {
            Some(s) => (
                s.as_ref().map(|s| s.status),
                s.as_ref().map(|s| s.derivation.clone()),
                s.as_ref().and_then(|s| s.quoted_by.clone()),
                s.as_ref().map(|s| s.derivation_da.clone()),
                s.as_ref().and_then(|s| s.quoted_by_da.clone()),
            ),
            None => (
                read_status(p, ctx, false),
                p.optional::<String>("derivation", ctx),
                p.optional::<String>("quoted_by", ctx),
                p.optional::<String>("derivation_da", ctx),
                p.optional::<String>("quoted_by_da", ctx),
            ),
        };
        let note: Option<String> = p.optional("note", ctx);
        // A value from a shared amount carries its own remarks in its chain (in Danish too,
        // `note_da`, which only such a value reads).
        let note_da: Option<String> = from_shared
            .as_ref()
            .and_then(|_| p.optional("note_da", ctx));
        let with_note = |d: Option<String>, n: Option<&String>| match (&from_shared, d, n) {
            (Some(_), Some(d), Some(n)) => Some(format!("{d}. {n}")),
            (_, d, _) => d,
        };
        let derivation_da = with_note(derivation_da, note_da.as_ref().or(note.as_ref()));
        let derivation = with_note(derivation, note.as_ref());
        // A translation translates something.
        for (da, en, key) in [
            (&derivation_da, &derivation, "derivation_da"),
            (&quoted_by_da, &quoted_by, "quoted_by_da"),
        ] {
            if da.is_some() && en.is_none() {
                let span = p.node(key).and_then(|n| n.span.clone());
                ctx.error(
                    &span,
                    &format!("{path}.{key}"),
                    format!(
                        "`{key}` is the Danish of `{}`: give both",
                        &key[..key.len() - 3]
                    ),
                );
            }
        }
        let refs = read_source_refs(p, sources, source_keys, true, ctx);
        let unit_span = p.node("unit").and_then(|n| n.span.clone());
        let value_span = p.node("value").and_then(|n| n.span.clone());
        if from_shared.is_none() {
            check_derivation(p, status, derivation.is_some(), quoted_by.is_some(), ctx);
        }

        let unit = unit_text.as_deref().and_then(|u| match Unit::parse(u) {
            Some(unit) => Some(unit),
            None => {
                let mut d = ctx.src.error(
                    unit_span.clone(),
                    format!("{path}.unit"),
                    format!("`{u}` is not a unit"),
                );
                d = d.with_help(match did_you_mean(u, Unit::ALL.iter().map(|u| u.name())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("units: {}", Unit::ALL.map(|u| u.name()).join(", ")),
                });
                ctx.push(d);
                None
            }
        });
        if let (Some(spec), Some(unit)) = (spec, unit)
            && spec.unit != unit
        {
            ctx.error(
                &unit_span,
                &format!("{path}.unit"),
                format!(
                    "`{}` is measured in `{}`, not `{}`",
                    spec.name,
                    spec.unit.name(),
                    unit.name()
                ),
            );
        }
        // An amount in kroner is read as a case file reads one (`"15.600"` has two readings).
        if from_shared.is_none()
            && let (Some(unit), Some(node)) = (unit, p.node("value"))
            && let crate::source::tree::Kind::String(t) | crate::source::tree::Kind::Number(t) =
                &node.kind
            && let Some(problem) = unit.amount_text_problem(t)
        {
            ctx.error(&value_span, &format!("{path}.value"), problem);
        }
        // A value a formula divides by (or by 100 % less it) cannot be 0 (or 100 %).
        if let (Some(v), Some(spec), Some(unit)) = (value, spec, unit)
            && spec.unusable(v)
        {
            ctx.error(
                &value_span,
                &format!("{path}.value"),
                format!(
                    "`{name}` is {v}, but a formula divides by it{}: it cannot be used",
                    if unit == Unit::Percent {
                        " (or by 100 % less it)"
                    } else {
                        ""
                    }
                ),
            );
        }
        if let (Some(v), Some(unit)) = (value, unit) {
            let (lo, hi) = unit.bounds();
            if v < lo || hi.is_some_and(|hi| v > hi) {
                let range = match hi {
                    Some(hi) => format!("{lo} to {hi}"),
                    None => format!("at least {lo}"),
                };
                ctx.error(
                    &value_span,
                    &format!("{path}.value"),
                    format!(
                        "{v} is out of range for `{}` (must be {range})",
                        unit.name()
                    ),
                );
            }
        }
        let display = match (unit, p.node("value").map(|n| &n.kind)) {
            (Some(Unit::Fraction), Some(crate::source::tree::Kind::String(t))) => t.clone(),
            (Some(Unit::Date), _) => value
                .and_then(Unit::value_date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            (Some(Unit::Flag), _) => value.map_or(String::new(), |v| (!v.is_zero()).to_string()),
            _ => value.map(crate::values::num::plain).unwrap_or_default(),
        };
        Some(Parameter {
            name: name.to_string(),
            display,
            value: value?,
            unit: unit?,
            status: status?,
            derivation,
            quoted_by,
            derivation_da,
            quoted_by_da,
            sources: refs,
            note,
        })
    })
}

/// A derived value needs its derivation, a secondary one who quoted it; a derivation or a
/// quotation needs the status that says what it is.
#[cfg(feature = "toml")]
fn check_derivation(
    r: &mut TableReader,
    status: Option<Status>,
    has_derivation: bool,
    has_quote: bool,
    ctx: &mut Ctx,
) {
    if status == Some(Status::Derived) && !has_derivation {
        let span = r.node("status").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            &r.field_path("derivation"),
            "a derived value needs its derivation written down (`derivation = \"...\"`)",
        );
    }
    if status == Some(Status::Secondary) && !has_quote {
        let span = r.node("status").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            &r.field_path("quoted_by"),
            "a secondary value needs who quoted it and where (`quoted_by = \"...\"`)",
        );
    }
    if status == Some(Status::Enacted) && has_derivation && !r.has("status") {
        let span = r.node("derivation").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            &r.field_path("status"),
            "a value with a derivation must say `status = \"derived\"`",
        );
    }
    if has_quote && status.is_some_and(|s| s != Status::Secondary) {
        let span = r.node("quoted_by").and_then(|n| n.span.clone());
        ctx.error(
            &span,
            &r.field_path("status"),
            "a value quoted from another source must say `status = \"secondary\"`",
        );
    }
}

#[cfg(feature = "toml")]
fn read_roundings(
    t: &mut TableReader,
    scheme: Option<&'static SchemeSpec>,
    sources: &BTreeMap<String, LegalSource>,
    source_keys: &[&str],
    ctx: &mut Ctx,
) -> BTreeMap<String, NamedRounding> {
    let known = scheme.map(|s| {
        (
            s.name,
            s.roundings
                .iter()
                .map(|r| (r.name, r.description, r.optional))
                .collect(),
        )
    });
    read_named(t, "rounding", "rounding", known, ctx, |name, r, ctx| {
        let path = r.path().to_string();
        let scale: Option<u32> = r.required("scale", ctx);
        let mode_text: Option<String> = r.required("mode", ctx);
        let status = read_status(r, ctx, false);
        let derivation: Option<String> = r.optional("derivation", ctx);
        let quoted_by: Option<String> = r.optional("quoted_by", ctx);
        let derivation_da: Option<String> = r.optional("derivation_da", ctx);
        // Roundings cite where they come from but need not name a paragraph: where the law has no
        // rounding rule, a rounding is a stated convention.
        let refs = read_source_refs(r, sources, source_keys, false, ctx);
        let scale_span = r.node("scale").and_then(|n| n.span.clone());
        let mode_span = r.node("mode").and_then(|n| n.span.clone());
        check_derivation(r, status, derivation.is_some(), quoted_by.is_some(), ctx);
        let scale = scale.filter(|s| {
            let ok = *s <= Rounding::MAX_SCALE;
            if !ok {
                ctx.error(
                    &scale_span,
                    &format!("{path}.scale"),
                    format!(
                        "{s} decimals is out of range (0 to {})",
                        Rounding::MAX_SCALE
                    ),
                );
            }
            ok
        });
        let mode = mode_text.as_deref().and_then(|m| {
            let parsed = RoundingMode::parse(m);
            if parsed.is_none() {
                let mut d = ctx.src.error(
                    mode_span.clone(),
                    format!("{path}.mode"),
                    format!("`{m}` is not a rounding mode"),
                );
                d = d.with_help(match did_you_mean(m, RoundingMode::NAMES) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("modes: {}", RoundingMode::NAMES.join(", ")),
                });
                ctx.push(d);
            }
            parsed
        });
        Some(NamedRounding {
            name: name.to_string(),
            rounding: Rounding {
                scale: scale?,
                mode: mode?,
            },
            status: status?,
            derivation,
            quoted_by,
            derivation_da,
            sources: refs,
        })
    })
}

#[cfg(feature = "toml")]
fn read_rules(
    t: &mut TableReader,
    scheme: Option<&'static SchemeSpec>,
    sources: &BTreeMap<String, LegalSource>,
    source_keys: &[&str],
    ctx: &mut Ctx,
) -> BTreeMap<String, RuleRef> {
    let known = scheme.map(|s| {
        (
            s.name,
            s.rules
                .iter()
                .map(|r| (r.name, r.description, r.optional))
                .collect(),
        )
    });
    read_named(t, "rules", "rule", known, ctx, |name, r, ctx| {
        let note: Option<String> = r.optional("note", ctx);
        let refs = read_source_refs(r, sources, source_keys, true, ctx);
        Some(RuleRef {
            name: name.to_string(),
            sources: refs,
            note,
        })
    })
}
