//! Reading a case's inputs from their declarations ([`InputSpec`]): every declared field is
//! read the same way whatever the format (TOML, JSON, a CSV row, the page), checked against its
//! bounds, and every problem is kept (field and reason), so a case with several mistakes gets
//! them all at once. A scheme's reader then takes the typed values and checks what involves
//! more than one field.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::rules::spec::{InputKind, InputSpec, Need};
use crate::values::month::{Month, parse_date};
use crate::values::num::{self, NumberError};
use crate::values::value::{Measure, Said, Value};

/// A field as the case gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raw<'a> {
    /// A string, or a number as written.
    Text(&'a str),
    Bool(bool),
    /// Something else (a table, an array): its kind, as a catalogue key (`kind.array`).
    Other(&'static str),
}

/// Whether two field names are the same; a declared name is usually the very same string, so
/// its address is compared first (batch rows look names up millions of times).
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    (std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()) || a == b
}

/// A problem with one input field: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub said: Said,
}

/// A field's value, read by its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read<'a> {
    Amount(Decimal),
    Word(&'static str),
    /// Hours or weeks.
    Quantity(Decimal, Measure),
    Persons(Decimal),
    Count(u32),
    Date(NaiveDate),
    Month(Month),
    Choice(&'static str),
    Flag(bool),
    Text(&'a str),
}

/// The most inputs a scheme declares (kept on the stack for batch rows).
pub const MAX_INPUTS: usize = 24;

/// A case's declared fields, read.
pub struct Fields<'a> {
    scheme: &'static str,
    /// Amounts as a person types them (`15.272,00`), not as a file writes them.
    typed: bool,
    specs: &'static [InputSpec],
    read: [Option<Read<'a>>; MAX_INPUTS],
    given: [bool; MAX_INPUTS],
    pub errors: Vec<FieldError>,
}

/// What a field was found to hold, by its catalogue key (`kind.array`).
fn kind(key: &'static str) -> Value {
    Value::said(Said::common(key))
}

impl<'a> Fields<'a> {
    /// Reads every declared field of `specs` that `get` has (and the defaults of those it has
    /// not), noting each problem.
    pub fn read(
        scheme: &'static str,
        specs: &'static [InputSpec],
        get: impl Fn(&'static str) -> Option<Raw<'a>>,
    ) -> Self {
        Self::read_as(scheme, specs, get, false)
    }

    /// As [`Fields::read`], for fields a person typed (the page, CLI flags that say so):
    /// amounts are read the Danish way (`15.272,00`, [`num::parse_amount_da`]); the bounds
    /// are the same.
    pub fn read_typed(
        scheme: &'static str,
        specs: &'static [InputSpec],
        get: impl Fn(&'static str) -> Option<Raw<'a>>,
    ) -> Self {
        Self::read_as(scheme, specs, get, true)
    }

    fn read_as(
        scheme: &'static str,
        specs: &'static [InputSpec],
        get: impl Fn(&'static str) -> Option<Raw<'a>>,
        typed: bool,
    ) -> Self {
        Self::read_each(scheme, specs, |_, name| get(name), typed)
    }

    /// As [`Fields::read`] (or [`Fields::read_typed`] when `typed`), with each field found
    /// by its index in `specs` (a batch row's columns, mapped once per file).
    pub fn read_indexed(
        scheme: &'static str,
        specs: &'static [InputSpec],
        get: impl Fn(usize) -> Option<Raw<'a>>,
        typed: bool,
    ) -> Self {
        Self::read_each(scheme, specs, |i, _| get(i), typed)
    }

    fn read_each(
        scheme: &'static str,
        specs: &'static [InputSpec],
        get: impl Fn(usize, &'static str) -> Option<Raw<'a>>,
        typed: bool,
    ) -> Self {
        let mut f = Fields {
            scheme,
            typed,
            specs,
            read: [None; MAX_INPUTS],
            given: [false; MAX_INPUTS],
            errors: Vec::new(),
        };
        for (i, spec) in specs.iter().enumerate().take(MAX_INPUTS) {
            let raw = get(i, spec.name);
            f.given[i] = raw.is_some();
            let raw = match (raw, spec.need) {
                (Some(r), _) => r,
                // The common default, neither parsed nor stored for every batch row: read as
                // zero where it is asked for ([`Fields::value`]).
                (None, Need::Default("0")) if matches!(spec.kind, InputKind::Amount { .. }) => {
                    continue;
                }
                (None, Need::Default(text)) => Raw::Text(text),
                (None, Need::Optional) => continue,
                (None, Need::Required) => {
                    let what = f.what(spec.name);
                    f.fail(spec.name, Said::common("input.missing").with("what", what));
                    continue;
                }
            };
            match f.parse(spec, raw) {
                Ok(v) => f.read[i] = Some(v),
                Err(said) => f.fail(spec.name, said),
            }
        }
        f
    }

    /// Hours read: not negative, at most the field's `max`.
    fn hours_in_bounds(
        &self,
        name: &'static str,
        text: &str,
        d: Decimal,
        max: u32,
        measure: Measure,
    ) -> Result<Read<'a>, Said> {
        let shown = || Value::Text(text.trim().to_string());
        if d.is_sign_negative() && !d.is_zero() {
            return Err(Said::common("input.negative")
                .with("text", shown())
                .with("what", self.what(name)));
        }
        if d > Decimal::from(max) {
            return Err(Said::common("input.above_max")
                .with("text", shown())
                .with("max", Value::Measure(Decimal::from(max), measure))
                .with("what", self.what(name)));
        }
        Ok(Read::Quantity(d, measure))
    }

    /// The field's description in the catalogue (`scheme.input.<name>`).
    fn what(&self, name: &'static str) -> Value {
        Value::said(Said::new(self.scheme, format!("input.{name}")))
    }

    fn parse(&self, spec: &InputSpec, raw: Raw<'a>) -> Result<Read<'a>, Said> {
        let text = match raw {
            Raw::Text(t) => t,
            Raw::Bool(b) => match spec.kind {
                InputKind::Flag => return Ok(Read::Flag(b)),
                InputKind::Text => return Ok(Read::Text(if b { "true" } else { "false" })),
                _ => {
                    return Err(
                        Said::common("input.wrong_type").with("found", kind("kind.boolean"))
                    );
                }
            },
            // A TOML date written bare (`first_sick_day = 2024-03-01`): the fix is quotes.
            Raw::Other("kind.date") if matches!(spec.kind, InputKind::Date | InputKind::Month) => {
                return Err(Said::common("input.date_unquoted"));
            }
            Raw::Other(found) => {
                let key = match spec.kind {
                    InputKind::Text | InputKind::Choice(_) | InputKind::Date | InputKind::Month => {
                        "input.not_text"
                    }
                    _ => "input.wrong_type",
                };
                return Err(Said::common(key).with("found", kind(found)));
            }
        };
        // A blank required text (a history) is as missing as no text: it would be computed as
        // a history of nothing.
        if text.trim().is_empty()
            && (!matches!(spec.kind, InputKind::Text) || matches!(spec.need, Need::Required))
        {
            return Err(Said::common("input.empty"));
        }
        let shown = || Value::Text(text.trim().to_string());
        match spec.kind {
            InputKind::Amount { max } => self.amount(spec.name, text, max).map(Read::Amount),
            InputKind::AmountOrWord { max, word } => {
                if text.trim() == word {
                    Ok(Read::Word(word))
                } else {
                    self.amount(spec.name, text, max).map(Read::Amount)
                }
            }
            InputKind::Persons { max } => {
                let d = num::read_quantity(text).map_err(|e| number_error(text, &e))?;
                // `1.000` or `1.234`: a file reads a point, a Danish reader a thousand.
                if let Some(danish) = danish_reading(text, d) {
                    return Err(two_readings(text, d, danish, Value::Number));
                }
                if d.is_sign_negative() && !d.is_zero() {
                    return Err(Said::common("input.negative")
                        .with("text", shown())
                        .with("what", self.what(spec.name)));
                }
                if d > Decimal::from(max) {
                    return Err(Said::common("input.above_max")
                        .with("text", shown())
                        .with("max", Value::Number(Decimal::from(max)))
                        .with("what", self.what(spec.name)));
                }
                Ok(Read::Persons(d))
            }
            // Typed by a person (the page, `batch --decimal-comma`): read the Danish way, as
            // amounts are (`1.234,5` is 1234,5 hours).
            InputKind::Hours { max } | InputKind::Weeks { max } if self.typed => {
                let (measure, value) = quantity_of(spec.kind);
                let d = num::parse_amount_da(text)
                    .map_err(|_| number_error(text, &NumberError::NotANumber))?;
                // `0.100`: typed, a thousands point (100); in a file, a decimal point (0,1). Both
                // are hours a week can have: refused here as in a case file.
                if let Err(e @ NumberError::Ambiguous { .. }) = num::read_hours(text, max) {
                    return Err(quantity_error(text, &e, value));
                }
                self.hours_in_bounds(spec.name, text, d, max, measure)
            }
            InputKind::Hours { max } | InputKind::Weeks { max } => {
                let (measure, value) = quantity_of(spec.kind);
                // `1.234` hours: a file reads a point, a Danish reader a thousand. Refused
                // when both readings are hours the field allows (`3.667` a week is not 3.667).
                let d = num::read_hours(text, max).map_err(|e| quantity_error(text, &e, value))?;
                self.hours_in_bounds(spec.name, text, d, max, measure)
            }
            InputKind::Count { max } => {
                let n = text
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| Said::common("input.not_whole").with("text", shown()))?;
                if n > max {
                    return Err(Said::common("input.above_max")
                        .with("text", shown())
                        .with("max", Value::Number(Decimal::from(max)))
                        .with("what", self.what(spec.name)));
                }
                Ok(Read::Count(n))
            }
            InputKind::Date => {
                let d = parse_date(text.trim())
                    .ok_or_else(|| Said::common("input.not_a_date").with("text", shown()))?;
                in_case_years(d.year(), shown).map(|_| Read::Date(d))
            }
            InputKind::Month => {
                let m = text
                    .trim()
                    .parse::<Month>()
                    .map_err(|_| Said::common("input.not_a_month").with("text", shown()))?;
                in_case_years(m.year(), shown).map(|_| Read::Month(m))
            }
            InputKind::Choice(options) => options
                .iter()
                .copied()
                .find(|o| *o == text.trim())
                .map(Read::Choice)
                .ok_or_else(|| {
                    Said::common("input.not_a_choice")
                        .with("text", shown())
                        .with("choices", Value::Text(options.join(", ")))
                }),
            InputKind::Flag => match text.trim() {
                "true" | "yes" | "ja" => Ok(Read::Flag(true)),
                "false" | "no" | "nej" => Ok(Read::Flag(false)),
                _ => Err(Said::common("input.not_a_flag").with("text", shown())),
            },
            InputKind::Text => Ok(Read::Text(text)),
        }
    }

    /// An amount: the one reading of [`num::read_amount`] (as typed by a person: the Danish
    /// reader), not negative, at most two decimals, at most `max` kroner.
    fn amount(&self, name: &'static str, text: &str, max: u64) -> Result<Decimal, Said> {
        let shown = || Value::Text(text.trim().to_string());
        let d = if self.typed {
            num::parse_amount_da(text)
                .map_err(|_| Said::common("input.not_an_amount").with("text", shown()))?
        } else {
            num::read_amount(text).map_err(|e| number_error(text, &e))?
        };
        if d.is_sign_negative() && !d.is_zero() {
            return Err(Said::common("input.negative")
                .with("text", shown())
                .with("what", self.what(name)));
        }
        // Only a value written with more than two decimals can have them (normalising is slow).
        if d.scale() > 2 && d.normalize().scale() > 2 {
            return Err(Said::common("input.too_many_decimals").with("text", shown()));
        }
        if d > Decimal::from(max) {
            return Err(Said::common("input.above_max")
                .with("text", shown())
                .with("max", Value::Amount(Decimal::from(max)))
                .with("what", self.what(name)));
        }
        Ok(d)
    }

    fn index(&self, name: &str) -> Option<usize> {
        // The declared name is usually the very string asked for: find it by address first.
        self.specs
            .iter()
            .position(|s| {
                std::ptr::eq(s.name.as_ptr(), name.as_ptr()) && s.name.len() == name.len()
            })
            .or_else(|| self.specs.iter().position(|s| s.name == name))
    }

    fn get(&self, name: &str) -> Option<Read<'a>> {
        let i = self.index(name);
        debug_assert!(
            i.is_some(),
            "`{name}` is not a declared input of {}",
            self.scheme
        );
        i.and_then(|i| self.value(i))
    }

    /// The value of field `i`: as read, or zero for an amount not given whose default is zero.
    fn value(&self, i: usize) -> Option<Read<'a>> {
        let read = *self.read.get(i)?;
        if read.is_none() && self.zero_default(i) {
            return Some(Read::Amount(Decimal::ZERO));
        }
        read
    }

    /// Whether field `i` is an amount not given whose default is zero (not stored, see
    /// [`Fields::read`]).
    fn zero_default(&self, i: usize) -> bool {
        !self.given.get(i).copied().unwrap_or(true)
            && matches!(
                self.specs.get(i),
                Some(InputSpec {
                    need: Need::Default("0"),
                    kind: InputKind::Amount { .. },
                    ..
                })
            )
    }

    /// Whether the case gave the field (a default does not count).
    pub fn given(&self, name: &str) -> bool {
        self.index(name).is_some_and(|i| self.given[i])
    }

    pub fn amount_of(&self, name: &str) -> Option<Decimal> {
        let i = self.index(name);
        debug_assert!(
            i.is_some(),
            "`{name}` is not a declared input of {}",
            self.scheme
        );
        let i = i?;
        // The amount is read where it is, not copied out as a whole `Read` first (a copy of
        // that enum cost a stall per field on every batch row).
        match self.read.get(i)? {
            Some(Read::Amount(d)) => Some(*d),
            Some(_) => None,
            None => self.zero_default(i).then_some(Decimal::ZERO),
        }
    }

    /// An [`InputKind::AmountOrWord`] field: `Ok(amount)` or `Err(word)`.
    pub fn amount_or_word(&self, name: &str) -> Option<Result<Decimal, &'static str>> {
        match self.get(name)? {
            Read::Amount(d) => Some(Ok(d)),
            Read::Word(w) => Some(Err(w)),
            _ => None,
        }
    }

    pub fn hours(&self, name: &str) -> Option<Decimal> {
        match self.get(name)? {
            Read::Quantity(d, _) => Some(d),
            _ => None,
        }
    }

    /// An [`InputKind::Persons`] field.
    pub fn persons(&self, name: &str) -> Option<Decimal> {
        match self.get(name)? {
            Read::Persons(d) => Some(d),
            _ => None,
        }
    }

    pub fn count(&self, name: &str) -> Option<u32> {
        match self.get(name)? {
            Read::Count(n) => Some(n),
            _ => None,
        }
    }

    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        match self.get(name)? {
            Read::Date(d) => Some(d),
            _ => None,
        }
    }

    pub fn month(&self, name: &str) -> Option<Month> {
        match self.get(name)? {
            Read::Month(m) => Some(m),
            _ => None,
        }
    }

    pub fn choice(&self, name: &str) -> Option<&'static str> {
        match self.get(name)? {
            Read::Choice(c) => Some(c),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Read::Flag(b) => Some(b),
            _ => None,
        }
    }

    pub fn text(&self, name: &str) -> Option<&'a str> {
        match self.get(name)? {
            Read::Text(t) => Some(t),
            _ => None,
        }
    }

    /// A problem that involves this field (a scheme's own check).
    pub fn fail(&mut self, field: &'static str, said: Said) {
        self.errors.push(FieldError { field, said });
    }

    /// A problem from the scheme's own catalogue: `scheme.input_error.<key>`.
    pub fn refuse(&mut self, field: &'static str, key: &'static str) -> &mut Said {
        self.errors.push(FieldError {
            field,
            said: Said::new(self.scheme, key),
        });
        let last = self.errors.len() - 1;
        &mut self.errors[last].said
    }

    /// A monthly wage worked out from an hourly one is held to the bound of a typed one
    /// ([`bounds::KR_PER_MONTH`]): 10.000 kr. an hour × 168 hours a week is a typing error, not a
    /// wage to compute with. `per_month` turns the hours into a month's (52/12 for weekly hours,
    /// 1 for a month's). Refuses at `field` and answers whether the wage is within the bound.
    pub fn bound_derived_wage(
        &mut self,
        field: &'static str,
        hourly: Decimal,
        hours: Decimal,
        per_month: Decimal,
    ) -> bool {
        use crate::rules::spec::bounds::KR_PER_MONTH;
        let max = Decimal::from(KR_PER_MONTH);
        let wage = hourly
            .checked_mul(hours)
            .and_then(|x| x.checked_mul(per_month));
        if wage.is_some_and(|w| w <= max) {
            return true;
        }
        let mut said = Said::common("input.derived_wage_above")
            .with("hourly", Value::Amount(hourly))
            .with("hours", Value::hours(hours))
            .with("max", Value::Amount(max));
        if let Some(w) = wage {
            said = said.with("wage", Value::Amount(w.round_dp(2)));
        }
        self.errors.push(FieldError { field, said });
        false
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The fields the case gave, and the defaults, as values (the JSON `input` echo), in
    /// declaration order.
    pub fn echo(&self) -> Vec<(&'static str, Value)> {
        self.specs
            .iter()
            .enumerate()
            .take(MAX_INPUTS)
            .filter_map(|(i, spec)| {
                let v = match self.value(i)? {
                    Read::Amount(d) => Value::Amount(d),
                    Read::Word(w) => Value::Text(w.to_string()),
                    Read::Quantity(d, measure) => Value::Measure(d, measure),
                    Read::Persons(d) => Value::Measure(d, Measure::Persons),
                    Read::Count(n) => Value::Number(Decimal::from(n)),
                    Read::Date(d) => Value::Date(d),
                    Read::Month(m) => Value::Month(m),
                    Read::Choice(c) => Value::Text(c.to_string()),
                    Read::Flag(b) => Value::Bool(b),
                    Read::Text(t) => Value::Text(t.to_string()),
                };
                Some((spec.name, v))
            })
            .collect()
    }
}

/// One field as a person typed it, checked by its declaration: the value as JSON carries it,
/// or why not (for the page's checks beside each field).
pub fn check_typed(
    spec: &'static crate::rules::spec::SchemeSpec,
    field: &'static str,
    text: &str,
) -> Result<Value, Said> {
    check_one(spec, field, text, true)
}

/// As [`check_typed`], for text read as a case file reads it (CLI flags, as `calc`'s).
pub fn check_plain(
    spec: &'static crate::rules::spec::SchemeSpec,
    field: &'static str,
    text: &str,
) -> Result<Value, Said> {
    check_one(spec, field, text, false)
}

fn check_one(
    spec: &'static crate::rules::spec::SchemeSpec,
    field: &'static str,
    text: &str,
    typed: bool,
) -> Result<Value, Said> {
    let f = Fields::read_as(
        spec.name,
        spec.inputs,
        |name| (name == field).then_some(Raw::Text(text)),
        typed,
    );
    if let Some(e) = f.errors.iter().find(|e| e.field == field) {
        return Err(e.said.clone());
    }
    f.echo()
        .into_iter()
        .find(|(n, _)| *n == field)
        .map(|(_, v)| v)
        .ok_or_else(|| {
            Said::common("input.not_a_number").with("text", Value::Text(text.to_string()))
        })
}

/// The Danish reading of a number read as `d` (`1.234`: 1234), where it differs.
fn danish_reading(text: &str, d: Decimal) -> Option<Decimal> {
    match num::read_amount(text) {
        Err(NumberError::Ambiguous { danish, .. } | NumberError::Danish { danish })
            if danish != d =>
        {
            Some(danish)
        }
        _ => None,
    }
}

/// The sentence for a number of hours, days or weeks that could not be read (in a history):
/// an ambiguous one shown in its unit, as a field's is, not as kroner.
/// The measure of an hours or weeks field, and how its values are shown.
fn quantity_of(kind: InputKind) -> (Measure, fn(Decimal) -> Value) {
    match kind {
        InputKind::Weeks { .. } => (Measure::Weeks, |d| Value::Measure(d, Measure::Weeks)),
        _ => (Measure::Hours, Value::hours),
    }
}

pub fn quantity_error(text: &str, e: &NumberError, value: fn(Decimal) -> Value) -> Said {
    match e {
        NumberError::Ambiguous { file, danish } => two_readings(text, *file, *danish, value),
        _ => number_error(text, e),
    }
}

/// The refusal of a number with two readings, each shown as `value` shows it.
fn two_readings(text: &str, file: Decimal, danish: Decimal, value: fn(Decimal) -> Value) -> Said {
    Said::common("input.ambiguous_point")
        .with("text", Value::Text(text.trim().to_string()))
        .with("file_reading", value(file))
        .with("danish_reading", value(danish))
        .with("file_reading_plain", Value::Text(num::plain(file)))
        .with("danish_reading_plain", Value::Text(num::plain(danish)))
}

/// A date or month in a case lies in the years a history may give
/// ([`crate::rules::spec::bounds::HISTORY_YEARS`]): `0000-01-01` is a typing error.
pub(crate) fn in_case_years(year: i32, shown: impl Fn() -> Value) -> Result<(), Said> {
    use crate::rules::spec::bounds::{HISTORY_YEARS, history_year};
    if history_year(year) {
        Ok(())
    } else {
        Err(Said::common("input.year_out_of_range")
            .with("text", shown())
            .with("from", Value::Text(HISTORY_YEARS.0.to_string()))
            .with("to", Value::Text(HISTORY_YEARS.1.to_string())))
    }
}

/// A case's month as given on a command line, in a CSV row or a request: a month, within the
/// years a case may have (the same check a case file's `month` gets).
pub fn case_month(text: &str) -> Result<Month, Said> {
    let shown = || Value::Text(text.trim().to_string());
    let m = text
        .trim()
        .parse::<Month>()
        .map_err(|_| Said::common("input.not_a_month").with("text", shown()))?;
    in_case_years(m.year(), shown)?;
    Ok(m)
}

/// The sentence for a number that could not be read (also for numbers inside a scheme's own
/// notation, such as a history).
pub fn number_error(text: &str, e: &NumberError) -> Said {
    let shown = Value::Text(text.trim().to_string());
    match e {
        NumberError::NotANumber => Said::common("input.not_a_number").with("text", shown),
        NumberError::Exponent => Said::common("input.exponent").with("text", shown),
        NumberError::TooManyDigits => Said::common("input.too_many_digits").with("text", shown),
        NumberError::Ambiguous { file, danish } => Said::common("input.ambiguous_point")
            .with("text", shown)
            .with("file_reading", Value::Amount(*file))
            .with("danish_reading", Value::Amount(*danish))
            .with("file_reading_plain", Value::Text(num::fixed(*file, 2)))
            .with("danish_reading_plain", Value::Text(num::plain(*danish))),
        NumberError::Danish { danish } => Said::common("input.danish_comma")
            .with("text", shown)
            .with("danish_reading", Value::Amount(*danish))
            .with("file_form", Value::Text(num::plain(*danish))),
    }
}
