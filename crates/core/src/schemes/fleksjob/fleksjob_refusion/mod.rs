//! **Lønrefusion for fleksjob before 2013**: the municipality's refund to the employer of a person
//! hired into a flex-job before 1 January 2013, who stays on the old scheme while in that job
//! (old LAB § 71; from 2020 LAB § 133).
//!
//! For one pay period (a month, or a quarter where the state settles per quarter):
//! 1. the wage that counts is the wage actually paid, at most the mindste overenskomstmæssige løn
//!    for the work where the case gives it (§ 133, stk. 3, 2. pkt.), and at most the maximum wage
//!    basis (per year, ÷ 12 for a month and ÷ 4 for a quarter; or per hour × hours paid,
//!    § 133, stk. 3, 3. pkt.);
//! 2. the refund is ½ or ⅔ of it, as the municipality decided from the work capacity;
//! 3. for days the employer also receives sygedagpenge or barselsdagpenge refund, the flex-job
//!    refund for those days is reduced by that refund (§ 133, stk. 4; bek. nr. 183/2017 § 2);
//! 4. a state employer gets a share of the remaining wage cost from the state (cirkulære om
//!    fleksjob i staten § 4; Statens Administration): all of it for a flex-job started before
//!    1 April 2002, half for one started until 4 July 2006, and half of a wage cost capped at the
//!    quarterly maximum (¼ of the yearly maximum wage basis, pro rata for part time) for one
//!    started from 5 July 2006, settled per quarter.
//!
//! A year whose maximum is not published still answers where the maximum cannot bind: the
//! version then holds the least the maximum can be (`…_at_least`, with its argument), and a case
//! whose wage lies at or below it is computed, saying so; any other case is refused, naming the
//! missing maximum.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Fraction, Param, ParamError, ParamReader, Recorder, Refusal, Scheme, X, XOf,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_param, param,
};
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

/// The scheme (see the module documentation).
pub struct FleksjobRefusion;

/// The most days a pay period of one month has.
const DAYS_IN_A_MONTH: u32 = 31;
/// The most days a quarter has (July-September, October-December).
const DAYS_IN_A_QUARTER: u32 = 92;

const AMOUNT: InputKind = InputKind::Amount {
    max: bounds::KR_PER_MONTH,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    Half,
    TwoThirds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayBasis {
    /// A monthly wage: the cap is the yearly maximum ÷ 12 a month (÷ 4 a quarter).
    Monthly,
    /// An hourly wage: the cap is the hourly maximum × hours paid.
    Hourly { hours_paid: Decimal },
}

/// The period the case's amounts are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The month of the case.
    Month,
    /// The calendar quarter the case's month lies in (the state settles per quarter).
    Quarter,
}

impl Period {
    /// How many of them make a year.
    fn per_year(self) -> u32 {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Employer {
    Private,
    Public,
    State,
}

/// Sick days in the period, for which the employer also receives a sickness refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sickness {
    pub sick_days: u32,
    /// The working days of the period: at least `sick_days`, so never zero.
    pub working_days: u32,
}

/// Part-time work: the contract's weekly hours and the full-time hours of the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub weekly: Decimal,
    /// Never zero, and at least `weekly`.
    pub full_time: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire_date: NaiveDate,
    pub share: Share,
    pub pay_basis: PayBasis,
    pub period: Period,
    pub employer: Employer,
    /// The wage actually paid in the period (incl. pension, without overtime).
    pub wage_paid: Decimal,
    /// The mindste overenskomstmæssige løn (or the usual wage for similar work) for the
    /// period's work, where the case gives it: the refund is computed from at most that.
    pub minimum_wage: Option<Decimal>,
    /// Sygedagpenge or barselsdagpenge refund the employer receives for days in the period.
    pub sickness_refund: Decimal,
    /// Sick days, when there are any.
    pub sickness: Option<Sickness>,
    /// The working hours, where given (a state employer's quarterly cap is pro rata).
    pub hours: Option<Hours>,
}

/// A maximum of the rule set: published, or, for a year whose amount is not published, the
/// least it can be (with the argument in the rule set), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    Known(Param<Decimal>),
    AtLeast(Param<Decimal>),
    /// Not published, and no floor: the parameter's name.
    Missing(&'static str),
}

impl Max {
    fn read(r: &ParamReader, name: &'static str, floor: &'static str) -> Max {
        match r.optional(name, ParamReader::decimal) {
            Some(p) => Max::Known(p),
            None => match r.optional(floor, ParamReader::decimal) {
                Some(p) => Max::AtLeast(p),
                None => Max::Missing(name),
            },
        }
    }
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub old_scheme_before: Param<NaiveDate>,
    pub max_annual: Max,
    pub max_hourly: Max,
    pub half: Param<Fraction>,
    pub two_thirds: Param<Fraction>,
    pub state_share: Param<Fraction>,
    pub state_full_before: Param<NaiveDate>,
    pub state_full_share: Param<Fraction>,
    pub state_cap_from: Param<NaiveDate>,
    pub state_quarterly_max: Max,
    pub round_refund: Param<Rounding>,
}

/// The period's amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The period's maximum wage basis; where the year's maximum is not published, the least
    /// it can be.
    pub cap: Decimal,
    pub wage_basis: Decimal,
    pub refund_before_sickness: Decimal,
    /// The refund for the sick days (before it is set against the sickness refund).
    pub sick_part: Decimal,
    pub sickness_reduction: Decimal,
    pub refund: Decimal,
    pub state_refund: Decimal,
    pub employer_cost: Decimal,
}

impl Scheme for FleksjobRefusion {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "fleksjob_refusion",
        family: "fleksjob",
        selected_by: None,
        inputs: &[
            InputSpec::required("hire_date", InputKind::Date),
            InputSpec::required("share", InputKind::Choice(&["1/2", "2/3"])),
            InputSpec::default(
                "pay_basis",
                InputKind::Choice(&["monthly", "hourly"]),
                "monthly",
            ),
            InputSpec::default("period", InputKind::Choice(&["month", "quarter"]), "month"),
            InputSpec::default(
                "employer",
                InputKind::Choice(&["private", "public", "state"]),
                "private",
            ),
            InputSpec::required("wage_paid", AMOUNT),
            InputSpec::optional("minimum_wage", AMOUNT),
            InputSpec::optional(
                "hours_paid",
                InputKind::Hours {
                    max: bounds::HOURS_PER_MONTH,
                },
            ),
            InputSpec::default("sickness_refund", AMOUNT, "0"),
            InputSpec::default(
                "sick_days",
                InputKind::Count {
                    max: DAYS_IN_A_QUARTER,
                },
                "0",
            ),
            InputSpec::optional(
                "working_days",
                InputKind::Count {
                    max: DAYS_IN_A_QUARTER,
                },
            ),
            InputSpec::optional(
                "weekly_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
            InputSpec::optional(
                "full_time_weekly_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
        ],
        results: &[
            OutputSpec::intermediate("cap"),
            OutputSpec::intermediate("wage_basis"),
            OutputSpec::intermediate("refund_before_sickness"),
            OutputSpec::intermediate("sickness_reduction"),
            OutputSpec::outcome("refund"),
            OutputSpec::outcome("state_refund"),
            OutputSpec::outcome("employer_cost"),
        ],
        headline: "refund",
        compile: crate::model::scheme::compile::<FleksjobRefusion>,
        parameters: &[
            param(
                "old_scheme_before",
                Unit::Date,
                "jobs started before this date stay on the old scheme",
            ),
            optional_param(
                "max_annual_wage_basis",
                Unit::KrPerYear,
                "the most wage per year the refund is computed from",
            ),
            optional_param(
                "max_annual_wage_basis_at_least",
                Unit::KrPerYear,
                "where the year's maximum is not published: the least it can be (with the argument)",
            ),
            optional_param(
                "max_hourly_wage_basis",
                Unit::KrPerHour,
                "the most wage per hour the refund is computed from",
            ),
            optional_param(
                "max_hourly_wage_basis_at_least",
                Unit::KrPerHour,
                "where the year's hourly maximum is not published: the least it can be (with the argument)",
            ),
            param("share_half", Unit::Fraction, "the lower refund share"),
            param(
                "share_two_thirds",
                Unit::Fraction,
                "the higher refund share",
            ),
            param(
                "state_share",
                Unit::Fraction,
                "the state's share of a state employer's remaining wage cost",
            ),
            param(
                "state_full_before",
                Unit::Date,
                "flex-jobs started before this date get the state's full share",
            ),
            param(
                "state_full_share",
                Unit::Fraction,
                "the state's share for those older flex-jobs",
            ),
            param(
                "state_cap_from",
                Unit::Date,
                "flex-jobs started on or after this date: the state's share is of a wage cost capped per quarter",
            ),
            optional_param(
                "state_quarterly_max",
                Unit::Kr,
                "the most wage cost per quarter the state's share is computed from (full time)",
            ),
            optional_param(
                "state_quarterly_max_at_least",
                Unit::Kr,
                "where the year's quarterly maximum is not published: the least it can be (with the argument)",
            ),
        ],
        roundings: &[item("refund", "the refunds")],
        rules: &[
            item("old_scheme", "who is on the old scheme"),
            item(
                "minimum_wage",
                "the refund is computed from at most the minimum agreed wage",
            ),
            item("cap", "the maximum wage basis"),
            item("refund", "the refund share of the wage"),
            item("sickness", "the reduction for sygedagpenge refund"),
            item("state", "the state employer's extra share"),
            item("state_cap", "the state's quarterly maximum wage cost"),
        ],
    };

    /// An hourly pay basis needs the hours paid; a sickness refund needs the sick days it is
    /// for, and sick days need the period's working days and cannot be more of them (nor more
    /// than a month has, for a month); weekly hours need the full-time hours, and cannot be
    /// more of them.
    fn read(f: &mut Fields) -> Option<Input> {
        let pay_basis = match f.choice("pay_basis") {
            Some("hourly") => match f.hours("hours_paid") {
                Some(hours_paid) => Some(PayBasis::Hourly { hours_paid }),
                None => {
                    if !f.given("hours_paid") {
                        f.refuse("hours_paid", "input_error.hours_needed");
                    }
                    None
                }
            },
            _ => Some(PayBasis::Monthly),
        };
        let period = match f.choice("period") {
            Some("quarter") => Period::Quarter,
            _ => Period::Month,
        };
        let most_days = match period {
            Period::Month => DAYS_IN_A_MONTH,
            Period::Quarter => DAYS_IN_A_QUARTER,
        };
        for field in ["sick_days", "working_days"] {
            if let Some(n) = f.count(field).filter(|n| *n > most_days) {
                f.refuse(field, "input_error.more_days_than_the_month")
                    .put("days", Value::days(n))
                    .put("most", Value::days(most_days));
                return None;
            }
        }
        let sick_days = f.count("sick_days").unwrap_or_default();
        let sickness_refund = f.amount_of("sickness_refund").unwrap_or_default();
        let sickness = match (sick_days, f.count("working_days")) {
            // A sickness refund is paid for days: without them the reduction cannot be found.
            (0, _) if !sickness_refund.is_zero() => {
                f.refuse("sick_days", "input_error.sick_days_needed");
                return None;
            }
            (0, _) => None,
            (_, None) => {
                if !f.given("working_days") {
                    f.refuse("working_days", "input_error.working_days_needed");
                }
                return None;
            }
            (sick_days, Some(working_days)) if sick_days > working_days => {
                f.refuse("sick_days", "input_error.more_sick_days_than_working_days")
                    .put("sick_days", Value::days(sick_days))
                    .put("working_days", Value::days(working_days));
                return None;
            }
            (sick_days, Some(working_days)) => Some(Sickness {
                sick_days,
                working_days,
            }),
        };
        let hours = match (f.hours("weekly_hours"), f.hours("full_time_weekly_hours")) {
            (None, None) => None,
            (Some(_), None) => {
                if !f.given("full_time_weekly_hours") {
                    f.refuse(
                        "full_time_weekly_hours",
                        "input_error.full_time_hours_needed",
                    );
                }
                return None;
            }
            (None, Some(_)) => {
                if !f.given("weekly_hours") {
                    f.refuse("weekly_hours", "input_error.weekly_hours_needed");
                }
                return None;
            }
            (Some(weekly), Some(full_time)) if full_time.is_zero() || weekly > full_time => {
                f.refuse("weekly_hours", "input_error.more_than_full_time")
                    .put("weekly_hours", Value::Measure(weekly, Measure::Hours))
                    .put(
                        "full_time_weekly_hours",
                        Value::Measure(full_time, Measure::Hours),
                    );
                return None;
            }
            (Some(weekly), Some(full_time)) => Some(Hours { weekly, full_time }),
        };
        Some(Input {
            hire_date: f.date("hire_date")?,
            share: match f.choice("share")? {
                "1/2" => Share::Half,
                _ => Share::TwoThirds,
            },
            pay_basis: pay_basis?,
            period,
            employer: match f.choice("employer") {
                Some("state") => Employer::State,
                Some("public") => Employer::Public,
                _ => Employer::Private,
            },
            wage_paid: f.amount_of("wage_paid")?,
            minimum_wage: f.amount_of("minimum_wage"),
            sickness_refund,
            sickness,
            hours,
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            old_scheme_before: r.date("old_scheme_before")?,
            max_annual: Max::read(r, "max_annual_wage_basis", "max_annual_wage_basis_at_least"),
            max_hourly: Max::read(r, "max_hourly_wage_basis", "max_hourly_wage_basis_at_least"),
            half: r.fraction("share_half")?,
            two_thirds: r.fraction("share_two_thirds")?,
            state_share: r.fraction("state_share")?,
            state_full_before: r.date("state_full_before")?,
            state_full_share: r.fraction("state_full_share")?,
            state_cap_from: r.date("state_cap_from")?,
            state_quarterly_max: Max::read(
                r,
                "state_quarterly_max",
                "state_quarterly_max_at_least",
            ),
            round_refund: r.rounding("refund")?,
        })
    }

    /// One pay period's refund (old LAB § 71, from 2020 § 133).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        // Only flex-jobs started before 2013 stay on the old scheme.
        let end = c.get(&p.old_scheme_before);
        if i.hire_date >= end {
            return Err(Refusal::new(c.scheme, "refusal.new_scheme")
                .with("hire", Value::Date(i.hire_date))
                .with("end", Value::Date(end)));
        }
        c.step("old_scheme", "old_scheme", |s| {
            s.value(Value::word("common", "yes"))
                .said("text.old_scheme")
                .input("hire_date", Value::Date(i.hire_date))
                .input("old_scheme_before", Value::Date(end));
        });
        if i.period == Period::Quarter {
            let month = c.month;
            c.step("refund", "period_quarter", |s| {
                s.value(Value::Month(month)).said("text.period_quarter");
            });
        }

        let wage_paid = |c: &Calc<R>| c.kr("wage_paid", i.wage_paid).labelled();

        // § 133, stk. 3, 2. pkt.: the refund cannot exceed the share of the mindste
        // overenskomstmæssige løn (or the usual wage for similar work): the wage counts up to it.
        let counted = match i.minimum_wage {
            Some(minimum) => {
                let x = wage_paid(c).min(c.kr("minimum_wage", minimum).labelled());
                c.amount("minimum_wage", "wage_counted", x)?
            }
            None => wage_paid(c),
        };

        // § 133, stk. 3, 3. pkt.: and up to the maximum wage basis, per year or per hour.
        let round = p.round_refund;
        let (cap, wage_basis) = match i.pay_basis {
            PayBasis::Monthly => {
                let per_year = i.period.per_year();
                let (key, floor_key) = match i.period {
                    Period::Month => ("cap_monthly", "cap_monthly_at_least"),
                    Period::Quarter => ("cap_quarterly", "cap_quarterly_at_least"),
                };
                capped(
                    c,
                    Cap {
                        max: &p.max_annual,
                        what: "max_annual_wage_basis",
                        rule: "cap",
                        key,
                        floor_key,
                        result_key: "wage_basis",
                    },
                    counted,
                    move |x| x / X::lit(per_year),
                    &round,
                )?
            }
            PayBasis::Hourly { hours_paid } => {
                let hours = c.hours("hours_paid", hours_paid);
                capped(
                    c,
                    Cap {
                        max: &p.max_hourly,
                        what: "max_hourly_wage_basis",
                        rule: "cap",
                        key: "cap_hourly",
                        floor_key: "cap_hourly_at_least",
                        result_key: "wage_basis",
                    },
                    counted,
                    move |x| x * hours,
                    &round,
                )?
            }
        };
        let month = c.month;
        c.with(|s| {
            s.arg("month", Value::Month(month));
        });

        // § 133, stk. 2: ½ or ⅔ of it.
        let share = match i.share {
            Share::Half => &p.half,
            Share::TwoThirds => &p.two_thirds,
        };
        let x = c.fraction(share) * wage_basis.clone();
        let before_sickness = c.amount(
            "refund",
            "refund_before_sickness",
            x.rounded(&p.round_refund),
        )?;
        c.with(|s| {
            s.arg("share", share.value().shown());
        });

        // § 133, stk. 4 (bek. 183/2017 § 2): for the sick days the flex-job refund is reduced by
        // the sickness refund the employer receives for them, at most to zero.
        let (sick_part, reduction) = match i.sickness {
            Some(Sickness {
                sick_days,
                working_days,
            }) => {
                let x = before_sickness.clone()
                    * c.measure("sick_days", sick_days.into(), Measure::Days)
                    / c.measure("working_days", working_days.into(), Measure::Days);
                let sick_part = c.amount("sickness", "sick_part", x.rounded(&p.round_refund))?;
                let refund = c.kr("sickness_refund", i.sickness_refund).labelled();
                let reduction = c.amount(
                    "sickness",
                    "sickness_reduction",
                    sick_part.clone().min(refund),
                )?;
                (sick_part, reduction)
            }
            None => (
                c.kr("sick_part", Decimal::ZERO),
                c.kr("sickness_reduction", Decimal::ZERO),
            ),
        };
        let refund = c.amount(
            "refund",
            "refund",
            before_sickness.clone() - reduction.clone(),
        )?;

        // What the state's share is of: a wage cost less both refunds.
        let less_refunds = |c: &Calc<R>, cost: XOf<R>| {
            let mut x = cost - refund.clone().labelled();
            if !i.sickness_refund.is_zero() {
                x = x - c.kr("sickness_refund", i.sickness_refund).labelled();
            }
            x
        };

        // A state employer gets the state's share of the remaining wage cost (cirkulære om
        // fleksjob i staten § 4; Statens Administration): all of it for a flex-job started
        // before the first date, half of it until the second, and from then half of a wage
        // cost capped at the quarterly maximum, pro rata for part time (§ 4, stk. 3).
        let state_refund = if i.employer == Employer::State {
            let before = c.get(&p.state_full_before);
            let cap_from = c.get(&p.state_cap_from);
            let full = i.hire_date < before;
            let capped_cost = i.hire_date >= cap_from;
            let share = if full {
                &p.state_full_share
            } else {
                &p.state_share
            };
            let (date_name, date) = if capped_cost {
                ("state_cap_from", cap_from)
            } else {
                ("state_full_before", before)
            };
            c.step("state", "state_share", |s| {
                s.value(share.value().shown())
                    .said(if full {
                        "text.state_full"
                    } else if capped_cost {
                        "text.state_capped"
                    } else {
                        "text.state_part"
                    })
                    .input("hire_date", Value::Date(i.hire_date))
                    .input(date_name, Value::Date(date));
            });
            let cost = if capped_cost {
                if i.period != Period::Quarter {
                    return Err(Refusal::new(c.scheme, "refusal.state_quarter_needed")
                        .with("hire", Value::Date(i.hire_date))
                        .with("from", Value::Date(cap_from))
                        .field("period"));
                }
                let Some(hours) = i.hours else {
                    return Err(
                        Refusal::new(c.scheme, "refusal.state_hours_needed").field("weekly_hours")
                    );
                };
                let weekly = c.hours("weekly_hours", hours.weekly);
                let full_time = c.hours("full_time_weekly_hours", hours.full_time);
                let (_, cost) = capped(
                    c,
                    Cap {
                        max: &p.state_quarterly_max,
                        what: "state_quarterly_max",
                        rule: "state_cap",
                        key: "state_cap",
                        floor_key: "state_cap_at_least",
                        result_key: "state_wage_cost",
                    },
                    wage_paid(c),
                    move |x| x * weekly / full_time,
                    &round,
                )?;
                cost.labelled()
            } else {
                wage_paid(c)
            };
            let x = c.fraction(share) * less_refunds(c, cost).at_least_zero();
            let state = c.amount("state", "state_refund", x.rounded(&p.round_refund))?;
            c.with(|s| {
                s.arg("share", share.value().shown());
            });
            Some(state)
        } else {
            None
        };

        let mut cost = less_refunds(c, wage_paid(c));
        if let Some(state) = &state_refund {
            cost = cost - state.clone().labelled();
        }
        let rule = if state_refund.is_some() {
            "state"
        } else {
            "refund"
        };
        let employer_cost = c.amount(rule, "employer_cost", cost)?;

        let kr = |x: &XOf<R>| x.value().unwrap_or_default();
        Ok(Output {
            cap: kr(&cap),
            wage_basis: kr(&wage_basis),
            refund_before_sickness: kr(&before_sickness),
            sick_part: kr(&sick_part),
            sickness_reduction: kr(&reduction),
            refund: kr(&refund),
            state_refund: state_refund.as_ref().map_or(Decimal::ZERO, kr),
            employer_cost: kr(&employer_cost),
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("cap", Value::Amount(o.cap)),
            ("wage_basis", Value::Amount(o.wage_basis)),
            (
                "refund_before_sickness",
                Value::Amount(o.refund_before_sickness),
            ),
            ("sickness_reduction", Value::Amount(o.sickness_reduction)),
            ("refund", Value::Amount(o.refund)),
            ("state_refund", Value::Amount(o.state_refund)),
            ("employer_cost", Value::Amount(o.employer_cost)),
        ]
    }
}

/// A maximum applied to an amount: which maximum, and the steps' rule and labels.
struct Cap<'p> {
    max: &'p Max,
    /// The maximum's parameter (its term names it in texts).
    what: &'static str,
    rule: &'static str,
    /// The label of the period's maximum, and of the least it can be.
    key: &'static str,
    floor_key: &'static str,
    /// The label of the capped amount.
    result_key: &'static str,
}

/// Caps `x` at the period's maximum (`per_period` turns the rule set's amount into the
/// period's), returning the period's maximum and the capped amount. Where the year's maximum is
/// not published, `x` at or below the least it can be is not capped (the maximum cannot bind:
/// said in a note); above it, or with no floor, the case is refused, naming the maximum.
fn capped<R: Recorder>(
    c: &mut Calc<R>,
    cap: Cap,
    x: XOf<R>,
    per_period: impl FnOnce(XOf<R>) -> XOf<R>,
    round: &Param<Rounding>,
) -> Result<(XOf<R>, XOf<R>), Refusal> {
    let scheme = c.scheme;
    let month = c.month;
    match cap.max {
        Max::Known(p) => {
            let limit = per_period(c.param(p)).rounded(round);
            let limit = c.amount(cap.rule, cap.key, limit)?;
            let capped = c.amount(cap.rule, cap.result_key, x.min(limit.clone()))?;
            Ok((limit, capped))
        }
        Max::AtLeast(p) => {
            let floor = per_period(c.param(p)).rounded(round);
            let floor = c.amount(cap.rule, cap.floor_key, floor)?;
            let (amount, least) = (x.value(), floor.value());
            if amount.zip(least).is_some_and(|(a, l)| a <= l) {
                let (amount, least) = (amount.unwrap_or_default(), least.unwrap_or_default());
                c.note(|| {
                    Said::new(scheme, "note.cap_not_binding")
                        .with("what", Value::word(scheme, cap.what))
                        .with("month", Value::Month(month))
                        .with("amount", Value::Amount(amount))
                        .with("least", Value::Amount(least))
                        .with("parameter", Value::Text(p.name().to_string()))
                });
                let counted = c.amount(cap.rule, cap.result_key, x)?;
                Ok((floor, counted))
            } else {
                Err(Refusal::new(scheme, "refusal.cap_may_bind")
                    .with("what", Value::word(scheme, cap.what))
                    .with("month", Value::Month(month))
                    .with("amount", Value::Amount(amount.unwrap_or_default()))
                    .with("least", Value::Amount(least.unwrap_or_default())))
            }
        }
        Max::Missing(name) => Err(Refusal::new(scheme, "refusal.cap_missing")
            .with("what", Value::word(scheme, cap.what))
            .with("month", Value::Month(month))
            .with("parameter", Value::Text((*name).to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::{Case, Format, parse};
    use crate::rules::RuleFile;
    use crate::source::diag::SourceText;
    use crate::text::Lang;

    fn case(month: &str, input: &str) -> Result<Case, String> {
        let text = format!("scheme = \"fleksjob_refusion\"\nmonth = \"{month}\"\n[input]\n{input}");
        parse(&SourceText::new("test.toml", text), Format::Toml).map_err(|e| format!("{e:?}"))
    }

    const HIRED: &str = "hire_date = \"2009-03-01\"\nshare = \"2/3\"\nwage_paid = 45000\n";

    #[test]
    fn every_branch_is_explained_in_both_languages() {
        let e = Engine::bundled().expect("bundled rules load");
        for input in [
            HIRED.to_string(),
            format!("{HIRED}sick_days = 5\nworking_days = 21\nsickness_refund = 4000\n"),
            "hire_date = \"2011-05-01\"\nshare = \"1/2\"\npay_basis = \"hourly\"\nwage_paid = 36000\nhours_paid = 120\n".into(),
            format!("{}employer = \"state\"\n", HIRED.replace("2009-03-01", "2005-03-01")),
            "hire_date = \"2001-11-01\"\nshare = \"1/2\"\nemployer = \"state\"\nwage_paid = 1000\nsick_days = 1\nworking_days = 1\nsickness_refund = 1000000\n".into(),
            format!("{HIRED}minimum_wage = 30000\n"),
            format!("{HIRED}employer = \"state\"\nperiod = \"quarter\"\nweekly_hours = 20\nfull_time_weekly_hours = 37\n"),
        ] {
            let o = e.calculate(case("2019-06", &input).unwrap()).unwrap();
            for lang in Lang::ALL {
                for step in &o.trace {
                    let w = crate::render::write_step(step, lang);
                    let text = format!("{} {}", w.label, w.formula);
                    assert!(!text.contains("missing text") && !text.contains("?}"), "{text}");
                }
            }
        }
    }

    #[test]
    fn inputs_that_need_each_other_are_refused_at_their_field() {
        for (input, field) in [
            ("pay_basis = \"hourly\"\n", "hours_paid"),
            ("sick_days = 2\n", "working_days"),
            ("sick_days = 22\nworking_days = 21\n", "sick_days"),
            ("sickness_refund = 3000\n", "sick_days"),
            ("sick_days = 32\nworking_days = 32\n", "sick_days"),
        ] {
            let err = case("2019-06", &format!("{HIRED}{input}")).unwrap_err();
            assert!(err.contains(&format!("input.{field}")), "{input}: {err}");
        }
    }

    #[test]
    fn a_derived_parameter_gets_its_note() {
        // Mark the bundled 2019 maximum derived (the version is secondary: its cut-off date is
        // quoted by Kerteminde Kommune).
        let files: Vec<RuleFile> = crate::rules::bundled_files()
            .into_iter()
            .map(|mut f| {
                if f.name.ends_with("fleksjob_refusion/2019.toml") {
                    let text = String::from_utf8_lossy(&f.bytes)
                        .replacen("status = \"secondary\"", "status = \"derived\"", 1)
                        .replace(
                            "value = 527091\n",
                            "value = 527091\nstatus = \"derived\"\nderivation = \"test\"\n",
                        );
                    f.bytes = text.into_bytes().into();
                }
                f
            })
            .collect();
        let e = Engine::from_files(&files).expect("rules load");
        let o = e.calculate(case("2019-03", HIRED).unwrap()).unwrap();
        let notes: Vec<String> = o
            .notes
            .iter()
            .map(|n| crate::text::format::say(n, Lang::En))
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(
            notes[0],
            "max_annual_wage_basis = 527091 is derived, not published: test"
        );
        assert!(
            notes[1].starts_with("old_scheme_before = 2013-01-01 is a secondary figure"),
            "{notes:?}"
        );
        for p in [
            "old_scheme_before",
            "max_annual_wage_basis",
            "share_two_thirds",
        ] {
            assert!(o.used.contains(&p), "{p} not in {:?}", o.used);
        }
        assert!(!o.used.contains(&"state_share"), "{:?}", o.used);
    }

    #[test]
    fn an_unpublished_maximum_answers_only_where_it_cannot_bind() {
        let e = Engine::bundled().expect("bundled rules load");
        // 2026: the least the maximum can be is 588.186 a year, 49.015,50 a month.
        let at = |wage: &str| {
            let input =
                format!("hire_date = \"2010-02-01\"\nshare = \"1/2\"\nwage_paid = {wage}\n");
            e.calculate(case("2026-03", &input).unwrap())
        };
        let o = at("49015.50").expect("at the floor the maximum cannot bind");
        let notes: Vec<String> = o
            .notes
            .iter()
            .map(|n| crate::text::format::say(n, Lang::En))
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("is not published; it cannot bind")),
            "{notes:?}"
        );
        let err = at("49015.51").unwrap_err();
        assert!(err.message.contains("is not published"), "{}", err.message);
        assert!(err.message.contains("may bind"), "{}", err.message);
        // An hourly case above the least the hourly maximum can be (273,93 × 10 h).
        let input = "hire_date = \"2010-02-01\"\nshare = \"1/2\"\npay_basis = \"hourly\"\nhours_paid = 10\nwage_paid = 2800\n";
        let err = e.calculate(case("2025-11", input).unwrap()).unwrap_err();
        assert!(err.message.contains("hourly maximum"), "{}", err.message);
    }

    #[test]
    fn a_state_hire_from_july_2006_is_settled_per_quarter_with_the_hours() {
        let e = Engine::bundled().expect("bundled rules load");
        let state = "hire_date = \"2006-07-05\"\nshare = \"1/2\"\nemployer = \"state\"\nwage_paid = 30000\n";
        let err = e.calculate(case("2019-06", state).unwrap()).unwrap_err();
        assert_eq!(err.field, "input.period");
        assert!(err.message.contains("per quarter"), "{}", err.message);
        let quarter = format!("{state}period = \"quarter\"\n");
        let err = e.calculate(case("2019-06", &quarter).unwrap()).unwrap_err();
        assert_eq!(err.field, "input.weekly_hours");
        // The day before: half of the remaining cost, no cap, monthly.
        let before = state.replace("2006-07-05", "2006-07-04");
        let o = e.calculate(case("2019-06", &before).unwrap()).unwrap();
        assert!(o.trace.iter().all(|s| s.key != "state_cap"));
    }

    #[test]
    fn a_quarter_allows_more_days_than_a_month() {
        let days = "sick_days = 40\nworking_days = 64\nsickness_refund = 9000\n";
        let err = case("2019-06", &format!("{HIRED}{days}")).unwrap_err();
        assert!(err.contains("input.sick_days"), "{err}");
        case("2019-06", &format!("{HIRED}period = \"quarter\"\n{days}")).unwrap();
    }
}
