//! **Opfølgning i sygedagpengesager** (sygedagpengeloven kapitel 6): the dates by which the
//! municipality must follow up a sickness spell expected to last more than 8 weeks.
//!
//! - § 13 b, stk. 1: the first follow-up "senest inden udgangen af ottende uge regnet fra første
//!   fraværsdag", and at least four follow-ups "inden for det første halve år regnet fra første
//!   fraværsdag"; after the first 6 months the follow-up is agreed with the person.
//! - § 13 b, stk. 2: where the employer or the person asked for early follow-up (§§ 7 c, 7 e),
//!   the first talk "senest 2 uger efter" the request.
//! - § 13 f (from 1 January 2025, L 74 2024-25): for a person in employment with a predictable
//!   course and full recovery expected "senest inden udgangen af 13. uge regnet fra første
//!   opfølgningssamtale", the municipality only follows up on the recovery: no four talks.
//!
//! The version follows the spell's first day. Every period is a parameter of the rule set.

use chrono::{Days, NaiveDate};

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme, plus_days,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param, param,
};
use crate::values::history::add_months;
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct SygedagpengeFollowup;

const SCOPE: &str = "sygedagpenge_followup";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub first_sick_day: NaiveDate,
    /// The day the employer or the person asked for early follow-up, if they did.
    pub early_request: Option<NaiveDate>,
    /// The day of the first follow-up talk, if it has been held.
    pub first_talk: Option<NaiveDate>,
    /// The jobcentre's assessment that § 13 f applies (employed, predictable course, back
    /// within the weeks from the first talk).
    pub section_13f: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub first_followup_weeks: Param<u32>,
    pub early_followup_weeks: Param<u32>,
    pub half_year_months: Param<u32>,
    pub followups_in_half_year: Param<u32>,
    pub section_13f_weeks: Option<Param<u32>>,
    /// The version's name, for refusals.
    pub version: String,
    /// The version's last day: a date due after it falls under the next rules.
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub first_followup_by: NaiveDate,
    pub early_followup_by: Option<NaiveDate>,
    /// The follow-ups due within the first half year, and the half year's last day.
    pub followups_in_half_year: Option<u32>,
    pub half_year_end: Option<NaiveDate>,
    pub section_13f: bool,
    /// Under § 13 f: the last day of the weeks counted from the first talk.
    pub recovery_expected_by: Option<NaiveDate>,
}

/// The last day of week `weeks` counted from `from` (its first day is day 1 of week 1).
fn end_of_week(from: NaiveDate, weeks: u32, step: &str) -> Result<NaiveDate, Refusal> {
    plus_days(from, (7 * u64::from(weeks)).saturating_sub(1), step)
}

impl Scheme for SygedagpengeFollowup {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: SCOPE,
        family: "sygedagpenge",
        selected_by: Some("first_sick_day"),
        inputs: &[
            InputSpec::required("first_sick_day", InputKind::Date),
            InputSpec::optional("early_request", InputKind::Date),
            InputSpec::optional("first_talk", InputKind::Date),
            InputSpec::default("section_13f", InputKind::Flag, "false"),
        ],
        results: &[
            OutputSpec::outcome("first_followup_by"),
            OutputSpec::outcome("early_followup_by"),
            OutputSpec::outcome("followups_in_half_year"),
            OutputSpec::outcome("half_year_end"),
            OutputSpec::intermediate("section_13f"),
            OutputSpec::outcome("recovery_expected_by"),
        ],
        headline: "first_followup_by",
        parameters: &[
            param(
                "first_followup_weeks",
                Unit::Weeks,
                "the first follow-up by the end of this week counted from the first day of absence",
            ),
            param(
                "early_followup_weeks",
                Unit::Weeks,
                "after a request for early follow-up, the first talk within these weeks",
            ),
            param(
                "half_year_months",
                Unit::Months,
                "the first period counted from the first day of absence",
            ),
            param(
                "followups_in_half_year",
                Unit::Count,
                "the follow-ups at least within that period",
            ),
            optional_param(
                "section_13f_weeks",
                Unit::Weeks,
                "§ 13 f: recovery expected by the end of this week counted from the first talk",
            ),
        ],
        roundings: &[],
        rules: &[
            item("first_followup", "the first follow-up"),
            item(
                "early_followup",
                "the first talk after a request for early follow-up",
            ),
            item("half_year", "the follow-ups within the first half year"),
            optional_item(
                "section_13f",
                "follow-up only on recovery for short, predictable spells",
            ),
        ],
        compile: crate::model::scheme::compile::<SygedagpengeFollowup>,
    };

    /// The request and the first talk lie on or after the first day of absence.
    fn read(f: &mut Fields) -> Option<Input> {
        let first = f.date("first_sick_day");
        let early = f.date("early_request");
        let talk = f.date("first_talk");
        for (field, day) in [("early_request", early), ("first_talk", talk)] {
            if let (Some(first), Some(day)) = (first, day)
                && day < first
            {
                f.refuse(field, "input_error.before_first_day")
                    .put("day", Value::Date(day))
                    .put("first", Value::Date(first));
            }
        }
        if f.has_errors() {
            return None;
        }
        Some(Input {
            first_sick_day: first?,
            early_request: early,
            first_talk: talk,
            section_13f: f.flag("section_13f")?,
        })
    }

    /// The version follows the first day of absence.
    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        Some(i.first_sick_day)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            first_followup_weeks: r.whole("first_followup_weeks")?,
            early_followup_weeks: r.whole("early_followup_weeks")?,
            half_year_months: r.whole("half_year_months")?,
            followups_in_half_year: r.whole("followups_in_half_year")?,
            section_13f_weeks: r.optional("section_13f_weeks", ParamReader::whole),
            version: r.version().to_string(),
            valid_to: r.valid_to(),
        })
    }

    /// § 13 b, stk. 1-2 and § 13 f.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let scheme = c.scheme;
        let first = i.first_sick_day;

        // § 13 b, stk. 1, 2. pkt.: by the end of the 8th week counted from the first day.
        let weeks = c.get(&p.first_followup_weeks);
        let first_by = end_of_week(first, weeks, "first_followup")?;
        c.step("first_followup", "first_followup", |s| {
            s.value(Value::Date(first_by))
                .said("text.first_followup")
                .input("first_followup_weeks", Value::weeks(weeks))
                .arg("first_sick_day", Value::Date(first))
                .arg("by", Value::Date(first_by));
        });

        // § 13 b, stk. 2: after a request for early follow-up, within 2 weeks of it.
        let early_by = match i.early_request {
            Some(asked) => {
                let w = c.get(&p.early_followup_weeks);
                let by = plus_days(asked, 7 * u64::from(w), "early_followup")?;
                c.step("early_followup", "early_followup", |s| {
                    s.value(Value::Date(by))
                        .said("text.early_followup")
                        .input("early_followup_weeks", Value::weeks(w))
                        .arg("early_request", Value::Date(asked))
                        .arg("by", Value::Date(by));
                });
                Some(by)
            }
            None => None,
        };

        // § 13 f: follow-up only on the recovery, counted from the first talk.
        let recovery_by = if i.section_13f {
            let Some(w) = &p.section_13f_weeks else {
                return Err(Refusal::new(scheme, "refusal.no_section_13f")
                    .with("version", Value::Text(p.version.clone()))
                    .field("section_13f"));
            };
            let Some(talk) = i.first_talk else {
                return Err(Refusal::new(scheme, "refusal.first_talk_needed").field("first_talk"));
            };
            let w = c.get(w);
            let by = end_of_week(talk, w, "section_13f")?;
            c.step("section_13f", "section_13f", |s| {
                s.value(Value::Date(by))
                    .said("text.section_13f")
                    .input("section_13f_weeks", Value::weeks(w))
                    .arg("first_talk", Value::Date(talk))
                    .arg("by", Value::Date(by));
            });
            Some(by)
        } else {
            None
        };

        // § 13 b, stk. 1, 1. pkt.: at least four follow-ups within the first half year.
        let (count, half_year_end) = if recovery_by.is_none() {
            let months = c.get(&p.half_year_months);
            let n = c.get(&p.followups_in_half_year);
            let end = add_months(first, months)
                .checked_sub_days(Days::new(1))
                .ok_or_else(|| Refusal::overflow("half_year"))?;
            c.step("half_year", "half_year", |s| {
                s.value(Value::Date(end))
                    .said("text.half_year")
                    .input("half_year_months", Value::months(months))
                    .input("followups_in_half_year", Value::Number(n.into()))
                    .arg("first_sick_day", Value::Date(first))
                    .arg("end", Value::Date(end));
            });
            (Some(n), Some(end))
        } else {
            (None, None)
        };

        // A date due after this version's last day falls under the rules that follow it, and
        // how those treat a spell that began before them (a transitional rule) was not found:
        // refused, not computed from these rules.
        if let Some(end) = p.valid_to {
            let due = [
                ("label.first_followup", Some(first_by)),
                ("label.early_followup", early_by),
                ("label.section_13f", recovery_by),
                ("label.half_year", half_year_end),
            ];
            if let Some((label, Some(day))) = due.iter().find(|(_, d)| d.is_some_and(|d| d > end)) {
                return Err(Refusal::new(scheme, "refusal.due_after_version")
                    .with("what", Value::said(Said::new(scheme, *label)))
                    .with("date", Value::Date(*day))
                    .with("end", Value::Date(end))
                    .with("version", Value::Text(p.version.clone()))
                    .field("first_sick_day"));
            }
        }

        Ok(Output {
            first_followup_by: first_by,
            early_followup_by: early_by,
            followups_in_half_year: count,
            half_year_end,
            section_13f: i.section_13f,
            recovery_expected_by: recovery_by,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("first_followup_by", Value::Date(o.first_followup_by)),
            (
                "early_followup_by",
                Value::date_or_none(o.early_followup_by),
            ),
            (
                "followups_in_half_year",
                o.followups_in_half_year
                    .map_or(Value::None, |n| Value::Number(n.into())),
            ),
            ("half_year_end", Value::date_or_none(o.half_year_end)),
            ("section_13f", Value::Bool(o.section_13f)),
            (
                "recovery_expected_by",
                Value::date_or_none(o.recovery_expected_by),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::schemes::sygedagpenge::testing::run;

    #[test]
    fn the_first_talk_is_due_by_the_end_of_the_eighth_week() {
        // Monday 3 March 2025: week 8 ends Sunday 27 April; the half year ends 2 September.
        let o = run("sygedagpenge_followup", "first_sick_day = \"2025-03-03\"").unwrap();
        assert_eq!(o.get("first_followup_by"), "2025-04-27");
        assert_eq!(o.get("half_year_end"), "2025-09-02");
        assert_eq!(o.get("followups_in_half_year"), "4");
        assert_eq!(o.get("early_followup_by"), "none");
    }

    #[test]
    fn section_13f_needs_its_version_and_the_first_talk() {
        let o = run(
            "sygedagpenge_followup",
            "first_sick_day = \"2025-03-03\"\nfirst_talk = \"2025-04-10\"\nsection_13f = true",
        )
        .unwrap();
        // 10 April + 13 weeks − 1 day = 9 July; no four talks.
        assert_eq!(o.get("recovery_expected_by"), "2025-07-09");
        assert_eq!(o.get("half_year_end"), "none");
        let err = run(
            "sygedagpenge_followup",
            "first_sick_day = \"2024-03-04\"\nfirst_talk = \"2024-04-10\"\nsection_13f = true",
        )
        .unwrap_err();
        assert!(err.contains("§ 13 f"), "{err}");
        let err = run(
            "sygedagpenge_followup",
            "first_sick_day = \"2025-03-03\"\nsection_13f = true",
        )
        .unwrap_err();
        assert!(err.contains("first talk"), "{err}");
        let err = run(
            "sygedagpenge_followup",
            "first_sick_day = \"2025-03-03\"\nearly_request = \"2025-03-01\"",
        )
        .unwrap_err();
        assert!(err.contains("before the first day of absence"), "{err}");
        // From 1 July 2026 the rules were not found: refused, not computed from 2025's.
        let err = run("sygedagpenge_followup", "first_sick_day = \"2026-07-01\"").unwrap_err();
        assert!(err.contains("not covered"), "{err}");
        // Nor a spell from before, whose half year runs past 30 June 2026 (its transitional
        // rule was not found); one whose dates all fall before is computed.
        let err = run("sygedagpenge_followup", "first_sick_day = \"2026-03-02\"").unwrap_err();
        assert!(
            err.contains("2026-09-01") && err.contains("2026-06-30"),
            "{err}"
        );
        let o = run("sygedagpenge_followup", "first_sick_day = \"2025-12-01\"").unwrap();
        assert_eq!(o.get("half_year_end"), "2026-05-31");
        // The 2025 change kept § 13 b's dates: a spell of late 2024 is still refused, since
        // L 74's transitional rule was not found either.
        let err = run("sygedagpenge_followup", "first_sick_day = \"2024-11-04\"").unwrap_err();
        assert!(err.contains("2024-12-31"), "{err}");
    }
}
