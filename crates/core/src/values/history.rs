//! Employment histories: paid hours week by week (ISO weeks, Monday to Sunday), written as
//! periods with their weekly hours or as single weeks, separated by `;`:
//!
//! `2014-05-05/2014-11-30: 8; 2014-W49: 10,5; 2014-12-08/2015-02-01: 10`
//!
//! A week no entry covers is a break in the employment.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rust_decimal::Decimal;

use crate::values::month::parse_date;
use crate::values::num;

/// One ISO week's paid hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    /// The Monday the week starts.
    pub monday: NaiveDate,
    pub hours: Decimal,
}

impl Week {
    /// `2014-W23`.
    pub fn label(&self) -> String {
        let w = self.monday.iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    }
}

/// The Monday of the ISO week `date` lies in.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Weeks with paid hours, in order, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub weeks: Vec<Week>,
}

fn parse_hours(text: &str, entry: &str) -> Result<Decimal, String> {
    let h = num::parse_decimal(&text.trim().replace(',', "."))
        .map_err(|_| format!("`{entry}`: `{}` is not a number of hours", text.trim()))?;
    if h.is_sign_negative() && !h.is_zero() {
        return Err(format!("`{entry}`: {h} hours is negative"));
    }
    if h > Decimal::from(168) {
        return Err(format!("`{entry}`: {h} hours is more than a week has"));
    }
    Ok(h)
}

fn parse_week(text: &str) -> Option<NaiveDate> {
    let (y, w) = text.split_once("-W")?;
    NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

impl History {
    pub fn parse(text: &str) -> Result<History, String> {
        let mut weeks: Vec<(Week, String)> = Vec::new();
        for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let (when, hours) = entry.split_once(':').ok_or_else(|| {
                format!(
                    "`{entry}`: write a period and its weekly hours, e.g. 2014-05-05/2014-11-30: 8"
                )
            })?;
            let hours = parse_hours(hours, entry)?;
            let (from, to) = match when.trim().split_once('/') {
                Some((a, b)) => {
                    let (Some(a), Some(b)) = (parse_date(a.trim()), parse_date(b.trim())) else {
                        return Err(format!(
                            "`{entry}`: `{}` is not a period of two dates (YYYY-MM-DD/YYYY-MM-DD)",
                            when.trim()
                        ));
                    };
                    if b < a {
                        return Err(format!("`{entry}`: the period ends before it starts"));
                    }
                    (monday_of(a), monday_of(b))
                }
                None => {
                    let m = parse_week(when.trim()).ok_or_else(|| {
                        format!(
                            "`{entry}`: `{}` is not a week (2014-W23) or a period",
                            when.trim()
                        )
                    })?;
                    (m, m)
                }
            };
            let mut m = from;
            while m <= to {
                if let Some((_, other)) = weeks.iter().find(|(w, _)| w.monday == m) {
                    return Err(format!(
                        "`{entry}` overlaps `{other}` in week {}",
                        Week { monday: m, hours }.label()
                    ));
                }
                weeks.push((Week { monday: m, hours }, entry.to_string()));
                m += Duration::days(7);
            }
        }
        let mut weeks: Vec<Week> = weeks.into_iter().map(|(w, _)| w).collect();
        weeks.sort_by_key(|w| w.monday);
        Ok(History { weeks })
    }

    pub fn week(&self, monday: NaiveDate) -> Option<&Week> {
        self.weeks.iter().find(|w| w.monday == monday)
    }

    pub fn last_monday(&self) -> Option<NaiveDate> {
        self.weeks.last().map(|w| w.monday)
    }
}

/// The Mondays of the ISO weeks overlapping `from..=to`.
pub fn mondays(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = monday_of(from);
    while m <= to {
        out.push(m);
        m += Duration::days(7);
    }
    out
}

/// The day `months` calendar months after `date` (the same day of the month, or the month's
/// last day when it has fewer days: 31 January + 1 month = 28/29 February).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_weeks_become_iso_weeks() {
        let h = History::parse("2014-05-05/2014-05-18: 8; 2014-W21: 10,5").unwrap();
        let labels: Vec<(String, String)> = h
            .weeks
            .iter()
            .map(|w| (w.label(), w.hours.to_string()))
            .collect();
        assert_eq!(
            labels,
            [
                ("2014-W19".into(), "8".into()),
                ("2014-W20".into(), "8".into()),
                ("2014-W21".into(), "10.5".into())
            ]
        );
    }

    #[test]
    fn bad_histories_are_explained() {
        assert!(
            History::parse("2014-05-05/2014-05-01: 8")
                .unwrap_err()
                .contains("ends before it starts")
        );
        assert!(
            History::parse("2014-W19: -1")
                .unwrap_err()
                .contains("negative")
        );
        assert!(
            History::parse("2014-05-05/2014-05-18: 8; 2014-W20: 9")
                .unwrap_err()
                .contains("overlaps")
        );
        assert!(
            History::parse("2014-05-05: 8")
                .unwrap_err()
                .contains("not a week")
        );
        assert!(
            History::parse("8 hours")
                .unwrap_err()
                .contains("write a period")
        );
    }

    #[test]
    fn months_are_added_to_the_calendar() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(add_months(d("2014-05-05"), 9), d("2015-02-05"));
        assert_eq!(add_months(d("2014-01-31"), 1), d("2014-02-28"));
    }
}
