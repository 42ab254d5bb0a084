//! The flex-job history of a ledighedsydelse case (`fleksjob_periods`): periods of employment
//! written `2023-01-01/2023-09-30, 2024-01-01/2024-02-29`, and the months of a window they cover.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::rules::spec::bounds;
use crate::values::month::{Month, parse_date};
use crate::values::value::{Said, Value};

/// A period of employment: first and last day, both included.
pub type Period = (NaiveDate, NaiveDate);

const SCHEME: &str = "ledighedsydelse";

fn problem(key: &'static str, part: &str) -> Said {
    Said::new(SCHEME, key).with("text", Value::Text(part.to_string()))
}

/// Reads the periods, sorted by their first day. Each must be two dates, the second not before
/// the first, and no two may overlap; the problem is a sentence of the catalogue
/// (`ledighedsydelse.input_error.*`). Sorting first keeps the overlap check linear after an
/// `n log n` sort, however long the history.
pub fn parse(text: &str) -> Result<Vec<Period>, Said> {
    let mut out: Vec<(NaiveDate, NaiveDate, usize, &str)> = Vec::new();
    let parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
    for (i, part) in parts.enumerate() {
        let (a, b) = part
            .split_once('/')
            .ok_or_else(|| problem("input_error.not_a_period", part))?;
        let (Some(from), Some(to)) = (parse_date(a.trim()), parse_date(b.trim())) else {
            return Err(problem("input_error.not_two_dates", part));
        };
        if to < from {
            return Err(problem("input_error.ends_before_it_starts", part));
        }
        if !bounds::history_year(from.year()) || !bounds::history_year(to.year()) {
            let (first, last) = bounds::history_days();
            return Err(problem("input_error.outside_years", part)
                .with("first", Value::Date(first))
                .with("last", Value::Date(last)));
        }
        out.push((from, to, i, part));
    }
    // Stable: of two periods starting the same day, the one written first comes first.
    out.sort_by_key(|(from, ..)| *from);
    // Sorted by their first day, two periods overlap only if two neighbours do.
    if let Some(w) = out.windows(2).find(|w| w[1].0 <= w[0].1) {
        // Name the one written later, as overlapping the one written before it.
        let (part, other) = if w[0].2 < w[1].2 {
            (w[1].3, w[0].3)
        } else {
            (w[0].3, w[1].3)
        };
        return Err(problem("input_error.overlap", part).with("other", Value::Text(other.into())));
    }
    Ok(out.into_iter().map(|(from, to, ..)| (from, to)).collect())
}

/// The months in a flex-job within a window, and the window's first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Employed {
    pub months: Decimal,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn last_day(m: Month) -> Option<NaiveDate> {
    m.next().first_day().pred_opt()
}

/// The months the `months` calendar months before `month` were months in a flex-job: each
/// month counts the share of its days a period covers (15 of 30 days = 0,5 month). `periods`
/// must not overlap (as [`parse`] gives them). Linear in the periods and the window. `None`
/// only for a window outside the calendar.
pub fn months_employed(periods: &[Period], month: Month, months: u32) -> Option<Employed> {
    let first = month.index() - i64::from(months);
    let start = Month::new(
        i32::try_from(first.div_euclid(12)).ok()?,
        u32::try_from(first.rem_euclid(12)).ok()? + 1,
    )?;
    let (from, to) = (start.first_day(), month.first_day().pred_opt()?);
    // Days covered in each month of the window.
    let mut covered = vec![0i64; months as usize];
    for (a, b) in periods {
        let (a, b) = ((*a).max(from), (*b).min(to));
        if b < a {
            continue;
        }
        let mut m = Month::of(a);
        while m <= Month::of(b) {
            let (lo, hi) = (m.first_day().max(a), last_day(m)?.min(b));
            let slot = usize::try_from(m.index() - first).ok()?;
            if let Some(days) = covered.get_mut(slot) {
                *days += (hi - lo).num_days() + 1;
            }
            m = m.next();
        }
    }
    let mut sum = Decimal::ZERO;
    let mut m = start;
    for days in covered {
        let length = (last_day(m)? - m.first_day()).num_days() + 1;
        let share = Decimal::from(days).checked_div(Decimal::from(length))?;
        sum = sum.checked_add(share)?;
        m = m.next();
    }
    Some(Employed {
        months: sum,
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(text: &str) -> Vec<Period> {
        parse(text).unwrap()
    }

    fn key(text: &str) -> String {
        parse(text).unwrap_err().key.into_owned()
    }

    /// Ten thousand years of flex-jobs (21 bytes) are refused at once with the years a history
    /// may give (issue 17).
    #[test]
    fn a_period_spanning_ten_thousand_years_is_refused_at_once() {
        let start = std::time::Instant::now();
        let e = parse("0001-01-01/9999-12-31").unwrap_err();
        assert_eq!(
            crate::text::format::say(&e, crate::text::Lang::En),
            "`0001-01-01/9999-12-31`: a period lies between 1900-01-01 and 2100-12-31"
        );
        assert!(start.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(key("2023-01-01/2101-01-01"), "input_error.outside_years");
        assert_eq!(periods("1900-01-01/2100-12-31").len(), 1);
    }

    #[test]
    fn months_are_counted_by_the_share_of_days() {
        let m: Month = "2024-03".parse().unwrap();
        // Window: 2022-09-01 to 2024-02-29.
        let e = months_employed(&periods("2023-06-01/2024-02-29"), m, 18).unwrap();
        assert_eq!(
            (e.months, e.from.to_string(), e.to.to_string()),
            (Decimal::from(9), "2022-09-01".into(), "2024-02-29".into())
        );
        // Periods outside the window do not count; one inside counts 15 of 30 days of June.
        let e = months_employed(
            &periods("2020-01-01/2022-08-31, 2023-06-16/2023-06-30"),
            m,
            18,
        )
        .unwrap();
        assert_eq!(e.months, Decimal::new(5, 1));
        // Two periods in one month add up; one day short of June is 29/30.
        let e = months_employed(
            &periods("2023-06-02/2023-06-10, 2023-06-11/2024-02-29"),
            m,
            18,
        )
        .unwrap();
        assert_eq!(
            e.months,
            Decimal::from(8) + Decimal::from(29) / Decimal::from(30)
        );
        // No window: nothing counted.
        let e = months_employed(&periods("2023-06-02/2023-06-10"), m, 0).unwrap();
        assert_eq!(e.months, Decimal::ZERO);
    }

    #[test]
    fn bad_periods_are_explained() {
        assert_eq!(key("2023-01-01"), "input_error.not_a_period");
        assert_eq!(key("2023-01-01/2023-13-01"), "input_error.not_two_dates");
        assert_eq!(
            key("2023-02-01/2023-01-01"),
            "input_error.ends_before_it_starts"
        );
        let e = parse("2023-03-01/2023-04-30, 2023-01-01/2023-03-01").unwrap_err();
        assert_eq!(e.key, "input_error.overlap");
        assert_eq!(
            e.arg("text"),
            Some(&Value::Text("2023-01-01/2023-03-01".into()))
        );
        assert_eq!(
            e.arg("other"),
            Some(&Value::Text("2023-03-01/2023-04-30".into()))
        );
        // Periods given out of order are fine when they do not overlap.
        assert_eq!(
            periods("2023-05-01/2023-06-30, 2023-01-01/2023-01-31").len(),
            2
        );
    }

    #[test]
    fn a_long_history_is_read_in_linear_time() {
        let mut text = String::new();
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        for _ in 0..40_000 {
            text.push_str(&format!("{day}/{day}, "));
            day = day.succ_opt().unwrap();
        }
        let p = periods(&text);
        assert_eq!(p.len(), 40_000);
        let e = months_employed(&p, "2024-03".parse().unwrap(), 1200).unwrap();
        assert!(e.months > Decimal::ZERO);
    }
}
