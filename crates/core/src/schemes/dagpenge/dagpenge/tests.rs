//! Cases the fixtures cannot state: refusals, and parts of a result left out for a reason.

use crate::engine::Engine;
use crate::engine::case::{self, Format};
use crate::render;
use crate::source::diag::SourceText;
use crate::text::Lang;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
}

/// The case computed: its result as JSON and its English notes; a refusal as its message.
fn run(month: &str, input: &str) -> Result<(String, Vec<String>), String> {
    let text = format!("scheme = \"dagpenge\"\nmonth = \"{month}\"\n\n[input]\n{input}\n");
    let src = SourceText::new("case.toml", text);
    let case = case::parse(&src, Format::Toml).map_err(|d| format!("{d:?}"))?;
    let outcome = engine().calculate(case).map_err(|d| d.message)?;
    Ok((render::to_json(&outcome), render::notes(&outcome, Lang::En)))
}

const EVERYDAY: &str = "insurance = \"full_time\"\nmonthly_rate = \"maximum\"\n";

#[test]
fn income_without_hours_in_2026_is_refused_naming_the_missing_omregningssats() {
    let e = run(
        "2026-03",
        &format!("{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000\""),
    )
    .expect_err("no 2026 høj omregningssats");
    assert!(
        e.contains("høj omregningssats") && e.contains("2026"),
        "{e}"
    );
    // With the deduction converted by the a-kasse, the løntimer the income earns still need the
    // 2026 lav omregningssats, which was not found either.
    let e = run(
        "2026-03",
        &format!(
            "{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000, income_hours 16\""
        ),
    )
    .expect_err("no 2026 lav omregningssats");
    assert!(
        e.contains("lav omregningssats") && e.contains("earned_hours"),
        "{e}"
    );
    // Both converted by the a-kasse, the month computes.
    assert!(
        run(
            "2026-03",
            &format!(
                "{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000, income_hours 16, earned_hours 33\""
            ),
        )
        .is_ok()
    );
}

#[test]
fn fees_earn_loentimer_at_the_low_rate_and_the_note_says_it_is_secondary() {
    let (json, notes) = run(
        "2025-03",
        &format!("{EVERYDAY}placement = \"2025-03\"\nhistory = \"2025-03: income 5086\""),
    )
    .expect("computes");
    assert!(json.contains("\"reearned\":\"35.78\""), "{json}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("low_conversion_rate = 142.15 is derived")),
        "{notes:?}"
    );
    // In another year than the assessment's, the a-kasse's conversion is needed.
    let e = run(
        "2025-03",
        &format!(
            "{EVERYDAY}placement = \"2024-12\"\nhistory = \"2024-12: income 5086, income_hours 18.31; 2025-01/2025-03: work 0\""
        ),
    )
    .expect_err("earned hours of 2024");
    assert!(e.contains("earned_hours"), "{e}");
}

#[test]
fn re_earning_by_income_in_2026_is_left_out_with_its_reason_not_carried_forward() {
    let (json, notes) = run(
        "2026-03",
        &format!("{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: work 0\""),
    )
    .expect("the payment computes");
    assert!(json.contains("\"reearned\":null"), "{json}");
    assert!(json.contains("\"reearn_needed\":null"), "{json}");
    assert!(
        notes.iter().any(|n| n.contains("income requirement")),
        "{notes:?}"
    );
    // 2025 has them: 273.492 (derived, 12 × 22.791).
    let (json, _) = run(
        "2025-03",
        &format!("{EVERYDAY}placement = \"2025-03\"\nhistory = \"2025-03: work 0\""),
    )
    .expect("computes");
    assert!(json.contains("\"reearn_needed\":\"273492"), "{json}");
}

#[test]
fn a_dimittend_past_481_hours_needs_the_month_of_birth_and_is_never_paid_the_maximum() {
    let dimittend = "insurance = \"full_time\"\nmonthly_rate = \"maximum\"\ndimittend = true\nplacement = \"2025-01\"\n";
    let e = run(
        "2025-05",
        &format!("{dimittend}history = \"2025-01/2025-05: work 0\""),
    )
    .expect_err("under or over 30?");
    assert!(e.contains("birth_month") && e.contains("481"), "{e}");
    // Before the 481 hours no age is needed, and the rate is 71,5 %, not the maximum.
    let (json, _) = run(
        "2025-02",
        &format!("{dimittend}history = \"2025-01/2025-02: work 0\""),
    )
    .expect("computes");
    assert!(json.contains("\"dimittend_rate\":\"15081.00\""), "{json}");
    // A rate above the dimittend rate is refused.
    let e = run(
        "2025-02",
        "insurance = \"full_time\"\nmonthly_rate = \"20000\"\ndimittend = true\nplacement = \"2025-01\"\nhistory = \"2025-01/2025-02: work 0\"",
    )
    .expect_err("above the dimittend rate");
    assert!(e.contains("15.081"), "{e}");
}

/// A case in January 2027 is never computed from 2026's figures: refused with the reason
/// while no 2027 rates are encoded, or computed by a 2027 version once they are.
#[test]
fn january_2027_is_refused_with_the_reason_or_computed_by_a_2027_version() {
    match run(
        "2027-01",
        &format!("{EVERYDAY}placement = \"2026-11\"\nhistory = \"2026-11/2027-01: work 0\""),
    ) {
        Err(e) => assert!(
            e.contains("2027") && e.contains("not found") && e.contains("not carried forward"),
            "{e}"
        ),
        Ok((json, _)) => assert!(json.contains("\"version\":\"2027"), "{json}"),
    }
}
