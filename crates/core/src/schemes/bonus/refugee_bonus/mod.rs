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

use super::hire::{self, FAMILY, Hire, SECTORS, hours};
use super::installment::{self, Average, Installment, Status, overall, values};
use super::no_scheme::NoScheme;
use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param,
};
use crate::values::history::add_months;
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct RefugeeBonus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire: Hire,
    /// The day the residence permit as refugee or family-reunified person was granted.
    pub permit_date: NaiveDate,
}

/// The parameters of one rule-set version, read once when the rule set is loaded: the
/// scheme's rules, or the time after it ended (hires from 1 July 2019).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    Scheme(Rules),
    NoScheme(NoScheme),
}

/// The rules of a version in which the scheme ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub amount_first_year: Param<Decimal>,
    pub amount_second_year: Param<Decimal>,
    pub higher_amount_months: Param<u32>,
    pub permit_max_months: Param<u32>,
    pub first_payment_months: Param<u32>,
    pub second_payment_months: Param<u32>,
    pub min_weekly_hours: Param<Decimal>,
    pub min_weekly_hours_inclusive: Param<bool>,
    pub public_employers: Param<bool>,
    pub version: String,
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
    pub fn key(self) -> &'static str {
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
    /// `None` where no scheme ran.
    pub tier: Option<Tier>,
    pub first: Option<Installment>,
    pub second: Option<Installment>,
    pub first_breach: Option<Said>,
}

impl Output {
    /// Both payments as far as they are earned or still possible.
    pub fn amount(&self) -> Decimal {
        values::total(&[&self.first, &self.second])
    }
}

impl Scheme for RefugeeBonus {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "refugee_bonus",
        family: "bonus",
        selected_by: Some("hire_date"),
        inputs: &[
            InputSpec::required("hire_date", InputKind::Date),
            InputSpec::required("sector", InputKind::Choice(SECTORS)),
            InputSpec::required("permit_date", InputKind::Date),
            InputSpec::required("weekly_hours", InputKind::Text),
            InputSpec::optional("ended", InputKind::Date),
        ],
        results: &[
            OutputSpec::outcome("status"),
            OutputSpec::outcome("eligible"),
            OutputSpec::outcome("amount"),
            OutputSpec::intermediate("tier"),
            OutputSpec::outcome("first_payment"),
            OutputSpec::outcome("first_payment_status"),
            OutputSpec::outcome("first_payment_due"),
            OutputSpec::intermediate("first_payment_average_hours"),
            OutputSpec::outcome("second_payment"),
            OutputSpec::outcome("second_payment_status"),
            OutputSpec::outcome("second_payment_due"),
            OutputSpec::intermediate("second_payment_average_hours"),
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
                "the last hiring date the scheme covered",
            ),
            optional_param(
                "amount_hired_within_first_year",
                Unit::Kr,
                "each of the two payments when hired at most `higher_amount_months` after the permit",
            ),
            optional_param(
                "amount_hired_within_second_year",
                Unit::Kr,
                "each of the two payments when hired later, up to `permit_max_months` after the permit",
            ),
            optional_param(
                "higher_amount_months",
                Unit::Months,
                "months after the permit within which a hire gets the higher amount",
            ),
            optional_param(
                "permit_max_months",
                Unit::Months,
                "months after the permit within which the hire must happen",
            ),
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
                "the weekly hours the employment must average",
            ),
            optional_param(
                "min_weekly_hours_inclusive",
                Unit::Flag,
                "whether exactly `min_weekly_hours` is enough (false: it must be more)",
            ),
            optional_param(
                "public_employers",
                Unit::Flag,
                "whether public employers qualify",
            ),
        ],
        roundings: &[],
        rules: &[
            item("version", "which version applies: the hiring date"),
            optional_item("employer", "which employers qualify"),
            optional_item(
                "permit",
                "the hire's distance from the residence permit, and the amounts",
            ),
            optional_item("hours", "ordinary employment of the required weekly hours"),
            optional_item("payments", "the two payments and when they are due"),
        ],
        compile: crate::model::scheme::compile::<RefugeeBonus>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let permit_date = f.date("permit_date");
        Some(Input {
            hire: hire::read(f)?,
            permit_date: permit_date?,
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
            amount_first_year: r.decimal("amount_hired_within_first_year")?,
            amount_second_year: r.decimal("amount_hired_within_second_year")?,
            higher_amount_months: r.whole("higher_amount_months")?,
            permit_max_months: r.whole("permit_max_months")?,
            first_payment_months: r.whole("first_payment_months")?,
            second_payment_months: r.whole("second_payment_months")?,
            min_weekly_hours: r.decimal("min_weekly_hours")?,
            min_weekly_hours_inclusive: r.flag("min_weekly_hours_inclusive")?,
            public_employers: r.flag("public_employers")?,
            version: r.version().to_string(),
        }))
    }

    /// The two payments for one hire (§ 46, stk. 1-3); for a hire after the scheme ended, the
    /// answer no and why.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        match p {
            Params::Scheme(rules) => compute_scheme(i, rules, c),
            Params::NoScheme(none) => {
                let reason = none.reason(c.scheme, c, Value::Date(i.hire.hire_date));
                none.record(c, &reason);
                c.step("version", "bonus", |s| {
                    s.value(Value::Amount(Decimal::ZERO))
                        .text(installment::conclusion(Status::NotEligible, Some(&reason)));
                });
                Ok(Output {
                    status: Status::NotEligible,
                    tier: None,
                    first: None,
                    second: None,
                    first_breach: Some(reason),
                })
            }
        }
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        use values::{amount, average as avg, due, status};
        let (breach, breach_da) = values::said(o.first_breach.as_ref());
        let still = values::still_to_hold(&[&o.first, &o.second]);
        let (still, still_da) = values::said(still.as_ref());
        vec![
            ("status", o.status.value()),
            ("eligible", Value::Bool(o.status == Status::Earned)),
            ("amount", Value::Amount(o.amount())),
            (
                "tier",
                o.tier
                    .map_or(Value::None, |t| Value::word("refugee_bonus", t.key())),
            ),
            ("first_payment", amount(&o.first)),
            ("first_payment_status", status(&o.first)),
            ("first_payment_due", due(&o.first)),
            ("first_payment_average_hours", avg(&o.first)),
            ("second_payment", amount(&o.second)),
            ("second_payment_status", status(&o.second)),
            ("second_payment_due", due(&o.second)),
            ("second_payment_average_hours", avg(&o.second)),
            ("first_breach", breach),
            ("still_to_hold", still),
            ("first_breach_da", breach_da),
            ("still_to_hold_da", still_da),
        ]
    }
}

/// The payments under a version in which the scheme ran.
fn compute_scheme<R: Recorder>(i: &Input, p: &Rules, c: &mut Calc<R>) -> Result<Output, Refusal> {
    let (h, scheme) = (&i.hire, c.scheme);

    c.step("version", "version", |s| {
        s.value(Value::Text(p.version.clone()))
            .said("text.version")
            .input("hire_date", Value::Date(h.hire_date));
    });

    // Stk. 1: private employers (uim.dk: a firm more than 50 % publicly funded is public).
    let public_ok = c.get(&p.public_employers);
    let allowed = super::employer_step(c, h.sector, public_ok);

    // Stk. 1-3: hired at most 2 years after the permit; within 1 year, the higher amount.
    let (higher_months, max_months) = (c.get(&p.higher_amount_months), c.get(&p.permit_max_months));
    let (amount_first, amount_second) = (c.get(&p.amount_first_year), c.get(&p.amount_second_year));
    let higher_until = add_months(i.permit_date, higher_months);
    let hire_until = add_months(i.permit_date, max_months);
    let tier = if h.hire_date < i.permit_date {
        Tier::BeforePermit
    } else if h.hire_date <= higher_until {
        Tier::WithinFirstYear
    } else if h.hire_date <= hire_until {
        Tier::WithinSecondYear
    } else {
        Tier::TooLate
    };
    c.step("permit", "permit", |s| {
        s.value(Value::word(scheme, tier.key()))
            .said("text.permit")
            .input("permit_date", Value::Date(i.permit_date))
            .input("hire_date", Value::Date(h.hire_date))
            .input("higher_amount_months", Value::months(higher_months))
            .input("permit_max_months", Value::months(max_months))
            .input(
                "amount_hired_within_first_year",
                Value::Amount(amount_first),
            )
            .input(
                "amount_hired_within_second_year",
                Value::Amount(amount_second),
            )
            .arg("higher_until", Value::Date(higher_until))
            .arg("hire_until", Value::Date(hire_until));
    });
    let mut out = Output {
        status: Status::NotEligible,
        tier: Some(tier),
        first: None,
        second: None,
        first_breach: None,
    };
    let amount = match tier {
        _ if !allowed => {
            out.first_breach = Some(Said::new(FAMILY, "text.public_employer"));
            None
        }
        Tier::WithinFirstYear => Some(amount_first),
        Tier::WithinSecondYear => Some(amount_second),
        Tier::BeforePermit => {
            out.first_breach = Some(
                Said::new(scheme, "text.before_permit")
                    .with("hired", Value::Date(h.hire_date))
                    .with("permit", Value::Date(i.permit_date)),
            );
            None
        }
        Tier::TooLate => {
            out.first_breach = Some(
                Said::new(scheme, "text.too_late")
                    .with("hired", Value::Date(h.hire_date))
                    .with("months", Value::Number(Decimal::from(max_months)))
                    .with("permit", Value::Date(i.permit_date))
                    .with("last_day", Value::Date(hire_until)),
            );
            None
        }
    };

    if let Some(amount) = amount {
        // Stk. 1: ordinary employment of over 19 hours a week, on average over each period.
        let average = Average {
            hours: c.get(&p.min_weekly_hours),
            inclusive: c.get(&p.min_weekly_hours_inclusive),
        };
        c.step("hours", "hours", |s| {
            let key = if average.inclusive {
                "text.average_inclusive"
            } else {
                "text.average_exclusive"
            };
            s.value(Value::hours(average.hours))
                .arg("requirement", Value::said(average.requirement()))
                .input("min_weekly_hours", hours(average.hours))
                .input("min_weekly_hours_inclusive", Value::Bool(average.inclusive))
                .text(Said::new(FAMILY, key));
        });
        let pay = |months| {
            installment::check(
                &h.history,
                h.hire_date,
                h.ended,
                months,
                amount,
                Some(average),
            )
        };
        let first = pay(c.get(&p.first_payment_months));
        let second = pay(c.get(&p.second_payment_months));
        installment::record(c, "first_payment", &first);
        installment::record(c, "second_payment", &second);
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
