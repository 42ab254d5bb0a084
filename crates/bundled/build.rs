//! Loads and validates the bundled rule sets (`rules/`, embedded in beregner-core) with the
//! same loader the binary runs, and writes the validated book in its compact form
//! (`beregner_core::rules::compact`) for `src/lib.rs` to embed: every rule set, or without the
//! `all-schemes` feature (the page's module) those of `beregner_core::schemes::PAGE`. When the
//! rule sets do not validate, it writes nothing usable and warns: the binary then loads the TOML
//! at run time and reports every error, as `beregner check` does.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let files = beregner_core::rules::bundled_files();
    let bytes = match beregner_core::rules::load(&files, beregner_core::schemes::SCHEMES) {
        // Without `all-schemes` (the page's module), only the rule sets of the page's schemes.
        Ok(book) => beregner_core::rules::compact::encode_sets(&book, &|id| {
            env::var_os("CARGO_FEATURE_ALL_SCHEMES").is_some()
                || beregner_core::schemes::PAGE.contains(&id)
        })
        .unwrap_or_else(|e| {
            println!("cargo:warning=cannot write the compact rule book: {e}");
            Vec::new()
        }),
        Err(diags) => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            println!(
                "cargo:warning=the bundled rule sets have {errors} error(s): the binary will load them at run time (run `beregner check`)"
            );
            Vec::new()
        }
    };
    fs::write(out.join("rule_book.bin"), bytes).expect("write rule_book.bin");
}
