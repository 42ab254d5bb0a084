//! **Ledighedsydelse**: the benefit for a person approved for a flex-job (visiteret til fleksjob)
//! who is out of work (lov om aktiv socialpolitik §§ 74 a ff.).
//!
//! For one month:
//! 1. the tier: the full rate (89 % of the højeste dagpengebeløb) if the person qualified at
//!    visitation (sygedagpenge or barselsdagpenge, revalidering, unsupported employment) or has
//!    been in a flex-job for `qualifying_months` within the last `qualifying_window` months;
//!    otherwise the kontanthjælp level for a provider (forsørger) or for others (§ 74 a); from
//!    `months_after_age` months after the month the person reached the fleksydelse age, the
//!    kontanthjælp level for others, whatever the tier before;
//! 2. wage income in the month reduces it by `low_rate` % up to `threshold` and `high_rate` %
//!    above (§ 74 d).
//!
//! A version may hold some tiers and not others (the lower tiers after the kontanthjælp reform
//! of 1 July 2025 were not found): a case that needs only a tier the version holds is computed,
//! one that needs a missing tier is refused, naming the tier and the version's reason.
//!
//! Months in a flex-job are counted exactly: each calendar month of the window counts the share
//! of its days the person was employed (15 of 30 days = 0,5 month); see [`periods`].

pub mod periods;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use self::periods::{Employed, Period};
use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_param, param,
};
use crate::values::month::Month;
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

/// The scheme (see the module documentation).
pub struct Ledighedsydelse;

/// Which rate applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Full,
    Provider,
    Other,
}

impl Tier {
    const NAMES: &'static [&'static str] = &["full", "provider", "other"];

    /// The tier's key: its JSON text and its term in the catalogue.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Full => "full",
            Tier::Provider => "provider",
            Tier::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<Tier> {
        [Tier::Full, Tier::Provider, Tier::Other]
            .into_iter()
            .find(|t| t.name() == s)
    }
}

/// Why a person qualified for the full rate at visitation (§ 74 a, stk. 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Sygedagpenge,
    Barselsdagpenge,
    Revalidering,
    UnsupportedEmployment,
}

impl Route {
    const NAMES: &'static [&'static str] = &[
        "sygedagpenge",
        "barselsdagpenge",
        "revalidering",
        "unsupported_employment",
    ];

    fn parse(s: &str) -> Option<Route> {
        match s {
            "sygedagpenge" => Some(Route::Sygedagpenge),
            "barselsdagpenge" => Some(Route::Barselsdagpenge),
            "revalidering" => Some(Route::Revalidering),
            "unsupported_employment" => Some(Route::UnsupportedEmployment),
            _ => None,
        }
    }

    /// The catalogue sentence that says what the person did (`text.route_<name>`).
    fn text(self) -> &'static str {
        match self {
            Route::Sygedagpenge => "text.route_sygedagpenge",
            Route::Barselsdagpenge => "text.route_barselsdagpenge",
            Route::Revalidering => "text.route_revalidering",
            Route::UnsupportedEmployment => "text.route_unsupported_employment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A tier decided by the municipality (overrides the rules below).
    pub tier: Option<Tier>,
    pub route: Option<Route>,
    /// Flex-job employment periods (first and last day, inclusive), sorted, not overlapping.
    pub fleksjob_periods: Vec<Period>,
    /// Forsørger: decides the lower tier.
    pub provider: Option<bool>,
    /// Wage income in the month (incl. pension), which reduces the benefit.
    pub wage_income: Decimal,
    /// The day the person reached the fleksydelse age, if they have.
    pub fleksydelse_age_date: Option<NaiveDate>,
}

/// The parameters of one rule-set version, read once when the rule set is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// The tiers' rates; a version may lack a tier whose amount was not found.
    pub rate_full: Option<Param<Decimal>>,
    pub rate_provider: Option<Param<Decimal>>,
    pub rate_other: Option<Param<Decimal>>,
    pub threshold: Param<Decimal>,
    pub low_rate: Param<Rate>,
    pub high_rate: Param<Rate>,
    pub qualifying_months: Param<Decimal>,
    pub qualifying_window: Param<u32>,
    pub months_after_age: Param<u32>,
    pub round_deduction: Param<Rounding>,
    /// The version's name and its notes (why a tier is missing), for refusals.
    pub version: String,
    pub notes: Value,
}

/// The month's amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub tier: Tier,
    /// Months in a flex-job within the window (when a history was given).
    pub fleksjob_months: Option<Decimal>,
    pub rate: Decimal,
    pub wage_income: Decimal,
    pub deduction_low: Decimal,
    pub deduction_high: Decimal,
    pub deduction: Decimal,
    pub payment: Decimal,
}

/// Why the tier applies (for the explanation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Given,
    Route(Route),
    Months,
    Lower,
    /// More than `months_after_fleksydelse_age` months after the fleksydelse age.
    PastAge,
}

impl Scheme for Ledighedsydelse {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "ledighedsydelse",
        family: "fleksjob",
        selected_by: None,
        inputs: &[
            InputSpec::optional("tier", InputKind::Choice(Tier::NAMES)),
            InputSpec::optional("qualifying_route", InputKind::Choice(Route::NAMES)),
            InputSpec::optional("fleksjob_periods", InputKind::Text),
            InputSpec::optional("provider", InputKind::Flag),
            InputSpec::default(
                "wage_income",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
                "0",
            ),
            InputSpec::optional("fleksydelse_age_date", InputKind::Date),
        ],
        results: &[
            OutputSpec::outcome("tier"),
            OutputSpec::intermediate("fleksjob_months"),
            OutputSpec::intermediate("rate"),
            OutputSpec::outcome("deduction"),
            OutputSpec::outcome("payment"),
        ],
        headline: "payment",
        compile: crate::model::scheme::compile::<Ledighedsydelse>,
        parameters: &[
            optional_param(
                "rate_full",
                Unit::KrPerMonth,
                "the full rate per month (89 % of the højeste dagpengebeløb, or the figure published)",
            ),
            optional_param(
                "rate_provider",
                Unit::KrPerMonth,
                "the kontanthjælp-level rate per month for a provider (forsørger)",
            ),
            optional_param(
                "rate_other",
                Unit::KrPerMonth,
                "the kontanthjælp-level rate per month for others",
            ),
            param(
                "threshold",
                Unit::KrPerMonth,
                "the monthly wage income up to which the low deduction rate applies",
            ),
            param(
                "low_rate",
                Unit::Percent,
                "the deduction rate on wage income up to the threshold",
            ),
            param(
                "high_rate",
                Unit::Percent,
                "the deduction rate on wage income above the threshold",
            ),
            param(
                "qualifying_months",
                Unit::Months,
                "months in a flex-job that give the full rate",
            ),
            param(
                "qualifying_window",
                Unit::Months,
                "the window, in months before the benefit month, in which they count",
            ),
            param(
                "months_after_fleksydelse_age",
                Unit::Months,
                "months the rate continues after the person reaches the fleksydelse age; then the kontanthjælp level for others",
            ),
        ],
        roundings: &[item("deduction", "the deduction for wage income")],
        rules: &[
            item("tier", "which rate applies"),
            item("rate", "the amount of the rate"),
            item("deduction", "the deduction for wage income"),
        ],
    };

    /// The history's own notation; every other field is read by its declaration.
    fn read(f: &mut Fields) -> Option<Input> {
        let fleksjob_periods = match f.text("fleksjob_periods").map(periods::parse) {
            None => Vec::new(),
            Some(Ok(p)) => p,
            Some(Err(said)) => {
                f.fail("fleksjob_periods", said);
                return None;
            }
        };
        Some(Input {
            tier: f.choice("tier").and_then(Tier::parse),
            route: f.choice("qualifying_route").and_then(Route::parse),
            fleksjob_periods,
            provider: f.flag("provider"),
            wage_income: f.amount_of("wage_income").unwrap_or_default(),
            fleksydelse_age_date: f.date("fleksydelse_age_date"),
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        Ok(Params {
            rate_full: r.optional("rate_full", ParamReader::decimal),
            rate_provider: r.optional("rate_provider", ParamReader::decimal),
            rate_other: r.optional("rate_other", ParamReader::decimal),
            threshold: r.decimal("threshold")?,
            low_rate: r.rate("low_rate")?,
            high_rate: r.rate("high_rate")?,
            qualifying_months: r.decimal("qualifying_months")?,
            qualifying_window: r.whole("qualifying_window")?,
            months_after_age: r.whole("months_after_fleksydelse_age")?,
            round_deduction: r.rounding("deduction")?,
            version: r.version().to_string(),
            notes: r
                .rule_set()
                .notes_value()
                .unwrap_or_else(|| Value::Text(String::new())),
        })
    }

    /// One month's ledighedsydelse (aktivloven §§ 74 a, 74 d).
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let month = c.month;
        // After the fleksydelse age the rate continues for a number of months, counted from the
        // month after the birthday month; beyond them the kontanthjælp level for others applies
        // (bm.dk, IDA: "60 %"; rk.dk: "minimumssatsen"). A date after the month has not been
        // reached yet, and changes nothing.
        let mut past_age = false;
        if let Some(date) = i.fleksydelse_age_date.filter(|d| Month::of(*d) <= month) {
            let months = c.get(&p.months_after_age);
            let last = Month::of(date).plus_months(months);
            past_age = month > last;
            c.step("tier", "fleksydelse_age", |s| {
                s.value(Value::Month(last))
                    .said(if past_age {
                        "text.fleksydelse_age_past"
                    } else {
                        "text.fleksydelse_age"
                    })
                    .input("fleksydelse_age_date", Value::Date(date))
                    .input("months_after_fleksydelse_age", Value::months(months))
                    .arg("last", Value::Month(last));
            });
        }

        // § 74 a: the months in a flex-job within the window, where a history is given.
        let history: Option<(Employed, u32, Decimal)> = if i.fleksjob_periods.is_empty() {
            None
        } else {
            let window = c.get(&p.qualifying_window);
            let employed = periods::months_employed(&i.fleksjob_periods, month, window)
                .ok_or_else(|| Refusal::overflow("fleksjob_months").field("fleksjob_periods"))?;
            Some((employed, window, c.get(&p.qualifying_months)))
        };
        let (tier, why) = match (i.tier, i.route) {
            _ if past_age => (Tier::Other, Why::PastAge),
            (Some(t), _) => (t, Why::Given),
            (None, Some(r)) => (Tier::Full, Why::Route(r)),
            _ if history.is_some_and(|(e, _, q)| e.months >= q) => (Tier::Full, Why::Months),
            _ => match i.provider {
                Some(true) => (Tier::Provider, Why::Lower),
                Some(false) => (Tier::Other, Why::Lower),
                None => {
                    return Err(
                        Refusal::new(c.scheme, "refusal.provider_unknown").field("provider")
                    );
                }
            },
        };
        c.step("tier", "tier", |s| {
            let scope = s.scope;
            s.value(Value::word(scope, tier.name()));
            match (why, tier, history.is_some()) {
                (Why::PastAge, ..) => s.said("text.tier_past_age"),
                (Why::Given, ..) => s.said("text.tier_given"),
                (Why::Route(r), ..) => s
                    .said("text.tier_route")
                    .arg("route", Value::said(Said::new(scope, r.text()))),
                (Why::Months, ..) => s.said("text.tier_months"),
                (_, Tier::Provider, false) => s.said("text.tier_provider"),
                (_, Tier::Provider, true) => s.said("text.tier_provider_months"),
                (..) if history.is_some() => s.said("text.tier_other_months"),
                (..) => s.said("text.tier_other"),
            };
            if let Some((e, window, q)) = history {
                s.input("fleksjob_months", Value::months(e.months))
                    .input("qualifying_months", Value::months(q))
                    .input("qualifying_window", Value::months(window))
                    .arg("from", Value::Date(e.from))
                    .arg("to", Value::Date(e.to));
            }
        });

        // § 74 a: the rate of the tier.
        let (key, rate) = match tier {
            Tier::Full => ("rate_full", &p.rate_full),
            Tier::Provider => ("rate_provider", &p.rate_provider),
            Tier::Other => ("rate_other", &p.rate_other),
        };
        let Some(rate) = rate else {
            return Err(Refusal::new(c.scheme, "refusal.tier_missing")
                .with("tier", Value::word(c.scheme, tier.name()))
                .with("month", Value::Month(month))
                .with("rule_set", Value::Text(p.version.clone()))
                .with("why", p.notes.clone()));
        };
        let rate = c.param(rate);
        let rate = c.amount("rate", key, rate)?;

        // § 74 d: wage income is deducted at the low rate up to the threshold and the high
        // rate above it.
        let income = c.kr("wage_income", i.wage_income);
        let (low, high, threshold) = (
            c.rate(&p.low_rate),
            c.rate(&p.high_rate),
            c.param(&p.threshold),
        );
        let deduction_low = c.amount(
            "deduction",
            "deduction_low",
            low * income.clone().min(threshold.clone()),
        )?;
        let deduction_high = c.amount(
            "deduction",
            "deduction_high",
            high * (income - threshold).at_least_zero(),
        )?;
        let deduction = c.amount(
            "deduction",
            "deduction",
            (deduction_low.clone() + deduction_high.clone()).rounded(&p.round_deduction),
        )?;
        let payment = c.amount(
            "deduction",
            "payment",
            (rate.clone() - deduction.clone()).at_least_zero(),
        )?;

        let kr = |x: &crate::model::XOf<R>| x.value().unwrap_or_default();
        Ok(Output {
            tier,
            fleksjob_months: history.map(|(e, ..)| e.months),
            rate: kr(&rate),
            wage_income: i.wage_income,
            deduction_low: kr(&deduction_low),
            deduction_high: kr(&deduction_high),
            deduction: kr(&deduction),
            payment: kr(&payment),
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("tier", Value::word("ledighedsydelse", o.tier.name())),
            (
                "fleksjob_months",
                o.fleksjob_months
                    .map_or(Value::None, |m| Value::Measure(m, Measure::Months)),
            ),
            ("rate", Value::Amount(o.rate)),
            ("deduction", Value::Amount(o.deduction)),
            ("payment", Value::Amount(o.payment)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::Case;
    use crate::text::Lang;

    fn engine() -> Engine {
        Engine::bundled().expect("bundled rules load")
    }

    fn case(input: &str) -> Result<Case, String> {
        let text = format!("scheme = \"ledighedsydelse\"\nmonth = \"2024-03\"\n[input]\n{input}");
        let src = crate::source::diag::SourceText::new("test.toml", text);
        crate::engine::case::parse(&src, crate::engine::case::Format::Toml)
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn a_history_that_overlaps_is_refused_at_its_field() {
        let err = case("fleksjob_periods = \"2023-01-01/2023-03-31, 2023-03-01/2023-04-30\"\nprovider = true\n")
            .unwrap_err();
        assert!(err.contains("fleksjob_periods"), "{err}");
        assert!(err.contains("overlaps"), "{err}");
    }

    #[test]
    fn the_tier_is_explained_in_both_languages() {
        let e = engine();
        for input in [
            "fleksjob_periods = \"2023-06-02/2024-02-29\"\nprovider = true\n",
            "fleksjob_periods = \"2023-06-02/2024-02-29\"\nprovider = false\n",
            "provider = false\n",
            "qualifying_route = \"unsupported_employment\"\n",
            "tier = \"other\"\nfleksjob_periods = \"2022-09-01/2023-08-31\"\n",
            "provider = true\nfleksydelse_age_date = \"2024-01-31\"\n",
            "provider = true\nfleksydelse_age_date = \"2024-05-31\"\n",
        ] {
            let o = e.calculate(case(input).unwrap()).unwrap();
            for lang in Lang::ALL {
                for step in &o.trace {
                    let w = crate::render::write_step(step, lang);
                    let text = format!("{} {}", w.label, w.formula);
                    assert!(
                        !text.contains("missing text") && !text.contains("?}"),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_fleksydelse_age_counts_only_once_reached() {
        let e = engine();
        let reached = |date: &str| {
            let input = format!("provider = true\nfleksydelse_age_date = \"{date}\"\n");
            e.calculate(case(&input).unwrap())
                .map(|o| o.trace.iter().any(|s| s.key == "fleksydelse_age"))
                .map_err(|d| d.message)
        };
        // Reached in March 2024 itself, or in September 2023 (the sixth month after is March).
        assert_eq!(reached("2024-03-31"), Ok(true));
        assert_eq!(reached("2023-09-01"), Ok(true));
        // Not reached yet: no step, no refusal.
        assert_eq!(reached("2024-04-01"), Ok(false));
        // Reached in August 2023: March 2024 is the seventh month after, at the kontanthjælp
        // level for others whatever the tier.
        assert_eq!(reached("2023-08-31"), Ok(true));
        let input = "tier = \"full\"\nfleksydelse_age_date = \"2023-08-31\"\n";
        let o = e.calculate(case(input).unwrap()).unwrap();
        assert_eq!(
            o.result.fields()[0].1,
            crate::values::value::Value::word("ledighedsydelse", "other")
        );
    }

    #[test]
    fn without_a_route_or_history_the_provider_flag_is_needed() {
        let e = engine();
        let err = e
            .calculate(case("wage_income = 100\n").unwrap())
            .unwrap_err();
        assert_eq!(err.field, "input.provider");
        assert!(err.message.contains("`provider`"), "{}", err.message);
    }

    #[test]
    fn a_case_needing_a_missing_tier_is_refused_naming_it() {
        let e = engine();
        let at = |month: &str, input: &str| {
            let text =
                format!("scheme = \"ledighedsydelse\"\nmonth = \"{month}\"\n[input]\n{input}");
            let src = crate::source::diag::SourceText::new("test.toml", text);
            let case = crate::engine::case::parse(&src, crate::engine::case::Format::Toml)
                .expect("case parses");
            e.calculate(case)
        };
        for (month, input, tier) in [
            (
                "2026-11",
                "provider = true\n",
                "kontanthjælp level, provider",
            ),
            (
                "2025-03",
                "provider = false\n",
                "kontanthjælp level, not a provider",
            ),
            (
                "2025-09",
                "provider = true\n",
                "kontanthjælp level, provider",
            ),
            (
                "2026-03",
                "tier = \"full\"\nfleksydelse_age_date = \"2025-06-30\"\n",
                "kontanthjælp level, not a provider",
            ),
        ] {
            let err = at(month, input).unwrap_err();
            assert!(err.message.contains(tier), "{month}: {}", err.message);
            assert!(
                err.message.contains("NOT FOUND"),
                "{month}: {}",
                err.message
            );
        }
        // The tier the version holds computes.
        for month in ["2025-03", "2025-09", "2026-11", "2019-05"] {
            at(month, "qualifying_route = \"sygedagpenge\"\n").expect(month);
        }
    }
}
