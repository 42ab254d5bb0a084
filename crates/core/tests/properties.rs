//! Properties that hold for every wage, every lønloft and every year's rules (LAB § 123):
//! the tilskud is never negative and never above the maximum, wage + tilskud never exceeds the
//! lønloft, the tilskud never rises when the wage rises, and the payout is the tilskud less ATP.

use beregner_core::engine::case::Case;
use beregner_core::schemes::fleksloentilskud::Input;
use beregner_core::{Engine, Month, SchemeResult};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
}

fn ore(n: u64) -> Decimal {
    Decimal::new(n as i64, 2)
}

fn compute(
    month: Month,
    wage: Decimal,
    cap: Option<Decimal>,
) -> beregner_core::schemes::fleksloentilskud::Output {
    let case = Case::fleksloentilskud("prop", month, Input::monthly(wage, cap));
    match engine().calculate(case).expect("computes").result {
        SchemeResult::Fleksloentilskud(o) => o,
        other => panic!("a fleksløntilskud case gave {other:?}"),
    }
}

fn month() -> impl Strategy<Value = Month> {
    (2013i32..=2026, 1u32..=12).prop_map(|(y, m)| Month::new(y, m).expect("valid"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tilskud_is_within_zero_and_the_maximum(m in month(), wage in 1u64..8_000_000, cap in proptest::option::of(0u64..12_000_000)) {
        let o = compute(m, ore(wage), cap.map(ore));
        prop_assert!(o.subsidy >= Decimal::ZERO);
        prop_assert!(o.subsidy <= o.max_subsidy);
        prop_assert!(o.subsidy <= o.subsidy_before_cap);
    }

    #[test]
    fn wage_plus_tilskud_never_exceeds_the_lonloft(m in month(), wage in 1u64..8_000_000, extra in 0u64..6_000_000) {
        // A lønloft at or above the wage (a full-time wage is never below the part-time one).
        let cap = ore(wage + extra);
        let o = compute(m, ore(wage), Some(cap));
        prop_assert!(o.wage + o.subsidy <= cap);
    }

    #[test]
    fn tilskud_never_rises_when_the_wage_rises(m in month(), wage in 1u64..8_000_000, raise in 1u64..1_000_000, cap in proptest::option::of(0u64..12_000_000)) {
        let cap = cap.map(ore);
        let low = compute(m, ore(wage), cap);
        let high = compute(m, ore(wage + raise), cap);
        prop_assert!(high.subsidy <= low.subsidy, "{} then {}", low.subsidy, high.subsidy);
        // ...and total income never falls when the wage rises (the marginal reduction is < 100 %).
        prop_assert!(high.total_income >= low.total_income);
    }

    #[test]
    fn payout_is_tilskud_less_atp_within_the_atp_maximum(m in month(), wage in 1u64..8_000_000) {
        let o = compute(m, ore(wage), None);
        prop_assert_eq!(o.payout + o.atp, o.subsidy);
        prop_assert!(o.atp <= Decimal::from(500));
        prop_assert!(o.atp >= Decimal::ZERO);
        prop_assert_eq!(o.atp.fract(), Decimal::ZERO, "ATP is whole kroner (bek. 1344/2015 § 2)");
    }
}
