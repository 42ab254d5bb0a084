//! `beregner batch`: a caseload (CSV or JSON Lines) in, one result per row out, in row order.
//!
//! The input is read in blocks of whole lines; each block's rows are computed in parallel
//! (rayon, in sub-chunks that keep their order) and written before the next block is read, so
//! memory stays flat however long the file is. Output goes to a temporary file that is renamed
//! into place at the end: an interrupted run never leaves a partial result under the real name.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use beregner_core::batch::{self, Header, OutColumn, RowError, RowOutcome};
use beregner_core::num;
use beregner_core::trace::Value;
use rust_decimal::Decimal;
use beregner_core::case::{self, Case};
use beregner_core::schemes::{self, SchemeSpec};
use beregner_core::Engine;
use rayon::prelude::*;

/// Bytes read per block: whole lines up to about this size are in memory at once.
const BLOCK: usize = 4 << 20;
/// Rows per parallel task; each task writes one output string.
const TASK_ROWS: usize = 2048;
/// Bad rows printed on stderr; the rest are counted (all are in the output's `error` column).
const SHOWN_ERRORS: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Csv,
    Jsonl,
}

pub struct Options<'a> {
    pub input: &'a Path,
    pub from: Option<Layout>,
    pub out: Option<&'a Path>,
    pub to: Option<Layout>,
    pub threads: Option<usize>,
    /// CSV output columns, comma-separated (default: all).
    pub columns: Option<&'a str>,
    /// Print `key: value` totals on stdout (with --out).
    pub stats: bool,
}

fn layout_of(path: &Path) -> Option<Layout> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => Some(Layout::Csv),
        Some("jsonl" | "ndjson" | "json") => Some(Layout::Jsonl),
        _ => None,
    }
}

/// What one task produced: output text, the bad rows, and the versions used.
struct Done<'e> {
    text: String,
    errors: Vec<(u64, RowError)>,
    versions: Vec<&'e beregner_core::rules::RuleSetVersion>,
    /// Sums of the amount results, by result field (for the scheme of a CSV caseload).
    totals: Vec<Decimal>,
}

struct Csv {
    header: Header,
    scheme: &'static SchemeSpec,
    columns: Vec<(String, OutColumn)>,
}

fn process_rows<'e>(
    engine: &'e Engine,
    csv: Option<&Csv>,
    to: Layout,
    first_row: u64,
    lines: &[&str],
) -> Done<'e> {
    let mut done = Done {
        text: String::with_capacity(lines.len() * 128),
        errors: Vec::new(),
        versions: Vec::new(),
        totals: vec![Decimal::ZERO; csv.map_or(0, |c| case::result_fields(c.scheme).len())],
    };
    let mut fields = Vec::new();
    let mut last_version = None;
    for (i, line) in lines.iter().enumerate() {
        let row = first_row + i as u64;
        // Rows are named by number in batch messages; a case's own origin stays empty.
        let origin = "";
        let mut id = None;
        let case: Result<Case, RowError> = (|| match csv {
            Some(csv) => {
                batch::split_csv_line(line, &mut fields).map_err(|m| RowError { column: None, message: m })?;
                id = batch::csv_id(&csv.header, &fields).map(str::to_string);
                let case = batch::case_from_csv(&csv.header, &fields, origin)?;
                if case.scheme.name != csv.scheme.name {
                    return Err(RowError {
                        column: Some("scheme".into()),
                        message: format!(
                            "`{}` differs from the file's first scheme `{}`; a CSV output holds one scheme (use --to jsonl)",
                            case.scheme.name, csv.scheme.name
                        ),
                    });
                }
                Ok(case)
            }
            None => batch::case_from_json_line(line, origin),
        })();
        let computed = case.and_then(|case| batch::compute(engine, &case, &mut last_version).map(|(v, r)| (case, v, r)));
        match (&computed, to, csv) {
            (Ok((case, version, result)), Layout::Csv, Some(csv)) => {
                let values = result.fields();
                for (total, (_, v)) in done.totals.iter_mut().zip(&values) {
                    if let Value::Amount(d) = v {
                        *total += *d;
                    }
                }
                let outcome = RowOutcome::Computed { case, version, fields: &values };
                batch::write_csv_row(&mut done.text, &csv.columns, row, id.as_deref(), &outcome);
            }
            (Err(e), Layout::Csv, Some(csv)) => {
                batch::write_csv_row(&mut done.text, &csv.columns, row, id.as_deref(), &RowOutcome::Failed(e))
            }
            (Ok((case, version, result)), _, _) => {
                done.text.push_str(&batch::jsonl_line(row, Ok((case, version, result))));
                done.text.push('\n');
            }
            (Err(e), _, _) => {
                done.text.push_str(&batch::jsonl_line(row, Err(e)));
                done.text.push('\n');
            }
        }
        match computed {
            Ok((_, version, _)) => {
                if !done.versions.iter().any(|v| std::ptr::eq(*v, version)) {
                    done.versions.push(version);
                }
            }
            Err(e) => done.errors.push((row, e)),
        }
    }
    done
}

/// The scheme a CSV file's output columns follow: that of the first data row that names one.
fn first_scheme(lines: &[&str], header: &Header) -> &'static SchemeSpec {
    let mut fields = Vec::new();
    for line in lines {
        if batch::split_csv_line(line, &mut fields).is_err() || fields.len() != header.len() {
            continue;
        }
        if let Some(s) = fields.iter().find_map(|f| schemes::find(f.trim())) {
            return s;
        }
    }
    schemes::SCHEMES[0]
}

pub fn run(engine: &Engine, opts: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let stdin = opts.input.as_os_str() == "-";
    let name = if stdin { "<stdin>".to_string() } else { opts.input.display().to_string() };
    let from = opts
        .from
        .or_else(|| layout_of(opts.input))
        .ok_or_else(|| format!("{name}: say whether it is CSV or JSON Lines (--from csv|jsonl)"))?;
    let to = opts.to.or_else(|| opts.out.and_then(layout_of)).unwrap_or(from);
    let (mut reader, size): (Box<dyn Read>, u64) = if stdin {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let file = std::fs::File::open(opts.input).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let threads = pool.current_num_threads();

    let (tmp_path, mut sink): (Option<PathBuf>, Box<dyn Write>) = match opts.out {
        Some(out) => {
            let tmp = out.with_extension("partial");
            let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: cannot write: {e}", tmp.display()))?;
            (Some(tmp), Box::new(std::io::BufWriter::with_capacity(1 << 20, file)))
        }
        None => (None, Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock()))),
    };
    let progress = if std::io::stderr().is_terminal() && size > 0 {
        let bar = indicatif::ProgressBar::new(size);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + (64 << 10));
    let mut csv: Option<Csv> = None;
    let mut header_done = false;
    let (mut rows, mut failed, mut shown) = (0u64, 0u64, 0usize);
    let mut line_offset = 1u64; // file line of the first data row, for messages
    let mut versions: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut totals: Vec<Decimal> = Vec::new();
    let mut eof = false;
    let write_err = |e: std::io::Error| format!("cannot write output: {e}");
    while !eof {
        // Fill the block with whole lines.
        let mut chunk = [0u8; 64 << 10];
        while buf.len() < BLOCK {
            let n = reader.read(&mut chunk).map_err(|e| format!("{name}: cannot read: {e}"))?;
            if n == 0 {
                eof = true;
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let cut = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => continue,
            }
        };
        progress.inc(cut as u64);
        // Validate the block once; a block that is not UTF-8 is reported at its first bad line.
        let block = match std::str::from_utf8(&buf[..cut]) {
            Ok(text) => text,
            Err(e) => {
                let line = buf[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64;
                return Err(format!("{name}:{}: error: not UTF-8 text", rows + line_offset + line));
            }
        };
        let mut lines: Vec<&str> = block
            .split('\n')
            .filter(|l| !l.is_empty() && *l != "\r")
            .collect();
        if from == Layout::Csv && !header_done {
            let Some(first) = lines.first() else { continue };
            let header = Header::parse(first).map_err(|e| format!("{name}:1: error: {e}"))?;
            let scheme = first_scheme(&lines[1..], &header);
            lines.remove(0);
            line_offset = 2;
            let columns = batch::output_columns(scheme, header.has_id, opts.columns)?;
            if to == Layout::Csv {
                sink.write_all(batch::csv_output_header(&columns).as_bytes()).map_err(write_err)?;
            }
            totals = vec![Decimal::ZERO; case::result_fields(scheme).len()];
            csv = Some(Csv { header, scheme, columns });
            header_done = true;
        } else if to == Layout::Csv && !header_done {
            return Err(format!("{name}: a JSON Lines caseload is written as JSON Lines (--to jsonl)"));
        }
        let first_row = rows + 1;
        let results: Vec<Done> = pool.install(|| {
            lines
                .par_chunks(TASK_ROWS)
                .enumerate()
                .map(|(i, part)| process_rows(engine, csv.as_ref(), to, first_row + (i * TASK_ROWS) as u64, part))
                .collect()
        });
        rows += lines.len() as u64;
        drop(lines);
        buf.drain(..cut);
        for done in results {
            sink.write_all(done.text.as_bytes()).map_err(write_err)?;
            for v in done.versions {
                versions.entry((v.id.clone(), v.version.clone())).or_insert_with(|| v.sha256.clone());
            }
            for (t, d) in totals.iter_mut().zip(&done.totals) {
                *t += *d;
            }
            failed += done.errors.len() as u64;
            for (row, e) in done.errors {
                if shown < SHOWN_ERRORS {
                    progress.suspend(|| eprintln!("{name}:{}: error: row {row}: {e}", row + line_offset - 1));
                    shown += 1;
                }
            }
        }
    }
    sink.flush().map_err(write_err)?;
    drop(sink);
    progress.finish_and_clear();
    if let (Some(tmp), Some(out)) = (&tmp_path, opts.out) {
        std::fs::rename(tmp, out).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    }
    if failed as usize > shown {
        eprintln!("… and {} more bad rows (see the `error` column)", failed as usize - shown);
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "batch: {rows} rows, {} computed, {failed} failed; {threads} threads, {seconds:.2} s",
        rows - failed
    );
    for ((id, version), sha) in &versions {
        eprintln!("  rule set {id} {version} sha256 {sha}");
    }
    let sums: Vec<(&str, Decimal)> = csv
        .as_ref()
        .map(|c| case::result_fields(c.scheme).iter().copied().zip(totals.iter().copied()).collect())
        .unwrap_or_default();
    for (name, total) in &sums {
        if *name != "cap_applied" {
            eprintln!("  total {name}: {}", num::fixed(*total, 2));
        }
    }
    if opts.stats {
        println!("rows: {rows}\ncomputed: {}\nfailed: {failed}\nthreads: {threads}\nengine_s: {seconds:.4}", rows - failed);
        for (name, total) in &sums {
            if *name != "cap_applied" {
                println!("sum_{name}: {}", num::fixed(*total, 2));
            }
        }
    }
    Ok(failed == 0)
}
