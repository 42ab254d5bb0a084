//! The values a result and its explanation show. A value knows what it is (an amount, hours, a
//! date, a word of the law), so each reader's language can write it its own way
//! ([`crate::text::format`]), while JSON gets one canonical text.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::values::month::Month;

/// What a counted quantity counts; it decides the unit a formula writes after the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Hours,
    Weeks,
    Days,
    Months,
    Years,
    /// People or positions.
    Persons,
}

/// A value shown in a step or a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Kroner, shown with (at least) two decimals.
    Amount(Decimal),
    /// A rate in percent, as written (`30`, not `0.30`).
    Percent(Decimal),
    /// A plain number (a ratio, a factor).
    Number(Decimal),
    /// A counted quantity: hours, weeks, days, months, years, persons.
    Measure(Decimal, Measure),
    Bool(bool),
    Date(NaiveDate),
    /// The ISO week that starts on this Monday.
    Week(NaiveDate),
    Month(Month),
    /// Text shown as it is (a version's name, a history as the case gives it).
    Text(String),
    /// Text a rule set gives in both languages (a derivation and its Danish, `[en, da]`).
    Translated(Box<[String; 2]>),
    /// A word of the law or of the result (a status, a tier, a sector): JSON shows its key,
    /// a reader the term in their language (`scope.term.key` in the catalogue).
    Word(Word),
    /// A sentence from the catalogue with its values.
    Said(Box<Said>),
    /// Nothing to show (e.g. no lønloft given).
    None,
}

impl Value {
    /// A date, or none.
    pub fn date_or_none(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::None, Value::Date)
    }

    pub fn hours(d: Decimal) -> Value {
        Value::Measure(d, Measure::Hours)
    }

    pub fn weeks(d: impl Into<Decimal>) -> Value {
        Value::Measure(d.into(), Measure::Weeks)
    }

    pub fn days(d: impl Into<Decimal>) -> Value {
        Value::Measure(d.into(), Measure::Days)
    }

    pub fn months(d: impl Into<Decimal>) -> Value {
        Value::Measure(d.into(), Measure::Months)
    }

    pub fn word(scope: &'static str, key: &'static str) -> Value {
        Value::Word(Word { scope, key })
    }

    pub fn said(said: Said) -> Value {
        Value::Said(Box::new(said))
    }

    /// The number inside, for values that have one (diffs compare these).
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Amount(d) | Value::Percent(d) | Value::Number(d) | Value::Measure(d, _) => {
                Some(*d)
            }
            Value::Bool(b) => Some(Decimal::from(u8::from(*b))),
            _ => None,
        }
    }

    /// What kind of value this is, as JSON output names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Amount(_) => "amount",
            Value::Percent(_) => "percent",
            Value::Number(_) | Value::Measure(..) => "number",
            Value::Bool(_) => "flag",
            Value::Date(_)
            | Value::Week(_)
            | Value::Month(_)
            | Value::Text(_)
            | Value::Translated(_)
            | Value::Word(_)
            | Value::Said(_) => "text",
            Value::None => "none",
        }
    }
}

/// A term of the catalogue: `scope.term.key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub scope: &'static str,
    pub key: &'static str,
}

/// A sentence for a reader: a catalogue entry (`scope.key`) and the values its placeholders
/// name. It is written in a language only when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The scheme the text belongs to, or `common`.
    pub scope: &'static str,
    /// The entry within the scope, e.g. `refusal.no_wage` or `text.week_above_limit`.
    pub key: Cow<'static, str>,
    pub args: Vec<(&'static str, Value)>,
}

impl Said {
    pub fn new(scope: &'static str, key: impl Into<Cow<'static, str>>) -> Said {
        Said {
            scope,
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// A sentence of the `common` scope, which every scheme and reader shares.
    pub fn common(key: &'static str) -> Said {
        Said::new("common", key)
    }

    /// Adds a value for the placeholder `{name}`.
    pub fn with(mut self, name: &'static str, value: Value) -> Said {
        self.args.push((name, value));
        self
    }

    /// Adds a value for the placeholder `{name}`, in place.
    pub fn put(&mut self, name: &'static str, value: Value) -> &mut Said {
        self.args.push((name, value));
        self
    }

    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}
