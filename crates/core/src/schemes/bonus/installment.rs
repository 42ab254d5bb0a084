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
//!
//! The sentences are the family's (`bonus.text.*` in the catalogue).

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::hire::{FAMILY, WeeklyHours, hours};
use crate::model::{Calc, Recorder};
use crate::values::history::{add_months, mondays};
use crate::values::value::{Said, Value};

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
    /// The status as JSON shows it.
    pub fn key(self) -> &'static str {
        match self {
            Status::Earned => "earned",
            Status::NotEligible => "not_eligible",
            Status::InProgress => "in_progress",
            Status::PartlyEarned => "partly_earned",
        }
    }

    /// The status as a word of the family (`bonus.term.in_progress`).
    pub fn value(self) -> Value {
        Value::word(FAMILY, self.key())
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
    /// The hours a period of `weeks` weeks must total (exactly, or more than).
    fn limit(&self, weeks: Decimal) -> Decimal {
        // At most 168 hours × a few thousand weeks: far from overflowing.
        self.hours.checked_mul(weeks).unwrap_or(Decimal::MAX)
    }

    fn holds(&self, total: Decimal, weeks: Decimal) -> bool {
        let limit = self.limit(weeks);
        if self.inclusive {
            total >= limit
        } else {
            total > limit
        }
    }

    /// "more than 19 hours a week on average" / "at least 25 hours a week on average".
    pub fn requirement(&self) -> Said {
        let key = if self.inclusive {
            "text.average_at_least"
        } else {
            "text.average_more_than"
        };
        Said::new(FAMILY, key).with("hours", hours(self.hours))
    }
}

/// What the average counts besides the paid hours of the weeks (the IGU's second payment):
/// hours of absence the employer reports, added to the paid hours, and weeks of school, taken
/// out of the weeks the average is over (uim.dk: praktik "mindst 25 timer om ugen i gennemsnit
/// over det 2-årige ... forløb. Hertil kommer 20 ugers undervisningsforløb").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Adjust {
    pub absence_hours: Decimal,
    /// Weeks of school (school hours ÷ the hours of a school week); may be fractional.
    pub school_weeks: Decimal,
}

impl Adjust {
    fn is_none(&self) -> bool {
        self.absence_hours.is_zero() && self.school_weeks.is_zero()
    }
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
    /// Absence hours counted and school weeks left out of the average (zero unless given).
    pub adjust: Adjust,
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
    /// totals): the paid hours and any absence hours, over the weeks less any school weeks.
    pub fn average(&self) -> Option<Decimal> {
        let weeks = Decimal::from(self.weeks_checked) - self.adjust.school_weeks;
        (self.weeks_checked > 0 && weeks > Decimal::ZERO).then(|| {
            ((self.total_hours + self.adjust.absence_hours) / weeks)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        })
    }

    fn fail(mut self, why: Said) -> Self {
        self.status = Status::NotEligible;
        self.breach = Some(why);
        self
    }
}

/// The overall standing of a bonus paid in instalments: earned when all are, not eligible when
/// none can be, otherwise in progress (the first payment may be earned while the second is not).
pub fn overall(parts: &[&Installment]) -> Status {
    if parts.iter().all(|i| i.status == Status::Earned) {
        Status::Earned
    } else if parts.iter().all(|i| i.status == Status::NotEligible) {
        Status::NotEligible
    } else if parts.iter().any(|i| i.status == Status::InProgress) {
        Status::InProgress
    } else {
        // Some earned, the rest failed: what was earned stands.
        Status::PartlyEarned
    }
}

/// The count of a list, for the texts (a period has at most a few thousand weeks).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn number(n: u32) -> Value {
    Value::Number(Decimal::from(n))
}

/// Checks one payment: employment from `start` for `months` months, without a break, with an
/// optional weekly average.
pub fn check(
    history: &WeeklyHours,
    start: NaiveDate,
    ended: Option<NaiveDate>,
    months: u32,
    amount: Decimal,
    average: Option<Average>,
) -> Installment {
    check_adjusted(
        history,
        start,
        ended,
        months,
        amount,
        average,
        Adjust::default(),
    )
}

/// [`check`], with absence hours added to the paid hours and school weeks left out of the weeks
/// the average is over (the caller has checked that fewer school weeks than the period has).
pub fn check_adjusted(
    history: &WeeklyHours,
    start: NaiveDate,
    ended: Option<NaiveDate>,
    months: u32,
    amount: Decimal,
    average: Option<Average>,
    adjust: Adjust,
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
        weeks_in_period: count(weeks.len()),
        total_hours: Decimal::ZERO,
        adjust,
        breach: None,
        still_to_hold: None,
    };
    if let Some(e) = ended
        && e < end
    {
        return out.fail(
            Said::new(FAMILY, "text.ended_early")
                .with("ended", Value::Date(e))
                .with("months", number(months))
                .with("end", Value::Date(end)),
        );
    }
    let last_known = history.last_monday();
    // Week by week in effect, a run of equal weeks at a time (a history is a few runs, the
    // period up to 78 weeks): the weeks are consecutive Mondays, as are a run's.
    let mut i = 0;
    while let Some(monday) = weeks.get(i) {
        if last_known.is_none_or(|l| monday > l) {
            return project(out, average, count(weeks.len() - i));
        }
        match history.run_at(monday) {
            None => {
                return out.fail(
                    Said::new(FAMILY, "text.break_in_employment").with("week", Value::Week(monday)),
                );
            }
            Some((h, run_last)) => {
                let in_run = usize::try_from((run_last - monday).num_days() / 7 + 1).unwrap_or(1);
                let n = in_run.min(weeks.len() - i).max(1);
                out.weeks_checked += count(n);
                out.total_hours += h * Decimal::from(n);
                i += n;
            }
        }
    }
    let counted = out.total_hours + adjust.absence_hours;
    let average_weeks = Decimal::from(out.weeks_in_period) - adjust.school_weeks;
    if let Some(avg) = average
        && !avg.holds(counted, average_weeks)
        && let (Some(first), Some(last)) = (weeks.first(), weeks.last())
    {
        let key = if adjust.is_none() {
            "text.average_not_met"
        } else {
            "text.average_not_met_adjusted"
        };
        let why = Said::new(FAMILY, key)
            .with("total", hours(out.total_hours))
            .with("weeks", number(out.weeks_in_period))
            .with("from", Value::Week(first))
            .with("to", Value::Week(last))
            .with("absence", hours(adjust.absence_hours))
            .with("school", hours(adjust.school_weeks.round_dp(2)))
            .with("average", hours(out.average().unwrap_or_default()))
            .with("requirement", Value::said(avg.requirement()));
        return out.fail(why);
    }
    out.status = Status::Earned;
    out
}

/// What the rest of the period must bring, or why it no longer can.
fn project(mut out: Installment, average: Option<Average>, remaining: u32) -> Installment {
    let said = |key| {
        Said::new(FAMILY, key)
            .with("remaining", number(remaining))
            .with("end", Value::Date(out.period_end))
    };
    let Some(avg) = average else {
        out.still_to_hold = Some(said("text.still_employed"));
        return out;
    };
    let needed = avg.limit(Decimal::from(out.weeks_in_period) - out.adjust.school_weeks)
        - out.total_hours
        - out.adjust.absence_hours;
    // A week has 168 hours: a need beyond that cannot be met.
    if needed > Decimal::from(168) * Decimal::from(remaining) {
        let why = Said::new(FAMILY, "text.average_out_of_reach")
            .with("total", hours(out.total_hours))
            .with("checked", number(out.weeks_checked))
            .with("remaining", number(remaining))
            .with("requirement", Value::said(avg.requirement()));
        return out.fail(why);
    }
    let requirement = Value::said(avg.requirement());
    out.still_to_hold = Some(if needed > Decimal::ZERO {
        let per_week = (needed / Decimal::from(remaining))
            .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
        let key = if avg.inclusive {
            "text.still_needed_at_least"
        } else {
            "text.still_needed_more_than"
        };
        said(key)
            .with("needed", hours(needed))
            .with("per_week", hours(per_week))
            .with("weeks", number(out.weeks_in_period))
            .with("requirement", requirement)
    } else {
        said("text.still_employed_average_kept").with("requirement", requirement)
    });
    out
}

/// The result values of a bonus paid in instalments, shared by the schemes that pay one.
pub mod values {
    use super::{FAMILY, Installment, Status, number};
    use crate::values::value::{Said, Value};
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
                    Said::new(FAMILY, "text.for_payment")
                        .with("months", number(i.months))
                        .with("rest", Value::said(s.clone()))
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
        i.as_ref().map_or(Value::None, |i| i.status.value())
    }

    pub fn due(i: &Option<Installment>) -> Value {
        i.as_ref().map_or(Value::None, |i| Value::Date(i.due))
    }

    pub fn average(i: &Option<Installment>) -> Value {
        i.as_ref()
            .and_then(Installment::average)
            .map_or(Value::None, Value::Number)
    }

    /// A sentence as a result field for English readers (JSON) and its Danish twin.
    pub fn said(s: Option<&Said>) -> (Value, Value) {
        s.map_or((Value::None, Value::None), |s| {
            (
                Value::said(s.clone()),
                Value::Text(crate::text::format::say(s, crate::text::Lang::Da)),
            )
        })
    }
}

/// What a bonus paid in instalments came to, for its last step: the status, and when nothing
/// can be paid, why.
pub fn conclusion(status: Status, breach: Option<&Said>) -> Said {
    match (status, breach) {
        (Status::NotEligible, Some(b)) => {
            Said::new(FAMILY, "text.payment_not_earned").with("breach", Value::said(b.clone()))
        }
        _ => Said::new(FAMILY, "text.status").with("status", status.value()),
    }
}

/// Records the step of one payment (`label.<key>` of the scheme: "First payment after 6
/// months"), under the rule `payments`.
pub fn record<R: Recorder>(c: &mut Calc<R>, key: &'static str, i: &Installment) {
    c.step("payments", key, |s| {
        let average = i.average().map_or(Value::Text(String::new()), |a| {
            Value::said(Said::new(FAMILY, "text.average_shown").with("hours", hours(a)))
        });
        let text = match i.status {
            Status::Earned => Said::new(FAMILY, "text.payment_earned")
                .with("checked", number(i.weeks_checked))
                .with("end", Value::Date(i.period_end))
                .with("average", average)
                .with("due", Value::Date(i.due)),
            Status::InProgress => Said::new(FAMILY, "text.payment_in_progress")
                .with("checked", number(i.weeks_checked))
                .with("weeks", number(i.weeks_in_period))
                .with("average", average)
                .with(
                    "still",
                    i.still_to_hold.clone().map_or(Value::None, Value::said),
                ),
            Status::NotEligible | Status::PartlyEarned => {
                Said::new(FAMILY, "text.payment_not_earned").with(
                    "breach",
                    Value::said(
                        i.breach
                            .clone()
                            .unwrap_or_else(|| Said::new(FAMILY, "text.condition_failed")),
                    ),
                )
            }
        };
        s.value(Value::Amount(i.possible_amount()))
            .arg("months", number(i.months))
            .input("amount", Value::Amount(i.amount))
            .text(text);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;
    use crate::text::format::say;

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
        let h = WeeklyHours::parse("2017-01-02/2017-07-02: 19").unwrap();
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
        assert_eq!(
            say(over.breach.as_ref().unwrap(), Lang::En),
            "494 paid hours in the 26 weeks 2017-W01 to 2017-W26 average 19 a week, not more \
             than 19 hours a week on average"
        );
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
        let h = WeeklyHours::parse("2017-01-02/2017-03-12: 18").unwrap();
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
        let text = say(&said, Lang::En);
        assert!(text.starts_with("16 more weeks, to 2017-07-01"), "{text}");
        assert!(
            text.contains("more than 314 paid hours in total (over 19,63 a week)"),
            "{text}"
        );
        // The same in Danish, for the browser calculator.
        let da = say(&said, Lang::Da);
        assert!(
            da.starts_with("16 uger mere, til 1. juli 2017")
                && da.contains("over 314 betalte timer i alt (over 19,63 om ugen)"),
            "{da}"
        );
    }

    #[test]
    fn an_average_out_of_reach_fails_before_the_period_ends() {
        // 2 weeks at 0 hours of 27: the 25 weeks left cannot make up 27 × 168 + 1 hours.
        let h = WeeklyHours::parse("2017-01-02/2017-01-15: 0").unwrap();
        let high = Average {
            hours: Decimal::from(168),
            inclusive: false,
        };
        let p = check(&h, d("2017-01-02"), None, 6, Decimal::ONE, Some(high));
        assert_eq!(p.status, Status::NotEligible);
        assert!(
            say(p.breach.as_ref().unwrap(), Lang::En).contains("cannot bring the average"),
            "{:?}",
            p.breach
        );
    }

    #[test]
    fn a_period_of_no_weeks_does_not_panic() {
        // 0 months from a Monday: the period ends the day before it starts, and has no weeks.
        let h = WeeklyHours::parse("2017-01-02/2017-01-08: 30").unwrap();
        let p = check(&h, d("2017-01-02"), None, 0, Decimal::ONE, Some(OVER_19));
        assert_eq!(p.weeks_in_period, 0);
        assert_eq!(p.status, Status::Earned);
    }
}
