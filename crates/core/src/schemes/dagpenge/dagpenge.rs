//! **Dagpenge** (arbejdsløshedsforsikringsloven §§ 53-56 b and the bekendtgørelse om
//! dagpengeperioden): the period ledger an a-kasse keeps for an insured member under the rules
//! in force from 1 July 2017, month by month from the placement (indplacering).
//!
//! Each month is paid as a fixed number of hours (160,33 full-time, 130 part-time) less
//! deductions hour for hour: ordinary work, income without fixed hours converted at the high
//! omregningssats, and technical days (sickness, holiday, unavailability) at 7,4 (6) hours; the
//! waiting day (7,4 hours) every 4th month unless more than 148 (97) hours were worked in the
//! 4 months; nothing is paid when fewer than 14,8 (12) hours remain. The hours paid, and hours
//! in løntilskud, consume the period (3.848 / 3.120 hours within a reference period of 36
//! months; 1.924 / 1.560 within 24 for a dimittend placed from 1 May 2023), except in months
//! the law suspended consumption (COVID-19). Ordinary work fills the employment account (2
//! hours per hour, at most 1.924 / 1.560) and counts toward re-earning a new period (1.924 /
//! 1.258 hours within 3 years). The reference period is extended in whole months for hours of
//! sickness beyond 6 weeks, barsel and the other grounds (hours ÷ 160,33, rounded up) and for
//! suspended months. Months after the assessment month are a projection of full unemployment.
//!
//! The version in force in the assessment month supplies the constants and that month's rate;
//! months in other years with income without fixed hours need their converted hours.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_param, param};
use crate::values::month::Month;
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "dagpenge",
    family: "dagpenge",
    selected_by: None,
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "payment",
    compile: crate::model::scheme::compile::<Dagpenge>,
    parameters: &[
        param(
            "max_monthly_full_time",
            Unit::KrPerMonth,
            "the highest monthly rate, full-time",
        ),
        param(
            "max_monthly_part_time",
            Unit::KrPerMonth,
            "the highest monthly rate, part-time",
        ),
        param(
            "high_conversion_rate",
            Unit::KrPerHour,
            "kroner per hour for income without fixed hours (høj omregningssats)",
        ),
        param(
            "month_hours_full_time",
            Unit::Hours,
            "hours a month is paid as, full-time",
        ),
        param("month_hours_part_time", Unit::Hours, "the same, part-time"),
        param(
            "day_hours_full_time",
            Unit::Hours,
            "hours a technical day deducts, full-time",
        ),
        param("day_hours_part_time", Unit::Hours, "the same, part-time"),
        param(
            "period_hours_full_time",
            Unit::Hours,
            "the period, full-time",
        ),
        param(
            "period_hours_part_time",
            Unit::Hours,
            "the period, part-time",
        ),
        param("reference_months", Unit::Months, "the reference period"),
        optional_param(
            "dimittend_hours_full_time",
            Unit::Hours,
            "a dimittend's period, full-time",
        ),
        optional_param(
            "dimittend_hours_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        optional_param(
            "dimittend_reference_months",
            Unit::Months,
            "a dimittend's reference period",
        ),
        optional_param(
            "dimittend_rule_from",
            Unit::Date,
            "placements from this day get the dimittend period",
        ),
        param(
            "account_ratio",
            Unit::Count,
            "employment-account hours per hour worked",
        ),
        param(
            "account_cap_full_time",
            Unit::Hours,
            "the account's cap, full-time",
        ),
        param("account_cap_part_time", Unit::Hours, "the same, part-time"),
        param(
            "reearn_hours_full_time",
            Unit::Hours,
            "hours of work for a new period, full-time",
        ),
        param("reearn_hours_part_time", Unit::Hours, "the same, part-time"),
        param(
            "reearn_window_months",
            Unit::Months,
            "the months they must fall within",
        ),
        param(
            "min_paid_full_time",
            Unit::Hours,
            "the fewest hours paid in a month, full-time",
        ),
        param("min_paid_part_time", Unit::Hours, "the same, part-time"),
        param(
            "waiting_every_months",
            Unit::Months,
            "a waiting day every this many months",
        ),
        param(
            "waiting_exempt_full_time",
            Unit::Hours,
            "more work than this in those months avoids it, full-time",
        ),
        param(
            "waiting_exempt_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        param(
            "extension_month_hours",
            Unit::Hours,
            "hours per month of reference-period extension (rounded up)",
        ),
        param(
            "part_time_factor",
            Unit::Fraction,
            "the rest of the period when a full-time member becomes part-time",
        ),
        param(
            "shortening_trigger_full_time",
            Unit::Hours,
            "dagpenge hours within 96 months that shorten a new period, full-time",
        ),
        param(
            "shortening_trigger_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        param(
            "shortening_hours_full_time",
            Unit::Hours,
            "the shortening, full-time",
        ),
        param(
            "shortening_hours_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        param(
            "income_requirement_full_time",
            Unit::Kr,
            "income within 3 years for a new period, full-time",
        ),
        param(
            "income_requirement_part_time",
            Unit::Kr,
            "the same, part-time",
        ),
        param(
            "income_cap_full_time",
            Unit::KrPerMonth,
            "the most one month counts, full-time",
        ),
        param(
            "income_cap_part_time",
            Unit::KrPerMonth,
            "the same, part-time",
        ),
        param(
            "hours_system_from",
            Unit::Date,
            "the day consumption began to be counted in hours",
        ),
        param(
            "transition_week_hours_full_time",
            Unit::Hours,
            "hours per remaining week carried into the hour system, full-time",
        ),
        param(
            "transition_week_hours_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        param(
            "weeks_period",
            Unit::Weeks,
            "the week system's period (from `weeks_rule_from`)",
        ),
        param(
            "weeks_reference_months",
            Unit::Months,
            "its reference period",
        ),
        param(
            "weeks_rule_from",
            Unit::Date,
            "placements from this day had the 2-year week period",
        ),
        param(
            "old_weeks_period",
            Unit::Weeks,
            "the period for earlier placements",
        ),
        param(
            "old_reference_months",
            Unit::Months,
            "their reference period",
        ),
        optional_param(
            "supplement_from",
            Unit::Date,
            "placements from this day can have the beskæftigelsestillæg",
        ),
        optional_param(
            "supplement_hours_full_time",
            Unit::Hours,
            "the first hours paid at the raised rate, full-time",
        ),
        optional_param(
            "supplement_hours_part_time",
            Unit::Hours,
            "the same, part-time",
        ),
        optional_param(
            "supplement_max_full_time",
            Unit::KrPerMonth,
            "the raised maximum monthly rate, full-time",
        ),
        optional_param(
            "supplement_max_part_time",
            Unit::KrPerMonth,
            "the same, part-time",
        ),
        param(
            "supplementary_weeks",
            Unit::Weeks,
            "weeks of supplerende dagpenge within the window",
        ),
        param(
            "supplementary_window_months",
            Unit::Months,
            "the window they are counted in (104 weeks, as months)",
        ),
        param(
            "supplementary_extension_weeks",
            Unit::Weeks,
            "extra weeks for each month with more than `supplementary_extension_hours` of work",
        ),
        param(
            "supplementary_extension_hours",
            Unit::Hours,
            "work in a month that earns the extra weeks, full-time",
        ),
        param(
            "supplementary_extension_times",
            Unit::Count,
            "how many times the extra weeks can be earned",
        ),
        param(
            "supplementary_extension_window_months",
            Unit::Months,
            "the months those months must fall within",
        ),
        param(
            "supplementary_reearn_months",
            Unit::Months,
            "months of full work that earn a new set of supplerende weeks",
        ),
        param(
            "supplementary_reearn_hours",
            Unit::Hours,
            "work in a month that counts toward it, full-time",
        ),
        param(
            "supplementary_reearn_window_months",
            Unit::Months,
            "the months those months must fall within",
        ),
        optional_param(
            "suspension_1_from",
            Unit::Date,
            "first day of a suspension of consumption",
        ),
        optional_param("suspension_1_to", Unit::Date, "its last day"),
        optional_param(
            "suspension_2_from",
            Unit::Date,
            "first day of a second suspension",
        ),
        optional_param("suspension_2_to", Unit::Date, "its last day"),
    ],
    roundings: &[
        item(
            "hourly_rate",
            "the rate per hour: monthly rate ÷ month hours",
        ),
        item(
            "income_hours",
            "income without fixed hours converted to hours",
        ),
        item("payment", "the month's payment"),
    ],
    rules: &[
        item(
            "month",
            "the month's hours paid: deductions, waiting day, minimum",
        ),
        item("consumption", "what consumes the period, and suspensions"),
        item("account", "the employment account"),
        item("reearning", "re-earning a new period"),
        item("reference", "the reference period and its extension"),
        item("payment", "the month's payment at the member's rate"),
    ],
};

/// One month of the member's history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    pub work: Decimal,
    pub subsidised: Decimal,
    pub technical_days: Decimal,
    pub income: Decimal,
    pub income_hours: Option<Decimal>,
    pub extend: Decimal,
    /// Pay from ordinary work (A-income), for the income requirement.
    pub wage: Decimal,
    /// Before 1 July 2017: weeks with dagpenge paid in the month (the week system).
    pub weeks: Decimal,
    /// Weeks ending in the month with fewer than 37 (30) hours of work: each uses one of the
    /// weeks of supplerende dagpenge when the month pays any.
    pub short_weeks: Decimal,
    /// Days of the month without any work: all that is paid in a month with work once the
    /// supplerende weeks are used.
    pub workless_days: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub part_time: bool,
    pub placement: Month,
    pub dimittend: bool,
    /// The member's monthly rate; `None`: the maximum.
    pub monthly_rate: Option<Decimal>,
    /// The member's monthly rate during the beskæftigelsestillæg (90 % of the income after
    /// AM-bidrag, before the usual cap), when the a-kasse found the member qualifies.
    pub supplement_rate: Option<Decimal>,
    pub history: Vec<(Month, Record)>,
    /// A full-time member who became part-time insured from this month.
    pub part_time_from: Option<Month>,
    /// Hours of dagpenge in the 96 months up to the placement (for the shortening).
    pub hours_96_months: Option<Decimal>,
    /// For a placement before 1 July 2017: the weeks left on that day, and the last month of
    /// the old reference period.
    pub weeks_left_2017_07: Option<Decimal>,
    pub old_reference_end: Option<Month>,
}

pub const INPUT_FIELDS: [&str; 10] = [
    "insurance",
    "placement",
    "dimittend",
    "monthly_rate",
    "supplement_rate",
    "history",
    "part_time_from",
    "hours_96_months",
    "weeks_left_2017_07",
    "old_reference_end",
];

pub const RESULT_FIELDS: [&str; 19] = [
    "status",
    "period_hours",
    "consumed",
    "remaining",
    "reference_end",
    "reference_extension_months",
    "hours_paid",
    "payment",
    "hourly_rate",
    "supplement_hours",
    "supplement_hourly_rate",
    "account",
    "reearn_rule",
    "reearned",
    "reearn_needed",
    "shortened",
    "runs_out",
    "at_expiry",
    "months",
];

fn hours_value(t: &str, entry: &str) -> Result<Decimal, String> {
    let d = num::parse_decimal(&t.trim().replace(',', "."))
        .map_err(|_| format!("`{entry}`: `{}` is not a number", t.trim()))?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(format!("`{entry}`: {d} is negative"));
    }
    Ok(d)
}

/// The figures of one entry, separated by commas; a comma between digits is a decimal comma
/// (`work 145,53, sick_days 2`).
fn figures(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let decimal = i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b == b',' && !decimal {
            out.push(text[start..i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// `2024-03/2024-05: work 0; 2024-06: work 40, sick_days 2; 2024-07: income 5000`.
pub fn parse_history(text: &str) -> Result<Vec<(Month, Record)>, String> {
    let mut out: Vec<(Month, Record)> = Vec::new();
    for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let (when, what) = entry.split_once(':').ok_or_else(|| {
            format!("`{entry}`: write a month (or months) and its figures, e.g. 2024-06: work 40")
        })?;
        let (a, b) = match when.trim().split_once('/') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (when.trim(), when.trim()),
        };
        let from: Month = a.parse().map_err(|e| format!("`{entry}`: {e}"))?;
        let to: Month = b.parse().map_err(|e| format!("`{entry}`: {e}"))?;
        if to < from {
            return Err(format!("`{entry}`: the months end before they start"));
        }
        let mut r = Record::default();
        for part in figures(what) {
            let (key, value) = part
                .split_once(' ')
                .ok_or_else(|| format!("`{entry}`: `{part}` is not a figure, e.g. `work 40`"))?;
            let v = hours_value(value, entry)?;
            match key.trim() {
                "work" => r.work = v,
                "subsidised" => r.subsidised = v,
                "sick_days" | "holiday_days" | "unavailable_days" => r.technical_days += v,
                "income" => r.income = v,
                "income_hours" => r.income_hours = Some(v),
                "extend" => r.extend = v,
                "wage" => r.wage = v,
                "weeks" => r.weeks = v,
                "short_weeks" => r.short_weeks = v,
                "workless_days" => r.workless_days = Some(v),
                other => {
                    return Err(format!(
                        "`{entry}`: unknown figure `{other}` (work, wage, weeks, short_weeks, workless_days, subsidised, sick_days, holiday_days, unavailable_days, income, income_hours, extend)"
                    ));
                }
            }
        }
        // A month has at most 31 × 24 = 744 hours.
        if r.work + r.subsidised > Decimal::from(744) || r.technical_days > Decimal::from(31) {
            return Err(format!("`{entry}`: more hours or days than a month has"));
        }
        let mut m = from;
        while m <= to {
            if out.iter().any(|(x, _)| *x == m) {
                return Err(format!("`{entry}`: {m} is given twice"));
            }
            out.push((m, r));
            m = m.next();
        }
    }
    out.sort_by_key(|(m, _)| *m);
    Ok(out)
}

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut errors: Vec<crate::model::fields::FieldError> = Vec::new();
    let part_time = match get("insurance") {
        Some("full_time") => Some(false),
        Some("part_time") => Some(true),
        Some(t) => {
            errors.push(("insurance", format!("`{t}` is not full_time or part_time")));
            None
        }
        None => {
            errors.push((
                "insurance",
                "missing required field: full_time or part_time".into(),
            ));
            None
        }
    };
    let placement = match get("placement").map(str::parse::<Month>) {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            errors.push(("placement", e));
            None
        }
        None => {
            errors.push((
                "placement",
                "missing required field: the month of the placement (indplacering), YYYY-MM".into(),
            ));
            None
        }
    };
    let dimittend = match get("dimittend") {
        None | Some("false" | "no") => false,
        Some("true" | "yes") => true,
        Some(t) => {
            errors.push(("dimittend", format!("`{t}` is not true or false")));
            false
        }
    };
    let monthly_rate = match get("monthly_rate") {
        Some("maximum") => None,
        Some(t) => match num::parse_amount_da(t) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(("monthly_rate", e));
                None
            }
        },
        None => {
            errors.push((
                "monthly_rate",
                "missing required field: the member's monthly rate, or `maximum`".into(),
            ));
            None
        }
    };
    let supplement_rate = match get("supplement_rate").map(num::parse_amount_da) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            errors.push(("supplement_rate", e));
            None
        }
    };
    let history = match get("history").map(parse_history) {
        Some(Ok(h)) => Some(h),
        Some(Err(e)) => {
            errors.push(("history", e));
            None
        }
        None => {
            errors.push((
                "history",
                "missing required field: the months from the placement, e.g. \"2024-03/2024-12: work 0\"".into(),
            ));
            None
        }
    };
    let month_field = |name: &'static str, errors: &mut Vec<crate::model::fields::FieldError>| {
        get(name).and_then(|t| match t.parse::<Month>() {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push((name, e));
                None
            }
        })
    };
    let part_time_from = month_field("part_time_from", &mut errors);
    let old_reference_end = month_field("old_reference_end", &mut errors);
    let hours_field = |name: &'static str, errors: &mut Vec<crate::model::fields::FieldError>| {
        get(name).and_then(|t| match hours_value(t, name) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push((name, e));
                None
            }
        })
    };
    let hours_96_months = hours_field("hours_96_months", &mut errors);
    let weeks_left_2017_07 = hours_field("weeks_left_2017_07", &mut errors);
    if part_time == Some(true) && part_time_from.is_some() {
        errors.push((
            "part_time_from",
            "the member is already part-time insured".to_string(),
        ));
    }
    match (errors.is_empty(), part_time, placement, history) {
        (true, Some(part_time), Some(placement), Some(history)) => Ok(Input {
            part_time,
            placement,
            dimittend,
            monthly_rate,
            supplement_rate,
            history,
            part_time_from,
            hours_96_months,
            weeks_left_2017_07,
            old_reference_end,
        }),
        _ => Err(errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the placement {placement} is after the assessment month {month}")]
    PlacementAfter { placement: Month, month: Month },
    #[error("no record for {month}: give every month from the placement to the assessment month")]
    MissingMonth { month: Month },
    #[error(
        "a beskæftigelsestillæg is for placements from {from}; version {year} has no sourced raised maximum, or the placement is earlier"
    )]
    NoSupplement { from: String, year: i32 },
    #[error(
        "{month}: the weeks of supplerende dagpenge are used, so only days without work are paid: give `workless_days`"
    )]
    WorklessDaysNeeded { month: Month },
    #[error(
        "{month}: income without fixed hours in another year than the assessment's needs that year's conversion rate; give `income_hours` as the a-kasse converted them"
    )]
    IncomeOtherYear { month: Month },
    #[error(
        "a placement before 1 July 2017 (the week system) needs `weeks_left_2017_07` and `old_reference_end` to carry it into hours"
    )]
    BeforeHours,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_full: Decimal,
    pub max_part: Decimal,
    pub high_rate: Decimal,
    pub month_hours: (Decimal, Decimal),
    pub day_hours: (Decimal, Decimal),
    pub period: (Decimal, Decimal),
    pub reference_months: u32,
    pub dimittend: Option<(Decimal, Decimal, u32, NaiveDate)>,
    pub account_ratio: Decimal,
    pub account_cap: (Decimal, Decimal),
    pub reearn: (Decimal, Decimal),
    pub reearn_window: u32,
    pub min_paid: (Decimal, Decimal),
    pub waiting_every: u32,
    pub waiting_exempt: (Decimal, Decimal),
    pub extension_month_hours: Decimal,
    pub suspensions: Vec<(NaiveDate, NaiveDate)>,
    pub part_time_factor: Decimal,
    pub shortening_trigger: (Decimal, Decimal),
    pub shortening_hours: (Decimal, Decimal),
    pub income_requirement: (Decimal, Decimal),
    pub income_cap: (Decimal, Decimal),
    pub hours_system_from: NaiveDate,
    pub transition_week_hours: (Decimal, Decimal),
    pub supplementary: Supplementary,
    pub supplement: Option<Supplement>,
    pub weeks_period: Decimal,
    pub weeks_reference_months: u32,
    pub weeks_rule_from: NaiveDate,
    pub old_weeks_period: Decimal,
    pub old_reference_months: u32,
    pub round_hourly: Rounding,
    pub round_income_hours: Rounding,
    pub round_payment: Rounding,
    pub year: i32,
    pub valid_from: NaiveDate,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let date = |n: &str| v.date(n);
        let whole = |d: Decimal| u32::try_from(d.trunc().mantissa()).unwrap_or(0);
        let dimittend = match (
            v.parameter("dimittend_hours_full_time"),
            v.parameter("dimittend_hours_part_time"),
            v.parameter("dimittend_reference_months"),
            date("dimittend_rule_from"),
        ) {
            (Some(a), Some(b), Some(c), Some(d)) => Some((a.value, b.value, whole(c.value), d)),
            (None, None, None, None) => None,
            _ => return Err("all four dimittend parameters, or none".into()),
        };
        let mut suspensions = Vec::new();
        for (a, b) in [
            ("suspension_1_from", "suspension_1_to"),
            ("suspension_2_from", "suspension_2_to"),
        ] {
            match (date(a), date(b)) {
                (Some(f), Some(t)) => suspensions.push((f, t)),
                (None, None) => {}
                _ => return Err(format!("both `{a}` and `{b}`, or neither")),
            }
        }
        use chrono::Datelike;
        Ok(Self {
            max_full: p("max_monthly_full_time")?,
            max_part: p("max_monthly_part_time")?,
            high_rate: p("high_conversion_rate")?,
            month_hours: (p("month_hours_full_time")?, p("month_hours_part_time")?),
            day_hours: (p("day_hours_full_time")?, p("day_hours_part_time")?),
            period: (p("period_hours_full_time")?, p("period_hours_part_time")?),
            reference_months: whole(p("reference_months")?),
            dimittend,
            account_ratio: p("account_ratio")?,
            account_cap: (p("account_cap_full_time")?, p("account_cap_part_time")?),
            reearn: (p("reearn_hours_full_time")?, p("reearn_hours_part_time")?),
            reearn_window: whole(p("reearn_window_months")?),
            min_paid: (p("min_paid_full_time")?, p("min_paid_part_time")?),
            waiting_every: whole(p("waiting_every_months")?).max(1),
            waiting_exempt: (
                p("waiting_exempt_full_time")?,
                p("waiting_exempt_part_time")?,
            ),
            extension_month_hours: p("extension_month_hours")?,
            suspensions,
            part_time_factor: p("part_time_factor")?,
            shortening_trigger: (
                p("shortening_trigger_full_time")?,
                p("shortening_trigger_part_time")?,
            ),
            shortening_hours: (
                p("shortening_hours_full_time")?,
                p("shortening_hours_part_time")?,
            ),
            income_requirement: (
                p("income_requirement_full_time")?,
                p("income_requirement_part_time")?,
            ),
            income_cap: (p("income_cap_full_time")?, p("income_cap_part_time")?),
            hours_system_from: date("hours_system_from").ok_or("parameter `hours_system_from`")?,
            transition_week_hours: (
                p("transition_week_hours_full_time")?,
                p("transition_week_hours_part_time")?,
            ),
            supplementary: Supplementary {
                weeks: p("supplementary_weeks")?,
                window: whole(p("supplementary_window_months")?),
                extension_weeks: p("supplementary_extension_weeks")?,
                extension_hours: p("supplementary_extension_hours")?,
                extension_times: whole(p("supplementary_extension_times")?),
                extension_window: whole(p("supplementary_extension_window_months")?),
                reearn_months: whole(p("supplementary_reearn_months")?),
                reearn_hours: p("supplementary_reearn_hours")?,
                reearn_window: whole(p("supplementary_reearn_window_months")?),
            },
            supplement: match date("supplement_from") {
                None => None,
                Some(from) => Some((
                    from,
                    (
                        p("supplement_hours_full_time")?,
                        p("supplement_hours_part_time")?,
                    ),
                    (
                        p("supplement_max_full_time")?,
                        p("supplement_max_part_time")?,
                    ),
                )),
            },
            weeks_period: p("weeks_period")?,
            weeks_reference_months: whole(p("weeks_reference_months")?),
            weeks_rule_from: date("weeks_rule_from").ok_or("parameter `weeks_rule_from`")?,
            old_weeks_period: p("old_weeks_period")?,
            old_reference_months: whole(p("old_reference_months")?),
            round_hourly: v.rounding("hourly_rate").ok_or("rounding `hourly_rate`")?,
            round_income_hours: v
                .rounding("income_hours")
                .ok_or("rounding `income_hours`")?,
            round_payment: v.rounding("payment").ok_or("rounding `payment`")?,
            year: v.valid_from.year(),
            valid_from: v.valid_from,
        })
    }
}

/// The beskæftigelsestillæg: from which placements, for how many hours (full-time, part-time),
/// and the raised maximum monthly rate (full-time, part-time).
pub type Supplement = (NaiveDate, (Decimal, Decimal), (Decimal, Decimal));

/// The limit on supplerende dagpenge (work on reduced hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supplementary {
    pub weeks: Decimal,
    pub window: u32,
    pub extension_weeks: Decimal,
    pub extension_hours: Decimal,
    pub extension_times: u32,
    pub extension_window: u32,
    pub reearn_months: u32,
    pub reearn_hours: Decimal,
    pub reearn_window: u32,
}

/// One month of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub month: Month,
    pub projected: bool,
    pub part_time: bool,
    /// A month under the week system: weeks consumed, and the total.
    pub weeks: Option<(Decimal, Decimal, Decimal)>,
    /// Supplerende weeks: used this month, used in the window including it, and the limit.
    pub supplementary: Option<(Decimal, Decimal, Decimal)>,
    /// The supplerende weeks were used: only this many days without work were paid.
    pub workless_only: Option<Decimal>,
    pub deductions: Decimal,
    pub waiting_day: bool,
    pub paid: Decimal,
    pub consumed: Decimal,
    pub suspended: bool,
    pub consumed_total: Decimal,
    pub account: Decimal,
    /// The reference period's last month as known in this month.
    pub reference_last: Month,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub lines: Vec<Line>,
    pub status: &'static str,
    pub period: Decimal,
    pub consumed: Decimal,
    pub remaining: Decimal,
    pub reference_end: NaiveDate,
    pub extension_months: u32,
    pub hours_paid: Decimal,
    pub hourly_rate: Decimal,
    /// Hours of the month paid at the beskæftigelsestillæg's rate, and that rate per hour.
    pub supplement_hours: Decimal,
    pub supplement_hourly_rate: Option<Decimal>,
    pub payment: Decimal,
    pub account: Decimal,
    /// Which requirement a new period follows: `hours` while hours stand on the account.
    pub reearn_rule: &'static str,
    pub reearned: Decimal,
    pub reearn_needed: Decimal,
    pub shortened: bool,
    pub runs_out: Option<Month>,
    pub at_expiry: String,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("status", Value::Text(self.status.into())),
            ("period_hours", Value::Number(self.period)),
            ("consumed", Value::Number(self.consumed)),
            ("remaining", Value::Number(self.remaining)),
            ("reference_end", Value::Text(self.reference_end.to_string())),
            (
                "reference_extension_months",
                Value::Number(self.extension_months.into()),
            ),
            ("hours_paid", Value::Number(self.hours_paid)),
            ("payment", Value::Amount(self.payment)),
            ("hourly_rate", Value::Amount(self.hourly_rate)),
            ("supplement_hours", Value::Number(self.supplement_hours)),
            (
                "supplement_hourly_rate",
                self.supplement_hourly_rate
                    .map_or(Value::None, Value::Amount),
            ),
            ("account", Value::Number(self.account)),
            ("reearn_rule", Value::Text(self.reearn_rule.into())),
            ("reearned", Value::Number(self.reearned)),
            ("reearn_needed", Value::Number(self.reearn_needed)),
            ("shortened", Value::Bool(self.shortened)),
            (
                "runs_out",
                self.runs_out
                    .map_or(Value::None, |m| Value::Text(m.to_string())),
            ),
            ("at_expiry", Value::Text(self.at_expiry.clone())),
            (
                "months",
                Value::Number(Decimal::from(
                    self.lines.iter().filter(|l| !l.projected).count(),
                )),
            ),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![
            ("consumption", "consumed", self.consumed),
            ("payment", "payment", self.payment),
        ]
    }
}

fn pick(part_time: bool, pair: (Decimal, Decimal)) -> Decimal {
    if part_time { pair.1 } else { pair.0 }
}

fn last_day(m: Month) -> NaiveDate {
    m.next().first_day().pred_opt().unwrap_or(m.first_day())
}

pub fn compute(input: &Input, month: Month, p: &Params) -> Result<Output, Refusal> {
    if input.placement > month {
        return Err(Refusal::PlacementAfter {
            placement: input.placement,
            month,
        });
    }
    let hours_from = Month::of(p.hours_system_from);
    let mut lines: Vec<Line> = Vec::new();
    let mut runs_out = None;
    // A placement under the week system carries its remaining weeks into hours on 1 July 2017
    // (BEK § 13): weeks × 37 (30), with the old reference period's last month kept. The weeks
    // come from the history's months before then, or are given.
    let (start, mut period, fixed_reference) = if input.placement < hours_from {
        let (weeks_left, old_end) = match (input.weeks_left_2017_07, input.old_reference_end) {
            (Some(weeks), Some(end)) => (weeks, end),
            _ if input.history.iter().any(|(m, _)| *m < hours_from) => {
                let (period_weeks, months) = if input.placement.first_day() >= p.weeks_rule_from {
                    (p.weeks_period, p.weeks_reference_months)
                } else {
                    (p.old_weeks_period, p.old_reference_months)
                };
                let end = input.placement.plus_months(months - 1);
                let mut used = Decimal::ZERO;
                let mut m = input.placement;
                while m < hours_from {
                    let rec = match input.history.iter().find(|(x, _)| *x == m) {
                        Some((_, r)) => *r,
                        None => return Err(Refusal::MissingMonth { month: m }),
                    };
                    let week = rec.weeks.min(period_weeks - used).max(Decimal::ZERO);
                    used += week;
                    lines.push(Line {
                        month: m,
                        projected: false,
                        part_time: input.part_time,
                        weeks: Some((week, used, period_weeks)),
                        supplementary: None,
                        workless_only: None,
                        deductions: Decimal::ZERO,
                        waiting_day: false,
                        paid: Decimal::ZERO,
                        consumed: Decimal::ZERO,
                        suspended: false,
                        consumed_total: Decimal::ZERO,
                        account: Decimal::ZERO,
                        reference_last: end,
                    });
                    if runs_out.is_none() && (used >= period_weeks || m >= end) {
                        runs_out = Some(m);
                    }
                    m = m.next();
                }
                // A right that ran out under the week system carries nothing into hours.
                let left = if runs_out.is_some() {
                    Decimal::ZERO
                } else {
                    period_weeks - used
                };
                (left, end)
            }
            _ => return Err(Refusal::BeforeHours),
        };
        let per_week = pick(input.part_time, p.transition_week_hours);
        (hours_from, weeks_left * per_week, Some(old_end))
    } else {
        let period = match p.dimittend {
            Some((full, part, _, from))
                if input.dimittend && input.placement.first_day() >= from =>
            {
                pick(input.part_time, (full, part))
            }
            _ => pick(input.part_time, p.period),
        };
        (input.placement, period, None)
    };
    let reference_months = match p.dimittend {
        Some((_, _, months, from)) if input.dimittend && input.placement.first_day() >= from => {
            months
        }
        _ => p.reference_months,
    };
    // Shortening after long unemployment (§ 56 b).
    let shortened = input.hours_96_months.is_some_and(|h| {
        h >= pick(input.part_time, p.shortening_trigger)
            && period >= pick(input.part_time, p.shortening_hours)
    });
    if shortened {
        period -= pick(input.part_time, p.shortening_hours);
    }
    let part_time_in = |m: Month| input.part_time || input.part_time_from.is_some_and(|f| m >= f);
    let suspended = |m: Month| {
        p.suspensions
            .iter()
            .any(|&(f, t)| m.first_day() >= f && last_day(m) <= t)
    };
    let mut consumed_total = Decimal::ZERO;
    let mut account = Decimal::ZERO;
    let mut extend_hours = Decimal::ZERO;
    let mut suspended_months = 0u32;
    let mut works: Vec<(Month, Decimal, Decimal)> = Vec::new();
    let mut m = start;
    let mut k = 0u32;
    let mut was_part_time = part_time_in(start);
    // Known months, then a projection of full unemployment to the end of the right.
    while runs_out.is_none() || m <= month {
        k += 1;
        let pt = part_time_in(m);
        if pt && !was_part_time {
            // Full-time to part-time: the rest of the period × 0,81 (BEK § 3 stk. 4).
            let left = (period - consumed_total).max(Decimal::ZERO);
            period = consumed_total + (left * p.part_time_factor).round_dp(2);
        }
        was_part_time = pt;
        let projected = m > month;
        let rec = if projected {
            Record::default()
        } else {
            match input.history.iter().find(|(x, _)| *x == m) {
                Some((_, r)) => *r,
                None => return Err(Refusal::MissingMonth { month: m }),
            }
        };
        let income_hours = match rec.income_hours {
            Some(h) => h,
            None if rec.income.is_zero() => Decimal::ZERO,
            None if m.year() == p.year => p.round_income_hours.apply(rec.income / p.high_rate),
            None => return Err(Refusal::IncomeOtherYear { month: m }),
        };
        works.push((m, rec.work, rec.wage));
        let day_hours = pick(pt, p.day_hours);
        // The waiting day every 4th month, unless enough work in those months.
        let waiting_day = k % p.waiting_every == 0 && {
            let recent: Decimal = works
                .iter()
                .rev()
                .take(p.waiting_every as usize)
                .map(|(_, w, _)| *w)
                .sum();
            recent <= pick(pt, p.waiting_exempt)
        };
        let deductions = rec.work
            + income_hours
            + rec.technical_days * day_hours
            + if waiting_day {
                day_hours
            } else {
                Decimal::ZERO
            };
        let mut paid = (pick(pt, p.month_hours) - deductions).max(Decimal::ZERO);
        if paid < pick(pt, p.min_paid) {
            paid = Decimal::ZERO;
        }
        // Supplerende dagpenge: a month with work that still pays uses its short weeks; once
        // the weeks within the window are used (after the month they run out in), only the
        // days without work are paid.
        let mut supplementary = None;
        let mut workless_only = None;
        if !projected && rec.work > Decimal::ZERO && paid > Decimal::ZERO {
            let sp = p.supplementary;
            let limit = sp.weeks
                + sp.extension_weeks
                    * Decimal::from(
                        works
                            .iter()
                            .rev()
                            .skip(1)
                            .take(sp.extension_window as usize)
                            .filter(|(_, w, _)| *w > sp.extension_hours)
                            .count()
                            .min(sp.extension_times as usize) as u32,
                    );
            // A new set of weeks is earned by enough full months within a window: weeks used
            // before the latest such month no longer count.
            let reearned_at = (0..works.len().saturating_sub(1))
                .rev()
                .find(|&i| {
                    let lo = i.saturating_sub(sp.reearn_window.saturating_sub(1) as usize);
                    works[lo..=i]
                        .iter()
                        .filter(|(_, w, _)| *w > sp.reearn_hours)
                        .count()
                        >= sp.reearn_months as usize
                })
                .map(|i| works[i].0);
            let used_before: Decimal = lines
                .iter()
                .rev()
                .take(sp.window.saturating_sub(1) as usize)
                .filter(|l| reearned_at.is_none_or(|r| l.month > r))
                .filter_map(|l| l.supplementary.map(|(w, _, _)| w))
                .sum();
            if used_before >= limit {
                let days = rec
                    .workless_days
                    .ok_or(Refusal::WorklessDaysNeeded { month: m })?;
                paid = paid.min(days * day_hours);
                workless_only = Some(days);
            }
            if paid > Decimal::ZERO && used_before < limit {
                supplementary = Some((rec.short_weeks, used_before + rec.short_weeks, limit));
            }
        }
        let is_suspended = suspended(m);
        if is_suspended {
            suspended_months += 1;
        }
        let remaining_before = (period - consumed_total).max(Decimal::ZERO);
        let consumed = if is_suspended {
            Decimal::ZERO
        } else {
            (paid + rec.subsidised).min(remaining_before)
        };
        consumed_total += consumed;
        account = (account + p.account_ratio * rec.work).min(pick(pt, p.account_cap));
        extend_hours += rec.extend;
        let extension_months =
            u32::try_from((extend_hours / p.extension_month_hours).ceil().mantissa()).unwrap_or(0)
                + suspended_months;
        let reference_last = match fixed_reference {
            Some(end) => end.plus_months(extension_months),
            None => start.plus_months(reference_months + extension_months - 1),
        };
        lines.push(Line {
            month: m,
            projected,
            part_time: pt,
            weeks: None,
            supplementary,
            workless_only,
            deductions,
            waiting_day,
            paid: if projected {
                paid.min(remaining_before)
            } else {
                paid
            },
            consumed,
            suspended: is_suspended,
            consumed_total,
            account,
            reference_last,
        });
        if runs_out.is_none() && (consumed_total >= period || m >= reference_last) {
            runs_out = Some(m);
        }
        if runs_out.is_some() && m >= month {
            break;
        }
        if lines.len() > 1200 {
            break;
        }
        m = m.next();
    }
    let known: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.projected && l.weeks.is_none())
        .collect();
    let this = known.last().copied();
    let consumed = this.map_or(Decimal::ZERO, |l| l.consumed_total);
    let account_now = this.map_or(Decimal::ZERO, |l| l.account);
    let reference_last = this.map_or(start, |l| l.reference_last);
    let extension_months = match fixed_reference {
        Some(end) => months_between(end, reference_last),
        None => months_between(start.plus_months(reference_months - 1), reference_last),
    };
    let pt_now = part_time_in(month);
    // Re-earning within the window, never before the placement: hours, or income up to the
    // monthly cap; the hours rule applies while hours stand on the employment account.
    let in_window =
        |x: Month| x <= month && x >= start && months_between(x, month) < p.reearn_window;
    let reearned: Decimal = works
        .iter()
        .filter(|(x, _, _)| in_window(*x))
        .map(|(_, w, _)| *w)
        .sum();
    let cap = pick(pt_now, p.income_cap);
    let reearned_income: Decimal = works
        .iter()
        .filter(|(x, _, _)| in_window(*x))
        .map(|(_, _, w)| (*w).min(cap))
        .sum();
    let by_hours = account_now > Decimal::ZERO;
    let hours_paid = this.map_or(Decimal::ZERO, |l| l.paid);
    let rate = input
        .monthly_rate
        .unwrap_or(if pt_now { p.max_part } else { p.max_full });
    let hourly_rate = p.round_hourly.apply(rate / pick(pt_now, p.month_hours));
    // The beskæftigelsestillæg: the first hours paid since the placement at the raised rate.
    let (supplement_hours, supplement_hourly_rate) = match input.supplement_rate {
        None => (Decimal::ZERO, None),
        Some(raised) => {
            let (_, hours, max) = p
                .supplement
                .filter(|(from, _, _)| input.placement.first_day() >= *from)
                .ok_or(Refusal::NoSupplement {
                    from: p
                        .supplement
                        .map_or("(not sourced)".to_string(), |s| s.0.to_string()),
                    year: p.year,
                })?;
            let paid_before: Decimal = known.iter().rev().skip(1).map(|l| l.paid).sum();
            let left = (pick(pt_now, hours) - paid_before).max(Decimal::ZERO);
            let rate = p
                .round_hourly
                .apply(raised.min(pick(pt_now, max)) / pick(pt_now, p.month_hours));
            (hours_paid.min(left), Some(rate))
        }
    };
    let payment = p.round_payment.apply(
        (hours_paid - supplement_hours) * hourly_rate
            + supplement_hours * supplement_hourly_rate.unwrap_or_default(),
    );
    let remaining = (period - consumed).max(Decimal::ZERO);
    let status = match runs_out {
        Some(r) if r <= month => "used_up",
        _ => "running",
    };
    let at_expiry = format!(
        "extension of up to {} hours from the employment account, or keep the work for re-earning",
        num::plain(account_now)
    );
    Ok(Output {
        lines,
        status,
        period,
        consumed,
        remaining,
        reference_end: last_day(reference_last),
        extension_months,
        hours_paid,
        hourly_rate,
        supplement_hours,
        supplement_hourly_rate,
        payment,
        account: account_now,
        reearn_rule: if by_hours { "hours" } else { "income" },
        reearned: if by_hours { reearned } else { reearned_income },
        reearn_needed: if by_hours {
            pick(pt_now, p.reearn)
        } else {
            pick(pt_now, p.income_requirement)
        },
        shortened,
        runs_out,
        at_expiry,
    })
}

/// Whole months from `a` to `b` (0 when `b` is not after `a`).
fn months_between(a: Month, b: Month) -> u32 {
    let n = |m: Month| i64::from(m.year()) * 12 + i64::from(m.month0());
    u32::try_from(n(b) - n(a)).unwrap_or(0)
}

/// Hours as an a-kasse writes them: two decimals, Danish notation (`1.588,50`).
fn h(d: Decimal) -> String {
    num::danish(d, 2)
}

pub fn explain(input: &Input, month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    for l in &o.lines {
        if l.projected && o.lines.len() > 60 && l.month > month.plus_months(60) {
            continue;
        }
        if let Some((w, total, period)) = l.weeks {
            trace
                .step(
                    "consumption",
                    format!("{} (week system)", l.month),
                    Value::Number(w),
                )
                .da(format!("{} (ugesystemet)", l.month))
                .formula(format!(
                    "{} week(s) with dagpenge; {} of {} weeks used",
                    h(w),
                    h(total),
                    h(period)
                ));
            continue;
        }
        trace
            .step(
                "month",
                format!(
                    "{}{}",
                    l.month,
                    if l.projected { " (projected)" } else { "" }
                ),
                Value::Number(l.paid.round_dp(2)),
            )
            .da(format!("{}", l.month))
            .formula(format!(
                "{} − {} deducted{} = {} paid; consumed {}{}; total {}; account {}{}",
                h(pick(l.part_time, p.month_hours)),
                h(l.deductions),
                if l.waiting_day {
                    " (incl. the waiting day)"
                } else {
                    ""
                },
                match l.workless_only {
                    Some(days) => format!(
                        "{}, but only {} day(s) without work × {} = {}",
                        h((pick(l.part_time, p.month_hours) - l.deductions).max(Decimal::ZERO)),
                        num::plain(days),
                        h(pick(l.part_time, p.day_hours)),
                        h(l.paid)
                    ),
                    None => h(l.paid),
                },
                h(l.consumed),
                if l.suspended {
                    " (consumption suspended)"
                } else {
                    ""
                },
                h(l.consumed_total),
                h(l.account),
                match (l.supplementary, l.workless_only) {
                    (_, Some(_)) => "; the supplerende weeks are used".to_string(),
                    (Some((w, total, limit)), _) if total > Decimal::ZERO => format!(
                        "; supplerende weeks {} ({} of {} in the window)",
                        num::plain(w),
                        num::plain(total),
                        num::plain(limit)
                    ),
                    _ => String::new(),
                }
            ));
    }
    trace
        .step("consumption", "Hours consumed", Value::Number(o.consumed))
        .da("Forbrugte timer")
        .formula(format!(
            "{} of {} hours; {} left{}",
            h(o.consumed),
            h(o.period),
            h(o.remaining),
            if o.shortened {
                " (the period was shortened after long unemployment)"
            } else {
                ""
            }
        ));
    trace
        .step(
            "reference",
            "Reference period ends",
            Value::Text(o.reference_end.to_string()),
        )
        .da("Referenceperioden slutter")
        .formula(format!(
            "placement {} + the reference months + {} month(s) of extension",
            input.placement, o.extension_months
        ));
    trace
        .step("account", "Employment account", Value::Number(o.account))
        .da("Beskæftigelseskonto")
        .formula(o.at_expiry.clone());
    trace
        .step(
            "reearning",
            "Work toward a new period",
            Value::Number(o.reearned),
        )
        .da("Genoptjening")
        .formula(if o.reearn_rule == "hours" {
            format!(
                "hours on the employment account, so the hours requirement: {} of {} hours within {} months, since the placement",
                h(o.reearned),
                h(o.reearn_needed),
                p.reearn_window
            )
        } else {
            format!(
                "no hours on the employment account, so the income requirement of the assessment year: {} of {} kr. within {} months, each month counted up to the cap",
                num::danish(o.reearned, 2),
                num::danish(o.reearn_needed, 2),
                p.reearn_window
            )
        });
    trace
        .step(
            "payment",
            format!("Payment for {month}"),
            Value::Amount(o.payment),
        )
        .da(format!("Udbetaling for {month}"))
        .formula(format!(
            "{}{} hours × {} kr. = {} kr.{}",
            match o.supplement_hourly_rate {
                Some(r) if o.supplement_hours > Decimal::ZERO => format!(
                    "{} hours with the beskæftigelsestillæg × {} kr. + ",
                    h(o.supplement_hours),
                    num::danish(r, 2)
                ),
                _ => String::new(),
            },
            h(o.hours_paid - o.supplement_hours),
            num::danish(o.hourly_rate, 2),
            num::danish(o.payment, 2),
            match o.runs_out {
                Some(r) if r > month =>
                    format!("; if unemployed from here, the right runs out in {r}"),
                Some(r) => format!("; the right ran out in {r}"),
                None => String::new(),
            }
        ));
}

crate::model::scheme::legacy_scheme!(Dagpenge, self, fallible, |i| None);
