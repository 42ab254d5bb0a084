//! **Fleksløntilskud**: the monthly wage supplement the municipality pays a person in a flex-job
//! (fleksjob) started on or after 1 January 2013, on top of the wage the employer pays for the
//! hours actually worked. LAB § 123 (lov nr. 548 af 7/5/2019; before 2020 the old LAB § 70 f)
//! and the bekendtgørelse om beregning af og fradrag i fleksløntilskud.
//!
//! For one month of wage (the tilskud computed from it is paid with the following month,
//! bek. § 4, stk. 1):
//!
//! 1. the tilskud is at most `max_subsidy` (98 % of the højeste dagpengebeløb, § 123, stk. 1);
//! 2. it is reduced by `low_rate` % of the lønindtægt (wage incl. both pension contributions,
//!    plus other wage income) up to `threshold`, and `high_rate` % of the part above (stk. 2);
//! 3. tilskud plus the employer's wage may not exceed the wage of a full-time job in the same
//!    position, the lønloft (stk. 3);
//! 4. the person's ATP contribution, `atp_rate` % of the tilskud and at most `atp_max`, is
//!    withheld from the payout (§ 137).
//!
//! In a month with sygedagpenge, barselsdagpenge or ressourceforløbsydelse in a
//! jobafklaringsforløb instead of pay, the benefit is deducted from the tilskud (in full: benefit
//! and tilskud make the maximum, § 124, stk. 3), together with the reduction for any wage of the
//! same month (the 2024 rules, lov nr. 1769/2023; bek. 1806/2023 § 9 for barsel). A version
//! without the rule for a benefit (before 2024) refuses a case with it.
//!
//! Every number comes from the rule set in force on the first day of the wage month.

use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme, X, XOf,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_item,
    optional_param, param,
};
use crate::values::rounding::Rounding;
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct Fleksloentilskud;

const MONTHLY: InputKind = InputKind::Amount {
    max: bounds::KR_PER_MONTH,
};

/// How the case states the wage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WageBasis {
    /// `wage` (and optionally `full_time_wage`) per month.
    Monthly,
    /// `hourly_wage` × `weekly_hours`; the lønloft from `hourly_wage` × full-time hours unless
    /// `full_time_wage` is given.
    Hourly {
        hourly_wage: Decimal,
        weekly_hours: Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub basis: WageBasis,
    /// Monthly wage incl. both pension contributions (lønindtægt from the flex-job).
    pub wage: Option<Decimal>,
    /// The lønloft: the monthly wage of the same job at full time. `None`: no cap.
    pub full_time_wage: Option<Decimal>,
    /// Other wage income in the month, which also reduces the tilskud (§ 123, stk. 2).
    pub other_income: Decimal,
    /// Overskud from selvstændig bibeskæftigelse (bek. § 1, nr. 3): lønindtægt too.
    pub self_employment_income: Decimal,
    /// Feriegodtgørelse, ferietillæg and similar holiday pay paid by the employer in the month:
    /// lønindtægt and part of the employer's pay (bek. § 5; Ankestyrelsen P 14-22).
    pub holiday_pay: Decimal,
    /// Barselsdagpenge for a month of leave without pay: deducted from the tilskud.
    pub barselsdagpenge: Decimal,
    /// Sygedagpenge in the month (no pay during sickness): deducted from the tilskud where the
    /// version has the rule (from 2024, LAB § 124, stk. 3 as simplified by lov nr. 1769/2023).
    pub sygedagpenge: Decimal,
    /// Ressourceforløbsydelse in a jobafklaringsforløb in the month: deducted likewise.
    pub ressourceforloebsydelse: Decimal,
}

impl Input {
    /// A monthly wage, an optional lønloft and no other income.
    pub fn monthly(wage: Decimal, full_time_wage: Option<Decimal>) -> Self {
        Self {
            basis: WageBasis::Monthly,
            wage: Some(wage),
            full_time_wage,
            other_income: Decimal::ZERO,
            self_employment_income: Decimal::ZERO,
            holiday_pay: Decimal::ZERO,
            barselsdagpenge: Decimal::ZERO,
            sygedagpenge: Decimal::ZERO,
            ressourceforloebsydelse: Decimal::ZERO,
        }
    }

    /// The benefits that replace pay in the month (sickness, barsel, jobafklaring), in the
    /// order they are deducted and explained.
    fn benefits(&self) -> [(Benefit, Decimal); 3] {
        [
            (Benefit::Barsel, self.barselsdagpenge),
            (Benefit::Sickness, self.sygedagpenge),
            (Benefit::Jobafklaring, self.ressourceforloebsydelse),
        ]
    }
}

/// A benefit paid instead of pay, which the tilskud tops up to the maximum (LAB § 124, stk. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Benefit {
    Barsel,
    Sickness,
    Jobafklaring,
}

impl Benefit {
    /// The input field, which is also the step's label key and the term in sums.
    fn field(self) -> &'static str {
        match self {
            Benefit::Barsel => "barselsdagpenge",
            Benefit::Sickness => "sygedagpenge",
            Benefit::Jobafklaring => "ressourceforloebsydelse",
        }
    }

    /// The rule (formula step) whose legal basis the rule set gives.
    fn rule(self) -> &'static str {
        match self {
            Benefit::Barsel => "barsel",
            Benefit::Sickness => "sickness",
            Benefit::Jobafklaring => "jobafklaring",
        }
    }

    /// The refusal where the version has no sourced rule for it.
    fn refusal(self) -> &'static str {
        match self {
            Benefit::Barsel => "refusal.barsel_not_modelled",
            Benefit::Sickness => "refusal.sickness",
            Benefit::Jobafklaring => "refusal.jobafklaring_not_modelled",
        }
    }
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_subsidy: Param<Decimal>,
    pub threshold: Param<Decimal>,
    pub low_rate: Param<Rate>,
    pub high_rate: Param<Rate>,
    pub atp_rate: Param<Rate>,
    pub atp_max: Param<Decimal>,
    pub full_time_weekly_hours: Param<Decimal>,
    pub weeks_per_year: Param<Decimal>,
    /// Present where a version has a sourced rule for barselsdagpenge.
    pub barsel_deduction_rate: Option<Param<Rate>>,
    /// Present where a version has a sourced rule for sygedagpenge.
    pub sickness_deduction_rate: Option<Param<Rate>>,
    /// Present where a version has a sourced rule for ressourceforløbsydelse (jobafklaring).
    pub jobafklaring_deduction_rate: Option<Param<Rate>>,
    pub round_monthly_wage: Param<Rounding>,
    pub round_reduction: Param<Rounding>,
    pub round_atp: Param<Rounding>,
    /// The version's name, for refusals.
    pub version: String,
}

impl Params {
    fn deduction_rate(&self, benefit: Benefit) -> Option<&Param<Rate>> {
        match benefit {
            Benefit::Barsel => self.barsel_deduction_rate.as_ref(),
            Benefit::Sickness => self.sickness_deduction_rate.as_ref(),
            Benefit::Jobafklaring => self.jobafklaring_deduction_rate.as_ref(),
        }
    }
}

/// The month's amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub wage: Decimal,
    pub full_time_wage: Option<Decimal>,
    pub other_income: Decimal,
    /// Lønindtægt: wage + holiday pay + other wage income + self-employment income.
    pub income: Decimal,
    pub max_subsidy: Decimal,
    pub reduction: Decimal,
    pub subsidy_before_cap: Decimal,
    pub subsidy: Decimal,
    pub cap_applied: bool,
    pub atp: Decimal,
    pub payout: Decimal,
    pub total_income: Decimal,
    /// Total monthly income less the ATP withheld: what reaches the person before tax.
    pub total_after_atp: Decimal,
}

impl Scheme for Fleksloentilskud {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "fleksloentilskud",
        family: "fleksjob",
        selected_by: None,
        inputs: &[
            InputSpec::optional("wage", MONTHLY),
            InputSpec::optional("full_time_wage", MONTHLY),
            InputSpec::default("other_income", MONTHLY, "0"),
            InputSpec::optional(
                "hourly_wage",
                InputKind::Amount {
                    max: bounds::KR_PER_HOUR,
                },
            ),
            InputSpec::optional(
                "weekly_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
            InputSpec::default("self_employment_income", MONTHLY, "0"),
            InputSpec::default("holiday_pay", MONTHLY, "0"),
            InputSpec::default("barselsdagpenge", MONTHLY, "0"),
            InputSpec::default("sygedagpenge", MONTHLY, "0"),
            InputSpec::default("ressourceforloebsydelse", MONTHLY, "0"),
        ],
        results: &[
            OutputSpec::intermediate("max_subsidy"),
            OutputSpec::intermediate("reduction"),
            OutputSpec::intermediate("subsidy_before_cap"),
            OutputSpec::outcome("subsidy"),
            OutputSpec::outcome("atp"),
            OutputSpec::outcome("payout"),
            OutputSpec::intermediate("total_income"),
            OutputSpec::intermediate("total_after_atp"),
            OutputSpec::outcome("cap_applied"),
        ],
        headline: "subsidy",
        parameters: &[
            param(
                "max_subsidy",
                Unit::KrPerMonth,
                "the maximum fleksløntilskud per month (98 % of the højeste dagpengebeløb)",
            ),
            param(
                "threshold",
                Unit::KrPerMonth,
                "the monthly lønindtægt up to which the low reduction rate applies",
            ),
            param(
                "low_rate",
                Unit::Percent,
                "the reduction rate on lønindtægt up to the threshold",
            ),
            param(
                "high_rate",
                Unit::Percent,
                "the reduction rate on lønindtægt above the threshold",
            ),
            param(
                "atp_rate",
                Unit::Percent,
                "the person's ATP contribution, as a percentage of the tilskud",
            ),
            param(
                "atp_max",
                Unit::KrPerMonth,
                "the most ATP withheld from the tilskud in a month",
            ),
            param(
                "full_time_weekly_hours",
                Unit::HoursPerWeek,
                "weekly hours of a full-time job, for a lønloft computed from an hourly wage",
            )
            .divisor(),
            optional_param(
                "barsel_deduction_rate",
                Unit::Percent,
                "the part of barselsdagpenge in a month without pay deducted from the tilskud (100 = in full)",
            ),
            optional_param(
                "sickness_deduction_rate",
                Unit::Percent,
                "the part of sygedagpenge deducted from the tilskud (100 = in full)",
            ),
            optional_param(
                "jobafklaring_deduction_rate",
                Unit::Percent,
                "the part of ressourceforløbsydelse in a jobafklaringsforløb deducted from the tilskud (100 = in full)",
            ),
            param(
                "weeks_per_year",
                Unit::WeeksPerYear,
                "weeks in a year, for converting a weekly wage to a monthly one (÷ 12)",
            )
            .divisor(),
        ],
        roundings: &[
            item(
                "monthly_wage",
                "a monthly wage computed from an hourly wage",
            ),
            item("reduction", "the reduction of the tilskud for lønindtægt"),
            item("atp", "the ATP contribution withheld"),
        ],
        rules: &[
            item(
                "monthly_wage",
                "monthly wage and full-time wage from an hourly wage",
            ),
            item("wage_income", "what counts as lønindtægt"),
            item("max_subsidy", "the maximum tilskud"),
            item("reduction", "the reduction for lønindtægt"),
            item("lonloft", "the full-time salary cap"),
            item("atp", "the ATP contribution withheld from the tilskud"),
            item("payout", "the amount paid out"),
            item("total_income", "the person's total monthly income"),
            optional_item(
                "barsel",
                "the deduction of barselsdagpenge from the tilskud",
            ),
            optional_item("sickness", "the deduction of sygedagpenge from the tilskud"),
            optional_item(
                "jobafklaring",
                "the deduction of ressourceforløbsydelse (jobafklaring) from the tilskud",
            ),
        ],
        compile: crate::model::scheme::compile::<Fleksloentilskud>,
    };

    /// A monthly `wage`, or `hourly_wage` × `weekly_hours`; not both.
    fn read(f: &mut Fields) -> Option<Input> {
        let (monthly, hourly, hours) = (
            f.given("wage"),
            f.given("hourly_wage"),
            f.given("weekly_hours"),
        );
        let basis = match (monthly, hourly, hours) {
            (true, false, false) => Some(WageBasis::Monthly),
            (true, ..) => {
                let field = if hourly {
                    "hourly_wage"
                } else {
                    "weekly_hours"
                };
                f.refuse(field, "input_error.wage_and_hourly");
                None
            }
            (false, false, false) => {
                f.refuse("wage", "input_error.no_wage");
                None
            }
            (false, false, true) => {
                f.refuse("hourly_wage", "input_error.hours_need_wage");
                None
            }
            (false, true, false) => {
                f.refuse("weekly_hours", "input_error.wage_needs_hours");
                None
            }
            (false, true, true) => f
                .amount_of("hourly_wage")
                .zip(f.hours("weekly_hours"))
                .filter(|&(hourly, hours)| {
                    f.bound_derived_wage("hourly_wage", hourly, hours, bounds::weeks_per_month())
                })
                .map(|(hourly_wage, weekly_hours)| WageBasis::Hourly {
                    hourly_wage,
                    weekly_hours,
                }),
        };
        let zero = |name| f.amount_of(name).unwrap_or_default();
        Some(Input {
            basis: basis?,
            wage: f.amount_of("wage"),
            full_time_wage: f.amount_of("full_time_wage"),
            other_income: zero("other_income"),
            self_employment_income: zero("self_employment_income"),
            holiday_pay: zero("holiday_pay"),
            barselsdagpenge: zero("barselsdagpenge"),
            sygedagpenge: zero("sygedagpenge"),
            ressourceforloebsydelse: zero("ressourceforloebsydelse"),
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            max_subsidy: r.decimal("max_subsidy")?,
            threshold: r.decimal("threshold")?,
            low_rate: r.rate("low_rate")?,
            high_rate: r.rate("high_rate")?,
            atp_rate: r.rate("atp_rate")?,
            atp_max: r.decimal("atp_max")?,
            full_time_weekly_hours: r.decimal("full_time_weekly_hours")?,
            weeks_per_year: r.decimal("weeks_per_year")?,
            barsel_deduction_rate: r.optional("barsel_deduction_rate", ParamReader::rate),
            sickness_deduction_rate: r.optional("sickness_deduction_rate", ParamReader::rate),
            jobafklaring_deduction_rate: r
                .optional("jobafklaring_deduction_rate", ParamReader::rate),
            round_monthly_wage: r.rounding("monthly_wage")?,
            round_reduction: r.rounding("reduction")?,
            round_atp: r.rounding("atp")?,
            version: r.version().to_string(),
        })
    }

    /// One month's fleksløntilskud (LAB § 123).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let month = Value::Month(c.month);
        // The wage and the lønloft: given per month, or from the hourly wage.
        let (wage, full_time_wage) = match &i.basis {
            WageBasis::Monthly => (
                c.kr("wage", i.wage.unwrap_or_default()),
                i.full_time_wage.map(|ft| c.kr("full_time_wage", ft)),
            ),
            WageBasis::Hourly {
                hourly_wage,
                weekly_hours,
            } => {
                let monthly = |c: &mut Calc<R>, key, hours: XOf<R>| {
                    let x = c.kr("hourly_wage", *hourly_wage) * hours * c.param(&p.weeks_per_year)
                        / X::lit(12);
                    c.amount("monthly_wage", key, x.rounded(&p.round_monthly_wage))
                };
                let hours = c.hours("weekly_hours", *weekly_hours);
                let wage = monthly(c, "monthly_wage", hours)?;
                c.fill("wage", || Value::Amount(wage.value().unwrap_or_default()));
                let full_time_wage = match i.full_time_wage {
                    Some(ft) => c.kr("full_time_wage", ft),
                    None => {
                        let hours = c.param(&p.full_time_weekly_hours);
                        let ft = monthly(c, "full_time_wage", hours)?;
                        c.fill("full_time_wage", || {
                            Value::Amount(ft.value().unwrap_or_default())
                        });
                        ft
                    }
                };
                (wage, Some(full_time_wage))
            }
        };
        let wage_kr = wage.value().unwrap_or_default();
        // In sums, the wage is named as such however it was found.
        let wage_in_sums = |c: &Calc<R>| c.kr("wage", wage_kr).labelled();
        // A benefit instead of pay needs the version's rule for it (from 2024).
        for (benefit, amount) in i.benefits() {
            if !amount.is_zero() && p.deduction_rate(benefit).is_none() {
                return Err(Refusal::new(c.scheme, benefit.refusal())
                    .with("month", month)
                    .with("version", Value::Text(p.version.clone())));
            }
        }
        let no_benefit = i.benefits().iter().all(|(_, amount)| amount.is_zero());
        if wage_kr.is_zero() && i.holiday_pay.is_zero() && no_benefit {
            return Err(Refusal::new(c.scheme, "refusal.no_wage").with("month", month));
        }

        // Stk. 2: lønindtægt is the employer's pay incl. pension (wage and holiday pay), other
        // wage income and income from self-employment.
        let mut income = wage_in_sums(c);
        if !i.holiday_pay.is_zero() {
            income = income + c.kr("holiday_pay", i.holiday_pay).labelled();
        }
        income = income + c.kr("other_income", i.other_income).labelled();
        if !i.self_employment_income.is_zero() {
            income = income
                + c.kr("self_employment_income", i.self_employment_income)
                    .labelled();
        }
        let income = c.amount("wage_income", "wage_income", income)?;
        c.with(|s| {
            s.arg("month", month.clone());
        });

        // Stk. 1: at most the maximum.
        let max = c.param(&p.max_subsidy);
        let max = c.amount("max_subsidy", "max_subsidy", max)?;
        let max_kr = max.value().unwrap_or_default();

        // Stk. 2: reduced by the low rate up to the threshold and the high rate above it.
        let (low, high, threshold) = (
            c.rate(&p.low_rate),
            c.rate(&p.high_rate),
            c.param(&p.threshold),
        );
        let reduction_low = c.amount(
            "reduction",
            "reduction_low",
            low * income.clone().min(threshold.clone()),
        )?;
        let reduction_high = c.amount(
            "reduction",
            "reduction_high",
            high * (income.clone() - threshold).at_least_zero(),
        )?;
        let reduction = c.amount(
            "reduction",
            "reduction",
            (reduction_low + reduction_high).rounded(&p.round_reduction),
        )?;

        // Benefits instead of pay are deducted, so that benefit and tilskud together make the
        // maximum (LAB § 124, stk. 3; bek. 1806/2023 § 9 for barsel; from 2024 the wage and the
        // benefit of one month are deducted together in the following month's tilskud).
        let mut before_cap = max - reduction.clone();
        for (benefit, amount) in i.benefits() {
            if amount.is_zero() {
                continue;
            }
            let Some(rate) = p.deduction_rate(benefit) else {
                continue;
            };
            let x = c.rate(rate) * c.kr(benefit.field(), amount);
            before_cap = before_cap - c.amount(benefit.rule(), benefit.rule(), x)?;
            // For barsel the bekendtgørelse says wage and benefit of one month are deducted
            // together (§ 9, stk. 2); for sickness and jobafklaring the same is applied.
            if benefit != Benefit::Barsel && !(wage_kr.is_zero() && i.holiday_pay.is_zero()) {
                let scheme = c.scheme;
                let field = benefit.field();
                c.note(|| {
                    Said::new(scheme, "note.benefit_with_wage")
                        .with("benefit", Value::word(scheme, field))
                });
            }
        }
        let before_cap = c.amount(
            "max_subsidy",
            "subsidy_before_cap",
            before_cap.at_least_zero(),
        )?;

        // Stk. 3: tilskud + the employer's pay ≤ the full-time wage in the same job.
        let mut employer_pay = wage.clone();
        if !i.holiday_pay.is_zero() {
            employer_pay = employer_pay + c.kr("holiday_pay", i.holiday_pay);
        }
        let (subsidy, cap_applied) = match full_time_wage.clone() {
            Some(ft) => {
                let room = c.amount(
                    "lonloft",
                    "room",
                    (ft - employer_pay.clone()).at_least_zero(),
                )?;
                let capped = room.value() < before_cap.value();
                let key = if capped {
                    "subsidy_capped"
                } else {
                    "subsidy_not_capped"
                };
                (
                    c.amount("lonloft", key, before_cap.clone().min(room))?,
                    capped,
                )
            }
            None => {
                c.step("lonloft", "lonloft_not_applied", |s| {
                    s.said("text.no_full_time_wage");
                });
                let scheme = c.scheme;
                c.note(|| Said::new(scheme, "note.no_full_time_wage"));
                (
                    c.amount("lonloft", "subsidy_no_lonloft", before_cap.clone())?,
                    false,
                )
            }
        };
        c.with(|s| {
            s.input("cap_applied", Value::Bool(cap_applied));
        });

        // § 137: the person's ATP is withheld from the payout.
        let atp = (c.rate(&p.atp_rate) * subsidy.clone()).min(c.param(&p.atp_max));
        let atp = c.amount("atp", "atp", atp.rounded(&p.round_atp))?;
        let payout = c.amount("payout", "payout", subsidy.clone() - atp.clone())?;

        let mut total = wage_in_sums(c);
        if !i.holiday_pay.is_zero() {
            total = total + c.kr("holiday_pay", i.holiday_pay).labelled();
        }
        total = total + c.kr("other_income", i.other_income).labelled();
        if !i.self_employment_income.is_zero() {
            total = total
                + c.kr("self_employment_income", i.self_employment_income)
                    .labelled();
        }
        for (benefit, amount) in i.benefits() {
            if !amount.is_zero() {
                total = total + c.kr(benefit.field(), amount).labelled();
            }
        }
        let total = c.amount(
            "total_income",
            "total_income",
            total + subsidy.clone().labelled(),
        )?;
        let after_atp = c.amount(
            "payout",
            "total_after_atp",
            total.clone() - atp.clone().labelled(),
        )?;

        let kr = |x: &XOf<R>| x.value().unwrap_or_default();
        Ok(Output {
            wage: wage_kr,
            full_time_wage: full_time_wage.as_ref().map(kr),
            other_income: i.other_income,
            income: kr(&income),
            max_subsidy: max_kr,
            reduction: kr(&reduction),
            subsidy_before_cap: kr(&before_cap),
            subsidy: kr(&subsidy),
            cap_applied,
            atp: kr(&atp),
            payout: kr(&payout),
            total_income: kr(&total),
            total_after_atp: kr(&after_atp),
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("max_subsidy", Value::Amount(o.max_subsidy)),
            ("reduction", Value::Amount(o.reduction)),
            ("subsidy_before_cap", Value::Amount(o.subsidy_before_cap)),
            ("subsidy", Value::Amount(o.subsidy)),
            ("atp", Value::Amount(o.atp)),
            ("payout", Value::Amount(o.payout)),
            ("total_income", Value::Amount(o.total_income)),
            ("total_after_atp", Value::Amount(o.total_after_atp)),
            ("cap_applied", Value::Bool(o.cap_applied)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::{Case, Format, parse};
    use crate::source::diag::SourceText;
    use crate::text::Lang;

    fn case(month: &str, input: &str) -> Case {
        let text = format!("scheme = \"fleksloentilskud\"\nmonth = \"{month}\"\n[input]\n{input}");
        parse(&SourceText::new("test.toml", text), Format::Toml).expect("case parses")
    }

    /// From 2024 a benefit instead of pay is topped up to the maximum; before, the case is
    /// refused naming the missing rule.
    #[test]
    fn benefits_instead_of_pay_from_2024_only() {
        let e = Engine::bundled().expect("bundled rules load");
        for (field, parameter) in [
            ("sygedagpenge", "sickness_deduction_rate"),
            ("ressourceforloebsydelse", "jobafklaring_deduction_rate"),
        ] {
            let input = format!("wage = 0\n{field} = 12000\n");
            let err = e.calculate(case("2023-11", &input)).unwrap_err();
            assert!(err.message.contains(parameter), "{}", err.message);
            let o = e.calculate(case("2024-11", &input)).expect("2024 computes");
            let total = o
                .result
                .fields()
                .into_iter()
                .find(|(n, _)| *n == "total_income")
                .and_then(|(_, v)| v.number());
            // 12.000 + tilskud = the 2024 maximum, 19.952.
            assert_eq!(total, Some(rust_decimal::Decimal::from(19952)));
            // No note on a month without pay; one on a month with pay too.
            assert!(o.notes.iter().all(|n| n.key != "note.benefit_with_wage"));
            let with_wage = format!("wage = 3000\n{field} = 9000\n");
            let o = e.calculate(case("2024-11", &with_wage)).expect("computes");
            let notes: Vec<String> = o
                .notes
                .iter()
                .map(|n| crate::text::format::say(n, Lang::Da))
                .collect();
            assert!(
                notes.iter().any(|n| n.contains("fradrages samlet")),
                "{notes:?}"
            );
        }
    }
}
