//! The engine: a loaded [`RuleBook`] and the entry points that compute a [`Case`] under the
//! rule set in force: [`Engine::compute`] records nothing (batch, diff), [`Engine::calculate`]
//! records the explanation. Both run the same scheme code.

pub mod case;
pub mod given;

use crate::engine::case::Case;
use crate::model::{Calc, Notes, Off, Recorder, Refusal, Step, Trace, Values};
use crate::rules::{self, RuleBook, RuleFile, RuleSetVersion, SelectError, Status};
use crate::schemes;
use crate::source::diag::{Diagnostic, Severity};
use crate::text::Lang;
use crate::text::format::say;
use crate::values::value::{Said, Value};

pub use crate::schemes::{CaseInput, SchemeResult};

pub struct Engine {
    book: RuleBook,
}

impl SchemeResult {
    /// The result that matters most to the person (the scheme's declared headline), for
    /// summaries and diffs.
    pub fn headline(
        &self,
        spec: &crate::rules::spec::SchemeSpec,
    ) -> (&'static str, rust_decimal::Decimal) {
        let value = self
            .fields()
            .into_iter()
            .find(|(n, _)| *n == spec.headline)
            .and_then(|(_, v)| v.number())
            .unwrap_or_default();
        (spec.headline, value)
    }
}

/// A computed case: what was used, what came out, and why.
#[derive(Debug, Clone)]
pub struct Outcome<'e> {
    pub case: Case,
    pub version: &'e RuleSetVersion,
    pub result: SchemeResult,
    /// The case's facts as the calculation used them (the JSON `input` object): the fields
    /// given, the defaults, and any the calculation computed from others.
    pub input: Vec<(&'static str, Value)>,
    /// Notes on the result, in the order they arose: the scheme's own, then those on the rule
    /// set (a reform overlay, an unknown end, each derived value used).
    pub notes: Vec<Said>,
    pub trace: Vec<Step>,
    /// The parameters the calculation read.
    pub used: Vec<&'static str>,
}

impl Engine {
    /// The rule sets embedded in the binary.
    pub fn bundled() -> Result<Self, Vec<Diagnostic>> {
        Self::from_files(&rules::bundled_files())
    }

    pub fn from_files(files: &[RuleFile]) -> Result<Self, Vec<Diagnostic>> {
        rules::load(files, schemes::SCHEMES).map(|book| Self { book })
    }

    /// This engine's rule sets with a reform overlay applied; a change that changes nothing
    /// is a warning in the rule book's `warnings`.
    pub fn with_overlay(
        &self,
        overlay: &crate::rules::overlay::Overlay,
    ) -> Result<Self, Vec<Diagnostic>> {
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

    /// Computes a case under a given version, recording nothing.
    pub fn compute_with(
        &self,
        case: &Case,
        version: &RuleSetVersion,
    ) -> Result<SchemeResult, Diagnostic> {
        self.run(case, version, &mut Off)
    }

    fn run<R: Recorder>(
        &self,
        case: &Case,
        version: &RuleSetVersion,
        rec: &mut R,
    ) -> Result<SchemeResult, Diagnostic> {
        let mut calc = Calc::new(rec, case.scheme, case.month, case.date);
        case.input
            .compute(version, &mut calc)
            .map_err(|r| refusal(case, &r))
    }

    /// Computes a case under a given version with the notes a reader must see (derived values,
    /// an overlay, an unknown end) but no explanation: for caseload output that carries notes.
    pub fn compute_noted(
        &self,
        case: &Case,
        version: &RuleSetVersion,
    ) -> Result<(SchemeResult, Vec<Said>), Diagnostic> {
        let mut rec = Notes::default();
        let result = self.run(case, version, &mut rec)?;
        let mut notes = rec.notes;
        notes.extend(rule_set_notes(version, case, &rec.used));
        Ok((result, notes))
    }

    /// The steps of a case with their values and rules only (no formulas or texts), under the
    /// version in force: where two rule books part, cheaply.
    pub fn steps(&self, case: &Case) -> Result<Vec<Step>, Diagnostic> {
        let version = self.version_for(case)?;
        let mut values = Values::default();
        self.run(case, version, &mut values)?;
        Ok(values.steps)
    }

    /// Computes a case with its full explanation and notes.
    pub fn calculate(&self, case: Case) -> Result<Outcome<'_>, Diagnostic> {
        let version = self.version_for(&case)?;
        let mut trace = Trace::default();
        let result = self.run(&case, version, &mut trace)?;
        let mut notes = trace.notes;
        notes.extend(rule_set_notes(version, &case, &trace.used));
        let mut input = case.echo.clone();
        for (name, value) in trace.filled {
            match input.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => input.push((name, value)),
            }
        }
        // Keep the declared order.
        input.sort_by_key(|(name, _)| {
            case.scheme
                .inputs
                .iter()
                .position(|i| i.name == *name)
                .unwrap_or(usize::MAX)
        });
        Ok(Outcome {
            case,
            version,
            result,
            input,
            notes,
            trace: trace.steps,
            used: trace.used,
        })
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

/// A refusal as a diagnostic: at the input field it names, else at `[input]`.
fn refusal(case: &Case, r: &Refusal) -> Diagnostic {
    let field = match r.field {
        Some(f) => format!("input.{f}"),
        None => "input".to_string(),
    };
    let position = case
        .positions
        .get(field.as_str())
        .or_else(|| case.positions.get("input"))
        .copied();
    Diagnostic {
        severity: Severity::Error,
        file: case.origin.clone(),
        position,
        field,
        message: say(&r.said, Lang::En),
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

/// The notes a rule set puts on every result computed under it: a reform overlay, a scheme
/// whose end was not found, and each derived (not published) or secondary (quoted, not read on
/// the official page) value the calculation used, so a reader never mistakes a computed or
/// quoted rate for a published one.
fn rule_set_notes(version: &RuleSetVersion, case: &Case, used: &[&'static str]) -> Vec<Said> {
    let mut notes = Vec::new();
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
        notes.push(
            Said::new("common", "note.overlay")
                .with("title", Value::Text(title.clone()))
                .with("changes", Value::Text(changes)),
        );
    }
    if version.end_unknown {
        // A version may still end on a date: the bound of the rule set (where a later version
        // answers "no"), not the scheme's end.
        let key = match (version.valid_to.is_some(), version.notes.is_some()) {
            (false, false) => "note.end_unknown",
            (false, true) => "note.end_unknown_with_note",
            (true, false) => "note.end_unknown_bounded",
            (true, true) => "note.end_unknown_bounded_with_note",
        };
        let mut said = Said::new("common", key)
            .with(
                "rule_set",
                Value::Text(format!("{} {}", version.id, version.version)),
            )
            .with("date", Value::Date(case.date));
        if let Some(end) = version.valid_to {
            said = said.with("end", Value::Date(end));
        }
        notes.push(match &version.notes {
            Some(n) => said.with("notes", Value::Text(n.trim().to_string())),
            None => said,
        });
    }
    if version.status != Status::Enacted {
        for p in version.parameters.values() {
            if !used.contains(&p.name.as_str()) {
                continue;
            }
            let value = match p.unit {
                crate::rules::spec::Unit::Date | crate::rules::spec::Unit::Fraction => {
                    Value::Text(p.display.clone())
                }
                crate::rules::spec::Unit::Flag => Value::Bool(!p.value.is_zero()),
                _ => Value::Number(p.value),
            };
            match p.status {
                Status::Derived => notes.push(
                    Said::new("common", "note.derived")
                        .with("name", Value::Text(p.name.clone()))
                        .with("value", value)
                        .with(
                            "derivation",
                            Value::Text(p.derivation.clone().unwrap_or_default()),
                        ),
                ),
                Status::Secondary => notes.push(
                    Said::new("common", "note.secondary")
                        .with("name", Value::Text(p.name.clone()))
                        .with("value", value)
                        .with(
                            "quoted_by",
                            Value::Text(p.quoted_by.clone().unwrap_or_default()),
                        ),
                ),
                Status::Enacted | Status::NotCovered => {}
            }
        }
    }
    notes
}
