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
//! Every number comes from the rule set in force on the first day of the wage month.

use rust_decimal::Decimal;

use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_item, optional_param, param};
use crate::values::month::Month;
use crate::values::num;
use crate::values::rounding::Rounding;

pub static SPEC: SchemeSpec = SchemeSpec {
    name: "fleksloentilskud",
    family: "fleksjob",
    title: "Fleksløntilskud (flex-job wage supplement, 2013 scheme)",
    month_means: "the wage month; the tilskud computed from it is paid with the following month",
    selected_by: None,
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
        ),
        optional_param(
            "barsel_deduction_rate",
            Unit::Percent,
            "the part of barselsdagpenge in a month without pay deducted from the tilskud (100 = in full)",
        ),
        param(
            "weeks_per_year",
            Unit::WeeksPerYear,
            "weeks in a year, for converting a weekly wage to a monthly one (÷ 12)",
        ),
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
    ],
};

/// The most hours there are in a week; more is a typing error, not a case.
const HOURS_IN_A_WEEK: u32 = 168;

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
    /// Sygedagpenge in the month: the calculation during sickness is not modelled, so a case
    /// with them is refused.
    pub sygedagpenge: Decimal,
}

pub const RESULT_FIELDS: [&str; 9] = [
    "max_subsidy",
    "reduction",
    "subsidy_before_cap",
    "subsidy",
    "atp",
    "payout",
    "total_income",
    "total_after_atp",
    "cap_applied",
];

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
        }
    }
}

/// The fields of a case's `[input]` (and the columns of a batch file).
pub const INPUT_FIELDS: [&str; 9] = [
    "wage",
    "full_time_wage",
    "other_income",
    "hourly_wage",
    "weekly_hours",
    "self_employment_income",
    "holiday_pay",
    "barselsdagpenge",
    "sygedagpenge",
];

/// A problem with one input field: the field and the reason.
pub type FieldError = (&'static str, String);

/// Builds the input from the fields' texts (`get` returns a field's text, `None` when absent),
/// checking everything a case file and a batch row must satisfy. Every problem is returned.
pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut read = |field: &'static str, money: bool| -> Option<Decimal> {
        let text = get(field)?;
        let value = match num::parse_decimal(text) {
            Ok(v) => v,
            Err(reason) => {
                errors.push((field, reason));
                return None;
            }
        };
        if value.is_sign_negative() && !value.is_zero() {
            errors.push((
                field,
                format!("{value} is negative; amounts and hours are ≥ 0"),
            ));
            return None;
        }
        if money && value.normalize().scale() > 2 {
            errors.push((
                field,
                format!("{text} has more than two decimals; amounts are in kroner and øre"),
            ));
            return None;
        }
        Some(value)
    };
    let wage = read("wage", true);
    let full_time_wage = read("full_time_wage", true);
    let other_income = read("other_income", true);
    let self_employment_income = read("self_employment_income", true);
    let holiday_pay = read("holiday_pay", true);
    let barselsdagpenge = read("barselsdagpenge", true);
    let sygedagpenge = read("sygedagpenge", true);
    let hourly_wage = read("hourly_wage", true);
    let weekly_hours = read("weekly_hours", false);
    if let Some(h) = weekly_hours
        && h > Decimal::from(HOURS_IN_A_WEEK)
    {
        errors.push((
            "weekly_hours",
            format!("{h} hours a week is more than the {HOURS_IN_A_WEEK} hours a week has"),
        ));
    }
    let has = |f| get(f).is_some();
    let basis = match (has("wage"), has("hourly_wage") || has("weekly_hours")) {
        (true, true) => {
            let field = if has("hourly_wage") {
                "hourly_wage"
            } else {
                "weekly_hours"
            };
            errors.push((
                field,
                "give either `wage` or `hourly_wage` and `weekly_hours`, not both".into(),
            ));
            None
        }
        (false, false) => {
            errors.push((
                "wage",
                "missing required field: give `wage` (kr per month) or `hourly_wage` and `weekly_hours`".into(),
            ));
            None
        }
        (true, false) => Some(WageBasis::Monthly),
        (false, true) => match (has("hourly_wage"), has("weekly_hours")) {
            (false, _) => {
                errors.push((
                    "hourly_wage",
                    "missing: `weekly_hours` needs `hourly_wage`".into(),
                ));
                None
            }
            (_, false) => {
                errors.push((
                    "weekly_hours",
                    "missing: `hourly_wage` needs `weekly_hours`".into(),
                ));
                None
            }
            _ => hourly_wage
                .zip(weekly_hours)
                .map(|(hourly_wage, weekly_hours)| WageBasis::Hourly {
                    hourly_wage,
                    weekly_hours,
                }),
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match basis {
        Some(basis) => Ok(Input {
            basis,
            wage,
            full_time_wage,
            other_income: other_income.unwrap_or(Decimal::ZERO),
            self_employment_income: self_employment_income.unwrap_or(Decimal::ZERO),
            holiday_pay: holiday_pay.unwrap_or(Decimal::ZERO),
            barselsdagpenge: barselsdagpenge.unwrap_or(Decimal::ZERO),
            sygedagpenge: sygedagpenge.unwrap_or(Decimal::ZERO),
        }),
        None => Err(vec![("wage", "no usable wage".into())]),
    }
}

/// Why a case cannot be computed although its input is well-formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "no wage was paid in {month}: fleksløntilskud supplements a wage actually paid (LAB § 123, stk. 1; vejl. 9154/2022 pkt. 2.1); months without wage are not modelled yet"
    )]
    NoWage { month: Month },
    #[error(
        "sygedagpenge in {month}: the calculation of fleksløntilskud during sickness (bek. om beregning af og fradrag i fleksløntilskud; simplified from 2024 by lov nr. 1769/2023) is not modelled yet"
    )]
    Sickness { month: Month },
    #[error(
        "barselsdagpenge in {month}: rule set {version} has no sourced rule for deducting them (parameter `barsel_deduction_rate`); it is known from bek. nr. 1806/2023 § 9, in force from 2024"
    )]
    BarselNotModelled { month: Month, version: String },
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_subsidy: Decimal,
    pub threshold: Decimal,
    pub low_rate: Decimal,
    pub high_rate: Decimal,
    pub atp_rate: Decimal,
    pub atp_max: Decimal,
    pub full_time_weekly_hours: Decimal,
    pub weeks_per_year: Decimal,
    pub round_monthly_wage: Rounding,
    pub round_reduction: Rounding,
    pub round_atp: Rounding,
    /// Present where a version has a sourced rule for barselsdagpenge.
    pub barsel_deduction_rate: Option<Decimal>,
    /// The version's name, for refusals.
    version: String,
    /// The three rates as fractions (30 → 0.30), computed once.
    low_fraction: Decimal,
    high_fraction: Decimal,
    atp_fraction: Decimal,
}

impl Params {
    /// The parameters of a validated version; names the first one missing otherwise.
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |name: &str| {
            v.parameter(name)
                .map(|p| p.value)
                .ok_or_else(|| format!("parameter `{name}`"))
        };
        let r = |name: &str| v.rounding(name).ok_or_else(|| format!("rounding `{name}`"));
        let (low_rate, high_rate, atp_rate) = (p("low_rate")?, p("high_rate")?, p("atp_rate")?);
        Ok(Self {
            barsel_deduction_rate: v.parameter("barsel_deduction_rate").map(|p| p.value),
            version: v.version.clone(),
            low_fraction: pct(low_rate),
            high_fraction: pct(high_rate),
            atp_fraction: pct(atp_rate),
            max_subsidy: p("max_subsidy")?,
            threshold: p("threshold")?,
            low_rate,
            high_rate,
            atp_rate,
            atp_max: p("atp_max")?,
            full_time_weekly_hours: p("full_time_weekly_hours")?,
            weeks_per_year: p("weeks_per_year")?,
            round_monthly_wage: r("monthly_wage")?,
            round_reduction: r("reduction")?,
            round_atp: r("atp")?,
        })
    }
}

/// Every amount of one month's calculation, the intermediate ones included, so that the
/// explanation can be written from it without computing anything again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Monthly wage and lønloft computed from an hourly wage (`None` for a monthly case).
    pub from_hourly: Option<(Decimal, Option<Decimal>)>,
    pub wage: Decimal,
    pub full_time_wage: Option<Decimal>,
    pub other_income: Decimal,
    pub self_employment_income: Decimal,
    pub holiday_pay: Decimal,
    pub barselsdagpenge: Decimal,
    /// Lønindtægt: wage + holiday pay + other wage income + self-employment income.
    pub income: Decimal,
    pub max_subsidy: Decimal,
    pub reduction_low: Decimal,
    pub reduction_high: Decimal,
    pub reduction: Decimal,
    /// Barselsdagpenge deducted from the tilskud.
    pub barsel_deduction: Decimal,
    pub subsidy_before_cap: Decimal,
    /// Room under the lønloft: full-time wage − wage, at least 0.
    pub room: Option<Decimal>,
    pub subsidy: Decimal,
    pub cap_applied: bool,
    pub atp_exact: Decimal,
    pub atp: Decimal,
    pub payout: Decimal,
    pub total_income: Decimal,
    /// Total monthly income less the ATP withheld: what reaches the person before tax.
    pub total_after_atp: Decimal,
}

impl Output {
    pub fn fields(&self) -> [(&'static str, Value); 9] {
        [
            ("max_subsidy", Value::Amount(self.max_subsidy)),
            ("reduction", Value::Amount(self.reduction)),
            ("subsidy_before_cap", Value::Amount(self.subsidy_before_cap)),
            ("subsidy", Value::Amount(self.subsidy)),
            ("atp", Value::Amount(self.atp)),
            ("payout", Value::Amount(self.payout)),
            ("total_income", Value::Amount(self.total_income)),
            ("total_after_atp", Value::Amount(self.total_after_atp)),
            ("cap_applied", Value::Bool(self.cap_applied)),
        ]
    }

    /// The value of each explanation step in order (rule, what it is, value): where two results
    /// of the same case part is the first checkpoint that differs.
    pub fn checkpoints(&self) -> [(&'static str, &'static str, Decimal); 13] {
        [
            ("wage_income", "lønindtægt", self.income),
            ("max_subsidy", "maximum fleksløntilskud", self.max_subsidy),
            (
                "reduction",
                "reduction up to the threshold",
                self.reduction_low,
            ),
            (
                "reduction",
                "reduction above the threshold",
                self.reduction_high,
            ),
            ("reduction", "total reduction", self.reduction),
            ("barsel", "barselsdagpenge deducted", self.barsel_deduction),
            (
                "reduction",
                "fleksløntilskud before the lønloft",
                self.subsidy_before_cap,
            ),
            (
                "lonloft",
                "room under the lønloft",
                self.room.unwrap_or(Decimal::ZERO),
            ),
            ("lonloft", "fleksløntilskud", self.subsidy),
            ("atp", "ATP withheld", self.atp),
            ("payout", "payout", self.payout),
            ("total_income", "total monthly income", self.total_income),
            (
                "payout",
                "total monthly income after ATP",
                self.total_after_atp,
            ),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("wage", Value::Amount(self.wage)),
            (
                "full_time_wage",
                self.full_time_wage.map_or(Value::None, Value::Amount),
            ),
            ("other_income", Value::Amount(self.other_income)),
            (
                "self_employment_income",
                Value::Amount(self.self_employment_income),
            ),
            ("holiday_pay", Value::Amount(self.holiday_pay)),
            ("barselsdagpenge", Value::Amount(self.barselsdagpenge)),
        ]
    }
}

fn pct(rate: Decimal) -> Decimal {
    rate / Decimal::ONE_HUNDRED
}

/// hourly × hours × weeks per year ÷ 12, as a monthly amount.
fn monthly(hourly: Decimal, hours: Decimal, p: &Params) -> Decimal {
    p.round_monthly_wage
        .apply(hourly * hours * p.weeks_per_year / Decimal::from(12))
}

/// One month's fleksløntilskud (LAB § 123). Pure arithmetic on the version's parameters.
pub fn compute(input: &Input, month: Month, p: &Params) -> Result<Output, Refusal> {
    let (wage, full_time_wage, from_hourly) = match &input.basis {
        WageBasis::Monthly => (
            input.wage.unwrap_or(Decimal::ZERO),
            input.full_time_wage,
            None,
        ),
        WageBasis::Hourly {
            hourly_wage,
            weekly_hours,
        } => {
            let wage = monthly(*hourly_wage, *weekly_hours, p);
            let computed_ft = match input.full_time_wage {
                Some(_) => None,
                None => Some(monthly(*hourly_wage, p.full_time_weekly_hours, p)),
            };
            (
                wage,
                input.full_time_wage.or(computed_ft),
                Some((wage, computed_ft)),
            )
        }
    };
    if !input.sygedagpenge.is_zero() {
        return Err(Refusal::Sickness { month });
    }
    if wage.is_zero() && input.holiday_pay.is_zero() && input.barselsdagpenge.is_zero() {
        return Err(Refusal::NoWage { month });
    }
    // What the employer paid: the wage and holiday pay.
    let employer_pay = wage + input.holiday_pay;

    // Stk. 2: lønindtægt (the employer's pay incl. pension, other wage income and income from
    // self-employment) reduces the tilskud by the low rate up to the threshold and the high
    // rate above it.
    let income = employer_pay + input.other_income + input.self_employment_income;
    let reduction_low = p.low_fraction * income.min(p.threshold);
    let reduction_high = p.high_fraction * (income - p.threshold).max(Decimal::ZERO);
    let reduction = p.round_reduction.apply(reduction_low + reduction_high);
    // Barselsdagpenge for leave without pay are deducted (bek. 1806/2023 § 9, from 2024).
    let barsel_deduction = if input.barselsdagpenge.is_zero() {
        Decimal::ZERO
    } else {
        let rate = p
            .barsel_deduction_rate
            .ok_or_else(|| Refusal::BarselNotModelled {
                month,
                version: p.version.clone(),
            })?;
        pct(rate) * input.barselsdagpenge
    };
    // Stk. 1: from the maximum.
    let subsidy_before_cap = (p.max_subsidy - reduction - barsel_deduction).max(Decimal::ZERO);
    // Stk. 3: tilskud + the employer's pay ≤ the full-time wage in the same job.
    let room = full_time_wage.map(|ft| (ft - employer_pay).max(Decimal::ZERO));
    let subsidy = room.map_or(subsidy_before_cap, |room| subsidy_before_cap.min(room));
    let cap_applied = room.is_some_and(|room| room < subsidy_before_cap);
    // § 137: the person's ATP is withheld from the payout.
    let atp_exact = (p.atp_fraction * subsidy).min(p.atp_max);
    let atp = p.round_atp.apply(atp_exact);

    let other = input.other_income + input.self_employment_income + input.barselsdagpenge;
    Ok(Output {
        from_hourly,
        wage,
        full_time_wage,
        other_income: input.other_income,
        self_employment_income: input.self_employment_income,
        holiday_pay: input.holiday_pay,
        barselsdagpenge: input.barselsdagpenge,
        income,
        max_subsidy: p.max_subsidy,
        reduction_low,
        reduction_high,
        reduction,
        barsel_deduction,
        subsidy_before_cap,
        room,
        subsidy,
        cap_applied,
        atp_exact,
        atp,
        payout: subsidy - atp,
        total_income: employer_pay + other + subsidy,
        total_after_atp: employer_pay + other + subsidy - atp,
    })
}

fn kr(d: Decimal) -> String {
    num::fixed(d, 2)
}

/// The explanation of a computed month: one step per rule, with the numbers filled in.
pub fn explain(input: &Input, month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    if let (
        WageBasis::Hourly {
            hourly_wage,
            weekly_hours,
        },
        Some((wage, computed_ft)),
    ) = (&input.basis, o.from_hourly)
    {
        trace
            .step(
                "monthly_wage",
                "Monthly wage from the hourly wage",
                Value::Amount(wage),
            )
            .da("Månedsløn ud fra timelønnen")
            .formula(format!(
                "{} × {} h × {} weeks ÷ 12 = {}",
                kr(*hourly_wage),
                num::plain(*weekly_hours),
                num::plain(p.weeks_per_year),
                kr(wage)
            ))
            .formula_da(format!(
                "{} × {} t × {} uger ÷ 12 = {}",
                dk(*hourly_wage),
                num::plain_da(*weekly_hours),
                num::plain_da(p.weeks_per_year),
                dk(wage)
            ))
            .input("hourly_wage", Value::Amount(*hourly_wage))
            .input("weekly_hours", Value::Number(*weekly_hours))
            .input("weeks_per_year", Value::Number(p.weeks_per_year))
            .rounded("monthly_wage", p.round_monthly_wage);
        if let Some(ft) = computed_ft {
            trace
                .step(
                    "monthly_wage",
                    "Full-time monthly wage (lønloft) from the hourly wage",
                    Value::Amount(ft),
                )
                .da("Fuldtidsløn (lønloft) ud fra timelønnen")
                .formula(format!(
                    "{} × {} h × {} weeks ÷ 12 = {}",
                    kr(*hourly_wage),
                    num::plain(p.full_time_weekly_hours),
                    num::plain(p.weeks_per_year),
                    kr(ft)
                ))
                .formula_da(format!(
                    "{} × {} t × {} uger ÷ 12 = {}",
                    dk(*hourly_wage),
                    num::plain_da(p.full_time_weekly_hours),
                    num::plain_da(p.weeks_per_year),
                    dk(ft)
                ))
                .input("hourly_wage", Value::Amount(*hourly_wage))
                .input(
                    "full_time_weekly_hours",
                    Value::Number(p.full_time_weekly_hours),
                )
                .input("weeks_per_year", Value::Number(p.weeks_per_year))
                .rounded("monthly_wage", p.round_monthly_wage);
        }
    }

    trace
        .step(
            "wage_income",
            format!("Lønindtægt for {month}"),
            Value::Amount(o.income),
        )
        .da(format!("Lønindtægt for {month}"))
        .formula(income_sum(o, Language::En, false))
        .formula_da(income_sum(o, Language::Da, false))
        .input("wage", Value::Amount(o.wage))
        .input("other_income", Value::Amount(o.other_income));
    if let Some(step) = trace.steps.last_mut() {
        if !o.holiday_pay.is_zero() {
            step.input("holiday_pay", Value::Amount(o.holiday_pay));
        }
        if !o.self_employment_income.is_zero() {
            step.input(
                "self_employment_income",
                Value::Amount(o.self_employment_income),
            );
        }
    }

    trace
        .step(
            "max_subsidy",
            "Maximum fleksløntilskud",
            Value::Amount(p.max_subsidy),
        )
        .da("Maksimalt fleksløntilskud")
        .formula(format!("max_subsidy = {}", kr(p.max_subsidy)))
        .formula_da(format!("højeste tilskud = {}", dk(p.max_subsidy)))
        .input("max_subsidy", Value::Amount(p.max_subsidy));

    trace
        .step(
            "reduction",
            format!(
                "Reduction: {} % of lønindtægt up to the threshold",
                num::plain(p.low_rate)
            ),
            Value::Amount(o.reduction_low),
        )
        .da(format!(
            "Fradrag: {} % af lønindtægten op til grænsen",
            num::plain(p.low_rate)
        ))
        .formula(format!(
            "{} % × min({}, {}) = {}",
            num::plain(p.low_rate),
            kr(o.income),
            kr(p.threshold),
            kr(o.reduction_low)
        ))
        .formula_da(format!(
            "{} % × min({}, {}) = {}",
            num::plain_da(p.low_rate),
            dk(o.income),
            dk(p.threshold),
            dk(o.reduction_low)
        ))
        .input("low_rate", Value::Percent(p.low_rate))
        .input("threshold", Value::Amount(p.threshold))
        .input("wage_income", Value::Amount(o.income));
    trace
        .step(
            "reduction",
            format!(
                "Reduction: {} % of lønindtægt above the threshold",
                num::plain(p.high_rate)
            ),
            Value::Amount(o.reduction_high),
        )
        .da(format!(
            "Fradrag: {} % af lønindtægten over grænsen",
            num::plain(p.high_rate)
        ))
        .formula(format!(
            "{} % × max(0, {} − {}) = {}",
            num::plain(p.high_rate),
            kr(o.income),
            kr(p.threshold),
            kr(o.reduction_high)
        ))
        .formula_da(format!(
            "{} % × max(0, {} − {}) = {}",
            num::plain_da(p.high_rate),
            dk(o.income),
            dk(p.threshold),
            dk(o.reduction_high)
        ))
        .input("high_rate", Value::Percent(p.high_rate))
        .input("threshold", Value::Amount(p.threshold))
        .input("wage_income", Value::Amount(o.income));
    trace
        .step("reduction", "Total reduction", Value::Amount(o.reduction))
        .da("Fradrag i alt")
        .formula(format!(
            "{} + {} = {} → {}",
            kr(o.reduction_low),
            kr(o.reduction_high),
            kr(o.reduction_low + o.reduction_high),
            kr(o.reduction)
        ))
        .formula_da(format!(
            "{} + {} = {} → {}",
            dk(o.reduction_low),
            dk(o.reduction_high),
            dk(o.reduction_low + o.reduction_high),
            dk(o.reduction)
        ))
        .rounded("reduction", p.round_reduction);
    if let (false, Some(rate)) = (o.barselsdagpenge.is_zero(), p.barsel_deduction_rate) {
        trace
            .step(
                "barsel",
                "Barselsdagpenge deducted from the tilskud",
                Value::Amount(o.barsel_deduction),
            )
            .da("Barselsdagpenge fradraget i tilskuddet")
            .formula(format!(
                "{} % × {} = {}",
                num::plain(rate),
                kr(o.barselsdagpenge),
                kr(o.barsel_deduction)
            ))
            .formula_da(format!(
                "{} % × {} = {}",
                num::plain_da(rate),
                dk(o.barselsdagpenge),
                dk(o.barsel_deduction)
            ))
            .input("barsel_deduction_rate", Value::Percent(rate))
            .input("barselsdagpenge", Value::Amount(o.barselsdagpenge));
    }
    trace
        .step(
            "reduction",
            "Fleksløntilskud before the lønloft",
            Value::Amount(o.subsidy_before_cap),
        )
        .da("Fleksløntilskud før lønloft")
        .formula(if o.barsel_deduction.is_zero() {
            format!(
                "max(0, {} − {}) = {}",
                kr(p.max_subsidy),
                kr(o.reduction),
                kr(o.subsidy_before_cap)
            )
        } else {
            format!(
                "max(0, {} − {} − {}) = {}",
                kr(p.max_subsidy),
                kr(o.reduction),
                kr(o.barsel_deduction),
                kr(o.subsidy_before_cap)
            )
        })
        .formula_da(if o.barsel_deduction.is_zero() {
            format!(
                "max(0, {} − {}) = {}",
                dk(p.max_subsidy),
                dk(o.reduction),
                dk(o.subsidy_before_cap)
            )
        } else {
            format!(
                "max(0, {} − {} − {}) = {}",
                dk(p.max_subsidy),
                dk(o.reduction),
                dk(o.barsel_deduction),
                dk(o.subsidy_before_cap)
            )
        });

    match (o.full_time_wage, o.room) {
        (Some(ft), Some(room)) => {
            trace
                .step(
                    "lonloft",
                    "Lønloft: room under the full-time wage",
                    Value::Amount(room),
                )
                .da("Lønloft: plads under fuldtidslønnen")
                .formula(format!(
                    "max(0, {} − {}) = {}",
                    kr(ft),
                    kr(o.wage + o.holiday_pay),
                    kr(room)
                ))
                .formula_da(format!(
                    "max(0, {} − {}) = {}",
                    dk(ft),
                    dk(o.wage + o.holiday_pay),
                    dk(room)
                ))
                .input("full_time_wage", Value::Amount(ft))
                .input("wage", Value::Amount(o.wage));
        }
        _ => {
            trace
                .step(
                    "lonloft",
                    "Lønloft: not applied, no full-time wage given",
                    Value::None,
                )
                .da("Lønloft: ikke anvendt, ingen fuldtidsløn oplyst")
                .formula("no full_time_wage in the case: the cap is not checked")
                .formula_da("ingen fuldtidsløn i sagen: loftet er ikke kontrolleret");
        }
    }
    trace
        .step("lonloft", "Fleksløntilskud", Value::Amount(o.subsidy))
        .da("Fleksløntilskud")
        .formula(match (o.room, o.cap_applied) {
            (None, _) => format!("no lønloft checked: {}", kr(o.subsidy)),
            (Some(_), true) => format!(
                "lønloft binds: min({}, room) = {}",
                kr(o.subsidy_before_cap),
                kr(o.subsidy)
            ),
            (Some(_), false) => format!("lønloft does not bind: {}", kr(o.subsidy)),
        })
        .formula_da(match (o.room, o.cap_applied) {
            (None, _) => format!("intet lønloft kontrolleret: {}", dk(o.subsidy)),
            (Some(_), true) => format!(
                "lønloftet begrænser: min({}, plads) = {}",
                dk(o.subsidy_before_cap),
                dk(o.subsidy)
            ),
            (Some(_), false) => format!("lønloftet begrænser ikke: {}", dk(o.subsidy)),
        })
        .input("cap_applied", Value::Bool(o.cap_applied));

    trace
        .step("atp", "ATP contribution withheld", Value::Amount(o.atp))
        .da("ATP-bidrag, tilbageholdt")
        .formula(format!(
            "min({} % × {}, {}) = {} → {}",
            num::plain(p.atp_rate),
            kr(o.subsidy),
            kr(p.atp_max),
            kr(o.atp_exact),
            kr(o.atp)
        ))
        .formula_da(format!(
            "min({} % × {}, {}) = {} → {}",
            num::plain_da(p.atp_rate),
            dk(o.subsidy),
            dk(p.atp_max),
            dk(o.atp_exact),
            dk(o.atp)
        ))
        .input("atp_rate", Value::Percent(p.atp_rate))
        .input("atp_max", Value::Amount(p.atp_max))
        .rounded("atp", p.round_atp);

    trace
        .step(
            "payout",
            "Paid out by the municipality",
            Value::Amount(o.payout),
        )
        .da("Udbetalt af kommunen")
        .formula(format!(
            "{} − {} = {}",
            kr(o.subsidy),
            kr(o.atp),
            kr(o.payout)
        ))
        .formula_da(format!(
            "{} − {} = {}",
            dk(o.subsidy),
            dk(o.atp),
            dk(o.payout)
        ));

    trace
        .step(
            "total_income",
            "Total monthly income",
            Value::Amount(o.total_income),
        )
        .da("Samlet månedsindtægt")
        .formula(income_sum(o, Language::En, true))
        .formula_da(income_sum(o, Language::Da, true));

    trace
        .step(
            "payout",
            "Total monthly income after ATP",
            Value::Amount(o.total_after_atp),
        )
        .da("Samlet månedsindtægt efter ATP")
        .formula(format!(
            "{} − ATP {} = {}",
            kr(o.total_income),
            kr(o.atp),
            kr(o.total_after_atp)
        ))
        .formula_da(format!(
            "{} − ATP {} = {}",
            dk(o.total_income),
            dk(o.atp),
            dk(o.total_after_atp)
        ));
}

#[derive(Clone, Copy, PartialEq)]
enum Language {
    En,
    Da,
}

/// An amount in a Danish formula: `6.933,33` (exact intermediates keep their decimals).
fn dk(d: Decimal) -> String {
    num::danish(d, 2)
}

/// The lønindtægt (or with `with_subsidy`, the total income) as a sum of the parts present, in
/// the order the law lists them; other wage income is always shown, as it is an input.
fn income_sum(o: &Output, lang: Language, with_subsidy: bool) -> String {
    let name = |en: &'static str, da: &'static str| if lang == Language::Da { da } else { en };
    let kr = |d: Decimal| if lang == Language::Da { dk(d) } else { kr(d) };
    let mut parts = vec![format!("{} {}", name("wage", "løn"), kr(o.wage))];
    let mut optional = vec![
        (name("holiday pay", "feriepenge"), o.holiday_pay, false),
        (
            name("other wage income", "anden lønindtægt"),
            o.other_income,
            true,
        ),
        (
            name("self-employment income", "indtægt som selvstændig"),
            o.self_employment_income,
            false,
        ),
    ];
    if with_subsidy {
        optional.push(("barselsdagpenge", o.barselsdagpenge, false));
    }
    for (label, v, always) in optional {
        if always || !v.is_zero() {
            parts.push(format!("{label} {}", kr(v)));
        }
    }
    if with_subsidy {
        parts.push(format!("tilskud {}", kr(o.subsidy)));
    }
    let total = if with_subsidy {
        o.total_income
    } else {
        o.income
    };
    format!("{} = {}", parts.join(" + "), kr(total))
}
