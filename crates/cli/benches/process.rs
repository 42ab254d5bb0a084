//! Whole-process speed: `beregner calc` on one case file, as a caseworker runs it (process start,
//! decoding the bundled rule book, parsing, computing, printing), against the process floor
//! (`beregner --version`); `beregner batch` over a generated caseload (the whole pipeline:
//! reading, parsing, computing, formatting, writing); and decoding the bundled rule book.

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

fn floor(c: &mut Criterion) {
    c.bench_function("beregner_version", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_beregner"))
                .arg("--version")
                .output()
                .expect("run beregner");
            assert!(out.status.success());
            out
        })
    });
}

fn rule_book(c: &mut Criterion) {
    // What a process pays: the book, then the one rule set it computes with.
    c.bench_function("bundled_rule_book_one_set", |b| {
        b.iter(|| {
            let book = beregner_bundled::rule_book().expect("bundled rule book");
            assert!(!book.versions("fleksloentilskud").is_empty());
            book
        })
    });
    // Every rule set (what `beregner rules` pays).
    c.bench_function("bundled_rule_book_every_set", |b| {
        b.iter(|| {
            let book = beregner_bundled::rule_book().expect("bundled rule book");
            assert!(book.all().count() > 50);
            book
        })
    });
}

/// `beregner batch` on 100,000 generated fleksløntilskud rows, 2 threads, CSV to CSV.
fn batch(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("cases.csv");
    let output = dir.path().join("out.csv");
    let made = Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args([
            "generate",
            "fleksloentilskud",
            "--rows",
            "100000",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&input)
        .status()
        .expect("run beregner generate");
    assert!(made.success());
    c.bench_function("beregner_batch_100k_fleksloentilskud_2_threads", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_beregner"))
                .arg("batch")
                .arg(&input)
                .arg("--out")
                .arg(&output)
                .args(["--threads", "2"])
                .output()
                .expect("run beregner batch");
            assert!(out.status.success());
            out
        })
    });
}

criterion_group!(name = whole; config = Criterion::default().sample_size(10); targets = batch);
criterion_group!(name = startup; config = Criterion::default().sample_size(50); targets = floor, rule_book);
criterion_group!(name = cli; config = Criterion::default().sample_size(50); targets = process);
criterion_main!(cli, startup, whole);
