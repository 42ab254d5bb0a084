//! "Does working more pay?" — fleksløntilskud at several weekly hours for one hourly wage: the
//! total monthly income before and after ATP, the marginal gain per extra hour, and the reasons
//! it changes (where the wage passes the threshold and the 55 % reduction starts, where the
//! lønloft binds, where the tilskud reaches zero). Every row is an ordinary calculation; the
//! turning points are solved from the same rule set's parameters.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::engine::case::Case;
use crate::engine::{Engine, SchemeResult};
use crate::rules::RuleSetVersion;
use crate::schemes::fleksloentilskud::{Input, Output, WageBasis};
use crate::source::diag::Diagnostic;
use crate::text::Lang;
use crate::text::format::say;
use crate::values::month::Month;
use crate::values::value::{Said, Value};

/// Which part of the formula the next krone of wage meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// Wage up to the threshold: the tilskud falls by the low rate (30 %) of each extra krone.
    Low,
    /// Wage above the threshold: the tilskud falls by the high rate (55 %).
    High,
    /// The lønloft binds: wage + tilskud is the full-time wage; more wage means less tilskud.
    Capped,
    /// No tilskud is left.
    Zero,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::Low => "low_rate",
            Band::High => "high_rate",
            Band::Capped => "lonloft",
            Band::Zero => "no_tilskud",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub weekly_hours: Decimal,
    pub wage: Decimal,
    pub subsidy: Decimal,
    pub atp: Decimal,
    pub payout: Decimal,
    /// Wage + other wage income + tilskud (before the ATP withheld).
    pub income_before_atp: Decimal,
    /// Wage + other wage income + the tilskud paid out (after ATP).
    pub income_after_atp: Decimal,
    /// Extra income after ATP per extra hour worked, against the previous row (kr. per hour).
    pub gain_per_extra_hour: Option<Decimal>,
    pub band: Band,
}

/// A turning point: from how many weekly hours something changes, and what (a sentence of the
/// catalogue, `whatif.text.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurningPoint {
    pub weekly_hours: Decimal,
    pub what: Said,
}

#[derive(Debug, Clone)]
pub struct WhatIf<'e> {
    pub version: &'e RuleSetVersion,
    pub month: Month,
    pub hourly_wage: Decimal,
    pub full_time_wage: Option<Decimal>,
    pub rows: Vec<Row>,
    pub turning_points: Vec<TurningPoint>,
}

/// Hours are shown to two decimals (display only; no amount depends on it).
fn hours_shown(h: Decimal) -> Decimal {
    h.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

fn band(o: &Output, threshold: Decimal) -> Band {
    if o.subsidy.is_zero() {
        Band::Zero
    } else if o.cap_applied {
        Band::Capped
    } else if o.income > threshold {
        Band::High
    } else {
        Band::Low
    }
}

/// A what-if request as text: the page's fields as a person typed them (`danish`: amounts the
/// Danish way, `15.272,00`, weekly hours with a decimal comma or point), or the CLI's flags,
/// read as `calc`'s flags and case files read them (`15.600` has two readings and is refused).
#[derive(Debug, Clone, Default)]
pub struct Typed<'a> {
    pub danish: bool,
    pub month: Option<&'a str>,
    pub hourly_wage: Option<&'a str>,
    pub hours: Vec<&'a str>,
    pub full_time_wage: Option<&'a str>,
    pub other_income: Option<&'a str>,
}

/// A what-if request, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub month: Month,
    pub hourly_wage: Decimal,
    pub hours: Vec<Decimal>,
    pub full_time_wage: Option<Decimal>,
    pub other_income: Decimal,
}

impl Typed<'_> {
    /// Reads the request by fleksløntilskud's declared inputs (`hourly_wage`, `weekly_hours`
    /// for each number of hours, `full_time_wage`, `other_income`), so the bounds of a case
    /// file hold here too: no negative wage or income, no hours beyond the week, nothing past
    /// the plausibility bounds. Every problem is a diagnostic naming its field.
    pub fn read(&self) -> Result<Request, Vec<Diagnostic>> {
        use crate::model::Scheme;
        use crate::model::inputs::{check_plain, check_typed};
        use crate::schemes::fleksloentilskud::Fleksloentilskud;
        let spec = &Fleksloentilskud::SPEC;
        let src = crate::source::diag::SourceText::new("what-if", "");
        let mut errors = Vec::new();
        let check = if self.danish {
            check_typed
        } else {
            check_plain
        };
        let mut field = |name: &'static str, text: &str| match check(spec, name, text) {
            Ok(v) => v.number(),
            Err(said) => {
                errors.push(src.error_said(None, name, said));
                None
            }
        };
        let hourly_wage = self.hourly_wage.and_then(|t| field("hourly_wage", t));
        let hours: Vec<Option<Decimal>> = self
            .hours
            .iter()
            .map(|t| field("weekly_hours", t))
            .collect();
        let full_time_wage = self.full_time_wage.and_then(|t| field("full_time_wage", t));
        let other_income = self.other_income.and_then(|t| field("other_income", t));
        let month = match self.month.map(crate::model::inputs::case_month) {
            Some(Ok(m)) => Some(m),
            Some(Err(said)) => {
                errors.push(src.error_said(None, "month", said));
                None
            }
            None => {
                errors.push(src.error_said(None, "month", Said::common("case.missing_field")));
                None
            }
        };
        if self.hourly_wage.is_none() {
            let said = Said::common("case.missing_field");
            errors.push(src.error_said(None, "hourly_wage", said));
        }
        if self.hours.is_empty() {
            errors.push(src.error_said(None, "hours", Said::common("case.no_hours")));
        }
        // Each row's gain per extra hour is against the row before: the hours rise. A list that
        // falls is most often a decimal comma read as a separator (`10,5` as 10 and 5).
        let read: Vec<Decimal> = hours.iter().flatten().copied().collect();
        if read.len() == hours.len() && read.windows(2).any(|w| w[1] <= w[0]) {
            let shown = Value::Text(self.hours.join(", "));
            let said = Said::common("case.hours_not_rising").with("hours", shown);
            errors.push(src.error_said(None, "hours", said));
        }
        match (month, hourly_wage) {
            (Some(month), Some(hourly_wage)) if errors.is_empty() => Ok(Request {
                month,
                hourly_wage,
                hours: hours.into_iter().flatten().collect(),
                full_time_wage,
                other_income: other_income.unwrap_or_default(),
            }),
            _ => Err(crate::text::diag::settled(errors)),
        }
    }
}

/// The table for `hours` (in the order given) at `hourly_wage` in `month`. Without a
/// `full_time_wage`, the lønloft is the hourly wage at full time, as in a case file.
pub fn fleksloentilskud<'e>(
    engine: &'e Engine,
    month: Month,
    hourly_wage: Decimal,
    hours: &[Decimal],
    full_time_wage: Option<Decimal>,
    other_income: Decimal,
) -> Result<WhatIf<'e>, Diagnostic> {
    let mut rows: Vec<Row> = Vec::with_capacity(hours.len());
    let mut version = None;
    for &h in hours {
        let input = Input {
            basis: WageBasis::Hourly {
                hourly_wage,
                weekly_hours: h,
            },
            wage: None,
            full_time_wage,
            other_income,
            ..Input::monthly(Decimal::ZERO, None)
        };
        let case = Case::fleksloentilskud("what-if", month, input);
        // The explained path, as `calc` takes: a few rows do not need the fast one, and the
        // page's module then carries one compiled copy of each scheme instead of two.
        let outcome = engine.calculate(case)?;
        let (v, result) = (outcome.version, outcome.result);
        version = Some(v);
        let SchemeResult::Fleksloentilskud(o) = result else {
            continue;
        };
        let Some(p) = params(v) else {
            continue;
        };
        let income_after_atp = o.wage + o.other_income + o.payout;
        let gain_per_extra_hour = rows.last().and_then(|prev| {
            let extra_hours =
                (h - prev.weekly_hours) * p.weeks_per_year.value() / Decimal::from(12);
            (!extra_hours.is_zero()).then(|| {
                ((income_after_atp - prev.income_after_atp) / extra_hours)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            })
        });
        rows.push(Row {
            weekly_hours: h,
            wage: o.wage,
            subsidy: o.subsidy,
            atp: o.atp,
            payout: o.payout,
            income_before_atp: o.total_income,
            income_after_atp,
            gain_per_extra_hour,
            band: band(&o, p.threshold.value()),
        });
    }
    let Some(version) = version else {
        return Err(crate::source::diag::SourceText::new("what-if", "").error(
            None,
            "hours",
            "give at least one number of weekly hours",
        ));
    };
    let turning_points = match params(version) {
        Some(p) => turning_points(p, hourly_wage, full_time_wage, other_income),
        None => Vec::new(),
    };
    Ok(WhatIf {
        version,
        month,
        hourly_wage,
        full_time_wage,
        rows,
        turning_points,
    })
}

/// The fleksløntilskud parameters of a version.
fn params(v: &crate::rules::RuleSetVersion) -> Option<&crate::schemes::fleksloentilskud::Params> {
    v.compiled.as_ref().and_then(|c| c.downcast_ref())
}

/// Where the formula changes, in weekly hours, solved from the parameters (LAB § 123):
/// the threshold, the lønloft (wage + tilskud = full-time wage) and the zero point. The
/// arithmetic is checked: a rule set or overlay may set a rate to 0 or 100 % (a reform
/// proposal), where a point does not exist; it is then left out, never a division by zero.
fn turning_points(
    p: &crate::schemes::fleksloentilskud::Params,
    hourly: Decimal,
    full_time_wage: Option<Decimal>,
    other: Decimal,
) -> Vec<TurningPoint> {
    solve(p, hourly, full_time_wage, other).unwrap_or_default()
}

fn solve(
    p: &crate::schemes::fleksloentilskud::Params,
    hourly: Decimal,
    full_time_wage: Option<Decimal>,
    other: Decimal,
) -> Option<Vec<TurningPoint>> {
    let hundred = Decimal::ONE_HUNDRED;
    let twelve = Decimal::from(12);
    let per_hour_month = hourly
        .checked_mul(p.weeks_per_year.value())?
        .checked_div(twelve)?;
    if per_hour_month.is_zero() {
        return Some(Vec::new());
    }
    let (low_rate, high_rate) = (p.low_rate.value().percent, p.high_rate.value().percent);
    let (a, b) = (
        low_rate.checked_div(hundred)?,
        high_rate.checked_div(hundred)?,
    );
    let (m, t) = (p.max_subsidy.value(), p.threshold.value());
    let mut out = Vec::new();
    let hours_for = |wage: Decimal| Some(wage.checked_div(per_hour_month)?.max(Decimal::ZERO));
    // Wage at which lønindtægt (wage + other income) reaches the threshold.
    let w_threshold = t.checked_sub(other)?;
    let mut threshold_point = None;
    if w_threshold > Decimal::ZERO {
        let (t_kr, hi, lo) = (
            crate::values::num::danish(t, 0),
            crate::values::num::plain(high_rate),
            crate::values::num::plain(low_rate),
        );
        threshold_point = Some(TurningPoint {
            weekly_hours: hours_shown(hours_for(w_threshold)?),
            what: Said::new("whatif", "text.threshold")
                .with("threshold", Value::Text(t_kr))
                .with("high_rate", Value::Text(hi))
                .with("low_rate", Value::Text(lo)),
        });
    }
    // Zero point: reduction = maximum (none when the rates never reach it).
    let a_t = a.checked_mul(t)?;
    let income_zero = if a_t >= m {
        m.checked_div(a)
    } else {
        m.checked_sub(a_t)?
            .checked_div(b)
            .and_then(|x| t.checked_add(x))
    };
    let mut w_zero = income_zero.and_then(|i| i.checked_sub(other));
    // Lønloft: wage + (M − reduction(wage + other)) = full-time wage.
    let ft = match full_time_wage {
        Some(ft) => ft,
        None => hourly
            .checked_mul(p.full_time_weekly_hours.value())?
            .checked_mul(p.weeks_per_year.value())?
            .checked_div(twelve)?,
    };
    let low = ft
        .checked_sub(m)?
        .checked_add(a.checked_mul(other)?)?
        .checked_div(Decimal::ONE - a);
    let w_cap = match low {
        Some(low) if low.checked_add(other)? <= t => Some(low),
        _ if b < Decimal::ONE => ft
            .checked_sub(m)?
            .checked_add(a_t)?
            .checked_add(b.checked_mul(other.checked_sub(t)?)?)?
            .checked_div(Decimal::ONE - b),
        _ => None,
    };
    if let Some(w) = w_cap.filter(|w| *w > Decimal::ZERO && w_zero.is_none_or(|zero| *w < zero)) {
        // Under a binding lønloft the tilskud is full-time wage − wage: gone at the full-time wage.
        w_zero = Some(w_zero.map_or(ft, |zero| zero.min(ft)));
        // Room under the lønloft shrinks by the whole wage, the reduction by 30 or 55 %, so
        // once the lønloft binds it binds for every higher hour: a threshold passed after that
        // no longer changes anything.
        if w_threshold > w {
            threshold_point = None;
        }
        let ft_kr = crate::values::num::danish(ft.round_dp(0), 0);
        out.push(TurningPoint {
            weekly_hours: hours_shown(hours_for(w)?),
            what: Said::new("whatif", "text.lonloft").with("full_time_wage", Value::Text(ft_kr)),
        });
    }
    out.extend(threshold_point);
    if let Some(zero) = w_zero.filter(|z| *z > Decimal::ZERO) {
        out.push(TurningPoint {
            weekly_hours: hours_shown(hours_for(zero)?),
            what: Said::new("whatif", "text.no_tilskud"),
        });
    }
    out.sort_by_key(|t| t.weekly_hours);
    Some(out)
}

impl WhatIf<'_> {
    /// The table as one line of JSON.
    pub fn to_json(&self) -> String {
        use serde_json::json;
        let amount = |d: Decimal| crate::values::num::fixed(d, 2);
        let v = self.version;
        json!({
            "scheme": "fleksloentilskud",
            "month": self.month.to_string(),
            "hourly_wage": amount(self.hourly_wage),
            "full_time_wage": self.full_time_wage.map(amount),
            "rule_set": {"id": v.id, "version": v.version, "status": v.status.name(), "sha256": v.sha256},
            "rows": self.rows.iter().map(|r| json!({
                "weekly_hours": crate::values::num::plain(r.weekly_hours),
                "wage": amount(r.wage),
                "subsidy": amount(r.subsidy),
                "atp": amount(r.atp),
                "payout": amount(r.payout),
                "income_before_atp": amount(r.income_before_atp),
                "income_after_atp": amount(r.income_after_atp),
                "gain_per_extra_hour": r.gain_per_extra_hour.map(amount),
                "band": r.band.name(),
            })).collect::<Vec<_>>(),
            "turning_points": self.turning_points.iter().map(|t| json!({
                "weekly_hours": crate::values::num::plain(t.weekly_hours),
                "what": say(&t.what, Lang::En),
                "what_da": say(&t.what, Lang::Da),
            })).collect::<Vec<_>>(),
        })
        .to_string()
    }

    /// The table for a person.
    pub fn to_text(&self) -> String {
        use crate::values::num::danish;
        let v = self.version;
        let mut out = format!(
            "Does working more pay? Fleksløntilskud for {} at {} kr. an hour\nRule set {} {} ({}), sha256 {}\n\n",
            self.month,
            danish(self.hourly_wage, 2),
            v.id,
            v.version,
            v.status.name(),
            v.sha256
        );
        out.push_str(&format!(
            "{:>10} {:>12} {:>12} {:>8} {:>14} {:>14} {:>12}  {}\n",
            "hours/week", "wage", "tilskud", "ATP", "income", "after ATP", "per extra h", "band"
        ));
        for r in &self.rows {
            out.push_str(&format!(
                "{:>10} {:>12} {:>12} {:>8} {:>14} {:>14} {:>12}  {}\n",
                crate::values::num::plain(r.weekly_hours).replace('.', ","),
                danish(r.wage, 2),
                danish(r.subsidy, 2),
                danish(r.atp, 2),
                danish(r.income_before_atp, 2),
                danish(r.income_after_atp, 2),
                r.gain_per_extra_hour
                    .map_or("–".to_string(), |g| danish(g, 2)),
                r.band.name()
            ));
        }
        if !self.turning_points.is_empty() {
            out.push_str("\nWhy the gain changes\n");
            for t in &self.turning_points {
                out.push_str(&format!(
                    "  from {} hours a week: {}\n",
                    crate::values::num::plain(t.weekly_hours).replace('.', ","),
                    say(&t.what, Lang::En)
                ));
            }
        }
        out.push_str("\n'income' is wage incl. pension + other wage income + fleksløntilskud; 'after ATP' deducts the ATP withheld (LAB § 123, § 137).\n");
        out
    }
}
