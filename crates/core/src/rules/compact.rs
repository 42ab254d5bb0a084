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
//! A rule set's texts are written once each, in a table at the head of its part, and every
//! field names its text by its place there: the versions of a rule set repeat most of their
//! sources, notes and names from year to year (the texts of the bundled rules are 561 KB
//! written out field by field, 136 KB once each), and the page carries this form.
//!
//! `beregner-bundled`'s build script writes this form for the bundled `rules/` at build time;
//! `--rules DIR`, `--overlay` and `beregner check` still read the TOML.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::model::{LegalSource, NamedRounding, Parameter, RuleRef, RuleSetVersion, Status};
use super::shared::{SharedAmount, SharedBook};
use super::spec::{SchemeSpec, Unit};
use super::{RuleBook, Set};
use crate::source::diag::Diagnostic;
use crate::values::rounding::Rounding;

/// Changes whenever the form changes, so a form written by another build is refused.
const FORMAT: &str = concat!("beregner-rule-book/2/", env!("CARGO_PKG_VERSION"));

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

/// A text in the rule set's table of texts, by its place there.
type Text = u32;

/// One rule set's part of the form: its texts once each, then its versions.
#[derive(Serialize, Deserialize)]
struct SetForm<'a> {
    #[serde(borrow)]
    texts: Vec<&'a str>,
    versions: Vec<Version>,
}

/// A [`RuleSetVersion`] without what is code (its scheme by name, its typed parameters rebuilt),
/// every text by its place in the table.
#[derive(Serialize, Deserialize)]
struct Version {
    id: Text,
    family: Text,
    version: Text,
    title: Option<Text>,
    #[serde(with = "date")]
    valid_from: NaiveDate,
    #[serde(with = "opt_date")]
    valid_to: Option<NaiveDate>,
    status: Status,
    notes: Option<Text>,
    notes_da: Option<Text>,
    sources: Vec<(Text, Source)>,
    parameters: Vec<(Text, Param)>,
    roundings: Vec<(Text, Round)>,
    rules: Vec<(Text, Rule)>,
    file: Text,
    sha256: Text,
    scheme: Text,
    overlay: Option<Text>,
    end_unknown: bool,
}

/// A [`LegalSource`].
#[derive(Serialize, Deserialize)]
struct Source {
    key: Text,
    act: Text,
    paragraph: Option<Text>,
    url: Text,
    note: Option<Text>,
}

/// A [`Parameter`].
#[derive(Serialize, Deserialize)]
struct Param {
    name: Text,
    #[serde(with = "decimal")]
    value: Decimal,
    display: Text,
    unit: Unit,
    status: Status,
    derivation: Option<Text>,
    quoted_by: Option<Text>,
    derivation_da: Option<Text>,
    quoted_by_da: Option<Text>,
    sources: Vec<Text>,
    note: Option<Text>,
}

/// A [`NamedRounding`].
#[derive(Serialize, Deserialize)]
struct Round {
    name: Text,
    rounding: Rounding,
    status: Status,
    derivation: Option<Text>,
    quoted_by: Option<Text>,
    derivation_da: Option<Text>,
    sources: Vec<Text>,
}

/// A [`RuleRef`].
#[derive(Serialize, Deserialize)]
struct Rule {
    name: Text,
    sources: Vec<Text>,
    note: Option<Text>,
}

/// The table of texts being written: each text once, in the order first met.
#[derive(Default)]
struct Texts {
    list: Vec<String>,
    index: HashMap<String, Text>,
}

impl Texts {
    fn put(&mut self, text: &str) -> Result<Text, String> {
        if let Some(&i) = self.index.get(text) {
            return Ok(i);
        }
        let i = Text::try_from(self.list.len()).map_err(|e| e.to_string())?;
        self.list.push(text.to_string());
        self.index.insert(text.to_string(), i);
        Ok(i)
    }

    fn opt(&mut self, text: &Option<String>) -> Result<Option<Text>, String> {
        text.as_deref().map(|t| self.put(t)).transpose()
    }

    fn all(&mut self, texts: &[String]) -> Result<Vec<Text>, String> {
        texts.iter().map(|t| self.put(t)).collect()
    }
}

/// The table of texts being read; a place outside it makes the set unreadable (`None`).
struct Table<'a>(Vec<&'a str>);

impl Table<'_> {
    fn get(&self, i: Text) -> Option<String> {
        let i = usize::try_from(i).ok()?;
        self.0.get(i).map(|t| (*t).to_string())
    }

    fn opt(&self, i: Option<Text>) -> Option<Option<String>> {
        match i {
            None => Some(None),
            Some(i) => self.get(i).map(Some),
        }
    }

    fn all(&self, list: Vec<Text>) -> Option<Vec<String>> {
        list.into_iter().map(|i| self.get(i)).collect()
    }
}

/// One rule set's versions in compact form.
fn encode_set(versions: &[RuleSetVersion]) -> Result<Vec<u8>, String> {
    let mut t = Texts::default();
    let mut out = Vec::with_capacity(versions.len());
    for v in versions {
        let mut sources = Vec::with_capacity(v.sources.len());
        for (k, s) in &v.sources {
            let source = Source {
                key: t.put(&s.key)?,
                act: t.put(&s.act)?,
                paragraph: t.opt(&s.paragraph)?,
                url: t.put(&s.url)?,
                note: t.opt(&s.note)?,
            };
            sources.push((t.put(k)?, source));
        }
        let mut parameters = Vec::with_capacity(v.parameters.len());
        for (k, p) in &v.parameters {
            let param = Param {
                name: t.put(&p.name)?,
                value: p.value,
                display: t.put(&p.display)?,
                unit: p.unit,
                status: p.status,
                derivation: t.opt(&p.derivation)?,
                quoted_by: t.opt(&p.quoted_by)?,
                derivation_da: t.opt(&p.derivation_da)?,
                quoted_by_da: t.opt(&p.quoted_by_da)?,
                sources: t.all(&p.sources)?,
                note: t.opt(&p.note)?,
            };
            parameters.push((t.put(k)?, param));
        }
        let mut roundings = Vec::with_capacity(v.roundings.len());
        for (k, r) in &v.roundings {
            let round = Round {
                name: t.put(&r.name)?,
                rounding: r.rounding,
                status: r.status,
                derivation: t.opt(&r.derivation)?,
                quoted_by: t.opt(&r.quoted_by)?,
                derivation_da: t.opt(&r.derivation_da)?,
                sources: t.all(&r.sources)?,
            };
            roundings.push((t.put(k)?, round));
        }
        let mut rules = Vec::with_capacity(v.rules.len());
        for (k, r) in &v.rules {
            let rule = Rule {
                name: t.put(&r.name)?,
                sources: t.all(&r.sources)?,
                note: t.opt(&r.note)?,
            };
            rules.push((t.put(k)?, rule));
        }
        out.push(Version {
            id: t.put(&v.id)?,
            family: t.put(&v.family)?,
            version: t.put(&v.version)?,
            title: t.opt(&v.title)?,
            valid_from: v.valid_from,
            valid_to: v.valid_to,
            status: v.status,
            notes: t.opt(&v.notes)?,
            notes_da: t.opt(&v.notes_da)?,
            sources,
            parameters,
            roundings,
            rules,
            file: t.put(&v.file)?,
            sha256: t.put(&v.sha256)?,
            scheme: t.put(v.scheme.name)?,
            overlay: t.opt(&v.overlay)?,
            end_unknown: v.end_unknown,
        });
    }
    let form = SetForm {
        texts: t.list.iter().map(String::as_str).collect(),
        versions: out,
    };
    postcard::to_allocvec(&form).map_err(|e| e.to_string())
}

/// The book in compact form.
pub fn encode(book: &RuleBook) -> Result<Vec<u8>, String> {
    encode_sets(book, &|_| true)
}

/// The book in compact form with only the rule sets `keep` names (every shared amount and
/// warning): the page's module carries only the rule sets of its schemes.
pub fn encode_sets(book: &RuleBook, keep: &dyn Fn(&str) -> bool) -> Result<Vec<u8>, String> {
    let mut sets = Vec::new();
    for id in book.ids().filter(|id| keep(id)) {
        sets.push((id.to_string(), encode_set(book.versions(id))?));
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
/// this build does not know, a version its scheme cannot compile, a text not in the table).
pub(super) fn decode_set(
    bytes: &[u8],
    specs: &'static [&'static SchemeSpec],
) -> Option<Vec<RuleSetVersion>> {
    let form: SetForm = postcard::from_bytes(bytes).ok()?;
    let t = Table(form.texts);
    let mut versions = Vec::with_capacity(form.versions.len());
    for v in form.versions {
        let name = t.get(v.scheme)?;
        let scheme = specs.iter().copied().find(|s| s.name == name)?;
        let mut sources = BTreeMap::new();
        for (k, s) in v.sources {
            let source = LegalSource {
                key: t.get(s.key)?,
                act: t.get(s.act)?,
                paragraph: t.opt(s.paragraph)?,
                url: t.get(s.url)?,
                note: t.opt(s.note)?,
            };
            sources.insert(t.get(k)?, source);
        }
        let mut parameters = BTreeMap::new();
        for (k, p) in v.parameters {
            let param = Parameter {
                name: t.get(p.name)?,
                value: p.value,
                display: t.get(p.display)?,
                unit: p.unit,
                status: p.status,
                derivation: t.opt(p.derivation)?,
                quoted_by: t.opt(p.quoted_by)?,
                derivation_da: t.opt(p.derivation_da)?,
                quoted_by_da: t.opt(p.quoted_by_da)?,
                sources: t.all(p.sources)?,
                note: t.opt(p.note)?,
            };
            parameters.insert(t.get(k)?, param);
        }
        let mut roundings = BTreeMap::new();
        for (k, r) in v.roundings {
            let round = NamedRounding {
                name: t.get(r.name)?,
                rounding: r.rounding,
                status: r.status,
                derivation: t.opt(r.derivation)?,
                quoted_by: t.opt(r.quoted_by)?,
                derivation_da: t.opt(r.derivation_da)?,
                sources: t.all(r.sources)?,
            };
            roundings.insert(t.get(k)?, round);
        }
        let mut rules = BTreeMap::new();
        for (k, r) in v.rules {
            let rule = RuleRef {
                name: t.get(r.name)?,
                sources: t.all(r.sources)?,
                note: t.opt(r.note)?,
            };
            rules.insert(t.get(k)?, rule);
        }
        let mut version = RuleSetVersion {
            id: t.get(v.id)?,
            family: t.get(v.family)?,
            version: t.get(v.version)?,
            title: t.opt(v.title)?,
            valid_from: v.valid_from,
            valid_to: v.valid_to,
            status: v.status,
            notes: t.opt(v.notes)?,
            notes_da: t.opt(v.notes_da)?,
            sources,
            parameters,
            roundings,
            rules,
            file: t.get(v.file)?,
            sha256: t.get(v.sha256)?,
            scheme,
            compiled: None,
            overlay: t.opt(v.overlay)?,
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
