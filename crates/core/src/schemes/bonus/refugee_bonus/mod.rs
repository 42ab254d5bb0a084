//! **Bonus for hiring a refugee** (integrationsloven § 46): a private employer that hired a
//! refugee or family-reunified person in ordinary work between 1 July 2016 and 30 June 2019, at
//! most 2 years after the residence permit, gets two payments, after 6 and after 12 months of
//! employment of "over 19 timer om ugen". The amounts depend on how long after the permit the
//! person was hired: at most 1 year (20.000 + 20.000 kr.), more than 1 and at most 2 years
//! (15.000 + 15.000 kr.).
//!
//! The statute says "over 19 timer"; a later uim.dk page says "mindst 19 timer". The statute
//! governs, and the rule set carries the choice as data (`min_weekly_hours_inclusive = false`),
//! so exactly 19,00 hours on average does not qualify.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::installment::{self, Average, Installment, Status, values};
use crate::model::fields::{Fields, Sector};
use crate::model::trace::{Said, Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, param};
use crate::values::history::{History, add_months};
use crate::values::month::{Month, date_da};
use crate::values::num;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "refugee_bonus",
    family: "bonus",
    selected_by: Some("hire_date"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "amount",
    compile: crate::model::scheme::compile::<RefugeeBonus>,
    parameters: &[
        param(
            "amount_hired_within_first_year",
            Unit::Kr,
            "each of the two payments when hired at most `higher_amount_months` after the permit",
        ),
        param(
            "amount_hired_within_second_year",
            Unit::Kr,
            "each of the two payments when hired later, up to `permit_max_months` after the permit",
        ),
        param(
            "higher_amount_months",
            Unit::Months,
            "months after the permit within which a hire gets the higher amount",
        ),
        param(
            "permit_max_months",
            Unit::Months,
            "months after the permit within which the hire must happen",
        ),
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
            "the weekly hours the employment must average",
        ),
        param(
            "min_weekly_hours_inclusive",
            Unit::Flag,
            "whether exactly `min_weekly_hours` is enough (false: it must be more)",
        ),
        param(
            "public_employers",
            Unit::Flag,
            "whether public employers qualify",
        ),
    ],
    roundings: &[],
    rules: &[
        item("version", "which version applies: the hiring date"),
        item("employer", "which employers qualify"),
        item(
            "permit",
            "the hire's distance from the residence permit, and the amounts",
        ),
        item("hours", "ordinary employment of the required weekly hours"),
        item("payments", "the two payments and when they are due"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire_date: NaiveDate,
    pub sector: Sector,
    /// The day the residence permit as refugee or family-reunified person was granted.
    pub permit_date: NaiveDate,
    pub history: History,
    pub ended: Option<NaiveDate>,
}

pub const INPUT_FIELDS: [&str; 5] = [
    "hire_date",
    "sector",
    "permit_date",
    "weekly_hours",
    "ended",
];

pub const RESULT_FIELDS: [&str; 16] = [
    "status",
    "eligible",
    "amount",
    "tier",
    "first_payment",
    "first_payment_status",
    "first_payment_due",
    "first_payment_average_hours",
    "second_payment",
    "second_payment_status",
    "second_payment_due",
    "second_payment_average_hours",
    "first_breach",
    "still_to_hold",
    "first_breach_da",
    "still_to_hold_da",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut f = Fields::new(get);
    let hire_date = f.date("hire_date", "the day the ordinary employment started");
    let sector = f.sector();
    let permit_date = f.date(
        "permit_date",
        "the day the residence permit (refugee or family reunification) was granted",
    );
    let history = f.history("weekly_hours", hire_date);
    let ended = f.ended(hire_date);
    match (f.errors.is_empty(), hire_date, sector, permit_date, history) {
        (true, Some(hire_date), Some(sector), Some(permit_date), Some(history)) => Ok(Input {
            hire_date,
            sector,
            permit_date,
            history,
            ended,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub amount_first_year: Decimal,
    pub amount_second_year: Decimal,
    pub higher_amount_months: u32,
    pub permit_max_months: u32,
    pub first_payment_months: u32,
    pub second_payment_months: u32,
    pub average: Average,
    pub public_employers: bool,
    pub valid_from: NaiveDate,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let whole = |n: &str| v.whole(n);
        Ok(Self {
            amount_first_year: p("amount_hired_within_first_year")?,
            amount_second_year: p("amount_hired_within_second_year")?,
            higher_amount_months: whole("higher_amount_months")?,
            permit_max_months: whole("permit_max_months")?,
            first_payment_months: whole("first_payment_months")?,
            second_payment_months: whole("second_payment_months")?,
            average: Average {
                hours: p("min_weekly_hours")?,
                inclusive: !p("min_weekly_hours_inclusive")?.is_zero(),
            },
            public_employers: !p("public_employers")?.is_zero(),
            valid_from: v.valid_from,
            version: v.version.clone(),
        })
    }
}

/// How long after the permit the person was hired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    WithinFirstYear,
    WithinSecondYear,
    TooLate,
    BeforePermit,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::WithinFirstYear => "within_first_year",
            Tier::WithinSecondYear => "within_second_year",
            Tier::TooLate => "too_late",
            Tier::BeforePermit => "before_permit",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub status: Status,
    pub tier: Tier,
    /// The last day a hire gets the higher amount, and the last day it qualifies at all.
    pub higher_until: NaiveDate,
    pub hire_until: NaiveDate,
    pub first: Option<Installment>,
    pub second: Option<Installment>,
    pub first_breach: Option<Said>,
}

impl Output {
    /// Both payments as far as they are earned or still possible.
    pub fn amount(&self) -> Decimal {
        values::total(&[&self.first, &self.second])
    }

    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        use values::{amount, average as avg, due as date, status};
        let (breach, breach_da) = Said::values(self.first_breach.as_ref());
        let still = values::still_to_hold(&[&self.first, &self.second]);
        let (still, still_da) = Said::values(still.as_ref());
        vec![
            ("status", Value::Text(self.status.name().into())),
            ("eligible", Value::Bool(self.status == Status::Earned)),
            ("amount", Value::Amount(self.amount())),
            ("tier", Value::Text(self.tier.name().into())),
            ("first_payment", amount(&self.first)),
            ("first_payment_status", status(&self.first)),
            ("first_payment_due", date(&self.first)),
            ("first_payment_average_hours", avg(&self.first)),
            ("second_payment", amount(&self.second)),
            ("second_payment_status", status(&self.second)),
            ("second_payment_due", date(&self.second)),
            ("second_payment_average_hours", avg(&self.second)),
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

pub fn compute(input: &Input, _month: Month, p: &Params) -> Output {
    let higher_until = add_months(input.permit_date, p.higher_amount_months);
    let hire_until = add_months(input.permit_date, p.permit_max_months);
    let tier = if input.hire_date < input.permit_date {
        Tier::BeforePermit
    } else if input.hire_date <= higher_until {
        Tier::WithinFirstYear
    } else if input.hire_date <= hire_until {
        Tier::WithinSecondYear
    } else {
        Tier::TooLate
    };
    let mut out = Output {
        status: Status::NotEligible,
        tier,
        higher_until,
        hire_until,
        first: None,
        second: None,
        first_breach: None,
    };
    if input.sector == Sector::Public && !p.public_employers {
        out.first_breach = Some(Said::new(
            "public employers do not qualify",
            "offentlige arbejdsgivere kan ikke få bonus",
        ));
        return out;
    }
    let amount = match tier {
        Tier::WithinFirstYear => p.amount_first_year,
        Tier::WithinSecondYear => p.amount_second_year,
        Tier::BeforePermit => {
            let (hired, permit) = (input.hire_date, input.permit_date);
            out.first_breach = Some(Said::new(
                format!("hired {hired} before the residence permit of {permit}"),
                format!("ansat {hired} før opholdstilladelsen fra {permit}"),
            ));
            return out;
        }
        Tier::TooLate => {
            let (hired, months, permit) = (input.hire_date, p.permit_max_months, input.permit_date);
            out.first_breach = Some(Said::new(
                format!(
                    "hired {hired}, more than {months} months after the residence permit of {permit} (the last day was {hire_until})"
                ),
                format!(
                    "ansat {hired}, mere end {months} måneder efter opholdstilladelsen fra {permit} (sidste dag var {hire_until})"
                ),
            ));
            return out;
        }
    };
    let pay = |months| {
        installment::check(
            &input.history,
            input.hire_date,
            input.ended,
            months,
            amount,
            Some(p.average),
        )
    };
    let first = pay(p.first_payment_months);
    let second = pay(p.second_payment_months);
    out.status = overall(&[&first, &second]);
    out.first_breach = first.breach.clone().or_else(|| second.breach.clone());
    out.first = Some(first);
    out.second = Some(second);
    out
}

fn kr(d: Decimal) -> String {
    format!("{} kr.", num::danish(d, 0))
}

/// The trace steps of instalment payments, shared with the IGU bonus.
pub fn explain_installment(
    trace: &mut Tracer,
    rule: &'static str,
    (label, label_da): (&str, &str),
    i: &Installment,
) {
    let avg = i.average().map_or(String::new(), |a| {
        format!(", average {} h/week", installment::hours(a))
    });
    let avg_da = i.average().map_or(String::new(), |a| {
        format!(", gennemsnit {} t/uge", installment::hours(a))
    });
    trace
        .step(
            rule,
            format!("{label} after {} months", i.months),
            Value::Amount(i.possible_amount()),
        )
        .da(format!("{label_da} efter {} måneder", i.months))
        .formula(match i.status {
            Status::Earned => format!(
                "{} weeks to {} checked{avg}: earned, due {}",
                i.weeks_checked, i.period_end, i.due
            ),
            Status::InProgress => format!(
                "{} of {} weeks known{avg}; still to hold: {}",
                i.weeks_checked,
                i.weeks_in_period,
                i.still_to_hold.as_ref().map_or("", |s| s.en.as_str())
            ),
            Status::NotEligible | Status::PartlyEarned => format!(
                "not earned: {}",
                i.breach
                    .as_ref()
                    .map_or("a condition failed", |s| s.en.as_str())
            ),
        })
        .formula_da(match i.status {
            Status::Earned => format!(
                "{} uger til {} kontrolleret{avg_da}: optjent, forfalder {}",
                i.weeks_checked,
                date_da(i.period_end),
                date_da(i.due)
            ),
            Status::InProgress => format!(
                "{} af {} uger kendt{avg_da}; skal fortsat holde: {}",
                i.weeks_checked,
                i.weeks_in_period,
                i.still_to_hold.as_ref().map_or("", |s| s.da.as_str())
            ),
            Status::NotEligible | Status::PartlyEarned => format!(
                "ikke optjent: {}",
                i.breach
                    .as_ref()
                    .map_or("en betingelse er ikke opfyldt", |s| s.da.as_str())
            ),
        })
        .input("amount", Value::Amount(i.amount));
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "version",
            "Version in force on the hiring date",
            Value::Text(p.version.clone()),
        )
        .da("Version gældende på ansættelsesdatoen")
        .formula(format!("hired {}", input.hire_date))
        .formula_da(format!("ansat {}", date_da(input.hire_date)));
    trace
        .step(
            "employer",
            format!("Employer: {}", input.sector.name()),
            Value::Bool(input.sector == Sector::Private || p.public_employers),
        )
        .da(format!("Arbejdsgiver: {}", input.sector.name_da()))
        .formula("only private employers qualify")
        .formula_da("kun private arbejdsgivere kan få bonus")
        .input("public_employers", Value::Bool(p.public_employers));
    trace
        .step(
            "permit",
            "Hired how long after the residence permit",
            Value::Text(o.tier.name().into()),
        )
        .da("Ansat hvor længe efter opholdstilladelsen")
        .formula(format!(
            "permit {}, hired {}: at most {} months after (to {}) → {} per payment; \
             more than that, at most {} months after (to {}) → {} per payment",
            input.permit_date,
            input.hire_date,
            p.higher_amount_months,
            o.higher_until,
            kr(p.amount_first_year),
            p.permit_max_months,
            o.hire_until,
            kr(p.amount_second_year)
        ))
        .formula_da(format!(
            "opholdstilladelse {}, ansat {}: højst {} måneder efter (til {}) → {} pr. udbetaling; \
             ellers højst {} måneder efter (til {}) → {} pr. udbetaling",
            date_da(input.permit_date),
            date_da(input.hire_date),
            p.higher_amount_months,
            date_da(o.higher_until),
            kr(p.amount_first_year),
            p.permit_max_months,
            date_da(o.hire_until),
            kr(p.amount_second_year)
        ))
        .input(
            "higher_amount_months",
            Value::Number(p.higher_amount_months.into()),
        )
        .input(
            "permit_max_months",
            Value::Number(p.permit_max_months.into()),
        )
        .input(
            "amount_hired_within_first_year",
            Value::Amount(p.amount_first_year),
        )
        .input(
            "amount_hired_within_second_year",
            Value::Amount(p.amount_second_year),
        );
    trace
        .step(
            "hours",
            format!("Ordinary employment of {}", p.average.describe()),
            Value::Number(p.average.hours),
        )
        .da("Ordinær beskæftigelse, ugentlige timer i gennemsnit")
        .formula(if p.average.inclusive {
            "the average over the weeks of each period must be at least the limit"
        } else {
            "the average over the weeks of each period must be above the limit; exactly the limit is not enough"
        })
        .formula_da(if p.average.inclusive {
            "gennemsnittet over hver periodes uger skal være mindst grænsen"
        } else {
            "gennemsnittet over hver periodes uger skal være over grænsen; præcis grænsen er ikke nok"
        })
        .input("min_weekly_hours", Value::Number(p.average.hours))
        .input("min_weekly_hours_inclusive", Value::Bool(p.average.inclusive));
    for (label, i) in [
        (("First payment", "Første udbetaling"), &o.first),
        (("Second payment", "Anden udbetaling"), &o.second),
    ] {
        if let Some(i) = i {
            explain_installment(trace, "payments", label, i);
        }
    }
    trace
        .step("payments", "Bonus", Value::Amount(o.amount()))
        .da("Bonus")
        .formula(format!("status: {}", o.status.name()))
        .formula_da(format!("status: {}", o.status.name_da()));
}

crate::model::scheme::legacy_scheme!(RefugeeBonus, self, infallible, |i| Some(i.hire_date));
