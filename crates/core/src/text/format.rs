//! How a [`Value`] is written: one canonical text for JSON, and for a person in their language,
//! differently in a formula (`15.600,00 × 30 %`, `18 t`) and in a sentence (`1. marts 2024`).

use rust_decimal::Decimal;

use super::catalogue::{self, Lang};
use crate::values::month::{self, date_da, week_da};
use crate::values::num;
use crate::values::value::{Measure, Said, Value, Word};

/// Where a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Inside a formula: amounts as bare numbers, quantities with their unit (`18 h`).
    Formula,
    /// Inside a sentence: amounts with `kr.`, dates and weeks as the language says them.
    Prose,
}

/// The canonical text JSON and CSV carry: amounts with two decimals (`15272.00`), other
/// numbers without trailing zeros, ISO dates and weeks (`2014-W23`), a word's key, a sentence in
/// English.
pub fn canonical(v: &Value) -> String {
    match v {
        Value::Amount(d) => num::fixed(*d, 2),
        Value::Percent(d) | Value::Number(d) | Value::Measure(d, _) => num::plain(*d),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Week(d) => iso_week(*d),
        Value::Month(m) => m.to_string(),
        Value::Text(t) => t.clone(),
        Value::Translated(t) => t[0].clone(),
        Value::Word(w) => w.key.to_string(),
        Value::Said(s) => say(s, Lang::En),
        Value::None => "none".to_string(),
    }
}

/// A value in the readable explanation's columns (`beregner calc`): amounts the Danish way
/// (`15.272,00 kr.`), numbers with a decimal comma, dates and words as in JSON.
pub fn report(v: &Value) -> String {
    match v {
        Value::Amount(d) => format!("{} kr.", num::danish(*d, 2)),
        Value::Percent(d) => format!("{} %", num::plain_da(*d)),
        Value::Number(d) | Value::Measure(d, _) => num::plain_da(*d),
        Value::Bool(true) => "ja".to_string(),
        Value::Bool(false) => "nej".to_string(),
        Value::None => "–".to_string(),
        other => canonical(other),
    }
}

/// The most decimals a reader is shown: an exact intermediate with more (a division's
/// `32066.666666666666666666666667`) is cut there and marked `…`; JSON keeps every digit.
const SHOWN_DECIMALS: u32 = 6;

/// `d` cut to [`SHOWN_DECIMALS`], and whether it was.
fn shown(d: Decimal) -> (Decimal, &'static str) {
    if d.normalize().scale() > SHOWN_DECIMALS {
        (d.trunc_with_scale(SHOWN_DECIMALS), "…")
    } else {
        (d, "")
    }
}

/// A value for a reader of `lang`.
pub fn write(v: &Value, lang: Lang, style: Style) -> String {
    let number = |d: Decimal| match lang {
        Lang::En => {
            let mut out = String::new();
            write_number_en(&mut out, d);
            out
        }
        Lang::Da => {
            let (d, cut) = shown(d);
            format!("{}{cut}", num::plain_da(d))
        }
    };
    match v {
        Value::Amount(d) => {
            let (d, cut) = shown(*d);
            match (style, lang) {
                (Style::Formula, Lang::En) => format!("{}{cut}", num::fixed(d, 2)),
                (Style::Formula, Lang::Da) => format!("{}{cut}", num::danish(d, 2)),
                (Style::Prose, _) => format!("{}{cut} kr.", num::danish(d, 2)),
            }
        }
        Value::Percent(d) => format!("{} %", number(*d)),
        Value::Number(d) => number(*d),
        Value::Measure(d, m) => {
            // Hours, weeks and persons grouped in thousands for a Danish reader, as amounts are
            // (3.848 timer, 1.267,84 timer).
            let n = match lang {
                Lang::En => number(*d),
                Lang::Da => danish_grouped(*d),
            };
            match style {
                Style::Formula => format!("{n} {}", unit(*m, *d, lang)),
                Style::Prose => n,
            }
        }
        Value::Bool(b) => term(
            Word {
                scope: "common",
                key: if *b { "yes" } else { "no" },
            },
            lang,
        ),
        Value::Date(d) => match lang {
            Lang::En => d.to_string(),
            Lang::Da => date_da(*d),
        },
        Value::Week(d) => match lang {
            Lang::En => iso_week(*d),
            Lang::Da => week_da(*d),
        },
        Value::Month(m) => match lang {
            Lang::En => m.to_string(),
            Lang::Da => {
                let first = date_da(m.first_day());
                // "1. marts 2024" → "marts 2024"
                first
                    .split_once(' ')
                    .map_or(first.clone(), |(_, rest)| rest.to_string())
            }
        },
        Value::Text(t) => t.clone(),
        Value::Translated(t) => match lang {
            Lang::En => t[0].clone(),
            Lang::Da => t[1].clone(),
        },
        Value::Word(w) => term(*w, lang),
        Value::Said(s) => say(s, lang),
        Value::None => "–".to_string(),
    }
}

/// A quantity the Danish way: a decimal comma and thousands grouped (`1.267,84`), its decimals
/// as many as it has (cut as [`shown`] cuts them).
fn danish_grouped(d: Decimal) -> String {
    let (d, cut) = shown(d);
    format!("{}{cut}", num::danish(d, d.normalize().scale()))
}

/// A number as [`write`] gives it to an English reader.
fn write_number_en(out: &mut String, d: Decimal) {
    let (d, cut) = shown(d);
    num::write_plain(out, d);
    out.push_str(cut);
}

/// A term of the catalogue (`scope.term.key`) in `lang`.
pub fn term(w: Word, lang: Lang) -> String {
    let key = format!("term.{}", w.key);
    catalogue::fill(lang, w.scope, &key, &mut |_| None)
}

/// A sentence in `lang`, its values written as prose.
pub fn say(s: &Said, lang: Lang) -> String {
    let mut out = String::new();
    say_into(&mut out, s, lang);
    out
}

/// [`say`], appended to `out`.
pub fn say_into(out: &mut String, s: &Said, lang: Lang) {
    catalogue::fill_into(out, lang, s.scope, &s.key, &mut |name, out| {
        s.arg(name)
            .map(|v| write_into(out, v, lang, Style::Prose))
            .is_some()
    })
}

/// [`write`], appended to `out`: the values a sentence most often holds (dates, numbers, other
/// sentences) without a string of their own.
pub fn write_into(out: &mut String, v: &Value, lang: Lang, style: Style) {
    match (v, lang) {
        (Value::Said(s), _) => say_into(out, s, lang),
        (Value::Text(t), _) => out.push_str(t),
        (Value::Translated(t), Lang::En) => out.push_str(&t[0]),
        (Value::Translated(t), Lang::Da) => out.push_str(&t[1]),
        (Value::Date(d), Lang::En) => month::write_iso_date(out, *d),
        (Value::Number(d), Lang::En) => write_number_en(out, *d),
        (Value::Measure(d, _), Lang::En) if style == Style::Prose => write_number_en(out, *d),
        _ => out.push_str(&write(v, lang, style)),
    }
}

/// `2014-W23`.
pub fn iso_week(monday: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let w = monday.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn unit(m: Measure, n: Decimal, lang: Lang) -> &'static str {
    let one = n == Decimal::ONE;
    match (lang, m, one) {
        (Lang::En, Measure::Hours, _) => "h",
        (Lang::En, Measure::Weeks, true) => "week",
        (Lang::En, Measure::Weeks, false) => "weeks",
        (Lang::En, Measure::Days, true) => "day",
        (Lang::En, Measure::Days, false) => "days",
        (Lang::En, Measure::Months, true) => "month",
        (Lang::En, Measure::Months, false) => "months",
        (Lang::En, Measure::Years, true) => "year",
        (Lang::En, Measure::Years, false) => "years",
        (Lang::En, Measure::Persons, true) => "person",
        (Lang::En, Measure::Persons, false) => "persons",
        (Lang::Da, Measure::Hours, _) => "t",
        (Lang::Da, Measure::Weeks, true) => "uge",
        (Lang::Da, Measure::Weeks, false) => "uger",
        (Lang::Da, Measure::Days, true) => "dag",
        (Lang::Da, Measure::Days, false) => "dage",
        (Lang::Da, Measure::Months, true) => "måned",
        (Lang::Da, Measure::Months, false) => "måneder",
        (Lang::Da, Measure::Years, _) => "år",
        (Lang::Da, Measure::Persons, true) => "person",
        (Lang::Da, Measure::Persons, false) => "personer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn each_language_writes_numbers_its_own_way() {
        let amount = Value::Amount(d("15600"));
        assert_eq!(canonical(&amount), "15600.00");
        assert_eq!(write(&amount, Lang::En, Style::Formula), "15600.00");
        assert_eq!(write(&amount, Lang::Da, Style::Formula), "15.600,00");
        assert_eq!(write(&amount, Lang::Da, Style::Prose), "15.600,00 kr.");
        let hours = Value::hours(d("18.5"));
        assert_eq!(write(&hours, Lang::En, Style::Formula), "18.5 h");
        assert_eq!(write(&hours, Lang::Da, Style::Formula), "18,5 t");
        assert_eq!(write(&hours, Lang::Da, Style::Prose), "18,5");
        assert_eq!(write(&Value::weeks(1), Lang::Da, Style::Formula), "1 uge");
        let date = Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert_eq!(write(&date, Lang::Da, Style::Prose), "1. marts 2024");
        assert_eq!(canonical(&date), "2024-03-01");
        let week = Value::Week(chrono::NaiveDate::from_ymd_opt(2014, 6, 2).unwrap());
        assert_eq!(canonical(&week), "2014-W23");
        assert_eq!(write(&week, Lang::Da, Style::Prose), "uge 23 i 2014");
        let month = Value::Month(crate::values::month::Month::new(2024, 3).unwrap());
        assert_eq!(write(&month, Lang::Da, Style::Prose), "marts 2024");
    }
}
