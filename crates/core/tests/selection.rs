//! The engine picks the rule-set version in force on the case's month, for every month
//! 2013-01 to 2026-12, and refuses a month no version covers instead of reusing a neighbour.

use beregner_core::engine::case::Case;
use beregner_core::schemes::fleksloentilskud::Input;
use beregner_core::{Engine, Month};
use rust_decimal::Decimal;

#[test]
fn every_month_2013_to_2026_has_exactly_its_years_version() {
    let engine = Engine::bundled().expect("bundled rules load");
    let book = engine.rule_book();
    for year in 2013..=2026 {
        for month in 1..=12 {
            let m = Month::new(year, month).expect("valid month");
            let in_force: Vec<&str> = book
                .versions("fleksloentilskud")
                .iter()
                .filter(|v| v.covers(m.first_day()))
                .map(|v| v.version.as_str())
                .collect();
            assert_eq!(in_force, [year.to_string()], "{m}");
        }
    }
}

#[test]
fn months_outside_every_version_are_refused_by_name() {
    let engine = Engine::bundled().expect("bundled rules load");
    let case = Case::fleksloentilskud(
        "case.toml",
        "2012-12".parse().expect("month"),
        Input::monthly(Decimal::from(15000), None),
    );
    let err = engine.calculate(case).expect_err("not covered");
    assert_eq!(err.field, "month");
    // The coverage named is what can be computed (a `not_covered` year is not coverage).
    assert!(
        err.message.starts_with(
            "no rule set in force for 2012-12 in fleksloentilskud (versions cover 2013-01-01 to "
        ),
        "{}",
        err.message
    );
}

/// A year whose figures were looked for and not found (2027 on 2026-12-07) is refused by its
/// `not_covered` version, saying what is not yet published, for each fleksjob rule set: not
/// the generic "no rule set in force", and never 2026's figures carried forward.
#[test]
fn a_year_not_yet_published_is_refused_saying_what_is_missing() {
    let engine = Engine::bundled().expect("bundled rules load");
    let case = Case::fleksloentilskud(
        "case.toml",
        "2027-01".parse().expect("month"),
        Input::monthly(Decimal::from(15000), None),
    );
    let err = engine.calculate(case).expect_err("not covered");
    assert_eq!(err.field, "month");
    assert!(
        err.message.starts_with(
            "fleksloentilskud is not covered for 2027-01: rule set fleksloentilskud 2027 (from 2027-01-01) holds no figures: "
        ),
        "{}",
        err.message
    );
    for part in [
        "Satser for 2027",
        "Lov nr. 630",
        "0,45",
        "not carried forward",
    ] {
        assert!(err.message.contains(part), "{part}: {}", err.message);
    }
    for id in ["ledighedsydelse", "fleksjob_refusion"] {
        let date = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).expect("date");
        let v = engine.rule_book().in_force(id, date).expect("a version");
        assert_eq!(v.status, beregner_core::rules::Status::NotCovered, "{id}");
        let notes = v.notes.as_deref().unwrap_or_default();
        assert!(
            notes.contains("Satser for 2027") && notes.contains("0,45"),
            "{id}: {notes}"
        );
    }
}
