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
pub fn mondays(from: NaiveDate, to: NaiveDate) -> Mondays {
    let first = monday_of(from);
    let count = if to < first {
        0
    } else {
        usize::try_from((to - first).num_days() / 7 + 1).unwrap_or(0)
    };
    Mondays { first, count }
}

/// Consecutive Mondays, held as the first and how many: a bonus's period is up to two years of
/// weeks, looked at for every case of a caseload, so they are counted rather than listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mondays {
    first: NaiveDate,
    count: usize,
}

impl Mondays {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The `i`-th Monday (from 0).
    pub fn get(&self, i: usize) -> Option<NaiveDate> {
        if i >= self.count {
            return None;
        }
        let days = u64::try_from(i).ok()?.checked_mul(7)?;
        self.first.checked_add_days(chrono::Days::new(days))
    }

    pub fn first(&self) -> Option<NaiveDate> {
        self.get(0)
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.get(self.count.checked_sub(1)?)
    }

    pub fn iter(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.count).map_while(|i| self.get(i))
    }
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

    #[test]
    fn the_mondays_of_a_period_are_those_of_its_weeks() {
        let d = |s| crate::values::month::parse_date(s).unwrap();
        // Wednesday 1 January 2025 to Sunday 12 January: weeks 1 and 2 (30 December, 6 January).
        let m = mondays(d("2025-01-01"), d("2025-01-12"));
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [d("2024-12-30"), d("2025-01-06")]
        );
        assert_eq!(
            (m.first(), m.last()),
            (Some(d("2024-12-30")), Some(d("2025-01-06")))
        );
        // A Monday alone is one week; a period ending before its first Monday has none.
        assert_eq!(mondays(d("2025-01-13"), d("2025-01-13")).len(), 1);
        assert!(mondays(d("2025-01-14"), d("2025-01-12")).is_empty());
        // Two years from a Tuesday: 105 weeks (the first and last partly).
        assert_eq!(mondays(d("2024-03-05"), d("2026-03-04")).len(), 105);
        assert_eq!(mondays(d("2024-03-05"), d("2026-03-04")).get(105), None);
    }
}
