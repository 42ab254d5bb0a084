//! The member's history, month by month, in the notation a case writes it:
//!
//! `2024-03/2024-05: work 40; 2024-06: work 28, sick_days 2; 2024-07: income 5000, wage 5000`
//!
//! Entries are separated by `;`; each names a month or a range of months and its figures,
//! separated by commas (a comma between two digits is a decimal comma: `work 145,53`). Hours,
//! days and weeks are quantities (`40`, `145.53` or `145,53`); `income` and `wage` are amounts
//! in kroner, read by the one amount reader every case field uses (`5000` or `5000.50`; the
//! ambiguous `15.600` and the Danish `15.600,50` are refused, naming their readings).
//!
//! A history is read in time linear in its length: a range is checked against
//! [`MAX_MONTHS`] arithmetically before it is expanded, and repeated months are found by
//! sorting, not by searching the months read so far.

use rust_decimal::Decimal;

use crate::model::inputs::quantity_error;
use crate::rules::spec::bounds;
use crate::values::month::Month;
use crate::values::num;
use crate::values::value::{Measure, Said, Value};

const SCOPE: &str = "dagpenge";

/// The most months a history may give: twenty years. One right's ledger never needs more:
/// the longest reference period the rule sets know is 72 months (placements before 1 July
/// 2010, "4 år inden for en periode på 6 år"), and its extensions for sickness, barsel and the
/// like stay far below the rest.
pub const MAX_MONTHS: u32 = 240;

/// Days in a month at most (technical days, days without work).
const DAYS_PER_MONTH: u32 = 31;

/// Weeks a month touches at most (weeks with dagpenge, weeks ending in it).
const WEEKS_PER_MONTH: u32 = 5;

/// One month of the member's history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    /// Hours of ordinary paid work.
    pub work: Decimal,
    /// Hours in løntilskud: they consume the period, they are not work.
    pub subsidised: Decimal,
    /// Days of sickness, holiday and unavailability: each deducts a day's hours.
    pub technical_days: Decimal,
    /// Of the technical days, those with sygedagpenge, barselsdagpenge or another benefit that
    /// extends the waiting day's 4 months (BEK om udbetaling af dagpenge § 38 stk. 3).
    pub benefit_days: Decimal,
    /// Income without fixed hours, converted at the high omregningssats.
    pub income: Decimal,
    /// That income already converted to hours by the a-kasse (needed in another year).
    pub income_hours: Option<Decimal>,
    /// That income as løntimer earned, converted by the a-kasse at the lav omregningssats
    /// (needed in another year).
    pub earned_hours: Option<Decimal>,
    /// Hours that extend the reference period (sickness beyond 6 weeks, barsel, …).
    pub extend: Decimal,
    /// Pay from ordinary work (A-income), for the income requirement.
    pub wage: Decimal,
    /// Before 1 July 2017: weeks with dagpenge paid in the month (the week system).
    pub weeks: Decimal,
    /// Weeks ending in the month with fewer than 37 (30) hours of work: each uses one of the
    /// weeks of supplerende dagpenge when the month pays any.
    pub short_weeks: Decimal,
    /// Days of the month without any work: all that is paid in a month with work once the
    /// supplerende weeks are used.
    pub workless_days: Option<Decimal>,
}

/// What a figure counts, and the most a month can hold of it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Hours,
    Days,
    Weeks,
    Amount,
}

const FIGURES: &str = "work, wage, weeks, short_weeks, workless_days, subsidised, sick_days, holiday_days, unavailable_days, benefit_days, income, income_hours, earned_hours, extend";

fn kind(figure: &str) -> Option<Kind> {
    Some(match figure {
        "work" | "subsidised" | "income_hours" | "earned_hours" | "extend" => Kind::Hours,
        "sick_days" | "holiday_days" | "unavailable_days" | "benefit_days" | "workless_days" => {
            Kind::Days
        }
        "weeks" | "short_weeks" => Kind::Weeks,
        "income" | "wage" => Kind::Amount,
        _ => return None,
    })
}

/// A problem with one entry: `dagpenge.input_error.<key>`, naming the entry.
pub(crate) fn problem(key: &'static str, entry: &str) -> Said {
    Said::new(SCOPE, key).with("entry", Value::Text(entry.to_string()))
}

/// The figures of one entry, separated by commas; a comma between digits is a decimal comma
/// (`work 145,53, sick_days 2`). Found in place, without collecting them (every history entry
/// of a caseload passes here).
pub(crate) fn figures(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut i = start;
        while i < bytes.len() {
            let decimal = i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if bytes[i] == b',' && !decimal {
                let part = &text[start..i];
                start = i + 1;
                return Some(part);
            }
            i += 1;
        }
        done = true;
        Some(&text[start..])
    })
    .map(str::trim)
    .filter(|p| !p.is_empty())
}

/// One figure's value, read by its kind and bounded by what a month can hold.
pub(crate) fn value(figure: &str, kind: Kind, text: &str, entry: &str) -> Result<Decimal, Said> {
    let shown = || Value::Text(text.to_string());
    let named = |key| {
        problem(key, entry)
            .with("figure", Value::Text(figure.to_string()))
            .with("text", shown())
    };
    let read = match kind {
        Kind::Amount => num::read_amount(text),
        Kind::Hours => num::read_hours(text, bounds::HOURS_PER_MONTH),
        Kind::Days => num::read_hours(text, DAYS_PER_MONTH),
        Kind::Weeks => num::read_hours(text, WEEKS_PER_MONTH),
    };
    let unit: fn(Decimal) -> Value = match kind {
        Kind::Hours => Value::hours,
        Kind::Days => |d| Value::days(d),
        Kind::Weeks => |d| Value::weeks(d),
        Kind::Amount => Value::Amount,
    };
    let d = read.map_err(|e| {
        problem("input_error.entry_number", entry)
            .with("problem", Value::said(quantity_error(text, &e, unit)))
    })?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(named("input_error.entry_negative"));
    }
    let (max, key, shown_max) = match kind {
        Kind::Hours => (
            Decimal::from(bounds::HOURS_PER_MONTH),
            "input_error.entry_above_month",
            Value::Measure(Decimal::from(bounds::HOURS_PER_MONTH), Measure::Hours),
        ),
        Kind::Days => (
            Decimal::from(DAYS_PER_MONTH),
            "input_error.entry_above_month",
            Value::days(DAYS_PER_MONTH),
        ),
        Kind::Weeks => (
            Decimal::from(WEEKS_PER_MONTH),
            "input_error.entry_above_weeks",
            Value::weeks(WEEKS_PER_MONTH),
        ),
        Kind::Amount => {
            if d.normalize().scale() > 2 {
                return Err(named("input_error.entry_decimals"));
            }
            (
                Decimal::from(bounds::KR_PER_MONTH),
                "input_error.entry_above_amount",
                Value::Amount(Decimal::from(bounds::KR_PER_MONTH)),
            )
        }
    };
    if d > max {
        return Err(named(key).with("max", shown_max));
    }
    Ok(d)
}

/// The figures of one entry.
fn record(what: &str, entry: &str) -> Result<Record, Said> {
    let mut r = Record::default();
    let mut seen: Vec<&str> = Vec::new();
    for part in figures(what) {
        let (figure, text) = part.split_once(' ').ok_or_else(|| {
            problem("input_error.entry_figure", entry).with("part", Value::Text(part.to_string()))
        })?;
        let (figure, text) = (figure.trim(), text.trim());
        let kind = kind(figure).ok_or_else(|| {
            problem("input_error.entry_unknown", entry)
                .with("figure", Value::Text(figure.to_string()))
                .with("figures", Value::Text(FIGURES.to_string()))
        })?;
        if seen.contains(&figure) {
            return Err(problem("input_error.entry_repeated", entry)
                .with("figure", Value::Text(figure.to_string())));
        }
        seen.push(figure);
        let v = value(figure, kind, text, entry)?;
        match figure {
            "work" => r.work = v,
            "subsidised" => r.subsidised = v,
            "income" => r.income = v,
            "income_hours" => r.income_hours = Some(v),
            "earned_hours" => r.earned_hours = Some(v),
            "extend" => r.extend = v,
            "wage" => r.wage = v,
            "weeks" => r.weeks = v,
            "short_weeks" => r.short_weeks = v,
            "workless_days" => r.workless_days = Some(v),
            // Of the sick, holiday and unavailable days: counted once, among those.
            "benefit_days" => r.benefit_days = v,
            // sick_days, holiday_days, unavailable_days
            _ => r.technical_days += v,
        }
    }
    // Benefit days are some of the month's technical days (the README and the a-kasse's card
    // alike): more of them than those days is a history that gave them instead of the days,
    // which would silently deduct nothing for them.
    if r.benefit_days > r.technical_days {
        return Err(problem("input_error.entry_benefit_days", entry)
            .with("benefit", Value::days(r.benefit_days))
            .with("days", Value::days(r.technical_days)));
    }
    // A month has at most 31 × 24 = 744 hours, and 31 days.
    if r.work + r.subsidised > Decimal::from(bounds::HOURS_PER_MONTH)
        || r.technical_days > Decimal::from(DAYS_PER_MONTH)
    {
        return Err(problem("input_error.entry_too_much", entry));
    }
    Ok(r)
}

/// Months from `a` to `b`, both included (0 when `b` is before `a`).
fn span(a: Month, b: Month) -> i64 {
    b.index() - a.index() + 1
}

/// Reads a history: its months in order, each once.
pub fn parse(text: &str) -> Result<Vec<(Month, Record)>, Said> {
    parse_with(text, record)
}

/// Reads a history in this notation whose entries' figures `record` reads (the family's other
/// histories, e.g. the incomes of `dagpengesats`): its months in order, each once.
pub(crate) fn parse_with<T: Copy>(
    text: &str,
    record: fn(&str, &str) -> Result<T, Said>,
) -> Result<Vec<(Month, T)>, Said> {
    // Each entry's months and record, in the text's order.
    let mut spans: Vec<(Month, Month, T)> = Vec::new();
    let mut entries: Vec<&str> = Vec::new();
    let mut total: i64 = 0;
    // The first entry with a month outside the years a history may give.
    let mut outside: Option<&str> = None;
    for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let (when, what) = entry
            .split_once(':')
            .ok_or_else(|| problem("input_error.entry_form", entry))?;
        // Months with nothing after the colon are a slip, not months without work: those say
        // `work 0`.
        if what.trim().is_empty() {
            return Err(problem("input_error.entry_empty", entry));
        }
        let (a, b) = match when.trim().split_once('/') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (when.trim(), when.trim()),
        };
        let month = |t: &str| {
            t.parse::<Month>().map_err(|_| {
                problem("input_error.entry_month", entry).with("text", Value::Text(t.to_string()))
            })
        };
        let (from, to) = (month(a)?, month(b)?);
        if to < from {
            return Err(problem("input_error.entry_backwards", entry));
        }
        total += span(from, to);
        if total > i64::from(MAX_MONTHS) {
            return Err(problem("input_error.history_too_long", entry)
                .with("max", Value::months(MAX_MONTHS)));
        }
        // Named once every entry is read: a long history is refused for its length first.
        if outside.is_none()
            && (!bounds::history_year(from.year()) || !bounds::history_year(to.year()))
        {
            outside = Some(entry);
        }
        let r = record(what, entry)?;
        entries.push(entry);
        spans.push((from, to, r));
    }
    if let Some(entry) = outside {
        let (first, last) = bounds::history_days();
        return Err(problem("input_error.outside_years", entry)
            .with("first", Value::Month(Month::of(first)))
            .with("last", Value::Month(Month::of(last))));
    }
    // Entries written in order of their months (the usual history) need no sorting and cannot
    // give a month twice.
    if spans.windows(2).all(|w| w[0].1 < w[1].0) {
        let mut months = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
        for &(from, to, r) in &spans {
            let mut m = from;
            while m <= to {
                months.push((m, r));
                m = m.next();
            }
        }
        return Ok(months);
    }
    // Each month with the index of the entry that gave it.
    let mut months: Vec<(Month, usize, T)> = Vec::new();
    for (index, &(from, to, r)) in spans.iter().enumerate() {
        let mut m = from;
        while m <= to {
            months.push((m, index, r));
            m = m.next();
        }
    }
    months.sort_by_key(|(m, i, _)| (*m, *i));
    // A month given twice: named at the first entry (in the text's order) that repeats one.
    let twice = months
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| (w[1].1, w[1].0))
        .min();
    if let Some((index, month)) = twice {
        return Err(
            problem("input_error.entry_twice", entries[index]).with("month", Value::Month(month))
        );
    }
    Ok(months.into_iter().map(|(m, _, r)| (m, r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;
    use crate::text::format::say;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn refused(text: &str) -> String {
        match parse(text) {
            Ok(h) => panic!("{text} was read: {h:?}"),
            Err(said) => say(&said, Lang::En),
        }
    }

    #[test]
    fn ranges_and_figures_are_read() {
        let h =
            parse("2024-03/2024-04: work 145,53, sick_days 2; 2024-05: income 5000.50, wage 3000")
                .unwrap();
        assert_eq!(h.len(), 3);
        assert_eq!(h[0].0.to_string(), "2024-03");
        assert_eq!(h[1].1.work, d("145.53"));
        assert_eq!(h[1].1.technical_days, d("2"));
        assert_eq!(h[2].1.income, d("5000.50"));
        assert_eq!(h[2].1.wage, d("3000"));
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn entries_in_any_order_give_the_months_in_order() {
        let months = |text: &str| -> Vec<(String, Decimal)> {
            parse(text)
                .unwrap()
                .into_iter()
                .map(|(m, r)| (m.to_string(), r.work))
                .collect()
        };
        let in_order =
            months("2023-11/2024-01: work 10; 2024-02: work 20; 2024-03/2024-04: work 30");
        let shuffled =
            months("2024-03/2024-04: work 30; 2023-11/2024-01: work 10; 2024-02: work 20");
        assert_eq!(in_order, shuffled);
        let names: Vec<&str> = in_order.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            names,
            [
                "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"
            ]
        );
        assert_eq!(in_order[3].1, d("20"));
        // Entries that touch are in order; one that repeats a month is refused either way.
        assert!(refused("2024-01/2024-02: work 1; 2024-02: work 2").contains("given twice"));
        assert!(refused("2024-02: work 2; 2024-01/2024-02: work 1").contains("given twice"));
    }

    #[test]
    fn amounts_are_read_by_the_one_amount_reader() {
        // "15.600" is 15,60 kr. in a file and 15.600 kr. to a Danish reader: refused, naming both.
        let e = refused("2024-03: income 15.600");
        assert!(
            e.contains("15.600,00 kr.") && e.contains("15,60 kr."),
            "{e}"
        );
        let e = refused("2024-03: wage 15600,50");
        assert!(e.contains("Danish way"), "{e}");
        assert!(refused("2024-03: income 100.505").contains("Danish way"));
        assert!(refused("2024-03: wage 1.5e3").contains("exponent"));
        assert!(refused("2024-03: income 10.123").contains("2024-03: income 10.123"));
        // Hours keep their decimal comma or point.
        assert_eq!(parse("2024-03: work 15.6").unwrap()[0].1.work, d("15.6"));
    }

    #[test]
    fn benefit_days_are_some_of_the_technical_days() {
        // def.dk: 6 sick days with sygedagpenge and 20 hours of work deduct 6 × 7,4 + 20 = 64,4
        // hours, not 6 more days for the same sick days.
        let months = parse("2024-03: work 20, sick_days 6, benefit_days 6").expect("valid");
        assert_eq!(months[0].1.technical_days, d("6"));
        assert_eq!(months[0].1.benefit_days, d("6"));
    }

    #[test]
    fn mistakes_are_named() {
        assert!(refused("2024-03 work 1").contains("write a month"));
        assert!(refused("2024-13: work 1").contains("`2024-13` is not a month"));
        assert!(refused("2024-05/2024-03: work 1").contains("end before they start"));
        assert!(refused("2024-03: work").contains("`work` is not a figure"));
        assert!(refused("2024-03: wrok 1").contains("unknown figure `wrok`"));
        assert!(refused("2024-03: work -1").contains("is negative"));
        assert!(refused("2024-03: work 1, work 2").contains("`work` twice"));
        assert!(refused("2024-03: work 800").contains("more hours or days than a month has"));
        assert!(refused("2024-03: work 500, subsidised 500").contains("more hours or days"));
        assert!(refused("2024-03: sick_days 20, holiday_days 20").contains("more hours or days"));
        assert!(refused("2024-03: weeks 6").contains("more weeks"));
        // Benefit days are among the sick, holiday or unavailable days, not beside them.
        let e = refused("2024-03: work 20, benefit_days 6");
        assert!(
            e.contains("6 benefit_days, but only 0 sick, holiday or unavailable days"),
            "{e}"
        );
        assert!(refused("2024-03: income 2000000").contains("more than"));
        assert!(refused("2024-03: work 99999999999999999999999999999").contains("not"));
        let e = refused("2024-01/2024-03: work 1; 2024-04: work 0; 2024-02: work 2");
        assert!(
            e.starts_with("`2024-02: work 2`: 2024-02 is given twice"),
            "{e}"
        );
    }

    #[test]
    fn a_history_spanning_millennia_is_refused_without_expanding_it() {
        let start = std::time::Instant::now();
        let e = refused("0001-01/9999-12: work 0");
        assert!(e.contains("at most 240"), "{e}");
        let long: Vec<String> = (0..5000)
            .map(|i| format!("{:04}-01: work 0", 1000 + i % 9000))
            .collect();
        assert!(refused(&long.join("; ")).contains("at most 240"));
        assert!(start.elapsed().as_millis() < 500);
        // 20 years are read.
        assert_eq!(parse("2000-01/2019-12: work 0").unwrap().len(), 240);
    }

    /// Ten thousand years in 23 bytes are refused at once; a short history outside the years a
    /// history may give is refused with them (issue 17).
    #[test]
    fn a_history_outside_the_years_it_may_give_is_refused() {
        let text = "0001-01/9999-12: work 0";
        assert_eq!(text.len(), 23);
        let start = std::time::Instant::now();
        assert!(refused(text).contains("at most 240"));
        assert_eq!(
            refused("2024-01: work 1; 1899-12: work 0"),
            "`1899-12: work 0`: a history gives months from 1900-01 to 2100-12"
        );
        assert!(refused("2100-12/2101-01: work 0").contains("from 1900-01 to 2100-12"));
        assert!(start.elapsed() < std::time::Duration::from_millis(500));
        assert!(parse("1900-01: work 0; 2100-12: work 0").is_ok());
    }
}
