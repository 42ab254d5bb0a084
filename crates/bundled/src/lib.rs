//! The bundled rule book, validated at build time: a process decodes it (a fraction of a
//! millisecond) instead of parsing and validating every TOML file under `rules/` when it starts.
//! The files, their names and SHA-256 are those beregner-core embeds, so results name the same
//! files and hashes either way.

use beregner_core::engine::Engine;
use beregner_core::rules::{self, RuleBook};
#[cfg(feature = "toml")]
use beregner_core::source::diag::Diagnostic;

/// The book `build.rs` wrote (empty when the rule sets did not validate at build time).
static COMPACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rule_book.bin"));

/// The bundled rule book: decoded from its compact form, or, when there is none usable, loaded
/// from the embedded TOML (with every diagnostic on failure).
#[cfg(feature = "toml")]
pub fn rule_book() -> Result<RuleBook, Vec<Diagnostic>> {
    match compact_rule_book() {
        Some(book) => Ok(book),
        None => rules::load(&rules::bundled_files(), beregner_core::schemes::SCHEMES),
    }
}

/// The bundled rule book from its compact form alone: `None` when the rule sets did not
/// validate at build time. A build without the `toml` feature (the page) has no other.
pub fn compact_rule_book() -> Option<RuleBook> {
    rules::compact::decode(COMPACT, beregner_core::schemes::SCHEMES)
}

/// An engine over the bundled rule book.
#[cfg(feature = "toml")]
pub fn engine() -> Result<Engine, Vec<Diagnostic>> {
    rule_book().map(Engine::from_book)
}

/// An engine over the compact bundled rule book alone (see [`compact_rule_book`]).
pub fn compact_engine() -> Option<Engine> {
    compact_rule_book().map(Engine::from_book)
}

/// Whether the compact form was built (the rule sets validated when the binary was built).
pub fn is_compact() -> bool {
    compact_rule_book().is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_compact_book_is_the_loaded_book() {
        let compact =
            super::rules::compact::decode(super::COMPACT, beregner_core::schemes::SCHEMES)
                .expect("the bundled rule sets validate, so build.rs wrote the compact form");
        let loaded = super::rules::load(
            &super::rules::bundled_files(),
            beregner_core::schemes::SCHEMES,
        )
        .expect("bundled rule sets load");
        let show = |b: &super::RuleBook| {
            let versions: Vec<String> = b
                .all()
                .map(|v| {
                    format!(
                        "{} {} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {} {:?} {:?} {} {:?} {:?} {:?}",
                        v.id,
                        v.version,
                        v.title,
                        v.valid_from,
                        v.valid_to,
                        v.status,
                        v.notes,
                        v.sources,
                        v.file,
                        v.sha256,
                        v.scheme.name,
                        v.parameters,
                        v.roundings,
                        v.family,
                        v.rules,
                        v.overlay,
                        (v.end_unknown, v.compiled.is_some()),
                    )
                })
                .collect();
            let shared: Vec<String> = b.shared.all().map(|a| format!("{a:?}")).collect();
            (versions, shared, format!("{:?}", b.warnings))
        };
        assert_eq!(show(&compact), show(&loaded));
    }
}
