//! What a result for a date rests on (`beregner rules coverage`): per scheme, the dates covered
//! by status (official, secondary, derived, not covered), merged into contiguous ranges, so a
//! caseworker sees at a glance which periods rest on published figures, which on figures quoted
//! by others, which on derived ones, and which the
//! rule sets do not cover at all (a `not_covered` version, or no version).

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::rules::{RuleBook, RuleSetVersion, Status};

/// How firmly the results for a range of dates rest on their figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Every figure is printed in the law or an official publication.
    Official,
    /// Some figure is an official one as quoted by a municipality, union, employer body or
    /// another calculator, not read on the official page itself (and none is derived).
    Secondary,
    /// Some figure is computed from published ones (the derivation says how).
    Derived,
    /// No result: a version that says what was not found, or no version at all.
    NotCovered,
}

impl Standing {
    pub fn name(self) -> &'static str {
        match self {
            Standing::Official => "official",
            Standing::Secondary => "secondary",
            Standing::Derived => "derived",
            Standing::NotCovered => "not_covered",
        }
    }

    fn of(v: &RuleSetVersion) -> Self {
        match v.status {
            Status::Enacted => Standing::Official,
            Status::Secondary => Standing::Secondary,
            Status::Derived => Standing::Derived,
            Status::NotCovered => Standing::NotCovered,
        }
    }
}

/// A run of days with one standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: Standing,
    /// The versions in force over the range (none where no version is).
    pub versions: Vec<String>,
    /// A version in the range has no end date because its end was not found: results say so.
    pub end_unknown: bool,
}

/// One scheme's ranges, in date order, covering `from` to `to` without gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeCoverage {
    pub rule_set: String,
    pub family: String,
    pub ranges: Vec<Range>,
}

/// The coverage of every rule set in `book` from `from` to `to` (both included).
pub fn coverage(book: &RuleBook, from: NaiveDate, to: NaiveDate) -> Vec<SchemeCoverage> {
    book.ids()
        .map(|id| {
            let versions = book.versions(id);
            SchemeCoverage {
                rule_set: id.to_string(),
                family: versions
                    .first()
                    .map(|v| v.family.clone())
                    .unwrap_or_default(),
                ranges: ranges(versions, from, to),
            }
        })
        .collect()
}

/// The default span: from the first day any version starts to the last day any version names
/// (its end, or for an open version its start).
pub fn default_span(book: &RuleBook) -> Option<(NaiveDate, NaiveDate)> {
    let from = book.all().map(|v| v.valid_from).min()?;
    let to = book
        .all()
        .map(|v| v.valid_to.unwrap_or(v.valid_from))
        .max()?;
    Some((from, to))
}

fn push(
    out: &mut Vec<Range>,
    from: NaiveDate,
    to: NaiveDate,
    status: Standing,
    version: Option<&RuleSetVersion>,
) {
    let end_unknown = version.is_some_and(|v| v.end_unknown);
    if let Some(last) = out.last_mut()
        && last.status == status
        && last.to.succ_opt() == Some(from)
    {
        last.to = to;
        last.end_unknown |= end_unknown;
        if let Some(v) = version {
            last.versions.push(v.version.clone());
        }
        return;
    }
    out.push(Range {
        from,
        to,
        status,
        versions: version.map(|v| vec![v.version.clone()]).unwrap_or_default(),
        end_unknown,
    });
}

/// The versions (ordered by `valid_from`, not overlapping) clipped to `from..=to`, with the
/// gaps between them as not covered, merged where the standing continues.
fn ranges(versions: &[RuleSetVersion], from: NaiveDate, to: NaiveDate) -> Vec<Range> {
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let mut next = Some(from); // the first day not yet placed
    for v in versions {
        let Some(day) = next else { break };
        let start = v.valid_from.max(day);
        let end = v.valid_to.map_or(to, |t| t.min(to));
        if start > to || end < start {
            continue;
        }
        if start > day {
            let gap_end = start.pred_opt().unwrap_or(start);
            push(&mut out, day, gap_end, Standing::NotCovered, None);
        }
        push(&mut out, start, end, Standing::of(v), Some(v));
        next = if end >= to { None } else { end.succ_opt() };
    }
    if let Some(day) = next {
        push(&mut out, day, to, Standing::NotCovered, None);
    }
    out
}

/// The table for a person: one block per scheme, a line per range.
pub fn to_text(schemes: &[SchemeCoverage], from: NaiveDate, to: NaiveDate) -> String {
    let mut out = format!(
        "Rule-set coverage {from} to {to} (official / secondary / derived / not_covered)\n"
    );
    for s in schemes {
        let _ = writeln!(out, "\n{} ({})", s.rule_set, s.family);
        for r in &s.ranges {
            let mut versions = if r.versions.is_empty() {
                "(no version)".to_string()
            } else {
                r.versions.join(", ")
            };
            if r.end_unknown {
                versions.push_str(" (end unknown)");
            }
            let _ = writeln!(
                out,
                "  {} – {}  {:<11}  {versions}",
                r.from,
                r.to,
                r.status.name()
            );
        }
    }
    out
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The same data as one JSON object:
/// `{"from", "to", "schemes": [{"rule_set", "family", "ranges": [{"from", "to", "status",
/// "versions", "end_unknown"}]}]}`.
pub fn to_json(schemes: &[SchemeCoverage], from: NaiveDate, to: NaiveDate) -> String {
    let mut out = format!("{{\"from\":\"{from}\",\"to\":\"{to}\",\"schemes\":[");
    for (i, s) in schemes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"rule_set\":{},\"family\":{},\"ranges\":[",
            json_str(&s.rule_set),
            json_str(&s.family)
        );
        for (j, r) in s.ranges.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let versions: Vec<String> = r.versions.iter().map(|v| json_str(v)).collect();
            let _ = write!(
                out,
                "{{\"from\":\"{}\",\"to\":\"{}\",\"status\":\"{}\",\"versions\":[{}],\"end_unknown\":{}}}",
                r.from,
                r.to,
                r.status.name(),
                versions.join(","),
                r.end_unknown
            );
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}
