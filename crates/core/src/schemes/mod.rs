//! The schemes beregner computes, grouped by family (the same families as `rules/<family>/` and
//! `fixtures/<family>/`), and the registry that lists them: a new scheme is a folder under its
//! family, its catalogue entries, and one line below.

pub mod bonus;
pub mod dagpenge;
pub mod fleksjob;
pub mod loentilskud;
pub mod refusion;
pub mod sygedagpenge;

pub use bonus::{fleksjobbonus, igu_bonus, installment, jobpraemie, refugee_bonus};
pub use fleksjob::{fleksjob_followup, fleksjob_refusion, fleksloentilskud, ledighedsydelse};
pub use sygedagpenge::{
    sygedagpenge_duration, sygedagpenge_employer_period, sygedagpenge_followup, sygedagpenge_refund,
};

pub use crate::rules::spec::{SchemeSpec, Unit};

crate::model::scheme::registry! {
    Fleksloentilskud: fleksjob::fleksloentilskud::Fleksloentilskud,
    Ledighedsydelse: fleksjob::ledighedsydelse::Ledighedsydelse,
    FleksjobRefusion: fleksjob::fleksjob_refusion::FleksjobRefusion,
    FleksjobFollowup: fleksjob::fleksjob_followup::FleksjobFollowup,
    Fleksjobbonus: bonus::fleksjobbonus::Fleksjobbonus,
    RefugeeBonus: bonus::refugee_bonus::RefugeeBonus,
    IguBonus: bonus::igu_bonus::IguBonus,
    Jobpraemie: bonus::jobpraemie::Jobpraemie,
    Loentilskud: loentilskud::Loentilskud,
    Dagpenge: dagpenge::Dagpenge,
    SygedagpengeEmployerPeriod: sygedagpenge::sygedagpenge_employer_period::SygedagpengeEmployerPeriod,
    SygedagpengeRefund: sygedagpenge::sygedagpenge_refund::SygedagpengeRefund,
    SygedagpengeDuration: sygedagpenge::sygedagpenge_duration::SygedagpengeDuration,
    SygedagpengeFollowup: sygedagpenge::sygedagpenge_followup::SygedagpengeFollowup,
    Statsrefusion: refusion::statsrefusion::Statsrefusion,
}

/// The scheme of this name.
pub fn find(name: &str) -> Option<&'static SchemeSpec> {
    SCHEMES.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMES.iter().map(|s| s.name)
}
