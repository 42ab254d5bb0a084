//! `beregner regulate` (draft next-year rule sets) and `beregner rules coverage` (what each
//! date's results rest on): argument checks, files and output only; the work is in
//! `beregner_core::tools::{regulate, timeline}`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use beregner_core::rules::{self, RuleFile};
use beregner_core::tools::{regulate, timeline};
use beregner_core::{Diagnostic, Engine};
use rust_decimal::Decimal;

use crate::OutputFormat;
use crate::commands::RuleSource;

type Outcome = Result<bool, ExitCode>;

fn eprint_all(diags: &[Diagnostic]) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
    let _ = err.flush();
}

fn usage(flag: &str, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {flag}: {message}");
    ExitCode::from(2)
}

fn files(source: &RuleSource) -> Result<Vec<RuleFile>, ExitCode> {
    match source.dir {
        None => Ok(rules::bundled_files()),
        Some(dir) => rules::read_dir(dir).map_err(|d| {
            eprint_all(&[d]);
            ExitCode::from(1)
        }),
    }
}

/// A percentage as given on the command line: `3.6` or `3,6`.
fn percent(flag: &str, text: &str) -> Result<Decimal, ExitCode> {
    // A percentage has no thousands: one comma is its decimal point.
    let t = text.trim();
    let read = match beregner_core::values::num::read_quantity(t) {
        Ok(p) => Ok(p),
        Err(_) => Err(format!("`{t}` is not a percentage such as 3.6 or 3,6")),
    };
    match read {
        Ok(p) if p > Decimal::from(-50) && p < Decimal::from(50) => Ok(p),
        Ok(p) => Err(usage(
            flag,
            format!("{p} % is not a plausible regulation percentage"),
        )),
        Err(e) => Err(usage(flag, e)),
    }
}

pub struct RegulateArgs<'a> {
    pub year: i32,
    pub percent: &'a str,
    pub deduct: Option<&'a str>,
    /// `KEY=X`: one percentage's value where the law's percentages differ.
    pub percent_for: &'a [String],
    pub out: Option<&'a Path>,
}

pub fn regulate(source: &RuleSource, args: &RegulateArgs) -> Outcome {
    if !(2000..=2100).contains(&args.year) {
        return Err(usage(
            "--year",
            format!("{} is not a year from 2000 to 2100", args.year),
        ));
    }
    if !source.overlays.is_empty() {
        return Err(usage(
            "--overlay",
            "regulate drafts from the rule sets themselves; apply an overlay to the drafts afterwards",
        ));
    }
    let mut percent_for = Vec::new();
    for item in args.percent_for {
        let Some((key, value)) = item.split_once('=') else {
            return Err(usage(
                "--percent-for",
                format!("`{item}`: write KEY=PERCENT, e.g. satsreguleringsprocent=3.6"),
            ));
        };
        percent_for.push((key.trim().to_string(), percent("--percent-for", value)?));
    }
    let opts = regulate::Options {
        year: args.year,
        percent: percent("--percent", args.percent)?,
        percent_for: &percent_for,
        deduct: args.deduct.map(|d| percent("--deduct", d)).transpose()?,
    };
    let files = files(source)?;
    let report = match regulate::regulate(&files, beregner_core::schemes::SCHEMES, opts) {
        Ok(r) => r,
        Err(diags) => {
            eprint_all(&diags);
            eprintln!("error: no drafts written");
            return Ok(false);
        }
    };
    let out_dir = args
        .out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("drafts").join(args.year.to_string()));
    let mut written = BTreeMap::new();
    let mut ok = report.refused.is_empty();
    for d in &report.drafts {
        let path = out_dir.join(&d.path);
        match write_draft(&path, &d.text) {
            Ok(()) => {
                written.insert(d.path.clone(), path.display().to_string());
            }
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                written.insert(
                    d.path.clone(),
                    format!("{} (NOT WRITTEN: {e})", path.display()),
                );
                ok = false;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(report.to_text(&written).as_bytes());
    Ok(ok)
}

/// Writes `text` to `path` through a unique temporary file in the same directory, renamed at
/// the end: never a partial file. An existing file is replaced only if it is itself a draft.
fn write_draft(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    if let Ok(existing) = std::fs::read_to_string(path)
        && !existing.starts_with(regulate::DRAFT_MARKER)
    {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            "exists and is not a draft written by `beregner regulate`; not overwritten",
        ));
    } else if path.exists() && std::fs::read_to_string(path).is_err() {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            "exists and cannot be read; not overwritten",
        ));
    }
    let dir = path
        .parent()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "no directory"))?;
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A name no other writer uses: this process's id and a counter, created exclusively.
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn coverage(
    source: &RuleSource,
    format: OutputFormat,
    from: Option<&str>,
    to: Option<&str>,
) -> Outcome {
    let date = |flag: &str, t: &str| {
        beregner_core::values::month::parse_date(t)
            .ok_or_else(|| usage(flag, format!("`{t}` is not a date; write it as YYYY-MM-DD")))
    };
    let from = from.map(|t| date("--from", t)).transpose()?;
    let to = to.map(|t| date("--to", t)).transpose()?;
    let engine: Engine = crate::commands::engine(source)?;
    let book = engine.rule_book();
    let Some((first, last)) = timeline::default_span(book) else {
        eprintln!("error: no rule-set versions");
        return Ok(false);
    };
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if to < from {
        return Err(usage("--to", format!("{to} is before --from {from}")));
    }
    let schemes = timeline::coverage(book, from, to);
    let text = match format {
        OutputFormat::Text => timeline::to_text(&schemes, from, to),
        OutputFormat::Json => timeline::to_json(&schemes, from, to) + "\n",
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(true)
}
