//! **The dagpengesats** (arbejdsløshedsforsikringsloven § 48, §§ 47 and 70; bekendtgørelse om
//! beregning af dagpengesatsen): a member's monthly dagpenge rate from the income before
//! unemployment, for rates computed from 1 July 2017.
//!
//! Each month's income is the A- and B-income subject to arbejdsmarkedsbidrag, less that
//! bidrag, plus the member's own pension and ATP contributions (§ 48 stk. 1 nr. 1). The rate is
//! 90 % of the average of the 12 months with the highest income within the 24 months before the
//! month of the calculation (BEK § 7; with income in fewer months, their average; with none, the
//! 36 months), rounded to whole kroner (BEK § 9 stk. 4) and at most the highest amount (§ 47,
//! part-time § 70). The beskæftigelsestillæg (from 1 May 2023) allows up to 118,86 % of the
//! highest amount, still at most the 90 % (BEK § 17 stk. 1), when the computed rate exceeds the
//! highest amount (stk. 2 nr. 3); the tillæg's other conditions are the a-kasse's to assess.
//!
//! The rate goes on into `dagpenge` as its `monthly_rate` (and `supplement_rate`).

use rust_decimal::Decimal;

use super::dagpenge::history::{self, Kind};
use crate::model::{Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, item, optional_item, optional_param, param,
};
use crate::values::month::Month;
use crate::values::value::{Said, Value};

const SCOPE: &str = "dagpengesats";

/// The scheme (see the module documentation).
pub struct Dagpengesats;

/// One month's income as § 48 stk. 1 nr. 1 counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Income {
    /// A- and B-income subject to arbejdsmarkedsbidrag.
    pub income: Decimal,
    /// The member's own pension contribution.
    pub pension: Decimal,
    /// The member's own ATP contribution.
    pub atp: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub part_time: bool,
    /// The months with income, in order, each once.
    pub incomes: Vec<(Month, Income)>,
    /// The member meets the beskæftigelsestillæg's conditions other than the rate's (BEK § 17
    /// stk. 2 nr. 1-2), as the a-kasse has found.
    pub supplement: bool,
}

/// The highest amounts of the beskæftigelsestillæg (from 1 May 2023).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplement {
    pub from: Param<chrono::NaiveDate>,
    pub max_full_time: Param<Decimal>,
    pub max_part_time: Param<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub max_full_time: Param<Decimal>,
    pub max_part_time: Param<Decimal>,
    pub am_contribution: Param<Rate>,
    pub rate_share: Param<Rate>,
    pub best_months: Param<u32>,
    pub window_months: Param<u32>,
    pub fallback_window_months: Param<u32>,
    pub supplement: Option<Supplement>,
    pub round_monthly_rate: Param<crate::values::rounding::Rounding>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub monthly_rate: Decimal,
    pub supplement_rate: Option<Decimal>,
    pub capped: bool,
    pub rate_before_cap: Decimal,
    pub average_income: Decimal,
    pub months_counted: u32,
    pub window_months: u32,
}

/// The figures of one month: `income 27500, pension 1500, atp 99`.
fn record(what: &str, entry: &str) -> Result<Income, Said> {
    let mut r = Income::default();
    let mut seen: Vec<&str> = Vec::new();
    for part in history::figures(what) {
        let (figure, text) = part.split_once(' ').ok_or_else(|| {
            history::problem("input_error.entry_figure", entry)
                .with("part", Value::Text(part.to_string()))
        })?;
        let (figure, text) = (figure.trim(), text.trim());
        let slot = match figure {
            "income" => &mut r.income,
            "pension" => &mut r.pension,
            "atp" => &mut r.atp,
            _ => {
                return Err(history::problem("input_error.entry_unknown", entry)
                    .with("figure", Value::Text(figure.to_string()))
                    .with("figures", Value::Text("income, pension, atp".to_string())));
            }
        };
        if seen.contains(&figure) {
            return Err(history::problem("input_error.entry_repeated", entry)
                .with("figure", Value::Text(figure.to_string())));
        }
        seen.push(figure);
        *slot = history::value(figure, Kind::Amount, text, entry)?;
    }
    Ok(r)
}

/// A month, or a range of months as a history writes it.
fn span(a: Month, b: Month) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}/{b}")
    }
}

impl Scheme for Dagpengesats {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: "dagpengesats",
        family: "dagpenge",
        selected_by: None,
        inputs: &[
            InputSpec::required("insurance", InputKind::Choice(&["full_time", "part_time"])),
            InputSpec::required("incomes", InputKind::Text),
            InputSpec::default("supplement", InputKind::Flag, "false"),
        ],
        results: &[
            OutputSpec::outcome("monthly_rate"),
            OutputSpec::outcome("supplement_rate"),
            OutputSpec::outcome("capped"),
            OutputSpec::intermediate("rate_before_cap"),
            OutputSpec::intermediate("average_income"),
            OutputSpec::intermediate("months_counted"),
            OutputSpec::intermediate("window_months"),
        ],
        headline: "monthly_rate",
        parameters: &[
            param(
                "max_monthly_full_time",
                Unit::KrPerMonth,
                "the highest amount a month, full-time (§ 47)",
            ),
            param(
                "max_monthly_part_time",
                Unit::KrPerMonth,
                "the highest amount a month, part-time (§ 70)",
            ),
            param(
                "am_contribution",
                Unit::Percent,
                "arbejdsmarkedsbidrag, deducted from the income subject to it",
            ),
            param(
                "rate_share",
                Unit::Percent,
                "the share of the average income the rate is",
            ),
            param(
                "best_months",
                Unit::Months,
                "the months with the highest income that are averaged",
            ),
            param(
                "window_months",
                Unit::Months,
                "the months before the calculation they are chosen from",
            ),
            param(
                "fallback_window_months",
                Unit::Months,
                "the months looked back over when the window has no income",
            ),
            optional_param(
                "supplement_from",
                Unit::Date,
                "the first day of the beskæftigelsestillæg",
            ),
            optional_param(
                "supplement_max_full_time",
                Unit::KrPerMonth,
                "the highest amount with the beskæftigelsestillæg, full-time",
            ),
            optional_param(
                "supplement_max_part_time",
                Unit::KrPerMonth,
                "the highest amount with the beskæftigelsestillæg, part-time",
            ),
        ],
        roundings: &[item("monthly_rate", "the computed monthly rate")],
        rules: &[
            item("period", "the months whose income is averaged"),
            item("income", "the average income after arbejdsmarkedsbidrag"),
            item(
                "rate",
                "the rate: the share of the income, at most the highest amount",
            ),
            optional_item("supplement", "the rate with the beskæftigelsestillæg"),
        ],
        compile: crate::model::scheme::compile::<Dagpengesats>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let part_time = f.choice("insurance").map(|c| c == "part_time");
        let incomes = match f.text("incomes").map(|t| history::parse_with(t, record)) {
            Some(Ok(h)) => Some(h),
            Some(Err(said)) => {
                f.fail("incomes", said);
                None
            }
            None => None,
        };
        Some(Input {
            part_time: part_time?,
            incomes: incomes?,
            supplement: f.flag("supplement").unwrap_or(false),
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        let supplement = match (
            r.optional("supplement_from", ParamReader::date),
            r.optional("supplement_max_full_time", ParamReader::decimal),
            r.optional("supplement_max_part_time", ParamReader::decimal),
        ) {
            (Some(from), Some(max_full_time), Some(max_part_time)) => Some(Supplement {
                from,
                max_full_time,
                max_part_time,
            }),
            (None, None, None) => None,
            _ => return Err("all three supplement parameters, or none".into()),
        };
        Ok(Params {
            max_full_time: r.decimal("max_monthly_full_time")?,
            max_part_time: r.decimal("max_monthly_part_time")?,
            am_contribution: r.rate("am_contribution")?,
            rate_share: r.rate("rate_share")?,
            best_months: r.whole("best_months")?,
            window_months: r.whole("window_months")?,
            fallback_window_months: r.whole("fallback_window_months")?,
            supplement,
            round_monthly_rate: r.rounding("monthly_rate")?,
            version: r.version().to_string(),
        })
    }

    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let month = c.month;
        // BEK § 7: the months before the calculation's month; with no income in the window, the
        // longer one; with income in fewer months than `best_months`, those months. Each month
        // with its income as § 48 counts it, computed once (comparing recomputed figures in the
        // sort was a third of a batch).
        let am = c.get(&p.am_contribution).fraction;
        let in_window = |months: u32| -> Vec<(Decimal, Month, Income)> {
            let first = month.index() - i64::from(months);
            (i.incomes.iter())
                .filter(|(m, r)| {
                    m.index() >= first && *m < month && !(r.income + r.pension + r.atp).is_zero()
                })
                .map(|&(m, r)| (r.income - r.income * am + r.pension + r.atp, m, r))
                .collect()
        };
        let window = c.get(&p.window_months);
        let fallback = c.get(&p.fallback_window_months);
        let (window, mut ranked) = match in_window(window) {
            m if !m.is_empty() => (window, m),
            _ => (fallback, in_window(fallback)),
        };
        let first_month = Month::of(
            month
                .first_day()
                .checked_sub_months(chrono::Months::new(window))
                .unwrap_or(month.first_day()),
        );
        let last_month = Month::of(month.first_day().pred_opt().unwrap_or(month.first_day()));
        // Income of the calculation's month or later is not counted: said, never dropped
        // silently.
        if i.incomes
            .iter()
            .any(|(m, r)| *m >= month && !r.income.is_zero())
        {
            c.note(|| Said::new(SCOPE, "note.later_months").with("month", Value::Month(month)));
        }
        if ranked.is_empty() {
            return Err(Refusal::new(SCOPE, "refusal.no_income")
                .with("months", Value::Number(Decimal::from(window)))
                .with("first", Value::Month(first_month))
                .with("last", Value::Month(last_month))
                .field("incomes"));
        }
        // The highest first, the earlier month first among equals (any choice gives the same
        // sum; months are unique, so the order is total). The sums below are taken again from
        // the months' own figures, exactly, in month order.
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(c.get(&p.best_months) as usize);
        ranked.sort_unstable_by_key(|(_, m, _)| *m);
        let months: Vec<(Month, Income)> = ranked.into_iter().map(|(_, m, r)| (m, r)).collect();
        let n = u32::try_from(months.len()).unwrap_or(u32::MAX);
        c.step("period", "months_counted", |s| {
            // Runs of consecutive months as ranges, as histories write them (`2022-09/2023-08`).
            let mut list: Vec<String> = Vec::new();
            let mut run: Option<(Month, Month)> = None;
            for &(m, _) in &months {
                run = match run {
                    Some((a, b)) if b.next() == m => Some((a, m)),
                    Some((a, b)) => {
                        list.push(span(a, b));
                        Some((m, m))
                    }
                    None => Some((m, m)),
                };
            }
            if let Some((a, b)) = run {
                list.push(span(a, b));
            }
            s.value(Value::months(n))
                .said("text.months_counted")
                .arg("months", Value::Text(list.join(", ")))
                .arg("count", Value::Number(Decimal::from(n)))
                .arg("window", Value::Number(Decimal::from(window)))
                .arg("first", Value::Month(first_month))
                .arg("last", Value::Month(last_month));
        });

        // § 48 stk. 1 nr. 1: the income less arbejdsmarkedsbidrag, plus own pension and ATP.
        let sum = |f: fn(&Income) -> Decimal| {
            months
                .iter()
                .try_fold(Decimal::ZERO, |acc, (_, r)| acc.checked_add(f(r)))
        };
        let overflow = || Refusal::overflow("income_sum");
        let (income, pension, atp) = (
            sum(|r| r.income).ok_or_else(overflow)?,
            sum(|r| r.pension).ok_or_else(overflow)?,
            sum(|r| r.atp).ok_or_else(overflow)?,
        );
        let income_sum = c.amount("income", "income_sum", c.kr("income", income))?;
        let am_bidrag = c.rate(&p.am_contribution) * income_sum.clone();
        let am_bidrag = c.amount("income", "am_contribution", am_bidrag)?;
        let mut basis = income_sum - am_bidrag;
        if !pension.is_zero() {
            basis = basis + c.kr("pension", pension);
        }
        if !atp.is_zero() {
            basis = basis + c.kr("atp", atp);
        }
        let basis = c.amount("income", "basis_sum", basis)?;
        let average = c.amount(
            "income",
            "average_income",
            basis
                / c.measure(
                    "months_counted",
                    Decimal::from(n),
                    crate::values::value::Measure::Months,
                ),
        )?;

        // BEK § 9: 90 % of it, to whole kroner, at most the highest amount (§ 47, § 70).
        let computed = (c.rate(&p.rate_share) * average.clone()).rounded(&p.round_monthly_rate);
        let computed = c.amount("rate", "rate_before_cap", computed)?;
        let max = if i.part_time {
            &p.max_part_time
        } else {
            &p.max_full_time
        };
        let computed_kr = computed.value().unwrap_or_default();
        let capped = computed_kr > max.value();
        let key = if capped {
            "monthly_rate_capped"
        } else {
            "monthly_rate"
        };
        let rate = computed.clone().min(c.param(max));
        let rate = c.amount("rate", key, rate)?;
        let monthly_rate = rate.value().unwrap_or_default();

        // BEK § 17: up to the tillæg's highest amount, when the rate computed exceeds the
        // highest amount (stk. 2 nr. 3); the other conditions are the a-kasse's.
        let supplement_rate = if i.supplement {
            let Some(s) = p
                .supplement
                .as_ref()
                .filter(|s| month.first_day() >= c.get(&s.from))
            else {
                return Err(match &p.supplement {
                    Some(s) => Refusal::new(SCOPE, "refusal.supplement_too_early")
                        .with("from", Value::Date(s.from.value())),
                    None => Refusal::new(SCOPE, "refusal.supplement_not_in_version")
                        .with("version", Value::Text(p.version.clone())),
                }
                .field("supplement"));
            };
            if capped {
                let max = if i.part_time {
                    &s.max_part_time
                } else {
                    &s.max_full_time
                };
                let raised = computed.min(c.param(max));
                let raised = c.amount("supplement", "supplement_rate", raised)?;
                Some(raised.value().unwrap_or_default())
            } else {
                c.step("supplement", "no_supplement", |s| {
                    s.value(Value::None).said("text.no_supplement");
                });
                None
            }
        } else {
            None
        };

        Ok(Output {
            monthly_rate,
            supplement_rate,
            capped,
            rate_before_cap: computed_kr,
            average_income: average.value().unwrap_or_default(),
            months_counted: n,
            window_months: window,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("monthly_rate", Value::Amount(o.monthly_rate)),
            (
                "supplement_rate",
                o.supplement_rate.map_or(Value::None, Value::Amount),
            ),
            ("capped", Value::Bool(o.capped)),
            ("rate_before_cap", Value::Amount(o.rate_before_cap)),
            ("average_income", Value::Amount(o.average_income)),
            ("months_counted", Value::months(o.months_counted)),
            ("window_months", Value::months(o.window_months)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::engine::case::{Case, Format, parse};
    use crate::source::diag::SourceText;
    use crate::text::Lang;
    use crate::text::format::say;

    fn case(month: &str, input: &str) -> Case {
        let text = format!("scheme = \"dagpengesats\"\nmonth = \"{month}\"\n[input]\n{input}");
        parse(&SourceText::new("test.toml", text), Format::Toml).expect("case parses")
    }

    fn rate(e: &Engine, month: &str, input: &str) -> Result<String, String> {
        e.calculate(case(month, input))
            .map(|o| {
                (o.result.fields().into_iter())
                    .find(|(n, _)| *n == "monthly_rate")
                    .and_then(|(_, v)| v.number())
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
            .map_err(|e| e.message)
    }

    /// What the rate cannot be computed from is refused, naming why; income of the month
    /// itself or later is not counted and the result says so.
    #[test]
    fn refusals_and_the_months_counted() {
        let e = Engine::bundled().expect("bundled rules load");
        let full = "insurance = \"full_time\"\n";
        // Nothing in 36 months: no rate from income.
        let err = rate(
            &e,
            "2025-03",
            &format!("{full}incomes = \"2020-01: income 30000\""),
        );
        assert!(
            err.as_ref().is_err_and(|m| m.contains("36 months")),
            "{err:?}"
        );
        // The tillæg before 1 May 2023, and in a version without it.
        let rich = format!("{full}incomes = \"2022-01: income 45000\"\nsupplement = true");
        let err = rate(&e, "2023-03", &rich);
        assert!(
            err.as_ref().is_err_and(|m| m.contains("2023-05-01")),
            "{err:?}"
        );
        let err = rate(&e, "2022-03", &rich.replace("2022-01", "2021-01"));
        assert!(err.as_ref().is_err_and(|m| m.contains("2022")), "{err:?}");
        // 2027's highest amounts are not published: refused, not 2026's carried forward.
        let err = rate(
            &e,
            "2027-02",
            &format!("{full}incomes = \"2026-01: income 30000\""),
        );
        assert!(err.as_ref().is_err_and(|m| m.contains("2027")), "{err:?}");
        // The calculation's month does not count: 10.000 in March 2025 would lower nothing
        // but the divisor; only February's 20.000 counts (20.000 × 0,92 × 0,9 = 16.560).
        let input = format!("{full}incomes = \"2025-02: income 20000; 2025-03: income 10000\"");
        assert_eq!(rate(&e, "2025-03", &input), Ok("16560".to_string()));
        let o = e.calculate(case("2025-03", &input)).expect("computes");
        let notes: Vec<String> = o.notes.iter().map(|n| say(n, Lang::Da)).collect();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("marts 2025") || n.contains("2025-03")),
            "{notes:?}"
        );
        // The 12 best months of the 24, not the latest: 12 × 30.000 early, 12 × 10.000 late.
        let input = format!(
            "{full}incomes = \"2023-03/2024-02: income 30000; 2024-03/2025-02: income 10000\""
        );
        assert_eq!(rate(&e, "2025-03", &input), Ok("21092".to_string()));
    }
}
