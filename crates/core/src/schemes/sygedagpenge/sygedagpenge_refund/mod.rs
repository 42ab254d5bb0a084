//! **Sygedagpengerefusion** (sygedagpengeloven §§ 54, 59): an employer that keeps paying wages
//! to a sick employee after the employer period is refunded the sygedagpenge the employee would
//! otherwise have had (§ 54): per ISO week, the hours of absence (at most the employee's normal
//! weekly hours) at the employee's hourly pay, at most the maximum hourly rate; a full week at
//! most the maximum weekly amount. The maximum per hour is the weekly maximum divided by the
//! employee's normal agreed weekly hours (§ 50 stk. 1), rounded to øre: 4.695 ÷ 37 = 126,89 in
//! 2024, as published. A full week at the maximum is the weekly figure itself (37 × 126,89 =
//! 4.694,93 would lose 7 øre).
//!
//! The rates change on the first Monday of January, so each ISO week belongs to the year of its
//! Monday. A claim whose weeks cross a change is refused with the date to split it at.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::fields::Fields;
use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, param};
use crate::values::history::History;
use crate::values::month::Month;
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "sygedagpenge_refund",
    family: "sygedagpenge",
    selected_by: Some("sick_hours"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "refund",
    compile: crate::model::scheme::compile::<SygedagpengeRefund>,
    parameters: &[param(
        "max_weekly",
        Unit::Kr,
        "the highest sygedagpenge for a full week",
    )],
    roundings: &[
        item(
            "hourly",
            "the maximum per hour: weekly maximum ÷ normal weekly hours",
        ),
        item("week", "one week's refund"),
    ],
    rules: &[
        item(
            "rate",
            "the hourly rate: the employee's pay, at most the maximum",
        ),
        item("week", "one week's refund"),
        item("total", "the claim's total"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Hours of absence per ISO week in the refund period (after the employer period).
    pub sick_hours: History,
    /// The employee's normal agreed working hours per week.
    pub normal_weekly_hours: Decimal,
    /// The employee's hourly pay; without it the maximum rate is assumed (and the result says so).
    pub hourly_wage: Option<Decimal>,
}

pub const INPUT_FIELDS: [&str; 3] = ["sick_hours", "normal_weekly_hours", "hourly_wage"];

pub const RESULT_FIELDS: [&str; 7] = [
    "refund",
    "weeks",
    "hours",
    "hourly_rate",
    "max_hourly",
    "rate_basis",
    "full_weeks",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let wage_given = get("hourly_wage").is_some();
    let mut f = Fields::new(get);
    let sick_hours = f.history("sick_hours", None);
    let normal = f.hours(
        "normal_weekly_hours",
        "the employee's normal agreed working hours per week, e.g. 37",
    );
    if normal.is_some_and(|n| n.is_zero() || n > Decimal::from(168)) {
        f.errors.push((
            "normal_weekly_hours",
            "must be more than 0 and at most 168".to_string(),
        ));
    }
    let hourly_wage = if wage_given {
        f.amount("hourly_wage", "")
    } else {
        None
    };
    if let Some(h) = &sick_hours
        && h.weeks.is_empty()
    {
        f.errors
            .push(("sick_hours", "no weeks of absence given".to_string()));
    }
    match (f.errors.is_empty(), sick_hours, normal) {
        (true, Some(sick_hours), Some(normal_weekly_hours)) => Ok(Input {
            sick_hours,
            normal_weekly_hours,
            hourly_wage,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "the weeks cross the yearly change of rates on {next}: claim the weeks before and from {next} separately"
    )]
    CrossesRateChange { next: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_weekly: Decimal,
    pub round_hourly: Rounding,
    pub round_week: Rounding,
    pub valid_to: Option<NaiveDate>,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        Ok(Self {
            max_weekly: p("max_weekly")?,
            round_hourly: v.rounding("hourly").ok_or("rounding `hourly`")?,
            round_week: v.rounding("week").ok_or("rounding `week`")?,
            valid_to: v.valid_to,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRefund {
    pub label: String,
    pub hours: Decimal,
    pub refund: Decimal,
    pub full: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub weeks: Vec<WeekRefund>,
    pub refund: Decimal,
    pub hours: Decimal,
    pub hourly_rate: Decimal,
    pub max_hourly: Decimal,
    /// The employee's own pay is below the maximum.
    pub wage_bound: bool,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("refund", Value::Amount(self.refund)),
            ("weeks", Value::Number(Decimal::from(self.weeks.len()))),
            ("hours", Value::Number(self.hours)),
            ("hourly_rate", Value::Amount(self.hourly_rate)),
            ("max_hourly", Value::Amount(self.max_hourly)),
            (
                "rate_basis",
                Value::Text(if self.wage_bound { "wage" } else { "maximum" }.into()),
            ),
            (
                "full_weeks",
                Value::Number(Decimal::from(self.weeks.iter().filter(|w| w.full).count())),
            ),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![("total", "refund", self.refund)]
    }
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    if let (Some(to), Some(last)) = (p.valid_to, input.sick_hours.last_monday())
        && last > to
    {
        return Err(Refusal::CrossesRateChange {
            next: to.succ_opt().unwrap_or(to),
        });
    }
    let full_week = input.normal_weekly_hours;
    let max_hourly = p.round_hourly.apply(p.max_weekly / full_week);
    let wage_bound = input.hourly_wage.is_some_and(|w| w < max_hourly);
    let hourly_rate = match input.hourly_wage {
        Some(w) if w < max_hourly => w,
        _ => max_hourly,
    };
    let mut out = Output {
        weeks: Vec::with_capacity(input.sick_hours.weeks.len()),
        refund: Decimal::ZERO,
        hours: Decimal::ZERO,
        hourly_rate,
        max_hourly,
        wage_bound,
    };
    for w in &input.sick_hours.weeks {
        let hours = w.hours.min(full_week);
        let full = hours == full_week;
        // A full week at the maximum is the statutory weekly amount, not 37 × the hourly rate.
        let refund = if full && !wage_bound {
            p.max_weekly
        } else {
            p.round_week.apply(hours * hourly_rate)
        };
        out.hours += hours;
        out.refund += refund;
        out.weeks.push(WeekRefund {
            label: w.label(),
            hours,
            refund,
            full,
        });
    }
    Ok(out)
}

fn kr(d: Decimal) -> String {
    format!("{} kr.", num::danish(d, 2))
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    let max = format!(
        "the maximum is {} ÷ {} hours = {}",
        kr(p.max_weekly),
        num::plain(input.normal_weekly_hours).replace('.', ","),
        kr(o.max_hourly)
    );
    trace
        .step("rate", "Hourly rate", Value::Amount(o.hourly_rate))
        .da("Timesats")
        .formula(format!("{max}; {}", match input.hourly_wage {
            Some(w) if o.wage_bound => format!(
                "the employee's pay {} is below the maximum {}",
                kr(w),
                kr(o.max_hourly)
            ),
            Some(w) => format!(
                "the employee's pay {} is above the maximum: {}",
                kr(w),
                kr(o.max_hourly)
            ),
            None => format!(
                "no hourly_wage given: the maximum {} is assumed (the refund cannot exceed the employee's own sygedagpenge)",
                kr(o.max_hourly)
            ),
        }))
        .input("max_weekly", Value::Amount(p.max_weekly))
        .input("normal_weekly_hours", Value::Number(input.normal_weekly_hours));
    for w in &o.weeks {
        trace
            .step("week", format!("Week {}", w.label), Value::Amount(w.refund))
            .da(format!("Uge {}", w.label))
            .formula(if w.full && !o.wage_bound {
                format!(
                    "a full week ({} hours): the weekly maximum {}",
                    num::plain(w.hours).replace('.', ","),
                    kr(p.max_weekly)
                )
            } else {
                format!(
                    "{} hours × {} = {}",
                    num::plain(w.hours).replace('.', ","),
                    kr(o.hourly_rate),
                    kr(w.refund)
                )
            })
            .input(
                "normal_weekly_hours",
                Value::Number(input.normal_weekly_hours),
            );
    }
    trace
        .step("total", "Refund", Value::Amount(o.refund))
        .da("Refusion i alt")
        .formula(format!(
            "{} week(s), {} hours",
            o.weeks.len(),
            num::plain(o.hours).replace('.', ",")
        ));
}

crate::model::scheme::legacy_scheme!(SygedagpengeRefund, self, fallible, |i| i
    .sick_hours
    .weeks
    .first()
    .map(|w| w.monday));
