//! **Jobpræmie**: a tax-free premium paid to a long-term unemployed person who takes ordinary
//! work, a share of the month's earned income up to a monthly cap, for a limited number of
//! months. Two schemes ran:
//!
//! - the 2012 trial (lov nr. 473 af 30/5/2012): 4 % of the month's income, at most 600 kr., for
//!   income months 1 June 2012 to 31 May 2014, to people on kontanthjælp on 29 February 2012
//!   who had received it for 329 of the 366 days before;
//! - the 2017 scheme (lov nr. 287 af 29/3/2017): 10 %, at most 2.500 kr., for at most 18
//!   months, for income months 1 April 2017 to 31 March 2019, to people on a benefit in week
//!   48 of 2016 who had received kontanthjælp-type benefits for 47 of 52 weeks or dagpenge-type
//!   benefits for 71 of 78 weeks.
//!
//! The case's month is the income month, which selects the version. Self-employed people
//! (a flat 600 kr. in 2012, on application) are not modelled.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::fields::Fields;
use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_param, param};
use crate::values::month::Month;
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "jobpraemie",
    family: "bonus",
    selected_by: None,
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "premium",
    compile: crate::model::scheme::compile::<Jobpraemie>,
    parameters: &[
        param(
            "rate",
            Unit::Percent,
            "the premium's share of the month's income",
        ),
        param(
            "monthly_cap",
            Unit::KrPerMonth,
            "the most paid for one month",
        ),
        param(
            "max_months",
            Unit::Months,
            "the most months a person is paid for",
        ),
        param(
            "reference_date",
            Unit::Date,
            "the day (or the first day of the week) the person must have received a qualifying benefit",
        ),
        optional_param(
            "kontanthjaelp_required_days",
            Unit::Days,
            "days on kontanthjælp-type benefits required in the window",
        ),
        optional_param(
            "kontanthjaelp_window_days",
            Unit::Days,
            "the window those days are counted in",
        ),
        optional_param(
            "kontanthjaelp_required_weeks",
            Unit::Weeks,
            "weeks on kontanthjælp-type benefits required in the window",
        ),
        optional_param(
            "kontanthjaelp_window_weeks",
            Unit::Weeks,
            "the window those weeks are counted in",
        ),
        optional_param(
            "dagpenge_required_weeks",
            Unit::Weeks,
            "weeks on dagpenge-type benefits required in the window",
        ),
        optional_param(
            "dagpenge_window_weeks",
            Unit::Weeks,
            "the window those weeks are counted in",
        ),
    ],
    roundings: &[item("premium", "the month's premium")],
    rules: &[
        item("target_group", "who is in the target group"),
        item("premium", "the month's premium: a share of income, capped"),
        item("months", "how many months are paid"),
    ],
};

/// Which benefits the person received before: the two groups have different seniority rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenefitGroup {
    Kontanthjaelp,
    Dagpenge,
}

impl BenefitGroup {
    pub fn name(self) -> &'static str {
        match self {
            BenefitGroup::Kontanthjaelp => "kontanthjaelp",
            BenefitGroup::Dagpenge => "dagpenge",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Income from ordinary work in the month (AM-bidrag-liable income).
    pub income: Decimal,
    pub benefit_group: BenefitGroup,
    /// Received a qualifying benefit on the scheme's reference date (or in its week).
    pub on_benefit_at_reference: bool,
    /// Days (2012) or weeks (2017) on benefit in the scheme's window.
    pub benefit_days: Option<u32>,
    pub benefit_weeks: Option<u32>,
    /// Months a premium was paid for before this one.
    pub months_paid: u32,
}

pub const INPUT_FIELDS: [&str; 6] = [
    "income",
    "benefit_group",
    "on_benefit_at_reference",
    "benefit_days",
    "benefit_weeks",
    "months_paid",
];

pub const RESULT_FIELDS: [&str; 6] = [
    "eligible",
    "premium",
    "uncapped",
    "months_left",
    "reason",
    "seniority",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut f = Fields::new(get);
    let income = f.amount("income", "the month's income from ordinary work, in kroner");
    let group = f
        .choice(
            "benefit_group",
            &["kontanthjaelp", "dagpenge"],
            "the benefits received before: kontanthjaelp or dagpenge",
        )
        .map(|g| {
            if g == "dagpenge" {
                BenefitGroup::Dagpenge
            } else {
                BenefitGroup::Kontanthjaelp
            }
        });
    let reference = f.flag(
        "on_benefit_at_reference",
        "whether the person received a qualifying benefit on the scheme's reference date",
    );
    let benefit_days = f.opt_count("benefit_days", "days on benefit in the window");
    let benefit_weeks = f.opt_count("benefit_weeks", "weeks on benefit in the window");
    let months_paid = f.count(
        "months_paid",
        "the number of earlier months a premium was paid for (0 for the first)",
    );
    match (f.errors.is_empty(), income, group, reference, months_paid) {
        (
            true,
            Some(income),
            Some(benefit_group),
            Some(on_benefit_at_reference),
            Some(months_paid),
        ) => Ok(Input {
            income,
            benefit_group,
            on_benefit_at_reference,
            benefit_days,
            benefit_weeks,
            months_paid,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("version {version} counts the seniority in {unit}: give `benefit_{unit}`")]
    SeniorityMissing { version: String, unit: &'static str },
}

/// A seniority rule: so many days or weeks on benefit within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seniority {
    pub required: u32,
    pub window: u32,
    pub in_weeks: bool,
}

impl Seniority {
    fn unit(self) -> &'static str {
        if self.in_weeks { "weeks" } else { "days" }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub rate: Decimal,
    pub monthly_cap: Decimal,
    pub max_months: u32,
    pub reference_date: NaiveDate,
    pub kontanthjaelp: Option<Seniority>,
    pub dagpenge: Option<Seniority>,
    pub round_premium: Rounding,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let whole = |d: Decimal| u32::try_from(d.trunc().mantissa()).unwrap_or(0);
        let opt = |n: &str| v.parameter(n).map(|p| whole(p.value));
        let rule = |req: &str, win: &str, in_weeks: bool| match (opt(req), opt(win)) {
            (Some(required), Some(window)) => Ok(Some(Seniority {
                required,
                window,
                in_weeks,
            })),
            (None, None) => Ok(None),
            _ => Err(format!("both `{req}` and `{win}`, or neither")),
        };
        let kh_days = rule(
            "kontanthjaelp_required_days",
            "kontanthjaelp_window_days",
            false,
        )?;
        let kh_weeks = rule(
            "kontanthjaelp_required_weeks",
            "kontanthjaelp_window_weeks",
            true,
        )?;
        Ok(Self {
            rate: p("rate")? / Decimal::ONE_HUNDRED,
            monthly_cap: p("monthly_cap")?,
            max_months: whole(p("max_months")?),
            reference_date: Unit::value_date(p("reference_date")?)
                .ok_or("parameter `reference_date` as a date")?,
            kontanthjaelp: kh_days.or(kh_weeks),
            dagpenge: rule("dagpenge_required_weeks", "dagpenge_window_weeks", true)?,
            round_premium: v.rounding("premium").ok_or("rounding `premium`")?,
            version: v.version.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub eligible: bool,
    pub premium: Decimal,
    pub uncapped: Decimal,
    pub months_left: u32,
    pub reason: String,
    pub seniority: Option<Seniority>,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("eligible", Value::Bool(self.eligible)),
            ("premium", Value::Amount(self.premium)),
            ("uncapped", Value::Amount(self.uncapped)),
            (
                "months_left",
                Value::Number(Decimal::from(self.months_left)),
            ),
            ("reason", Value::Text(self.reason.clone())),
            (
                "seniority",
                self.seniority.map_or(Value::None, |s| {
                    Value::Text(format!("{} of {} {}", s.required, s.window, s.unit()))
                }),
            ),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![("premium", "premium", self.premium)]
    }
}

fn kr(d: Decimal) -> String {
    format!("{} kr.", num::danish(d, 2))
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    let uncapped = p.round_premium.apply(input.income * p.rate);
    let mut out = Output {
        eligible: false,
        premium: Decimal::ZERO,
        uncapped,
        months_left: p.max_months.saturating_sub(input.months_paid),
        reason: String::new(),
        seniority: None,
    };
    let rule = match input.benefit_group {
        BenefitGroup::Kontanthjaelp => p.kontanthjaelp,
        BenefitGroup::Dagpenge => p.dagpenge,
    };
    let Some(rule) = rule else {
        out.reason = format!(
            "the {} version has no target group for people on {}",
            p.version,
            input.benefit_group.name()
        );
        return Ok(out);
    };
    out.seniority = Some(rule);
    if !input.on_benefit_at_reference {
        out.reason = format!(
            "not on a qualifying benefit on the reference date {}",
            p.reference_date
        );
        return Ok(out);
    }
    let had = if rule.in_weeks {
        input.benefit_weeks
    } else {
        input.benefit_days
    };
    let Some(had) = had else {
        return Err(Refusal::SeniorityMissing {
            version: p.version.clone(),
            unit: rule.unit(),
        });
    };
    if had < rule.required {
        out.reason = format!(
            "{had} {unit} on benefit, fewer than the {} of {} {unit} required",
            rule.required,
            rule.window,
            unit = rule.unit()
        );
        return Ok(out);
    }
    if out.months_left == 0 {
        out.reason = format!(
            "the premium was already paid for {} months, the most there is",
            p.max_months
        );
        return Ok(out);
    }
    out.eligible = true;
    out.premium = uncapped.min(p.monthly_cap);
    out.months_left -= 1;
    out.reason = if uncapped > p.monthly_cap {
        format!("{} capped at {}", kr(uncapped), kr(p.monthly_cap))
    } else {
        format!(
            "{} of the month's income",
            num::plain(p.rate * Decimal::ONE_HUNDRED) + " %"
        )
    };
    Ok(out)
}

pub fn explain(input: &Input, month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    let rule_text = o.seniority.map_or("no target group".to_string(), |s| {
        format!("{} of {} {} on benefit", s.required, s.window, s.unit())
    });
    trace
        .step(
            "target_group",
            format!("Target group ({})", input.benefit_group.name()),
            Value::Bool(o.seniority.is_some() && input.on_benefit_at_reference),
        )
        .da("Målgruppe")
        .formula(format!(
            "on benefit on {}: {}; required: {rule_text}; had: {}",
            p.reference_date,
            if input.on_benefit_at_reference {
                "yes"
            } else {
                "no"
            },
            match (
                o.seniority.map(|s| s.in_weeks),
                input.benefit_days,
                input.benefit_weeks
            ) {
                (Some(true), _, Some(w)) => format!("{w} weeks"),
                (Some(false), Some(d), _) => format!("{d} days"),
                _ => "not given".to_string(),
            }
        ))
        .input("reference_date", Value::Text(p.reference_date.to_string()));
    trace
        .step(
            "months",
            "Months of premium left after this one",
            Value::Number(Decimal::from(o.months_left)),
        )
        .da("Måneder med præmie tilbage")
        .formula(format!(
            "at most {} months; paid before: {}",
            p.max_months, input.months_paid
        ))
        .input("max_months", Value::Number(Decimal::from(p.max_months)));
    trace
        .step(
            "premium",
            format!("Jobpræmie for {month}"),
            Value::Amount(o.premium),
        )
        .da(format!("Jobpræmie for {month}"))
        .formula(if o.eligible {
            format!(
                "min({} × {} = {}, {}) = {}",
                kr(input.income),
                num::plain(p.rate * Decimal::ONE_HUNDRED) + " %",
                kr(o.uncapped),
                kr(p.monthly_cap),
                kr(o.premium)
            )
        } else {
            format!("no premium: {}", o.reason)
        })
        .input("income", Value::Amount(input.income))
        .input("rate", Value::Number(p.rate * Decimal::ONE_HUNDRED))
        .input("monthly_cap", Value::Amount(p.monthly_cap));
}

crate::model::scheme::legacy_scheme!(Jobpraemie, self, fallible, |i| None);
