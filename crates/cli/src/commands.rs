//! The subcommands. Each returns `Ok(true)` on success, `Ok(false)` when something was rejected
//! or failed (exit 1), or `Err(code)` for a usage error.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use beregner_core::engine::case::{self, Case, Format};
use beregner_core::rules::{self, RuleSetVersion};
use beregner_core::tools::fixture;
use beregner_core::{Diagnostic, Engine, SourceText, render as report};
use chrono::NaiveDate;

use crate::OutputFormat;

type Outcome = Result<bool, ExitCode>;

/// `println!` that stops quietly when stdout is closed (e.g. piped into `head`) instead of
/// panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` with the same behaviour.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub fn eprint_all(diags: &[Diagnostic]) {
    eprint_all_in(diags, beregner_core::text::Lang::En);
}

/// Every diagnostic, in `lang` where the reason is a catalogue sentence.
pub fn eprint_all_in(diags: &[Diagnostic], lang: beregner_core::text::Lang) {
    // Buffered: stderr itself writes every piece of a line on its own (30,000 diagnostics
    // were some 200,000 writes).
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diags {
        let _ = writeln!(err, "{}", beregner_core::text::diag::in_lang(d, lang));
    }
    let _ = err.flush();
}

/// Where the rule sets come from: the bundled ones or `--rules DIR`, with `--overlay` files.
pub struct RuleSource<'a> {
    pub dir: Option<&'a Path>,
    pub overlays: &'a [PathBuf],
}

/// Reads an overlay file, reporting its problems.
pub fn read_overlay(path: &Path) -> Result<beregner_core::rules::overlay::Overlay, ExitCode> {
    let name = path.display().to_string();
    let text = beregner_core::source::file::read_text(path, true).map_err(|e| {
        eprintln!("{name}: error: cannot read: {e}");
        ExitCode::from(1)
    })?;
    beregner_core::rules::overlay::parse(
        &SourceText::new(name, text),
        beregner_core::schemes::SCHEMES,
    )
    .map_err(|diags| {
        eprint_all(&diags);
        ExitCode::from(1)
    })
}

/// The engine over the rule sets of `source`, overlays applied; on failure, says why.
pub fn engine(source: &RuleSource) -> Result<Engine, ExitCode> {
    let mut engine = base_engine(source.dir)?;
    for path in source.overlays {
        let overlay = read_overlay(path)?;
        engine = apply_overlay(&engine, &overlay)?;
    }
    Ok(engine)
}

/// `engine` with `overlay` applied: each change that cannot be applied is reported (and the
/// run stops), each change that changes nothing is warned about.
fn apply_overlay(
    engine: &Engine,
    overlay: &beregner_core::rules::overlay::Overlay,
) -> Result<Engine, ExitCode> {
    let before = engine.rule_book().warnings.len();
    let applied = engine.with_overlay(overlay).map_err(|diags| {
        eprint_all(&diags);
        ExitCode::from(1)
    })?;
    eprint_all(
        applied
            .rule_book()
            .warnings
            .get(before..)
            .unwrap_or_default(),
    );
    Ok(applied)
}

/// The engine over the bundled rule sets, or over `--rules DIR`; on failure, says why.
pub fn base_engine(rules: Option<&Path>) -> Result<Engine, ExitCode> {
    let engine = match rules {
        // Validated when the binary was built: decoded, not parsed.
        None => beregner_bundled::engine(),
        Some(dir) => {
            let files = rules::read_dir(dir).map_err(|d| {
                eprint_all(&[d]);
                ExitCode::from(1)
            })?;
            Engine::from_files(&files)
        }
    };
    engine.map_err(|diags| {
        eprint_all(&diags);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("error: the rule sets have {errors} error(s); run `beregner check` for the list");
        ExitCode::from(1)
    })
}

fn parse_date(text: &str) -> Result<NaiveDate, ExitCode> {
    beregner_core::values::month::parse_date(text).ok_or_else(|| {
        eprintln!("error: --on: `{text}` is not a date; write it as YYYY-MM-DD");
        ExitCode::from(2)
    })
}

/// Reads a case file (or stdin for `-`).
pub fn read_case(path: &Path) -> Result<Case, Vec<Diagnostic>> {
    let (name, text) = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            vec![SourceText::new("<stdin>", "").error(None, "", format!("cannot read stdin: {e}"))]
        })?;
        ("<stdin>".to_string(), text)
    } else {
        let name = path.display().to_string();
        let text = beregner_core::source::file::read_text(path, true).map_err(|e| {
            vec![SourceText::new(name.clone(), "").error(None, "", format!("cannot read: {e}"))]
        })?;
        (name, text)
    };
    let format = Format::guess(&name, &text);
    let src = SourceText::new(name, text);
    case::parse(&src, format)
}

pub fn calc(rules: &RuleSource, files: &[PathBuf], format: OutputFormat) -> Outcome {
    // Standard input holds one case: a second `-` would read it again, empty.
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        eprintln!("error: `-` (standard input) can be given once");
        return Err(ExitCode::from(2));
    }
    let engine = engine(rules)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all_ok = true;
    for (i, path) in files.iter().enumerate() {
        let outcome = read_case(path).and_then(|case| engine.calculate(case).map_err(|d| vec![d]));
        match outcome {
            Ok(outcome) => {
                let text = match format {
                    OutputFormat::Json => report::to_json(&outcome) + "\n",
                    OutputFormat::Text => {
                        let sep = if i > 0 { "\n" } else { "" };
                        format!("{sep}{}", report::to_text(&outcome))
                    }
                };
                if out.write_all(text.as_bytes()).is_err() {
                    return Ok(false);
                }
            }
            Err(diags) => {
                all_ok = false;
                eprint_all(&diags);
            }
        }
    }
    Ok(all_ok)
}

pub fn check(source: &RuleSource) -> Outcome {
    let mut overlays = Vec::with_capacity(source.overlays.len());
    for path in source.overlays {
        overlays.push((path, read_overlay(path)?));
    }
    let (files, mut origin) = match source.dir {
        None => (rules::bundled_files(), "bundled rule sets".to_string()),
        Some(dir) => match rules::read_dir(dir) {
            Ok(f) => (f, dir.display().to_string()),
            Err(d) => {
                eprint_all(&[d]);
                return Ok(false);
            }
        },
    };
    // `regulation.toml` (how `regulate` drafts next year's amounts) is read as `regulate`
    // reads it: a percentage of `abc` is this command's error, not only `regulate`'s.
    let mut regulation_errors: Vec<Diagnostic> = Vec::new();
    for f in files.iter().filter(|f| rules::is_regulation_file(&f.name)) {
        let text = String::from_utf8_lossy(&f.bytes).into_owned();
        if let Err(mut d) =
            beregner_core::tools::regulate::read_regulation(&SourceText::new(f.name.clone(), text))
        {
            regulation_errors.append(&mut d);
        }
    }
    if !regulation_errors.is_empty() {
        eprint_all(&regulation_errors);
        let errors = regulation_errors.iter().filter(|d| d.is_error()).count();
        outln!("failed: {origin}: {errors} error(s) in the regulation file");
        return Ok(false);
    }
    match rules::load(&files, beregner_core::schemes::SCHEMES) {
        Ok(mut book) => {
            // The overlays applied to the rule sets, as `calc` applies them.
            for (path, overlay) in &overlays {
                origin.push_str(&format!(" + overlay {}", path.display()));
                book = match book.with_overlay(overlay) {
                    Ok(b) => b,
                    Err(diags) => {
                        eprint_all(&book.warnings);
                        eprint_all(&diags);
                        outln!(
                            "failed: {origin}: {} error(s), {} warning(s)",
                            diags.len(),
                            book.warnings.len()
                        );
                        return Ok(false);
                    }
                };
            }
            eprint_all(&book.warnings);
            let sets = book.ids().count();
            let versions = book.all().count();
            let shared = book.shared.all().count();
            outln!(
                "ok: {origin}: {} file(s), {sets} rule set(s), {versions} version(s), {shared} shared amount(s), {} warning(s)",
                files.len(),
                book.warnings.len()
            );
            Ok(true)
        }
        Err(diags) => {
            eprint_all(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            outln!("failed: {origin}: {errors} error(s), {warnings} warning(s)");
            Ok(false)
        }
    }
}

fn period(v: &RuleSetVersion) -> String {
    format!("{} to {}", v.valid_from, v.valid_to_label())
}

pub fn rules_list(rules: &RuleSource, on: Option<&str>) -> Outcome {
    let engine = engine(rules)?;
    let on = on.map(parse_date).transpose()?;
    let shown: Vec<_> = engine
        .rule_book()
        .all()
        .filter(|v| on.is_none_or(|d| v.covers(d)))
        .collect();
    // Columns as wide as their widest entry, so long version names stay aligned.
    let width = |f: &dyn Fn(&RuleSetVersion) -> usize, title: &str| {
        shown
            .iter()
            .map(|v| f(v))
            .chain([title.len()])
            .max()
            .unwrap_or(0)
    };
    let (wi, wv, wp, ws) = (
        width(&|v| v.id.len(), "rule set"),
        width(&|v| v.version.len(), "version"),
        width(&|v| period(v).len(), "valid"),
        width(&|v| v.status.name().len(), "status"),
    );
    outln!(
        "{:<wi$} {:<wv$} {:<wp$} {:<ws$} {:<12} file",
        "rule set",
        "version",
        "valid",
        "status",
        "sha256"
    );
    for v in shown {
        outln!(
            "{:<wi$} {:<wv$} {:<wp$} {:<ws$} {:<12} {}",
            v.id,
            v.version,
            period(v),
            v.status.name(),
            &v.sha256[..12],
            v.file
        );
    }
    Ok(true)
}

pub fn rules_show(rules: &RuleSource, id: &str, on: Option<&str>) -> Outcome {
    let engine = engine(rules)?;
    let book = engine.rule_book();
    let versions = book.versions(id);
    if versions.is_empty() {
        let known: Vec<&str> = book.ids().collect();
        eprintln!("error: no rule set `{id}` (known: {})", known.join(", "));
        return Ok(false);
    }
    match on {
        Some(on) => {
            let date = parse_date(on)?;
            match book.in_force(id, date) {
                Ok(v) => {
                    out!("{}", show_version(v));
                    Ok(true)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(false)
                }
            }
        }
        None => {
            out!("{}", show_matrix(versions));
            Ok(true)
        }
    }
}

/// Parameter values by version, side by side: how the law's numbers moved.
fn show_matrix(versions: &[RuleSetVersion]) -> String {
    let mut out = String::new();
    let Some(first) = versions.first() else {
        return out;
    };
    let title = beregner_core::render::title(first.scheme.name, beregner_core::text::Lang::En).0;
    out.push_str(&format!("{title} ({})\n\n", first.id));
    let mut header = format!("{:<24}", "parameter");
    for v in versions {
        header.push_str(&format!(" {:>9}", v.version));
    }
    out.push_str(&header);
    out.push('\n');
    for spec in first.scheme.parameters {
        let mut row = format!("{:<24}", spec.name);
        for v in versions {
            let cell = v.parameter(spec.name).map_or("-".to_string(), |p| {
                let mark = match p.status {
                    rules::Status::Derived => "*",
                    rules::Status::Secondary => "†",
                    rules::Status::Enacted | rules::Status::NotCovered => "",
                };
                format!("{}{mark}", p.display)
            });
            row.push_str(&format!(" {cell:>9}"));
        }
        out.push_str(&row);
        out.push('\n');
    }
    out.push_str("\n* derived: computed from sourced inputs, not published; see `--on DATE` for the derivation\n");
    out.push_str("† secondary: the official figure as quoted by another source (a municipality, union, employer body or calculator); see `--on DATE` for who quoted it\n");
    out
}

fn show_version(v: &RuleSetVersion) -> String {
    let mut out = String::new();
    let scheme_title = beregner_core::render::title(v.scheme.name, beregner_core::text::Lang::En).0;
    let title = v.title.as_deref().unwrap_or(&scheme_title);
    out.push_str(&format!("{title}\n"));
    out.push_str(&format!(
        "rule set {} version {} ({}), valid {}\n",
        v.id,
        v.version,
        v.status.name(),
        period(v)
    ));
    out.push_str(&format!("file {}\nsha256 {}\n", v.file, v.sha256));
    if let Some(n) = &v.notes {
        out.push_str(&format!("\n{}\n", n.trim()));
    }
    out.push_str("\nParameters\n");
    for spec in v.scheme.parameters {
        let Some(p) = v.parameter(spec.name) else {
            continue;
        };
        out.push_str(&format!(
            "  {:<24} {:>10} {:<15} {}\n",
            p.name,
            p.display,
            p.unit.name(),
            p.status.name()
        ));
        out.push_str(&format!("      {}\n", spec.description));
        if let Some(d) = &p.derivation {
            out.push_str(&format!("      derivation: {d}\n"));
        }
        if let Some(q) = &p.quoted_by {
            out.push_str(&format!("      quoted by: {q}\n"));
        }
        if let Some(n) = &p.note {
            out.push_str(&format!("      note: {n}\n"));
        }
        for s in v.resolve(&p.sources) {
            out.push_str(&format!("      source: {} <{}>\n", s.citation(), s.url));
        }
    }
    out.push_str("\nRoundings\n");
    for r in v.roundings.values() {
        out.push_str(&format!(
            "  {:<24} {} ({})\n",
            r.name,
            r.rounding,
            r.status.name()
        ));
        if let Some(d) = &r.derivation {
            out.push_str(&format!("      derivation: {d}\n"));
        }
        if let Some(q) = &r.quoted_by {
            out.push_str(&format!("      quoted by: {q}\n"));
        }
        for s in v.resolve(&r.sources) {
            out.push_str(&format!("      source: {} <{}>\n", s.citation(), s.url));
        }
    }
    out.push_str("\nRules (formula steps and their legal basis)\n");
    for spec in v.scheme.rules {
        let cites: Vec<String> = v
            .rule_sources(spec.name)
            .iter()
            .map(|s| s.citation())
            .collect();
        out.push_str(&format!(
            "  {:<24} {}\n      {}\n",
            spec.name,
            spec.description,
            cites.join("; ")
        ));
    }
    out
}

fn collect_cases(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                collect_cases(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "toml" || e == "json") {
                out.push(p);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

pub fn test(rules: &RuleSource, paths: &[PathBuf]) -> Outcome {
    let engine = engine(rules)?;
    let default = [PathBuf::from("fixtures")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for root in roots {
        if let Err(e) = collect_cases(root, &mut files) {
            eprintln!("error: {}: {e}", root.display());
            return Ok(false);
        }
    }
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for path in &files {
        let name = path.display();
        let case = match read_case(path) {
            Ok(case) => case,
            Err(diags) => {
                failed += 1;
                outln!("FAIL {name}");
                for d in diags {
                    outln!("     {d}");
                }
                continue;
            }
        };
        if !case.is_fixture() {
            skipped += 1;
            continue;
        }
        let unsourced = case.source.as_ref().and_then(|s| s.url.as_ref()).is_none();
        // A fixture grades the code only if its values come from somewhere else: it says where.
        let unkinded = case.source.as_ref().and_then(|s| s.kind).is_none();
        match engine.calculate(case) {
            Ok(outcome) => {
                let mismatches = fixture::check(&outcome);
                if mismatches.is_empty() && !unsourced && !unkinded {
                    passed += 1;
                    outln!("ok   {name}");
                } else {
                    failed += 1;
                    outln!("FAIL {name}");
                    for m in mismatches {
                        outln!("     {m}");
                    }
                    if unsourced {
                        outln!("     a fixture must cite its source: add [source] url = \"...\"");
                    }
                    if unkinded {
                        outln!(
                            "     a fixture must say where its expected values come from: [source] \
                             kind = \"published\" (a worked example quoted from its url), \
                             \"second_reading\" (worked by hand by a reader who never saw the \
                             code) or \"author\""
                        );
                    }
                }
            }
            Err(d) => {
                failed += 1;
                outln!("FAIL {name}\n     {d}");
            }
        }
    }
    outln!(
        "\n{passed} passed, {failed} failed, {skipped} skipped (no expected values), {} file(s)",
        files.len()
    );
    Ok(failed == 0 && passed > 0)
}

pub fn batch(rules: &RuleSource, opts: &crate::batch::Options) -> Outcome {
    let engine = engine(rules)?;
    crate::batch::run(&engine, opts).or_else(|e| {
        eprint_error(&e);
        Ok(false)
    })
}

/// An error message: prefixed with `error:` unless it already names its place and says so
/// (`cases.csv:3: error: …`).
fn eprint_error(e: &str) {
    if e.contains(": error: ") {
        eprintln!("{e}");
    } else {
        eprintln!("error: {e}");
    }
}

pub fn generate(
    scheme: &str,
    rows: u64,
    seed: u64,
    month: Option<&str>,
    out: Option<&Path>,
) -> Outcome {
    let Some(spec) = beregner_core::schemes::find(scheme) else {
        eprintln!("error: unknown scheme `{scheme}`");
        return Err(ExitCode::from(2));
    };
    let months = match month {
        Some(m) => match beregner_core::model::inputs::case_month(m) {
            Ok(m) => (m, m),
            Err(said) => {
                eprintln!(
                    "error: --month: {}",
                    beregner_core::text::format::say(&said, beregner_core::text::Lang::En)
                );
                return Err(ExitCode::from(2));
            }
        },
        None => match ("2013-01".parse(), "2026-12".parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => return Ok(false),
        },
    };
    let result = match out {
        Some(path) => crate::output::create(path, &[], "").and_then(|mut f| {
            beregner_core::tools::caseload::generate(spec, rows, seed, months, &mut f)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            f.finish()
        }),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            beregner_core::tools::caseload::generate(spec, rows, seed, months, &mut w)
                .and_then(|_| w.flush())
                .map_err(|e| format!("cannot write output: {e}"))
        }
    };
    result.map(|_| true).or_else(|e| {
        eprintln!("error: {e}");
        Ok(false)
    })
}

#[allow(clippy::too_many_arguments)]
pub fn diff(
    source: &RuleSource,
    paths: &[PathBuf],
    old_dir: Option<&Path>,
    new_dir: Option<&Path>,
    format: crate::diff::DiffFormat,
    all: bool,
    threads: Option<usize>,
) -> Outcome {
    let old_dir = old_dir.or(source.dir);
    if new_dir.is_none() && source.overlays.is_empty() {
        eprintln!("error: nothing to compare: give --new DIR and/or --overlay FILE");
        return Err(ExitCode::from(2));
    }
    let label = |dir: Option<&Path>| {
        dir.map_or("bundled rule sets".to_string(), |d| {
            format!("rule sets in {}", d.display())
        })
    };
    let mut old = base_engine(old_dir)?;
    let mut new = base_engine(new_dir.or(old_dir))?;
    let mut new_label = label(new_dir.or(old_dir));
    for path in source.overlays {
        let overlay = read_overlay(path)?;
        old = apply_overlay(&old, &overlay.baseline())?;
        new = apply_overlay(&new, &overlay)?;
        new_label.push_str(&format!(
            " + overlay \"{}\" ({})",
            overlay.title,
            path.display()
        ));
    }
    let opts = crate::diff::Options {
        paths,
        format,
        all,
        threads,
        old_label: label(old_dir),
        new_label,
    };
    crate::diff::run(&old, &new, &opts).or_else(|e| {
        eprint_error(&e);
        Ok(false)
    })
}

pub fn changelog(
    source: &RuleSource,
    id: &str,
    from: Option<&str>,
    to: Option<&str>,
    format: crate::report_cmds::ReportFormat,
) -> Outcome {
    let engine = engine(source)?;
    match crate::report_cmds::changelog(&engine, id, from, to, format) {
        Ok(text) => {
            out!("{text}");
            Ok(true)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(false)
        }
    }
}

/// `beregner calendar`'s output formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalendarFormat {
    Json,
    Ics,
}

/// The dates the law sets for one case, as JSON or iCalendar.
pub fn calendar(
    source: &RuleSource,
    file: &Path,
    format: CalendarFormat,
    lang: beregner_core::text::catalogue::Lang,
    out: Option<&Path>,
) -> Outcome {
    use beregner_core::tools::calendar;
    let engine = engine(source)?;
    let outcome = match read_case(file).and_then(|c| engine.calculate(c).map_err(|d| vec![d])) {
        Ok(o) => o,
        Err(diags) => {
            eprint_all_in(&diags, lang);
            return Ok(false);
        }
    };
    let dates = calendar::entries(&outcome);
    // An iCalendar file must hold at least one event (RFC 5545 § 3.6): none is written.
    if dates.is_empty() && format == CalendarFormat::Ics {
        eprintln!(
            "error: {} computes no dates for this case: no calendar file is written",
            outcome.case.scheme.name
        );
        return Ok(false);
    }
    let text = match format {
        CalendarFormat::Json => calendar::to_json(&outcome, &dates) + "\n",
        CalendarFormat::Ics => calendar::to_ics(&outcome, &dates, lang),
    };
    if dates.is_empty() {
        eprintln!(
            "note: {} computes no dates for this case",
            outcome.case.scheme.name
        );
    }
    let written = match out {
        Some(path) => crate::output::create(path, &[file], "the calendar would replace the case")
            .and_then(|mut f| {
                f.write_all(text.as_bytes())
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                f.finish()
            }),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write output: {e}")),
    };
    written.map(|_| true).or_else(|e| {
        eprintln!("error: {e}");
        Ok(false)
    })
}

pub fn coverage(source: &RuleSource, paths: &[PathBuf]) -> Outcome {
    let engine = engine(source)?;
    let files = crate::report_cmds::case_files(paths).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })?;
    match crate::report_cmds::coverage(&engine, &files) {
        Ok((text, complete)) => {
            out!("{text}");
            Ok(complete)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(false)
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn whatif(
    source: &RuleSource,
    month: &str,
    hourly_wage: &str,
    hours: &str,
    full_time_wage: Option<&str>,
    other_income: Option<&str>,
    format: OutputFormat,
) -> Outcome {
    use beregner_core::tools::whatif;
    // Read by fleksløntilskud's declared inputs: the bounds of a case file hold here too.
    // The what-if's flags are read as a person types them, as the page's fields are (its
    // --help says so): `200,00`, `32.066,67`.
    let typed = whatif::Typed {
        danish: true,
        month: Some(month),
        hourly_wage: Some(hourly_wage),
        // `;` separates hours written with a decimal comma (`10,5; 12`); else commas do.
        hours: if hours.contains(';') {
            hours.split(';').map(str::trim).collect()
        } else {
            hours.split(',').map(str::trim).collect()
        },
        full_time_wage,
        other_income,
    };
    let request = typed.read().map_err(|errors| {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for d in errors {
            let flag = match d.field.as_str() {
                "weekly_hours" => "hours".to_string(),
                other => other.replace('_', "-"),
            };
            let _ = writeln!(err, "error: --{flag}: {}", d.message);
        }
        ExitCode::from(2)
    })?;
    let engine = engine(source)?;
    match whatif::fleksloentilskud(
        &engine,
        request.month,
        request.hourly_wage,
        &request.hours,
        request.full_time_wage,
        request.other_income,
    ) {
        Ok(w) => {
            match format {
                OutputFormat::Text => out!("{}", w.to_text()),
                OutputFormat::Json => outln!("{}", w.to_json()),
            }
            Ok(true)
        }
        Err(d) => {
            eprint_all(&[d]);
            Ok(false)
        }
    }
}
