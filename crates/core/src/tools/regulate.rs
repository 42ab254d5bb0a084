//! Draft next-year versions of every regulated rule set (`beregner regulate`).
//!
//! Which rule regulates each amount is data (`rules/regulation.toml`): a percentage (the
//! satsreguleringsprocent, or "1,7 pct. tillagt tilpasningsprocenten", less lov nr. 630/2024's
//! deduction where it applies), a share of a shared amount that is itself regulated first (98 %
//! of the højeste dagpengebeløb), or "not found". Amounts the law fixes are listed, not changed.
//! From the version in force the day before the regulation date, each draft is a complete
//! rule-set file with `status = "derived"` and, per regulated parameter, the chain (base figure,
//! version, percentage, rounding, result). A rule set is refused, with the reason, when the version
//! to regulate from is missing or `not_covered`, or when a parameter's regulation is not declared.
//! The drafts are loaded together with the rule sets they build on before they are handed back,
//! so every draft passes `beregner check`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;

use crate::rules::shared::SharedAmount;
use crate::rules::spec::{SchemeSpec, Unit};
use crate::rules::{LegalSource, RuleBook, RuleFile, RuleSetVersion, Status};
use crate::source::diag::{Diagnostic, SourceText};
use crate::source::tree::{Ctx, Kind, Node, TableReader, parse_toml};
use crate::values::num;
use crate::values::rounding::{Rounding, RoundingMode};

/// The first line of every draft file: a draft may be overwritten by the next draft, never an
/// edited or official file.
pub const DRAFT_MARKER: &str = "# DRAFT written by `beregner regulate`";

/// The day regulated amounts apply from, as the law states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRule {
    /// 1 January (arbejdsløshedsforsikringsloven § 47, LAB § 189, aktivloven § 109).
    January1,
    /// The first Monday of January (sygedagpengeloven § 64).
    FirstMondayOfJanuary,
}

impl DateRule {
    const NAMES: [&'static str; 2] = ["january_1", "first_monday_of_january"];

    fn parse(s: &str) -> Option<Self> {
        match s {
            "january_1" => Some(Self::January1),
            "first_monday_of_january" => Some(Self::FirstMondayOfJanuary),
            _ => None,
        }
    }

    /// The regulation date in `year`.
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        match self {
            Self::January1 => NaiveDate::from_ymd_opt(year, 1, 1),
            Self::FirstMondayOfJanuary => {
                NaiveDate::from_weekday_of_month_opt(year, 1, Weekday::Mon, 1)
            }
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::January1 => "1 January",
            Self::FirstMondayOfJanuary => "the first Monday of January",
        }
    }
}

/// Whether lov nr. 630 af 11/6/2024's deduction (0,45 points in 2026 or 2027) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deduction {
    Applies,
    NotApplicable,
    Unknown,
}

/// A rounding of a regulated amount: to `scale` decimals, or to a multiple of `step` kroner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub rounding: Rounding,
    pub step: Option<Decimal>,
}

impl Round {
    pub fn apply(self, v: Decimal) -> Option<Decimal> {
        match self.step {
            Some(step) => Some(
                self.rounding
                    .apply(v.checked_div(step)?)
                    .checked_mul(step)?,
            ),
            None => Some(self.rounding.apply(v)),
        }
    }

    fn describe(self) -> String {
        match self.step {
            Some(step) => format!(
                "to a multiple of {} kr., {}",
                num::plain_da(step),
                self.rounding.mode.name()
            ),
            None => self.rounding.to_string(),
        }
    }
}

/// How one amount is regulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// The amount × (1 + (percent − deduction) / 100), rounded.
    Percentage {
        /// The percentage as the law names it (`satsreguleringsprocenten`).
        percentage: String,
        deduction: Deduction,
        round: Round,
        sources: Vec<String>,
        note: Option<String>,
    },
    /// shared × percent / 100 × fraction ÷ each divisor, rounded.
    Share {
        shared: String,
        percent: Decimal,
        fraction: Option<(Decimal, Decimal)>,
        divide_by: Vec<Decimal>,
        round: Round,
        sources: Vec<String>,
        note: Option<String>,
    },
    /// Looked for and not found: a draft is refused with the reason.
    NotFound {
        reason: String,
        sources: Vec<String>,
    },
}

impl Method {
    fn sources(&self) -> &[String] {
        match self {
            Method::Percentage { sources, .. }
            | Method::Share { sources, .. }
            | Method::NotFound { sources, .. } => sources,
        }
    }
}

/// How one rule set (or shared amount) is regulated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetRule {
    pub date: Option<DateRule>,
    /// `false`: no amount of the rule set is regulated (`reason` says why).
    pub regulated: bool,
    pub reason: Option<String>,
    pub parameters: BTreeMap<String, Method>,
    /// Parameter → why the law fixes it.
    pub fixed: BTreeMap<String, String>,
    /// Unit name → why every parameter in it is fixed.
    pub fixed_units: BTreeMap<String, String>,
}

/// `rules/regulation.toml`, read.
#[derive(Debug, Clone, Default)]
pub struct Regulation {
    pub file: String,
    /// The percentages the law regulates by: key → as the law names it.
    pub percentages: BTreeMap<String, String>,
    pub sources: BTreeMap<String, LegalSource>,
    pub shared: BTreeMap<String, SetRule>,
    pub rule_sets: BTreeMap<String, SetRule>,
}

pub use crate::rules::is_regulation_file;

/// Reads `regulation.toml`; every problem is a diagnostic with its line and column.
pub fn read_regulation(src: &SourceText) -> Result<Regulation, Vec<Diagnostic>> {
    let root = parse_toml(src).map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(src);
    let mut reg = Regulation {
        file: src.name.clone(),
        ..Regulation::default()
    };
    if let Some(mut t) = TableReader::new(&root, "", &mut ctx) {
        if let Some(node) = t.node("sources") {
            reg.sources = crate::rules::read_source_table(node, &mut ctx);
        }
        if let Some(node) = t.node("percentages")
            && let Some(list) = TableReader::new(node, "percentages", &mut ctx)
        {
            for e in list.entries() {
                match &e.value.kind {
                    Kind::String(name) => {
                        reg.percentages.insert(e.key.clone(), name.clone());
                    }
                    other => ctx.error(
                        &e.value.span,
                        &list.field_path(&e.key),
                        format!(
                            "expected the percentage as the law names it (a string), found {}",
                            other.type_name()
                        ),
                    ),
                }
            }
        }
        if let Some(node) = t.node("shared") {
            reg.shared = read_sets(node, "shared", &mut ctx);
        }
        if let Some(node) = t.node("rule_sets") {
            reg.rule_sets = read_sets(node, "rule_sets", &mut ctx);
        } else {
            let span = t.span().clone();
            ctx.error(&span, "rule_sets", "missing [rule_sets]");
        }
        t.finish(&mut ctx);
    }
    // Every source named must be defined.
    let known: Vec<&str> = reg.sources.keys().map(String::as_str).collect();
    let mut missing = Vec::new();
    for (kind, sets) in [("shared", &reg.shared), ("rule_sets", &reg.rule_sets)] {
        for (id, set) in sets {
            for (name, m) in &set.parameters {
                if let Method::Percentage { percentage, .. } = m
                    && !reg.percentages.contains_key(percentage)
                {
                    missing.push(format!(
                        "{kind}.{id}.parameters.{name}: no percentage `{percentage}` in [percentages]"
                    ));
                }
                for s in m.sources() {
                    if !known.contains(&s.as_str()) {
                        missing.push(format!(
                            "{kind}.{id}.parameters.{name}: no source `{s}` in [sources]"
                        ));
                    }
                }
            }
        }
    }
    for m in missing {
        ctx.error(&None, "sources", m);
    }
    if ctx.has_errors() {
        Err(crate::text::diag::settled(ctx.diags))
    } else {
        Ok(reg)
    }
}

fn read_sets(node: &Node, section: &str, ctx: &mut Ctx) -> BTreeMap<String, SetRule> {
    let mut out = BTreeMap::new();
    let Some(table) = TableReader::new(node, section, ctx) else {
        return out;
    };
    for entry in table.entries() {
        let path = table.field_path(&entry.key);
        let Some(mut t) = TableReader::new(&entry.value, &path, ctx) else {
            continue;
        };
        let regulated: bool = t.optional("regulated", ctx).unwrap_or(true);
        let reason: Option<String> = t.optional("reason", ctx);
        let _sources: Option<Vec<String>> = t.optional("sources", ctx);
        let date_text: Option<String> = if regulated {
            t.required("date", ctx)
        } else {
            t.optional("date", ctx)
        };
        let date_span = t.node("date").and_then(|n| n.span.clone());
        let date = date_text.as_deref().and_then(|d| {
            let parsed = DateRule::parse(d);
            if parsed.is_none() {
                ctx.error(
                    &date_span,
                    &format!("{path}.date"),
                    format!(
                        "`{d}` is not a regulation date (use {})",
                        DateRule::NAMES.join(" or ")
                    ),
                );
            }
            parsed
        });
        if !regulated && reason.is_none() {
            let span = t.span().clone();
            ctx.error(
                &span,
                &format!("{path}.reason"),
                "a rule set that is not regulated must say why (`reason = \"...\"`)",
            );
        }
        let mut set = SetRule {
            date,
            regulated,
            reason,
            ..SetRule::default()
        };
        if let Some(node) = t.node("parameters")
            && let Some(params) = TableReader::new(node, &format!("{path}.parameters"), ctx)
        {
            for p in params.entries() {
                let ppath = params.field_path(&p.key);
                if let Some(m) = read_method(&p.value, &ppath, ctx) {
                    set.parameters.insert(p.key.clone(), m);
                }
            }
        }
        for (key, target) in [
            ("fixed", &mut set.fixed),
            ("fixed_units", &mut set.fixed_units),
        ] {
            if let Some(node) = t.node(key)
                && let Some(list) = TableReader::new(node, &format!("{path}.{key}"), ctx)
            {
                for e in list.entries() {
                    match &e.value.kind {
                        Kind::String(why) => {
                            target.insert(e.key.clone(), why.clone());
                        }
                        other => ctx.error(
                            &e.value.span,
                            &list.field_path(&e.key),
                            format!(
                                "expected the reason the law fixes it (a string), found {}",
                                other.type_name()
                            ),
                        ),
                    }
                }
            }
        }
        for unit in set.fixed_units.keys() {
            if Unit::parse(unit).is_none() {
                ctx.error(
                    &None,
                    &format!("{path}.fixed_units.{unit}"),
                    format!("`{unit}` is not a unit"),
                );
            }
        }
        t.finish(ctx);
        out.insert(entry.key.clone(), set);
    }
    out
}

fn read_round(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Round> {
    let mut r = TableReader::new(node, path, ctx)?;
    let scale: u32 = r.optional("scale", ctx).unwrap_or(0);
    let mode: Option<String> = r.required("mode", ctx);
    let step: Option<Decimal> = r.optional("step", ctx);
    r.finish(ctx);
    let mode = mode.and_then(|m| {
        let parsed = RoundingMode::parse(&m);
        if parsed.is_none() {
            ctx.error(
                &node.span,
                &format!("{path}.mode"),
                format!(
                    "`{m}` is not a rounding mode ({})",
                    RoundingMode::NAMES.join(", ")
                ),
            );
        }
        parsed
    })?;
    if scale > Rounding::MAX_SCALE || step.is_some_and(|s| s <= Decimal::ZERO) {
        ctx.error(&node.span, path, "scale 0 to 6, and a step above 0");
        return None;
    }
    Some(Round {
        rounding: Rounding { scale, mode },
        step,
    })
}

fn read_method(node: &Node, path: &str, ctx: &mut Ctx) -> Option<Method> {
    let mut t = TableReader::new(node, path, ctx)?;
    let method: Option<String> = t.required("method", ctx);
    let sources: Vec<String> = t.required("sources", ctx).unwrap_or_default();
    let note: Option<String> = t.optional("note", ctx);
    let method_span = t.node("method").and_then(|n| n.span.clone());
    let round = |t: &mut TableReader, ctx: &mut Ctx| match t.node("rounding") {
        Some(n) => read_round(n, &format!("{path}.rounding"), ctx),
        None => {
            let span = t.span().clone();
            ctx.error(
                &span,
                &format!("{path}.rounding"),
                "missing rounding: the law's rounding of the regulated amount",
            );
            None
        }
    };
    let out = match method.as_deref() {
        Some("percentage") => {
            let percentage: Option<String> = t.required("percentage", ctx);
            let deduction: Option<String> = t.required("deduction", ctx);
            let span = t.node("deduction").and_then(|n| n.span.clone());
            let deduction = deduction.and_then(|d| match d.as_str() {
                "applies" => Some(Deduction::Applies),
                "not_applicable" => Some(Deduction::NotApplicable),
                "unknown" => Some(Deduction::Unknown),
                other => {
                    ctx.error(
                        &span,
                        &format!("{path}.deduction"),
                        format!("`{other}` is not one of applies, not_applicable, unknown"),
                    );
                    None
                }
            });
            let round = round(&mut t, ctx);
            Some(Method::Percentage {
                percentage: percentage?,
                deduction: deduction?,
                round: round?,
                sources,
                note,
            })
        }
        Some("share") => {
            let shared: Option<String> = t.required("shared", ctx);
            let percent: Decimal = t.optional("percent", ctx).unwrap_or(Decimal::ONE_HUNDRED);
            let fraction: Option<String> = t.optional("fraction", ctx);
            let divide_by: Vec<String> = t.optional("divide_by", ctx).unwrap_or_default();
            let fraction = match fraction {
                None => None,
                Some(f) => {
                    let parsed = f.split_once('/').and_then(|(a, b)| {
                        let a = num::parse_decimal(a.trim()).ok()?;
                        let b = num::parse_decimal(b.trim()).ok()?;
                        (!b.is_zero()).then_some((a, b))
                    });
                    if parsed.is_none() {
                        ctx.error(
                            &None,
                            &format!("{path}.fraction"),
                            format!("`{f}` is not a fraction such as \"2/3\""),
                        );
                        return None;
                    }
                    parsed
                }
            };
            let mut divisors = Vec::new();
            for d in divide_by {
                match num::parse_decimal(&d) {
                    Ok(v) if !v.is_zero() => divisors.push(v),
                    _ => {
                        ctx.error(
                            &None,
                            &format!("{path}.divide_by"),
                            format!("`{d}` is not a number other than 0"),
                        );
                        return None;
                    }
                }
            }
            let round = round(&mut t, ctx);
            Some(Method::Share {
                shared: shared?,
                percent,
                fraction,
                divide_by: divisors,
                round: round?,
                sources,
                note,
            })
        }
        Some("not_found") => {
            let reason: Option<String> = t.required("reason", ctx);
            Some(Method::NotFound {
                reason: reason?,
                sources,
            })
        }
        Some(other) => {
            ctx.error(
                &method_span,
                &format!("{path}.method"),
                format!("`{other}` is not a method (percentage, share, not_found)"),
            );
            None
        }
        None => None,
    };
    t.finish(ctx);
    out
}

/// What `beregner regulate` is asked.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub year: i32,
    /// The regulation percentage for `year` (e.g. 3.6 for 3,6 %), for every percentage the
    /// regulation file names unless `percent_for` gives that one.
    pub percent: Decimal,
    /// (key in `[percentages]`, its value for `year`) where the law's percentages differ.
    pub percent_for: &'a [(String, Decimal)],
    /// Percentage points deducted where lov nr. 630/2024 applies (0.45).
    pub deduct: Option<Decimal>,
}

/// One regulated amount and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub parameter: String,
    pub old: Decimal,
    pub new: Decimal,
    /// Base figure, version, percentage, rounding, result, legal basis.
    pub chain: String,
    /// The value a version already in force on the regulation date has (its version and
    /// status): how the regulation compares with a figure that was published (or derived).
    pub in_force: Option<(String, Decimal, Status)>,
}

/// A parameter the law fixes: kept as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub parameter: String,
    pub value: String,
    pub reason: String,
}

/// One draft file.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The rule set (or shared amount) id.
    pub id: String,
    pub shared: bool,
    pub base_version: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// Where the file goes, relative to the output directory: `fleksjob/fleksloentilskud/2027.toml`.
    pub path: String,
    pub text: String,
    pub regulated: Vec<Step>,
    pub fixed: Vec<Fixed>,
    /// E.g. a version already in force on the regulation date.
    pub warnings: Vec<String>,
}

/// The drafts, the refusals and the rule sets the law does not regulate.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub year: i32,
    /// (key, as the law names it, its value for the year) for each percentage.
    pub percentages: Vec<(String, String, Decimal)>,
    pub drafts: Vec<Draft>,
    /// (rule set, why no draft was written).
    pub refused: Vec<(String, String)>,
    /// (rule set, why it is not regulated).
    pub not_regulated: Vec<(String, String)>,
}

/// Drafts `opts.year`'s versions of every regulated rule set in `files` (which must hold the
/// regulation file). The drafts are checked by loading them with the rule sets they build on.
pub fn regulate(
    files: &[RuleFile],
    specs: &'static [&'static SchemeSpec],
    opts: Options<'_>,
) -> Result<Report, Vec<Diagnostic>> {
    let Some(reg_file) = files.iter().find(|f| is_regulation_file(&f.name)) else {
        return Err(vec![SourceText::new("regulation.toml", "").error(
            None,
            "",
            "no regulation.toml among the rule sets: it declares how each amount is regulated",
        )]);
    };
    let text = std::str::from_utf8(&reg_file.bytes).map_err(|e| {
        vec![SourceText::new(reg_file.name.clone(), "").error(None, "", format!("not UTF-8: {e}"))]
    })?;
    let reg = read_regulation(&SourceText::new(reg_file.name.clone(), text))?;
    for (k, _) in opts.percent_for {
        if !reg.percentages.contains_key(k) {
            let known: Vec<&str> = reg.percentages.keys().map(String::as_str).collect();
            return Err(vec![
                SourceText::new(reg.file.clone(), "")
                    .error(
                        None,
                        "percentages",
                        format!("no percentage `{k}` in [percentages]"),
                    )
                    .with_help(format!("known: {}", known.join(", "))),
            ]);
        }
    }
    let book = crate::rules::load(files, specs)?;
    let report = draft_all(&book, &reg, opts);
    verify(files, specs, &book, &report)?;
    Ok(report)
}

/// The drafts for `opts.year` from `book`, by `reg`.
pub fn draft_all(book: &RuleBook, reg: &Regulation, opts: Options<'_>) -> Report {
    let mut report = Report {
        year: opts.year,
        percentages: reg
            .percentages
            .iter()
            .map(|(k, name)| (k.clone(), name.clone(), percent_of(opts, k)))
            .collect(),
        ..Report::default()
    };
    // Shared amounts first: the rule sets' shares are computed from their drafts.
    let mut shared_drafts: BTreeMap<String, (Decimal, String)> = BTreeMap::new();
    for name in book.shared.names() {
        let Some(rule) = reg.shared.get(name) else {
            report.refused.push((
                name.to_string(),
                format!(
                    "the regulation of the shared amount `{name}` is not declared in {}",
                    reg.file
                ),
            ));
            continue;
        };
        match draft_shared(book, reg, name, rule, opts) {
            Ok(d) => {
                if let Some(step) = d.regulated.first() {
                    let title = book
                        .shared
                        .versions(name)
                        .last()
                        .map_or(name.to_string(), |v| v.title.clone());
                    let chain = format!("{title} {} (draft: {})", opts.year, step.chain);
                    shared_drafts.insert(name.to_string(), (step.new, chain));
                }
                report.drafts.push(d);
            }
            Err(why) => report.refused.push((name.to_string(), why)),
        }
    }
    for id in book.ids() {
        let Some(rule) = reg.rule_sets.get(id) else {
            report.refused.push((
                id.to_string(),
                format!(
                    "the regulation of rule set `{id}` is not declared in {}",
                    reg.file
                ),
            ));
            continue;
        };
        if !rule.regulated {
            report
                .not_regulated
                .push((id.to_string(), rule.reason.clone().unwrap_or_default()));
            continue;
        }
        match draft_rule_set(book, reg, id, rule, &shared_drafts, opts) {
            Ok(d) => report.drafts.push(d),
            Err(why) => report.refused.push((id.to_string(), why)),
        }
    }
    report
}

/// The regulation date, the last day of the draft, and the day before (the base's last day).
fn period(rule: &SetRule, year: i32) -> Result<(NaiveDate, NaiveDate, NaiveDate), String> {
    let date = rule
        .date
        .ok_or_else(|| "no regulation date declared".to_string())?;
    let from = date
        .date(year)
        .ok_or_else(|| format!("{year} has no {}", date.describe()))?;
    let next = year
        .checked_add(1)
        .and_then(|y| date.date(y))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| format!("{year} + 1 is out of range"))?;
    let before = from
        .pred_opt()
        .ok_or_else(|| format!("{year} is out of range"))?;
    Ok((from, next, before))
}

fn effective_percent(
    opts: Options<'_>,
    key: &str,
    deduction: Deduction,
    param: &str,
) -> Result<(Decimal, String), String> {
    let p = percent_of(opts, key);
    let d = opts.deduct.filter(|d| !d.is_zero());
    match (deduction, d) {
        (_, None) => Ok((p, format!("{} %", num::plain_da(p)))),
        (Deduction::NotApplicable, Some(_)) => Ok((
            p,
            format!(
                "{} % (lov nr. 630/2024's deduction does not apply)",
                num::plain_da(p)
            ),
        )),
        (Deduction::Applies, Some(d)) => Ok((
            p - d,
            format!(
                "{} % − {} points (lov nr. 630/2024) = {} %",
                num::plain_da(p),
                num::plain_da(d),
                num::plain_da(p - d)
            ),
        )),
        (Deduction::Unknown, Some(_)) => Err(format!(
            "`{param}`: whether lov nr. 630/2024's deduction applies to it was not found; draft without --deduct, or declare `deduction` in regulation.toml"
        )),
    }
}

fn citations(reg: &Regulation, keys: &[String]) -> String {
    keys.iter()
        .filter_map(|k| reg.sources.get(k))
        .map(LegalSource::citation)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The value of percentage `key` for the year: given for it, or `--percent`.
pub fn percent_of(opts: Options<'_>, key: &str) -> Decimal {
    opts.percent_for
        .iter()
        .find(|(k, _)| k == key)
        .map_or(opts.percent, |(_, v)| *v)
}

/// `base × (1 + p/100)`, rounded, with its chain.
fn by_percentage(
    reg: &Regulation,
    base: Decimal,
    base_label: &str,
    method: &Method,
    opts: Options<'_>,
    param: &str,
) -> Result<(Decimal, String), String> {
    let Method::Percentage {
        percentage,
        deduction,
        round,
        sources,
        note,
    } = method
    else {
        return Err(format!("`{param}` is not regulated by a percentage"));
    };
    let (p, p_text) = effective_percent(opts, percentage, *deduction, param)?;
    let percentage = reg
        .percentages
        .get(percentage)
        .map_or(percentage.as_str(), String::as_str);
    let factor = Decimal::ONE + p / Decimal::ONE_HUNDRED;
    let exact = base
        .checked_mul(factor)
        .ok_or_else(|| format!("`{param}`: {base} × {factor} is too large"))?;
    let result = round
        .apply(exact)
        .ok_or_else(|| format!("`{param}`: cannot round {exact}"))?;
    let mut chain = format!(
        "{} ({base_label}) × {} = {} → {} ({}); {percentage} for {}: {p_text}, as given to `beregner regulate`; {}",
        num::danish(base, base.scale()),
        num::plain_da(factor),
        shown(exact),
        num::danish(result, result.scale()),
        round.describe(),
        opts.year,
        citations(reg, sources)
    );
    if let Some(n) = note {
        let _ = write!(chain, ". {n}");
    }
    Ok((result, chain))
}

fn draft_shared(
    book: &RuleBook,
    reg: &Regulation,
    name: &str,
    rule: &SetRule,
    opts: Options<'_>,
) -> Result<Draft, String> {
    let (from, to, before) = period(rule, opts.year)?;
    let versions = book.shared.versions(name);
    let base = book.shared.in_force(name, before).ok_or_else(|| {
        format!(
            "no version of the shared amount is in force on {before} to regulate from{}",
            span_hint(versions.iter().map(|v| (v.valid_from, v.valid_to)))
        )
    })?;
    if base.valid_to != Some(before) {
        return Err(format!(
            "version {} runs to {}, past the regulation date {from}: end it on {before} first",
            base.version,
            base.valid_to
                .map_or("(open)".to_string(), |d| d.to_string())
        ));
    }
    let method = rule
        .parameters
        .get("amount")
        .ok_or_else(|| format!("the regulation of `amount` is not declared in {}", reg.file))?;
    if let Method::NotFound { reason, .. } = method {
        return Err(format!("`amount`: {reason}"));
    }
    let label = format!(
        "{} {}, {}; {} sha256 {}",
        name,
        base.version,
        status_word(base.status),
        base.file,
        short(&base.sha256)
    );
    let (value, chain) = by_percentage(reg, base.value, &label, method, opts, "amount")?;
    let mut warnings = Vec::new();
    let current = book.shared.in_force(name, from);
    if let Some(v) = current {
        warnings.push(existing(&v.version, &v.file, from));
    }
    let text = shared_toml(base, reg, method.sources(), opts, from, to, value, &chain);
    Ok(Draft {
        id: name.to_string(),
        shared: true,
        base_version: base.version.clone(),
        valid_from: from,
        valid_to: to,
        path: format!("shared/{name}/{}.toml", opts.year),
        text,
        regulated: vec![Step {
            parameter: "amount".into(),
            old: base.value,
            new: value,
            chain,
            in_force: current.map(|v| (v.version.clone(), v.value, v.status)),
        }],
        fixed: Vec::new(),
        warnings,
    })
}

fn existing(version: &str, file: &str, from: NaiveDate) -> String {
    format!(
        "version {version} ({file}) is already in force on {from}: this draft is for comparison; a rules directory can hold one of them, not both"
    )
}

fn span_hint(periods: impl Iterator<Item = (NaiveDate, Option<NaiveDate>)>) -> String {
    let periods: Vec<_> = periods.collect();
    match (periods.first(), periods.last()) {
        (Some((a, _)), Some((_, b))) => format!(
            " (versions cover {a} to {})",
            b.map_or("(open)".to_string(), |d| d.to_string())
        ),
        _ => String::new(),
    }
}

/// An exact intermediate value for a reader: its decimals, at most four.
fn shown(v: Decimal) -> String {
    let v = v.normalize();
    let r = v.round_dp(4);
    let text = num::danish(r, r.scale());
    if r == v { text } else { format!("{text}…") }
}

fn short(sha: &str) -> &str {
    &sha[..12.min(sha.len())]
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Enacted => "published",
        Status::Secondary => "secondary",
        Status::Derived => "derived",
        Status::NotCovered => "not covered",
    }
}

enum Out {
    Regulated(Step, Vec<String>),
    Fixed(Fixed),
}

fn draft_rule_set(
    book: &RuleBook,
    reg: &Regulation,
    id: &str,
    rule: &SetRule,
    shared: &BTreeMap<String, (Decimal, String)>,
    opts: Options<'_>,
) -> Result<Draft, String> {
    let (from, to, before) = period(rule, opts.year)?;
    let versions = book.versions(id);
    let base = book.in_force(id, before).map_err(|_| {
        format!(
            "no version is in force on {before} to regulate from{}",
            span_hint(versions.iter().map(|v| (v.valid_from, v.valid_to)))
        )
    })?;
    if base.status == Status::NotCovered {
        return Err(format!(
            "version {} (the one to regulate from) is not covered: {}",
            base.version,
            base.notes.as_deref().unwrap_or("").trim()
        ));
    }
    if base.valid_to != Some(before) {
        return Err(format!(
            "version {} runs to {}, past the regulation date {from}: end it on {before} first",
            base.version,
            base.valid_to_label()
        ));
    }
    let label = |p: &crate::rules::Parameter| {
        format!(
            "{id} {}, {}; {} sha256 {}",
            base.version,
            status_word(p.status),
            base.file,
            short(&base.sha256)
        )
    };
    let mut outs: BTreeMap<String, Out> = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, p) in &base.parameters {
        if let Some(method) = rule.parameters.get(name) {
            let result = match method {
                Method::NotFound { reason, .. } => {
                    Err(format!("`{name}`: {}", reason.trim_end_matches('.')))
                }
                Method::Percentage { .. } => {
                    by_percentage(reg, p.value, &label(p), method, opts, name)
                }
                Method::Share {
                    shared: s,
                    percent,
                    fraction,
                    divide_by,
                    round,
                    sources,
                    note,
                } => match shared.get(s) {
                    None => Err(format!(
                        "`{name}`: the shared amount `{s}` has no draft for {} (see its refusal)",
                        opts.year
                    )),
                    Some((amount, chain)) => share(
                        *amount, chain, *percent, *fraction, divide_by, *round, reg, sources, note,
                        name,
                    ),
                },
            };
            match result {
                Ok((value, chain)) => {
                    let mut keys = p.sources.clone();
                    for k in method.sources() {
                        let key = format!("regulation_{k}");
                        if !keys.contains(&key) {
                            keys.push(key);
                        }
                    }
                    outs.insert(
                        name.clone(),
                        Out::Regulated(
                            Step {
                                parameter: name.clone(),
                                old: p.value,
                                new: value,
                                chain,
                                in_force: book.in_force(id, from).ok().and_then(|v| {
                                    v.parameter(name)
                                        .map(|q| (v.version.clone(), q.value, q.status))
                                }),
                            },
                            keys,
                        ),
                    );
                }
                Err(e) => problems.push(e),
            }
        } else if let Some(why) = rule
            .fixed
            .get(name)
            .or_else(|| rule.fixed_units.get(p.unit.name()))
        {
            outs.insert(
                name.clone(),
                Out::Fixed(Fixed {
                    parameter: name.clone(),
                    value: p.display.clone(),
                    reason: why.clone(),
                }),
            );
        } else {
            problems.push(format!(
                "the regulation of `{name}` ({}) is not declared in {}",
                p.unit.name(),
                reg.file
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let mut warnings = Vec::new();
    if let Ok(v) = book.in_force(id, from) {
        warnings.push(existing(&v.version, &v.file, from));
    }
    let text = version_toml(base, reg, rule, &outs, opts, from, to);
    let mut regulated = Vec::new();
    let mut fixed = Vec::new();
    for out in outs.into_values() {
        match out {
            Out::Regulated(s, _) => regulated.push(s),
            Out::Fixed(f) => fixed.push(f),
        }
    }
    Ok(Draft {
        id: id.to_string(),
        shared: false,
        base_version: base.version.clone(),
        valid_from: from,
        valid_to: to,
        path: format!("{}/{id}/{}.toml", base.family, opts.year),
        text,
        regulated,
        fixed,
        warnings,
    })
}

#[allow(clippy::too_many_arguments)]
fn share(
    amount: Decimal,
    amount_chain: &str,
    percent: Decimal,
    fraction: Option<(Decimal, Decimal)>,
    divide_by: &[Decimal],
    round: Round,
    reg: &Regulation,
    sources: &[String],
    note: &Option<String>,
    name: &str,
) -> Result<(Decimal, String), String> {
    let too_large = || format!("`{name}`: the share of {amount} is too large to compute");
    let mut exact = amount
        .checked_mul(percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .ok_or_else(too_large)?;
    let mut formula = if percent == Decimal::ONE_HUNDRED {
        num::danish(amount, 0)
    } else {
        format!("{} % × {}", num::plain_da(percent), num::danish(amount, 0))
    };
    if let Some((a, b)) = fraction {
        exact = exact
            .checked_mul(a)
            .and_then(|v| v.checked_div(b))
            .ok_or_else(too_large)?;
        formula = format!("{}/{} × {formula}", num::plain_da(a), num::plain_da(b));
    }
    for d in divide_by {
        exact = exact.checked_div(*d).ok_or_else(too_large)?;
        let _ = write!(formula, " ÷ {}", num::plain_da(*d));
    }
    let result = round
        .apply(exact)
        .ok_or_else(|| format!("`{name}`: cannot round {exact}"))?;
    let rounded = if exact == result {
        String::new()
    } else {
        format!(
            " → {} ({})",
            num::danish(result, result.scale()),
            round.describe()
        )
    };
    let mut chain = format!(
        "{formula} = {}{rounded}; {}; the amount: {amount_chain}",
        shown(exact),
        citations(reg, sources)
    );
    if let Some(n) = note {
        let _ = write!(chain, ". {n}");
    }
    Ok((result, chain))
}

// --- Writing the TOML ---------------------------------------------------------------------

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(keys: &[String]) -> String {
    let items: Vec<String> = keys.iter().map(|k| quote(k)).collect();
    format!("[{}]", items.join(", "))
}

fn write_source(out: &mut String, key: &str, s: &LegalSource) {
    let _ = writeln!(out, "\n[sources.{key}]");
    let _ = writeln!(out, "act = {}", quote(&s.act));
    if let Some(p) = &s.paragraph {
        let _ = writeln!(out, "paragraph = {}", quote(p));
    }
    let _ = writeln!(out, "url = {}", quote(&s.url));
    if let Some(n) = &s.note {
        let _ = writeln!(out, "note = {}", quote(n));
    }
}

/// A parameter's value as the file writes it, by unit.
fn value_text(unit: Unit, value: Decimal, display: &str) -> String {
    match unit {
        Unit::Date | Unit::Flag => display.to_string(),
        Unit::Fraction if display.contains('/') => quote(display),
        _ => num::plain(value),
    }
}

fn command(opts: Options<'_>) -> String {
    let mut c = format!(
        "beregner regulate --year {} --percent {}",
        opts.year,
        num::plain(opts.percent)
    );
    for (k, v) in opts.percent_for {
        let _ = write!(c, " --percent-for {k}={}", num::plain(*v));
    }
    if let Some(d) = opts.deduct.filter(|d| !d.is_zero()) {
        let _ = write!(c, " --deduct {}", num::plain(d));
    }
    c
}

fn header_notes(base_version: &str, file: &str, sha: &str, opts: Options<'_>) -> String {
    format!(
        "DRAFT: every regulated amount is derived by `{}` from version {base_version} ({file}, sha256 {}), each with its chain. Replace each value by the published {} figure when it appears; `beregner changelog` then shows the difference.",
        command(opts),
        short(sha),
        opts.year
    )
}

#[allow(clippy::too_many_arguments)]
fn shared_toml(
    base: &SharedAmount,
    reg: &Regulation,
    reg_sources: &[String],
    opts: Options<'_>,
    from: NaiveDate,
    to: NaiveDate,
    value: Decimal,
    chain: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{DRAFT_MARKER} from {}.", base.file);
    let _ = writeln!(
        out,
        "# {}",
        header_notes(&base.version, &base.file, &base.sha256, opts)
    );
    let _ = writeln!(out, "\nshared = {}", quote(&base.name));
    let _ = writeln!(out, "title = {}", quote(&base.title));
    let _ = writeln!(out, "version = {}", quote(&opts.year.to_string()));
    let _ = writeln!(out, "valid_from = {from}");
    let _ = writeln!(out, "valid_to = {to}");
    let _ = writeln!(out, "status = \"derived\"");
    for (k, s) in &base.sources {
        write_source(&mut out, k, s);
    }
    let mut keys: Vec<String> = base.sources.keys().cloned().collect();
    for k in reg_sources {
        let key = format!("regulation_{k}");
        // A draft regulated again already carries the regulation's sources.
        if let (Some(s), false) = (reg.sources.get(k), base.sources.contains_key(&key)) {
            write_source(&mut out, &key, s);
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let _ = writeln!(out, "\n[amount]");
    let _ = writeln!(out, "value = {}", num::plain(value));
    let _ = writeln!(out, "unit = {}", quote(base.unit.name()));
    let _ = writeln!(out, "derivation = {}", quote(chain));
    let _ = writeln!(out, "sources = {}", list(&keys));
    out
}

fn version_toml(
    base: &RuleSetVersion,
    reg: &Regulation,
    rule: &SetRule,
    outs: &BTreeMap<String, Out>,
    opts: Options<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{DRAFT_MARKER} from {}.", base.file);
    let _ = writeln!(out, "\nrule_set = {}", quote(&base.id));
    let _ = writeln!(out, "family = {}", quote(&base.family));
    let _ = writeln!(out, "version = {}", quote(&opts.year.to_string()));
    let _ = writeln!(
        out,
        "title = {}",
        quote(&format!(
            "DRAFT {}: regulated from {} ({})",
            opts.year,
            base.version,
            original_title(base.title.as_deref().unwrap_or(&base.id))
        ))
    );
    let _ = writeln!(out, "valid_from = {from}");
    let _ = writeln!(out, "valid_to = {to}");
    let _ = writeln!(out, "status = \"derived\"");
    let mut notes = header_notes(&base.version, &base.file, &base.sha256, opts);
    // A draft regulated again carries the notes of the version its chain began from.
    let earlier = base
        .notes
        .as_deref()
        .map(|n| match n.strip_prefix("DRAFT: ") {
            Some(draft) => draft
                .split_once("\n\nThe notes of version ")
                .map_or(String::new(), |(_, rest)| {
                    format!("The notes of version {rest}")
                }),
            None => format!("The notes of version {}: {}", base.version, n.trim()),
        });
    if let Some(n) = earlier.filter(|n| !n.is_empty()) {
        let _ = write!(notes, "\n\n{n}");
    }
    let _ = writeln!(out, "notes = {}", quote(&notes));
    for (k, s) in &base.sources {
        write_source(&mut out, k, s);
    }
    // The legal basis of each regulation, once.
    let mut added: Vec<&String> = Vec::new();
    for m in rule.parameters.values() {
        for k in m.sources() {
            if !added.contains(&k) && outs.values().any(|o| matches!(o, Out::Regulated(_, keys) if keys.contains(&format!("regulation_{k}")))) {
                added.push(k);
            }
        }
    }
    for k in added {
        let key = format!("regulation_{k}");
        if let (Some(s), false) = (reg.sources.get(k), base.sources.contains_key(&key)) {
            write_source(&mut out, &key, s);
        }
    }
    // Parameters in the scheme's declared order, then any others.
    let mut names: Vec<&str> = base
        .scheme
        .parameters
        .iter()
        .map(|p| p.name)
        .filter(|n| base.parameters.contains_key(*n))
        .collect();
    for n in base.parameters.keys() {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    for name in names {
        let (Some(p), Some(o)) = (base.parameters.get(name), outs.get(name)) else {
            continue;
        };
        let _ = writeln!(out, "\n[parameters.{name}]");
        match o {
            Out::Regulated(step, keys) => {
                let _ = writeln!(out, "value = {}", num::plain(step.new));
                let _ = writeln!(out, "unit = {}", quote(p.unit.name()));
                let _ = writeln!(out, "status = \"derived\"");
                let _ = writeln!(out, "derivation = {}", quote(&step.chain));
                let _ = writeln!(out, "sources = {}", list(keys));
            }
            Out::Fixed(f) => {
                let _ = writeln!(out, "value = {}", value_text(p.unit, p.value, &p.display));
                let _ = writeln!(out, "unit = {}", quote(p.unit.name()));
                if p.status != Status::Enacted {
                    let _ = writeln!(out, "status = {}", quote(p.status.name()));
                }
                if let Some(d) = &p.derivation {
                    let _ = writeln!(out, "derivation = {}", quote(d));
                }
                if let Some(d) = &p.derivation_da {
                    let _ = writeln!(out, "derivation_da = {}", quote(d));
                }
                if let Some(q) = &p.quoted_by {
                    let _ = writeln!(out, "quoted_by = {}", quote(q));
                }
                if let Some(q) = &p.quoted_by_da {
                    let _ = writeln!(out, "quoted_by_da = {}", quote(q));
                }
                let _ = writeln!(out, "sources = {}", list(&p.sources));
                let note = match &p.note {
                    Some(n) => format!("{n}. Not regulated: {}", f.reason),
                    None => format!("Not regulated: {}", f.reason),
                };
                let _ = writeln!(out, "note = {}", quote(&note));
            }
        }
    }
    for (name, r) in &base.roundings {
        let _ = writeln!(out, "\n[rounding.{name}]");
        let _ = writeln!(out, "scale = {}", r.rounding.scale);
        let _ = writeln!(out, "mode = {}", quote(r.rounding.mode.name()));
        if r.status != Status::Enacted {
            let _ = writeln!(out, "status = {}", quote(r.status.name()));
        }
        if let Some(d) = &r.derivation {
            let _ = writeln!(out, "derivation = {}", quote(d));
        }
        if let Some(d) = &r.derivation_da {
            let _ = writeln!(out, "derivation_da = {}", quote(d));
        }
        if let Some(q) = &r.quoted_by {
            let _ = writeln!(out, "quoted_by = {}", quote(q));
        }
        let _ = writeln!(out, "sources = {}", list(&r.sources));
    }
    for (name, r) in &base.rules {
        let _ = writeln!(out, "\n[rules.{name}]");
        let _ = writeln!(out, "sources = {}", list(&r.sources));
        if let Some(n) = &r.note {
            let _ = writeln!(out, "note = {}", quote(n));
        }
    }
    out
}

/// The title a version had before it was drafted: `DRAFT 2026: regulated from 2025 (T)` → `T`.
fn original_title(t: &str) -> &str {
    match t.strip_prefix("DRAFT ").and_then(|rest| {
        let i = rest.find(" (")?;
        rest.strip_suffix(')').map(|r| &r[i + 2..])
    }) {
        Some(inner) => original_title(inner),
        None => t,
    }
}

/// Loads the drafts with the rule sets they build on (the versions they would replace left out):
/// every draft must pass the checks `beregner check` runs.
fn verify(
    files: &[RuleFile],
    specs: &'static [&'static SchemeSpec],
    book: &RuleBook,
    report: &Report,
) -> Result<(), Vec<Diagnostic>> {
    if report.drafts.is_empty() {
        return Ok(());
    }
    let overlaps = |from: NaiveDate, to: Option<NaiveDate>, d: &Draft| {
        from <= d.valid_to && to.is_none_or(|t| t >= d.valid_from)
    };
    let mut replaced: Vec<&str> = Vec::new();
    for d in &report.drafts {
        if d.shared {
            for v in book.shared.versions(&d.id) {
                if overlaps(v.valid_from, v.valid_to, d) {
                    replaced.push(&v.file);
                }
            }
        } else {
            for v in book.versions(&d.id) {
                if overlaps(v.valid_from, v.valid_to, d) {
                    replaced.push(&v.file);
                }
            }
        }
    }
    let mut merged: Vec<RuleFile> = files
        .iter()
        .filter(|f| !replaced.contains(&f.name.as_str()))
        .cloned()
        .collect();
    for d in &report.drafts {
        merged.push(RuleFile {
            name: format!("draft:{}", d.path),
            bytes: std::borrow::Cow::Owned(d.text.clone().into_bytes()),
        });
    }
    crate::rules::load(&merged, specs).map(|_| ())
}

impl Report {
    /// The report for a person: each draft with its chains, the fixed amounts, the refusals.
    pub fn to_text(&self, written: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Drafts for {}:", self.year);
        for (key, name, value) in &self.percentages {
            let _ = writeln!(out, "  {key} = {} %: {name}", num::plain_da(*value));
        }
        for d in &self.drafts {
            let place = written
                .get(&d.path)
                .cloned()
                .unwrap_or_else(|| d.path.clone());
            let _ = writeln!(
                out,
                "\n{}{}: {place}\n  from version {}, valid {} to {}",
                d.id,
                if d.shared { " (shared amount)" } else { "" },
                d.base_version,
                d.valid_from,
                d.valid_to
            );
            for s in &d.regulated {
                let _ = writeln!(
                    out,
                    "  {}: {} → {}\n      {}",
                    s.parameter,
                    num::danish(s.old, s.old.scale()),
                    num::danish(s.new, s.new.scale()),
                    s.chain
                );
                if let Some((version, value, status)) = &s.in_force {
                    let diff = *value - s.new;
                    let verdict = if diff.is_zero() {
                        "the same".to_string()
                    } else {
                        format!(
                            "differs from the draft by {} ({} − {})",
                            num::danish(diff, diff.scale()),
                            num::danish(*value, value.scale()),
                            num::danish(s.new, s.new.scale())
                        )
                    };
                    let _ = writeln!(
                        out,
                        "      in force on {}: version {version} has {} ({}): {verdict}",
                        d.valid_from,
                        num::danish(*value, value.scale()),
                        status_word(*status)
                    );
                }
            }
            if !d.fixed.is_empty() {
                let _ = writeln!(out, "  fixed by law, not regulated:");
                for f in &d.fixed {
                    let _ = writeln!(out, "    {} = {} ({})", f.parameter, f.value, f.reason);
                }
            }
            for w in &d.warnings {
                let _ = writeln!(out, "  warning: {w}");
            }
        }
        if !self.refused.is_empty() {
            let _ = writeln!(out, "\nRefused (no draft written):");
            for (id, why) in &self.refused {
                let _ = writeln!(out, "  {id}: {why}");
            }
        }
        if !self.not_regulated.is_empty() {
            let _ = writeln!(out, "\nNot regulated (no amount the law regulates):");
            for (id, why) in &self.not_regulated {
                let _ = writeln!(out, "  {id}: {why}");
            }
        }
        let _ = writeln!(
            out,
            "\n{} draft(s), {} refused, {} not regulated.",
            self.drafts.len(),
            self.refused.len(),
            self.not_regulated.len()
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn regulation_dates_are_the_laws() {
        let monday = DateRule::FirstMondayOfJanuary;
        assert_eq!(monday.date(2025), NaiveDate::from_ymd_opt(2025, 1, 6));
        assert_eq!(monday.date(2026), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(monday.date(2027), NaiveDate::from_ymd_opt(2027, 1, 4));
        assert_eq!(
            DateRule::January1.date(2027),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(monday.date(2024).map(|d| d.weekday()), Some(Weekday::Mon));
    }

    #[test]
    fn rounding_to_a_multiple_of_five() {
        let r = Round {
            rounding: Rounding {
                scale: 0,
                mode: RoundingMode::HalfUp,
            },
            step: Some(Decimal::from(5)),
        };
        // 4.695 × 1,036 = 4.864,02 → 4.865 (sygedagpenge 2025)
        assert_eq!(r.apply(Decimal::new(486402, 2)), Some(Decimal::from(4865)));
        assert_eq!(r.apply(Decimal::new(50839, 1)), Some(Decimal::from(5085)));
    }

    #[test]
    fn a_draft_of_a_draft_keeps_the_original_title() {
        assert_eq!(
            original_title(
                "DRAFT 2026: regulated from 2025 (DRAFT 2025: regulated from 2024 (4.695 kr. (a week)))"
            ),
            "4.695 kr. (a week)"
        );
        assert_eq!(
            original_title("Fleksløntilskud 2026"),
            "Fleksløntilskud 2026"
        );
    }

    #[test]
    fn quoting_keeps_every_character() {
        assert_eq!(quote("a \"b\"\\\nc"), "\"a \\\"b\\\"\\\\\\nc\"");
    }
}
