//! Caseloads: one case per row of a CSV file (a header names the columns) or per line of JSON
//! Lines. Rows go through the same input checks as case files; a bad row becomes an error
//! naming its row and column, never a stop. The CLI does the reading, threading and writing.

use crate::SourceText;
use crate::engine::case::{self, Case, Format};
use crate::engine::{Engine, SchemeResult};
use crate::model::{Fields, Raw};
use crate::rules::RuleSetVersion;
use crate::schemes::{self, CaseInput, SchemeSpec};
use crate::source::diag::did_you_mean;
use crate::text::Lang;
use crate::text::format::{canonical, say, say_into};
use crate::values::month::{self, Month};
use crate::values::num;
use crate::values::value::{Said, Value};

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// A caller's identifier, copied to the output.
    Id,
    Scheme,
    Month,
    Input(&'static str),
    /// A column no scheme reads (an export's extra column), skipped and named in a note.
    Ignored,
}

/// The columns of a CSV caseload, checked once.
#[derive(Debug, Clone)]
pub struct Header {
    columns: Vec<Column>,
    pub has_id: bool,
    /// Column index of scheme, month and id, and of each input field present, found once.
    scheme_col: usize,
    /// Absent when every row is a scheme chosen by an input date (a bonus by its hiring date).
    month_col: Option<usize>,
    id_col: Option<usize>,
    /// For each scheme (in [`schemes::SCHEMES`] order), the column of each of its declared
    /// inputs, found once for the file rather than by name for every row.
    input_columns: Vec<Vec<Option<usize>>>,
    /// The columns skipped, each with a hint when it looks like a misspelt input.
    pub ignored: Vec<String>,
    names: Vec<String>,
    /// Amounts are written the Danish way (`15.600,50`; a Danish Excel's `;` export), read
    /// as a person types them ([`Fields::read_typed`]); see [`Header::decimal_comma`].
    decimal_comma: bool,
}

fn all_input_fields() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = schemes::SCHEMES
        .iter()
        .flat_map(|s| case::input_fields(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Header {
    /// The header's column names, in order (for a row error to name its column's number).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Reads the rows' amounts the Danish way: `15.600,50` and `15.600` are 15.600,50 and
    /// 15.600 kr., not refused as a file's ambiguous `15.600` (15,60 or 15.600?) is. Only on
    /// request (`batch --decimal-comma`): a file's own reading is never guessed.
    pub fn decimal_comma(mut self, on: bool) -> Header {
        self.decimal_comma = on;
        self
    }

    /// Reads the header's column names. A column no scheme reads is skipped and listed in
    /// [`Header::ignored`] (with the closest known name, when one is close), unless `strict`,
    /// when it is an error.
    pub fn new(names: &[&str], strict: bool) -> Result<Header, String> {
        let known_inputs = all_input_fields();
        let mut columns = Vec::with_capacity(names.len());
        let mut ignored = Vec::new();
        for (i, name) in names.iter().enumerate() {
            // Excel's "CSV UTF-8" starts the file with a byte-order mark.
            let name = if i == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            };
            let name = name.trim();
            let column = match name {
                "id" => Column::Id,
                "scheme" => Column::Scheme,
                "month" => Column::Month,
                other => match known_inputs.iter().find(|f| **f == other) {
                    Some(f) => Column::Input(f),
                    None => {
                        let known = ["id", "scheme", "month"]
                            .into_iter()
                            .chain(known_inputs.iter().copied());
                        let hint = match did_you_mean(other, known) {
                            Some(s) => format!(" (did you mean `{s}`?)"),
                            None if strict => format!(
                                " (columns: id, scheme, month, {})",
                                known_inputs.join(", ")
                            ),
                            None => String::new(),
                        };
                        if strict {
                            return Err(format!("header: unknown column `{other}`{hint}"));
                        }
                        ignored.push(format!("`{other}`{hint}"));
                        Column::Ignored
                    }
                },
            };
            if column != Column::Ignored && columns.contains(&column) {
                return Err(format!("header: column `{name}` appears twice"));
            }
            columns.push(column);
        }
        let index = |want: Column| columns.iter().position(|c| *c == want);
        let Some(scheme_col) = index(Column::Scheme) else {
            return Err("header: missing column `scheme`".to_string());
        };
        let month_col = index(Column::Month);
        // Only the schemes chosen by an input date can do without a month.
        let dated = |f: &&'static str| schemes::SCHEMES.iter().any(|s| s.selected_by == Some(*f));
        if month_col.is_none()
            && !columns
                .iter()
                .any(|c| matches!(c, Column::Input(f) if dated(f)))
        {
            return Err("header: missing column `month`".to_string());
        }
        let id_col = index(Column::Id);
        let input_columns = schemes::SCHEMES
            .iter()
            .map(|s| {
                (s.inputs.iter())
                    .map(|spec| {
                        columns.iter().position(
                            |c| matches!(c, Column::Input(f) if crate::model::inputs::same(f, spec.name)),
                        )
                    })
                    .collect()
            })
            .collect();
        Ok(Header {
            decimal_comma: false,
            has_id: id_col.is_some(),
            columns,
            scheme_col,
            month_col,
            id_col,
            input_columns,
            ignored,
            names: names
                .iter()
                .map(|n| n.trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
        })
    }

    /// Whether column `i` is read by some scheme (else its content is never looked at).
    pub fn reads(&self, i: usize) -> bool {
        !matches!(self.columns.get(i), None | Some(Column::Ignored))
    }

    /// The name of column `i` as the header wrote it.
    pub fn name(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

/// A row that could not be computed: which column (if one) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{c}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

fn row_error(column: Option<&str>, message: impl Into<String>) -> RowError {
    RowError {
        column: column.map(str::to_string),
        message: message.into(),
    }
}

/// Builds the case of one CSV row. `fields` are the row's fields in header order; `origin`
/// names the row in messages. Empty fields are absent.
pub fn case_from_csv(header: &Header, fields: &[&str], origin: &str) -> Result<Case, RowError> {
    if fields.len() != header.columns.len() {
        return Err(row_error(
            None,
            format!(
                "{} fields, the header has {}",
                fields.len(),
                header.columns.len()
            ),
        ));
    }
    let text = |i: usize| {
        let f: &str = fields[i];
        let f = match f.as_bytes() {
            [first, .., last] if !first.is_ascii_whitespace() && !last.is_ascii_whitespace() => f,
            _ => f.trim(),
        };
        Some(f).filter(|t| !t.is_empty())
    };
    let scheme_name = text(header.scheme_col).ok_or_else(|| row_error(Some("scheme"), "empty"))?;
    let scheme: &'static SchemeSpec = schemes::find(scheme_name).ok_or_else(|| {
        let hint = did_you_mean(scheme_name, schemes::names())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        row_error(
            Some("scheme"),
            format!("unknown scheme `{scheme_name}`{hint}"),
        )
    })?;
    let month: Option<Month> = header
        .month_col
        .and_then(text)
        .map(|m| {
            crate::model::inputs::case_month(m)
                .map_err(|said| row_error(Some("month"), say(&said, Lang::En)))
        })
        .transpose()?;
    let columns: &[Option<usize>] = schemes::SCHEMES
        .iter()
        .position(|s| std::ptr::eq(*s, scheme) || s.name == scheme.name)
        .and_then(|k| header.input_columns.get(k))
        .map_or(&[], Vec::as_slice);
    let get = |k: usize| columns.get(k).copied().flatten().and_then(text);
    if month.is_none() && scheme.selected_by.is_none() {
        return Err(row_error(Some("month"), "empty"));
    }
    let f = &mut Fields::read_indexed(
        scheme.name,
        scheme.inputs,
        |k| get(k).map(Raw::Text),
        header.decimal_comma,
    );
    let input = CaseInput::read(scheme, f);
    if f.has_errors() {
        let column = (f.errors.len() == 1).then(|| f.errors[0].field);
        return Err(match column {
            Some(c) => row_error(Some(c), say(&f.errors[0].said, Lang::En)),
            None => row_error(
                None,
                f.errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, say(&e.said, Lang::En)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        });
    }
    let input = input.ok_or_else(|| row_error(None, "the row could not be read"))?;
    let date = scheme
        .selected_by
        .and_then(|_| input.selecting_date())
        .or(month.map(|m| m.first_day()))
        .ok_or_else(|| row_error(Some("month"), "empty"))?;
    let month = month.unwrap_or_else(|| Month::of(date));
    Ok(Case {
        origin: origin.to_string(),
        id: header.id_col.and_then(text).map(str::to_string),
        scheme,
        month,
        date,
        input,
        echo: Vec::new(),
        expected: Vec::new(),
        source: None,
        positions: Default::default(),
    })
}

/// Builds the case of one JSON Lines line (the same shape as a JSON case file).
pub fn case_from_json_line(line: &str, origin: &str) -> Result<Case, RowError> {
    let src = SourceText::new(origin, line);
    case::parse(&src, Format::Json).map_err(|diags| {
        let message = diags
            .iter()
            .map(|d| {
                if d.field.is_empty() {
                    d.message.clone()
                } else {
                    format!("{}: {}", d.field, d.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        row_error(None, message)
    })
}

/// An output column of a CSV batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutColumn {
    Row,
    Id,
    Scheme,
    Month,
    Version,
    /// A result field, by its index in the scheme's result fields.
    Result(usize),
    Error,
}

/// The output columns: all of them, or those named in `wanted` (`subsidy,atp`), in that order.
pub fn output_columns(
    scheme: &SchemeSpec,
    with_id: bool,
    wanted: Option<&str>,
) -> Result<Vec<(String, OutColumn)>, String> {
    let results = case::result_fields(scheme);
    let mut all: Vec<(String, OutColumn)> = vec![("row".into(), OutColumn::Row)];
    if with_id {
        all.push(("id".into(), OutColumn::Id));
    }
    all.push(("scheme".into(), OutColumn::Scheme));
    all.push(("month".into(), OutColumn::Month));
    all.push(("rule_set_version".into(), OutColumn::Version));
    all.extend(
        results
            .enumerate()
            .map(|(i, f)| (f.to_string(), OutColumn::Result(i))),
    );
    all.push(("error".into(), OutColumn::Error));
    let Some(wanted) = wanted else { return Ok(all) };
    wanted
        .split(',')
        .map(str::trim)
        .map(|w| {
            all.iter().find(|(n, _)| n == w).cloned().ok_or_else(|| {
                let hint = did_you_mean(w, all.iter().map(|(n, _)| n.as_str()))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_else(|| {
                        format!(
                            " (columns: {})",
                            all.iter()
                                .map(|(n, _)| n.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                format!("--columns: no column `{w}`{hint}")
            })
        })
        .collect()
}

/// The CSV header line for the chosen columns.
pub fn csv_output_header(columns: &[(String, OutColumn)]) -> String {
    let mut out = columns
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    out
}

fn csv_escape(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        // Quotes doubled as the text is copied (no second string for each quoted cell).
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A result's value as its CSV cell: [`canonical`], written in place (numbers and dates hold
/// no character CSV quotes).
fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Amount(d) => num::write_fixed(out, *d, 2),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::None => {}
        Value::Date(d) => month::write_iso_date(out, *d),
        Value::Percent(d) | Value::Number(d) | Value::Measure(d, _) => num::write_plain(out, *d),
        Value::Text(t) => csv_escape(out, t),
        Value::Translated(t) => csv_escape(out, &t[0]),
        // A sentence may hold a comma or a quote: written, then quoted as CSV quotes it.
        Value::Said(s) => {
            let start = out.len();
            say_into(out, s, Lang::En);
            if out[start..].contains('"') {
                let text = out.split_off(start);
                csv_escape(out, &text);
            } else if out[start..].contains([',', '\n', '\r']) {
                // Quoted in place: nothing inside to double.
                out.insert(start, '"');
                out.push('"');
            }
        }
        other => csv_escape(out, &canonical(other)),
    }
}

/// A result's value as a key a caseload's totals are grouped by (the text its CSV cell holds,
/// unquoted; empty where the case has none).
pub fn group_key(v: &Value) -> String {
    match v {
        Value::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
        Value::None => String::new(),
        other => canonical(other),
    }
}

/// What one output row holds: a computed case, or the row's error.
pub enum RowOutcome<'a> {
    Computed {
        case: &'a Case,
        version: &'a RuleSetVersion,
        fields: &'a [(&'static str, Value)],
    },
    Failed(&'a RowError),
}

/// One output CSV line.
pub fn write_csv_row(
    out: &mut String,
    columns: &[(String, OutColumn)],
    row: u64,
    id: Option<&str>,
    outcome: &RowOutcome,
) {
    for (i, (_, column)) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match (column, outcome) {
            (OutColumn::Row, _) => num::push_u64(out, row),
            (OutColumn::Id, _) => csv_escape(out, id.unwrap_or("")),
            (OutColumn::Scheme, RowOutcome::Computed { case, .. }) => {
                out.push_str(case.scheme.name)
            }
            (OutColumn::Month, RowOutcome::Computed { case, .. }) => case.month.write_to(out),
            (OutColumn::Version, RowOutcome::Computed { version, .. }) => {
                out.push_str(&version.version)
            }
            (OutColumn::Result(k), RowOutcome::Computed { fields, .. }) => {
                if let Some((_, v)) = fields.get(*k) {
                    write_value(out, v);
                }
            }
            (OutColumn::Error, RowOutcome::Failed(e)) => csv_escape(out, &e.to_string()),
            _ => {}
        }
    }
    out.push('\n');
}

/// The identifier of a CSV row, if the header has an `id` column.
pub fn csv_id<'a>(header: &Header, fields: &[&'a str]) -> Option<&'a str> {
    header.id_col.and_then(|i| fields.get(i)).copied()
}

/// One JSON Lines output line: the row number, the caller's `id` (when given), and the case's
/// result with its notes (in English and Danish), or its error.
pub fn jsonl_line(
    row: u64,
    id: Option<&str>,
    outcome: Result<(&Case, &RuleSetVersion, &SchemeResult, &[Said]), &RowError>,
) -> String {
    use serde_json::json;
    let mut value = serde_json::Map::new();
    value.insert("row".into(), json!(row));
    if let Some(id) = id {
        value.insert("id".into(), json!(id));
    }
    match outcome {
        Ok((case, version, result, notes)) => {
            let mut fields = serde_json::Map::new();
            for (name, v) in result.fields() {
                let jv = match v {
                    Value::Bool(b) => json!(b),
                    Value::None => serde_json::Value::Null,
                    other => json!(canonical(&other)),
                };
                fields.insert(name.to_string(), jv);
            }
            value.insert("scheme".into(), json!(case.scheme.name));
            value.insert("month".into(), json!(case.month.to_string()));
            value.insert(
                "rule_set".into(),
                json!({"id": version.id, "version": version.version, "sha256": version.sha256}),
            );
            value.insert("result".into(), serde_json::Value::Object(fields));
            let said = |lang| notes.iter().map(|n| say(n, lang)).collect::<Vec<_>>();
            value.insert("notes".into(), json!(said(Lang::En)));
            value.insert("notes_da".into(), json!(said(Lang::Da)));
        }
        Err(e) => {
            value.insert("error".into(), json!(e.to_string()));
        }
    }
    serde_json::Value::Object(value).to_string()
}

/// Computes a row's case; the error keeps the column when the engine names one. `last` holds
/// the version the previous row used: consecutive rows of a caseload mostly share it.
pub fn compute<'e>(
    engine: &'e Engine,
    case: &Case,
    last: &mut Option<&'e RuleSetVersion>,
) -> Result<(&'e RuleSetVersion, SchemeResult), RowError> {
    let to_row = |d: crate::Diagnostic| {
        row_error(
            Some(&d.field).filter(|f| !f.is_empty()).map(String::as_str),
            d.message,
        )
    };
    let version = match *last {
        Some(v) if v.id == case.scheme.name && v.covers(case.date) => v,
        _ => engine.version_for(case).map_err(to_row)?,
    };
    *last = Some(version);
    engine
        .compute_with(case, version)
        .map(|r| (version, r))
        .map_err(to_row)
}

/// Computes a row's case with the notes a reader must see (JSON Lines output).
pub fn compute_noted<'e>(
    engine: &'e Engine,
    case: &Case,
    last: &mut Option<&'e RuleSetVersion>,
) -> Result<(&'e RuleSetVersion, SchemeResult, Vec<Said>), RowError> {
    let to_row = |d: crate::Diagnostic| {
        row_error(
            Some(&d.field).filter(|f| !f.is_empty()).map(String::as_str),
            d.message,
        )
    };
    let version = match *last {
        Some(v) if v.id == case.scheme.name && v.covers(case.date) => v,
        _ => engine.version_for(case).map_err(to_row)?,
    };
    *last = Some(version);
    engine
        .compute_noted(case, version)
        .map(|(r, notes)| (version, r, notes))
        .map_err(to_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells as the `csv` crate reads them back: a text with commas, quotes or a newline, and a
    /// sentence quoted in place.
    #[test]
    fn cells_read_back_as_written() {
        let texts = [
            "plain",
            "a, b",
            "say \"hi\", twice",
            "\"",
            "line\nbreak",
            "",
        ];
        let mut row = String::new();
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                row.push(',');
            }
            csv_escape(&mut row, t);
        }
        row.push(',');
        let said = Said::new("common", "input.missing").with("what", Value::Text("x, y".into()));
        write_value(&mut row, &Value::said(said.clone()));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(row.as_bytes());
        let record = reader.records().next().expect("a row").expect("valid CSV");
        let read: Vec<&str> = record.iter().collect();
        let mut expected: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        expected.push(say(&said, Lang::En));
        assert!(
            expected.last().is_some_and(|t| t.contains(',')),
            "{expected:?}"
        );
        assert_eq!(read, expected);
    }

    fn header(line: &str) -> Result<Header, String> {
        Header::new(&line.split(',').collect::<Vec<_>>(), true)
    }

    #[test]
    fn header_names_unknown_columns() {
        assert_eq!(
            header("scheme,month,wgae").unwrap_err(),
            "header: unknown column `wgae` (did you mean `wage`?)"
        );
        assert_eq!(
            header("scheme,wage").unwrap_err(),
            "header: missing column `month`"
        );
        assert!(
            header("id,scheme,month,wage,full_time_wage")
                .unwrap()
                .has_id
        );
    }

    #[test]
    fn extra_columns_are_skipped_and_named_unless_strict() {
        let names = [
            "\u{feff}id",
            "scheme",
            "month",
            "wage",
            "Sagsbehandler",
            "wgae",
        ];
        let h = Header::new(&names, false).unwrap();
        assert!(
            h.has_id,
            "the byte-order mark is not part of the first name"
        );
        assert_eq!(
            h.ignored,
            ["`Sagsbehandler`", "`wgae` (did you mean `wage`?)"]
        );
        assert!(Header::new(&names, true).is_err());
        let case = case_from_csv(
            &h,
            &[
                "7",
                "fleksloentilskud",
                "2024-03",
                "15600.00",
                "Hansen",
                "x",
            ],
            "row 1",
        )
        .unwrap();
        assert_eq!(case.id.as_deref(), Some("7"));
    }

    #[test]
    fn a_result_with_a_comma_is_quoted() {
        let mut out = String::new();
        write_value(
            &mut out,
            &Value::Text("payment stops (§ 25), unless \"x\"".into()),
        );
        assert_eq!(out, "\"payment stops (§ 25), unless \"\"x\"\"\"");
    }

    #[test]
    fn rows_are_checked_like_case_files() {
        let header = header("scheme,month,wage,full_time_wage").unwrap();
        let case = case_from_csv(
            &header,
            &["fleksloentilskud", "2024-03", "15600.00", ""],
            "row 1",
        )
        .unwrap();
        assert_eq!(case.month.to_string(), "2024-03");
        let err = case_from_csv(&header, &["fleksloentilskud", "2024-03", "-1", ""], "row 2")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "wage: -1 is negative; the monthly wage (incl. both pension contributions) cannot be negative"
        );
        assert_eq!(
            case_from_csv(&header, &["fleksloentilskud", "2024-3", "100", ""], "row 3")
                .unwrap_err()
                .to_string(),
            "month: `2024-3` is not a month; write it as YYYY-MM, e.g. 2024-03"
        );
        assert_eq!(
            case_from_csv(&header, &["fleksloentilskud", "2024-03", "100"], "row 4")
                .unwrap_err()
                .to_string(),
            "3 fields, the header has 4"
        );
    }
}
