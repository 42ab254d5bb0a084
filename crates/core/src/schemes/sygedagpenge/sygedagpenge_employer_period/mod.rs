//! **Arbejdsgiverperioden** (sygedagpengeloven §§ 30-34, 56): the first days of a sickness spell,
//! for which the employer pays the employee (wage or sygedagpenge) without refund. From the
//! spell's first day, the employment and the hours worked, this scheme decides whether there is
//! an employer period, when it ends, and from when the municipality pays (or refunds the
//! employer); and the employer's deadlines for reporting the absence and claiming the refund.
//!
//! The version follows the spell's first day: 21 calendar days before 2 January 2012, 30 from
//! then.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::model::fields::Fields;
use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_param, param};
use crate::values::history::add_months;
use crate::values::month::Month;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "sygedagpenge_employer_period",
    family: "sygedagpenge",
    selected_by: Some("first_sick_day"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "employer_pays_days",
    compile: crate::model::scheme::compile::<SygedagpengeEmployerPeriod>,
    parameters: &[
        param(
            "employer_period_days",
            Unit::Days,
            "calendar days from the first day of absence the employer pays",
        ),
        param(
            "min_weeks_employed",
            Unit::Weeks,
            "weeks of uninterrupted employment just before the absence",
        ),
        param(
            "min_hours_worked",
            Unit::Hours,
            "hours worked in those weeks",
        ),
        optional_param(
            "report_weeks",
            Unit::Weeks,
            "weeks from the first day of absence within which the employer reports it",
        ),
        optional_param(
            "claim_lookback_months",
            Unit::Months,
            "a claim covers days up to this many months before it is made",
        ),
        optional_param(
            "insured_employer_days",
            Unit::Days,
            "days a small employer insured under § 55 pays before refund",
        ),
    ],
    roundings: &[],
    rules: &[
        item(
            "employment",
            "the employment requirement toward the employer",
        ),
        item("period", "the employer period and its end"),
        item(
            "exceptions",
            "the cases with no employer period or refund from the first days",
        ),
        item("deadlines", "reporting the absence and claiming the refund"),
    ],
};

/// The employment's special arrangements that change who pays the first days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    Ordinary,
    /// A flex-job: no employer period, refund from the first day.
    Fleksjob,
    /// A § 56 agreement (chronic or long illness): refund from the first day.
    Section56,
    /// Sickness caused by pregnancy: refund from the first day.
    Pregnancy,
    /// A small private employer insured under § 55: refund from the second day.
    InsuredSection55,
}

impl Arrangement {
    pub const NAMES: [&'static str; 5] = [
        "ordinary",
        "fleksjob",
        "section_56",
        "pregnancy",
        "insured_section_55",
    ];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "ordinary" => Arrangement::Ordinary,
            "fleksjob" => Arrangement::Fleksjob,
            "section_56" => Arrangement::Section56,
            "pregnancy" => Arrangement::Pregnancy,
            "insured_section_55" => Arrangement::InsuredSection55,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Arrangement::Ordinary => "ordinary",
            Arrangement::Fleksjob => "fleksjob",
            Arrangement::Section56 => "section_56",
            Arrangement::Pregnancy => "pregnancy",
            Arrangement::InsuredSection55 => "insured_section_55",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub first_sick_day: NaiveDate,
    pub last_sick_day: Option<NaiveDate>,
    pub employment_start: NaiveDate,
    pub employment_end: Option<NaiveDate>,
    pub hours_last_8_weeks: Decimal,
    pub arrangement: Arrangement,
    /// The day the employer reported the absence, if it has.
    pub reported: Option<NaiveDate>,
    /// The day the employer claimed the refund, if it has.
    pub claimed: Option<NaiveDate>,
}

pub const INPUT_FIELDS: [&str; 8] = [
    "first_sick_day",
    "last_sick_day",
    "employment_start",
    "employment_end",
    "hours_last_8_weeks",
    "arrangement",
    "reported",
    "claimed",
];

pub const RESULT_FIELDS: [&str; 10] = [
    "employer_period",
    "employer_period_end",
    "employer_pays_days",
    "public_from",
    "refund_to_employer_from",
    "reason",
    "report_deadline",
    "reported_late",
    "claim_by",
    "employment_requirement",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let mut f = Fields::new(get);
    let first = f.date("first_sick_day", "the first day of absence");
    let last = f.opt_date("last_sick_day");
    let start = f.date("employment_start", "the day the employment began");
    let end = f.opt_date("employment_end");
    let hours = f.hours(
        "hours_last_8_weeks",
        "the hours worked for this employer in the 8 weeks before the absence",
    );
    let arrangement = match f.opt_choice("arrangement", &Arrangement::NAMES) {
        Some(a) => Arrangement::parse(a),
        None => Some(Arrangement::Ordinary),
    };
    let reported = f.opt_date("reported");
    let claimed = f.opt_date("claimed");
    if let (Some(first), Some(last)) = (first, last)
        && last < first
    {
        f.errors.push((
            "last_sick_day",
            format!("the spell ends ({last}) before it starts ({first})"),
        ));
    }
    if let (Some(first), Some(start)) = (first, start)
        && first < start
    {
        f.errors.push((
            "employment_start",
            format!("the employment starts ({start}) after the first day of absence ({first})"),
        ));
    }
    if let (Some(first), Some(end)) = (first, end)
        && end < first
    {
        f.errors.push((
            "employment_end",
            format!("the employment ended ({end}) before the absence began ({first})"),
        ));
    }
    match (f.errors.is_empty(), first, start, hours, arrangement) {
        (true, Some(first_sick_day), Some(employment_start), Some(hours), Some(arrangement)) => {
            Ok(Input {
                first_sick_day,
                last_sick_day: last,
                employment_start,
                employment_end: end,
                hours_last_8_weeks: hours,
                arrangement,
                reported,
                claimed,
            })
        }
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub employer_period_days: u32,
    pub min_weeks_employed: u32,
    pub min_hours_worked: Decimal,
    pub report_weeks: Option<u32>,
    pub claim_lookback_months: Option<u32>,
    pub insured_employer_days: Option<u32>,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let whole = |n: &str| v.whole(n);
        Ok(Self {
            employer_period_days: whole("employer_period_days")?,
            min_weeks_employed: whole("min_weeks_employed")?,
            min_hours_worked: p("min_hours_worked")?,
            report_weeks: whole("report_weeks").ok(),
            claim_lookback_months: whole("claim_lookback_months").ok(),
            insured_employer_days: whole("insured_employer_days").ok(),
            version: v.version.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Whether the employer must pay the first days without refund.
    pub employer_period: bool,
    pub employer_period_end: Option<NaiveDate>,
    /// Days of the spell the employer pays without refund.
    pub employer_pays_days: u32,
    /// The first day the municipality pays (sygedagpenge or refund), if the spell lasts.
    pub public_from: Option<NaiveDate>,
    /// The first day a refund can run if the employer pays wages; later if reported or
    /// claimed late.
    pub refund_from: Option<NaiveDate>,
    pub reason: String,
    pub report_deadline: Option<NaiveDate>,
    pub reported_late: bool,
    /// The last day a claim still covers the first refund day.
    pub claim_by: Option<NaiveDate>,
    pub employment_ok: bool,
    pub weeks_employed_from: NaiveDate,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let date = |d: Option<NaiveDate>| d.map_or(Value::None, |d| Value::Text(d.to_string()));
        vec![
            ("employer_period", Value::Bool(self.employer_period)),
            ("employer_period_end", date(self.employer_period_end)),
            (
                "employer_pays_days",
                Value::Number(Decimal::from(self.employer_pays_days)),
            ),
            ("public_from", date(self.public_from)),
            ("refund_to_employer_from", date(self.refund_from)),
            ("reason", Value::Text(self.reason.clone())),
            ("report_deadline", date(self.report_deadline)),
            ("reported_late", Value::Bool(self.reported_late)),
            ("claim_by", date(self.claim_by)),
            ("employment_requirement", Value::Bool(self.employment_ok)),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![(
            "period",
            "employer days",
            Decimal::from(self.employer_pays_days),
        )]
    }
}

fn day(d: NaiveDate, n: u32) -> NaiveDate {
    d + Duration::days(i64::from(n))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("version {version} has no sourced rule for employers insured under § 55")]
    NoInsuranceRule { version: String },
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    let insured_days = match (input.arrangement, p.insured_employer_days) {
        (Arrangement::InsuredSection55, None) => {
            return Err(Refusal::NoInsuranceRule {
                version: p.version.clone(),
            });
        }
        (_, d) => d.unwrap_or(0),
    };
    let first = input.first_sick_day;
    let weeks_from = first - Duration::weeks(i64::from(p.min_weeks_employed));
    let employed_long_enough = input.employment_start <= weeks_from;
    let enough_hours = input.hours_last_8_weeks >= p.min_hours_worked;
    let employment_ok = employed_long_enough && enough_hours;
    // The last day the employer can owe anything: the spell's or the employment's end.
    let last = match (input.last_sick_day, input.employment_end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let (employer_days, reason) = if !employment_ok {
        let why = if employed_long_enough {
            format!(
                "{} hours in the last {} weeks, fewer than {}",
                crate::values::num::plain(input.hours_last_8_weeks),
                p.min_weeks_employed,
                crate::values::num::plain(p.min_hours_worked)
            )
        } else {
            format!(
                "employed from {}, not the whole {} weeks from {weeks_from}",
                input.employment_start, p.min_weeks_employed
            )
        };
        (
            0,
            format!("no employer period: {why}; the municipality pays from the first day"),
        )
    } else {
        match input.arrangement {
            Arrangement::Ordinary => (
                p.employer_period_days,
                format!(
                    "the employer pays the first {} calendar days",
                    p.employer_period_days
                ),
            ),
            Arrangement::Fleksjob => (
                0,
                "a flex-job has no employer period: refund from the first day".to_string(),
            ),
            Arrangement::Section56 => (
                0,
                "a § 56 agreement: the employer is refunded from the first day".to_string(),
            ),
            Arrangement::Pregnancy => (
                0,
                "sickness caused by pregnancy: the employer is refunded from the first day"
                    .to_string(),
            ),
            Arrangement::InsuredSection55 => (
                insured_days,
                format!(
                    "an employer insured under § 55 pays {insured_days} day(s), then is refunded"
                ),
            ),
        }
    };
    // The employer period ends early with the spell or the employment.
    let nominal_end = (employer_days > 0).then(|| day(first, employer_days - 1));
    let employer_period_end = nominal_end.map(|e| last.map_or(e, |l| e.min(l)));
    let pays_days = employer_period_end.map_or(0, |e| {
        u32::try_from((e - first).num_days() + 1).unwrap_or(0)
    });
    // The municipality takes over after the employer period, or the day after an employment
    // that ended within it (the employer pays only to the last day of employment).
    let after = match (employer_period_end, input.employment_end) {
        (Some(e), Some(end)) if e == end && nominal_end.is_some_and(|n| end < n) => day(end, 1),
        _ => day(first, employer_days),
    };
    let public_from = match input.last_sick_day {
        Some(l) if l < after => None,
        _ => Some(after),
    };
    let report_deadline = p.report_weeks.map(|w| day(first, 7 * w));
    let reported_late = match (input.reported, report_deadline) {
        (Some(r), Some(d)) => r > d,
        _ => false,
    };
    // § 59: a late report moves the refund to the report; a claim covers only the months
    // before it.
    let refund_from = public_from.map(|f| {
        let f = match input.reported {
            Some(r) if reported_late => f.max(r),
            _ => f,
        };
        match input
            .claimed
            .zip(p.claim_lookback_months)
            .and_then(|(c, m)| c.checked_sub_months(chrono::Months::new(m)))
        {
            Some(earliest) => f.max(earliest),
            None => f,
        }
    });
    Ok(Output {
        employer_period: employer_days > 0 && input.arrangement == Arrangement::Ordinary,
        employer_period_end,
        employer_pays_days: pays_days,
        public_from,
        refund_from,
        reason,
        report_deadline,
        reported_late,
        claim_by: public_from
            .zip(p.claim_lookback_months)
            .map(|(f, m)| add_months(f, m)),
        employment_ok,
        weeks_employed_from: weeks_from,
    })
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "employment",
            "Employment requirement toward the employer",
            Value::Bool(o.employment_ok),
        )
        .da("Beskæftigelseskrav over for arbejdsgiveren")
        .formula(format!(
            "employed since {} (needed: since {} at the latest, {} weeks); {} hours worked (needed: {})",
            input.employment_start,
            o.weeks_employed_from,
            p.min_weeks_employed,
            crate::values::num::plain(input.hours_last_8_weeks),
            crate::values::num::plain(p.min_hours_worked)
        ))
        .input("min_weeks_employed", Value::Number(p.min_weeks_employed.into()))
        .input("min_hours_worked", Value::Number(p.min_hours_worked));
    if input.arrangement != Arrangement::Ordinary {
        trace
            .step(
                "exceptions",
                format!("Arrangement: {}", input.arrangement.name()),
                Value::Text(input.arrangement.name().into()),
            )
            .da("Særlig ordning")
            .formula(o.reason.clone())
            .input(
                "insured_employer_days",
                Value::Number(p.insured_employer_days.unwrap_or(0).into()),
            );
    }
    trace
        .step(
            "period",
            "Days the employer pays without refund",
            Value::Number(Decimal::from(o.employer_pays_days)),
        )
        .da("Dage arbejdsgiveren betaler uden refusion")
        .formula(match o.employer_period_end {
            Some(end) => format!(
                "{}: from {} to {end}; public payment from {}",
                o.reason,
                input.first_sick_day,
                o.public_from
                    .map_or("– (the spell ended first)".to_string(), |d| d.to_string())
            ),
            None => o.reason.clone(),
        })
        .input(
            "employer_period_days",
            Value::Number(p.employer_period_days.into()),
        );
    match o.report_deadline {
        Some(deadline) => {
            trace
                .step(
                    "deadlines",
                    "Report the absence by",
                    Value::Text(deadline.to_string()),
                )
                .da("Fraværet skal anmeldes senest")
                .formula(format!(
                    "{} + {} weeks = {deadline}{}",
                    input.first_sick_day,
                    p.report_weeks.unwrap_or(0),
                    match input.reported {
                        Some(r) if o.reported_late => {
                            format!("; reported {r}, late: the refund runs only from {r}")
                        }
                        Some(r) => format!("; reported {r}, in time"),
                        None => String::new(),
                    }
                ))
                .input(
                    "report_weeks",
                    Value::Number(p.report_weeks.unwrap_or(0).into()),
                );
        }
        None => {
            trace
                .step("deadlines", "Report the absence by", Value::None)
                .da("Fraværet skal anmeldes senest")
                .formula("the reporting deadline for spells of this version was not found");
        }
    }
    if let Some(by) = o.claim_by {
        trace
            .step("deadlines", "Claim the refund by", Value::Text(by.to_string()))
            .da("Refusion skal søges senest")
            .formula(format!(
                "a claim covers days up to {} months before it: to cover the first refund day, claim by {by}{}",
                p.claim_lookback_months.unwrap_or(0),
                match (input.claimed, o.refund_from, o.public_from) {
                    (Some(c), Some(r), Some(f)) if r > f => {
                        format!("; claimed {c}, so the refund runs only from {r}")
                    }
                    (Some(c), _, _) => format!("; claimed {c}"),
                    _ => String::new(),
                }
            ))
            .input(
                "claim_lookback_months",
                Value::Number(p.claim_lookback_months.unwrap_or(0).into()),
            );
    }
}

crate::model::scheme::legacy_scheme!(SygedagpengeEmployerPeriod, self, fallible, |i| Some(
    i.first_sick_day
));
