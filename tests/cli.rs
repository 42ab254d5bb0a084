//! End-to-end tests of the `beregner` binary: what a caseworker, a legal editor and legal staff
//! see on the terminal, and the JSON contract other tools rely on.

mod common;
use common::{beregner, root, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn beregner");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const STAR: &str = "fixtures/fleksjob/star-2024-monthly-15600.toml";

#[test]
fn every_fixture_passes() {
    let o = beregner(&["test", "fixtures"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
    let passed: usize = out
        .lines()
        .last()
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("summary line");
    assert!(passed >= 20, "{out}");
}

#[test]
fn a_failing_fixture_shows_the_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join(STAR))
        .expect("fixture")
        .replace("subsidy = \"15272.00\"", "subsidy = \"15000.00\"");
    let path = dir.path().join("wrong.toml");
    std::fs::write(&path, text).expect("write");
    let o = beregner(&["test", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("subsidy: expected 15000.00, got 15272.00 (difference +272.00)"),
        "{out}"
    );
    assert!(out.contains("0 passed, 1 failed"), "{out}");
}

#[test]
fn a_fixture_without_a_source_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join(STAR)).expect("fixture");
    let text = &text[..text.find("[source]").expect("source table")];
    let path = dir.path().join("unsourced.toml");
    std::fs::write(&path, text).expect("write");
    let o = beregner(&["test", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("a fixture must cite its source"));
}

#[test]
fn json_output_is_the_documented_contract() {
    let o = beregner(&["calc", STAR, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one JSON object per case per line");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "scheme",
        "month",
        "rule_set",
        "rule_sets",
        "input",
        "result",
        "notes",
        "trace",
    ] {
        assert!(keys.contains(&key), "{key} missing");
    }
    // Fields appear in the documented order (serde_json's map here sorts keys, so check the text).
    let order = [
        "\"max_subsidy\"",
        "\"reduction\"",
        "\"subsidy_before_cap\"",
        "\"subsidy\"",
        "\"atp\"",
        "\"payout\"",
        "\"total_income\"",
        "\"cap_applied\"",
    ];
    let result_text = &out[out.find("\"result\"").expect("result")..];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| result_text.find(k).expect("field"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let r = &v["result"];
    assert_eq!(r["subsidy"], "15272.00");
    assert_eq!(r["atp"], "500.00");
    assert_eq!(r["payout"], "14772.00");
    assert_eq!(r["total_income"], "30872.00");
    assert_eq!(r["cap_applied"], false);
    assert_eq!(v["rule_set"]["id"], "fleksloentilskud");
    assert_eq!(v["rule_set"]["version"], "2024");
    // The hash is the SHA-256 of the rule-set file's bytes.
    let bytes =
        std::fs::read(root().join("rules/fleksjob/fleksloentilskud/2024.toml")).expect("rule file");
    assert_eq!(v["rule_set"]["sha256"], sha256_hex(&bytes));
    // A case in one part names one version, the same as `rule_set`.
    assert_eq!(v["rule_sets"], serde_json::json!([v["rule_set"].clone()]));
    // Every step names its rule and at least one legal reference with a URL.
    for step in v["trace"].as_array().expect("trace") {
        assert!(step["rule"].as_str().is_some_and(|r| !r.is_empty()));
        assert!(
            step["label_da"].as_str().is_some_and(|l| !l.is_empty()),
            "{step}"
        );
        // The kind tells a reader how to show the value: every step of this scheme is kroner.
        assert_eq!(step["kind"], "amount", "{step}");
        let legal = step["legal"].as_array().expect("legal");
        assert!(!legal.is_empty(), "{step}");
        assert!(
            legal
                .iter()
                .all(|l| l["url"].as_str().is_some_and(|u| u.starts_with("http")))
        );
    }
}

/// A refund claim across New Year is computed in parts: `rule_sets` names every version in date
/// order, `rule_set` stays the first, and each step cites the version of its own part.
#[test]
fn a_claim_across_new_year_names_every_rule_set_version() {
    let o = beregner(&[
        "calc",
        "fixtures/sygedagpenge/refund-claim-across-new-year-2024-2025-part-time.toml",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let versions: Vec<&str> = v["rule_sets"]
        .as_array()
        .expect("rule_sets")
        .iter()
        .filter_map(|r| r["version"].as_str())
        .collect();
    assert_eq!(versions, ["2024", "2025"]);
    assert_eq!(v["rule_set"]["version"], "2024");
    assert_eq!(v["result"]["refund"], "13135.98");
    assert!(v["result"]["max_hourly"].is_null());
}

#[test]
fn json_and_toml_cases_give_identical_output() {
    let toml = beregner(&["calc", STAR, "--format", "json"]);
    let json_case = r#"{"scheme": "fleksloentilskud", "month": "2024-03",
        "input": {"wage": "15600.00", "full_time_wage": 32067, "other_income": "0"}}"#;
    let json = with_stdin(&["calc", "-", "--format", "json"], json_case);
    assert!(json.status.success(), "{}", stderr(&json));
    assert_eq!(stdout(&toml), stdout(&json));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = beregner(&["calc", "fixtures", "--format", "json"]);
    let files: Vec<String> = std::fs::read_dir(root().join("fixtures/fleksjob"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    let args: Vec<&str> = ["calc", "--format", "json"]
        .into_iter()
        .chain(sorted.iter().map(String::as_str))
        .collect();
    let first = beregner(&args);
    let second = beregner(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(stdout(&first).lines().count(), sorted.len());
    // A directory is not a case file.
    assert_eq!(a.status.code(), Some(1));
}

#[test]
fn a_month_outside_every_rule_set_is_a_one_line_error_and_other_cases_still_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("2012.toml");
    std::fs::write(
        &bad,
        "scheme = \"fleksloentilskud\"\nmonth = \"2012-12\"\n[input]\nwage = \"15000\"\n",
    )
    .expect("write");
    let o = beregner(&[
        "calc",
        bad.to_str().expect("path"),
        STAR,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // One line; the versions' last day moves when a year is added, so it is not pinned.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "{}:2:9: error: month: no rule set in force for 2012-12 in fleksloentilskud (versions cover 2013-01-01 to ",
            bad.display()
        )),
        "{err}"
    );
    assert_eq!(
        stdout(&o).lines().count(),
        1,
        "the good case is still computed"
    );
}

#[test]
fn bad_input_names_file_field_position_and_reason() {
    let cases = [
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"abc\"\n",
            ":4:8: error: input.wage: `abc` is not a decimal number",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"-100\"\n",
            ":4:8: error: input.wage: -100 is negative; the monthly wage (incl. both pension contributions) cannot be negative",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nhourly_wage = 200\nweekly_hours = 169\n",
            ":5:16: error: input.weekly_hours: 169 is more than 168, the most the weekly hours can be",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 15000\nwgae = 1\n",
            ":5:1: error: input.wgae: unknown field (did you mean `wage`?)",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nfull_time_wage = 30000\n",
            ":3:1: error: input.wage: missing required field: give `wage` (kr per month) or `hourly_wage` and `weekly_hours`",
        ),
        (
            "scheme = \"flekslontilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 1\n",
            ":1:10: error: scheme: unknown scheme `flekslontilskud` (did you mean `fleksloentilskud`?)",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = 2024-03\n",
            ":2:9: error: invalid TOML",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 0\n",
            ":3:1: error: input: no wage was paid in 2024-03: fleksløntilskud supplements a wage actually paid",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2023-03\"\n[input]\nwage = 8000\nsygedagpenge = 4000\n",
            ":3:1: error: input: sygedagpenge in 2023-03: rule set 2023 has no sourced rule for deducting them",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2019-03\"\n[input]\nwage = 0\nbarselsdagpenge = 4000\n",
            ":3:1: error: input: barselsdagpenge in 2019-03: rule set 2019 has no sourced rule for deducting them",
        ),
        (
            "scheme = \"fleksjob_refusion\"\nmonth = \"2019-03\"\n[input]\nhire_date = \"2013-03-01\"\nshare = \"1/2\"\nwage_paid = \"10000\"\n",
            ":3:1: error: input: the flex-job started 2013-03-01, on or after 2013-01-01: it is under the fleksløntilskud scheme",
        ),
        (
            "scheme = \"ledighedsydelse\"\nmonth = \"2025-03\"\n[input]\nprovider = \"true\"\n",
            ":3:1: error: input: rule set 2025 has no rate for the kontanthjælp level, provider tier in 2025-03",
        ),
    ];
    for (text, expected) in cases {
        let o = with_stdin(&["calc", "-"], text);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = stderr(&o);
        assert!(err.starts_with("<stdin>"), "{err}");
        assert!(err.contains(expected), "expected `{expected}` in\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn errors_are_in_danish_with_lang_da() {
    // The same problems as above, each at its place, in the caseworker's language.
    let cases = [
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"abc\"\n",
            ":4:8: fejl: input.wage: `abc` er ikke et decimaltal",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 15000\nwgae = 1\n",
            ":5:1: fejl: input.wgae: ukendt felt (mente du `wage`?)",
        ),
        (
            "scheme = \"flekslontilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 1\n",
            ":1:10: fejl: scheme: ukendt ordning `flekslontilskud` (mente du `fleksloentilskud`?)",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = 5\n[input]\nwage = [1]\n",
            ":2:9: fejl: month: forventede en måned som \"2024-03\", fandt et tal",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 0\n",
            ":3:1: fejl: input: der er ikke udbetalt løn i marts 2024",
        ),
        (
            "scheme = \"fleksloentilskud\"\nmonth = \"marts\"\n[input]\nwage = 1\n",
            ":2:9: fejl: month: `marts` er ikke en måned; skriv den som ÅÅÅÅ-MM, fx 2024-03",
        ),
        (
            "scheme = \"fleksloentilskud\nmonth = \"2024-03\"\n",
            ":1:27: fejl: ugyldig TOML: ",
        ),
    ];
    for (text, expected) in cases {
        let o = with_stdin(&["calc", "-", "--lang", "da"], text);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = stderr(&o);
        assert!(err.contains(expected), "expected `{expected}` in\n{err}");
        assert!(!err.contains("error:"), "{err}");
    }
    // A case without a file: the flags are named, in Danish.
    let o = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2024-3",
        "--input",
        "hourly_wag=200",
        "--lang",
        "da",
    ]);
    let err = stderr(&o);
    assert!(
        err.contains("fejl: --month: `2024-3` er ikke en måned; skriv den som ÅÅÅÅ-MM"),
        "{err}"
    );
    assert!(
        err.contains("fejl: --hourly-wag: ukendt felt `hourly_wag` (mente du `--hourly-wage`?)"),
        "{err}"
    );
}

#[test]
fn a_scheme_chosen_by_a_date_is_refused_at_that_date() {
    // A follow-up from 3 August 2026 (the version from 1 July 2026 holds no figures): the
    // refusal names the first day of absence, where the case gives it, not a month it never gave.
    let case = "scheme = \"sygedagpenge_followup\"\n[input]\nfirst_sick_day = \"2026-08-03\"\n";
    let o = with_stdin(&["calc", "-"], case);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "<stdin>:3:1: error: input.first_sick_day: sygedagpenge_followup is not covered for 2026-08-03: rule set sygedagpenge_followup 2026-07 (from 2026-07-01)"
        ),
        "{err}"
    );
    let o = with_stdin(&["calc", "-", "--lang", "da"], case);
    assert!(
        stderr(&o).contains(
            "fejl: input.first_sick_day: sygedagpenge_followup er ikke dækket pr. 3. august 2026"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(beregner(&["calc"]).status.code(), Some(2));
    assert_eq!(beregner(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        beregner(&["rules", "list", "--on", "2024-13-01"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rules_dir_replaces_the_bundled_rule_sets() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The rule set and the shared amounts it builds on.
    for sub in [
        "fleksjob/fleksloentilskud",
        "shared/hoejeste_dagpengebeloeb",
    ] {
        let target = dir.path().join(sub);
        std::fs::create_dir_all(&target).expect("mkdir");
        for entry in std::fs::read_dir(root().join("rules").join(sub)).expect("rules") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, target.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let target = dir.path().join("fleksjob/fleksloentilskud");
    // A proposed change: the 2024 maximum raised by 100 kr.
    let file = target.join("2024.toml");
    let text = std::fs::read_to_string(&file)
        .expect("read")
        .replace("value = 19952", "value = 20052");
    std::fs::write(&file, &text).expect("write");
    let rules = dir.path().to_str().expect("path");
    let o = beregner(&["--rules", rules, "calc", STAR, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["result"]["subsidy"], "15372.00");
    assert_eq!(v["rule_set"]["sha256"], sha256_hex(text.as_bytes()));

    // A broken directory is reported, not used.
    std::fs::write(&file, text.replace("value = 55", "value = 155")).expect("write");
    let check = beregner(&["check", "--rules", rules]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(
        err.contains("2024.toml:")
            && err.contains("155 is out of range for `percent` (must be 0 to 100)"),
        "{err}"
    );
    assert!(stdout(&check).contains("failed:"));
}

#[test]
fn check_and_rules_describe_the_bundled_rule_sets() {
    let o = beregner(&["check"]);
    assert!(o.status.success());
    // The counts are those of the files under rules/ (a new year is one more file, not a test
    // edit): rule sets are the directories `<family>/<id>/`, shared amounts those under shared/.
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("rules").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    walk(&root().join("rules"), &mut files);
    // rules/regulation.toml (how each rule set is regulated) is read, but is no version.
    let (shared, versions): (Vec<&PathBuf>, Vec<&PathBuf>) = files
        .iter()
        .filter(|p| !p.ends_with("regulation.toml"))
        .partition(|p| p.components().any(|c| c.as_os_str() == "shared"));
    let sets: std::collections::BTreeSet<_> = versions.iter().filter_map(|p| p.parent()).collect();
    assert_eq!(
        stdout(&o),
        format!(
            "ok: bundled rule sets: {} file(s), {} rule set(s), {} version(s), {} shared amount(s), 0 warning(s)\n",
            files.len(),
            sets.len(),
            versions.len(),
            shared.len()
        )
    );

    let list = stdout(&beregner(&["rules", "list"]));
    let fleks = std::fs::read_dir(root().join("rules/fleksjob/fleksloentilskud"))
        .expect("rules")
        .count();
    assert_eq!(
        list.lines()
            .filter(|l| l.starts_with("fleksloentilskud"))
            .count(),
        fleks,
        "one line per version file"
    );
    let on = stdout(&beregner(&["rules", "list", "--on", "2024-03-01"]));
    // The header and one version of each rule set.
    assert_eq!(on.lines().count(), sets.len() + 1, "{on}");
    // A scheme whose end was not found: the version ends where the rule set starts answering
    // no (fleksjobbonus 2025-ended); its results say the end was not found.
    assert!(on.contains("2014-05-01 to 2024-12-31"), "{on}");
    assert!(on.contains("2024-01-01 to 2024-12-31"));

    let show = beregner(&["rules", "show", "fleksloentilskud", "--on", "2025-06-01"]);
    let text = stdout(&show);
    assert!(
        text.contains("threshold                     16911 kr_per_month    derived"),
        "{text}"
    );
    assert!(
        text.contains("derivation: No published 2025 threshold was found."),
        "{text}"
    );
}

fn explanation(path: &str) -> String {
    let o = beregner(&["calc", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// Snapshots of the readable explanation, for review by people who know the law. The rule-set
/// hash is checked in `json_output_is_the_documented_contract` and redacted here, so editing a
/// rule file's comments does not churn these snapshots.
macro_rules! explained {
    ($name:ident, $path:expr) => {
        #[test]
        fn $name() {
            insta::with_settings!({filters => vec![(r"sha256 [0-9a-f]{64}", "sha256 [hash]")]}, {
                insta::assert_snapshot!(explanation($path));
            });
        }
    };
}

explained!(
    explain_kk_2020_lonloft_binds,
    "fixtures/fleksjob/kk-2020-16000-lonloft.toml"
);
explained!(
    explain_star_2024_hourly,
    "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml"
);
explained!(
    explain_2026_derived_rates,
    "fixtures/fleksjob/2026-above-threshold.toml"
);
explained!(
    explain_ledighedsydelse_9_of_18_months,
    "fixtures/ledighedsydelse/2024-full-rate-12-months-in-fleksjob.toml"
);
explained!(
    explain_refund_with_sickness,
    "fixtures/fleksjob_refusion/2019-sickness-refund-below-the-days-refund.toml"
);
explained!(
    explain_2013_old_law_no_lonloft,
    "fixtures/fleksjob/2013-below-threshold-no-lonloft.toml"
);
explained!(
    explain_refugee_bonus_projection,
    "fixtures/bonus/refugee-last-day-of-the-scheme-projection.toml"
);
explained!(
    explain_fleksjobbonus_week_above_the_limit,
    "fixtures/bonus/fleksjobbonus-2014-one-week-at-10-5-hours.toml"
);
explained!(
    explain_jobpraemie_capped,
    "fixtures/bonus/jobpraemie-2017-income-30000-capped.toml"
);

/// A bonus case from its `[input]` lines, run through `calc`.
fn bonus(scheme: &str, input: &str) -> Output {
    with_stdin(
        &["calc", "-"],
        &format!("scheme = \"{scheme}\"\n\n[input]\n{input}\n"),
    )
}

#[test]
fn a_hire_between_bonus_versions_is_told_why_there_is_none() {
    // The day before the refugee bonus began, and the day after it ended.
    let before = bonus(
        "refugee_bonus",
        "hire_date = \"2016-06-30\"\nsector = \"private\"\npermit_date = \"2016-03-01\"\nweekly_hours = \"2016-06-27/2017-07-02: 20\"",
    );
    assert_eq!(before.status.code(), Some(1));
    assert!(
        stderr(&before).contains("refugee_bonus") && stderr(&before).contains("2016-07-01"),
        "{}",
        stderr(&before)
    );
    // Where the law gives a definite no (the scheme ended or was paused), the answer is a
    // result: not eligible, 0 kr., the reason and its act; not an error.
    let after = bonus(
        "refugee_bonus",
        "hire_date = \"2019-07-01\"\nsector = \"private\"\npermit_date = \"2019-03-01\"\nweekly_hours = \"2019-07-01/2020-07-05: 20\"",
    );
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert!(
        stdout(&after).contains("not_eligible")
            && stdout(&after).contains("covered hires up to and including 2019-06-30")
            && stdout(&after).contains("Integrationsloven § 46"),
        "{}",
        stdout(&after)
    );
    // A flex-job started while the fleksjobbonus was paused.
    let paused = bonus(
        "fleksjobbonus",
        "hire_date = \"2014-04-30\"\nsector = \"private\"\nweekly_hours = \"2014-04-28/2015-02-01: 8\"",
    );
    assert_eq!(paused.status.code(), Some(0), "{}", stderr(&paused));
    assert!(
        stdout(&paused).contains("the scheme was paused") && stdout(&paused).contains("0,00 kr."),
        "{}",
        stdout(&paused)
    );
    // An income month between the two jobpræmie schemes.
    let gap = with_stdin(
        &["calc", "-"],
        "scheme = \"jobpraemie\"\nmonth = \"2015-06\"\n\n[input]\nincome = \"20000\"\nbenefit_group = \"kontanthjaelp\"\non_benefit_at_reference = \"true\"\nbenefit_weeks = \"52\"\nmonths_paid = \"0\"\n",
    );
    assert_eq!(gap.status.code(), Some(0), "{}", stderr(&gap));
    assert!(
        stdout(&gap).contains("no scheme ran") && stdout(&gap).contains("2017-04-01"),
        "{}",
        stdout(&gap)
    );
}

#[test]
fn bad_histories_get_clear_errors() {
    let cases = [
        (
            "2014-05-05/2014-06-01: 8; 2014-W22: 9",
            "overlaps `2014-05-05/2014-06-01: 8` in week 2014-W22",
        ),
        ("2014-05-05/2014-06-01: -2", "-2 hours is negative"),
        (
            "2014-06-01/2014-05-05: 8",
            "the period ends before it starts",
        ),
        ("2014-05-05/2014-06-01: 200", "more than a week has"),
        (
            "2014-04-28/2014-06-01: 8",
            "the history starts before the employment does",
        ),
    ];
    for (history, reason) in cases {
        let o = bonus(
            "fleksjobbonus",
            &format!(
                "hire_date = \"2014-05-05\"\nsector = \"private\"\nweekly_hours = \"{history}\""
            ),
        );
        assert_eq!(o.status.code(), Some(1), "{history}");
        let err = stderr(&o);
        assert!(
            err.contains("weekly_hours") && err.contains(reason),
            "{history}: {err}"
        );
    }
    let ended = bonus(
        "igu_bonus",
        "hire_date = \"2017-03-06\"\nsector = \"private\"\nweekly_hours = \"2017-03-06/2017-05-07: 30\"\nended = \"2017-01-01\"",
    );
    assert!(
        stderr(&ended).contains("the employment ends (2017-01-01) before it starts (2017-03-06)"),
        "{}",
        stderr(&ended)
    );
}

#[test]
fn a_bonus_needing_an_unknown_fact_asks_for_it() {
    // From 7 August 2013 only the first employer qualifies: the calculator will not guess.
    let o = bonus(
        "fleksjobbonus",
        "hire_date = \"2013-09-02\"\nsector = \"private\"\nweekly_hours = \"2013-09-02/2014-03-02: 8\"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("give `first_employer = true` or `false`"),
        "{}",
        stderr(&o)
    );
    // The 2017 jobpræmie counts weeks on benefit, not days.
    let j = with_stdin(
        &["calc", "-"],
        "scheme = \"jobpraemie\"\nmonth = \"2017-06\"\n\n[input]\nincome = \"20000\"\nbenefit_group = \"kontanthjaelp\"\non_benefit_at_reference = \"true\"\nbenefit_days = \"360\"\nmonths_paid = \"0\"\n",
    );
    assert_eq!(j.status.code(), Some(1));
    assert!(
        stderr(&j).contains("counts the seniority in weeks: give `benefit_weeks`"),
        "{}",
        stderr(&j)
    );
}

#[test]
fn a_bonus_caseload_runs_in_batch_without_a_month() {
    // The refugee-bonus fixtures as rows: 25 hours (earned, 40.000), a public employer (0), and a
    // history with negative hours (an error row; the rest still run).
    let csv = "scheme,hire_date,sector,permit_date,weekly_hours\n\
        refugee_bonus,2017-01-02,private,2016-09-01,2017-01-02/2018-01-07: 25\n\
        refugee_bonus,2017-01-02,public,2016-09-01,2017-01-02/2018-01-07: 25\n\
        refugee_bonus,2017-01-02,private,2016-09-01,2017-01-02/2017-02-01: -3\n";
    let o = with_stdin(
        &[
            "batch",
            "-",
            "--from",
            "csv",
            "--columns",
            "row,month,status,amount,first_payment_due,error",
        ],
        csv,
    );
    assert_eq!(o.status.code(), Some(1), "one row failed");
    assert_eq!(
        stdout(&o),
        "row,month,status,amount,first_payment_due,error\n\
         1,2017-01,earned,40000.00,2017-07-02,\n\
         2,2017-01,not_eligible,0.00,,\n\
         3,,,,,weekly_hours: `2017-01-02/2017-02-01: -3`: -3 hours is negative\n"
    );
    let err = stderr(&o);
    // Only amount columns get a total.
    assert!(err.contains("total amount: 40000.00"), "{err}");
    assert!(!err.contains("total status"), "{err}");
}

explained!(
    explain_sygedagpenge_reassessment_point,
    "fixtures/sygedagpenge/duration-window-drops-an-old-spell.toml"
);
explained!(
    explain_sygedagpenge_employer_period_claimed_late,
    "fixtures/sygedagpenge/employer-period-claimed-late.toml"
);
explained!(
    explain_sygedagpenge_refund_weeks,
    "fixtures/sygedagpenge/refund-2024-full-week-and-15-hours.toml"
);

fn case(scheme: &str, input: &str) -> Output {
    with_stdin(
        &["calc", "-"],
        &format!("scheme = \"{scheme}\"\n\n[input]\n{input}\n"),
    )
}

#[test]
fn bad_sickness_spells_get_clear_errors() {
    let cases = [
        (
            "spells = \"2024-03-01/2024-02-01: employer\"",
            "the spell ends before it starts",
        ),
        (
            "spells = \"2024-01-01/2024-03-01: employer; 2024-02-15/2024-04-01: public\"",
            "the spells from 2024-01-01 and from 2024-02-15 overlap",
        ),
        (
            "spells = \"2024-01-01/: employer; 2024-05-01/2024-06-01: public\"",
            "the spell from 2024-01-01 has no end, but another starts 2024-05-01",
        ),
        (
            "spells = \"2024-01-01/2024-03-01: boss\"",
            "`boss` is not `employer`",
        ),
    ];
    for (input, reason) in cases {
        let o = case("sygedagpenge_duration", input);
        assert_eq!(o.status.code(), Some(1), "{input}");
        let err = stderr(&o);
        assert!(
            err.contains("spells") && err.contains(reason),
            "{input}: {err}"
        );
    }
    let o = case(
        "sygedagpenge_employer_period",
        "first_sick_day = \"2024-03-04\"\nlast_sick_day = \"2024-03-01\"\nemployment_start = \"2020-01-01\"\nhours_last_8_weeks = \"-5\"",
    );
    let err = stderr(&o);
    assert!(
        err.contains("the spell ends (2024-03-01) before it starts (2024-03-04)")
            && err.contains("-5 is negative; the hours worked"),
        "{err}"
    );
}

#[test]
fn sickness_cases_the_law_found_does_not_settle_are_refused() {
    // More than 22 weeks on 1 July 2014: the transitional rules were not found.
    let o = case(
        "sygedagpenge_duration",
        "spells = \"2013-10-01/: employer\"\nassessed_on = \"2014-08-01\"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("already exceeded on 2014-04-03, before these rules took over on 2014-07-01"),
        "{}",
        stderr(&o)
    );
    // A refund claim whose weeks run into a year whose rates were not found: refused, naming
    // the version that takes over (a claim across a covered New Year is computed in parts).
    let r = case(
        "sygedagpenge_refund",
        "sick_hours = \"2026-W53: 37; 2027-W01: 37\"\nnormal_weekly_hours = \"37\"",
    );
    assert_eq!(r.status.code(), Some(1));
    assert!(
        stderr(&r).contains("2027-01-04, where rule set sygedagpenge_refund 2027 takes over"),
        "{}",
        stderr(&r)
    );
    // Weeks from the first Monday of a year whose rate was not found (2027 on 2026-12-07) are
    // refused, and so is every later week while the last version is not covered.
    let late = case(
        "sygedagpenge_refund",
        "sick_hours = \"2100-W10: 37\"\nnormal_weekly_hours = \"37\"",
    );
    assert_eq!(late.status.code(), Some(1));
    assert!(
        stderr(&late).contains("sygedagpenge_refund"),
        "{}",
        stderr(&late)
    );
}

explained!(
    explain_loentilskud_ratio_over_the_limit,
    "fixtures/loentilskud/ratio-59-employees-10-subsidised.toml"
);
explained!(
    explain_loentilskud_public_hours,
    "fixtures/loentilskud/public-hours-2020-max-dagpenge-37.toml"
);

#[test]
fn loentilskud_years_without_rates_and_bad_input_are_refused() {
    let job = |start: &str, extra: &str| {
        case(
            "loentilskud",
            &format!(
                "start_date = \"{start}\"\nsector = \"private\"\ngroup = \"dagpenge\"\nage = \"30\"\nmonths_on_benefit = \"7\"\nordinary_employees = \"10\"\nsubsidised_employees = \"0\"\naverage_employees_12_months = \"10\"\nemployees_with_hire = \"11\"\n{extra}"
            ),
        )
    };
    // 2026 is computed with derived rates; from 2027 a new law is planned: refused.
    let late = job("2027-03-01", "");
    assert_eq!(late.status.code(), Some(1));
    assert!(
        stderr(&late).contains("a new main employment law is planned to replace"),
        "{}",
        stderr(&late)
    );
    let early = job("2014-06-02", "");
    assert!(
        stderr(&early).contains("rates for 2013 and 2014 were not found"),
        "{}",
        stderr(&early)
    );
    let bad = job(
        "2023-03-01",
        "granted = \"2023-04-01\"\ngroup2 = \"x\"\nhours_paid = \"10\"\nrefunded_hours = \"12\"",
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(
        err.contains("the job must be granted (2023-04-01) before it starts (2023-03-01)"),
        "{err}"
    );
    let over = job("2023-03-01", "hours_paid = \"10\"\nrefunded_hours = \"12\"");
    assert!(
        stderr(&over).contains("the refunded hours (12) exceed the hours paid (10)"),
        "{}",
        stderr(&over)
    );
    // The month's hours are given or estimated from the week, not both.
    let both = job("2023-03-01", "hours_paid = \"100\"\nweekly_hours = \"20\"");
    assert!(
        stderr(&both).contains("input.weekly_hours: give either hours_paid"),
        "{}",
        stderr(&both)
    );
    // A public employer's fixed wage (§ 72) is not known for 2016: no cost rather than a guess.
    let unknown = case(
        "loentilskud",
        "start_date = \"2016-03-01\"\nsector = \"public\"\ngroup = \"dagpenge\"\nage = \"30\"\nmonths_on_benefit = \"7\"\nordinary_employees = \"10\"\nsubsidised_employees = \"0\"\naverage_employees_12_months = \"10\"\nemployees_with_hire = \"11\"\nweekly_hours = \"20\"\nhourly_wage = \"150\"",
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("the public hourly wage for version 2016 was not found"),
        "{}",
        stderr(&unknown)
    );
}

explained!(
    explain_loentilskud_employer_cost,
    "fixtures/loentilskud/private-2023-employer-cost-37h.toml"
);

explained!(
    explain_dagpenge_ledger_with_waiting_day,
    "fixtures/dagpenge/waiting-day-at-exactly-148-hours.toml"
);

#[test]
fn inconsistent_dagpenge_histories_are_refused() {
    let ledger = |month: &str, placement: &str, history: &str| {
        with_stdin(
            &["calc", "-"],
            &format!(
                "scheme = \"dagpenge\"\nmonth = \"{month}\"\n\n[input]\ninsurance = \"full_time\"\nplacement = \"{placement}\"\nmonthly_rate = \"maximum\"\nhistory = \"{history}\"\n"
            ),
        )
    };
    let cases = [
        (
            "2024-05",
            "2024-03",
            "2024-03: work 0; 2024-05: work 0",
            "no record for 2024-04",
        ),
        (
            "2024-03",
            "2024-04",
            "2024-04: work 0",
            "the placement 2024-04 is after the assessment month 2024-03",
        ),
        (
            "2024-03",
            "2024-03",
            "2024-03: work 800",
            "more hours or days than a month has",
        ),
        (
            "2024-03",
            "2024-03",
            "2024-03: work 1; 2024-03: work 2",
            "2024-03 is given twice",
        ),
        ("2024-03", "2024-03", "2024-03: work -1", "is negative"),
        (
            "2024-03",
            "2024-03",
            "2024-03: wrok 1",
            "unknown figure `wrok`",
        ),
        (
            "2025-01",
            "2024-12",
            "2024-12: income 5000; 2025-01: work 0",
            "give `income_hours`",
        ),
        (
            "2017-08",
            "2017-06",
            "2017-07/2017-08: work 0",
            "needs `weeks_left_2017_07` and `old_reference_end`",
        ),
        (
            "2025-01",
            "2024-03",
            "2024-03/2024-04: work 100; 2024-05/2025-01: work 86,67, short_weeks 4",
            "give `workless_days`",
        ),
    ];
    for (month, placement, history, reason) in cases {
        let o = ledger(month, placement, history);
        assert_eq!(o.status.code(), Some(1), "{history}");
        assert!(stderr(&o).contains(reason), "{history}: {}", stderr(&o));
    }
    // The beskæftigelsestillæg is for rights from 1 May 2023 only.
    let early = with_stdin(
        &["calc", "-"],
        "scheme = \"dagpenge\"\nmonth = \"2023-04\"\n\n[input]\ninsurance = \"full_time\"\nplacement = \"2023-04\"\nmonthly_rate = \"maximum\"\nsupplement_rate = \"22000\"\nhistory = \"2023-04: work 0\"\n",
    );
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stderr(&early).contains("a beskæftigelsestillæg is for placements from 2023-05-01"),
        "{}",
        stderr(&early)
    );
}

/// A version whose end was not found says so in its JSON rule set (the page warns from it);
/// others do not carry the field at all.
#[test]
fn json_marks_a_rule_set_whose_end_was_not_found() {
    let json = |scheme: &str, input: &str| -> serde_json::Value {
        let o = with_stdin(
            &["calc", "-", "--format", "json"],
            &format!("scheme = \"{scheme}\"\n\n[input]\n{input}\n"),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).expect("JSON")
    };
    let bonus = json(
        "fleksjobbonus",
        "hire_date = \"2014-06-02\"\nsector = \"private\"\nweekly_hours = \"2014-06-02/2014-06-08: 8\"",
    );
    assert_eq!(bonus["rule_set"]["version"], "2014-05");
    assert_eq!(bonus["rule_set"]["end_unknown"], true);
    let o = beregner(&["calc", STAR, "--format", "json"]);
    let flex: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert!(flex["rule_set"].get("end_unknown").is_none(), "{flex}");
}

/// The browser calculator shows its explanations in Danish: every step of the schemes it shows
/// carries a Danish formula, and every rounding says how it rounds in Danish. STAR's example
/// (200 kr. × 18 h × 52 ÷ 12 = 15.600 kr.) written the Danish way.
#[test]
fn json_explains_the_page_schemes_in_danish() {
    let json = |path: &str| -> serde_json::Value {
        let o = beregner(&["calc", path, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).expect("JSON")
    };
    for path in [
        STAR,
        "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml",
        "fixtures/loentilskud/private-2023-employer-cost-37h.toml",
        "fixtures/loentilskud/public-hours-2020-max-dagpenge-37.toml",
        "fixtures/bonus/fleksjobbonus-2014-10-hours-every-week-9-months.toml",
        "fixtures/bonus/refugee-2017-hired-within-1-year-25-hours.toml",
    ] {
        let v = json(path);
        for step in v["trace"].as_array().expect("trace") {
            assert!(
                step["formula_da"].as_str().is_some_and(|f| !f.is_empty()),
                "{path}: no Danish formula in {step}"
            );
            assert_eq!(
                step["rounding"].is_null(),
                step.get("rounding_da").is_none(),
                "{path}: {step}"
            );
        }
    }
    let star = json("fixtures/fleksjob/star-2024-hourly-200kr-18h.toml");
    assert_eq!(
        star["trace"][0]["formula_da"],
        "200,00 × 18 t × 52 uger ÷ 12 = 15.600,00 → 15.600,00"
    );
    assert_eq!(star["trace"][0]["rounding_da"], "til øre, halvt op");
    // Notes come in both languages, in the same order.
    let bonus = json("fixtures/bonus/fleksjobbonus-2014-10-hours-every-week-9-months.toml");
    let (en, da) = (&bonus["notes"], &bonus["notes_da"]);
    assert_eq!(en.as_array().map(Vec::len), da.as_array().map(Vec::len));
    assert!(
        da[0].as_str().is_some_and(|n| n.starts_with(
            "ordningen er senere ophørt, og datoen for det blev ikke fundet: regelsæt fleksjobbonus 2014-05 gælder til 31. december 2024, men det er regelsættets grænse, ikke datoen for ordningens ophør"
        )),
        "{da}"
    );
    assert!(
        star.get("notes_da").is_none(),
        "no notes, no notes_da: {star}"
    );
}

/// The what-if table, computed by hand from LAB § 123 and the 2024 rule set (STAR's example,
/// 200 kr. an hour). 18 hours: wage 200 × 18 × 52 ÷ 12 = 15.600,00, tilskud 19.952 − 30 % ×
/// 15.600 = 15.272,00 (STAR), after ATP 30.872 − 500 = 30.372,00. 19 hours: wage 16.466,67, above
/// the threshold 16.323: reduction 4.896,90 + 55 % × 143,67 = 4.975,92, tilskud 14.976,08, after
/// ATP 30.942,75; the gain 570,75 a month for one more hour a week is 570,75 ÷ (52 ÷ 12) = 131,71
/// per extra hour worked. Turning points: the threshold at 16.323 ÷ 866,67 = 18,83 hours; the
/// lønloft (full-time 32.066,67) where wage + 19.952 − (4.896,90 + 55 % × (wage − 16.323)) =
/// 32.066,67, wage 17.853,15, 20,6 hours; no tilskud left at full time, 37 hours.
#[test]
fn whatif_gives_each_hours_income_and_the_turning_points() {
    let turning_hours = |v: &serde_json::Value| -> Vec<String> {
        v["turning_points"]
            .as_array()
            .expect("turning points")
            .iter()
            .filter_map(|p| p["weekly_hours"].as_str().map(str::to_string))
            .collect()
    };
    let o = beregner(&[
        "whatif",
        "--month",
        "2024-03",
        "--hourly-wage",
        "200",
        "--hours",
        "18,19",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["subsidy"], "15272.00");
    assert_eq!(rows[0]["income_after_atp"], "30372.00");
    assert_eq!(rows[1]["wage"], "16466.67");
    assert_eq!(rows[1]["subsidy"], "14976.08");
    assert_eq!(rows[1]["income_after_atp"], "30942.75");
    assert_eq!(rows[1]["gain_per_extra_hour"], "131.71");
    let points = turning_hours(&v);
    assert_eq!(points, ["18.83", "20.6", "37"]);

    // 2026 (derived: maximum 21.600, threshold 17.672): the lønloft binds first, at (32.066,67 −
    // 21.600) ÷ 0,7 = 14.952,38 kr., 17,25 hours. Room under it then shrinks faster than any
    // reduction, so passing the threshold at 20,39 hours no longer changes the income and is
    // not listed as a turning point.
    let o = beregner(&[
        "whatif",
        "--month",
        "2026-03",
        "--hourly-wage",
        "200",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let points = turning_hours(&v);
    assert_eq!(points, ["17.25", "37"]);
}

/// A JSON case (here from stdin, as a case system pipes it) names line and column for a field's
/// error as a TOML case does, and a key given twice is refused, not the last one silently used.
#[test]
fn json_cases_get_line_and_column_and_refuse_a_key_given_twice() {
    let case = "{\n  \"scheme\": \"fleksloentilskud\",\n  \"month\": \"2024-03\",\n  \"input\": {\n    \"wage\": \"-5\"\n  }\n}\n";
    let o = with_stdin(&["calc", "-"], case);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("<stdin>:5:13: error: input.wage: -5 is negative"),
        "{}",
        stderr(&o)
    );
    let twice = "{\"scheme\": \"fleksloentilskud\", \"month\": \"2024-03\",\n \"input\": {\"wage\": \"15600\", \"wage\": \"1\"}}";
    let o = with_stdin(&["calc", "-"], twice);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim_end(),
        "<stdin>:2:29: error: input.wage: duplicate key `wage`: a key may be given once (first given at 2:12)"
    );
    let o = with_stdin(&["calc", "-", "--lang", "da"], twice);
    assert_eq!(
        stderr(&o).trim_end(),
        "<stdin>:2:29: fejl: input.wage: nøglen `wage` er angivet to gange: en nøgle må kun angives én gang (først angivet ved 2:12)"
    );
}

/// `whatif` reads its flags by fleksløntilskud's declared inputs, so a case file's bounds hold:
/// a negative wage or income, or hours beyond the week, is a usage error naming the flag (it
/// printed a table of negative incomes before).
#[test]
fn whatif_refuses_what_a_case_file_refuses() {
    for (flags, message) in [
        (
            vec!["--hourly-wage=-200", "--hours", "10,20"],
            "error: --hourly-wage: -200 is negative; the hourly wage cannot be negative",
        ),
        (
            vec![
                "--hourly-wage",
                "200",
                "--hours",
                "10",
                "--other-income=-50000",
            ],
            "error: --other-income: -50000 is negative; other wage income cannot be negative",
        ),
        (
            vec![
                "--hourly-wage",
                "200",
                "--hours",
                "10",
                "--full-time-wage=-1",
            ],
            "error: --full-time-wage: -1 is negative",
        ),
        (
            vec!["--hourly-wage", "200", "--hours", "10,169"],
            "error: --hours: 169 is more than 168, the most the weekly hours can be",
        ),
        (
            vec!["--hourly-wage", "20.000", "--hours", "10"],
            "error: --hourly-wage: 20.000 is more than 10.000,00 kr., the most the hourly wage can be",
        ),
    ] {
        let mut args = vec!["whatif", "--month", "2024-03"];
        args.extend(flags);
        let o = beregner(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
    // A Danish amount and a decimal comma in the hours are read as before.
    let o = beregner(&[
        "whatif",
        "--month",
        "2024-03",
        "--hourly-wage",
        "200,00",
        "--hours",
        "18",
        "--full-time-wage",
        "32.066,67",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_fixture_that_does_not_say_where_its_values_come_from_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join(STAR)).expect("fixture");
    let unkinded = text.replace("kind = \"published\"\n", "");
    assert_ne!(unkinded, text, "the STAR fixture is a published example");
    let path = dir.path().join("unkinded.toml");
    std::fs::write(&path, &unkinded).expect("write");
    let o = beregner(&["test", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("must say where its expected values come from"));

    let wrong = text.replace("kind = \"published\"", "kind = \"mine\"");
    std::fs::write(&path, wrong).expect("write");
    let o = beregner(&["test", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("source.kind"), "{}", stdout(&o));
}

/// `beregner calendar`: the sygedagpenge employer period's deadlines as iCalendar, each with
/// its paragraph (sygedagpengeloven § 40: 5 weeks from the first sick day, 3 March 2025 → 7 April).
#[test]
fn calendar_writes_the_deadlines_as_icalendar_and_json() {
    let case = "fixtures/sygedagpenge/employer-period-2025-ordinary.toml";
    let o = beregner(&["calendar", case, "--format", "ics", "--lang", "da"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ics = stdout(&o);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20250407\r\n"), "{ics}");
    assert!(ics.contains("§ 40"), "{ics}");
    assert!(ics.trim_end().ends_with("END:VCALENDAR"));
    let o = beregner(&["calendar", case]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let dates = v["dates"].as_array().expect("dates");
    assert!(
        dates
            .iter()
            .any(|d| d["field"] == "report_deadline" && d["date"] == "2025-04-07")
    );
    assert!(
        dates
            .iter()
            .all(|d| !d["legal"].as_array().expect("legal").is_empty())
    );
    // A case that sets no dates: JSON says so with no dates; an iCalendar file, which must
    // hold an event (RFC 5545 § 3.6), is not written.
    let none = "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml";
    let o = beregner(&["calendar", none]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["dates"].as_array().map(Vec::len), Some(0));
    let o = beregner(&["calendar", none, "--format", "ics"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("computes no dates for this case"),
        "{}",
        stderr(&o)
    );
}

/// `calendar --out` never writes over the case it reads, and its errors name the file.
#[test]
fn calendar_out_never_replaces_its_case_and_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let case = dir.path().join("case.toml");
    let fixture = "fixtures/sygedagpenge/employer-period-2025-ordinary.toml";
    std::fs::copy(root().join(fixture), &case).expect("copy");
    let before = std::fs::read(&case).expect("case");
    let path = case.display().to_string();
    let o = beregner(&["calendar", &path, "--out", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--out names the input file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&case).expect("case"), before);
    let missing = dir.path().join("no/such/dir/cal.ics");
    let o = beregner(&[
        "calendar",
        &path,
        "--format",
        "ics",
        "--out",
        &missing.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cal.ics"), "{}", stderr(&o));
    let out = dir.path().join("cal.ics");
    let o = beregner(&[
        "calendar",
        &path,
        "--format",
        "ics",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .expect("ics")
            .contains("BEGIN:VCALENDAR")
    );
}

/// Standard input holds one case: `calc - -` is refused rather than reading it twice.
#[test]
fn standard_input_is_read_once() {
    let o = beregner(&["calc", "-", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("can be given once"), "{}", stderr(&o));
}

/// Every case file `--help` gives as an example exists (one named a file that did not).
#[test]
fn the_help_examples_name_files_that_exist() {
    let help = stdout(&beregner(&["--help"]));
    let files: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("fixtures/") && w.ends_with(".toml"))
        .collect();
    assert!(!files.is_empty(), "{help}");
    for f in files {
        assert!(root().join(f).is_file(), "{f}");
    }
}

/// `calc SCHEME --help` lists the scheme's inputs as flags, from its declaration (a caseworker
/// need not start the API to learn them).
#[test]
fn calc_scheme_help_lists_the_declared_inputs() {
    let o = beregner(&["calc", "fleksloentilskud", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("--hourly-wage"), "{out}");
    assert!(out.contains("the hourly wage"), "{out}");
    assert!(out.contains("[hours, 0 to 168]"), "{out}");
    assert!(out.contains("Results: max_subsidy"), "{out}");
    let o = beregner(&["calc", "sygedagpenge_refund", "-h", "--lang", "da"]);
    let out = stdout(&o);
    assert!(out.contains("--sick-hours*"), "{out}");
    assert!(out.contains("fraværstimerne uge for uge"), "{out}");
    // In Danish, the words around the flags too; a weeks field says weeks, not hours.
    for word in [
        "Brug: beregner calc",
        "Felter (* påkrævet):",
        "Resultater: ",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
    for word in ["Usage", "Inputs", "Results", "required", "[hours,", " to "] {
        assert!(!out.contains(word), "English `{word}` in Danish: {out}");
    }
    let out = stdout(&beregner(&["calc", "dagpenge", "--help"]));
    assert!(out.contains("[weeks, 0 to 208]"), "{out}");
    // Without a scheme, clap's own help.
    let o = beregner(&["calc", "--help"]);
    assert!(stdout(&o).contains("Usage: beregner calc [OPTIONS]"));
}

/// The black-box fuzzer's findings at the CLI (2026-12-08; the core's are in
/// crates/core/tests/fuzz_findings.rs): a year-9999 month in a CSV row or a flag, a device as
/// a case file or a rule file, a line break in a case id in Markdown, and an overlay's bad
/// value reported twice.
#[test]
fn the_fuzzers_findings_at_the_cli_are_refused_or_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |name: &str| dir.path().join(name).to_str().expect("path").to_string();
    // A month in year 9999: computed before in a CSV row and from a flag.
    std::fs::write(
        p("m.csv"),
        "scheme,month,benefit,amount,weeks_before,weeks_in_month\nstatsrefusion,9999-12,kontanthjaelp,10000,0,4\n",
    )
    .expect("write");
    let o = beregner(&["batch", &p("m.csv"), "--out", &p("m.out.csv")]);
    assert!(
        stderr(&o).contains("outside the years a case can have"),
        "{}",
        stderr(&o)
    );
    let out = std::fs::read_to_string(p("m.out.csv")).expect("output");
    assert!(!out.contains("8000"), "{out}");
    let o = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "9999-12",
        "--wage",
        "15600",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("outside the years"), "{}", stderr(&o));
    // A device is not a case file (`/dev/zero` grew to 3 GB until killed).
    #[cfg(unix)]
    {
        let o = beregner(&["calc", "/dev/zero"]);
        assert!(
            stderr(&o).contains("is a device, not a file"),
            "{}",
            stderr(&o)
        );
    }
    // A line break in a CSV id stays in its Markdown cell.
    std::fs::write(
        p("md.csv"),
        "id,scheme,month,wage\n\"a|b\n# injected\",fleksloentilskud,2024-03,25000\n",
    )
    .expect("write");
    std::fs::write(
        p("o.toml"),
        "title = \"t\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n",
    )
    .expect("write");
    let o = beregner(&[
        "--overlay",
        &p("o.toml"),
        "diff",
        &p("md.csv"),
        "--format",
        "markdown",
    ]);
    let out = stdout(&o);
    assert!(out.contains("a\\|b # injected"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("# injected")), "{out}");
    // One error for an overlay's unreadable value, at the value.
    std::fs::write(
        p("bad.toml"),
        "title = \"t\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = \"NaN\"\nfrom = 2024-01-01\n",
    )
    .expect("write");
    let o = beregner(&["check", "--overlay", &p("bad.toml")]);
    let err = stderr(&o);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("bad.toml:5:9"), "{err}");
}
