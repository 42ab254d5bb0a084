//! Which rule-set versions and parameters the fixtures exercise, read from the traces of their
//! calculations: a version no fixture computes under, or a parameter no trace reads, is a place
//! where a wrong number would go unnoticed.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::Outcome;
use crate::rules::RuleBook;

#[derive(Debug, Default)]
pub struct Coverage {
    /// (rule set, version) → fixtures computed under it.
    fixtures: BTreeMap<(String, String), Vec<String>>,
    /// (rule set, version) → parameter and rounding names some fixture's trace used.
    used: BTreeMap<(String, String), BTreeSet<String>>,
}

/// One version's coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionCoverage {
    pub rule_set: String,
    pub version: String,
    pub fixtures: Vec<String>,
    /// Parameters and roundings (`rounding.x`) no fixture's calculation used.
    pub unused: Vec<String>,
}

impl Coverage {
    pub fn record(&mut self, outcome: &Outcome) {
        let key = (outcome.version.id.clone(), outcome.version.version.clone());
        self.fixtures
            .entry(key.clone())
            .or_default()
            .push(outcome.case.origin.clone());
        let used = self.used.entry(key).or_default();
        for name in &outcome.used {
            used.insert(name.to_string());
        }
        for step in &outcome.trace {
            if let Some((name, ..)) = &step.rounding {
                used.insert(format!("rounding.{name}"));
            }
        }
    }

    /// Every version in the book, with its fixtures and unused parameters.
    pub fn report(&self, book: &RuleBook) -> Vec<VersionCoverage> {
        // A version that holds no values has nothing to exercise.
        book.all()
            .filter(|v| v.status != crate::rules::Status::NotCovered)
            .map(|v| {
                let key = (v.id.clone(), v.version.clone());
                let used = self.used.get(&key);
                let unused = v
                    .parameters
                    .keys()
                    .cloned()
                    .chain(v.roundings.keys().map(|r| format!("rounding.{r}")))
                    .filter(|p| used.is_none_or(|u| !u.contains(p)))
                    .collect();
                VersionCoverage {
                    rule_set: v.id.clone(),
                    version: v.version.clone(),
                    fixtures: self.fixtures.get(&key).cloned().unwrap_or_default(),
                    unused,
                }
            })
            .collect()
    }
}
