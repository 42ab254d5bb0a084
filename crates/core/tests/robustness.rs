//! No input can crash or hang beregner. Every fixture's case is taken as a base, and every declared
//! input of its scheme is driven through and past its bounds (huge, tiny, negative, 28 digits,
//! dates at the ends of the calendar, words where numbers belong): each case must come back
//! computed or refused with a reason, never a panic or a hang, with and without its explanation.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beregner_core::rules::spec::InputKind;
use beregner_core::source::tree::{Kind, Node, parse_toml};
use beregner_core::{Engine, Format, SourceText, engine::case, render};
use serde_json::{Map, Value};

/// Texts past every bound a field may have.
const EXTREMES: [&str; 16] = [
    "0",
    "-1",
    "-0.01",
    "0.0000000000000000000000000001",
    "1000000000",
    "99999999999999999999999999999",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "7.9e25",
    "4294967296",
    "0001-01-01",
    "9999-12-31",
    "0001-01/9999-12: work 0",
    "2024-W01/9999-W52: 168",
    "",
    "not a value",
];

fn json(node: &Node) -> Value {
    match &node.kind {
        Kind::String(s) | Kind::Number(s) | Kind::Date(s) => Value::String(s.clone()),
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Array(items) => Value::Array(items.iter().map(json).collect()),
        Kind::Table(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), json(&e.value)))
                .collect::<Map<_, _>>(),
        ),
        Kind::Null => Value::Null,
    }
}

fn fixtures(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// How long one case may take before it counts as a hang (far beyond any real case, which
/// takes well under a millisecond).
const HANG: Duration = Duration::from_secs(20);

/// Ends the test run, naming the case, if one case runs longer than [`HANG`].
fn watchdog(current: Arc<Mutex<(u64, String)>>) {
    std::thread::spawn(move || {
        let mut last = (u64::MAX, Instant::now());
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let (n, case) = match current.lock() {
                Ok(c) => c.clone(),
                Err(_) => return,
            };
            if n != last.0 {
                last = (n, Instant::now());
            } else if last.1.elapsed() > HANG {
                eprintln!("a case ran for more than {HANG:?} (a hang): {case}");
                std::process::exit(1);
            }
        }
    });
}

#[test]
fn no_input_past_its_bounds_makes_beregner_panic_or_hang() {
    let current = Arc::new(Mutex::new((0u64, String::new())));
    watchdog(Arc::clone(&current));
    let engine = Engine::bundled().expect("bundled rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    paths.sort();
    assert!(paths.len() > 100, "the fixtures are found");
    let mut panics = Vec::new();
    let mut runs = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("fixture");
        let base = json(&parse_toml(&SourceText::new("f", text)).expect("fixture parses"));
        let Some(scheme) = base["scheme"]
            .as_str()
            .and_then(beregner_core::schemes::find)
        else {
            continue;
        };
        for input in scheme.inputs {
            for extreme in EXTREMES {
                // The boolean form too, for flags.
                let values: &[Value] = if input.kind == InputKind::Flag {
                    &[Value::Bool(true), Value::String(extreme.into())]
                } else {
                    &[Value::String(extreme.into())]
                };
                for v in values {
                    let mut case = base.clone();
                    case["input"][input.name] = v.clone();
                    case.as_object_mut().map(|c| c.remove("expected"));
                    let text = case.to_string();
                    runs += 1;
                    if let Ok(mut c) = current.lock() {
                        *c = (runs, text.clone());
                    }
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        let Ok(c) =
                            case::parse(&SourceText::new("case", text.as_str()), Format::Json)
                        else {
                            return;
                        };
                        let _ = engine.compute(&c);
                        if let Ok(o) = engine.calculate(c) {
                            let _ = render::to_json(&o);
                            let _ = render::to_text(&o);
                        }
                    }));
                    if outcome.is_err() {
                        panics.push(format!(
                            "{}: input.{} = {v}",
                            path.strip_prefix(&root).unwrap_or(path).display(),
                            input.name
                        ));
                    }
                }
            }
        }
    }
    assert!(runs > 1000, "{runs} cases run");
    assert!(
        panics.is_empty(),
        "{} of {runs} cases panicked:\n{}",
        panics.len(),
        panics.join("\n")
    );
}
