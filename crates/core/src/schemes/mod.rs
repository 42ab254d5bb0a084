//! The schemes beregner computes, grouped by family (the same families as `rules/<family>/` and
//! `fixtures/<family>/`), and the registry that lists them.

pub mod bonus;
pub mod dagpenge;
pub mod fleksjob;
pub mod loentilskud;
pub mod sygedagpenge;

pub use crate::model::fields::FieldError;
pub use crate::rules::spec::{SchemeSpec, Unit};
pub use bonus::{fleksjobbonus, igu_bonus, installment, jobpraemie, refugee_bonus};
pub use fleksjob::{fleksjob_refusion, fleksloentilskud, ledighedsydelse};
pub use sygedagpenge::{sygedagpenge_duration, sygedagpenge_employer_period, sygedagpenge_refund};

pub static SCHEMES: &[&SchemeSpec] = &[
    &fleksloentilskud::SPEC,
    &ledighedsydelse::SPEC,
    &fleksjob_refusion::SPEC,
    &fleksjobbonus::SPEC,
    &refugee_bonus::SPEC,
    &igu_bonus::SPEC,
    &jobpraemie::SPEC,
    &loentilskud::SPEC,
    &dagpenge::SPEC,
    &sygedagpenge_employer_period::SPEC,
    &sygedagpenge_refund::SPEC,
    &sygedagpenge_duration::SPEC,
];

pub fn find(name: &str) -> Option<&'static SchemeSpec> {
    SCHEMES.iter().copied().find(|s| s.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    SCHEMES.iter().map(|s| s.name)
}

/// A case's facts, in the form of its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseInput {
    Fleksloentilskud(fleksloentilskud::Input),
    Ledighedsydelse(ledighedsydelse::Input),
    FleksjobRefusion(fleksjob_refusion::Input),
    Fleksjobbonus(fleksjobbonus::Input),
    RefugeeBonus(refugee_bonus::Input),
    IguBonus(igu_bonus::Input),
    Jobpraemie(jobpraemie::Input),
    Loentilskud(loentilskud::Input),
    Dagpenge(dagpenge::Input),
    SygedagpengeEmployerPeriod(sygedagpenge_employer_period::Input),
    SygedagpengeRefund(sygedagpenge_refund::Input),
    SygedagpengeDuration(sygedagpenge_duration::Input),
}

/// The input fields of a scheme (case files' `[input]`, batch columns).
pub fn input_fields(scheme: &SchemeSpec) -> &'static [&'static str] {
    match scheme.name {
        "fleksloentilskud" => &fleksloentilskud::INPUT_FIELDS,
        "ledighedsydelse" => &ledighedsydelse::INPUT_FIELDS,
        "fleksjob_refusion" => &fleksjob_refusion::INPUT_FIELDS,
        "fleksjobbonus" => &fleksjobbonus::INPUT_FIELDS,
        "refugee_bonus" => &refugee_bonus::INPUT_FIELDS,
        "igu_bonus" => &igu_bonus::INPUT_FIELDS,
        "jobpraemie" => &jobpraemie::INPUT_FIELDS,
        "loentilskud" => &loentilskud::INPUT_FIELDS,
        "dagpenge" => &dagpenge::INPUT_FIELDS,
        "sygedagpenge_employer_period" => &sygedagpenge_employer_period::INPUT_FIELDS,
        "sygedagpenge_refund" => &sygedagpenge_refund::INPUT_FIELDS,
        "sygedagpenge_duration" => &sygedagpenge_duration::INPUT_FIELDS,
        _ => &[],
    }
}

/// The result fields of a scheme, in their documented order.
pub fn result_fields(scheme: &SchemeSpec) -> &'static [&'static str] {
    match scheme.name {
        "fleksloentilskud" => &fleksloentilskud::RESULT_FIELDS,
        "ledighedsydelse" => &ledighedsydelse::RESULT_FIELDS,
        "fleksjob_refusion" => &fleksjob_refusion::RESULT_FIELDS,
        "fleksjobbonus" => &fleksjobbonus::RESULT_FIELDS,
        "refugee_bonus" => &refugee_bonus::RESULT_FIELDS,
        "igu_bonus" => &igu_bonus::RESULT_FIELDS,
        "jobpraemie" => &jobpraemie::RESULT_FIELDS,
        "loentilskud" => &loentilskud::RESULT_FIELDS,
        "dagpenge" => &dagpenge::RESULT_FIELDS,
        "sygedagpenge_employer_period" => &sygedagpenge_employer_period::RESULT_FIELDS,
        "sygedagpenge_refund" => &sygedagpenge_refund::RESULT_FIELDS,
        "sygedagpenge_duration" => &sygedagpenge_duration::RESULT_FIELDS,
        _ => &[],
    }
}

/// Builds a scheme's input from its fields' texts (`get` returns a field's text, `None` when
/// absent), with every check a case file and a batch row must pass.
pub fn input_from_fields<'a>(
    scheme: &SchemeSpec,
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<CaseInput, Vec<FieldError>> {
    match scheme.name {
        "fleksloentilskud" => {
            fleksloentilskud::input_from_fields(get).map(CaseInput::Fleksloentilskud)
        }
        "ledighedsydelse" => {
            ledighedsydelse::input_from_fields(get).map(CaseInput::Ledighedsydelse)
        }
        "fleksjob_refusion" => {
            fleksjob_refusion::input_from_fields(get).map(CaseInput::FleksjobRefusion)
        }
        "fleksjobbonus" => fleksjobbonus::input_from_fields(get).map(CaseInput::Fleksjobbonus),
        "refugee_bonus" => refugee_bonus::input_from_fields(get).map(CaseInput::RefugeeBonus),
        "igu_bonus" => igu_bonus::input_from_fields(get).map(CaseInput::IguBonus),
        "jobpraemie" => jobpraemie::input_from_fields(get).map(CaseInput::Jobpraemie),
        "loentilskud" => loentilskud::input_from_fields(get).map(CaseInput::Loentilskud),
        "dagpenge" => dagpenge::input_from_fields(get).map(CaseInput::Dagpenge),
        "sygedagpenge_employer_period" => sygedagpenge_employer_period::input_from_fields(get)
            .map(CaseInput::SygedagpengeEmployerPeriod),
        "sygedagpenge_duration" => {
            sygedagpenge_duration::input_from_fields(get).map(CaseInput::SygedagpengeDuration)
        }
        "sygedagpenge_refund" => {
            sygedagpenge_refund::input_from_fields(get).map(CaseInput::SygedagpengeRefund)
        }
        other => Err(vec![("scheme", format!("no input reader for `{other}`"))]),
    }
}

/// The date in an input field of a scheme selected by a date (see [`SchemeSpec::selected_by`]).
pub fn input_date(input: &CaseInput, field: &str) -> Option<chrono::NaiveDate> {
    match (input, field) {
        (CaseInput::FleksjobRefusion(i), "hire_date") => Some(i.hire_date),
        (CaseInput::Fleksjobbonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::RefugeeBonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::IguBonus(i), "hire_date") => Some(i.hire_date),
        (CaseInput::Loentilskud(i), "start_date") => Some(i.start_date),
        (CaseInput::SygedagpengeEmployerPeriod(i), "first_sick_day") => Some(i.first_sick_day),
        (CaseInput::SygedagpengeDuration(i), "spells") => i.assessment_day(),
        (CaseInput::SygedagpengeRefund(i), "sick_hours") => {
            i.sick_hours.weeks.first().map(|w| w.monday)
        }
        _ => None,
    }
}

/// A version's parameters in the typed form its scheme computes with, built once at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Fleksloentilskud(fleksloentilskud::Params),
    Ledighedsydelse(ledighedsydelse::Params),
    FleksjobRefusion(fleksjob_refusion::Params),
    Fleksjobbonus(fleksjobbonus::Params),
    RefugeeBonus(refugee_bonus::Params),
    IguBonus(igu_bonus::Params),
    Jobpraemie(jobpraemie::Params),
    Loentilskud(loentilskud::Params),
    Dagpenge(Box<dagpenge::Params>),
    SygedagpengeEmployerPeriod(sygedagpenge_employer_period::Params),
    SygedagpengeRefund(sygedagpenge_refund::Params),
    SygedagpengeDuration(sygedagpenge_duration::Params),
}

/// Builds the typed parameters of a validated version, or names what is missing.
pub fn compile(v: &crate::rules::RuleSetVersion) -> Result<Compiled, String> {
    match v.scheme.name {
        "fleksloentilskud" => fleksloentilskud::Params::of(v).map(Compiled::Fleksloentilskud),
        "ledighedsydelse" => ledighedsydelse::Params::of(v).map(Compiled::Ledighedsydelse),
        "fleksjob_refusion" => fleksjob_refusion::Params::of(v).map(Compiled::FleksjobRefusion),
        "fleksjobbonus" => fleksjobbonus::Params::of(v).map(Compiled::Fleksjobbonus),
        "refugee_bonus" => refugee_bonus::Params::of(v).map(Compiled::RefugeeBonus),
        "igu_bonus" => igu_bonus::Params::of(v).map(Compiled::IguBonus),
        "jobpraemie" => jobpraemie::Params::of(v).map(Compiled::Jobpraemie),
        "loentilskud" => loentilskud::Params::of(v).map(Compiled::Loentilskud),
        "dagpenge" => dagpenge::Params::of(v).map(|p| Compiled::Dagpenge(Box::new(p))),
        "sygedagpenge_employer_period" => {
            sygedagpenge_employer_period::Params::of(v).map(Compiled::SygedagpengeEmployerPeriod)
        }
        "sygedagpenge_duration" => {
            sygedagpenge_duration::Params::of(v).map(Compiled::SygedagpengeDuration)
        }
        "sygedagpenge_refund" => {
            sygedagpenge_refund::Params::of(v).map(Compiled::SygedagpengeRefund)
        }
        other => Err(format!("a compiler for scheme `{other}`")),
    }
}
