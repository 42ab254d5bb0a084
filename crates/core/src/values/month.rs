//! Calendar months (`2024-03`), the period most schemes are computed for.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn first_day(self) -> NaiveDate {
        // Valid by construction: `new` and `from_str` check the month exists.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Appends `YYYY-MM` to `out` (the [`fmt::Display`] text, without the formatting machinery).
    pub fn write_to(self, out: &mut String) {
        if (0..=9999).contains(&self.year) {
            let y = self.year as u32;
            for d in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
                out.push(char::from(b'0' + d as u8));
            }
            out.push('-');
            out.push(char::from(b'0' + (self.month / 10) as u8));
            out.push(char::from(b'0' + (self.month % 10) as u8));
        } else {
            out.push_str(&self.to_string());
        }
    }

    /// The month counted from January of year 0: the difference of two is the months between.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month0())
    }

    /// 0-based month of the year (January = 0).
    pub fn month0(self) -> u32 {
        self.month - 1
    }

    /// The month `n` months later.
    pub fn plus_months(self, n: u32) -> Self {
        let total = self.index() + i64::from(n);
        Self {
            year: (total / 12) as i32,
            month: (total % 12) as u32 + 1,
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a month; write it as YYYY-MM, e.g. 2024-03");
        // The usual form, read byte by byte.
        if let [y1, y2, y3, y4, b'-', m1, m2] = s.as_bytes()
            && [y1, y2, y3, y4, m1, m2].iter().all(|c| c.is_ascii_digit())
        {
            let d = |c: &u8| u32::from(c - b'0');
            let year = (d(y1) * 1000 + d(y2) * 100 + d(y3) * 10 + d(y4)) as i32;
            return Month::new(year, d(m1) * 10 + d(m2)).ok_or_else(bad);
        }
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Month::new(year, month).ok_or_else(bad)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Reads a date written `YYYY-MM-DD` (the only form rule sets and cases use). A plain reader
/// rather than chrono's format machinery, which would weigh on the WebAssembly build.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// Appends a date as `YYYY-MM-DD`, as chrono writes it, without its formatting machinery (a
/// caseload's output writes a few dates a row).
pub fn write_iso_date(out: &mut String, d: NaiveDate) {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        // chrono's own form for the years no case can hold (`+10000-01-01`).
        out.push_str(&d.to_string());
        return;
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = y.unsigned_abs();
    for n in [y / 1000, y / 100, y / 10, y] {
        out.push(digit(n));
    }
    out.push('-');
    out.push(digit(d.month() / 10));
    out.push(digit(d.month()));
    out.push('-');
    out.push(digit(d.day() / 10));
    out.push(digit(d.day()));
}

/// A date as a Danish reader writes it: `30. november 2024`.
pub fn date_da(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{}. {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The ISO week of `date` as a Danish reader says it: `uge 9 i 2024`.
pub fn week_da(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("uge {} i {}", w.week(), w.year())
}

/// A run of ISO weeks in Danish: `uge 10 til uge 36 i 2018`, or across a year
/// `uge 50 i 2018 til uge 3 i 2019`.
pub fn weeks_da(from: NaiveDate, to: NaiveDate) -> String {
    let (a, b) = (from.iso_week(), to.iso_week());
    if a.year() == b.year() {
        format!("uge {} til uge {} i {}", a.week(), b.week(), b.year())
    } else {
        format!("{} til {}", week_da(from), week_da(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_weeks_read_the_danish_way() {
        let d = |s: &str| parse_date(s).unwrap();
        assert_eq!(date_da(d("2024-11-30")), "30. november 2024");
        assert_eq!(date_da(d("2019-03-05")), "5. marts 2019");
        // 2024-02-26 is the Monday of ISO week 9; 2018-12-31 is in ISO week 1 of 2019.
        assert_eq!(week_da(d("2024-02-26")), "uge 9 i 2024");
        assert_eq!(week_da(d("2018-12-31")), "uge 1 i 2019");
        assert_eq!(
            weeks_da(d("2018-03-05"), d("2018-09-03")),
            "uge 10 til uge 36 i 2018"
        );
        assert_eq!(
            weeks_da(d("2018-12-10"), d("2019-01-14")),
            "uge 50 i 2018 til uge 3 i 2019"
        );
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2023-02-29",
            "2024-2-01",
            "2024/02/01",
            "24-02-01",
            "2024-02-01x",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_and_prints() {
        let m: Month = "2024-03".parse().unwrap();
        assert_eq!(m.to_string(), "2024-03");
        assert_eq!(m.first_day(), NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert_eq!(
            "2024-12".parse::<Month>().unwrap().next().to_string(),
            "2025-01"
        );
        for bad in ["2024-13", "2024-3", "24-03", "2024/03", "march"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// The hand-written ISO form is chrono's, for every day chrono can hold.
        #[test]
        fn iso_dates_are_written_as_chrono_writes_them(days in -400_000i32..3_700_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days);
            proptest::prop_assume!(d.is_some());
            let d = d.unwrap();
            let mut out = String::from("x");
            write_iso_date(&mut out, d);
            proptest::prop_assert_eq!(out, format!("x{d}"));
        }
    }
}
