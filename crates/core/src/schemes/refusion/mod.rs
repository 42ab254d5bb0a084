//! The municipality's side (refusion): what the state refunds of the benefits a municipality
//! pays, and what the municipality co-finances of those others pay.

pub mod statsrefusion;
