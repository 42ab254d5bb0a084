//! The module tree is a stack of layers (see the crate documentation in `src/lib.rs`): a module
//! may use its own layer and those below it, never one above. This test reads every source
//! file and checks each `crate::<module>` it names (outside comments and unit tests).

use std::path::{Path, PathBuf};

/// Lowest first. `values`, `source` and `text` are the foundation.
const LAYERS: [&str; 9] = [
    "values", "source", "text", "rules", "model", "schemes", "engine", "render", "tools",
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_uses_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    paths.sort();
    let mut checked = 0;
    let mut violations = Vec::new();
    for path in &paths {
        let relative = path.strip_prefix(&src).expect("under src");
        let Some(own) = relative
            .iter()
            .next()
            .and_then(|c| c.to_str())
            .and_then(|c| rank(c.trim_end_matches(".rs")))
        else {
            continue; // lib.rs sits above every layer
        };
        let text = std::fs::read_to_string(path).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            // Unit tests may drive a module from above (through the engine).
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::") {
                let module: String = code[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if let Some(used) = rank(&module) {
                    checked += 1;
                    if used > own {
                        violations.push(format!(
                            "{}:{}: `{}` uses `{module}`, a layer above it",
                            relative.display(),
                            n + 1,
                            LAYERS[own]
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 100,
        "the scan found the crate's paths ({checked})"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
