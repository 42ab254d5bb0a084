//! What a scheme declares about its rule sets. Each scheme declares what its rule sets must contain
//! (parameters with units, named roundings, rules with a legal basis) in a [`SchemeSpec`], so
//! the validator can check a rule set without knowing the formulas, and the formulas can rely
//! on what the validator checked.

/// The kind of quantity a parameter holds; it fixes the range the validator accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Kroner per month.
    KrPerMonth,
    /// Kroner (a single amount, e.g. a cap).
    Kr,
    /// A percentage, 0–100.
    Percent,
    /// Hours per week, 0–168.
    HoursPerWeek,
    /// Weeks per year, 0–53.
    WeeksPerYear,
    /// A number of months (a duration or a window), 0–1200.
    Months,
    /// Kroner per year.
    KrPerYear,
    /// Kroner per hour.
    KrPerHour,
    /// A share, 0–1, written as a fraction (`"2/3"`) or a decimal; kept exact to 28 digits.
    Fraction,
    /// A date (`2002-04-01`), stored as days from 0001-01-01 (see [`Unit::date_value`]).
    Date,
    /// Yes or no (`true`/`false`), stored as 1 or 0.
    Flag,
    /// A number of days (a requirement or a window), 0–3660.
    Days,
    /// A number of weeks (a requirement or a window), 0–520.
    Weeks,
    /// A number of hours (a requirement), 0–100000.
    Hours,
    /// A number of years (an age), 0–150.
    Years,
    /// A count of people or things, 0–1000000.
    Count,
}

impl Unit {
    pub const ALL: [Unit; 16] = [
        Unit::Flag,
        Unit::Years,
        Unit::Count,
        Unit::Hours,
        Unit::Days,
        Unit::Weeks,
        Unit::KrPerMonth,
        Unit::Kr,
        Unit::Percent,
        Unit::HoursPerWeek,
        Unit::WeeksPerYear,
        Unit::Months,
        Unit::KrPerYear,
        Unit::KrPerHour,
        Unit::Fraction,
        Unit::Date,
    ];

    /// The stored value of a date parameter.
    pub fn date_value(date: chrono::NaiveDate) -> rust_decimal::Decimal {
        use chrono::Datelike;
        rust_decimal::Decimal::from(date.num_days_from_ce())
    }

    /// Kroner of some kind: amounts that are regulated yearly.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Unit::Kr | Unit::KrPerMonth | Unit::KrPerYear | Unit::KrPerHour
        )
    }

    /// The date a date parameter's value stands for.
    pub fn value_date(value: rust_decimal::Decimal) -> Option<chrono::NaiveDate> {
        let days = i32::try_from(value.trunc().mantissa()).ok()?;
        chrono::NaiveDate::from_num_days_from_ce_opt(days)
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::KrPerMonth => "kr_per_month",
            Unit::Kr => "kr",
            Unit::Percent => "percent",
            Unit::HoursPerWeek => "hours_per_week",
            Unit::WeeksPerYear => "weeks_per_year",
            Unit::Months => "months",
            Unit::KrPerYear => "kr_per_year",
            Unit::KrPerHour => "kr_per_hour",
            Unit::Fraction => "fraction",
            Unit::Date => "date",
            Unit::Flag => "flag",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Hours => "hours",
            Unit::Years => "years",
            Unit::Count => "count",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.name() == s)
    }

    /// Inclusive bounds a value of this unit must lie within.
    pub fn bounds(self) -> (rust_decimal::Decimal, Option<rust_decimal::Decimal>) {
        use rust_decimal::Decimal;
        match self {
            Unit::KrPerMonth | Unit::Kr => (Decimal::ZERO, None),
            Unit::Percent => (Decimal::ZERO, Some(Decimal::ONE_HUNDRED)),
            Unit::HoursPerWeek => (Decimal::ZERO, Some(Decimal::from(168))),
            Unit::WeeksPerYear => (Decimal::ZERO, Some(Decimal::from(53))),
            Unit::Months => (Decimal::ZERO, Some(Decimal::from(1200))),
            Unit::KrPerYear | Unit::KrPerHour => (Decimal::ZERO, None),
            Unit::Fraction => (Decimal::ZERO, Some(Decimal::ONE)),
            Unit::Date => (Decimal::ZERO, None),
            Unit::Flag => (Decimal::ZERO, Some(Decimal::ONE)),
            Unit::Days => (Decimal::ZERO, Some(Decimal::from(3660))),
            Unit::Weeks => (Decimal::ZERO, Some(Decimal::from(520))),
            Unit::Hours => (Decimal::ZERO, Some(Decimal::from(100_000))),
            Unit::Years => (Decimal::ZERO, Some(Decimal::from(150))),
            Unit::Count => (Decimal::ZERO, Some(Decimal::from(1_000_000))),
        }
    }
}

/// A named item a rule set must define, with what it means.
#[derive(Debug)]
pub struct Item {
    pub name: &'static str,
    pub description: &'static str,
    /// A version may leave it out: the law it describes does not hold (or is not sourced) for
    /// that version's period, and a case that needs it is refused.
    pub optional: bool,
}

#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub unit: Unit,
    pub description: &'static str,
    /// See [`Item::optional`].
    pub optional: bool,
}

/// A parameter every version must define.
pub(crate) const fn param(name: &'static str, unit: Unit, description: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        unit,
        description,
        optional: false,
    }
}

/// A parameter a version may leave out (see [`Item::optional`]).
pub(crate) const fn optional_param(
    name: &'static str,
    unit: Unit,
    description: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        unit,
        description,
        optional: true,
    }
}

/// A rounding or formula step every version must define.
pub(crate) const fn item(name: &'static str, description: &'static str) -> Item {
    Item {
        name,
        description,
        optional: false,
    }
}

/// A rounding or formula step a version may leave out.
pub(crate) const fn optional_item(name: &'static str, description: &'static str) -> Item {
    Item {
        name,
        description,
        optional: true,
    }
}

/// What a scheme needs from its rule sets.
#[derive(Debug)]
pub struct SchemeSpec {
    /// The scheme's name in case files, and the id of its rule set.
    pub name: &'static str,
    /// The rule family, the directory under `rules/`.
    pub family: &'static str,
    pub title: &'static str,
    /// What the case's `month` is, for the reader of an explanation.
    pub month_means: &'static str,
    /// An input date that selects the rule-set version instead of the month (a bonus follows
    /// the hiring date); the case's `month` is then that date's month and may be left out.
    pub selected_by: Option<&'static str>,
    pub parameters: &'static [ParamSpec],
    pub roundings: &'static [Item],
    /// The formula steps; each must carry a legal reference in the rule set.
    pub rules: &'static [Item],
}

impl SchemeSpec {
    pub fn parameter(&self, name: &str) -> Option<&'static ParamSpec> {
        self.parameters.iter().find(|p| p.name == name)
    }
}
