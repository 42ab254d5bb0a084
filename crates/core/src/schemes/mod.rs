//! The schemes beregner computes. Each scheme declares what its rule sets must contain
//! (parameters with units, named roundings, rules with a legal basis) in a [`SchemeSpec`], so
//! the validator can check a rule set without knowing the formulas, and the formulas can rely
//! on what the validator checked.

pub mod dagpenge;
pub mod fields;
pub mod fleksjob_refusion;
pub mod fleksjobbonus;
pub mod fleksloentilskud;
pub mod igu_bonus;
pub mod installment;
pub mod jobpraemie;
pub mod ledighedsydelse;
pub mod loentilskud;
pub mod refugee_bonus;
pub mod sygedagpenge_duration;
pub mod sygedagpenge_employer_period;
pub mod sygedagpenge_refund;

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

pub static SCHEMES: &[&SchemeSpec] = &[
    &fleksloentilskud::SPEC,
    &ledighedsydelse::SPEC,
    &fleksjob_refusion::SPEC,
    &fleksjobbonus::SPEC,
    &refugee_bonus::SPEC,
    &igu_bonus::SPEC,
    &jobpraemie::SPEC,
    &loentilskud::SPEC,
    &dagpenge::SPEC,
    &sygedagpenge_employer_period::SPEC,
    &sygedagpenge_refund::SPEC,
    &sygedagpenge_duration::SPEC,
];

pub fn find(name: &str) -> Option<&'static SchemeSpec> {
    SCHEMES.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMES.iter().map(|s| s.name)
}

/// A case's facts, in the form of its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseInput {
    Fleksloentilskud(fleksloentilskud::Input),
    Ledighedsydelse(ledighedsydelse::Input),
    FleksjobRefusion(fleksjob_refusion::Input),
    Fleksjobbonus(fleksjobbonus::Input),
    RefugeeBonus(refugee_bonus::Input),
    IguBonus(igu_bonus::Input),
    Jobpraemie(jobpraemie::Input),
    Loentilskud(loentilskud::Input),
    Dagpenge(dagpenge::Input),
    SygedagpengeEmployerPeriod(sygedagpenge_employer_period::Input),
    SygedagpengeRefund(sygedagpenge_refund::Input),
    SygedagpengeDuration(sygedagpenge_duration::Input),
}

/// The input fields of a scheme (case files' `[input]`, batch columns).
pub fn input_fields(scheme: &SchemeSpec) -> &'static [&'static str] {
    match scheme.name {
        "fleksloentilskud" => &fleksloentilskud::INPUT_FIELDS,
        "ledighedsydelse" => &ledighedsydelse::INPUT_FIELDS,
        "fleksjob_refusion" => &fleksjob_refusion::INPUT_FIELDS,
        "fleksjobbonus" => &fleksjobbonus::INPUT_FIELDS,
        "refugee_bonus" => &refugee_bonus::INPUT_FIELDS,
        "igu_bonus" => &igu_bonus::INPUT_FIELDS,
        "jobpraemie" => &jobpraemie::INPUT_FIELDS,
        "loentilskud" => &loentilskud::INPUT_FIELDS,
        "dagpenge" => &dagpenge::INPUT_FIELDS,
        "sygedagpenge_employer_period" => &sygedagpenge_employer_period::INPUT_FIELDS,
        "sygedagpenge_refund" => &sygedagpenge_refund::INPUT_FIELDS,
        "sygedagpenge_duration" => &sygedagpenge_duration::INPUT_FIELDS,
        _ => &[],
    }
}

/// The result fields of a scheme, in their documented order.
pub fn result_fields(scheme: &SchemeSpec) -> &'static [&'static str] {
    match scheme.name {
        "fleksloentilskud" => &fleksloentilskud::RESULT_FIELDS,
        "ledighedsydelse" => &ledighedsydelse::RESULT_FIELDS,
        "fleksjob_refusion" => &fleksjob_refusion::RESULT_FIELDS,
        "fleksjobbonus" => &fleksjobbonus::RESULT_FIELDS,
        "refugee_bonus" => &refugee_bonus::RESULT_FIELDS,
        "igu_bonus" => &igu_bonus::RESULT_FIELDS,
        "jobpraemie" => &jobpraemie::RESULT_FIELDS,
        "loentilskud" => &loentilskud::RESULT_FIELDS,
        "dagpenge" => &dagpenge::RESULT_FIELDS,
        "sygedagpenge_employer_period" => &sygedagpenge_employer_period::RESULT_FIELDS,
        "sygedagpenge_refund" => &sygedagpenge_refund::RESULT_FIELDS,
        "sygedagpenge_duration" => &sygedagpenge_duration::RESULT_FIELDS,
        _ => &[],
    }
}

/// A problem with one input field: the field and the reason.
pub type FieldError = (&'static str, String);

/// Builds a scheme's input from its fields' texts (`get` returns a field's text, `None` when
/// absent), with every check a case file and a batch row must pass.
pub fn input_from_fields<'a>(
    scheme: &SchemeSpec,
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<CaseInput, Vec<FieldError>> {
    match scheme.name {
        "fleksloentilskud" => {
            fleksloentilskud::input_from_fields(get).map(CaseInput::Fleksloentilskud)
        }
        "ledighedsydelse" => {
            ledighedsydelse::input_from_fields(get).map(CaseInput::Ledighedsydelse)
        }
        "fleksjob_refusion" => {
            fleksjob_refusion::input_from_fields(get).map(CaseInput::FleksjobRefusion)
        }
        "fleksjobbonus" => fleksjobbonus::input_from_fields(get).map(CaseInput::Fleksjobbonus),
        "refugee_bonus" => refugee_bonus::input_from_fields(get).map(CaseInput::RefugeeBonus),
        "igu_bonus" => igu_bonus::input_from_fields(get).map(CaseInput::IguBonus),
        "jobpraemie" => jobpraemie::input_from_fields(get).map(CaseInput::Jobpraemie),
        "loentilskud" => loentilskud::input_from_fields(get).map(CaseInput::Loentilskud),
        "dagpenge" => dagpenge::input_from_fields(get).map(CaseInput::Dagpenge),
        "sygedagpenge_employer_period" => sygedagpenge_employer_period::input_from_fields(get)
            .map(CaseInput::SygedagpengeEmployerPeriod),
        "sygedagpenge_duration" => {
            sygedagpenge_duration::input_from_fields(get).map(CaseInput::SygedagpengeDuration)
        }
        "sygedagpenge_refund" => {
            sygedagpenge_refund::input_from_fields(get).map(CaseInput::SygedagpengeRefund)
        }
        other => Err(vec![("scheme", format!("no input reader for `{other}`"))]),
    }
}

/// The date in an input field of a scheme selected by a date (see [`SchemeSpec::selected_by`]).
pub fn input_date(input: &CaseInput, field: &str) -> Option<chrono::NaiveDate> {
    match (input, field) {
        (CaseInput::FleksjobRefusion(i), "hire_date") => Some(i.hire_date),
        (CaseInput::Fleksjobbonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::RefugeeBonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::IguBonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::Loentilskud(i), "start_date") => Some(i.start_date),
        (CaseInput::SygedagpengeEmployerPeriod(i), "first_sick_day") => Some(i.first_sick_day),
        (CaseInput::SygedagpengeDuration(i), "spells") => i.assessment_day(),
        (CaseInput::SygedagpengeRefund(i), "sick_hours") => {
            i.sick_hours.weeks.first().map(|w| w.monday)
        }
        _ => None,
    }
}

/// A version's parameters in the typed form its scheme computes with, built once at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Fleksloentilskud(fleksloentilskud::Params),
    Ledighedsydelse(ledighedsydelse::Params),
    FleksjobRefusion(fleksjob_refusion::Params),
    Fleksjobbonus(fleksjobbonus::Params),
    RefugeeBonus(refugee_bonus::Params),
    IguBonus(igu_bonus::Params),
    Jobpraemie(jobpraemie::Params),
    Loentilskud(loentilskud::Params),
    Dagpenge(Box<dagpenge::Params>),
    SygedagpengeEmployerPeriod(sygedagpenge_employer_period::Params),
    SygedagpengeRefund(sygedagpenge_refund::Params),
    SygedagpengeDuration(sygedagpenge_duration::Params),
}

/// Builds the typed parameters of a validated version, or names what is missing.
pub fn compile(v: &crate::rules::RuleSetVersion) -> Result<Compiled, String> {
    match v.scheme.name {
        "fleksloentilskud" => fleksloentilskud::Params::of(v).map(Compiled::Fleksloentilskud),
        "ledighedsydelse" => ledighedsydelse::Params::of(v).map(Compiled::Ledighedsydelse),
        "fleksjob_refusion" => fleksjob_refusion::Params::of(v).map(Compiled::FleksjobRefusion),
        "fleksjobbonus" => fleksjobbonus::Params::of(v).map(Compiled::Fleksjobbonus),
        "refugee_bonus" => refugee_bonus::Params::of(v).map(Compiled::RefugeeBonus),
        "igu_bonus" => igu_bonus::Params::of(v).map(Compiled::IguBonus),
        "jobpraemie" => jobpraemie::Params::of(v).map(Compiled::Jobpraemie),
        "loentilskud" => loentilskud::Params::of(v).map(Compiled::Loentilskud),
        "dagpenge" => dagpenge::Params::of(v).map(|p| Compiled::Dagpenge(Box::new(p))),
        "sygedagpenge_employer_period" => {
            sygedagpenge_employer_period::Params::of(v).map(Compiled::SygedagpengeEmployerPeriod)
        }
        "sygedagpenge_duration" => {
            sygedagpenge_duration::Params::of(v).map(Compiled::SygedagpengeDuration)
        }
        "sygedagpenge_refund" => {
            sygedagpenge_refund::Params::of(v).map(Compiled::SygedagpengeRefund)
        }
        other => Err(format!("a compiler for scheme `{other}`")),
    }
}
