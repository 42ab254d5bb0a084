//! Embeds every rule-set file under the workspace's `rules/` directory and every text
//! catalogue under `catalogue/`, so the CLI works from any directory and the WASM build carries
//! the same bytes.

use std::path::{Path, PathBuf};
use std::{env, fs};

// `PAGE`: the schemes the page's module registers.
include!("src/schemes/page.rs");

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    // Every directory, not only the top one: a directory's time changes when a file is added
    // to it, and cargo compares only the paths it is given (a new year's file in
    // rules/<family>/<rule_set>/ must rebuild the embedded rules).
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// `pub static <name>: &[(&str, &[u8])]`: every TOML file under `dir`, by its path in `dir`.
fn embed(dir: &Path, name: &str) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut code = format!("pub static {name}: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(dir).expect("collected under its directory");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let abs = fs::canonicalize(f).expect("collected file exists");
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    code
}

/// The catalogue every build carries (the TOML files are parsed only by the tests): `pub static KEYS: &[(&str, &str)]`, every (scope, key) sorted, and for English
/// then Danish `TEXTS: [&str; 2]`, the texts in that order as one text, and `ENDS: [&[u32]; 2]`,
/// where each entry's text ends in it (bit 31 set: no such entry in that language); read by the
/// same TOML parser and flattened as `text::catalogue` flattens a parsed file (nested tables
/// joined with dots; a key in two files is the first file's). A file that does not parse, or a value that is not a text,
/// is left out here: the tests report it (`text::catalogue::problems`) and check this form
/// against the parsed catalogue.
///
/// `drop` names scopes left out: without the `all-schemes` feature (the page's module), those of
/// the schemes not in `PAGE` and `cli`.
fn compact_catalogue(dir: &Path, drop: &[String]) -> String {
    use std::collections::BTreeMap;
    use toml::de::{DeTable, DeValue};

    fn flatten(prefix: &str, value: &DeValue<'_>, out: &mut BTreeMap<String, String>) {
        match value {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    let key = if prefix.is_empty() {
                        k.get_ref().to_string()
                    } else {
                        format!("{prefix}.{}", k.get_ref())
                    };
                    flatten(&key, v.get_ref(), out);
                }
            }
            DeValue::String(text) => {
                out.entry(prefix.to_string())
                    .or_insert_with(|| text.to_string());
            }
            _ => {}
        }
    }

    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut languages: Vec<BTreeMap<(String, String), String>> = Vec::new();
    for lang in ["en", "da"] {
        let mut entries: BTreeMap<(String, String), String> = BTreeMap::new();
        for f in &files {
            let rel = f.strip_prefix(dir).expect("collected under its directory");
            if !rel.starts_with(lang) {
                continue;
            }
            let text = fs::read_to_string(f).unwrap_or_default();
            let Ok(root) = DeTable::parse(&text) else {
                continue;
            };
            for (scope, value) in root.get_ref().iter() {
                if drop.contains(&scope.get_ref().to_string()) {
                    continue;
                }
                let mut keys = BTreeMap::new();
                if let DeValue::Table(_) = value.get_ref() {
                    flatten("", value.get_ref(), &mut keys);
                }
                for (key, text) in keys {
                    entries
                        .entry((scope.get_ref().to_string(), key))
                        .or_insert(text);
                }
            }
        }
        languages.push(entries);
    }
    // Every (scope, key) of either language, sorted; each language's texts in that order as one
    // text, with where each entry's text ends (`MISSING` set: not in this language).
    let mut keys: Vec<&(String, String)> = languages.iter().flat_map(|l| l.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut code = String::from("pub static KEYS: &[(&str, &str)] = &[\n");
    for (scope, key) in &keys {
        code.push_str(&format!("    ({scope:?}, {key:?}),\n"));
    }
    code.push_str("];\n");
    let mut texts = String::from("pub static TEXTS: [&str; 2] = [\n");
    let mut ends = String::from("pub static ENDS: [&[u32]; 2] = [\n");
    for entries in &languages {
        let mut all = String::new();
        ends.push_str("    &[");
        for k in &keys {
            let end = match entries.get(*k) {
                Some(text) => {
                    all.push_str(text);
                    u32::try_from(all.len()).expect("a catalogue under 2 GB")
                }
                None => u32::try_from(all.len()).expect("a catalogue under 2 GB") | (1 << 31),
            };
            ends.push_str(&format!("{end},"));
        }
        ends.push_str("],\n");
        texts.push_str(&format!("    {all:?},\n"));
    }
    texts.push_str("];\n");
    ends.push_str("];\n");
    code + &texts + &ends
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let rules = embed(&manifest.join("../../rules"), "FILES");
    fs::write(out.join("bundled_rules.rs"), rules).expect("write bundled_rules.rs");
    // The TOML files themselves, for the tests that check the compact form against them.
    let texts = embed(&manifest.join("catalogue"), "CATALOGUE");
    fs::write(out.join("catalogue.rs"), texts).expect("write catalogue.rs");
    // The page's module (no `all-schemes`): no texts of the schemes it does not register. A
    // scheme's scope is its rule set's name, `rules/<family>/<name>/`.
    let mut drop = Vec::new();
    if env::var_os("CARGO_FEATURE_ALL_SCHEMES").is_none() {
        // Nor the command line's own words.
        drop.push("cli".to_string());
        for family in fs::read_dir(manifest.join("../../rules"))
            .into_iter()
            .flatten()
            .flatten()
        {
            if family.file_name() == "shared" || !family.path().is_dir() {
                continue;
            }
            for set in fs::read_dir(family.path()).into_iter().flatten().flatten() {
                let name = set.file_name().to_string_lossy().into_owned();
                if set.path().is_dir() && !PAGE.contains(&name.as_str()) {
                    drop.push(name);
                }
            }
        }
    }
    let compact = compact_catalogue(&manifest.join("catalogue"), &drop);
    fs::write(out.join("catalogue_compact.rs"), compact).expect("write catalogue_compact.rs");
}
