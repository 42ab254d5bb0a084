/// The schemes the employer's page computes (`wasm/www/app.js` asks for no other). A build of
/// beregner-core without its `all-schemes` feature (the page's module) registers only these,
/// and its catalogue and bundled rule book hold only their texts and rule sets (plus `common`,
/// the families' and the tools' texts, and the shared amounts). The build scripts read this
/// file too, so it holds this list and nothing else.
pub const PAGE: &[&str] = &[
    "fleksloentilskud",
    "fleksjobbonus",
    "refugee_bonus",
    "jobpraemie",
    "loentilskud",
];
