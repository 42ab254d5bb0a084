//! **Løntilskud** (wage subsidy, lov om en aktiv beskæftigelsesindsats kap. 12): an employer that
//! hires an unemployed person (or a førtidspensionist) on approved terms gets a fixed amount per
//! hour of paid work. One case is one subsidised job: its start (which chooses the version and
//! so the year's rates), the employer, the person's group and history, the employer's staff
//! figures, and optionally a month of paid hours. Every requirement is checked and reported on
//! its own, with what would make a failed one pass:
//!
//! - the prior-unemployment requirement (6 months; exempt over 50, single parents, no
//!   qualifying education; from 2015 also for public employers);
//! - the rimelighedskrav: 1 subsidised person per 5 ordinary employees up to 50, then 1 per 10
//!   beyond, always at least 1;
//! - net expansion (merbeskæftigelse): staff with the hire above the 12-month average, and no
//!   position vacated in the last 3 months;
//! - the duration for the group and employer (with the grant-date transition of 2015);
//! - the amount: rate × paid hours, less the hours the employer is refunded for sickness or
//!   parental leave, plus the 2021-22 senior supplement; the yearly aid-intensity cap;
//! - for public employers, the fixed hourly wage and the weekly hours that put the wage after
//!   AM-bidrag at the level of the person's benefit, rounded up to whole hours.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::fields::{Fields, Sector};
use crate::model::trace::{Said, Tracer, Value};
use crate::rules::RuleSetVersion;
use crate::rules::spec::{SchemeSpec, Unit, item, optional_item, optional_param, param};
use crate::values::history::add_months;
use crate::values::month::{Month, date_da};
use crate::values::num;
use crate::values::rounding::Rounding;

pub const SPEC: SchemeSpec = SchemeSpec {
    name: "loentilskud",
    family: "loentilskud",
    selected_by: Some("start_date"),
    inputs: &crate::model::legacy::inputs(INPUT_FIELDS),
    results: &crate::model::legacy::results(RESULT_FIELDS),
    headline: "subsidy",
    compile: crate::model::scheme::compile::<Loentilskud>,
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
        ),
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
        ),
        param(
            "ratio_threshold",
            Unit::Count,
            "employees counted at the first ratio",
        ),
        param(
            "ratio_large",
            Unit::Count,
            "ordinary employees per subsidised person beyond it",
        ),
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
        param(
            "full_time_hours",
            Unit::HoursPerWeek,
            "a full-time week (public hours)",
        ),
        param(
            "benefit_month_hours",
            Unit::Hours,
            "hours a monthly benefit stands for (public hours)",
        ),
        param(
            "am_bidrag_percent",
            Unit::Percent,
            "arbejdsmarkedsbidrag added to the wage (public hours)",
        ),
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
};

/// The person's group (lov om en aktiv beskæftigelsesindsats § 6), as the rules tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Dagpenge,
    Kontanthjaelp,
    Aktivitetsparat,
    Uddannelseshjaelp,
    Sygedagpenge,
    Ressourceforloeb,
    Foertidspension,
}

impl Group {
    pub const NAMES: [&'static str; 7] = [
        "dagpenge",
        "kontanthjaelp",
        "aktivitetsparat",
        "uddannelseshjaelp",
        "sygedagpenge",
        "ressourceforloeb",
        "foertidspension",
    ];

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "dagpenge" => Group::Dagpenge,
            "kontanthjaelp" => Group::Kontanthjaelp,
            "aktivitetsparat" => Group::Aktivitetsparat,
            "uddannelseshjaelp" => Group::Uddannelseshjaelp,
            "sygedagpenge" => Group::Sygedagpenge,
            "ressourceforloeb" => Group::Ressourceforloeb,
            "foertidspension" => Group::Foertidspension,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The group as a Danish reader writes it.
    pub fn name_da(self) -> &'static str {
        [
            "dagpenge",
            "kontanthjælp",
            "aktivitetsparate",
            "uddannelseshjælp",
            "sygedagpenge",
            "ressourceforløb",
            "førtidspension",
        ][self as usize]
    }

    /// § 72: a public employer pays these groups the fixed hourly wage; the others (sygedagpenge,
    /// ressourceforløb, førtidspension) are paid by the usual terms of the job.
    fn fixed_public_wage(self) -> bool {
        matches!(
            self,
            Group::Dagpenge
                | Group::Kontanthjaelp
                | Group::Aktivitetsparat
                | Group::Uddannelseshjaelp
        )
    }

    /// § 69 stk. 1 (any employer) covers the benefit groups; stk. 2 (private employers only)
    /// sygedagpenge and ressourceforløb; a førtidspensionist has no such requirement.
    fn prior_requirement(self, sector: Sector) -> bool {
        match self {
            Group::Foertidspension => false,
            Group::Sygedagpenge | Group::Ressourceforloeb => sector == Sector::Private,
            _ => true,
        }
    }
}

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

pub const INPUT_FIELDS: [&str; 20] = [
    "start_date",
    "granted",
    "sector",
    "group",
    "age",
    "months_on_benefit",
    "single_parent",
    "no_qualifying_education",
    "ordinary_employees",
    "subsidised_employees",
    "average_employees_12_months",
    "employees_with_hire",
    "position_vacated",
    "hours_paid",
    "weekly_hours",
    "hourly_wage",
    "refunded_hours",
    "monthly_benefit",
    "wage_costs_year",
    "subsidy_year",
];

pub const RESULT_FIELDS: [&str; 22] = [
    "eligible",
    "failed",
    "hourly_rate",
    "prior_unemployment",
    "ratio",
    "ratio_cap",
    "may_take_more",
    "expansion",
    "duration_months",
    "end_date",
    "subsidy",
    "month_hours",
    "wage_per_hour",
    "wage",
    "employer_cost",
    "employer_cost_per_hour",
    "senior_supplement",
    "public_hourly_wage",
    "public_weekly_hours",
    "public_weekly_hours_exact",
    "aid_intensity",
    "repay",
];

pub fn input_from_fields<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<Input, Vec<crate::model::fields::FieldError>> {
    let has = |n: &'static str| get(n).is_some();
    let optional = [
        has("hours_paid"),
        has("refunded_hours"),
        has("monthly_benefit"),
        has("wage_costs_year"),
        has("subsidy_year"),
        has("weekly_hours"),
        has("hourly_wage"),
    ];
    let mut f = Fields::new(get);
    let start_date = f.date("start_date", "the day the subsidised job starts");
    let granted = f.opt_date("granted");
    let sector = f.sector();
    let group = f
        .choice("group", &Group::NAMES, "the person's group, e.g. dagpenge")
        .and_then(Group::parse);
    let age = f.count("age", "the person's age in years on the start date");
    let months_on_benefit = f.count(
        "months_on_benefit",
        "months on public benefits just before the start",
    );
    let single_parent = f.opt_flag("single_parent").unwrap_or(false);
    let no_education = f.opt_flag("no_qualifying_education").unwrap_or(false);
    let ordinary = f.hours(
        "ordinary_employees",
        "ordinary employees, average of the last 4 months",
    );
    let subsidised = f.hours(
        "subsidised_employees",
        "persons already in praktik, løntilskud, nytteindsats or fleksjob",
    );
    let average = f.hours(
        "average_employees_12_months",
        "ordinary employees, average of the last 12 months",
    );
    let with_hire = f.hours(
        "employees_with_hire",
        "ordinary employees counting the hire",
    );
    let position_vacated = f.opt_flag("position_vacated").unwrap_or(false);
    let hours_paid = if optional[0] {
        f.hours("hours_paid", "")
    } else {
        None
    };
    let weekly_hours = if optional[5] {
        f.hours("weekly_hours", "")
    } else {
        None
    };
    let hourly_wage = if optional[6] {
        f.amount("hourly_wage", "")
    } else {
        None
    };
    if optional[0] && optional[5] {
        f.errors.push((
            "weekly_hours",
            "give either hours_paid (the month's paid hours) or weekly_hours (an estimate), not both"
                .to_string(),
        ));
    }
    let refunded = if optional[1] {
        f.hours("refunded_hours", "")
    } else {
        Some(Decimal::ZERO)
    };
    let monthly_benefit = if optional[2] {
        f.amount("monthly_benefit", "")
    } else {
        None
    };
    let wage_costs_year = if optional[3] {
        f.amount("wage_costs_year", "")
    } else {
        None
    };
    let subsidy_year = if optional[4] {
        f.amount("subsidy_year", "")
    } else {
        None
    };
    if let (Some(g), Some(s)) = (granted, start_date)
        && g > s
    {
        f.errors.push((
            "granted",
            format!("the job must be granted ({g}) before it starts ({s})"),
        ));
    }
    match (
        f.errors.is_empty(),
        (start_date, sector, group, age, months_on_benefit),
        (ordinary, subsidised, average, with_hire, refunded),
    ) {
        (
            true,
            (Some(start_date), Some(sector), Some(group), Some(age), Some(months_on_benefit)),
            (Some(ordinary), Some(subsidised), Some(average), Some(with_hire), Some(refunded)),
        ) => Ok(Input {
            start_date,
            granted,
            sector,
            group,
            age,
            months_on_benefit,
            single_parent,
            no_qualifying_education: no_education,
            ordinary_employees: ordinary,
            subsidised_employees: subsidised,
            average_employees_12_months: average,
            employees_with_hire: with_hire,
            position_vacated,
            hours_paid,
            weekly_hours,
            hourly_wage,
            refunded_hours: refunded,
            monthly_benefit,
            wage_costs_year,
            subsidy_year,
        }),
        _ => Err(f.errors),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the refunded hours ({refunded}) exceed the hours paid ({paid})")]
    RefundedOverPaid { refunded: Decimal, paid: Decimal },
    #[error("the public hourly wage for version {version} was not found: give no monthly_benefit")]
    NoPublicWage { version: String },
    #[error(
        "the public hourly wage for version {version} was not found, and a public employer pays it whatever hourly_wage says: give no hourly_wage"
    )]
    NoPublicWageForCost { version: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub private_rate: Decimal,
    pub public_rate: Decimal,
    pub foertidspension_rate: Decimal,
    pub public_hourly_wage: Option<Decimal>,
    pub prior_months: u32,
    pub prior_public: bool,
    pub exempt_from_age: u32,
    pub ratio_small: u32,
    pub ratio_threshold: u32,
    pub ratio_large: u32,
    pub ratio_in_fte: Option<bool>,
    pub expansion_months: u32,
    pub expansion_fte_from: NaiveDate,
    pub vacated_months: u32,
    pub duration_months: u32,
    pub public_dagpenge_months: u32,
    pub public_dagpenge_rule_from: NaiveDate,
    pub long_duration_months: u32,
    pub aid_intensity: Decimal,
    pub aid_intensity_ftp: Decimal,
    pub senior: Option<Senior>,
    pub full_time_hours: Decimal,
    pub benefit_month_hours: Decimal,
    pub am_bidrag: Decimal,
    pub round_benefit_hourly: Rounding,
    pub round_hours: Rounding,
    pub round_subsidy: Rounding,
    pub round_month_hours: Rounding,
    pub round_wage: Rounding,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Senior {
    pub supplement: Decimal,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub min_age: u32,
    pub min_months: u32,
}

impl Params {
    pub fn of(v: &RuleSetVersion) -> Result<Self, String> {
        let p = |n: &str| v.value(n);
        let whole = |n: &str| v.whole(n);
        let date = |n: &str| {
            v.date(n)
                .ok_or_else(|| format!("parameter `{n}` as a date"))
        };
        let senior = match v.parameter("senior_supplement") {
            None => None,
            Some(s) => Some(Senior {
                supplement: s.value,
                from: date("senior_from")?,
                until: date("senior_until")?,
                min_age: whole("senior_min_age")?,
                min_months: whole("senior_min_months")?,
            }),
        };
        Ok(Self {
            private_rate: p("private_rate")?,
            public_rate: p("public_rate")?,
            foertidspension_rate: p("foertidspension_rate")?,
            public_hourly_wage: v.parameter("public_hourly_wage").map(|p| p.value),
            prior_months: whole("prior_unemployment_months")?,
            prior_public: !p("prior_unemployment_public")?.is_zero(),
            exempt_from_age: whole("exempt_from_age")?,
            ratio_small: whole("ratio_small")?,
            ratio_threshold: whole("ratio_threshold")?,
            ratio_large: whole("ratio_large")?,
            ratio_in_fte: v.parameter("ratio_in_fte").map(|p| !p.value.is_zero()),
            expansion_months: whole("expansion_months")?,
            expansion_fte_from: date("expansion_fte_from")?,
            vacated_months: whole("vacated_months")?,
            duration_months: whole("duration_months")?,
            public_dagpenge_months: whole("public_dagpenge_months")?,
            public_dagpenge_rule_from: date("public_dagpenge_rule_from")?,
            long_duration_months: whole("long_duration_months")?,
            aid_intensity: p("aid_intensity_percent")? / Decimal::ONE_HUNDRED,
            aid_intensity_ftp: p("aid_intensity_foertidspension_percent")? / Decimal::ONE_HUNDRED,
            senior,
            full_time_hours: p("full_time_hours")?,
            benefit_month_hours: p("benefit_month_hours")?,
            am_bidrag: p("am_bidrag_percent")? / Decimal::ONE_HUNDRED,
            round_benefit_hourly: v
                .rounding("benefit_hourly")
                .ok_or("rounding `benefit_hourly`")?,
            round_hours: v
                .rounding("weekly_hours")
                .ok_or("rounding `weekly_hours`")?,
            round_subsidy: v.rounding("subsidy").ok_or("rounding `subsidy`")?,
            round_month_hours: v.rounding("month_hours").ok_or("rounding `month_hours`")?,
            round_wage: v.rounding("wage").ok_or("rounding `wage`")?,
            version: v.version.clone(),
        })
    }
}

/// What the employer pays for the month, and per hour, after the subsidy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    pub hourly_wage: Decimal,
    /// The public fixed wage replaced the hourly wage given.
    pub fixed_public: bool,
    pub wage: Decimal,
    pub employer_cost: Decimal,
    pub per_hour: Decimal,
}

/// One requirement's outcome: whether it holds and the reason either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub ok: bool,
    pub why: Said,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub hourly_rate: Decimal,
    pub prior: Check,
    pub ratio: Check,
    pub ratio_cap: u32,
    pub may_take_more: Decimal,
    pub expansion: Check,
    /// `None`: no limit.
    pub duration_months: Option<u32>,
    pub end_date: Option<NaiveDate>,
    pub subsidy: Option<Decimal>,
    /// The hours the subsidy is paid for: `hours_paid`, or estimated from `weekly_hours`.
    pub month_hours: Option<Decimal>,
    /// The employer's cost: the hourly wage it pays (fixed for public løntilskud) and the
    /// month's wage, less the subsidy.
    pub cost: Option<Cost>,
    pub senior_supplement: Decimal,
    pub senior_why: Said,
    pub public_hourly_wage: Option<Decimal>,
    pub public_weekly_hours: Option<Decimal>,
    pub public_weekly_exact: Option<Decimal>,
    pub aid_intensity: Option<Check>,
    pub repay: Decimal,
}

impl Output {
    pub fn eligible(&self) -> bool {
        self.prior.ok && self.ratio.ok && self.expansion.ok
    }

    fn failed(&self) -> String {
        let mut out = Vec::new();
        for (name, c) in [
            ("prior_unemployment", &self.prior),
            ("ratio", &self.ratio),
            ("expansion", &self.expansion),
        ] {
            if !c.ok {
                out.push(format!("{name}: {}", c.why.en));
            }
        }
        out.join("; ")
    }

    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let amount = |d: Option<Decimal>| d.map_or(Value::None, Value::Amount);
        let number = |d: Option<Decimal>| d.map_or(Value::None, Value::Number);
        vec![
            ("eligible", Value::Bool(self.eligible())),
            ("failed", Value::Text(self.failed())),
            ("hourly_rate", Value::Amount(self.hourly_rate)),
            ("prior_unemployment", Value::Bool(self.prior.ok)),
            ("ratio", Value::Bool(self.ratio.ok)),
            ("ratio_cap", Value::Number(Decimal::from(self.ratio_cap))),
            ("may_take_more", Value::Number(self.may_take_more)),
            ("expansion", Value::Bool(self.expansion.ok)),
            (
                "duration_months",
                self.duration_months
                    .map_or(Value::Text("no limit".into()), |m| Value::Number(m.into())),
            ),
            (
                "end_date",
                self.end_date
                    .map_or(Value::None, |d| Value::Text(d.to_string())),
            ),
            ("subsidy", amount(self.subsidy)),
            ("month_hours", number(self.month_hours)),
            (
                "wage_per_hour",
                amount(self.cost.as_ref().map(|c| c.hourly_wage)),
            ),
            ("wage", amount(self.cost.as_ref().map(|c| c.wage))),
            (
                "employer_cost",
                amount(self.cost.as_ref().map(|c| c.employer_cost)),
            ),
            (
                "employer_cost_per_hour",
                amount(self.cost.as_ref().map(|c| c.per_hour)),
            ),
            ("senior_supplement", Value::Amount(self.senior_supplement)),
            ("public_hourly_wage", amount(self.public_hourly_wage)),
            ("public_weekly_hours", number(self.public_weekly_hours)),
            (
                "public_weekly_hours_exact",
                number(self.public_weekly_exact),
            ),
            (
                "aid_intensity",
                self.aid_intensity
                    .as_ref()
                    .map_or(Value::None, |c| Value::Bool(c.ok)),
            ),
            ("repay", Value::Amount(self.repay)),
        ]
    }

    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, Decimal)> {
        vec![
            ("rate", "hourly rate", self.hourly_rate),
            ("amount", "subsidy", self.subsidy.unwrap_or_default()),
        ]
    }
}

fn plain(d: Decimal) -> String {
    num::plain_da(d)
}

fn kr(d: Decimal) -> String {
    format!("{} kr.", num::danish(d, 2))
}

/// The most subsidised persons `n` ordinary employees allow: 1 per `small` up to `threshold`,
/// at least 1, then 1 per `large` beyond.
pub fn ratio_cap(n: Decimal, p: &Params) -> u32 {
    let whole = |d: Decimal| u32::try_from(d.floor().mantissa()).unwrap_or(0);
    let threshold = Decimal::from(p.ratio_threshold);
    let first = whole(n.min(threshold) / Decimal::from(p.ratio_small.max(1))).max(1);
    let beyond = if n > threshold {
        whole((n - threshold) / Decimal::from(p.ratio_large.max(1)))
    } else {
        0
    };
    first + beyond
}

pub fn compute(input: &Input, _month: Month, p: &Params) -> Result<Output, Refusal> {
    let hourly_rate = match (input.group, input.sector) {
        (Group::Foertidspension, _) => p.foertidspension_rate,
        (_, Sector::Private) => p.private_rate,
        (_, Sector::Public) => p.public_rate,
    };
    // Prior unemployment.
    let applies = input.group.prior_requirement(input.sector)
        && (input.sector == Sector::Private || p.prior_public);
    let prior = if !applies {
        Check {
            ok: true,
            why: Said::new(
                format!(
                    "no prior-unemployment requirement for {} at a {} employer",
                    input.group.name(),
                    input.sector.name()
                ),
                format!(
                    "intet ledighedskrav for {} hos en {} arbejdsgiver",
                    input.group.name_da(),
                    input.sector.name_da()
                ),
            ),
        }
    } else if input.age >= p.exempt_from_age {
        Check {
            ok: true,
            why: Said::new(
                format!(
                    "exempt: {} years old, {} or over",
                    input.age, p.exempt_from_age
                ),
                format!(
                    "undtaget: {} år, {} eller derover",
                    input.age, p.exempt_from_age
                ),
            ),
        }
    } else if input.single_parent {
        Check {
            ok: true,
            why: Said::new("exempt: single parent", "undtaget: enlig forsørger"),
        }
    } else if input.no_qualifying_education {
        Check {
            ok: true,
            why: Said::new(
                "exempt: no qualifying education",
                "undtaget: ingen erhvervskompetencegivende uddannelse",
            ),
        }
    } else if input.months_on_benefit >= p.prior_months {
        Check {
            ok: true,
            why: Said::new(
                format!(
                    "{} months on benefits, at least {}",
                    input.months_on_benefit, p.prior_months
                ),
                format!(
                    "{} måneder på offentlig forsørgelse, mindst {}",
                    input.months_on_benefit, p.prior_months
                ),
            ),
        }
    } else {
        Check {
            ok: false,
            why: Said::new(
                format!(
                    "{} months on benefits, fewer than {}: passes after {} more month(s), or if over {}, a single parent or without qualifying education",
                    input.months_on_benefit,
                    p.prior_months,
                    p.prior_months - input.months_on_benefit,
                    p.exempt_from_age - 1
                ),
                format!(
                    "{} måneder på offentlig forsørgelse, færre end {}: opfyldt efter {} måned(er) mere, eller hvis personen er {} år eller derover, enlig forsørger eller uden erhvervskompetencegivende uddannelse",
                    input.months_on_benefit,
                    p.prior_months,
                    p.prior_months - input.months_on_benefit,
                    p.exempt_from_age
                ),
            ),
        }
    };
    // Rimelighedskrav.
    let cap = ratio_cap(input.ordinary_employees, p);
    let after = input.subsidised_employees + Decimal::ONE;
    let may_take_more = (Decimal::from(cap) - input.subsidised_employees).max(Decimal::ZERO);
    let ratio = Check {
        ok: after <= Decimal::from(cap),
        why: Said::new(
            format!(
                "{} ordinary employees allow {cap} subsidised; {} already, {} with this hire{}",
                plain(input.ordinary_employees),
                plain(input.subsidised_employees),
                plain(after),
                if after <= Decimal::from(cap) {
                    format!(
                        ": the employer may take {} more in all",
                        plain(may_take_more)
                    )
                } else {
                    let need = needed_for(after, p);
                    format!(": over the limit; {need} ordinary employees would allow it")
                }
            ),
            format!(
                "{} ordinært ansatte giver plads til {cap} med løntilskud; {} i forvejen, {} med denne ansættelse{}",
                plain(input.ordinary_employees),
                plain(input.subsidised_employees),
                plain(after),
                if after <= Decimal::from(cap) {
                    format!(
                        ": arbejdsgiveren kan i alt tage {} mere",
                        plain(may_take_more)
                    )
                } else {
                    let need = needed_for(after, p);
                    format!(": over grænsen; {need} ordinært ansatte ville give plads")
                }
            ),
        ),
    };
    // Net expansion.
    let expansion = if input.position_vacated {
        Check {
            ok: false,
            why: Said::new(
                format!(
                    "a position was vacated by dismissal or resignation within {} months",
                    p.vacated_months
                ),
                format!(
                    "en stilling er blevet ledig ved afskedigelse eller opsigelse inden for {} måneder",
                    p.vacated_months
                ),
            ),
        }
    } else if input.employees_with_hire > input.average_employees_12_months {
        Check {
            ok: true,
            why: Said::new(
                format!(
                    "{} with the hire, above the {}-month average {}",
                    plain(input.employees_with_hire),
                    p.expansion_months,
                    plain(input.average_employees_12_months)
                ),
                format!(
                    "{} med ansættelsen, over gennemsnittet for {} måneder på {}",
                    plain(input.employees_with_hire),
                    p.expansion_months,
                    plain(input.average_employees_12_months)
                ),
            ),
        }
    } else {
        Check {
            ok: false,
            why: Said::new(
                format!(
                    "{} with the hire, not above the {}-month average {}: the staff must grow by more than {}",
                    plain(input.employees_with_hire),
                    p.expansion_months,
                    plain(input.average_employees_12_months),
                    plain(input.average_employees_12_months - input.employees_with_hire)
                ),
                format!(
                    "{} med ansættelsen, ikke over gennemsnittet for {} måneder på {}: antallet af ansatte skal vokse med mere end {}",
                    plain(input.employees_with_hire),
                    p.expansion_months,
                    plain(input.average_employees_12_months),
                    plain(input.average_employees_12_months - input.employees_with_hire)
                ),
            ),
        }
    };
    // Duration.
    let granted = input.granted.unwrap_or(input.start_date);
    let duration_months = match (input.group, input.sector) {
        (Group::Foertidspension, _) => None,
        (Group::Sygedagpenge | Group::Ressourceforloeb, _) => Some(p.long_duration_months),
        (Group::Dagpenge, Sector::Public) if granted >= p.public_dagpenge_rule_from => {
            Some(p.public_dagpenge_months)
        }
        _ => Some(p.duration_months),
    };
    let end_date = duration_months.map(|m| {
        add_months(input.start_date, m)
            .pred_opt()
            .unwrap_or(input.start_date)
    });
    // Senior supplement.
    let (senior_supplement, senior_why) = match p.senior {
        None => (Decimal::ZERO, Said::new("", "")),
        Some(s) => {
            let in_time = s.from <= input.start_date && input.start_date <= s.until;
            let group_ok = matches!(
                input.group,
                Group::Dagpenge | Group::Kontanthjaelp | Group::Aktivitetsparat
            );
            if in_time
                && group_ok
                && input.age >= s.min_age
                && input.months_on_benefit >= s.min_months
            {
                (
                    s.supplement,
                    Said::new(
                        format!(
                            "{} or over with {} months on benefits, hired {} to {}",
                            s.min_age, s.min_months, s.from, s.until
                        ),
                        format!(
                            "{} år eller derover med {} måneder på offentlig forsørgelse, ansat {} til {}",
                            s.min_age, s.min_months, s.from, s.until
                        ),
                    ),
                )
            } else {
                (
                    Decimal::ZERO,
                    Said::new(
                        format!(
                            "needs a start {} to {}, age {} or over, {} months on dagpenge or kontanthjælp",
                            s.from, s.until, s.min_age, s.min_months
                        ),
                        format!(
                            "kræver start {} til {}, alder {} eller derover og {} måneder på dagpenge eller kontanthjælp",
                            s.from, s.until, s.min_age, s.min_months
                        ),
                    ),
                )
            }
        }
    };
    // The month's amount, for the hours paid or an estimate from the weekly hours.
    let month_hours = input.hours_paid.or_else(|| {
        input.weekly_hours.map(|w| {
            p.round_month_hours
                .apply(w * p.benefit_month_hours / p.full_time_hours)
        })
    });
    let subsidy = match month_hours {
        None => None,
        Some(paid) => {
            if input.refunded_hours > paid {
                return Err(Refusal::RefundedOverPaid {
                    refunded: input.refunded_hours,
                    paid,
                });
            }
            Some(
                p.round_subsidy
                    .apply((hourly_rate + senior_supplement) * (paid - input.refunded_hours)),
            )
        }
    };
    // The employer's cost: a public employer pays the fixed wage of § 72 to the benefit groups.
    let cost = match (input.hourly_wage, month_hours, subsidy) {
        (Some(given), Some(hours), Some(subsidy)) => {
            let fixed_public = input.sector == Sector::Public && input.group.fixed_public_wage();
            let hourly_wage = if fixed_public {
                p.public_hourly_wage
                    .ok_or_else(|| Refusal::NoPublicWageForCost {
                        version: p.version.clone(),
                    })?
            } else {
                given
            };
            let wage = p.round_wage.apply(hourly_wage * hours);
            Some(Cost {
                hourly_wage,
                fixed_public,
                wage,
                employer_cost: wage - subsidy,
                per_hour: hourly_wage - hourly_rate - senior_supplement,
            })
        }
        _ => None,
    };
    // Public hours.
    let (public_hourly_wage, public_weekly_exact, public_weekly_hours) =
        match (input.sector, input.monthly_benefit) {
            (Sector::Public, Some(benefit)) => {
                let wage = p.public_hourly_wage.ok_or_else(|| Refusal::NoPublicWage {
                    version: p.version.clone(),
                })?;
                // STAR: the benefit per hour (in øre) for a full week, with AM-bidrag added,
                // divided by the hourly wage, rounded up to whole hours.
                let hourly = p
                    .round_benefit_hourly
                    .apply(benefit / p.benefit_month_hours);
                let weekly = hourly * p.full_time_hours;
                let exact = weekly / (Decimal::ONE - p.am_bidrag) / wage;
                (
                    Some(wage),
                    Some(exact.round_dp(4)),
                    Some(p.round_hours.apply(exact)),
                )
            }
            _ => (None, None, None),
        };
    // Aid intensity over the year.
    let limit = if input.group == Group::Foertidspension {
        p.aid_intensity_ftp
    } else {
        p.aid_intensity
    };
    let (aid_intensity, repay) = match (input.wage_costs_year, input.subsidy_year) {
        (Some(costs), Some(paid)) => {
            let max = p.round_subsidy.apply(costs * limit);
            let ok = paid <= max;
            (
                Some(Check {
                    ok,
                    why: Said::new(
                        format!(
                            "{} of wage costs {} allow {}; paid {}",
                            plain(limit * Decimal::ONE_HUNDRED) + " %",
                            kr(costs),
                            kr(max),
                            kr(paid)
                        ),
                        format!(
                            "{} % af lønudgifterne {} giver højst {}; udbetalt {}",
                            plain(limit * Decimal::ONE_HUNDRED),
                            kr(costs),
                            kr(max),
                            kr(paid)
                        ),
                    ),
                }),
                (paid - max).max(Decimal::ZERO),
            )
        }
        _ => (None, Decimal::ZERO),
    };
    Ok(Output {
        hourly_rate,
        prior,
        ratio,
        ratio_cap: cap,
        may_take_more,
        expansion,
        duration_months,
        end_date,
        subsidy,
        month_hours,
        cost,
        senior_supplement,
        senior_why,
        public_hourly_wage,
        public_weekly_hours,
        public_weekly_exact,
        aid_intensity,
        repay,
    })
}

/// The fewest ordinary employees that allow `persons` subsidised.
fn needed_for(persons: Decimal, p: &Params) -> u32 {
    (0..=100_000)
        .find(|n| Decimal::from(ratio_cap(Decimal::from(*n), p)) >= persons)
        .unwrap_or(u32::MAX)
}

pub fn explain(input: &Input, _month: Month, p: &Params, o: &Output, trace: &mut Tracer) {
    trace
        .step(
            "rate",
            format!(
                "Hourly rate ({}, {})",
                input.sector.name(),
                input.group.name_da()
            ),
            Value::Amount(o.hourly_rate),
        )
        .da("Tilskud pr. time")
        .formula(format!(
            "version {} on the start date {}",
            p.version, input.start_date
        ))
        .formula_da(format!(
            "version {} på startdatoen {} ({} arbejdsgiver, {})",
            p.version,
            date_da(input.start_date),
            input.sector.name_da(),
            input.group.name_da()
        ))
        .input(
            match (input.group, input.sector) {
                (Group::Foertidspension, _) => "foertidspension_rate",
                (_, Sector::Private) => "private_rate",
                (_, Sector::Public) => "public_rate",
            },
            Value::Amount(o.hourly_rate),
        );
    trace
        .step(
            "prior_unemployment",
            "Prior unemployment",
            Value::Bool(o.prior.ok),
        )
        .da("Ledighedskrav")
        .formula(o.prior.why.en.clone())
        .formula_da(o.prior.why.da.clone())
        .input(
            "prior_unemployment_months",
            Value::Number(p.prior_months.into()),
        )
        .input("prior_unemployment_public", Value::Bool(p.prior_public))
        .input("exempt_from_age", Value::Number(p.exempt_from_age.into()));
    trace
        .step("ratio", "Rimelighedskrav", Value::Bool(o.ratio.ok))
        .da("Rimelighedskrav")
        .formula(format!(
            "{}; counted {}",
            o.ratio.why.en,
            match p.ratio_in_fte {
                Some(true) => "in full-time equivalents, average of the last 4 months",
                Some(false) => "in heads, whatever their hours",
                None => "as the rules of the year say (whether heads or full-time equivalents was not found)",
            }
        ))
        .formula_da(format!(
            "{}; opgjort {}",
            o.ratio.why.da,
            match p.ratio_in_fte {
                Some(true) => "i fuldtidspersoner, gennemsnit af de seneste 4 måneder",
                Some(false) => "i personer, uanset deres timer",
                None => "efter årets regler (om det var personer eller fuldtidspersoner, blev ikke fundet)",
            }
        ))
        .input("ratio_small", Value::Number(p.ratio_small.into()))
        .input("ratio_threshold", Value::Number(p.ratio_threshold.into()))
        .input("ratio_large", Value::Number(p.ratio_large.into()));
    trace
        .step(
            "expansion",
            "Net expansion (merbeskæftigelse)",
            Value::Bool(o.expansion.ok),
        )
        .da("Merbeskæftigelse")
        .formula(format!(
            "{}; staff counted {}",
            o.expansion.why.en,
            if input.start_date >= p.expansion_fte_from {
                format!(
                    "per CVR in full-time persons (from {})",
                    p.expansion_fte_from
                )
            } else {
                format!("per P-number in heads (before {})", p.expansion_fte_from)
            }
        ))
        .formula_da(format!(
            "{}; ansatte opgjort {}",
            o.expansion.why.da,
            if input.start_date >= p.expansion_fte_from {
                format!(
                    "pr. CVR-nummer i fuldtidspersoner (fra {})",
                    date_da(p.expansion_fte_from)
                )
            } else {
                format!(
                    "pr. P-nummer i personer (før {})",
                    date_da(p.expansion_fte_from)
                )
            }
        ))
        .input("expansion_months", Value::Number(p.expansion_months.into()))
        .input("vacated_months", Value::Number(p.vacated_months.into()));
    trace
        .step(
            "duration",
            "Longest period (months)",
            o.duration_months
                .map_or(Value::Text("no limit".into()), |m| Value::Number(m.into())),
        )
        .da("Længste varighed (måneder)")
        .formula(match (o.duration_months, o.end_date) {
            (Some(m), Some(end)) => format!(
                "{m} months from {}: to {end}{}",
                input.start_date,
                if input.group == Group::Dagpenge && input.sector == Sector::Public {
                    format!(
                        " (public, dagpenge: {} months for grants from {}, else {})",
                        p.public_dagpenge_months, p.public_dagpenge_rule_from, p.duration_months
                    )
                } else {
                    String::new()
                }
            ),
            _ => "a førtidspensionist's løntilskud has no time limit".into(),
        })
        .formula_da(match (o.duration_months, o.end_date) {
            (Some(m), Some(end)) => format!(
                "{m} måneder fra {}: til {}{}",
                date_da(input.start_date),
                date_da(end),
                if input.group == Group::Dagpenge && input.sector == Sector::Public {
                    format!(
                        " (offentlig, dagpenge: {} måneder ved bevilling fra {}, ellers {})",
                        p.public_dagpenge_months,
                        date_da(p.public_dagpenge_rule_from),
                        p.duration_months
                    )
                } else {
                    String::new()
                }
            ),
            _ => "løntilskud til en førtidspensionist har ingen tidsgrænse".into(),
        })
        .input("duration_months", Value::Number(p.duration_months.into()))
        .input(
            "public_dagpenge_months",
            Value::Number(p.public_dagpenge_months.into()),
        )
        .input(
            "long_duration_months",
            Value::Number(p.long_duration_months.into()),
        );
    if p.senior.is_some() {
        trace
            .step(
                "senior",
                "Senior supplement per hour",
                Value::Amount(o.senior_supplement),
            )
            .da("Seniortillæg pr. time")
            .formula(o.senior_why.en.clone())
            .formula_da(o.senior_why.da.clone());
    }
    if let (None, Some(weekly), Some(hours)) = (input.hours_paid, input.weekly_hours, o.month_hours)
    {
        trace
            .step("amount", "Paid hours in a month (estimate)", Value::Number(hours))
            .da("Betalte timer på en måned (skøn)")
            .formula(format!(
                "{} hours a week × {} ÷ {} = {} (the subsidy is paid for the hours actually paid in each month)",
                plain(weekly),
                plain(p.benefit_month_hours),
                plain(p.full_time_hours),
                plain(hours)
            ))
            .formula_da(format!(
                "{} timer om ugen × {} ÷ {} = {} (tilskuddet udbetales for de faktisk betalte timer hver måned)",
                plain(weekly),
                plain(p.benefit_month_hours),
                plain(p.full_time_hours),
                plain(hours)
            ))
            .input("benefit_month_hours", Value::Number(p.benefit_month_hours))
            .input("full_time_hours", Value::Number(p.full_time_hours))
            .rounded_quantity("month_hours", p.round_month_hours);
    }
    if let (Some(paid), Some(subsidy)) = (o.month_hours, o.subsidy) {
        trace
            .step("amount", "Subsidy for the month", Value::Amount(subsidy))
            .da("Løntilskud for måneden")
            .formula(format!(
                "({} + {}) × ({} hours paid − {} hours refunded) = {}",
                kr(o.hourly_rate),
                kr(o.senior_supplement),
                plain(paid),
                plain(input.refunded_hours),
                kr(subsidy)
            ))
            .formula_da(format!(
                "({} + {}) × ({} betalte timer − {} refunderede timer) = {}",
                kr(o.hourly_rate),
                kr(o.senior_supplement),
                plain(paid),
                plain(input.refunded_hours),
                kr(subsidy)
            ))
            .rounded("subsidy", p.round_subsidy);
    }
    if let (Some(c), Some(hours), Some(subsidy)) = (&o.cost, o.month_hours, o.subsidy) {
        trace
            .step("amount", "Wage for the month", Value::Amount(c.wage))
            .da("Løn for måneden")
            .formula(format!(
                "{} × {} hours = {}{}",
                kr(c.hourly_wage),
                plain(hours),
                kr(c.wage),
                if c.fixed_public {
                    format!(
                        " (a public employer pays the fixed hourly wage of § 72, not the {} given)",
                        kr(input.hourly_wage.unwrap_or_default())
                    )
                } else {
                    String::new()
                }
            ))
            .formula_da(format!(
                "{} × {} timer = {}{}",
                kr(c.hourly_wage),
                plain(hours),
                kr(c.wage),
                if c.fixed_public {
                    format!(
                        " (en offentlig arbejdsgiver betaler den faste timeløn efter § 72, ikke de oplyste {})",
                        kr(input.hourly_wage.unwrap_or_default())
                    )
                } else {
                    String::new()
                }
            ))
            .rounded("wage", p.round_wage);
        trace
            .step(
                "amount",
                "The employer's cost after the subsidy",
                Value::Amount(c.employer_cost),
            )
            .da("Arbejdsgiverens udgift efter tilskuddet")
            .formula(format!(
                "{} − {} = {}; per hour of work {} − {} = {}",
                kr(c.wage),
                kr(subsidy),
                kr(c.employer_cost),
                kr(c.hourly_wage),
                kr(o.hourly_rate + o.senior_supplement),
                kr(c.per_hour)
            ))
            .formula_da(format!(
                "{} − {} = {}; pr. arbejdstime {} − {} = {}",
                kr(c.wage),
                kr(subsidy),
                kr(c.employer_cost),
                kr(c.hourly_wage),
                kr(o.hourly_rate + o.senior_supplement),
                kr(c.per_hour)
            ));
    }
    if let Some(c) = &o.aid_intensity {
        trace
            .step(
                "amount",
                "Aid intensity over the year",
                Value::Amount(o.repay),
            )
            .da("Bruttostøtteintensitet")
            .formula(format!(
                "{}: {}",
                c.why.en,
                if c.ok {
                    "within the cap".to_string()
                } else {
                    format!("{} to repay", kr(o.repay))
                }
            ))
            .formula_da(format!(
                "{}: {}",
                c.why.da,
                if c.ok {
                    "inden for loftet".to_string()
                } else {
                    format!("{} skal betales tilbage", kr(o.repay))
                }
            ))
            .input(
                "aid_intensity_percent",
                Value::Number(p.aid_intensity * Decimal::ONE_HUNDRED),
            )
            .input(
                "aid_intensity_foertidspension_percent",
                Value::Number(p.aid_intensity_ftp * Decimal::ONE_HUNDRED),
            );
    }
    if let (Some(wage), Some(exact), Some(hours), Some(benefit)) = (
        o.public_hourly_wage,
        o.public_weekly_exact,
        o.public_weekly_hours,
        input.monthly_benefit,
    ) {
        trace
            .step("public_hours", "Weekly hours in public løntilskud", Value::Number(hours))
            .da("Ugentlige timer i offentligt løntilskud")
            .formula(format!(
                "{} ÷ {} = {} per hour; × {} ÷ (1 − {} %) ÷ {} = {} → rounded up to {} whole hours, fixed for the whole period",
                kr(benefit),
                plain(p.benefit_month_hours),
                kr(p.round_benefit_hourly.apply(benefit / p.benefit_month_hours)),
                plain(p.full_time_hours),
                plain(p.am_bidrag * Decimal::ONE_HUNDRED),
                kr(wage),
                plain(exact),
                plain(hours)
            ))
            .formula_da(format!(
                "{} ÷ {} = {} pr. time; × {} ÷ (1 − {} %) ÷ {} = {} → rundet op til {} hele timer, fast for hele perioden",
                kr(benefit),
                plain(p.benefit_month_hours),
                kr(p.round_benefit_hourly.apply(benefit / p.benefit_month_hours)),
                plain(p.full_time_hours),
                plain(p.am_bidrag * Decimal::ONE_HUNDRED),
                kr(wage),
                plain(exact),
                plain(hours)
            ))
            .input("public_hourly_wage", Value::Amount(wage))
            .input("full_time_hours", Value::Number(p.full_time_hours))
            .input("benefit_month_hours", Value::Number(p.benefit_month_hours))
            .input("am_bidrag_percent", Value::Number(p.am_bidrag * Decimal::ONE_HUNDRED));
    }
}

crate::model::scheme::legacy_scheme!(Loentilskud, self, fallible, |i| Some(i.start_date));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::rounding::RoundingMode;

    /// § 72 stk. 4: "Antallet af arbejdstimer rundes op til nærmeste antal hele timer". A
    /// quotient a hair over a whole number goes up a whole hour: 37,0009 → 38, 36,9999 → 37.
    /// That is why the benefit per hour is kept in øre first (see the fixture
    /// public-hours-2020-max-dagpenge-37: 19.083 ÷ 160,33 = 119,02 gives 36,9999 and 37 hours;
    /// unrounded, 119,0232... would give 37,0009 and 38 hours, against practice).
    #[test]
    fn public_hours_round_up_any_part_of_an_hour() {
        let up = Rounding {
            scale: 0,
            mode: RoundingMode::Up,
        };
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(up.apply(d("37.0009")), d("38"));
        assert_eq!(up.apply(d("36.9999")), d("37"));
        assert_eq!(up.apply(d("37")), d("37"));
    }
}
