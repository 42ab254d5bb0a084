//! Checks across the versions of one rule set: no duplicate version names, and validity periods
//! that neither overlap nor leave gaps, so that every date has at most one version and a gap
//! never silently falls back to a neighbour.

use std::collections::BTreeMap;

use super::{RuleBook, RuleSetVersion, Status};
use crate::source::diag::{Diagnostic, Severity};

/// Where each file writes a field (`version`, `valid_from`, `valid_to`): line and column.
pub(super) type Positions = BTreeMap<(String, String), (u32, u32)>;

fn at_file(file: &str, field: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        position: None,
        field: field.to_string(),
        message,
        help: None,
        sentences: None,
    }
}

/// `failed`: the rule sets of which a version was refused when read; the gap it leaves is not
/// reported again.
pub(super) fn assemble(
    versions: Vec<RuleSetVersion>,
    failed: &[String],
    positions: &Positions,
) -> (RuleBook, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sets: BTreeMap<String, Vec<RuleSetVersion>> = BTreeMap::new();
    for v in versions {
        sets.entry(v.id.clone()).or_default().push(v);
    }
    for (id, versions) in &mut sets {
        versions.sort_by(|a, b| a.valid_from.cmp(&b.valid_from).then(a.file.cmp(&b.file)));
        for (i, v) in versions.iter().enumerate() {
            if let Some(first) = versions[..i].iter().find(|w| w.version == v.version) {
                diags.push(at_file(
                    &v.file,
                    "version",
                    format!(
                        "version `{}` of `{id}` is defined twice (also in {})",
                        v.version, first.file
                    ),
                ));
            }
        }
        for pair in versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            match a.valid_to {
                None => diags.push(at_file(
                    &a.file,
                    "valid_to",
                    format!(
                        "`{id}` {} has no end date but {} starts {} ({}); overlapping validity periods",
                        a.version, b.version, b.valid_from, b.file
                    ),
                )),
                Some(to) if to >= b.valid_from => diags.push(at_file(
                    &b.file,
                    "valid_from",
                    format!(
                        "`{id}` {} ({} to {}) overlaps {} from {} ({}); overlapping validity periods",
                        a.version,
                        a.valid_from,
                        to,
                        b.version,
                        b.valid_from,
                        a.file
                    ),
                )),
                Some(to) if to.succ_opt() != Some(b.valid_from) && !failed.contains(id) => diags.push(at_file(
                    &b.file,
                    "valid_from",
                    format!(
                        "`{id}` has a gap from {} to {}: {} ends {to} and {} starts {}; dates in the gap would have no rule set",
                        to.succ_opt().unwrap_or(to),
                        b.valid_from.pred_opt().unwrap_or(b.valid_from),
                        a.version,
                        b.version,
                        b.valid_from
                    ),
                )),
                Some(_) => {}
            }
        }
        if let Some(last) = versions.last()
            && last.valid_to.is_none()
            && !last.end_unknown
            // A scheme that ended stays ended, and one without amounts has nothing to regulate.
            && last.status != Status::NotCovered
            && last.parameters.values().any(|p| p.unit.is_money())
        {
            let mut d = at_file(
                &last.file,
                "valid_to",
                format!(
                    "`{id}` {} has no end date: it will be used for every later date; give `valid_to` if its amounts are regulated yearly",
                    last.version
                ),
            );
            d.severity = Severity::Warning;
            diags.push(d);
        }
    }
    for d in &mut diags {
        d.position = positions.get(&(d.file.clone(), d.field.clone())).copied();
    }
    (
        RuleBook {
            sets: sets
                .into_iter()
                .map(|(id, versions)| (id, super::Set::loaded(versions)))
                .collect(),
            warnings: Vec::new(),
            specs: &[],
            shared: Default::default(),
        },
        diags,
    )
}
