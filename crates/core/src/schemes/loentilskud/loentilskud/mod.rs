//! **Løntilskud** (wage subsidy, lov om en aktiv beskæftigelsesindsats kap. 12): an employer that
//! hires an unemployed person (or a førtidspensionist) on approved terms gets a fixed amount per
//! hour of paid work. One case is one subsidised job: its start (which chooses the version and
//! so the year's rates), the employer, the person's group and history, the employer's staff
//! figures, and optionally a month of paid hours. Every requirement is checked and reported on
//! its own, with what would make a failed one pass ([`requirements`]):
//!
//! - the prior-unemployment requirement (6 months; exempt over 50, single parents, no
//!   qualifying education; from 2015 also for public employers);
//! - the rimelighedskrav: 1 subsidised person per 5 ordinary employees up to 50, then 1 per 10
//!   beyond, always at least 1;
//! - net expansion (merbeskæftigelse): staff with the hire above the 12-month average, and no
//!   position vacated in the last 3 months;
//! - the duration for the group and employer (with the grant-date transition of 2015);
//!
//! and the amounts ([`amount`]):
//!
//! - rate × paid hours, less the hours the employer is refunded for sickness or parental leave,
//!   plus the 2021-22 senior supplement; the employer's cost after it; the yearly aid-intensity
//!   cap;
//! - for public employers, the fixed hourly wage and the weekly hours that put the wage after
//!   AM-bidrag at the level of the person's benefit, rounded up to whole hours.

mod amount;
pub mod requirements;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_item,
    optional_param, param,
};
use crate::values::history::add_months;
use crate::values::rounding::Rounding;
use crate::values::value::{Said, Value};

pub use self::amount::{AidIntensity, Cost, PublicHours};
pub use self::requirements::{Expansion, Group, PriorUnemployment, Ratio, RatioRule, Sector};

/// The scheme's name: its rule set and the scope of its texts.
const NAME: &str = "loentilskud";

/// The scheme (see the module documentation).
pub struct Loentilskud;

const STAFF: InputKind = InputKind::Persons {
    max: bounds::PERSONS,
};
const MONTH_HOURS: InputKind = InputKind::Hours {
    max: bounds::HOURS_PER_MONTH,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub start_date: NaiveDate,
    /// The day the jobcentre granted the job (the 2015 duration rule follows it).
    pub granted: Option<NaiveDate>,
    pub sector: Sector,
    pub group: Group,
    pub age: u32,
    pub months_on_benefit: u32,
    pub single_parent: bool,
    pub no_qualifying_education: bool,
    pub ordinary_employees: Decimal,
    pub subsidised_employees: Decimal,
    pub average_employees_12_months: Decimal,
    pub employees_with_hire: Decimal,
    pub position_vacated: bool,
    pub hours_paid: Option<Decimal>,
    /// Instead of `hours_paid`: weekly hours, from which a month's hours are estimated.
    pub weekly_hours: Option<Decimal>,
    /// The hourly wage incl. pension, for the employer's cost net of the subsidy.
    pub hourly_wage: Option<Decimal>,
    pub refunded_hours: Decimal,
    pub monthly_benefit: Option<Decimal>,
    pub wage_costs_year: Option<Decimal>,
    pub subsidy_year: Option<Decimal>,
}

/// The 2021-22 senior supplement (LAB § 80 a), in the versions that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Senior {
    pub supplement: Param<Decimal>,
    /// §§ 80 a-c: up to 6 continuous months at private and public employers alike.
    pub duration_months: Option<Param<u32>>,
    pub from: Param<NaiveDate>,
    pub until: Param<NaiveDate>,
    pub min_age: Param<u32>,
    pub min_months: Param<u32>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub private_rate: Param<Decimal>,
    pub public_rate: Param<Decimal>,
    pub foertidspension_rate: Param<Decimal>,
    pub public_hourly_wage: Option<Param<Decimal>>,
    pub prior_months: Param<u32>,
    pub prior_public: Param<bool>,
    pub exempt_from_age: Param<u32>,
    pub ratio_small: Param<u32>,
    pub ratio_threshold: Param<u32>,
    pub ratio_large: Param<u32>,
    pub ratio_in_fte: Option<Param<bool>>,
    pub expansion_months: Param<u32>,
    pub expansion_fte_from: Param<NaiveDate>,
    pub vacated_months: Param<u32>,
    pub duration_months: Param<u32>,
    pub public_dagpenge_months: Param<u32>,
    pub public_dagpenge_rule_from: Param<NaiveDate>,
    /// LAB 2019 § 68: the shorter public period for every job-ready group, not only dagpenge.
    pub public_short_all_jobready: Option<Param<bool>>,
    pub long_duration_months: Param<u32>,
    /// Jobs for a person in ressourceforløb starting from this day are refused (lov nr.
    /// 1750/2025 closed ressourceforløb to new citizens; its effect here was not read).
    pub ressourceforloeb_not_covered_from: Option<Param<NaiveDate>>,
    pub aid_intensity: Param<Rate>,
    pub aid_intensity_ftp: Param<Rate>,
    pub senior: Option<Senior>,
    pub full_time_hours: Param<Decimal>,
    pub benefit_month_hours: Param<Decimal>,
    pub am_bidrag: Param<Rate>,
    pub round_benefit_hourly: Param<Rounding>,
    pub round_hours: Param<Rounding>,
    pub round_subsidy: Param<Rounding>,
    pub round_month_hours: Param<Rounding>,
    pub round_wage: Param<Rounding>,
    /// The version's name, for texts and refusals.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub hourly_rate: Decimal,
    pub prior: PriorUnemployment,
    pub ratio: Ratio,
    pub expansion: Expansion,
    /// `None`: no limit.
    pub duration_months: Option<u32>,
    pub end_date: Option<NaiveDate>,
    pub senior_supplement: Decimal,
    /// The hours the subsidy is paid for: `hours_paid`, or estimated from `weekly_hours`.
    pub month_hours: Option<Decimal>,
    pub subsidy: Option<Decimal>,
    /// The employer's cost: the hourly wage it pays (fixed for public løntilskud) and the
    /// month's wage, less the subsidy.
    pub cost: Option<Cost>,
    pub public_hours: Option<PublicHours>,
    pub aid_intensity: Option<AidIntensity>,
}

impl Output {
    pub fn eligible(&self) -> bool {
        self.prior.ok() && self.ratio.ok() && self.expansion.ok()
    }

    /// The failed requirements and why, named by their result fields (the sentences are
    /// written only for those).
    pub fn failed(&self) -> Option<Said> {
        let mut failed = Vec::new();
        if !self.prior.ok() {
            failed.push(("prior_unemployment", self.prior.said()));
        }
        if !self.ratio.ok() {
            failed.push(("ratio", self.ratio.said()));
        }
        if !self.expansion.ok() {
            failed.push(("expansion", self.expansion.said()));
        }
        requirements::failed(failed)
    }
}

impl Scheme for Loentilskud {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: NAME,
        family: "loentilskud",
        selected_by: Some("start_date"),
        inputs: &[
            InputSpec::required("start_date", InputKind::Date),
            InputSpec::optional("granted", InputKind::Date),
            InputSpec::required("sector", InputKind::Choice(&Sector::NAMES)),
            InputSpec::required("group", InputKind::Choice(&Group::NAMES)),
            InputSpec::required(
                "age",
                InputKind::Count {
                    max: bounds::AGE_YEARS,
                },
            ),
            InputSpec::required(
                "months_on_benefit",
                InputKind::Count {
                    max: bounds::MONTHS,
                },
            ),
            InputSpec::default("single_parent", InputKind::Flag, "false"),
            InputSpec::default("no_qualifying_education", InputKind::Flag, "false"),
            InputSpec::required("ordinary_employees", STAFF),
            InputSpec::required("subsidised_employees", STAFF),
            InputSpec::required("average_employees_12_months", STAFF),
            InputSpec::required("employees_with_hire", STAFF),
            InputSpec::default("position_vacated", InputKind::Flag, "false"),
            InputSpec::optional("hours_paid", MONTH_HOURS),
            InputSpec::optional(
                "weekly_hours",
                InputKind::Hours {
                    max: bounds::HOURS_PER_WEEK,
                },
            ),
            InputSpec::optional(
                "hourly_wage",
                InputKind::Amount {
                    max: bounds::KR_PER_HOUR,
                },
            ),
            InputSpec::default("refunded_hours", MONTH_HOURS, "0"),
            // The sourced examples give these the Danish way (`9541,50`, `300.000`).
            InputSpec::optional(
                "monthly_benefit",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
            ),
            InputSpec::optional(
                "wage_costs_year",
                InputKind::Amount {
                    max: bounds::KR_PER_YEAR,
                },
            ),
            InputSpec::optional(
                "subsidy_year",
                InputKind::Amount {
                    max: bounds::KR_PER_YEAR,
                },
            ),
        ],
        results: &[
            OutputSpec::outcome("eligible"),
            OutputSpec::outcome("failed"),
            OutputSpec::outcome("hourly_rate"),
            OutputSpec::outcome("prior_unemployment"),
            OutputSpec::outcome("ratio"),
            OutputSpec::intermediate("ratio_cap"),
            OutputSpec::intermediate("may_take_more"),
            OutputSpec::outcome("expansion"),
            OutputSpec::outcome("duration_months"),
            OutputSpec::outcome("end_date"),
            OutputSpec::outcome("subsidy"),
            OutputSpec::intermediate("month_hours"),
            OutputSpec::intermediate("wage_per_hour"),
            OutputSpec::intermediate("wage"),
            OutputSpec::outcome("employer_cost"),
            OutputSpec::outcome("employer_cost_per_hour"),
            OutputSpec::outcome("senior_supplement"),
            OutputSpec::intermediate("public_hourly_wage"),
            OutputSpec::outcome("public_weekly_hours"),
            OutputSpec::intermediate("public_weekly_hours_exact"),
            OutputSpec::outcome("aid_intensity"),
            OutputSpec::outcome("repay"),
        ],
        headline: "subsidy",
        parameters: &[
            param(
                "private_rate",
                Unit::KrPerHour,
                "subsidy per hour, private employer",
            ),
            param(
                "public_rate",
                Unit::KrPerHour,
                "subsidy per hour, public employer",
            ),
            param(
                "foertidspension_rate",
                Unit::KrPerHour,
                "subsidy per hour for a førtidspensionist",
            ),
            optional_param(
                "public_hourly_wage",
                Unit::KrPerHour,
                "the fixed hourly wage in public løntilskud",
            )
            .divisor(),
            param(
                "prior_unemployment_months",
                Unit::Months,
                "months on public benefits before the hire",
            ),
            param(
                "prior_unemployment_public",
                Unit::Flag,
                "whether the requirement also applies to public employers",
            ),
            param(
                "exempt_from_age",
                Unit::Years,
                "age in years from which the requirement does not apply",
            ),
            param(
                "ratio_small",
                Unit::Count,
                "ordinary employees per subsidised person up to the threshold",
            )
            .divisor(),
            param(
                "ratio_threshold",
                Unit::Count,
                "employees counted at the first ratio",
            ),
            param(
                "ratio_large",
                Unit::Count,
                "ordinary employees per subsidised person beyond it",
            )
            .divisor(),
            optional_param(
                "ratio_in_fte",
                Unit::Flag,
                "whether employees are counted in full-time equivalents (else heads)",
            ),
            param(
                "expansion_months",
                Unit::Months,
                "the months the staff average is taken over",
            ),
            param(
                "expansion_fte_from",
                Unit::Date,
                "from this day staff are counted per CVR in full-time persons (before: per P-number, in heads)",
            ),
            param(
                "vacated_months",
                Unit::Months,
                "no position vacated by dismissal or resignation within these months",
            ),
            param("duration_months", Unit::Months, "the usual longest period"),
            param(
                "public_dagpenge_months",
                Unit::Months,
                "the longest period at a public employer for a dagpenge recipient",
            ),
            param(
                "public_dagpenge_rule_from",
                Unit::Date,
                "grants from this day get `public_dagpenge_months`; earlier grants `duration_months`",
            ),
            optional_param(
                "public_short_all_jobready",
                Unit::Flag,
                "true: `public_dagpenge_months` also holds for jobparate kontanthjælp, uddannelsesparate uddannelseshjælp and jobparate § 6 nr. 12 (LAB 2019 § 68)",
            ),
            optional_param(
                "ressourceforloeb_not_covered_from",
                Unit::Date,
                "jobs for a person in ressourceforløb starting from this day are not covered (refused)",
            ),
            param(
                "long_duration_months",
                Unit::Months,
                "the longest period for sygedagpenge and ressourceforløb recipients",
            ),
            param(
                "aid_intensity_percent",
                Unit::Percent,
                "the most the subsidy may be of the wage costs over a year",
            ),
            param(
                "aid_intensity_foertidspension_percent",
                Unit::Percent,
                "the same for a førtidspensionist",
            ),
            optional_param(
                "senior_supplement",
                Unit::KrPerHour,
                "extra subsidy per hour for a long-term unemployed senior",
            ),
            optional_param(
                "senior_from",
                Unit::Date,
                "first start date of the senior supplement",
            ),
            optional_param(
                "senior_until",
                Unit::Date,
                "last start date of the senior supplement",
            ),
            optional_param(
                "senior_min_age",
                Unit::Years,
                "age in years the senior must have",
            ),
            optional_param(
                "senior_min_months",
                Unit::Months,
                "months on benefits the senior must have",
            ),
            optional_param(
                "senior_duration_months",
                Unit::Months,
                "the longest period of the senior scheme, at private and public employers",
            ),
            param(
                "full_time_hours",
                Unit::HoursPerWeek,
                "a full-time week (public hours)",
            )
            .divisor(),
            param(
                "benefit_month_hours",
                Unit::Hours,
                "hours a monthly benefit stands for (public hours)",
            )
            .divisor(),
            param(
                "am_bidrag_percent",
                Unit::Percent,
                "arbejdsmarkedsbidrag added to the wage (public hours)",
            )
            .divisor(),
        ],
        roundings: &[
            item(
                "benefit_hourly",
                "public hours: the benefit per hour, an amount in øre",
            ),
            item("weekly_hours", "public hours: rounded up to whole hours"),
            item("subsidy", "the month's subsidy"),
            item(
                "month_hours",
                "a month's paid hours estimated from weekly hours",
            ),
            item("wage", "the month's wage in the employer's cost"),
        ],
        rules: &[
            item("rate", "the hourly rate for the employer and the group"),
            item("prior_unemployment", "the prior-unemployment requirement"),
            item("ratio", "the rimelighedskrav"),
            item("expansion", "the net-expansion requirement"),
            item("duration", "the longest period and its end"),
            item("amount", "the month's subsidy and the aid-intensity cap"),
            optional_item("public_hours", "the public hourly wage and weekly hours"),
            optional_item("senior", "the 2021-22 senior supplement"),
        ],
        compile: crate::model::scheme::compile::<Loentilskud>,
    };

    /// The checks that involve two fields: the grant before the start, and the month's hours
    /// given or estimated, not both.
    fn read(f: &mut Fields) -> Option<Input> {
        let start_date = f.date("start_date");
        let granted = f.date("granted");
        if let (Some(g), Some(s)) = (granted, start_date)
            && g > s
        {
            f.refuse("granted", "input_error.granted_after_start")
                .put("granted", Value::Date(g))
                .put("start_date", Value::Date(s));
        }
        if f.given("hours_paid") && f.given("weekly_hours") {
            f.refuse("weekly_hours", "input_error.hours_paid_and_weekly_hours");
        }
        // The month's wage, hourly × hours, within the bound of a typed monthly wage.
        if let Some(hourly) = f.amount_of("hourly_wage") {
            if let Some(h) = f.hours("hours_paid") {
                f.bound_derived_wage("hourly_wage", hourly, h, Decimal::ONE);
            } else if let Some(h) = f.hours("weekly_hours") {
                f.bound_derived_wage("hourly_wage", hourly, h, bounds::weeks_per_month());
            }
        }
        if f.has_errors() {
            return None;
        }
        let flag = |name| f.flag(name).unwrap_or(false);
        Some(Input {
            start_date: start_date?,
            granted,
            sector: f.choice("sector").and_then(Sector::parse)?,
            group: f.choice("group").and_then(Group::parse)?,
            age: f.count("age")?,
            months_on_benefit: f.count("months_on_benefit")?,
            single_parent: flag("single_parent"),
            no_qualifying_education: flag("no_qualifying_education"),
            ordinary_employees: f.persons("ordinary_employees")?,
            subsidised_employees: f.persons("subsidised_employees")?,
            average_employees_12_months: f.persons("average_employees_12_months")?,
            employees_with_hire: f.persons("employees_with_hire")?,
            position_vacated: flag("position_vacated"),
            hours_paid: f.hours("hours_paid"),
            weekly_hours: f.hours("weekly_hours"),
            hourly_wage: f.amount_of("hourly_wage"),
            refunded_hours: f.hours("refunded_hours").unwrap_or_default(),
            monthly_benefit: f.amount_of("monthly_benefit"),
            wage_costs_year: f.amount_of("wage_costs_year"),
            subsidy_year: f.amount_of("subsidy_year"),
        })
    }

    fn selecting_date(i: &Input) -> Option<NaiveDate> {
        Some(i.start_date)
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        let senior = match r.optional("senior_supplement", ParamReader::decimal) {
            None => None,
            Some(supplement) => Some(Senior {
                supplement,
                duration_months: r.optional("senior_duration_months", ParamReader::whole),
                from: r.date("senior_from")?,
                until: r.date("senior_until")?,
                min_age: r.whole("senior_min_age")?,
                min_months: r.whole("senior_min_months")?,
            }),
        };
        Ok(Params {
            private_rate: r.decimal("private_rate")?,
            public_rate: r.decimal("public_rate")?,
            foertidspension_rate: r.decimal("foertidspension_rate")?,
            public_hourly_wage: r.optional("public_hourly_wage", ParamReader::decimal),
            prior_months: r.whole("prior_unemployment_months")?,
            prior_public: r.flag("prior_unemployment_public")?,
            exempt_from_age: r.whole("exempt_from_age")?,
            ratio_small: r.whole("ratio_small")?,
            ratio_threshold: r.whole("ratio_threshold")?,
            ratio_large: r.whole("ratio_large")?,
            ratio_in_fte: r.optional("ratio_in_fte", ParamReader::flag),
            expansion_months: r.whole("expansion_months")?,
            expansion_fte_from: r.date("expansion_fte_from")?,
            vacated_months: r.whole("vacated_months")?,
            duration_months: r.whole("duration_months")?,
            public_dagpenge_months: r.whole("public_dagpenge_months")?,
            public_dagpenge_rule_from: r.date("public_dagpenge_rule_from")?,
            public_short_all_jobready: r.optional("public_short_all_jobready", ParamReader::flag),
            long_duration_months: r.whole("long_duration_months")?,
            ressourceforloeb_not_covered_from: r
                .optional("ressourceforloeb_not_covered_from", ParamReader::date),
            aid_intensity: r.rate("aid_intensity_percent")?,
            aid_intensity_ftp: r.rate("aid_intensity_foertidspension_percent")?,
            senior,
            full_time_hours: r.decimal("full_time_hours")?,
            benefit_month_hours: r.decimal("benefit_month_hours")?,
            am_bidrag: r.rate("am_bidrag_percent")?,
            round_benefit_hourly: r.rounding("benefit_hourly")?,
            round_hours: r.rounding("weekly_hours")?,
            round_subsidy: r.rounding("subsidy")?,
            round_month_hours: r.rounding("month_hours")?,
            round_wage: r.rounding("wage")?,
            version: r.version().to_string(),
        })
    }

    /// The job's rate, requirements and duration, then the amounts the case gives figures for.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        if i.group == Group::Ressourceforloeb
            && let Some(from) = &p.ressourceforloeb_not_covered_from
        {
            let from = c.get(from);
            if i.start_date >= from {
                return Err(Refusal::new(NAME, "refusal.ressourceforloeb_not_covered")
                    .with("from", Value::Date(from))
                    .with("version", Value::Text(p.version.clone()))
                    .field("group"));
            }
        }
        let hourly_rate = rate(i, p, c);
        let prior = prior_unemployment(i, p, c);
        let ratio = ratio(i, p, c);
        let expansion = expansion(i, p, c);
        let senior_applies = senior_applies(i, p);
        let (duration_months, end_date) = duration(i, p, c, senior_applies);
        let senior_supplement = senior(i, p, c);
        let amounts = amount::compute(i, p, c, hourly_rate, senior_supplement)?;
        Ok(Output {
            hourly_rate,
            prior,
            ratio,
            expansion,
            duration_months,
            end_date,
            senior_supplement,
            month_hours: amounts.month_hours,
            subsidy: amounts.subsidy,
            cost: amounts.cost,
            public_hours: amounts.public_hours,
            aid_intensity: amounts.aid_intensity,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        let amount = |d: Option<Decimal>| d.map_or(Value::None, Value::Amount);
        let cost = |f: fn(&Cost) -> Decimal| amount(o.cost.as_ref().map(f));
        let public = o.public_hours.as_ref();
        vec![
            ("eligible", Value::Bool(o.eligible())),
            (
                "failed",
                o.failed().map_or(Value::Text(String::new()), Value::said),
            ),
            ("hourly_rate", Value::Amount(o.hourly_rate)),
            ("prior_unemployment", Value::Bool(o.prior.ok())),
            ("ratio", Value::Bool(o.ratio.ok())),
            ("ratio_cap", Value::Number(o.ratio.cap)),
            ("may_take_more", Value::Number(o.ratio.may_take_more())),
            ("expansion", Value::Bool(o.expansion.ok())),
            (
                "duration_months",
                o.duration_months
                    .map_or(Value::word(NAME, "no limit"), Value::months),
            ),
            ("end_date", Value::date_or_none(o.end_date)),
            ("subsidy", amount(o.subsidy)),
            (
                "month_hours",
                o.month_hours.map_or(Value::None, Value::hours),
            ),
            ("wage_per_hour", cost(|c| c.wage_per_hour)),
            ("wage", cost(|c| c.wage)),
            ("employer_cost", cost(|c| c.employer_cost)),
            ("employer_cost_per_hour", cost(|c| c.per_hour)),
            ("senior_supplement", Value::Amount(o.senior_supplement)),
            ("public_hourly_wage", amount(public.map(|h| h.hourly_wage))),
            (
                "public_weekly_hours",
                public.map_or(Value::None, |h| Value::hours(h.weekly_hours)),
            ),
            (
                "public_weekly_hours_exact",
                public.map_or(Value::None, |h| Value::Number(h.exact)),
            ),
            (
                "aid_intensity",
                o.aid_intensity
                    .as_ref()
                    .map_or(Value::None, |a| Value::Bool(a.ok)),
            ),
            (
                "repay",
                Value::Amount(o.aid_intensity.as_ref().map_or(Decimal::ZERO, |a| a.repay)),
            ),
        ]
    }
}

/// The hourly rate of the version in force on the start date, for the employer's sector and the
/// person's group.
fn rate<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Decimal {
    let param = match (i.group, i.sector) {
        (Group::Foertidspension, _) => &p.foertidspension_rate,
        (_, Sector::Private) => &p.private_rate,
        (_, Sector::Public) => &p.public_rate,
    };
    let rate = c.get(param);
    c.step("rate", "rate", |s| {
        s.value(Value::Amount(rate))
            .said("text.rate")
            .arg("version", Value::Text(p.version.clone()))
            .arg("start_date", Value::Date(i.start_date))
            .arg("sector", i.sector.word())
            .arg("group", i.group.word())
            .input(param.name(), Value::Amount(rate));
    });
    rate
}

/// § 69: months on public benefits before the hire, unless the group, the employer or the
/// person is outside or exempt from the requirement.
fn prior_unemployment<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> PriorUnemployment {
    let required = c.get(&p.prior_months);
    let public = c.get(&p.prior_public);
    let from_age = c.get(&p.exempt_from_age);
    let applies = i.group.prior_requirement(i.sector) && (i.sector == Sector::Private || public);
    let prior = if !applies {
        PriorUnemployment::NotRequired {
            group: i.group,
            sector: i.sector,
        }
    } else if i.age >= from_age {
        PriorUnemployment::ExemptByAge {
            age: i.age,
            from_age,
        }
    } else if i.single_parent {
        PriorUnemployment::SingleParent
    } else if i.no_qualifying_education {
        PriorUnemployment::NoQualifyingEducation
    } else if i.months_on_benefit >= required {
        PriorUnemployment::Met {
            months: i.months_on_benefit,
            required,
        }
    } else {
        PriorUnemployment::NotMet {
            months: i.months_on_benefit,
            required,
            from_age,
        }
    };
    c.step("prior_unemployment", "prior_unemployment", |s| {
        s.value(Value::Bool(prior.ok()))
            .text(prior.said())
            .input("prior_unemployment_months", Value::months(required))
            .input("prior_unemployment_public", Value::Bool(public))
            .input("exempt_from_age", Value::Number(from_age.into()));
    });
    prior
}

/// BEK 2636/2021 § 65: the subsidised persons the employer's ordinary staff allow.
fn ratio<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Ratio {
    let rule = RatioRule {
        small: c.get(&p.ratio_small),
        threshold: c.get(&p.ratio_threshold),
        large: c.get(&p.ratio_large),
    };
    let ratio = rule.check(i.ordinary_employees, i.subsidised_employees);
    let counted = match p.ratio_in_fte.as_ref().map(|f| c.get(f)) {
        Some(true) => "text.counted_fte",
        Some(false) => "text.counted_heads",
        None => "text.counted_unknown",
    };
    c.step("ratio", "ratio", |s| {
        s.value(Value::Bool(ratio.ok()))
            .said("text.ratio")
            .arg("reason", Value::said(ratio.said()))
            .arg("counted", Value::said(Said::new(NAME, counted)))
            .input("ratio_small", Value::Number(rule.small.into()))
            .input("ratio_threshold", Value::Number(rule.threshold.into()))
            .input("ratio_large", Value::Number(rule.large.into()));
    });
    ratio
}

/// LAB § 79: the staff with the hire above the average of the last months, and no position
/// vacated by dismissal or resignation within the last months.
fn expansion<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Expansion {
    let months = c.get(&p.expansion_months);
    let vacated_months = c.get(&p.vacated_months);
    let fte_from = c.get(&p.expansion_fte_from);
    let expansion = Expansion::check(
        i.employees_with_hire,
        i.average_employees_12_months,
        months,
        i.position_vacated.then_some(vacated_months),
    );
    let counted = if i.start_date >= fte_from {
        "text.staff_in_fte"
    } else {
        "text.staff_in_heads"
    };
    c.step("expansion", "expansion", |s| {
        s.value(Value::Bool(expansion.ok()))
            .said("text.expansion")
            .arg("reason", Value::said(expansion.said()))
            .arg(
                "counted",
                Value::said(Said::new(NAME, counted).with("from", Value::Date(fte_from))),
            )
            .input("expansion_months", Value::months(months))
            .input("vacated_months", Value::months(vacated_months));
    });
    expansion
}

/// LAB § 68: the longest period for the group and employer, from the start date. At a public
/// employer the shorter period of the 2015 reform holds for dagpenge recipients granted from its
/// date, and (LAB 2019) for every job-ready group; a senior of §§ 80 a-c has up to 6 months at
/// any employer.
fn duration<R: Recorder>(
    i: &Input,
    p: &Params,
    c: &mut Calc<R>,
    senior_applies: bool,
) -> (Option<u32>, Option<NaiveDate>) {
    let granted = i.granted.unwrap_or(i.start_date);
    let all_jobready = p
        .public_short_all_jobready
        .as_ref()
        .is_some_and(|f| c.get(f));
    let short_group = if all_jobready {
        i.group.public_short_period()
    } else {
        i.group == Group::Dagpenge
    };
    let senior_months = p
        .senior
        .as_ref()
        .and_then(|s| s.duration_months.as_ref())
        .filter(|_| senior_applies)
        .map(|m| c.get(m));
    // A public employer's job-ready group: the reform's months for grants from its date, the
    // usual months before (both named in the explanation).
    let public_short =
        (short_group && i.sector == Sector::Public && senior_months.is_none()).then(|| {
            (
                c.get(&p.public_dagpenge_rule_from),
                c.get(&p.public_dagpenge_months),
                c.get(&p.duration_months),
            )
        });
    let months = match (i.group, public_short, senior_months) {
        (Group::Foertidspension, _, _) => None,
        (Group::Sygedagpenge | Group::Ressourceforloeb, _, _) => {
            Some(c.get(&p.long_duration_months))
        }
        (_, _, Some(m)) => Some(m),
        (_, Some((from, reform, usual)), _) => Some(if granted >= from { reform } else { usual }),
        _ => Some(c.get(&p.duration_months)),
    };
    // The day before the same date `months` later.
    let end = months.map(|m| {
        add_months(i.start_date, m)
            .pred_opt()
            .unwrap_or(i.start_date)
    });
    c.step("duration", "duration", |s| match (months, end) {
        (Some(m), Some(end)) => {
            s.value(Value::months(m))
                .arg("months", Value::months(m))
                .arg("start", Value::Date(i.start_date))
                .arg("end", Value::Date(end));
            match (public_short, senior_months) {
                (_, Some(sm)) => {
                    s.said("text.duration_senior")
                        .input("senior_duration_months", Value::months(sm));
                }
                (Some((from, reform, usual)), None) => {
                    s.said(if all_jobready {
                        "text.duration_public_jobready"
                    } else {
                        "text.duration_public_dagpenge"
                    })
                    .arg("group", i.group.word())
                    .input("public_dagpenge_months", Value::months(reform))
                    .input("public_dagpenge_rule_from", Value::Date(from))
                    .input("duration_months", Value::months(usual));
                }
                (None, None) => {
                    s.said("text.duration");
                }
            }
        }
        _ => {
            s.value(Value::word(NAME, "no limit"))
                .said("text.duration_none");
        }
    });
    (months, end)
}

/// Whether the 2021-22 senior scheme (LAB § 80 a) covers the job: started within its period,
/// a senior of its groups, age and months on benefits (read without recording: [`senior`]
/// records the step).
fn senior_applies(i: &Input, p: &Params) -> bool {
    let Some(s) = &p.senior else {
        return false;
    };
    s.from.value() <= i.start_date
        && i.start_date <= s.until.value()
        && i.group.senior_group()
        && i.age >= s.min_age.value()
        && i.months_on_benefit >= s.min_months.value()
}

/// LAB § 80 a (2021-22): a supplement per hour for a long-term unemployed senior hired within
/// the period; 0 in a version without it.
fn senior<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Decimal {
    let Some(s) = &p.senior else {
        return Decimal::ZERO;
    };
    let (from, until) = (c.get(&s.from), c.get(&s.until));
    let (min_age, min_months) = (c.get(&s.min_age), c.get(&s.min_months));
    let applies = from <= i.start_date
        && i.start_date <= until
        && i.group.senior_group()
        && i.age >= min_age
        && i.months_on_benefit >= min_months;
    let per_hour = c.get(&s.supplement);
    let supplement = if applies { per_hour } else { Decimal::ZERO };
    c.step("senior", "senior", |st| {
        st.value(Value::Amount(supplement))
            .said(if applies {
                "text.senior_applies"
            } else {
                "text.senior_not"
            })
            .arg("from", Value::Date(from))
            .arg("until", Value::Date(until))
            .arg("min_age", Value::Number(min_age.into()))
            .arg("min_months", Value::months(min_months))
            .input("senior_supplement", Value::Amount(per_hour));
    });
    supplement
}

#[cfg(test)]
mod tests;

/// Cases under the bundled rule sets (through the engine, so kept below `#[cfg(test)]`).
#[cfg(test)]
mod engine_tests {
    use crate::text::{Lang, format::say};

    /// A case under the bundled rule sets, as a file would give it.
    fn calculate(input: &str) -> Result<crate::engine::Outcome<'static>, String> {
        use crate::engine::case::{Format, parse};
        use crate::source::diag::SourceText;
        static ENGINE: std::sync::OnceLock<crate::Engine> = std::sync::OnceLock::new();
        let e = ENGINE.get_or_init(|| crate::Engine::bundled().expect("bundled rules"));
        let text = format!("scheme = \"loentilskud\"\n[input]\n{input}\n");
        let case = parse(&SourceText::new("case.toml", text), Format::Toml)
            .map_err(|d| format!("{d:?}"))?;
        e.calculate(case).map_err(|d| d.to_string())
    }

    const STAFF: &str = "ordinary_employees = \"20\"\nsubsidised_employees = \"0\"\naverage_employees_12_months = \"20\"\nemployees_with_hire = \"21\"\nage = \"40\"\nmonths_on_benefit = \"8\"\nsector = \"private\"";

    /// 2026: ressourceforløb is closed to new citizens from 1 February 2026 (lov nr. 1750/2025);
    /// what that means for løntilskud was not read, so only that group is refused from that day.
    #[test]
    fn a_2026_job_in_ressourceforloeb_is_refused_from_february_and_only_that_group() {
        let jan = calculate(&format!(
            "{STAFF}\nstart_date = \"2026-01-12\"\ngroup = \"ressourceforloeb\""
        ));
        assert!(jan.is_ok(), "{jan:?}");
        let err = calculate(&format!(
            "{STAFF}\nstart_date = \"2026-03-02\"\ngroup = \"ressourceforloeb\""
        ))
        .map(|_| ())
        .unwrap_err();
        assert!(
            err.contains("lov nr. 1750 af 29/12/2025") && err.contains("2026-02-01"),
            "{err}"
        );
        assert!(
            calculate(&format!(
                "{STAFF}\nstart_date = \"2026-03-02\"\ngroup = \"dagpenge\""
            ))
            .is_ok()
        );
    }

    /// From 2027 a new main employment law is planned to replace LAB: refused with the reason.
    #[test]
    fn a_job_starting_in_2027_is_refused_as_not_yet_covered() {
        let err = calculate(&format!(
            "{STAFF}\nstart_date = \"2027-01-04\"\ngroup = \"dagpenge\""
        ))
        .map(|_| ())
        .unwrap_err();
        assert!(
            err.contains("new main employment law") && err.contains("2027"),
            "{err}"
        );
    }

    /// The 2026 rates are derived, and every result that uses one says so.
    #[test]
    fn a_2026_result_says_its_rate_is_derived() {
        let o = calculate(&format!(
            "{STAFF}\nstart_date = \"2026-11-02\"\ngroup = \"kontanthjaelp\"\nhours_paid = \"100\""
        ))
        .expect("computed");
        let notes: Vec<String> = o.notes.iter().map(|n| say(n, Lang::En)).collect();
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("private_rate = 96.27 is derived")),
            "{notes:?}"
        );
    }
}
