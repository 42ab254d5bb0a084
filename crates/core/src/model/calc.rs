//! The recorder: a scheme computes through a [`Calc`], which records each step as it is
//! computed (its value, the formula with its numbers, the rounding, the rule whose legal
//! references the rule set gives) when the case is explained, and records nothing, at no cost,
//! when it is not (batch, diff, the benches). The two are the same code: [`Calc`] is generic
//! over its [`Recorder`], and [`Off`] compiles every recording away.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::expr::{Node, Tree, X};
use crate::values::month::Month;
use crate::values::rounding::Rounding;
use crate::values::value::{Measure, Said, Value};

/// Where the steps of a computation go.
pub trait Recorder {
    /// Whether steps are kept; with `false` the compiler removes every recording.
    const ON: bool;
    /// Whether notes and the parameters read are kept (without steps, for caseload output
    /// that must carry its notes).
    const NOTES: bool = Self::ON;
    /// How formulas are kept: `()` (not at all) or as trees.
    type Tree: Tree + Clone + std::fmt::Debug;
    fn step(&mut self, step: Step);
    fn last(&mut self) -> Option<&mut Step>;
    fn note(&mut self, note: Said);
    fn fill(&mut self, name: &'static str, value: Value);
    fn used(&mut self, parameter: &'static str);
    /// How many steps are recorded so far (where the next part of a case starts).
    fn mark(&self) -> usize {
        0
    }
}

/// Records nothing: the fast path.
#[derive(Debug, Default, Clone, Copy)]
pub struct Off;

impl Recorder for Off {
    const ON: bool = false;
    type Tree = ();
    #[inline(always)]
    fn step(&mut self, _: Step) {}
    #[inline(always)]
    fn last(&mut self) -> Option<&mut Step> {
        None
    }
    #[inline(always)]
    fn note(&mut self, _: Said) {}
    #[inline(always)]
    fn fill(&mut self, _: &'static str, _: Value) {}
    #[inline(always)]
    fn used(&mut self, _: &'static str) {}
}

/// Records the notes and the parameters read, and no steps: a result with its notes at nearly
/// the cost of the fast path (JSON Lines caseloads).
#[derive(Debug, Default, Clone)]
pub struct Notes {
    pub notes: Vec<Said>,
    pub used: Vec<&'static str>,
}

impl Recorder for Notes {
    const ON: bool = false;
    const NOTES: bool = true;
    type Tree = ();
    #[inline(always)]
    fn step(&mut self, _: Step) {}
    #[inline(always)]
    fn last(&mut self) -> Option<&mut Step> {
        None
    }
    fn note(&mut self, note: Said) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
    #[inline(always)]
    fn fill(&mut self, _: &'static str, _: Value) {}
    fn used(&mut self, parameter: &'static str) {
        if !self.used.contains(&parameter) {
            self.used.push(parameter);
        }
    }
}

/// Records every step, note, computed input and parameter used: the explanation.
#[derive(Debug, Default, Clone)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub notes: Vec<Said>,
    /// Inputs the case gave in another form, as the calculation used them (a monthly wage
    /// computed from an hourly one), for the JSON `input` echo.
    pub filled: Vec<(&'static str, Value)>,
    /// The parameters the computation read, in first-use order (a derived one gets a note).
    pub used: Vec<&'static str>,
}

impl Recorder for Trace {
    const ON: bool = true;
    type Tree = Box<Node>;
    fn mark(&self) -> usize {
        self.steps.len()
    }
    fn step(&mut self, step: Step) {
        self.steps.push(step);
    }
    fn last(&mut self) -> Option<&mut Step> {
        self.steps.last_mut()
    }
    fn note(&mut self, note: Said) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
    fn fill(&mut self, name: &'static str, value: Value) {
        match self.filled.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.filled.push((name, value)),
        }
    }
    fn used(&mut self, parameter: &'static str) {
        if !self.used.contains(&parameter) {
            self.used.push(parameter);
        }
    }
}

/// Records each step's value and rule, without formulas, notes or inputs: enough to find where
/// two computations of a case part (`beregner diff`), at a fraction of a full trace's cost.
#[derive(Debug, Default, Clone)]
pub struct Values {
    pub steps: Vec<Step>,
}

impl Recorder for Values {
    const ON: bool = true;
    type Tree = ();
    fn mark(&self) -> usize {
        self.steps.len()
    }
    fn step(&mut self, step: Step) {
        self.steps.push(step);
    }
    fn last(&mut self) -> Option<&mut Step> {
        self.steps.last_mut()
    }
    fn note(&mut self, _: Said) {}
    fn fill(&mut self, _: &'static str, _: Value) {}
    fn used(&mut self, _: &'static str) {}
}

/// What a step's formula is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    None,
    /// Arithmetic, written `formula = result` (or `… = exact → rounded`).
    Expr {
        node: Node,
        result: Value,
    },
    /// A sentence of the catalogue; its placeholders are filled from the sentence's own values,
    /// then the step's.
    Said(Said),
}

/// One step of an explanation, as recorded; [`crate::render`] writes it for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The scheme whose catalogue holds the step's texts.
    pub scope: &'static str,
    /// The rule (formula step) in the rule set's `[rules]` table: its legal references.
    pub rule: &'static str,
    /// The step's label: `scope.label.key` in the catalogue.
    pub key: &'static str,
    pub value: Value,
    pub formula: Formula,
    /// The named values the step used, in order (shown as the step's inputs).
    pub inputs: Vec<(Cow<'static, str>, Value)>,
    /// Further values the label and sentence may name (`{month}`), not shown as inputs.
    pub args: Vec<(&'static str, Value)>,
    /// The named rounding applied, and whether it rounds money (`to øre`) or a quantity.
    pub rounding: Option<(&'static str, Rounding, bool)>,
}

impl Step {
    pub fn new(scope: &'static str, rule: &'static str, key: &'static str) -> Step {
        Step {
            scope,
            rule,
            key,
            value: Value::None,
            formula: Formula::None,
            inputs: Vec::new(),
            args: Vec::new(),
            rounding: None,
        }
    }

    pub fn value(&mut self, v: Value) -> &mut Self {
        self.value = v;
        self
    }

    /// The formula is the sentence `scope.text.<key>` of this step's scheme.
    pub fn said(&mut self, key: &'static str) -> &mut Self {
        self.formula = Formula::Said(Said::new(self.scope, key));
        self
    }

    /// The formula is a given sentence.
    pub fn text(&mut self, said: Said) -> &mut Self {
        self.formula = Formula::Said(said);
        self
    }

    /// A value the label or sentence names, not shown as an input.
    pub fn arg(&mut self, name: &'static str, v: Value) -> &mut Self {
        self.args.push((name, v));
        self
    }

    /// A value the step used, shown as its input (and nameable in its texts).
    pub fn input(&mut self, name: &'static str, v: Value) -> &mut Self {
        self.inputs.push((Cow::Borrowed(name), v));
        self
    }

    pub fn rounded(&mut self, name: &'static str, rounding: Rounding) -> &mut Self {
        let money = matches!(self.value, Value::Amount(_));
        self.rounding = Some((name, rounding, money));
        self
    }

    /// A named value of the step: an input, else an argument.
    pub fn named(&self, name: &str) -> Option<&Value> {
        self.inputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v))
    }
}

/// Why a case cannot be computed although its input is well formed: a sentence of the
/// catalogue, and the input field it concerns, if one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<&'static str>,
    /// Boxed: a refusal travels in every step's `Result`, which stays small on the fast path.
    pub said: Box<Said>,
}

impl Refusal {
    /// The refusal `scope.refusal.<key>`.
    pub fn new(scope: &'static str, key: &'static str) -> Refusal {
        Refusal {
            field: None,
            said: Box::new(Said::new(scope, key)),
        }
    }

    pub fn with(mut self, name: &'static str, v: Value) -> Refusal {
        self.said.args.push((name, v));
        self
    }

    /// The input field the refusal concerns.
    pub fn field(mut self, field: &'static str) -> Refusal {
        self.field = Some(field);
        self
    }

    /// A value too large to compute (a sum, a date past the calendar) at `step`.
    pub fn overflow(step: &str) -> Refusal {
        Refusal::new("common", "refusal.overflow").with("step", Value::Text(step.to_string()))
    }
}

/// `d` + `n` days, or a refusal at the end of the calendar.
pub fn plus_days(d: chrono::NaiveDate, n: u64, step: &str) -> Result<chrono::NaiveDate, Refusal> {
    d.checked_add_days(chrono::Days::new(n))
        .ok_or_else(|| Refusal::overflow(step))
}

/// A formula value of a computation recorded by `R`.
pub type XOf<R> = X<<R as Recorder>::Tree>;

/// A computation in progress: the recorder, and what every step may name.
pub struct Calc<'r, R: Recorder> {
    rec: &'r mut R,
    /// The scheme computed.
    pub spec: &'static crate::rules::spec::SchemeSpec,
    /// Its name: the catalogue scope of its texts.
    pub scheme: &'static str,
    /// The case's month.
    pub month: Month,
    /// The date that selected the rule-set version.
    pub date: NaiveDate,
}

impl<'r, R: Recorder> Calc<'r, R> {
    pub fn new(
        rec: &'r mut R,
        spec: &'static crate::rules::spec::SchemeSpec,
        month: Month,
        date: NaiveDate,
    ) -> Self {
        Self {
            rec,
            spec,
            scheme: spec.name,
            month,
            date,
        }
    }

    /// Whether steps are being recorded (a constant of the recorder).
    pub const TRACING: bool = R::ON;

    // --- named values -------------------------------------------------------------------------

    /// An amount in kroner, named (an input or an earlier result).
    #[inline]
    pub fn kr(&self, name: &'static str, d: Decimal) -> XOf<R> {
        X::leaf(self.scheme, name, Some(d), || Value::Amount(d))
    }

    /// A percentage, named: computes as `d ÷ 100`, shown as `d %`.
    pub fn pct(&self, name: &'static str, d: Decimal) -> XOf<R> {
        let fraction = d.checked_div(Decimal::ONE_HUNDRED);
        X::leaf(self.scheme, name, fraction, || Value::Percent(d))
    }

    /// A plain number, named.
    #[inline]
    pub fn num(&self, name: &'static str, d: Decimal) -> XOf<R> {
        X::leaf(self.scheme, name, Some(d), || Value::Number(d))
    }

    /// A counted quantity, named (`18 h`, `52 weeks`).
    #[inline]
    pub fn measure(&self, name: &'static str, d: Decimal, m: Measure) -> XOf<R> {
        X::leaf(self.scheme, name, Some(d), || Value::Measure(d, m))
    }

    pub fn hours(&self, name: &'static str, d: Decimal) -> XOf<R> {
        self.measure(name, d, Measure::Hours)
    }

    /// Notes that a parameter was read (a derived one gets a note on the result).
    #[inline(always)]
    pub fn used(&mut self, parameter: &'static str) {
        if R::ON || R::NOTES {
            self.rec.used(parameter);
        }
    }

    // --- steps --------------------------------------------------------------------------------

    fn record(
        &mut self,
        rule: &'static str,
        key: &'static str,
        x: XOf<R>,
        shown: Value,
    ) -> Option<()> {
        if R::ON {
            let (_, node) = x.into_parts();
            let mut step = Step::new(self.scheme, rule, key);
            if let Some(node) = node {
                let mut leaves = Vec::new();
                node.leaves(&mut leaves);
                step.inputs = leaves
                    .into_iter()
                    .map(|(n, v)| (Cow::Borrowed(n), v))
                    .collect();
                if let Node::Round { name, rounding, .. } = &node {
                    step.rounding = Some((name, *rounding, matches!(shown, Value::Amount(_))));
                }
                step.formula = Formula::Expr {
                    node,
                    result: shown.clone(),
                };
            }
            step.value = shown;
            self.rec.step(step);
        }
        Some(())
    }

    fn result(
        &mut self,
        rule: &'static str,
        key: &'static str,
        x: XOf<R>,
        shown: impl Fn(Decimal) -> Value,
    ) -> Result<XOf<R>, Refusal> {
        let v = x.value().ok_or_else(|| Refusal::overflow(key))?;
        if !R::ON {
            return Ok(X::leaf(self.scheme, key, Some(v), || Value::None));
        }
        let value = shown(v);
        self.record(rule, key, x, value.clone());
        Ok(X::leaf(self.scheme, key, Some(v), || value))
    }

    /// Records a step whose result is an amount in kroner, and returns it named by `key` for
    /// the steps that use it.
    #[inline]
    pub fn amount(
        &mut self,
        rule: &'static str,
        key: &'static str,
        x: XOf<R>,
    ) -> Result<XOf<R>, Refusal> {
        self.result(rule, key, x, Value::Amount)
    }

    /// Records a step whose result is a counted quantity.
    pub fn quantity(
        &mut self,
        rule: &'static str,
        key: &'static str,
        x: XOf<R>,
        m: Measure,
    ) -> Result<XOf<R>, Refusal> {
        self.result(rule, key, x, |d| Value::Measure(d, m))
    }

    /// Records a step whose result is a plain number.
    pub fn number(
        &mut self,
        rule: &'static str,
        key: &'static str,
        x: XOf<R>,
    ) -> Result<XOf<R>, Refusal> {
        self.result(rule, key, x, Value::Number)
    }

    /// Records a step that is not arithmetic (a decision, a date, a requirement): `build`
    /// sets its value and sentence, and runs only while tracing.
    #[inline(always)]
    pub fn step(&mut self, rule: &'static str, key: &'static str, build: impl FnOnce(&mut Step)) {
        if R::ON {
            let mut step = Step::new(self.scheme, rule, key);
            build(&mut step);
            self.rec.step(step);
        }
    }

    /// Adds to the step recorded last (a value its label names, a further input).
    #[inline(always)]
    pub fn with(&mut self, build: impl FnOnce(&mut Step)) {
        if R::ON
            && let Some(step) = self.rec.last()
        {
            build(step);
        }
    }

    /// A note on the result (`scope.note.<key>` of this scheme, or any sentence).
    #[inline(always)]
    pub fn note(&mut self, said: impl FnOnce() -> Said) {
        if R::ON || R::NOTES {
            self.rec.note(said());
        }
    }

    /// An input as the calculation used it, when the case gave it in another form.
    #[inline(always)]
    pub fn fill(&mut self, name: &'static str, value: impl FnOnce() -> Value) {
        if R::ON {
            self.rec.fill(name, value());
        }
    }
}
