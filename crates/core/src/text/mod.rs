//! Texts for readers, in Danish and English: the catalogues of sentences ([`catalogue`]) and
//! how a value is written in each language ([`format`]).

pub mod catalogue;
pub mod diag;
pub mod format;

pub use catalogue::Lang;
