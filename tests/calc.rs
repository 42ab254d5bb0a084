//! `beregner calc` in Danish, as a printable page, and for a case given on the command line.

mod common;
use common::{beregner, root, stderr, stdout};

use std::path::PathBuf;

const STAR: &str = "fixtures/fleksjob/star-2024-hourly-200kr-18h.toml";

fn hash_filter() -> Vec<(&'static str, &'static str)> {
    vec![(r"[0-9a-f]{64}", "[hash]")]
}

#[test]
fn danish_text_has_danish_numbers_dates_and_headings() {
    let o = beregner(&["calc", STAR, "--lang", "da"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Måned: marts 2024 (lønmåneden"), "{out}");
    assert!(
        out.contains("gælder 1. januar 2024 til 31. december 2024"),
        "{out}"
    );
    assert!(
        out.contains("30 % × min(15.600,00, 16.323,00) = 4.680,00"),
        "{out}"
    );
    assert!(
        out.contains("hjemmel: LAB (lov nr. 548 af 7/5/2019) § 123"),
        "{out}"
    );
    assert!(out.contains("\nResultat\n"), "{out}");
    assert!(out.contains("15.272,00 kr."), "{out}");
    // The result's names and the version's status in Danish too, not the JSON field names.
    assert!(out.contains("(vedtaget)"), "{out}");
    assert!(out.contains("\n  Udbetalt af kommunen "), "{out}");
    assert!(!out.contains("\n  payout "), "{out}");
    assert!(!out.contains("missing text"), "{out}");
    assert!(!out.contains("Month:"), "{out}");
    // English stays the default, unchanged.
    let en = stdout(&beregner(&["calc", STAR]));
    assert!(en.contains("Month: 2024-03 ("), "{en}");
    assert_eq!(en, stdout(&beregner(&["calc", STAR, "--lang", "en"])));
}

#[test]
fn every_fixture_explains_in_danish_without_a_missing_text() {
    let mut files = Vec::new();
    for family in std::fs::read_dir(root().join("fixtures")).expect("fixtures") {
        for f in std::fs::read_dir(family.expect("dir").path()).expect("family") {
            let p = f.expect("file").path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let args: Vec<&str> = ["calc", "--lang", "da"]
        .into_iter()
        .chain(files.iter().map(|p| p.to_str().expect("path")))
        .collect();
    let o = beregner(&args);
    let out = stdout(&o);
    assert!(files.len() > 100);
    assert!(!out.contains("missing text"), "a Danish text is missing");
    assert_eq!(
        out.matches("\nResultat\n").count() + stderr(&o).lines().count(),
        files.len()
    );
}

#[test]
fn html_page_is_self_contained_and_escaped() {
    let o = beregner(&["calc", STAR, "--format", "html", "--lang", "da"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for external in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!page.contains(external), "{external} in the page");
    }
    assert!(page.contains("<td class=\"amount\">15.272,00 kr.</td>"));
    insta::with_settings!({filters => hash_filter()}, {
        insta::assert_snapshot!("html_star_2024_hourly_da", page);
    });
    // A text that could be markup (the case's file name is not shown; an overlay title is).
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = dir.path().join("o.toml");
    std::fs::write(
        &overlay,
        "title = \"<b>x</b> & 'y'\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2024-01-01\n",
    )
    .expect("write");
    let o = beregner(&[
        "--overlay",
        overlay.to_str().expect("path"),
        "calc",
        STAR,
        "--format",
        "html",
    ]);
    let page = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        page.contains("&lt;b&gt;x&lt;/b&gt; &amp; &#39;y&#39;"),
        "{page}"
    );
    assert!(!page.contains("<b>x</b>"));
}

#[test]
fn html_is_one_case() {
    let o = beregner(&["calc", STAR, STAR, "--format", "html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one case"));
}

#[test]
fn a_case_without_a_file_is_the_case_file() {
    let flags = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2024-03",
        "--hourly-wage",
        "200",
        "--weekly-hours=18",
        "--format",
        "json",
    ]);
    assert!(flags.status.success(), "{}", stderr(&flags));
    let file = beregner(&["calc", STAR, "--format", "json"]);
    assert_eq!(stdout(&flags), stdout(&file));
    let pairs = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2024-03",
        "--input",
        "hourly_wage=200",
        "--input",
        "weekly_hours=18",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&pairs), stdout(&file));
}

#[test]
fn every_schemes_inputs_are_flags() {
    // A scheme chosen by its hiring date needs no month.
    let o = beregner(&[
        "calc",
        "jobpraemie",
        "--input",
        "nope=1",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: --nope: unknown field `nope`"),
        "{}",
        stderr(&o)
    );
    for s in [
        "fleksloentilskud",
        "dagpenge",
        "loentilskud",
        "sygedagpenge_refund",
    ] {
        let o = beregner(&["calc", s, "--month", "2024-03"]);
        assert_eq!(o.status.code(), Some(1), "{s}");
        assert!(stderr(&o).starts_with("error: --"), "{s}: {}", stderr(&o));
    }
}

#[test]
fn a_case_without_a_file_is_checked_as_a_file_is() {
    let o = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2024-3",
        "--hourly-wage",
        "-200",
        "--weekly-hours",
        "18",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: --month: `2024-3` is not a month; write it as YYYY-MM, e.g. 2024-03"),
        "{err}"
    );
    assert!(
        err.contains("error: --hourly-wage: -200 is negative; the hourly wage cannot be"),
        "{err}"
    );
    let o = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2024-03",
        "--wage",
        "15.600",
    ]);
    assert!(stderr(&o).contains("ambiguous"), "{}", stderr(&o));
    let o = beregner(&["calc", "fleksloentilskudd", "--month", "2024-03"]);
    assert!(
        stderr(&o)
            .contains("unknown scheme `fleksloentilskudd` (did you mean `fleksloentilskud`?)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_family_prints_a_page_in_both_languages() {
    for family in std::fs::read_dir(root().join("fixtures")).expect("fixtures") {
        let dir = family.expect("dir").path();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("family")
            .map(|f| f.expect("file").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        // The first case of the family that computes.
        let Some(page) = files.iter().find_map(|p| {
            let o = beregner(&["calc", p.to_str()?, "--format", "html", "--lang", "da"]);
            o.status.success().then(|| stdout(&o))
        }) else {
            panic!("no case of {} computes", dir.display());
        };
        assert!(page.ends_with("</html>\n"), "{}", dir.display());
        assert!(page.contains("<h2>Sådan er det beregnet</h2>"));
        assert!(!page.contains("missing text"), "{}", dir.display());
        assert!(!page.contains("<script"));
    }
}

/// Every fixture's `[input]` given as flags computes exactly what its file computes: the
/// flags are every scheme's declared inputs, read as a case file reads them.
#[test]
fn every_fixture_given_as_flags_computes_as_its_file() {
    use beregner_core::source::tree::{Kind, parse_toml};
    let mut files = Vec::new();
    for family in std::fs::read_dir(root().join("fixtures")).expect("fixtures") {
        for f in std::fs::read_dir(family.expect("dir").path()).expect("family") {
            let p = f.expect("file").path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let engine = beregner_core::Engine::bundled().expect("rules");
    let (mut compared, mut schemes) = (0, std::collections::BTreeSet::new());
    let mut per_scheme = std::collections::BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let root_node = parse_toml(&beregner_core::SourceText::new("f", text)).expect("toml");
        let Kind::Table(top) = &root_node.kind else {
            continue;
        };
        let get = |k: &str| top.iter().find(|e| e.key == k).map(|e| &e.value.kind);
        let (Some(Kind::String(scheme)), Some(Kind::Table(input))) = (get("scheme"), get("input"))
        else {
            continue;
        };
        let mut args = vec![
            "calc".to_string(),
            scheme.clone(),
            "--format".into(),
            "json".into(),
        ];
        if let Some(Kind::String(m)) = get("month") {
            args.extend(["--month".to_string(), m.clone()]);
        }
        let mut scalar = true;
        for e in input {
            let value = match &e.value.kind {
                Kind::String(s) | Kind::Number(s) | Kind::Date(s) => s.clone(),
                Kind::Bool(b) => b.to_string(),
                _ => {
                    scalar = false;
                    break;
                }
            };
            args.push(format!("--{}={value}", e.key.replace('_', "-")));
        }
        // A few cases of each scheme (one process each): every scheme, every kind of input.
        if !scalar || *per_scheme.entry(scheme.clone()).or_insert(0) >= 4 {
            continue;
        }
        *per_scheme.entry(scheme.clone()).or_insert(0) += 1;
        let flags = beregner(&args.iter().map(String::as_str).collect::<Vec<_>>());
        // What `calc FILE --format json` prints: the case read, computed and written by the
        // same core functions.
        let file_text = std::fs::read_to_string(path).expect("read");
        let case = beregner_core::engine::case::parse(
            &beregner_core::SourceText::new(path.display().to_string(), file_text),
            beregner_core::Format::Toml,
        )
        .expect("fixture reads");
        let expected = engine
            .calculate(case)
            .map(|o| beregner_core::render::to_json(&o) + "\n")
            .unwrap_or_default();
        assert_eq!(
            stdout(&flags),
            expected,
            "{}: {}",
            path.display(),
            stderr(&flags)
        );
        compared += 1;
        schemes.insert(scheme.clone());
    }
    assert!(compared >= 30, "{compared}");
    assert!(schemes.len() >= 10, "{schemes:?}");
}

/// What a case file says is read as TOML means it, or refused with what to write instead.
#[test]
fn case_file_text_is_read_as_toml_means_it_or_refused_with_the_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).expect("write");
        let o = beregner(&["calc", &path.display().to_string(), "--format", "json"]);
        (o.status.code(), stdout(&o), stderr(&o))
    };
    // TOML's 0x10 is 16, not 10.
    let (code, out, err) = run(
        "hex.toml",
        "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = 0x10\n",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"wage\":\"16.00\""), "{out}");
    // `1.234` hours: 1,234 in a file, 1.234 to a Danish reader, both within 8 weeks' hours.
    let (code, _, err) = run(
        "hours.toml",
        "scheme = \"sygedagpenge_employer_period\"\n[input]\nfirst_sick_day = \"2024-03-04\"\nemployment_start = \"2023-01-02\"\nhours_last_8_weeks = \"1.234\"\n",
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("`1.234` is ambiguous"), "{err}");
    // A date in year 0 is a typing error.
    let (code, _, err) = run(
        "year0.toml",
        "scheme = \"sygedagpenge_employer_period\"\n[input]\nfirst_sick_day = \"2024-03-04\"\nemployment_start = \"0000-01-02\"\nhours_last_8_weeks = \"300\"\n",
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("outside the years a case can have (1900-2100)"),
        "{err}"
    );
    // A bare TOML date: write it in quotes.
    let (code, _, err) = run(
        "bare.toml",
        "scheme = \"sygedagpenge_employer_period\"\n[input]\nfirst_sick_day = 2024-03-04\nemployment_start = \"2023-01-02\"\nhours_last_8_weeks = \"300\"\n",
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("write the date in quotes"), "{err}");
    // Months with nothing after the colon are not months without work.
    let (code, _, err) = run(
        "history.toml",
        "scheme = \"dagpenge\"\nmonth = \"2024-09\"\n[input]\ninsurance = \"full_time\"\nplacement = \"2024-03\"\nmonthly_rate = \"maximum\"\nhistory = \"2024-03/2024-09:\"\n",
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("no figures after the colon"), "{err}");
}

/// A one-off case's flags: a flag without its value says so; a yes/no input given bare is yes.
#[test]
fn a_flag_without_a_value_says_so_and_a_bare_switch_is_yes() {
    let o = beregner(&["calc", "fleksloentilskud", "--wage", "--month", "2024-03"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("--wage: no value given"),
        "{}",
        stderr(&o)
    );
    let o = beregner(&[
        "calc",
        "dagpenge",
        "--month",
        "2024-05",
        "--insurance",
        "full_time",
        "--placement",
        "2024-05",
        "--monthly-rate",
        "maximum",
        "--dimittend",
        "--history",
        "2024-05: work 0",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\"dimittend_rate\":\"14557.00\""),
        "{}",
        stdout(&o)
    );
}

/// Today's derived rates explained in Danish read Danish: the derivation as the rule set gives
/// it in Danish (`derivation_da`), the shared amount's chain in Danish words.
#[test]
fn a_derived_rate_is_explained_in_danish() {
    let o = beregner(&[
        "calc",
        "fleksloentilskud",
        "--month",
        "2026-03",
        "--hourly-wage",
        "200",
        "--weekly-hours",
        "18",
        "--lang",
        "da",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "max_subsidy = 21600 er afledt, ikke offentliggjort: 98 % af højeste dagpengebeløb"
        ),
        "{out}"
    );
    assert!(out.contains("(til hele kroner, halvt op)"), "{out}");
    assert!(!out.contains("is derived"), "{out}");
    assert!(!out.contains("was found"), "{out}");
}

/// Public løntilskud at the highest dagpenge: the act rounds the weekly hours up, and where the
/// exact figure lies a few thousandths above the full week the result says that the sources
/// found do not settle 37 or 38. 2018: 18.633 ÷ 160,33 = 116,22 (øre); × 37 ÷ 0,92 ÷ 126,32 =
/// 37,0018 → 38 (the arithmetic by hand; the open point in
/// tests/second-readings/loentilskud-hours-research-2026-12-08.md). 2024 at 20.359 and 138,16
/// gives 36,963 → 37, no note.
#[test]
fn public_hours_above_the_full_week_say_the_open_point() {
    let run = |date: &str, benefit: &str| {
        let o = beregner(&[
            "calc",
            "loentilskud",
            "--start-date",
            date,
            "--sector",
            "public",
            "--group",
            "dagpenge",
            "--age",
            "40",
            "--months-on-benefit",
            "8",
            "--ordinary-employees",
            "300",
            "--subsidised-employees",
            "5",
            "--average-employees-12-months",
            "300",
            "--employees-with-hire",
            "301",
            "--monthly-benefit",
            benefit,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let out = run("2018-03-05", "18633");
    assert!(
        out.contains(r#""public_weekly_hours_exact":"37.0018""#),
        "{out}"
    );
    assert!(out.contains(r#""public_weekly_hours":"38""#), "{out}");
    assert!(
        out.contains("gives 38 hours a week, more than the full week of 37 hours"),
        "{out}"
    );
    let out = run("2024-03-04", "20359");
    assert!(out.contains(r#""public_weekly_hours":"37""#), "{out}");
    assert!(!out.contains("more than the full week"), "{out}");
}
