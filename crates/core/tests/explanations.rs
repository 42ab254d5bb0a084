//! Every fixture's explanation, in both languages, is complete: every text is in the catalogue
//! (none shown as `[missing text: …]` or with an unfilled `{placeholder?}`), every step's rule
//! is one its scheme declares and the rule set defines (so it has legal references), and
//! explaining a case gives the same result as computing it fast.

use std::path::{Path, PathBuf};

use beregner_core::render::{self, label};
use beregner_core::text::Lang;
use beregner_core::text::format::{Style, write};
use beregner_core::{Engine, Format, SourceText, engine::case};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn complete(text: &str) -> bool {
    !text.contains("[missing text") && !text.contains("?}")
}

#[test]
fn every_fixture_is_explained_in_both_languages_from_the_catalogue() {
    let engine = Engine::bundled().expect("bundled rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    paths.sort();
    let mut problems = Vec::new();
    let mut steps = 0;
    for path in &paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).expect("fixture");
        let c = case::parse(&SourceText::new(name.clone(), text), Format::Toml).expect("parses");
        let (version, fast) = engine.compute(&c).expect("computes");
        let (noted, notes) = engine
            .compute_noted(&c, version)
            .expect("computes with notes");
        let outcome = engine.calculate(c).expect("explains");
        if fast != outcome.result || noted != outcome.result {
            problems.push(format!(
                "{name}: the explained result differs from the fast one"
            ));
        }
        // Caseload output carries the same notes as the explanation, without its steps.
        if notes != outcome.notes {
            problems.push(format!(
                "{name}: notes without the explanation {notes:?} differ from {:?}",
                outcome.notes
            ));
        }
        let spec = outcome.case.scheme;
        for step in &outcome.trace {
            steps += 1;
            if !spec.rules.iter().any(|r| r.name == step.rule) {
                problems.push(format!("{name}: rule `{}` is not declared", step.rule));
            }
            if render::legal(step, outcome.version).is_empty() {
                problems.push(format!(
                    "{name}: rule `{}` has no legal reference",
                    step.rule
                ));
            }
            let (en, da) = (
                render::write_step(step, Lang::En),
                render::write_step(step, Lang::Da),
            );
            for (what, t) in [
                ("label", &en.label),
                ("label_da", &da.label),
                ("formula", &en.formula),
                ("formula_da", &da.formula),
            ] {
                if !complete(t) {
                    problems.push(format!("{name}: {what} `{t}`"));
                }
            }
            if label(step, Lang::En).is_empty() {
                problems.push(format!("{name}: step `{}` has no label", step.key));
            }
        }
        for lang in Lang::ALL {
            for n in render::notes(&outcome, lang) {
                if !complete(&n) {
                    problems.push(format!("{name}: note `{n}`"));
                }
            }
            for (field, v) in outcome.result.fields() {
                let t = write(&v, lang, Style::Prose);
                if !complete(&t) {
                    problems.push(format!("{name}: result {field} `{t}`"));
                }
            }
        }
        let (title, means) = render::title(spec.name, Lang::Da);
        if !complete(&title) || !complete(&means) {
            problems.push(format!("{name}: the scheme's Danish title"));
        }
    }
    assert!(steps > 1000, "{steps} steps explained");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `beregner diff` finds a changed case's first differing step by comparing the old side's full
/// explanation with the new side's steps recorded with values only (no formula trees): the two
/// recordings must give the same steps, with the same rules and values, for every fixture. (The
/// label is taken from the explanation: written from a values-only step it would lack the
/// formula's terms, e.g. "{low_rate?}" for "30 %".)
#[test]
fn a_values_only_recording_has_the_explanations_steps() {
    let engine = Engine::bundled().expect("bundled rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    paths.sort();
    let mut compared = 0;
    for path in &paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).expect("fixture");
        let c = case::parse(&SourceText::new(name.clone(), text), Format::Toml).expect("parses");
        let (Ok(values), Ok(outcome)) = (engine.steps(&c), engine.calculate(c.clone())) else {
            continue;
        };
        assert_eq!(values.len(), outcome.trace.len(), "{name}");
        for (v, t) in values.iter().zip(&outcome.trace) {
            assert_eq!(
                (v.scope, v.key, v.rule, &v.value),
                (t.scope, t.key, t.rule, &t.value),
                "{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 1000, "{compared} steps compared");
}

/// Every result of every scheme has a name for a reader in both languages (the printable
/// explanation, `calc --format html`, and the page show these, not the JSON field names).
#[test]
fn every_result_has_a_name_in_both_catalogues() {
    use beregner_core::text::catalogue::template;
    let mut missing = Vec::new();
    for spec in beregner_core::schemes::SCHEMES {
        for r in spec.results {
            let key = format!("result.{}", r.name);
            for lang in [Lang::En, Lang::Da] {
                if template(lang, spec.name, &key).is_none() {
                    missing.push(format!("{lang:?} {}.{key}", spec.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no name for: {missing:#?}");
}
