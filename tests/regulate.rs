//! `beregner regulate` and `beregner rules coverage`, end to end: what legal staff run to draft
//! next year's rule sets, and what a caseworker reads to see what a result for a date rests on.

mod common;
use common::{beregner, root, stderr, stdout};

use std::path::Path;

use beregner_core::rules;
use beregner_core::tools::{changelog, timeline};

/// `beregner --rules RULES regulate --year YEAR --percent PERCENT --out OUT`.
fn regulate(rules: &str, year: &str, percent: &str, out: &str) -> std::process::Output {
    beregner(&[
        "--rules",
        rules,
        "regulate",
        "--year",
        year,
        "--percent",
        percent,
        "--out",
        out,
    ])
}

fn copy(rel: &str, to: &Path) {
    let target = to.join(rel.trim_start_matches("rules/"));
    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    std::fs::copy(root().join(rel), &target).unwrap_or_else(|e| panic!("{rel}: {e}"));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = entry.path();
        let target = to.join(entry.file_name());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// A rules directory holding only the 2024 versions of the regulated rule sets, the 2024 shared
/// amount and the regulation file: what legal staff had before the 2025 figures appeared.
fn rules_2024(dir: &Path) {
    for rel in [
        "rules/regulation.toml",
        "rules/shared/hoejeste_dagpengebeloeb/2024.toml",
        "rules/fleksjob/fleksloentilskud/2024.toml",
        "rules/loentilskud/loentilskud/2024.toml",
        "rules/dagpenge/dagpenge/2024.toml",
        "rules/sygedagpenge/sygedagpenge_refund/2024.toml",
        "rules/bonus/igu_bonus/2016-07.toml",
    ] {
        copy(rel, dir);
    }
}

fn load(dir: &Path) -> rules::RuleBook {
    let files = rules::read_dir(dir).expect("read rules");
    rules::load(&files, beregner_core::schemes::SCHEMES).expect("rules load")
}

fn param(book: &rules::RuleBook, id: &str, version: &str, name: &str) -> (String, rules::Status) {
    let p = book
        .version(id, version)
        .and_then(|v| v.parameter(name))
        .unwrap_or_else(|| panic!("{id} {version} {name}"));
    (p.value.to_string(), p.status)
}

/// The 2024 versions regulated into 2025 by the published 2025 percentage give the official
/// 2025 figures. The percentage: 3,6 % (Økonomistyrelsen's FL25 pris- og lønforudsætninger, as
/// the bundled løntilskud 2025 version cites it), which is also the rise of the højeste
/// dagpengebeløb 20.359 → 21.092, regulated by "1,7 pct. tillagt tilpasningsprocenten" (afl § 47).
#[test]
fn regulating_2024_into_2025_gives_the_published_2025_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules_dir = dir.path().join("rules");
    rules_2024(&rules_dir);
    let out = dir.path().join("drafts");
    let o = regulate(
        rules_dir.to_str().expect("path"),
        "2025",
        "3,6",
        out.to_str().expect("path"),
    );
    let text = stdout(&o);
    // dagpenge is refused (the omregningssats's regulation was not found): exit 1, with reasons.
    assert_eq!(o.status.code(), Some(1), "{text}\n{}", stderr(&o));
    assert!(
        text.contains("dagpenge: `high_conversion_rate`: The rule that sets the omregningssats"),
        "{text}"
    );
    assert!(
        text.contains("igu_bonus: nominal bonuses fixed in IGU-loven § 11"),
        "{text}"
    );
    assert!(text.contains("fixed by law, not regulated:"), "{text}");
    assert!(
        text.contains("  satsreguleringsprocent = 3,6 %: satsreguleringsprocenten"),
        "{text}"
    );
    assert!(text.contains("low_rate = 30 (LAB § 123, stk. 2"), "{text}");

    // Drafts and the rules they build on load together, as `beregner check` loads them.
    let merged = dir.path().join("merged");
    copy_tree(&rules_dir, &merged);
    copy_tree(&out, &merged);
    let check = beregner(&["--rules", merged.to_str().expect("path"), "check"]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let book = load(&merged);

    // OFFICIAL: bm.dk, Satser for 2025, Dagpenge: 21.092 kr. a month
    // (https://bm.dk/satser/satser-for-2025/dagpenge).
    let shared = book
        .shared
        .versions("hoejeste_dagpengebeloeb")
        .iter()
        .find(|v| v.version == "2025")
        .expect("shared 2025 draft");
    assert_eq!(shared.value.to_string(), "21092");
    assert_eq!(shared.status, rules::Status::Derived);
    let chain = shared.derivation.as_deref().expect("chain");
    assert!(
        chain.starts_with("20.359 (hoejeste_dagpengebeloeb 2024, secondary;"),
        "{chain}"
    );
    assert!(
        chain.contains("× 1,036 = 21.091,924 → 21.092 (to whole kroner, half_up)"),
        "{chain}"
    );

    // SECONDARY: sygedagpenge maximum 4.865 kr. a week from Monday 6 January 2025 (borger.dk,
    // quoted in ../shared/domain/current-law.md): 4.695 × 1,036 = 4.864,02, to a multiple of 5.
    let syg = book
        .version("sygedagpenge_refund", "2025")
        .expect("sygedagpenge 2025 draft");
    assert_eq!(syg.valid_from.to_string(), "2025-01-06");
    assert_eq!(
        syg.valid_to.map(|d| d.to_string()).as_deref(),
        Some("2026-01-04")
    );
    assert_eq!(syg.status, rules::Status::Derived);
    let (value, status) = param(&book, "sygedagpenge_refund", "2025", "max_weekly");
    assert_eq!(value, "4865");
    assert_eq!(status, rules::Status::Derived);
    let d = syg
        .parameter("max_weekly")
        .and_then(|p| p.derivation.clone())
        .expect("chain");
    assert!(
        d.contains("4.695 (sygedagpenge_refund 2024, secondary;"),
        "{d}"
    );
    assert!(d.contains("to a multiple of 5 kr."), "{d}");
    assert!(d.contains("Sygedagpengeloven § 64, stk. 1-2"), "{d}");

    // Amounts the law fixes are kept, not regulated.
    let (low, _) = param(&book, "fleksloentilskud", "2025", "low_rate");
    assert_eq!(low, "30");
    let (atp_max, _) = param(&book, "fleksloentilskud", "2025", "atp_max");
    assert_eq!(atp_max, "500");

    // The drafts regulate on: 2025 into 2026 by 4,5 % (the rise 21.092 → 22.041) gives the
    // 2026 figures ../shared/domain/current-law.md has as SECONDARY: 22.041 kr. a month
    // (beraknare.se citing bm.dk "Satser for 2026") and 5.085 kr. a week from Monday
    // 5 January 2026 (borger.dk, quoted by github.com/mahope/beregner-dk).
    let m = merged.to_str().expect("path");
    let o = regulate(m, "2026", "4.5", m);
    let text = stdout(&o);
    assert!(
        text.contains("amount: 21.092 → 22.041"),
        "{text}{}",
        stderr(&o)
    );
    assert!(text.contains("max_weekly: 4.865 → 5.085"), "{text}");
    let book = load(&merged);
    let syg = book
        .version("sygedagpenge_refund", "2026")
        .expect("sygedagpenge 2026 draft");
    assert_eq!(syg.valid_from.to_string(), "2026-01-05");
    assert_eq!(
        param(&book, "sygedagpenge_refund", "2026", "max_weekly").0,
        "5085"
    );
}

/// The drafts of 2027 from the bundled rules (whatever versions they hold) pass `check` once
/// laid over a copy of the rules directory (a draft takes the place of a bundled file of the same
/// name, such as a `not_covered` 2027 version), with and without lov nr. 630/2024's deduction.
/// The percentage is made up: the 2027 percentage was not published.
#[test]
fn every_2027_draft_passes_check() {
    for deduct in [None, Some("0.45")] {
        let dir = tempfile::tempdir().expect("tempdir");
        let out_dir = dir.path().join("drafts");
        let root_rules = root().join("rules");
        let (rules_arg, out) = (
            root_rules.to_str().expect("path"),
            out_dir.to_str().expect("path"),
        );
        let mut args = vec![
            "--rules",
            rules_arg,
            "regulate",
            "--year",
            "2027",
            "--percent",
            "4.2",
            "--percent-for",
            "satsreguleringsprocent=4.5",
            "--out",
            out,
        ];
        if let Some(d) = deduct {
            args.extend(["--deduct", d]);
        }
        let o = beregner(&args);
        let text = stdout(&o);
        assert!(text.contains("Drafts for 2027:"), "{text}{}", stderr(&o));
        assert!(!text.contains("NOT WRITTEN"), "{text}");
        let rules_dir = dir.path().join("rules");
        copy_tree(&root_rules, &rules_dir);
        copy_tree(&out_dir, &rules_dir);
        let r = rules_dir.to_str().expect("path");
        let check = beregner(&["--rules", r, "check"]);
        assert!(
            check.status.success(),
            "{}{}",
            stdout(&check),
            stderr(&check)
        );
        assert!(
            text.contains("  satsreguleringsprocent = 4,5 %")
                && text.contains("  tilpasning_plus_1_7 = 4,2 %"),
            "{text}"
        );
        // Every draft file is derived, and every regulated amount carries its chain.
        let book = load(&rules_dir);
        let drafts: Vec<_> = book
            .all()
            .filter(|v| {
                v.file.ends_with("2027.toml")
                    && v.title.as_deref().is_some_and(|t| t.starts_with("DRAFT"))
            })
            .collect();
        assert!(!drafts.is_empty(), "{text}");
        for v in &drafts {
            assert_eq!(v.status, rules::Status::Derived, "{}", v.file);
            assert!(
                v.parameters
                    .values()
                    .any(|p| p.status == rules::Status::Derived && p.derivation.is_some()),
                "{}",
                v.file
            );
        }
        let shared = book.shared.versions("hoejeste_dagpengebeloeb");
        assert!(
            shared
                .iter()
                .any(|v| v.version == "2027" && v.status == rules::Status::Derived),
            "{text}"
        );
        // With the deduction, a rule set for which it is not known whether the deduction
        // applies (fleksløntilskud's threshold: LAB) gets no draft.
        if deduct.is_some() {
            // (The bundled not_covered 2027 version may be there; a draft must not.)
            assert!(
                book.version("fleksloentilskud", "2027")
                    .is_none_or(|v| v.title.as_deref().is_none_or(|t| !t.starts_with("DRAFT"))),
                "{text}"
            );
        }
        // A second run replaces its own drafts (never an official file).
        let again = beregner(&args);
        assert!(
            !stdout(&again).contains("NOT WRITTEN"),
            "{}",
            stdout(&again)
        );
    }
}

#[test]
fn a_not_covered_version_and_an_undeclared_parameter_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules_dir = dir.path().join("rules");
    rules_2024(&rules_dir);
    // fleksløntilskud's threshold taken out of the regulation file: not declared.
    let reg = std::fs::read_to_string(rules_dir.join("regulation.toml")).expect("regulation");
    let cut = reg.replace(
        "[rule_sets.fleksloentilskud.parameters.threshold]",
        "[rule_sets.fleksloentilskud.parameters.threshold_x]",
    );
    std::fs::write(rules_dir.join("regulation.toml"), cut).expect("write");
    // A not_covered 2024 løntilskud.
    std::fs::write(
        rules_dir.join("loentilskud/loentilskud/2024.toml"),
        "rule_set = \"loentilskud\"\nfamily = \"loentilskud\"\nversion = \"2024\"\nvalid_from = 2024-01-01\nvalid_to = 2024-12-31\nstatus = \"not_covered\"\nnotes = \"The 2024 rates were not found.\"\n",
    )
    .expect("write");
    let out = dir.path().join("drafts");
    let o = regulate(
        rules_dir.to_str().expect("path"),
        "2025",
        "3.6",
        out.to_str().expect("path"),
    );
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "fleksloentilskud: the regulation of `threshold` (kr_per_month) is not declared in"
        ),
        "{text}"
    );
    assert!(
        text.contains("loentilskud: version 2024 (the one to regulate from) is not covered: The 2024 rates were not found."),
        "{text}"
    );
    assert!(!out.join("fleksjob/fleksloentilskud/2025.toml").exists());
    assert!(!out.join("loentilskud").exists());
    // A year with no version to regulate from.
    let o = regulate(
        rules_dir.to_str().expect("path"),
        "2027",
        "3.6",
        out.to_str().expect("path"),
    );
    assert!(
        stdout(&o).contains("no version of the shared amount is in force on 2026-12-31 to regulate from (versions cover 2024-01-01 to 2024-12-31)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn regulate_never_overwrites_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules_dir = dir.path().join("rules");
    rules_2024(&rules_dir);
    let official = rules_dir.join("shared/hoejeste_dagpengebeloeb/2025.toml");
    std::fs::write(&official, "# an official file someone is editing\n").expect("write");
    let r = rules_dir.to_str().expect("path");
    // The half-written official file stops the load: nothing is drafted.
    let o = regulate(r, "2025", "3.6", r);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&official).expect("read"),
        "# an official file someone is editing\n"
    );
    // Rules read from elsewhere, written over an existing file: refused, the file untouched.
    std::fs::remove_file(&official).expect("rm");
    let out = dir.path().join("out");
    let target = out.join("shared/hoejeste_dagpengebeloeb/2025.toml");
    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    std::fs::write(&target, "keep me\n").expect("write");
    let o = regulate(r, "2025", "3.6", out.to_str().expect("path"));
    assert!(stdout(&o).contains("NOT WRITTEN"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep me\n");
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().expect("parent"))
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// When the official figure arrives it replaces the draft; the changelog between the two
/// versions names each amount that moved and its status change from derived to enacted. (The
/// bundled 2024 version and so the draft are derived as a whole: the 37-hour week is computed.)
#[test]
fn changelog_shows_a_draft_against_the_official_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules_dir = dir.path().join("rules");
    rules_2024(&rules_dir);
    let r = rules_dir.to_str().expect("path");
    regulate(r, "2025", "3.6", r);

    // In the rules directory: the published 2024 version against the 2025 draft.
    let o = beregner(&[
        "--rules",
        r,
        "changelog",
        "sygedagpenge_refund",
        "--from",
        "2024",
        "--to",
        "2025",
    ]);
    let text = stdout(&o);
    assert!(o.status.success(), "{text}{}", stderr(&o));
    assert!(
        text.contains("sygedagpenge_refund 2024 → 2025 (from 2025-01-06)"),
        "{text}"
    );
    // 2024 is derived (its 37 hours are computed, its maximum quoted by Horesta), as is the draft.
    assert!(!text.contains("status:"), "{text}");
    assert!(text.contains("max_weekly"), "{text}");
    assert!(text.contains("4695"), "{text}");
    assert!(text.contains("4865"), "{text}");

    // The official file replaces the draft (a made-up official figure, 4.870, to see a change).
    let draft_path = rules_dir.join("sygedagpenge/sygedagpenge_refund/2025.toml");
    let draft_book = load(&rules_dir);
    let official =
        std::fs::read_to_string(rules_dir.join("sygedagpenge/sygedagpenge_refund/2024.toml"))
            .expect("2024")
            .replace("version = \"2024\"", "version = \"2025\"")
            .replace("valid_from = 2024-01-01", "valid_from = 2025-01-06")
            .replace("valid_to = 2025-01-05", "valid_to = 2026-01-04")
            .replace("value = 4695", "value = 4870")
            .lines()
            .filter(|l| {
                *l != "status = \"secondary\""
                    && !l.starts_with("quoted_by = ")
                    && !l.starts_with("quoted_by_da = ")
            })
            .map(|l| format!("{l}\n"))
            .collect::<String>();
    std::fs::write(&draft_path, official).expect("write");
    let official_book = load(&rules_dir);
    let (draft, off) = (
        draft_book
            .version("sygedagpenge_refund", "2025")
            .expect("draft"),
        official_book
            .version("sygedagpenge_refund", "2025")
            .expect("official"),
    );
    let c = changelog::between(draft, off);
    assert_eq!(c.status, None);
    assert_eq!(c.parameters.len(), 1, "{c:?}");
    let p = &c.parameters[0];
    assert_eq!(p.name, "max_weekly");
    assert_eq!(p.old.map(|d| d.to_string()).as_deref(), Some("4865"));
    assert_eq!(p.new.map(|d| d.to_string()).as_deref(), Some("4870"));
    assert_eq!(p.difference().map(|d| d.to_string()).as_deref(), Some("5"));
    assert_eq!(p.new_status, Some(rules::Status::Enacted));
    // Regulating again beside the official version compares the two, amount by amount.
    let o = regulate(
        r,
        "2025",
        "3.6",
        dir.path().join("again").to_str().expect("path"),
    );
    let text = stdout(&o);
    assert!(
        text.contains("in force on 2025-01-06: version 2025 has 4.870 (published): differs from the draft by 5 (4.870 − 4.865)"),
        "{text}"
    );
    // And in the rules directory the changelog now reads from the published 2024 figure.
    let o = beregner(&[
        "--rules",
        r,
        "changelog",
        "sygedagpenge_refund",
        "--from",
        "2024",
        "--to",
        "2025",
    ]);
    let text = stdout(&o);
    assert!(!text.contains("status:"), "{text}");
    assert!(text.contains("4870"), "{text}");
}

// --- rules coverage -------------------------------------------------------------------------

fn version_file(
    id: &str,
    family: &str,
    version: &str,
    from: &str,
    to: Option<&str>,
    status: &str,
) -> String {
    let to = to.map_or(String::new(), |t| format!("valid_to = {t}\n"));
    if status == "not_covered" {
        return format!(
            "rule_set = \"{id}\"\nfamily = \"{family}\"\nversion = \"{version}\"\nvalid_from = {from}\n{to}status = \"not_covered\"\nnotes = \"not found\"\n"
        );
    }
    let base =
        std::fs::read_to_string(root().join("rules/bonus/igu_bonus/2016-07.toml")).expect("igu");
    // The bundled version is secondary (its de minimis date is quoted by DI): start from it as if
    // every value were published (its quotation dropped, in both languages), then mark it as
    // this test version needs.
    let base: String = base
        .lines()
        .filter(|l| !l.starts_with("quoted_by = ") && !l.starts_with("quoted_by_da = "))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .replacen("status = \"secondary\"", "status = \"enacted\"", 1)
        .replace("status = \"secondary\"\n", "");
    assert!(id == "igu_bonus");
    // The bundled version's own end (whatever it is now) gives way to this one's.
    let mut text: String = base
        .replace("version = \"2016-07\"", &format!("version = \"{version}\""))
        .replace("valid_from = 2016-07-01", &format!("valid_from = {from}"))
        .lines()
        .map(|l| {
            if l.starts_with("valid_to = ") {
                to.clone()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    if status == "secondary" {
        text = text.replace(
            "[parameters.first_payment]\n",
            "[parameters.first_payment]\nstatus = \"secondary\"\nquoted_by = \"a test\"\n",
        );
        text = text.replace("status = \"enacted\"", "status = \"secondary\"");
    }
    if status == "derived" {
        text = text.replace(
            "[parameters.first_payment]\n",
            "[parameters.first_payment]\nstatus = \"derived\"\nderivation = \"a test\"\n",
        );
        text = text.replace("status = \"enacted\"", "status = \"derived\"");
    }
    text
}

/// A synthetic rule directory (not the bundled rules, which change): official, secondary,
/// derived, two not_covered versions, an open end, and the days before the first version, merged
/// into the
/// ranges a caseworker reads. (A gap between versions does not load: `check` refuses it.)
#[test]
fn rules_coverage_merges_ranges_by_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("igu");
    std::fs::create_dir_all(&d).expect("mkdir");
    let versions = [
        ("a", "2016-07-01", Some("2017-12-31"), "enacted"),
        ("b", "2018-01-01", Some("2018-12-31"), "secondary"),
        ("c", "2019-01-01", Some("2019-06-30"), "derived"),
        ("d", "2019-07-01", Some("2019-12-31"), "derived"),
        ("e", "2020-01-01", Some("2020-12-31"), "not_covered"),
        ("e2", "2021-01-01", Some("2021-12-31"), "not_covered"),
        ("f", "2022-01-01", None, "enacted"),
    ];
    for (v, from, to, status) in versions {
        std::fs::write(
            d.join(format!("{v}.toml")),
            version_file("igu_bonus", "bonus", v, from, to, status),
        )
        .expect("write");
    }
    // The last version's end was not found: results say so, and so does the coverage.
    let f = d.join("f.toml");
    let text = std::fs::read_to_string(&f).expect("f").replacen(
        "status = \"enacted\"",
        "status = \"enacted\"\nend_unknown = true",
        1,
    );
    std::fs::write(&f, text).expect("write");
    let book = load(dir.path());
    let from = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(2023, 6, 30).expect("date");
    let cov = timeline::coverage(&book, from, to);
    assert_eq!(cov.len(), 1);
    let got: Vec<(String, String, &str, String)> = cov[0]
        .ranges
        .iter()
        .map(|r| {
            (
                r.from.to_string(),
                r.to.to_string(),
                r.status.name(),
                r.versions.join(","),
            )
        })
        .collect();
    let want = [
        ("2016-01-01", "2016-06-30", "not_covered", ""),
        ("2016-07-01", "2017-12-31", "official", "a"),
        ("2018-01-01", "2018-12-31", "secondary", "b"),
        ("2019-01-01", "2019-12-31", "derived", "c,d"),
        ("2020-01-01", "2021-12-31", "not_covered", "e,e2"),
        ("2022-01-01", "2023-06-30", "official", "f"),
    ];
    let want: Vec<(String, String, &str, String)> = want
        .iter()
        .map(|(a, b, s, v)| (a.to_string(), b.to_string(), *s, v.to_string()))
        .collect();
    assert_eq!(got, want);

    // The CLI: text and JSON carry the same ranges.
    let r = dir.path().to_str().expect("path");
    let o = beregner(&[
        "--rules",
        r,
        "rules",
        "coverage",
        "--from",
        "2016-01-01",
        "--to",
        "2023-06-30",
    ]);
    let text = stdout(&o);
    assert!(o.status.success(), "{text}{}", stderr(&o));
    assert!(text.contains("igu_bonus (bonus)"), "{text}");
    assert!(
        text.contains("  2022-01-01 – 2023-06-30  official     f (end unknown)"),
        "{text}"
    );
    assert!(
        text.contains("  2019-01-01 – 2019-12-31  derived      c, d"),
        "{text}"
    );
    assert!(
        text.contains("  2018-01-01 – 2018-12-31  secondary    b"),
        "{text}"
    );
    assert!(
        text.contains("  2020-01-01 – 2021-12-31  not_covered  e, e2"),
        "{text}"
    );
    assert!(
        text.contains("  2016-01-01 – 2016-06-30  not_covered  (no version)"),
        "{text}"
    );
    let o = beregner(&[
        "--rules",
        r,
        "rules",
        "coverage",
        "--format",
        "json",
        "--from",
        "2016-01-01",
        "--to",
        "2023-06-30",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["from"], "2016-01-01");
    let ranges = json["schemes"][0]["ranges"].as_array().expect("ranges");
    assert_eq!(ranges.len(), 6);
    assert_eq!(ranges[2]["status"], "secondary");
    assert_eq!(ranges[4]["status"], "not_covered");
    assert_eq!(ranges[4]["from"], "2020-01-01");
    assert_eq!(ranges[4]["versions"], serde_json::json!(["e", "e2"]));
    assert_eq!(ranges[4]["end_unknown"], false);
    assert_eq!(ranges[5]["end_unknown"], true);
    assert!(cov[0].ranges[5].end_unknown);
    assert_eq!(json["schemes"][0]["rule_set"], "igu_bonus");
    // Without dates: from the first day a version starts to the last day any version names.
    let o = beregner(&["--rules", r, "rules", "coverage", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["from"], "2016-07-01");
    assert_eq!(json["to"], "2022-01-01");
    // A bad date is a usage error.
    let o = beregner(&["--rules", r, "rules", "coverage", "--from", "2016-13-01"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Every bundled rule set and shared amount says in regulation.toml how it is regulated (or why
/// it is not), and the loader does not read that file as a rule set.
#[test]
fn every_bundled_rule_set_is_declared_in_the_regulation_file() {
    let files = rules::bundled_files();
    let reg_file = files
        .iter()
        .find(|f| f.name.ends_with("rules/regulation.toml"))
        .expect("bundled regulation.toml");
    let text = String::from_utf8(reg_file.bytes.to_vec()).expect("utf-8");
    let reg = beregner_core::tools::regulate::read_regulation(&beregner_core::SourceText::new(
        reg_file.name.clone(),
        text,
    ))
    .expect("regulation.toml reads");
    let book = rules::load(&files, beregner_core::schemes::SCHEMES).expect("bundled rules load");
    for id in book.ids() {
        assert!(
            reg.rule_sets.contains_key(id),
            "{id} is not in regulation.toml"
        );
    }
    for name in book.shared.names() {
        assert!(
            reg.shared.contains_key(name),
            "{name} is not in regulation.toml"
        );
    }
    assert!(book.all().all(|v| !v.file.ends_with("regulation.toml")));
}

/// `check` reads the regulation file as `regulate` does: a percentage that is not a number was
/// "ok" to `check` and an error only to `regulate` (the black-box fuzzer, 2026-12-08).
#[test]
fn check_reads_the_regulation_file_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    rules_2024(dir.path());
    let reg = dir.path().join("regulation.toml");
    let text = std::fs::read_to_string(&reg).expect("regulation.toml");
    let broken = text.replacen("percent = 98", "percent = \"abc\"", 1);
    assert_ne!(text, broken, "the file has a `percent = 98` to break");
    std::fs::write(&reg, broken).expect("write");
    let o = beregner(&["check", "--rules", dir.path().to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("regulation.toml:") && err.contains("`abc` is not a decimal number"),
        "{err}"
    );
}
