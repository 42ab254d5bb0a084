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

use crate::model::{Calc, Fields, Fraction, Param, ParamReader, Recorder, Refusal, Scheme, X, XOf};
use crate::rules::spec::{InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, param};
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Value};

/// The scheme (see the module documentation).
pub struct FleksjobRefusion;

/// The most days a pay period of one month has.
const DAYS_IN_A_PERIOD: u32 = 31;

const AMOUNT: InputKind = InputKind::Amount {
    max: bounds::KR_PER_MONTH,
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
    Hourly { hours_paid: Decimal },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Employer {
    Private,
    Public,
    State,
}

/// Sick days in the period, for which the employer also receives a sickness refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sickness {
    pub sick_days: u32,
    /// The working days of the period: at least `sick_days`, so never zero.
    pub working_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub hire_date: NaiveDate,
    pub share: Share,
    pub pay_basis: PayBasis,
    pub employer: Employer,
    /// The wage actually paid in the period (incl. pension, without overtime).
    pub wage_paid: Decimal,
    /// Sygedagpenge or barselsdagpenge refund the employer receives for days in the period.
    pub sickness_refund: Decimal,
    /// Sick days, when there are any.
    pub sickness: Option<Sickness>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub old_scheme_before: Param<NaiveDate>,
    pub max_annual: Param<Decimal>,
    pub max_hourly: Param<Decimal>,
    pub half: Param<Fraction>,
    pub two_thirds: Param<Fraction>,
    pub state_share: Param<Fraction>,
    pub state_full_before: Param<NaiveDate>,
    pub state_full_share: Param<Fraction>,
    pub round_refund: Param<Rounding>,
}

/// The period's amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub cap: Decimal,
    pub wage_basis: Decimal,
    pub refund_before_sickness: Decimal,
    /// The refund for the sick days (before it is set against the sickness refund).
    pub sick_part: Decimal,
    pub sickness_reduction: Decimal,
    pub refund: Decimal,
    pub state_refund: Decimal,
    pub employer_cost: Decimal,
}

impl Scheme for FleksjobRefusion {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "fleksjob_refusion",
        family: "fleksjob",
        selected_by: None,
        inputs: &[
            InputSpec::required("hire_date", InputKind::Date),
            InputSpec::required("share", InputKind::Choice(&["1/2", "2/3"])),
            InputSpec::default(
                "pay_basis",
                InputKind::Choice(&["monthly", "hourly"]),
                "monthly",
            ),
            InputSpec::default(
                "employer",
                InputKind::Choice(&["private", "public", "state"]),
                "private",
            ),
            InputSpec::required("wage_paid", AMOUNT),
            InputSpec::optional(
                "hours_paid",
                InputKind::Hours {
                    max: bounds::HOURS_PER_MONTH,
                },
            ),
            InputSpec::default("sickness_refund", AMOUNT, "0"),
            InputSpec::default(
                "sick_days",
                InputKind::Count {
                    max: DAYS_IN_A_PERIOD,
                },
                "0",
            ),
            InputSpec::optional(
                "working_days",
                InputKind::Count {
                    max: DAYS_IN_A_PERIOD,
                },
            ),
        ],
        results: &[
            OutputSpec::intermediate("cap"),
            OutputSpec::intermediate("wage_basis"),
            OutputSpec::intermediate("refund_before_sickness"),
            OutputSpec::intermediate("sickness_reduction"),
            OutputSpec::outcome("refund"),
            OutputSpec::outcome("state_refund"),
            OutputSpec::outcome("employer_cost"),
        ],
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

    /// An hourly pay basis needs the hours paid; a sickness refund needs the sick days it is
    /// for, and sick days need the period's working days and cannot be more of them.
    fn read(f: &mut Fields) -> Option<Input> {
        let pay_basis = match f.choice("pay_basis") {
            Some("hourly") => match f.hours("hours_paid") {
                Some(hours_paid) => Some(PayBasis::Hourly { hours_paid }),
                None => {
                    if !f.given("hours_paid") {
                        f.refuse("hours_paid", "input_error.hours_needed");
                    }
                    None
                }
            },
            _ => Some(PayBasis::Monthly),
        };
        let sick_days = f.count("sick_days").unwrap_or_default();
        let sickness_refund = f.amount_of("sickness_refund").unwrap_or_default();
        let sickness = match (sick_days, f.count("working_days")) {
            // A sickness refund is paid for days: without them the reduction cannot be found.
            (0, _) if !sickness_refund.is_zero() => {
                f.refuse("sick_days", "input_error.sick_days_needed");
                return None;
            }
            (0, _) => None,
            (_, None) => {
                if !f.given("working_days") {
                    f.refuse("working_days", "input_error.working_days_needed");
                }
                return None;
            }
            (sick_days, Some(working_days)) if sick_days > working_days => {
                f.refuse("sick_days", "input_error.more_sick_days_than_working_days")
                    .put("sick_days", Value::days(sick_days))
                    .put("working_days", Value::days(working_days));
                return None;
            }
            (sick_days, Some(working_days)) => Some(Sickness {
                sick_days,
                working_days,
            }),
        };
        Some(Input {
            hire_date: f.date("hire_date")?,
            share: match f.choice("share")? {
                "1/2" => Share::Half,
                _ => Share::TwoThirds,
            },
            pay_basis: pay_basis?,
            employer: match f.choice("employer") {
                Some("state") => Employer::State,
                Some("public") => Employer::Public,
                _ => Employer::Private,
            },
            wage_paid: f.amount_of("wage_paid")?,
            sickness_refund,
            sickness,
        })
    }

    fn params(r: &ParamReader) -> Result<Params, String> {
        Ok(Params {
            old_scheme_before: r.date("old_scheme_before")?,
            max_annual: r.decimal("max_annual_wage_basis")?,
            max_hourly: r.decimal("max_hourly_wage_basis")?,
            half: r.fraction("share_half")?,
            two_thirds: r.fraction("share_two_thirds")?,
            state_share: r.fraction("state_share")?,
            state_full_before: r.date("state_full_before")?,
            state_full_share: r.fraction("state_full_share")?,
            round_refund: r.rounding("refund")?,
        })
    }

    /// One pay period's refund (old LAB § 71, from 2020 § 133).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        // Only flex-jobs started before 2013 stay on the old scheme.
        let end = c.get(&p.old_scheme_before);
        if i.hire_date >= end {
            return Err(Refusal::new(c.scheme, "refusal.new_scheme")
                .with("hire", Value::Date(i.hire_date))
                .with("end", Value::Date(end)));
        }
        c.step("old_scheme", "old_scheme", |s| {
            s.value(Value::word("common", "yes"))
                .said("text.old_scheme")
                .input("hire_date", Value::Date(i.hire_date))
                .input("old_scheme_before", Value::Date(end));
        });

        // § 71, stk. 3: the wage counts up to the maximum wage basis, per year or per hour.
        let cap = match i.pay_basis {
            PayBasis::Monthly => {
                let x = c.param(&p.max_annual) / X::lit(12);
                c.amount("cap", "cap_monthly", x.rounded(&p.round_refund))?
            }
            PayBasis::Hourly { hours_paid } => {
                let x = c.param(&p.max_hourly) * c.hours("hours_paid", hours_paid);
                c.amount("cap", "cap_hourly", x.rounded(&p.round_refund))?
            }
        };
        let wage_paid = |c: &Calc<R>| c.kr("wage_paid", i.wage_paid).labelled();
        let wage_basis = c.amount("cap", "wage_basis", wage_paid(c).min(cap.clone()))?;
        let month = c.month;
        c.with(|s| {
            s.arg("month", Value::Month(month));
        });

        // § 71, stk. 2: ½ or ⅔ of it.
        let share = match i.share {
            Share::Half => &p.half,
            Share::TwoThirds => &p.two_thirds,
        };
        let x = c.fraction(share) * wage_basis.clone();
        let before_sickness = c.amount(
            "refund",
            "refund_before_sickness",
            x.rounded(&p.round_refund),
        )?;
        c.with(|s| {
            s.arg("share", share.value().shown());
        });

        // Bek. 183/2017 § 2: for the sick days the flex-job refund is reduced by the sickness
        // refund the employer receives for them, at most to zero.
        let (sick_part, reduction) = match i.sickness {
            Some(Sickness {
                sick_days,
                working_days,
            }) => {
                let x = before_sickness.clone()
                    * c.measure("sick_days", sick_days.into(), Measure::Days)
                    / c.measure("working_days", working_days.into(), Measure::Days);
                let sick_part = c.amount("sickness", "sick_part", x.rounded(&p.round_refund))?;
                let refund = c.kr("sickness_refund", i.sickness_refund).labelled();
                let reduction = c.amount(
                    "sickness",
                    "sickness_reduction",
                    sick_part.clone().min(refund),
                )?;
                (sick_part, reduction)
            }
            None => (
                c.kr("sick_part", Decimal::ZERO),
                c.kr("sickness_reduction", Decimal::ZERO),
            ),
        };
        let refund = c.amount(
            "refund",
            "refund",
            before_sickness.clone() - reduction.clone(),
        )?;

        // What the employer still pays: the wage less both refunds.
        let less_refunds = |c: &Calc<R>| {
            let mut x = wage_paid(c) - refund.clone().labelled();
            if !i.sickness_refund.is_zero() {
                x = x - c.kr("sickness_refund", i.sickness_refund).labelled();
            }
            x
        };

        // A state employer gets the state's share of the remaining wage cost (all of it for a
        // flex-job started before the date).
        let state_refund = if i.employer == Employer::State {
            let before = c.get(&p.state_full_before);
            let full = i.hire_date < before;
            let share = if full {
                &p.state_full_share
            } else {
                &p.state_share
            };
            c.step("state", "state_share", |s| {
                s.value(share.value().shown())
                    .said(if full {
                        "text.state_full"
                    } else {
                        "text.state_part"
                    })
                    .input("hire_date", Value::Date(i.hire_date))
                    .input("state_full_before", Value::Date(before));
            });
            let x = c.fraction(share) * less_refunds(c).at_least_zero();
            let state = c.amount("state", "state_refund", x.rounded(&p.round_refund))?;
            c.with(|s| {
                s.arg("share", share.value().shown());
            });
            Some(state)
        } else {
            None
        };

        let mut cost = less_refunds(c);
        if let Some(state) = &state_refund {
            cost = cost - state.clone().labelled();
        }
        let rule = if state_refund.is_some() {
            "state"
        } else {
            "refund"
        };
        let employer_cost = c.amount(rule, "employer_cost", cost)?;

        let kr = |x: &XOf<R>| x.value().unwrap_or_default();
        Ok(Output {
            cap: kr(&cap),
            wage_basis: kr(&wage_basis),
            refund_before_sickness: kr(&before_sickness),
            sick_part: kr(&sick_part),
            sickness_reduction: kr(&reduction),
            refund: kr(&refund),
            state_refund: state_refund.as_ref().map_or(Decimal::ZERO, kr),
            employer_cost: kr(&employer_cost),
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("cap", Value::Amount(o.cap)),
            ("wage_basis", Value::Amount(o.wage_basis)),
            (
                "refund_before_sickness",
                Value::Amount(o.refund_before_sickness),
            ),
            ("sickness_reduction", Value::Amount(o.sickness_reduction)),
            ("refund", Value::Amount(o.refund)),
            ("state_refund", Value::Amount(o.state_refund)),
            ("employer_cost", Value::Amount(o.employer_cost)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::{Case, Format, parse};
    use crate::rules::RuleFile;
    use crate::source::diag::SourceText;
    use crate::text::Lang;

    fn case(month: &str, input: &str) -> Result<Case, String> {
        let text = format!("scheme = \"fleksjob_refusion\"\nmonth = \"{month}\"\n[input]\n{input}");
        parse(&SourceText::new("test.toml", text), Format::Toml).map_err(|e| format!("{e:?}"))
    }

    const HIRED: &str = "hire_date = \"2009-03-01\"\nshare = \"2/3\"\nwage_paid = 45000\n";

    #[test]
    fn every_branch_is_explained_in_both_languages() {
        let e = Engine::bundled().expect("bundled rules load");
        for input in [
            HIRED.to_string(),
            format!("{HIRED}sick_days = 5\nworking_days = 21\nsickness_refund = 4000\n"),
            "hire_date = \"2011-05-01\"\nshare = \"1/2\"\npay_basis = \"hourly\"\nwage_paid = 36000\nhours_paid = 120\n".into(),
            format!("{HIRED}employer = \"state\"\n"),
            "hire_date = \"2001-11-01\"\nshare = \"1/2\"\nemployer = \"state\"\nwage_paid = 1000\nsick_days = 1\nworking_days = 1\nsickness_refund = 1000000\n".into(),
        ] {
            let o = e.calculate(case("2019-06", &input).unwrap()).unwrap();
            for lang in Lang::ALL {
                for step in &o.trace {
                    let w = crate::render::write_step(step, lang);
                    let text = format!("{} {}", w.label, w.formula);
                    assert!(!text.contains("missing text") && !text.contains("?}"), "{text}");
                }
            }
        }
    }

    #[test]
    fn inputs_that_need_each_other_are_refused_at_their_field() {
        for (input, field) in [
            ("pay_basis = \"hourly\"\n", "hours_paid"),
            ("sick_days = 2\n", "working_days"),
            ("sick_days = 22\nworking_days = 21\n", "sick_days"),
            ("sickness_refund = 3000\n", "sick_days"),
            ("sick_days = 32\nworking_days = 32\n", "sick_days"),
        ] {
            let err = case("2019-06", &format!("{HIRED}{input}")).unwrap_err();
            assert!(err.contains(&format!("input.{field}")), "{input}: {err}");
        }
    }

    #[test]
    fn a_derived_parameter_gets_its_note() {
        // The bundled refund rule sets publish every parameter; mark the 2019 maximum derived.
        let files: Vec<RuleFile> = crate::rules::bundled_files()
            .into_iter()
            .map(|mut f| {
                if f.name.ends_with("fleksjob_refusion/2019.toml") {
                    let text = String::from_utf8_lossy(&f.bytes)
                        .replacen("status = \"enacted\"", "status = \"derived\"", 1)
                        .replace(
                            "value = 527091\n",
                            "value = 527091\nstatus = \"derived\"\nderivation = \"test\"\n",
                        );
                    f.bytes = text.into_bytes().into();
                }
                f
            })
            .collect();
        let e = Engine::from_files(&files).expect("rules load");
        let o = e.calculate(case("2019-03", HIRED).unwrap()).unwrap();
        let notes: Vec<String> = o
            .notes
            .iter()
            .map(|n| crate::text::format::say(n, Lang::En))
            .collect();
        assert_eq!(
            notes,
            ["max_annual_wage_basis = 527091 is derived, not published: test"]
        );
        for p in [
            "old_scheme_before",
            "max_annual_wage_basis",
            "share_two_thirds",
        ] {
            assert!(o.used.contains(&p), "{p} not in {:?}", o.used);
        }
        assert!(!o.used.contains(&"state_share"), "{:?}", o.used);
    }
}
