//! **Ledighedsydelse**: the benefit for a person approved for a flex-job (visiteret til fleksjob)
//! who is out of work (lov om aktiv socialpolitik §§ 74 a ff.).
//!
//! For one month:
//! 1. the tier: the full rate (89 % of the højeste dagpengebeløb) if the person qualified at
//!    visitation (sygedagpenge or barselsdagpenge, revalidering, unsupported employment) or has
//!    been in a flex-job for `qualifying_months` within the last `qualifying_window` months;
//!    otherwise the kontanthjælp level for a provider (forsørger) or for others (§ 74 a);
//! 2. wage income in the month reduces it by `low_rate` % up to `threshold` and `high_rate` %
//!    above (§ 74 d).
//!
//! Months in a flex-job are counted exactly: each calendar month of the window counts the share
//! of its days the person was employed (15 of 30 days = 0,5 month).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, param};
use crate::values::month::{Month, parse_date};
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "ledighedsydelse",
    family: "fleksjob",
    selected_by: None,
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "payment",
    compile: crate::model::scheme::compile::<Ledighedsydelse>,
    parameters: &[
        param(
            "rate_full",
            Unit::KrPerMonth,
            "the full rate per month (89 % of the højeste dagpengebeløb)",
        ),
        param(
            "rate_provider",
            Unit::KrPerMonth,
            "the kontanthjælp-level rate per month for a provider (forsørger)",
        ),
        param(
            "rate_other",
            Unit::KrPerMonth,
            "the kontanthjælp-level rate per month for others",
        ),
        param(
            "threshold",
            Unit::KrPerMonth,
            "the monthly wage income up to which the low deduction rate applies",
        ),
        param(
            "low_rate",
            Unit::Percent,
            "the deduction rate on wage income up to the threshold",
        ),
        param(
            "high_rate",
            Unit::Percent,
            "the deduction rate on wage income above the threshold",
        ),
        param(
            "qualifying_months",
            Unit::Months,
            "months in a flex-job that give the full rate",
        ),
        param(
            "qualifying_window",
            Unit::Months,
            "the window, in months before the benefit month, in which they count",
        ),
        param(
            "months_after_fleksydelse_age",
            Unit::Months,
            "months the rate continues after the person reaches the fleksydelse age",
        ),
    ],
    roundings: &[item("deduction", "the deduction for wage income")],
    rules: &[
        item("tier", "which rate applies"),
        item("rate", "the amount of the rate"),
        item("deduction", "the deduction for wage income"),
    ],
};

/// Which rate applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Full,
    Provider,
    Other,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Full => "full",
            Tier::Provider => "provider",
            Tier::Other => "other",
        }
    }
}

/// Why a person qualified for the full rate at visitation (§ 74 a, stk. 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Sygedagpenge,
    Barselsdagpenge,
    Revalidering,
    UnsupportedEmployment,
}

impl Route {
    const NAMES: [&'static str; 4] = [
        "sygedagpenge",
        "barselsdagpenge",
        "revalidering",
        "unsupported_employment",
    ];

    fn parse(s: &str) -> Option<Route> {
        match s {
            "sygedagpenge" => Some(Route::Sygedagpenge),
            "barselsdagpenge" => Some(Route::Barselsdagpenge),
            "revalidering" => Some(Route::Revalidering),
            "unsupported_employment" => Some(Route::UnsupportedEmployment),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Route::Sygedagpenge => "received or was entitled to sygedagpenge at visitation",
            Route::Barselsdagpenge => "received or was entitled to barselsdagpenge at visitation",
            Route::Revalidering => "was in revalidering under a jobplan at visitation",
            Route::UnsupportedEmployment => "became unemployed after unsupported employment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A tier decided by the municipality (overrides the rules below).
    pub tier: Option<Tier>,
    pub route: Option<Route>,
    /// Flex-job employment periods (first and last day, inclusive).
    pub fleksjob_periods: Vec<(NaiveDate, NaiveDate)>,
    /// Forsørger: decides the lower tier.
    pub provider: Option<bool>,
    /// Wage income in the month (incl. pension), which reduces the benefit.
    pub wage_income: Decimal,
    /// The day the person reached the fleksydelse age, if they have.
    pub fleksydelse_age_date: Option<NaiveDate>,
}

pub const INPUT_FIELDS: [&str; 6] = [
    "tier",
    "qualifying_route",
    "fleksjob_periods",
    "provider",
    "wage_income",
    "fleksydelse_age_date",
];

pub const RESULT_FIELDS: [&str; 5] = ["tier", "fleksjob_months", "rate", "deduction", "payment"];

fn parse_periods(text: &str) -> Result<Vec<(NaiveDate, NaiveDate)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('/').ok_or_else(|| {
            format!("`{part}` is not a period; write it as 2023-01-01/2023-09-30")
        })?;
        let (Some(from), Some(to)) = (parse_date(a.trim()), parse_date(b.trim())) else {
            return Err(format!(
                "`{part}` is not a period of two dates (YYYY-MM-DD/YYYY-MM-DD)"
            ));
        };
        if to < from {
            return Err(format!("`{part}` ends before it starts"));
        }
        if let Some(prev) = out
            .iter()
            .find(|(f, t): &&(NaiveDate, NaiveDate)| from <= *t && *f <= to)
        {
            return Err(format!("`{part}` overlaps {}/{}", prev.0, prev.1));
        }
        out.push((from, to));
    }
    Ok(out)
}

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut errors = Vec::new();
    let tier = match get("tier") {
        None => None,
        Some("full") => Some(Tier::Full),
        Some("provider") => Some(Tier::Provider),
        Some("other") => Some(Tier::Other),
        Some(t) => {
            errors.push((
                "tier",
                format!("`{t}` is not a tier; use full, provider or other"),
            ));
            None
        }
    };
    let route = get("qualifying_route").and_then(|r| {
        let parsed = Route::parse(r);
        if parsed.is_none() {
            errors.push((
                "qualifying_route",
                format!(
                    "`{r}` is not a route to the full rate; use {}",
                    Route::NAMES.join(", ")
                ),
            ));
        }
        parsed
    });
    let fleksjob_periods = match get("fleksjob_periods").map(parse_periods) {
        Some(Ok(p)) => p,
        Some(Err(e)) => {
            errors.push(("fleksjob_periods", e));
            Vec::new()
        }
        None => Vec::new(),
    };
    let provider = match get("provider") {
        None => None,
        Some("true" | "yes" | "ja") => Some(true),
        Some("false" | "no" | "nej") => Some(false),
        Some(p) => {
            errors.push(("provider", format!("`{p}` is not true or false")));
            None
        }
    };
    let wage_income = match get("wage_income").map(num::parse_decimal) {
        None => Decimal::ZERO,
        Some(Ok(d)) if d.is_sign_negative() && !d.is_zero() => {
            errors.push(("wage_income", format!("{d} is negative")));
            Decimal::ZERO
        }
        Some(Ok(d)) if d.normalize().scale() > 2 => {
            errors.push((
                "wage_income",
                format!("{d} has more than two decimals; amounts are in kroner and øre"),
            ));
            Decimal::ZERO
        }
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            errors.push(("wage_income", e));
            Decimal::ZERO
        }
    };
    let fleksydelse_age_date = get("fleksydelse_age_date").and_then(|t| {
        let d = parse_date(t);
        if d.is_none() {
            errors.push((
                "fleksydelse_age_date",
                format!("`{t}` is not a date; write it as YYYY-MM-DD"),
            ));
        }
        d
    });
    if errors.is_empty() {
        Ok(Input {
            tier,
            route,
            fleksjob_periods,
            provider,
            wage_income,
            fleksydelse_age_date,
        })
    } else {
        Err(errors)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "the person does not qualify for the full rate, and `provider` (true or false) is needed to choose the lower rate"
    )]
    ProviderUnknown,
    #[error(
        "{month} is more than {months} months after the person reached the fleksydelse age ({date}): the reduced rate that then applies (\"60 %\") is not modelled, because its base was not found in a source"
    )]
    PastFleksydelseAge {
        month: Month,
        date: NaiveDate,
        months: Decimal,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub rate_full: Decimal,
    pub rate_provider: Decimal,
    pub rate_other: Decimal,
    pub threshold: Decimal,
    pub low_rate: Decimal,
    pub high_rate: Decimal,
    pub qualifying_months: Decimal,
    pub qualifying_window: Decimal,
    pub months_after_age: Decimal,
    pub round_deduction: Rounding,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |name: &str| {
            v.parameter(name)
                .map(|p| p.value)
                .ok_or_else(|| format!("parameter `{name}`"))
        };
        Ok(Self {
            rate_full: p("rate_full")?,
            rate_provider: p("rate_provider")?,
            rate_other: p("rate_other")?,
            threshold: p("threshold")?,
            low_rate: p("low_rate")?,
            high_rate: p("high_rate")?,
            qualifying_months: p("qualifying_months")?,
            qualifying_window: p("qualifying_window")?,
            months_after_age: p("months_after_fleksydelse_age")?,
            round_deduction: v.rounding("deduction").ok_or("rounding `deduction`")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub tier: Tier,
    /// Why this tier (for the explanation).
    pub tier_reason: String,
    /// Months in a flex-job within the window (when a history was given).
    pub fleksjob_months: Option<Decimal>,
    pub window: (NaiveDate, NaiveDate),
    pub rate: Decimal,
    pub wage_income: Decimal,
    pub deduction_low: Decimal,
    pub deduction_high: Decimal,
    pub deduction: Decimal,
    pub payment: Decimal,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("tier", Value::Text(self.tier.name().to_string())),
            (
                "fleksjob_months",
                self.fleksjob_months.map_or(Value::None, Value::Number),
            ),
            ("rate", Value::Amount(self.rate)),
            ("deduction", Value::Amount(self.deduction)),
            ("payment", Value::Amount(self.payment)),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        vec![("wage_income", Value::Amount(self.wage_income))]
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![
            (
                "tier",
                "months in a flex-job",
                self.fleksjob_months.unwrap_or_default(),
            ),
            ("rate", "rate", self.rate),
            (
                "deduction",
                "deduction up to the threshold",
                self.deduction_low,
            ),
            (
                "deduction",
                "deduction above the threshold",
                self.deduction_high,
            ),
            ("deduction", "total deduction", self.deduction),
            ("deduction", "payment", self.payment),
        ]
    }
}

fn days_in(m: Month) -> i64 {
    (m.next().first_day() - m.first_day()).num_days()
}

/// Months in a flex-job within `months` calendar months before `month`: each month counts the
/// share of its days covered by a period.
pub fn months_employed(
    periods: &[(NaiveDate, NaiveDate)],
    month: Month,
    months: u32,
) -> (Decimal, NaiveDate, NaiveDate) {
    let total = (month.year() * 12 + month.month0() as i32) - months as i32;
    let start = Month::new(total.div_euclid(12), total.rem_euclid(12) as u32 + 1).unwrap_or(month);
    let end = month.first_day().pred_opt().unwrap_or(month.first_day());
    let mut sum = Decimal::ZERO;
    let mut m = start;
    while m < month {
        let (first, last) = (
            m.first_day(),
            m.next().first_day().pred_opt().unwrap_or(m.first_day()),
        );
        let covered: i64 = periods
            .iter()
            .map(|(a, b)| {
                let (from, to) = ((*a).max(first), (*b).min(last));
                if to >= from {
                    (to - from).num_days() + 1
                } else {
                    0
                }
            })
            .sum();
        sum += Decimal::from(covered) / Decimal::from(days_in(m));
        m = m.next();
    }
    (sum, start.first_day(), end)
}

pub fn compute(input: &Input, month: Month, p: &Params) -> Result<Output, Refusal> {
    // After the fleksydelse age the rate continues for a number of months, counted from the
    // month after the birthday month; beyond them a reduced rate applies that is not modelled.
    if let Some(date) = input.fleksydelse_age_date {
        let months = u32::try_from(p.months_after_age.trunc().mantissa()).unwrap_or(0);
        let last = Month::of(date).plus_months(months);
        if month > last {
            return Err(Refusal::PastFleksydelseAge {
                month,
                date,
                months: p.months_after_age,
            });
        }
    }
    let window_months = u32::try_from(p.qualifying_window.trunc().mantissa()).unwrap_or(0);
    let (worked, from, to) = months_employed(&input.fleksjob_periods, month, window_months);
    let fleksjob_months = (!input.fleksjob_periods.is_empty()).then_some(worked);
    let (tier, tier_reason) = if let Some(t) = input.tier {
        (
            t,
            "tier given in the case (the municipality's decision)".to_string(),
        )
    } else if let Some(r) = input.route {
        (
            Tier::Full,
            format!("the full rate: the person {}", r.describe()),
        )
    } else if fleksjob_months.is_some_and(|m| m >= p.qualifying_months) {
        (
            Tier::Full,
            format!(
                "the full rate: {} months in a flex-job from {from} to {to}, at least {}",
                num::plain(worked.round_dp(2)),
                num::plain(p.qualifying_months)
            ),
        )
    } else {
        let short = fleksjob_months.map_or(String::new(), |m| {
            format!(
                " ({} months in a flex-job from {from} to {to}, fewer than {})",
                num::plain(m.round_dp(2)),
                num::plain(p.qualifying_months)
            )
        });
        match input.provider {
            Some(true) => (
                Tier::Provider,
                format!("the kontanthjælp level for a provider{short}"),
            ),
            Some(false) => (
                Tier::Other,
                format!("the kontanthjælp level for others{short}"),
            ),
            None => return Err(Refusal::ProviderUnknown),
        }
    };
    let rate = match tier {
        Tier::Full => p.rate_full,
        Tier::Provider => p.rate_provider,
        Tier::Other => p.rate_other,
    };
    let hundred = Decimal::ONE_HUNDRED;
    let deduction_low = p.low_rate / hundred * input.wage_income.min(p.threshold);
    let deduction_high =
        p.high_rate / hundred * (input.wage_income - p.threshold).max(Decimal::ZERO);
    let deduction = p.round_deduction.apply(deduction_low + deduction_high);
    Ok(Output {
        tier,
        tier_reason,
        fleksjob_months,
        window: (from, to),
        rate,
        wage_income: input.wage_income,
        deduction_low,
        deduction_high,
        deduction,
        payment: (rate - deduction).max(Decimal::ZERO),
    })
}

fn kr(d: Decimal) -> String {
    num::fixed(d, 2)
}

pub fn explain(input: &Input, month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    if let Some(date) = input.fleksydelse_age_date {
        let months = u32::try_from(p.months_after_age.trunc().mantissa()).unwrap_or(0);
        trace
            .step(
                "tier",
                "Fleksydelse age reached: the rate continues",
                Value::Text("yes".into()),
            )
            .da("Fleksydelsesalderen er nået: satsen fortsætter")
            .formula(format!(
                "reached {date}; the rate continues for {} months, through {}",
                num::plain(p.months_after_age),
                Month::of(date).plus_months(months)
            ))
            .input(
                "months_after_fleksydelse_age",
                Value::Number(p.months_after_age),
            );
    }
    let tier_label = match o.tier {
        Tier::Full => (
            "Rate: the full rate (89 % of the højeste dagpengebeløb)",
            "Sats: fuld sats (89 % af højeste dagpengebeløb)",
        ),
        Tier::Provider => (
            "Rate: kontanthjælp level, provider",
            "Sats: kontanthjælpsniveau, forsørger",
        ),
        Tier::Other => (
            "Rate: kontanthjælp level, not a provider",
            "Sats: kontanthjælpsniveau, ikke-forsørger",
        ),
    };
    let step = trace
        .step(
            "tier",
            "Which rate applies",
            Value::Text(o.tier.name().to_string()),
        )
        .da("Hvilken sats")
        .formula(o.tier_reason.clone());
    if let Some(m) = o.fleksjob_months {
        step.input("fleksjob_months", Value::Number(m.round_dp(4)))
            .input("qualifying_months", Value::Number(p.qualifying_months))
            .input("qualifying_window", Value::Number(p.qualifying_window));
    }
    trace
        .step("rate", tier_label.0, Value::Amount(o.rate))
        .da(tier_label.1)
        .formula(format!("{} for {month}", kr(o.rate)))
        .input(
            match o.tier {
                Tier::Full => "rate_full",
                Tier::Provider => "rate_provider",
                Tier::Other => "rate_other",
            },
            Value::Amount(o.rate),
        );
    trace
        .step(
            "deduction",
            format!(
                "Deduction: {} % of wage income up to the threshold",
                num::plain(p.low_rate)
            ),
            Value::Amount(o.deduction_low),
        )
        .da(format!(
            "Fradrag: {} % af lønindtægten op til grænsen",
            num::plain(p.low_rate)
        ))
        .formula(format!(
            "{} % × min({}, {}) = {}",
            num::plain(p.low_rate),
            kr(o.wage_income),
            kr(p.threshold),
            kr(o.deduction_low)
        ))
        .input("wage_income", Value::Amount(o.wage_income))
        .input("threshold", Value::Amount(p.threshold));
    trace
        .step(
            "deduction",
            format!(
                "Deduction: {} % of wage income above the threshold",
                num::plain(p.high_rate)
            ),
            Value::Amount(o.deduction_high),
        )
        .da(format!(
            "Fradrag: {} % af lønindtægten over grænsen",
            num::plain(p.high_rate)
        ))
        .formula(format!(
            "{} % × max(0, {} − {}) = {}",
            num::plain(p.high_rate),
            kr(o.wage_income),
            kr(p.threshold),
            kr(o.deduction_high)
        ));
    trace
        .step("deduction", "Total deduction", Value::Amount(o.deduction))
        .da("Fradrag i alt")
        .formula(format!(
            "{} + {} → {}",
            kr(o.deduction_low),
            kr(o.deduction_high),
            kr(o.deduction)
        ))
        .rounded("deduction", p.round_deduction);
    trace
        .step(
            "deduction",
            "Ledighedsydelse for the month",
            Value::Amount(o.payment),
        )
        .da("Ledighedsydelse for måneden")
        .formula(format!(
            "max(0, {} − {}) = {}",
            kr(o.rate),
            kr(o.deduction),
            kr(o.payment)
        ));
}

crate::model::scheme::legacy_scheme!(Ledighedsydelse, self, fallible, |i| None);

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(text: &str) -> Vec<(NaiveDate, NaiveDate)> {
        parse_periods(text).unwrap()
    }

    #[test]
    fn months_are_counted_by_the_share_of_days() {
        let m: Month = "2024-03".parse().unwrap();
        // Window: 2022-09-01 to 2024-02-29.
        let (n, from, to) = months_employed(&periods("2023-06-01/2024-02-29"), m, 18);
        assert_eq!(
            (n, from.to_string(), to.to_string()),
            (Decimal::from(9), "2022-09-01".into(), "2024-02-29".into())
        );
        // Periods outside the window do not count; one inside counts 15 of 30 days of June.
        let (n, ..) = months_employed(
            &periods("2020-01-01/2022-08-31, 2023-06-16/2023-06-30"),
            m,
            18,
        );
        assert_eq!(n, Decimal::new(5, 1));
    }

    #[test]
    fn bad_periods_are_explained() {
        assert!(
            parse_periods("2023-01-01")
                .unwrap_err()
                .contains("not a period")
        );
        assert!(
            parse_periods("2023-02-01/2023-01-01")
                .unwrap_err()
                .contains("ends before it starts")
        );
        assert!(
            parse_periods("2023-01-01/2023-03-31, 2023-03-01/2023-04-30")
                .unwrap_err()
                .contains("overlaps")
        );
    }
}
