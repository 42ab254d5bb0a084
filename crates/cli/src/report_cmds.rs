//! `beregner changelog` and `beregner coverage`: reports for legal staff, from the rule sets
//! and the fixtures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use beregner_core::Engine;
use beregner_core::engine::case::FixtureKind;
use beregner_core::rules::{RuleBook, RuleSetVersion};
use beregner_core::tools::changelog::{self, Changes};
use beregner_core::tools::coverage::Coverage;
use beregner_core::values::num;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
}

/// A version named by its version (`2024`) or by a date it covers (`2024-06-01`).
fn pick<'b>(book: &'b RuleBook, id: &str, which: &str) -> Result<&'b RuleSetVersion, String> {
    if let Some(v) = book.version(id, which) {
        return Ok(v);
    }
    match beregner_core::values::month::parse_date(which) {
        Some(date) => book.in_force(id, date).map_err(|e| e.to_string()),
        None => Err(format!(
            "`{which}` is neither a version of `{id}` ({}) nor a date (YYYY-MM-DD)",
            book.versions(id)
                .iter()
                .map(|v| v.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn render(c: &Changes, format: ReportFormat) -> String {
    let md = format == ReportFormat::Markdown;
    let mut out = if md {
        format!(
            "### {} {} → {} (from {})\n\n",
            c.rule_set, c.old_version, c.new_version, c.effective
        )
    } else {
        format!(
            "{} {} → {} (from {})\n",
            c.rule_set, c.old_version, c.new_version, c.effective
        )
    };
    if c.is_empty() {
        out.push_str(if md {
            "No changes.\n\n"
        } else {
            "  no changes\n"
        });
        return out;
    }
    if let Some((a, b)) = c.status {
        out.push_str(&format!(
            "{}status: {} → {}\n",
            if md { "- " } else { "  " },
            a.name(),
            b.name()
        ));
    }
    if !c.parameters.is_empty() && md {
        out.push_str("\n| Parameter | Old | New | Change | Status | Source |\n|---|---:|---:|---:|---|---|\n");
    }
    for p in &c.parameters {
        let show = |d: Option<rust_decimal::Decimal>| d.map_or("(none)".to_string(), num::plain);
        let change = p.difference().map_or(String::new(), |d| {
            if d > rust_decimal::Decimal::ZERO {
                format!("+{}", num::plain(d))
            } else {
                num::plain(d)
            }
        });
        let status = p.new_status.map_or("", |s| s.name());
        if md {
            out.push_str(&format!(
                "| {} | {} | {} | {change} | {status} | {} |\n",
                p.name,
                show(p.old),
                show(p.new),
                p.sources.join("; ").replace('|', "\\|")
            ));
        } else {
            out.push_str(&format!(
                "  {:<24} {:>10} → {:<10} {change:>8}  {status}\n",
                p.name,
                show(p.old),
                show(p.new)
            ));
            if let Some(d) = &p.derivation {
                out.push_str(&format!("      derivation: {d}\n"));
            }
            if let Some(q) = &p.quoted_by {
                out.push_str(&format!("      quoted by: {q}\n"));
            }
            for s in &p.sources {
                out.push_str(&format!("      source: {s}\n"));
            }
        }
    }
    for r in &c.roundings {
        out.push_str(&format!(
            "{}rounding.{}: {} → {}\n",
            if md { "- " } else { "  " },
            r.name,
            r.old,
            r.new
        ));
    }
    for r in &c.references {
        out.push_str(&format!(
            "{}legal basis of `{}`: {} → {}\n",
            if md { "- " } else { "  " },
            r.name,
            r.old,
            r.new
        ));
    }
    if md {
        out.push('\n');
    }
    out
}

pub fn changelog(
    engine: &Engine,
    id: &str,
    from: Option<&str>,
    to: Option<&str>,
    format: ReportFormat,
) -> Result<String, String> {
    let book = engine.rule_book();
    let versions = book.versions(id);
    if versions.is_empty() {
        return Err(format!(
            "no rule set `{id}` (known: {})",
            book.ids().collect::<Vec<_>>().join(", ")
        ));
    }
    let pairs: Vec<(&RuleSetVersion, &RuleSetVersion)> = match (from, to) {
        (None, None) => versions.windows(2).map(|w| (&w[0], &w[1])).collect(),
        (Some(a), Some(b)) => vec![(pick(book, id, a)?, pick(book, id, b)?)],
        (Some(a), None) => {
            let start = pick(book, id, a)?;
            versions
                .windows(2)
                .filter(|w| w[0].valid_from >= start.valid_from)
                .map(|w| (&w[0], &w[1]))
                .collect()
        }
        (None, Some(b)) => {
            let end = pick(book, id, b)?;
            versions
                .windows(2)
                .filter(|w| w[1].valid_from <= end.valid_from)
                .map(|w| (&w[0], &w[1]))
                .collect()
        }
    };
    let mut out = if format == ReportFormat::Markdown {
        format!("## Changelog: {id}\n\n")
    } else {
        String::new()
    };
    for (a, b) in pairs {
        out.push_str(&render(&changelog::between(a, b), format));
    }
    Ok(out)
}

pub fn coverage(engine: &Engine, files: &[PathBuf]) -> Result<(String, bool), String> {
    let mut cov = Coverage::default();
    let mut computed = 0;
    // Scheme → fixture kind → count: how much of each scheme is graded by an independent reading.
    let mut kinds: BTreeMap<&str, BTreeMap<FixtureKind, usize>> = BTreeMap::new();
    for path in files {
        let name = path.display().to_string();
        let Ok(text) = beregner_core::source::file::read_text(path, false) else {
            continue;
        };
        let format = beregner_core::Format::guess(&name, &text);
        let Ok(case) =
            beregner_core::engine::case::parse(&beregner_core::SourceText::new(name, text), format)
        else {
            continue;
        };
        if !case.is_fixture() {
            continue;
        }
        if let Some(kind) = case.source.as_ref().and_then(|s| s.kind) {
            *kinds
                .entry(case.scheme.name)
                .or_default()
                .entry(kind)
                .or_default() += 1;
        }
        if let Ok(outcome) = engine.calculate(case) {
            cov.record(&outcome);
            computed += 1;
        }
    }
    let report = cov.report(engine.rule_book());
    let mut out = format!(
        "coverage of {} rule-set versions by {computed} fixtures\n",
        report.len()
    );
    out.push_str(&format!(
        "\nfixtures by where their expected values come from\n  {:<30} {:>9} {:>14} {:>6}\n",
        "scheme", "published", "second_reading", "author"
    ));
    for (scheme, by_kind) in &kinds {
        let n = |k| by_kind.get(&k).copied().unwrap_or(0);
        out.push_str(&format!(
            "  {scheme:<30} {:>9} {:>14} {:>6}\n",
            n(FixtureKind::Published),
            n(FixtureKind::SecondReading),
            n(FixtureKind::Author)
        ));
    }
    out.push('\n');
    let mut complete = true;
    for v in &report {
        let fixtures = v.fixtures.len();
        let mark = if fixtures == 0 { "NOT EXERCISED" } else { "" };
        out.push_str(&format!(
            "  {:<20} {:<14} {fixtures:>3} fixture(s) {mark}\n",
            v.rule_set, v.version
        ));
        if fixtures == 0 {
            complete = false;
        } else if !v.unused.is_empty() {
            out.push_str(&format!(
                "      not read by any fixture: {}\n",
                v.unused.join(", ")
            ));
        }
    }
    let never: Vec<&str> = report
        .first()
        .map(|first| {
            first
                .unused
                .iter()
                .filter(|p| report.iter().all(|v| v.unused.contains(p)))
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default();
    if !never.is_empty() {
        out.push_str(&format!(
            "\nnever read in any version: {}\n",
            never.join(", ")
        ));
    }
    Ok((out, complete))
}

/// Case files under the given paths (default: fixtures/).
pub fn case_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            entries.sort();
            for e in entries {
                walk(&e, out)?;
            }
        } else if p.extension().is_some_and(|e| e == "toml" || e == "json") {
            out.push(p.to_path_buf());
        }
        Ok(())
    }
    let default = [PathBuf::from("fixtures")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    for r in roots {
        walk(r, &mut out).map_err(|e| format!("{}: {e}", r.display()))?;
    }
    Ok(out)
}
