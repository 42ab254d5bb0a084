//! The hours of absence week by week, in the history notation the bonuses use for paid hours:
//! periods with their weekly hours, or single ISO weeks, separated by `;`
//! (`2024-03-04/2024-03-17: 37; 2024-W12: 15`). A decimal comma is read as a point.
//!
//! Each problem is a sentence of the scheme's catalogue (`input_error.*`), naming the entry. The
//! weeks are kept in an ordered map, so an overlap is found in logarithmic time and the whole
//! reading is `n log n` in the number of weeks.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::Decimal;

use crate::model::inputs::quantity_error;
use crate::rules::spec::bounds;
use crate::values::history::{History, Week, monday_of};
use crate::values::month::parse_date;
use crate::values::num;
use crate::values::value::{Said, Value};

const SCOPE: &str = "sygedagpenge_refund";

fn problem(key: &'static str, entry: &str) -> Said {
    Said::new(SCOPE, key).with("entry", Value::Text(entry.to_string()))
}

fn text(t: &str) -> Value {
    Value::Text(t.trim().to_string())
}

/// The hours of one entry: not negative, at most the hours of a week.
fn hours(raw: &str, entry: &str) -> Result<Decimal, Said> {
    let h = num::read_hours(raw.trim(), bounds::HOURS_PER_WEEK).map_err(|e| match e {
        num::NumberError::Ambiguous { .. } => problem("input_error.hours_number", entry).with(
            "problem",
            Value::said(quantity_error(raw, &e, Value::hours)),
        ),
        _ => problem("input_error.hours_not_a_number", entry).with("text", text(raw)),
    })?;
    if h.is_sign_negative() && !h.is_zero() {
        return Err(problem("input_error.hours_negative", entry).with("hours", Value::hours(h)));
    }
    if h > Decimal::from(bounds::HOURS_PER_WEEK) {
        return Err(problem("input_error.hours_above_week", entry).with("hours", Value::hours(h)));
    }
    Ok(h)
}

/// `2014-W23`: the Monday of that ISO week.
fn iso_week(text: &str) -> Option<NaiveDate> {
    let (y, w) = text.split_once("-W")?;
    NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

/// Reads the history; the first problem found is returned.
pub fn parse(text_in: &str) -> Result<History, Said> {
    let mut weeks: BTreeMap<NaiveDate, (Decimal, &str)> = BTreeMap::new();
    for entry in text_in.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let (when, raw_hours) = entry
            .split_once(':')
            .ok_or_else(|| problem("input_error.not_an_entry", entry))?;
        let h = hours(raw_hours, entry)?;
        let when = when.trim();
        let (from, to) = match when.split_once('/') {
            Some((a, b)) => {
                let (Some(a), Some(b)) = (parse_date(a.trim()), parse_date(b.trim())) else {
                    return Err(problem("input_error.not_a_period", entry).with("text", text(when)));
                };
                if b < a {
                    return Err(problem("input_error.ends_before_start", entry));
                }
                // Dates of four-digit years: their Mondays exist.
                (monday_of(a), monday_of(b))
            }
            None => {
                let m = iso_week(when).ok_or_else(|| {
                    problem("input_error.not_a_week", entry).with("text", text(when))
                })?;
                (m, m)
            }
        };
        // Checked before the weeks are counted out one by one.
        if !bounds::history_year(from.year()) || !bounds::history_year(to.year()) {
            let (first, last) = bounds::history_days();
            return Err(problem("input_error.outside_years", entry)
                .with("first", Value::Date(first))
                .with("last", Value::Date(last)));
        }
        let mut m = from;
        while m <= to {
            if let Some((_, other)) = weeks.insert(m, (h, entry)) {
                return Err(problem("input_error.overlap", entry)
                    .with("other", Value::Text(other.to_string()))
                    .with("week", Value::Week(m)));
            }
            match m.checked_add_days(Days::new(7)) {
                Some(next) => m = next,
                None => break,
            }
        }
    }
    if weeks.is_empty() {
        return Err(Said::new(SCOPE, "input_error.no_weeks"));
    }
    Ok(History {
        weeks: weeks
            .into_iter()
            .map(|(monday, (hours, _))| Week { monday, hours })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> String {
        parse(text).unwrap_err().key.into_owned()
    }

    #[test]
    fn periods_and_weeks_become_iso_weeks_in_order() {
        let h = parse("2024-W12: 15; 2024-03-04/2024-03-17: 37,5").unwrap();
        let weeks: Vec<(String, String)> = h
            .weeks
            .iter()
            .map(|w| (w.label(), w.hours.to_string()))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2024-W10".into(), "37.5".into()),
                ("2024-W11".into(), "37.5".into()),
                ("2024-W12".into(), "15".into())
            ]
        );
    }

    #[test]
    fn each_problem_has_its_sentence() {
        assert_eq!(key("37 hours"), "input_error.not_an_entry");
        assert_eq!(key("2024-W10: many"), "input_error.hours_not_a_number");
        assert_eq!(key("2024-W10: -1"), "input_error.hours_negative");
        assert_eq!(key("2024-W10: 169"), "input_error.hours_above_week");
        assert_eq!(key("2024-03-04/2024-13-01: 8"), "input_error.not_a_period");
        assert_eq!(
            key("2024-03-18/2024-03-04: 8"),
            "input_error.ends_before_start"
        );
        assert_eq!(key("2024-03-04: 8"), "input_error.not_a_week");
        assert_eq!(key("2024-W53: 8"), "input_error.not_a_week");
        assert_eq!(
            key("2024-03-04/2024-03-17: 37; 2024-W11: 10"),
            "input_error.overlap"
        );
        assert_eq!(key(" ; "), "input_error.no_weeks");
    }

    #[test]
    fn a_long_history_is_read_without_quadratic_time() {
        // Two hundred years of weeks, all the years a history may give (quadratic overlap
        // checks would take minutes), then an overlap at the very end.
        let h = parse("1900-01-01/2100-12-31: 1").unwrap();
        assert!(h.weeks.len() > 10_000);
        assert_eq!(
            key("1900-01-01/2100-12-31: 1; 2100-W50: 2"),
            "input_error.overlap"
        );
        // Far years in week notation are refused as far dates are (issue 17).
        assert_eq!(key("200000-W01: 8"), "input_error.outside_years");
    }

    /// Ten thousand years in 23 bytes are refused at once with the years a history may give,
    /// not counted out week by week (issue 17).
    #[test]
    fn a_history_spanning_ten_thousand_years_is_refused_at_once() {
        let text = "0001-01-01/9999-12-31:8";
        assert_eq!(text.len(), 23);
        let start = std::time::Instant::now();
        assert_eq!(
            crate::text::format::say(&parse(text).unwrap_err(), crate::text::Lang::En),
            "`0001-01-01/9999-12-31:8`: the weeks lie between 1900-01-01 and 2100-12-31"
        );
        assert!(start.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(key("1899-W52: 8"), "input_error.outside_years");
    }
}
