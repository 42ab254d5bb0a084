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

pub use super::installment::Status;
use super::installment::hours;
use crate::model::fields::Fields;
pub use crate::model::fields::Sector;
use crate::model::trace::{Said, Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_param, param};
use crate::values::history::{History, add_months, mondays};
use crate::values::month::{Month, date_da, week_da};
use crate::values::num;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "fleksjobbonus",
    family: "bonus",
    selected_by: Some("hire_date"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "amount",
    compile: crate::model::scheme::compile::<Fleksjobbonus>,
    parameters: &[
        param("amount", Unit::Kr, "the bonus"),
        param(
            "max_weekly_hours",
            Unit::HoursPerWeek,
            "the most paid hours in any week of the earning period",
        ),
        param(
            "earning_months",
            Unit::Months,
            "the continuous period the conditions must hold",
        ),
        param(
            "public_employers",
            Unit::Flag,
            "whether public employers qualify",
        ),
        param(
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
        item("employer", "which employers qualify"),
        item("hours", "the weekly hours limit, every week"),
        item("period", "the earning period and when the bonus is due"),
        item("application", "when to apply"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire_date: NaiveDate,
    pub sector: Sector,
    /// The first employer to hire the person and apply (the rule from 7 August 2013).
    pub first_employer: Option<bool>,
    pub history: History,
    /// The last day of the employment, if it has ended.
    pub ended: Option<NaiveDate>,
}

pub const INPUT_FIELDS: [&str; 5] = [
    "hire_date",
    "sector",
    "first_employer",
    "weekly_hours",
    "ended",
];

pub const RESULT_FIELDS: [&str; 11] = [
    "status",
    "eligible",
    "amount",
    "earning_period_end",
    "payment_due",
    "application_deadline",
    "weeks_checked",
    "first_breach",
    "still_to_hold",
    "first_breach_da",
    "still_to_hold_da",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut f = Fields::new(get);
    let hire_date = f.date("hire_date", "the day the flex-job started");
    let sector = f.sector();
    let first_employer = f.opt_flag("first_employer");
    let history = f.history("weekly_hours", hire_date);
    let ended = f.ended(hire_date);
    match (f.errors.is_empty(), hire_date, sector, history) {
        (true, Some(hire_date), Some(sector), Some(history)) => Ok(Input {
            hire_date,
            sector,
            first_employer,
            history,
            ended,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "from {since} only the first employer that hires the person and applies gets the bonus: give `first_employer = true` or `false`"
    )]
    FirstEmployerUnknown { since: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub amount: Decimal,
    pub max_weekly_hours: Decimal,
    pub earning_months: u32,
    pub public_employers: bool,
    pub first_employer_only: bool,
    pub application_deadline_months: Option<u32>,
    pub applications_until: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let months = |d: Decimal| u32::try_from(d.trunc().mantissa()).unwrap_or(0);
        Ok(Self {
            amount: p("amount")?,
            max_weekly_hours: p("max_weekly_hours")?,
            earning_months: months(p("earning_months")?),
            public_employers: !p("public_employers")?.is_zero(),
            first_employer_only: !p("first_employer_only")?.is_zero(),
            application_deadline_months: v
                .parameter("application_deadline_months")
                .map(|p| months(p.value)),
            applications_until: v.date("applications_until"),
            valid_from: v.valid_from,
            version: v.version.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub status: Status,
    pub amount: Decimal,
    pub period_end: NaiveDate,
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

    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let date = |d: Option<NaiveDate>| d.map_or(Value::None, |d| Value::Text(d.to_string()));
        let (breach, breach_da) = Said::values(self.first_breach.as_ref());
        let (still, still_da) = Said::values(self.still_to_hold.as_ref());
        vec![
            ("status", Value::Text(self.status.name().into())),
            ("eligible", Value::Bool(self.status == Status::Earned)),
            ("amount", Value::Amount(self.earned_amount())),
            (
                "earning_period_end",
                Value::Text(self.period_end.to_string()),
            ),
            ("payment_due", date(self.payment_due)),
            ("application_deadline", date(self.application_deadline)),
            (
                "weeks_checked",
                Value::Number(Decimal::from(self.weeks_checked)),
            ),
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
        vec![
            ("period", "bonus", self.earned_amount()),
            ("hours", "weeks checked", Decimal::from(self.weeks_checked)),
        ]
    }
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    let start = input.hire_date;
    let period_end = add_months(start, p.earning_months)
        .pred_opt()
        .unwrap_or(start);
    let application_deadline = p
        .application_deadline_months
        .map(|m| add_months(start, m))
        .or(p.applications_until);
    let mut out = Output {
        status: Status::InProgress,
        amount: p.amount,
        period_end,
        payment_due: None,
        application_deadline,
        weeks_checked: 0,
        first_breach: None,
        still_to_hold: None,
    };
    // The employer.
    if input.sector == Sector::Public && !p.public_employers {
        out.status = Status::NotEligible;
        out.first_breach = Some(Said::new(
            format!(
                "public employers do not qualify for hires from {} (version {})",
                p.valid_from, p.version
            ),
            format!(
                "offentlige arbejdsgivere kan ikke få bonus for ansættelser fra {} (version {})",
                p.valid_from, p.version
            ),
        ));
        return Ok(out);
    }
    if p.first_employer_only {
        match input.first_employer {
            None => {
                return Err(Refusal::FirstEmployerUnknown {
                    since: p.valid_from,
                });
            }
            Some(false) => {
                out.status = Status::NotEligible;
                out.first_breach = Some(Said::new(
                    "another employer hired the person first: only the first employer qualifies",
                    "en anden arbejdsgiver ansatte personen først: kun den første arbejdsgiver kan få bonus",
                ));
                return Ok(out);
            }
            Some(true) => {}
        }
    }
    if let Some(end) = input.ended
        && end < period_end
    {
        out.status = Status::NotEligible;
        let months = p.earning_months;
        out.first_breach = Some(Said::new(
            format!(
                "the employment ended {end}, before the {months} months ran out on {period_end}"
            ),
            format!(
                "ansættelsen sluttede {}, før de {months} måneder udløb {}",
                date_da(end),
                date_da(period_end)
            ),
        ));
        return Ok(out);
    }
    // Every week of the earning period, in order.
    let last_known = input.history.last_monday();
    for monday in mondays(start, period_end) {
        if last_known.is_none_or(|l| monday > l) {
            // The history stops here: what remains is a projection.
            let remaining = mondays(monday, period_end).len();
            let max = hours(p.max_weekly_hours);
            out.still_to_hold = Some(Said::new(
                format!(
                    "{remaining} more weeks, to {period_end}: at most {max} paid hours in every week, without a break"
                ),
                format!(
                    "{remaining} uger mere, til {}: højst {max} betalte timer hver uge, uden afbrydelse",
                    date_da(period_end)
                ),
            ));
            out.payment_due = period_end.succ_opt();
            return Ok(out);
        }
        out.weeks_checked += 1;
        let label = crate::values::history::Week {
            monday,
            hours: Decimal::ZERO,
        }
        .label();
        match input.history.week(monday) {
            None => {
                out.status = Status::NotEligible;
                out.first_breach = Some(Said::new(
                    format!(
                        "week {label}: no paid hours recorded, a break in the continuous period"
                    ),
                    format!(
                        "{}: ingen betalte timer registreret, en afbrydelse af den sammenhængende periode",
                        week_da(monday)
                    ),
                ));
                return Ok(out);
            }
            Some(w) if w.hours > p.max_weekly_hours => {
                out.status = Status::NotEligible;
                let (h, max) = (hours(w.hours), hours(p.max_weekly_hours));
                out.first_breach = Some(Said::new(
                    format!("week {label}: {h} paid hours, above the limit of {max}"),
                    format!(
                        "{}: {h} betalte timer, over grænsen på {max}",
                        week_da(monday)
                    ),
                ));
                return Ok(out);
            }
            Some(_) => {}
        }
    }
    out.status = Status::Earned;
    out.payment_due = period_end.succ_opt();
    Ok(out)
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "version",
            "Version in force on the hiring date",
            Value::Text(p.version.clone()),
        )
        .da("Version gældende på ansættelsesdatoen")
        .formula(format!(
            "hired {}: {} kr. for at most {} hours every week during {} months",
            input.hire_date,
            num::danish(p.amount, 0),
            hours(p.max_weekly_hours),
            p.earning_months
        ))
        .formula_da(format!(
            "ansat {}: {} kr. for højst {} timer hver uge i {} måneder",
            date_da(input.hire_date),
            num::danish(p.amount, 0),
            hours(p.max_weekly_hours),
            p.earning_months
        ))
        .input("amount", Value::Amount(p.amount))
        .input("max_weekly_hours", Value::Number(p.max_weekly_hours))
        .input(
            "earning_months",
            Value::Number(Decimal::from(p.earning_months)),
        );
    let sector = input.sector.name();
    trace
        .step(
            "employer",
            format!("Employer: {sector}"),
            Value::Bool(input.sector == Sector::Private || p.public_employers),
        )
        .da(format!("Arbejdsgiver: {}", input.sector.name_da()))
        .formula(if p.public_employers {
            "private and public employers qualify".to_string()
        } else {
            "only private employers qualify".to_string()
        })
        .formula_da(if p.public_employers {
            "private og offentlige arbejdsgivere kan få bonus"
        } else {
            "kun private arbejdsgivere kan få bonus"
        })
        .input("public_employers", Value::Bool(p.public_employers));
    if p.first_employer_only {
        trace
            .step(
                "employer",
                "Only the first employer",
                Value::Bool(input.first_employer == Some(true)),
            )
            .da("Kun den første arbejdsgiver")
            .formula(format!(
                "first employer: {}",
                input
                    .first_employer
                    .map_or("unknown", |f| if f { "yes" } else { "no" })
            ))
            .formula_da(format!(
                "første arbejdsgiver: {}",
                input
                    .first_employer
                    .map_or("ukendt", |f| if f { "ja" } else { "nej" })
            ))
            .input("first_employer_only", Value::Bool(true));
    }
    trace
        .step(
            "hours",
            format!(
                "Weekly hours checked in {} week{}",
                o.weeks_checked,
                if o.weeks_checked == 1 { "" } else { "s" }
            ),
            Value::Number(Decimal::from(o.weeks_checked)),
        )
        .da(format!(
            "Ugentlige timer kontrolleret i {} {}",
            o.weeks_checked,
            if o.weeks_checked == 1 { "uge" } else { "uger" }
        ))
        .formula(match (&o.first_breach, &o.still_to_hold) {
            (Some(b), _) => format!("first breach: {b}"),
            (None, Some(rest)) => format!("no breach so far; still to hold: {rest}"),
            (None, None) => format!(
                "every week at most {} hours, without a break, to {}",
                hours(p.max_weekly_hours),
                o.period_end
            ),
        })
        .formula_da(match (&o.first_breach, &o.still_to_hold) {
            (Some(b), _) => format!("første brud: {}", b.da),
            (None, Some(rest)) => format!("intet brud indtil nu; skal fortsat holde: {}", rest.da),
            (None, None) => format!(
                "hver uge højst {} timer, uden afbrud, til {}",
                hours(p.max_weekly_hours),
                date_da(o.period_end)
            ),
        });
    trace
        .step("period", "Fleksjobbonus", Value::Amount(o.earned_amount()))
        .da("Fleksjobbonus")
        .formula(match o.status {
            Status::Earned => format!(
                "earned; due {}",
                o.payment_due.map_or(String::new(), |d| d.to_string())
            ),
            Status::InProgress => format!(
                "not earned yet; due {} if the conditions keep holding",
                o.payment_due.map_or(String::new(), |d| d.to_string())
            ),
            Status::NotEligible | Status::PartlyEarned => "not earned".to_string(),
        })
        .formula_da(match o.status {
            Status::Earned => format!(
                "optjent; forfalder {}",
                o.payment_due.map_or(String::new(), date_da)
            ),
            Status::InProgress => format!(
                "ikke optjent endnu; forfalder {}, hvis betingelserne fortsat holder",
                o.payment_due.map_or(String::new(), date_da)
            ),
            Status::NotEligible | Status::PartlyEarned => "ikke optjent".to_string(),
        });
    if let Some(d) = o.application_deadline {
        trace
            .step(
                "application",
                "Application deadline",
                Value::Text(d.to_string()),
            )
            .da("Ansøgningsfrist")
            .formula(match p.application_deadline_months {
                Some(m) => format!("{} + {m} months = {d}", input.hire_date),
                None => format!("applications under this version were received until {d}"),
            })
            .formula_da(match p.application_deadline_months {
                Some(m) => format!(
                    "{} + {m} måneder = {}",
                    date_da(input.hire_date),
                    date_da(d)
                ),
                None => format!(
                    "ansøgninger efter denne version blev modtaget til {}",
                    date_da(d)
                ),
            });
    }
}

crate::model::scheme::legacy_scheme!(Fleksjobbonus, self, fallible, |i| Some(i.hire_date));
