//! Replays every committed fuzz input (`fuzz/corpus/<target>/*` and the crashes the fuzzer once
//! found, `fuzz/regressions/<target>/*`) through the same invariant checks the cargo-fuzz
//! targets run, so a plain `cargo test` guards them without a fuzzer or a nightly flag.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// Runs `check` on every file, and names every file that fails instead of stopping at the first.
fn replay(check: fn(&[u8]), files: &[PathBuf]) -> Vec<String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let failures = files
        .iter()
        .filter_map(|path| {
            let data = std::fs::read(path).unwrap();
            std::panic::catch_unwind(|| check(&data)).err().map(|panic| {
                let why = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                format!("{}: {}", path.display(), why.unwrap_or_default())
            })
        })
        .collect();
    std::panic::set_hook(hook);
    failures
}

#[test]
fn every_target_has_a_fuzz_target_file_and_a_committed_corpus() {
    for (name, _) in checks::TARGETS {
        assert!(fuzz_dir().join("fuzz_targets").join(format!("{name}.rs")).is_file(), "fuzz_targets/{name}.rs");
        assert!(!files(&fuzz_dir().join("corpus").join(name)).is_empty(), "corpus/{name} is empty or missing");
    }
    // And no corpus or regression directory without a target (a renamed target would leave its
    // files unreplayed).
    for dir in ["corpus", "regressions"] {
        for entry in std::fs::read_dir(fuzz_dir().join(dir)).into_iter().flatten() {
            let name = entry.unwrap().file_name();
            assert!(checks::TARGETS.iter().any(|(t, _)| name == *t), "{dir}/{name:?} belongs to no target");
        }
    }
}

#[test]
fn committed_corpus_and_regressions_hold_every_invariant() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, check) in checks::TARGETS {
        for dir in ["corpus", "regressions"] {
            let files = files(&fuzz_dir().join(dir).join(name));
            count += files.len();
            failures.extend(replay(*check, &files));
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{} of {count} inputs fail:\n{}", failures.len(), failures.join("\n"));
}
