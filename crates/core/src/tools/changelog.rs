//! What changed between two versions of a rule set, read from the rule sets alone: parameters
//! (old → new, difference, status, derivation, sources), roundings, and the legal references of
//! the formula steps (e.g. § 70 f becoming § 123 in 2020).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::rules::{RuleSetVersion, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDelta {
    pub name: String,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    pub new_status: Option<Status>,
    pub derivation: Option<String>,
    /// Who quoted the new value, when it is secondary.
    pub quoted_by: Option<String>,
    /// Citations of the new value's sources.
    pub sources: Vec<String>,
}

impl ParamDelta {
    pub fn difference(&self) -> Option<Decimal> {
        Some(self.new? - self.old?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDelta {
    pub name: String,
    pub old: String,
    pub new: String,
}

/// The changes from one version to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub rule_set: String,
    pub old_version: String,
    pub new_version: String,
    /// The day the new version takes effect.
    pub effective: NaiveDate,
    pub status: Option<(Status, Status)>,
    pub parameters: Vec<ParamDelta>,
    pub roundings: Vec<TextDelta>,
    /// Formula steps whose legal references changed.
    pub references: Vec<TextDelta>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty()
            && self.roundings.is_empty()
            && self.references.is_empty()
            && self.status.is_none()
    }
}

fn citations(v: &RuleSetVersion, keys: &[String]) -> Vec<String> {
    v.resolve(keys)
        .into_iter()
        .map(|s| match &s.paragraph {
            Some(_) => s.citation(),
            None => format!("{} <{}>", s.act, s.url),
        })
        .collect()
}

pub fn between(old: &RuleSetVersion, new: &RuleSetVersion) -> Changes {
    // A version that covers nothing holds no figures or references to compare: its status
    // change is the entry (not every value and legal basis listed as removed).
    if new.status == Status::NotCovered {
        return Changes {
            rule_set: new.id.clone(),
            old_version: old.version.clone(),
            new_version: new.version.clone(),
            effective: new.valid_from,
            status: (old.status != new.status).then_some((old.status, new.status)),
            parameters: Vec::new(),
            roundings: Vec::new(),
            references: Vec::new(),
        };
    }
    let mut parameters = Vec::new();
    let names: std::collections::BTreeSet<&String> =
        old.parameters.keys().chain(new.parameters.keys()).collect();
    for name in names {
        let (a, b) = (old.parameters.get(name), new.parameters.get(name));
        if a.map(|p| p.value) != b.map(|p| p.value) {
            parameters.push(ParamDelta {
                name: name.clone(),
                old: a.map(|p| p.value),
                new: b.map(|p| p.value),
                new_status: b.map(|p| p.status),
                derivation: b.and_then(|p| p.derivation.clone()),
                quoted_by: b.and_then(|p| p.quoted_by.clone()),
                sources: b.map(|p| citations(new, &p.sources)).unwrap_or_default(),
            });
        }
    }
    let mut roundings = Vec::new();
    let names: std::collections::BTreeSet<&String> =
        old.roundings.keys().chain(new.roundings.keys()).collect();
    for name in names {
        let text = |r: Option<&crate::rules::NamedRounding>| {
            r.map_or("(none)".to_string(), |r| r.rounding.to_string())
        };
        let (a, b) = (old.roundings.get(name), new.roundings.get(name));
        if a.map(|r| r.rounding) != b.map(|r| r.rounding) {
            roundings.push(TextDelta {
                name: name.clone(),
                old: text(a),
                new: text(b),
            });
        }
    }
    let mut references = Vec::new();
    for rule in new.scheme.rules {
        let cite = |v: &RuleSetVersion| {
            v.rule_sources(rule.name)
                .iter()
                .filter(|s| s.paragraph.is_some())
                .map(|s| s.citation())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (a, b) = (cite(old), cite(new));
        if a != b {
            references.push(TextDelta {
                name: rule.name.to_string(),
                old: a,
                new: b,
            });
        }
    }
    Changes {
        rule_set: new.id.clone(),
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        effective: new.valid_from,
        status: (old.status != new.status).then_some((old.status, new.status)),
        parameters,
        roundings,
        references,
    }
}
