//! **Sygedagpengerefusion** (sygedagpengeloven §§ 47, 50, 54, 59): an employer that keeps paying
//! wages to a sick employee after the employer period is refunded the sygedagpenge the employee
//! would otherwise have had (§ 54), and never more. Per ISO week: the hours of absence (at most
//! the employee's normal weekly hours) at the employee's hourly pay **after arbejdsmarkedsbidrag**
//! (§ 47; PAV 24.3.3: "efter betaling af arbejdsmarkedsbidrag"), at most the maximum per hour.
//!
//! The maximum per hour is the weekly maximum (3.332 kr., regulated) divided by the **normal
//! full-time week of the collective agreement** in hours (§ 50 stk. 1: "den normale
//! overenskomstmæssige arbejdstid"), not by the employee's own hours: a 30-hour part-timer under a
//! 37-hour agreement has at most 30 × 126,89 kr. a week in 2024, not 4.695. Without the
//! agreement's week the rule set's 37 hours are used (the published hourly maximum is the weekly
//! ÷ 37, rounded to øre: 4.695 ÷ 37 = 126,89), and a note says so. A week is at most the weekly
//! maximum (§ 50 stk. 2); a week of the full-time hours at the maximum is the weekly figure itself
//! (37 × 126,89 = 4.694,93 would lose 7 øre).
//!
//! The rates change on the first Monday of January, so each ISO week belongs to the year of its
//! Monday. A claim whose weeks cross a change is cut there by the engine ([`Scheme::cut`]): the
//! weeks before the change are computed under the old version, those from it under the new, and
//! the parts' refunds are added ([`Scheme::join`]); the result names both versions. `compute`
//! alone still refuses weeks past its version's end (with the date to split at), so no week is
//! ever computed at another year's rates.

mod weeks;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme, XOf,
};
use crate::rules::spec::{InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, param};
use crate::values::history::History;
use crate::values::rounding::Rounding;
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct SygedagpengeRefund;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Hours of absence per ISO week in the refund period (after the employer period).
    pub sick_hours: History,
    /// The employee's normal agreed working hours per week (more than 0): a week's absence
    /// counts at most these.
    pub normal_weekly_hours: Decimal,
    /// The normal full-time week of the collective agreement (§ 50 stk. 1's divisor); without
    /// it the rule set's `full_time_hours`.
    pub agreement_full_time_hours: Option<Decimal>,
    /// The employee's hourly pay before arbejdsmarkedsbidrag; without it the maximum rate is
    /// assumed (and a note says so).
    pub hourly_wage: Option<Decimal>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_weekly: Param<Decimal>,
    /// The arbejdsmarkedsbidrag withheld from the pay the sygedagpenge are computed from.
    pub am_bidrag: Param<Rate>,
    /// The full-time week assumed when the case does not give the agreement's.
    pub full_time_hours: Param<Decimal>,
    pub round_hourly: Param<Rounding>,
    pub round_week: Param<Rounding>,
    /// The last day of the version: weeks after it belong to the next year's rates.
    pub valid_to: Option<NaiveDate>,
}

/// One week's refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRefund {
    /// The Monday the ISO week starts.
    pub monday: NaiveDate,
    /// Hours of absence counted (at most the normal weekly hours).
    pub hours: Decimal,
    pub refund: Decimal,
    /// All the normal weekly hours were hours of absence.
    pub full: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub weeks: Vec<WeekRefund>,
    pub refund: Decimal,
    pub hours: Decimal,
    /// The hourly rate; `None` for a claim computed in parts whose rates differ (each part's is
    /// in the trace).
    pub hourly_rate: Option<Decimal>,
    /// The maximum per hour; `None` as `hourly_rate`.
    pub max_hourly: Option<Decimal>,
    /// The hourly pay after arbejdsmarkedsbidrag, if the pay was given (and, for a claim in
    /// parts, the same in every part).
    pub hourly_base: Option<Decimal>,
    /// The full-time week the maximum per hour was divided by.
    pub full_time_hours: Decimal,
    /// The employee's own pay is below the maximum; `None` for a claim in parts where it is in
    /// one part and not in another.
    pub wage_bound: Option<bool>,
}

impl Scheme for SygedagpengeRefund {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "sygedagpenge_refund",
        family: "sygedagpenge",
        selected_by: Some("sick_hours"),
        inputs: &[
            InputSpec::required("sick_hours", InputKind::Text),
            InputSpec::required(
                "normal_weekly_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
            InputSpec::optional(
                "agreement_full_time_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
            InputSpec::optional(
                "hourly_wage",
                InputKind::Amount {
                    max: bounds::KR_PER_HOUR,
                },
            ),
        ],
        results: &[
            OutputSpec::outcome("refund"),
            OutputSpec::intermediate("weeks"),
            OutputSpec::intermediate("hours"),
            OutputSpec::intermediate("hourly_rate"),
            OutputSpec::intermediate("max_hourly"),
            OutputSpec::intermediate("hourly_base"),
            OutputSpec::intermediate("full_time_hours"),
            OutputSpec::intermediate("rate_basis"),
            OutputSpec::intermediate("full_weeks"),
        ],
        headline: "refund",
        parameters: &[
            param(
                "max_weekly",
                Unit::Kr,
                "the highest sygedagpenge for a full week",
            ),
            param(
                "am_bidrag",
                Unit::Percent,
                "the arbejdsmarkedsbidrag withheld from the pay the sygedagpenge are computed from",
            ),
            param(
                "full_time_hours",
                Unit::HoursPerWeek,
                "the full-time week the maximum is divided by when the case does not give the agreement's",
            )
            .divisor(),
        ],
        roundings: &[
            item(
                "hourly",
                "the maximum per hour: weekly maximum ÷ the agreement's full-time weekly hours",
            ),
            item("week", "one week's refund"),
        ],
        rules: &[
            item("base", "the hourly pay after arbejdsmarkedsbidrag"),
            item(
                "rate",
                "the hourly rate: the employee's pay, at most the maximum",
            ),
            item("week", "one week's refund"),
            item("total", "the claim's total"),
        ],
        compile: crate::model::scheme::compile::<SygedagpengeRefund>,
    };

    /// The history in its notation; normal weekly hours of more than 0.
    fn read(f: &mut Fields) -> Option<Input> {
        let sick_hours = match f.text("sick_hours").map(weeks::parse) {
            Some(Ok(h)) => Some(h),
            Some(Err(said)) => {
                f.fail("sick_hours", said);
                None
            }
            None => None,
        };
        let normal = f.hours("normal_weekly_hours");
        if normal.is_some_and(|n| n.is_zero()) {
            f.refuse("normal_weekly_hours", "input_error.no_normal_hours");
        }
        let full_time = f.hours("agreement_full_time_hours");
        if full_time.is_some_and(|n| n.is_zero()) {
            f.refuse(
                "agreement_full_time_hours",
                "input_error.no_full_time_hours",
            );
        }
        if f.has_errors() {
            return None;
        }
        Some(Input {
            sick_hours: sick_hours?,
            normal_weekly_hours: normal?,
            agreement_full_time_hours: full_time,
            hourly_wage: f.amount_of("hourly_wage"),
        })
    }

    /// The version follows the Monday of the claim's first week.
    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        i.sick_hours.weeks.first().map(|w| w.monday)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            max_weekly: r.decimal("max_weekly")?,
            am_bidrag: r.rate("am_bidrag")?,
            full_time_hours: r.decimal("full_time_hours")?,
            round_hourly: r.rounding("hourly")?,
            round_week: r.rounding("week")?,
            valid_to: r.valid_to(),
        })
    }

    /// The refund for the claim's weeks (§ 54, at most § 50 stk. 1).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        // Every week must use the rates of the version its first week selected.
        if let (Some(to), Some(last)) = (p.valid_to, i.sick_hours.last_monday())
            && last > to
        {
            return Err(Refusal::new(c.scheme, "refusal.crosses_rate_change")
                .with("next", Value::Date(to.succ_opt().unwrap_or(to)))
                .field("sick_hours"));
        }

        // § 50 stk. 1: the maximum per hour is the weekly maximum ÷ the normal full-time week of
        // the collective agreement (the rule set's 37 hours if the case does not give it).
        let normal = i.normal_weekly_hours;
        let full_time = match i.agreement_full_time_hours {
            Some(h) => c.hours("agreement_full_time_hours", h),
            None => {
                let scheme = c.scheme;
                let h = c.get(&p.full_time_hours);
                c.note(|| {
                    Said::new(scheme, "note.no_full_time_hours").with("hours", Value::hours(h))
                });
                c.fill("agreement_full_time_hours", || Value::hours(h));
                c.param(&p.full_time_hours)
            }
        };
        let full_time_kr = full_time.value().unwrap_or_default();
        let max_weekly = c.param(&p.max_weekly);
        let max_hourly = c.amount(
            "rate",
            "max_hourly",
            (max_weekly / full_time).rounded(&p.round_hourly),
        )?;
        let max_hourly_kr = max_hourly.value().unwrap_or_default();

        // § 54: the sygedagpenge the employee would have had: the pay after arbejdsmarkedsbidrag
        // (§ 47), at most the maximum.
        let (hourly_rate, hourly_base, wage_bound) = match i.hourly_wage {
            Some(wage) => {
                let am = c.rate(&p.am_bidrag);
                let base = c.amount(
                    "base",
                    "hourly_base",
                    c.kr("hourly_wage", wage) - c.kr("hourly_wage", wage) * am,
                )?;
                let base_kr = base.value().unwrap_or_default();
                let rate = base.min(max_hourly.clone());
                (
                    c.amount("rate", "hourly_rate", rate)?,
                    Some(base_kr),
                    base_kr < max_hourly_kr,
                )
            }
            None => {
                let rate = c.amount("rate", "hourly_rate", max_hourly.clone())?;
                let scheme = c.scheme;
                c.note(|| Said::new(scheme, "note.no_hourly_wage"));
                (rate, None, false)
            }
        };
        let hourly_rate_kr = hourly_rate.value().unwrap_or_default();
        let max_weekly_kr = p.max_weekly.value();

        // Week by week: the hours of absence, at most the normal week, at the hourly rate, at
        // most the weekly maximum (§ 50 stk. 2); the full-time week at the maximum is the weekly
        // maximum itself.
        let mut weeks = Vec::with_capacity(i.sick_hours.weeks.len());
        let mut total: Option<XOf<R>> = None;
        let mut hours_total = Decimal::ZERO;
        for w in &i.sick_hours.weeks {
            let hours = w.hours.min(normal);
            let full = hours == normal;
            let refund = if hours >= full_time_kr && !wage_bound {
                let x = c.param(&p.max_weekly);
                c.amount("week", "week_full", x)?
            } else {
                let mut h = c.hours("sick_hours", w.hours);
                if w.hours > normal {
                    h = h.min(c.hours("normal_weekly_hours", normal));
                }
                let mut x = (h * hourly_rate.clone()).rounded(&p.round_week);
                if x.value().is_some_and(|v| v > max_weekly_kr) {
                    x = x.min(c.param(&p.max_weekly));
                }
                c.amount("week", "week", x)?
            };
            c.with(|s| {
                s.arg("week", Value::Week(w.monday))
                    .arg("hours", Value::hours(hours));
            });
            hours_total = hours_total
                .checked_add(hours)
                .ok_or_else(|| Refusal::overflow("hours"))?;
            weeks.push(WeekRefund {
                monday: w.monday,
                hours,
                refund: refund.value().unwrap_or_default(),
                full,
            });
            total = Some(match total {
                None => refund,
                Some(t) => t + refund,
            });
        }
        let total = total.unwrap_or_else(|| c.kr("refund", Decimal::ZERO));
        let refund = c.amount("total", "refund", total)?;
        c.with(|s| {
            s.arg("hours", Value::hours(hours_total));
        });

        Ok(Output {
            weeks,
            refund: refund.value().unwrap_or_default(),
            hours: hours_total,
            hourly_rate: Some(hourly_rate_kr),
            max_hourly: Some(max_hourly_kr),
            hourly_base,
            full_time_hours: full_time_kr,
            wage_bound: Some(wage_bound),
        })
    }

    /// The Monday of the claim's last week: a claim can run past its version's end.
    fn last_date(i: &Input) -> Option<NaiveDate> {
        i.sick_hours.last_monday()
    }

    /// The weeks whose Monday is before `at`, and those from it: each ISO week belongs to the
    /// version in force on its Monday.
    fn cut(i: &Input, at: NaiveDate) -> Option<(Input, Input)> {
        let (before, from): (Vec<_>, Vec<_>) =
            i.sick_hours.weeks.iter().partition(|w| w.monday < at);
        if before.is_empty() || from.is_empty() {
            return None;
        }
        let part = |weeks| Input {
            sick_hours: History { weeks },
            ..i.clone()
        };
        Some((part(before), part(from)))
    }

    /// The claim's refund: the parts' refunds added; the weeks and hours of all parts. A
    /// per-hour figure is given only when every part has the same.
    fn join<R: Recorder>(parts: Vec<Output>, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let same = |f: &dyn Fn(&Output) -> Option<Decimal>| {
            let first = parts.first().and_then(f);
            parts
                .iter()
                .all(|p| f(p) == first)
                .then_some(first)
                .flatten()
        };
        let hourly_rate = same(&|p| p.hourly_rate);
        let max_hourly = same(&|p| p.max_hourly);
        let hourly_base = same(&|p| p.hourly_base);
        let first_bound = parts.first().and_then(|p| p.wage_bound);
        let wage_bound = parts
            .iter()
            .all(|p| p.wage_bound == first_bound)
            .then_some(first_bound)
            .flatten();
        let full_time_hours = parts.first().map_or(Decimal::ZERO, |p| p.full_time_hours);

        let mut total: Option<XOf<R>> = None;
        let mut hours = Decimal::ZERO;
        let mut weeks = Vec::new();
        for p in parts {
            let x = c.kr("part_refund", p.refund);
            total = Some(match total {
                None => x,
                Some(t) => t + x,
            });
            hours = hours
                .checked_add(p.hours)
                .ok_or_else(|| Refusal::overflow("hours"))?;
            weeks.extend(p.weeks);
        }
        let total = total.unwrap_or_else(|| c.kr("refund", Decimal::ZERO));
        let refund = c.amount("total", "claim_refund", total)?;
        c.with(|s| {
            s.arg("hours", Value::hours(hours));
        });
        Ok(Output {
            weeks,
            refund: refund.value().unwrap_or_default(),
            hours,
            hourly_rate,
            max_hourly,
            hourly_base,
            full_time_hours,
            wage_bound,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        let full_weeks = o.weeks.iter().filter(|w| w.full).count();
        vec![
            ("refund", Value::Amount(o.refund)),
            ("weeks", Value::weeks(Decimal::from(o.weeks.len()))),
            ("hours", Value::hours(o.hours)),
            (
                "hourly_rate",
                o.hourly_rate.map_or(Value::None, Value::Amount),
            ),
            (
                "max_hourly",
                o.max_hourly.map_or(Value::None, Value::Amount),
            ),
            (
                "hourly_base",
                o.hourly_base.map_or(Value::None, Value::Amount),
            ),
            ("full_time_hours", Value::hours(o.full_time_hours)),
            (
                "rate_basis",
                Value::word(
                    "sygedagpenge_refund",
                    match o.wage_bound {
                        Some(true) => "wage",
                        Some(false) => "maximum",
                        None => "by_part",
                    },
                ),
            ),
            ("full_weeks", Value::weeks(Decimal::from(full_weeks))),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::schemes::sygedagpenge::testing::run;

    #[test]
    fn without_the_pay_the_maximum_is_assumed_and_said() {
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2024-W10: 40; 2024-W11: 10,5\"\nnormal_weekly_hours = 37",
        )
        .unwrap();
        // A week of more hours than the normal week is a full week: the weekly maximum.
        assert_eq!(o.get("refund"), "6027.35");
        assert_eq!(o.get("hours"), "47.5");
        assert_eq!(o.get("rate_basis"), "maximum");
        assert_eq!(o.formula("Hourly rate"), "the maximum per hour = 126.89");
        assert_eq!(
            o.formula("Week 2024-W11"),
            "10.5 h × 126.89 = 1332.345 → 1332.35"
        );
        assert!(
            o.notes
                .iter()
                .any(|n| n.starts_with("no hourly_wage given")),
            "{:?}",
            o.notes
        );
        // Nor the agreement's week: the rule set's 37 hours, said.
        assert!(
            o.notes
                .iter()
                .any(|n| n.starts_with("no agreement_full_time_hours given")),
            "{:?}",
            o.notes
        );
    }

    /// The base is the pay after arbejdsmarkedsbidrag (§ 47; PAV 24.3.3): 100 kr. is 92 kr.
    #[test]
    fn hours_above_the_normal_week_count_as_the_normal_week() {
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2024-W10: 40\"\nnormal_weekly_hours = 37\nagreement_full_time_hours = 37\nhourly_wage = 100",
        )
        .unwrap();
        assert_eq!(o.get("refund"), "3404.00");
        assert_eq!(o.get("hourly_base"), "92.00");
        assert_eq!(o.get("rate_basis"), "wage");
        assert_eq!(
            o.formula("Hourly pay after arbejdsmarkedsbidrag"),
            "100.00 − 100.00 × 8 % = 92.00"
        );
        assert_eq!(
            o.formula("Week 2024-W10"),
            "min(40 h, 37 h) × 92.00 = 3404.00 → 3404.00"
        );
        // No hours were assumed (the agreement's week is given): the one note says the 2024
        // maximum is quoted by Horesta, not read on an official page.
        assert_eq!(o.notes.len(), 1, "{:?}", o.notes);
        assert!(
            o.notes[0].starts_with("max_weekly = 4695 is a secondary figure"),
            "{:?}",
            o.notes
        );
    }

    /// § 50 stk. 1 divides by the agreement's full-time week, not the employee's: a part-timer's
    /// full week is hours × the hourly maximum, below the weekly maximum.
    #[test]
    fn a_part_timers_full_week_is_her_hours_at_the_hourly_maximum() {
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2024-W10: 25\"\nnormal_weekly_hours = 25\nagreement_full_time_hours = 37\nhourly_wage = 300",
        )
        .unwrap();
        assert_eq!(o.get("max_hourly"), "126.89");
        assert_eq!(o.get("refund"), "3172.25");
        assert_eq!(o.get("full_weeks"), "1");
    }

    /// § 50 stk. 2: a week is at most the weekly maximum, also when the pay is below the maximum
    /// per hour but the hours are more than the agreement's week.
    #[test]
    fn a_week_is_at_most_the_weekly_maximum() {
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2024-W10: 45\"\nnormal_weekly_hours = 45\nagreement_full_time_hours = 37\nhourly_wage = 135",
        )
        .unwrap();
        // 45 × 124.20 = 5589.00, more than 4695.
        assert_eq!(o.get("refund"), "4695.00");
        assert_eq!(
            o.formula("Week 2024-W10"),
            "min(45 h × 124.20, 4695.00) = 4695.00"
        );
    }

    /// The 2027 maximum was not found: a January 2027 week is refused, naming what is missing;
    /// the week 2027-W01 (from Monday 4 January) is the first of the 2027 rate period.
    #[test]
    fn a_2027_claim_is_refused_for_want_of_the_2027_rate() {
        let err = run(
            "sygedagpenge_refund",
            "sick_hours = \"2027-W01: 37; 2027-W02: 37\"\nnormal_weekly_hours = 37",
        )
        .unwrap_err();
        assert!(
            err.contains("4 January 2027") && err.contains("not found"),
            "{err}"
        );
        // The last week of 2026's period (2026-W53, Monday 28 December) still computes.
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2026-W53: 37\"\nnormal_weekly_hours = 37\nagreement_full_time_hours = 37",
        )
        .unwrap();
        assert_eq!(o.get("refund"), "5085.00");
    }

    /// A claim across the change of rates (Monday 7 January 2019) is cut there: the weeks with
    /// a 2018 Monday at 4.300 kr. (2018-W52 and 2019-W01, which starts 31 December 2018), the
    /// week from 7 January at 4.355 kr. (bm.dk, Satser for 2019); both versions are named.
    #[test]
    fn a_claim_across_the_change_of_rates_is_computed_in_parts() {
        let o = run(
            "sygedagpenge_refund",
            "sick_hours = \"2018-W52: 37; 2019-W01: 37; 2019-W02: 37\"\nnormal_weekly_hours = 37",
        )
        .unwrap();
        assert_eq!(o.get("refund"), "12955.00");
        assert_eq!(o.get("weeks"), "3");
        // The hourly maxima differ, so the claim has none of its own.
        assert_eq!(o.get("max_hourly"), "none");
        assert_eq!(
            o.formula("Refund for the whole claim"),
            "8600.00 + 4355.00 = 12955.00"
        );
        assert!(
            o.notes.iter().any(|n| n.starts_with("computed in 2 parts")
                && n.contains("sygedagpenge_refund 2018")
                && n.contains("sygedagpenge_refund 2019")),
            "{:?}",
            o.notes
        );
    }

    /// A claim whose later weeks fall under a version not covered (2027) is refused, naming
    /// the version, the date it takes over and what was not found.
    #[test]
    fn a_claim_running_into_an_uncovered_year_is_refused_naming_it() {
        let err = run(
            "sygedagpenge_refund",
            "sick_hours = \"2026-W53: 37; 2027-W01: 37\"\nnormal_weekly_hours = 37",
        )
        .unwrap_err();
        assert!(
            err.contains("2027-01-04")
                && err.contains("sygedagpenge_refund 2027")
                && err.contains("not covered")
                && err.contains("not found"),
            "{err}"
        );
    }

    #[test]
    fn bad_claims_are_refused_with_their_reason() {
        let err = run(
            "sygedagpenge_refund",
            "sick_hours = \"2024-W10: 37; 2024-03-04/2024-03-10: 8\"\nnormal_weekly_hours = 0\nhourly_wage = -1",
        )
        .unwrap_err();
        for part in [
            "`2024-03-04/2024-03-10: 8` overlaps `2024-W10: 37` in week 2024-W10",
            "the normal weekly hours must be more than 0",
            "-1 is negative",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
    }
}
