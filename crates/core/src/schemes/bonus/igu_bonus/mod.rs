//! **IGU bonus** (lov om integrationsgrunduddannelse § 11): the integrationsgrunduddannelse
//! (IGU) is a two-year paid course of work placement and school for refugees and
//! family-reunified persons. A private employer gets 20.000 kr. when the person has been employed
//! for 6 months and 20.000 kr. more after 2 years, when the course is completed with work of at
//! least 25 hours a week on average (SIRI). From 1 June 2023 the bonus is de minimis aid, so the
//! employer must also have room under the EU ceiling; the calculator names that condition but
//! cannot check it (it needs the employer's other aid).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::installment::{self, Average, Installment, Status, values};
use super::refugee_bonus::{explain_installment, overall};
use crate::model::fields::{Fields, Sector};
use crate::model::trace::{Said, Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_item, optional_param, param};
use crate::values::history::History;
use crate::values::month::Month;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "igu_bonus",
    family: "bonus",
    selected_by: Some("hire_date"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "amount",
    compile: crate::model::scheme::compile::<IguBonus>,
    parameters: &[
        param(
            "first_payment",
            Unit::Kr,
            "the payment after the first months",
        ),
        param("second_payment", Unit::Kr, "the payment on completion"),
        param(
            "first_payment_months",
            Unit::Months,
            "months of employment before the first payment",
        ),
        param(
            "second_payment_months",
            Unit::Months,
            "months of employment before the second payment",
        ),
        param(
            "min_weekly_hours",
            Unit::HoursPerWeek,
            "the weekly hours of work the whole course must average for the second payment",
        ),
        param(
            "min_weekly_hours_inclusive",
            Unit::Flag,
            "whether exactly `min_weekly_hours` is enough",
        ),
        param(
            "public_employers",
            Unit::Flag,
            "whether public employers qualify",
        ),
        optional_param(
            "de_minimis_from",
            Unit::Date,
            "payments due from this day are de minimis aid",
        ),
    ],
    roundings: &[],
    rules: &[
        item("version", "which version applies: the start date"),
        item("employer", "which employers qualify"),
        item(
            "payments",
            "the two payments, their conditions and due dates",
        ),
        optional_item("de_minimis", "the de minimis condition on payments"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The day the IGU employment started.
    pub hire_date: NaiveDate,
    pub sector: Sector,
    pub history: History,
    pub ended: Option<NaiveDate>,
    /// Whether the course was completed (work and school); unknown until it ends.
    pub completed: Option<bool>,
}

pub const INPUT_FIELDS: [&str; 5] = ["hire_date", "sector", "weekly_hours", "ended", "completed"];

pub const RESULT_FIELDS: [&str; 15] = [
    "status",
    "eligible",
    "amount",
    "first_payment",
    "first_payment_status",
    "first_payment_due",
    "second_payment",
    "second_payment_status",
    "second_payment_due",
    "second_payment_average_hours",
    "de_minimis",
    "first_breach",
    "still_to_hold",
    "first_breach_da",
    "still_to_hold_da",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut f = Fields::new(get);
    let hire_date = f.date("hire_date", "the day the IGU employment started");
    let sector = f.sector();
    let history = f.history("weekly_hours", hire_date);
    let ended = f.ended(hire_date);
    let completed = f.opt_flag("completed");
    match (f.errors.is_empty(), hire_date, sector, history) {
        (true, Some(hire_date), Some(sector), Some(history)) => Ok(Input {
            hire_date,
            sector,
            history,
            ended,
            completed,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub first_payment: Decimal,
    pub second_payment: Decimal,
    pub first_payment_months: u32,
    pub second_payment_months: u32,
    pub average: Average,
    pub public_employers: bool,
    pub de_minimis_from: Option<NaiveDate>,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let whole = |n: &str| v.whole(n);
        Ok(Self {
            first_payment: p("first_payment")?,
            second_payment: p("second_payment")?,
            first_payment_months: whole("first_payment_months")?,
            second_payment_months: whole("second_payment_months")?,
            average: Average {
                hours: p("min_weekly_hours")?,
                inclusive: !p("min_weekly_hours_inclusive")?.is_zero(),
            },
            public_employers: !p("public_employers")?.is_zero(),
            de_minimis_from: v.date("de_minimis_from"),
            version: v.version.clone(),
        })
    }
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

    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        use values::{amount, due, status};
        let (breach, breach_da) = Said::values(self.first_breach.as_ref());
        let still = values::still_to_hold(&[&self.first, &self.second]);
        let (still, still_da) = Said::values(still.as_ref());
        vec![
            ("status", Value::Text(self.status.name().into())),
            ("eligible", Value::Bool(self.status == Status::Earned)),
            ("amount", Value::Amount(self.amount())),
            ("first_payment", amount(&self.first)),
            ("first_payment_status", status(&self.first)),
            ("first_payment_due", due(&self.first)),
            ("second_payment", amount(&self.second)),
            ("second_payment_status", status(&self.second)),
            ("second_payment_due", due(&self.second)),
            (
                "second_payment_average_hours",
                values::average(&self.second),
            ),
            ("de_minimis", Value::Bool(self.de_minimis)),
            ("first_breach", breach),
            ("still_to_hold", still),
            ("first_breach_da", breach_da),
            ("still_to_hold_da", still_da),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![("payments", "bonus", self.amount())]
    }
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Output {
    let mut out = Output {
        status: Status::NotEligible,
        first: None,
        second: None,
        de_minimis: false,
        first_breach: None,
    };
    if input.sector == Sector::Public && !p.public_employers {
        out.first_breach = Some(Said::new(
            "public employers do not qualify",
            "offentlige arbejdsgivere kan ikke få bonus",
        ));
        return out;
    }
    let first = installment::check(
        &input.history,
        input.hire_date,
        input.ended,
        p.first_payment_months,
        p.first_payment,
        None,
    );
    let mut second = installment::check(
        &input.history,
        input.hire_date,
        input.ended,
        p.second_payment_months,
        p.second_payment,
        Some(p.average),
    );
    // The second payment also needs the course completed.
    if second.status == Status::Earned {
        match input.completed {
            Some(true) => {}
            Some(false) => {
                second.status = Status::NotEligible;
                second.breach = Some(Said::new(
                    "the IGU was not completed",
                    "IGU-forløbet blev ikke gennemført",
                ));
            }
            None => {
                second.status = Status::InProgress;
                second.still_to_hold = Some(Said::new(
                    "the hours hold; the course must be shown completed (give `completed = true`)",
                    "timerne holder; forløbet skal vises gennemført (angiv `completed = true`)",
                ));
            }
        }
    }
    out.de_minimis = p
        .de_minimis_from
        .is_some_and(|from| [&first, &second].iter().any(|i| i.due >= from));
    out.status = overall(&[&first, &second]);
    out.first_breach = first.breach.clone().or_else(|| second.breach.clone());
    out.first = Some(first);
    out.second = Some(second);
    out
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "version",
            "Version in force on the start date",
            Value::Text(p.version.clone()),
        )
        .da("Version gældende på startdatoen")
        .formula(format!("IGU started {}", input.hire_date));
    trace
        .step(
            "employer",
            format!("Employer: {}", input.sector.name()),
            Value::Bool(input.sector == Sector::Private || p.public_employers),
        )
        .da(format!("Arbejdsgiver: {}", input.sector.name_da()))
        .formula("only private employers qualify")
        .input("public_employers", Value::Bool(p.public_employers));
    if let Some(i) = &o.first {
        explain_installment(trace, "payments", ("First payment", "Første udbetaling"), i);
    }
    if let Some(i) = &o.second {
        trace
            .step(
                "payments",
                format!("Second payment: {}", p.average.describe()),
                Value::Number(p.average.hours),
            )
            .da("Anden udbetaling: ugentlige timer i gennemsnit over hele forløbet")
            .formula(format!(
                "completed: {}",
                input
                    .completed
                    .map_or("not yet known", |c| if c { "yes" } else { "no" })
            ))
            .input("min_weekly_hours", Value::Number(p.average.hours))
            .input(
                "min_weekly_hours_inclusive",
                Value::Bool(p.average.inclusive),
            );
        explain_installment(trace, "payments", ("Second payment", "Anden udbetaling"), i);
    }
    if let Some(from) = p.de_minimis_from
        && o.de_minimis
    {
        trace
            .step(
                "de_minimis",
                "De minimis aid",
                Value::Bool(true),
            )
            .da("De minimis-støtte")
            .formula(format!(
                "payments due from {from} count as de minimis aid: the employer must have room under the ceiling"
            ));
    }
    trace
        .step("payments", "IGU bonus", Value::Amount(o.amount()))
        .da("IGU-bonus")
        .formula(format!("status: {}", o.status.name()));
}

crate::model::scheme::legacy_scheme!(IguBonus, self, infallible, |i| Some(i.hire_date));
