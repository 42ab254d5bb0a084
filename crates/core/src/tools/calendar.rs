//! The caseworker's calendar: every date a case's calculation sets (a deadline, an end, a due
//! date), each with the paragraphs of the step that computed it and the rule-set version, as
//! JSON or as an iCalendar file (RFC 5545) a caseworker can import.
//!
//! The dates are the case's own results (`Value::Date` fields: the sygedagpenge employer period's
//! end, the report deadline and the refund claim's last day, the 22-week reassessment, the
//! municipality's follow-up talks, a flex-job's follow-up and status, a løntilskud's end, a
//! bonus's payment date and application deadline, the end of the dagpenge reference period, …), so
//! every scheme that computes a date gets a calendar without code of its own. A date's legal
//! reference is that of the explanation's step whose value is the date; where no step shows it,
//! the entry says so. No clock is read: an event's time stamp is its own date.

use chrono::{Duration, NaiveDate};

use crate::engine::Outcome;
use crate::rules::LegalSource;
use crate::text::catalogue::{self, Lang};
use crate::values::value::Value;

/// One date of a case.
#[derive(Debug, Clone)]
pub struct Entry<'o> {
    /// The result field (`report_deadline`).
    pub field: &'static str,
    pub date: NaiveDate,
    /// A result that is a month (the month the dagpenge right runs out): `date` is its first
    /// day and the event spans the month.
    pub whole_month: bool,
    /// The result's name for a reader, English and Danish.
    pub title: String,
    pub title_da: String,
    /// The legal sources of the step that computed the date.
    pub legal: Vec<&'o LegalSource>,
}

/// A date's name for a reader: the calendar's own (`calendar.title.<field>`), the scheme's
/// result name (`<scheme>.result.<field>`), else the field's name.
fn result_name(scheme: &str, field: &str, lang: Lang) -> String {
    let own = format!("title.{field}");
    if catalogue::has("calendar", &own) {
        return catalogue::fill(lang, "calendar", &own, &mut |_| None);
    }
    let key = format!("result.{field}");
    if catalogue::has(scheme, &key) {
        catalogue::fill(lang, scheme, &key, &mut |_| None)
    } else {
        field.replace('_', " ")
    }
}

/// Where no step of the explanation shows a date, the rule (formula step of the rule set) that
/// decides it: its legal sources are the date's. Only names of steps; the law is the rule set's.
const RULE_OF: &[(&str, &str, &str)] = &[
    ("sygedagpenge_duration", "reassessment_date", "limit"),
    ("sygedagpenge_duration", "limit_exceeded_on", "limit"),
    (
        "sygedagpenge_employer_period",
        "employer_period_end",
        "period",
    ),
    ("sygedagpenge_employer_period", "public_from", "period"),
    (
        "sygedagpenge_employer_period",
        "refund_to_employer_from",
        "period",
    ),
    (
        "sygedagpenge_employer_period",
        "report_deadline",
        "deadlines",
    ),
    ("sygedagpenge_employer_period", "claim_by", "deadlines"),
    ("fleksjobbonus", "earning_period_end", "period"),
    ("fleksjobbonus", "payment_due", "period"),
    ("fleksjobbonus", "application_deadline", "application"),
    ("refugee_bonus", "first_payment_due", "payments"),
    ("refugee_bonus", "second_payment_due", "payments"),
    ("igu_bonus", "first_payment_due", "payments"),
    ("igu_bonus", "second_payment_due", "payments"),
    ("dagpenge", "reference_end", "reference"),
];

/// The legal sources of the step that computed `date`: one whose value is the date, else one
/// that names it, else the rule [`RULE_OF`] gives for the field.
fn sources<'o>(outcome: &'o Outcome, field: &str, date: &Value) -> Vec<&'o LegalSource> {
    let is = |v: &Value| v == date;
    let step = outcome.trace.iter().find(|s| is(&s.value)).or_else(|| {
        outcome
            .trace
            .iter()
            .find(|s| s.args.iter().any(|(_, v)| is(v)) || s.inputs.iter().any(|(_, v)| is(v)))
    });
    if let Some(step) = step {
        return crate::render::legal(step, outcome.version);
    }
    let scheme = outcome.case.scheme.name;
    RULE_OF
        .iter()
        .find(|(s, f, _)| *s == scheme && *f == field)
        .map(|(_, _, rule)| {
            let step = crate::model::calc::Step::new(scheme, rule, rule);
            crate::render::legal(&step, outcome.version)
        })
        .unwrap_or_default()
}

/// The dates of a computed case, in the order of its result fields.
pub fn entries<'o>(outcome: &'o Outcome) -> Vec<Entry<'o>> {
    let scheme = outcome.case.scheme.name;
    let mut out = Vec::new();
    for (field, value) in outcome.result.fields() {
        let (date, whole_month) = match value {
            Value::Date(d) => (d, false),
            Value::Month(m) => (m.first_day(), true),
            _ => continue,
        };
        let legal = sources(outcome, field, &value);
        out.push(Entry {
            field,
            date,
            whole_month,
            title: result_name(scheme, field, Lang::En),
            title_da: result_name(scheme, field, Lang::Da),
            legal,
        });
    }
    out
}

/// The calendar as one JSON object: the case, the rule set, and its dates.
pub fn to_json(outcome: &Outcome, entries: &[Entry]) -> String {
    let v = outcome.version;
    let dates: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let mut date = serde_json::json!({
                "field": e.field,
                "date": e.date.to_string(),
                "title": e.title,
                "title_da": e.title_da,
                "legal": e.legal.iter().map(|l| serde_json::json!({
                    "act": l.act,
                    "paragraph": l.paragraph,
                    "url": l.url,
                })).collect::<Vec<_>>(),
            });
            // A month-long date (the month a dagpenge right runs out) says so.
            if e.whole_month {
                date["month"] = crate::Month::of(e.date).to_string().into();
            }
            date
        })
        .collect();
    serde_json::json!({
        "case": outcome.case.origin,
        "scheme": outcome.case.scheme.name,
        "month": outcome.case.month.to_string(),
        "rule_set": {
            "id": v.id,
            "version": v.version,
            "status": v.status.name(),
            "sha256": v.sha256,
        },
        "dates": dates,
    })
    .to_string()
}

/// Escapes a TEXT value (RFC 5545 § 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets without splitting a character (RFC 5545 § 3.1).
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for ch in text.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The case's identity in an event's UID: its id if it has one, else its inputs, hashed. Two
/// cases' events never share a UID (an import would overwrite one with the other), and the same
/// case computed again keeps its UIDs (an import updates them).
fn case_key(outcome: &Outcome) -> String {
    use sha2::{Digest, Sha256};
    let case = &outcome.case;
    let mut h = Sha256::new();
    h.update(case.scheme.name.as_bytes());
    h.update(case.month.to_string().as_bytes());
    match &case.id {
        Some(id) => h.update(format!("id\0{id}").as_bytes()),
        None => h.update(format!("{:?}", outcome.input).as_bytes()),
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The calendar as an iCalendar file: one all-day event per date, its description naming the
/// paragraphs and the rule-set version (with its hash).
pub fn to_ics(outcome: &Outcome, entries: &[Entry], lang: Lang) -> String {
    let v = outcome.version;
    let scheme = outcome.case.scheme.name;
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//beregner//calendar//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    let short: String = v.sha256.chars().take(12).collect();
    let case = case_key(outcome);
    for e in entries {
        let title = match lang {
            Lang::En => &e.title,
            Lang::Da => &e.title_da,
        };
        let refs: Vec<String> = e
            .legal
            .iter()
            .map(|l| format!("{} ({})", l.citation(), l.url))
            .collect();
        let refs = if refs.is_empty() {
            match lang {
                Lang::En => "no step of the explanation shows this date".to_string(),
                Lang::Da => "intet trin i forklaringen viser denne dato".to_string(),
            }
        } else {
            refs.join("; ")
        };
        let rules = match lang {
            Lang::En => "rule set",
            Lang::Da => "regelsæt",
        };
        let description = format!(
            "{refs}\n{rules} {} {} ({}), sha256 {}\n{}",
            v.id,
            v.version,
            crate::render::status_in(v.status, lang),
            v.sha256,
            outcome.case.origin
        );
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!(
                "UID:{scheme}-{}-{}-{case}-{short}@beregner",
                e.field,
                day(e.date)
            ),
        );
        line(&mut out, &format!("DTSTAMP:{}T000000Z", day(e.date)));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(e.date)));
        let next = if e.whole_month {
            crate::Month::of(e.date).next().first_day()
        } else {
            e.date
                .checked_add_signed(Duration::days(1))
                .unwrap_or(e.date)
        };
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(next)));
        line(
            &mut out,
            &format!("SUMMARY:{}", escape(&format!("{title} ({scheme})"))),
        );
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::engine::case::{Format, parse};
    use crate::source::diag::SourceText;

    fn outcome_of<'e>(e: &'e Engine, text: &str) -> Outcome<'e> {
        let case = parse(
            &SourceText::new("case.toml", text.to_string()),
            Format::Toml,
        )
        .unwrap();
        e.calculate(case).unwrap()
    }

    #[test]
    fn the_employer_period_gives_its_deadlines_with_paragraphs() {
        let e = Engine::bundled().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/sygedagpenge/employer-period-2025-ordinary.toml"
        ))
        .unwrap();
        let o = outcome_of(&e, &text);
        let dates = entries(&o);
        let deadline = dates.iter().find(|d| d.field == "report_deadline").unwrap();
        assert_eq!(deadline.date.to_string(), "2025-04-07");
        assert!(
            deadline
                .legal
                .iter()
                .any(|l| l.paragraph.as_deref().is_some_and(|p| p.contains("40"))),
            "{:?}",
            deadline.legal
        );
        let ics = to_ics(&o, &dates, Lang::Da);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20250407\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 76));
        let json: serde_json::Value = serde_json::from_str(&to_json(&o, &dates)).unwrap();
        assert_eq!(json["dates"].as_array().unwrap().len(), dates.len());
    }

    fn fixture(path: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/../../fixtures/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// The date of `field`, and whether one of its sources names `paragraph`.
    fn dated(dates: &[Entry], field: &str, paragraph: &str) -> (String, bool) {
        let e = dates.iter().find(|d| d.field == field).unwrap();
        let cited = e.legal.iter().any(|l| {
            l.paragraph
                .as_deref()
                .is_some_and(|p| p.contains(paragraph))
        });
        (e.date.to_string(), cited)
    }

    #[test]
    fn the_sygedagpenge_follow_up_talks_are_in_the_calendar() {
        let e = Engine::bundled().unwrap();
        let o = outcome_of(
            &e,
            &fixture("sygedagpenge/followup-2024-early-request-two-weeks.toml"),
        );
        let dates = entries(&o);
        let fields: Vec<&str> = dates.iter().map(|d| d.field).collect();
        assert_eq!(
            fields,
            ["first_followup_by", "early_followup_by", "half_year_end"]
        );
        assert_eq!(
            dated(&dates, "first_followup_by", "§ 13 b"),
            ("2024-03-10".to_string(), true)
        );
        assert_eq!(
            dated(&dates, "early_followup_by", "§ 13 b"),
            ("2024-02-12".to_string(), true)
        );
        assert_eq!(
            dated(&dates, "half_year_end", "§ 13 b"),
            ("2024-07-14".to_string(), true)
        );
        let ics = to_ics(&o, &dates, Lang::Da);
        assert!(ics.contains("SUMMARY:Første opfølgning senest (sygedagpenge_followup)\r\n"));
        // § 13 f (2025): the recovery date, cited to the bill that brought it.
        let o = outcome_of(
            &e,
            &fixture("sygedagpenge/followup-2025-section-13f-recovery-by-week-13.toml"),
        );
        let dates = entries(&o);
        assert_eq!(
            dated(&dates, "recovery_expected_by", "§ 1, nr. 2, 8 og 12"),
            ("2025-07-09".to_string(), true)
        );
        assert!(dates.iter().all(|d| d.field != "half_year_end"));
    }

    #[test]
    fn the_flex_job_follow_up_and_status_are_in_the_calendar() {
        let e = Engine::bundled().unwrap();
        let o = outcome_of(
            &e,
            &fixture("fleksjob/followup-2024-temporary-flexjob.toml"),
        );
        let dates = entries(&o);
        for (field, date) in [
            ("first_followup_due", "2026-09-01"),
            ("status_due", "2028-09-01"),
            ("temporary_ends", "2029-02-28"),
        ] {
            assert_eq!(
                dated(&dates, field, "kapitel 20"),
                (date.to_string(), true),
                "{field}"
            );
        }
        let json: serde_json::Value = serde_json::from_str(&to_json(&o, &dates)).unwrap();
        assert_eq!(json["rule_set"]["version"], "2020");
        assert_eq!(json["dates"][0]["title_da"], "Første opfølgning");
    }

    #[test]
    fn the_wage_subsidy_end_is_in_the_calendar() {
        let e = Engine::bundled().unwrap();
        let o = outcome_of(
            &e,
            &fixture("loentilskud/public-2023-kontanthjaelp-four-months.toml"),
        );
        let dates = entries(&o);
        let end = dates.iter().find(|d| d.field == "end_date").unwrap();
        assert!(!end.legal.is_empty(), "{:?}", end.legal);
    }

    #[test]
    fn two_cases_never_share_an_event_uid_and_one_case_keeps_its_own() {
        let e = Engine::bundled().unwrap();
        let a = fixture("sygedagpenge/employer-period-2025-ordinary.toml");
        let b = a.replacen("2019-08-01", "2015-01-01", 1);
        assert_ne!(a, b, "the second case differs in its employment start");
        let uids = |text: &str| -> Vec<String> {
            let o = outcome_of(&e, text);
            to_ics(&o, &entries(&o), Lang::En)
                .lines()
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_string)
                .collect()
        };
        let (ua, ub) = (uids(&a), uids(&b));
        assert!(!ua.is_empty());
        assert!(ua.iter().all(|u| !ub.contains(u)), "{ua:?} {ub:?}");
        assert_eq!(ua, uids(&a));
    }

    #[test]
    fn the_month_a_dagpenge_right_runs_out_is_a_month_long_event() {
        let e = Engine::bundled().unwrap();
        let o = outcome_of(
            &e,
            &fixture("dagpenge/dagpenge-sr-runs-out-with-karens-2026-03.toml"),
        );
        let dates = entries(&o);
        let end = dates.iter().find(|d| d.field == "runs_out").unwrap();
        assert!(end.whole_month);
        // The fixture's expected `runs_out` (a second reading): March 2026.
        let month = crate::Month::of(end.date);
        assert_eq!(month.to_string(), "2026-03");
        let ics = to_ics(&o, &dates, Lang::Da);
        let start = format!("DTSTART;VALUE=DATE:{}", day(month.first_day()));
        let end = format!("DTEND;VALUE=DATE:{}", day(month.next().first_day()));
        assert!(ics.contains(&start) && ics.contains(&end), "{ics}");
        assert!(ics.contains("SUMMARY:Dagpenge: retten udløber i denne måned"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "æøå".repeat(40)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(
            out.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{}", "æøå".repeat(40))
        );
    }
}
