//! The engine: a loaded [`RuleBook`] and the entry points that compute a [`Case`] under the
//! rule set in force: [`Engine::compute`] records nothing (batch, diff), [`Engine::calculate`]
//! records the explanation. Both run the same scheme code.

pub mod case;
pub mod given;

use crate::engine::case::Case;
use crate::model::{Calc, Notes, Off, Recorder, Refusal, Step, Trace, Values};
#[cfg(feature = "toml")]
use crate::rules::{self, RuleFile};
use crate::rules::{RuleBook, RuleSetVersion, SelectError, Status};
#[cfg(feature = "toml")]
use crate::schemes;
use crate::source::diag::{Diagnostic, Severity};
use crate::text::diag::settle;
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

/// The versions a case was computed under, in date order, each with the index of the first
/// step of its part in the trace (0 when nothing was recorded). A case within one version has
/// one part; a case whose dates run past its version's end (a refund claim across New Year) is
/// cut where the next version takes over (see [`crate::model::Scheme::cut`]).
pub type Parts<'e> = Vec<(&'e RuleSetVersion, usize)>;

/// A computed case: what was used, what came out, and why.
#[derive(Debug, Clone)]
pub struct Outcome<'e> {
    pub case: Case,
    /// The version of the case's first (or only) part.
    pub version: &'e RuleSetVersion,
    /// Every version used, in date order, with the first step of its part.
    pub parts: Parts<'e>,
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
    /// The rule sets embedded in the binary, loaded from their TOML (beregner-bundled decodes
    /// them from the form validated at build time).
    #[cfg(feature = "toml")]
    pub fn bundled() -> Result<Self, Vec<Diagnostic>> {
        Self::from_files(&rules::bundled_files())
    }

    #[cfg(feature = "toml")]
    pub fn from_files(files: &[RuleFile]) -> Result<Self, Vec<Diagnostic>> {
        rules::load(files, schemes::SCHEMES).map(|book| Self { book })
    }

    /// An engine over a rule book already loaded (e.g. decoded from its compact form).
    pub fn from_book(book: RuleBook) -> Self {
        Self { book }
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
            .map_err(|e| {
                let (field, when) = selected_on(case);
                refuse(case, &field, select_said(&e, when))
            })?;
        if version.status == Status::NotCovered {
            let (field, when) = selected_on(case);
            let notes = version
                .notes_value()
                .unwrap_or_else(|| Value::Text("not covered".into()));
            let said = Said::common("case.not_covered")
                .with("scheme", Value::Text(case.scheme.name.to_string()))
                .with("month", when)
                .with(
                    "rule_set",
                    Value::Text(format!("{} {}", version.id, version.version)),
                )
                .with("from", Value::Date(version.valid_from))
                .with("notes", notes);
            return Err(refuse(case, &field, said));
        }
        Ok(version)
    }

    /// Computes a case without its explanation (the fast path for batch runs). A month no rule
    /// set covers, or a case the scheme cannot compute, is a diagnostic naming the file and field.
    /// The version returned is the first part's (see [`Outcome::parts`]).
    pub fn compute(&self, case: &Case) -> Result<(&RuleSetVersion, SchemeResult), Diagnostic> {
        let version = self.version_for(case)?;
        self.compute_with(case, version).map(|r| (version, r))
    }

    /// Computes a case under a given version (and the versions after it, for a case whose dates
    /// run past its end), recording nothing.
    pub fn compute_with(
        &self,
        case: &Case,
        version: &RuleSetVersion,
    ) -> Result<SchemeResult, Diagnostic> {
        if !Self::crosses(case, version) {
            // The common case in one part, without the list of parts (an allocation per row).
            let mut off = Off;
            let mut calc = Calc::new(&mut off, case.scheme, case.month, case.date);
            return case
                .input
                .compute(version, &mut calc)
                .map_err(|r| refusal(case, &r));
        }
        self.run(case, version, &mut Off).map(|(r, _)| r)
    }

    /// Whether the case's facts run past the end of `version` (it is then cut, see [`Self::run`]).
    fn crosses(case: &Case, version: &RuleSetVersion) -> bool {
        matches!(
            (case.input.last_date(), version.valid_to),
            (Some(last), Some(to)) if last > to
        )
    }

    /// Computes a case from `version` on: in one part when its facts end within the version,
    /// else cut where each next version takes over, each part computed under its own version
    /// and the parts joined by the scheme.
    fn run<'v, R: Recorder>(
        &'v self,
        case: &Case,
        version: &'v RuleSetVersion,
        rec: &mut R,
    ) -> Result<(SchemeResult, Parts<'v>), Diagnostic> {
        if !Self::crosses(case, version) {
            let mut calc = Calc::new(rec, case.scheme, case.month, case.date);
            let result = case
                .input
                .compute(version, &mut calc)
                .map_err(|r| refusal(case, &r))?;
            return Ok((result, vec![(version, 0)]));
        }
        let pieces = self.cut(case, version)?;
        if let [(v, input, date)] = pieces.as_slice() {
            // The scheme could not be cut: it decides alone (it may refuse the crossing).
            let mut calc = Calc::new(rec, case.scheme, case.month, *date);
            let result = input.compute(v, &mut calc).map_err(|r| refusal(case, &r))?;
            return Ok((result, vec![(*v, 0)]));
        }
        let mut parts = Vec::with_capacity(pieces.len());
        let mut results = Vec::with_capacity(pieces.len());
        let mut last_date = case.date;
        for (v, input, date) in &pieces {
            parts.push((*v, rec.mark()));
            let mut calc = Calc::new(rec, case.scheme, case.month, *date);
            results.push(input.compute(v, &mut calc).map_err(|r| refusal(case, &r))?);
            last_date = *date;
        }
        let mut calc = Calc::new(rec, case.scheme, case.month, last_date);
        let joined = case
            .input
            .join(results, &mut calc)
            .map_err(|r| refusal(case, &r))?;
        Ok((joined, parts))
    }

    /// The case's input cut where each version after `first` takes over, with the version and
    /// the date that selects it; one piece when the scheme cannot be cut. A part that falls
    /// under a version not covered refuses the whole case, naming the version and why.
    fn cut<'v>(
        &'v self,
        case: &Case,
        first: &'v RuleSetVersion,
    ) -> Result<Vec<(&'v RuleSetVersion, CaseInput, chrono::NaiveDate)>, Diagnostic> {
        // No case spans more than a few versions; the bound only guards against a loop.
        const MAX_PARTS: usize = 64;
        let mut pieces = Vec::new();
        let (mut version, mut rest, mut date) = (first, case.input.clone(), case.date);
        loop {
            let next_start = match (rest.last_date(), version.valid_to) {
                (Some(last), Some(to)) if last > to => to.succ_opt(),
                _ => None,
            };
            let cut = next_start
                .filter(|_| pieces.len() < MAX_PARTS)
                .and_then(|at| rest.cut(at).map(|parts| (at, parts)));
            let Some((at, (before, after))) = cut else {
                pieces.push((version, rest, date));
                return Ok(pieces);
            };
            pieces.push((version, before, date));
            let next = self
                .book
                .in_force(case.scheme.name, at)
                .map_err(|e| refuse(case, "month", select_said(&e, Value::Date(at))))?;
            if next.status == Status::NotCovered {
                let mut r = Refusal::new("common", "refusal.part_not_covered")
                    .with("date", Value::Date(at))
                    .with(
                        "rule_set",
                        Value::Text(format!("{} {}", next.id, next.version)),
                    )
                    .with(
                        "notes",
                        next.notes_value()
                            .unwrap_or_else(|| Value::Text("not covered".into())),
                    );
                if let Some(field) = case.scheme.selected_by {
                    r = r.field(field);
                }
                return Err(refusal(case, &r));
            }
            (version, rest, date) = (next, after, at);
        }
    }

    /// Computes a case under a given version with the notes a reader must see (derived values,
    /// an overlay, an unknown end) but no explanation: for caseload output that carries notes.
    pub fn compute_noted(
        &self,
        case: &Case,
        version: &RuleSetVersion,
    ) -> Result<(SchemeResult, Vec<Said>), Diagnostic> {
        let mut rec = Notes::default();
        let (result, parts) = self.run(case, version, &mut rec)?;
        let notes = with_rule_set_notes(rec.notes, &parts, case, &rec.used);
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
        let (result, parts) = self.run(&case, version, &mut trace)?;
        let notes = with_rule_set_notes(trace.notes, &parts, &case, &trace.used);
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
            parts,
            result,
            input,
            notes,
            trace: trace.steps,
            used: trace.used,
        })
    }
}

fn refuse(case: &Case, field: &str, said: Said) -> Diagnostic {
    let mut d = Diagnostic {
        severity: Severity::Error,
        file: case.origin.clone(),
        position: case.positions.get(field).copied(),
        field: field.to_string(),
        message: String::new(),
        help: None,
        sentences: None,
    }
    .said(said);
    settle(&mut d);
    d
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
    let mut d = Diagnostic {
        severity: Severity::Error,
        file: case.origin.clone(),
        position,
        field,
        message: String::new(),
        help: None,
        sentences: None,
    }
    .said((*r.said).clone());
    settle(&mut d);
    d
}

/// The field that chose the case's rule-set version and its value: the scheme's selecting date
/// (a hiring date, a first day of sickness) where the case gives it, else the month.
fn selected_on(case: &Case) -> (String, Value) {
    match case.scheme.selected_by {
        Some(field) if case.input.selecting_date().is_some() => {
            (format!("input.{field}"), Value::Date(case.date))
        }
        _ => ("month".to_string(), Value::Month(case.month)),
    }
}

/// Why no version answers `when` (the case's month, or the day a later part starts).
fn select_said(e: &SelectError, when: Value) -> Said {
    match e {
        SelectError::NotCovered { id, covered, .. } => {
            let key = match covered.last() {
                None => "case.no_version",
                Some((_, Some(_))) => "case.no_version_between",
                Some((_, None)) => "case.no_version_from",
            };
            let mut said = Said::common(key)
                .with("month", when)
                .with("rule_set", Value::Text(id.clone()));
            if let (Some((from, _)), Some((_, to))) = (covered.first(), covered.last()) {
                said = said.with("from", Value::Date(*from));
                if let Some(to) = to {
                    said = said.with("to", Value::Date(*to));
                }
            }
            said
        }
        SelectError::UnknownRuleSet { .. } => {
            Said::common("refusal.legacy").with("text", Value::Text(e.to_string()))
        }
    }
}

impl Outcome<'_> {
    /// The version the step at `index` was computed under (its part's).
    pub fn version_of_step(&self, index: usize) -> &RuleSetVersion {
        self.parts
            .iter()
            .rev()
            .find(|(_, first)| *first <= index)
            .map_or(self.version, |(v, _)| *v)
    }
}

/// The scheme's notes, then, for a case computed in parts, which versions it used, then each
/// version's own notes (without repeats).
fn with_rule_set_notes(
    mut notes: Vec<Said>,
    parts: &Parts<'_>,
    case: &Case,
    used: &[&'static str],
) -> Vec<Said> {
    if parts.len() > 1 {
        let list = parts
            .iter()
            .map(|(v, _)| {
                format!(
                    "{} {} ({} – {})",
                    v.id,
                    v.version,
                    v.valid_from,
                    v.valid_to.map_or_else(String::new, |d| d.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        notes.push(
            Said::common("note.parts")
                .with(
                    "count",
                    Value::Number(rust_decimal::Decimal::from(parts.len())),
                )
                .with("parts", Value::Text(list)),
        );
    }
    for (v, _) in parts {
        for n in rule_set_notes(v, case, used) {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    notes
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
            Said::common("note.overlay")
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
        let mut said = Said::common(key)
            .with(
                "rule_set",
                Value::Text(format!("{} {}", version.id, version.version)),
            )
            .with("date", Value::Date(case.date));
        if let Some(end) = version.valid_to {
            said = said.with("end", Value::Date(end));
        }
        notes.push(match version.notes_value() {
            Some(n) => said.with("notes", n),
            None => said,
        });
    }
    if version.status != Status::Enacted {
        for p in version.parameters.values() {
            if !used.contains(&p.name.as_str()) {
                continue;
            }
            let value = match p.unit {
                // A date as a date, so a Danish reader reads it the Danish way.
                crate::rules::spec::Unit::Date => crate::values::month::parse_date(&p.display)
                    .map_or_else(|| Value::Text(p.display.clone()), Value::Date),
                crate::rules::spec::Unit::Fraction => Value::Text(p.display.clone()),
                crate::rules::spec::Unit::Flag => Value::Bool(!p.value.is_zero()),
                _ => Value::Number(p.value),
            };
            // The note's key (its `_translated` twin where the rule set gives the text in Danish,
            // else the Danish sentence quotes the English as the rule set writes it), its
            // argument, and the text in English and Danish.
            let (keys, arg, en, da) = match p.status {
                Status::Derived => (
                    ["note.derived", "note.derived_translated"],
                    "derivation",
                    &p.derivation,
                    &p.derivation_da,
                ),
                Status::Secondary => (
                    ["note.secondary", "note.secondary_translated"],
                    "quoted_by",
                    &p.quoted_by,
                    &p.quoted_by_da,
                ),
                Status::Enacted | Status::NotCovered => continue,
            };
            let en = en.clone().unwrap_or_default();
            let (key, text) = match da {
                Some(da) => (keys[1], Value::Translated(Box::new([en, da.clone()]))),
                None => (keys[0], Value::Text(en)),
            };
            notes.push(
                Said::common(key)
                    .with("name", Value::Text(p.name.clone()))
                    .with("value", value)
                    .with(arg, text),
            );
        }
    }
    notes
}
