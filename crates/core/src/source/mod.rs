//! Reading TOML and JSON into trees that keep every value's position ([`tree`]), and the
//! diagnostics that name file, line:column, field and reason ([`diag`]).

pub mod diag;
#[cfg(not(target_family = "wasm"))]
pub mod file;
pub mod json;
pub mod tree;
