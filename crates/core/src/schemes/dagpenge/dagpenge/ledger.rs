//! The period ledger, month by month: under the week system before 1 July 2017 (weeks with
//! dagpenge against the period of weeks), then under the hour system (each month's hours paid,
//! consumed, the employment account, the reference period), and after the assessment month a
//! projection of full unemployment to the month the right runs out. Each month is recorded as
//! one step, a line of the a-kasse's ledger.
//!
//! The ledger runs in time linear in its months: a month's record is found by binary search,
//! and every look back (the waiting day's 4 months, the supplerende weeks' windows) is bounded
//! by a window of the rule set; the month a new set of supplerende weeks was earned is kept as
//! the ledger goes, not searched for.
//!
//! The projection is the ledger's longest part (a right of 3.462 hours is some two years of
//! months) and the same every month once nothing changes: no work or income, no switch to
//! part-time and no suspension ahead. There the months run in [`project`], which does only what
//! such a month does (the waiting day, the hours paid, the period consumed) with the same
//! arithmetic; the general loop still runs every month the explanation shows. A test holds the
//! two to the same month the right runs out on generated caseloads.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Input, Params, Record, SCOPE};
use crate::model::{Calc, Recorder, Refusal};
use crate::values::month::Month;
use crate::values::value::{Measure, Said, Value};

/// The most months the ledger runs (the known months and the projection): a hundred years.
const MAX_LINES: usize = 1200;

/// Projected months shown in the explanation beyond the assessment month.
const SHOWN_PROJECTION: u32 = 60;

/// Why a month paid less than its hours less deductions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Nothing limited it.
    None,
    /// Only these hours of the period were left.
    Left(Decimal),
    /// The period was used up.
    UsedUp,
    /// The reference period had ended.
    ReferenceEnded,
}

/// One month of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub month: Month,
    pub projected: bool,
    pub part_time: bool,
    /// A month under the week system: weeks consumed, the total, and the period in weeks.
    pub weeks: Option<(Decimal, Decimal, Decimal)>,
    /// Supplerende weeks: used this month, used in the window including it, and the limit.
    pub supplementary: Option<(Decimal, Decimal, Decimal)>,
    /// The supplerende weeks were used: only this many days without work were paid.
    pub workless_only: Option<Decimal>,
    /// Income without fixed hours, converted to hours (part of the deductions).
    pub income_hours: Decimal,
    /// The same income as løntimer earned (lav omregningssats, at most a full-time month): they
    /// fill the employment account and count toward re-earning as work does.
    pub earned_hours: Decimal,
    pub deductions: Decimal,
    pub waiting_day: bool,
    /// The month did not count toward the waiting day's 4 months: it extended them (a month
    /// with sygedagpenge, barsel and the like without dagpenge, or the COVID-19 suspension).
    pub karens_paused: bool,
    /// The month's hours less the deductions, not below zero.
    pub gross: Decimal,
    /// Fewer hours were left than the least a month pays, so none were paid.
    pub below_minimum: bool,
    pub limit: Limit,
    pub paid: Decimal,
    pub consumed: Decimal,
    pub suspended: bool,
    pub consumed_total: Decimal,
    pub account: Decimal,
    /// The reference period's last month as known in this month.
    pub reference_last: Month,
}

impl Line {
    fn weeks(
        month: Month,
        part_time: bool,
        weeks: (Decimal, Decimal, Decimal),
        end: Month,
    ) -> Self {
        Line {
            month,
            projected: false,
            part_time,
            weeks: Some(weeks),
            supplementary: None,
            workless_only: None,
            income_hours: Decimal::ZERO,
            earned_hours: Decimal::ZERO,
            deductions: Decimal::ZERO,
            waiting_day: false,
            karens_paused: false,
            gross: Decimal::ZERO,
            below_minimum: false,
            limit: Limit::None,
            paid: Decimal::ZERO,
            consumed: Decimal::ZERO,
            suspended: false,
            consumed_total: Decimal::ZERO,
            account: Decimal::ZERO,
            reference_last: end,
        }
    }
}

/// The ledger and what the month's figures are read from.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub lines: Vec<Line>,
    /// The first month of the hour system's ledger: the placement, or 1 July 2017.
    pub start: Month,
    /// The period in hours in the assessment month (after a shortening, or a switch to
    /// part-time made by then; a switch in a projected month is not counted).
    pub period: Decimal,
    /// The old reference period's last month, for a placement under the week system.
    pub fixed_reference: Option<Month>,
    /// The reference period's months (for a placement under the hour system).
    pub reference_months: u32,
    pub runs_out: Option<Month>,
    pub shortened: bool,
    /// Each month of the hour system: ordinary work and pay.
    pub works: Vec<(Month, Decimal, Decimal)>,
    /// Hours that extend the reference period, and the months whose consumption was
    /// suspended, up to the assessment month; the hours a month of extension takes.
    pub extend_hours: Decimal,
    pub suspended_months: u32,
    pub extension_month_hours: Decimal,
}

fn missing(m: Month) -> Refusal {
    Refusal::new(SCOPE, "refusal.missing_month")
        .with("month", Value::Month(m))
        .field("history")
}

/// Where the hour system's ledger starts, its period and its reference period.
struct Start {
    start: Month,
    period: Decimal,
    fixed_reference: Option<Month>,
    reference_months: u32,
}

/// A placement under the week system: its months until 1 July 2017, and the weeks left
/// carried into hours (BEK § 13): weeks × 37 (30), the old reference period's last month kept.
/// The weeks come from the history's months before then, or are given.
fn week_system<R: Recorder>(
    i: &Input,
    p: &Params,
    c: &mut Calc<R>,
    from: NaiveDate,
    lines: &mut Vec<Line>,
    runs_out: &mut Option<Month>,
) -> Result<Start, Refusal> {
    let hours_from = Month::of(from);
    let (weeks_left, old_end) = match (i.weeks_left_2017_07, i.old_reference_end) {
        (Some(weeks), Some(end)) => (
            Some(c.measure("weeks_left_2017_07", weeks, Measure::Weeks)),
            end,
        ),
        _ if i.history.first().is_some_and(|(m, _)| *m < hours_from) => {
            let rule_from = c.get(&p.weeks_rule_from);
            let new_rules = i.placement.first_day() >= rule_from;
            let (period_weeks, months) = if new_rules {
                (c.get(&p.weeks_period), c.get(&p.weeks_reference_months))
            } else {
                (c.get(&p.old_weeks_period), c.get(&p.old_reference_months))
            };
            let end = i.placement.plus_months(months.saturating_sub(1));
            let placement = i.placement;
            c.step("consumption", "week_period", |s| {
                s.value(Value::weeks(period_weeks))
                    .said(if new_rules {
                        "text.week_period_new"
                    } else {
                        "text.week_period_old"
                    })
                    .arg("placement", Value::Month(placement))
                    .arg("weeks", Value::weeks(period_weeks))
                    .arg("from", Value::Date(rule_from))
                    .arg("months", Value::months(months))
                    .arg("end", Value::Month(end));
            });
            // An earlier placement keeps the old rules for at most so many weeks from the 2010
            // act's entry into force (LOV 703/2010 § 2 stk. 2).
            let cap = (!new_rules).then(|| c.get(&p.old_rules_cap_weeks));
            let cap_from = Month::of(rule_from);
            let mut used = Decimal::ZERO;
            let mut used_capped = Decimal::ZERO;
            let mut m = i.placement;
            while m < hours_from {
                let rec = i.record(m).ok_or_else(|| missing(m))?;
                let capped = cap.filter(|_| m >= cap_from);
                // Nothing is used after the reference period has ended, nor beyond the cap.
                let week = if m > end {
                    Decimal::ZERO
                } else {
                    let mut w = rec.weeks.min(period_weeks - used);
                    if let Some(cap) = capped {
                        w = w.min(cap - used_capped);
                    }
                    w.max(Decimal::ZERO)
                };
                used += week;
                if capped.is_some() {
                    used_capped += week;
                }
                let cap_reached = capped.filter(|cap| used_capped >= *cap);
                if let Some(cap) = cap_reached
                    && runs_out.is_none()
                {
                    c.step("consumption", "week_old_cap", |s| {
                        s.value(Value::weeks(used_capped))
                            .said("text.week_old_cap")
                            .arg("cap", Value::weeks(cap))
                            .arg("from", Value::Date(rule_from))
                            .arg("month", Value::Month(m));
                    });
                }
                let line = Line::weeks(m, i.part_time, (week, used, period_weeks), end);
                c.step("consumption", "week_month", |s| {
                    s.value(Value::weeks(week))
                        .said("text.week_month")
                        .arg("weeks", Value::weeks(week))
                        .arg("month", Value::Month(line.month))
                        .arg("used", Value::weeks(used))
                        .arg("period", Value::weeks(period_weeks));
                });
                lines.push(line);
                if runs_out.is_none() && (used >= period_weeks || m >= end || cap_reached.is_some())
                {
                    *runs_out = Some(m);
                }
                m = m.next();
            }
            // A right that ran out under the week system carries nothing into hours.
            let left = match *runs_out {
                Some(r) => {
                    c.step("consumption", "week_ran_out", |s| {
                        s.value(Value::weeks(0))
                            .said("text.week_ran_out")
                            .arg("runs_out", Value::Month(r));
                    });
                    None
                }
                None => {
                    let left = c.measure("period_weeks", period_weeks, Measure::Weeks)
                        - c.measure("used_weeks", used, Measure::Weeks);
                    let left = match cap {
                        // The old rules' cap, if it leaves less.
                        Some(cap) if cap - used_capped < period_weeks - used => {
                            c.measure("old_rules_cap_weeks", cap, Measure::Weeks)
                                - c.measure("used_weeks_capped", used_capped, Measure::Weeks)
                        }
                        _ => left,
                    };
                    Some(c.quantity("consumption", "weeks_left", left, Measure::Weeks)?)
                }
            };
            (left, end)
        }
        _ => {
            return Err(Refusal::new(SCOPE, "refusal.before_hours")
                .with("from", Value::Date(from))
                .field("history"));
        }
    };
    let period = match weeks_left {
        Some(weeks) => {
            let per_week = c.param(p.transition_week_hours.of(i.part_time));
            let x = c.quantity(
                "consumption",
                "transition",
                weeks * per_week,
                Measure::Hours,
            )?;
            c.with(|s| {
                s.arg("from", Value::Date(from));
            });
            x.value().unwrap_or_default()
        }
        None => Decimal::ZERO,
    };
    Ok(Start {
        start: hours_from,
        period,
        fixed_reference: Some(old_end),
        reference_months: 0,
    })
}

/// A placement under the hour system: the period of the member's insurance, or a dimittend's.
fn hour_system<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Start {
    let pt = i.part_time;
    // A dimittend's period, if the version has one: the day it applies from, and whether the
    // placement is on or after it.
    let dimittend = match &p.dimittend {
        Some(d) if i.dimittend => {
            let from = c.get(&d.from);
            Some((d, from, i.placement.first_day() >= from))
        }
        _ => None,
    };
    let (hours, months) = match dimittend {
        Some((d, _, true)) => (d.hours.of(pt), &d.reference_months),
        _ => (p.period_hours.of(pt), &p.reference_months),
    };
    let (period, months) = (c.get(hours), c.get(months));
    let from = dimittend.map(|(_, from, applies)| (from, applies));
    c.step("consumption", "period", |s| {
        s.value(Value::hours(period))
            .arg("hours", Value::hours(period))
            .arg(
                "insurance",
                Value::word(SCOPE, if pt { "part_time" } else { "full_time" }),
            )
            .arg("months", Value::months(months));
        match from {
            Some((_, true)) => s.said("text.period_dimittend"),
            Some((_, false)) => s.said("text.period_dimittend_before"),
            None => s.said("text.period"),
        };
        if let Some((from, _)) = from {
            s.arg("from", Value::Date(from));
        }
    });
    Start {
        start: i.placement,
        period,
        fixed_reference: None,
        reference_months: months,
    }
}

/// The shortening after long unemployment (BEK §§ 11-12): 7.696 (6.240) hours of dagpenge
/// within the latest 96 months cut the period by 160,33 (130) hours.
fn shortening<R: Recorder>(
    i: &Input,
    p: &Params,
    c: &mut Calc<R>,
    period: &mut Decimal,
) -> Result<bool, Refusal> {
    let Some(h) = i.hours_96_months else {
        return Ok(false);
    };
    let pt = i.part_time;
    let trigger = c.get(p.shortening_trigger.of(pt));
    let cut = c.get(p.shortening_hours.of(pt));
    let shortened = h >= trigger && *period >= cut;
    c.step("consumption", "shortening", |s| {
        s.value(Value::Bool(shortened))
            .said(match (h >= trigger, shortened) {
                (_, true) => "text.shortened",
                (true, false) => "text.not_shortened_short",
                (false, _) => "text.not_shortened",
            })
            .arg("hours_96_months", Value::hours(h))
            .arg("trigger", Value::hours(trigger))
            .arg("cut", Value::hours(cut));
    });
    if shortened {
        let x = c.hours("period_hours", *period) - c.param(p.shortening_hours.of(pt));
        let x = c.quantity("consumption", "shortened", x, Measure::Hours)?;
        *period = x.value().unwrap_or_default();
    }
    Ok(shortened)
}

/// The values of the supplerende weeks' limit, read once.
struct Supplementary {
    weeks: Decimal,
    window: u32,
    extension_weeks: Decimal,
    extension_hours: Decimal,
    extension_times: u32,
    extension_window: u32,
    reearn_months: u32,
    reearn_hours: Decimal,
    reearn_window: u32,
}

impl Supplementary {
    fn read<R: Recorder>(p: &Params, c: &mut Calc<R>) -> Self {
        let s = &p.supplementary;
        Supplementary {
            weeks: c.get(&s.weeks),
            window: c.get(&s.window),
            extension_weeks: c.get(&s.extension_weeks),
            extension_hours: c.get(&s.extension_hours),
            extension_times: c.get(&s.extension_times),
            extension_window: c.get(&s.extension_window),
            reearn_months: c.get(&s.reearn_months),
            reearn_hours: c.get(&s.reearn_hours),
            reearn_window: c.get(&s.reearn_window),
        }
    }
}

/// The ledger from the placement to the assessment month, then projected.
pub fn run<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Ledger, Refusal> {
    let month = c.month;
    let from = c.get(&p.hours_system_from);
    let mut lines: Vec<Line> = Vec::new();
    let mut runs_out = None;
    let Start {
        start,
        mut period,
        fixed_reference,
        reference_months,
    } = if i.placement < Month::of(from) {
        week_system(i, p, c, from, &mut lines, &mut runs_out)?
    } else {
        hour_system(i, p, c)
    };
    let shortened = shortening(i, p, c, &mut period)?;

    let part_time_in = |m: Month| i.part_time || i.part_time_from.is_some_and(|f| m >= f);
    let suspensions: Vec<(NaiveDate, NaiveDate)> = p
        .suspensions
        .iter()
        .map(|(f, t)| (c.get(f), c.get(t)))
        .collect();
    let suspended = |m: Month| {
        suspensions
            .iter()
            .any(|&(f, t)| m.first_day() >= f && super::last_day(m) <= t)
    };
    let waiting_every = c.get(&p.waiting_every_months).max(1);
    // The waiting day's 4 months did not run while the law suspended them (§ 56 a stk. 9);
    // the days are noted as used only by a ledger with a month in them.
    let karens_suspension = |m: Month| {
        p.karens_suspensions
            .iter()
            .find(|(f, t)| m.first_day() >= f.value() && super::last_day(m) <= t.value())
    };
    // The months counted in the current 4-month period, the løntimer in it (extended months
    // included), and a waiting day due in a month without dagpenge because of løntilskud.
    let mut karens_months = 0u32;
    let mut karens_work = Decimal::ZERO;
    let mut karens_pending = false;
    let account_ratio = c.get(&p.account_ratio);
    let extension_month_hours = c.get(&p.extension_month_hours);
    // The supplerende weeks concern months with work only.
    let sp = i
        .history
        .iter()
        .any(|(_, r)| r.work > Decimal::ZERO)
        .then(|| Supplementary::read(p, c));
    let shown_until = month.plus_months(SHOWN_PROJECTION);

    let mut consumed_total = Decimal::ZERO;
    let mut account = Decimal::ZERO;
    let mut extend_hours = Decimal::ZERO;
    let mut suspended_months = 0u32;
    let (mut extend_at_month, mut suspended_at_month) = (Decimal::ZERO, 0u32);
    // The period as it stands in the assessment month: a switch to part-time in a later month
    // (BEK om dagpengeperioden § 3 stk. 4, from the 1st of the following month) is not yet made.
    let mut period_at_month = period;
    let mut works: Vec<(Month, Decimal, Decimal)> = Vec::new();
    // For each month in `works`, whether it was a full month of work for the supplerende weeks'
    // extension and for earning a new set: the windows below look back over these flags, so a
    // month's look back costs no decimal comparisons.
    let mut full_for_extension: Vec<bool> = Vec::new();
    let mut full_for_reearning: Vec<bool> = Vec::new();
    // The latest month that earned a new set of supplerende weeks.
    let mut reearned_at: Option<Month> = None;
    let mut m = start;
    // One line, work and flag a known month: reserved once rather than regrown (a few
    // reallocations a row, ~3 % of a dagpenge batch). Case years are bounded (1900-2100).
    let known = usize::try_from(month.index() - start.index() + 1).unwrap_or(0);
    lines.reserve(known);
    works.reserve(known);
    if sp.is_some() {
        full_for_extension.reserve(known);
        full_for_reearning.reserve(known);
    }
    let mut was_part_time = part_time_in(start);
    // The months run, with the week system's and the projected ones (which are recorded as
    // steps but not kept: nothing after the assessment month reads them).
    let mut months_run = lines.len();
    // The reference period's last month, extended in whole months for the hours that extend
    // it and for months whose consumption was suspended.
    let reference_last_of = |extend_hours: Decimal, suspended_months: u32| {
        let extension_months = extend_hours
            .checked_div(extension_month_hours)
            .and_then(|x| x.ceil().to_u32())
            .unwrap_or(0)
            .saturating_add(suspended_months);
        match fixed_reference {
            Some(end) => end.plus_months(extension_months),
            None => start.plus_months(
                reference_months
                    .saturating_add(extension_months)
                    .saturating_sub(1),
            ),
        }
    };
    // Known months, then a projection of full unemployment to the end of the right.
    while runs_out.is_none() || m <= month {
        let pt = part_time_in(m);
        // A projected month that is not shown, with nothing ahead that changes the months:
        // the rest runs in `project`. (The switch to part-time happens in the general loop,
        // so the fast path starts only after it; suspensions ahead keep the general loop.)
        let steady = m > month
            && (!R::ON || m > shown_until)
            && (i.part_time || i.part_time_from.is_none_or(|f| f < m))
            && suspensions.iter().all(|&(_, t)| t < m.first_day())
            && p.karens_suspensions
                .iter()
                .all(|(_, t)| t.value() < m.first_day());
        if steady {
            let state = Projection {
                karens_months,
                karens_work,
                karens_pending,
                consumed_total,
                reference_last: reference_last_of(extend_hours, suspended_months),
                months_run,
            };
            runs_out = project(p, c, pt, period, waiting_every, m, state);
            break;
        }
        if pt && !was_part_time {
            // Full-time to part-time: the rest of the period × 0,81 (BEK § 3 stk. 4).
            let left = (period - consumed_total).max(Decimal::ZERO);
            let factor = c.get(&p.part_time_factor);
            let new_left = (left * factor).round_dp(2);
            period = consumed_total + new_left;
            c.step("consumption", "part_time_switch", |s| {
                s.value(Value::hours(period))
                    .said("text.part_time_switch")
                    .arg("period", Value::hours(period))
                    .arg("month", Value::Month(m))
                    .arg("left", Value::hours(left))
                    .arg("factor", Value::Number(factor))
                    .arg("new_left", Value::hours(new_left));
            });
        }
        was_part_time = pt;
        let projected = m > month;
        let rec = if projected {
            Record::default()
        } else {
            i.record(m).ok_or_else(|| missing(m))?
        };
        // Income without fixed hours, converted at the high omregningssats of the year.
        let income_hours = match rec.income_hours {
            Some(h) => h,
            None if rec.income.is_zero() => Decimal::ZERO,
            None if m.year() == month.year() => {
                let Some(rate) = &p.high_conversion_rate else {
                    return Err(Refusal::new(SCOPE, "refusal.conversion_not_found")
                        .with("month", Value::Month(m))
                        .with("version", Value::Text(p.version.clone()))
                        .field("history"));
                };
                let x = (c.kr("income", rec.income) / c.param(rate)).rounded(&p.round_income_hours);
                let x = c.quantity("month", "income_hours", x, Measure::Hours)?;
                c.with(|s| {
                    s.arg("month", Value::Month(m));
                });
                x.value().unwrap_or_default()
            }
            None => {
                return Err(Refusal::new(SCOPE, "refusal.income_other_year")
                    .with("month", Value::Month(m))
                    .field("history"));
            }
        };
        // The same income as løntimer earned, converted at the lav omregningssats of the year
        // and counted as at most a full-time month's hours (sl.dk: "Hvis du får vederlag").
        let earned_hours = match rec.earned_hours {
            Some(h) => h,
            None if rec.income.is_zero() => Decimal::ZERO,
            None if m.year() == month.year() => {
                let Some(rate) = &p.low_conversion_rate else {
                    return Err(Refusal::new(SCOPE, "refusal.low_conversion_not_found")
                        .with("month", Value::Month(m))
                        .with("version", Value::Text(p.version.clone()))
                        .field("history"));
                };
                let x = (c.kr("income", rec.income) / c.param(rate))
                    .rounded(&p.round_income_hours)
                    .min(c.param(&p.month_hours.full));
                let x = c.quantity("month", "earned_hours", x, Measure::Hours)?;
                c.with(|s| {
                    s.arg("month", Value::Month(m));
                });
                x.value().unwrap_or_default()
            }
            None => {
                return Err(Refusal::new(SCOPE, "refusal.earned_other_year")
                    .with("month", Value::Month(m))
                    .field("history"));
            }
        };
        // Løntimer: ordinary work and the income's earned hours.
        let paid_work = rec.work + earned_hours;
        works.push((m, paid_work, rec.wage));
        if let Some(sp) = &sp {
            full_for_extension.push(paid_work > sp.extension_hours);
            full_for_reearning.push(paid_work > sp.reearn_hours);
        }
        let day_hours = c.get(p.day_hours.of(pt));
        let month_hours = c.get(p.month_hours.of(pt));
        let min_paid = c.get(p.min_paid.of(pt));
        // The waiting day (§ 56 a): a day's dagpenge every 4th month counted from the start,
        // unless more than 148 (97) løntimer in those months. A month with sygedagpenge,
        // barselsdagpenge or the like and no dagpenge extends the 4 months (§ 56 a stk. 5;
        // BEK om udbetaling af dagpenge § 38 stk. 3-4), as did the COVID-19 suspension
        // (§ 56 a stk. 9); the løntimer of the extended months count. No waiting day in a
        // month without dagpenge (stk. 4), but after løntilskud it falls in the next month
        // with dagpenge.
        let before_waiting = rec.work + income_hours + rec.technical_days * day_hours;
        let pays = month_hours - before_waiting >= min_paid;
        let karens_suspended = match karens_suspension(m) {
            Some((f, t)) => {
                c.get(f);
                c.get(t);
                true
            }
            None => false,
        };
        let karens_paused = karens_suspended
            || ((rec.benefit_days > Decimal::ZERO || rec.extend > Decimal::ZERO) && !pays);
        karens_work += rec.work;
        let mut waiting_day = false;
        if !karens_paused {
            karens_months += 1;
            if karens_months >= waiting_every {
                let due = karens_work <= c.get(p.waiting_exempt.of(pt));
                (karens_months, karens_work) = (0, Decimal::ZERO);
                if due && pays {
                    waiting_day = true;
                } else if due && rec.subsidised > Decimal::ZERO {
                    karens_pending = true;
                }
            }
        }
        if !waiting_day && karens_pending && pays {
            (waiting_day, karens_pending) = (true, false);
        }
        let deductions = before_waiting
            + if waiting_day {
                day_hours
            } else {
                Decimal::ZERO
            };
        let gross = (month_hours - deductions).max(Decimal::ZERO);
        let below_minimum = gross > Decimal::ZERO && gross < min_paid;
        let mut paid = if gross < min_paid {
            Decimal::ZERO
        } else {
            gross
        };
        // Supplerende dagpenge: a month with work that still pays uses its short weeks; once
        // the weeks within the window are used (after the month they run out in), only the
        // days without work are paid.
        let mut supplementary = None;
        let mut workless_only = None;
        if let Some(sp) = sp
            .as_ref()
            .filter(|_| !projected && rec.work > Decimal::ZERO)
            && paid > Decimal::ZERO
        {
            let full_months = full_for_extension
                .iter()
                .rev()
                .skip(1)
                .take(sp.extension_window as usize)
                .filter(|full| **full)
                .count()
                .min(sp.extension_times as usize);
            let limit = sp.weeks + sp.extension_weeks * Decimal::from(full_months);
            // Weeks used before the latest month that earned a new set no longer count.
            let used_before: Decimal = lines
                .iter()
                .rev()
                .take(sp.window.saturating_sub(1) as usize)
                .filter(|l| reearned_at.is_none_or(|r| l.month > r))
                .filter_map(|l| l.supplementary.map(|(w, _, _)| w))
                .sum();
            if used_before >= limit {
                let days = rec.workless_days.ok_or_else(|| {
                    Refusal::new(SCOPE, "refusal.workless_days_needed")
                        .with("month", Value::Month(m))
                        .field("history")
                })?;
                paid = paid.min(days * day_hours);
                workless_only = Some(days);
                // The a-kasser word this differently and the act's words were not found: the
                // result says which reading it follows.
                c.note(|| Said::new(SCOPE, "note.workless_days_reading"));
            }
            if paid > Decimal::ZERO && used_before < limit {
                supplementary = Some((rec.short_weeks, used_before + rec.short_weeks, limit));
            }
        }
        // The reference period, extended in whole months for the hours that extend it and for
        // months whose consumption was suspended.
        let is_suspended = suspended(m);
        if is_suspended {
            suspended_months += 1;
        }
        extend_hours += rec.extend;
        let reference_last = reference_last_of(extend_hours, suspended_months);
        // No more is paid than the period has left, and nothing after the reference period
        // (AFL § 55, stk. 1: the period runs within the reference period).
        let remaining_before = (period - consumed_total).max(Decimal::ZERO);
        let limit = if paid.is_zero() {
            Limit::None
        } else if m > reference_last {
            Limit::ReferenceEnded
        } else if remaining_before.is_zero() {
            Limit::UsedUp
        } else if paid > remaining_before {
            Limit::Left(remaining_before)
        } else {
            Limit::None
        };
        paid = match limit {
            Limit::None => paid,
            Limit::Left(left) => left,
            Limit::UsedUp | Limit::ReferenceEnded => Decimal::ZERO,
        };
        let consumed = if is_suspended || m > reference_last {
            Decimal::ZERO
        } else {
            (paid + rec.subsidised).min(remaining_before)
        };
        consumed_total += consumed;
        account = (account + account_ratio * paid_work).min(c.get(p.account_cap.of(pt)));
        if !projected {
            (extend_at_month, suspended_at_month) = (extend_hours, suspended_months);
            period_at_month = period;
        }
        let line = Line {
            month: m,
            projected,
            part_time: pt,
            weeks: None,
            supplementary,
            workless_only,
            income_hours,
            earned_hours,
            deductions,
            waiting_day,
            karens_paused,
            gross,
            below_minimum,
            limit,
            paid,
            consumed,
            suspended: is_suspended,
            consumed_total,
            account,
            reference_last,
        };
        if m <= shown_until {
            record(c, &line, month_hours, day_hours, min_paid);
        }
        months_run += 1;
        if !projected {
            lines.push(line);
        }
        // A new set of supplerende weeks: enough months of full work within the window.
        if let Some(sp) = &sp {
            let from = full_for_reearning
                .len()
                .saturating_sub(sp.reearn_window.max(1) as usize);
            let full = full_for_reearning[from..]
                .iter()
                .filter(|full| **full)
                .count();
            if full >= sp.reearn_months as usize {
                reearned_at = Some(m);
            }
        }
        if runs_out.is_none() && (consumed_total >= period || m >= reference_last) {
            runs_out = Some(m);
        }
        if (runs_out.is_some() && m >= month) || months_run > MAX_LINES {
            break;
        }
        m = m.next();
    }
    Ok(Ledger {
        lines,
        start,
        period: period_at_month,
        fixed_reference,
        reference_months,
        runs_out,
        shortened,
        works,
        extend_hours: extend_at_month,
        suspended_months: suspended_at_month,
        extension_month_hours,
    })
}

/// Where the general loop hands a projection over to [`project`].
struct Projection {
    karens_months: u32,
    karens_work: Decimal,
    karens_pending: bool,
    consumed_total: Decimal,
    reference_last: Month,
    months_run: usize,
}

/// The projected months from `m` on, when each is a month of full unemployment with nothing
/// ahead that changes them: the month the right runs out (the period consumed or the reference
/// period ended), or none within [`MAX_LINES`]. It does what the general loop does for such a
/// month, with the same arithmetic and in the same order of parameters read.
fn project<R: Recorder>(
    p: &Params,
    c: &mut Calc<R>,
    pt: bool,
    period: Decimal,
    waiting_every: u32,
    mut m: Month,
    s: Projection,
) -> Option<Month> {
    let Projection {
        mut karens_months,
        mut karens_work,
        mut karens_pending,
        mut consumed_total,
        reference_last,
        mut months_run,
    } = s;
    let day_hours = c.get(p.day_hours.of(pt));
    let month_hours = c.get(p.month_hours.of(pt));
    let min_paid = c.get(p.min_paid.of(pt));
    // No work, income or technical days: the month pays its hours less any waiting day.
    let pays = month_hours >= min_paid;
    // What a month pays without and with the waiting day, and the hours a whole 4-month period
    // consumes once it starts afresh (no løntimer counted, no waiting day pending): from then
    // on every period is the same, so the whole ones the right does not end in are skipped.
    let paying = |gross: Decimal| {
        if gross < min_paid {
            Decimal::ZERO
        } else {
            gross
        }
    };
    let full = paying(month_hours.max(Decimal::ZERO));
    // Read as the loop reads it: noted when a period ends (here or among those skipped).
    let exempt = p.waiting_exempt.of(pt);
    let with_waiting = if Decimal::ZERO <= exempt.value() && pays {
        paying((month_hours - day_hours).max(Decimal::ZERO))
    } else {
        full
    };
    let cycle = full
        .checked_mul(Decimal::from(waiting_every - 1))
        .and_then(|x| x.checked_add(with_waiting));
    loop {
        if let Some(cycle) = cycle.filter(|_| {
            karens_months == 0 && karens_work.is_zero() && !karens_pending && m < reference_last
        }) {
            let skipped = whole_cycles(
                period - consumed_total,
                cycle,
                super::months_between(m, reference_last) / waiting_every,
                (MAX_LINES.saturating_sub(months_run) as u32) / waiting_every,
            );
            if skipped > 0 {
                c.get(exempt);
                consumed_total += cycle * Decimal::from(skipped);
                m = m.plus_months(skipped * waiting_every);
                months_run += (skipped * waiting_every) as usize;
            }
        }
        karens_months += 1;
        let mut waiting_day = false;
        if karens_months >= waiting_every {
            let due = karens_work <= c.get(exempt);
            (karens_months, karens_work) = (0, Decimal::ZERO);
            waiting_day = due && pays;
        }
        if !waiting_day && karens_pending && pays {
            (waiting_day, karens_pending) = (true, false);
        }
        let deductions = if waiting_day {
            day_hours
        } else {
            Decimal::ZERO
        };
        let gross = (month_hours - deductions).max(Decimal::ZERO);
        let paid = if gross < min_paid {
            Decimal::ZERO
        } else {
            gross
        };
        let remaining_before = (period - consumed_total).max(Decimal::ZERO);
        let paid = if paid.is_zero() || m > reference_last || remaining_before.is_zero() {
            Decimal::ZERO
        } else {
            paid.min(remaining_before)
        };
        if m <= reference_last {
            consumed_total += paid.min(remaining_before);
        }
        months_run += 1;
        if consumed_total >= period || m >= reference_last {
            return Some(m);
        }
        if months_run > MAX_LINES {
            return None;
        }
        m = m.next();
    }
}

/// Whole 4-month periods of `cycle` hours each that can be consumed from `left` hours with some
/// left after the last (so the right does not run out within them), at most `most`. The
/// division only estimates; the exact products decide.
fn whole_cycles(left: Decimal, cycle: Decimal, months_most: u32, lines_most: u32) -> u32 {
    let most = months_most.min(lines_most);
    if most == 0 || left <= Decimal::ZERO {
        return 0;
    }
    let mut n = if cycle <= Decimal::ZERO {
        most
    } else {
        left.checked_div(cycle)
            .and_then(|q| q.floor().to_u32())
            .unwrap_or(most)
            .min(most)
    };
    while n > 0
        && cycle
            .checked_mul(Decimal::from(n))
            .is_none_or(|used| used >= left)
    {
        n -= 1;
    }
    n
}

/// A part of a ledger line's sentence: `dagpenge.text.<key>`, or nothing.
fn part(on: bool, key: &'static str, args: &[(&'static str, Value)]) -> Value {
    if !on {
        return Value::Text(String::new());
    }
    let mut said = Said::new(SCOPE, key);
    for (name, v) in args {
        said.put(name, v.clone());
    }
    Value::said(said)
}

/// Records a month of the hour system as a line of the ledger.
fn record<R: Recorder>(
    c: &mut Calc<R>,
    l: &Line,
    month_hours: Decimal,
    day_hours: Decimal,
    min_paid: Decimal,
) {
    let key = if l.projected {
        "month_projected"
    } else {
        "month"
    };
    c.step("month", key, |s| {
        let h = Value::hours;
        let (left, ended) = match l.limit {
            Limit::Left(left) => (Some(left), None),
            Limit::UsedUp => (None, Some("text.used_up")),
            Limit::ReferenceEnded => (None, Some("text.reference_ended")),
            Limit::None => (None, None),
        };
        let supplementary = l.supplementary.filter(|(_, used, _)| *used > Decimal::ZERO);
        s.value(h(l.paid))
            .said("text.month")
            .arg("month", Value::Month(l.month))
            .input("month_hours", h(month_hours))
            .input("deductions", h(l.deductions))
            .arg("gross", h(l.gross))
            .arg("paid", h(l.paid))
            .arg("consumed", h(l.consumed))
            .arg("consumed_total", h(l.consumed_total))
            .arg("account", h(l.account))
            .arg("waiting", part(l.waiting_day, "text.incl_waiting_day", &[]))
            .arg("karens", part(l.karens_paused, "text.karens_paused", &[]))
            .arg(
                "earned",
                part(
                    l.earned_hours > Decimal::ZERO,
                    "text.incl_earned_hours",
                    &[("hours", h(l.earned_hours))],
                ),
            )
            .arg(
                "income",
                part(
                    l.income_hours > Decimal::ZERO,
                    "text.incl_income_hours",
                    &[("hours", h(l.income_hours))],
                ),
            )
            .arg(
                "minimum",
                part(
                    l.below_minimum,
                    "text.below_minimum",
                    &[("min", h(min_paid))],
                ),
            )
            .arg(
                "workless",
                part(
                    l.workless_only.is_some(),
                    "text.workless_only",
                    &[
                        ("days", Value::days(l.workless_only.unwrap_or_default())),
                        ("day_hours", h(day_hours)),
                        ("most", h(l.workless_only.unwrap_or_default() * day_hours)),
                    ],
                ),
            )
            .arg(
                "limit",
                match (left, ended) {
                    (Some(left), _) => part(true, "text.limited", &[("left", h(left))]),
                    (None, Some(key)) => {
                        part(true, key, &[("last", Value::Month(l.reference_last))])
                    }
                    (None, None) => part(false, "", &[]),
                },
            )
            .arg("suspended", part(l.suspended, "text.suspended", &[]))
            .arg(
                "supplementary",
                match supplementary {
                    Some((weeks, used, limit)) => part(
                        true,
                        "text.supplementary",
                        &[
                            ("weeks", Value::weeks(weeks)),
                            ("used", Value::weeks(used)),
                            ("limit", Value::weeks(limit)),
                        ],
                    ),
                    None => part(false, "", &[]),
                },
            );
    });
}
