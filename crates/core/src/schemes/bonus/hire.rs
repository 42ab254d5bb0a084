//! What the hiring bonuses share about the hire itself: the employer's sector, the paid hours
//! week by week, the day the employment ended, and how they are read from a case. Their texts
//! are in the family's own catalogue scope, `bonus` (`[bonus.…]` in `catalogue/*/bonus.toml`).
//!
//! A history of paid hours is written as periods with their weekly hours or as single ISO
//! weeks, separated by `;`:
//!
//! `2014-05-05/2014-11-30: 8; 2014-W49: 10,5; 2014-12-08/2015-02-01: 10`
//!
//! A week no entry covers is a break in the employment. The history is kept as runs of weeks,
//! not week by week, so a long period costs no more than a short one, and reading it takes
//! `O(n log n)` in the number of entries.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::Decimal;

use crate::model::Fields;
use crate::model::inputs::quantity_error;
use crate::rules::spec::bounds;
use crate::values::month::parse_date;
use crate::values::num;
use crate::values::value::{Said, Value};

/// The catalogue scope of the texts the bonus schemes share.
pub const FAMILY: &str = "bonus";

/// The sectors an employer can be in, as a case writes them.
pub const SECTORS: &[&str] = &["private", "public"];

/// The employer's sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Private,
    Public,
}

impl Sector {
    /// The sector a case names (one of [`SECTORS`]).
    pub fn of(word: &str) -> Sector {
        if word == "public" {
            Sector::Public
        } else {
            Sector::Private
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Sector::Private => "private",
            Sector::Public => "public",
        }
    }

    /// The sector as a word of the family (`bonus.term.private`).
    pub fn value(self) -> Value {
        Value::word(FAMILY, self.key())
    }
}

/// Hours as the bonus texts write them, with a decimal comma in both languages (`10,5`): the
/// family's sentences (`first_breach`, `still_to_hold`) have always written them so, and its
/// fixtures and the browser page read them so.
pub fn hours(d: Decimal) -> Value {
    Value::Text(num::plain_da(d))
}

/// The Monday of the ISO week `date` lies in.
fn monday_of(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
}

/// Weeks `first..=last` (Mondays) paid `hours` a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: NaiveDate,
    last: NaiveDate,
    hours: Decimal,
}

/// Paid hours week by week: runs of ISO weeks, in order, not overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    runs: Vec<Run>,
}

/// A problem with an entry of a history: `bonus.input_error.<key>`, naming the entry.
fn entry_error(key: &'static str, entry: &str) -> Said {
    Said::new(FAMILY, key).with("entry", Value::Text(entry.to_string()))
}

fn parse_week(text: &str) -> Option<NaiveDate> {
    let (y, w) = text.split_once("-W")?;
    NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
}

fn parse_hours(text: &str, entry: &str) -> Result<Decimal, Said> {
    let shown = Value::Text(text.trim().to_string());
    let h = num::read_hours(text, bounds::HOURS_PER_WEEK).map_err(|e| match e {
        num::NumberError::Ambiguous { .. } => entry_error("input_error.history_number", entry)
            .with(
                "problem",
                Value::said(quantity_error(text, &e, Value::hours)),
            ),
        _ => entry_error("input_error.history_hours", entry).with("hours", shown.clone()),
    })?;
    if h.is_sign_negative() && !h.is_zero() {
        return Err(entry_error("input_error.history_negative", entry).with("hours", shown));
    }
    if h > Decimal::from(bounds::HOURS_PER_WEEK) {
        return Err(entry_error("input_error.history_too_many", entry).with("hours", shown));
    }
    Ok(h)
}

/// The Mondays of the first and last week an entry's period or week names, within the years a
/// history may give.
fn parse_when(when: &str, entry: &str) -> Result<(NaiveDate, NaiveDate), Said> {
    let (first, last) = parse_span(when, entry)?;
    if !bounds::history_year(first.year()) || !bounds::history_year(last.year()) {
        let (a, b) = bounds::history_days();
        return Err(entry_error("input_error.outside_years", entry)
            .with("first", Value::Date(a))
            .with("last", Value::Date(b)));
    }
    Ok((first, last))
}

fn parse_span(when: &str, entry: &str) -> Result<(NaiveDate, NaiveDate), Said> {
    let shown = || Value::Text(when.to_string());
    match when.split_once('/') {
        Some((a, b)) => {
            let (Some(a), Some(b)) = (parse_date(a.trim()), parse_date(b.trim())) else {
                return Err(entry_error("input_error.history_period", entry).with("when", shown()));
            };
            if b < a {
                return Err(entry_error("input_error.history_backwards", entry));
            }
            monday_of(a).zip(monday_of(b)).ok_or_else(|| {
                entry_error("input_error.history_period", entry).with("when", shown())
            })
        }
        None => parse_week(when)
            .map(|m| (m, m))
            .ok_or_else(|| entry_error("input_error.history_week", entry).with("when", shown())),
    }
}

impl WeeklyHours {
    /// Reads a history; the first problem, in the order the entries are written, is named.
    pub fn parse(text: &str) -> Result<WeeklyHours, Said> {
        // The runs read so far, by first Monday: (last Monday, hours, entry).
        let mut runs: BTreeMap<NaiveDate, (NaiveDate, Decimal, &str)> = BTreeMap::new();
        for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let (when, hours) = entry
                .split_once(':')
                .ok_or_else(|| entry_error("input_error.history_entry", entry))?;
            let hours = parse_hours(hours, entry)?;
            let (first, last) = parse_when(when.trim(), entry)?;
            // The runs before are disjoint: the first week this one shares with them is its own
            // first week (inside a run that starts no later), or the start of the next run.
            let before = runs
                .range(..=first)
                .next_back()
                .filter(|(_, (end, ..))| *end >= first)
                .map(|(_, (_, _, other))| (first, *other));
            let after = || {
                runs.range(first..=last)
                    .next()
                    .map(|(start, (_, _, other))| (*start, *other))
            };
            if let Some((week, other)) = before.or_else(after) {
                return Err(Said::new(FAMILY, "input_error.history_overlap")
                    .with("entry", Value::Text(entry.to_string()))
                    .with("other", Value::Text(other.to_string()))
                    .with("week", Value::Week(week)));
            }
            runs.insert(first, (last, hours, entry));
        }
        Ok(WeeklyHours {
            runs: runs
                .into_iter()
                .map(|(first, (last, hours, _))| Run { first, last, hours })
                .collect(),
        })
    }

    /// The paid hours of the week that starts on `monday`, if the history has it.
    pub fn week(&self, monday: NaiveDate) -> Option<Decimal> {
        let i = self.runs.partition_point(|r| r.first <= monday);
        let run = self.runs.get(i.checked_sub(1)?)?;
        (monday <= run.last).then_some(run.hours)
    }

    /// The hours of the week of `monday` and the Monday of the last week of the run of equal
    /// weeks it lies in, or `None` when the history has no such week.
    pub fn run_at(&self, monday: NaiveDate) -> Option<(Decimal, NaiveDate)> {
        let i = self.runs.partition_point(|r| r.first <= monday);
        let run = self.runs.get(i.checked_sub(1)?)?;
        (monday <= run.last).then_some((run.hours, run.last))
    }

    /// The Monday of the first week in the history.
    pub fn first_monday(&self) -> Option<NaiveDate> {
        self.runs.first().map(|r| r.first)
    }

    /// The Monday of the last week in the history.
    pub fn last_monday(&self) -> Option<NaiveDate> {
        self.runs.last().map(|r| r.last)
    }
}

/// What every hire case gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hire {
    /// The day the employment started.
    pub hire_date: NaiveDate,
    pub sector: Sector,
    /// The paid hours week by week.
    pub history: WeeklyHours,
    /// The last day of the employment, if it has ended.
    pub ended: Option<NaiveDate>,
}

/// Reads `hire_date`, `sector`, `weekly_hours` and `ended`, and checks them against each other:
/// the history may not start before the employment, nor the employment end before it starts.
pub fn read(f: &mut Fields) -> Option<Hire> {
    let hire_date = f.date("hire_date");
    let sector = f.choice("sector").map(Sector::of);
    let history = f
        .text("weekly_hours")
        .and_then(|text| match WeeklyHours::parse(text) {
            Ok(h) => Some(h),
            Err(said) => {
                f.fail("weekly_hours", said);
                None
            }
        });
    if let (Some(start), Some(h)) = (hire_date, &history)
        && h.first_monday()
            .and_then(|m| m.checked_add_days(Days::new(6)))
            .is_some_and(|sunday| sunday < start)
    {
        f.fail(
            "weekly_hours",
            Said::new(FAMILY, "input_error.history_before_start").with("start", Value::Date(start)),
        );
    }
    let ended = f.date("ended");
    if let (Some(e), Some(s)) = (ended, hire_date)
        && e < s
    {
        f.fail(
            "ended",
            Said::new(FAMILY, "input_error.ended_before_start")
                .with("ended", Value::Date(e))
                .with("start", Value::Date(s)),
        );
    }
    Some(Hire {
        hire_date: hire_date?,
        sector: sector?,
        history: history?,
        ended,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;
    use crate::text::format::say;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn error(text: &str) -> String {
        say(&WeeklyHours::parse(text).unwrap_err(), Lang::En)
    }

    #[test]
    fn periods_and_weeks_become_runs_of_iso_weeks() {
        let h = WeeklyHours::parse("2014-05-05/2014-05-18: 8; 2014-W21: 10,5").unwrap();
        assert_eq!(h.week(d("2014-05-05")), Some(Decimal::from(8)));
        assert_eq!(h.week(d("2014-05-12")), Some(Decimal::from(8)));
        assert_eq!(h.week(d("2014-05-19")), Some(Decimal::new(105, 1)));
        assert_eq!(h.week(d("2014-05-26")), None);
        assert_eq!(h.week(d("2014-04-28")), None);
        assert_eq!(h.first_monday(), Some(d("2014-05-05")));
        assert_eq!(h.last_monday(), Some(d("2014-05-19")));
        // Written out of order, read in order; a gap is a week without hours.
        let h = WeeklyHours::parse("2014-W30: 5; 2014-W21: 10").unwrap();
        assert_eq!(h.first_monday(), Some(d("2014-05-19")));
        assert_eq!(h.week(d("2014-06-02")), None);
        assert_eq!(WeeklyHours::parse("").unwrap().last_monday(), None);
    }

    #[test]
    fn bad_histories_are_explained() {
        assert!(error("2014-05-05/2014-05-01: 8").contains("ends before it starts"));
        assert!(error("2014-W19: -1").contains("-1 hours is negative"));
        assert!(error("2014-W19: 169").contains("more than a week has"));
        assert!(error("2014-W19: ten").contains("`ten` is not a number of hours"));
        assert_eq!(
            error("2014-05-05/2014-05-18: 8; 2014-W20: 9"),
            "`2014-W20: 9` overlaps `2014-05-05/2014-05-18: 8` in week 2014-W20"
        );
        // The first shared week is named, whichever run starts first.
        assert_eq!(
            error("2014-W25: 8; 2014-06-02/2014-07-01: 9"),
            "`2014-06-02/2014-07-01: 9` overlaps `2014-W25: 8` in week 2014-W25"
        );
        assert!(error("2014-05-05: 8").contains("not a week"));
        assert!(error("8 hours").contains("write a period"));
        assert!(error("2014-13-01/2014-14-01: 8").contains("not a period of two dates"));
    }

    #[test]
    fn a_history_of_many_long_periods_is_read_quickly() {
        // Fifty weeks of every year from 1901 to 2100 (the years a history may give), each as
        // its own entry: 10,000 runs.
        let text: Vec<String> = (1901..=2100)
            .flat_map(|y| (1..=50).map(move |w| format!("{y:04}-W{w:02}: 8")))
            .collect();
        let h = WeeklyHours::parse(&text.join("; ")).unwrap();
        assert_eq!(h.week(d("2000-06-05")), Some(Decimal::from(8)));
        // The same long period a thousand times is refused at the second, not expanded.
        let same = vec!["1900-01-01/2100-12-31: 8"; 1000].join("; ");
        assert!(WeeklyHours::parse(&same).is_err());
    }

    /// Ten thousand years in 23 bytes: refused at once with the years a history may give,
    /// never expanded (issue 17).
    #[test]
    fn a_history_spanning_ten_thousand_years_is_refused_at_once() {
        let text = "0001-01-01/9999-12-31:8";
        assert_eq!(text.len(), 23);
        let start = std::time::Instant::now();
        assert_eq!(
            error(text),
            "`0001-01-01/9999-12-31:8`: a history gives dates from 1900-01-01 to 2100-12-31"
        );
        assert!(error("1899-12-25/1900-03-01: 8").contains("from 1900-01-01 to 2100-12-31"));
        assert!(error("2101-W01: 8").contains("from 1900-01-01 to 2100-12-31"));
        assert!(start.elapsed() < std::time::Duration::from_millis(500));
    }
}
