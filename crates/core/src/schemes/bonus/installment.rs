//! One payment of a hiring bonus that is earned by keeping a person employed for a number of
//! months, possibly with a weekly-hours average (the refugee bonus: over 19 hours; the IGU bonus:
//! at least 25 hours). Shared by the bonus schemes so each checks its periods the same way:
//!
//! - the period runs from the hiring date for whole calendar months; the payment is due the day
//!   after it ends;
//! - every ISO week the period touches must be in the history (a missing week is a break in
//!   the employment), and the employment must not end before the period does;
//! - the average is the paid hours of those weeks divided by their number, compared exactly
//!   (total against limit × weeks), so no rounding decides a boundary case;
//! - a history that stops early is a projection: what the remaining weeks must still bring.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::trace::Said;
use crate::values::history::{History, Week, add_months, mondays};
use crate::values::month::{date_da, week_da, weeks_da};
use crate::values::num;

/// Where a hire (or one payment of its bonus) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every condition held for the whole period.
    Earned,
    /// A condition failed.
    NotEligible,
    /// Nothing failed so far, but the history ends before the period does.
    InProgress,
    /// A bonus paid in instalments: some were earned, a later one failed.
    PartlyEarned,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Earned => "earned",
            Status::NotEligible => "not_eligible",
            Status::InProgress => "in_progress",
            Status::PartlyEarned => "partly_earned",
        }
    }

    pub fn name_da(self) -> &'static str {
        match self {
            Status::Earned => "optjent",
            Status::NotEligible => "ikke optjent",
            Status::InProgress => "under optjening",
            Status::PartlyEarned => "delvist optjent",
        }
    }
}

/// A weekly-hours average a period must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Average {
    pub hours: Decimal,
    /// `true`: at least `hours` ("mindst 25 timer"); `false`: more than `hours` ("over 19 timer").
    pub inclusive: bool,
}

impl Average {
    fn holds(&self, total: Decimal, weeks: u32) -> bool {
        let limit = self.hours * Decimal::from(weeks);
        if self.inclusive {
            total >= limit
        } else {
            total > limit
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "{} {} hours a week on average",
            if self.inclusive {
                "at least"
            } else {
                "more than"
            },
            hours(self.hours)
        )
    }

    pub fn describe_da(&self) -> String {
        format!(
            "{} {} timer om ugen i gennemsnit",
            if self.inclusive { "mindst" } else { "over" },
            hours(self.hours)
        )
    }
}

/// Hours in Danish notation without trailing zeros (`10,5`).
pub fn hours(d: Decimal) -> String {
    num::plain_da(d)
}

fn week_label(monday: NaiveDate) -> String {
    Week {
        monday,
        hours: Decimal::ZERO,
    }
    .label()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installment {
    pub months: u32,
    pub amount: Decimal,
    pub period_end: NaiveDate,
    pub due: NaiveDate,
    pub status: Status,
    /// Weeks of the period the history covers, and their paid hours.
    pub weeks_checked: u32,
    pub weeks_in_period: u32,
    pub total_hours: Decimal,
    pub breach: Option<Said>,
    pub still_to_hold: Option<Said>,
}

impl Installment {
    /// The amount, unless a condition failed.
    pub fn possible_amount(&self) -> Decimal {
        if self.status == Status::NotEligible {
            Decimal::ZERO
        } else {
            self.amount
        }
    }

    /// The average over the weeks checked, to two decimals (for display; decisions compare
    /// totals).
    pub fn average(&self) -> Option<Decimal> {
        (self.weeks_checked > 0).then(|| {
            (self.total_hours / Decimal::from(self.weeks_checked))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    }

    fn fail(mut self, why: Said) -> Self {
        self.status = Status::NotEligible;
        self.breach = Some(why);
        self
    }
}

/// The result values of a bonus paid in instalments, shared by the schemes that pay one.
pub mod values {
    use super::{Installment, Status};
    use crate::model::trace::{Said, Value};
    use rust_decimal::Decimal;

    /// The payments as far as they are earned or still possible.
    pub fn total(parts: &[&Option<Installment>]) -> Decimal {
        parts
            .iter()
            .copied()
            .flatten()
            .map(Installment::possible_amount)
            .sum()
    }

    /// What the first payment still in progress needs, named by its months.
    pub fn still_to_hold(parts: &[&Option<Installment>]) -> Option<Said> {
        parts
            .iter()
            .copied()
            .flatten()
            .filter(|i| i.status == Status::InProgress)
            .find_map(|i| {
                i.still_to_hold.as_ref().map(|s| {
                    Said::new(
                        format!("for the {}-month payment: {}", i.months, s.en),
                        format!("for udbetalingen efter {} måneder: {}", i.months, s.da),
                    )
                })
            })
    }

    pub fn amount(i: &Option<Installment>) -> Value {
        Value::Amount(
            i.as_ref()
                .map_or(Decimal::ZERO, Installment::possible_amount),
        )
    }

    pub fn status(i: &Option<Installment>) -> Value {
        i.as_ref()
            .map_or(Value::None, |i| Value::Text(i.status.name().into()))
    }

    pub fn due(i: &Option<Installment>) -> Value {
        i.as_ref()
            .map_or(Value::None, |i| Value::Text(i.due.to_string()))
    }

    pub fn average(i: &Option<Installment>) -> Value {
        i.as_ref()
            .and_then(Installment::average)
            .map_or(Value::None, Value::Number)
    }
}

/// Checks one payment: employment from `start` for `months` months, without a break, with an
/// optional weekly average.
pub fn check(
    history: &History,
    start: NaiveDate,
    ended: Option<NaiveDate>,
    months: u32,
    amount: Decimal,
    average: Option<Average>,
) -> Installment {
    let end = add_months(start, months).pred_opt().unwrap_or(start);
    let weeks = mondays(start, end);
    let mut out = Installment {
        months,
        amount,
        period_end: end,
        due: end.succ_opt().unwrap_or(end),
        status: Status::InProgress,
        weeks_checked: 0,
        weeks_in_period: u32::try_from(weeks.len()).unwrap_or(u32::MAX),
        total_hours: Decimal::ZERO,
        breach: None,
        still_to_hold: None,
    };
    if let Some(e) = ended
        && e < end
    {
        return out.fail(Said::new(
            format!("the employment ended {e}, before the {months} months ran out on {end}"),
            format!(
                "ansættelsen sluttede {}, før de {months} måneder udløb {}",
                date_da(e),
                date_da(end)
            ),
        ));
    }
    let last_known = history.last_monday();
    for (i, &monday) in weeks.iter().enumerate() {
        if last_known.is_none_or(|l| monday > l) {
            let remaining = u32::try_from(weeks.len() - i).unwrap_or(u32::MAX);
            return project(out, average, remaining);
        }
        match history.week(monday) {
            None => {
                let week = week_label(monday);
                return out.fail(Said::new(
                    format!("week {week}: no paid hours recorded, a break in the employment"),
                    format!(
                        "{}: ingen betalte timer registreret, en afbrydelse af ansættelsen",
                        week_da(monday)
                    ),
                ));
            }
            Some(w) => {
                out.weeks_checked += 1;
                out.total_hours += w.hours;
            }
        }
    }
    if let Some(avg) = average
        && !avg.holds(out.total_hours, out.weeks_in_period)
    {
        let (total, n, from, to, average) = (
            hours(out.total_hours),
            out.weeks_in_period,
            week_label(weeks[0]),
            week_label(weeks[weeks.len() - 1]),
            hours(out.average().unwrap_or_default()),
        );
        let why = Said::new(
            format!(
                "{total} paid hours in the {n} weeks {from} to {to} average {average} a week, not {}",
                avg.describe()
            ),
            format!(
                "{total} betalte timer i de {n} uger fra {} giver {average} om ugen i gennemsnit, ikke {}",
                weeks_da(weeks[0], weeks[weeks.len() - 1]),
                avg.describe_da()
            ),
        );
        return out.fail(why);
    }
    out.status = Status::Earned;
    out
}

/// What the rest of the period must bring, or why it no longer can.
fn project(mut out: Installment, average: Option<Average>, remaining: u32) -> Installment {
    let end = out.period_end;
    let Some(avg) = average else {
        out.still_to_hold = Some(Said::new(
            format!("{remaining} more weeks of employment, to {end}, without a break"),
            format!(
                "{remaining} uger mere med ansættelse, til {}, uden afbrydelse",
                date_da(end)
            ),
        ));
        return out;
    };
    let needed = avg.hours * Decimal::from(out.weeks_in_period) - out.total_hours;
    // A week has 168 hours: a need beyond that cannot be met.
    if needed > Decimal::from(168) * Decimal::from(remaining) {
        let (total, checked) = (hours(out.total_hours), out.weeks_checked);
        let why = Said::new(
            format!(
                "{total} paid hours in {checked} weeks: the remaining {remaining} weeks cannot bring the average to {}",
                avg.describe()
            ),
            format!(
                "{total} betalte timer i {checked} uger: de resterende {remaining} uger kan ikke bringe gennemsnittet op på {}",
                avg.describe_da()
            ),
        );
        return out.fail(why);
    }
    out.still_to_hold = Some(if needed > Decimal::ZERO {
        let per_week = (needed / Decimal::from(remaining))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity);
        let (needed, per_week, n) = (hours(needed), hours(per_week), out.weeks_in_period);
        Said::new(
            format!(
                "{remaining} more weeks, to {end}, without a break and with {} {needed} paid hours in total \
                 ({} {per_week} a week), so that the {n} weeks reach {}",
                if avg.inclusive {
                    "at least"
                } else {
                    "more than"
                },
                if avg.inclusive { "at least" } else { "over" },
                avg.describe()
            ),
            format!(
                "{remaining} uger mere, til {}, uden afbrydelse og med {} {needed} betalte timer i alt \
                 ({} {per_week} om ugen), så de {n} uger når {}",
                date_da(end),
                if avg.inclusive { "mindst" } else { "over" },
                if avg.inclusive { "mindst" } else { "over" },
                avg.describe_da()
            ),
        )
    } else {
        Said::new(
            format!(
                "{remaining} more weeks of employment, to {end}, without a break (the hours so far \
                 already keep the average {})",
                avg.describe()
            ),
            format!(
                "{remaining} uger mere med ansættelse, til {}, uden afbrydelse (timerne indtil nu \
                 holder allerede gennemsnittet på {})",
                date_da(end),
                avg.describe_da()
            ),
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::values::month::parse_date(s).unwrap()
    }

    const OVER_19: Average = Average {
        hours: Decimal::from_parts(19, 0, 0, false, 0),
        inclusive: false,
    };

    #[test]
    fn exactly_the_limit_fails_over_and_passes_at_least() {
        // Monday 2017-01-02 + 6 months = 2017-07-01 (a Saturday): weeks 2017-W01 to 2017-W26.
        let h = History::parse("2017-01-02/2017-07-02: 19").unwrap();
        let over = check(
            &h,
            d("2017-01-02"),
            None,
            6,
            Decimal::from(20000),
            Some(OVER_19),
        );
        assert_eq!(over.weeks_in_period, 26);
        assert_eq!(over.status, Status::NotEligible);
        let at_least = Average {
            inclusive: true,
            ..OVER_19
        };
        let ok = check(
            &h,
            d("2017-01-02"),
            None,
            6,
            Decimal::from(20000),
            Some(at_least),
        );
        assert_eq!(ok.status, Status::Earned);
        assert_eq!(ok.total_hours, Decimal::from(19 * 26));
    }

    #[test]
    fn a_projection_says_what_the_remaining_weeks_need() {
        // 10 weeks at 18 hours = 180; over 26 weeks the total must exceed 19 × 26 = 494, so the
        // 16 weeks left need more than 314 hours, 19,625 a week, shown rounded up as 19,63.
        let h = History::parse("2017-01-02/2017-03-12: 18").unwrap();
        let p = check(
            &h,
            d("2017-01-02"),
            None,
            6,
            Decimal::from(20000),
            Some(OVER_19),
        );
        assert_eq!(p.status, Status::InProgress);
        let said = p.still_to_hold.unwrap();
        let text = said.en;
        assert!(text.starts_with("16 more weeks, to 2017-07-01"), "{text}");
        assert!(
            text.contains("more than 314 paid hours in total (over 19,63 a week)"),
            "{text}"
        );
        // The same in Danish, for the browser calculator.
        assert!(
            said.da.starts_with("16 uger mere, til 1. juli 2017")
                && said
                    .da
                    .contains("over 314 betalte timer i alt (over 19,63 om ugen)"),
            "{}",
            said.da
        );
    }
}
