//! Reform overlays: a small TOML file that changes named parameters (or roundings) of a rule
//! set from a date, without copying the rule set. "What if the 55 % became 50 % from
//! 2027-01-01?"
//!
//! ```toml
//! title = "55 % becomes 50 % from 2027"
//! [[change]]
//! rule_set = "fleksloentilskud"
//! parameter = "high_rate"
//! value = 50
//! from = 2027-01-01
//! until = 2027-12-31   # needed when no version covers `from`: the last version is projected
//! ```
//!
//! A version that the change's period cuts is split at the period's edges; the changed part is
//! named `<version>+overlay`, carries the overlay's title, and its hash is the SHA-256 of the
//! version's hash and the overlay's, so every result says it was computed under a proposal.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::rules::spec::SchemeSpec;
use crate::rules::{RuleBook, RuleSetVersion};
use crate::source::diag::{Diagnostic, SourceText, did_you_mean};
use crate::source::tree::{Ctx, Kind, TableReader, parse_toml};
use crate::values::rounding::{Rounding, RoundingMode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Parameter { name: String, value: Decimal },
    Rounding { name: String, rounding: Rounding },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Only project the last version over this change's period, without changing it (the
    /// baseline a reform is compared against).
    pub projection_only: bool,
    pub rule_set: String,
    pub target: Target,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub note: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub title: String,
    pub file: String,
    pub sha256: String,
    pub changes: Vec<Change>,
}

/// How a parameter changed by an overlay is marked in its note.
pub const OVERLAY_NOTE: &str = "changed by overlay: ";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks an overlay file against the schemes' parameter lists.
pub fn parse(
    src: &SourceText,
    specs: &'static [&'static SchemeSpec],
) -> Result<Overlay, Vec<Diagnostic>> {
    let root = parse_toml(src).map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(src);
    let overlay = read(&root, src, specs, &mut ctx);
    match overlay {
        Some(o) if !ctx.has_errors() => Ok(o),
        _ => Err(ctx.diags),
    }
}

fn read(
    root: &crate::source::tree::Node,
    src: &SourceText,
    specs: &'static [&'static SchemeSpec],
    ctx: &mut Ctx,
) -> Option<Overlay> {
    let mut t = TableReader::new(root, "", ctx)?;
    let title: Option<String> = t.required("title", ctx);
    let _: Option<String> = t.optional("description", ctx);
    let mut changes = Vec::new();
    match t.node("change").map(|n| (&n.kind, n.span.clone())) {
        Some((Kind::Array(items), _)) => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("change[{i}]");
                if let Some(mut c) = TableReader::new(item, &path, ctx)
                    && let Some(change) = read_change(&mut c, specs, ctx)
                {
                    c.finish(ctx);
                    changes.push(change);
                }
            }
        }
        Some((_, span)) => ctx.error(&span, "change", "expected [[change]] tables"),
        None => {
            let span = t.span().clone();
            ctx.error(&span, "change", "an overlay needs at least one [[change]]");
        }
    }
    t.finish(ctx);
    Some(Overlay {
        title: title?,
        file: src.name.clone(),
        sha256: hex(&Sha256::digest(src.text.as_bytes())),
        changes,
    })
}

fn read_change(
    c: &mut TableReader,
    specs: &'static [&'static SchemeSpec],
    ctx: &mut Ctx,
) -> Option<Change> {
    let rule_set: Option<String> = c.required("rule_set", ctx);
    let parameter: Option<String> = c.optional("parameter", ctx);
    let rounding: Option<String> = c.optional("rounding", ctx);
    let value: Option<Decimal> = c.optional("value", ctx);
    let scale: Option<u32> = c.optional("scale", ctx);
    let mode: Option<String> = c.optional("mode", ctx);
    let from: Option<NaiveDate> = c.required("from", ctx);
    let until: Option<NaiveDate> = c.optional("until", ctx);
    let note: Option<String> = c.optional("note", ctx);
    let url: Option<String> = c.optional("url", ctx);
    let span = c.span().clone();
    let scheme = rule_set.as_deref().and_then(|id| {
        let s = specs.iter().copied().find(|s| s.name == id);
        if s.is_none() {
            let mut d = ctx.src.error(
                c.node("rule_set").and_then(|n| n.span.clone()),
                c.field_path("rule_set"),
                format!("no rule set `{id}`"),
            );
            if let Some(h) = did_you_mean(id, specs.iter().map(|s| s.name)) {
                d = d.with_help(format!("did you mean `{h}`?"));
            }
            ctx.push(d);
        }
        s
    });
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        ctx.error(
            &c.node("until").and_then(|n| n.span.clone()),
            &c.field_path("until"),
            format!("ends ({u}) before it starts ({f})"),
        );
    }
    let target = match (parameter, rounding) {
        (Some(name), None) => {
            let Some(value) = value else {
                ctx.error(
                    &span,
                    &c.field_path("value"),
                    "missing required field: the parameter's new value",
                );
                return None;
            };
            if let Some(scheme) = scheme {
                match scheme.parameter(&name) {
                    None => {
                        let mut d = ctx.src.error(
                            c.node("parameter").and_then(|n| n.span.clone()),
                            c.field_path("parameter"),
                            format!("`{name}` is not a parameter of {}", scheme.name),
                        );
                        if let Some(h) =
                            did_you_mean(&name, scheme.parameters.iter().map(|p| p.name))
                        {
                            d = d.with_help(format!("did you mean `{h}`?"));
                        }
                        ctx.push(d);
                    }
                    Some(spec) => {
                        let (lo, hi) = spec.unit.bounds();
                        if value < lo || hi.is_some_and(|hi| value > hi) {
                            ctx.error(
                                &c.node("value").and_then(|n| n.span.clone()),
                                &c.field_path("value"),
                                format!("{value} is out of range for `{}`", spec.unit.name()),
                            );
                        }
                    }
                }
            }
            Target::Parameter { name, value }
        }
        (None, Some(name)) => {
            if let Some(scheme) = scheme
                && !scheme.roundings.iter().any(|r| r.name == name)
            {
                ctx.error(
                    &c.node("rounding").and_then(|n| n.span.clone()),
                    &c.field_path("rounding"),
                    format!("`{name}` is not a rounding of {}", scheme.name),
                );
            }
            let mode = match mode.as_deref().map(RoundingMode::parse) {
                Some(Some(m)) => m,
                Some(None) => {
                    ctx.error(
                        &c.node("mode").and_then(|n| n.span.clone()),
                        &c.field_path("mode"),
                        format!("not a rounding mode ({})", RoundingMode::NAMES.join(", ")),
                    );
                    return None;
                }
                None => {
                    ctx.error(
                        &span,
                        &c.field_path("mode"),
                        "missing required field: the rounding's mode",
                    );
                    return None;
                }
            };
            let Some(scale) = scale.filter(|s| *s <= Rounding::MAX_SCALE) else {
                ctx.error(
                    &span,
                    &c.field_path("scale"),
                    format!(
                        "missing or out of range: 0 to {} decimals",
                        Rounding::MAX_SCALE
                    ),
                );
                return None;
            };
            Target::Rounding {
                name,
                rounding: Rounding { scale, mode },
            }
        }
        _ => {
            ctx.error(&span, c.path(), "name either a `parameter` (with `value`) or a `rounding` (with `scale` and `mode`)");
            return None;
        }
    };
    Some(Change {
        projection_only: false,
        rule_set: rule_set?,
        target,
        from: from?,
        until,
        note,
        url,
    })
}

fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn day_after(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The changed copy of a version for the period `from..=until`.
fn changed(
    v: &RuleSetVersion,
    overlay: &Overlay,
    change: &Change,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<RuleSetVersion, String> {
    let mut c = v.clone();
    c.valid_from = from;
    c.valid_to = until;
    if change.projection_only {
        c.version = format!("{}+projected", v.version);
        c.overlay = Some(format!("{} projected to {from}", v.version));
        c.sha256 = hex(&Sha256::digest(
            format!("{}projected{from}", v.sha256).as_bytes(),
        ));
        return Ok(c);
    }
    if c.overlay.is_none() {
        c.version = format!("{}+overlay", v.version);
    }
    c.overlay = Some(overlay.title.clone());
    c.sha256 = hex(&Sha256::digest(
        format!("{}{}", v.sha256, overlay.sha256).as_bytes(),
    ));
    match &change.target {
        Target::Parameter { name, value } => {
            let p = c
                .parameters
                .get_mut(name)
                .ok_or_else(|| format!("{} has no parameter `{name}`", v.version))?;
            p.note = Some(format!(
                "{OVERLAY_NOTE}{name} = {value} (was {})",
                p.display
            ));
            p.value = *value;
            p.display = crate::values::num::plain(*value);
        }
        Target::Rounding { name, rounding } => {
            let r = c
                .roundings
                .get_mut(name)
                .ok_or_else(|| format!("{} has no rounding `{name}`", v.version))?;
            r.derivation = Some(format!(
                "{OVERLAY_NOTE}rounding.{name} = {rounding} (was {})",
                r.rounding
            ));
            r.rounding = *rounding;
        }
    }
    c.compiled = Some((c.scheme.compile)(&c)?);
    Ok(c)
}

impl Overlay {
    /// The status quo this overlay is measured against: the same projections of the last
    /// version over periods no version covers, with nothing changed.
    pub fn baseline(&self) -> Overlay {
        Overlay {
            title: format!("{} — baseline without the change", self.title),
            file: self.file.clone(),
            sha256: hex(&Sha256::digest(
                format!("baseline:{}", self.sha256).as_bytes(),
            )),
            changes: self
                .changes
                .iter()
                .map(|c| Change {
                    projection_only: true,
                    ..c.clone()
                })
                .collect(),
        }
    }
}

impl RuleBook {
    /// A copy of the book with the overlay's changes applied.
    pub fn with_overlay(&self, overlay: &Overlay) -> Result<RuleBook, Diagnostic> {
        let fail = |message: String| {
            SourceText::new(overlay.file.clone(), "").error(None, "change", message)
        };
        let mut book = self.clone();
        for change in &overlay.changes {
            let versions = book
                .versions_mut(&change.rule_set)
                .ok_or_else(|| fail(format!("no rule set `{}` is loaded", change.rule_set)))?;
            let (from, until) = (change.from, change.until);
            let overlaps = |v: &RuleSetVersion| {
                v.valid_to.is_none_or(|to| to >= from) && until.is_none_or(|u| v.valid_from <= u)
            };
            let mut out = Vec::with_capacity(versions.len() + 2);
            for v in versions.iter() {
                if !overlaps(v) || change.projection_only {
                    out.push(v.clone());
                    continue;
                }
                if v.valid_from < from {
                    let mut before = v.clone();
                    before.valid_to = Some(day_before(from));
                    out.push(before);
                }
                let start = v.valid_from.max(from);
                let end = match (v.valid_to, until) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                out.push(changed(v, overlay, change, start, end).map_err(fail)?);
                if let (Some(u), Some(to)) = (until, v.valid_to)
                    && u < to
                {
                    let mut after = v.clone();
                    after.valid_from = day_after(u);
                    out.push(after);
                }
            }
            // A period beyond the last version: project the last version forward.
            let last_end = versions.last().and_then(|v| v.valid_to);
            if let Some(last_end) = last_end
                && from > last_end
            {
                let Some(until) = until else {
                    return Err(fail(format!(
                        "no version of `{}` is in force on {from} (the last ends {last_end}); give `until` to project the last version forward",
                        change.rule_set
                    )));
                };
                let last = versions.last().ok_or_else(|| fail("no versions".into()))?;
                out.push(changed(last, overlay, change, from, Some(until)).map_err(fail)?);
            }
            *versions = out;
        }
        Ok(book)
    }
}
