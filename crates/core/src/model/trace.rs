//! The hand-written explanations of the schemes not yet on the model: ordered steps, each with
//! the values it used, the formula with the numbers filled in, the rounding applied.

use crate::rules::LegalSource;
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

pub use crate::values::value::Value;

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
    /// The rounding itself, and whether it rounds money.
    pub rounding_rule: Option<(&'static str, Rounding, bool)>,
    pub legal: Vec<LegalRef>,
}

/// Collects the steps of a hand-written explanation (schemes not yet on the model); the
/// legal references come from the rule set when the steps are written out.
#[derive(Debug, Default)]
pub struct Tracer {
    pub steps: Vec<Step>,
}

impl Tracer {
    /// Records a step under `rule`.
    pub fn step(
        &mut self,
        rule: &'static str,
        label: impl Into<String>,
        value: Value,
    ) -> &mut Step {
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
            rounding_rule: None,
            legal: Vec::new(),
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
        self.rounding_rule = Some((name, rounding, true));
        self
    }

    /// A rounding of a quantity that is not money, such as hours (`to 2 decimals`).
    pub fn rounded_quantity(&mut self, name: &'static str, rounding: Rounding) -> &mut Self {
        self.rounding = Some((name, rounding.quantity()));
        self.rounding_da = Some(rounding.quantity_da());
        self.rounding_rule = Some((name, rounding, false));
        self
    }
}
