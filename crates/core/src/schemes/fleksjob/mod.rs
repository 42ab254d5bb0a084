//! The flex-job family (fleksjob): the wage supplement, the benefit while waiting for a flex-job,
//! the refund for flex-jobs started before 2013, and the jobcentre's follow-up of a flex-job.

pub mod fleksjob_followup;
pub mod fleksjob_refusion;
pub mod fleksloentilskud;
pub mod ledighedsydelse;
