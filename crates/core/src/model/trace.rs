//! The explanation of a result: ordered steps, each with the values it used, the formula with
//! the numbers filled in, the rounding applied, and the legal reference taken from the rule set.

use rust_decimal::Decimal;

use crate::rules::{LegalSource, RuleSetVersion};
use crate::values::num;
use crate::values::rounding::Rounding;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalRef {
    pub act: String,
    pub paragraph: Option<String>,
    pub url: String,
}

impl From<&LegalSource> for LegalRef {
    fn from(s: &LegalSource) -> Self {
        Self {
            act: s.act.clone(),
            paragraph: s.paragraph.clone(),
            url: s.url.clone(),
        }
    }
}

impl LegalRef {
    pub fn citation(&self) -> String {
        match &self.paragraph {
            Some(p) => format!("{} {p}", self.act),
            None => self.act.clone(),
        }
    }
}

/// A value shown in a step: an amount, a rate, or a yes/no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Kroner, shown with two decimals.
    Amount(Decimal),
    /// A rate in percent, shown as written (`30`).
    Percent(Decimal),
    /// Any other quantity (hours, weeks), shown without trailing zeros.
    Number(Decimal),
    Bool(bool),
    /// A word (a tier, a band).
    Text(String),
    /// Nothing to show (e.g. no lønloft given).
    None,
}

impl Value {
    /// Canonical text, as in JSON output.
    pub fn text(&self) -> String {
        match self {
            Value::Amount(d) => num::fixed(*d, 2),
            Value::Percent(d) | Value::Number(d) => num::plain(*d),
            Value::Bool(b) => b.to_string(),
            Value::Text(t) => t.clone(),
            Value::None => "none".to_string(),
        }
    }

    /// What kind of value this is, as JSON output names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Amount(_) => "amount",
            Value::Percent(_) => "percent",
            Value::Number(_) => "number",
            Value::Bool(_) => "flag",
            Value::Text(_) => "text",
            Value::None => "none",
        }
    }

    /// Text for a Danish reader (`15.272,00 kr.`, `30 %`).
    pub fn danish(&self) -> String {
        match self {
            Value::Amount(d) => format!("{} kr.", num::danish(*d, 2)),
            Value::Percent(d) => format!("{} %", num::plain(*d).replace('.', ",")),
            Value::Number(d) => num::plain(*d).replace('.', ","),
            Value::Bool(true) => "ja".to_string(),
            Value::Bool(false) => "nej".to_string(),
            Value::Text(t) => t.clone(),
            Value::None => "–".to_string(),
        }
    }
}

/// A sentence for the reader, in English and in Danish (the browser calculator shows the Danish
/// to a Danish reader). Displays as the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub en: String,
    pub da: String,
}

impl Said {
    pub fn new(en: impl Into<String>, da: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            da: da.into(),
        }
    }

    /// Both languages with the same prefix, as `(English, Danish)` result values.
    pub fn values(said: Option<&Said>) -> (Value, Value) {
        said.map_or((Value::None, Value::None), |s| {
            (Value::Text(s.en.clone()), Value::Text(s.da.clone()))
        })
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The rule (formula step) in the rule set's `[rules]` table.
    pub rule: &'static str,
    /// What the step computes, in a sentence.
    pub label: String,
    /// The same in Danish, for Danish readers (the browser calculator).
    pub label_da: String,
    /// The formula with the numbers filled in.
    pub formula: String,
    /// The same in Danish, with Danish numbers and dates; written for every step of the schemes
    /// the browser calculator shows, empty elsewhere (a reader then shows `formula`).
    pub formula_da: String,
    pub inputs: Vec<Input>,
    pub value: Value,
    /// The named rounding applied, if any: its name and how it rounds (`to øre, half_up`).
    pub rounding: Option<(&'static str, String)>,
    /// How it rounds, in Danish (`til øre, halvt op`).
    pub rounding_da: Option<String>,
    pub legal: Vec<LegalRef>,
}

/// Builds a trace against one rule-set version, which supplies the legal references.
pub struct Tracer<'v> {
    version: &'v RuleSetVersion,
    pub steps: Vec<Step>,
}

impl<'v> Tracer<'v> {
    pub fn new(version: &'v RuleSetVersion) -> Self {
        Self {
            version,
            steps: Vec::with_capacity(12),
        }
    }

    /// Records a step under `rule`, with the rule's legal references from the rule set.
    pub fn step(
        &mut self,
        rule: &'static str,
        label: impl Into<String>,
        value: Value,
    ) -> &mut Step {
        let legal = self
            .version
            .rule_sources(rule)
            .into_iter()
            .map(LegalRef::from)
            .collect();
        self.steps.push(Step {
            rule,
            label: label.into(),
            label_da: String::new(),
            formula: String::new(),
            formula_da: String::new(),
            inputs: Vec::new(),
            value,
            rounding: None,
            rounding_da: None,
            legal,
        });
        let last = self.steps.len() - 1;
        &mut self.steps[last]
    }
}

impl Step {
    pub fn da(&mut self, label: impl Into<String>) -> &mut Self {
        self.label_da = label.into();
        self
    }

    pub fn formula(&mut self, f: impl Into<String>) -> &mut Self {
        self.formula = f.into();
        self
    }

    pub fn formula_da(&mut self, f: impl Into<String>) -> &mut Self {
        self.formula_da = f.into();
        self
    }

    pub fn input(&mut self, name: impl Into<String>, value: Value) -> &mut Self {
        self.inputs.push(Input {
            name: name.into(),
            value,
        });
        self
    }

    /// A rounding of an amount of money (`to øre`, `to whole kroner`).
    pub fn rounded(&mut self, name: &'static str, rounding: Rounding) -> &mut Self {
        self.rounding = Some((name, rounding.to_string()));
        self.rounding_da = Some(rounding.danish());
        self
    }

    /// A rounding of a quantity that is not money, such as hours (`to 2 decimals`).
    pub fn rounded_quantity(&mut self, name: &'static str, rounding: Rounding) -> &mut Self {
        self.rounding = Some((name, rounding.quantity()));
        self.rounding_da = Some(rounding.quantity_da());
        self
    }
}
