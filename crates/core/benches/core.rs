//! Core speed: loading and validating every bundled rule set, parsing a case file, one
//! fleksløntilskud calculation with its full trace (and its JSON line), and each scheme's
//! compute over 1,000 cases of its generated caseload (`scheme_compute/<scheme>`).

use beregner_core::engine::case::{self, Case, Format};
use beregner_core::schemes::fleksloentilskud::Input;
use beregner_core::{Engine, SourceText, render as report};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;

const CASE: &str = r#"scheme = "fleksloentilskud"
month = "2024-03"
[input]
wage = "15600.00"
full_time_wage = "32067.00"
"#;

fn benches(c: &mut Criterion) {
    let files = beregner_core::rules::bundled_files();
    c.bench_function("load_and_validate_bundled_rules", |b| {
        b.iter(|| Engine::from_files(black_box(&files)).expect("valid"))
    });

    c.bench_function("parse_case_toml", |b| {
        let src = SourceText::new("case.toml", CASE);
        b.iter(|| case::parse(black_box(&src), Format::Toml).expect("valid"))
    });

    let engine = Engine::bundled().expect("bundled rules load");
    let month = "2024-03".parse().expect("month");
    let input = Input::monthly(Decimal::new(1_560_000, 2), Some(Decimal::new(3_206_700, 2)));
    let case = Case::fleksloentilskud("bench", month, input.clone());
    c.bench_function("fleksloentilskud_compute", |b| {
        b.iter(|| engine.compute(black_box(&case)).expect("computes").1)
    });
    c.bench_function("fleksloentilskud_calculate_with_trace", |b| {
        b.iter(|| {
            let case = Case::fleksloentilskud("bench", month, black_box(input.clone()));
            engine.calculate(case).expect("computes")
        })
    });
    c.bench_function("fleksloentilskud_calculate_and_json", |b| {
        b.iter(|| {
            let case = Case::fleksloentilskud("bench", month, black_box(input.clone()));
            report::to_json(&engine.calculate(case).expect("computes"))
        })
    });
}

/// Each scheme's fast path (no explanation) over 1,000 generated cases of realistic histories
/// (`beregner generate`'s caseloads), read once outside the measurement; rows the rule sets
/// refuse are left out.
fn scheme_benches(c: &mut Criterion) {
    use beregner_core::tools::batch::{Header, case_from_csv};
    let engine = Engine::bundled().expect("bundled rules load");
    let months = (
        "2013-01".parse().expect("month"),
        "2026-12".parse().expect("month"),
    );
    let mut group = c.benchmark_group("scheme_compute");
    for spec in beregner_core::schemes::SCHEMES {
        let mut csv = Vec::new();
        beregner_core::tools::caseload::generate(spec, 1000, 7, months, &mut csv)
            .expect("a generator for every scheme");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&csv[..]);
        let mut records = reader.records().map(|r| r.expect("generated CSV"));
        let names = records.next().expect("a header");
        let header = Header::new(&names.iter().collect::<Vec<_>>(), true).expect("header");
        let cases: Vec<Case> = records
            .filter_map(|r| case_from_csv(&header, &r.iter().collect::<Vec<_>>(), "").ok())
            .filter(|c| engine.compute(c).is_ok())
            .collect();
        assert!(cases.len() > 800, "{}: {} cases", spec.name, cases.len());
        group.bench_function(spec.name, |b| {
            b.iter(|| {
                for case in &cases {
                    black_box(engine.compute(black_box(case)).map(|r| r.1).ok());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(core, benches, scheme_benches);
criterion_main!(core);
