//! **Varighedsbegrænsning and revurdering** (sygedagpengeloven § 24, § 27): how long
//! sygedagpenge run before the municipality must reassess. From 1 July 2014 the reassessment
//! point (revurderingstidspunktet) is the end of the calendar month in which sygedagpenge or a
//! refund to the employer has been paid for more than 22 weeks within the preceding 9 calendar
//! months (26 weeks within 12 for people over the pension age); the employer period does not
//! count. Before, payments stopped after the month in which they had been paid for more than 52
//! weeks within 18 months.
//!
//! A history of spells ([`spells`]) is turned into the days that count: each spell loses its
//! first employer-period days, whether the employer paid them (`employer`) or the municipality
//! did (`public`, § 24 stk. 3 nr. 2), and the months are walked one by
//! one: in each, the paid days within the window of calendar months ending with it are counted,
//! in calendar days (a week is 7). A spell with no end (`2024-01-08/`) is a projection: if the
//! person stays sick, when the point falls.

pub mod spells;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme, plus_days,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param, param,
};
use crate::values::history::add_months;
use crate::values::month::Month;
use crate::values::value::{Said, Value};

pub use spells::Spell;

/// The scheme (see the module documentation).
pub struct SygedagpengeDuration;

const SCOPE: &str = "sygedagpenge_duration";

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

    /// The paragraph, and the sentence saying how long the extension lasts.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Extension::Revalidering => ("§ 27 stk. 1 nr. 1", "text.how_revalidering"),
            Extension::Afklaring => ("§ 27 stk. 1 nr. 2", "text.how_afklaring"),
            Extension::Treatment => ("§ 27 stk. 1 nr. 3", "text.how_treatment"),
            Extension::Rehabilitation => ("§ 27 stk. 1 nr. 4", "text.how_rehabilitation"),
            Extension::LifeThreatening => ("§ 27 stk. 1 nr. 5", "text.how_life_threatening"),
            Extension::WorkInjury => ("§ 27 stk. 1 nr. 6", "text.how_work_injury"),
            Extension::PensionApplication => ("§ 27 stk. 1 nr. 7", "text.how_pension_application"),
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

impl Input {
    /// The day that selects the version: the assessment day, else the last day the history
    /// knows (the end of the last spell, or the first day of one still running).
    pub fn assessment_day(&self) -> Option<NaiveDate> {
        self.assessed_on
            .or_else(|| self.spells.iter().map(|s| s.to.unwrap_or(s.from)).max())
    }
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub limit_weeks: Param<u32>,
    pub window_months: Param<u32>,
    /// The limit and the window over the pension age (both, or neither).
    pub pension: Option<(Param<u32>, Param<u32>)>,
    pub employer_period_days: Param<u32>,
    pub earlier_employer_period_days: Param<u32>,
    pub employer_period_change: Param<NaiveDate>,
    pub transition_from: Option<Param<NaiveDate>>,
    pub superseded_from: Option<Param<NaiveDate>>,
    pub afklaring_weeks: Option<Param<u32>>,
    pub treatment_weeks: Option<Param<u32>>,
    /// The day from which what follows a reassessment point is not known (a planned reform).
    pub rules_unknown_from: Option<Param<NaiveDate>>,
    /// The day from which revalidering is closed to new cases (§ 27 stk. 1 nr. 1's ground).
    pub revalidering_closed_from: Option<Param<NaiveDate>>,
    /// The version's name, for refusals and texts.
    pub version: String,
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
    /// What follows (a sentence of the catalogue).
    pub after: Said,
    pub extended_until: Option<Said>,
}

/// Days as weeks, to two decimals (155 days = 22,14 weeks), for showing a count of days.
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
    m.next()
        .first_day()
        .pred_opt()
        .unwrap_or_else(|| m.first_day())
}

/// The municipality's paid days: ordered, disjoint periods, with the days before each, so the
/// days within any window are counted in logarithmic time.
struct Paid {
    spans: Vec<(NaiveDate, NaiveDate)>,
    /// `before[k]`: the days of `spans[..k]`.
    before: Vec<i64>,
}

impl Paid {
    fn new(spans: Vec<(NaiveDate, NaiveDate)>) -> Paid {
        let mut before = Vec::with_capacity(spans.len() + 1);
        let mut sum = 0i64;
        before.push(0);
        for (a, b) in &spans {
            sum += (*b - *a).num_days() + 1;
            before.push(sum);
        }
        Paid { spans, before }
    }

    /// Paid days within `from..=to`.
    fn count(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to < from {
            return 0;
        }
        let a = self.spans.partition_point(|&(_, end)| end < from);
        let b = self.spans.partition_point(|&(start, _)| start <= to);
        if a >= b {
            return 0;
        }
        let mut n = self.before[b] - self.before[a];
        let (start, _) = self.spans[a];
        if start < from {
            n -= (from - start).num_days();
        }
        let (_, end) = self.spans[b - 1];
        if end > to {
            n -= (end - to).num_days();
        }
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

impl Scheme for SygedagpengeDuration {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: SCOPE,
        family: "sygedagpenge",
        selected_by: Some("spells"),
        inputs: &[
            InputSpec::required("spells", InputKind::Text),
            InputSpec::optional("assessed_on", InputKind::Date),
            InputSpec::default("over_pension_age", InputKind::Flag, "false"),
            InputSpec::optional("extension", InputKind::Choice(&Extension::NAMES)),
        ],
        results: &[
            OutputSpec::outcome("reached"),
            OutputSpec::outcome("reassessment_date"),
            OutputSpec::outcome("limit_exceeded_on"),
            OutputSpec::outcome("weeks_counted"),
            OutputSpec::intermediate("limit_weeks"),
            OutputSpec::intermediate("window_months"),
            OutputSpec::intermediate("projected"),
            OutputSpec::outcome("after"),
            OutputSpec::outcome("extended_until"),
        ],
        headline: "weeks_counted",
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
            optional_param(
                "rules_unknown_from",
                Unit::Date,
                "the day from which the rules for what follows a reassessment point were not found (a planned reform); a case whose point is followed on or after it is refused",
            ),
            optional_param(
                "revalidering_closed_from",
                Unit::Date,
                "the day from which revalidering is closed to new cases; an extension until revalidering begins (§ 27 stk. 1 nr. 1) after it is refused",
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
        compile: crate::model::scheme::compile::<SygedagpengeDuration>,
    };

    /// The spells in their notation.
    fn read(f: &mut Fields) -> Option<Input> {
        let spells = match f.text("spells").map(spells::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(said)) => {
                f.fail("spells", said);
                None
            }
            None => None,
        };
        if f.has_errors() {
            return None;
        }
        Some(Input {
            spells: spells?,
            assessed_on: f.date("assessed_on"),
            over_pension_age: f.flag("over_pension_age").unwrap_or(false),
            extension: f.choice("extension").and_then(Extension::parse),
        })
    }

    /// The version follows the assessment day.
    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        i.assessment_day()
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        let pension = match (
            r.optional("pension_age_limit_weeks", ParamReader::whole),
            r.optional("pension_age_window_months", ParamReader::whole),
        ) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            _ => return Err("both pension-age parameters, or neither".into()),
        };
        Ok(Params {
            limit_weeks: r.whole("limit_weeks")?,
            window_months: r.whole("window_months")?,
            pension,
            employer_period_days: r.whole("employer_period_days")?,
            earlier_employer_period_days: r.whole("earlier_employer_period_days")?,
            employer_period_change: r.date("employer_period_change")?,
            transition_from: r.optional("transition_from", ParamReader::date),
            superseded_from: r.optional("superseded_from", ParamReader::date),
            afklaring_weeks: r.optional("afklaring_weeks", ParamReader::whole),
            treatment_weeks: r.optional("treatment_weeks", ParamReader::whole),
            rules_unknown_from: r.optional("rules_unknown_from", ParamReader::date),
            revalidering_closed_from: r.optional("revalidering_closed_from", ParamReader::date),
            version: r.version().to_string(),
        })
    }

    /// The reassessment point (§ 24; before 1 July 2014 the end of payment) and what follows
    /// it (§ 27).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let scheme = c.scheme;
        let version = || Value::Text(p.version.clone());
        let (limit_weeks, window_months) = if i.over_pension_age {
            let (a, b) = p.pension.as_ref().ok_or_else(|| {
                Refusal::new(scheme, "refusal.no_pension_age_rule")
                    .with("version", version())
                    .field("over_pension_age")
            })?;
            (c.get(a), c.get(b))
        } else {
            (c.get(&p.limit_weeks), c.get(&p.window_months))
        };
        let extension_rules = p.afklaring_weeks.is_some();
        if (i.extension.is_some() && !extension_rules)
            || (i.extension == Some(Extension::Treatment) && p.treatment_weeks.is_none())
        {
            return Err(Refusal::new(scheme, "refusal.no_extension_rules")
                .with("version", version())
                .field("extension"));
        }
        let (Some(first_spell), Some(last_spell)) = (i.spells.first(), i.spells.last()) else {
            return Err(Refusal::new(scheme, "refusal.no_spells").field("spells"));
        };

        // The days that count: each spell less its first employer-period days (30, 21 for a
        // spell that began before 2 January 2012), also where the municipality paid them
        // (§ 24 stk. 3 nr. 2; the ministry's answer to L 135, 16/3/2020: "også, hvis det er
        // kommunen, der udbetaler sygedagpenge i de første 30 kalenderdage").
        let mut paid_open: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        let change = c.get(&p.employer_period_change);
        for s in &i.spells {
            let (skip, earlier) = if s.from < change {
                (c.get(&p.earlier_employer_period_days), true)
            } else {
                (c.get(&p.employer_period_days), false)
            };
            let from = plus_days(s.from, u64::from(skip), "count")?;
            let paid = s.to.is_none_or(|t| from <= t);
            if paid {
                paid_open.push((from, s.to));
            }
            c.step("count", "paid", |st| {
                let spell = match s.to {
                    Some(to) => Said::new(scheme, "text.spell_closed")
                        .with("from", Value::Date(s.from))
                        .with("to", Value::Date(to)),
                    None => Said::new(scheme, "text.spell_open").with("from", Value::Date(s.from)),
                };
                let key = match (s.employer_period, paid, earlier) {
                    (false, true, _) => "text.paid_public",
                    (false, false, _) => "text.not_counted_public",
                    (true, false, _) => "text.not_paid",
                    (true, true, false) => "text.paid_after_employer",
                    (true, true, true) => "text.paid_after_earlier_employer",
                };
                let name = if earlier {
                    "earlier_employer_period_days"
                } else {
                    "employer_period_days"
                };
                st.value(if paid { Value::Date(from) } else { Value::None })
                    .said(key)
                    .arg("from", Value::Date(s.from))
                    .arg("spell", Value::said(spell))
                    .arg("paid_from", Value::Date(from))
                    .input(name, Value::days(skip))
                    .arg("skip", Value::days(skip))
                    .arg("change", Value::Date(change));
            });
        }

        let limit_days = limit_weeks.saturating_mul(7);
        let last_known = i
            .spells
            .iter()
            .filter_map(|s| s.to)
            .max()
            .unwrap_or(first_spell.from);
        let ongoing = i.spells.iter().any(|s| s.to.is_none());
        // A spell with no end is projected far enough for any window to fill.
        let horizon = add_months(last_known.max(last_spell.from), 12 * 4);
        let paid = Paid::new(
            paid_open
                .iter()
                .map(|&(a, b)| (a, b.unwrap_or(horizon)))
                .collect(),
        );
        let pension_age = i.over_pension_age;
        let limit_key = if pension_age {
            "limit_pension_age"
        } else {
            "limit"
        };
        let limit_step = |c: &mut Calc<R>, days: u32, text: Said| {
            c.step("limit", limit_key, |s| {
                s.value(Value::weeks(weeks(days)))
                    .text(text)
                    .input("limit_weeks", Value::weeks(limit_weeks))
                    .input("window_months", Value::months(window_months));
            });
        };
        let mut out = Output {
            reached: false,
            reassessment: None,
            exceeded_on: None,
            days_counted: 0,
            limit_weeks,
            window_months,
            projected: false,
            after: Said::new(scheme, "text.after_none_paid"),
            extended_until: None,
        };
        let Some(&(first_paid, _)) = paid.spans.first() else {
            limit_step(c, 0, out.after.clone());
            return Ok(out);
        };

        // § 24: month by month, the paid days within the window of calendar months ending with
        // it; the point is the end of the month in which they first exceed the limit.
        let end = if ongoing { horizon } else { last_known };
        let mut m = Month::of(first_paid);
        while m.first_day() <= end {
            let window_start = window_from(m, window_months);
            let month_end = last_day(m);
            if paid.count(window_start, month_end) > limit_days {
                // The day within the month the count first went over.
                let mut d = m.first_day();
                while d < month_end && paid.count(window_start, d) <= limit_days {
                    d = d.succ_opt().unwrap_or(month_end);
                }
                if let Some(from) = p.transition_from.as_ref().map(|t| c.get(t))
                    && d < from
                {
                    return Err(Refusal::new(scheme, "refusal.before_transition")
                        .with("exceeded", Value::Date(d))
                        .with("from", Value::Date(from))
                        .field("spells"));
                }
                out.days_counted = paid.count(window_start, d);
                if let Some(from) = p.superseded_from.as_ref().map(|t| c.get(t))
                    && d >= from
                {
                    out.after =
                        Said::new(scheme, "text.after_superseded").with("from", Value::Date(from));
                    limit_step(c, out.days_counted, out.after.clone());
                    return Ok(out);
                }
                out.reached = true;
                out.exceeded_on = Some(d);
                out.reassessment = Some(month_end);
                out.projected = d > i.assessment_day().unwrap_or(last_known).max(last_known);
                break;
            }
            m = m.next();
        }
        let (Some(point), Some(exceeded_on)) = (out.reassessment, out.exceeded_on) else {
            // Not reached: the window ending with the last known day.
            let w = window_from(Month::of(last_known), window_months);
            out.days_counted = paid.count(w, last_known);
            out.after = Said::new(scheme, "text.after_not_reached")
                .with("weeks", Value::weeks(weeks(out.days_counted)))
                .with("last_known", Value::Date(last_known))
                .with("limit_weeks", Value::weeks(limit_weeks));
            limit_step(c, out.days_counted, out.after.clone());
            return Ok(out);
        };
        let reached = Said::new(
            scheme,
            if out.projected {
                "text.reached_projected"
            } else {
                "text.reached"
            },
        )
        .with("days", Value::days(out.days_counted))
        .with("weeks", Value::weeks(weeks(out.days_counted)))
        .with("exceeded_on", Value::Date(exceeded_on))
        .with("reassessment_date", Value::Date(point));
        limit_step(c, out.days_counted, reached);

        // § 27: an extension ground, or (from 2014) a jobafklaringsforløb (over the pension age,
        // the end of payment); before, payment stopped.
        let next = plus_days(point, 1, "extension")?;
        // What follows the point from a day whose rules were not found (the planned abolition of
        // the jobafklaringsforløb and a reduced sygedagpenge rate of unknown size from 1 January
        // 2027) is not computed.
        if let Some(u) = &p.rules_unknown_from
            && next >= u.value()
        {
            let from = c.get(u);
            return Err(Refusal::new(scheme, "refusal.after_reform")
                .with("point", Value::Date(point))
                .with("next", Value::Date(next))
                .with("from", Value::Date(from))
                .field("spells"));
        }
        // Revalidering is closed to new cases: whether, and how, § 27 stk. 1 nr. 1 still extends
        // was not found.
        if i.extension == Some(Extension::Revalidering)
            && let Some(r) = &p.revalidering_closed_from
            && next >= r.value()
        {
            let from = c.get(r);
            return Err(Refusal::new(scheme, "refusal.revalidering_closed")
                .with("next", Value::Date(next))
                .with("from", Value::Date(from))
                .field("extension"));
        }
        match i.extension {
            // § 25: over the pension age payment stops; the jobafklaringsforløb of § 24 a is for
            // those who reach the § 24 limit.
            None if extension_rules && pension_age => {
                out.after = Said::new(scheme, "text.after_stop_pension_age")
                    .with("point", Value::Date(point));
            }
            None if extension_rules => {
                out.after =
                    Said::new(scheme, "text.after_jobafklaring").with("next", Value::Date(next));
            }
            None => {
                out.after = Said::new(scheme, "text.after_stop").with("point", Value::Date(point));
            }
            Some(e) => {
                let (paragraph, how) = e.describe();
                let how = Said::new(scheme, how);
                let until = |c: &mut Calc<R>, w: &Param<u32>| {
                    let w = c.get(w);
                    plus_days(point, 7 * u64::from(w), "extension").map(|d| (w, d))
                };
                out.extended_until = Some(match (e, &p.afklaring_weeks, &p.treatment_weeks) {
                    (Extension::Afklaring, Some(w), _) => {
                        let (w, d) = until(c, w)?;
                        Said::new(scheme, "text.until_afklaring")
                            .with("weeks", Value::weeks(w))
                            .with("until", Value::Date(d))
                    }
                    (Extension::Treatment, _, Some(w)) => {
                        let (w, d) = until(c, w)?;
                        Said::new(scheme, "text.until_treatment")
                            .with("weeks", Value::weeks(w))
                            .with("until", Value::Date(d))
                    }
                    _ => how.clone(),
                });
                out.after = Said::new(scheme, "text.after_extended")
                    .with("paragraph", Value::Text(paragraph.to_string()))
                    .with("how", Value::said(how));
            }
        }
        // A jobafklaringsforløb, or an extension with no end or one ending on or after the day
        // the rules were not found for, runs into that day: the result says what it does not
        // cover.
        if let Some(u) = &p.rules_unknown_from {
            let from = u.value();
            let open = match (i.extension, &out.extended_until) {
                (None, _) => extension_rules && !pension_age,
                (Some(Extension::Afklaring), _) => p
                    .afklaring_weeks
                    .as_ref()
                    .and_then(|w| point.checked_add_days(Days::new(7 * u64::from(w.value()))))
                    .is_some_and(|d| d >= from),
                (Some(Extension::Treatment), _) => p
                    .treatment_weeks
                    .as_ref()
                    .and_then(|w| point.checked_add_days(Days::new(7 * u64::from(w.value()))))
                    .is_some_and(|d| d >= from),
                (Some(_), _) => true,
            };
            if open {
                let from = c.get(u);
                c.note(|| Said::new(scheme, "note.reform_from").with("from", Value::Date(from)));
            }
        }
        // The old rules' extension grounds are not in the rule set: the limit's sources apply.
        let rule = if extension_rules {
            "extension"
        } else {
            "limit"
        };
        c.step(rule, "after", |s| {
            s.value(Value::said(out.after.clone()));
            match (&out.extended_until, i.extension) {
                (Some(until), _) => {
                    s.text(until.clone());
                }
                (None, None) if extension_rules => {
                    s.said("text.no_extension_ground");
                }
                _ => {
                    s.said("text.limit_of_version").arg("version", version());
                }
            }
        });
        Ok(out)
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("reached", Value::Bool(o.reached)),
            ("reassessment_date", Value::date_or_none(o.reassessment)),
            ("limit_exceeded_on", Value::date_or_none(o.exceeded_on)),
            ("weeks_counted", Value::weeks(weeks(o.days_counted))),
            ("limit_weeks", Value::weeks(o.limit_weeks)),
            ("window_months", Value::months(o.window_months)),
            ("projected", Value::Bool(o.projected)),
            ("after", Value::said(o.after.clone())),
            (
                "extended_until",
                o.extended_until.clone().map_or(Value::None, Value::said),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::values::month::parse_date(s).unwrap()
    }

    #[test]
    fn paid_days_in_a_window_are_counted_from_the_sums() {
        let paid = Paid::new(vec![
            (d("2023-01-02"), d("2023-04-30")),
            (d("2023-09-01"), d("2024-12-31")),
        ]);
        // Brute force over a few windows.
        let brute = |from: NaiveDate, to: NaiveDate| {
            from.iter_days()
                .take_while(|x| *x <= to)
                .filter(|x| paid.spans.iter().any(|(a, b)| a <= x && x <= b))
                .count() as u32
        };
        for (from, to) in [
            ("2023-02-01", "2023-10-31"),
            ("2022-01-01", "2022-12-31"),
            ("2023-01-02", "2023-01-02"),
            ("2023-05-01", "2023-08-31"),
            ("2023-03-15", "2024-02-02"),
            ("2024-06-01", "2025-06-01"),
            ("2023-06-01", "2023-05-01"),
        ] {
            let (from, to) = (d(from), d(to));
            assert_eq!(paid.count(from, to), brute(from, to), "{from}..{to}");
        }
        assert_eq!(paid.count(d("2023-02-01"), d("2023-10-31")), 89 + 61);
    }
}

#[cfg(test)]
mod cases {
    use crate::schemes::sygedagpenge::testing::run;

    #[test]
    fn over_the_pension_age_payment_stops_without_a_jobafklaringsforloeb() {
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2024-01-01/: public\"\nover_pension_age = true",
        )
        .unwrap();
        assert_eq!(o.get("reassessment_date"), "2024-07-31");
        assert!(
            o.get("after")
                .starts_with("no extension ground given: sygedagpenge stop after 2024-07-31 (§ 25"),
            "{}",
            o.get("after")
        );
        assert!(o.steps[1].0.ends_with("(over the pension age)"));
    }

    #[test]
    fn spells_within_the_employer_period_pay_nothing() {
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2024-01-08/2024-01-20: employer; 2024-03-01/2024-03-10: employer\"",
        )
        .unwrap();
        assert_eq!(o.get("reached"), "false");
        assert_eq!(o.get("weeks_counted"), "0");
        assert_eq!(
            o.get("after"),
            "no day counts: every spell ended within its first employer-period days"
        );
        assert_eq!(
            o.steps[0].1,
            "the spell 2024-01-08 to 2024-01-20 ended within its employer period of 30 days: the municipality paid no day of it"
        );
    }

    #[test]
    fn a_treatment_extension_runs_from_the_point() {
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2024-01-08/: employer\"\nextension = \"treatment\"",
        )
        .unwrap();
        // 31 July 2024 + 134 weeks (938 days) = 24 February 2027.
        assert_eq!(
            o.get("extended_until"),
            "while the return to work is expected by 2027-02-24 (134 weeks from the reassessment point)"
        );
        assert_eq!(
            o.get("after"),
            "extended under § 27 stk. 1 nr. 3: until the expected return to work"
        );
    }

    #[test]
    fn cases_the_rule_set_does_not_settle_are_refused() {
        // The old rules have no extension grounds and no pension-age limit.
        for (input, reason) in [
            (
                "spells = \"2013-01-07/: employer\"\nassessed_on = \"2014-01-01\"\nextension = \"afklaring\"",
                "the extension grounds of version 2011 were not found",
            ),
            (
                "spells = \"2013-01-07/: employer\"\nassessed_on = \"2014-01-01\"\nover_pension_age = true",
                "version 2011 has no rule for people over the pension age",
            ),
            (
                "spells = \"2013-10-01/: employer\"\nassessed_on = \"2014-08-01\"",
                "already exceeded on 2014-04-03, before these rules took over on 2014-07-01",
            ),
        ] {
            let err = run("sygedagpenge_duration", input).unwrap_err();
            assert!(err.contains(reason), "{input}: {err}");
        }
    }

    /// From 1 January 2027 the jobafklaringsforløb is planned to be abolished and a reduced rate
    /// of unknown size to follow (KL høringssvar 12/11/2025): a point followed on or after that
    /// day is refused; one followed before it computes, and says what it does not cover.
    #[test]
    fn what_follows_a_point_from_2027_is_not_yet_covered() {
        // Sick from 1 June 2026, counted from 1 July (the first 30 days do not count, § 24 stk. 3,
        // whoever paid them): 1 July + 154 days = 2 December, so the point is 31 December,
        // followed on 1 January.
        let err = run("sygedagpenge_duration", "spells = \"2026-06-01/: public\"").unwrap_err();
        assert!(
            err.contains("what follows the reassessment point 2026-12-31 (from 2027-01-01) falls on or after 2027-01-01"),
            "{err}"
        );
        // The everyday November 2026 case: sick from 1 June 2026, the employer's 30 days, paid
        // from 1 July: the same point, refused.
        let err = run(
            "sygedagpenge_duration",
            "spells = \"2026-06-01/: employer\"\nassessed_on = \"2026-11-16\"",
        )
        .unwrap_err();
        assert!(err.contains("point 2026-12-31 (from 2027-01-01)"), "{err}");
        // Four days earlier: counted from 27 June, exceeded 28 November, the point 30 November, a
        // jobafklaringsforløb from 1 December 2026, with the note.
        let o = run("sygedagpenge_duration", "spells = \"2026-05-28/: public\"").unwrap();
        assert_eq!(o.get("reassessment_date"), "2026-11-30");
        assert!(
            o.get("after")
                .contains("a jobafklaringsforløb from 2026-12-01")
        );
        assert!(
            o.notes.iter().any(|n| n
                .starts_with("from 2027-01-01 the jobafklaringsforløb is planned to be abolished")),
            "{:?}",
            o.notes
        );
        // An afklaring extension from 31 May 2026 runs 69 weeks, into 2027: computed, with the
        // note (sick from 1 November 2025, counted from 1 December).
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2025-11-01/: public\"\nextension = \"afklaring\"",
        )
        .unwrap();
        assert_eq!(o.get("extended_until"), "at most 69 weeks, to 2027-09-26");
        assert_eq!(o.notes.len(), 1, "{:?}", o.notes);
        // A 2024 case whose extension ended before 2027 has no such note.
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2023-01-02/2024-06-30: public\"\nextension = \"afklaring\"",
        )
        .unwrap();
        assert!(o.notes.is_empty(), "{:?}", o.notes);
    }

    /// Revalidering is closed to new cases from 1 July 2026 (lov nr. 1750 af 29/12/2025): an
    /// extension until revalidering begins from then is refused; one before computes.
    #[test]
    fn an_extension_for_revalidering_from_july_2026_is_refused() {
        let err = run(
            "sygedagpenge_duration",
            "spells = \"2026-01-01/: public\"\nextension = \"revalidering\"",
        )
        .unwrap_err();
        assert!(
            err.contains("revalidering is closed to new cases from 2026-07-01"),
            "{err}"
        );
        let o = run(
            "sygedagpenge_duration",
            "spells = \"2025-11-01/: public\"\nextension = \"revalidering\"",
        )
        .unwrap();
        assert_eq!(o.get("reassessment_date"), "2026-05-31");
        assert_eq!(o.get("extended_until"), "until revalidering begins");
    }

    #[test]
    fn far_dates_and_long_histories_compute_without_panicking() {
        // The last year a history may give (a later one is refused with the years, issue 17):
        // refused, as every assessment from 1 January 2027 is (the rules were not found).
        let last = run(
            "sygedagpenge_duration",
            "spells = \"2100-12-01/: employer\"",
        )
        .unwrap_err();
        assert!(last.contains("From 1 January 2027"), "{last}");
        let far = run(
            "sygedagpenge_duration",
            "spells = \"9999-12-01/: employer\"",
        )
        .unwrap_err();
        assert!(far.contains("a spell lies between"), "{far}");
        // 2,400 one-day spells, one a month from 1901 to 2100: each lies within its first 30
        // days, which do not count.
        let spells: Vec<String> = (0..2400)
            .map(|k| {
                let (y, m) = (1901 + k / 12, k % 12 + 1);
                format!("{y:04}-{m:02}-01/{y:04}-{m:02}-01: public")
            })
            .collect();
        let o = run(
            "sygedagpenge_duration",
            &format!(
                "spells = \"{}\"\nassessed_on = \"2024-01-01\"",
                spells.join("; ")
            ),
        )
        .unwrap();
        assert_eq!(o.get("reached"), "false");
        assert_eq!(o.get("weeks_counted"), "0");
    }
}
