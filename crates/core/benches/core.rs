//! Core speed: loading and validating every bundled rule set, parsing a case file, and one
//! fleksløntilskud calculation with its full trace (and its JSON line).

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

criterion_group!(core, benches);
criterion_main!(core);
