//! **IGU bonus** (lov om integrationsgrunduddannelse § 11): the integrationsgrunduddannelse
//! (IGU) is a two-year paid course of work placement and school for refugees and
//! family-reunified persons. A private employer gets 20.000 kr. when the person has been employed
//! for 6 months and 20.000 kr. more after 2 years, when the course is completed with work of at
//! least 25 hours a week on average (SIRI). From 1 June 2023 the bonus is de minimis aid, so the
//! employer must also have room under the EU ceiling; the calculator names that condition but
//! cannot check it (it needs the employer's other aid).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::hire::{self, FAMILY, Hire, SECTORS, hours};
use super::installment::{self, Average, Installment, Status, overall, values};
use super::no_scheme::NoScheme;
use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param,
};
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct IguBonus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The IGU employment: `hire_date` is the day it started.
    pub hire: Hire,
    /// Whether the course was completed (work and school); unknown until it ends.
    pub completed: Option<bool>,
    /// Hours of school in the two years (written in `weekly_hours` as the praktik hours paid in
    /// those weeks, 0 in a whole week of school): left out of the 25-hour average.
    pub school_hours: Option<Decimal>,
    /// Hours of absence (sickness, holiday) the employer reports for the two years, which
    /// count as praktik hours in the average.
    pub absence_hours: Decimal,
}

/// The parameters of one rule-set version, read once when the rule set is loaded: the
/// scheme's rules, or the time after it (courses started from 1 January 2028, when IGU-loven as
/// amended by L 82 2023-24 no longer lets a course start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    Scheme(Box<Rules>),
    NoScheme(NoScheme),
}

/// The rules of a version in which the scheme ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub first_payment: Param<Decimal>,
    pub second_payment: Param<Decimal>,
    pub first_payment_months: Param<u32>,
    pub second_payment_months: Param<u32>,
    pub min_weekly_hours: Param<Decimal>,
    pub min_weekly_hours_inclusive: Param<bool>,
    pub public_employers: Param<bool>,
    pub de_minimis_from: Option<Param<NaiveDate>>,
    /// The weeks of school the course has and the hours of a school week.
    pub school_weeks: Param<Decimal>,
    pub school_week_hours: Param<Decimal>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub status: Status,
    pub first: Option<Installment>,
    pub second: Option<Installment>,
    /// A payment is due on or after the day the bonus became de minimis aid.
    pub de_minimis: bool,
    pub first_breach: Option<Said>,
}

impl Output {
    pub fn amount(&self) -> Decimal {
        values::total(&[&self.first, &self.second])
    }
}

impl Scheme for IguBonus {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "igu_bonus",
        family: "bonus",
        selected_by: Some("hire_date"),
        inputs: &[
            InputSpec::required("hire_date", InputKind::Date),
            InputSpec::required("sector", InputKind::Choice(SECTORS)),
            InputSpec::required("weekly_hours", InputKind::Text),
            InputSpec::optional("ended", InputKind::Date),
            InputSpec::optional("completed", InputKind::Flag),
            // At most every hour of the two years' weeks (105 weeks × 168 hours).
            InputSpec::optional("school_hours", InputKind::Hours { max: 17_640 }),
            InputSpec::default("absence_hours", InputKind::Hours { max: 17_640 }, "0"),
        ],
        results: &[
            OutputSpec::outcome("status"),
            OutputSpec::outcome("eligible"),
            OutputSpec::outcome("amount"),
            OutputSpec::outcome("first_payment"),
            OutputSpec::outcome("first_payment_status"),
            OutputSpec::outcome("first_payment_due"),
            OutputSpec::outcome("second_payment"),
            OutputSpec::outcome("second_payment_status"),
            OutputSpec::outcome("second_payment_due"),
            OutputSpec::intermediate("second_payment_average_hours"),
            OutputSpec::outcome("de_minimis"),
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
                "true: no course can start in this version's period (the answer is no)",
            ),
            optional_param(
                "last_covered",
                Unit::Date,
                "the last start date the scheme covered",
            ),
            optional_param(
                "first_payment",
                Unit::Kr,
                "the payment after the first months",
            ),
            optional_param("second_payment", Unit::Kr, "the payment on completion"),
            optional_param(
                "first_payment_months",
                Unit::Months,
                "months of employment before the first payment",
            ),
            optional_param(
                "second_payment_months",
                Unit::Months,
                "months of employment before the second payment",
            ),
            optional_param(
                "min_weekly_hours",
                Unit::HoursPerWeek,
                "the weekly hours of work the whole course must average for the second payment",
            ),
            optional_param(
                "min_weekly_hours_inclusive",
                Unit::Flag,
                "whether exactly `min_weekly_hours` is enough",
            ),
            optional_param(
                "public_employers",
                Unit::Flag,
                "whether public employers qualify",
            ),
            optional_param(
                "de_minimis_from",
                Unit::Date,
                "payments due from this day are de minimis aid",
            ),
            optional_param(
                "school_weeks",
                Unit::Weeks,
                "the weeks of school a course has (for courses started in the version's period)",
            ),
            optional_param(
                "school_week_hours",
                Unit::HoursPerWeek,
                "the hours of a week of school",
            )
            .divisor(),
        ],
        roundings: &[],
        rules: &[
            item("version", "which version applies: the start date"),
            optional_item("employer", "which employers qualify"),
            optional_item(
                "payments",
                "the two payments, their conditions and due dates",
            ),
            optional_item("de_minimis", "the de minimis condition on payments"),
        ],
        compile: crate::model::scheme::compile::<IguBonus>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let completed = f.flag("completed");
        let school_hours = f.hours("school_hours");
        let absence_hours = f.hours("absence_hours").unwrap_or_default();
        Some(Input {
            hire: hire::read(f)?,
            completed,
            school_hours,
            absence_hours,
        })
    }

    fn selecting_date(input: &Input) -> Option<NaiveDate> {
        Some(input.hire.hire_date)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        if let Some(none) = NoScheme::read(r)? {
            return Ok(Params::NoScheme(none));
        }
        Ok(Params::Scheme(Box::new(Rules {
            first_payment: r.decimal("first_payment")?,
            second_payment: r.decimal("second_payment")?,
            first_payment_months: r.whole("first_payment_months")?,
            second_payment_months: r.whole("second_payment_months")?,
            min_weekly_hours: r.decimal("min_weekly_hours")?,
            min_weekly_hours_inclusive: r.flag("min_weekly_hours_inclusive")?,
            public_employers: r.flag("public_employers")?,
            de_minimis_from: r.optional("de_minimis_from", ParamReader::date),
            school_weeks: r.decimal("school_weeks")?,
            school_week_hours: r.decimal("school_week_hours")?,
            version: r.version().to_string(),
        })))
    }

    /// The two payments for one IGU course (§ 11, stk. 1-2); for a course started after the
    /// last start date the law allows, the answer no and why.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        match p {
            Params::Scheme(rules) => compute_scheme(i, rules, c),
            Params::NoScheme(none) => {
                let reason = none.reason(c.scheme, c, Value::Date(i.hire.hire_date));
                none.record(c, &reason);
                c.step("payments", "bonus", |s| {
                    s.value(Value::Amount(Decimal::ZERO))
                        .text(installment::conclusion(Status::NotEligible, Some(&reason)));
                });
                Ok(Output {
                    status: Status::NotEligible,
                    first: None,
                    second: None,
                    de_minimis: false,
                    first_breach: Some(reason),
                })
            }
        }
    }
    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        use values::{amount, due, status};
        let (breach, breach_da) = values::said(o.first_breach.as_ref());
        let still = values::still_to_hold(&[&o.first, &o.second]);
        let (still, still_da) = values::said(still.as_ref());
        vec![
            ("status", o.status.value()),
            ("eligible", Value::Bool(o.status == Status::Earned)),
            ("amount", Value::Amount(o.amount())),
            ("first_payment", amount(&o.first)),
            ("first_payment_status", status(&o.first)),
            ("first_payment_due", due(&o.first)),
            ("second_payment", amount(&o.second)),
            ("second_payment_status", status(&o.second)),
            ("second_payment_due", due(&o.second)),
            ("second_payment_average_hours", values::average(&o.second)),
            ("de_minimis", Value::Bool(o.de_minimis)),
            ("first_breach", breach),
            ("still_to_hold", still),
            ("first_breach_da", breach_da),
            ("still_to_hold_da", still_da),
        ]
    }
}

/// The two payments for one IGU course under a version in which the scheme ran.
fn compute_scheme<R: Recorder>(i: &Input, p: &Rules, c: &mut Calc<R>) -> Result<Output, Refusal> {
    let (h, scheme) = (&i.hire, c.scheme);
    c.step("version", "version", |s| {
        s.value(Value::Text(p.version.clone()))
            .said("text.version")
            .input("hire_date", Value::Date(h.hire_date));
    });

    // Stk. 1: "Til private virksomheder".
    let public_ok = c.get(&p.public_employers);
    let allowed = super::employer_step(c, h.sector, public_ok);
    let mut out = Output {
        status: Status::NotEligible,
        first: None,
        second: None,
        de_minimis: false,
        first_breach: None,
    };
    if !allowed {
        out.first_breach = Some(Said::new(FAMILY, "text.public_employer"));
    } else {
        // Stk. 2: after 6 months of employment, and after 2 years with the course completed
        // and (SIRI) at least 25 hours of work a week on average.
        let first = installment::check(
            &h.history,
            h.hire_date,
            h.ended,
            c.get(&p.first_payment_months),
            c.get(&p.first_payment),
            None,
        );
        installment::record(c, "first_payment", &first);
        let average = Average {
            hours: c.get(&p.min_weekly_hours),
            inclusive: c.get(&p.min_weekly_hours_inclusive),
        };
        // The average counts the absence hours reported and leaves out the weeks of school.
        let week_hours = c.get(&p.school_week_hours);
        let course_weeks = c.get(&p.school_weeks);
        let school_weeks = match i.school_hours {
            Some(h) if week_hours > Decimal::ZERO => h / week_hours,
            _ => Decimal::ZERO,
        };
        let second_months = c.get(&p.second_payment_months);
        let period_weeks = Decimal::from(
            crate::values::history::mondays(
                h.hire_date,
                crate::values::history::add_months(h.hire_date, second_months)
                    .pred_opt()
                    .unwrap_or(h.hire_date),
            )
            .len(),
        );
        if school_weeks >= period_weeks {
            return Err(Refusal::new(scheme, "refusal.school_over_period")
                .with("school_hours", hours(i.school_hours.unwrap_or_default()))
                .with("weeks", Value::Number(period_weeks))
                .field("school_hours"));
        }
        let adjust = installment::Adjust {
            absence_hours: i.absence_hours,
            school_weeks,
        };
        c.step("payments", "average_basis", |s| {
            let text = match i.school_hours {
                Some(sh) => Said::new(scheme, "text.average_basis")
                    .with("school_hours", hours(sh))
                    .with("school_weeks", hours(school_weeks.round_dp(2))),
                None => Said::new(scheme, "text.average_basis_no_school")
                    .with("course_weeks", hours(course_weeks)),
            };
            s.value(Value::hours(i.absence_hours))
                .text(text)
                .input("absence_hours", Value::hours(i.absence_hours))
                .input("school_weeks", hours(course_weeks))
                .input("school_week_hours", hours(week_hours));
        });
        if i.school_hours.is_none() {
            c.note(|| {
                Said::new(scheme, "note.school_not_given").with("course_weeks", hours(course_weeks))
            });
        }
        let mut second = installment::check_adjusted(
            &h.history,
            h.hire_date,
            h.ended,
            second_months,
            c.get(&p.second_payment),
            Some(average),
            adjust,
        );
        // The second payment also needs the course completed (SIRI: "yderligere 20.000 kr.
        // efter 2 års ansættelse, når forløbet er fuldført"). A course known not to be
        // completed ends the second payment whether or not its hours are in yet.
        match (second.status, i.completed) {
            (Status::NotEligible, _) | (_, Some(true)) => {}
            (_, Some(false)) => {
                second.status = Status::NotEligible;
                second.breach = Some(Said::new(scheme, "text.not_completed"));
                second.still_to_hold = None;
            }
            (Status::Earned, None) => {
                second.status = Status::InProgress;
                second.still_to_hold = Some(Said::new(scheme, "text.completion_unknown"));
            }
            (_, None) => {}
        }
        c.step("payments", "second_payment_conditions", |s| {
            let completed = i
                .completed
                .map_or(Value::word(FAMILY, "not_yet_known"), Value::Bool);
            s.value(Value::hours(average.hours))
                .arg("requirement", Value::said(average.requirement()))
                .said("text.second_payment_conditions")
                .input("completed", completed)
                .input("min_weekly_hours", hours(average.hours))
                .input("min_weekly_hours_inclusive", Value::Bool(average.inclusive));
        });
        installment::record(c, "second_payment", &second);

        // From 1 June 2023 a payment is de minimis aid (by its payment date); a payment that can
        // no longer be earned grants no aid (EU reg. 2023/2831 art. 3: aid is granted when the
        // right to it arises).
        if let Some(from) = p.de_minimis_from.as_ref().map(|d| c.get(d)) {
            out.de_minimis = [&first, &second]
                .iter()
                .any(|i| i.due >= from && i.status != Status::NotEligible);
            if out.de_minimis {
                c.step("de_minimis", "de_minimis", |s| {
                    s.value(Value::Bool(true))
                        .said("text.de_minimis")
                        .input("de_minimis_from", Value::Date(from));
                });
                c.note(|| Said::new(scheme, "note.de_minimis").with("from", Value::Date(from)));
            }
        }
        out.status = overall(&[&first, &second]);
        out.first_breach = first.breach.clone().or_else(|| second.breach.clone());
        out.first = Some(first);
        out.second = Some(second);
    }
    let total = out.amount();
    c.step("payments", "bonus", |s| {
        s.value(Value::Amount(total)).text(installment::conclusion(
            out.status,
            out.first_breach.as_ref(),
        ));
    });
    Ok(out)
}
