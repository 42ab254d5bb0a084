//! Reading a case's input fields: each reader checks one field and collects a clear error
//! (field and reason) instead of stopping at the first, so a case file or batch row with
//! several mistakes gets them all at once.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// A problem with one input field: the field and the reason.
pub type FieldError = (&'static str, String);
use crate::values::history::History;
use crate::values::month::parse_date;
use crate::values::num;

/// The employer's sector, as the bonus schemes distinguish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Private,
    Public,
}

impl Sector {
    pub fn name(self) -> &'static str {
        match self {
            Sector::Private => "private",
            Sector::Public => "public",
        }
    }

    pub fn name_da(self) -> &'static str {
        match self {
            Sector::Private => "privat",
            Sector::Public => "offentlig",
        }
    }
}

pub struct Fields<'a, F: Fn(&'static str) -> Option<&'a str>> {
    get: F,
    pub errors: Vec<FieldError>,
}

impl<'a, F: Fn(&'static str) -> Option<&'a str>> Fields<'a, F> {
    pub fn new(get: F) -> Self {
        Self {
            get,
            errors: Vec::new(),
        }
    }

    fn missing(&mut self, name: &'static str, what: &str) {
        self.errors
            .push((name, format!("missing required field: {what}")));
    }

    pub fn opt_date(&mut self, name: &'static str) -> Option<NaiveDate> {
        let t = (self.get)(name)?;
        let d = parse_date(t);
        if d.is_none() {
            self.errors
                .push((name, format!("`{t}` is not a date; write it as YYYY-MM-DD")));
        }
        d
    }

    pub fn date(&mut self, name: &'static str, what: &str) -> Option<NaiveDate> {
        if (self.get)(name).is_none() {
            self.missing(name, what);
            return None;
        }
        self.opt_date(name)
    }

    pub fn opt_flag(&mut self, name: &'static str) -> Option<bool> {
        match (self.get)(name)? {
            "true" | "yes" | "ja" => Some(true),
            "false" | "no" | "nej" => Some(false),
            t => {
                self.errors
                    .push((name, format!("`{t}` is not true or false")));
                None
            }
        }
    }

    pub fn flag(&mut self, name: &'static str, what: &str) -> Option<bool> {
        if (self.get)(name).is_none() {
            self.missing(name, what);
            return None;
        }
        self.opt_flag(name)
    }

    /// An amount in kroner: Danish (`15.272,00`) or plain (`15272.00`), not negative, at most
    /// two decimals.
    pub fn amount(&mut self, name: &'static str, what: &str) -> Option<Decimal> {
        let Some(t) = (self.get)(name) else {
            self.missing(name, what);
            return None;
        };
        match num::parse_amount_da(t) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                self.errors.push((name, format!("{t} is negative")));
                None
            }
            Ok(d) if d.normalize().scale() > 2 => {
                self.errors.push((
                    name,
                    format!("{t} has more than two decimals; amounts are in kroner and øre"),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                self.errors.push((name, e));
                None
            }
        }
    }

    /// A number of hours (`74`, `18,5`), not negative.
    pub fn hours(&mut self, name: &'static str, what: &str) -> Option<Decimal> {
        let Some(t) = (self.get)(name) else {
            self.missing(name, what);
            return None;
        };
        match num::parse_decimal(&t.trim().replace(',', ".")) {
            Ok(d) if d.is_sign_negative() && !d.is_zero() => {
                self.errors.push((name, format!("{t} hours is negative")));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.errors
                    .push((name, format!("`{t}` is not a number of hours")));
                None
            }
        }
    }

    /// A whole number of days, weeks or months.
    pub fn count(&mut self, name: &'static str, what: &str) -> Option<u32> {
        let Some(t) = (self.get)(name) else {
            self.missing(name, what);
            return None;
        };
        let n = t.trim().parse::<u32>().ok();
        if n.is_none() {
            self.errors
                .push((name, format!("`{t}` is not a whole number (0 or more)")));
        }
        n
    }

    pub fn opt_count(&mut self, name: &'static str, what: &str) -> Option<u32> {
        (self.get)(name)?;
        self.count(name, what)
    }

    /// One of a fixed set of words, if given.
    pub fn opt_choice(
        &mut self,
        name: &'static str,
        options: &[&'static str],
    ) -> Option<&'static str> {
        (self.get)(name)?;
        self.choice(name, options, "")
    }

    /// One of a fixed set of words.
    pub fn choice(
        &mut self,
        name: &'static str,
        options: &[&'static str],
        what: &str,
    ) -> Option<&'static str> {
        let Some(t) = (self.get)(name) else {
            self.missing(name, what);
            return None;
        };
        let found = options.iter().copied().find(|o| *o == t);
        if found.is_none() {
            self.errors
                .push((name, format!("`{t}` is not one of {}", options.join(", "))));
        }
        found
    }

    pub fn sector(&mut self) -> Option<Sector> {
        match (self.get)("sector") {
            Some("private") => Some(Sector::Private),
            Some("public") => Some(Sector::Public),
            Some(t) => {
                self.errors.push((
                    "sector",
                    format!("`{t}` is not a sector; use private or public"),
                ));
                None
            }
            None => {
                self.missing("sector", "private or public");
                None
            }
        }
    }

    /// The paid hours week by week (see [`History::parse`]), which may not start before the
    /// employment does.
    pub fn history(&mut self, name: &'static str, start: Option<NaiveDate>) -> Option<History> {
        let Some(t) = (self.get)(name) else {
            self.missing(
                name,
                "the paid hours week by week, e.g. \"2014-05-05/2015-02-08: 8\"",
            );
            return None;
        };
        match History::parse(t) {
            Ok(h) => {
                if let Some(start) = start
                    && h.weeks
                        .first()
                        .is_some_and(|w| w.monday + Duration::days(6) < start)
                {
                    self.errors.push((
                        name,
                        format!("the history starts before the employment does ({start})"),
                    ));
                }
                Some(h)
            }
            Err(e) => {
                self.errors.push((name, e));
                None
            }
        }
    }

    /// The last day of an employment that has ended, which may not come before its start.
    pub fn ended(&mut self, start: Option<NaiveDate>) -> Option<NaiveDate> {
        let ended = self.opt_date("ended");
        if let (Some(e), Some(s)) = (ended, start)
            && e < s
        {
            self.errors.push((
                "ended",
                format!("the employment ends ({e}) before it starts ({s})"),
            ));
        }
        ended
    }
}
