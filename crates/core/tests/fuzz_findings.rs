//! What a black-box fuzzer of the CLI found on 2026-12-08 (51,240 mutated case files, 663
//! broken rule books, 173 overlays; no panic, but inputs computed that should be refused), each
//! held here at the layer that now refuses it. The CLI's side (devices, `--out`, Markdown) is in
//! `tests/cli.rs`.

use std::borrow::Cow;

use beregner_core::model::inputs::case_month;
use beregner_core::rules::{RuleFile, bundled_files, load};
use beregner_core::schemes::SCHEMES;
use beregner_core::tools::whatif::Typed;
use beregner_core::values::num::{NumberError, parse_amount_da, read_hours};
use beregner_core::{Engine, Format, SourceText, engine::case};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

/// The first error a case file's text gets, read and computed under the bundled rules.
fn refused(toml: &str) -> String {
    let src = SourceText::new("case.toml", toml);
    let errors = match case::parse(&src, Format::Toml) {
        Err(errors) => errors,
        Ok(c) => match Engine::bundled().expect("bundled rules").calculate(c) {
            Err(e) => vec![e],
            Ok(_) => return String::new(),
        },
    };
    errors.first().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn a_month_outside_the_case_years_is_refused_wherever_it_is_typed() {
    // A case file refused `9999-12`; a CSV row, a flag and `generate --month` computed it.
    assert!(case_month("9999-12").is_err());
    assert!(case_month("1899-12").is_err());
    assert!(case_month("2024-13").is_err());
    assert_eq!(
        case_month(" 2024-03 ").map(|m| m.to_string()),
        Ok("2024-03".into())
    );
}

#[test]
fn spaces_in_a_typed_amount_are_thousands_separators_only() {
    assert_eq!(parse_amount_da("15 600,50"), Ok(d("15600.50")));
    assert_eq!(parse_amount_da("1 234 567"), Ok(d("1234567")));
    assert_eq!(parse_amount_da("15\u{a0}600 kr."), Ok(d("15600")));
    // Were 15.600, 200 and 12.
    for slip in ["1 5600", "20 0", "1 2", "15 . 600", "15 600,5 0", "15 60"] {
        assert!(parse_amount_da(slip).is_err(), "{slip}");
    }
}

#[test]
fn hours_with_two_readings_are_refused_in_histories_as_in_fields() {
    // `0.100` hours: 0,1 in a file, 100 to a Danish reader; both are hours a week can have.
    assert!(matches!(
        read_hours("0.100", 168),
        Err(NumberError::Ambiguous { .. })
    ));
    assert_eq!(read_hours("37.5", 168), Ok(d("37.5")));
    assert_eq!(read_hours("37,5", 168), Ok(d("37.5")));
    // `1.500` a week can only be 1,5 (1.500 hours is not a week's).
    assert_eq!(read_hours("1.500", 168), Ok(d("1.5")));
    let e = refused(
        "scheme = \"sygedagpenge_refund\"\n[input]\nsick_hours = \"2024-W10: 0.100\"\nnormal_weekly_hours = \"37\"\nhourly_wage = \"200\"\n",
    );
    assert!(e.contains("ambiguous") && e.contains("reads 100"), "{e}");
}

#[test]
fn a_monthly_wage_worked_out_from_an_hourly_one_has_the_typed_ones_bound() {
    // 10.000 kr. an hour × 168 hours a week: 7.280.000 kr. a month was computed.
    let e = refused(
        "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nhourly_wage = \"10000\"\nweekly_hours = \"168\"\n",
    );
    assert!(
        e.contains("7.280.000,00 kr.") && e.contains("1.000.000,00 kr."),
        "{e}"
    );
    let e = refused(
        "scheme = \"loentilskud\"\n[input]\nstart_date = \"2026-02-02\"\nsector = \"private\"\ngroup = \"dagpenge\"\nage = \"40\"\nmonths_on_benefit = \"9\"\nordinary_employees = \"20\"\nsubsidised_employees = \"0\"\naverage_employees_12_months = \"20\"\nemployees_with_hire = \"21\"\nhours_paid = \"744\"\nhourly_wage = \"10000\"\n",
    );
    assert!(e.contains("7.440.000,00 kr."), "{e}");
    // 300 kr. an hour at 37 hours is a wage: computed.
    let ok = refused(
        "scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nhourly_wage = \"300\"\nweekly_hours = \"37\"\n",
    );
    assert_eq!(ok, "");
}

#[test]
fn a_blank_required_history_is_missing_not_empty() {
    // `weekly_hours = ""` earned a bonus from 0 weeks.
    let e = refused(
        "scheme = \"fleksjobbonus\"\n[input]\nhire_date = \"2014-05-05\"\nsector = \"private\"\nweekly_hours = \"  \"\n",
    );
    assert!(e.contains("weekly_hours") && e.contains("no value"), "{e}");
}

#[test]
fn what_if_hours_rise_so_a_decimal_comma_is_not_two_rows() {
    let typed = |hours: Vec<&'static str>| Typed {
        danish: true,
        month: Some("2024-03"),
        hourly_wage: Some("200"),
        hours,
        ..Typed::default()
    };
    let e = typed(vec!["10", "5"]).read().expect_err("10 then 5");
    assert!(
        e[0].message.contains("rise from row to row"),
        "{}",
        e[0].message
    );
    let r = typed(vec!["10,5", "12"]).read().expect("rising");
    assert_eq!(r.hours, [d("10.5"), d("12")]);
    // Typed, `0.100` is refused as a case file refuses it (it was read as 100 hours).
    assert!(typed(vec!["0.100"]).read().is_err());
}

/// The bundled rules with one file's text replaced.
fn with_file(suffix: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
    let files: Vec<RuleFile> = bundled_files()
        .into_iter()
        .map(|f| {
            if f.name.ends_with(suffix) {
                let text = String::from_utf8_lossy(&f.bytes).into_owned();
                RuleFile {
                    name: f.name,
                    bytes: Cow::Owned(edit(&text).into_bytes()),
                }
            } else {
                f
            }
        })
        .collect();
    match load(&files, SCHEMES) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .filter(|d| d.severity == beregner_core::source::diag::Severity::Error)
            .map(|d| d.to_string())
            .collect(),
    }
}

#[test]
fn a_rule_set_cannot_hold_a_fraction_of_a_month_or_year_zero() {
    // `earning_months = 0.4` was cut to 0 and a bonus earned on the hire date; one error, at
    // the value, and no second "gap" error blamed on the next file.
    let e = with_file("fleksjobbonus/2014-05.toml", |t| {
        let at = t
            .find("[parameters.earning_months]")
            .expect("the parameter");
        let (head, tail) = t.split_at(at);
        let value = tail.find("value = ").expect("its value");
        let end = value + tail[value..].find('\n').expect("a line");
        format!("{head}{}value = 0.4{}", &tail[..value], &tail[end..])
    });
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("earning_months") && e[0].contains("whole number"),
        "{e:?}"
    );
    assert!(e[0].contains(".toml:"), "a line and column: {e:?}");
    let e = with_file("fleksjobbonus/2013.toml", |t| {
        t.replacen("valid_from = 2013-", "valid_from = 0000-", 1)
    });
    assert!(e.iter().any(|m| m.contains("outside the years")), "{e:?}");
    // An overlap names the line and column of the `valid_from` that makes it.
    let e = with_file("fleksloentilskud/2024.toml", |t| {
        t.replacen("valid_from = 2024-01-01", "valid_from = 2023-06-01", 1)
    });
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("2024.toml:") && e[0].contains("overlaps"),
        "{e:?}"
    );
    let at = e[0].split("2024.toml:").nth(1).unwrap_or("");
    assert!(
        at.starts_with(|c: char| c.is_ascii_digit()),
        "a line: {e:?}"
    );
}

#[test]
fn an_overlays_until_is_held_to_the_years_and_a_cut_is_said() {
    use beregner_core::rules::overlay;
    let book = load(&bundled_files(), SCHEMES).expect("bundled rules");
    let text = |until: &str| {
        format!(
            "title = \"t\"\n[[change]]\nrule_set = \"fleksloentilskud\"\nparameter = \"high_rate\"\nvalue = 50\nfrom = 2027-01-01\nuntil = {until}\n"
        )
    };
    // 9999-12-31 was accepted and silently cut.
    let e = overlay::parse(&SourceText::new("o.toml", text("9999-12-31")), SCHEMES)
        .expect_err("out of the years");
    assert!(e[0].to_string().contains("outside the years"), "{e:?}");
    // 2099-12-31 is in the years; the cut to the last version's end is a warning.
    let o =
        overlay::parse(&SourceText::new("o.toml", text("2099-12-31")), SCHEMES).expect("parsed");
    let b = book.with_overlay(&o).expect("applied");
    assert!(
        b.warnings
            .iter()
            .any(|w| w.to_string().contains("reaches past")),
        "{:?}",
        b.warnings
    );
}
