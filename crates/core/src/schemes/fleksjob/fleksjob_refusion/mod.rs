//! **Lønrefusion for fleksjob before 2013**: the municipality's refund to the employer of a person
//! hired into a flex-job before 1 January 2013, who stays on the old scheme while in that job
//! (old LAB § 71; from 2020 LAB § 133).
//!
//! For one pay period:
//! 1. the wage that counts is the wage actually paid, at most the maximum wage basis (per year,
//!    ÷ 12 for a month; or per hour × hours paid);
//! 2. the refund is ½ or ⅔ of it, as the municipality decided from the work capacity;
//! 3. for days the employer also receives sygedagpenge or barselsdagpenge refund, the flex-job
//!    refund for those days is reduced by that refund (bek. nr. 183 af 23/2/2017 § 2);
//! 4. a state employer gets a share of the remaining wage cost from the state: half, or all of it
//!    for a flex-job started before 1 April 2002.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, param};
use crate::values::month::{Month, parse_date};
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "fleksjob_refusion",
    family: "fleksjob",
    selected_by: None,
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "refund",
    compile: crate::model::scheme::compile::<FleksjobRefusion>,
    parameters: &[
        param(
            "old_scheme_before",
            Unit::Date,
            "jobs started before this date stay on the old scheme",
        ),
        param(
            "max_annual_wage_basis",
            Unit::KrPerYear,
            "the most wage per year the refund is computed from",
        ),
        param(
            "max_hourly_wage_basis",
            Unit::KrPerHour,
            "the most wage per hour the refund is computed from",
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
    ],
    roundings: &[item("refund", "the refunds")],
    rules: &[
        item("old_scheme", "who is on the old scheme"),
        item("cap", "the maximum wage basis"),
        item("refund", "the refund share of the wage"),
        item("sickness", "the reduction for sygedagpenge refund"),
        item("state", "the state employer's extra share"),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    Half,
    TwoThirds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayBasis {
    /// A monthly wage: the cap is the yearly maximum ÷ 12.
    Monthly,
    /// An hourly wage: the cap is the hourly maximum × hours paid.
    Hourly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Employer {
    Private,
    Public,
    State,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire_date: NaiveDate,
    pub share: Share,
    pub pay_basis: PayBasis,
    pub employer: Employer,
    /// The wage actually paid in the period (incl. pension, without overtime).
    pub wage_paid: Decimal,
    pub hours_paid: Option<Decimal>,
    /// Sygedagpenge or barselsdagpenge refund the employer receives for days in the period.
    pub sickness_refund: Decimal,
    pub sick_days: Decimal,
    pub working_days: Option<Decimal>,
}

pub const INPUT_FIELDS: [&str; 9] = [
    "hire_date",
    "share",
    "pay_basis",
    "employer",
    "wage_paid",
    "hours_paid",
    "sickness_refund",
    "sick_days",
    "working_days",
];

pub const RESULT_FIELDS: [&str; 7] = [
    "cap",
    "wage_basis",
    "refund_before_sickness",
    "sickness_reduction",
    "refund",
    "state_refund",
    "employer_cost",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut errors: Vec<crate::model::fields::FieldError> = Vec::new();
    let mut amount = |field: &'static str, money: bool| -> Option<Decimal> {
        let t = get(field)?;
        match num::parse_decimal(t) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                errors.push((field, format!("{d} is negative")));
                None
            }
            Ok(d) if money && d.normalize().scale() > 2 => {
                errors.push((
                    field,
                    format!("{t} has more than two decimals; amounts are in kroner and øre"),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push((field, e));
                None
            }
        }
    };
    let wage_paid = amount("wage_paid", true);
    let hours_paid = amount("hours_paid", false);
    let sickness_refund = amount("sickness_refund", true).unwrap_or_default();
    let sick_days = amount("sick_days", false).unwrap_or_default();
    let working_days = amount("working_days", false);
    let hire_date = match get("hire_date") {
        Some(t) => parse_date(t).or_else(|| {
            errors.push((
                "hire_date",
                format!("`{t}` is not a date; write it as YYYY-MM-DD"),
            ));
            None
        }),
        None => {
            errors.push((
                "hire_date",
                "missing required field: the day the flex-job started".into(),
            ));
            None
        }
    };
    let share = match get("share") {
        Some("1/2") => Some(Share::Half),
        Some("2/3") => Some(Share::TwoThirds),
        Some(t) => {
            errors.push((
                "share",
                format!("`{t}` is not a refund share; the law allows 1/2 or 2/3"),
            ));
            None
        }
        None => {
            errors.push(("share", "missing required field: 1/2 or 2/3".into()));
            None
        }
    };
    let pay_basis = match get("pay_basis") {
        None | Some("monthly") => PayBasis::Monthly,
        Some("hourly") => PayBasis::Hourly,
        Some(t) => {
            errors.push((
                "pay_basis",
                format!("`{t}` is not a pay basis; use monthly or hourly"),
            ));
            PayBasis::Monthly
        }
    };
    let employer = match get("employer") {
        None | Some("private") => Employer::Private,
        Some("public") => Employer::Public,
        Some("state") => Employer::State,
        Some(t) => {
            errors.push((
                "employer",
                format!("`{t}` is not an employer type; use private, public or state"),
            ));
            Employer::Private
        }
    };
    if wage_paid.is_none() && get("wage_paid").is_none() {
        errors.push((
            "wage_paid",
            "missing required field: the wage actually paid in the period".into(),
        ));
    }
    if pay_basis == PayBasis::Hourly && hours_paid.is_none() && get("hours_paid").is_none() {
        errors.push((
            "hours_paid",
            "missing: an hourly pay basis needs the hours paid".into(),
        ));
    }
    if !sick_days.is_zero() {
        match working_days {
            None if get("working_days").is_none() => errors.push((
                "working_days",
                "missing: sick days need the working days of the period".into(),
            )),
            Some(w) if sick_days > w => errors.push((
                "sick_days",
                format!("{sick_days} sick days is more than the {w} working days"),
            )),
            _ => {}
        }
    }
    match (errors.is_empty(), hire_date, share, wage_paid) {
        (true, Some(hire_date), Some(share), Some(wage_paid)) => Ok(Input {
            hire_date,
            share,
            pay_basis,
            employer,
            wage_paid,
            hours_paid,
            sickness_refund,
            sick_days,
            working_days,
        }),
        _ => Err(errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "the flex-job started {hire}, on or after {end}: it is under the fleksløntilskud scheme (scheme = \"fleksloentilskud\"), not the old employer refund"
    )]
    NewScheme { hire: NaiveDate, end: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub old_scheme_before: NaiveDate,
    pub max_annual: Decimal,
    pub max_hourly: Decimal,
    pub half: Decimal,
    pub two_thirds: Decimal,
    pub state_share: Decimal,
    pub state_full_before: NaiveDate,
    pub state_full_share: Decimal,
    pub round_refund: Rounding,
    /// Display texts of the shares ("1/2", "2/3"), as the rule set writes them.
    pub texts: [String; 4],
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let t = |n: &str| {
            v.parameter(n)
                .map(|p| p.display.clone())
                .unwrap_or_default()
        };
        let date = |n: &str| {
            p(n).and_then(|d| Unit::value_date(d).ok_or_else(|| format!("a date in `{n}`")))
        };
        Ok(Self {
            old_scheme_before: date("old_scheme_before")?,
            max_annual: p("max_annual_wage_basis")?,
            max_hourly: p("max_hourly_wage_basis")?,
            half: p("share_half")?,
            two_thirds: p("share_two_thirds")?,
            state_share: p("state_share")?,
            state_full_before: date("state_full_before")?,
            state_full_share: p("state_full_share")?,
            round_refund: v.rounding("refund").ok_or("rounding `refund`")?,
            texts: [
                t("share_half"),
                t("share_two_thirds"),
                t("state_share"),
                t("state_full_share"),
            ],
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub cap: Decimal,
    pub wage_paid: Decimal,
    pub wage_basis: Decimal,
    pub share: Decimal,
    pub share_text: String,
    pub refund_before_sickness: Decimal,
    pub sick_part: Decimal,
    pub sickness_reduction: Decimal,
    pub refund: Decimal,
    pub state_share: Option<(Decimal, String)>,
    pub state_refund: Decimal,
    pub sickness_refund: Decimal,
    pub employer_cost: Decimal,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("cap", Value::Amount(self.cap)),
            ("wage_basis", Value::Amount(self.wage_basis)),
            (
                "refund_before_sickness",
                Value::Amount(self.refund_before_sickness),
            ),
            ("sickness_reduction", Value::Amount(self.sickness_reduction)),
            ("refund", Value::Amount(self.refund)),
            ("state_refund", Value::Amount(self.state_refund)),
            ("employer_cost", Value::Amount(self.employer_cost)),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("wage_paid", Value::Amount(self.wage_paid)),
            ("sickness_refund", Value::Amount(self.sickness_refund)),
        ]
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![
            ("cap", "maximum wage basis for the period", self.cap),
            ("cap", "wage the refund is computed from", self.wage_basis),
            (
                "refund",
                "refund before sickness",
                self.refund_before_sickness,
            ),
            (
                "sickness",
                "reduction for sygedagpenge refund",
                self.sickness_reduction,
            ),
            ("refund", "refund", self.refund),
            ("state", "state refund", self.state_refund),
            ("state", "employer's cost", self.employer_cost),
        ]
    }
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    if input.hire_date >= p.old_scheme_before {
        return Err(Refusal::NewScheme {
            hire: input.hire_date,
            end: p.old_scheme_before,
        });
    }
    let r = p.round_refund;
    let cap = match input.pay_basis {
        PayBasis::Monthly => r.apply(p.max_annual / Decimal::from(12)),
        PayBasis::Hourly => r.apply(p.max_hourly * input.hours_paid.unwrap_or_default()),
    };
    let wage_basis = input.wage_paid.min(cap);
    let (share, share_text) = match input.share {
        Share::Half => (p.half, p.texts[0].clone()),
        Share::TwoThirds => (p.two_thirds, p.texts[1].clone()),
    };
    let refund_before_sickness = r.apply(share * wage_basis);
    // The refund for the sick days, reduced by the sickness refund for them, not below zero.
    let sick_part = match input.working_days {
        Some(w) if !w.is_zero() && !input.sick_days.is_zero() => {
            r.apply(refund_before_sickness * input.sick_days / w)
        }
        _ => Decimal::ZERO,
    };
    let sickness_reduction = sick_part.min(input.sickness_refund);
    let refund = refund_before_sickness - sickness_reduction;
    let state_share = (input.employer == Employer::State).then(|| {
        if input.hire_date < p.state_full_before {
            (p.state_full_share, p.texts[3].clone())
        } else {
            (p.state_share, p.texts[2].clone())
        }
    });
    let remaining = (input.wage_paid - refund - input.sickness_refund).max(Decimal::ZERO);
    let state_refund = state_share
        .as_ref()
        .map_or(Decimal::ZERO, |(s, _)| r.apply(*s * remaining));
    Ok(Output {
        cap,
        wage_paid: input.wage_paid,
        wage_basis,
        share,
        share_text,
        refund_before_sickness,
        sick_part,
        sickness_reduction,
        refund,
        state_share,
        state_refund,
        sickness_refund: input.sickness_refund,
        employer_cost: input.wage_paid - refund - input.sickness_refund - state_refund,
    })
}

fn kr(d: Decimal) -> String {
    num::fixed(d, 2)
}

pub fn explain(input: &Input, month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "old_scheme",
            "On the old flex-job scheme",
            Value::Text("yes".into()),
        )
        .da("Omfattet af de gamle fleksjobregler")
        .formula(format!(
            "hired {} before {}",
            input.hire_date, p.old_scheme_before
        ));
    let (label, da, formula) = match input.pay_basis {
        PayBasis::Monthly => (
            "Maximum wage basis for the month",
            "Maksimalt lønbeløb for måneden",
            format!("{} ÷ 12 = {}", kr(p.max_annual), kr(o.cap)),
        ),
        PayBasis::Hourly => (
            "Maximum wage basis for the hours paid",
            "Maksimalt lønbeløb for de betalte timer",
            format!(
                "{} × {} h = {}",
                kr(p.max_hourly),
                num::plain(input.hours_paid.unwrap_or_default()),
                kr(o.cap)
            ),
        ),
    };
    trace
        .step("cap", label, Value::Amount(o.cap))
        .da(da)
        .formula(formula)
        .rounded("refund", p.round_refund);
    trace
        .step(
            "cap",
            format!("Wage the refund is computed from ({month})"),
            Value::Amount(o.wage_basis),
        )
        .da(format!("Løn, der beregnes refusion af ({month})"))
        .formula(format!(
            "min(wage paid {}, {}) = {}",
            kr(o.wage_paid),
            kr(o.cap),
            kr(o.wage_basis)
        ));
    trace
        .step(
            "refund",
            format!("Refund: {} of the wage", o.share_text),
            Value::Amount(o.refund_before_sickness),
        )
        .da(format!("Refusion: {} af lønnen", o.share_text))
        .formula(format!(
            "{} × {} = {}",
            o.share_text,
            kr(o.wage_basis),
            kr(o.refund_before_sickness)
        ))
        .rounded("refund", p.round_refund);
    if !input.sick_days.is_zero() {
        trace
            .step("sickness", "Reduction for the sygedagpenge refund", Value::Amount(o.sickness_reduction))
            .da("Nedsættelse for sygedagpengerefusion")
            .formula(format!(
                "refund for {} of {} working days = {}; reduced by the sickness refund {}, at most that: {}",
                num::plain(input.sick_days),
                num::plain(input.working_days.unwrap_or_default()),
                kr(o.sick_part),
                kr(o.sickness_refund),
                kr(o.sickness_reduction)
            ));
    }
    trace
        .step(
            "refund",
            "Refund from the municipality",
            Value::Amount(o.refund),
        )
        .da("Refusion fra kommunen")
        .formula(format!(
            "{} − {} = {}",
            kr(o.refund_before_sickness),
            kr(o.sickness_reduction),
            kr(o.refund)
        ));
    if let Some((_, text)) = &o.state_share {
        trace
            .step(
                "state",
                format!("State refund: {text} of the remaining wage cost"),
                Value::Amount(o.state_refund),
            )
            .da(format!(
                "Statslig refusion: {text} af den resterende lønudgift"
            ))
            .formula(format!(
                "{text} × ({} − {} − {}) = {}",
                kr(o.wage_paid),
                kr(o.refund),
                kr(o.sickness_refund),
                kr(o.state_refund)
            ))
            .rounded("refund", p.round_refund);
    }
    let rule = if o.state_share.is_some() {
        "state"
    } else {
        "refund"
    };
    trace
        .step(
            rule,
            "The employer's remaining wage cost",
            Value::Amount(o.employer_cost),
        )
        .da("Arbejdsgiverens resterende lønudgift")
        .formula(format!(
            "{} − {} − {} − {} = {}",
            kr(o.wage_paid),
            kr(o.refund),
            kr(o.sickness_refund),
            kr(o.state_refund),
            kr(o.employer_cost)
        ));
}

crate::model::scheme::legacy_scheme!(FleksjobRefusion, self, fallible, |i| Some(i.hire_date));
