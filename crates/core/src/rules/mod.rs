//! Rule sets: versioned, dated, sourced parameter files under `rules/`.
//!
//! One file is one version of one rule set (`rules/<family>/<id>/<version>.toml`). A version
//! names its validity period, its status, its legal sources, its parameters and roundings, and
//! the legal reference of every formula step. [`RuleBook`] holds every version that loaded and
//! validated, and selects the one in force on a date.

#[cfg(feature = "toml")]
mod load;
mod model;
#[cfg(feature = "toml")]
mod validate;

pub mod compact;
pub mod overlay;
pub mod shared;
pub mod spec;

#[cfg(all(feature = "toml", not(target_family = "wasm")))]
pub use load::read_dir;
#[cfg(feature = "toml")]
pub use load::{RuleFile, bundled_files, is_regulation_file, load};
#[cfg(feature = "toml")]
pub(crate) use model::read_source_table;
pub use model::{LegalSource, NamedRounding, Parameter, RuleRef, RuleSetVersion, Status};

use chrono::NaiveDate;
use std::collections::BTreeMap;

use crate::source::diag::Diagnostic;

/// Every validated rule-set version, grouped by rule-set id and ordered by `valid_from`.
#[derive(Debug, Default, Clone)]
pub struct RuleBook {
    sets: BTreeMap<String, Set>,
    /// Warnings from loading (errors prevent a RuleBook from being built).
    pub warnings: Vec<Diagnostic>,
    /// The schemes the rule sets were validated against.
    pub specs: &'static [&'static spec::SchemeSpec],
    /// The shared amounts the rule sets build on.
    pub shared: shared::SharedBook,
}

/// The versions of one rule set: loaded, or kept in compact form (see [`compact`]) and decoded
/// the first time they are asked for, so a process that computes one scheme decodes one rule set.
#[derive(Debug, Default, Clone)]
struct Set {
    versions: std::sync::OnceLock<Vec<RuleSetVersion>>,
    compact: Option<compact::Bytes<'static>>,
}

impl Set {
    #[cfg(feature = "toml")]
    fn loaded(versions: Vec<RuleSetVersion>) -> Self {
        Self {
            versions: std::sync::OnceLock::from(versions),
            compact: None,
        }
    }

    fn compact(bytes: &'static [u8]) -> Self {
        Self {
            versions: std::sync::OnceLock::new(),
            compact: Some(compact::Bytes(bytes)),
        }
    }

    /// The versions, decoded on first use. The compact form was written from a book that
    /// validated and is decoded whole by the tests, so it does not fail; if it did (a binary
    /// damaged on disk), the set would have no versions and every case of it would be refused.
    fn get(&self, specs: &'static [&'static spec::SchemeSpec]) -> &[RuleSetVersion] {
        self.versions.get_or_init(|| {
            self.compact
                .and_then(|b| compact::decode_set(b.0, specs))
                .unwrap_or_default()
        })
    }

    fn get_mut(
        &mut self,
        specs: &'static [&'static spec::SchemeSpec],
    ) -> Option<&mut Vec<RuleSetVersion>> {
        self.get(specs);
        self.versions.get_mut()
    }
}

/// No version of a rule set covers the date asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("no rule set `{id}` is loaded")]
    UnknownRuleSet { id: String },
    #[error("no rule set in force for {date} in {id}{}", coverage_hint(.covered))]
    NotCovered {
        id: String,
        date: NaiveDate,
        covered: Vec<(NaiveDate, Option<NaiveDate>)>,
    },
}

fn coverage_hint(covered: &[(NaiveDate, Option<NaiveDate>)]) -> String {
    match (covered.first(), covered.last()) {
        (Some((from, _)), Some((_, to))) => match to {
            Some(to) => format!(" (versions cover {from} to {to})"),
            None => format!(" (versions cover {from} onwards)"),
        },
        _ => String::new(),
    }
}

impl RuleBook {
    /// The scheme of this name.
    pub fn spec(&self, name: &str) -> Option<&'static spec::SchemeSpec> {
        self.specs.iter().copied().find(|s| s.name == name)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }

    pub fn versions(&self, id: &str) -> &[RuleSetVersion] {
        self.sets.get(id).map_or(&[], |s| s.get(self.specs))
    }

    pub fn all(&self) -> impl Iterator<Item = &RuleSetVersion> {
        self.sets.values().flat_map(|s| s.get(self.specs))
    }

    /// The version of rule set `id` in force on `date`. A date outside every version is an
    /// error, never the nearest version.
    pub fn in_force(&self, id: &str, date: NaiveDate) -> Result<&RuleSetVersion, SelectError> {
        let versions = self
            .sets
            .get(id)
            .ok_or_else(|| SelectError::UnknownRuleSet { id: id.to_string() })?
            .get(self.specs);
        versions
            .iter()
            .find(|v| v.covers(date))
            .ok_or_else(|| SelectError::NotCovered {
                id: id.to_string(),
                date,
                // The dates a case can be computed for: a version that covers nothing (`not_covered`)
                // is not coverage.
                covered: versions
                    .iter()
                    .filter(|v| v.status != Status::NotCovered)
                    .map(|v| (v.valid_from, v.valid_to))
                    .collect(),
            })
    }

    pub(crate) fn versions_mut(&mut self, id: &str) -> Option<&mut Vec<RuleSetVersion>> {
        let specs = self.specs;
        self.sets.get_mut(id).and_then(|s| s.get_mut(specs))
    }

    /// One version by its version name (`2024`).
    pub fn version(&self, id: &str, version: &str) -> Option<&RuleSetVersion> {
        self.versions(id).iter().find(|v| v.version == version)
    }
}
