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
//! until = 2027-12-31   # needed when no version covers `from`; over a `not_covered` version
//!                      # the last covered version is projected only when `until` is given
//! ```
//!
//! A version that the change's period cuts is split at the period's edges; the changed part is
//! named `<version>+overlay`, carries the overlay's title, and its hash is the SHA-256 of the
//! version's hash and the overlay's, so every result says it was computed under a proposal.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::rules::spec::Unit;
use crate::rules::{RuleBook, RuleSetVersion, Status};
use crate::source::diag::{Diagnostic, Severity};
use crate::values::rounding::Rounding;
#[cfg(feature = "toml")]
use crate::{
    rules::spec::SchemeSpec,
    source::diag::{SourceText, did_you_mean},
    source::tree::{Ctx, Kind, TableReader, parse_toml},
    values::rounding::RoundingMode,
};

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
    /// Where the change names what it changes (its `parameter` or `rounding`), for problems
    /// found when it is applied to the rule sets.
    pub at: Option<(u32, u32)>,
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

#[cfg(feature = "toml")]
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
        _ => Err(crate::text::diag::settled(ctx.diags)),
    }
}

#[cfg(feature = "toml")]
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
            // Where each (rule set, parameter or rounding, from) was first changed: a second
            // change of the same from the same day would silently win over the first.
            let mut seen: Vec<(String, String, NaiveDate, usize)> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let path = format!("change[{i}]");
                if let Some(mut c) = TableReader::new(item, &path, ctx)
                    && let Some(change) = read_change(&mut c, specs, ctx)
                {
                    c.finish(ctx);
                    let what = match &change.target {
                        Target::Parameter { name, .. } => format!("parameter `{name}`"),
                        Target::Rounding { name, .. } => format!("rounding `{name}`"),
                    };
                    if let Some((_, _, _, first)) = seen.iter().find(|(r, w, f, _)| {
                        *r == change.rule_set && *w == what && *f == change.from
                    }) {
                        ctx.error(
                            &item.span,
                            &path,
                            format!(
                                "change[{first}] already changes {what} of {} from {}: one change per day",
                                change.rule_set, change.from
                            ),
                        );
                    } else {
                        seen.push((change.rule_set.clone(), what, change.from, i));
                    }
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

#[cfg(feature = "toml")]
fn read_change(
    c: &mut TableReader,
    specs: &'static [&'static SchemeSpec],
    ctx: &mut Ctx,
) -> Option<Change> {
    let rule_set: Option<String> = c.required("rule_set", ctx);
    let parameter: Option<String> = c.optional("parameter", ctx);
    let rounding: Option<String> = c.optional("rounding", ctx);
    // A date parameter's new value may be written as a date.
    let value: Option<Decimal> = match c.node("value").map(|n| &n.kind) {
        Some(Kind::Date(_)) => c.optional::<NaiveDate>("value", ctx).map(Unit::date_value),
        _ => c.optional("value", ctx),
    };
    let scale: Option<u32> = c.optional("scale", ctx);
    let mode: Option<String> = c.optional("mode", ctx);
    let from: Option<NaiveDate> = c.required("from", ctx);
    let until: Option<NaiveDate> = c.optional("until", ctx);
    let note: Option<String> = c.optional("note", ctx);
    let url: Option<String> = c.optional("url", ctx);
    let span = c.span().clone();
    let at = c
        .node("parameter")
        .or_else(|| c.node("rounding"))
        .and_then(|n| n.span.clone())
        .or_else(|| span.clone())
        .map(|s| ctx.src.line_col(s.start));
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
    // As a case's dates: a year outside 1900-2100 is a typing error (9999-12-31 would be cut
    // to the last version's end without a word).
    for (key, date) in [("from", from), ("until", until)] {
        if let Some(d) = date
            && !crate::rules::spec::bounds::history_year(chrono::Datelike::year(&d))
        {
            ctx.error(
                &c.node(key).and_then(|n| n.span.clone()),
                &c.field_path(key),
                crate::rules::spec::bounds::out_of_years(d),
            );
        }
    }
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
                // A value that is there but could not be read has had its error already.
                if !c.has("value") {
                    ctx.error(
                        &span,
                        &c.field_path("value"),
                        "missing required field: the parameter's new value",
                    );
                }
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
                        let value_span = c.node("value").and_then(|n| n.span.clone());
                        let (lo, hi) = spec.unit.bounds();
                        if value < lo || hi.is_some_and(|hi| value > hi) {
                            ctx.error(
                                &value_span,
                                &c.field_path("value"),
                                format!(
                                    "{value} is out of range for `{}` (must be {lo} to {})",
                                    spec.unit.name(),
                                    hi.map_or_else(|| "any".to_string(), |h| h.to_string())
                                ),
                            );
                        } else if spec.unit == Unit::Date && Unit::value_date(value).is_none() {
                            ctx.error(
                                &value_span,
                                &c.field_path("value"),
                                format!(
                                    "`{}` is a date: write it as a date such as 2027-01-01",
                                    spec.name
                                ),
                            );
                        }
                        // An amount in kroner is read as a case file reads one.
                        if let Some(node) = c.node("value")
                            && let Kind::String(t) | Kind::Number(t) = &node.kind
                            && let Some(problem) = spec.unit.amount_text_problem(t)
                        {
                            ctx.error(&value_span, &c.field_path("value"), problem);
                        }
                        // As when a rule set loads: a value a formula divides by (or by 100 %
                        // less it) cannot be 0 (or 100 %).
                        if spec.unusable(value) {
                            ctx.error(
                                &value_span,
                                &c.field_path("value"),
                                format!(
                                    "`{name}` would be {value}, but a formula divides by it{}: it cannot be used",
                                    if spec.unit == Unit::Percent {
                                        " (or by 100 % less it)"
                                    } else {
                                        ""
                                    }
                                ),
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
        at,
    })
}

fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn day_after(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The changed copy of a version for the period `from..=until`, and whether the change gave it
/// a value it did not have.
fn changed(
    v: &RuleSetVersion,
    overlay: &Overlay,
    change: &Change,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<(RuleSetVersion, bool), String> {
    let mut c = v.clone();
    c.valid_from = from;
    c.valid_to = until;
    if change.projection_only {
        c.version = format!("{}+projected", v.version);
        c.overlay = Some(format!("{} projected to {from}", v.version));
        c.sha256 = hex(&Sha256::digest(
            format!("{}projected{from}", v.sha256).as_bytes(),
        ));
        return Ok((c, false));
    }
    // An optional item a version leaves out: the law it describes does not hold then.
    let missing = |what: &str, name: &str| {
        let hint = match v.valid_to {
            Some(to) => format!("; start the change after {to}"),
            None => String::new(),
        };
        format!(
            "{} {} ({} to {}) has no {what} `{name}`: it is optional, and that version leaves it out{hint}",
            v.id,
            v.version,
            v.valid_from,
            v.valid_to_label(),
        )
    };
    if c.overlay.is_none() {
        c.version = format!("{}+overlay", v.version);
    }
    c.overlay = Some(overlay.title.clone());
    c.sha256 = hex(&Sha256::digest(
        format!("{}{}", v.sha256, overlay.sha256).as_bytes(),
    ));
    let differs = match &change.target {
        Target::Parameter { name, value } => {
            let p = c
                .parameters
                .get_mut(name)
                .ok_or_else(|| missing("parameter", name))?;
            let differs = p.value != *value;
            p.note = Some(format!(
                "{OVERLAY_NOTE}{name} = {value} (was {})",
                p.display
            ));
            p.value = *value;
            p.display = match p.unit {
                Unit::Date => Unit::value_date(*value).map_or_else(String::new, |d| d.to_string()),
                _ => crate::values::num::plain(*value),
            };
            differs
        }
        Target::Rounding { name, rounding } => {
            let r = c
                .roundings
                .get_mut(name)
                .ok_or_else(|| missing("rounding", name))?;
            let differs = r.rounding != *rounding;
            r.derivation = Some(format!(
                "{OVERLAY_NOTE}rounding.{name} = {rounding} (was {})",
                r.rounding
            ));
            r.rounding = *rounding;
            differs
        }
    };
    c.compiled = Some(
        (c.scheme.compile)(&c)
            .map_err(|e| format!("{} {} cannot be used so: {e}", v.id, v.version))?,
    );
    Ok((c, differs))
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
    /// A copy of the book with the overlay's changes applied. Every change that cannot be
    /// applied is an error at its place in the overlay (a version it covers lacks the item, a
    /// period no version covers without `until`); a change that changes nothing (wholly
    /// outside the versions, or the value every version it covers already has) is a warning
    /// in the book's `warnings`.
    pub fn with_overlay(&self, overlay: &Overlay) -> Result<RuleBook, Vec<Diagnostic>> {
        let mut book = self.clone();
        let mut errors = Vec::new();
        for (i, change) in overlay.changes.iter().enumerate() {
            let located = |message: String| Diagnostic {
                severity: Severity::Error,
                file: overlay.file.clone(),
                position: change.at,
                field: format!("change[{i}]"),
                message,
                help: None,
                sentences: None,
            };
            match book.apply(overlay, change) {
                Ok(true) => {
                    // An `until` past what the rule set holds is cut to its last version's end:
                    // said, so that a later date's "no rule set" is not a surprise.
                    let last_end = book
                        .versions(&change.rule_set)
                        .iter()
                        .filter_map(|v| v.valid_to)
                        .max();
                    if let (Some(u), Some(end)) = (change.until, last_end)
                        && u > end
                    {
                        let message = format!(
                            "`until` {u} reaches past {end}, where the versions of `{}` end: the change applies to {end}, and later dates have no rule set",
                            change.rule_set
                        );
                        book.warnings.push(located(message).warning());
                    }
                }
                Ok(false) if change.projection_only => {}
                Ok(false) => {
                    let versions = book.versions(&change.rule_set);
                    let covering: Vec<&RuleSetVersion> = versions
                        .iter()
                        .filter(|v| v.status != Status::NotCovered)
                        .collect();
                    let covered = match (covering.first(), covering.last()) {
                        (Some(a), Some(b)) => {
                            format!(
                                " (its versions cover {} to {})",
                                a.valid_from,
                                b.valid_to_label()
                            )
                        }
                        _ => String::new(),
                    };
                    let period = match change.until {
                        Some(u) => format!("from {} to {u}", change.from),
                        None => format!("from {}", change.from),
                    };
                    let what = match &change.target {
                        Target::Parameter { name, .. } => format!("`{name}`"),
                        Target::Rounding { name, .. } => format!("rounding `{name}`"),
                    };
                    let touched = versions.iter().any(|v| {
                        v.overlay.as_deref() == Some(overlay.title.as_str())
                            && v.valid_to.is_none_or(|to| to >= change.from)
                            && change.until.is_none_or(|u| v.valid_from <= u)
                    });
                    let message = if touched {
                        format!(
                            "changes nothing: {what} already has this value in every version of `{}` {period}",
                            change.rule_set
                        )
                    } else {
                        format!(
                            "changes nothing: no version of `{}` is in force {period}{covered}",
                            change.rule_set
                        )
                    };
                    book.warnings.push(located(message).warning());
                }
                Err(message) => errors.push(located(message)),
            }
        }
        if errors.is_empty() {
            Ok(book)
        } else {
            Err(errors)
        }
    }

    /// Applies one change; whether it gave any version a value it did not have.
    fn apply(&mut self, overlay: &Overlay, change: &Change) -> Result<bool, String> {
        let versions = self
            .versions_mut(&change.rule_set)
            .ok_or_else(|| format!("no rule set `{}` is loaded", change.rule_set))?;
        let (from, until) = (change.from, change.until);
        let overlaps = |v: &RuleSetVersion| {
            v.valid_to.is_none_or(|to| to >= from) && until.is_none_or(|u| v.valid_from <= u)
        };
        let mut differs = false;
        let mut out = Vec::with_capacity(versions.len() + 2);
        for v in versions.iter() {
            // A period the rule set says it does not cover (a year whose figures were not
            // found): with an end (`until`), as beyond the last version, the last covered
            // version is projected over the change's period; without one, the change applies
            // where there are figures and the period stays not covered.
            if v.status == Status::NotCovered && overlaps(v) {
                let Some(u) = until else {
                    out.push(v.clone());
                    continue;
                };
                let Some(last) = versions
                    .iter()
                    .rev()
                    .find(|x| x.status != Status::NotCovered && x.valid_from < v.valid_from)
                else {
                    out.push(v.clone());
                    continue;
                };
                if v.valid_from < from {
                    let mut before = v.clone();
                    before.valid_to = Some(day_before(from));
                    out.push(before);
                }
                let start = v.valid_from.max(from);
                let end = v.valid_to.map_or(u, |to| to.min(u));
                let (c, d) = changed(last, overlay, change, start, Some(end))?;
                differs |= d || !change.projection_only;
                out.push(c);
                if v.valid_to.is_none_or(|to| u < to) {
                    let mut after = v.clone();
                    after.valid_from = day_after(u);
                    out.push(after);
                }
                continue;
            }
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
            let (c, d) = changed(v, overlay, change, start, end)?;
            differs |= d;
            out.push(c);
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
                // The end of what the rule set covers, not of a version that covers nothing.
                let covered_end = versions
                    .iter()
                    .rev()
                    .find(|v| v.status != Status::NotCovered)
                    .and_then(|v| v.valid_to)
                    .unwrap_or(last_end);
                return Err(format!(
                    "no version of `{}` is in force on {from} (the last ends {covered_end}); give `until` to project the last version forward",
                    change.rule_set
                ));
            };
            let last = versions
                .iter()
                .rev()
                .find(|v| v.status != Status::NotCovered)
                .ok_or_else(|| "no covered versions".to_string())?;
            let (c, d) = changed(last, overlay, change, from, Some(until))?;
            // A projection is a change even with the last version's value: it covers dates no
            // version covered.
            differs |= d || !change.projection_only;
            out.push(c);
        }
        *versions = out;
        Ok(differs)
    }
}
