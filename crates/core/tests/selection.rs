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
    for (month, expected) in [
        (
            "2012-12",
            "no rule set in force for 2012-12 in fleksloentilskud (versions cover 2013-01-01 to 2026-12-31)",
        ),
        (
            "2027-01",
            "no rule set in force for 2027-01 in fleksloentilskud (versions cover 2013-01-01 to 2026-12-31)",
        ),
    ] {
        let case = Case::fleksloentilskud(
            "case.toml",
            month.parse().expect("month"),
            Input::monthly(Decimal::from(15000), None),
        );
        let err = engine.calculate(case).expect_err("not covered");
        assert_eq!(err.field, "month");
        assert_eq!(err.message, expected);
    }
}
