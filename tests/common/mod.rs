//! What the end-to-end tests share: the repository root and running the built `beregner` in it.
//! Each test file uses a part of this, so what one does not use is not a warning there.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the tests live in `tests/`, built from `crates/cli`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `beregner` with `args` in the repository root and waits for it.
pub fn beregner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beregner"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run beregner")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}
