//! The schemes beregner computes, grouped by family (the same families as `rules/<family>/` and
//! `fixtures/<family>/`), and the registry that lists them: a new scheme is a folder under its
//! family, its catalogue entries, and one line below. A scheme the employer's page does not compute
//! (not in [`PAGE`]) is left out of the page's build (beregner-core without `all-schemes`).

pub mod bonus;
pub mod dagpenge;
pub mod fleksjob;
pub mod loentilskud;
mod page;
pub mod refusion;
pub mod sygedagpenge;

pub use bonus::{fleksjobbonus, igu_bonus, installment, jobpraemie, refugee_bonus};
pub use fleksjob::{fleksjob_followup, fleksjob_refusion, fleksloentilskud, ledighedsydelse};
pub use sygedagpenge::{
    sygedagpenge_duration, sygedagpenge_employer_period, sygedagpenge_followup, sygedagpenge_refund,
};

pub use crate::rules::spec::{SchemeSpec, Unit};
pub use page::PAGE;

crate::model::scheme::registry! {
    Fleksloentilskud: fleksjob::fleksloentilskud::Fleksloentilskud,
    #[cfg(feature = "all-schemes")]
    Ledighedsydelse: fleksjob::ledighedsydelse::Ledighedsydelse,
    #[cfg(feature = "all-schemes")]
    FleksjobRefusion: fleksjob::fleksjob_refusion::FleksjobRefusion,
    #[cfg(feature = "all-schemes")]
    FleksjobFollowup: fleksjob::fleksjob_followup::FleksjobFollowup,
    Fleksjobbonus: bonus::fleksjobbonus::Fleksjobbonus,
    RefugeeBonus: bonus::refugee_bonus::RefugeeBonus,
    #[cfg(feature = "all-schemes")]
    IguBonus: bonus::igu_bonus::IguBonus,
    Jobpraemie: bonus::jobpraemie::Jobpraemie,
    Loentilskud: loentilskud::Loentilskud,
    #[cfg(feature = "all-schemes")]
    Dagpenge: dagpenge::Dagpenge,
    #[cfg(feature = "all-schemes")]
    Dagpengesats: dagpenge::dagpengesats::Dagpengesats,
    #[cfg(feature = "all-schemes")]
    SygedagpengeEmployerPeriod: sygedagpenge::sygedagpenge_employer_period::SygedagpengeEmployerPeriod,
    #[cfg(feature = "all-schemes")]
    SygedagpengeRefund: sygedagpenge::sygedagpenge_refund::SygedagpengeRefund,
    #[cfg(feature = "all-schemes")]
    SygedagpengeDuration: sygedagpenge::sygedagpenge_duration::SygedagpengeDuration,
    #[cfg(feature = "all-schemes")]
    SygedagpengeFollowup: sygedagpenge::sygedagpenge_followup::SygedagpengeFollowup,
    #[cfg(feature = "all-schemes")]
    Statsrefusion: refusion::statsrefusion::Statsrefusion,
}

/// The scheme of this name.
pub fn find(name: &str) -> Option<&'static SchemeSpec> {
    SCHEMES.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMES.iter().map(|s| s.name)
}
