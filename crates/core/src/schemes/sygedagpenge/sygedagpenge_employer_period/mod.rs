//! **Arbejdsgiverperioden** (sygedagpengeloven §§ 30-34, 56): the first days of a sickness spell,
//! for which the employer pays the employee (wage or sygedagpenge) without refund. From the
//! spell's first day, the employment and the hours worked, this scheme decides whether there is
//! an employer period, when it ends, and from when the municipality pays (or refunds the
//! employer); and the employer's deadlines for reporting the absence and claiming the refund.
//!
//! The version follows the spell's first day: 21 calendar days before 2 January 2012, 30 from
//! then.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Recorder, Refusal, Scheme, plus_days,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_param, param,
};
use crate::values::history::add_months;
use crate::values::value::{Said, Value};

/// The scheme (see the module documentation).
pub struct SygedagpengeEmployerPeriod;

const SCOPE: &str = "sygedagpenge_employer_period";

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

/// At most 8 weeks of 168 hours (§ 30 stk. 2 counts the hours of the last 8 weeks).
const HOURS_IN_8_WEEKS: u32 = 8 * bounds::HOURS_PER_WEEK;

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

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub employer_period_days: Param<u32>,
    pub min_weeks_employed: Param<u32>,
    pub min_hours_worked: Param<Decimal>,
    pub report_weeks: Option<Param<u32>>,
    pub claim_lookback_months: Option<Param<u32>>,
    pub insured_employer_days: Option<Param<u32>>,
    /// The version's name, for refusals.
    pub version: String,
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
    /// Why the employer pays what it pays (a sentence of the catalogue).
    pub reason: Said,
    pub report_deadline: Option<NaiveDate>,
    pub reported_late: bool,
    /// The last day a claim still covers the first refund day.
    pub claim_by: Option<NaiveDate>,
    pub employment_ok: bool,
    /// The day from which the employment must have lasted.
    pub weeks_employed_from: NaiveDate,
}

impl Scheme for SygedagpengeEmployerPeriod {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: SCOPE,
        family: "sygedagpenge",
        selected_by: Some("first_sick_day"),
        inputs: &[
            InputSpec::required("first_sick_day", InputKind::Date),
            InputSpec::optional("last_sick_day", InputKind::Date),
            InputSpec::required("employment_start", InputKind::Date),
            InputSpec::optional("employment_end", InputKind::Date),
            InputSpec::required(
                "hours_last_8_weeks",
                InputKind::Hours {
                    max: HOURS_IN_8_WEEKS,
                },
            ),
            InputSpec::default(
                "arrangement",
                InputKind::Choice(&Arrangement::NAMES),
                "ordinary",
            ),
            InputSpec::optional("reported", InputKind::Date),
            InputSpec::optional("claimed", InputKind::Date),
        ],
        results: &[
            OutputSpec::outcome("employer_period"),
            OutputSpec::outcome("employer_period_end"),
            OutputSpec::outcome("employer_pays_days"),
            OutputSpec::outcome("public_from"),
            OutputSpec::outcome("refund_to_employer_from"),
            OutputSpec::intermediate("reason"),
            OutputSpec::outcome("report_deadline"),
            OutputSpec::outcome("reported_late"),
            OutputSpec::outcome("claim_by"),
            OutputSpec::outcome("employment_requirement"),
        ],
        headline: "employer_pays_days",
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
        compile: crate::model::scheme::compile::<SygedagpengeEmployerPeriod>,
    };

    /// The spell and the employment in order: neither ends before the absence begins, and the
    /// employment began by its first day.
    fn read(f: &mut Fields) -> Option<Input> {
        let first = f.date("first_sick_day");
        let last = f.date("last_sick_day");
        let start = f.date("employment_start");
        let end = f.date("employment_end");
        if let (Some(first), Some(last)) = (first, last)
            && last < first
        {
            f.refuse("last_sick_day", "input_error.spell_ends_before_start")
                .put("last", Value::Date(last))
                .put("first", Value::Date(first));
        }
        if let (Some(first), Some(start)) = (first, start)
            && first < start
        {
            f.refuse("employment_start", "input_error.employed_after_absence")
                .put("start", Value::Date(start))
                .put("first", Value::Date(first));
        }
        if let (Some(first), Some(end)) = (first, end)
            && end < first
        {
            f.refuse("employment_end", "input_error.employment_ended_before")
                .put("end", Value::Date(end))
                .put("first", Value::Date(first));
        }
        if f.has_errors() {
            return None;
        }
        Some(Input {
            first_sick_day: first?,
            last_sick_day: last,
            employment_start: start?,
            employment_end: end,
            hours_last_8_weeks: f.hours("hours_last_8_weeks")?,
            arrangement: f.choice("arrangement").and_then(Arrangement::parse)?,
            reported: f.date("reported"),
            claimed: f.date("claimed"),
        })
    }

    /// The version follows the first day of absence.
    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        Some(i.first_sick_day)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            employer_period_days: r.whole("employer_period_days")?,
            min_weeks_employed: r.whole("min_weeks_employed")?,
            min_hours_worked: r.decimal("min_hours_worked")?,
            report_weeks: r.optional("report_weeks", ParamReader::whole),
            claim_lookback_months: r.optional("claim_lookback_months", ParamReader::whole),
            insured_employer_days: r.optional("insured_employer_days", ParamReader::whole),
            version: r.version().to_string(),
        })
    }

    /// The employer period (§ 30), its exceptions (§§ 55-56, flex-jobs) and the deadlines
    /// (§ 40 stk. 1, § 59).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let scheme = c.scheme;
        let insured_days = match (i.arrangement, &p.insured_employer_days) {
            (Arrangement::InsuredSection55, None) => {
                return Err(Refusal::new(scheme, "refusal.no_insurance_rule")
                    .with("version", Value::Text(p.version.clone()))
                    .field("arrangement"));
            }
            (Arrangement::InsuredSection55, Some(d)) => c.get(d),
            _ => 0,
        };
        let first = i.first_sick_day;

        // § 30 stk. 2: employed uninterrupted for the last 8 weeks, with at least 74 hours.
        let min_weeks = c.get(&p.min_weeks_employed);
        let weeks_from = first
            .checked_sub_days(Days::new(7 * u64::from(min_weeks)))
            .ok_or_else(|| Refusal::overflow("employment"))?;
        let min_hours = c.get(&p.min_hours_worked);
        let employed_long_enough = i.employment_start <= weeks_from;
        let enough_hours = i.hours_last_8_weeks >= min_hours;
        let employment_ok = employed_long_enough && enough_hours;
        c.step("employment", "employment", |s| {
            s.value(Value::Bool(employment_ok))
                .said("text.employment")
                .input("employment_start", Value::Date(i.employment_start))
                .input("hours_last_8_weeks", Value::hours(i.hours_last_8_weeks))
                .input("min_weeks_employed", Value::weeks(min_weeks))
                .input("min_hours_worked", Value::hours(min_hours))
                .arg("weeks_from", Value::Date(weeks_from));
        });

        // § 30 stk. 1: the employer pays the first calendar days; the exceptions pay none, or
        // (insured under § 55) fewer.
        let period_days = c.get(&p.employer_period_days);
        let (employer_days, reason) = if !employment_ok {
            let said = if employed_long_enough {
                Said::new(scheme, "text.reason_too_few_hours")
                    .with("hours", Value::hours(i.hours_last_8_weeks))
                    .with("weeks", Value::weeks(min_weeks))
                    .with("min_hours", Value::hours(min_hours))
            } else {
                Said::new(scheme, "text.reason_employed_too_short")
                    .with("employment_start", Value::Date(i.employment_start))
                    .with("weeks", Value::weeks(min_weeks))
                    .with("weeks_from", Value::Date(weeks_from))
            };
            (0, said)
        } else {
            match i.arrangement {
                Arrangement::Ordinary => (
                    period_days,
                    Said::new(scheme, "text.reason_ordinary")
                        .with("days", Value::days(period_days)),
                ),
                Arrangement::Fleksjob => (0, Said::new(scheme, "text.reason_fleksjob")),
                Arrangement::Section56 => (0, Said::new(scheme, "text.reason_section_56")),
                Arrangement::Pregnancy => (0, Said::new(scheme, "text.reason_pregnancy")),
                Arrangement::InsuredSection55 => (
                    insured_days,
                    Said::new(scheme, "text.reason_insured_section_55")
                        .with("days", Value::days(insured_days)),
                ),
            }
        };
        if i.arrangement != Arrangement::Ordinary {
            c.step("exceptions", "arrangement", |s| {
                s.value(Value::word(scheme, i.arrangement.name()))
                    .text(reason.clone())
                    .arg("arrangement", Value::word(scheme, i.arrangement.name()));
                if i.arrangement == Arrangement::InsuredSection55 {
                    s.input("insured_employer_days", Value::days(insured_days));
                }
            });
        }

        // The period ends early with the spell or the employment (the employer pays only to
        // the last day of employment).
        let last = match (i.last_sick_day, i.employment_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let nominal_end = match employer_days {
            0 => None,
            n => Some(plus_days(first, u64::from(n) - 1, "period")?),
        };
        let employer_period_end = nominal_end.map(|e| last.map_or(e, |l| e.min(l)));
        let pays_days = employer_period_end.map_or(0, |e| {
            u32::try_from((e - first).num_days() + 1).unwrap_or(0)
        });
        // The municipality takes over after the employer period, or the day after an
        // employment that ended within it.
        let after = match (employer_period_end, i.employment_end) {
            (Some(e), Some(end)) if e == end && nominal_end.is_some_and(|n| end < n) => {
                plus_days(end, 1, "period")?
            }
            _ => plus_days(first, u64::from(employer_days), "period")?,
        };
        let public_from = match i.last_sick_day {
            Some(l) if l < after => None,
            _ => Some(after),
        };
        c.step("period", "period", |s| {
            s.value(Value::days(pays_days))
                .input("employer_period_days", Value::days(period_days));
            match (employer_period_end, public_from) {
                (Some(end), Some(from)) => {
                    s.said("text.period")
                        .arg("public_from", Value::Date(from))
                        .arg("employer_period_end", Value::Date(end));
                }
                (Some(end), None) => {
                    s.said("text.period_spell_ended")
                        .arg("employer_period_end", Value::Date(end));
                }
                (None, _) => {
                    s.text(reason.clone());
                }
            }
            s.arg("reason", Value::said(reason.clone()))
                .arg("first_sick_day", Value::Date(first));
        });

        // § 40 stk. 1: report the absence within the weeks from its first day; § 59 stk. 3: a
        // late report gives refund only from the day it is made.
        let report_weeks = p.report_weeks.as_ref().map(|w| c.get(w));
        let report_deadline = match report_weeks {
            Some(w) => Some(plus_days(first, 7 * u64::from(w), "deadlines")?),
            None => None,
        };
        let reported_late = match (i.reported, report_deadline) {
            (Some(r), Some(d)) => r > d,
            _ => false,
        };
        c.step("deadlines", "report_by", |s| {
            s.value(Value::date_or_none(report_deadline));
            match (report_deadline, report_weeks) {
                (Some(deadline), Some(weeks)) => {
                    s.said(match i.reported {
                        Some(_) if reported_late => "text.report_late",
                        Some(_) => "text.report_in_time",
                        None => "text.report_deadline",
                    })
                    .input("report_weeks", Value::weeks(weeks))
                    .arg("first_sick_day", Value::Date(first))
                    .arg("report_deadline", Value::Date(deadline))
                    .arg("reported", Value::date_or_none(i.reported));
                }
                _ => {
                    s.said("text.no_report_rule");
                }
            }
        });

        // § 59 stk. 2 and 5: a claim covers the months before it is made.
        let lookback = match (public_from, &p.claim_lookback_months) {
            (Some(_), Some(m)) => Some(c.get(m)),
            _ => None,
        };
        // The refund runs from the municipality's first day, or from a late report, or from
        // the earliest day the claim still covers, whichever is last.
        let after_report = public_from.map(|f| match i.reported {
            Some(r) if reported_late => f.max(r),
            _ => f,
        });
        let claim_covers_from = i
            .claimed
            .zip(lookback)
            .and_then(|(claimed, m)| claimed.checked_sub_months(chrono::Months::new(m)));
        let claimed_late = after_report
            .zip(claim_covers_from)
            .is_some_and(|(f, earliest)| earliest > f);
        let refund_from = after_report.map(|f| claim_covers_from.map_or(f, |e| f.max(e)));
        let claim_by = public_from.zip(lookback).map(|(f, m)| add_months(f, m));
        if let (Some(by), Some(months)) = (claim_by, lookback) {
            c.step("deadlines", "claim_by", |s| {
                let key = match i.claimed {
                    Some(_) if claimed_late => "text.claimed_late",
                    Some(_) => "text.claimed",
                    None => "text.claim_by",
                };
                s.value(Value::Date(by))
                    .said(key)
                    .input("claim_lookback_months", Value::months(months))
                    .arg("claim_by", Value::Date(by))
                    .arg("claimed", Value::date_or_none(i.claimed))
                    .arg("refund_from", Value::date_or_none(refund_from));
            });
        }

        Ok(Output {
            employer_period: employer_days > 0 && i.arrangement == Arrangement::Ordinary,
            employer_period_end,
            employer_pays_days: pays_days,
            public_from,
            refund_from,
            reason,
            report_deadline,
            reported_late,
            claim_by,
            employment_ok,
            weeks_employed_from: weeks_from,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("employer_period", Value::Bool(o.employer_period)),
            (
                "employer_period_end",
                Value::date_or_none(o.employer_period_end),
            ),
            ("employer_pays_days", Value::days(o.employer_pays_days)),
            ("public_from", Value::date_or_none(o.public_from)),
            (
                "refund_to_employer_from",
                Value::date_or_none(o.refund_from),
            ),
            ("reason", Value::said(o.reason.clone())),
            ("report_deadline", Value::date_or_none(o.report_deadline)),
            ("reported_late", Value::Bool(o.reported_late)),
            ("claim_by", Value::date_or_none(o.claim_by)),
            ("employment_requirement", Value::Bool(o.employment_ok)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::schemes::sygedagpenge::testing::run;

    const EMPLOYED: &str = "employment_start = \"2020-01-01\"\nhours_last_8_weeks = 296\n";

    fn case(extra: &str) -> crate::schemes::sygedagpenge::testing::Shown {
        run(
            "sygedagpenge_employer_period",
            &format!("first_sick_day = \"2024-03-04\"\n{EMPLOYED}{extra}"),
        )
        .unwrap()
    }

    #[test]
    fn a_late_report_is_not_blamed_on_a_claim_in_time() {
        // Reported 15 April (deadline 8 April), claimed 1 May: the claim covers from 1 February,
        // so only the report moves the refund.
        let o = case("reported = \"2024-04-15\"\nclaimed = \"2024-05-01\"");
        assert_eq!(o.get("refund_to_employer_from"), "2024-04-15");
        assert_eq!(
            o.formula("Claim the refund by"),
            "a claim covers days up to 3 months before it: to cover the first refund day, claim by 2024-07-03; claimed 2024-05-01"
        );
        assert!(
            o.formula("Report the absence by")
                .contains("late: the refund runs only from 2024-04-15")
        );
        // Claimed late as well: the later of the two.
        let o = case("reported = \"2024-04-15\"\nclaimed = \"2024-08-20\"");
        assert_eq!(o.get("refund_to_employer_from"), "2024-05-20");
        assert!(
            o.formula("Claim the refund by")
                .ends_with("so the refund runs only from 2024-05-20")
        );
    }

    #[test]
    fn a_spell_within_the_employer_period_has_no_public_payment() {
        let o = case("last_sick_day = \"2024-03-10\"");
        assert_eq!(o.get("employer_period_end"), "2024-03-10");
        assert_eq!(o.get("employer_pays_days"), "7");
        assert_eq!(o.get("public_from"), "none");
        assert_eq!(o.get("claim_by"), "none");
        assert!(
            o.formula("Days the employer pays")
                .ends_with("the spell ended within the employer period")
        );
        // No claim step, and so no note on the derived look-back period.
        assert!(o.steps.iter().all(|(l, _)| l != "Claim the refund by"));
        assert!(o.notes.is_empty(), "{:?}", o.notes);
    }

    #[test]
    fn an_insured_employer_pays_one_day_where_the_rule_set_says_so() {
        let o = case("arrangement = \"insured_section_55\"");
        assert_eq!(o.get("employer_pays_days"), "1");
        assert_eq!(o.get("public_from"), "2024-03-05");
        assert_eq!(o.get("employer_period"), "false");
        assert_eq!(
            o.steps[1],
            (
                "Arrangement: employer insured under § 55".to_string(),
                "an employer insured under § 55 pays 1 day(s), then is refunded".to_string()
            )
        );
        // The 2012-01 version has no sourced rule for it.
        let err = run(
            "sygedagpenge_employer_period",
            "first_sick_day = \"2012-01-02\"\nemployment_start = \"2010-05-01\"\nhours_last_8_weeks = 296\narrangement = \"insured_section_55\"",
        )
        .unwrap_err();
        assert!(
            err.contains("no sourced rule for employers insured under § 55"),
            "{err}"
        );
    }

    #[test]
    fn the_inputs_are_checked_against_each_other_and_their_bounds() {
        let err = run(
            "sygedagpenge_employer_period",
            "first_sick_day = \"2024-03-04\"\nemployment_start = \"2024-03-05\"\nemployment_end = \"2024-03-01\"\nhours_last_8_weeks = 1345\narrangement = \"boss\"",
        )
        .unwrap_err();
        for part in [
            "the employment starts (2024-03-05) after the first day of absence (2024-03-04)",
            "the employment ended (2024-03-01) before the absence began (2024-03-04)",
            "1345 is more than 1344",
            "`boss` is not one of ordinary, fleksjob",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
    }

    #[test]
    fn the_danish_explanation_is_danish() {
        let o = case("reported = \"2024-03-20\"");
        let (label, formula) = &o.steps_da[1];
        assert_eq!(label, "Dage arbejdsgiveren betaler uden refusion");
        assert_eq!(
            formula,
            "arbejdsgiveren betaler de første 30 kalenderdage: fra 4. marts 2024 til 2. april 2024; offentlig udbetaling fra 3. april 2024"
        );
    }
}
