//! **Opfølgning på fleksjob** (LAB, kapitel 20; before 2020 the old LAB § 70 d): the dates the
//! jobcentre must follow up a flex-job.
//!
//! - The jobcentre follows up when 2½ years have passed in the flex-job, and then each time 2½
//!   years have passed since the last follow-up (a personal talk; the employer as needed).
//! - A temporary flex-job is granted for 5 years; after 4½ years the jobcentre makes a status
//!   and decides whether the person is still entitled to a flex-job.
//!
//! The version follows the flex-job's first day. Every period is a parameter of the rule set.

use chrono::{Days, NaiveDate};

use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme};
use crate::rules::spec::{InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, param};
use crate::values::history::add_months;
use crate::values::value::Value;

/// The scheme (see the module documentation).
pub struct FleksjobFollowup;

const SCOPE: &str = "fleksjob_followup";

/// Whether the flex-job is granted for a period (the first flex-job) or permanently.
const GRANTS: [&str; 2] = ["temporary", "permanent"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub fleksjob_start: NaiveDate,
    pub temporary: bool,
    /// The day of the last follow-up, if one has been held.
    pub last_followup: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub followup_months: Param<u32>,
    pub status_months: Param<u32>,
    pub temporary_months: Param<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub first_followup_due: NaiveDate,
    pub next_followup_due: Option<NaiveDate>,
    pub status_due: Option<NaiveDate>,
    pub temporary_ends: Option<NaiveDate>,
}

impl Scheme for FleksjobFollowup {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: SCOPE,
        family: "fleksjob",
        selected_by: Some("fleksjob_start"),
        inputs: &[
            InputSpec::required("fleksjob_start", InputKind::Date),
            InputSpec::default("grant", InputKind::Choice(&GRANTS), "temporary"),
            InputSpec::optional("last_followup", InputKind::Date),
        ],
        results: &[
            OutputSpec::outcome("first_followup_due"),
            OutputSpec::outcome("next_followup_due"),
            OutputSpec::outcome("status_due"),
            OutputSpec::outcome("temporary_ends"),
        ],
        headline: "first_followup_due",
        parameters: &[
            param(
                "followup_months",
                Unit::Months,
                "the jobcentre follows up each time this many months have passed",
            ),
            param(
                "status_months",
                Unit::Months,
                "a temporary flex-job's status after this many months",
            ),
            param(
                "temporary_months",
                Unit::Months,
                "a temporary flex-job is granted for this many months",
            ),
        ],
        roundings: &[],
        rules: &[
            item("followup", "the follow-up every 2½ years"),
            item("status", "the temporary flex-job's status and end"),
        ],
        compile: crate::model::scheme::compile::<FleksjobFollowup>,
    };

    /// The last follow-up lies on or after the flex-job's first day.
    fn read(f: &mut Fields) -> Option<Input> {
        let start = f.date("fleksjob_start");
        let last = f.date("last_followup");
        if let (Some(start), Some(last)) = (start, last)
            && last < start
        {
            f.refuse("last_followup", "input_error.before_start")
                .put("day", Value::Date(last))
                .put("start", Value::Date(start));
        }
        if f.has_errors() {
            return None;
        }
        Some(Input {
            fleksjob_start: start?,
            temporary: f.choice("grant")? == "temporary",
            last_followup: last,
        })
    }

    /// The version follows the flex-job's first day.
    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        Some(i.fleksjob_start)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            followup_months: r.whole("followup_months")?,
            status_months: r.whole("status_months")?,
            temporary_months: r.whole("temporary_months")?,
        })
    }

    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let start = i.fleksjob_start;

        // The follow-up when 2½ years have passed in the flex-job, then 2½ years after each.
        let months = c.get(&p.followup_months);
        let first = add_months(start, months);
        c.step("followup", "first_followup", |s| {
            s.value(Value::Date(first))
                .said("text.first_followup")
                .input("followup_months", Value::months(months))
                .arg("fleksjob_start", Value::Date(start))
                .arg("due", Value::Date(first));
        });
        let next = i.last_followup.map(|last| {
            let due = add_months(last, months);
            c.step("followup", "next_followup", |s| {
                s.value(Value::Date(due))
                    .said("text.next_followup")
                    .input("followup_months", Value::months(months))
                    .arg("last_followup", Value::Date(last))
                    .arg("due", Value::Date(due));
            });
            due
        });

        // A temporary flex-job: the status after 4½ years, the end after 5.
        let (status, ends) = if i.temporary {
            let status_months = c.get(&p.status_months);
            let period = c.get(&p.temporary_months);
            let status = add_months(start, status_months);
            let ends = add_months(start, period)
                .checked_sub_days(Days::new(1))
                .ok_or_else(|| Refusal::overflow("status"))?;
            c.step("status", "status", |s| {
                s.value(Value::Date(status))
                    .said("text.status")
                    .input("status_months", Value::months(status_months))
                    .input("temporary_months", Value::months(period))
                    .arg("fleksjob_start", Value::Date(start))
                    .arg("status", Value::Date(status))
                    .arg("ends", Value::Date(ends));
            });
            (Some(status), Some(ends))
        } else {
            (None, None)
        };

        Ok(Output {
            first_followup_due: first,
            next_followup_due: next,
            status_due: status,
            temporary_ends: ends,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("first_followup_due", Value::Date(o.first_followup_due)),
            (
                "next_followup_due",
                Value::date_or_none(o.next_followup_due),
            ),
            ("status_due", Value::date_or_none(o.status_due)),
            ("temporary_ends", Value::date_or_none(o.temporary_ends)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::schemes::sygedagpenge::testing::run;

    #[test]
    fn a_permanent_flex_job_has_no_status_and_no_end() {
        let o = run(
            "fleksjob_followup",
            "fleksjob_start = \"2021-08-31\"\ngrant = \"permanent\"",
        )
        .unwrap();
        // 31 August 2021 + 30 months: 29 February 2024 (February has no 31st: its last day).
        assert_eq!(o.get("first_followup_due"), "2024-02-29");
        assert_eq!(o.get("status_due"), "none");
        assert_eq!(o.get("temporary_ends"), "none");
        assert_eq!(o.notes.len(), 1, "{:?}", o.notes);
    }

    #[test]
    fn a_flex_job_from_2027_is_not_covered_and_inputs_are_checked() {
        let err = run("fleksjob_followup", "fleksjob_start = \"2027-01-04\"").unwrap_err();
        assert!(err.contains("not covered"), "{err}");
        let err = run(
            "fleksjob_followup",
            "fleksjob_start = \"2024-03-01\"\nlast_followup = \"2024-02-01\"\ngrant = \"forever\"",
        )
        .unwrap_err();
        assert!(err.contains("before the flex-job's first day"), "{err}");
        assert!(err.contains("`forever` is not one of"), "{err}");
    }
}
