//! Employer bonuses and the jobpræmie: payments earned by a hire kept for a period.

pub mod fleksjobbonus;
pub mod igu_bonus;
pub mod installment;
pub mod jobpraemie;
pub mod refugee_bonus;
