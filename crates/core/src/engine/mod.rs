//! The engine: a loaded [`RuleBook`] and the one entry point that computes a [`Case`].

pub mod case;

use crate::engine::case::{Case, CaseInput};
use crate::model::trace::{Step, Tracer, Value};
use crate::rules::{self, RuleBook, RuleFile, RuleSetVersion, SelectError, Status};
use crate::schemes::{
    Compiled, dagpenge, fleksjob_refusion, fleksjobbonus, fleksloentilskud, igu_bonus, jobpraemie,
    ledighedsydelse, loentilskud, refugee_bonus, sygedagpenge_duration,
    sygedagpenge_employer_period, sygedagpenge_refund,
};
use crate::source::diag::{Diagnostic, Severity};

pub struct Engine {
    book: RuleBook,
}

/// The scheme-specific result of a case.
// Returned by value on the batch path, where a box would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeResult {
    Fleksloentilskud(fleksloentilskud::Output),
    Ledighedsydelse(ledighedsydelse::Output),
    FleksjobRefusion(fleksjob_refusion::Output),
    Fleksjobbonus(fleksjobbonus::Output),
    RefugeeBonus(refugee_bonus::Output),
    IguBonus(igu_bonus::Output),
    Jobpraemie(jobpraemie::Output),
    Loentilskud(loentilskud::Output),
    Dagpenge(dagpenge::Output),
    SygedagpengeEmployerPeriod(sygedagpenge_employer_period::Output),
    SygedagpengeRefund(sygedagpenge_refund::Output),
    SygedagpengeDuration(sygedagpenge_duration::Output),
}

impl SchemeResult {
    /// The result fields in their documented order (the JSON `result` object).
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        match self {
            SchemeResult::Fleksloentilskud(o) => o.fields().to_vec(),
            SchemeResult::Ledighedsydelse(o) => o.fields(),
            SchemeResult::FleksjobRefusion(o) => o.fields(),
            SchemeResult::Fleksjobbonus(o) => o.fields(),
            SchemeResult::RefugeeBonus(o) => o.fields(),
            SchemeResult::IguBonus(o) => o.fields(),
            SchemeResult::Jobpraemie(o) => o.fields(),
            SchemeResult::Loentilskud(o) => o.fields(),
            SchemeResult::Dagpenge(o) => o.fields(),
            SchemeResult::SygedagpengeEmployerPeriod(o) => o.fields(),
            SchemeResult::SygedagpengeRefund(o) => o.fields(),
            SchemeResult::SygedagpengeDuration(o) => o.fields(),
        }
    }

    /// The result that matters most to the person, for summaries and diffs.
    pub fn headline(&self) -> (&'static str, rust_decimal::Decimal) {
        match self {
            SchemeResult::Fleksloentilskud(o) => ("subsidy", o.subsidy),
            SchemeResult::Ledighedsydelse(o) => ("payment", o.payment),
            SchemeResult::FleksjobRefusion(o) => ("refund", o.refund),
            SchemeResult::Fleksjobbonus(o) => ("amount", o.earned_amount()),
            SchemeResult::RefugeeBonus(o) => ("amount", o.amount()),
            SchemeResult::IguBonus(o) => ("amount", o.amount()),
            SchemeResult::Jobpraemie(o) => ("premium", o.premium),
            SchemeResult::Loentilskud(o) => ("subsidy", o.subsidy.unwrap_or_default()),
            SchemeResult::Dagpenge(o) => ("payment", o.payment),
            SchemeResult::SygedagpengeEmployerPeriod(o) => (
                "employer days",
                rust_decimal::Decimal::from(o.employer_pays_days),
            ),
            SchemeResult::SygedagpengeRefund(o) => ("refund", o.refund),
            SchemeResult::SygedagpengeDuration(o) => (
                "weeks counted",
                rust_decimal::Decimal::from(o.days_counted) / rust_decimal::Decimal::from(7),
            ),
        }
    }

    /// The explanation's step values in order: (rule, what, value).
    pub fn checkpoints(&self) -> Vec<(&'static str, &'static str, rust_decimal::Decimal)> {
        match self {
            SchemeResult::Fleksloentilskud(o) => o.checkpoints().to_vec(),
            SchemeResult::Ledighedsydelse(o) => o.checkpoints(),
            SchemeResult::FleksjobRefusion(o) => o.checkpoints(),
            SchemeResult::Fleksjobbonus(o) => o.checkpoints(),
            SchemeResult::RefugeeBonus(o) => o.checkpoints(),
            SchemeResult::IguBonus(o) => o.checkpoints(),
            SchemeResult::Jobpraemie(o) => o.checkpoints(),
            SchemeResult::Loentilskud(o) => o.checkpoints(),
            SchemeResult::Dagpenge(o) => o.checkpoints(),
            SchemeResult::SygedagpengeEmployerPeriod(o) => o.checkpoints(),
            SchemeResult::SygedagpengeRefund(o) => o.checkpoints(),
            SchemeResult::SygedagpengeDuration(o) => o.checkpoints(),
        }
    }

    /// The case's facts as the calculation used them (the JSON `input` object).
    pub fn inputs(&self) -> Vec<(&'static str, Value)> {
        match self {
            SchemeResult::Fleksloentilskud(o) => o.inputs(),
            SchemeResult::Ledighedsydelse(o) => o.inputs(),
            SchemeResult::FleksjobRefusion(o) => o.inputs(),
            SchemeResult::Fleksjobbonus(o) => o.inputs(),
            SchemeResult::RefugeeBonus(o) => o.inputs(),
            SchemeResult::IguBonus(o) => o.inputs(),
            SchemeResult::Jobpraemie(o) => o.inputs(),
            SchemeResult::Loentilskud(o) => o.inputs(),
            SchemeResult::Dagpenge(o) => o.inputs(),
            SchemeResult::SygedagpengeEmployerPeriod(o) => o.inputs(),
            SchemeResult::SygedagpengeRefund(o) => o.inputs(),
            SchemeResult::SygedagpengeDuration(o) => o.inputs(),
        }
    }
}

/// A computed case: what was used, what came out, and why.
#[derive(Debug, Clone)]
pub struct Outcome<'e> {
    pub case: Case,
    pub version: &'e RuleSetVersion,
    pub result: SchemeResult,
    pub notes: Vec<String>,
    /// The same notes in Danish, in the same order (the browser calculator's Danish reader);
    /// a rule set's own texts (derivations, notes) inside them stay as the rule set writes them.
    pub notes_da: Vec<String>,
    pub trace: Vec<Step>,
}

impl Engine {
    /// The rule sets embedded in the binary.
    pub fn bundled() -> Result<Self, Vec<Diagnostic>> {
        Self::from_files(&rules::bundled_files())
    }

    pub fn from_files(files: &[RuleFile]) -> Result<Self, Vec<Diagnostic>> {
        rules::load(files).map(|book| Self { book })
    }

    /// This engine's rule sets with a reform overlay applied.
    pub fn with_overlay(
        &self,
        overlay: &crate::rules::overlay::Overlay,
    ) -> Result<Self, Diagnostic> {
        self.book.with_overlay(overlay).map(|book| Self { book })
    }

    pub fn rule_book(&self) -> &RuleBook {
        &self.book
    }

    /// The version of the case's scheme in force in the case's month.
    pub fn version_for(&self, case: &Case) -> Result<&RuleSetVersion, Diagnostic> {
        let version = self
            .book
            .in_force(case.scheme.name, case.date)
            .map_err(|e| refuse(case, "month", select_message(&e, case)))?;
        if version.status == Status::NotCovered {
            return Err(refuse(
                case,
                "month",
                format!(
                    "no rule set in force for {} in {}: {}",
                    case.month,
                    case.scheme.name,
                    version.notes.as_deref().unwrap_or("not covered").trim()
                ),
            ));
        }
        Ok(version)
    }

    /// Computes a case without its explanation (the fast path for batch runs). A month no rule
    /// set covers, or a case the scheme cannot compute, is a diagnostic naming the file and field.
    pub fn compute(&self, case: &Case) -> Result<(&RuleSetVersion, SchemeResult), Diagnostic> {
        let version = self.version_for(case)?;
        self.compute_with(case, version).map(|r| (version, r))
    }

    /// Computes a case under a given version.
    pub fn compute_with(
        &self,
        case: &Case,
        version: &RuleSetVersion,
    ) -> Result<SchemeResult, Diagnostic> {
        match (&case.input, &version.compiled) {
            (CaseInput::Fleksloentilskud(input), Some(Compiled::Fleksloentilskud(p))) => {
                fleksloentilskud::compute(input, case.month, p)
                    .map(SchemeResult::Fleksloentilskud)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::Ledighedsydelse(input), Some(Compiled::Ledighedsydelse(p))) => {
                ledighedsydelse::compute(input, case.month, p)
                    .map(SchemeResult::Ledighedsydelse)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::FleksjobRefusion(input), Some(Compiled::FleksjobRefusion(p))) => {
                fleksjob_refusion::compute(input, case.month, p)
                    .map(SchemeResult::FleksjobRefusion)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::Fleksjobbonus(input), Some(Compiled::Fleksjobbonus(p))) => {
                fleksjobbonus::compute(input, case.month, p)
                    .map(SchemeResult::Fleksjobbonus)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::RefugeeBonus(input), Some(Compiled::RefugeeBonus(p))) => Ok(
                SchemeResult::RefugeeBonus(refugee_bonus::compute(input, case.month, p)),
            ),
            (CaseInput::IguBonus(input), Some(Compiled::IguBonus(p))) => Ok(
                SchemeResult::IguBonus(igu_bonus::compute(input, case.month, p)),
            ),
            (CaseInput::Jobpraemie(input), Some(Compiled::Jobpraemie(p))) => {
                jobpraemie::compute(input, case.month, p)
                    .map(SchemeResult::Jobpraemie)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::Loentilskud(input), Some(Compiled::Loentilskud(p))) => {
                loentilskud::compute(input, case.month, p)
                    .map(SchemeResult::Loentilskud)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::Dagpenge(input), Some(Compiled::Dagpenge(p))) => {
                dagpenge::compute(input, case.month, p)
                    .map(SchemeResult::Dagpenge)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (
                CaseInput::SygedagpengeEmployerPeriod(input),
                Some(Compiled::SygedagpengeEmployerPeriod(p)),
            ) => sygedagpenge_employer_period::compute(input, case.month, p)
                .map(SchemeResult::SygedagpengeEmployerPeriod)
                .map_err(|e| refuse(case, "input", e.to_string())),
            (CaseInput::SygedagpengeRefund(input), Some(Compiled::SygedagpengeRefund(p))) => {
                sygedagpenge_refund::compute(input, case.month, p)
                    .map(SchemeResult::SygedagpengeRefund)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (CaseInput::SygedagpengeDuration(input), Some(Compiled::SygedagpengeDuration(p))) => {
                sygedagpenge_duration::compute(input, case.month, p)
                    .map(SchemeResult::SygedagpengeDuration)
                    .map_err(|e| refuse(case, "input", e.to_string()))
            }
            (_, _) => Err(refuse(
                case,
                "month",
                format!(
                    "rule set {} {} is not usable; run `beregner check`",
                    version.id, version.version
                ),
            )),
        }
    }

    /// Computes a case with its full explanation and notes.
    pub fn calculate(&self, case: Case) -> Result<Outcome<'_>, Diagnostic> {
        let (version, result) = self.compute(&case)?;
        Ok(self.explain(case, version, result))
    }

    /// Writes the explanation of a computed result.
    pub fn explain<'e>(
        &'e self,
        case: Case,
        version: &'e RuleSetVersion,
        result: SchemeResult,
    ) -> Outcome<'e> {
        let mut tracer = Tracer::new(version);
        let mut notes = Vec::new();
        let mut notes_da = Vec::new();
        match (&case.input, &version.compiled, &result) {
            (
                CaseInput::Fleksloentilskud(input),
                Some(Compiled::Fleksloentilskud(p)),
                SchemeResult::Fleksloentilskud(out),
            ) => {
                fleksloentilskud::explain(input, case.month, p, out, &mut tracer);
                if out.full_time_wage.is_none() {
                    notes.push(
                        "no full_time_wage given: the lønloft (full-time salary cap) was not checked"
                            .to_string(),
                    );
                    notes_da.push(
                        "ingen fuldtidsløn oplyst: lønloftet er ikke kontrolleret".to_string(),
                    );
                }
            }
            (
                CaseInput::Ledighedsydelse(input),
                Some(Compiled::Ledighedsydelse(p)),
                SchemeResult::Ledighedsydelse(out),
            ) => ledighedsydelse::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::FleksjobRefusion(input),
                Some(Compiled::FleksjobRefusion(p)),
                SchemeResult::FleksjobRefusion(out),
            ) => fleksjob_refusion::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::Fleksjobbonus(input),
                Some(Compiled::Fleksjobbonus(p)),
                SchemeResult::Fleksjobbonus(out),
            ) => fleksjobbonus::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::RefugeeBonus(input),
                Some(Compiled::RefugeeBonus(p)),
                SchemeResult::RefugeeBonus(out),
            ) => refugee_bonus::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::IguBonus(input),
                Some(Compiled::IguBonus(p)),
                SchemeResult::IguBonus(out),
            ) => igu_bonus::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::Jobpraemie(input),
                Some(Compiled::Jobpraemie(p)),
                SchemeResult::Jobpraemie(out),
            ) => jobpraemie::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::Loentilskud(input),
                Some(Compiled::Loentilskud(p)),
                SchemeResult::Loentilskud(out),
            ) => loentilskud::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::Dagpenge(input),
                Some(Compiled::Dagpenge(p)),
                SchemeResult::Dagpenge(out),
            ) => dagpenge::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::SygedagpengeEmployerPeriod(input),
                Some(Compiled::SygedagpengeEmployerPeriod(p)),
                SchemeResult::SygedagpengeEmployerPeriod(out),
            ) => sygedagpenge_employer_period::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::SygedagpengeRefund(input),
                Some(Compiled::SygedagpengeRefund(p)),
                SchemeResult::SygedagpengeRefund(out),
            ) => sygedagpenge_refund::explain(input, case.month, p, out, &mut tracer),
            (
                CaseInput::SygedagpengeDuration(input),
                Some(Compiled::SygedagpengeDuration(p)),
                SchemeResult::SygedagpengeDuration(out),
            ) => sygedagpenge_duration::explain(input, case.month, p, out, &mut tracer),
            _ => {}
        }
        if let Some(title) = &version.overlay {
            let changes = version
                .parameters
                .values()
                .filter_map(|p| p.note.as_deref())
                .chain(
                    version
                        .roundings
                        .values()
                        .filter_map(|r| r.derivation.as_deref()),
                )
                .filter_map(|n| n.strip_prefix(crate::rules::overlay::OVERLAY_NOTE))
                .collect::<Vec<_>>()
                .join("; ");
            notes.push(format!(
                "computed under the reform overlay `{title}`, not the law in force: {changes}"
            ));
            notes_da.push(format!(
                "beregnet med reformforslaget `{title}`, ikke gældende ret: {changes}"
            ));
        }
        if version.end_unknown {
            let detail = version
                .notes
                .as_deref()
                .map(|n| format!(" ({})", n.trim()))
                .unwrap_or_default();
            notes.push(format!(
                "the scheme has ended on a date that was not found, so rule set {} {} has no end date: check that it still applied on {}{detail}",
                version.id, version.version, case.date,
            ));
            notes_da.push(format!(
                "ordningen er senere ophørt, og datoen for det blev ikke fundet, så regelsæt {} {} har ingen slutdato: kontrollér, at ordningen stadig gjaldt {}{}",
                version.id,
                version.version,
                crate::values::month::date_da(case.date),
                version
                    .notes
                    .as_deref()
                    .map(|n| format!(". Regelsættets note (på engelsk): {}", n.trim()))
                    .unwrap_or_default()
            ));
        }
        for (en, da) in derived_notes(version, &tracer.steps) {
            notes.push(en);
            notes_da.push(da);
        }
        Outcome {
            case,
            version,
            result,
            notes,
            notes_da,
            trace: tracer.steps,
        }
    }
}

fn refuse(case: &Case, field: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: case.origin.clone(),
        position: case.positions.get(field).copied(),
        field: field.to_string(),
        message,
        help: None,
    }
}

fn select_message(e: &SelectError, case: &Case) -> String {
    match e {
        SelectError::NotCovered { .. } => {
            let full = e.to_string();
            // Speak of the case's month, not the first day the engine looked up.
            let date = case.month.first_day().to_string();
            full.replacen(&date, &case.month.to_string(), 1)
        }
        SelectError::UnknownRuleSet { .. } => e.to_string(),
    }
}

/// A note for every derived value the calculation used, with its derivation, so a reader never
/// mistakes a computed rate for a published one.
fn derived_notes(version: &RuleSetVersion, steps: &[Step]) -> Vec<(String, String)> {
    if version.status != Status::Derived {
        return Vec::new();
    }
    let used: Vec<&str> = steps
        .iter()
        .flat_map(|s| s.inputs.iter().map(|i| i.name.as_str()))
        .collect();
    let mut notes = Vec::new();
    for p in version.parameters.values() {
        if p.status == Status::Derived && used.contains(&p.name.as_str()) {
            let derivation = p.derivation.as_deref().unwrap_or("");
            notes.push((
                format!("{} = {} is derived, not published: {derivation}", p.name, p.display),
                format!(
                    "{} = {} er afledt, ikke offentliggjort (udledningen, som regelsættet skriver den: {derivation})",
                    p.name,
                    p.display.replace('.', ",")
                ),
            ));
        }
    }
    notes
}
