//! What the engine knows, as JSON for other programs (the WASM page, the HTTP API): the
//! schemes with their declared inputs and results, the rule-set versions with their status and
//! validity, and one version's parameters, roundings and rules with their legal sources.

use serde_json::{Value as Json, json};
#[cfg(feature = "toml")]
use sha2::{Digest, Sha256};

#[cfg(feature = "toml")]
use crate::rules::RuleFile;
use crate::rules::spec::{InputKind, Need, SchemeSpec};
use crate::rules::{LegalSource, RuleBook, RuleSetVersion};
use crate::text::{Lang, catalogue};

fn text(lang: Lang, scope: &str, key: &str) -> String {
    catalogue::fill(lang, scope, key, &mut |_| None)
}

/// One scheme's declaration: its inputs (kind, bounds, whether required, description in
/// English and Danish) and results: `{"name", "family", "title", "title_da", "selected_by",
/// "inputs": [...], "results": [...], "headline"}`.
pub fn scheme(s: &SchemeSpec) -> Json {
    let inputs: Vec<Json> = s
        .inputs
        .iter()
        .map(|i| {
            let key = format!("input.{}", i.name);
            let mut v = json!({
                "name": i.name,
                "required": i.need == Need::Required,
                "default": match i.need { Need::Default(d) => Some(d), _ => None },
                "description": text(Lang::En, s.name, &key),
                "description_da": text(Lang::Da, s.name, &key),
            });
            let kind = match i.kind {
                InputKind::Amount { max } => json!({"kind": "amount", "max": max.to_string()}),
                InputKind::AmountOrWord { max, word } => {
                    json!({"kind": "amount_or_word", "max": max.to_string(), "word": word})
                }
                InputKind::Hours { max } => json!({"kind": "hours", "max": max.to_string()}),
                InputKind::Weeks { max } => json!({"kind": "weeks", "max": max.to_string()}),
                InputKind::Count { max } => json!({"kind": "count", "max": max.to_string()}),
                InputKind::Persons { max } => json!({"kind": "persons", "max": max.to_string()}),
                InputKind::Date => json!({"kind": "date"}),
                InputKind::Month => json!({"kind": "month"}),
                InputKind::Choice(c) => json!({"kind": "choice", "choices": c}),
                InputKind::Flag => json!({"kind": "flag"}),
                InputKind::Text => json!({"kind": "text"}),
            };
            if let (Some(v), Some(k)) = (v.as_object_mut(), kind.as_object()) {
                v.extend(k.clone());
            }
            v
        })
        .collect();
    json!({
        "name": s.name,
        "family": s.family,
        "title": text(Lang::En, s.name, "title"),
        "title_da": text(Lang::Da, s.name, "title"),
        "selected_by": s.selected_by,
        "inputs": inputs,
        "results": s.results.iter().map(|r| json!({"name": r.name, "outcome": r.outcome, "group": r.group})).collect::<Vec<_>>(),
        "headline": s.headline,
    })
}

/// Every registered scheme's declaration, in registry order.
pub fn schemes() -> Json {
    Json::Array(crate::schemes::SCHEMES.iter().map(|s| scheme(s)).collect())
}

/// A version in a listing: `{"id", "family", "version", "title", "status", "valid_from",
/// "valid_to", "sha256"}`.
pub fn version_summary(v: &RuleSetVersion) -> Json {
    json!({
        "id": v.id,
        "family": v.family,
        "version": v.version,
        "title": v.title,
        "status": v.status.name(),
        "valid_from": v.valid_from.to_string(),
        "valid_to": v.valid_to.map(|d| d.to_string()),
        "sha256": v.sha256,
    })
}

/// Every version of every rule set (optionally only those in force on a date).
pub fn versions(book: &RuleBook, on: Option<chrono::NaiveDate>) -> Json {
    Json::Array(
        book.all()
            .filter(|v| on.is_none_or(|d| v.covers(d)))
            .map(version_summary)
            .collect(),
    )
}

fn legal(sources: Vec<&LegalSource>) -> Vec<Json> {
    sources
        .into_iter()
        .map(|s| json!({"act": s.act, "paragraph": s.paragraph, "url": s.url, "note": s.note}))
        .collect()
}

/// One version in full: its summary, notes, and each parameter (value, unit, status,
/// derivation, who quoted a secondary value, note, legal sources), rounding and rule with their sources.
pub fn version_detail(v: &RuleSetVersion) -> Json {
    let mut out = version_summary(v);
    let parameters: Vec<Json> = v
        .scheme
        .parameters
        .iter()
        .filter_map(|spec| v.parameter(spec.name).map(|p| (spec, p)))
        .map(|(spec, p)| {
            json!({
                "name": p.name,
                "value": p.display,
                "unit": p.unit.name(),
                "status": p.status.name(),
                "description": spec.description,
                "derivation": p.derivation,
                "quoted_by": p.quoted_by,
                "note": p.note,
                "sources": legal(v.resolve(&p.sources)),
            })
        })
        .collect();
    let roundings: Vec<Json> = v
        .roundings
        .values()
        .map(|r| {
            json!({
                "name": r.name,
                "rounding": r.rounding.to_string(),
                "status": r.status.name(),
                "derivation": r.derivation,
                "quoted_by": r.quoted_by,
                "sources": legal(v.resolve(&r.sources)),
            })
        })
        .collect();
    let rules: Vec<Json> = v
        .scheme
        .rules
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "description": r.description,
                "sources": legal(v.rule_sources(r.name)),
            })
        })
        .collect();
    if let Some(o) = out.as_object_mut() {
        o.insert("file".into(), json!(v.file));
        o.insert("notes".into(), json!(v.notes.as_deref().map(str::trim)));
        o.insert("parameters".into(), Json::Array(parameters));
        o.insert("roundings".into(), Json::Array(roundings));
        o.insert("rules".into(), Json::Array(rules));
    }
    out
}

#[cfg(feature = "toml")]
/// The hash of a rule book's files: SHA-256 over each file's name and the SHA-256 of its
/// bytes, in name order. Two engines with the same hash hold the same rules.
pub fn rule_book_sha256(files: &[RuleFile]) -> String {
    let mut named: Vec<(&str, String)> = files
        .iter()
        .map(|f| (f.name.as_str(), hex(&Sha256::digest(&f.bytes))))
        .collect();
    named.sort();
    let mut h = Sha256::new();
    for (name, sha) in named {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(sha.as_bytes());
        h.update([b'\n']);
    }
    hex(&h.finalize())
}

#[cfg(feature = "toml")]
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_declares_its_inputs_in_both_languages() {
        let all = schemes();
        let list = all.as_array().unwrap();
        assert_eq!(list.len(), crate::schemes::SCHEMES.len());
        for s in list {
            for i in s["inputs"].as_array().unwrap() {
                assert!(
                    !i["description_da"]
                        .as_str()
                        .unwrap()
                        .contains("missing text")
                );
            }
        }
    }

    #[test]
    fn the_rule_book_hash_follows_the_files() {
        let files = crate::rules::bundled_files();
        let a = rule_book_sha256(&files);
        assert_eq!(a.len(), 64);
        let mut changed = files.clone();
        changed[0].bytes = std::borrow::Cow::Owned(b"changed".to_vec());
        assert_ne!(a, rule_book_sha256(&changed));
    }
}
