//! The rule book in a compact binary form, so a process need not parse and validate the
//! bundled TOML files each time it starts.
//!
//! [`encode`] writes a [`RuleBook`] that [`super::load`] built (validated, every error
//! refused); [`decode`] reads it back. The form holds exactly what the loader kept from the
//! files — every version's values, sources, roundings, rules, file name and SHA-256, the shared
//! amounts and the loader's warnings — and nothing is validated again when it is read: it is
//! only ever written from a book that validated. Each scheme's typed parameters are built again
//! from the version (the same [`super::spec::Compile`] the loader runs), since they are code,
//! not data. Each rule set is its own part of the form, decoded the first time it is asked for:
//! a process that computes one scheme decodes one rule set.
//!
//! `beregner-bundled`'s build script writes this form for the bundled `rules/` at build time;
//! `--rules DIR`, `--overlay` and `beregner check` still read the TOML.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{LegalSource, NamedRounding, Parameter, RuleRef, RuleSetVersion, Status};
use super::shared::{SharedAmount, SharedBook};
use super::spec::SchemeSpec;
use super::{RuleBook, Set};
use crate::source::diag::Diagnostic;

/// Changes whenever the form changes, so a form written by another build is refused.
const FORMAT: &str = concat!("beregner-rule-book/1/", env!("CARGO_PKG_VERSION"));

#[derive(Serialize, Deserialize)]
struct Book<'a> {
    format: String,
    /// Each rule set's versions, on their own so that each is decoded only when used.
    #[serde(borrow)]
    sets: Vec<(String, Bytes<'a>)>,
    shared: Vec<SharedAmount>,
    warnings: Vec<Diagnostic>,
}

/// Bytes inside the compact form, borrowed from it when it is read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bytes<'a>(pub &'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'de [u8]>::deserialize(d).map(Bytes)
    }
}

/// A [`RuleSetVersion`] without what is code: its scheme by name, its typed parameters rebuilt.
#[derive(Serialize, Deserialize)]
struct Version {
    id: String,
    family: String,
    version: String,
    title: Option<String>,
    #[serde(with = "date")]
    valid_from: NaiveDate,
    #[serde(with = "opt_date")]
    valid_to: Option<NaiveDate>,
    status: Status,
    notes: Option<String>,
    sources: BTreeMap<String, LegalSource>,
    parameters: BTreeMap<String, Parameter>,
    roundings: BTreeMap<String, NamedRounding>,
    rules: BTreeMap<String, RuleRef>,
    file: String,
    sha256: String,
    scheme: String,
    overlay: Option<String>,
    end_unknown: bool,
}

/// The book in compact form.
pub fn encode(book: &RuleBook) -> Result<Vec<u8>, String> {
    let mut sets = Vec::new();
    for id in book.ids() {
        let versions: Vec<Version> = book
            .versions(id)
            .iter()
            .map(|v| Version {
                id: v.id.clone(),
                family: v.family.clone(),
                version: v.version.clone(),
                title: v.title.clone(),
                valid_from: v.valid_from,
                valid_to: v.valid_to,
                status: v.status,
                notes: v.notes.clone(),
                sources: v.sources.clone(),
                parameters: v.parameters.clone(),
                roundings: v.roundings.clone(),
                rules: v.rules.clone(),
                file: v.file.clone(),
                sha256: v.sha256.clone(),
                scheme: v.scheme.name.to_string(),
                overlay: v.overlay.clone(),
                end_unknown: v.end_unknown,
            })
            .collect();
        let bytes = postcard::to_allocvec(&versions).map_err(|e| e.to_string())?;
        sets.push((id.to_string(), bytes));
    }
    let compact = Book {
        format: FORMAT.to_string(),
        sets: sets
            .iter()
            .map(|(id, bytes)| (id.clone(), Bytes(bytes.as_slice())))
            .collect(),
        shared: book.shared.all().cloned().collect(),
        warnings: book.warnings.clone(),
    };
    postcard::to_allocvec(&compact).map_err(|e| e.to_string())
}

/// The book back from its compact form, against the schemes `specs` declare; `None` when the
/// bytes are not a book of this build (another format), so the caller can load the TOML
/// instead. Each rule set's versions are decoded when first asked for.
pub fn decode(bytes: &'static [u8], specs: &'static [&'static SchemeSpec]) -> Option<RuleBook> {
    let compact: Book<'static> = postcard::from_bytes(bytes).ok()?;
    if compact.format != FORMAT {
        return None;
    }
    let mut shared = SharedBook::default();
    for a in compact.shared {
        shared.insert(a);
    }
    Some(RuleBook {
        sets: compact
            .sets
            .into_iter()
            .map(|(id, b)| (id, Set::compact(b.0)))
            .collect(),
        warnings: compact.warnings,
        specs,
        shared,
    })
}

/// One rule set's versions from their compact form; `None` when they cannot be read (a scheme
/// this build does not know, a version its scheme cannot compile).
pub(super) fn decode_set(
    bytes: &[u8],
    specs: &'static [&'static SchemeSpec],
) -> Option<Vec<RuleSetVersion>> {
    let compact: Vec<Version> = postcard::from_bytes(bytes).ok()?;
    let mut versions = Vec::with_capacity(compact.len());
    for v in compact {
        let scheme = specs.iter().copied().find(|s| s.name == v.scheme)?;
        let mut version = RuleSetVersion {
            id: v.id,
            family: v.family,
            version: v.version,
            title: v.title,
            valid_from: v.valid_from,
            valid_to: v.valid_to,
            status: v.status,
            notes: v.notes,
            sources: v.sources,
            parameters: v.parameters,
            roundings: v.roundings,
            rules: v.rules,
            file: v.file,
            sha256: v.sha256,
            scheme,
            compiled: None,
            overlay: v.overlay,
            end_unknown: v.end_unknown,
        };
        // As the loader does: a version that covers something computes with typed parameters.
        if version.status != Status::NotCovered {
            version.compiled = Some((scheme.compile)(&version).ok()?);
        }
        versions.push(version);
    }
    Some(versions)
}

/// A [`rust_decimal::Decimal`] as its 16 bytes.
pub(super) mod decimal {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        d.serialize().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        <[u8; 16]>::deserialize(d).map(Decimal::deserialize)
    }
}

/// A date as its days from 0001-01-01.
pub(super) mod date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        d.num_days_from_ce().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| D::Error::custom("not a date"))
    }
}

/// An optional date as its days from 0001-01-01.
pub(super) mod opt_date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<i32>::deserialize(d)? {
            None => Ok(None),
            Some(days) => NaiveDate::from_num_days_from_ce_opt(days)
                .map(Some)
                .ok_or_else(|| D::Error::custom("not a date")),
        }
    }
}
