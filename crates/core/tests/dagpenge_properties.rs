//! Properties of the dagpenge ledger for any history of work: hours consumed plus hours left is
//! the period; a month never consumes more than it paid (plus løntilskud hours); the employment
//! account never exceeds its cap; a month never pays more than its hours.

use beregner_core::engine::case::{self, Format};
use beregner_core::{Engine, SchemeResult, SourceText};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
}

fn ledger(part_time: bool, work: &[u32]) -> beregner_core::schemes::dagpenge::Output {
    // Placed January 2022; one month per entry, assessed in the last.
    let months: Vec<String> = (0..work.len())
        .map(|i| format!("{}-{:02}", 2022 + i / 12, i % 12 + 1))
        .collect();
    let history: Vec<String> = months
        .iter()
        .zip(work)
        .map(|(m, w)| format!("{m}: work {w}"))
        .collect();
    let text = format!(
        "scheme = \"dagpenge\"\nmonth = \"{}\"\n\n[input]\ninsurance = \"{}\"\nplacement = \"2022-01\"\nmonthly_rate = \"maximum\"\nhistory = \"{}\"\n",
        months[months.len() - 1],
        if part_time { "part_time" } else { "full_time" },
        history.join("; ")
    );
    let src = SourceText::new("prop.toml", text);
    let case = case::parse(&src, Format::Toml).expect("case parses");
    match engine().calculate(case).expect("computes").result {
        SchemeResult::Dagpenge(o) => o,
        other => panic!("a dagpenge case gave {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn consumed_and_left_make_the_period(part in any::<bool>(), work in prop::collection::vec(0u32..200, 1..30)) {
        let o = ledger(part, &work);
        prop_assert_eq!(o.consumed + o.remaining, o.period);
        let cap = if part { Decimal::from(1560) } else { Decimal::from(1924) };
        prop_assert!(o.account <= cap);
        for line in &o.lines {
            prop_assert!(line.consumed <= line.paid, "{:?}", line);
            prop_assert!(!line.paid.is_sign_negative());
            prop_assert!(line.consumed_total <= o.period);
        }
    }

    // (More work can pay *more*: it may avoid the waiting day, 7,4 hours, so that is not a
    // property of the law.)
    #[test]
    fn a_month_never_pays_more_than_its_hours(part in any::<bool>(), work in prop::collection::vec(0u32..200, 1..30)) {
        let o = ledger(part, &work);
        let month = if part { Decimal::from(130) } else { Decimal::new(16033, 2) };
        for line in &o.lines {
            prop_assert!(line.paid <= month);
        }
    }
}
