//! The dagpenge ledger on the scheme model: the fast path (nothing recorded) and the explained
//! path compute the same; every text of every fixture's explanation is in both catalogues; a
//! derived parameter gets its note; a right that has run out pays nothing; and a history that
//! spans millennia is refused at once.

use beregner_core::engine::case::{self, Format};
use beregner_core::render;
use beregner_core::schemes::dagpenge::Output;
use beregner_core::{Engine, SchemeResult, SourceText};
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
}

fn fixtures() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/dagpenge");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("fixtures/dagpenge")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixture");
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

fn case(name: &str, text: &str) -> beregner_core::Case {
    case::parse(&SourceText::new(name, text.to_string()), Format::Toml).expect("case parses")
}

fn ledger(input: &str, month: &str) -> Result<Output, String> {
    let text = format!("scheme = \"dagpenge\"\nmonth = \"{month}\"\n\n[input]\n{input}\n");
    let src = SourceText::new("case.toml", text);
    let case = case::parse(&src, Format::Toml).map_err(|e| format!("{e:?}"))?;
    match engine().calculate(case) {
        Ok(o) => match o.result {
            SchemeResult::Dagpenge(o) => Ok(o),
            other => panic!("a dagpenge case gave {other:?}"),
        },
        Err(d) => Err(d.message),
    }
}

#[test]
fn the_fast_path_and_the_explanation_agree_and_every_text_is_there() {
    for (name, text) in fixtures() {
        let (_, fast) = engine().compute(&case(&name, &text)).expect("computes");
        let outcome = engine().calculate(case(&name, &text)).expect("computes");
        assert_eq!(fast, outcome.result, "{name}");
        let json = render::to_json(&outcome);
        assert!(!json.contains("[missing text"), "{name}: {json}");
        let explained = render::to_text(&outcome);
        assert!(!explained.contains("[missing text"), "{name}");
    }
}

#[test]
fn a_derived_parameter_used_gets_its_note() {
    let (name, text) = fixtures()
        .into_iter()
        .find(|(n, _)| n.ends_with("weeks-2016-placement-crossing-2017-07.toml"))
        .expect("fixture");
    let outcome = engine().calculate(case(&name, &text)).expect("computes");
    let notes = render::notes(&outcome, beregner_core::text::Lang::En);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("weeks_reference_months = 36 is derived")),
        "{notes:?}"
    );
    // A case that does not use it has no such note.
    let outcome = engine()
        .calculate(case(
            "c.toml",
            "scheme = \"dagpenge\"\nmonth = \"2017-07\"\n\n[input]\ninsurance = \"full_time\"\nplacement = \"2017-07\"\nmonthly_rate = \"maximum\"\nhistory = \"2017-07: work 0\"\n",
        ))
        .expect("computes");
    assert!(outcome.notes.is_empty(), "{:?}", outcome.notes);
}

#[test]
fn a_right_that_has_run_out_pays_nothing_and_the_last_hours_only_what_is_left() {
    // Ran out under the week system in 2014 (the reference period ended).
    let o = ledger(
        "insurance = \"full_time\"\nplacement = \"2009-01\"\nmonthly_rate = \"maximum\"\nhistory = \"2009-01/2017-06: weeks 2; 2017-07: work 0\"",
        "2017-07",
    )
    .expect("computes");
    assert_eq!((o.hours_paid, o.payment), (Decimal::ZERO, Decimal::ZERO));
    // 2 weeks × 37 hours were left on 1 July 2017: 74 hours paid, not 160,33.
    let o = ledger(
        "insurance = \"full_time\"\nplacement = \"2015-01\"\nmonthly_rate = \"maximum\"\nhistory = \"2015-01/2016-12: weeks 4; 2017-01/2017-06: weeks 1; 2017-07: work 0\"",
        "2017-07",
    )
    .expect("computes");
    assert_eq!(o.hours_paid, Decimal::from(74));
    assert_eq!(o.payment, Decimal::new(849372, 2));
}

#[test]
fn rates_and_histories_are_read_by_the_one_amount_reader() {
    let with = |rate: &str, history: &str| {
        ledger(
            &format!(
                "insurance = \"full_time\"\nplacement = \"2024-03\"\nmonthly_rate = \"{rate}\"\nhistory = \"{history}\""
            ),
            "2024-03",
        )
    };
    let e = with("15.600", "2024-03: work 0").expect_err("ambiguous");
    assert!(e.contains("ambiguous"), "{e}");
    let e = with("maximum", "2024-03: income 15.600").expect_err("ambiguous");
    assert!(e.contains("ambiguous"), "{e}");
    assert!(with("15600", "2024-03: income 15600").is_ok());
    let e = with("25000", "2024-03: work 0").expect_err("above the maximum");
    assert!(e.contains("above the highest rate"), "{e}");
}

#[test]
fn a_history_spanning_millennia_is_refused_at_once() {
    let start = std::time::Instant::now();
    let e = ledger(
        "insurance = \"full_time\"\nplacement = \"2024-03\"\nmonthly_rate = \"maximum\"\nhistory = \"0001-01/9999-12: work 0\"",
        "2024-03",
    )
    .expect_err("refused");
    assert!(e.contains("at most 240 months"), "{e}");
    assert!(start.elapsed().as_secs() < 2);
}

// The projection's fast path (`ledger::project`, taken when nothing is recorded) and the general
// loop (taken for every month an explanation shows) give the same result, on cases whose
// projection crosses what stops the fast path: the COVID-19 suspensions of 2020-21, a switch to
// part-time after the assessment month, work and income in the known months.
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
    #[test]
    fn the_projection_fast_path_and_the_general_loop_agree(
        month in 0u32..96,
        back in 0u32..30,
        part_time in proptest::bool::ANY,
        switch in proptest::option::of(1u32..30),
        work in proptest::collection::vec(0u32..170, 1..8),
        income in proptest::option::of(1u32..20_000),
    ) {
        let m = beregner_core::Month::new(2019, 1).expect("a month").plus_months(month);
        let placement = m.first_day().checked_sub_months(chrono::Months::new(back)).map_or(m, beregner_core::Month::of);
        // The history: blocks of months with work before the assessment month, then the
        // month itself, with income if any (converted at the month's year's rates).
        let mut history = Vec::new();
        let (mut from, mut k) = (placement, 0usize);
        while from < m {
            let to = from.plus_months(2);
            let to = if to >= m { from } else { to };
            history.push(format!("{from}/{to}: work {}", work[k % work.len()]));
            from = to.plus_months(1);
            k += 1;
        }
        history.push(match income {
            Some(kr) => format!("{m}: work {}, income {kr}", work[0]),
            None => format!("{m}: work {}", work[0]),
        });
        let mut input = format!(
            "insurance = \"{}\"\nplacement = \"{placement}\"\nmonthly_rate = \"maximum\"\nhistory = \"{}\"\n",
            if part_time { "part_time" } else { "full_time" },
            history.join("; ")
        );
        if let (false, Some(s)) = (part_time, switch) {
            input.push_str(&format!("part_time_from = \"{}\"\n", m.plus_months(s)));
        }
        let text = format!("scheme = \"dagpenge\"\nmonth = \"{m}\"\n\n[input]\n{input}");
        let fast = engine().compute(&case("p.toml", &text)).map(|(_, r)| r);
        let explained = engine().calculate(case("p.toml", &text)).map(|o| o.result);
        match (fast, explained) {
            (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b, "{}", text),
            (Err(a), Err(b)) => proptest::prop_assert_eq!(a.message, b.message, "{}", text),
            (a, b) => proptest::prop_assert!(false, "{text}: {a:?} against {b:?}"),
        }
    }
}

/// Once the 30 supplerende weeks are used, a month with work is paid for its workless days
/// (Krifa's reading); the a-kasser that word it per whole week and the act's missing words are
/// said in the result, only where that reading was applied.
#[test]
fn the_workless_days_reading_is_said_where_it_is_applied() {
    let note = "after the 30 weeks of supplerende dagpenge were used";
    let notes_of = |suffix: &str| {
        let (name, text) = fixtures()
            .into_iter()
            .find(|(n, _)| n.ends_with(suffix))
            .expect("fixture");
        let outcome = engine().calculate(case(&name, &text)).expect("computes");
        render::notes(&outcome, beregner_core::text::Lang::En)
    };
    let used = notes_of("supplementary-30-weeks-used.toml");
    assert!(
        used.iter()
            .any(|n| n.starts_with(note) && n.contains("FOA")),
        "{used:?}"
    );
    let other = notes_of("weeks-2016-placement-crossing-2017-07.toml");
    assert!(other.iter().all(|n| !n.starts_with(note)), "{other:?}");
}
