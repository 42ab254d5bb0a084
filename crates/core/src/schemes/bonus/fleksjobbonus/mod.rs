//! **Fleksjobbonus**: a lump sum to an employer who keeps a person in a flex-job of few hours for
//! a continuous period. Its amount and conditions changed while employers were hiring
//! (2013 → 7 Aug 2013 → paused from 24 Jan 2014 → 1 May 2014 → phased out), so the version is
//! chosen by the hiring date and every condition is checked week by week:
//!
//! 1. the employer's sector must be allowed (public employers were excluded from 1 May 2014);
//! 2. from 7 Aug 2013, only the first employer that hires and applies;
//! 3. paid hours at most `max_weekly_hours` in **every** week of the earning period (no
//!    averaging), and no week without employment (the period is continuous);
//! 4. the earning period is `earning_months` from the hiring date; the bonus is due when it has
//!    passed; from 1 May 2014 the application is due `application_deadline_months` after the start.
//!
//! A history that ends before the earning period does is a projection: what must still hold,
//! until when, for the bonus to be earned.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::hire::{self, FAMILY, Hire, SECTORS, hours};
pub use super::installment::Status;
use super::installment::values::said as said_values;
use super::no_scheme::NoScheme;
use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param,
};
use crate::values::history::{add_months, mondays};
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct Fleksjobbonus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire: Hire,
    /// The first employer to hire the person and apply (the rule from 7 August 2013).
    pub first_employer: Option<bool>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded: the
/// scheme's rules, or a period without a scheme (the pause of 2014, the time after it was
/// phased out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    Scheme(Rules),
    NoScheme(NoScheme),
}

/// The rules of a version in which the scheme ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub amount: Param<Decimal>,
    pub max_weekly_hours: Param<Decimal>,
    pub earning_months: Param<u32>,
    pub public_employers: Param<bool>,
    pub first_employer_only: Param<bool>,
    pub application_deadline_months: Option<Param<u32>>,
    pub applications_until: Option<Param<NaiveDate>>,
    /// The version's first day and name, for texts that cite them.
    pub valid_from: NaiveDate,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub status: Status,
    pub amount: Decimal,
    /// `None` where no scheme ran.
    pub period_end: Option<NaiveDate>,
    pub payment_due: Option<NaiveDate>,
    pub application_deadline: Option<NaiveDate>,
    pub weeks_checked: u32,
    pub first_breach: Option<Said>,
    pub still_to_hold: Option<Said>,
}

impl Output {
    /// The bonus as far as it is earned or still possible: 0 when a condition failed.
    pub fn earned_amount(&self) -> Decimal {
        if self.status == Status::NotEligible {
            Decimal::ZERO
        } else {
            self.amount
        }
    }
}

/// `n weeks` / `1 week`, for a label.
fn weeks(n: u32) -> Value {
    let key = if n == 1 {
        "text.one_week"
    } else {
        "text.n_weeks"
    };
    Value::said(Said::new(FAMILY, key).with("n", Value::Number(Decimal::from(n))))
}

impl Scheme for Fleksjobbonus {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "fleksjobbonus",
        family: "bonus",
        selected_by: Some("hire_date"),
        inputs: &[
            InputSpec::required("hire_date", InputKind::Date),
            InputSpec::required("sector", InputKind::Choice(SECTORS)),
            InputSpec::optional("first_employer", InputKind::Flag),
            InputSpec::required("weekly_hours", InputKind::Text),
            InputSpec::optional("ended", InputKind::Date),
        ],
        results: &[
            OutputSpec::outcome("status"),
            OutputSpec::outcome("eligible"),
            OutputSpec::outcome("amount"),
            OutputSpec::outcome("earning_period_end"),
            OutputSpec::outcome("payment_due"),
            OutputSpec::outcome("application_deadline"),
            OutputSpec::intermediate("weeks_checked"),
            OutputSpec::intermediate("first_breach"),
            OutputSpec::intermediate("still_to_hold"),
            OutputSpec::intermediate("first_breach_da"),
            OutputSpec::intermediate("still_to_hold_da"),
        ],
        headline: "amount",
        parameters: &[
            optional_param(
                "no_scheme",
                Unit::Flag,
                "true: no scheme ran for hires in this version's period (the answer is no)",
            ),
            optional_param(
                "last_covered",
                Unit::Date,
                "the last hiring date the scheme before this period covered",
            ),
            optional_param(
                "resumes_on",
                Unit::Date,
                "the first hiring date the scheme after this period covers",
            ),
            optional_param("amount", Unit::Kr, "the bonus"),
            optional_param(
                "max_weekly_hours",
                Unit::HoursPerWeek,
                "the most paid hours in any week of the earning period",
            ),
            optional_param(
                "earning_months",
                Unit::Months,
                "the continuous period the conditions must hold",
            ),
            optional_param(
                "public_employers",
                Unit::Flag,
                "whether public employers qualify",
            ),
            optional_param(
                "first_employer_only",
                Unit::Flag,
                "whether only the first employer that hires and applies gets it",
            ),
            optional_param(
                "application_deadline_months",
                Unit::Months,
                "months from the hiring date within which to apply",
            ),
            optional_param(
                "applications_until",
                Unit::Date,
                "the last day applications under this version were received",
            ),
        ],
        roundings: &[],
        rules: &[
            item("version", "which version applies: the hiring date"),
            optional_item("employer", "which employers qualify"),
            optional_item("hours", "the weekly hours limit, every week"),
            optional_item("period", "the earning period and when the bonus is due"),
            optional_item("application", "when to apply"),
        ],
        compile: crate::model::scheme::compile::<Fleksjobbonus>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let first_employer = f.flag("first_employer");
        Some(Input {
            hire: hire::read(f)?,
            first_employer,
        })
    }

    fn selecting_date(input: &Input) -> Option<NaiveDate> {
        Some(input.hire.hire_date)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        if let Some(none) = NoScheme::read(r)? {
            return Ok(Params::NoScheme(none));
        }
        Ok(Params::Scheme(Rules {
            amount: r.decimal("amount")?,
            max_weekly_hours: r.decimal("max_weekly_hours")?,
            earning_months: r.whole("earning_months")?,
            public_employers: r.flag("public_employers")?,
            first_employer_only: r.flag("first_employer_only")?,
            application_deadline_months: r
                .optional("application_deadline_months", ParamReader::whole),
            applications_until: r.optional("applications_until", ParamReader::date),
            valid_from: r.valid_from(),
            version: r.version().to_string(),
        }))
    }

    /// The bonus for one hire: the employer, then every week of the earning period in order;
    /// in a period without a scheme, the answer no and why.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        match p {
            Params::Scheme(rules) => compute_scheme(i, rules, c),
            Params::NoScheme(none) => {
                let c_scheme = c.scheme;
                let reason = none.reason(c_scheme, c, Value::Date(i.hire.hire_date));
                none.record(c, &reason);
                c.step("version", "bonus", |s| {
                    s.value(Value::Amount(Decimal::ZERO)).text(
                        Said::new(c_scheme, "text.not_earned")
                            .with("breach", Value::said(reason.clone())),
                    );
                });
                Ok(Output {
                    status: Status::NotEligible,
                    amount: Decimal::ZERO,
                    period_end: None,
                    payment_due: None,
                    application_deadline: None,
                    weeks_checked: 0,
                    first_breach: Some(reason),
                    still_to_hold: None,
                })
            }
        }
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        let (breach, breach_da) = said_values(o.first_breach.as_ref());
        let (still, still_da) = said_values(o.still_to_hold.as_ref());
        vec![
            ("status", o.status.value()),
            ("eligible", Value::Bool(o.status == Status::Earned)),
            ("amount", Value::Amount(o.earned_amount())),
            ("earning_period_end", Value::date_or_none(o.period_end)),
            ("payment_due", Value::date_or_none(o.payment_due)),
            (
                "application_deadline",
                Value::date_or_none(o.application_deadline),
            ),
            ("weeks_checked", Value::weeks(o.weeks_checked)),
            ("first_breach", breach),
            ("still_to_hold", still),
            ("first_breach_da", breach_da),
            ("still_to_hold_da", still_da),
        ]
    }
}

/// The bonus under a version in which the scheme ran.
fn compute_scheme<R: Recorder>(i: &Input, p: &Rules, c: &mut Calc<R>) -> Result<Output, Refusal> {
    let (h, scheme) = (&i.hire, c.scheme);

    let start = h.hire_date;
    let (amount, max, months) = (
        c.get(&p.amount),
        c.get(&p.max_weekly_hours),
        c.get(&p.earning_months),
    );
    c.step("version", "version", |s| {
        s.value(Value::Text(p.version.clone()))
            .said("text.version")
            .input("hire_date", Value::Date(start))
            .input("amount", Value::Amount(amount))
            .input("max_weekly_hours", hours(max))
            .input("earning_months", Value::months(months));
    });
    let period_end = add_months(start, months).pred_opt().unwrap_or(start);
    let deadline_months = p.application_deadline_months.as_ref().map(|m| c.get(m));
    let application_deadline = match (deadline_months, &p.applications_until) {
        (Some(m), _) => Some(add_months(start, m)),
        (None, Some(until)) => Some(c.get(until)),
        (None, None) => None,
    };
    let mut out = Output {
        status: Status::InProgress,
        amount,
        period_end: Some(period_end),
        payment_due: None,
        application_deadline,
        weeks_checked: 0,
        first_breach: None,
        still_to_hold: None,
    };

    'check: {
        // The employer.
        let public_ok = c.get(&p.public_employers);
        let allowed = super::employer_step(c, h.sector, public_ok);
        if !allowed {
            out.status = Status::NotEligible;
            out.first_breach = Some(
                Said::new(scheme, "text.public_employer")
                    .with("valid_from", Value::Date(p.valid_from))
                    .with("version", Value::Text(p.version.clone())),
            );
            break 'check;
        }
        if c.get(&p.first_employer_only) {
            c.step("employer", "first_employer", |s| {
                s.value(Value::Bool(i.first_employer == Some(true)))
                    .said("text.first_employer")
                    .input(
                        "first_employer",
                        i.first_employer
                            .map_or(Value::word(FAMILY, "unknown"), Value::Bool),
                    )
                    .input("first_employer_only", Value::Bool(true));
            });
            match i.first_employer {
                None => {
                    return Err(Refusal::new(scheme, "refusal.first_employer_unknown")
                        .with("since", Value::Date(p.valid_from))
                        .field("first_employer"));
                }
                Some(false) => {
                    out.status = Status::NotEligible;
                    out.first_breach = Some(Said::new(scheme, "text.not_first_employer"));
                    break 'check;
                }
                Some(true) => {}
            }
        }
        if let Some(end) = h.ended
            && end < period_end
        {
            out.status = Status::NotEligible;
            out.first_breach = Some(
                Said::new(FAMILY, "text.ended_early")
                    .with("ended", Value::Date(end))
                    .with("months", Value::Number(Decimal::from(months)))
                    .with("end", Value::Date(period_end)),
            );
            break 'check;
        }
        // Every week of the earning period, in order.
        let last_known = h.history.last_monday();
        let weeks_in_period = mondays(start, period_end);
        for (n, monday) in weeks_in_period.iter().enumerate() {
            if last_known.is_none_or(|l| monday > l) {
                // The history stops here: what remains is a projection.
                let remaining = weeks_in_period.len() - n;
                out.still_to_hold = Some(
                    Said::new(scheme, "text.still_to_hold")
                        .with("remaining", Value::Number(Decimal::from(remaining)))
                        .with("end", Value::Date(period_end))
                        .with("max", hours(max)),
                );
                out.payment_due = period_end.succ_opt();
                break;
            }
            out.weeks_checked += 1;
            match h.history.week(monday) {
                None => {
                    out.status = Status::NotEligible;
                    out.first_breach = Some(
                        Said::new(scheme, "text.break_in_period").with("week", Value::Week(monday)),
                    );
                    break;
                }
                Some(paid) if paid > max => {
                    out.status = Status::NotEligible;
                    out.first_breach = Some(
                        Said::new(scheme, "text.week_above_limit")
                            .with("week", Value::Week(monday))
                            .with("hours", hours(paid))
                            .with("max", hours(max)),
                    );
                    break;
                }
                Some(_) => {}
            }
        }
        if out.first_breach.is_none() && out.still_to_hold.is_none() {
            out.status = Status::Earned;
            out.payment_due = period_end.succ_opt();
        }
        c.step("hours", "hours", |s| {
            let text =
                match (&out.first_breach, &out.still_to_hold) {
                    (Some(b), _) => Said::new(scheme, "text.hours_breach")
                        .with("breach", Value::said(b.clone())),
                    (None, Some(rest)) => Said::new(scheme, "text.hours_so_far")
                        .with("still", Value::said(rest.clone())),
                    (None, None) => Said::new(scheme, "text.hours_held")
                        .with("max", hours(max))
                        .with("end", Value::Date(period_end)),
                };
            s.value(Value::weeks(out.weeks_checked))
                .arg("weeks", weeks(out.weeks_checked))
                .input("max_weekly_hours", hours(max))
                .text(text);
        });
    }

    let due = Value::date_or_none(out.payment_due);
    c.step("period", "bonus", |s| {
        let text = match out.status {
            Status::Earned => Said::new(scheme, "text.earned").with("due", due),
            Status::InProgress => Said::new(scheme, "text.in_progress").with("due", due),
            Status::NotEligible | Status::PartlyEarned => Said::new(scheme, "text.not_earned")
                .with(
                    "breach",
                    out.first_breach.clone().map_or(Value::None, Value::said),
                ),
        };
        s.value(Value::Amount(out.earned_amount()))
            .input("amount", Value::Amount(amount))
            .text(text);
    });
    if let Some(deadline) = application_deadline {
        c.step("application", "application_deadline", |s| {
            s.value(Value::Date(deadline))
                .input("hire_date", Value::Date(start));
            match deadline_months {
                Some(m) => s
                    .said("text.deadline_months")
                    .input("application_deadline_months", Value::months(m)),
                None => s.said("text.deadline_until"),
            };
            s.arg("deadline", Value::Date(deadline));
        });
    }
    Ok(out)
}
