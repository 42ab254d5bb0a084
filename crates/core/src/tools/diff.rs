//! Legislative regression: the same case under two rule sets, what changed, and why.

use rust_decimal::Decimal;

use crate::engine::case::Case;
use crate::engine::{Engine, SchemeResult};
use crate::rules::LegalSource;
use crate::rules::RuleSetVersion;
use crate::text::Lang;
use crate::values::value::Value;

/// A parameter or rounding whose value differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamChange {
    pub name: String,
    pub old: String,
    pub new: String,
    /// The legal references of the new value (the old one's where the new has none).
    pub legal: Vec<LegalSource>,
}

/// Every parameter and rounding that differs between `old` and `new` (in name order).
pub fn parameter_changes(old: &RuleSetVersion, new: &RuleSetVersion) -> Vec<ParamChange> {
    let mut out = Vec::new();
    let names: std::collections::BTreeSet<&String> =
        old.parameters.keys().chain(new.parameters.keys()).collect();
    for name in names {
        let (a, b) = (old.parameters.get(name), new.parameters.get(name));
        if a.map(|p| p.value) != b.map(|p| p.value) {
            let text = |p: Option<&crate::rules::Parameter>| {
                p.map_or("(none)".to_string(), |p| p.display.clone())
            };
            let legal = b
                .or(a)
                .map(|p| {
                    let v = if b.is_some() { new } else { old };
                    v.resolve(&p.sources).into_iter().cloned().collect()
                })
                .unwrap_or_default();
            out.push(ParamChange {
                name: name.clone(),
                old: text(a),
                new: text(b),
                legal,
            });
        }
    }
    let names: std::collections::BTreeSet<&String> =
        old.roundings.keys().chain(new.roundings.keys()).collect();
    for name in names {
        let (a, b) = (old.roundings.get(name), new.roundings.get(name));
        if a.map(|r| r.rounding) != b.map(|r| r.rounding) {
            let text = |r: Option<&crate::rules::NamedRounding>| {
                r.map_or("(none)".to_string(), |r| r.rounding.to_string())
            };
            out.push(ParamChange {
                name: format!("rounding.{name}"),
                old: text(a),
                new: text(b),
                legal: b
                    .map(|r| new.resolve(&r.sources).into_iter().cloned().collect())
                    .unwrap_or_default(),
            });
        }
    }
    out
}

/// Where two results of the same case first part: the first explanation step whose value differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstDifference {
    pub rule: &'static str,
    /// The step's label (in English).
    pub what: String,
    /// The step's value on each side, as recorded (an amount, a yes/no, a date, …).
    pub old: Value,
    pub new: Value,
}

/// A value as a summary or a JSON report writes it (`20000.00`, `true`, `2025-02-01`; an empty
/// text, such as no failed condition, as `none`).
pub fn written(v: &Value) -> String {
    match crate::text::format::canonical(v) {
        t if t.is_empty() => "none".to_string(),
        t => t,
    }
}

/// Explains the old side (its labels need the formulas' terms), records the new side's steps
/// with values only (cheaply), and names the first step whose value differs. The two
/// recordings give the same steps (a test in `tests/explanations.rs` holds this).
pub fn first_difference(old: &Engine, new: &Engine, case: &Case) -> Option<FirstDifference> {
    let explained = old.calculate(case.clone()).ok()?;
    let b = new.steps(case).ok()?;
    let a = &explained.trace;
    // The step naming the version in force differs whenever the rule books' versions are
    // named differently (an overlay's `+overlay`): the parameters say what changed, so the
    // first change is the first step whose value the law changed.
    let bookkeeping = |x: &crate::model::Step| x.rule == "version";
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x.value != y.value && !bookkeeping(x))?;
    let step = &a[i];
    Some(FirstDifference {
        rule: step.rule,
        what: crate::render::label(step, Lang::En),
        old: step.value.clone(),
        new: b[i].value.clone(),
    })
}

/// One outcome that differs between the two rule books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
    /// new − old, for amounts and other numbers.
    pub difference: Option<Decimal>,
}

/// One case under both rule sets.
#[derive(Debug, Clone)]
pub struct CaseDiff<'o, 'n> {
    pub old_version: &'o RuleSetVersion,
    pub new_version: &'n RuleSetVersion,
    pub old: SchemeResult,
    pub new: SchemeResult,
    /// Every result field of each side, in the scheme's declared order (`SchemeSpec::results`),
    /// written once for the comparison and the summary ([`CaseDiff::new_fields`]; the new
    /// side's are not written again when the two results are equal).
    pub old_fields: Vec<(&'static str, Value)>,
    new_fields: Option<Vec<(&'static str, Value)>>,
    /// Result fields whose values differ: (field, old, new).
    pub changed: Vec<(&'static str, Value, Value)>,
    /// The outcomes among them (money paid or withheld, eligibility, status, durations, end
    /// and due dates: see `OutputSpec::outcome`), in declared order.
    pub outcomes: Vec<OutcomeChange>,
    pub first: Option<FirstDifference>,
}

impl CaseDiff<'_, '_> {
    /// The new side's result fields.
    pub fn new_fields(&self) -> &[(&'static str, Value)] {
        self.new_fields.as_deref().unwrap_or(&self.old_fields)
    }

    /// Whether any outcome changed: the case is changed.
    pub fn outcome_changed(&self) -> bool {
        !self.outcomes.is_empty()
    }

    /// Whether the headline amount (what the person gets) changed.
    pub fn headline_changed(&self) -> bool {
        !self.headline().3.is_zero()
    }

    /// The headline field, its old and new value, and the difference (new − old).
    pub fn headline(&self) -> (&'static str, Decimal, Decimal, Decimal) {
        let name = self.old_version.scheme.headline;
        let of = |fields: &[(&'static str, Value)]| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.number())
                .unwrap_or_default()
        };
        let (old, new) = (of(&self.old_fields), of(self.new_fields()));
        (name, old, new, new - old)
    }
}

/// Which side of a diff failed to compute a case.
#[derive(Debug, Clone)]
pub enum DiffError {
    // Boxed: the common case is `Ok`, and a diagnostic is large.
    Old(Box<crate::Diagnostic>),
    New(Box<crate::Diagnostic>),
}

/// Computes a case under both engines and compares every result field.
pub fn diff_case<'o, 'n>(
    old: &'o Engine,
    new: &'n Engine,
    case: &Case,
) -> Result<CaseDiff<'o, 'n>, DiffError> {
    let (old_version, old_result) = old.compute(case).map_err(|d| DiffError::Old(Box::new(d)))?;
    let (new_version, new_result) = new.compute(case).map_err(|d| DiffError::New(Box::new(d)))?;
    let old_fields = old_result.fields();
    // Most cases of a caseload do not change: their results compare equal as they are.
    let new_fields = (old_result != new_result).then(|| new_result.fields());
    let spec = case.scheme;
    let mut changed = Vec::new();
    let mut outcomes = Vec::new();
    for (k, (a, b)) in old_fields
        .iter()
        .zip(new_fields.as_deref().unwrap_or_default())
        .enumerate()
    {
        if a.1 == b.1 {
            continue;
        }
        if is_outcome(spec, k, a.0) {
            outcomes.push(OutcomeChange {
                field: a.0,
                old: a.1.clone(),
                new: b.1.clone(),
                difference: match (&a.1, &b.1) {
                    (Value::Bool(_), _) | (_, Value::Bool(_)) => None,
                    (x, y) => x.number().zip(y.number()).map(|(x, y)| y - x),
                },
            });
        }
        changed.push((a.0, a.1.clone(), b.1.clone()));
    }
    // Only a case that changed is explained, on both sides, to find where.
    let first = if changed.is_empty() {
        None
    } else {
        first_difference(old, new, case)
    };
    Ok(CaseDiff {
        old_version,
        new_version,
        old: old_result,
        new: new_result,
        old_fields,
        new_fields,
        changed,
        outcomes,
        first,
    })
}

/// Whether the `k`th result field (named `field`) is an outcome: by position, as the fields are
/// written in the declared order, checked by name.
fn is_outcome(spec: &crate::schemes::SchemeSpec, k: usize, field: &str) -> bool {
    match spec.results.get(k) {
        Some(r) if r.name == field => r.outcome,
        _ => spec.results.iter().any(|r| r.outcome && r.name == field),
    }
}

/// Running totals of one outcome over a caseload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeTally {
    /// Cases where this outcome changed.
    pub changed: u64,
    /// For amounts: the totals over every computed case, old and new.
    pub total_old: Decimal,
    pub total_new: Decimal,
    /// Whether the outcome is an amount (it has totals).
    pub money: bool,
    /// For amounts: the changed cases where it rose, and where it fell.
    pub increased: u64,
    pub decreased: u64,
    /// For decisions (a yes/no, a status, a date): how many cases went from one value to
    /// another, by (old, new) as JSON writes them.
    pub transitions: std::collections::BTreeMap<(String, String), u64>,
}

/// The average of `new − old` over `cases` changed cases, to `dp` decimals (half up); 0 when
/// none changed.
fn average(old: Decimal, new: Decimal, cases: u64, dp: u32) -> Decimal {
    if cases == 0 {
        Decimal::ZERO
    } else {
        ((new - old) / Decimal::from(cases))
            .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

impl OutcomeTally {
    /// The average difference over the cases where this outcome changed, to øre (half up).
    pub fn average_change(&self) -> Decimal {
        average(self.total_old, self.total_new, self.changed, 2)
    }

    /// The average change to four decimals, for a summary whose average rounds to 0,00 kr.
    /// though amounts changed (a rounding's øre spread over many cases).
    pub fn average_change_fine(&self) -> Decimal {
        average(self.total_old, self.total_new, self.changed, 4)
    }
}

/// Running totals over a caseload.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub cases: u64,
    /// Cases where an outcome changed.
    pub changed: u64,
    /// Cases where only intermediate values changed (e.g. the tilskud before a binding lønloft).
    pub intermediate_only: u64,
    /// Changed cases whose headline amount rose, or fell.
    pub increased: u64,
    pub decreased: u64,
    pub failed: u64,
    /// The headline amounts over every computed case.
    pub total_old: Decimal,
    pub total_new: Decimal,
    /// Each outcome, by (scheme, field), in the order first met.
    pub outcomes: Vec<((&'static str, &'static str), OutcomeTally)>,
    /// The largest changes of the headline by size: (case, old, new, difference), largest first.
    pub largest: Vec<(String, Decimal, Decimal, Decimal)>,
    /// The headline fields totalled, by (scheme, field), in the order first met: the headline
    /// totals add one scheme's amounts only when this holds one.
    pub headlines: Vec<(&'static str, &'static str)>,
}

impl Summary {
    pub const LARGEST: usize = 10;

    fn tally(&mut self, key: (&'static str, &'static str)) -> &mut OutcomeTally {
        let i = match self.outcomes.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.outcomes.push((key, OutcomeTally::default()));
                self.outcomes.len() - 1
            }
        };
        &mut self.outcomes[i].1
    }

    pub fn add(&mut self, case: &str, d: &CaseDiff) {
        self.add_named(&mut || case.to_string(), d);
    }

    /// As [`Summary::add`], the case's name written only if the summary keeps it (a caseload's
    /// millions of rows are not each named).
    pub fn add_named(&mut self, case: &mut dyn FnMut() -> String, d: &CaseDiff) {
        let (field, old, new, delta) = d.headline();
        let headline = (d.old_version.scheme.name, field);
        if !self.headlines.contains(&headline) {
            self.headlines.push(headline);
        }
        self.cases += 1;
        self.total_old += old;
        self.total_new += new;
        let spec = d.old_version.scheme;
        // Money outcomes are totalled over every case, changed or not.
        for (k, ((field, o), (_, n))) in d.old_fields.iter().zip(d.new_fields()).enumerate() {
            if let (Value::Amount(o), Value::Amount(n)) = (o, n)
                && is_outcome(spec, k, field)
            {
                let t = self.tally((spec.name, field));
                t.money = true;
                t.total_old += o;
                t.total_new += n;
            }
        }
        for c in &d.outcomes {
            let t = self.tally((spec.name, c.field));
            t.changed += 1;
            if let (Value::Amount(o), Value::Amount(n)) = (&c.old, &c.new) {
                if n > o {
                    t.increased += 1;
                } else if n < o {
                    t.decreased += 1;
                }
            } else {
                *t.transitions
                    .entry((written(&c.old), written(&c.new)))
                    .or_default() += 1;
            }
        }
        if d.changed.is_empty() {
            return;
        }
        if !d.outcome_changed() {
            self.intermediate_only += 1;
            return;
        }
        self.changed += 1;
        if delta > Decimal::ZERO {
            self.increased += 1;
        } else if delta < Decimal::ZERO {
            self.decreased += 1;
        }
        let keeps = !delta.is_zero()
            && (self.largest.len() < Self::LARGEST
                || self.largest.last().is_some_and(|l| delta.abs() > l.3.abs()));
        if keeps {
            self.largest.push((case(), old, new, delta));
            self.largest
                .sort_by(|a, b| b.3.abs().cmp(&a.3.abs()).then_with(|| a.0.cmp(&b.0)));
            self.largest.truncate(Self::LARGEST);
        }
    }

    pub fn merge(&mut self, other: Summary) {
        self.cases += other.cases;
        self.changed += other.changed;
        self.intermediate_only += other.intermediate_only;
        self.increased += other.increased;
        self.decreased += other.decreased;
        self.failed += other.failed;
        self.total_old += other.total_old;
        self.total_new += other.total_new;
        for (key, t) in other.outcomes {
            let mine = self.tally(key);
            mine.changed += t.changed;
            mine.total_old += t.total_old;
            mine.total_new += t.total_new;
            mine.money |= t.money;
            mine.increased += t.increased;
            mine.decreased += t.decreased;
            for (k, n) in t.transitions {
                *mine.transitions.entry(k).or_default() += n;
            }
        }
        for h in other.headlines {
            if !self.headlines.contains(&h) {
                self.headlines.push(h);
            }
        }
        self.largest.extend(other.largest);
        self.largest
            .sort_by(|a, b| b.3.abs().cmp(&a.3.abs()).then_with(|| a.0.cmp(&b.0)));
        self.largest.truncate(Self::LARGEST);
    }

    /// The average difference of the headline over the changed cases, to øre (half up).
    pub fn average_change(&self) -> Decimal {
        average(self.total_old, self.total_new, self.changed, 2)
    }

    /// The headline, when every case had the same one (one scheme): its totals then mean
    /// something; over several schemes they would add different schemes' amounts.
    pub fn headline(&self) -> Option<(&'static str, &'static str)> {
        match self.headlines.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The outcomes in the order the schemes and their results are declared.
    pub fn outcomes_in_declared_order(&self) -> Vec<((&'static str, &'static str), &OutcomeTally)> {
        let rank = |(scheme, field): &(&str, &str)| {
            let i = crate::schemes::SCHEMES
                .iter()
                .position(|x| x.name == *scheme)
                .unwrap_or(usize::MAX);
            let j = crate::schemes::SCHEMES
                .get(i)
                .and_then(|x| x.results.iter().position(|r| r.name == *field))
                .unwrap_or(usize::MAX);
            (i, j)
        };
        let mut out: Vec<_> = self.outcomes.iter().map(|(k, t)| (*k, t)).collect();
        out.sort_by_key(|(k, _)| rank(k));
        out
    }

    /// The summary as the JSON reports write it (`beregner diff --format json` and the API's
    /// `POST /diff`): the counts, the headline's totals, every outcome's, the largest changes,
    /// the parameters changed by (rule set, old version, new version), and the failures.
    pub fn to_json(
        &self,
        parameter_changes: &ParameterChanges,
        failures: &[String],
    ) -> serde_json::Value {
        use crate::values::num::fixed;
        use serde_json::json;
        let pairs: Vec<_> = parameter_changes
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|((rs, o, n), changes)| {
                json!({"rule_set": rs, "old": o, "new": n, "parameters": changes.iter().map(|c| json!({
                    "name": c.name, "old": c.old, "new": c.new,
                    "legal": c.legal.iter().map(|r| json!({"act": r.act, "paragraph": r.paragraph, "url": r.url})).collect::<Vec<_>>()
                })).collect::<Vec<_>>()})
            })
            .collect();
        let unchanged = self.cases - self.changed - self.intermediate_only;
        json!({
            "cases": self.cases + self.failed, "computed": self.cases, "changed": self.changed,
            "intermediate_only": self.intermediate_only, "increased": self.increased,
            "decreased": self.decreased, "unchanged": unchanged, "failed": self.failed,
            "headline": self.headline().map(|(scheme, field)| json!({"scheme": scheme, "field": field})),
            "total_old": fixed(self.total_old, 2), "total_new": fixed(self.total_new, 2),
            "total_difference": fixed(self.total_new - self.total_old, 2),
            "average_change": fixed(self.average_change(), 2),
            "largest": self.largest.iter().map(|(c, o, n, d)| json!({"case": c, "old": fixed(*o, 2), "new": fixed(*n, 2), "difference": fixed(*d, 2)})).collect::<Vec<_>>(),
            "outcomes": self.outcomes_in_declared_order().iter().map(|((scheme, field), t)| if t.money {
                json!({"scheme": scheme, "field": field, "changed": t.changed,
                    "increased": t.increased, "decreased": t.decreased,
                    "total_old": fixed(t.total_old, 2), "total_new": fixed(t.total_new, 2),
                    "total_difference": fixed(t.total_new - t.total_old, 2),
                    "average_change": fixed(t.average_change(), 2)})
            } else {
                json!({"scheme": scheme, "field": field, "changed": t.changed,
                    "transitions": t.transitions.iter().map(|((o, n), k)| json!({"from": o, "to": n, "cases": k})).collect::<Vec<_>>()})
            }).collect::<Vec<_>>(),
            "parameter_changes": pairs,
            "failures": failures,
        })
    }
}

/// The parameters changed, by (rule set, old version, new version).
pub type ParameterChanges = std::collections::BTreeMap<(String, String, String), Vec<ParamChange>>;
