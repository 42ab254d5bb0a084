//! The sickness spells of a case: `2024-01-08/2024-06-30: employer; 2024-09-01/: public`, each
//! with whether its first days were the employer's (`employer`) or the municipality paid from
//! the first day (`public`); an empty end means still sick. Each problem is a sentence of the
//! scheme's catalogue (`input_error.*`); reading is `n log n` in the number of spells.

use chrono::{Datelike, NaiveDate};

use crate::rules::spec::bounds;

use crate::values::month::parse_date;
use crate::values::value::{Said, Value};

const SCOPE: &str = "sygedagpenge_duration";

/// A sickness spell: its days, and whether its first days were the employer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spell {
    pub from: NaiveDate,
    /// `None`: still sick (the result projects).
    pub to: Option<NaiveDate>,
    pub employer_period: bool,
}

fn problem(key: &'static str, entry: &str) -> Said {
    Said::new(SCOPE, key).with("entry", Value::Text(entry.to_string()))
}

fn text(t: &str) -> Value {
    Value::Text(t.trim().to_string())
}

/// The spells in order of their first day; they may not overlap, and only the last may be
/// open.
pub fn parse(input: &str) -> Result<Vec<Spell>, Said> {
    let mut spells: Vec<Spell> = Vec::new();
    for entry in input.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let (when, who) = entry
            .split_once(':')
            .ok_or_else(|| problem("input_error.not_an_entry", entry))?;
        let employer_period = match who.trim() {
            "employer" => true,
            "public" => false,
            other => return Err(problem("input_error.not_who", entry).with("text", text(other))),
        };
        let (a, b) = when
            .trim()
            .split_once('/')
            .ok_or_else(|| problem("input_error.not_a_period", entry).with("text", text(when)))?;
        let from = parse_date(a.trim())
            .ok_or_else(|| problem("input_error.not_a_date", entry).with("text", text(a)))?;
        let to =
            match b.trim() {
                "" => None,
                t => Some(parse_date(t).ok_or_else(|| {
                    problem("input_error.not_a_date", entry).with("text", text(t))
                })?),
            };
        if to.is_some_and(|t| t < from) {
            return Err(problem("input_error.ends_before_start", entry));
        }
        if !bounds::history_year(from.year()) || to.is_some_and(|t| !bounds::history_year(t.year()))
        {
            let (first, last) = bounds::history_days();
            return Err(problem("input_error.outside_years", entry)
                .with("first", Value::Date(first))
                .with("last", Value::Date(last)));
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
        let between = |key| {
            Said::new(SCOPE, key)
                .with("from", Value::Date(a.from))
                .with("next", Value::Date(b.from))
        };
        match a.to {
            None => return Err(between("input_error.open_spell_not_last")),
            Some(end) if end >= b.from => return Err(between("input_error.overlap")),
            Some(_) => {}
        }
    }
    if spells.is_empty() {
        return Err(Said::new(SCOPE, "input_error.no_spells"));
    }
    Ok(spells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> String {
        parse(text).unwrap_err().key.into_owned()
    }

    #[test]
    fn spells_are_read_in_order() {
        let s = parse("2024-09-01/: public; 2024-01-08/2024-06-30: employer").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].employer_period && s[0].to.is_some());
        assert!(!s[1].employer_period && s[1].to.is_none());
    }

    #[test]
    fn each_problem_has_its_sentence() {
        assert_eq!(key("2024-01-08/2024-06-30"), "input_error.not_an_entry");
        assert_eq!(key("2024-01-08/2024-06-30: boss"), "input_error.not_who");
        assert_eq!(key("2024-01-08: employer"), "input_error.not_a_period");
        assert_eq!(
            key("2024-01-08/2024-02-30: public"),
            "input_error.not_a_date"
        );
        assert_eq!(
            key("2024-03-01/2024-02-01: public"),
            "input_error.ends_before_start"
        );
        assert_eq!(
            key("2024-01-01/: employer; 2024-05-01/2024-06-01: public"),
            "input_error.open_spell_not_last"
        );
        assert_eq!(
            key("2024-01-01/2024-03-01: employer; 2024-03-01/2024-04-01: public"),
            "input_error.overlap"
        );
        assert_eq!(key(";"), "input_error.no_spells");
    }

    /// Ten thousand years of sickness are refused at once with the years a history may give
    /// (issue 17); 28 bytes, the shortest spell the notation has (a period and who paid).
    #[test]
    fn a_spell_spanning_ten_thousand_years_is_refused_at_once() {
        let start = std::time::Instant::now();
        let e = parse("0001-01-01/9999-12-31:public").unwrap_err();
        assert_eq!(
            crate::text::format::say(&e, crate::text::Lang::En),
            "`0001-01-01/9999-12-31:public`: a spell lies between 1900-01-01 and 2100-12-31"
        );
        assert!(start.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(key("1899-12-31/: employer"), "input_error.outside_years");
        assert_eq!(
            key("2100-12-01/2101-01-01: public"),
            "input_error.outside_years"
        );
        assert!(parse("1900-01-01/2100-12-31: public").is_ok());
    }
}
