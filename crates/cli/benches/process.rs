//! Whole-process speed: `beregner calc` on one case file, as a caseworker runs it (process start,
//! loading and validating the bundled rule sets, parsing, computing, printing).

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::process::Command;

fn process(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let case = root.join("fixtures/fleksjob/star-2024-monthly-15600.toml");
    for format in ["text", "json"] {
        c.bench_function(&format!("beregner_calc_one_case_{format}"), |b| {
            b.iter(|| {
                let out = Command::new(env!("CARGO_BIN_EXE_beregner"))
                    .arg("calc")
                    .arg(&case)
                    .args(["--format", format])
                    .output()
                    .expect("run beregner");
                assert!(out.status.success());
                out
            })
        });
    }
}

criterion_group!(name = cli; config = Criterion::default().sample_size(50); targets = process);
criterion_main!(cli);
