//! The catalogues: every sentence a reader sees (step labels, formulas that are sentences,
//! notes, refusals, requirement texts, terms), one catalogue per language under
//! `crates/core/catalogue/<lang>/`, one file per family plus `common.toml`.
//!
//! A file's top-level tables are scopes (a scheme's name, or `common`); inside a scope, nested
//! tables are joined with dots, so `[fleksloentilskud.label] reduction = "…"` is the entry
//! `label.reduction` of the scope `fleksloentilskud`. A text names its values in braces
//! (`{month}`), written in the reader's language when shown ([`super::format`]);
//! `{n:week|weeks}` is the word for the count `n` (the first where `n` is written `1`).
//!
//! The two languages must hold the same entries with the same placeholders; [`problems`] says
//! where they do not, and a test requires it to say nothing. A missing entry is shown as
//! `[missing text: da:scope.key]`, never as the other language's text.
//!
//! Every build carries the catalogue as the build script writes it: a sorted table of (scope,
//! key) and each language's texts ([`compact`]); a text is found by a binary search, with no
//! TOML parsed at run time. The tests parse the TOML files themselves, report what is wrong with
//! them ([`problems`]) and check the table against them entry by entry.

#[cfg(all(test, feature = "toml"))]
use std::collections::HashMap;
use std::sync::OnceLock;

#[cfg(all(test, feature = "toml"))]
use crate::source::diag::SourceText;
#[cfg(all(test, feature = "toml"))]
use crate::source::tree::{Kind, Node, parse_toml};

#[cfg(all(test, feature = "toml"))]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// The catalogue in compact form, written by the build script.
mod compact {
    use super::{Lang, OnceLock, Template};

    mod table {
        include!(concat!(env!("OUT_DIR"), "/catalogue_compact.rs"));
    }

    /// Set in an entry's end when the language has no such entry.
    const MISSING: u32 = 1 << 31;

    /// Every entry of `lang` as (scope, key, text), in order.
    #[cfg(test)]
    pub(super) fn entries(
        lang: Lang,
    ) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
        table::KEYS
            .iter()
            .enumerate()
            .filter_map(move |(i, (s, k))| Some((*s, *k, text(lang, i)?)))
    }

    /// The text of entry `i` in `lang`: from where the entry before it ends to where it ends.
    fn text(lang: Lang, i: usize) -> Option<&'static str> {
        let ends = table::ENDS[lang as usize];
        let end = *ends.get(i)?;
        if end & MISSING != 0 {
            return None;
        }
        let start = i
            .checked_sub(1)
            .and_then(|p| ends.get(p))
            .map_or(0, |e| e & !MISSING);
        let to = usize::try_from(end).ok()?;
        table::TEXTS[lang as usize].get(usize::try_from(start).ok()?..to)
    }

    /// Each entry's template, parsed the first time it is asked for.
    fn parsed(lang: Lang, i: usize) -> Option<&'static Template> {
        static PARSED: OnceLock<[Vec<OnceLock<Option<Template>>>; 2]> = OnceLock::new();
        let all = PARSED.get_or_init(|| {
            Lang::ALL.map(|_| table::KEYS.iter().map(|_| OnceLock::new()).collect())
        });
        let text = text(lang, i)?;
        all[lang as usize]
            .get(i)?
            .get_or_init(|| Template::parse(text).ok())
            .as_ref()
    }

    pub(super) fn template(lang: Lang, scope: &str, key: &str) -> Option<&'static Template> {
        let i = table::KEYS
            .binary_search_by(|(s, k)| (*s, *k).cmp(&(scope, key)))
            .ok()?;
        parsed(lang, i)
    }

    pub(super) fn scope(lang: Lang, scope: &str) -> Vec<(&'static str, &'static Template)> {
        let keys = table::KEYS;
        let from = keys.partition_point(|(s, _)| *s < scope);
        let to = keys.partition_point(|(s, _)| *s <= scope);
        (from..to)
            .filter_map(|i| Some((keys[i].1, parsed(lang, i)?)))
            .collect()
    }
}

/// A reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Da,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Da];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Da => "da",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Arg(String),
    /// `{name:one|other}`: the word for the count in `name`, `one` where it is written `1`.
    Plural {
        name: String,
        one: String,
        other: String,
    },
}

/// A text with placeholders, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let malformed = || format!("unclosed or malformed placeholder in `{text}`");
                    let mut name = String::new();
                    let mut words: Option<String> = None;
                    loop {
                        match (chars.next(), &mut words) {
                            (Some('}'), _) => break,
                            (Some(':'), None) => words = Some(String::new()),
                            (Some(c), None) if c.is_ascii_alphanumeric() || c == '_' => {
                                name.push(c)
                            }
                            (Some(c), Some(w)) if c != '{' && c != ':' => w.push(c),
                            _ => return Err(malformed()),
                        }
                    }
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    pieces.push(match words {
                        None => Piece::Arg(name),
                        Some(w) => {
                            let (one, other) = w.split_once('|').ok_or_else(malformed)?;
                            Piece::Plural {
                                name,
                                one: one.to_string(),
                                other: other.to_string(),
                            }
                        }
                    });
                }
                '}' => return Err(format!("a lone `}}` in `{text}`")),
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Ok(Template { pieces })
    }

    /// The placeholders, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Arg(a) | Piece::Plural { name: a, .. } => Some(a.as_str()),
            Piece::Lit(_) => None,
        })
    }

    /// The text with each placeholder written by `arg`; one it cannot write is shown as
    /// `{name?}` so that a test finds it.
    pub fn fill(&self, arg: &mut dyn FnMut(&str) -> Option<String>) -> String {
        let mut out = String::new();
        self.fill_into(&mut out, &mut |name, out| {
            arg(name).map(|v| out.push_str(&v)).is_some()
        });
        out
    }

    /// [`Template::fill`], appended to `out`: `arg` appends a placeholder's value and says
    /// whether it had one (a caseload's output writes its texts without a string for each).
    pub fn fill_into(&self, out: &mut String, arg: &mut dyn FnMut(&str, &mut String) -> bool) {
        for p in &self.pieces {
            match p {
                Piece::Lit(l) => out.push_str(l),
                Piece::Arg(a) => {
                    if !arg(a, out) {
                        out.push('{');
                        out.push_str(a);
                        out.push_str("?}");
                    }
                }
                Piece::Plural { name, one, other } => {
                    let mut count = String::new();
                    if arg(name, &mut count) {
                        out.push_str(if count == "1" { one } else { other });
                    } else {
                        out.push('{');
                        out.push_str(name);
                        out.push_str("?}");
                    }
                }
            }
        }
    }
}

#[cfg(all(test, feature = "toml"))]
/// One language's entries: scope → key → template.
#[derive(Debug, Default)]
struct Catalogue {
    scopes: HashMap<String, HashMap<String, Template>>,
}

#[cfg(all(test, feature = "toml"))]
/// Every file parsed, for the checks across the two languages.
struct Loaded {
    languages: [Catalogue; 2],
    problems: Vec<String>,
}

#[cfg(all(test, feature = "toml"))]
fn flatten(
    prefix: &str,
    node: &Node,
    out: &mut HashMap<String, Template>,
    problems: &mut Vec<String>,
    file: &str,
) {
    match &node.kind {
        Kind::Table(entries) => {
            for e in entries {
                let key = if prefix.is_empty() {
                    e.key.clone()
                } else {
                    format!("{prefix}.{}", e.key)
                };
                flatten(&key, &e.value, out, problems, file);
            }
        }
        Kind::String(text) => match Template::parse(text) {
            Ok(t) => {
                out.insert(prefix.to_string(), t);
            }
            Err(e) => problems.push(format!("{file}: {prefix}: {e}")),
        },
        other => problems.push(format!(
            "{file}: {prefix}: expected a text, found {}",
            other.type_name()
        )),
    }
}

#[cfg(all(test, feature = "toml"))]
type Scopes = HashMap<String, HashMap<String, Template>>;

#[cfg(all(test, feature = "toml"))]
/// One catalogue file: its language and its scopes, each problem noted.
fn parse_file(path: &str, bytes: &[u8], problems: &mut Vec<String>) -> Option<(Lang, Scopes)> {
    let (code, _) = path.split_once('/')?;
    let Some(lang) = Lang::parse(code) else {
        problems.push(format!("{path}: `{code}` is not a language (en, da)"));
        return None;
    };
    let text = String::from_utf8_lossy(bytes);
    let src = SourceText::new(path, text);
    let root = match parse_toml(&src) {
        Ok(root) => root,
        Err(d) => {
            problems.push(d.to_string());
            return None;
        }
    };
    let Kind::Table(scopes) = &root.kind else {
        return None;
    };
    let mut out = Scopes::new();
    for scope in scopes {
        let entries = out.entry(scope.key.clone()).or_default();
        match &scope.value.kind {
            Kind::Table(_) => flatten("", &scope.value, entries, problems, path),
            _ => problems.push(format!("{path}: {}: a scope must be a table", scope.key)),
        }
    }
    Some((lang, out))
}

#[cfg(all(test, feature = "toml"))]
fn load() -> Loaded {
    let mut languages = [Catalogue::default(), Catalogue::default()];
    let mut problems = Vec::new();
    for (path, bytes) in embedded::CATALOGUE {
        let Some((lang, scopes)) = parse_file(path, bytes, &mut problems) else {
            continue;
        };
        let catalogue = &mut languages[lang as usize];
        for (scope, entries) in scopes {
            catalogue.scopes.entry(scope).or_default().extend(entries);
        }
    }
    // Both languages hold the same entries, each with the same placeholders.
    let [en, da] = &languages;
    for (a, b, a_code, b_code) in [(en, da, "en", "da"), (da, en, "da", "en")] {
        for (scope, entries) in &a.scopes {
            for (key, t) in entries {
                match b.scopes.get(scope).and_then(|s| s.get(key)) {
                    None => problems.push(format!(
                        "{scope}.{key} is in `{a_code}` but not in `{b_code}`"
                    )),
                    Some(other) if a_code == "en" => {
                        let mut x: Vec<&str> = t.placeholders().collect();
                        let mut y: Vec<&str> = other.placeholders().collect();
                        x.sort_unstable();
                        x.dedup();
                        y.sort_unstable();
                        y.dedup();
                        if x != y {
                            problems.push(format!(
                                "{scope}.{key}: the placeholders differ: en {x:?}, da {y:?}"
                            ));
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    problems.sort();
    Loaded {
        languages,
        problems,
    }
}

#[cfg(all(test, feature = "toml"))]
fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(load)
}

/// The entry `scope.key` in `lang`.
pub fn template(lang: Lang, scope: &str, key: &str) -> Option<&'static Template> {
    compact::template(lang, scope, key)
}

/// Whether `scope.key` exists (in English; the two languages hold the same entries).
pub fn has(scope: &str, key: &str) -> bool {
    template(Lang::En, scope, key).is_some()
}

/// The entry `scope.key` in `lang` with its placeholders filled, or a visible marker.
pub fn fill(
    lang: Lang,
    scope: &str,
    key: &str,
    arg: &mut dyn FnMut(&str) -> Option<String>,
) -> String {
    match template(lang, scope, key) {
        Some(t) => t.fill(arg),
        None => missing(lang, scope, key),
    }
}

/// [`fill`], appended to `out` (see [`Template::fill_into`]).
pub fn fill_into(
    out: &mut String,
    lang: Lang,
    scope: &str,
    key: &str,
    arg: &mut dyn FnMut(&str, &mut String) -> bool,
) {
    match template(lang, scope, key) {
        Some(t) => t.fill_into(out, arg),
        None => out.push_str(&missing(lang, scope, key)),
    }
}

/// What a reader sees in place of an entry that does not exist.
pub fn missing(lang: Lang, scope: &str, key: &str) -> String {
    format!("[missing text: {}:{scope}.{key}]", lang.code())
}

/// Every entry of a scope in `lang`, by key (for listings such as the page's field labels).
pub fn scope(lang: Lang, scope: &str) -> Vec<(&'static str, &'static Template)> {
    compact::scope(lang, scope)
}

/// What is wrong with the catalogues: files that do not parse, entries in one language only,
/// placeholders that differ between the languages.
#[cfg(all(test, feature = "toml"))]
pub fn problems() -> &'static [String] {
    &loaded().problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_their_placeholders() {
        let t = Template::parse("hired {date}, {{literal}} {n} weeks").unwrap();
        assert_eq!(t.placeholders().collect::<Vec<_>>(), ["date", "n"]);
        let out = t.fill(&mut |name| (name == "date").then(|| "2024-03-01".to_string()));
        assert_eq!(out, "hired 2024-03-01, {literal} {n?} weeks");
        // A word chosen by a count: the singular only where the count is written 1.
        let t = Template::parse("{n} more {n:week|weeks}, {m} {m:uge|uger}").unwrap();
        assert_eq!(t.placeholders().collect::<Vec<_>>(), ["n", "n", "m", "m"]);
        let out = t.fill(&mut |name| Some(if name == "n" { "1" } else { "1,5" }.to_string()));
        assert_eq!(out, "1 more week, 1,5 uger");
        let out = t.fill(&mut |name| (name == "n").then(|| "12".to_string()));
        assert_eq!(out, "12 more weeks, {m?} {m?}");
        assert!(Template::parse("{n:week}").is_err());
        assert!(Template::parse("an {open").is_err());
        assert!(Template::parse("a } alone").is_err());
    }

    #[test]
    fn the_catalogues_agree() {
        assert_eq!(problems(), &[] as &[String]);
    }

    #[test]
    fn the_compact_catalogue_is_the_parsed_catalogue() {
        for lang in Lang::ALL {
            let whole = &loaded().languages[lang as usize];
            let mut parsed: Vec<(&str, &str, &Template)> = whole
                .scopes
                .iter()
                .flat_map(|(s, keys)| keys.iter().map(move |(k, t)| (s.as_str(), k.as_str(), t)))
                .collect();
            parsed.sort_by_key(|(s, k, _)| (*s, *k));
            let compact: Vec<(&str, &str, Template)> = compact::entries(lang)
                .map(|(s, k, text)| (s, k, Template::parse(text).expect("a text")))
                .collect();
            assert_eq!(compact.len(), parsed.len(), "{}", lang.code());
            for ((s, k, t), (cs, ck, ct)) in parsed.iter().zip(&compact) {
                assert_eq!((*s, *k, *t), (*cs, *ck, ct));
                assert_eq!(compact::template(lang, s, k), Some(*t));
            }
            for (scope, keys) in &whole.scopes {
                let mut a: Vec<(&str, &Template)> = compact::scope(lang, scope);
                let mut b: Vec<(&str, &Template)> =
                    keys.iter().map(|(k, t)| (k.as_str(), t)).collect();
                a.sort_by_key(|(k, _)| *k);
                b.sort_by_key(|(k, _)| *k);
                assert_eq!(a, b, "{scope}");
            }
        }
    }
}
