//! Texts for readers, in Danish and English.
