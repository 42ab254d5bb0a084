//! A version's parameters in typed form, read by name once when the rule set loads. A scheme
//! reads a parameter's value only through its [`Calc`], which records that it was used, so a
//! result that rests on a derived (not published) value always says so.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calc::{Calc, Recorder, XOf};
use super::expr::X;
use crate::rules::RuleSetVersion;
pub use crate::rules::spec::ParamError;
use crate::rules::spec::Unit;
use crate::values::num;
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Value};

/// A parameter of the rule set: its name and value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param<T> {
    name: &'static str,
    unit: Option<Unit>,
    value: T,
}

impl<T: Copy> Param<T> {
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value, for tools that reason about a rule set outside a computation (the what-if
    /// table's turning points). A scheme reads it through its [`Calc`], which notes the use.
    pub fn value(&self) -> T {
        self.value
    }
}

/// A percentage, kept both as written (`30`) and as the fraction formulas use (`0.30`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub percent: Decimal,
    pub fraction: Decimal,
}

/// A share the rule set may write as a fraction (`"2/3"`): computes as the exact decimal, shown
/// as written, so a formula reads `2/3 × 20000.00` rather than `0.666666… × 20000.00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    pub value: Decimal,
    /// Numerator and denominator, where the rule set wrote the value as a fraction.
    pub written: Option<(Decimal, Decimal)>,
}

impl Fraction {
    /// How a reader sees it: `2/3` as written, else the decimal.
    pub fn shown(&self) -> Value {
        match self.written {
            Some((n, d)) => Value::Text(format!("{}/{}", num::plain(n), num::plain(d))),
            None => Value::Number(self.value),
        }
    }
}

/// Reads the parameters of one version by name; each error names what is missing.
pub struct ParamReader<'v> {
    v: &'v RuleSetVersion,
    scheme_params: &'static [crate::rules::spec::ParamSpec],
}

impl<'v> ParamReader<'v> {
    pub fn new(v: &'v RuleSetVersion) -> Self {
        Self {
            v,
            scheme_params: v.scheme.parameters,
        }
    }

    /// The version's name (`2024`), for texts that cite it.
    pub fn version(&self) -> &'v str {
        &self.v.version
    }

    /// The version's last day, if it has one (a scheme whose case spans several days may need
    /// to refuse one that runs past it).
    pub fn valid_to(&self) -> Option<NaiveDate> {
        self.v.valid_to
    }

    /// The first day the version applies, for texts that cite it.
    pub fn valid_from(&self) -> NaiveDate {
        self.v.valid_from
    }

    /// The parameter's name as the scheme declares it (a `'static` name for the trace).
    fn declared(&self, name: &str) -> Result<(&'static str, Unit), ParamError> {
        self.scheme_params
            .iter()
            .find(|p| p.name == name)
            .map(|p| (p.name, p.unit))
            .ok_or_else(|| format!("parameter `{name}` (not declared by the scheme)").into())
    }

    fn raw(&self, name: &str) -> Result<(&'static str, Unit, Decimal), ParamError> {
        let (name, unit) = self.declared(name)?;
        let value = self
            .v
            .parameter(name)
            .map(|p| p.value)
            .ok_or_else(|| ParamError::from(format!("parameter `{name}`")))?;
        Ok((name, unit, value))
    }

    /// An amount, hours, weeks, or any other decimal parameter.
    pub fn decimal(&self, name: &str) -> Result<Param<Decimal>, ParamError> {
        let (name, unit, value) = self.raw(name)?;
        Ok(Param {
            name,
            unit: Some(unit),
            value,
        })
    }

    /// A percentage.
    pub fn rate(&self, name: &str) -> Result<Param<Rate>, ParamError> {
        let (name, unit, percent) = self.raw(name)?;
        Ok(Param {
            name,
            unit: Some(unit),
            value: Rate {
                percent,
                fraction: percent / Decimal::ONE_HUNDRED,
            },
        })
    }

    /// A share (unit `fraction`), kept with the fraction the rule set wrote (`2/3`).
    pub fn fraction(&self, name: &str) -> Result<Param<Fraction>, ParamError> {
        let (name, unit, value) = self.raw(name)?;
        let written = self.v.parameter(name).and_then(|p| {
            let (a, b) = p.display.split_once('/')?;
            let (a, b) = (
                num::parse_decimal(a.trim()).ok()?,
                num::parse_decimal(b.trim()).ok()?,
            );
            (!b.is_zero()).then_some((a, b))
        });
        Ok(Param {
            name,
            unit: Some(unit),
            value: Fraction { value, written },
        })
    }

    /// A whole number (months, weeks, days).
    pub fn whole(&self, name: &str) -> Result<Param<u32>, ParamError> {
        let (name, unit, value) = self.raw(name)?;
        // `earning_months = 0.4` is a slip, not 0 months: refused, never cut.
        if !value.fract().is_zero() {
            return Err(ParamError::unusable(
                name,
                format!(
                    "parameter `{name}` must be a whole number ({} {} is not one)",
                    num::plain(value),
                    unit.name()
                ),
            ));
        }
        let whole = u32::try_from(value.trunc().mantissa()).map_err(|_| {
            ParamError::unusable(
                name,
                format!(
                    "parameter `{name}` must be a whole number from 0 to {} ({} is not one)",
                    u32::MAX,
                    num::plain(value)
                ),
            )
        })?;
        Ok(Param {
            name,
            unit: Some(unit),
            value: whole,
        })
    }

    pub fn date(&self, name: &str) -> Result<Param<NaiveDate>, ParamError> {
        let (name, unit, value) = self.raw(name)?;
        let date = Unit::value_date(value).ok_or_else(|| {
            ParamError::unusable(
                name,
                format!(
                    "parameter `{name}` must be a date ({} is not one)",
                    num::plain(value)
                ),
            )
        })?;
        Ok(Param {
            name,
            unit: Some(unit),
            value: date,
        })
    }

    pub fn flag(&self, name: &str) -> Result<Param<bool>, ParamError> {
        let (name, unit, value) = self.raw(name)?;
        if !(value.is_zero() || value == Decimal::ONE) {
            return Err(ParamError::unusable(
                name,
                format!(
                    "parameter `{name}` must be a flag (true or false; {} is neither)",
                    num::plain(value)
                ),
            ));
        }
        Ok(Param {
            name,
            unit: Some(unit),
            value: !value.is_zero(),
        })
    }

    /// A named rounding.
    pub fn rounding(&self, name: &str) -> Result<Param<Rounding>, ParamError> {
        let declared = self
            .v
            .scheme
            .roundings
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.name)
            .ok_or_else(|| {
                ParamError::from(format!("rounding `{name}` (not declared by the scheme)"))
            })?;
        let value = self
            .v
            .rounding(name)
            .ok_or_else(|| ParamError::from(format!("rounding `{name}`")))?;
        Ok(Param {
            name: declared,
            unit: None,
            value,
        })
    }

    /// A parameter a version may leave out (see `optional_param`).
    pub fn optional<T>(
        &self,
        name: &str,
        read: impl Fn(&Self, &str) -> Result<Param<T>, ParamError>,
    ) -> Option<Param<T>> {
        self.v.parameter(name).and_then(|_| read(self, name).ok())
    }
}

/// How a value of `unit` is shown.
fn shown(unit: Option<Unit>, v: Decimal) -> Value {
    match unit {
        Some(Unit::Kr | Unit::KrPerMonth | Unit::KrPerYear | Unit::KrPerHour) => Value::Amount(v),
        Some(Unit::Percent) => Value::Percent(v),
        Some(Unit::HoursPerWeek | Unit::Hours) => Value::Measure(v, Measure::Hours),
        Some(Unit::WeeksPerYear | Unit::Weeks) => Value::Measure(v, Measure::Weeks),
        Some(Unit::Days) => Value::Measure(v, Measure::Days),
        Some(Unit::Months) => Value::Measure(v, Measure::Months),
        Some(Unit::Years) => Value::Measure(v, Measure::Years),
        Some(Unit::Count) => Value::Measure(v, Measure::Persons),
        Some(Unit::Flag) => Value::Bool(!v.is_zero()),
        Some(Unit::Date) => Unit::value_date(v).map_or(Value::None, Value::Date),
        Some(Unit::Fraction) | None => Value::Number(v),
    }
}

impl<R: Recorder> Calc<'_, R> {
    /// A parameter's value, noting its use.
    #[inline(always)]
    pub fn get<T: Copy>(&mut self, p: &Param<T>) -> T {
        self.used(p.name);
        p.value
    }

    /// A decimal parameter in a formula, shown in its unit.
    #[inline]
    pub fn param(&mut self, p: &Param<Decimal>) -> XOf<R> {
        self.used(p.name);
        X::leaf(self.scheme, p.name, Some(p.value), || {
            shown(p.unit, p.value)
        })
    }

    /// A whole-number parameter in a formula.
    pub fn whole(&mut self, p: &Param<u32>) -> XOf<R> {
        self.used(p.name);
        let v = Decimal::from(p.value);
        X::leaf(self.scheme, p.name, Some(v), || shown(p.unit, v))
    }

    /// A share in a formula: computes as its decimal, shown as the rule set wrote it (`2/3`).
    pub fn fraction(&mut self, p: &Param<Fraction>) -> XOf<R> {
        self.used(p.name);
        X::leaf(self.scheme, p.name, Some(p.value.value), || p.value.shown())
    }

    /// A percentage in a formula: computes as the fraction, shown as the percentage.
    #[inline]
    pub fn rate(&mut self, p: &Param<Rate>) -> XOf<R> {
        self.used(p.name);
        X::leaf(self.scheme, p.name, Some(p.value.fraction), || {
            Value::Percent(p.value.percent)
        })
    }

    /// A parameter as a value shown in a step or a sentence (and its use noted).
    pub fn shown<T: Copy>(&mut self, p: &Param<T>, as_value: impl Fn(T) -> Value) -> Value {
        self.used(p.name);
        as_value(p.value)
    }

    /// A decimal parameter as a value shown in a step, in its unit.
    pub fn show(&mut self, p: &Param<Decimal>) -> Value {
        self.used(p.name);
        shown(p.unit, p.value)
    }
}

impl<T: super::expr::Tree> X<T> {
    /// Rounded by a named rounding of the rule set.
    #[inline]
    pub fn rounded(self, p: &Param<Rounding>) -> X<T> {
        self.round(p.name, p.value)
    }
}

impl Param<Rounding> {
    /// The rounding itself, for code that rounds outside a formula (and names it in a step).
    pub fn rule(&self) -> Rounding {
        self.value
    }
}

impl<'v> ParamReader<'v> {
    /// The whole version, for schemes not yet on the model (their own parameter readers).
    pub fn rule_set(&self) -> &'v RuleSetVersion {
        self.v
    }
}
