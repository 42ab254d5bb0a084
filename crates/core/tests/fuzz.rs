//! A fuzz suite on stable Rust: inputs mutated from the fixtures and the bundled rule sets, fed
//! to every reading and computing entry point. Each must return a result or a clean refusal —
//! never a panic and never a hang. Deterministic (SplitMix64 from fixed seeds), so a finding
//! reproduces from its seed.
//!
//! CI runs a bounded slice; the long run is one command:
//!
//! ```sh
//! FUZZ_CASES=100000 cargo test --release -p beregner-core --test fuzz -- --nocapture
//! ```
//!
//! `FUZZ_CASES` is the number of inputs per target (default 1,500).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use beregner_core::rules::{self, RuleFile, overlay};
use beregner_core::tools::caseload::SplitMix64;
use beregner_core::{Engine, Format, SourceText, engine::case, render};

fn cases_per_target() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_500)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("bundled rules load"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn fixtures() -> Vec<String> {
    let mut paths = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
        "toml",
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixture"))
        .collect()
}

/// Tokens that break parsers and bounds: numbers past every bound, Danish and exponent forms,
/// dates at the calendar's ends, histories over millennia, quotes, brackets, control characters.
const TOKENS: [&str; 28] = [
    "0",
    "-1",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "7.9e25",
    "15.600",
    "1.234,56",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "0001-01/9999-12: work 0",
    "2024-W01/9999-W52: 168",
    "0001-01-01/9999-12-31: 8",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    ",",
    ";",
    ":",
    "\n",
    "\u{0}",
    "true",
    "nan",
    "",
];

/// One random edit of `text`: a token replacing a quoted value or inserted at a random place, a
/// byte range deleted, or a line duplicated.
fn mutate(text: &str, rng: &mut SplitMix64) -> String {
    let len = text.len() as u64;
    let at = |rng: &mut SplitMix64| {
        let mut i = rng.between(0, len.max(1) - 1) as usize;
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i.min(text.len())
    };
    let token = TOKENS[rng.between(0, TOKENS.len() as u64 - 1) as usize];
    match rng.between(0, 3) {
        // Replace the value of a random `key = "value"`.
        0 => {
            let quotes: Vec<usize> = text.match_indices("= \"").map(|(i, _)| i + 3).collect();
            match quotes.get(rng.between(0, quotes.len().max(1) as u64 - 1) as usize) {
                Some(&start) => match text[start..].find('"') {
                    Some(end) => format!("{}{token}{}", &text[..start], &text[start + end..]),
                    None => text.to_string(),
                },
                None => text.to_string(),
            }
        }
        1 => {
            let i = at(rng);
            format!("{}{token}{}", &text[..i], &text[i..])
        }
        2 => {
            let (a, b) = (at(rng), at(rng));
            let (a, b) = (a.min(b), a.max(b));
            format!("{}{}", &text[..a], &text[b..])
        }
        _ => {
            let lines: Vec<&str> = text.lines().collect();
            let k = rng.between(0, lines.len().max(1) as u64 - 1) as usize;
            let mut out: Vec<&str> = lines.clone();
            if let Some(line) = lines.get(k) {
                out.insert(k, line);
            }
            out.join("\n")
        }
    }
}

/// Runs `inputs` through `run`, each under a watchdog; returns the inputs that panicked.
fn drive(name: &str, inputs: impl Iterator<Item = String>, run: impl Fn(&str)) -> Vec<String> {
    let current: Arc<Mutex<(u64, String)>> = Arc::new(Mutex::new((0, String::new())));
    let watched = Arc::clone(&current);
    let label = name.to_string();
    std::thread::spawn(move || {
        let mut last = (u64::MAX, Instant::now());
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let Ok(c) = watched.lock().map(|c| c.clone()) else {
                return;
            };
            if c.0 == u64::MAX {
                return;
            }
            if c.0 != last.0 {
                last = (c.0, Instant::now());
            } else if last.1.elapsed() > Duration::from_secs(20) {
                eprintln!(
                    "{label}: an input ran for more than 20 s (a hang):\n{}",
                    c.1
                );
                std::process::exit(1);
            }
        }
    });
    let mut panics = Vec::new();
    let mut n = 0u64;
    for input in inputs {
        n += 1;
        if let Ok(mut c) = current.lock() {
            *c = (n, input.clone());
        }
        if catch_unwind(AssertUnwindSafe(|| run(&input))).is_err() {
            panics.push(input);
        }
    }
    if let Ok(mut c) = current.lock() {
        c.0 = u64::MAX;
    }
    eprintln!("{name}: {n} inputs, {} panics", panics.len());
    panics
}

fn report(panics: Vec<String>) {
    assert!(
        panics.is_empty(),
        "{} inputs panicked; the first:\n{}",
        panics.len(),
        panics
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n---\n")
    );
}

/// A case file in TOML or JSON: parsed, computed fast, explained, written as JSON and text.
fn calculate(text: &str) {
    let format = Format::guess("case", text);
    if let Ok(c) = case::parse(&SourceText::new("case", text), format) {
        let _ = engine().compute(&c);
        if let Ok(o) = engine().calculate(c) {
            let _ = render::to_json(&o);
            let _ = render::to_text(&o);
        }
    }
}

#[test]
fn mutated_case_files_never_panic_or_hang() {
    let seeds = fixtures();
    let mut rng = SplitMix64::new(16);
    let n = cases_per_target();
    let inputs = (0..n).map(|_| {
        let base = &seeds[rng.between(0, seeds.len() as u64 - 1) as usize];
        let edits = rng.between(1, 4);
        (0..edits).fold(base.clone(), |t, _| mutate(&t, &mut rng))
    });
    report(drive("case files", inputs, calculate));
}

#[test]
fn mutated_rule_sets_never_panic_or_hang() {
    let bundled = rules::bundled_files();
    let mut rng = SplitMix64::new(17);
    // Rule-set loading is slower than a case: a tenth as many inputs.
    let n = (cases_per_target() / 10).max(50);
    let seeds = fixtures();
    let inputs = (0..n).map(|_| {
        let k = rng.between(0, bundled.len() as u64 - 1) as usize;
        let text = String::from_utf8_lossy(&bundled[k].bytes).into_owned();
        let edits = rng.between(1, 3);
        let mutated = (0..edits).fold(text, |t, _| mutate(&t, &mut rng));
        format!("{k}\u{1}{mutated}")
    });
    report(drive("rule sets", inputs, |input| {
        let Some((k, text)) = input.split_once('\u{1}') else {
            return;
        };
        let Ok(k) = k.parse::<usize>() else { return };
        let mut files = bundled.clone();
        files[k] = RuleFile {
            name: files[k].name.clone(),
            bytes: text.as_bytes().to_vec().into(),
        };
        // A rule book that loads must compute every fixture without panicking.
        if let Ok(e) = Engine::from_files(&files) {
            for seed in &seeds {
                if let Ok(c) = case::parse(&SourceText::new("case", seed.as_str()), Format::Toml) {
                    let _ = e.compute(&c);
                    if let Ok(o) = e.calculate(c) {
                        let _ = render::to_json(&o);
                    }
                }
            }
        }
    }));
}

#[test]
fn random_overlays_never_panic_or_hang() {
    let mut rng = SplitMix64::new(18);
    let specs = beregner_core::schemes::SCHEMES;
    let seeds = fixtures();
    let n = (cases_per_target() / 10).max(50);
    let values = [
        "0", "1", "100", "-1", "0.5", "99999999", "2/3", "true", "\"x\"", "1e3",
    ];
    let inputs = (0..n).map(|_| {
        let spec = specs[rng.between(0, specs.len() as u64 - 1) as usize];
        let target = if rng.between(0, 3) == 0 && !spec.roundings.is_empty() {
            let r = &spec.roundings[rng.between(0, spec.roundings.len() as u64 - 1) as usize];
            format!(
                "rounding = \"{}\"\nscale = {}\nmode = \"{}\"",
                r.name,
                rng.between(0, 8),
                ["half_up", "down", "up", "sideways"][rng.between(0, 3) as usize]
            )
        } else {
            let p = &spec.parameters[rng.between(0, spec.parameters.len() as u64 - 1) as usize];
            format!(
                "parameter = \"{}\"\nvalue = {}",
                p.name,
                values[rng.between(0, values.len() as u64 - 1) as usize]
            )
        };
        let from = 2010 + rng.between(0, 20);
        let until = from + rng.between(0, 3);
        let text = format!(
            "title = \"fuzz\"\n[[change]]\nrule_set = \"{}\"\n{target}\nfrom = {from}-01-01\nuntil = {until}-12-31\n",
            spec.name
        );
        if rng.between(0, 4) == 0 {
            mutate(&text, &mut rng)
        } else {
            text
        }
    });
    report(drive("overlays", inputs, |text| {
        let Ok(o) = overlay::parse(&SourceText::new("overlay.toml", text), specs) else {
            return;
        };
        if let Ok(e) = engine().with_overlay(&o) {
            for seed in &seeds {
                if let Ok(c) = case::parse(&SourceText::new("case", seed.as_str()), Format::Toml) {
                    let _ = e.compute(&c);
                    if let Ok(out) = e.calculate(c) {
                        let _ = render::to_json(&out);
                    }
                }
            }
        }
    }));
}
