//! `beregner diff`: the same cases under two rule books, what changed, by how much, and why.
//!
//! Old: `--old DIR` (or `--rules DIR`, or the bundled rule sets). New: `--new DIR` (or the old
//! rules) with the `--overlay` files applied. When an overlay projects a version over a period
//! no rule set covers, the old side gets the same projection without the change, so a reform
//! is measured against the status quo.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use beregner_core::Engine;
use beregner_core::engine::case::Case;
use beregner_core::rules::LegalSource;
use beregner_core::rules::RuleSetVersion;
use beregner_core::tools::diff::{self, CaseDiff, DiffError, OutcomeChange, ParamChange, Summary};
use beregner_core::values::num;
use beregner_core::values::value::Value;
use serde_json::json;

use crate::batch::{self, Input};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

pub struct Options<'a> {
    pub paths: &'a [PathBuf],
    pub format: DiffFormat,
    pub all: bool,
    pub threads: Option<usize>,
    pub old_label: String,
    pub new_label: String,
}

type PairKey = (usize, usize);

fn pair_key(a: &RuleSetVersion, b: &RuleSetVersion) -> PairKey {
    (
        std::ptr::from_ref(a) as usize,
        std::ptr::from_ref(b) as usize,
    )
}

/// The parameter changes between two versions, with the versions' names, and the text every
/// case of this pair repeats, rendered once.
#[derive(Clone)]
struct Pair {
    rule_set: String,
    old: String,
    new: String,
    changes: Vec<ParamChange>,
    params_text: String,
    params_json: String,
    /// By rule: the citation text and the legal references as JSON.
    legal: BTreeMap<&'static str, (String, String)>,
}

impl Pair {
    fn new(old: &RuleSetVersion, new: &RuleSetVersion) -> Self {
        let changes = diff::parameter_changes(old, new);
        let params_text = changes
            .iter()
            .map(|c| format!("{} {} → {}", c.name, c.old, c.new))
            .collect::<Vec<_>>()
            .join(", ");
        let params_json = serde_json::Value::from(
            changes
                .iter()
                .map(|c| json!({"name": c.name, "old": c.old, "new": c.new}))
                .collect::<Vec<_>>(),
        )
        .to_string();
        let legal = new
            .scheme
            .rules
            .iter()
            .map(|r| {
                let refs: Vec<LegalSource> =
                    new.rule_sources(r.name).into_iter().cloned().collect();
                let js = serde_json::Value::from(
                    refs.iter()
                        .map(|l| json!({"act": l.act, "paragraph": l.paragraph, "url": l.url}))
                        .collect::<Vec<_>>(),
                )
                .to_string();
                (r.name, (cite(&refs), js))
            })
            .collect();
        Self {
            rule_set: new.id.clone(),
            old: old.version.clone(),
            new: new.version.clone(),
            changes,
            params_text,
            params_json,
            legal,
        }
    }
}

/// Result fields as a JSON object, written directly (names are identifiers, values plain).
fn fields_json(out: &mut String, fields: &[(&'static str, Value)]) {
    out.push('{');
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(k);
        out.push_str("\":");
        match v {
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::None => out.push_str("null"),
            Value::Amount(d) => {
                out.push('"');
                num::write_fixed(out, *d, 2);
                out.push('"');
            }
            other => out.push_str(&json_str(&beregner_core::text::format::canonical(other))),
        }
    }
    out.push('}');
}

fn cite(legal: &[LegalSource]) -> String {
    legal
        .iter()
        .filter(|l| l.paragraph.is_some())
        .map(LegalSource::citation)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A case id or a sentence on one line: a line break or other control character in it (a
/// CSV id may hold one) would end a table row or a list item and start a line of its own.
/// For Markdown, `|` is escaped too.
fn one_line(text: &str, md: bool) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if md { flat.replace('|', "\\|") } else { flat }
}

fn da(d: rust_decimal::Decimal) -> String {
    num::danish(d, 2)
}

fn signed_plain(d: rust_decimal::Decimal) -> String {
    let text = num::plain_da(d);
    if d > rust_decimal::Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

fn signed(d: rust_decimal::Decimal) -> String {
    if d > rust_decimal::Decimal::ZERO {
        format!("+{}", da(d))
    } else {
        da(d)
    }
}

/// An outcome's value as a person reads it: amounts the Danish way, the rest as JSON writes it.
fn shown(v: &Value) -> String {
    match v {
        Value::Amount(d) => da(*d),
        other => diff::written(other),
    }
}

/// `subsidy 15.054,93 → 15.055,01  (+0,08)`, or `eligible true → false`.
fn outcome_text(c: &OutcomeChange) -> String {
    let delta = match (&c.old, c.difference) {
        (Value::Amount(_), Some(d)) => format!("  ({})", signed(d)),
        (_, Some(d)) => format!("  ({})", signed_plain(d)),
        _ => String::new(),
    };
    format!("{} {} → {}{delta}", c.field, shown(&c.old), shown(&c.new))
}

/// A JSON string: the text escaped as JSON requires.
fn json_str(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// One case's report line (or JSON line), in the chosen format: every changed outcome (old,
/// new, difference), then the first step that differs and the parameters that changed.
fn case_line(out: &mut String, format: DiffFormat, case: &str, d: &CaseDiff, pair: &Pair) {
    let (field, old, new, delta) = d.headline();
    let why = match &d.first {
        Some(f) => format!("{}: {} → {}", f.what, shown(&f.old), shown(&f.new)),
        None => "no step differs".to_string(),
    };
    let (cite_text, legal_json) = d
        .first
        .as_ref()
        .and_then(|f| pair.legal.get(f.rule))
        .map_or(("", "null"), |(c, j)| (c.as_str(), j.as_str()));
    match format {
        DiffFormat::Text => {
            out.push_str(&one_line(case, false));
            for c in &d.outcomes {
                out.push_str("\n    ");
                out.push_str(&outcome_text(c));
            }
            if d.outcomes.is_empty() {
                out.push_str(&format!(
                    "\n    {field} {} → {}  (no outcome changed)",
                    da(old),
                    da(new)
                ));
            }
            out.push_str(&format!("\n    first change: {why}"));
            if !cite_text.is_empty() {
                out.push_str(&format!(" [{cite_text}]"));
            }
            if !pair.params_text.is_empty() {
                out.push_str(&format!(
                    "\n    parameters: {} ({} {} → {})",
                    pair.params_text, pair.rule_set, pair.old, pair.new
                ));
            }
            out.push('\n');
        }
        DiffFormat::Markdown => out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            one_line(case, true),
            one_line(
                &d.outcomes
                    .iter()
                    .map(outcome_text)
                    .collect::<Vec<_>>()
                    .join("; "),
                true
            ),
            one_line(&why, true),
            one_line(cite_text, true),
            one_line(&pair.params_text, true)
        )),
        DiffFormat::Json => {
            let side = |out: &mut String, v: &RuleSetVersion, r: &[(&'static str, Value)]| {
                out.push_str(&format!(
                    "{{\"rule_set\":{{\"id\":{},\"version\":{},\"sha256\":\"{}\"}},\"result\":",
                    json!(v.id),
                    json!(v.version),
                    v.sha256
                ));
                fields_json(out, r);
                out.push('}');
            };
            out.push_str(&format!("{{\"case\":{},\"old\":", json!(case)));
            side(out, d.old_version, &d.old_fields);
            out.push_str(",\"new\":");
            side(out, d.new_version, d.new_fields());
            let outcomes: Vec<serde_json::Value> = d
                .outcomes
                .iter()
                .map(|c| {
                    let value = |v: &Value| match v {
                        Value::Bool(b) => json!(b),
                        Value::None => serde_json::Value::Null,
                        other => json!(beregner_core::text::format::canonical(other)),
                    };
                    json!({
                        "field": c.field,
                        "old": value(&c.old),
                        "new": value(&c.new),
                        "difference": c.difference.map(|x| match c.old {
                            Value::Amount(_) => num::fixed(x, 2),
                            _ => num::plain(x),
                        }),
                    })
                })
                .collect();
            out.push_str(&format!(
                ",\"difference\":{{\"field\":\"{field}\",\"old\":\"{}\",\"new\":\"{}\",\"difference\":\"{}\"}},\"changed_outcomes\":{},\"changed\":{}",
                num::fixed(old, 2),
                num::fixed(new, 2),
                num::fixed(delta, 2),
                serde_json::Value::from(outcomes),
                json!(d.changed.iter().map(|c| c.0).collect::<Vec<_>>())
            ));
            match &d.first {
                Some(f) => out.push_str(&format!(
                    ",\"first_difference\":{{\"rule\":\"{}\",\"what\":{},\"old\":{},\"new\":{},\"legal\":{legal_json}}}",
                    f.rule,
                    json!(f.what),
                    json_str(&diff::written(&f.old)),
                    json_str(&diff::written(&f.new))
                )),
                None => out.push_str(",\"first_difference\":null"),
            }
            out.push_str(&format!(",\"parameters\":{}}}\n", pair.params_json));
        }
    }
}

/// What one task (a chunk of cases) produced.
#[derive(Default)]
struct Part {
    text: String,
    summary: Summary,
    failures: Vec<String>,
    pairs: BTreeMap<PairKey, Pair>,
}

fn diff_one(
    old: &Engine,
    new: &Engine,
    format: DiffFormat,
    all: bool,
    name: &dyn Fn() -> String,
    case: Result<Case, String>,
    part: &mut Part,
) {
    let case = match case {
        Ok(c) => c,
        Err(e) => {
            part.summary.failed += 1;
            part.failures.push(format!("{}: {e}", name()));
            return;
        }
    };
    // A panic (a bug) in one case is that case's failure; the others are compared.
    let compared = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        diff::diff_case(old, new, &case)
    }));
    let Ok(compared) = compared else {
        part.summary.failed += 1;
        part.failures.push(format!(
            "{}: internal error: this case could not be compared",
            name()
        ));
        return;
    };
    match compared {
        Ok(d) => {
            part.summary.add_named(&mut || name(), &d);
            let key = pair_key(d.old_version, d.new_version);
            let pair = part
                .pairs
                .entry(key)
                .or_insert_with(|| Pair::new(d.old_version, d.new_version));
            if all || d.outcome_changed() {
                case_line(&mut part.text, format, &name(), &d, pair);
            }
        }
        Err(DiffError::Old(e)) => {
            part.summary.failed += 1;
            part.failures
                .push(format!("{}: old rules: {}", name(), e.message));
        }
        Err(DiffError::New(e)) => {
            part.summary.failed += 1;
            part.failures
                .push(format!("{}: new rules: {}", name(), e.message));
        }
    }
}

fn header(format: DiffFormat, opts: &Options) -> String {
    match format {
        DiffFormat::Text => format!(
            "beregner diff\n  old: {}\n  new: {}\n\n",
            opts.old_label, opts.new_label
        ),
        DiffFormat::Markdown => format!(
            "## beregner diff\n\n- **Old:** {}\n- **New:** {}\n\n| Case | Changed outcomes | First change | Legal reference | Parameters changed |\n|---|---|---|---|---|\n",
            opts.old_label, opts.new_label
        ),
        DiffFormat::Json => String::new(),
    }
}

fn footer(
    format: DiffFormat,
    s: &Summary,
    pairs: &BTreeMap<(String, String, String), Vec<ParamChange>>,
    failures: &[String],
    seconds: f64,
) -> String {
    let unchanged = s.cases - s.changed - s.intermediate_only;
    let total_delta = s.total_new - s.total_old;
    match format {
        DiffFormat::Json => json!({"summary": s.to_json(pairs, failures)}).to_string() + "\n",
        DiffFormat::Text | DiffFormat::Markdown => {
            let md = format == DiffFormat::Markdown;
            let mut out = String::new();
            out.push_str(if md {
                "\n### Summary\n\n"
            } else {
                "\nSummary\n"
            });
            let bullet = if md { "- " } else { "  " };
            out.push_str(&format!(
                "{bullet}{} cases: {} with a changed outcome, {} with only intermediate amounts changed, {unchanged} unchanged, {} failed\n",
                s.cases + s.failed,
                s.changed,
                s.intermediate_only,
                s.failed
            ));
            // The headline's totals only for one scheme's headline: over several they would
            // add different schemes' amounts (each outcome has its own below).
            match s.headline() {
                Some((scheme, field)) => out.push_str(&format!(
                    "{bullet}headline {scheme} {field}: rose in {}, fell in {} of the changed cases; total old {} kr., new {} kr., difference {} kr.; average change over changed cases {} kr.\n",
                    s.increased,
                    s.decreased,
                    da(s.total_old),
                    da(s.total_new),
                    signed(total_delta),
                    signed(s.average_change())
                )),
                None => out.push_str(&format!(
                    "{bullet}several schemes: no headline total (each outcome's totals are below)\n"
                )),
            }
            let changed_outcomes: Vec<_> = s
                .outcomes_in_declared_order()
                .into_iter()
                .filter(|(_, t)| t.changed > 0)
                .collect();
            let item = if md { "  - " } else { "    " };
            if !changed_outcomes.is_empty() {
                out.push_str(&format!("{bullet}by outcome:\n"));
                for ((scheme, field), t) in changed_outcomes {
                    let cases = if t.changed == 1 { "case" } else { "cases" };
                    if t.money {
                        // An average under half an øre is shown to four decimals, not as 0,00.
                        let average = match t.average_change() {
                            a if a.is_zero() && t.total_new != t.total_old => {
                                signed_plain(t.average_change_fine())
                            }
                            a => signed(a),
                        };
                        out.push_str(&format!(
                            "{item}{scheme} {field}: {} {cases} changed ({} up, {} down); total old {} kr., new {} kr., difference {} kr.; average change {average} kr.\n",
                            t.changed,
                            t.increased,
                            t.decreased,
                            da(t.total_old),
                            da(t.total_new),
                            signed(t.total_new - t.total_old),
                        ));
                    } else {
                        // The most frequent transitions; JSON has them all.
                        let mut moves: Vec<_> = t.transitions.iter().collect();
                        moves.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
                        let shown = moves
                            .iter()
                            .take(SHOWN_TRANSITIONS)
                            .map(|((o, n), k)| format!("{o} → {n}: {k}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let moves = if moves.len() > SHOWN_TRANSITIONS {
                            format!("{shown}, … {} more", moves.len() - SHOWN_TRANSITIONS)
                        } else {
                            shown
                        };
                        out.push_str(&format!(
                            "{item}{scheme} {field}: {} {cases} changed ({moves})\n",
                            t.changed
                        ));
                    }
                }
            }
            if !s.largest.is_empty() {
                out.push_str(&format!("{bullet}largest changes:\n"));
                for (c, o, n, d) in &s.largest {
                    let c = one_line(c, md);
                    out.push_str(&format!(
                        "{item}{c}: {} → {} ({})\n",
                        da(*o),
                        da(*n),
                        signed(*d)
                    ));
                }
            }
            let changed_pairs: Vec<_> = pairs.iter().filter(|(_, c)| !c.is_empty()).collect();
            if !changed_pairs.is_empty() {
                out.push_str(if md { "\n### Parameters changed\n\n| Rule set | Old version | New version | Parameter | Old | New | Legal reference |\n|---|---|---|---|---|---|---|\n" } else { "\nParameters changed\n" });
                for ((rs, o, n), changes) in changed_pairs {
                    for c in changes {
                        if md {
                            out.push_str(&format!(
                                "| {rs} | {o} | {n} | {} | {} | {} | {} |\n",
                                c.name,
                                c.old,
                                c.new,
                                cite(&c.legal)
                            ));
                        } else {
                            let cited = match cite(&c.legal) {
                                c if c.is_empty() => String::new(),
                                c => format!("  [{c}]"),
                            };
                            out.push_str(&format!(
                                "  {rs} {o} → {n}: {} {} → {}{cited}\n",
                                c.name, c.old, c.new
                            ));
                        }
                    }
                }
            }
            if !failures.is_empty() {
                out.push_str(if md {
                    "\n### Not computed\n\n"
                } else {
                    "\nNot computed\n"
                });
                for f in failures.iter().take(batch::SHOWN_ERRORS) {
                    out.push_str(&format!("{bullet}{f}\n"));
                }
                if failures.len() > batch::SHOWN_ERRORS {
                    out.push_str(&format!(
                        "{bullet}… and {} more\n",
                        failures.len() - batch::SHOWN_ERRORS
                    ));
                }
            }
            if !md {
                out.push_str(&format!("  ({seconds:.2} s)\n"));
            }
            out
        }
    }
}

/// The transitions of a decision shown in a text summary.
const SHOWN_TRANSITIONS: usize = 5;

fn collect(path: &Path, cases: &mut Vec<PathBuf>, loads: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for p in entries {
            collect(&p, cases, loads)?;
        }
    } else if batch::layout_of(path).is_some() {
        loads.push(path.to_path_buf());
    } else if path.extension().is_some_and(|e| e == "toml" || e == "json") {
        cases.push(path.to_path_buf());
    }
    Ok(())
}

pub fn run(old: &Engine, new: &Engine, opts: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let (mut cases, mut loads) = (Vec::new(), Vec::new());
    for p in opts.paths {
        collect(p, &mut cases, &mut loads).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    if cases.is_empty() && loads.is_empty() {
        return Err(
            "no cases: give case files, directories of them, or a .csv/.jsonl caseload".into(),
        );
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout);
    let werr = |e: std::io::Error| format!("cannot write: {e}");
    out.write_all(header(opts.format, opts).as_bytes())
        .map_err(werr)?;
    let mut total = Part::default();
    let mut absorb = |part: Part, out: &mut (dyn Write + Send)| -> Result<(), String> {
        out.write_all(part.text.as_bytes()).map_err(werr)?;
        total.summary.merge(part.summary);
        total.failures.extend(part.failures);
        for (k, v) in part.pairs {
            total.pairs.entry(k).or_insert(v);
        }
        Ok(())
    };

    // Case files: few, read one by one.
    let mut part = Part::default();
    for path in &cases {
        let name = path.display().to_string();
        let case = beregner_core::source::file::read_text(path, true)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                let format = beregner_core::Format::guess(&name, &text);
                beregner_core::engine::case::parse(
                    &beregner_core::SourceText::new(name.clone(), text),
                    format,
                )
                .map_err(|d| {
                    d.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            });
        diff_one(
            old,
            new,
            opts.format,
            opts.all,
            &|| name.clone(),
            case,
            &mut part,
        );
    }
    absorb(part, &mut out)?;

    // Caseloads: streamed on all cores, like batch.
    let pool = batch::pool(opts.threads)?;
    for path in &loads {
        let input = Input::open(path, None, batch::Dialect::default())?;
        let file = input.name.clone();
        batch::stream(
            input,
            &pool,
            |_, _| Ok(()),
            |rows, header| {
                let mut part = Part::default();
                let mut fields = Vec::new();
                for input in rows {
                    let (id, case) = batch::row_case(header, input, &mut fields);
                    // Named only where the name is written (a changed or failed case).
                    let name = || match &id {
                        Some(id) => format!("{file} row {} ({id})", input.row),
                        None => format!("{file} row {}", input.row),
                    };
                    diff_one(
                        old,
                        new,
                        opts.format,
                        opts.all,
                        &name,
                        case.map_err(|e| e.to_string()),
                        &mut part,
                    );
                }
                part
            },
            |part| absorb(part, &mut out),
        )?;
    }
    let pairs: BTreeMap<(String, String, String), Vec<ParamChange>> = total
        .pairs
        .into_values()
        .map(|p| ((p.rule_set, p.old, p.new), p.changes))
        .collect();
    out.write_all(
        footer(
            opts.format,
            &total.summary,
            &pairs,
            &total.failures,
            started.elapsed().as_secs_f64(),
        )
        .as_bytes(),
    )
    .map_err(werr)?;
    out.flush().map_err(werr)?;
    Ok(total.failures.is_empty())
}
