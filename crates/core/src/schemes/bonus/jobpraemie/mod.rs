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

use super::no_scheme::NoScheme;
use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme, X,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, optional_item, optional_param,
};
use crate::values::month::Month;
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

/// The scheme (see the module documentation).
pub struct Jobpraemie;

/// Which benefits the person received before: the two groups have different seniority rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenefitGroup {
    Kontanthjaelp,
    Dagpenge,
}

impl BenefitGroup {
    pub fn key(self) -> &'static str {
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

/// A seniority rule: so many days or weeks on benefit within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seniority {
    pub required: Param<u32>,
    pub window: Param<u32>,
    pub in_weeks: bool,
}

impl Seniority {
    /// `47 of 52 weeks`, as the result and the explanation name it.
    fn said(required: u32, window: u32, in_weeks: bool) -> Said {
        let key = if in_weeks {
            "text.seniority_weeks"
        } else {
            "text.seniority_days"
        };
        Said::new("jobpraemie", key)
            .with("required", Value::Number(Decimal::from(required)))
            .with("window", Value::Number(Decimal::from(window)))
    }
}

/// The parameters of one rule-set version, read once when the rule set is loaded: a scheme's
/// rules, or months in which no scheme ran (between the 2012 and 2017 schemes, after 2017's).
// One per rule-set version, built once at load and only borrowed: its size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    Scheme(Rules),
    NoScheme(NoScheme),
}

/// The rules of a version in which a scheme ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub rate: Param<Rate>,
    pub monthly_cap: Param<Decimal>,
    pub max_months: Param<u32>,
    /// The last day of the period the premium is paid for: no month is left after it.
    pub last_day: Param<NaiveDate>,
    pub reference_date: Param<NaiveDate>,
    pub kontanthjaelp: Option<Seniority>,
    pub dagpenge: Option<Seniority>,
    pub round_premium: Param<Rounding>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub eligible: bool,
    pub premium: Decimal,
    pub uncapped: Decimal,
    pub months_left: Decimal,
    pub reason: Said,
    /// The seniority rule of the person's group: required, window, in weeks.
    pub seniority: Option<(u32, u32, bool)>,
}

/// Reads a seniority rule: both of its parameters, or neither.
fn seniority(
    r: &ParamReader,
    required: &str,
    window: &str,
    in_weeks: bool,
) -> Result<Option<Seniority>, String> {
    match (
        r.optional(required, ParamReader::whole),
        r.optional(window, ParamReader::whole),
    ) {
        (Some(required), Some(window)) => Ok(Some(Seniority {
            required,
            window,
            in_weeks,
        })),
        (None, None) => Ok(None),
        _ => Err(format!("both `{required}` and `{window}`, or neither")),
    }
}

impl Scheme for Jobpraemie {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "jobpraemie",
        family: "bonus",
        selected_by: None,
        inputs: &[
            InputSpec::required(
                "income",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
            ),
            InputSpec::required(
                "benefit_group",
                InputKind::Choice(&["kontanthjaelp", "dagpenge"]),
            ),
            InputSpec::required("on_benefit_at_reference", InputKind::Flag),
            // Counted within a window of at most 366 days or 78 weeks (the law's windows).
            InputSpec::optional("benefit_days", InputKind::Count { max: 366 }),
            InputSpec::optional("benefit_weeks", InputKind::Count { max: 78 }),
            // A plausibility bound: the rule set's `max_months` (24, 18) decides what is left.
            InputSpec::required("months_paid", InputKind::Count { max: 1200 }),
        ],
        results: &[
            OutputSpec::outcome("eligible"),
            OutputSpec::outcome("premium"),
            OutputSpec::intermediate("uncapped"),
            OutputSpec::outcome("months_left"),
            OutputSpec::intermediate("reason"),
            OutputSpec::intermediate("seniority"),
        ],
        headline: "premium",
        parameters: &[
            optional_param(
                "no_scheme",
                Unit::Flag,
                "true: no scheme ran for income months in this version's period (the answer is no)",
            ),
            optional_param(
                "last_covered",
                Unit::Date,
                "the last day of income the scheme before this period covered",
            ),
            optional_param(
                "resumes_on",
                Unit::Date,
                "the first day of income the scheme after this period covers",
            ),
            optional_param(
                "rate",
                Unit::Percent,
                "the premium's share of the month's income",
            ),
            optional_param(
                "monthly_cap",
                Unit::KrPerMonth,
                "the most paid for one month",
            ),
            optional_param(
                "max_months",
                Unit::Months,
                "the most months a person is paid for",
            ),
            optional_param(
                "last_day",
                Unit::Date,
                "the last day of the period the premium is paid for (the act's end)",
            ),
            optional_param(
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
        roundings: &[optional_item("premium", "the month's premium")],
        rules: &[
            optional_item("version", "why no scheme ran (versions without a scheme)"),
            optional_item("target_group", "who is in the target group"),
            optional_item("premium", "the month's premium: a share of income, capped"),
            optional_item("months", "how many months are paid"),
        ],
        compile: crate::model::scheme::compile::<Jobpraemie>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let benefit_group = match f.choice("benefit_group")? {
            "dagpenge" => BenefitGroup::Dagpenge,
            _ => BenefitGroup::Kontanthjaelp,
        };
        Some(Input {
            income: f.amount_of("income")?,
            benefit_group,
            on_benefit_at_reference: f.flag("on_benefit_at_reference")?,
            benefit_days: f.count("benefit_days"),
            benefit_weeks: f.count("benefit_weeks"),
            months_paid: f.count("months_paid")?,
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        if let Some(none) = NoScheme::read(r)? {
            return Ok(Params::NoScheme(none));
        }
        let kh_days = seniority(
            r,
            "kontanthjaelp_required_days",
            "kontanthjaelp_window_days",
            false,
        )?;
        let kh_weeks = seniority(
            r,
            "kontanthjaelp_required_weeks",
            "kontanthjaelp_window_weeks",
            true,
        )?;
        Ok(Params::Scheme(Rules {
            rate: r.rate("rate")?,
            monthly_cap: r.decimal("monthly_cap")?,
            max_months: r.whole("max_months")?,
            last_day: r.date("last_day")?,
            reference_date: r.date("reference_date")?,
            kontanthjaelp: kh_days.or(kh_weeks),
            dagpenge: seniority(r, "dagpenge_required_weeks", "dagpenge_window_weeks", true)?,
            round_premium: r.rounding("premium")?,
            version: r.version().to_string(),
        }))
    }

    /// One income month's jobpræmie; in a month without a scheme, the answer no and why.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        match p {
            Params::Scheme(rules) => compute_scheme(i, rules, c),
            Params::NoScheme(none) => {
                let month = c.month;
                let reason = none.reason(c.scheme, c, Value::Month(month));
                none.record(c, &reason);
                c.with(|s| {
                    s.arg("month", Value::Month(month));
                });
                Ok(Output {
                    eligible: false,
                    premium: Decimal::ZERO,
                    uncapped: Decimal::ZERO,
                    months_left: Decimal::ZERO,
                    reason,
                    seniority: None,
                })
            }
        }
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("eligible", Value::Bool(o.eligible)),
            ("premium", Value::Amount(o.premium)),
            ("uncapped", Value::Amount(o.uncapped)),
            ("months_left", Value::months(o.months_left)),
            ("reason", Value::said(o.reason.clone())),
            (
                "seniority",
                o.seniority
                    .map_or(Value::None, |(required, window, weeks)| {
                        Value::said(Seniority::said(required, window, weeks))
                    }),
            ),
        ]
    }
}

/// One income month's jobpræmie under a version in which a scheme ran.
fn compute_scheme<R: Recorder>(i: &Input, p: &Rules, c: &mut Calc<R>) -> Result<Output, Refusal> {
    let (scheme, month) = (c.scheme, c.month);

    let group = i.benefit_group;
    let rule = match group {
        BenefitGroup::Kontanthjaelp => p.kontanthjaelp,
        BenefitGroup::Dagpenge => p.dagpenge,
    };
    let reference = c.get(&p.reference_date);

    // The target group: on a benefit on the reference date, with the seniority required.
    let mut reason: Option<Said> = None;
    let mut seniority = None;
    match rule {
        None => {
            let said = Said::new(scheme, "text.no_target_group")
                .with("version", Value::Text(p.version.clone()))
                .with("group", Value::word(scheme, group.key()));
            c.step("target_group", "target_group", |s| {
                s.value(Value::Bool(false))
                    .arg("group", Value::word(scheme, group.key()))
                    .text(said.clone());
            });
            reason = Some(said);
        }
        Some(rule) => {
            let (required, window) = (c.get(&rule.required), c.get(&rule.window));
            seniority = Some((required, window, rule.in_weeks));
            let (had, field) = if rule.in_weeks {
                (i.benefit_weeks, "benefit_weeks")
            } else {
                (i.benefit_days, "benefit_days")
            };
            let unit = if rule.in_weeks { "weeks" } else { "days" };
            if i.on_benefit_at_reference {
                let Some(had) = had else {
                    return Err(Refusal::new(scheme, "refusal.seniority_missing")
                        .with("version", Value::Text(p.version.clone()))
                        .with("unit", Value::word(scheme, unit))
                        .with("field", Value::Text(field.to_string()))
                        .field(field));
                };
                if had > window {
                    return Err(Refusal::new(scheme, "refusal.more_than_window")
                        .with("had", Value::Number(Decimal::from(had)))
                        .with("window", Value::Number(Decimal::from(window)))
                        .with("unit", Value::word(scheme, unit))
                        .field(field));
                }
            }
            let in_group = i.on_benefit_at_reference && had.is_some_and(|h| h >= required);
            c.step("target_group", "target_group", |s| {
                let had = match had {
                    Some(n) => Value::said(
                        Said::new(scheme, "text.count")
                            .with("n", Value::Number(Decimal::from(n)))
                            .with("unit", Value::word(scheme, unit)),
                    ),
                    None => Value::word(scheme, "not_given"),
                };
                s.value(Value::Bool(in_group))
                    .arg("group", Value::word(scheme, group.key()))
                    .said("text.target_group")
                    .input("reference_date", Value::Date(reference))
                    .input(
                        "on_benefit_at_reference",
                        Value::Bool(i.on_benefit_at_reference),
                    )
                    .arg(
                        "seniority",
                        Value::said(Seniority::said(required, window, rule.in_weeks)),
                    )
                    .arg("had", had);
            });
            if !i.on_benefit_at_reference {
                reason = Some(
                    Said::new(scheme, "text.not_on_benefit")
                        .with("reference_date", Value::Date(reference)),
                );
            } else if let Some(had) = had
                && had < required
            {
                reason = Some(
                    Said::new(scheme, "text.too_few")
                        .with("had", Value::Number(Decimal::from(had)))
                        .with("required", Value::Number(Decimal::from(required)))
                        .with("window", Value::Number(Decimal::from(window)))
                        .with("unit", Value::word(scheme, unit)),
                );
            }
        }
    }

    // The months: at most `max_months` are paid.
    let max_months = c.get(&p.max_months);
    if reason.is_none() && i.months_paid >= max_months {
        reason = Some(
            Said::new(scheme, "text.all_months_paid")
                .with("max_months", Value::Number(Decimal::from(max_months))),
        );
    }
    let eligible = reason.is_none();
    let left = c.whole(&p.max_months)
        - c.measure("months_paid", Decimal::from(i.months_paid), Measure::Months);
    let left = if eligible {
        left - X::lit(1)
    } else {
        left.at_least_zero()
    };
    // No month is left after the act's period ends (lov nr. 287/2017 § 1: "til og med den 31.
    // marts 2019"): in its last month the unused months of the 18 lapse.
    let last = Month::of(c.get(&p.last_day));
    let to_end = Decimal::from((last.index() - c.month.index()).max(0));
    let to_end = c
        .measure("months_to_end", to_end, Measure::Months)
        .labelled();
    let months_left = c.quantity("months", "months_left", left.min(to_end), Measure::Months)?;

    // The premium: a share of the month's income, rounded, at most the cap.
    let share = c.kr("income", i.income) * c.rate(&p.rate);
    let uncapped = c.amount("premium", "uncapped", share.rounded(&p.round_premium))?;
    let uncapped_kr = uncapped.value().unwrap_or_default();
    let premium = if eligible {
        let cap = c.param(&p.monthly_cap);
        let premium = c.amount("premium", "premium", uncapped.min(cap))?;
        c.with(|s| {
            s.arg("month", Value::Month(month));
        });
        premium.value().unwrap_or_default()
    } else {
        c.step("premium", "no_premium", |s| {
            s.value(Value::Amount(Decimal::ZERO))
                .arg("month", Value::Month(month))
                .said("text.no_premium")
                .arg("reason", reason.clone().map_or(Value::None, Value::said));
        });
        Decimal::ZERO
    };
    let reason = match reason {
        Some(r) => r,
        None => {
            let cap = c.get(&p.monthly_cap);
            if uncapped_kr > cap {
                Said::new(scheme, "text.capped")
                    .with("uncapped", Value::Amount(uncapped_kr))
                    .with("cap", Value::Amount(cap))
            } else {
                let rate = c.shown(&p.rate, |r| Value::Percent(r.percent));
                Said::new(scheme, "text.share").with("rate", rate)
            }
        }
    };
    Ok(Output {
        eligible,
        premium,
        uncapped: uncapped_kr,
        months_left: months_left.value().unwrap_or_default(),
        reason,
        seniority,
    })
}

#[cfg(test)]
mod tests {
    use crate::Engine;
    use crate::engine::Outcome;
    use crate::engine::case::{Format, parse};
    use crate::source::diag::SourceText;
    use crate::values::value::Value;

    fn engine() -> Engine {
        Engine::bundled().unwrap()
    }

    /// A 2017 case (the version counts weeks) with these input lines.
    fn case<'e>(e: &'e Engine, input: &str) -> Result<Outcome<'e>, String> {
        let text = format!("scheme = \"jobpraemie\"\nmonth = \"2017-09\"\n[input]\n{input}\n");
        let case = parse(&SourceText::new("case.toml", text), Format::Toml).unwrap();
        e.calculate(case).map_err(|d| d.to_string())
    }

    const GROUP: &str = "income = 25000\nbenefit_group = \"dagpenge\"\non_benefit_at_reference = true\nmonths_paid = 0";

    #[test]
    fn the_target_group_step_counts_the_seniority() {
        let e = engine();
        let short = case(&e, &format!("{GROUP}\nbenefit_weeks = 70")).unwrap();
        assert_eq!(short.trace[0].value, Value::Bool(false));
        let enough = case(&e, &format!("{GROUP}\nbenefit_weeks = 71")).unwrap();
        assert_eq!(enough.trace[0].value, Value::Bool(true));
        let fields = enough.result.fields();
        assert_eq!(fields[1], ("premium", Value::Amount(2500.into())));
    }

    #[test]
    fn more_weeks_than_the_window_has_is_refused() {
        let e = engine();
        assert!(case(&e, &format!("{GROUP}\nbenefit_weeks = 78")).is_ok());
        let kh = "income = 25000\nbenefit_group = \"kontanthjaelp\"\non_benefit_at_reference = true\nmonths_paid = 0\nbenefit_weeks = 53";
        let err = case(&e, kh).map(|_| ()).unwrap_err();
        assert!(
            err.contains("53 weeks on benefit is more than the window of 52 weeks holds"),
            "{err}"
        );
    }
}
