//! `beregner batch` on what case systems and spreadsheets export (issue 17): each test is a file
//! that the hand-written reader got wrong — an extra row from a quoted newline, a whole file
//! refused for a byte-order mark, one bad byte or a `;`, a long line that spun forever, line
//! numbers off by the blank lines, a panicking row that ended the run, an input truncated by
//! its own temporary file. The amounts are STAR's 2024 example (200 kr. × 18 hours: wage
//! 15.600, tilskud 19.952 − 30 % × 15.600 = 15.272, ATP 500).

mod common;
use common::root;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs beregner; a run still going after `limit` is killed and fails the test (a hang).
fn beregner_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run beregner");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("beregner {args:?} ran for more than {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn beregner(args: &[&str]) -> Output {
    beregner_within(args, Duration::from_secs(60))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).expect("write caseload");
    path.display().to_string()
}

const STAR_ROW: &str = "fleksloentilskud,2024-03,15600.00,32067";
const STAR_SUBSIDY: &str = "15272.00";

/// The `subsidy` column of a CSV output, row by row.
fn subsidies(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|c| c == "subsidy")
        .expect("subsidy column");
    reader
        .records()
        .map(|r| r.expect("record").get(at).unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_quoted_newline_is_part_of_its_field_not_a_new_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("id,scheme,month,wage,full_time_wage\n\"Hansen,\nJens\",{STAR_ROW}\n"),
    );
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("batch: 1 rows, 1 computed, 0 failed"));
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY]);
    assert!(
        text(&o.stdout).contains("1,\"Hansen,\nJens\",fleksloentilskud"),
        "the id is written back quoted: {}",
        text(&o.stdout)
    );
}

#[test]
fn excel_csv_utf8_with_a_byte_order_mark_and_crlf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("\u{feff}id,scheme,month,wage,full_time_wage\r\n7,{STAR_ROW}\r\n"),
    );
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY]);
    assert!(text(&o.stdout).contains("\n1,7,fleksloentilskud,"));
}

#[test]
fn danish_excel_semicolons_are_detected_or_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = format!(
        "scheme;month;wage;full_time_wage\n{}\n",
        STAR_ROW.replace(',', ";")
    );
    let input = write(dir.path(), "cases.csv", &body);
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY]);
    let o = beregner(&["batch", &input, "--delimiter", ";"]);
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY]);
    let tabs = write(dir.path(), "tabs.csv", body.replace(';', "\t"));
    let o = beregner(&["batch", &tabs, "--delimiter", "tab"]);
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY]);
}

/// A Danish Excel writes amounts with a decimal comma and a thousands point (`15.600,00`):
/// refused by default, with a note naming `--decimal-comma`; read so with it.
#[test]
fn danish_amounts_are_read_with_decimal_comma_and_named_without_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "scheme;month;wage;full_time_wage\n\
                fleksloentilskud;2024-03;15.600,00;32.067\n\
                fleksloentilskud;2024-03;15600;32067\n";
    let input = write(dir.path(), "danish.csv", body);
    let o = beregner(&["batch", &input]);
    let err = text(&o.stderr);
    assert!(err.contains("--decimal-comma"), "{err}");
    let subs = subsidies(&text(&o.stdout));
    assert_eq!(subs, ["", STAR_SUBSIDY], "{err}");
    let o = beregner(&["batch", &input, "--decimal-comma"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("--decimal-comma"), "{err}");
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY, STAR_SUBSIDY]);
}

#[test]
fn an_extra_column_is_skipped_and_named_and_its_bytes_are_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    // "Søren" in Windows-1252 (ø = 0xF8): not UTF-8, but in a column no scheme reads.
    let mut body = b"scheme,month,wage,full_time_wage,sagsbehandler\n".to_vec();
    body.extend_from_slice(format!("{STAR_ROW},S").as_bytes());
    body.push(0xF8);
    body.extend_from_slice(b"ren\n");
    // The same byte in the wage column fails that row only.
    body.extend_from_slice(b"fleksloentilskud,2024-03,15600");
    body.push(0xF8);
    body.extend_from_slice(format!(",32067,x\n{STAR_ROW},y\n").as_bytes());
    let input = write(dir.path(), "cases.csv", body);
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("skipped column(s) no scheme reads: `sagsbehandler`"),
        "{err}"
    );
    assert!(
        err.contains("cases.csv:3: error: row 2, column 3: wage: not UTF-8 text"),
        "{err}"
    );
    assert_eq!(
        subsidies(&text(&o.stdout)),
        [STAR_SUBSIDY, "", STAR_SUBSIDY]
    );
    let o = beregner(&["batch", &input, "--strict-columns"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("header: unknown column `sagsbehandler`"));
}

#[test]
fn a_line_of_several_megabytes_is_read_not_spun_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "x".repeat(3 << 20);
    let csv = write(
        dir.path(),
        "long.csv",
        format!("scheme,month,wage,full_time_wage,note\n{STAR_ROW},{long}\n{STAR_ROW},short\n"),
    );
    let o = beregner_within(&["batch", &csv], Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(subsidies(&text(&o.stdout)), [STAR_SUBSIDY, STAR_SUBSIDY]);

    let case = r#"{"scheme":"fleksloentilskud","month":"2024-03","input":{"wage":"15600.00"}}"#;
    let padded = format!("{}{}", &case[..case.len() - 1], " ".repeat(3 << 20) + "}");
    let jsonl = write(dir.path(), "long.jsonl", format!("{padded}\n{case}\n"));
    let o = beregner_within(&["batch", &jsonl], Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout).matches("\"subsidy\":\"15272.00\"").count(),
        2
    );
}

#[test]
fn errors_name_the_true_line_past_blank_lines_and_quoted_newlines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!(
            "id,scheme,month,wage,full_time_wage\n\n\"a\nb\",{STAR_ROW}\n\n\n,,,,\nbad,fleksloentilskud,2024-03,-5,\n"
        ),
    );
    // Line 1 header, 2 blank, 3-4 a quoted id, 5-6 blank, 7 an empty spreadsheet row, 8 bad.
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("cases.csv:8: error: row 2, column 4: wage: -5 is negative"),
        "{err}"
    );
    assert!(err.contains("batch: 2 rows, 1 computed, 1 failed"), "{err}");

    // The csv crate's own count skips a blank line after a row and a CR LF inside quotes: a
    // blank line after a good row, a CRLF file with a quoted CR LF, and a byte-order mark.
    for (name, csv, expected) in [
        (
            "blank.csv",
            format!(
                "id,scheme,month,wage,full_time_wage\na,{STAR_ROW}\n\nbad,fleksloentilskud,2024-03,-5,\n"
            ),
            "blank.csv:4: error: row 2, column 4:",
        ),
        (
            "crlf.csv",
            format!(
                "id,scheme,month,wage,full_time_wage\r\n\r\n\"a\r\nb\",{STAR_ROW}\r\nbad,fleksloentilskud,2024-03,-5,\r\n"
            ),
            "crlf.csv:5: error: row 2, column 4:",
        ),
        (
            "bom.csv",
            format!(
                "\u{feff}id,scheme,month,wage,full_time_wage\n\n\na,{STAR_ROW}\n\n\nbad,fleksloentilskud,2024-03,-5,\n"
            ),
            "bom.csv:7: error: row 2, column 4:",
        ),
    ] {
        let input = write(dir.path(), name, csv);
        let err = text(&beregner(&["batch", &input]).stderr);
        assert!(err.contains(expected), "{expected}: {err}");
    }

    let jsonl = write(
        dir.path(),
        "cases.jsonl",
        "\n\n{\"scheme\":\"fleksloentilskud\",\"month\":\"2024-03\",\"input\":{\"wage\":\"-5\"}}\n",
    );
    let o = beregner(&["batch", &jsonl]);
    assert!(
        text(&o.stderr).contains("cases.jsonl:3: error: row 1:"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn json_lines_carry_the_id_and_the_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 2025 fleksløntilskud rests on derived figures (0,98 × the 2025 højeste dagpengebeløb):
    // a reader must be told, in the batch output as in `calc`.
    let input = write(
        dir.path(),
        "cases.jsonl",
        "{\"id\":\"sag-17\",\"scheme\":\"fleksloentilskud\",\"month\":\"2025-03\",\"input\":{\"wage\":\"15600.00\"}}\n\
         {\"id\":42,\"scheme\":\"fleksloentilskud\",\"month\":\"2024-03\",\"input\":{\"wage\":\"-1\"}}\n",
    );
    let o = beregner(&["batch", &input]);
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines[0]["id"], "sag-17");
    assert!(
        lines[0]["notes"].as_array().is_some_and(|n| n
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("derived")))),
        "{}",
        lines[0]
    );
    assert!(
        lines[0]["notes_da"]
            .as_array()
            .is_some_and(|n| !n.is_empty())
    );
    assert_eq!(lines[1]["id"], "42");
    assert!(lines[1]["error"].is_string());
}

#[test]
fn a_panicking_row_is_reported_and_the_others_are_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The id `beregner-test-panic` makes a debug build panic inside that row's computation.
    let input = write(
        dir.path(),
        "cases.csv",
        format!(
            "id,scheme,month,wage,full_time_wage\n1,{STAR_ROW}\nberegner-test-panic,{STAR_ROW}\n3,{STAR_ROW}\n"
        ),
    );
    let out = dir.path().join("out.csv");
    let o = beregner(&["batch", &input, "--out", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("cases.csv:3: error: row 2: internal error"),
        "{}",
        text(&o.stderr)
    );
    let written = std::fs::read_to_string(&out).expect("output");
    assert_eq!(subsidies(&written), [STAR_SUBSIDY, "", STAR_SUBSIDY]);
}

#[test]
fn the_input_is_never_touched_and_outputs_never_share_a_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = format!("scheme,month,wage,full_time_wage\n{STAR_ROW}\n");
    // An input named like the old temporary file of its output.
    let input = write(dir.path(), "x.partial", &body);
    let out = dir.path().join("x.csv");
    let o = beregner(&[
        "batch",
        &input,
        "--from",
        "csv",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&input).expect("input"), body);
    assert_eq!(
        subsidies(&std::fs::read_to_string(&out).expect("out")),
        [STAR_SUBSIDY]
    );

    // --out naming the input is refused before anything is written.
    let same = write(dir.path(), "same.csv", &body);
    let o = beregner(&["batch", &same, "--out", &same]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--out names the input file"));
    assert_eq!(std::fs::read_to_string(&same).expect("input"), body);

    // Two runs at once into same.csv and same.jsonl: each gets its own complete output.
    let many: String = std::iter::once("scheme,month,wage,full_time_wage\n".to_string())
        .chain((0..20_000).map(|_| format!("{STAR_ROW}\n")))
        .collect();
    let big = write(dir.path(), "big.csv", many);
    let csv_out = dir.path().join("same-out.csv");
    let jsonl_out = dir.path().join("same-out.jsonl");
    let spawn = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_beregner"))
            .args(["batch", &big, "--out", out.to_str().expect("path")])
            .current_dir(root())
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn(&csv_out));
        let b = s.spawn(|| spawn(&jsonl_out));
        (a.join(), b.join())
    });
    assert_eq!(a.expect("thread").expect("run").status.code(), Some(0));
    assert_eq!(b.expect("thread").expect("run").status.code(), Some(0));
    let csv = std::fs::read_to_string(&csv_out).expect("csv");
    assert_eq!(csv.lines().count(), 20_001);
    assert!(subsidies(&csv).iter().all(|s| s == STAR_SUBSIDY));
    let jsonl = std::fs::read_to_string(&jsonl_out).expect("jsonl");
    assert_eq!(jsonl.lines().count(), 20_000);
    assert!(
        jsonl
            .lines()
            .all(|l| l.contains("\"subsidy\":\"15272.00\""))
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name().to_string_lossy().ends_with(".partial") && e.file_name() != "x.partial"
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// Every scheme has a generated caseload (`beregner generate`), and nearly every row of it is a
/// case beregner computes: the rows that fail are those the rule sets refuse (a figure not
/// found for a year, a rate above the year's maximum), not rows malformed by the generator.
#[test]
fn every_scheme_has_a_generated_caseload_that_computes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for scheme in beregner_core::schemes::SCHEMES {
        let input = dir.path().join(format!("{}.csv", scheme.name));
        let output = dir.path().join(format!("{}.out.csv", scheme.name));
        let made = beregner(&[
            "generate",
            scheme.name,
            "--rows",
            "400",
            "--seed",
            "7",
            "--out",
            input.to_str().unwrap(),
        ]);
        assert!(made.status.success(), "{}: {:?}", scheme.name, made);
        let run = beregner(&[
            "batch",
            input.to_str().unwrap(),
            "--out",
            output.to_str().unwrap(),
            "--stats",
        ]);
        let stats = String::from_utf8_lossy(&run.stdout);
        let count = |key: &str| -> u64 {
            stats
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("{}: no `{key}` in {stats}", scheme.name))
        };
        assert_eq!(count("rows:"), 400, "{}", scheme.name);
        assert!(
            count("failed:") * 10 < 400,
            "{}: {} of 400 rows failed\n{}",
            scheme.name,
            count("failed:"),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

/// A results file it replaces keeps its mode (a temporary file's private 0600 is not carried
/// into place).
#[cfg(unix)]
#[test]
fn a_replaced_results_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("scheme,month,wage,full_time_wage\n{STAR_ROW}\n"),
    );
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let o = beregner(&["batch", &input, "--out", &out.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mode = std::fs::metadata(&out).expect("out").permissions().mode() & 0o777;
    assert_eq!(mode, 0o664);
    assert!(
        std::fs::read_to_string(&out)
            .expect("out")
            .contains(STAR_SUBSIDY)
    );
}

#[test]
fn out_through_a_link_replaces_the_file_it_names_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("scheme,month,wage,full_time_wage\n{STAR_ROW}\n"),
    );
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "old").expect("write");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).expect("symlink");
    let o = beregner(&["batch", &input, "--out", &link.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .expect("real")
            .contains(STAR_SUBSIDY)
    );
}

#[test]
fn out_to_a_device_writes_into_it_and_a_full_device_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("scheme,month,wage,full_time_wage\n{STAR_ROW}\n"),
    );
    // /dev/full refuses every write (ENOSPC): the run fails and the device stays a device.
    let o = beregner(&["batch", &input, "--out", "/dev/full"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("No space left on device"));
    let m = std::fs::metadata("/dev/full").expect("/dev/full");
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &m.file_type()
    ));
    // /dev/null takes the results.
    let o = beregner(&["batch", &input, "--out", "/dev/null"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn a_thread_count_beyond_any_machine_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "cases.csv",
        format!("scheme,month,wage,full_time_wage\n{STAR_ROW}\n"),
    );
    let o = beregner_within(
        &["batch", &input, "--threads", "100000"],
        Duration::from_secs(20),
    );
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("--threads 100000: at most 256"));
}
