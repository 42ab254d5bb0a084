//! **Statsrefusion** (the refusionstrappe): the state's refund of a benefit the municipality
//! pays, per person and month, from 4 January 2016 (lov om kommunernes finansiering af visse
//! offentlige ydelser udbetalt af kommunerne, Udbetaling Danmark og arbejdsløshedskasserne, lov
//! nr. 994 af 30/8/2015; LBK nr. 221 af 12/2/2021).
//!
//! - § 3 lists the benefits; § 2 says which the state refunds to the municipality (§ 5, stk. 2)
//!   and which the municipality co-finances (dagpenge, § 5, stk. 3).
//! - § 5, stk. 2: the refund is 80 % in the first 4 weeks with benefits, 40 % in weeks 5-26, 30 %
//!   in weeks 27-52 and 20 % from week 53 — counted over the person's weeks with any of the
//!   benefits, from 1 July 2014 (§ 30, stk. 1). Co-financing of dagpenge: 20/60/70/80 %.
//! - § 6: the count starts again when the person, after the first week with benefits, has had
//!   52 whole calendar weeks of self-support within the last 3 years.
//! - § 30, stk. 2-3: for ledighedsydelse and fleksløntilskud, §§ 5-7 apply to persons visiteret
//!   til fleksjob on 1 July 2014 or later; earlier visitations are refused (stk. 3 not read).
//! - § 7: at the 20 % step, fleksløntilskud earns the municipality a særligt fleksbidrag; its
//!   regulated yearly maximum was not found, so the result says it is due without its amount.
//!
//! A month whose weeks with benefits lie on two steps is split by a convention the rule set
//! states (`split_month_by_weeks`): the law's conversion from months to weeks (§ 5, stk. 5 and
//! its bekendtgørelse) was not found.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Calc, Fields, Param, ParamError, ParamReader, Rate, Recorder, Refusal, Scheme, X, XOf,
};
use crate::rules::spec::{
    InputKind, InputSpec, OutputSpec, SchemeSpec, Unit, bounds, item, optional_param, param,
};
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

/// The scheme (see the module documentation).
pub struct Statsrefusion;

const NAME: &str = "statsrefusion";

/// The benefits a case may name, in § 3's order.
pub const BENEFITS: &[&str] = &[
    "dagpenge",
    "kontanthjaelp",
    "sygedagpenge",
    "ledighedsydelse",
    "ressourceforloebsydelse",
    "fleksloentilskud",
    "loentilskud",
];

/// The most weeks with benefits a count can hold: 100 years.
const MAX_WEEKS: u32 = 5_300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub benefit: &'static str,
    /// The municipality's expense for the month (dagpenge: after ATP, before tax, § 5, stk. 4).
    pub amount: Decimal,
    /// Weeks with benefits counted before this month (since the count last started).
    pub weeks_before: u32,
    /// Weeks with benefits the month's payment covers.
    pub weeks_in_month: u32,
    /// Whole calendar weeks of self-support within the last 3 years, after the first week with
    /// benefits (§ 6).
    pub self_support_weeks: u32,
    pub visitation_date: Option<NaiveDate>,
    /// The what-if: fleksløntilskud paid next month, and the weeks it covers.
    pub next_month: Option<(Decimal, u32)>,
}

/// Refund or co-financing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Refund,
    Cofinancing,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Refund => "refund",
            Kind::Cofinancing => "cofinancing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub refund_rates: [Param<Rate>; 4],
    pub cofinancing_rates: [Param<Rate>; 4],
    pub step_last_weeks: [Param<u32>; 3],
    pub reset_weeks: Param<u32>,
    pub reset_years: Param<u32>,
    pub count_from: Param<NaiveDate>,
    pub fleksjob_visitation_from: Param<NaiveDate>,
    /// Each benefit's number in § 3, stk. 1, and whether it is refunded or co-financed; a
    /// benefit without a number is not covered by this version.
    pub numbers: Vec<(&'static str, Kind, Param<u32>)>,
    pub split: Param<bool>,
    pub round_refund: Param<Rounding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The benefit refunded (the case's), a key a caseload's totals are grouped by.
    pub benefit: &'static str,
    pub kind: Kind,
    pub section_3_nr: u32,
    pub weeks_counted: u32,
    pub first_week: u32,
    pub last_week: u32,
    pub step: u32,
    pub straddles: bool,
    pub rate: Decimal,
    pub refund: Decimal,
    pub cofinancing: Decimal,
    pub net_cost: Decimal,
    pub weeks_after: u32,
    pub fleksbidrag_due: bool,
    pub reason: Said,
    /// The what-if's refund and net cost, where the case asks for it.
    pub whatif: Option<(Decimal, Decimal)>,
}

/// The benefits the rule set may number, with the parameter that numbers them.
const NUMBERED: &[(&str, Kind, &str)] = &[
    ("dagpenge", Kind::Cofinancing, "cofinancing_nr_dagpenge"),
    ("kontanthjaelp", Kind::Refund, "refund_nr_kontanthjaelp"),
    ("sygedagpenge", Kind::Refund, "refund_nr_sygedagpenge"),
    ("ledighedsydelse", Kind::Refund, "refund_nr_ledighedsydelse"),
    (
        "ressourceforloebsydelse",
        Kind::Refund,
        "refund_nr_ressourceforloebsydelse",
    ),
    (
        "fleksloentilskud",
        Kind::Refund,
        "refund_nr_fleksloentilskud",
    ),
    ("loentilskud", Kind::Refund, "refund_nr_loentilskud"),
];

/// The benefits for persons visiteret til fleksjob (§ 30, stk. 2-3).
fn fleksjob_benefit(benefit: &str) -> bool {
    matches!(benefit, "ledighedsydelse" | "fleksloentilskud")
}

impl Scheme for Statsrefusion {
    type Input = Input;
    type Params = Params;
    type Output = Output;

    const SPEC: SchemeSpec = SchemeSpec {
        name: NAME,
        family: "refusion",
        selected_by: None,
        inputs: &[
            InputSpec::required("benefit", InputKind::Choice(BENEFITS)),
            InputSpec::required(
                "amount",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
            ),
            InputSpec::required("weeks_before", InputKind::Count { max: MAX_WEEKS }),
            // A month touches at most 6 calendar weeks.
            InputSpec::required("weeks_in_month", InputKind::Count { max: 6 }),
            // 3 years hold at most 157 calendar weeks.
            InputSpec::default("self_support_weeks", InputKind::Count { max: 157 }, "0"),
            InputSpec::optional("visitation_date", InputKind::Date),
            // The what-if: the person starts a flex-job next month.
            InputSpec::optional(
                "next_month_fleksjob_amount",
                InputKind::Amount {
                    max: bounds::KR_PER_MONTH,
                },
            ),
            InputSpec::optional("next_month_weeks", InputKind::Count { max: 6 }),
        ],
        results: &[
            OutputSpec::intermediate("benefit").grouped(),
            OutputSpec::intermediate("kind"),
            OutputSpec::intermediate("section_3_nr"),
            OutputSpec::intermediate("weeks_counted"),
            OutputSpec::intermediate("first_week"),
            OutputSpec::intermediate("last_week"),
            OutputSpec::outcome("step").grouped(),
            OutputSpec::intermediate("straddles"),
            OutputSpec::outcome("rate"),
            OutputSpec::outcome("refund"),
            OutputSpec::outcome("cofinancing"),
            OutputSpec::outcome("net_cost"),
            OutputSpec::intermediate("weeks_after"),
            OutputSpec::outcome("fleksbidrag_due"),
            OutputSpec::intermediate("reason"),
            OutputSpec::outcome("whatif_refund"),
            OutputSpec::outcome("whatif_net_cost"),
        ],
        headline: "refund",
        parameters: &[
            param("refund_rate_1", Unit::Percent, "refund in the first weeks"),
            param("refund_rate_2", Unit::Percent, "refund on the second step"),
            param("refund_rate_3", Unit::Percent, "refund on the third step"),
            param(
                "refund_rate_4",
                Unit::Percent,
                "refund after the third step",
            ),
            param(
                "cofinancing_rate_1",
                Unit::Percent,
                "co-financing in the first weeks",
            ),
            param(
                "cofinancing_rate_2",
                Unit::Percent,
                "co-financing on the second step",
            ),
            param(
                "cofinancing_rate_3",
                Unit::Percent,
                "co-financing on the third step",
            ),
            param(
                "cofinancing_rate_4",
                Unit::Percent,
                "co-financing after the third step",
            ),
            param(
                "step_1_last_week",
                Unit::Weeks,
                "the last week with benefits on the first step",
            ),
            param(
                "step_2_last_week",
                Unit::Weeks,
                "the last week with benefits on the second step",
            ),
            param(
                "step_3_last_week",
                Unit::Weeks,
                "the last week with benefits on the third step",
            ),
            param(
                "reset_self_support_weeks",
                Unit::Weeks,
                "whole calendar weeks of self-support after which the count starts again",
            ),
            param(
                "reset_window_years",
                Unit::Years,
                "the years within which those weeks count",
            ),
            param(
                "count_from",
                Unit::Date,
                "the first day whose weeks count at the act's entry into force",
            ),
            param(
                "fleksjob_visitation_from",
                Unit::Date,
                "ledighedsydelse and fleksløntilskud are on the staircase for persons visiteret from this day",
            ),
            optional_param(
                "cofinancing_nr_dagpenge",
                Unit::Count,
                "dagpenge's number in § 3, stk. 1 (co-financed)",
            ),
            optional_param(
                "refund_nr_kontanthjaelp",
                Unit::Count,
                "kontanthjælp's number in § 3, stk. 1",
            ),
            optional_param(
                "refund_nr_sygedagpenge",
                Unit::Count,
                "sygedagpenge's number in § 3, stk. 1",
            ),
            optional_param(
                "refund_nr_ledighedsydelse",
                Unit::Count,
                "ledighedsydelse's number in § 3, stk. 1",
            ),
            optional_param(
                "refund_nr_ressourceforloebsydelse",
                Unit::Count,
                "ressourceforløbsydelse's number in § 3, stk. 1",
            ),
            optional_param(
                "refund_nr_fleksloentilskud",
                Unit::Count,
                "fleksløntilskud's number in § 3, stk. 1",
            ),
            optional_param(
                "refund_nr_loentilskud",
                Unit::Count,
                "løntilskud's number in § 3, stk. 1",
            ),
            param(
                "split_month_by_weeks",
                Unit::Flag,
                "a month on two steps is shared equally over its weeks with benefits",
            ),
        ],
        roundings: &[item("refund", "the month's refund or co-financing")],
        rules: &[
            item("benefit", "which benefits are refunded or co-financed"),
            item("transition", "the flex-job benefits' transition"),
            item("count", "the weeks with benefits"),
            item("reset", "the count starts again after self-support"),
            item("refund", "the refund rate by the week's step"),
            item("cofinancing", "the co-financing rate by the week's step"),
            item("split", "a month on two steps"),
            item("net_cost", "the municipality's net cost"),
            item("fleksbidrag", "the særligt fleksbidrag"),
        ],
        compile: crate::model::scheme::compile::<Statsrefusion>,
    };

    fn read(f: &mut Fields) -> Option<Input> {
        let weeks_in_month = f.count("weeks_in_month");
        let amount = f.amount_of("amount");
        if weeks_in_month == Some(0) && amount.is_some_and(|a| !a.is_zero()) {
            f.fail(
                "weeks_in_month",
                Said::new(NAME, "input_error.no_weeks")
                    .with("amount", Value::Amount(amount.unwrap_or_default())),
            );
            return None;
        }
        let next_month = match (
            f.amount_of("next_month_fleksjob_amount"),
            f.count("next_month_weeks"),
        ) {
            (Some(a), Some(w)) if w > 0 || a.is_zero() => Some((a, w)),
            (None, None) => None,
            (Some(a), Some(_)) => {
                f.fail(
                    "next_month_weeks",
                    Said::new(NAME, "input_error.no_weeks").with("amount", Value::Amount(a)),
                );
                return None;
            }
            (Some(_), None) => {
                f.fail(
                    "next_month_weeks",
                    Said::new(NAME, "input_error.whatif_pair"),
                );
                return None;
            }
            (None, Some(_)) => {
                f.fail(
                    "next_month_fleksjob_amount",
                    Said::new(NAME, "input_error.whatif_pair"),
                );
                return None;
            }
        };
        Some(Input {
            next_month,
            benefit: f.choice("benefit")?,
            amount: amount?,
            weeks_before: f.count("weeks_before")?,
            weeks_in_month: weeks_in_month?,
            self_support_weeks: f.count("self_support_weeks")?,
            visitation_date: f.date("visitation_date"),
        })
    }

    fn params(r: &ParamReader) -> Result<Params, ParamError> {
        let mut numbers = Vec::new();
        for (benefit, kind, name) in NUMBERED {
            if let Some(p) = r.optional(name, ParamReader::whole) {
                numbers.push((*benefit, *kind, p));
            }
        }
        Ok(Params {
            refund_rates: [
                r.rate("refund_rate_1")?,
                r.rate("refund_rate_2")?,
                r.rate("refund_rate_3")?,
                r.rate("refund_rate_4")?,
            ],
            cofinancing_rates: [
                r.rate("cofinancing_rate_1")?,
                r.rate("cofinancing_rate_2")?,
                r.rate("cofinancing_rate_3")?,
                r.rate("cofinancing_rate_4")?,
            ],
            step_last_weeks: [
                r.whole("step_1_last_week")?,
                r.whole("step_2_last_week")?,
                r.whole("step_3_last_week")?,
            ],
            reset_weeks: r.whole("reset_self_support_weeks")?,
            reset_years: r.whole("reset_window_years")?,
            count_from: r.date("count_from")?,
            fleksjob_visitation_from: r.date("fleksjob_visitation_from")?,
            numbers,
            split: r.flag("split_month_by_weeks")?,
            round_refund: r.rounding("refund")?,
        })
    }

    /// One person's month: the weeks it covers, their steps, and the refund or co-financing.
    fn compute<R: Recorder>(i: &Input, p: &Params, c: &mut Calc<R>) -> Result<Output, Refusal> {
        let benefit = i.benefit;

        // § 2-3: is the benefit refunded, co-financed, or not covered by this version?
        let Some((_, kind, nr)) = p.numbers.iter().find(|(b, _, _)| *b == benefit) else {
            return Err(Refusal::new(NAME, "refusal.benefit_not_covered")
                .with("benefit", Value::word(NAME, benefit))
                .field("benefit"));
        };
        let kind = *kind;
        let nr = c.get(nr);
        c.step("benefit", "benefit", |s| {
            s.value(Value::word(NAME, kind.key()))
                .arg("benefit", Value::word(NAME, benefit))
                .said("text.benefit")
                .arg("nr", Value::Number(Decimal::from(nr)))
                .arg("kind", Value::word(NAME, kind.key()));
        });

        // § 30, stk. 2-3: the flex-job benefits are on the staircase for later visitations.
        if fleksjob_benefit(benefit) {
            visitation(i, p, c, benefit)?;
        }

        // § 6: the count starts again after 52 whole weeks of self-support within 3 years.
        let reset_weeks = c.get(&p.reset_weeks);
        let reset_years = c.get(&p.reset_years);
        let reset = i.self_support_weeks >= reset_weeks;
        let counted = if reset { 0 } else { i.weeks_before };
        let count_from = c.get(&p.count_from);
        c.step("reset", "reset", |s| {
            s.value(Value::weeks(counted))
                .said(if reset {
                    "text.reset_yes"
                } else {
                    "text.reset_no"
                })
                .input("weeks_before", Value::weeks(i.weeks_before))
                .input("self_support_weeks", Value::weeks(i.self_support_weeks))
                .arg("required", Value::weeks(reset_weeks))
                .arg("years", Value::Number(Decimal::from(reset_years)))
                .arg("count_from", Value::Date(count_from));
        });

        // § 5, stk. 2-3: this month's weeks and their steps.
        let first_week = counted.saturating_add(1);
        let last_week = counted.saturating_add(i.weeks_in_month.max(1));
        c.step("count", "weeks", |s| {
            s.value(Value::Text(format!("{first_week}-{last_week}")))
                .said("text.weeks")
                .arg("first", Value::Number(Decimal::from(first_week)))
                .arg("last", Value::Number(Decimal::from(last_week)))
                .input("weeks_in_month", Value::weeks(i.weeks_in_month));
        });
        let rates = match kind {
            Kind::Refund => &p.refund_rates,
            Kind::Cofinancing => &p.cofinancing_rates,
        };
        let key = match kind {
            Kind::Refund => "refund",
            Kind::Cofinancing => "cofinancing",
        };
        let amount = c.kr("amount", i.amount);
        let month = staircase(
            c,
            p,
            rates,
            amount.clone(),
            counted,
            i.weeks_in_month,
            key,
            key,
        )?;
        let (paid, last_step, straddles) = (month.paid, month.last_step, month.straddles);
        let step_no = last_step as u32 + 1;
        let rate = c.get(&rates[last_step]).percent;
        let paid_kr = paid.value().unwrap_or_default();

        // The municipality's net cost: what it paid less the refund, or its co-financing.
        let net = match kind {
            Kind::Refund => c.amount("net_cost", "net_cost", amount - paid)?,
            Kind::Cofinancing => c.amount("net_cost", "net_cost_cofinancing", paid)?,
        };
        let net_cost = net.value().unwrap_or_default();

        // § 7: the særligt fleksbidrag at the last step of fleksløntilskud.
        let fleksbidrag_due = benefit == "fleksloentilskud" && last_step == p.step_last_weeks.len();
        if fleksbidrag_due {
            c.step("fleksbidrag", "fleksbidrag", |s| {
                s.value(Value::Bool(true)).said("text.fleksbidrag");
            });
            c.note(|| Said::new(NAME, "note.fleksbidrag"));
        }

        // The what-if: fleksløntilskud next month continues the count (§ 5, stk. 2).
        let whatif = match i.next_month {
            None => None,
            Some((next_amount, next_weeks)) => {
                let benefit = "fleksloentilskud";
                let Some((_, _, nr)) = p.numbers.iter().find(|(b, _, _)| *b == benefit) else {
                    return Err(Refusal::new(NAME, "refusal.benefit_not_covered")
                        .with("benefit", Value::word(NAME, benefit))
                        .field("next_month_fleksjob_amount"));
                };
                let nr = c.get(nr);
                if !fleksjob_benefit(i.benefit) {
                    visitation(i, p, c, benefit)?;
                }
                let after = counted.saturating_add(i.weeks_in_month);
                c.step("count", "whatif", |s| {
                    s.value(Value::Text(format!(
                        "{}-{}",
                        after.saturating_add(1),
                        after.saturating_add(next_weeks.max(1))
                    )))
                    .said("text.whatif")
                    .arg("nr", Value::Number(Decimal::from(nr)))
                    .arg("after", Value::weeks(after))
                    .input("next_month_weeks", Value::weeks(next_weeks));
                });
                let next = c.kr("next_month_fleksjob_amount", next_amount);
                let on = staircase(
                    c,
                    p,
                    &p.refund_rates,
                    next.clone(),
                    after,
                    next_weeks,
                    "refund",
                    "whatif_refund",
                )?;
                if on.last_step == p.step_last_weeks.len() {
                    c.note(|| Said::new(NAME, "note.fleksbidrag"));
                }
                let refund = on.paid.value().unwrap_or_default();
                let net = c.amount("net_cost", "whatif_net_cost", next - on.paid)?;
                Some((refund, net.value().unwrap_or_default()))
            }
        };

        let reason = if straddles {
            Said::new(NAME, "text.reason_split")
                .with("first", Value::Number(Decimal::from(first_week)))
                .with("last", Value::Number(Decimal::from(last_week)))
        } else {
            Said::new(NAME, "text.reason")
                .with("rate", Value::Percent(rate))
                .with("kind", Value::word(NAME, kind.key()))
                .with("step", Value::Number(Decimal::from(step_no)))
                .with("first", Value::Number(Decimal::from(first_week)))
                .with("last", Value::Number(Decimal::from(last_week)))
        };
        let (refund, cofinancing) = match kind {
            Kind::Refund => (paid_kr, Decimal::ZERO),
            Kind::Cofinancing => (Decimal::ZERO, paid_kr),
        };
        Ok(Output {
            benefit: i.benefit,
            kind,
            section_3_nr: nr,
            weeks_counted: counted,
            first_week,
            last_week,
            step: step_no,
            straddles,
            rate,
            refund,
            cofinancing,
            net_cost,
            weeks_after: counted.saturating_add(i.weeks_in_month),
            fleksbidrag_due,
            reason,
            whatif,
        })
    }

    fn results(o: &Output) -> Vec<(&'static str, Value)> {
        vec![
            ("benefit", Value::Text(o.benefit.to_string())),
            ("kind", Value::word(NAME, o.kind.key())),
            ("section_3_nr", Value::Number(Decimal::from(o.section_3_nr))),
            ("weeks_counted", Value::weeks(o.weeks_counted)),
            ("first_week", Value::Number(Decimal::from(o.first_week))),
            ("last_week", Value::Number(Decimal::from(o.last_week))),
            ("step", Value::Number(Decimal::from(o.step))),
            ("straddles", Value::Bool(o.straddles)),
            ("rate", Value::Percent(o.rate)),
            ("refund", Value::Amount(o.refund)),
            ("cofinancing", Value::Amount(o.cofinancing)),
            ("net_cost", Value::Amount(o.net_cost)),
            ("weeks_after", Value::weeks(o.weeks_after)),
            ("fleksbidrag_due", Value::Bool(o.fleksbidrag_due)),
            ("reason", Value::said(o.reason.clone())),
            (
                "whatif_refund",
                o.whatif.map_or(Value::None, |(r, _)| Value::Amount(r)),
            ),
            (
                "whatif_net_cost",
                o.whatif.map_or(Value::None, |(_, n)| Value::Amount(n)),
            ),
        ]
    }
}

/// § 30, stk. 2-3: ledighedsydelse and fleksløntilskud are on the staircase for persons
/// visiteret til fleksjob from the transition day; earlier visitations are refused.
fn visitation<R: Recorder>(
    i: &Input,
    p: &Params,
    c: &mut Calc<R>,
    benefit: &'static str,
) -> Result<(), Refusal> {
    let from = c.get(&p.fleksjob_visitation_from);
    let Some(visited) = i.visitation_date else {
        return Err(Refusal::new(NAME, "refusal.visitation_missing")
            .with("benefit", Value::word(NAME, benefit))
            .with("from", Value::Date(from))
            .field("visitation_date"));
    };
    if visited < from {
        return Err(Refusal::new(NAME, "refusal.visitation_before")
            .with("benefit", Value::word(NAME, benefit))
            .with("visitation_date", Value::Date(visited))
            .with("from", Value::Date(from))
            .field("visitation_date"));
    }
    c.step("transition", "transition", |s| {
        s.value(Value::Bool(true))
            .said("text.transition")
            .input("visitation_date", Value::Date(visited))
            .arg("from", Value::Date(from));
    });
    Ok(())
}

/// One month on the staircase: its weeks' steps, and the refund or co-financing, rounded.
struct OnStairs<T> {
    paid: X<T>,
    last_step: usize,
    straddles: bool,
}

/// The refund (or co-financing) of `amount` for `weeks` weeks with benefits after `counted`
/// (§ 5, stk. 2-3); a month on two steps is shared equally over its weeks where the rule set
/// says so (`split_month_by_weeks`), else refused.
#[allow(clippy::too_many_arguments)]
fn staircase<R: Recorder>(
    c: &mut Calc<R>,
    p: &Params,
    rates: &[Param<Rate>; 4],
    amount: XOf<R>,
    counted: u32,
    weeks: u32,
    rule: &'static str,
    key: &'static str,
) -> Result<OnStairs<<R as Recorder>::Tree>, Refusal> {
    let bounds = [
        c.get(&p.step_last_weeks[0]),
        c.get(&p.step_last_weeks[1]),
        c.get(&p.step_last_weeks[2]),
    ];
    let step_of = |week: u32| -> usize {
        bounds
            .iter()
            .position(|last| week <= *last)
            .unwrap_or(bounds.len())
    };
    let first_week = counted.saturating_add(1);
    let last_week = counted.saturating_add(weeks.max(1));
    // The weeks on each step: (step index, first week, last week).
    let mut segments: Vec<(usize, u32, u32)> = Vec::new();
    if weeks > 0 {
        for week in first_week..=last_week {
            let s = step_of(week);
            match segments.last_mut() {
                Some((last, _, to)) if *last == s => *to = week,
                _ => segments.push((s, week, week)),
            }
        }
    }
    let straddles = segments.len() > 1;
    let last_step = segments.last().map_or(step_of(first_week), |s| s.0);
    let total: XOf<R> = if straddles {
        // A month on two steps: shared equally over its weeks (the rule set's convention).
        if !c.get(&p.split) {
            return Err(Refusal::new(NAME, "refusal.straddles")
                .with("first", Value::Number(Decimal::from(first_week)))
                .with("last", Value::Number(Decimal::from(last_week)))
                .field("weeks_in_month"));
        }
        let n = c.measure("weeks_in_month", Decimal::from(weeks), Measure::Weeks);
        let mut sum: Option<XOf<R>> = None;
        for (s, from, to) in &segments {
            let k = c.measure(
                "weeks_on_step",
                Decimal::from(to - from + 1),
                Measure::Weeks,
            );
            let share = c.rate(&rates[*s]) * amount.clone() * k / n.clone();
            let part = c.amount("split", "segment", share)?;
            c.with(|st| {
                st.arg("from", Value::Number(Decimal::from(*from)))
                    .arg("to", Value::Number(Decimal::from(*to)))
                    .arg("step", Value::Number(Decimal::from(*s as u32 + 1)));
            });
            sum = Some(match sum {
                Some(x) => x + part,
                None => part,
            });
        }
        sum.unwrap_or_else(|| X::lit(0))
    } else {
        c.rate(&rates[last_step]) * amount
    };
    let paid = c.amount(rule, key, total.rounded(&p.round_refund))?;
    c.with(|s| {
        s.arg("step", Value::Number(Decimal::from(last_step as u32 + 1)));
    });
    Ok(OnStairs {
        paid,
        last_step,
        straddles,
    })
}

#[cfg(test)]
mod tests {
    use crate::Engine;
    use crate::engine::case::{Format, parse};
    use crate::source::diag::SourceText;
    use crate::values::value::Value;

    fn result(month: &str, input: &str) -> Result<Vec<(&'static str, Value)>, String> {
        let e = Engine::bundled().unwrap();
        let text = format!("scheme = \"statsrefusion\"\nmonth = \"{month}\"\n[input]\n{input}\n");
        let case = parse(&SourceText::new("case.toml", text), Format::Toml).unwrap();
        e.calculate(case)
            .map(|o| o.result.fields())
            .map_err(|d| d.to_string())
    }

    fn field(fields: &[(&'static str, Value)], name: &str) -> Value {
        fields.iter().find(|(n, _)| *n == name).unwrap().1.clone()
    }

    fn amount(s: &str) -> Value {
        Value::Amount(s.parse().unwrap())
    }

    const SYG: &str = "benefit = \"sygedagpenge\"\namount = \"10000\"\nweeks_in_month = 4";

    #[test]
    fn the_steps_change_after_weeks_4_26_and_52() {
        // weeks 1-4: 80 %; 23-26: 40 %; 49-52: 30 %; 53-56: 20 % (§ 5, stk. 2).
        for (before, refund) in [
            (0, "8000.00"),
            (22, "4000.00"),
            (48, "3000.00"),
            (52, "2000.00"),
        ] {
            let r = result("2024-03", &format!("{SYG}\nweeks_before = {before}")).unwrap();
            assert_eq!(field(&r, "refund"), amount(refund), "weeks before {before}");
            assert_eq!(field(&r, "straddles"), Value::Bool(false));
        }
    }

    #[test]
    fn a_month_on_two_steps_is_split_by_its_weeks() {
        // weeks 3-6: 2 weeks at 80 % and 2 at 40 % of 2.500 each = 4.000 + 2.000.
        let r = result("2024-03", &format!("{SYG}\nweeks_before = 2")).unwrap();
        assert_eq!(field(&r, "refund"), amount("6000.00"));
        assert_eq!(field(&r, "net_cost"), amount("4000.00"));
        assert_eq!(field(&r, "straddles"), Value::Bool(true));
    }

    #[test]
    fn fifty_two_weeks_of_self_support_restart_the_count() {
        let r = result(
            "2024-03",
            &format!("{SYG}\nweeks_before = 80\nself_support_weeks = 52"),
        )
        .unwrap();
        assert_eq!(field(&r, "refund"), amount("8000.00"));
        let r = result(
            "2024-03",
            &format!("{SYG}\nweeks_before = 80\nself_support_weeks = 51"),
        )
        .unwrap();
        assert_eq!(field(&r, "refund"), amount("2000.00"));
    }

    #[test]
    fn dagpenge_are_co_financed_and_loentilskud_is_refused() {
        let r = result(
            "2024-03",
            "benefit = \"dagpenge\"\namount = \"10000\"\nweeks_in_month = 4\nweeks_before = 60",
        )
        .unwrap();
        assert_eq!(field(&r, "cofinancing"), amount("8000.00"));
        assert_eq!(field(&r, "refund"), amount("0.00"));
        assert_eq!(field(&r, "net_cost"), amount("8000.00"));
        let err = result(
            "2024-03",
            "benefit = \"loentilskud\"\namount = \"10000\"\nweeks_in_month = 4\nweeks_before = 0",
        )
        .unwrap_err();
        assert!(err.contains("løntilskud"), "{err}");
    }

    #[test]
    fn before_2016_is_not_covered_and_old_visitations_are_refused() {
        let err = result("2015-06", &format!("{SYG}\nweeks_before = 0")).unwrap_err();
        assert!(
            err.contains("not covered") || err.contains("no rule set"),
            "{err}"
        );
        let fl = "benefit = \"fleksloentilskud\"\namount = \"10000\"\nweeks_in_month = 4\nweeks_before = 0";
        let err = result(
            "2024-03",
            &format!("{fl}\nvisitation_date = \"2014-06-30\""),
        )
        .unwrap_err();
        assert!(err.contains("2014"), "{err}");
        let r = result(
            "2024-03",
            &format!("{fl}\nvisitation_date = \"2014-07-01\""),
        )
        .unwrap();
        assert_eq!(field(&r, "refund"), amount("8000.00"));
    }
}
