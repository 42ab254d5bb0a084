//! Weeks and months of the calendar as histories use them: paid hours week by week (ISO weeks,
//! Monday to Sunday), the Mondays of a period, a date some months on. Each scheme reads its own
//! history notation into these (e.g. `schemes/sygedagpenge/sygedagpenge_refund/weeks.rs`).

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

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

impl History {
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
    fn months_are_added_to_the_calendar() {
        let d = |s| crate::values::month::parse_date(s).unwrap();
        assert_eq!(add_months(d("2014-05-05"), 9), d("2015-02-05"));
        assert_eq!(add_months(d("2014-01-31"), 1), d("2014-02-28"));
    }
}
