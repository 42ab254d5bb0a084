//! **Varighedsbegrænsning and revurdering** (sygedagpengeloven § 24, § 27): how long
//! sygedagpenge run before the municipality must reassess. From 1 July 2014 the reassessment
//! point (revurderingstidspunktet) is the end of the calendar month in which sygedagpenge or a
//! refund to the employer has been paid for more than 22 weeks within the preceding 9 calendar
//! months (26 weeks within 12 for people over the pension age); the employer period does not
//! count. Before, payments stopped after the month in which they had been paid for more than 52
//! weeks within 18 months.
//!
//! A history of spells is turned into the days paid by the municipality (a spell marked
//! `employer` loses its first employer-period days), and the months are walked one by one: in
//! each, the paid days within the window of calendar months ending with it are counted, in
//! calendar days (a week is 7). A spell with no end (`2024-01-08/`) is a projection: if the
//! person stays sick, when the point falls.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::model::fields::Fields;
use crate::model::trace::{Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_item, optional_param, param};
use crate::values::history::add_months;
use crate::values::month::{Month, parse_date};

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "sygedagpenge_duration",
    family: "sygedagpenge",
    selected_by: Some("spells"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "weeks_counted",
    compile: crate::model::scheme::compile::<SygedagpengeDuration>,
    parameters: &[
        param(
            "limit_weeks",
            Unit::Weeks,
            "weeks of payment that must be exceeded",
        ),
        param(
            "window_months",
            Unit::Months,
            "calendar months they are counted within",
        ),
        optional_param(
            "pension_age_limit_weeks",
            Unit::Weeks,
            "the limit for people over the pension age",
        ),
        optional_param(
            "pension_age_window_months",
            Unit::Months,
            "the window for people over the pension age",
        ),
        param(
            "employer_period_days",
            Unit::Days,
            "days of an employer-paid spell that do not count",
        ),
        param(
            "earlier_employer_period_days",
            Unit::Days,
            "the employer period of spells that began before `employer_period_change`",
        ),
        param(
            "employer_period_change",
            Unit::Date,
            "the first day of absence from which `employer_period_days` applies",
        ),
        optional_param(
            "transition_from",
            Unit::Date,
            "the day these rules took over; a limit already exceeded before it is not computed",
        ),
        optional_param(
            "superseded_from",
            Unit::Date,
            "the day later rules replaced these; a limit falling on or after it is not reached here",
        ),
        optional_param(
            "afklaring_weeks",
            Unit::Weeks,
            "the longest extension while the work capacity is clarified (§ 27 stk. 1 nr. 2)",
        ),
        optional_param(
            "treatment_weeks",
            Unit::Weeks,
            "the latest expected return after treatment, from the reassessment (§ 27 stk. 1 nr. 3)",
        ),
    ],
    roundings: &[],
    rules: &[
        item("count", "the days that count and the window"),
        item("limit", "the reassessment point (or the end of payment)"),
        optional_item(
            "extension",
            "the extension grounds and what follows without one",
        ),
    ],
};

/// A sickness spell: its days, and whether its first days were the employer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spell {
    pub from: NaiveDate,
    /// `None`: still sick (the result projects).
    pub to: Option<NaiveDate>,
    pub employer_period: bool,
}

/// The § 27 stk. 1 grounds for extending sygedagpenge after the reassessment point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    Revalidering,
    Afklaring,
    Treatment,
    Rehabilitation,
    LifeThreatening,
    WorkInjury,
    PensionApplication,
}

impl Extension {
    pub const NAMES: [&'static str; 7] = [
        "revalidering",
        "afklaring",
        "treatment",
        "rehabilitation",
        "life_threatening",
        "work_injury",
        "pension_application",
    ];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "revalidering" => Extension::Revalidering,
            "afklaring" => Extension::Afklaring,
            "treatment" => Extension::Treatment,
            "rehabilitation" => Extension::Rehabilitation,
            "life_threatening" => Extension::LifeThreatening,
            "work_injury" => Extension::WorkInjury,
            "pension_application" => Extension::PensionApplication,
            _ => return None,
        })
    }

    /// The paragraph and what the extension lasts.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Extension::Revalidering => ("§ 27 stk. 1 nr. 1", "until revalidering begins"),
            Extension::Afklaring => ("§ 27 stk. 1 nr. 2", "while the work capacity is clarified"),
            Extension::Treatment => ("§ 27 stk. 1 nr. 3", "until the expected return to work"),
            Extension::Rehabilitation => (
                "§ 27 stk. 1 nr. 4",
                "until the decision after the rehabiliteringsteam",
            ),
            Extension::LifeThreatening => ("§ 27 stk. 1 nr. 5", "without a time limit"),
            Extension::WorkInjury => (
                "§ 27 stk. 1 nr. 6",
                "until the decision on the loss of earning capacity",
            ),
            Extension::PensionApplication => {
                ("§ 27 stk. 1 nr. 7", "until the decision on førtidspension")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub spells: Vec<Spell>,
    /// The day of the assessment; without it, the last day the history knows.
    pub assessed_on: Option<NaiveDate>,
    pub over_pension_age: bool,
    pub extension: Option<Extension>,
}

pub const INPUT_FIELDS: [&str; 4] = ["spells", "assessed_on", "over_pension_age", "extension"];

impl Input {
    /// The day that selects the version: the assessment day, else the last day the history
    /// knows (the end of the last spell, or the first day of one still running).
    pub fn assessment_day(&self) -> Option<NaiveDate> {
        self.assessed_on
            .or_else(|| self.spells.iter().map(|s| s.to.unwrap_or(s.from)).max())
    }
}

pub const RESULT_FIELDS: [&str; 9] = [
    "reached",
    "reassessment_date",
    "limit_exceeded_on",
    "weeks_counted",
    "limit_weeks",
    "window_months",
    "projected",
    "after",
    "extended_until",
];

/// `2024-01-08/2024-06-30: employer; 2024-09-01/: public` — each spell with whether its first
/// days were the employer's (`employer`) or the municipality paid from the first day (`public`);
/// an empty end means still sick.
pub fn parse_spells(text: &str) -> Result<Vec<Spell>, String> {
    let mut spells: Vec<Spell> = Vec::new();
    for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let (when, who) = entry.split_once(':').ok_or_else(|| {
            format!("`{entry}`: write a spell and who paid its first days, e.g. 2024-01-08/2024-06-30: employer")
        })?;
        let employer_period = match who.trim() {
            "employer" => true,
            "public" => false,
            other => {
                return Err(format!(
                    "`{entry}`: `{other}` is not `employer` (the employer period applied) or `public` (paid from the first day)"
                ));
            }
        };
        let (a, b) = when.trim().split_once('/').ok_or_else(|| {
            format!("`{entry}`: `{}` is not a period (YYYY-MM-DD/YYYY-MM-DD, or YYYY-MM-DD/ if still sick)", when.trim())
        })?;
        let from = parse_date(a.trim())
            .ok_or_else(|| format!("`{entry}`: `{}` is not a date", a.trim()))?;
        let to = match b.trim() {
            "" => None,
            t => Some(parse_date(t).ok_or_else(|| format!("`{entry}`: `{t}` is not a date"))?),
        };
        if to.is_some_and(|t| t < from) {
            return Err(format!("`{entry}`: the spell ends before it starts"));
        }
        spells.push(Spell {
            from,
            to,
            employer_period,
        });
    }
    spells.sort_by_key(|s| s.from);
    for pair in spells.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        match a.to {
            None => {
                return Err(format!(
                    "the spell from {} has no end, but another starts {}",
                    a.from, b.from
                ));
            }
            Some(end) if end >= b.from => {
                return Err(format!(
                    "the spells from {} and from {} overlap",
                    a.from, b.from
                ));
            }
            Some(_) => {}
        }
    }
    if spells.is_empty() {
        return Err("no spells given".into());
    }
    Ok(spells)
}

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let spells = get("spells").map(parse_spells);
    let mut f = Fields::new(get);
    let spells = match spells {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            f.errors.push(("spells", e));
            None
        }
        None => {
            f.errors.push((
                "spells",
                "missing required field: the sickness spells, e.g. \"2024-01-08/2024-06-30: employer\"".into(),
            ));
            None
        }
    };
    let assessed_on = f.opt_date("assessed_on");
    let over_pension_age = f.opt_flag("over_pension_age").unwrap_or(false);
    let extension = f
        .opt_choice("extension", &Extension::NAMES)
        .and_then(Extension::parse);
    match (f.errors.is_empty(), spells) {
        (true, Some(spells)) => Ok(Input {
            spells,
            assessed_on,
            over_pension_age,
            extension,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("version {version} has no rule for people over the pension age")]
    NoPensionAgeRule { version: String },
    #[error("the extension grounds of version {version} were not found; give no `extension`")]
    NoExtensionRules { version: String },
    #[error(
        "the limit was already exceeded on {exceeded}, before these rules took over on {from}; the transitional rules for people past the limit on that day were not found"
    )]
    BeforeTransition {
        exceeded: NaiveDate,
        from: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub limit_weeks: u32,
    pub window_months: u32,
    pub pension: Option<(u32, u32)>,
    pub employer_period_days: u32,
    pub earlier_employer_period_days: u32,
    pub employer_period_change: NaiveDate,
    pub transition_from: Option<NaiveDate>,
    pub superseded_from: Option<NaiveDate>,
    pub afklaring_weeks: Option<u32>,
    pub treatment_weeks: Option<u32>,
    pub version: String,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let whole = |d: Decimal| u32::try_from(d.trunc().mantissa()).unwrap_or(0);
        let p = |n: &str| {
            v.parameter(n)
                .map(|p| whole(p.value))
                .ok_or_else(|| format!("parameter `{n}`"))
        };
        let opt = |n: &str| v.parameter(n).map(|p| whole(p.value));
        let pension = match (
            opt("pension_age_limit_weeks"),
            opt("pension_age_window_months"),
        ) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => return Err("both pension-age parameters, or neither".into()),
        };
        Ok(Self {
            limit_weeks: p("limit_weeks")?,
            window_months: p("window_months")?,
            pension,
            employer_period_days: p("employer_period_days")?,
            earlier_employer_period_days: p("earlier_employer_period_days")?,
            employer_period_change: v
                .date("employer_period_change")
                .ok_or("parameter `employer_period_change` as a date")?,
            transition_from: v.date("transition_from"),
            superseded_from: v.date("superseded_from"),
            afklaring_weeks: opt("afklaring_weeks"),
            treatment_weeks: opt("treatment_weeks"),
            version: v.version.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub reached: bool,
    /// The end of the month in which the limit was exceeded.
    pub reassessment: Option<NaiveDate>,
    pub exceeded_on: Option<NaiveDate>,
    /// Paid days in the window at the reassessment point, or in the latest window.
    pub days_counted: u32,
    pub limit_weeks: u32,
    pub window_months: u32,
    /// The point lies beyond the known days (a spell with no end).
    pub projected: bool,
    pub after: String,
    pub extended_until: Option<String>,
    /// The municipality's paid days, spell by spell, for the explanation.
    pub paid: Vec<(NaiveDate, Option<NaiveDate>)>,
}

impl Output {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let date = |d: Option<NaiveDate>| d.map_or(Value::None, |d| Value::Text(d.to_string()));
        vec![
            ("reached", Value::Bool(self.reached)),
            ("reassessment_date", date(self.reassessment)),
            ("limit_exceeded_on", date(self.exceeded_on)),
            ("weeks_counted", Value::Number(weeks(self.days_counted))),
            (
                "limit_weeks",
                Value::Number(Decimal::from(self.limit_weeks)),
            ),
            (
                "window_months",
                Value::Number(Decimal::from(self.window_months)),
            ),
            ("projected", Value::Bool(self.projected)),
            ("after", Value::Text(self.after.clone())),
            (
                "extended_until",
                self.extended_until.clone().map_or(Value::None, Value::Text),
            ),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![("limit", "weeks counted", weeks(self.days_counted))]
    }
}

/// Days as weeks, to two decimals (155 days = 22,14 weeks).
fn weeks(days: u32) -> Decimal {
    (Decimal::from(days) / Decimal::from(7))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The first day of the window of `months` calendar months that ends with `m`.
fn window_from(m: Month, months: u32) -> NaiveDate {
    let first = m.first_day();
    first
        .checked_sub_months(chrono::Months::new(months.saturating_sub(1)))
        .unwrap_or(first)
}

fn last_day(m: Month) -> NaiveDate {
    m.next().first_day() - Duration::days(1)
}

/// Paid days of `paid` within `from..=to`.
fn count(paid: &[(NaiveDate, NaiveDate)], from: NaiveDate, to: NaiveDate) -> u32 {
    paid.iter()
        .map(|&(a, b)| {
            let (a, b) = (a.max(from), b.min(to));
            if b < a { 0 } else { (b - a).num_days() + 1 }
        })
        .sum::<i64>()
        .try_into()
        .unwrap_or(u32::MAX)
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    let (limit_weeks, window_months) = if input.over_pension_age {
        p.pension.ok_or_else(|| Refusal::NoPensionAgeRule {
            version: p.version.clone(),
        })?
    } else {
        (p.limit_weeks, p.window_months)
    };
    if input.extension.is_some() && p.afklaring_weeks.is_none() {
        return Err(Refusal::NoExtensionRules {
            version: p.version.clone(),
        });
    }
    // The municipality's days: each spell less its employer period.
    let mut paid_open: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for s in &input.spells {
        let skip = if !s.employer_period {
            0
        } else if s.from < p.employer_period_change {
            p.earlier_employer_period_days
        } else {
            p.employer_period_days
        };
        let from = s.from + Duration::days(i64::from(skip));
        if s.to.is_none_or(|t| from <= t) {
            paid_open.push((from, s.to));
        }
    }
    let limit_days = limit_weeks * 7;
    let last_known = input
        .spells
        .iter()
        .filter_map(|s| s.to)
        .max()
        .unwrap_or(input.spells[0].from);
    let ongoing = input.spells.iter().any(|s| s.to.is_none());
    // A spell with no end is projected far enough for any window to fill.
    let horizon = add_months(
        last_known.max(input.spells[input.spells.len() - 1].from),
        12 * 4,
    );
    let paid: Vec<(NaiveDate, NaiveDate)> = paid_open
        .iter()
        .map(|&(a, b)| (a, b.unwrap_or(horizon)))
        .collect();
    let mut out = Output {
        reached: false,
        reassessment: None,
        exceeded_on: None,
        days_counted: 0,
        limit_weeks,
        window_months,
        projected: false,
        after: String::new(),
        extended_until: None,
        paid: paid_open,
    };
    let Some(&(first_paid, _)) = paid.first() else {
        out.after =
            "no day was paid by the municipality: every spell ended within the employer period"
                .into();
        return Ok(out);
    };
    let end = if ongoing { horizon } else { last_known };
    let mut m = Month::of(first_paid);
    while m.first_day() <= end {
        let window_start = window_from(m, window_months);
        let month_end = last_day(m);
        let n = count(&paid, window_start, month_end);
        out.days_counted = n;
        if n > limit_days {
            // The day within the month the count first went over.
            let mut d = m.first_day();
            while count(&paid, window_start, d) <= limit_days {
                d = d.succ_opt().unwrap_or(d);
            }
            if let Some(from) = p.transition_from
                && d < from
            {
                return Err(Refusal::BeforeTransition { exceeded: d, from });
            }
            out.days_counted = count(&paid, window_start, d);
            if let Some(from) = p.superseded_from
                && d >= from
            {
                out.after = format!(
                    "not reached before {from}, when later rules replaced this limit: assess on or after {from}"
                );
                return Ok(out);
            }
            out.reached = true;
            out.exceeded_on = Some(d);
            out.reassessment = Some(month_end);
            out.projected = d > input.assessment_day().unwrap_or(last_known).max(last_known);
            break;
        }
        m = m.next();
    }
    if !out.reached {
        // Not reached: report the window ending with the last known day.
        let w = window_from(Month::of(last_known), window_months);
        out.days_counted = count(&paid, w, last_known);
        out.after = format!(
            "not reached: {} weeks paid in the window ending {last_known}; the limit is more than {limit_weeks}",
            weeks(out.days_counted)
        );
        return Ok(out);
    }
    let point = out.reassessment.unwrap_or(last_known);
    let next = point.succ_opt().unwrap_or(point);
    let add_weeks = |w: u32| point + Duration::weeks(i64::from(w));
    match input.extension {
        None if p.afklaring_weeks.is_some() => {
            out.after = format!(
                "no extension ground given: a jobafklaringsforløb from {next} (§ 24 a), unless one of the § 27 grounds applies"
            );
        }
        None => {
            out.after = format!("sygedagpenge stop after {point} (the duration limit)");
        }
        Some(e) => {
            let (paragraph, how) = e.describe();
            out.extended_until = Some(match e {
                Extension::Afklaring => {
                    let w = p.afklaring_weeks.unwrap_or(0);
                    format!("at most {w} weeks, to {}", add_weeks(w))
                }
                Extension::Treatment => {
                    let w = p.treatment_weeks.unwrap_or(0);
                    format!(
                        "while the return to work is expected by {} ({w} weeks from the reassessment point)",
                        add_weeks(w)
                    )
                }
                _ => how.to_string(),
            });
            out.after = format!("extended under {paragraph}: {how}");
        }
    }
    Ok(out)
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    let spells: Vec<String> = o
        .paid
        .iter()
        .map(|(a, b)| {
            format!(
                "{a} to {}",
                b.map_or("(still sick)".to_string(), |b| b.to_string())
            )
        })
        .collect();
    trace
        .step(
            "count",
            "Days paid by the municipality",
            Value::Text(spells.join("; ")),
        )
        .da("Dage betalt af kommunen")
        .formula(format!(
            "each spell marked `employer` loses its first {} days ({} for spells that began before {})",
            p.employer_period_days, p.earlier_employer_period_days, p.employer_period_change
        ))
        .input("employer_period_days", Value::Number(p.employer_period_days.into()))
        .input(
            "earlier_employer_period_days",
            Value::Number(p.earlier_employer_period_days.into()),
        );
    trace
        .step(
            "limit",
            format!(
                "More than {} weeks within {} calendar months{}",
                o.limit_weeks,
                o.window_months,
                if input.over_pension_age { " (over the pension age)" } else { "" }
            ),
            Value::Number(weeks(o.days_counted)),
        )
        .da("Revurderingstidspunkt")
        .formula(match (o.reassessment, o.exceeded_on) {
            (Some(r), Some(d)) => format!(
                "{} days = {} weeks by {d}: exceeded in that month, so the point is its last day, {r}{}",
                o.days_counted,
                weeks(o.days_counted).to_string().replace('.', ","),
                if o.projected { " (projected: the person stays sick)" } else { "" }
            ),
            _ => o.after.clone(),
        })
        .input("limit_weeks", Value::Number(o.limit_weeks.into()))
        .input("window_months", Value::Number(o.window_months.into()));
    if o.reached {
        // The old rules' extension grounds are not in the rule set: the limit's sources apply.
        let rule = if p.afklaring_weeks.is_some() {
            "extension"
        } else {
            "limit"
        };
        trace
            .step(rule, "After the point", Value::Text(o.after.clone()))
            .da("Herefter")
            .formula(match (&o.extended_until, input.extension) {
                (Some(until), _) => until.clone(),
                (None, None) if p.afklaring_weeks.is_some() => {
                    "§ 27 stk. 1 nr. 1-7 list the grounds for extending; none was given".to_string()
                }
                _ => format!("the limit of version {}", p.version),
            });
    }
}

crate::model::scheme::legacy_scheme!(SygedagpengeDuration, self, fallible, |i| i.assessment_day());
