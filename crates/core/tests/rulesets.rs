//! What `beregner check` tells a legal editor: each kind of mistake in a rule set is reported
//! with file, line, column, field and reason. Each test breaks one thing in a copy of the bundled
//! 2024 rule set.

use std::borrow::Cow;

use beregner_core::rules::{self, RuleFile};

fn bundled(name: &str) -> String {
    let file = rules::bundled_files()
        .into_iter()
        .find(|f| f.name.ends_with(name))
        .expect("bundled rule set present");
    String::from_utf8(file.bytes.into_owned()).expect("utf-8")
}

fn file(name: &str, text: String) -> RuleFile {
    RuleFile {
        name: name.to_string(),
        bytes: Cow::Owned(text.into_bytes()),
    }
}

/// The error lines for a set of files (warnings left out).
fn errors(files: &[RuleFile]) -> Vec<String> {
    match rules::load(files, beregner_core::schemes::SCHEMES) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

/// The 2024 file with one edit applied (the text to replace must occur exactly once).
fn edited(from: &str, to: &str) -> Vec<RuleFile> {
    let text = bundled("fleksloentilskud/2024.toml");
    assert_eq!(
        text.matches(from).count(),
        1,
        "edit target `{from}` must be unique"
    );
    vec![file("2024.toml", text.replacen(from, to, 1))]
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn the_bundled_rule_sets_are_valid() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    assert!(book.warnings.is_empty(), "{:?}", book.warnings);
    // The flex-job schemes have one version a year from 2013, without a gap, at least to 2026
    // (a new year is one more file; nothing here counts the files).
    for id in ["fleksloentilskud", "ledighedsydelse", "fleksjob_refusion"] {
        let years: Vec<&str> = book
            .versions(id)
            .iter()
            .map(|v| v.version.as_str())
            .collect();
        let expected: Vec<String> = (2013..2013 + years.len()).map(|y| y.to_string()).collect();
        assert_eq!(years, expected, "{id}: one version a year from 2013");
        assert!(years.contains(&"2026"), "{id}: covers 2026");
    }
    // Versions by hiring date or by a change of law, not by year: each change is there.
    for (id, versions) in [
        (
            "fleksjobbonus",
            &["2013", "2013-08", "2014-pause", "2014-05"][..],
        ),
        ("refugee_bonus", &["2016-07", "2019-07-ended"][..]),
        ("igu_bonus", &["2016-07"][..]),
        (
            "jobpraemie",
            &["2012-06", "2014-06-none", "2017-04", "2019-04-ended"][..],
        ),
        ("sygedagpenge_duration", &["2011", "2014-07"][..]),
        (
            "sygedagpenge_followup",
            &["2023-03", "2025-01", "2026-07"][..],
        ),
        ("fleksjob_followup", &["2013", "2020", "2027"][..]),
    ] {
        for v in versions {
            assert!(book.version(id, v).is_some(), "{id} {v}");
        }
    }
    // One version a year from 2013, each from the first Monday of January.
    assert_eq!(
        book.versions("sygedagpenge_refund")[0]
            .valid_from
            .to_string(),
        "2013-01-07"
    );
}

#[test]
fn unknown_key_gets_a_did_you_mean() {
    let files = edited(
        "[parameters.threshold]\nvalue = 16323",
        "[parameters.threshold]\nvalu = 16323",
    );
    let line = line_of(&String::from_utf8_lossy(&files[0].bytes), "valu = 16323");
    let errs = errors(&files);
    assert!(
        errs.contains(&format!(
            "2024.toml:{line}:1: error: parameters.threshold.valu: unknown field (did you mean `value`?)"
        )),
        "{errs:#?}"
    );
}

#[test]
fn unknown_parameter_gets_a_did_you_mean() {
    let files = edited("[parameters.high_rate]", "[parameters.hihg_rate]");
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.contains(
            "parameters.hihg_rate: `hihg_rate` is not a parameter of fleksloentilskud (did you mean `high_rate`?)"
        )),
        "{errs:#?}"
    );
    // ...and the real one is then missing.
    assert!(
        errs.iter()
            .any(|e| e.contains("parameters.high_rate: missing parameter `high_rate`"))
    );
}

#[test]
fn wrong_type_names_the_expected_type() {
    let files = edited("valid_to = 2024-12-31", "valid_to = \"end of year\"");
    let line = line_of(&String::from_utf8_lossy(&files[0].bytes), "valid_to");
    assert_eq!(
        errors(&files),
        [format!(
            "2024.toml:{line}:12: error: valid_to: `end of year` is not a date; write it as YYYY-MM-DD, e.g. 2024-01-01"
        )]
    );
    let files = edited(
        "[parameters.low_rate]\nvalue = 30",
        "[parameters.low_rate]\nvalue = true",
    );
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.ends_with(
            "parameters.low_rate.value: expected a decimal number such as 15600.00, found a boolean"
        )),
        "{errs:#?}"
    );
}

#[test]
fn a_parameter_without_a_legal_source_is_refused() {
    let files = edited(
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"\nsources = [\"lab_123_2\"]",
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.contains(
            "parameters.low_rate.sources: missing legal source: list the act and paragraph this value rests on"
        )),
        "{errs:#?}"
    );
    // A publication alone is not a legal basis: it names no paragraph.
    let files = edited(
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"\nsources = [\"lab_123_2\"]",
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"\nsources = [\"star_calculator\"]",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("none of these sources names a paragraph of law")),
        "{errs:#?}"
    );
}

#[test]
fn an_unknown_source_key_gets_a_did_you_mean() {
    let files = edited(
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"\nsources = [\"lab_123_2\"]",
        "[parameters.low_rate]\nvalue = 30\nunit = \"percent\"\nsources = [\"lab_132_2\"]",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("no source `lab_132_2` in [sources] (did you mean `lab_123_2`?)")),
        "{errs:#?}"
    );
}

#[test]
fn a_percentage_out_of_range_is_refused() {
    let files = edited(
        "[parameters.high_rate]\nvalue = 55",
        "[parameters.high_rate]\nvalue = 155",
    );
    let line = line_of(&String::from_utf8_lossy(&files[0].bytes), "value = 155");
    assert_eq!(
        errors(&files),
        [format!(
            "2024.toml:{line}:9: error: parameters.high_rate.value: 155 is out of range for `percent` (must be 0 to 100)"
        )]
    );
}

#[test]
fn a_wrong_unit_is_refused() {
    let files = edited(
        "[parameters.threshold]\nvalue = 16323\nunit = \"kr_per_month\"",
        "[parameters.threshold]\nvalue = 16323\nunit = \"percent\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("`threshold` is measured in `kr_per_month`, not `percent`")),
        "{errs:#?}"
    );
}

#[test]
fn a_derived_value_needs_its_derivation_and_a_derived_version() {
    let files = edited(
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"",
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"\nstatus = \"derived\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("a derived value needs its derivation written down")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|e| e
                .contains("version is `enacted` but contains derived parameters (max_subsidy)")),
        "{errs:#?}"
    );
}

#[test]
fn a_secondary_value_needs_who_quoted_it_and_a_secondary_version() {
    let files = edited(
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"",
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"\nstatus = \"secondary\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("a secondary value needs who quoted it and where")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|e| e.contains(
            "version is `enacted` but contains secondary parameters (max_subsidy); mark the version `secondary`"
        )),
        "{errs:#?}"
    );
    // A quotation on a value that does not say it is secondary is refused too.
    let files = edited(
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"",
        "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"\nquoted_by = \"a union\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter()
            .any(|e| e.contains("must say `status = \"secondary\"`")),
        "{errs:#?}"
    );
    // Marked and quoted, in a version marked secondary, it loads.
    let text = bundled("fleksloentilskud/2024.toml")
        .replacen(
            "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"",
            "[parameters.max_subsidy]\nvalue = 19952\nunit = \"kr_per_month\"\nstatus = \"secondary\"\nquoted_by = \"a union\"",
            1,
        )
        .replacen("status = \"enacted\"", "status = \"secondary\"", 1);
    let errs = errors(&[file("2024.toml", text)]);
    assert!(errs.is_empty(), "{errs:#?}");
}

/// The 2026 højeste dagpengebeløb (22.041) is quoted by a calculator citing bm.dk, not read on
/// bm.dk: the amount taken whole is secondary, and a share of it is derived, its chain naming
/// who quoted the base.
#[test]
fn a_secondary_shared_amount_is_secondary_whole_and_named_in_a_share() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    let whole = book
        .version("dagpenge", "2026")
        .and_then(|v| v.parameter("max_monthly_full_time"))
        .expect("dagpenge 2026");
    assert_eq!(whole.value.to_string(), "22041");
    assert_eq!(whole.status, rules::Status::Secondary);
    assert!(
        whole
            .quoted_by
            .as_deref()
            .is_some_and(|q| q.contains("beraknare.se")),
        "{whole:?}"
    );
    let share = book
        .version("fleksloentilskud", "2026")
        .and_then(|v| v.parameter("max_subsidy"))
        .expect("max_subsidy 2026");
    assert_eq!(share.status, rules::Status::Derived);
    let chain = share.derivation.as_deref().expect("a derivation");
    assert!(
        chain.contains(
            "That amount is a secondary figure: the official figure as quoted by beraknare.se"
        ),
        "{chain}"
    );
}

#[test]
fn a_bad_rounding_mode_gets_a_did_you_mean() {
    let files = edited(
        "[rounding.atp]\nscale = 0\nmode = \"half_up\"",
        "[rounding.atp]\nscale = 0\nmode = \"halfup\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.contains(
            "rounding.atp.mode: `halfup` is not a rounding mode (did you mean `half_up`?)"
        )),
        "{errs:#?}"
    );
}

#[test]
fn malformed_toml_gives_line_and_column() {
    let files = edited("version = \"2024\"", "version = = \"2024\"");
    let line = line_of(&String::from_utf8_lossy(&files[0].bytes), "version = =");
    let errs = errors(&files);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0].starts_with(&format!("2024.toml:{line}:11: error: invalid TOML")),
        "{errs:#?}"
    );
}

fn year_file(year: i32, from: &str, to: Option<&str>) -> RuleFile {
    let text = bundled("fleksloentilskud/2024.toml")
        .replacen("version = \"2024\"", &format!("version = \"{year}\""), 1)
        .replacen(
            "valid_from = 2024-01-01",
            &format!("valid_from = {from}"),
            1,
        );
    let text = match to {
        Some(to) => text.replacen("valid_to = 2024-12-31", &format!("valid_to = {to}"), 1),
        None => text.replacen("valid_to = 2024-12-31\n", "", 1),
    };
    file(&format!("{year}.toml"), text)
}

#[test]
fn overlapping_validity_periods_are_refused() {
    let files = [
        year_file(2024, "2024-01-01", Some("2024-12-31")),
        year_file(2025, "2024-12-01", Some("2025-12-31")),
    ];
    assert_eq!(
        errors(&files),
        [
            "2025.toml:10:14: error: valid_from: `fleksloentilskud` 2024 (2024-01-01 to 2024-12-31) overlaps 2025 from 2024-12-01 (2024.toml); overlapping validity periods"
        ]
    );
}

#[test]
fn gapped_validity_periods_are_refused() {
    let files = [
        year_file(2024, "2024-01-01", Some("2024-12-31")),
        year_file(2025, "2025-02-01", Some("2025-12-31")),
    ];
    assert_eq!(
        errors(&files),
        [
            "2025.toml:10:14: error: valid_from: `fleksloentilskud` has a gap from 2025-01-01 to 2025-01-31: 2024 ends 2024-12-31 and 2025 starts 2025-02-01; dates in the gap would have no rule set"
        ]
    );
}

#[test]
fn an_open_ended_last_version_is_a_warning() {
    let book = rules::load(
        &[year_file(2024, "2024-01-01", None)],
        beregner_core::schemes::SCHEMES,
    )
    .expect("loads");
    assert_eq!(book.warnings.len(), 1);
    assert!(
        book.warnings[0]
            .to_string()
            .contains("has no end date: it will be used for every later date")
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let files = edited(
        "[parameters.high_rate]\nvalue = 55",
        "[parameters.high_rate]\nvalue = 155\ncolour = 1",
    );
    assert_eq!(errors(&files).len(), 2);
}

/// The published hourly maximum of sygedagpenge is the weekly maximum ÷ 37 rounded to øre
/// (sygedagpengeloven § 50 stk. 1); the rule sets store only the weekly figure, so their
/// `hourly` rounding must reproduce every published hourly figure (bm.dk and the yearly
/// vejledninger om satser, as collected in the domain notes, D11).
#[test]
fn the_sygedagpenge_hourly_maximum_reproduces_the_published_figures() {
    use beregner_core::schemes::sygedagpenge_refund::Params;
    use rust_decimal::Decimal;
    let published = [
        (2013, "108.24"),
        (2014, "110.14"),
        (2015, "111.76"),
        (2016, "112.97"),
        (2018, "116.22"),
        (2019, "117.70"),
        (2020, "119.05"),
        (2021, "120.54"),
        (2022, "120.68"),
        (2023, "122.97"),
        (2024, "126.89"),
    ];
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    for (year, hourly) in published {
        let v = book
            .versions("sygedagpenge_refund")
            .iter()
            .find(|v| v.version == year.to_string())
            .expect("a version for the year");
        let Some(p) = v.compiled.as_ref().and_then(|c| c.downcast_ref::<Params>()) else {
            panic!("{year}: not compiled");
        };
        let got = p
            .round_hourly
            .value()
            .apply(p.max_weekly.value() / Decimal::from(37));
        assert_eq!(got.to_string(), hourly, "{year}");
    }
}

/// A parameter a formula divides by cannot be zero: the checker refuses it where it is written.
#[test]
fn a_zero_a_formula_divides_by_is_refused() {
    let files = edited(
        "[parameters.weeks_per_year]\nvalue = 52",
        "[parameters.weeks_per_year]\nvalue = 0",
    );
    let errs = errors(&files);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains(
            "parameters.weeks_per_year.value: `weeks_per_year` is 0, but a formula divides by it"
        ),
        "{errs:?}"
    );
}

/// The shared højeste dagpengebeløb is defined once a year; the rule sets that build on it get
/// the value computed, marked derived, with the chain (LAB § 123 stk. 1: 98 %; aktivloven
/// § 74 a: 89 %). The figures are the ones the rule sets held before they were shared: bm.dk's
/// 21.092 kr. for 2025 gives 20.670,16 → 20.670, and 89 % of it 18.771,88 → 18.772.
#[test]
fn a_parameter_built_on_a_shared_amount_carries_its_chain() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    let max = book
        .version("fleksloentilskud", "2025")
        .and_then(|v| v.parameter("max_subsidy"))
        .expect("max_subsidy 2025");
    assert_eq!(max.value.to_string(), "20670");
    assert_eq!(max.status, rules::Status::Derived);
    let chain = max.derivation.as_deref().expect("a derivation");
    assert!(
        chain.starts_with(
            "98 % of højeste dagpengebeløb (fuldtidsforsikret) pr. måned 2025 (21.092 kr.;"
        ),
        "{chain}"
    );
    assert!(
        chain.contains("= 20.670,16 → 20.670,00 (to whole kroner, half_up)"),
        "{chain}"
    );
    assert!(
        chain.contains("rules/shared/hoejeste_dagpengebeloeb/2025.toml"),
        "{chain}"
    );
    let full = book
        .version("ledighedsydelse", "2025")
        .and_then(|v| v.parameter("rate_full"))
        .expect("rate_full 2025");
    assert_eq!(full.value.to_string(), "18772");
    assert_eq!(full.status, rules::Status::Derived);
    // The amount itself, taken whole, keeps the amount's status: enacted where bm.dk published
    // it (2025), secondary where only an a-kasse quotes it (2024, FA).
    let dagpenge = book
        .version("dagpenge", "2025")
        .and_then(|v| v.parameter("max_monthly_full_time"))
        .expect("dagpenge 2025");
    assert_eq!(dagpenge.value.to_string(), "21092");
    assert_eq!(dagpenge.status, rules::Status::Enacted);
    let dagpenge = book
        .version("dagpenge", "2024")
        .and_then(|v| v.parameter("max_monthly_full_time"))
        .expect("dagpenge 2024");
    assert_eq!(dagpenge.value.to_string(), "20359");
    assert_eq!(dagpenge.status, rules::Status::Secondary);
}

#[test]
fn a_shared_amount_not_in_force_is_named() {
    let text = bundled("fleksloentilskud/2025.toml").replace("2025-", "2031-");
    let mut files: Vec<RuleFile> = rules::bundled_files()
        .into_iter()
        .filter(|f| f.name.contains("/shared/"))
        .collect();
    files.push(file("2031.toml", text));
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.contains(
            "parameters.max_subsidy.shared: no version of the shared amount `hoejeste_dagpengebeloeb` is in force on 2031-01-01"
        )),
        "{errs:?}"
    );
}

/// Every explanation prints a source's `act` and `paragraph` as its hjemmel, in Danish output
/// too, so they hold the document's own title and the paragraph; remarks about what a source
/// says, in English, belong in its `note` (shown by `rules show`, not in explanations). A
/// handful of English words that are not Danish words catch a remark written into the title;
/// quoted text is the source's own words and is not checked.
#[test]
fn source_titles_carry_no_english_remarks() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    let english = [
        "the",
        "and",
        "from",
        "of",
        "with",
        "hours",
        "months",
        "weeks",
        "before",
        "after",
        "only",
        "which",
        "each",
        "is",
        "are",
        "was",
        "were",
        "per",
        "citing",
        "quoted",
        "look-up",
        "answer",
        "example",
        "rates",
        "employers",
        "regulated",
        "derived",
        "published",
        "amended",
        "in",
        "on",
    ];
    let mut found = Vec::new();
    for id in book.ids() {
        for v in book.versions(id) {
            for (key, s) in &v.sources {
                for text in [Some(s.act.as_str()), s.paragraph.as_deref()]
                    .into_iter()
                    .flatten()
                {
                    // Leave out quotations ("…", »…«): the source's own words.
                    let mut unquoted = String::new();
                    let mut quoted = false;
                    for ch in text.chars() {
                        match ch {
                            '"' => quoted = !quoted,
                            '»' => quoted = true,
                            '«' => quoted = false,
                            _ if !quoted => unquoted.push(ch),
                            _ => {}
                        }
                    }
                    let words = unquoted
                        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                        .filter(|w| english.contains(w));
                    for w in words {
                        found.push(format!(
                            "{id} {} [sources.{key}]: `{w}` in {text:?}",
                            v.version
                        ));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// An amount in a rule set or an overlay is read as a case file reads one: `"16.323"` (a Danish
/// editor's 16.323 kr.) is refused with the form to write, never taken as 16,323 kr.; `"15.600"`
/// has two readings and is refused naming both; an amount in kroner has at most two decimals.
#[test]
fn a_danish_amount_in_a_rule_set_or_an_overlay_is_refused_naming_both_readings() {
    let files = edited(
        "[parameters.threshold]\nvalue = 16323",
        "[parameters.threshold]\nvalue = \"16.323\"",
    );
    let errs = errors(&files);
    assert!(
        errs.iter().any(|e| e.contains(
            "parameters.threshold.value: `16.323` is written the Danish way; in a rule set write 16323"
        )),
        "{errs:#?}"
    );
    let files = edited(
        "[parameters.threshold]\nvalue = 16323",
        "[parameters.threshold]\nvalue = 16323.001",
    );
    assert!(
        errors(&files)
            .iter()
            .any(|e| e.contains("has more than two decimals")),
        "{:#?}",
        errors(&files)
    );
    let specs = beregner_core::schemes::SCHEMES;
    let overlay = |value: &str| {
        let text = format!(
            "title = \"t\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"max_subsidy\"\nvalue = {value}\nfrom = 2024-01-01\n"
        );
        rules::overlay::parse(&beregner_core::SourceText::new("o.toml", &text), specs)
            .map(|_| ())
            .map_err(|d| d.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    let e = overlay("\"15.600\"").expect_err("refused");
    assert!(e[0].contains("`15.600` has two readings"), "{e:#?}");
    assert!(overlay("\"15600\"").is_ok());
    // Far above any amount in law: a slip, refused rather than carried into every result.
    let e = overlay("1000000000000").expect_err("refused");
    assert!(
        e[0].contains("is out of range for `kr_per_month` (must be 0 to 1000000)"),
        "{e:#?}"
    );
    assert!(overlay("15600.5").is_ok());
}

/// Two changes of the same parameter from the same day: the second would silently win.
#[test]
fn an_overlay_changing_a_parameter_twice_from_one_day_is_refused() {
    let text = "title = \"t\"\n\
        [[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"max_subsidy\"\nvalue = 20000\nfrom = 2024-01-01\n\
        [[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"max_subsidy\"\nvalue = 21000\nfrom = 2024-01-01\n";
    let e = rules::overlay::parse(
        &beregner_core::SourceText::new("o.toml", text),
        beregner_core::schemes::SCHEMES,
    )
    .expect_err("refused");
    assert!(
        e.iter().any(|d| d.to_string().contains(
            "change[0] already changes parameter `max_subsidy` of fleksloentilskud from 2024-01-01"
        )),
        "{e:#?}"
    );
}

/// Every derivation and quotation a rule set gives in English has its Danish, in every version
/// (a Danish result shows it instead of the English): a parameter's `derivation_da` and
/// `quoted_by_da`, a rounding's `derivation_da`, and a shared amount's `derivation_da`,
/// `quoted_by_da` and `note_da` (which its parameters' chains use).
#[test]
fn derived_and_secondary_values_have_their_danish() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    let mut missing = Vec::new();
    for id in book.ids() {
        for v in book.versions(id) {
            // A `regulate` draft's chains are written in English; its figures are replaced by
            // the published ones.
            if v.notes.as_deref().is_some_and(|n| n.starts_with("DRAFT:")) {
                continue;
            }
            for p in v.parameters.values() {
                if p.derivation.is_some() && p.derivation_da.is_none() {
                    missing.push(format!("{id} {} {}: derivation_da", v.version, p.name));
                }
                if p.quoted_by.is_some() && p.quoted_by_da.is_none() {
                    missing.push(format!("{id} {} {}: quoted_by_da", v.version, p.name));
                }
                // A value from a shared amount adds its `note` to the chain; without `note_da`
                // the Danish chain would carry the English note.
                if let (Some(note), Some(da)) = (&p.note, &p.derivation_da)
                    && da.contains(note.as_str())
                {
                    missing.push(format!("{id} {} {}: note_da", v.version, p.name));
                }
            }
            for r in v.roundings.values() {
                if r.derivation.is_some() && r.derivation_da.is_none() {
                    missing.push(format!(
                        "{id} {} rounding.{}: derivation_da",
                        v.version, r.name
                    ));
                }
            }
        }
    }
    for a in book.shared.all() {
        for (en, da, key) in [
            (&a.derivation, &a.derivation_da, "derivation_da"),
            (&a.quoted_by, &a.quoted_by_da, "quoted_by_da"),
            (&a.note, &a.note_da, "note_da"),
        ] {
            if en.is_some() && da.is_none() {
                missing.push(format!("shared {} {}: {key}", a.name, a.version));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Every version that gives `notes` gives them in Danish too (`notes_da`): a Danish refusal or
/// result quotes a version's notes, and without `notes_da` it shows the English marked
/// "(på engelsk)".
#[test]
fn notes_have_their_danish() {
    let book = rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES)
        .expect("bundled rules load");
    let mut missing = Vec::new();
    for id in book.ids() {
        for v in book.versions(id) {
            // A `regulate` draft's notes are English; the published version replacing it gives
            // its own.
            let Some(notes) = v.notes.as_deref() else {
                continue;
            };
            if notes.starts_with("DRAFT:") {
                continue;
            }
            if v.notes_da.is_none() {
                missing.push(format!("{id} {}: notes_da", v.version));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
