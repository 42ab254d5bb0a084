//! One way to read an amount: every amount field of every scheme reads the same text the same
//! way (or refuses it for the same reason), and a case file in TOML, in JSON and a batch row
//! read it alike. `"15.600"` is never 15,60 kr. in one place and 15.600 kr. in another.

use beregner_core::model::{Fields, Raw};
use beregner_core::rules::spec::{InputKind, SchemeSpec};
use beregner_core::schemes::SCHEMES;
use beregner_core::tools::batch;
use beregner_core::values::num::{self, NumberError};
use beregner_core::{Format, SourceText, engine::case};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Every amount field: (scheme, field, the most it may hold).
fn amount_fields() -> Vec<(&'static SchemeSpec, &'static str, u64)> {
    SCHEMES
        .iter()
        .flat_map(|s| {
            s.inputs.iter().filter_map(move |i| match i.kind {
                InputKind::Amount { max } | InputKind::AmountOrWord { max, .. } => {
                    Some((*s, i.name, max))
                }
                _ => None,
            })
        })
        .collect()
}

/// What one field makes of a text: the amount, or the catalogue key of the refusal.
fn read(spec: &'static SchemeSpec, field: &'static str, text: &str) -> Result<Decimal, String> {
    let f = Fields::read(spec.name, spec.inputs, |name| {
        (name == field).then_some(Raw::Text(text))
    });
    match f.errors.iter().find(|e| e.field == field) {
        Some(e) => Err(e.said.key.to_string()),
        None => f.amount_of(field).ok_or_else(|| "nothing read".to_string()),
    }
}

/// What the one reader says, with the bounds every amount field has.
fn expected(text: &str, max: u64) -> Result<Decimal, String> {
    let key = |k: &str| Err(format!("input.{k}"));
    if text.trim().is_empty() {
        return key("empty");
    }
    match num::read_amount(text) {
        Ok(d) if d.is_sign_negative() && !d.is_zero() => key("negative"),
        Ok(d) if d.normalize().scale() > 2 => key("too_many_decimals"),
        Ok(d) if d > Decimal::from(max) => key("above_max"),
        Ok(d) => Ok(d),
        Err(NumberError::NotANumber) => key("not_a_number"),
        Err(NumberError::Exponent) => key("exponent"),
        Err(NumberError::TooManyDigits) => key("too_many_digits"),
        Err(NumberError::Ambiguous { .. }) => key("ambiguous_point"),
        Err(NumberError::Danish { .. }) => key("danish_comma"),
    }
}

#[test]
fn every_scheme_declares_its_amounts() {
    // The schemes on the model declare kinds; at least fleksløntilskud's amounts are here.
    assert!(amount_fields().len() >= 7, "{:?}", amount_fields().len());
}

#[test]
fn texts_a_danish_reader_reads_otherwise_are_refused_everywhere() {
    for (spec, field, _) in amount_fields() {
        for (text, key) in [
            ("15.600", "input.ambiguous_point"),
            ("1.234,56", "input.danish_comma"),
            ("15600,50", "input.danish_comma"),
            ("1.234.567", "input.danish_comma"),
            ("7.9e25", "input.exponent"),
        ] {
            assert_eq!(
                read(spec, field, text),
                Err(key.to_string()),
                "{}.{field} reads `{text}`",
                spec.name
            );
        }
        assert_eq!(read(spec, field, "15.60"), Ok(Decimal::new(1560, 2)));
    }
}

fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Plain and Danish-looking amounts, signs, stray separators.
        "[-+]?[0-9]{0,8}([.,][0-9]{0,4}){0,3}",
        // Long digit strings (beyond 28 digits and the i64 fast path).
        "[0-9]{15,32}(\\.[0-9]{1,3})?",
        // Anything short.
        ".{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_amount_field_reads_a_text_as_the_one_reader_does(text in amount_text()) {
        for (spec, field, max) in amount_fields() {
            let got = read(spec, field, &text);
            // A word field may take its word; everything else is the one reading.
            if let Some(InputKind::AmountOrWord { word, .. }) = spec.input(field).map(|i| i.kind)
                && text.trim() == word
            {
                continue;
            }
            prop_assert_eq!(&got, &expected(&text, max), "{}.{} reads `{}`", spec.name, field, text);
        }
    }

    #[test]
    fn toml_json_and_a_batch_row_read_an_amount_alike(text in "(0|[1-9][0-9]{0,6})(\\.[0-9]{1,3})?") {
        let toml = format!("scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = \"{text}\"\n");
        let json = format!("{{\"scheme\":\"fleksloentilskud\",\"month\":\"2024-03\",\"input\":{{\"wage\":\"{text}\"}}}}");
        let toml_number = format!("scheme = \"fleksloentilskud\"\nmonth = \"2024-03\"\n[input]\nwage = {text}\n");
        let parse = |t: &str, f| case::parse(&SourceText::new("case", t), f).map(|c| c.echo).map_err(|d| d[0].message.clone());
        let a = parse(&toml, Format::Toml);
        prop_assert_eq!(&a, &parse(&json, Format::Json));
        prop_assert_eq!(&a, &parse(&toml_number, Format::Toml));
        let header = batch::Header::new(&["scheme", "month", "wage"], true).expect("header");
        let row = batch::case_from_csv(&header, &["fleksloentilskud", "2024-03", &text], "row 1");
        prop_assert_eq!(a.is_ok(), row.is_ok(), "{:?}", row.as_ref().err());
    }
}
