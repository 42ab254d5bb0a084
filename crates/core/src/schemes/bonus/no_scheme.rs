//! A period in which a bonus scheme did not run (the fleksjobbonus pause of 2014, the
//! fleksjobbonus after it was phased out, refugee hires from 1 July 2019, jobpræmie income
//! months between and after the schemes): the law's definite "no". Such a period is a version of
//! its own, with its sources, marked by the parameter `no_scheme = true`; a case in it is
//! answered, not refused: not eligible, 0 kr., the reason and the act or paragraph it rests on.
//!
//! The version may say the last day the scheme before it covered (`last_covered`) and the first
//! day of the scheme after it (`resumes_on`); without either, the scheme was phased out on a date
//! not found, and the version's first day is where this rule set starts answering "no" (the
//! reasoning is the version's notes and the parameter's derivation).
//!
//! A scheme that has such versions declares `no_scheme`, `last_covered` and `resumes_on` as
//! optional parameters and its own parameters as optional too, and refuses (in `params`) an
//! open version that lacks one of its own.

use chrono::NaiveDate;

use crate::model::{Calc, Param, ParamReader, Recorder};
use crate::values::value::{Said, Value};

/// A version in which the scheme did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoScheme {
    pub marker: Param<bool>,
    pub last_covered: Option<Param<NaiveDate>>,
    pub resumes_on: Option<Param<NaiveDate>>,
    pub version: String,
    pub valid_from: NaiveDate,
    /// The legal basis of the answer: the sources of the rule `version` that name a
    /// paragraph, else all of them, as cited.
    pub legal: String,
}

impl NoScheme {
    /// The version's "no scheme" parameters, if it is such a version.
    pub fn read(r: &ParamReader) -> Result<Option<NoScheme>, String> {
        let Some(marker) = r.optional("no_scheme", ParamReader::flag) else {
            return Ok(None);
        };
        if !marker.value() {
            return Ok(None);
        }
        let v = r.rule_set();
        let sources = v.rule_sources("version");
        if sources.is_empty() {
            return Err("the sources of rule `version` (why there is no scheme)".to_string());
        }
        let with_paragraph: Vec<String> = sources
            .iter()
            .filter(|s| s.paragraph.is_some())
            .map(|s| s.citation())
            .collect();
        let legal = if with_paragraph.is_empty() {
            sources
                .iter()
                .map(|s| s.citation())
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            with_paragraph.join("; ")
        };
        let resumes_on = r.optional("resumes_on", ParamReader::date);
        let last_covered = r.optional("last_covered", ParamReader::date);
        if resumes_on.is_some() && last_covered.is_none() {
            return Err("parameter `last_covered` (with `resumes_on`)".to_string());
        }
        Ok(Some(NoScheme {
            marker,
            last_covered,
            resumes_on,
            version: r.version().to_string(),
            valid_from: r.valid_from(),
            legal,
        }))
    }

    /// Why there is nothing to pay for `date` (the hiring date, or the income month), in the
    /// scheme's own words: `text.no_scheme_paused` (with the day it resumed),
    /// `text.no_scheme_ended` (with the last day it covered) or `text.no_scheme_phased_out`.
    pub fn reason<R: Recorder>(&self, scheme: &'static str, c: &mut Calc<R>, date: Value) -> Said {
        c.get(&self.marker);
        let last = self.last_covered.as_ref().map(|p| c.get(p));
        let resumes = self.resumes_on.as_ref().map(|p| c.get(p));
        let said = match (last, resumes) {
            (Some(last), Some(resumes)) => Said::new(scheme, "text.no_scheme_paused")
                .with("last_covered", Value::Date(last))
                .with("resumes_on", Value::Date(resumes)),
            (Some(last), None) => {
                Said::new(scheme, "text.no_scheme_ended").with("last_covered", Value::Date(last))
            }
            _ => Said::new(scheme, "text.no_scheme_phased_out")
                .with("from", Value::Date(self.valid_from)),
        };
        said.with("date", date)
            .with("legal", Value::Text(self.legal.clone()))
    }

    /// Records the answer as the version step (rule `version`, which carries its sources).
    pub fn record<R: Recorder>(&self, c: &mut Calc<R>, reason: &Said) {
        c.step("version", "no_scheme", |s| {
            s.value(Value::Text(self.version.clone()))
                .text(reason.clone())
                .input("no_scheme", Value::Bool(true));
        });
    }
}
