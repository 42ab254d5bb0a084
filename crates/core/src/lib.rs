//! # beregner-core
//!
//! A deterministic rules engine for Danish labour-market law. The law's numbers live in
//! versioned TOML rule sets (`rules/`); the code holds the formulas. The modules are layers,
//! each using only those above it in this list:
//!
//! 1. [`values`]: amounts, hours, months and dates, roundings, the values a trace shows;
//!    [`source`]: reading TOML and JSON with positions, and diagnostics;
//!    [`text`]: the catalogues of Danish and English texts, and how values are written in each.
//! 2. [`rules`]: rule sets, loaded, validated and overlaid, and what a scheme declares of them.
//! 3. [`model`]: the scheme model: declared inputs, typed parameters, the recorder that
//!    turns a computation into its explanation, and the registry mechanism.
//! 4. [`schemes`]: the schemes, one folder per scheme under its family, and the registry.
//! 5. [`engine`]: case files and the engine that computes a case under the rule set in force.
//! 6. [`render`]: results as JSON and as a readable explanation.
//! 7. [`tools`]: batch runs, diffs, what-if tables, coverage, changelogs, fixtures.
//!
//! Money is [`rust_decimal::Decimal`]; every rounding is named in the rule set; dates are
//! inputs, never the clock (chrono is built without its `clock` feature).

pub mod engine;
pub mod model;
pub mod render;
pub mod rules;
pub mod schemes;
pub mod source;
pub mod text;
pub mod tools;
pub mod values;

pub use engine::case::{Case, Format};
pub use engine::{Engine, Outcome, SchemeResult};
pub use source::diag::{Diagnostic, SourceText};
pub use values::month::Month;
