//! The scheme model: what every scheme is built from.

pub mod fields;
pub mod trace;
