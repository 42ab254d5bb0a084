//! Caseloads: one case per row of a CSV file (a header names the columns) or per line of JSON
//! Lines. Rows go through the same input checks as case files; a bad row becomes an error
//! naming its row and column, never a stop. The CLI does the reading, threading and writing.

use std::borrow::Cow;

use crate::SourceText;
use crate::engine::case::{self, Case, Format};
use crate::engine::{Engine, SchemeResult};
use crate::model::{Fields, Raw};
use crate::rules::RuleSetVersion;
use crate::schemes::{self, CaseInput, SchemeSpec};
use crate::source::diag::did_you_mean;
use crate::text::Lang;
use crate::text::format::{canonical, say};
use crate::values::month::Month;
use crate::values::num;
use crate::values::value::Value;

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// A caller's identifier, copied to the output.
    Id,
    Scheme,
    Month,
    Input(&'static str),
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
    inputs: Vec<(&'static str, usize)>,
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
    /// Reads the header line; an unknown column is an error with the closest known name.
    pub fn parse(line: &str) -> Result<Header, String> {
        let mut fields = Vec::new();
        split_csv_line(line, &mut fields)?;
        let known_inputs = all_input_fields();
        let mut columns = Vec::with_capacity(fields.len());
        for name in &fields {
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
                            None => format!(
                                " (columns: id, scheme, month, {})",
                                known_inputs.join(", ")
                            ),
                        };
                        return Err(format!("header: unknown column `{other}`{hint}"));
                    }
                },
            };
            if columns.contains(&column) {
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
        let inputs = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Column::Input(f) => Some((*f, i)),
                _ => None,
            })
            .collect();
        Ok(Header {
            has_id: id_col.is_some(),
            columns,
            scheme_col,
            month_col,
            id_col,
            inputs,
        })
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

/// Splits one CSV line into fields: commas separate, double quotes enclose a field that holds
/// commas or quotes (`""` is a quote). A row is one line.
pub fn split_csv_line<'a>(line: &'a str, out: &mut Vec<Cow<'a, str>>) -> Result<(), String> {
    out.clear();
    let line = line.strip_suffix('\r').unwrap_or(line);
    if memchr::memchr(b'"', line.as_bytes()).is_none() {
        // Commas are ASCII, so byte positions are character boundaries.
        let mut start = 0;
        for i in memchr::memchr_iter(b',', line.as_bytes()) {
            out.push(Cow::Borrowed(&line[start..i]));
            start = i + 1;
        }
        out.push(Cow::Borrowed(&line[start..]));
        return Ok(());
    }
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '"')) => {
                        if quoted[i + 1..].starts_with('"') {
                            field.push('"');
                            chars.next();
                        } else {
                            break i + 1;
                        }
                    }
                    Some((_, c)) => field.push(c),
                    None => return Err("unterminated quoted field".to_string()),
                }
            };
            out.push(Cow::Owned(field));
            let after = &quoted[end..];
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(()),
                None => return Err("text after a closing quote".to_string()),
            }
        } else {
            match rest.find(',') {
                Some(i) => {
                    out.push(Cow::Borrowed(&rest[..i]));
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push(Cow::Borrowed(rest));
                    return Ok(());
                }
            }
        }
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
pub fn case_from_csv(
    header: &Header,
    fields: &[Cow<'_, str>],
    origin: &str,
) -> Result<Case, RowError> {
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
        let f: &str = &fields[i];
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
        .map(|m| m.parse().map_err(|e: String| row_error(Some("month"), e)))
        .transpose()?;
    let get = |f: &'static str| {
        header
            .inputs
            .iter()
            .find(|(name, _)| crate::model::inputs::same(name, f))
            .and_then(|(_, i)| text(*i))
    };
    if month.is_none() && scheme.selected_by.is_none() {
        return Err(row_error(Some("month"), "empty"));
    }
    let mut f = Fields::read(scheme.name, scheme.inputs, |name| get(name).map(Raw::Text));
    let input = CaseInput::read(scheme, &mut f);
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
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Amount(d) => num::write_fixed(out, *d, 2),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::None => {}
        // A sentence or a word may hold a comma or a quote: quoted as CSV quotes it.
        other => csv_escape(out, &canonical(other)),
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
pub fn csv_id<'a>(header: &Header, fields: &'a [Cow<'a, str>]) -> Option<&'a str> {
    header
        .id_col
        .and_then(|i| fields.get(i))
        .map(|f| f.as_ref())
}

/// One JSON Lines output line: the row number and the case's JSON result, or its error.
pub fn jsonl_line(
    row: u64,
    outcome: Result<(&Case, &RuleSetVersion, &SchemeResult), &RowError>,
) -> String {
    use serde_json::json;
    let value = match outcome {
        Ok((case, version, result)) => {
            let mut fields = serde_json::Map::new();
            for (name, v) in result.fields() {
                let jv = match v {
                    Value::Bool(b) => json!(b),
                    Value::None => serde_json::Value::Null,
                    other => json!(canonical(&other)),
                };
                fields.insert(name.to_string(), jv);
            }
            json!({
                "row": row,
                "scheme": case.scheme.name,
                "month": case.month.to_string(),
                "rule_set": {"id": version.id, "version": version.version, "sha256": version.sha256},
                "result": fields,
            })
        }
        Err(e) => json!({"row": row, "error": e.to_string()}),
    };
    value.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_split_with_quotes() {
        let mut out = Vec::new();
        split_csv_line("a,,\"b,c\",\"say \"\"hi\"\"\"\r", &mut out).unwrap();
        assert_eq!(out, ["a", "", "b,c", "say \"hi\""]);
        assert!(split_csv_line("\"open", &mut out).is_err());
        assert!(split_csv_line("\"a\"b", &mut out).is_err());
    }

    #[test]
    fn header_names_unknown_columns() {
        assert_eq!(
            Header::parse("scheme,month,wgae").unwrap_err(),
            "header: unknown column `wgae` (did you mean `wage`?)"
        );
        assert_eq!(
            Header::parse("scheme,wage").unwrap_err(),
            "header: missing column `month`"
        );
        assert!(
            Header::parse("id,scheme,month,wage,full_time_wage")
                .unwrap()
                .has_id
        );
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
        let header = Header::parse("scheme,month,wage,full_time_wage").unwrap();
        let mut f = Vec::new();
        split_csv_line("fleksloentilskud,2024-03,15600.00,", &mut f).unwrap();
        let case = case_from_csv(&header, &f, "row 1").unwrap();
        assert_eq!(case.month.to_string(), "2024-03");
        split_csv_line("fleksloentilskud,2024-03,-1,", &mut f).unwrap();
        let err = case_from_csv(&header, &f, "row 2").unwrap_err();
        assert_eq!(
            err.to_string(),
            "wage: -1 is negative; the monthly wage (incl. both pension contributions) cannot be"
        );
        split_csv_line("fleksloentilskud,2024-3,100,", &mut f).unwrap();
        assert_eq!(
            case_from_csv(&header, &f, "row 3").unwrap_err().to_string(),
            "month: `2024-3` is not a month; write it as YYYY-MM, e.g. 2024-03"
        );
        split_csv_line("fleksloentilskud,2024-03,100", &mut f).unwrap();
        assert_eq!(
            case_from_csv(&header, &f, "row 4").unwrap_err().to_string(),
            "3 fields, the header has 4"
        );
    }
}
