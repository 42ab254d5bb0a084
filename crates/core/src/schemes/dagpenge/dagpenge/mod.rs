//! **Dagpenge** (arbejdsløshedsforsikringsloven §§ 53-56 b and the bekendtgørelse om
//! dagpengeperioden): the period ledger an a-kasse keeps for an insured member under the rules
//! in force from 1 July 2017, month by month from the placement (indplacering).
//!
//! Each month is paid as a fixed number of hours (160,33 full-time, 130 part-time) less
//! deductions hour for hour: ordinary work, income without fixed hours converted at the high
//! omregningssats, and technical days (sickness, holiday, unavailability) at 7,4 (6) hours; the
//! waiting day (7,4 hours) at the end of every 4 counted months unless more than 148 (97)
//! løntimer in them (a month with sygedagpenge or barsel and no dagpenge, and the COVID-19
//! suspension, extend the 4 months); nothing is paid when fewer than 14,8 (12) hours remain.
//! The hours paid, and hours in løntilskud, consume the period (3.848 / 3.120 hours within a
//! reference period of 36 months; 1.924 / 1.560 within 24 for a dimittend placed from 1 May
//! 2023), except in months the law suspended consumption (COVID-19); no more is paid than the
//! period has left, and nothing after the reference period. Ordinary work fills the employment
//! account (2 hours per hour, at most 1.924 / 1.560) and counts toward re-earning a new period
//! (1.924 / 1.258 hours within 3 years); so does income without fixed hours (fees, B-income),
//! as løntimer converted at the lav omregningssats, at most 160,33 a month. The reference
//! period is extended in whole months for hours of sickness beyond 6 weeks, barsel and the
//! other grounds (hours ÷ 160,33, rounded up) and for suspended months. Months after the
//! assessment month are a projection of full unemployment.
//!
//! The version in force in the assessment month supplies the constants and that month's rate;
//! months in other years with income without fixed hours need their converted hours.
//!
//! The history notation is read by [`history`]; the ledger itself is [`ledger`].

pub mod history;
pub mod ledger;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme, X, XOf,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_param, param,
};
use crate::values::month::Month;
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

pub use self::history::Record;
pub use self::ledger::{Limit, Line};

/// The scheme (see the module documentation).
pub struct Dagpenge;

const SCOPE: &str = "dagpenge";

/// Weeks in the longest period of the week system (4 years of 52 weeks, placements before
/// 1 July 2010): the most weeks that can be left on 1 July 2017.
const MAX_WEEKS_LEFT: u32 = 208;

/// Hours in 96 months at most (96 × 744): no more dagpenge can have been paid in them.
const MAX_HOURS_96_MONTHS: u32 = 96 * bounds::HOURS_PER_MONTH;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub part_time: bool,
    pub placement: Month,
    pub dimittend: bool,
    /// A dimittend who supports a child (forsørger) in the assessment month.
    pub forsoerger: bool,
    /// The month of birth: a dimittend not a forsørger has the higher reduced rate from the
    /// month after turning 30.
    pub birth_month: Option<Month>,
    /// The member's monthly rate; `None`: the maximum.
    pub monthly_rate: Option<Decimal>,
    /// The member's monthly rate during the beskæftigelsestillæg (90 % of the income after
    /// AM-bidrag, before the usual cap), when the a-kasse found the member qualifies.
    pub supplement_rate: Option<Decimal>,
    /// The months from the placement, in order, each once.
    pub history: Vec<(Month, Record)>,
    /// A full-time member who became part-time insured from this month.
    pub part_time_from: Option<Month>,
    /// Hours of dagpenge in the 96 months up to the placement (for the shortening).
    pub hours_96_months: Option<Decimal>,
    /// For a placement before 1 July 2017: the weeks left on that day, and the last month of
    /// the old reference period.
    pub weeks_left_2017_07: Option<Decimal>,
    pub old_reference_end: Option<Month>,
}

impl Input {
    /// The history's record of month `m`.
    pub fn record(&self, m: Month) -> Option<Record> {
        self.history
            .binary_search_by_key(&m, |(x, _)| *x)
            .ok()
            .map(|i| self.history[i].1)
    }
}

/// A parameter with a full-time and a part-time value (`<stem>_full_time`, `<stem>_part_time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub full: Param<Decimal>,
    pub part: Param<Decimal>,
}

impl Pair {
    /// The value for a member insured part-time or full-time.
    pub fn of(&self, part_time: bool) -> &Param<Decimal> {
        if part_time { &self.part } else { &self.full }
    }

    fn read(r: &ParamReader, stem: &str) -> Result<Pair, ParamError> {
        Ok(Pair {
            full: r.decimal(&format!("{stem}_full_time"))?,
            part: r.decimal(&format!("{stem}_part_time"))?,
        })
    }

    /// A pair a version may leave out (a figure not found for its year): both, or neither.
    fn optional(r: &ParamReader, stem: &str) -> Result<Option<Pair>, String> {
        let (full, part) = (format!("{stem}_full_time"), format!("{stem}_part_time"));
        match (
            r.optional(&full, ParamReader::decimal),
            r.optional(&part, ParamReader::decimal),
        ) {
            (Some(full), Some(part)) => Ok(Some(Pair { full, part })),
            (None, None) => Ok(None),
            _ => Err(format!("both `{full}` and `{part}`, or neither")),
        }
    }
}

/// A dimittend's shorter period, for placements from a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimittend {
    pub hours: Pair,
    pub reference_months: Param<u32>,
    pub from: Param<NaiveDate>,
}

/// A dimittend's rate: a share of the highest amount, forsørger or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DimittendRates {
    pub forsoerger: Param<Rate>,
    pub other: Param<Rate>,
}

/// The lower dimittend rate for a non-forsørger after the first hours, for placements from a
/// day: a share from 30 years of age, and a lower one under 30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DimittendReduction {
    pub from: Param<NaiveDate>,
    pub hours: Pair,
    pub from_30: Param<Rate>,
    pub under_30: Param<Rate>,
    /// Months from the month of birth to the first month of the rate from 30 (30 years and
    /// the month of the birthday).
    pub age_months: Param<u32>,
}

/// The beskæftigelsestillæg: from which placements, for how many hours, and the raised
/// maximum monthly rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supplement {
    pub from: Param<NaiveDate>,
    pub hours: Pair,
    pub max: Pair,
}

/// The limit on supplerende dagpenge (work on reduced hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supplementary {
    pub weeks: Param<Decimal>,
    pub window: Param<u32>,
    pub extension_weeks: Param<Decimal>,
    pub extension_hours: Param<Decimal>,
    pub extension_times: Param<u32>,
    pub extension_window: Param<u32>,
    pub reearn_months: Param<u32>,
    pub reearn_hours: Param<Decimal>,
    pub reearn_window: Param<u32>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_monthly: Pair,
    /// The høj omregningssats; `None` where it was not found for the version's year.
    pub high_conversion_rate: Option<Param<Decimal>>,
    /// The lav omregningssats: income without fixed hours as løntimer earned; `None` where not
    /// found for the year.
    pub low_conversion_rate: Option<Param<Decimal>>,
    pub month_hours: Pair,
    pub day_hours: Pair,
    pub period_hours: Pair,
    pub reference_months: Param<u32>,
    pub dimittend: Option<Dimittend>,
    pub dimittend_rates: DimittendRates,
    pub dimittend_reduction: Option<DimittendReduction>,
    pub account_ratio: Param<Decimal>,
    pub account_cap: Pair,
    pub reearn_hours: Pair,
    pub reearn_window: Param<u32>,
    pub min_paid: Pair,
    pub waiting_every_months: Param<u32>,
    pub waiting_exempt: Pair,
    pub extension_month_hours: Param<Decimal>,
    /// Periods whose months did not consume the period (first and last day).
    pub suspensions: Vec<(Param<NaiveDate>, Param<NaiveDate>)>,
    /// Periods whose months did not count toward the waiting day's 4 months.
    pub karens_suspensions: Vec<(Param<NaiveDate>, Param<NaiveDate>)>,
    pub part_time_factor: Param<Decimal>,
    pub shortening_trigger: Pair,
    pub shortening_hours: Pair,
    /// The income requirement and its monthly cap; `None` where not found for the year.
    pub income_requirement: Option<Pair>,
    pub income_cap: Option<Pair>,
    pub hours_system_from: Param<NaiveDate>,
    pub transition_week_hours: Pair,
    pub supplementary: Supplementary,
    pub supplement: Option<Supplement>,
    pub weeks_period: Param<Decimal>,
    pub weeks_reference_months: Param<u32>,
    pub weeks_rule_from: Param<NaiveDate>,
    pub old_weeks_period: Param<Decimal>,
    pub old_reference_months: Param<u32>,
    /// The most weeks an earlier placement may use from `weeks_rule_from` (LOV 703/2010 § 2
    /// stk. 2: "dog højst i sammenlagt 2 år efter lovens ikrafttræden").
    pub old_rules_cap_weeks: Param<Decimal>,
    pub round_hourly_rate: Param<Rounding>,
    pub round_dimittend_rate: Param<Rounding>,
    pub round_income_hours: Param<Rounding>,
    pub round_payment: Param<Rounding>,
    /// The version's name, for refusals.
    pub version: String,
}

/// Everything the month's computation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The ledger, month by month: the week system's months, the hour system's known months,
    /// then the projection.
    pub lines: Vec<Line>,
    /// `running` or `used_up`.
    pub status: &'static str,
    pub period: Decimal,
    pub consumed: Decimal,
    pub remaining: Decimal,
    pub reference_end: NaiveDate,
    pub extension_months: u32,
    pub hours_paid: Decimal,
    pub hourly_rate: Decimal,
    /// Hours of the month paid at the beskæftigelsestillæg's rate, and that rate per hour.
    pub supplement_hours: Decimal,
    pub supplement_hourly_rate: Option<Decimal>,
    /// A dimittend's monthly rate, and after the first hours the reduced one: the hours of
    /// the month paid at it and its rate per hour.
    pub dimittend_rate: Option<Decimal>,
    pub dimittend_reduced_rate: Option<Decimal>,
    pub dimittend_reduced_hours: Decimal,
    pub dimittend_reduced_hourly_rate: Option<Decimal>,
    pub payment: Decimal,
    pub account: Decimal,
    /// Which requirement a new period follows: `hours` while hours stand on the account,
    /// else `income`.
    pub reearn_rule: &'static str,
    /// `None` where the income requirement of the year was not found.
    pub reearned: Option<Decimal>,
    pub reearn_needed: Option<Decimal>,
    pub shortened: bool,
    pub runs_out: Option<Month>,
}

/// Whole months from `a` to `b` (0 when `b` is not after `a`).
pub(crate) fn months_between(a: Month, b: Month) -> u32 {
    u32::try_from(b.index() - a.index()).unwrap_or(0)
}

/// The last day of month `m`.
pub(crate) fn last_day(m: Month) -> NaiveDate {
    m.next().first_day().pred_opt().unwrap_or(m.first_day())
}

impl Scheme for Dagpenge {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "dagpenge",
        family: "dagpenge",
        selected_by: None,
        inputs: &[
            InputSpec::required("insurance", InputKind::Choice(&["full_time", "part_time"])),
            InputSpec::required("placement", InputKind::Month),
            InputSpec::default("dimittend", InputKind::Flag, "false"),
            InputSpec::default("forsoerger", InputKind::Flag, "false"),
            InputSpec::optional("birth_month", InputKind::Month),
            InputSpec::required(
                "monthly_rate",
                InputKind::AmountOrWord {
                    max: bounds::KR_PER_MONTH,
                    word: "maximum",
                },
            ),
            InputSpec::optional(
                "supplement_rate",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
            ),
            InputSpec::required("history", InputKind::Text),
            InputSpec::optional("part_time_from", InputKind::Month),
            InputSpec::optional(
                "hours_96_months",
                InputKind::Hours {
                    max: MAX_HOURS_96_MONTHS,
                },
            ),
            InputSpec::optional(
                "weeks_left_2017_07",
                InputKind::Weeks {
                    max: MAX_WEEKS_LEFT,
                },
            ),
            InputSpec::optional("old_reference_end", InputKind::Month),
        ],
        results: &[
            OutputSpec::outcome("status"),
            OutputSpec::outcome("period_hours"),
            OutputSpec::intermediate("consumed"),
            OutputSpec::outcome("remaining"),
            OutputSpec::outcome("reference_end"),
            OutputSpec::intermediate("reference_extension_months"),
            OutputSpec::intermediate("hours_paid"),
            OutputSpec::outcome("payment"),
            OutputSpec::intermediate("hourly_rate"),
            OutputSpec::intermediate("supplement_hours"),
            OutputSpec::intermediate("supplement_hourly_rate"),
            OutputSpec::intermediate("dimittend_rate"),
            OutputSpec::intermediate("dimittend_reduced_rate"),
            OutputSpec::intermediate("dimittend_reduced_hours"),
            OutputSpec::intermediate("dimittend_reduced_hourly_rate"),
            OutputSpec::outcome("account"),
            OutputSpec::intermediate("reearn_rule"),
            OutputSpec::intermediate("reearned"),
            OutputSpec::intermediate("reearn_needed"),
            OutputSpec::outcome("shortened"),
            OutputSpec::outcome("runs_out"),
            OutputSpec::intermediate("at_expiry"),
            OutputSpec::intermediate("months"),
        ],
        headline: "payment",
        compile: crate::model::scheme::compile::<Dagpenge>,
        parameters: &[
            param(
                "max_monthly_full_time",
                Unit::KrPerMonth,
                "the highest monthly rate, full-time",
            ),
            param(
                "max_monthly_part_time",
                Unit::KrPerMonth,
                "the highest monthly rate, part-time",
            ),
            optional_param(
                "low_conversion_rate",
                Unit::KrPerHour,
                "kroner per hour when income without fixed hours earns løntimer (lav omregningssats); absent where not found",
            )
            .divisor(),
            optional_param(
                "high_conversion_rate",
                Unit::KrPerHour,
                "kroner per hour for income without fixed hours (høj omregningssats); absent where not found",
            )
            .divisor(),
            param(
                "month_hours_full_time",
                Unit::Hours,
                "hours a month is paid as, full-time",
            )
            .divisor(),
            param("month_hours_part_time", Unit::Hours, "the same, part-time").divisor(),
            param(
                "day_hours_full_time",
                Unit::Hours,
                "hours a technical day deducts, full-time",
            ),
            param("day_hours_part_time", Unit::Hours, "the same, part-time"),
            param(
                "period_hours_full_time",
                Unit::Hours,
                "the period, full-time",
            ),
            param(
                "period_hours_part_time",
                Unit::Hours,
                "the period, part-time",
            ),
            param("reference_months", Unit::Months, "the reference period"),
            optional_param(
                "dimittend_hours_full_time",
                Unit::Hours,
                "a dimittend's period, full-time",
            ),
            optional_param(
                "dimittend_hours_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            optional_param(
                "dimittend_reference_months",
                Unit::Months,
                "a dimittend's reference period",
            ),
            optional_param(
                "dimittend_rule_from",
                Unit::Date,
                "placements from this day get the dimittend period",
            ),
            param(
                "dimittend_rate_forsoerger",
                Unit::Percent,
                "a dimittend's rate, forsørger, as a share of the highest amount",
            ),
            param(
                "dimittend_rate_other",
                Unit::Percent,
                "a dimittend's rate, not a forsørger",
            ),
            optional_param(
                "dimittend_reduced_from",
                Unit::Date,
                "placements from this day have the reduced dimittend rate after the first hours",
            ),
            optional_param(
                "dimittend_reduced_hours_full_time",
                Unit::Hours,
                "the hours paid before the reduced rate, full-time",
            ),
            optional_param(
                "dimittend_reduced_hours_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            optional_param(
                "dimittend_reduced_rate_30",
                Unit::Percent,
                "the reduced rate from 30 years of age",
            ),
            optional_param(
                "dimittend_reduced_rate_under_30",
                Unit::Percent,
                "the reduced rate under 30",
            ),
            optional_param(
                "dimittend_reduced_age_months",
                Unit::Months,
                "months from the month of birth to the first month at the rate from 30",
            ),
            param(
                "account_ratio",
                Unit::Count,
                "employment-account hours per hour worked",
            ),
            param(
                "account_cap_full_time",
                Unit::Hours,
                "the account's cap, full-time",
            ),
            param("account_cap_part_time", Unit::Hours, "the same, part-time"),
            param(
                "reearn_hours_full_time",
                Unit::Hours,
                "hours of work for a new period, full-time",
            ),
            param("reearn_hours_part_time", Unit::Hours, "the same, part-time"),
            param(
                "reearn_window_months",
                Unit::Months,
                "the months they must fall within",
            ),
            param(
                "min_paid_full_time",
                Unit::Hours,
                "the fewest hours paid in a month, full-time",
            ),
            param("min_paid_part_time", Unit::Hours, "the same, part-time"),
            param(
                "waiting_every_months",
                Unit::Months,
                "a waiting day every this many months",
            )
            .divisor(),
            param(
                "waiting_exempt_full_time",
                Unit::Hours,
                "more work than this in those months avoids it, full-time",
            ),
            param(
                "waiting_exempt_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            param(
                "extension_month_hours",
                Unit::Hours,
                "hours per month of reference-period extension (rounded up)",
            )
            .divisor(),
            param(
                "part_time_factor",
                Unit::Fraction,
                "the rest of the period when a full-time member becomes part-time",
            ),
            param(
                "shortening_trigger_full_time",
                Unit::Hours,
                "dagpenge hours within 96 months that shorten a new period, full-time",
            ),
            param(
                "shortening_trigger_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            param(
                "shortening_hours_full_time",
                Unit::Hours,
                "the shortening, full-time",
            ),
            param(
                "shortening_hours_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            optional_param(
                "income_requirement_full_time",
                Unit::Kr,
                "income within 3 years for a new period, full-time",
            ),
            optional_param(
                "income_requirement_part_time",
                Unit::Kr,
                "the same, part-time",
            ),
            optional_param(
                "income_cap_full_time",
                Unit::KrPerMonth,
                "the most one month counts, full-time",
            ),
            optional_param(
                "income_cap_part_time",
                Unit::KrPerMonth,
                "the same, part-time",
            ),
            param(
                "hours_system_from",
                Unit::Date,
                "the day consumption began to be counted in hours",
            ),
            param(
                "transition_week_hours_full_time",
                Unit::Hours,
                "hours per remaining week carried into the hour system, full-time",
            ),
            param(
                "transition_week_hours_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            param(
                "weeks_period",
                Unit::Weeks,
                "the week system's period (from `weeks_rule_from`)",
            ),
            param(
                "weeks_reference_months",
                Unit::Months,
                "its reference period",
            ),
            param(
                "weeks_rule_from",
                Unit::Date,
                "placements from this day had the 2-year week period",
            ),
            param(
                "old_weeks_period",
                Unit::Weeks,
                "the period for earlier placements",
            ),
            param(
                "old_reference_months",
                Unit::Months,
                "their reference period",
            ),
            param(
                "old_rules_cap_weeks",
                Unit::Weeks,
                "the most weeks an earlier placement may use from `weeks_rule_from`",
            ),
            optional_param(
                "supplement_from",
                Unit::Date,
                "placements from this day can have the beskæftigelsestillæg",
            ),
            optional_param(
                "supplement_hours_full_time",
                Unit::Hours,
                "the first hours paid at the raised rate, full-time",
            ),
            optional_param(
                "supplement_hours_part_time",
                Unit::Hours,
                "the same, part-time",
            ),
            optional_param(
                "supplement_max_full_time",
                Unit::KrPerMonth,
                "the raised maximum monthly rate, full-time",
            ),
            optional_param(
                "supplement_max_part_time",
                Unit::KrPerMonth,
                "the same, part-time",
            ),
            param(
                "supplementary_weeks",
                Unit::Weeks,
                "weeks of supplerende dagpenge within the window",
            ),
            param(
                "supplementary_window_months",
                Unit::Months,
                "the window they are counted in (104 weeks, as months)",
            ),
            param(
                "supplementary_extension_weeks",
                Unit::Weeks,
                "extra weeks for each month with more than `supplementary_extension_hours` of work",
            ),
            param(
                "supplementary_extension_hours",
                Unit::Hours,
                "work in a month that earns the extra weeks, full-time",
            ),
            param(
                "supplementary_extension_times",
                Unit::Count,
                "how many times the extra weeks can be earned",
            ),
            param(
                "supplementary_extension_window_months",
                Unit::Months,
                "the months those months must fall within",
            ),
            param(
                "supplementary_reearn_months",
                Unit::Months,
                "months of full work that earn a new set of supplerende weeks",
            ),
            param(
                "supplementary_reearn_hours",
                Unit::Hours,
                "work in a month that counts toward it, full-time",
            ),
            param(
                "supplementary_reearn_window_months",
                Unit::Months,
                "the months those months must fall within",
            ),
            optional_param(
                "suspension_1_from",
                Unit::Date,
                "first day of a suspension of consumption",
            ),
            optional_param("suspension_1_to", Unit::Date, "its last day"),
            optional_param(
                "suspension_2_from",
                Unit::Date,
                "first day of a second suspension",
            ),
            optional_param("suspension_2_to", Unit::Date, "its last day"),
            optional_param(
                "karens_suspension_1_from",
                Unit::Date,
                "first day of a suspension of the waiting day's 4-month count",
            ),
            optional_param("karens_suspension_1_to", Unit::Date, "its last day"),
            optional_param(
                "karens_suspension_2_from",
                Unit::Date,
                "first day of a second suspension of that count",
            ),
            optional_param("karens_suspension_2_to", Unit::Date, "its last day"),
        ],
        roundings: &[
            item(
                "hourly_rate",
                "the rate per hour: monthly rate ÷ month hours",
            ),
            item(
                "income_hours",
                "income without fixed hours converted to hours",
            ),
            item("payment", "the month's payment"),
            item(
                "dimittend_rate",
                "a dimittend's monthly rate: the highest amount × the share",
            ),
        ],
        rules: &[
            item(
                "month",
                "the month's hours paid: deductions, waiting day, minimum",
            ),
            item("consumption", "what consumes the period, and suspensions"),
            item("account", "the employment account"),
            item("reearning", "re-earning a new period"),
            item("reference", "the reference period and its extension"),
            item("payment", "the month's payment at the member's rate"),
        ],
    };

    /// The history in its notation, and the checks between fields.
    fn read(f: &mut Fields) -> Option<Input> {
        let part_time = f.choice("insurance").map(|c| c == "part_time");
        if part_time == Some(true) && f.given("part_time_from") {
            f.refuse("part_time_from", "input_error.already_part_time");
        }
        if f.given("weeks_left_2017_07") != f.given("old_reference_end") {
            let missing = if f.given("weeks_left_2017_07") {
                "old_reference_end"
            } else {
                "weeks_left_2017_07"
            };
            f.refuse(missing, "input_error.transition_pair");
        }
        let history = match f.text("history").map(history::parse) {
            Some(Ok(h)) => Some(h),
            Some(Err(said)) => {
                f.fail("history", said);
                None
            }
            None => None,
        };
        Some(Input {
            part_time: part_time?,
            placement: f.month("placement")?,
            dimittend: f.flag("dimittend").unwrap_or(false),
            forsoerger: f.flag("forsoerger").unwrap_or(false),
            birth_month: f.month("birth_month"),
            monthly_rate: f.amount_or_word("monthly_rate")?.ok(),
            supplement_rate: f.amount_of("supplement_rate"),
            history: history?,
            part_time_from: f.month("part_time_from"),
            hours_96_months: f.hours("hours_96_months"),
            weeks_left_2017_07: f.hours("weeks_left_2017_07"),
            old_reference_end: f.month("old_reference_end"),
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        let dimittend = match (
            r.optional("dimittend_hours_full_time", ParamReader::decimal),
            r.optional("dimittend_hours_part_time", ParamReader::decimal),
            r.optional("dimittend_reference_months", ParamReader::whole),
            r.optional("dimittend_rule_from", ParamReader::date),
        ) {
            (Some(full), Some(part), Some(reference_months), Some(from)) => Some(Dimittend {
                hours: Pair { full, part },
                reference_months,
                from,
            }),
            (None, None, None, None) => None,
            _ => return Err("all four dimittend parameters, or none".into()),
        };
        let mut suspensions = Vec::new();
        for (a, b) in [
            ("suspension_1_from", "suspension_1_to"),
            ("suspension_2_from", "suspension_2_to"),
        ] {
            match (
                r.optional(a, ParamReader::date),
                r.optional(b, ParamReader::date),
            ) {
                (Some(from), Some(to)) => suspensions.push((from, to)),
                (None, None) => {}
                _ => return Err(format!("both `{a}` and `{b}`, or neither").into()),
            }
        }
        let mut karens_suspensions = Vec::new();
        for (a, b) in [
            ("karens_suspension_1_from", "karens_suspension_1_to"),
            ("karens_suspension_2_from", "karens_suspension_2_to"),
        ] {
            match (
                r.optional(a, ParamReader::date),
                r.optional(b, ParamReader::date),
            ) {
                (Some(from), Some(to)) => karens_suspensions.push((from, to)),
                (None, None) => {}
                _ => return Err(format!("both `{a}` and `{b}`, or neither").into()),
            }
        }
        let dimittend_reduction = match r.optional("dimittend_reduced_from", ParamReader::date) {
            None => None,
            Some(from) => Some(DimittendReduction {
                from,
                hours: Pair::read(r, "dimittend_reduced_hours")?,
                from_30: r.rate("dimittend_reduced_rate_30")?,
                under_30: r.rate("dimittend_reduced_rate_under_30")?,
                age_months: r.whole("dimittend_reduced_age_months")?,
            }),
        };
        let supplement = match r.optional("supplement_from", ParamReader::date) {
            None => None,
            Some(from) => Some(Supplement {
                from,
                hours: Pair::read(r, "supplement_hours")?,
                max: Pair::read(r, "supplement_max")?,
            }),
        };
        Ok(Params {
            max_monthly: Pair::read(r, "max_monthly")?,
            high_conversion_rate: r.optional("high_conversion_rate", ParamReader::decimal),
            low_conversion_rate: r.optional("low_conversion_rate", ParamReader::decimal),
            month_hours: Pair::read(r, "month_hours")?,
            day_hours: Pair::read(r, "day_hours")?,
            period_hours: Pair::read(r, "period_hours")?,
            reference_months: r.whole("reference_months")?,
            dimittend,
            dimittend_rates: DimittendRates {
                forsoerger: r.rate("dimittend_rate_forsoerger")?,
                other: r.rate("dimittend_rate_other")?,
            },
            dimittend_reduction,
            account_ratio: r.decimal("account_ratio")?,
            account_cap: Pair::read(r, "account_cap")?,
            reearn_hours: Pair::read(r, "reearn_hours")?,
            reearn_window: r.whole("reearn_window_months")?,
            min_paid: Pair::read(r, "min_paid")?,
            waiting_every_months: r.whole("waiting_every_months")?,
            waiting_exempt: Pair::read(r, "waiting_exempt")?,
            extension_month_hours: r.decimal("extension_month_hours")?,
            suspensions,
            karens_suspensions,
            part_time_factor: r.decimal("part_time_factor")?,
            shortening_trigger: Pair::read(r, "shortening_trigger")?,
            shortening_hours: Pair::read(r, "shortening_hours")?,
            income_requirement: Pair::optional(r, "income_requirement")?,
            income_cap: Pair::optional(r, "income_cap")?,
            hours_system_from: r.date("hours_system_from")?,
            transition_week_hours: Pair::read(r, "transition_week_hours")?,
            supplementary: Supplementary {
                weeks: r.decimal("supplementary_weeks")?,
                window: r.whole("supplementary_window_months")?,
                extension_weeks: r.decimal("supplementary_extension_weeks")?,
                extension_hours: r.decimal("supplementary_extension_hours")?,
                extension_times: r.whole("supplementary_extension_times")?,
                extension_window: r.whole("supplementary_extension_window_months")?,
                reearn_months: r.whole("supplementary_reearn_months")?,
                reearn_hours: r.decimal("supplementary_reearn_hours")?,
                reearn_window: r.whole("supplementary_reearn_window_months")?,
            },
            supplement,
            weeks_period: r.decimal("weeks_period")?,
            weeks_reference_months: r.whole("weeks_reference_months")?,
            weeks_rule_from: r.date("weeks_rule_from")?,
            old_weeks_period: r.decimal("old_weeks_period")?,
            old_reference_months: r.whole("old_reference_months")?,
            old_rules_cap_weeks: r.decimal("old_rules_cap_weeks")?,
            round_hourly_rate: r.rounding("hourly_rate")?,
            round_dimittend_rate: r.rounding("dimittend_rate")?,
            round_income_hours: r.rounding("income_hours")?,
            round_payment: r.rounding("payment")?,
            version: r.version().to_string(),
        })
    }

    /// The ledger to the assessment month and beyond, then the month's figures and payment.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let month = c.month;
        if i.placement > month {
            return Err(Refusal::new(SCOPE, "refusal.placement_after")
                .with("placement", Value::Month(i.placement))
                .with("month", Value::Month(month))
                .field("placement"));
        }
        if let Some(w) = i.weeks_left_2017_07 {
            c.fill("weeks_left_2017_07", || Value::weeks(w));
        }
        let l = ledger::run(i, p, c)?;

        // The assessment month: the last month of the hour system that is not projected.
        let this = l
            .lines
            .iter()
            .rev()
            .find(|x| !x.projected && x.weeks.is_none());
        let consumed = this.map_or(Decimal::ZERO, |x| x.consumed_total);
        let reference_last = this.map_or(l.start, |x| x.reference_last);
        let hours_paid = this.map_or(Decimal::ZERO, |x| x.paid);
        let pt_now = i.part_time || i.part_time_from.is_some_and(|f| month >= f);

        // The period: consumed, and what is left.
        let (start, period) = (l.start, l.period);
        c.step("consumption", "consumed", |s| {
            s.value(Value::hours(consumed))
                .said("text.consumed")
                .arg("start", Value::Month(start))
                .arg("month", Value::Month(month));
        });
        let remaining = c.hours("period_hours", period) - c.hours("consumed", consumed);
        let remaining =
            value(&c.quantity("consumption", "remaining", remaining, Measure::Hours)?);
        if let Some(r) = l.runs_out {
            let key = if r > month { "runs_out" } else { "ran_out" };
            c.step("consumption", key, |s| {
                s.value(Value::Month(r))
                    .said(if r > month {
                        "text.runs_out"
                    } else {
                        "text.ran_out"
                    })
                    .arg("runs_out", Value::Month(r));
            });
        }

        // The reference period, extended.
        let (base, reference_months) = match l.fixed_reference {
            Some(end) => (end, None),
            None => (
                l.start.plus_months(l.reference_months.saturating_sub(1)),
                Some(l.reference_months),
            ),
        };
        let extension_months = months_between(base, reference_last);
        if extension_months > 0 {
            let (extend, per_month, suspended) =
                (l.extend_hours, l.extension_month_hours, l.suspended_months);
            c.step("reference", "extension", |s| {
                s.value(Value::months(extension_months))
                    .said("text.extension")
                    .arg("extend", Value::hours(extend))
                    .arg("per_month", Value::hours(per_month))
                    .arg(
                        "by_hours",
                        Value::months(extension_months.saturating_sub(suspended)),
                    )
                    .arg("suspended", Value::months(suspended));
            });
        }
        let reference_end = last_day(reference_last);
        let placement = i.placement;
        c.step("reference", "reference_end", |s| {
            s.value(Value::Date(reference_end))
                .arg("extension", Value::months(extension_months))
                .arg("last", Value::Month(reference_last));
            match reference_months {
                Some(months) => s
                    .said("text.reference_end")
                    .arg("start", Value::Month(start))
                    .arg("placement", Value::Month(placement))
                    .arg("months", Value::months(months)),
                None => s
                    .said("text.reference_end_fixed")
                    .arg("old_end", Value::Month(base)),
            };
        });

        // The employment account: 2 hours per løntime (ordinary work, and income without fixed
        // hours at the lav omregningssats) since the placement, at
        // most the cap (the ledger keeps it month by month; the cap only ever falls, so the
        // month's balance is this).
        let work: Decimal = l
            .works
            .iter()
            .filter(|(m, _, _)| *m <= month)
            .map(|(_, w, _)| *w)
            .sum();
        let ratio = c.get(&p.account_ratio);
        let account = (c.hours("work", work).labelled() * c.num("account_ratio", ratio))
            .min(c.param(p.account_cap.of(pt_now)));
        let account = value(&c.quantity("account", "account", account, Measure::Hours)?);

        // Re-earning within the window, never before the placement: by løntimer for a member
        // placed in a period, and by income (up to the monthly cap) only once the period has run
        // out with no hours on the employment account (BEK nr. 610/2024 § 12, stk. 1 and 4).
        let window = c.get(&p.reearn_window);
        let in_window = |x: Month| x <= month && x >= l.start && months_between(x, month) < window;
        let run_out = l.runs_out.is_some_and(|r| r <= month);
        let by_hours = account > Decimal::ZERO || !run_out;
        let (reearned, reearn_needed) = if by_hours {
            let reearned: Decimal = l
                .works
                .iter()
                .filter(|(x, _, _)| in_window(*x))
                .map(|(_, w, _)| *w)
                .sum();
            let needed = c.get(p.reearn_hours.of(pt_now));
            c.step("reearning", "reearned_hours", |s| {
                s.value(Value::hours(reearned))
                    .said("text.reearned_hours")
                    .arg("reearned", Value::hours(reearned))
                    .arg("needed", Value::hours(needed))
                    .arg("window", Value::months(window));
            });
            (Some(reearned), Some(needed))
        } else if let (Some(cap), Some(requirement)) = (&p.income_cap, &p.income_requirement) {
            let cap = c.get(cap.of(pt_now));
            let reearned: Decimal = l
                .works
                .iter()
                .filter(|(x, _, _)| in_window(*x))
                .map(|(_, _, w)| (*w).min(cap))
                .sum();
            let needed = c.get(requirement.of(pt_now));
            c.step("reearning", "reearned_income", |s| {
                s.value(Value::Amount(reearned))
                    .said("text.reearned_income")
                    .arg("reearned", Value::Amount(reearned))
                    .arg("needed", Value::Amount(needed))
                    .arg("window", Value::months(window))
                    .arg("cap", Value::Amount(cap));
            });
            (Some(reearned), Some(needed))
        } else {
            // The income requirement and its cap of the year were not found: this part alone is
            // not computed, and the result says why (never last year's figures carried forward).
            let version = p.version.clone();
            c.step("reearning", "reearned_income", |s| {
                s.value(Value::None)
                    .said("text.income_requirement_not_found")
                    .arg("version", Value::Text(version.clone()));
            });
            let version = p.version.clone();
            c.note(|| {
                Said::new(SCOPE, "note.income_requirement_not_found")
                    .with("version", Value::Text(version))
            });
            (None, None)
        };

        // The payment: the hours paid at the member's rate per hour (§ 47), the first hours of
        // a right from 1 May 2023 at the beskæftigelsestillæg's raised rate.
        let max = c.get(p.max_monthly.of(pt_now));
        // The hours paid since the placement before this month.
        let paid_before: Decimal = l
            .lines
            .iter()
            .filter(|x| !x.projected && x.weeks.is_none() && x.month < month)
            .map(|x| x.paid)
            .sum();
        // A dimittend's rate (§ 47 stk. 3: derived from the monthly amount, to whole kroner):
        // 82 % of the highest amount for a forsørger, else 71,5 %; for a non-forsørger placed
        // from 1 May 2023, after the first 481 (390) hours 62,11 %, under 30 years 49,17 %.
        let mut dimittend_rate = None;
        let mut reduced: Option<(XOf<R>, Decimal)> = None;
        let rate = if i.dimittend {
            if i.supplement_rate.is_some() {
                return Err(
                    Refusal::new(SCOPE, "refusal.supplement_dimittend").field("supplement_rate")
                );
            }
            let share = if i.forsoerger {
                &p.dimittend_rates.forsoerger
            } else {
                &p.dimittend_rates.other
            };
            let base = (c.param(p.max_monthly.of(pt_now)).labelled() * c.rate(share))
                .rounded(&p.round_dimittend_rate);
            let base = c.amount("payment", "dimittend_rate", base)?;
            let base_value = value(&base);
            dimittend_rate = Some(base_value);
            let rate = match i.monthly_rate {
                None => base,
                Some(r) if r > base_value => {
                    return Err(Refusal::new(SCOPE, "refusal.rate_above_dimittend")
                        .with("rate", Value::Amount(r))
                        .with("dimittend_rate", Value::Amount(base_value))
                        .field("monthly_rate"));
                }
                Some(r) => c.kr("monthly_rate", r).labelled(),
            };
            if let Some(red) = p.dimittend_reduction.as_ref().filter(|_| !i.forsoerger) {
                let from = c.get(&red.from);
                let threshold = c.get(red.hours.of(pt_now));
                if i.placement.first_day() >= from && paid_before + hours_paid > threshold {
                    let Some(born) = i.birth_month else {
                        return Err(Refusal::new(SCOPE, "refusal.birth_month_needed")
                            .with("hours", Value::hours(threshold))
                            .field("birth_month"));
                    };
                    let first_30 = born.plus_months(c.get(&red.age_months));
                    let share = if month >= first_30 {
                        &red.from_30
                    } else {
                        &red.under_30
                    };
                    let lower = (c.param(p.max_monthly.of(pt_now)).labelled() * c.rate(share))
                        .rounded(&p.round_dimittend_rate);
                    let lower = c.amount("payment", "dimittend_reduced_rate", lower)?;
                    c.with(|s| {
                        s.arg("first_30", Value::Month(first_30));
                    });
                    // A member's own lower rate stays the lower.
                    let lower = if value(&lower) > value(&rate) {
                        rate.clone()
                    } else {
                        lower
                    };
                    reduced = Some((lower, (threshold - paid_before).max(Decimal::ZERO)));
                }
            }
            rate
        } else {
            match i.monthly_rate {
                None => c.param(p.max_monthly.of(pt_now)).labelled(),
                Some(r) if r > max => {
                    return Err(Refusal::new(SCOPE, "refusal.rate_above_max")
                        .with("rate", Value::Amount(r))
                        .with("max", Value::Amount(max))
                        .with("version", Value::Text(p.version.clone()))
                        .field("monthly_rate"));
                }
                Some(r) => c.kr("monthly_rate", r).labelled(),
            }
        };
        let month_hours = c.param(p.month_hours.of(pt_now));
        let hourly = (rate / month_hours.clone()).rounded(&p.round_hourly_rate);
        let hourly = c.amount("payment", "hourly_rate", hourly)?;
        let paid = c.hours("hours_paid", hours_paid);
        let mut dimittend_reduced_rate = None;
        let mut dimittend_reduced_hours = Decimal::ZERO;
        let mut dimittend_reduced_hourly_rate = None;
        let (supplement_hours, supplement_hourly_rate, payment) = match i.supplement_rate {
            None => match reduced {
                None => (
                    Decimal::ZERO,
                    None,
                    (paid * hourly.clone()).rounded(&p.round_payment),
                ),
                Some((lower, left)) => {
                    dimittend_reduced_rate = Some(value(&lower));
                    let at_base = paid.clone().min(c.hours("hours_at_base", left));
                    let hours = c.quantity(
                        "payment",
                        "dimittend_reduced_hours",
                        paid.clone() - at_base,
                        Measure::Hours,
                    )?;
                    let per_hour = (lower / month_hours.clone()).rounded(&p.round_hourly_rate);
                    let per_hour =
                        c.amount("payment", "dimittend_reduced_hourly_rate", per_hour)?;
                    dimittend_reduced_hours = value(&hours);
                    dimittend_reduced_hourly_rate = Some(value(&per_hour));
                    let payment = ((paid - hours.clone()) * hourly.clone() + hours * per_hour)
                        .rounded(&p.round_payment);
                    (Decimal::ZERO, None, payment)
                }
            },
            Some(raised) => {
                let from = p.supplement.as_ref().map(|s| c.get(&s.from));
                let Some(s) = p
                    .supplement
                    .as_ref()
                    .filter(|_| from.is_some_and(|f| i.placement.first_day() >= f))
                else {
                    return Err(match from {
                        Some(from) => Refusal::new(SCOPE, "refusal.supplement_too_early")
                            .with("from", Value::Date(from))
                            .with("placement", Value::Month(i.placement)),
                        None => Refusal::new(SCOPE, "refusal.supplement_not_sourced")
                            .with("version", Value::Text(p.version.clone())),
                    }
                    .field("supplement_rate"));
                };
                let left = (c.param(s.hours.of(pt_now)) - c.hours("paid_before", paid_before))
                    .at_least_zero();
                let hours = c.quantity(
                    "payment",
                    "supplement_hours",
                    paid.clone().min(left),
                    Measure::Hours,
                )?;
                let raised = c
                    .kr("supplement_rate", raised)
                    .min(c.param(s.max.of(pt_now)));
                let rate = (raised / month_hours).rounded(&p.round_hourly_rate);
                let rate = c.amount("payment", "supplement_hourly_rate", rate)?;
                let payment = ((paid - hours.clone()) * hourly.clone()
                    + hours.clone() * rate.clone())
                .rounded(&p.round_payment);
                (value(&hours), Some(value(&rate)), payment)
            }
        };
        let payment = c.amount("payment", "payment", payment)?;
        c.with(|s| {
            s.arg("month", Value::Month(month));
        });

        Ok(Output {
            status: if run_out { "used_up" } else { "running" },
            period,
            consumed,
            remaining,
            reference_end,
            extension_months,
            hours_paid,
            hourly_rate: value(&hourly),
            supplement_hours,
            supplement_hourly_rate,
            dimittend_rate,
            dimittend_reduced_rate,
            dimittend_reduced_hours,
            dimittend_reduced_hourly_rate,
            payment: value(&payment),
            account,
            reearn_rule: if by_hours { "hours" } else { "income" },
            reearned,
            reearn_needed,
            shortened: l.shortened,
            runs_out: l.runs_out,
            lines: l.lines,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        let reearn = |d: Option<Decimal>| match d {
            None => Value::None,
            Some(d) if o.reearn_rule == "hours" => Value::hours(d),
            Some(d) => Value::Amount(d),
        };
        vec![
            ("status", Value::word(SCOPE, o.status)),
            ("period_hours", Value::hours(o.period)),
            ("consumed", Value::hours(o.consumed)),
            ("remaining", Value::hours(o.remaining)),
            ("reference_end", Value::Date(o.reference_end)),
            (
                "reference_extension_months",
                Value::months(o.extension_months),
            ),
            ("hours_paid", Value::hours(o.hours_paid)),
            ("payment", Value::Amount(o.payment)),
            ("hourly_rate", Value::Amount(o.hourly_rate)),
            ("supplement_hours", Value::hours(o.supplement_hours)),
            (
                "supplement_hourly_rate",
                o.supplement_hourly_rate.map_or(Value::None, Value::Amount),
            ),
            (
                "dimittend_rate",
                o.dimittend_rate.map_or(Value::None, Value::Amount),
            ),
            (
                "dimittend_reduced_rate",
                o.dimittend_reduced_rate.map_or(Value::None, Value::Amount),
            ),
            (
                "dimittend_reduced_hours",
                Value::hours(o.dimittend_reduced_hours),
            ),
            (
                "dimittend_reduced_hourly_rate",
                o.dimittend_reduced_hourly_rate
                    .map_or(Value::None, Value::Amount),
            ),
            ("account", Value::hours(o.account)),
            ("reearn_rule", Value::word(SCOPE, o.reearn_rule)),
            ("reearned", reearn(o.reearned)),
            ("reearn_needed", reearn(o.reearn_needed)),
            ("shortened", Value::Bool(o.shortened)),
            ("runs_out", o.runs_out.map_or(Value::None, Value::Month)),
            (
                "at_expiry",
                Value::said(
                    Said::new(SCOPE, "text.at_expiry").with("account", Value::hours(o.account)),
                ),
            ),
            (
                "months",
                Value::Number(Decimal::from(
                    o.lines.iter().filter(|l| !l.projected).count(),
                )),
            ),
        ]
    }
}

/// The value of a recorded step (recording refuses a value that overflowed, so it is there).
fn value<T>(x: &X<T>) -> Decimal {
    x.value().unwrap_or_default()
}

/// Cases the fixtures cannot state: refusals, and parts of a result left out for a reason.
#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::{self, Format};
    use crate::render;
    use crate::source::diag::SourceText;
    use crate::text::Lang;
    use std::sync::OnceLock;

    fn engine() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
    }

    /// The case computed: its result as JSON and its English notes; a refusal as its message.
    fn run(month: &str, input: &str) -> Result<(String, Vec<String>), String> {
        let text = format!("scheme = \"dagpenge\"\nmonth = \"{month}\"\n\n[input]\n{input}\n");
        let src = SourceText::new("case.toml", text);
        let case = case::parse(&src, Format::Toml).map_err(|d| format!("{d:?}"))?;
        let outcome = engine().calculate(case).map_err(|d| d.message)?;
        Ok((render::to_json(&outcome), render::notes(&outcome, Lang::En)))
    }

    const EVERYDAY: &str = "insurance = \"full_time\"\nmonthly_rate = \"maximum\"\n";

    #[test]
    fn income_without_hours_in_2026_is_refused_naming_the_missing_omregningssats() {
        let e = run(
            "2026-03",
            &format!("{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000\""),
        )
        .expect_err("no 2026 høj omregningssats");
        assert!(
            e.contains("høj omregningssats") && e.contains("2026"),
            "{e}"
        );
        // With the deduction converted by the a-kasse, the løntimer the income earns still need the
        // 2026 lav omregningssats, which was not found either.
        let e = run(
            "2026-03",
            &format!(
                "{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000, income_hours 16\""
            ),
        )
        .expect_err("no 2026 lav omregningssats");
        assert!(
            e.contains("lav omregningssats") && e.contains("earned_hours"),
            "{e}"
        );
        // Both converted by the a-kasse, the month computes.
        assert!(
            run(
                "2026-03",
                &format!(
                    "{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: income 5000, income_hours 16, earned_hours 33\""
                ),
            )
            .is_ok()
        );
    }

    #[test]
    fn fees_earn_loentimer_at_the_low_rate_and_the_note_says_it_is_secondary() {
        let (json, notes) = run(
            "2025-03",
            &format!("{EVERYDAY}placement = \"2025-03\"\nhistory = \"2025-03: income 5086\""),
        )
        .expect("computes");
        assert!(json.contains("\"reearned\":\"35.78\""), "{json}");
        assert!(
            notes.iter().any(|n| n
                .starts_with("low_conversion_rate = 142.15 is a secondary figure")
                && n.contains("as quoted by SL and aka.dk")),
            "{notes:?}"
        );
        // In another year than the assessment's, the a-kasse's conversion is needed.
        let e = run(
            "2025-03",
            &format!(
                "{EVERYDAY}placement = \"2024-12\"\nhistory = \"2024-12: income 5086, income_hours 18.31; 2025-01/2025-03: work 0\""
            ),
        )
        .expect_err("earned hours of 2024");
        assert!(e.contains("earned_hours"), "{e}");
    }

    #[test]
    fn re_earning_by_income_in_2026_is_left_out_with_its_reason_not_carried_forward() {
        // Placed March 2024, never working: the period runs out in March 2026 with nothing on
        // the employment account, so re-earning is by the income requirement (BEK nr. 610/2024
        // § 12, stk. 4), whose 2026 figures were not found.
        let (json, notes) = run(
            "2026-04",
            &format!("{EVERYDAY}placement = \"2024-03\"\nhistory = \"2024-03/2026-04: work 0\""),
        )
        .expect("the month computes");
        assert!(json.contains("\"reearn_rule\":\"income\""), "{json}");
        assert!(json.contains("\"reearned\":null"), "{json}");
        assert!(json.contains("\"reearn_needed\":null"), "{json}");
        assert!(
            notes.iter().any(|n| n.contains("income requirement")),
            "{notes:?}"
        );
        // 2025 has them: 273.492 (derived, 12 × 22.791).
        let (json, _) = run(
            "2025-04",
            &format!("{EVERYDAY}placement = \"2023-03\"\nhistory = \"2023-03/2025-04: work 0\""),
        )
        .expect("computes");
        assert!(json.contains("\"reearn_needed\":\"273492"), "{json}");
    }

    #[test]
    fn a_member_in_a_running_period_re_earns_by_hours_even_with_an_empty_account() {
        // BEK nr. 610/2024 § 12, stk. 1: 1.924 løntimer for a member placed in a period; the
        // income requirement only once the period has run out (stk. 4).
        let (json, _) = run(
            "2026-03",
            &format!("{EVERYDAY}placement = \"2026-03\"\nhistory = \"2026-03: work 0\""),
        )
        .expect("computes");
        assert!(json.contains("\"reearn_rule\":\"hours\""), "{json}");
        assert!(json.contains("\"reearn_needed\":\"1924"), "{json}");
    }

    #[test]
    fn a_dimittend_past_481_hours_needs_the_month_of_birth_and_is_never_paid_the_maximum() {
        let dimittend = "insurance = \"full_time\"\nmonthly_rate = \"maximum\"\ndimittend = true\nplacement = \"2025-01\"\n";
        let e = run(
            "2025-05",
            &format!("{dimittend}history = \"2025-01/2025-05: work 0\""),
        )
        .expect_err("under or over 30?");
        assert!(e.contains("birth_month") && e.contains("481"), "{e}");
        // Before the 481 hours no age is needed, and the rate is 71,5 %, not the maximum.
        let (json, _) = run(
            "2025-02",
            &format!("{dimittend}history = \"2025-01/2025-02: work 0\""),
        )
        .expect("computes");
        assert!(json.contains("\"dimittend_rate\":\"15081.00\""), "{json}");
        // A rate above the dimittend rate is refused.
        let e = run(
            "2025-02",
            "insurance = \"full_time\"\nmonthly_rate = \"20000\"\ndimittend = true\nplacement = \"2025-01\"\nhistory = \"2025-01/2025-02: work 0\"",
        )
        .expect_err("above the dimittend rate");
        assert!(e.contains("15.081"), "{e}");
    }

    /// A case in January 2027 is never computed from 2026's figures: refused with the reason
    /// while no 2027 rates are encoded, or computed by a 2027 version once they are.
    #[test]
    fn january_2027_is_refused_with_the_reason_or_computed_by_a_2027_version() {
        match run(
            "2027-01",
            &format!("{EVERYDAY}placement = \"2026-11\"\nhistory = \"2026-11/2027-01: work 0\""),
        ) {
            Err(e) => assert!(
                e.contains("2027") && e.contains("not found") && e.contains("not carried forward"),
                "{e}"
            ),
            Ok((json, _)) => assert!(json.contains("\"version\":\"2027"), "{json}"),
        }
    }
}
