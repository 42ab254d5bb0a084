//! Employer bonuses and the jobpræmie: payments earned by a hire kept for a period. The hiring
//! bonuses share how a hire is read ([`hire`]) and how a payment earned over a period is checked
//! ([`installment`]); their shared texts are the catalogue scope `bonus`.

pub mod fleksjobbonus;
pub mod hire;
pub mod igu_bonus;
pub mod installment;
pub mod jobpraemie;
pub mod no_scheme;
pub mod refugee_bonus;
