//! Caseloads on all cores: `beregner batch`, and the reading machinery `beregner diff` shares.
//!
//! A reader thread reads the input in blocks of rows — CSV through the `csv` crate (quotes,
//! newlines inside quotes, CRLF, a byte-order mark, `,` or `;`), JSON Lines by lines of any
//! length — and each block's rows are computed in parallel (rayon, in sub-chunks that keep their
//! order) and written before the next block is read, so memory stays flat however long the file
//! is. Every row keeps its true line in the file for messages. Batch output goes to a uniquely
//! named temporary file beside the target, renamed into place only when complete.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use beregner_core::Engine;
use beregner_core::engine::SchemeResult;
use beregner_core::engine::case::Case;
use beregner_core::rules::RuleSetVersion;
use beregner_core::schemes::{self, SchemeSpec};
use beregner_core::tools::batch::{self, Header, OutColumn, RowError, RowOutcome};
use beregner_core::values::num;
use beregner_core::values::value::Value;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// Bytes of rows per block: about this much input is in memory at once.
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

/// How a CSV caseload is written: its separator (detected from the header when not given) and
/// whether a column no scheme reads is refused rather than skipped with a note.
#[derive(Clone, Copy, Default)]
pub struct Dialect {
    pub delimiter: Option<u8>,
    pub strict_columns: bool,
    /// Amounts written the Danish way (`15.600,50`), as a Danish Excel exports them.
    pub decimal_comma: bool,
}

/// A caseload being read.
pub struct Input {
    pub name: String,
    reader: Box<dyn Read + Send>,
    size: u64,
    pub layout: Layout,
    pub dialect: Dialect,
}

impl Input {
    pub fn open(path: &Path, layout: Option<Layout>, dialect: Dialect) -> Result<Self, String> {
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
            beregner_core::source::file::check(path, true)
                .map_err(|e| format!("{name}: cannot read: {e}"))?;
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
            dialect,
        })
    }
}

/// The most threads `--threads` may ask for: far beyond any machine's cores, and below the
/// counts at which starting them alone takes seconds (2048 threads: 7 s for one row).
const MAX_THREADS: usize = 256;

pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    if let Some(n) = threads
        && n > MAX_THREADS
    {
        return Err(format!(
            "--threads {n}: at most {MAX_THREADS} (the default, 0, uses every core)"
        ));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))
}

/// One data row as read: its number among the data rows (1 = the first after any header), the
/// line of the file it starts on, and its CSV fields or its JSON line.
pub struct RowIn<'a> {
    pub row: u64,
    pub line: u64,
    pub data: RowData<'a>,
}

pub enum RowData<'a> {
    Fields(&'a csv::ByteRecord),
    Line(&'a [u8]),
}

/// The case of one row: its `id` and the case or why there is none. Only the columns a scheme
/// reads must be UTF-8 text, so an export's other columns may hold anything.
pub fn row_case<'l>(
    header: Option<&Header>,
    row: &RowIn<'l>,
    fields: &mut Vec<&'l str>,
) -> (Option<String>, Result<Case, RowError>) {
    let not_utf8 = |column: Option<String>| RowError {
        column,
        message: "not UTF-8 text (save the file as UTF-8, e.g. Excel's \"CSV UTF-8\")".into(),
    };
    match (header, &row.data) {
        (Some(header), RowData::Fields(record)) => {
            fields.clear();
            // Most rows are UTF-8 text throughout: checked at once, each field is then the
            // row's text between two character boundaries (else the field is not UTF-8).
            let whole = std::str::from_utf8(record.as_slice()).ok();
            for (i, f) in record.iter().enumerate() {
                if !header.reads(i) {
                    fields.push("");
                    continue;
                }
                let text = match (whole, record.range(i)) {
                    (Some(whole), Some(range)) => whole.get(range).ok_or(()),
                    _ => std::str::from_utf8(f).map_err(|_| ()),
                };
                match text {
                    Ok(t) => fields.push(t),
                    Err(()) => return (None, Err(not_utf8(header.name(i).map(str::to_string)))),
                }
            }
            let id = batch::csv_id(header, fields).map(str::to_string);
            (id, batch::case_from_csv(header, fields, ""))
        }
        (_, RowData::Line(bytes)) => match std::str::from_utf8(bytes) {
            Ok(line) => {
                let case = batch::case_from_json_line(line, "");
                let id = match &case {
                    Ok(c) => c.id.clone(),
                    // A refused row keeps its id too, when the line is JSON at all.
                    Err(_) => serde_json::from_str::<serde_json::Value>(line)
                        .ok()
                        .and_then(|v| match v.get("id")? {
                            serde_json::Value::String(s) => Some(s.clone()),
                            serde_json::Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        }),
                };
                (id, case)
            }
            Err(_) => (None, Err(not_utf8(None))),
        },
        (None, RowData::Fields(_)) => (
            None,
            Err(RowError {
                column: None,
                message: "a CSV row before its header".into(),
            }),
        ),
    }
}

/// Computes `f` for one row; a panic (a bug) becomes that row's error, so the other rows are
/// computed and written.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, RowError>) -> Result<T, RowError> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(RowError {
            column: None,
            message: format!(
                "internal error ({what}): this row could not be computed; the other rows are not \
                 affected. Please report the row."
            ),
        })
    })
}

/// Counts of a finished stream.
pub struct Streamed {
    pub rows: u64,
}

/// A block of rows, read by the reader thread.
enum Block {
    /// CSV records, each with the line it starts on.
    Csv(Vec<(u64, csv::ByteRecord)>),
    /// JSON Lines: the bytes and each non-empty line's range and line number.
    Json {
        bytes: Vec<u8>,
        lines: Vec<(usize, usize, u64)>,
    },
}

impl Block {
    fn len_bytes(&self) -> u64 {
        match self {
            Block::Csv(records) => records.iter().map(|(_, r)| r.as_slice().len() as u64).sum(),
            Block::Json { bytes, .. } => bytes.len() as u64,
        }
    }
}

/// The separator of a CSV file from its first line: `;` (Danish Excel) when it has more of
/// them than commas outside quotes, else `,`.
fn detect_delimiter(first: &[u8]) -> u8 {
    let line = first.split(|b| *b == b'\n').next().unwrap_or(first);
    let (mut quoted, mut commas, mut semicolons) = (false, 0usize, 0usize);
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// The CSV reader thread: records in blocks of about [`BLOCK`] bytes. A row of only empty fields
/// (a spreadsheet's blank row) is skipped. The records of blocks already computed come back on
/// `recycle` and are read into again: a new record per row cost three allocations, freed on
/// another thread.
fn read_csv_blocks(
    reader: Box<dyn Read + Send>,
    dialect: Dialect,
    name: &str,
    tx: std::sync::mpsc::SyncSender<Result<Block, String>>,
    recycle: std::sync::mpsc::Receiver<Vec<(u64, csv::ByteRecord)>>,
) {
    let mut buffered = std::io::BufReader::with_capacity(256 << 10, reader);
    let delimiter = match dialect.delimiter {
        Some(d) => d,
        None => match buffered.fill_buf() {
            Ok(first) => detect_delimiter(first),
            Err(e) => {
                let _ = tx.send(Err(format!("{name}: cannot read: {e}")));
                return;
            }
        },
    };
    let starts = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::new()));
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(LineStarts {
            inner: buffered,
            offset: 0,
            line: 1,
            at_start: true,
            starts: starts.clone(),
        });
    // A row's line: the csv crate's own count skips blank lines and a CR LF inside quotes, and
    // its record positions include the blank lines before a record; the line is that of the
    // first line with content at or after the record's position.
    let line_at = |byte: u64| {
        let mut starts = starts.borrow_mut();
        while starts.front().is_some_and(|&(at, _)| at < byte) {
            starts.pop_front();
        }
        starts.front().map_or(0, |&(_, line)| line)
    };
    let mut block = Vec::new();
    let mut bytes = 0usize;
    let mut spare: Vec<csv::ByteRecord> = Vec::new();
    loop {
        if spare.is_empty()
            && let Ok(used) = recycle.try_recv()
        {
            spare.extend(used.into_iter().map(|(_, r)| r));
        }
        let mut record = spare.pop().unwrap_or_default();
        match csv.read_byte_record(&mut record) {
            Ok(true) => {
                if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    spare.push(record);
                    continue;
                }
                let line = line_at(record.position().map_or(0, |p| p.byte()));
                bytes += record.as_slice().len() + record.len();
                block.push((line, record));
                if bytes >= BLOCK {
                    bytes = 0;
                    if tx.send(Ok(Block::Csv(std::mem::take(&mut block)))).is_err() {
                        return;
                    }
                }
            }
            Ok(false) => break,
            Err(e) => {
                let at = e
                    .position()
                    .map(|p| format!(":{}", line_at(p.byte())))
                    .unwrap_or_default();
                let _ = tx.send(Err(format!("{name}{at}: cannot read: {e}")));
                return;
            }
        }
    }
    if !block.is_empty() {
        let _ = tx.send(Ok(Block::Csv(block)));
    }
}

/// A reader that notes where each line with content starts (its byte offset and line number)
/// as it passes the bytes on; the notes are taken as rows are read, so only a buffer's worth
/// is kept. A line of nothing but CR is blank.
struct LineStarts<R> {
    inner: R,
    offset: u64,
    /// The line the next byte is on, and whether no content has been seen on it yet.
    line: u64,
    at_start: bool,
    starts: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u64)>>>,
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        let mut starts = self.starts.borrow_mut();
        let mut i = 0;
        while i < n {
            if self.at_start {
                match bytes[i] {
                    b'\r' => {}
                    b'\n' => self.line += 1,
                    _ => {
                        starts.push_back((self.offset + i as u64, self.line));
                        self.at_start = false;
                    }
                }
                if self.at_start {
                    i += 1;
                    continue;
                }
            }
            match memchr::memchr(b'\n', &bytes[i..]) {
                Some(j) => {
                    self.line += 1;
                    self.at_start = true;
                    i += j + 1;
                }
                None => break,
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The JSON Lines reader thread: blocks of whole lines (a line may be of any length), each
/// non-empty line with its line number.
fn read_json_blocks(
    mut reader: Box<dyn Read + Send>,
    name: &str,
    tx: std::sync::mpsc::SyncSender<Result<Block, String>>,
) {
    const READ: usize = 256 << 10;
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + READ);
    let mut line_no = 0u64;
    let mut eof = false;
    let mut first = true;
    while !eof {
        // Read until the block holds a whole line and is about full (or the input ends).
        let mut scanned = 0;
        let cut = loop {
            if buf.len() >= BLOCK
                && let Some(i) = memchr::memrchr(b'\n', &buf[scanned..])
            {
                break scanned + i + 1;
            }
            if buf.len() >= BLOCK {
                // No newline yet in a long line: keep reading, without scanning it again.
                scanned = buf.len();
            }
            let len = buf.len();
            buf.resize(len + READ, 0);
            match reader.read(&mut buf[len..]) {
                Ok(0) => {
                    buf.truncate(len);
                    eof = true;
                    break buf.len();
                }
                Ok(n) => buf.truncate(len + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(len),
                Err(e) => {
                    let _ = tx.send(Err(format!("{name}: cannot read: {e}")));
                    return;
                }
            }
        };
        let rest = buf[cut..].to_vec();
        buf.truncate(cut);
        let mut bytes = std::mem::replace(&mut buf, {
            let mut next = Vec::with_capacity(BLOCK + READ);
            next.extend_from_slice(&rest);
            next
        });
        if first {
            first = false;
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
        }
        let mut lines = Vec::with_capacity(bytes.len() / 64);
        let mut start = 0;
        let mut push = |start: usize, end: usize, line: u64| {
            let end = if end > start && bytes[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            if bytes[start..end].iter().any(|b| !b.is_ascii_whitespace()) {
                lines.push((start, end, line));
            }
        };
        for i in memchr::memchr_iter(b'\n', &bytes) {
            line_no += 1;
            push(start, i, line_no);
            start = i + 1;
        }
        if start < bytes.len() {
            line_no += 1;
            push(start, bytes.len(), line_no);
        }
        if tx.send(Ok(Block::Json { bytes, lines })).is_err() {
            return;
        }
    }
}

/// Reads `input` block by block. For CSV, `on_header` sees the header and the first block's
/// rows. `work(rows, header)` runs in parallel on sub-chunks; `consume` receives the results in
/// row order on a thread of its own, so writing one block overlaps computing the next.
pub fn stream<T: Send>(
    input: Input,
    pool: &rayon::ThreadPool,
    mut on_header: impl FnMut(&Header, &[RowIn]) -> Result<(), String>,
    work: impl Fn(&[RowIn], Option<&Header>) -> T + Sync,
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
    let (recycle_tx, recycle_rx) = std::sync::mpsc::sync_channel::<Vec<(u64, csv::ByteRecord)>>(2);
    let reader_name = name.clone();
    let (layout, dialect) = (input.layout, input.dialect);
    let source = input.reader;
    let reader = std::thread::spawn(move || match layout {
        Layout::Csv => read_csv_blocks(source, dialect, &reader_name, tx, recycle_rx),
        Layout::Jsonl => read_json_blocks(source, &reader_name, tx),
    });
    let mut header: Option<Header> = None;
    let mut rows = 0u64;
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
                progress.inc(block.len_bytes());
                let mut skip = 0;
                if let (Block::Csv(records), None) = (&block, &header) {
                    let Some((line, first)) = records.first() else {
                        continue;
                    };
                    let names: Vec<&str> = first
                        .iter()
                        .map(std::str::from_utf8)
                        .collect::<Result<_, _>>()
                        .map_err(|_| format!("{name}:{line}: error: header: not UTF-8 text"))?;
                    let h = Header::new(&names, dialect.strict_columns)
                        .map_err(|e| format!("{name}:{line}: error: {e}"))?
                        .decimal_comma(dialect.decimal_comma);
                    header = Some(h);
                    skip = 1;
                }
                let first_row = rows + 1;
                let in_rows: Vec<RowIn> = match &block {
                    Block::Csv(records) => records[skip..]
                        .iter()
                        .enumerate()
                        .map(|(i, (line, r))| RowIn {
                            row: first_row + i as u64,
                            line: *line,
                            data: RowData::Fields(r),
                        })
                        .collect(),
                    Block::Json { bytes, lines } => lines
                        .iter()
                        .enumerate()
                        .map(|(i, (a, b, line))| RowIn {
                            row: first_row + i as u64,
                            line: *line,
                            data: RowData::Line(&bytes[*a..*b]),
                        })
                        .collect(),
                };
                if skip == 1
                    && let Some(h) = &header
                {
                    on_header(h, &in_rows)?;
                }
                let results: Vec<T> = pool.install(|| {
                    in_rows
                        .par_chunks(TASK_ROWS)
                        .map(|part| work(part, header.as_ref()))
                        .collect()
                });
                rows += in_rows.len() as u64;
                drop(in_rows);
                if let Block::Csv(records) = block {
                    // Back to the reader to read into again (dropped if it has enough).
                    let _ = recycle_tx.try_send(records);
                }
                if out_tx.send(results).is_err() {
                    // The writer stopped on an error; it is reported below.
                    break;
                }
            }
            if layout == Layout::Csv && header.is_none() {
                return Err(format!(
                    "{name}: error: empty: a CSV caseload starts with a header"
                ));
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
    result.map(|()| Streamed { rows })
}

/// The scheme a CSV file's output columns follow: that of the first data row that names one.
fn first_scheme(rows: &[RowIn], header: &Header) -> &'static SchemeSpec {
    let mut fields = Vec::new();
    for row in rows {
        let (_, case) = row_case(Some(header), row, &mut fields);
        if let Ok(case) = case {
            return case.scheme;
        }
        if let RowData::Fields(record) = row.data
            && let Some(s) = record
                .iter()
                .filter_map(|f| std::str::from_utf8(f).ok())
                .find_map(|f| schemes::find(f.trim()))
        {
            return s;
        }
    }
    schemes::SCHEMES[0]
}

pub struct Options<'a> {
    pub input: &'a Path,
    pub from: Option<Layout>,
    pub dialect: Dialect,
    pub out: Option<&'a Path>,
    pub to: Option<Layout>,
    pub threads: Option<usize>,
    /// CSV output columns, comma-separated (default: all).
    pub columns: Option<&'a str>,
    /// Print `key: value` totals on stdout.
    pub stats: bool,
}

/// A bad row: its number, its line in the input file, and why.
struct Bad {
    row: u64,
    line: u64,
    error: RowError,
}

/// What one task of a batch produced.
struct Done<'e> {
    text: String,
    errors: Vec<Bad>,
    versions: Vec<&'e RuleSetVersion>,
    /// Sums of the amount results, by result field.
    totals: Vec<num::Total>,
    /// The same sums per value of each result the scheme declares a grouping key
    /// (`OutputSpec::grouped`), keyed by that result's index and value.
    groups: BTreeMap<(usize, String), Group>,
}

/// One group's line of the summary: the grouping result, its value, the rows, the sums.
type GroupSums<'a> = (
    &'static str,
    &'a str,
    u64,
    Vec<(&'static str, Option<Decimal>)>,
);

/// The rows with one value of a grouping result, and their sums by result field.
#[derive(Clone, Default)]
struct Group {
    rows: u64,
    totals: Vec<num::Total>,
}

impl Group {
    fn merge(&mut self, other: &Group) {
        self.rows += other.rows;
        if self.totals.len() < other.totals.len() {
            self.totals
                .resize(other.totals.len(), num::Total::default());
        }
        for (t, d) in self.totals.iter_mut().zip(&other.totals) {
            t.merge(*d);
        }
    }
}

struct CsvOut {
    scheme: &'static SchemeSpec,
    columns: Vec<(String, OutColumn)>,
}

fn batch_rows<'e>(
    engine: &'e Engine,
    csv: Option<&CsvOut>,
    rows: &[RowIn],
    header: Option<&Header>,
) -> Done<'e> {
    let mut done = Done {
        text: String::with_capacity(rows.len() * 128),
        errors: Vec::new(),
        versions: Vec::new(),
        totals: vec![num::Total::default(); csv.map_or(0, |c| c.scheme.results.len())],
        groups: BTreeMap::new(),
    };
    let mut fields = Vec::new();
    let mut last_version = None;
    // The results the scheme declares grouping keys (most declare none).
    let group_fields: Vec<usize> = csv
        .map(|c| {
            (c.scheme.results.iter().enumerate())
                .filter(|(_, r)| r.group)
                .map(|(g, _)| g)
                .collect()
        })
        .unwrap_or_default();
    for input in rows {
        let row = input.row;
        let (id, mut case) = row_case(header, input, &mut fields);
        if let (Ok(c), Some(csv)) = (&case, csv)
            && c.scheme.name != csv.scheme.name
        {
            case = Err(RowError {
                column: Some("scheme".into()),
                message: format!(
                    "`{}` differs from the file's first scheme `{}`; a CSV output holds one scheme (use --to jsonl)",
                    c.scheme.name, csv.scheme.name
                ),
            });
        }
        // The case and its result stay where they are made: a case is some 450 bytes and a
        // result some 500, and moving them through tuples and closures cost a tenth of a run.
        let error = match (&case, csv) {
            (Err(_), _) => None,
            (Ok(case), Some(csv)) => match guarded(|| {
                panic_on_request(case);
                batch::compute(engine, case, &mut last_version)
            }) {
                Ok((version, result)) => {
                    write_computed(
                        &mut done,
                        csv,
                        &group_fields,
                        row,
                        id.as_deref(),
                        case,
                        version,
                        &result,
                    );
                    None
                }
                Err(e) => Some(e),
            },
            // JSON Lines output carries the notes a reader must see; CSV has no place for them.
            (Ok(case), None) => match guarded(|| {
                panic_on_request(case);
                batch::compute_noted(engine, case, &mut last_version)
            }) {
                Ok((version, result, notes)) => {
                    done.text.push_str(&batch::jsonl_line(
                        row,
                        id.as_deref(),
                        Ok((case, version, &result, notes.as_slice())),
                    ));
                    done.text.push('\n');
                    note_version(&mut done.versions, version);
                    None
                }
                Err(e) => Some(e),
            },
        };
        let error = match (case, error) {
            (_, Some(e)) | (Err(e), None) => e,
            (Ok(_), None) => continue,
        };
        match csv {
            Some(csv) => batch::write_csv_row(
                &mut done.text,
                &csv.columns,
                row,
                id.as_deref(),
                &RowOutcome::Failed(&error),
            ),
            None => {
                done.text
                    .push_str(&batch::jsonl_line(row, id.as_deref(), Err(&error)));
                done.text.push('\n');
            }
        }
        done.errors.push(Bad {
            row,
            line: input.line,
            error,
        });
    }
    done
}

/// Lets the tests prove that a panicking row does not stop the run (debug builds only).
fn panic_on_request(case: &Case) {
    if cfg!(debug_assertions) && case.id.as_deref() == Some("beregner-test-panic") {
        panic!("a panic asked for by the test id");
    }
}

fn note_version<'e>(versions: &mut Vec<&'e RuleSetVersion>, version: &'e RuleSetVersion) {
    if !versions.iter().any(|v| std::ptr::eq(*v, version)) {
        versions.push(version);
    }
}

/// A computed row of CSV output: its line, and its amounts added to the totals (those of the
/// columns written, which the summary reports) and to its group's.
#[allow(clippy::too_many_arguments)]
fn write_computed<'e>(
    done: &mut Done<'e>,
    csv: &CsvOut,
    group_fields: &[usize],
    row: u64,
    id: Option<&str>,
    case: &Case,
    version: &'e RuleSetVersion,
    result: &SchemeResult,
) {
    let values = result.fields();
    for (_, column) in &csv.columns {
        if let OutColumn::Result(k) = column
            && let (Some(total), Some((_, Value::Amount(d)))) =
                (done.totals.get_mut(*k), values.get(*k))
        {
            total.add(*d);
        }
    }
    // The same sums per value of each grouping result the scheme declares.
    for &g in group_fields {
        let Some((_, key)) = values.get(g) else {
            continue;
        };
        let group = done
            .groups
            .entry((g, batch::group_key(key)))
            .or_insert_with(|| Group {
                rows: 0,
                totals: vec![num::Total::default(); csv.scheme.results.len()],
            });
        group.rows += 1;
        for (_, column) in &csv.columns {
            if let OutColumn::Result(k) = column
                && let (Some(total), Some((_, Value::Amount(d)))) =
                    (group.totals.get_mut(*k), values.get(*k))
            {
                total.add(*d);
            }
        }
    }
    let outcome = RowOutcome::Computed {
        case,
        version,
        fields: &values,
    };
    batch::write_csv_row(&mut done.text, &csv.columns, row, id, &outcome);
    note_version(&mut done.versions, version);
}

/// Where the output goes: stdout, or the file `--out` names ([`crate::output`]).
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Out(crate::output::OutFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Out(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::Out(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Out(w) => w.flush(),
        }
    }
}

pub fn run(engine: &Engine, opts: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let input = Input::open(opts.input, opts.from, opts.dialect)?;
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
    let mut sink = match opts.out {
        Some(out) => Sink::Out(crate::output::create(
            out,
            &[opts.input],
            "the results would replace the cases",
        )?),
        None => Sink::Stdout(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        )),
    };
    let write_err = |e: std::io::Error| format!("cannot write output: {e}");

    let mut header_written = false;
    let mut versions: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut totals: Vec<num::Total> = Vec::new();
    let mut groups: BTreeMap<(usize, String), Group> = BTreeMap::new();
    let (mut failed, mut shown) = (0u64, 0usize);
    let mut bad_rows: Vec<Bad> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut danish_amounts = false;
    let mut header_names: Vec<String> = Vec::new();

    // The header fixes the output's columns once; every task then reads them.
    let csv_cell: std::sync::OnceLock<CsvOut> = std::sync::OnceLock::new();
    let streamed = stream(
        input,
        &pool,
        |header, rows| {
            let s = first_scheme(rows, header);
            let columns = batch::output_columns(s, header.has_id, opts.columns)?;
            let _ = csv_cell.set(CsvOut { scheme: s, columns });
            ignored.clone_from(&header.ignored);
            header_names = header.names().to_vec();
            Ok(())
        },
        |rows, header| {
            let csv = if to == Layout::Csv {
                csv_cell.get()
            } else {
                None
            };
            batch_rows(engine, csv, rows, header)
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
            for (key, group) in &done.groups {
                groups.entry(key.clone()).or_default().merge(group);
            }
            failed += done.errors.len() as u64;
            for bad in done.errors {
                // An amount written the Danish way: say how to read the file so.
                danish_amounts |= bad.error.message.contains("written the Danish way")
                    || bad.error.message.contains("a Danish reader reads");
                if shown < SHOWN_ERRORS {
                    bad_rows.push(bad);
                    shown += 1;
                }
            }
            Ok(())
        },
    );
    // On an error the temporary file is dropped, which deletes it: nothing is left half written.
    let streamed = streamed?;
    let csv_out = csv_cell.get();
    if !header_written && let (Some(c), Layout::Csv) = (csv_out, to) {
        sink.write_all(batch::csv_output_header(&c.columns).as_bytes())
            .map_err(write_err)?;
    }
    sink.flush().map_err(write_err)?;
    // Totals before the output is put in place: nothing after the rename can fail.
    let sums: Vec<(&str, Option<Decimal>)> = csv_out
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
    // The sums per value of each grouping result: (group field, value, rows, [(field, sum)]).
    let grouped: Vec<GroupSums> = csv_out
        .map(|c| {
            let fields = c.scheme.results;
            groups
                .iter()
                .filter_map(|((g, value), group)| {
                    let sums = c
                        .columns
                        .iter()
                        .filter_map(|(_, col)| match col {
                            OutColumn::Result(k) => {
                                let total = group.totals.get(*k).filter(|t| t.seen())?;
                                Some((fields.get(*k)?.name, total.value()))
                            }
                            _ => None,
                        })
                        .collect();
                    Some((fields.get(*g)?.name, value.as_str(), group.rows, sums))
                })
                .collect()
        })
        .unwrap_or_default();
    if let Sink::Out(file) = sink {
        file.finish()?;
    }
    if !ignored.is_empty() {
        eprintln!(
            "note: {name}: skipped column(s) no scheme reads: {} (--strict-columns refuses them)",
            ignored.join(", ")
        );
    }
    for bad in &bad_rows {
        // One line per problem: a quoted field's line breaks are shown, not printed.
        let error = bad
            .error
            .to_string()
            .replace('\r', "\\r")
            .replace('\n', "\\n");
        // A CSV row's field is named by its column too, as a spreadsheet counts them (the
        // reader does not keep a field's place in the raw line, so no character column).
        let column = bad
            .error
            .column
            .as_deref()
            .and_then(|c| header_names.iter().position(|n| n.trim() == c))
            .map(|i| format!(", column {}", i + 1))
            .unwrap_or_default();
        eprintln!(
            "{name}:{}: error: row {}{column}: {error}",
            bad.line, bad.row
        );
    }
    if danish_amounts && !opts.dialect.decimal_comma {
        eprintln!(
            "note: {name}: amounts are written the Danish way (15.600,50): if the whole file is, \
             read it so with --decimal-comma"
        );
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
    let total_text = |t: &Option<Decimal>| match t {
        Some(t) => num::fixed(*t, 2),
        None => "beyond what a decimal holds (not shown)".to_string(),
    };
    for (name, total) in &sums {
        eprintln!("  total {name}: {}", total_text(total));
    }
    for (by, value, rows, sums) in &grouped {
        let shown: Vec<String> = sums
            .iter()
            .map(|(name, total)| format!("{name} {}", total_text(total)))
            .collect();
        eprintln!("  by {by} {value}: {rows} rows; {}", shown.join(", "));
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
                total_text(total)
            );
        }
        for (by, value, rows, sums) in &grouped {
            let _ = writeln!(std::io::stdout().lock(), "rows_by_{by}[{value}]: {rows}");
            for (name, total) in sums {
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "sum_{name}_by_{by}[{value}]: {}",
                    total_text(total)
                );
            }
        }
    }
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    //! The reader fuzzed: CSV and JSON Lines built from the pieces exports are made of (quotes,
    //! separators, CR/LF, a byte-order mark, invalid bytes, real rows) never panic or hang, and
    //! every row read gets exactly one output row. `FUZZ_CASES` sets the number of files.
    use super::*;
    use proptest::prelude::*;

    fn input(bytes: Vec<u8>, layout: Layout) -> Input {
        Input {
            name: "fuzz".into(),
            size: bytes.len() as u64,
            reader: Box::new(std::io::Cursor::new(bytes)),
            layout,
            dialect: Dialect::default(),
        }
    }

    const CSV_PIECES: &[&[u8]] = &[
        b"scheme,month,wage,full_time_wage,id\n",
        b"fleksloentilskud,2024-03,15600.00,32067,a\n",
        b"fleksloentilskud;2024-03;15600;;\n",
        b"\"",
        b",",
        b";",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xEF\xBB\xBF",
        b"\xF8",
        b"\xFF\xFE",
        b"7.9e25",
        b"-5",
        b"15.600",
        b"2024-13",
        b"dagpenge",
        b"  ",
        b"\"\"",
        b"x",
    ];
    const JSON_PIECES: &[&[u8]] = &[
        b"{\"scheme\":\"fleksloentilskud\",\"month\":\"2024-03\",\"input\":{\"wage\":\"15600\"}}\n",
        b"{\"id\":1,",
        b"\"id\":\"x\"}",
        b"{",
        b"}",
        b"\n",
        b"\r\n",
        b"\xEF\xBB\xBF",
        b"\xF8",
        b"\"input\":{\"wage\":\"7.9e25\"}",
        b"[",
        b"null",
        b"  ",
    ];

    fn run(bytes: Vec<u8>, layout: Layout) -> Result<(u64, usize), String> {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
        let engine = ENGINE.get_or_init(|| Engine::bundled().expect("the bundled rules load"));
        let pool = POOL.get_or_init(|| pool(Some(2)).expect("threads"));
        let csv_cell: std::sync::OnceLock<CsvOut> = std::sync::OnceLock::new();
        let mut written = 0usize;
        let streamed = stream(
            input(bytes, layout),
            pool,
            |header, rows| {
                let s = first_scheme(rows, header);
                let columns = batch::output_columns(s, header.has_id, None)?;
                let _ = csv_cell.set(CsvOut { scheme: s, columns });
                Ok(())
            },
            |rows, header| {
                let csv = if layout == Layout::Csv {
                    csv_cell.get()
                } else {
                    None
                };
                (rows.len(), batch_rows(engine, csv, rows, header))
            },
            |(n, done)| {
                // One output row (a CSV record or a JSON line) per row read.
                let out = match layout {
                    Layout::Csv => csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_reader(done.text.as_bytes())
                        .byte_records()
                        .count(),
                    Layout::Jsonl => done.text.lines().count(),
                };
                assert_eq!(out, n, "{}", done.text);
                written += out;
                Ok(())
            },
        )?;
        Ok((streamed.rows, written))
    }

    fn cases() -> u32 {
        std::env::var("FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        #[test]
        fn csv_files_never_panic(pieces in prop::collection::vec(0..CSV_PIECES.len(), 0..60)) {
            let bytes: Vec<u8> = pieces.iter().flat_map(|i| CSV_PIECES[*i].to_vec()).collect();
            if let Ok((rows, written)) = run(bytes, Layout::Csv) {
                prop_assert_eq!(rows as usize, written);
            }
        }

        #[test]
        fn json_lines_never_panic(pieces in prop::collection::vec(0..JSON_PIECES.len(), 0..60)) {
            let bytes: Vec<u8> = pieces.iter().flat_map(|i| JSON_PIECES[*i].to_vec()).collect();
            if let Ok((rows, written)) = run(bytes, Layout::Jsonl) {
                prop_assert_eq!(rows as usize, written);
            }
        }
    }
}
