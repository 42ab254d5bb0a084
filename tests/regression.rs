//! The tools for legal and policy staff: batch runs over caseloads, reform overlays, diffs
//! between rule books, changelogs and fixture coverage. Expected amounts are computed by hand
//! from LAB § 123 in the comments.

mod common;
use common::{beregner, root};

use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

const REFORM: &str = "examples/overlays/high-rate-50-from-2027.toml";

/// A CSV caseload in a temporary directory.
fn caseload(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).expect("write caseload");
    path.display().to_string()
}

#[test]
fn batch_computes_rows_in_order_and_reports_bad_rows_without_stopping() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Row 1: 2024, wage 15.600: 19.952 − 30 % × 15.600 = 15.272 (STAR's example).
    // Row 2: negative wage. Row 3: a month with no rule set. Row 4: a wrong field count.
    // Row 5: 2020, wage 16.000, lønloft 23.545: tilskud 7.545 (kk.dk's example).
    let input = caseload(
        dir.path(),
        "cases.csv",
        "id,scheme,month,wage,full_time_wage\n\
         a,fleksloentilskud,2024-03,15600.00,32067\n\
         b,fleksloentilskud,2024-03,-5,\n\
         c,fleksloentilskud,2012-12,15000,\n\
         d,fleksloentilskud,2024-03\n\
         e,fleksloentilskud,2020-05,16000,23545\n",
    );
    let out = dir.path().join("results.csv");
    let o = beregner(&["batch", &input, "--out", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "bad rows make the exit status 1");
    let err = text(&o.stderr);
    assert!(
        err.contains("cases.csv:3: error: row 2, column 4: wage: -5 is negative"),
        "{err}"
    );
    assert!(
        err.contains(
            "cases.csv:4: error: row 3, column 3: month: no rule set in force for 2012-12 in fleksloentilskud"
        ),
        "{err}"
    );
    assert!(
        err.contains("cases.csv:5: error: row 4: 3 fields, the header has 5"),
        "{err}"
    );
    assert!(err.contains("batch: 5 rows, 2 computed, 3 failed"), "{err}");
    let results = std::fs::read_to_string(&out).expect("results written");
    let lines: Vec<&str> = results.lines().collect();
    assert_eq!(
        lines[0],
        "row,id,scheme,month,rule_set_version,max_subsidy,reduction,subsidy_before_cap,subsidy,atp,payout,total_income,total_after_atp,cap_applied,error"
    );
    assert_eq!(lines.len(), 6, "one output row per input row, in order");
    // Total after ATP: 30.872 − 500 = 30.372 (row 1); 23.545 − 377 = 23.168 (row 5).
    assert_eq!(
        lines[1],
        "1,a,fleksloentilskud,2024-03,2024,19952.00,4680.00,15272.00,15272.00,500.00,14772.00,30872.00,30372.00,false,"
    );
    assert!(
        lines[2].starts_with("2,b,,,,,,,,,,,,,wage: -5 is negative"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[5],
        "5,e,fleksloentilskud,2020-05,2020,18701.00,5058.75,13642.25,7545.00,377.00,7168.00,23545.00,23168.00,true,"
    );
    assert!(
        !dir.path().join("results.partial").exists(),
        "the temporary file is renamed away"
    );
}

#[test]
fn batch_writes_chosen_columns_and_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = caseload(
        dir.path(),
        "cases.csv",
        "scheme,month,wage,full_time_wage\nfleksloentilskud,2024-03,15600.00,32067\nfleksloentilskud,2020-05,16000,23545\n",
    );
    let out = dir.path().join("r.csv");
    let o = beregner(&[
        "batch",
        &input,
        "--out",
        out.to_str().expect("path"),
        "--columns",
        "subsidy,atp",
        "--stats",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).expect("out"),
        "subsidy,atp\n15272.00,500.00\n7545.00,377.00\n"
    );
    // 15.272 + 7.545 = 22.817; 500 + 377 = 877.
    let stats = text(&o.stdout);
    assert!(
        stats.contains("rows: 2\ncomputed: 2\nfailed: 0\n"),
        "{stats}"
    );
    assert!(
        stats.contains("sum_subsidy: 22817.00\nsum_atp: 877.00\n"),
        "{stats}"
    );

    let bad = beregner(&["batch", &input, "--columns", "subsidi"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("--columns: no column `subsidi` (did you mean `subsidy`?)"));
}

#[test]
fn batch_skips_an_unknown_header_column_with_a_note_or_refuses_it_when_strict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = caseload(
        dir.path(),
        "cases.csv",
        "scheme,month,wgae\nfleksloentilskud,2024-03,100\n",
    );
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("skipped column(s) no scheme reads: `wgae` (did you mean `wage`?)"),
        "{err}"
    );
    assert!(
        err.contains("cases.csv:2: error: row 1: wage: missing"),
        "{err}"
    );
    let o = beregner(&["batch", &input, "--strict-columns"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr)
            .contains("cases.csv:1: error: header: unknown column `wgae` (did you mean `wage`?)")
    );
}

#[test]
fn batch_reads_and_writes_json_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = caseload(
        dir.path(),
        "cases.jsonl",
        "{\"scheme\":\"fleksloentilskud\",\"month\":\"2024-03\",\"input\":{\"wage\":\"15600.00\"}}\n{\"scheme\":\"fleksloentilskud\"}\n",
    );
    let o = beregner(&["batch", &input]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines[0]["result"]["subsidy"], "15272.00");
    assert_eq!(lines[0]["rule_set"]["version"], "2024");
    assert!(
        lines[1]["error"]
            .as_str()
            .expect("error")
            .contains("month: missing required field")
    );
}

#[test]
fn generated_caseloads_are_deterministic() {
    let a = beregner(&[
        "generate",
        "fleksloentilskud",
        "--rows",
        "50",
        "--seed",
        "9",
    ]);
    let b = beregner(&[
        "generate",
        "fleksloentilskud",
        "--rows",
        "50",
        "--seed",
        "9",
    ]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(text(&a.stdout).lines().count(), 51);
}

#[test]
fn an_overlay_changes_calc_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let case = dir.path().join("c.toml");
    std::fs::write(
        &case,
        "scheme = \"fleksloentilskud\"\nmonth = \"2027-03\"\n[input]\nwage = \"30000\"\n",
    )
    .expect("write");
    let case = case.to_str().expect("path");
    // Without the overlay, 2027 has no rule set.
    assert_eq!(beregner(&["calc", case]).status.code(), Some(1));
    // With it, 2026's rates projected with 50 %: 30 % × 17.672 = 5.301,60 and 50 % × (30.000 −
    // 17.672) = 6.164; 21.600 − 11.465,60 = 10.134,40.
    let o = beregner(&["--overlay", REFORM, "calc", case, "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).expect("json");
    assert_eq!(v["result"]["subsidy"], "10134.40");
    assert_eq!(v["rule_set"]["version"], "2026+overlay");
    assert_eq!(
        v["rule_set"]["overlay"],
        "55 % becomes 50 % from 2027-01-01"
    );
    assert!(v["notes"].as_array().expect("notes").iter().any(|n| {
        n.as_str()
            .is_some_and(|n| n.contains("high_rate = 50 (was 55)"))
    }));
}

#[test]
fn a_bad_overlay_is_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("o.toml");
    std::fs::write(&f, "title = \"x\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"hihg_rate\"\nvalue = 50\nfrom = 2024-01-01\n").expect("write");
    let o = beregner(&["--overlay", f.to_str().expect("path"), "check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("o.toml:4:13: error: change[0].parameter: `hihg_rate` is not a parameter of fleksloentilskud (did you mean `high_rate`?)"), "{err}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The bundled rule sets copied to a directory, with one edit to the 2024 fleksløntilskud version.
fn proposed_rules(dir: &Path, from: &str, to: &str) -> String {
    copy_tree(&root().join("rules"), dir);
    let file = dir.join("fleksjob/fleksloentilskud/2024.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text.matches(from).count(), 1);
    std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
    dir.display().to_string()
}

#[test]
fn diff_names_a_changed_threshold_as_the_cause() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Proposed: the 2024 threshold 16.323 → 16.500.
    let rules = proposed_rules(dir.path(), "value = 16323", "value = 16500");
    // Two fixed cases (the fixture set grows): STAR's 15.600 lies below both thresholds.
    let files = [
        "fixtures/fleksjob/2024-reduction-half-ore.toml",
        "fixtures/fleksjob/star-2024-monthly-15600.toml",
    ];
    let o = beregner(&[
        "diff", files[0], files[1], "--new", &rules, "--format", "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    // Only the 2024 wage 16.323,30 case lies above the old threshold:
    // old 30 % × 16.323 + 55 % × 0,30 = 4.897,065 → 4.897,07; tilskud 15.054,93.
    // new 30 % × 16.323,30 = 4.896,99; tilskud 19.952 − 4.896,99 = 15.055,01 (+0,08).
    let cases: Vec<&serde_json::Value> = lines.iter().filter(|l| l.get("case").is_some()).collect();
    assert_eq!(cases.len(), 1, "{lines:#?}");
    let c = cases[0];
    assert!(
        c["case"]
            .as_str()
            .expect("case")
            .ends_with("2024-reduction-half-ore.toml")
    );
    assert_eq!(c["difference"]["old"], "15054.93");
    assert_eq!(c["difference"]["new"], "15055.01");
    assert_eq!(c["difference"]["difference"], "0.08");
    assert_eq!(
        c["first_difference"]["what"],
        "Reduction: 30 % of lønindtægt up to the threshold"
    );
    assert_eq!(
        c["first_difference"]["legal"][0]["paragraph"],
        "§ 123, stk. 2"
    );
    assert_eq!(
        c["parameters"],
        serde_json::json!([{"name": "threshold", "old": "16323", "new": "16500"}])
    );
    let summary = &lines.last().expect("summary")["summary"];
    assert_eq!(summary["changed"], 1);
    assert_eq!(summary["total_difference"], "0.08");

    let md = text(
        &beregner(&[
            "diff", files[0], files[1], "--new", &rules, "--format", "markdown",
        ])
        .stdout,
    );
    assert!(md.contains("| threshold 16323 → 16500 |"), "{md}");
    assert!(md.contains("| fleksloentilskud | 2024 | 2024 | threshold | 16323 | 16500 | LAB (lov nr. 548 af 7/5/2019) § 123, stk. 2 |"), "{md}");
}

#[test]
fn diff_measures_a_reform_against_the_projected_status_quo() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 2027 (2026's rates projected): below the threshold 17.672 nothing changes. Wage 20.000:
    // old 21.600 − (30 % × 17.672 = 5.301,60 + 55 % × 2.328 = 1.280,40) = 15.018,00;
    // new 21.600 − (5.301,60 + 50 % × 2.328 = 1.164,00) = 15.134,40; +116,40.
    let input = caseload(
        dir.path(),
        "c.csv",
        "scheme,month,wage\nfleksloentilskud,2027-03,10000\nfleksloentilskud,2027-03,20000\n",
    );
    let o = beregner(&["--overlay", REFORM, "diff", &input]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("row 2\n    subsidy 15.018,00 → 15.134,40  (+116,40)"),
        "{out}"
    );
    assert!(out.contains("first change: Reduction: 55 % of lønindtægt above the threshold: 1.280,40 → 1.164,00 [LAB (lov nr. 548 af 7/5/2019) § 123, stk. 2]"), "{out}");
    assert!(out.contains("2 cases: 1 with a changed outcome, 0 with only intermediate amounts changed, 1 unchanged, 0 failed"), "{out}");
    assert!(
        out.contains(
            "headline fleksloentilskud subsidy: rose in 1, fell in 0 of the changed cases"
        ),
        "{out}"
    );
    assert!(
        out.contains("fleksloentilskud 2026+projected → 2026+overlay: high_rate 55 → 50"),
        "{out}"
    );
}

#[test]
fn diff_needs_something_to_compare() {
    assert_eq!(beregner(&["diff", "fixtures"]).status.code(), Some(2));
}

#[test]
fn changelog_lists_parameter_changes_and_renumbered_paragraphs() {
    let o = beregner(&[
        "changelog",
        "fleksloentilskud",
        "--from",
        "2019",
        "--to",
        "2020-06-01",
    ]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    // 2019 → 2020: 18.489 → 18.701 and 14.686 → 14.965; § 70 f became § 123 (lov 548/2019).
    assert!(
        out.contains("max_subsidy                   18489 → 18701          +212  derived"),
        "{out}"
    );
    assert!(
        out.contains("threshold                     14686 → 14965          +279  enacted"),
        "{out}"
    );
    assert!(out.contains("legal basis of `max_subsidy`: LAB (lov om en aktiv beskæftigelsesindsats, som ændret ved lov nr. 1380 af 23/12/2012) § 70 f → LAB (lov nr. 548 af 7/5/2019) § 123, stk. 1"), "{out}");
    let all = text(&beregner(&["changelog", "fleksloentilskud"]).stdout);
    // One entry per change of version (a `not_covered` year included, as its status change).
    let versions = std::fs::read_dir(root().join("rules/fleksjob/fleksloentilskud"))
        .expect("rule files")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .count();
    assert_eq!(
        all.lines()
            .filter(|l| l.starts_with("fleksloentilskud "))
            .count(),
        versions - 1,
        "one entry per yearly change"
    );
}

#[test]
fn coverage_names_versions_and_parameters_no_fixture_reads() {
    let o = beregner(&["coverage"]);
    assert!(
        o.status.success(),
        "every bundled version is exercised by a fixture"
    );
    let out = text(&o.stdout);
    // The counts grow with every version and fixture; only the form is checked.
    assert!(
        out.starts_with("coverage of ")
            && out
                .lines()
                .next()
                .is_some_and(|l| l.contains(" rule-set versions by ")),
        "{out}"
    );
    // Only the hourly-wage fixtures (2022, 2024) read the 37 hours and 52 weeks.
    assert!(out.contains("fleksloentilskud     2013             1 fixture(s) \n      not read by any fixture: full_time_weekly_hours, weeks_per_year, rounding.monthly_wage"), "{out}");

    let dir = tempfile::tempdir().expect("tempdir");
    let some = dir.path().join("one.toml");
    std::fs::copy(
        root().join("fixtures/fleksjob/star-2024-monthly-15600.toml"),
        &some,
    )
    .expect("copy");
    let partial = beregner(&["coverage", some.to_str().expect("path")]);
    assert_eq!(
        partial.status.code(),
        Some(1),
        "versions without fixtures fail the coverage check"
    );
    assert!(text(&partial.stdout).contains("2013             0 fixture(s) NOT EXERCISED"));
}

/// Values past every bound in a caseload are refused row by row: the run finishes, every row
/// is in the output, and no row ends it (exit 101 was a panic: `hourly_wage = 7.9e25` did that
/// before the inputs had bounds). The same row in the middle keeps its place and its result.
#[test]
fn extreme_values_in_a_caseload_are_refused_row_by_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let extremes = [
        "7.9e25",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "1000000000",
        "15.600",
        "1.234,56",
    ];
    let mut body = String::from("scheme,month,hourly_wage,weekly_hours\n");
    for x in extremes {
        body.push_str(&format!("fleksloentilskud,2024-03,{x},18\n"));
        body.push_str(&format!("fleksloentilskud,2024-03,200,{x}\n"));
    }
    body.push_str("fleksloentilskud,2024-03,200,18\n");
    let input = caseload(dir.path(), "extremes.csv", &body);
    let out = dir.path().join("results.csv");
    let o = beregner(&["batch", &input, "--out", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let results = std::fs::read_to_string(&out).expect("results written");
    let rows: Vec<&str> = results.lines().skip(1).collect();
    assert_eq!(rows.len(), extremes.len() * 2 + 1, "{results}");
    // STAR's example, 200 kr. an hour for 18 hours: tilskud 15.272,00.
    assert!(rows[rows.len() - 1].contains(",15272.00,"), "{results}");
    let err = text(&o.stderr);
    assert!(
        err.contains("hourly_wage: `7.9e25` is not a number: write it out in full"),
        "{err}"
    );
    assert!(
        err.contains("weekly_hours: 1000000000 is more than 168"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// The JSON summary of `beregner --overlay OVERLAY diff CASES --format json`.
fn diff_summary(dir: &Path, overlay: &str, cases: &str) -> serde_json::Value {
    let overlay = caseload(dir, "overlay.toml", overlay);
    let o = beregner(&["--overlay", &overlay, "diff", cases, "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let last = text(&o.stdout)
        .lines()
        .last()
        .expect("a summary")
        .to_string();
    serde_json::from_str::<serde_json::Value>(&last).expect("json")["summary"].clone()
}

fn outcome<'a>(summary: &'a serde_json::Value, field: &str) -> &'a serde_json::Value {
    summary["outcomes"]
        .as_array()
        .and_then(|o| o.iter().find(|x| x["field"] == field))
        .unwrap_or_else(|| panic!("no outcome {field} in {summary}"))
}

/// Only the rounding of ATP changes (whole kroner → øre): the tilskud stays, the ATP withheld
/// and the payout change, and those cases are changed, not "intermediate". By hand (LAB § 123,
/// 2024): wage 30.000 gives tilskud 19.952 − (30 % × 16.323 + 55 % × 13.677) = 7.532,75; ATP
/// 5 % = 376,6375 → 377 (kroner) or 376,64 (øre); payout 7.155,75 or 7.156,11. Wage 35.000:
/// tilskud 4.782,75, ATP 239,1375 → 239 or 239,14. Wage 15.600: ATP at its 500 kr. cap either way.
#[test]
fn a_diff_of_the_atp_rounding_reports_atp_and_payout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = caseload(
        dir.path(),
        "atp.csv",
        "scheme,month,wage\nfleksloentilskud,2024-03,15600\nfleksloentilskud,2024-03,30000\nfleksloentilskud,2024-03,35000\n",
    );
    let s = diff_summary(
        dir.path(),
        "title = \"ATP to øre\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nrounding = \"atp\"\nscale = 2\nmode = \"half_up\"\nfrom = 2024-01-01\nuntil = 2024-12-31\n",
        &cases,
    );
    assert_eq!(s["changed"], 2, "{s}");
    assert_eq!(s["intermediate_only"], 0, "{s}");
    assert_eq!(outcome(&s, "subsidy")["changed"], 0);
    let atp = outcome(&s, "atp");
    assert_eq!(atp["changed"], 2);
    assert_eq!(atp["total_old"], "1116.00"); // 500 + 377 + 239
    assert_eq!(atp["total_new"], "1115.78"); // 500 + 376,64 + 239,14
    assert_eq!(atp["average_change"], "-0.11");
    // 30.000: 377 → 376,64 (down); 35.000: 239 → 239,14 (up).
    assert_eq!(
        (atp["increased"].clone(), atp["decreased"].clone()),
        (1.into(), 1.into())
    );
    let payout = outcome(&s, "payout");
    assert_eq!(payout["changed"], 2);
    assert_eq!(payout["total_difference"], "0.22");
    assert_eq!(
        (payout["increased"].clone(), payout["decreased"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(
        s["headline"],
        serde_json::json!({"scheme": "fleksloentilskud", "field": "subsidy"})
    );
}

/// Over several schemes the headline amounts are not added together (they are different
/// schemes' money), and a case's first change is the first step the law changed, not the step
/// naming the version in force (named differently whenever an overlay applies). Fleksjobbonus
/// with at most 5 hours a week instead of 10 (BEK 410/2014 § 2): the fixture's 2014 hire with
/// 9 hours a week breaches it in the first week checked.
#[test]
fn a_diff_over_several_schemes_names_no_headline_total_and_the_first_real_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = caseload(
        dir.path(),
        "o.toml",
        "title = \"5 hours\"\n[[change]]\nrule_set = \"fleksjobbonus\"\nparameter = \"max_weekly_hours\"\nvalue = 5\nfrom = 2014-05-01\nuntil = 2024-12-31\n",
    );
    let o = beregner(&[
        "--overlay",
        &overlay,
        "diff",
        "fixtures/bonus",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let s = &lines.last().expect("summary")["summary"];
    assert_eq!(s["headline"], serde_json::Value::Null, "{s}");
    let changed: Vec<_> = lines.iter().filter(|l| l.get("case").is_some()).collect();
    assert!(!changed.is_empty());
    for c in changed {
        let first = &c["first_difference"];
        assert_ne!(first["rule"], "version", "{c}");
        assert!(
            first["what"]
                .as_str()
                .is_some_and(|w| !w.contains("Version in force")),
            "{c}"
        );
    }
    let text_out = text(&beregner(&["--overlay", &overlay, "diff", "fixtures/bonus"]).stdout);
    assert!(
        text_out.contains("several schemes: no headline total"),
        "{text_out}"
    );
    assert!(
        text_out.contains("fleksjobbonus amount: 3 cases changed (0 up, 3 down)"),
        "{text_out}"
    );
}

/// Eligibility flips with no amount changing: a jobpræmie target group of 70 instead of 71 of
/// 78 weeks on dagpenge (lov nr. 287/2017 § 3) admits a person with 70 weeks whose month had no
/// income, so the premium is 0 kr. either way.
#[test]
fn a_diff_counts_a_decision_that_changes_without_an_amount() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = caseload(
        dir.path(),
        "jp.csv",
        "scheme,month,income,benefit_group,on_benefit_at_reference,benefit_weeks,months_paid\njobpraemie,2017-09,0,dagpenge,true,70,0\njobpraemie,2017-09,0,dagpenge,true,75,0\n",
    );
    let s = diff_summary(
        dir.path(),
        "title = \"70 weeks\"\n[[change]]\nrule_set = \"jobpraemie\"\nparameter = \"dagpenge_required_weeks\"\nvalue = 70\nfrom = 2017-04-01\nuntil = 2019-03-31\n",
        &cases,
    );
    assert_eq!(s["changed"], 1, "{s}");
    assert_eq!(s["total_difference"], "0.00");
    let eligible = outcome(&s, "eligible");
    assert_eq!(eligible["changed"], 1);
    assert_eq!(
        eligible["transitions"],
        serde_json::json!([{"from": "false", "to": "true", "cases": 1}])
    );
    assert_eq!(outcome(&s, "premium")["changed"], 0);
}

/// A duration changes while the monthly subsidy does not: løntilskud for 4 months instead of 6
/// (the fixture's private hire of a dagpenge recipient from 4 March 2019: it ends 3 July
/// instead of 3 September 2019).
#[test]
fn a_diff_reports_a_changed_duration_and_end_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = diff_summary(
        dir.path(),
        "title = \"4 months\"\n[[change]]\nrule_set = \"loentilskud\"\nparameter = \"duration_months\"\nvalue = 4\nfrom = 2019-01-01\nuntil = 2019-12-31\n",
        "fixtures/loentilskud/private-2019-dagpenge-month.toml",
    );
    assert_eq!(s["changed"], 1, "{s}");
    assert_eq!(s["intermediate_only"], 0);
    assert_eq!(outcome(&s, "subsidy")["changed"], 0);
    assert_eq!(
        outcome(&s, "duration_months")["transitions"],
        serde_json::json!([{"from": "6", "to": "4", "cases": 1}])
    );
    assert_eq!(
        outcome(&s, "end_date")["transitions"],
        serde_json::json!([{"from": "2019-09-03", "to": "2019-07-03", "cases": 1}])
    );
}

/// An overlay file in a temporary directory.
fn overlay_file(dir: &Path, change: &str) -> String {
    caseload(
        dir,
        "o.toml",
        &format!("title = \"t\"\n[[change]]\n{change}\n"),
    )
}

/// `--overlay F check` applies the overlay to the rule sets, as `calc` does: a change that
/// cannot be applied fails the check at its place in the file. Before, `check` only read the
/// file, said ok, and every later `calc` failed.
#[test]
fn check_applies_the_overlay_and_locates_what_cannot_be_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No version is in force from 2030 and no `until` says how far to project the last.
    let o = overlay_file(
        dir.path(),
        "rule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2030-01-01",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        // The last version's end moves when a year is added: not pinned.
        err.contains("o.toml:4:13: error: change[0]: no version of `fleksloentilskud` is in force on 2030-01-01 (the last ends ")
            && err.contains("); give `until` to project the last version forward"),
        "{err}"
    );
    assert!(text(&out.stdout).starts_with("failed: bundled rule sets + overlay "));
    // An optional parameter a version it covers leaves out: named with that version.
    let o = overlay_file(
        dir.path(),
        "rule_set = \"sygedagpenge_duration\"\nparameter = \"afklaring_weeks\"\nvalue = 60\nfrom = 2012-01-01",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("o.toml:4:13: error: change[0]: sygedagpenge_duration 2011 (2011-01-01 to 2014-06-30) has no parameter `afklaring_weeks`: it is optional, and that version leaves it out; start the change after 2014-06-30"),
        "{}",
        text(&out.stderr)
    );
    // The same overlay from after that version applies, and calc runs under it (until the
    // 2027 version, which covers nothing).
    let o = overlay_file(
        dir.path(),
        "rule_set = \"sygedagpenge_duration\"\nparameter = \"afklaring_weeks\"\nvalue = 60\nfrom = 2014-07-01\nuntil = 2026-12-31",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(" + overlay "));
}

/// What a rule set file may not hold, an overlay may not set either: zero where a formula
/// divides, a date beyond the calendar. Both were accepted, and `calc` then refused every
/// case for a reason that was not the cause, or failed to start.
#[test]
fn an_overlay_value_a_formula_cannot_use_is_refused_at_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = overlay_file(
        dir.path(),
        "rule_set = \"fleksloentilskud\"\nparameter = \"weeks_per_year\"\nvalue = 0\nfrom = 2024-01-01",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("o.toml:5:9: error: change[0].value: `weeks_per_year` would be 0, but a formula divides by it: it cannot be used"),
        "{}",
        text(&out.stderr)
    );
    let out = beregner(&[
        "--overlay",
        &o,
        "calc",
        "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).is_empty());
    let o = overlay_file(
        dir.path(),
        "rule_set = \"dagpenge\"\nparameter = \"hours_system_from\"\nvalue = 99999999999\nfrom = 2024-01-01",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("o.toml:5:9: error: change[0].value: `hours_system_from` is a date: write it as a date such as 2027-01-01"),
        "{}",
        text(&out.stderr)
    );
    // Written as a date, it applies.
    let o = overlay_file(
        dir.path(),
        "rule_set = \"dagpenge\"\nparameter = \"hours_system_from\"\nvalue = 2017-07-01\nfrom = 2024-01-01\nuntil = 2024-12-31",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// An overlay that changes nothing says so: wholly outside the versions, or setting the
/// value every version it covers already has. Before, both ran silently as a "reform".
#[test]
fn an_overlay_that_changes_nothing_is_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = overlay_file(
        dir.path(),
        "rule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 1990-01-01\nuntil = 1990-12-31",
    );
    let out = beregner(&["--overlay", &o, "check"]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.contains("o.toml:4:13: warning: change[0]: changes nothing: no version of `fleksloentilskud` is in force from 1990-01-01 to 1990-12-31 (its versions cover 2013-01-01 to "),
        "{err}"
    );
    assert!(
        text(&out.stdout).ends_with("1 warning(s)\n"),
        "{}",
        text(&out.stdout)
    );
    let o = overlay_file(
        dir.path(),
        "rule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 55\nfrom = 2024-01-01\nuntil = 2024-12-31",
    );
    let out = beregner(&["--overlay", &o, "calc", STAR_2024]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("o.toml:4:13: warning: change[0]: changes nothing: `high_rate` already has this value in every version of `fleksloentilskud` from 2024-01-01 to 2024-12-31"),
        "{}",
        text(&out.stderr)
    );
    // A real change warns about nothing.
    let out = beregner(&["--overlay", REFORM, "check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

const STAR_2024: &str = "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml";

/// A proposal may set a reduction rate to 100 % or 0 %: `whatif` solved its turning points by
/// dividing by 100 % less the rate (and by the rate) and panicked; the point is now left out.
#[test]
fn whatif_under_an_overlay_with_a_rate_at_its_bounds_does_not_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    for change in [
        "parameter = \"low_rate\"\nvalue = 100",
        "parameter = \"high_rate\"\nvalue = 0",
        "parameter = \"high_rate\"\nvalue = 100",
        "parameter = \"low_rate\"\nvalue = 0",
    ] {
        let o = overlay_file(
            dir.path(),
            &format!(
                "rule_set = \"fleksloentilskud\"\n{change}\nfrom = 2024-01-01\nuntil = 2024-12-31"
            ),
        );
        let out = beregner(&[
            "--overlay",
            &o,
            "whatif",
            "--month",
            "2024-03",
            "--hourly-wage",
            "200",
            "--hours",
            "10,20,30",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{change}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains("Does working more pay?"));
    }
}

/// A shared amount beyond what a decimal can hold a share of made `check` (and every command)
/// panic while loading; a negative one was named only at the parameters built on it.
#[test]
fn a_shared_amount_too_large_or_negative_is_refused_at_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (value, reason) in [
        ("79228162514264337593543950335", "is too large to compute"),
        (
            "-5",
            "amount.value: -5 is negative; an amount of money cannot be negative",
        ),
    ] {
        let rules = dir.path().join(format!("rules{}", value.len()));
        copy_tree(&root().join("rules"), &rules);
        let file = rules.join("shared/hoejeste_dagpengebeloeb/2025.toml");
        let text_in = std::fs::read_to_string(&file).expect("read");
        std::fs::write(
            &file,
            text_in.replacen("value = 21092", &format!("value = {value}"), 1),
        )
        .expect("write");
        let out = beregner(&["check", "--rules", rules.to_str().expect("path")]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(reason), "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"));
    }
}

/// The refund caseload: generated, computed in batch with no failed row, and totalled; the
/// refund and net cost add up to the expense and co-financing where no row co-finances.
#[test]
fn a_refund_caseload_runs_in_batch_with_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("refusion.csv");
    let out = dir.path().join("out.csv");
    let g = beregner(&[
        "generate",
        "statsrefusion",
        "--rows",
        "300",
        "--seed",
        "3",
        "--out",
        csv.to_str().expect("path"),
    ]);
    assert!(g.status.success(), "{}", text(&g.stderr));
    let b = beregner(&[
        "batch",
        csv.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ]);
    let err = text(&b.stderr);
    assert!(b.status.success(), "{err}");
    assert!(err.contains("300 computed, 0 failed"), "{err}");
    for total in ["total refund:", "total net_cost:", "total whatif_refund:"] {
        assert!(err.contains(total), "{total} missing: {err}");
    }
}

/// The value of a `key: value` line of `batch --stats`.
fn stat<'a>(stats: &'a str, key: &str) -> &'a str {
    stats
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix(": ")))
        .unwrap_or_else(|| panic!("no `{key}` in {stats}"))
}

/// Totals by benefit and by step of the staircase: statsrefusion declares `benefit` and `step`
/// grouping results, and batch sums every amount per value of each. Four person-months whose
/// refunds are counted by hand (§ 5, stk. 2: 80 % weeks 1-4, 40 % 5-26, 30 % 27-52, 20 % after).
#[test]
fn refund_totals_by_benefit_and_by_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("four.csv");
    std::fs::write(
        &csv,
        "scheme,month,benefit,amount,weeks_before,weeks_in_month\n\
         statsrefusion,2024-03,sygedagpenge,10000.00,0,4\n\
         statsrefusion,2024-03,kontanthjaelp,10000.00,10,4\n\
         statsrefusion,2024-03,sygedagpenge,10000.00,60,4\n\
         statsrefusion,2024-03,kontanthjaelp,5000.00,30,4\n",
    )
    .expect("write");
    let out = dir.path().join("out.csv");
    let b = beregner(&[
        "batch",
        csv.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
        "--stats",
    ]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    let stats = text(&b.stdout);
    // Weeks 1-4: 80 % × 10.000 = 8.000; weeks 11-14: 40 % × 10.000 = 4.000; weeks 61-64:
    // 20 % × 10.000 = 2.000; weeks 31-34: 30 % × 5.000 = 1.500.
    for (key, want) in [
        ("sum_refund", "15500.00"),
        ("rows_by_benefit[kontanthjaelp]", "2"),
        ("sum_refund_by_benefit[kontanthjaelp]", "5500.00"),
        ("sum_net_cost_by_benefit[kontanthjaelp]", "9500.00"),
        ("rows_by_benefit[sygedagpenge]", "2"),
        ("sum_refund_by_benefit[sygedagpenge]", "10000.00"),
        ("sum_net_cost_by_benefit[sygedagpenge]", "10000.00"),
        ("rows_by_step[1]", "1"),
        ("sum_refund_by_step[1]", "8000.00"),
        ("sum_refund_by_step[2]", "4000.00"),
        ("sum_refund_by_step[3]", "1500.00"),
        ("sum_refund_by_step[4]", "2000.00"),
    ] {
        assert_eq!(stat(&stats, key), want, "{key}\n{stats}");
    }
    let err = text(&b.stderr);
    assert!(err.contains("by step 3: 1 rows; refund 1500.00"), "{err}");
}

/// Over a generated caseload the grouped totals are the output's own rows summed by their
/// `benefit` and `step` cells, and the groups of each key add up to the whole.
#[test]
fn grouped_totals_add_up_over_a_generated_caseload() {
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("refusion.csv");
    let out = dir.path().join("out.csv");
    let g = beregner(&[
        "generate",
        "statsrefusion",
        "--rows",
        "500",
        "--seed",
        "11",
        "--out",
        csv.to_str().expect("path"),
    ]);
    assert!(g.status.success(), "{}", text(&g.stderr));
    let b = beregner(&[
        "batch",
        csv.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
        "--stats",
    ]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    let stats = text(&b.stdout);
    let written = std::fs::read_to_string(&out).expect("output");
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (benefit, step, refund) = (at("benefit"), at("step"), at("refund"));
    let mut counted: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
    for record in reader.records() {
        let r = record.expect("row");
        let amount: Decimal = r[refund].parse().unwrap_or_default();
        for key in [
            format!("benefit[{}]", &r[benefit]),
            format!("step[{}]", &r[step]),
        ] {
            let e = counted.entry(key).or_default();
            e.0 += 1;
            e.1 += amount;
        }
    }
    assert!(counted.len() >= 8, "{counted:?}");
    let total: Decimal = stat(&stats, "sum_refund").parse().expect("total");
    let (mut by_benefit, mut by_step) = (Decimal::ZERO, Decimal::ZERO);
    for (key, (rows, sum)) in &counted {
        assert_eq!(stat(&stats, &format!("rows_by_{key}")), rows.to_string());
        let shown: Decimal = stat(&stats, &format!("sum_refund_by_{key}"))
            .parse()
            .expect("sum");
        assert_eq!(shown, *sum, "{key}");
        if key.starts_with("benefit") {
            by_benefit += shown;
        } else {
            by_step += shown;
        }
    }
    assert_eq!(by_benefit, total);
    assert_eq!(by_step, total);
}
