//! What a scheme declares about its rule sets. Each scheme declares what its rule sets must contain
//! (parameters with units, named roundings, rules with a legal basis) in a [`SchemeSpec`], so
//! the validator can check a rule set without knowing the formulas, and the formulas can rely
//! on what the validator checked.

/// The kind of quantity a parameter holds; it fixes the range the validator accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// What is wrong with `text` as the value of a parameter in this unit, if anything: an
    /// amount in kroner is read as a case file reads one ([`crate::values::num::read_amount`]),
    /// so `"15.600"` is refused naming both readings (in a rule set it would otherwise be
    /// 15,60 kr. where a Danish editor meant 15.600 kr.), and has at most two decimals (øre).
    pub fn amount_text_problem(self, text: &str) -> Option<String> {
        use crate::values::num::{NumberError, danish, read_amount};
        if !self.is_money() {
            return None;
        }
        match read_amount(text) {
            Err(NumberError::Ambiguous { file, danish: d }) => Some(format!(
                "`{text}` has two readings: in a file {} kr., to a Danish reader {} kr.; \
                 write {} for the first or {} for the second",
                danish(file, 2),
                danish(d, 2),
                file.normalize(),
                d.normalize()
            )),
            Err(NumberError::Danish { danish: d }) => Some(format!(
                "`{text}` is written the Danish way; in a rule set write {}",
                d.normalize()
            )),
            // Decimals counted as the case reader counts them: `15600.500` is 15600,50.
            Ok(d) if d.normalize().scale() > 2 => Some(format!(
                "`{text}` has more than two decimals: an amount in kroner is to the øre"
            )),
            _ => None,
        }
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
        // Amounts have no upper bound in law; these plausibility bounds (those of case inputs:
        // 1.000.000 kr. a month, 10.000 kr. an hour) keep a slip such as 1e12 from an overlay
        // or a rule set out of every result, far above any amount the schemes use.
        match self {
            Unit::KrPerMonth => (Decimal::ZERO, Some(Decimal::from(bounds::KR_PER_MONTH))),
            Unit::Kr => (Decimal::ZERO, Some(Decimal::from(bounds::KR))),
            Unit::KrPerYear => (Decimal::ZERO, Some(Decimal::from(bounds::KR_PER_YEAR))),
            Unit::KrPerHour => (Decimal::ZERO, Some(Decimal::from(bounds::KR_PER_HOUR))),
            Unit::Percent => (Decimal::ZERO, Some(Decimal::ONE_HUNDRED)),
            Unit::HoursPerWeek => (Decimal::ZERO, Some(Decimal::from(168))),
            Unit::WeeksPerYear => (Decimal::ZERO, Some(Decimal::from(53))),
            Unit::Months => (Decimal::ZERO, Some(Decimal::from(1200))),
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
    /// A formula divides by it (or by 100 % less it): zero (or 100 %) is refused when the rule
    /// set loads.
    pub divisor: bool,
}

impl ParamSpec {
    /// Whether a formula cannot use `value`: it divides by this parameter (or by 100 % less
    /// it), and the value is 0 (or 100 %). Refused where a rule set loads and where an overlay
    /// sets it.
    pub fn unusable(&self, value: rust_decimal::Decimal) -> bool {
        self.divisor
            && (value.is_zero()
                || (self.unit == Unit::Percent && value == rust_decimal::Decimal::ONE_HUNDRED))
    }

    /// Marks a parameter a formula divides by (see [`ParamSpec::divisor`]).
    pub const fn divisor(self) -> ParamSpec {
        ParamSpec {
            divisor: true,
            ..self
        }
    }
}

/// A parameter every version must define.
pub(crate) const fn param(name: &'static str, unit: Unit, description: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        unit,
        description,
        optional: false,
        divisor: false,
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
        divisor: false,
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

/// The bounds of input fields where the law sets none: what a case can plausibly hold. A value
/// beyond them is a typing error (a monthly salary in the hourly field), refused rather than
/// computed with.
pub mod bounds {
    /// A month has at most 31 × 24 hours; a week 7 × 24.
    pub const HOURS_PER_MONTH: u32 = 744;
    pub const HOURS_PER_WEEK: u32 = 168;
    /// Kroner a month: far above any wage or benefit these schemes meet.
    pub const KR_PER_MONTH: u64 = 1_000_000;
    /// Kroner an hour.
    pub const KR_PER_HOUR: u64 = 10_000;
    /// Kroner a year.
    pub const KR_PER_YEAR: u64 = 12_000_000;
    /// A single amount in kroner (a cap, an income requirement, a lump sum).
    pub const KR: u64 = 100_000_000;
    /// A person's age in whole years (as a parameter in years).
    pub const AGE_YEARS: u32 = 150;
    /// A number of months (as a parameter in months).
    pub const MONTHS: u32 = 1200;
    /// The staff of one employer (as a parameter that counts people).
    pub const PERSONS: u32 = 1_000_000;
    /// The years a history may give (dagpenge months, weekly hours, hours of sickness,
    /// spells, flex-job periods), and any date or month of a case: every rule set begins after
    /// 1900 and none reaches 2100, so a date outside is a typing error, refused before the
    /// case is read any further.
    pub const HISTORY_YEARS: (i32, i32) = (1900, 2100);

    /// Weeks in a month for a bound on a monthly figure worked out from a weekly one (52/12):
    /// only for bounds; a formula reads its rule set's weeks per year.
    pub fn weeks_per_month() -> rust_decimal::Decimal {
        rust_decimal::Decimal::from(52) / rust_decimal::Decimal::from(12)
    }

    /// Why a rule set's or an overlay's date is refused: outside [`HISTORY_YEARS`].
    pub fn out_of_years(d: chrono::NaiveDate) -> String {
        format!(
            "{d} is outside the years a rule set can cover ({}-{}): a typing error?",
            HISTORY_YEARS.0, HISTORY_YEARS.1
        )
    }

    /// Whether a year lies within [`HISTORY_YEARS`].
    pub fn history_year(year: i32) -> bool {
        (HISTORY_YEARS.0..=HISTORY_YEARS.1).contains(&year)
    }

    /// The first and last day of [`HISTORY_YEARS`], for messages.
    pub fn history_days() -> (chrono::NaiveDate, chrono::NaiveDate) {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        (day(HISTORY_YEARS.0, 1, 1), day(HISTORY_YEARS.1, 12, 31))
    }
}

/// The typed parameters of a rule-set version, built once when it loads (see [`Compile`]).
pub type Compiled = std::sync::Arc<dyn std::any::Any + Send + Sync>;

/// Builds a version's typed parameters, or names what is missing.
pub type Compile = fn(&crate::rules::RuleSetVersion) -> Result<Compiled, ParamError>;

/// Why a version's typed parameters cannot be built: something is missing (the file is named),
/// or a parameter is there but its value cannot be used as the formula needs it (the value is
/// named, at its line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter whose value is unusable (`earning_months = 0.4`); `None` when what the
    /// message names is missing.
    pub unusable: Option<&'static str>,
    /// What is missing (`parameter `x``), or why the value is unusable.
    pub message: String,
}

impl ParamError {
    pub fn unusable(name: &'static str, message: String) -> Self {
        Self {
            unusable: Some(name),
            message,
        }
    }
}

/// What is missing, as a scheme's own `params` says it (`both pension-age parameters, or
/// neither`).
impl From<String> for ParamError {
    fn from(message: String) -> Self {
        Self {
            unusable: None,
            message,
        }
    }
}

impl From<&str> for ParamError {
    fn from(message: &str) -> Self {
        message.to_string().into()
    }
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What kind of value an input field holds, with the bounds the law (or plausibility, where
/// the law gives none) sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Kroner and øre: not negative, at most two decimals, at most `max` kroner.
    Amount { max: u64 },
    /// An amount as [`InputKind::Amount`], or the given word (`maximum`).
    AmountOrWord { max: u64, word: &'static str },
    /// Hours, decimals allowed: not negative, at most `max` (168 a week, 744 a month).
    Hours { max: u32 },
    /// Weeks, decimals allowed (a period's weeks left): read as hours are.
    Weeks { max: u32 },
    /// A whole number from 0 to `max` (months, weeks, days, persons, years of age).
    Count { max: u32 },
    /// People counted in full-time equivalents or as an average, decimals allowed (`20,4`): not
    /// negative, at most `max`. `1.000` (a thousand to a Danish reader, one to a file) is refused.
    Persons { max: u32 },
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM`.
    Month,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// `true` or `false` (a TOML or JSON boolean, or the word).
    Flag,
    /// Text in the scheme's own notation (a history, periods), which the scheme reads.
    Text,
}

/// Whether a case must give an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    /// Optional; absent, it takes this value (written as a case would write it).
    Default(&'static str),
}

/// One input field of a scheme, declared once: case files, batch columns, the JSON echo, the
/// browser page's field checks all come from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputSpec {
    pub name: &'static str,
    pub kind: InputKind,
    pub need: Need,
}

impl InputSpec {
    pub const fn required(name: &'static str, kind: InputKind) -> InputSpec {
        InputSpec {
            name,
            kind,
            need: Need::Required,
        }
    }

    pub const fn optional(name: &'static str, kind: InputKind) -> InputSpec {
        InputSpec {
            name,
            kind,
            need: Need::Optional,
        }
    }

    pub const fn default(name: &'static str, kind: InputKind, value: &'static str) -> InputSpec {
        InputSpec {
            name,
            kind,
            need: Need::Default(value),
        }
    }
}

/// One result field of a scheme. An outcome is what a person is paid, owes, or is decided
/// (money, eligibility, status, durations, end and due dates); the rest are intermediate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputSpec {
    pub name: &'static str,
    pub outcome: bool,
    /// A key a caseload's totals are grouped by (`batch` sums every amount result per value of
    /// this field: the refund by benefit, by step of the staircase).
    pub group: bool,
}

impl OutputSpec {
    pub const fn outcome(name: &'static str) -> OutputSpec {
        OutputSpec {
            name,
            outcome: true,
            group: false,
        }
    }

    pub const fn intermediate(name: &'static str) -> OutputSpec {
        OutputSpec {
            name,
            outcome: false,
            group: false,
        }
    }

    /// The same field, declared a key a caseload's totals are grouped by.
    pub const fn grouped(self) -> OutputSpec {
        OutputSpec {
            group: true,
            ..self
        }
    }
}

/// What a scheme declares: its rule sets' contents, its inputs and results.
#[derive(Debug)]
pub struct SchemeSpec {
    /// The scheme's name in case files, and the id of its rule set.
    pub name: &'static str,
    /// The rule family, the directory under `rules/`.
    pub family: &'static str,
    /// An input date that selects the rule-set version instead of the month (a bonus follows
    /// the hiring date); the case's `month` is then that date's month and may be left out.
    pub selected_by: Option<&'static str>,
    pub inputs: &'static [InputSpec],
    /// The result fields, in their documented order.
    pub results: &'static [OutputSpec],
    /// The result that matters most to the person, for summaries.
    pub headline: &'static str,
    pub parameters: &'static [ParamSpec],
    pub roundings: &'static [Item],
    /// The formula steps; each must carry a legal reference in the rule set.
    pub rules: &'static [Item],
    /// Builds a version's typed parameters.
    pub compile: Compile,
}

impl SchemeSpec {
    pub fn parameter(&self, name: &str) -> Option<&'static ParamSpec> {
        self.parameters.iter().find(|p| p.name == name)
    }

    pub fn input(&self, name: &str) -> Option<&'static InputSpec> {
        self.inputs.iter().find(|i| i.name == name)
    }
}
