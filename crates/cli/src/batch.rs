//! Caseloads on all cores: `beregner batch`, and the reading machinery `beregner diff` shares.
//!
//! The input is read in blocks of whole lines; each block's rows are handled in parallel
//! (rayon, in sub-chunks that keep their order) and their output is written before the next
//! block is read, so memory stays flat however long the file is. Batch output goes to a
//! temporary file renamed into place at the end: an interrupted run never leaves a partial
//! result under the real name.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use beregner_core::Engine;
use beregner_core::engine::case::Case;
use beregner_core::rules::RuleSetVersion;
use beregner_core::schemes::{self, SchemeSpec};
use beregner_core::tools::batch::{self, Header, OutColumn, RowError, RowOutcome};
use beregner_core::values::num;
use beregner_core::values::value::Value;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// Bytes read per block: whole lines up to about this size are in memory at once.
const BLOCK: usize = 1 << 20;
/// Rows per parallel task.
const TASK_ROWS: usize = 2048;
/// Bad rows printed on stderr; the rest are counted.
pub const SHOWN_ERRORS: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Csv,
    Jsonl,
}

pub fn layout_of(path: &Path) -> Option<Layout> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => Some(Layout::Csv),
        Some("jsonl" | "ndjson") => Some(Layout::Jsonl),
        _ => None,
    }
}

/// A caseload being read.
pub struct Input {
    pub name: String,
    reader: Box<dyn Read + Send>,
    size: u64,
    pub layout: Layout,
}

impl Input {
    pub fn open(path: &Path, layout: Option<Layout>) -> Result<Self, String> {
        let stdin = path.as_os_str() == "-";
        let name = if stdin {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let layout = layout.or_else(|| layout_of(path)).ok_or_else(|| {
            format!("{name}: say whether it is CSV or JSON Lines (--from csv|jsonl)")
        })?;
        let (reader, size): (Box<dyn Read + Send>, u64) = if stdin {
            (Box::new(std::io::stdin()), 0)
        } else {
            let file =
                std::fs::File::open(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            (Box::new(file), size)
        };
        Ok(Self {
            name,
            reader,
            size,
            layout,
        })
    }
}

pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))
}

/// The case of one line: its `id` (CSV) and the case or why there is none.
pub fn row_case<'l>(
    header: Option<&Header>,
    line: &'l str,
    fields: &mut Vec<Cow<'l, str>>,
) -> (Option<String>, Result<Case, RowError>) {
    match header {
        Some(header) => {
            if let Err(m) = batch::split_csv_line(line, fields) {
                return (
                    None,
                    Err(RowError {
                        column: None,
                        message: m,
                    }),
                );
            }
            let id = batch::csv_id(header, fields).map(str::to_string);
            (id, batch::case_from_csv(header, fields, ""))
        }
        None => (None, batch::case_from_json_line(line, "")),
    }
}

/// Counts of a finished stream, and where data rows start in the file (for messages).
pub struct Streamed {
    pub rows: u64,
    /// File line of row 1 (2 when a CSV header comes first).
    pub line_offset: u64,
}

/// A block of whole lines, read and checked by the reader thread.
struct Block {
    text: String,
    /// Byte ranges of the non-empty lines.
    lines: Vec<(usize, usize)>,
}

/// The reader thread: fills blocks of whole lines, validates them as UTF-8 and finds the lines,
/// while the pool computes the previous block.
fn read_blocks(
    mut reader: Box<dyn Read + Send>,
    name: &str,
    tx: std::sync::mpsc::SyncSender<Result<Block, String>>,
) {
    const READ: usize = 256 << 10;
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + READ);
    let mut lines_before = 0u64;
    let mut eof = false;
    while !eof {
        // Read straight into the block's spare room.
        while buf.len() < BLOCK {
            let len = buf.len();
            buf.resize(len + READ, 0);
            match reader.read(&mut buf[len..]) {
                Ok(n) => {
                    buf.truncate(len + n);
                    if n == 0 {
                        eof = true;
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(format!("{name}: cannot read: {e}")));
                    return;
                }
            }
        }
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => continue,
            }
        };
        let rest = buf[cut..].to_vec();
        buf.truncate(cut);
        let bytes = std::mem::replace(&mut buf, {
            let mut next = Vec::with_capacity(BLOCK + READ);
            next.extend_from_slice(&rest);
            next
        });
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..valid]).count() as u64;
                let _ = tx.send(Err(format!(
                    "{name}: line {}: not UTF-8 text",
                    lines_before + line + 1
                )));
                return;
            }
        };
        let mut lines = Vec::with_capacity(text.len() / 32);
        let mut start = 0;
        let bytes = text.as_bytes();
        for i in memchr::memchr_iter(b'\n', bytes) {
            lines_before += 1;
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            if end > start {
                lines.push((start, end));
            }
            start = i + 1;
        }
        let end = if text.ends_with('\r') {
            text.len() - 1
        } else {
            text.len()
        };
        if end > start {
            lines.push((start, end));
        }
        if tx.send(Ok(Block { text, lines })).is_err() {
            return;
        }
    }
}

/// Reads `input` block by block. For CSV, `on_header` sees the header and the first block's data
/// lines. `work(first_row, lines, header)` runs in parallel on sub-chunks; `consume` receives
/// the results in row order on a thread of its own, so writing one block overlaps computing
/// the next.
pub fn stream<T: Send>(
    input: Input,
    pool: &rayon::ThreadPool,
    mut on_header: impl FnMut(&Header, &[&str]) -> Result<(), String>,
    work: impl Fn(u64, &[&str], Option<&Header>) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<(), String> + Send,
) -> Result<Streamed, String> {
    let name = input.name.clone();
    let progress = if std::io::stderr().is_terminal() && input.size > 0 {
        let bar = indicatif::ProgressBar::new(input.size);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Block, String>>(1);
    let reader_name = name.clone();
    let layout = input.layout;
    let reader = std::thread::spawn(move || read_blocks(input.reader, &reader_name, tx));
    let mut header: Option<Header> = None;
    let mut rows = 0u64;
    let mut line_offset = 1u64;
    let result = std::thread::scope(|scope| {
        let (out_tx, out_rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
        let bar = progress.clone();
        let writer = scope.spawn(move || -> Result<(), String> {
            for results in out_rx {
                for r in results {
                    bar.suspend(|| consume(r))?;
                }
            }
            Ok(())
        });
        let computed = (|| {
            for block in rx.iter() {
                let block = block?;
                progress.inc(block.text.len() as u64);
                let mut lines: Vec<&str> = block
                    .lines
                    .iter()
                    .map(|(a, b)| &block.text[*a..*b])
                    .collect();
                if layout == Layout::Csv && header.is_none() {
                    let Some(first) = lines.first() else { continue };
                    let h = Header::parse(first).map_err(|e| format!("{name}:1: error: {e}"))?;
                    lines.remove(0);
                    line_offset = 2;
                    on_header(&h, &lines)?;
                    header = Some(h);
                }
                let first_row = rows + 1;
                let results: Vec<T> = pool.install(|| {
                    lines
                        .par_chunks(TASK_ROWS)
                        .enumerate()
                        .map(|(i, part)| {
                            work(first_row + (i * TASK_ROWS) as u64, part, header.as_ref())
                        })
                        .collect()
                });
                rows += lines.len() as u64;
                if out_tx.send(results).is_err() {
                    // The writer stopped on an error; it is reported below.
                    break;
                }
            }
            Ok(())
        })();
        drop(out_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err("the output writer stopped".to_string()));
        computed.and(written)
    });
    // On an early error the receiver is dropped here, which ends the reader.
    drop(rx);
    let _ = reader.join();
    progress.finish_and_clear();
    result.map(|()| Streamed { rows, line_offset })
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

pub struct Options<'a> {
    pub input: &'a Path,
    pub from: Option<Layout>,
    pub out: Option<&'a Path>,
    pub to: Option<Layout>,
    pub threads: Option<usize>,
    /// CSV output columns, comma-separated (default: all).
    pub columns: Option<&'a str>,
    /// Print `key: value` totals on stdout.
    pub stats: bool,
}

/// What one task of a batch produced.
struct Done<'e> {
    text: String,
    errors: Vec<(u64, RowError)>,
    versions: Vec<&'e RuleSetVersion>,
    /// Sums of the amount results, by result field.
    totals: Vec<num::Total>,
}

struct CsvOut {
    scheme: &'static SchemeSpec,
    columns: Vec<(String, OutColumn)>,
}

fn batch_rows<'e>(
    engine: &'e Engine,
    csv: Option<&CsvOut>,
    first_row: u64,
    lines: &[&str],
    header: Option<&Header>,
) -> Done<'e> {
    let mut done = Done {
        text: String::with_capacity(lines.len() * 128),
        errors: Vec::new(),
        versions: Vec::new(),
        totals: vec![num::Total::default(); csv.map_or(0, |c| c.scheme.results.len())],
    };
    let mut fields = Vec::new();
    let mut last_version = None;
    for (i, line) in lines.iter().enumerate() {
        let row = first_row + i as u64;
        let (id, case) = row_case(header, line, &mut fields);
        let case = case.and_then(|case| match csv {
            Some(csv) if case.scheme.name != csv.scheme.name => Err(RowError {
                column: Some("scheme".into()),
                message: format!(
                    "`{}` differs from the file's first scheme `{}`; a CSV output holds one scheme (use --to jsonl)",
                    case.scheme.name, csv.scheme.name
                ),
            }),
            _ => Ok(case),
        });
        let computed = case.and_then(|case| {
            batch::compute(engine, &case, &mut last_version).map(|(v, r)| (case, v, r))
        });
        match (&computed, csv) {
            (Ok((case, version, result)), Some(csv)) => {
                let values = result.fields();
                // Totals of the result columns written (the summary reports those).
                for (_, column) in &csv.columns {
                    if let OutColumn::Result(k) = column
                        && let (Some(total), Some((_, Value::Amount(d)))) =
                            (done.totals.get_mut(*k), values.get(*k))
                    {
                        total.add(*d);
                    }
                }
                let outcome = RowOutcome::Computed {
                    case,
                    version,
                    fields: &values,
                };
                batch::write_csv_row(&mut done.text, &csv.columns, row, id.as_deref(), &outcome);
            }
            (Err(e), Some(csv)) => batch::write_csv_row(
                &mut done.text,
                &csv.columns,
                row,
                id.as_deref(),
                &RowOutcome::Failed(e),
            ),
            (Ok((case, version, result)), None) => {
                done.text
                    .push_str(&batch::jsonl_line(row, Ok((case, version, result))));
                done.text.push('\n');
            }
            (Err(e), None) => {
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

pub fn run(engine: &Engine, opts: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let input = Input::open(opts.input, opts.from)?;
    let name = input.name.clone();
    let to = opts
        .to
        .or_else(|| opts.out.and_then(layout_of))
        .unwrap_or(input.layout);
    if input.layout == Layout::Jsonl && to == Layout::Csv {
        return Err(format!(
            "{name}: a JSON Lines caseload is written as JSON Lines (--to jsonl)"
        ));
    }
    let pool = pool(opts.threads)?;
    let threads = pool.current_num_threads();
    let (tmp_path, mut sink): (Option<PathBuf>, Box<dyn Write + Send>) = match opts.out {
        Some(out) => {
            let tmp = out.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .map_err(|e| format!("{}: cannot write: {e}", tmp.display()))?;
            (
                Some(tmp),
                Box::new(std::io::BufWriter::with_capacity(1 << 20, file)),
            )
        }
        None => (
            None,
            Box::new(std::io::BufWriter::with_capacity(
                1 << 20,
                std::io::stdout(),
            )),
        ),
    };
    let write_err = |e: std::io::Error| format!("cannot write output: {e}");

    let mut header_written = false;
    let mut versions: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut totals: Vec<num::Total> = Vec::new();
    let (mut failed, mut shown) = (0u64, 0usize);
    let mut bad_rows: Vec<String> = Vec::new();

    // The header fixes the output's columns once; every task then reads them.
    let csv_cell: std::sync::OnceLock<CsvOut> = std::sync::OnceLock::new();
    let streamed = stream(
        input,
        &pool,
        |header, lines| {
            let s = first_scheme(lines, header);
            let columns = batch::output_columns(s, header.has_id, opts.columns)?;
            let _ = csv_cell.set(CsvOut { scheme: s, columns });
            Ok(())
        },
        |first_row, lines, header| {
            let csv = if to == Layout::Csv {
                csv_cell.get()
            } else {
                None
            };
            batch_rows(engine, csv, first_row, lines, header)
        },
        |done| {
            if !header_written {
                if let (Some(c), Layout::Csv) = (csv_cell.get(), to) {
                    sink.write_all(batch::csv_output_header(&c.columns).as_bytes())
                        .map_err(write_err)?;
                }
                header_written = true;
            }
            sink.write_all(done.text.as_bytes()).map_err(write_err)?;
            for v in done.versions {
                versions
                    .entry((v.id.clone(), v.version.clone()))
                    .or_insert_with(|| v.sha256.clone());
            }
            if totals.len() < done.totals.len() {
                totals.resize(done.totals.len(), num::Total::default());
            }
            for (t, d) in totals.iter_mut().zip(&done.totals) {
                t.merge(*d);
            }
            failed += done.errors.len() as u64;
            for (row, e) in done.errors {
                if shown < SHOWN_ERRORS {
                    bad_rows.push(format!("row {row}: {e}"));
                    shown += 1;
                }
            }
            Ok(())
        },
    );
    let csv_out = csv_cell.get();
    let streamed = match streamed {
        Ok(s) => s,
        Err(e) => {
            if let Some(tmp) = &tmp_path {
                let _ = std::fs::remove_file(tmp);
            }
            return Err(e);
        }
    };
    if !header_written && let (Some(c), Layout::Csv) = (csv_out, to) {
        sink.write_all(batch::csv_output_header(&c.columns).as_bytes())
            .map_err(write_err)?;
    }
    sink.flush().map_err(write_err)?;
    drop(sink);
    if let (Some(tmp), Some(out)) = (&tmp_path, opts.out) {
        std::fs::rename(tmp, out).map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    }
    for line in &bad_rows {
        // `row N` → also the file line, for editors.
        let row: u64 = line[4..]
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        eprintln!("{name}:{}: error: {line}", row + streamed.line_offset - 1);
    }
    if failed as usize > shown {
        eprintln!(
            "… and {} more bad rows (see the `error` column)",
            failed as usize - shown
        );
    }
    let rows = streamed.rows;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "batch: {rows} rows, {} computed, {failed} failed; {threads} threads, {seconds:.2} s",
        rows - failed
    );
    for ((id, version), sha) in &versions {
        eprintln!("  rule set {id} {version} sha256 {sha}");
    }
    // Totals of the amount columns written.
    let sums: Vec<(&str, Decimal)> = csv_out
        .map(|c| {
            let fields = c.scheme.results;
            c.columns
                .iter()
                .filter_map(|(_, col)| match col {
                    OutColumn::Result(k) => {
                        let total = totals.get(*k).filter(|t| t.seen())?;
                        Some((fields.get(*k)?.name, total.value()))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    for (name, total) in &sums {
        eprintln!("  total {name}: {}", num::fixed(*total, 2));
    }
    if opts.stats {
        let _ = writeln!(
            std::io::stdout().lock(),
            "rows: {rows}\ncomputed: {}\nfailed: {failed}\nthreads: {threads}\nengine_s: {seconds:.4}",
            rows - failed
        );
        for (name, total) in &sums {
            let _ = writeln!(
                std::io::stdout().lock(),
                "sum_{name}: {}",
                num::fixed(*total, 2)
            );
        }
    }
    Ok(failed == 0)
}
