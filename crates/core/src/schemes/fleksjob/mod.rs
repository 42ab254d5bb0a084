//! The flex-job family (fleksjob): the wage supplement, the benefit while waiting for a flex-job,
//! and the refund for flex-jobs started before 2013.

pub mod fleksjob_refusion;
pub mod fleksloentilskud;
pub mod ledighedsydelse;
