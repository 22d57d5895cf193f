//! The fuzz targets' checks, replayed deterministically on a small
//! checked-in corpus: what the fuzzer kept as most interesting
//! (`tests/fuzz-corpus/<target>/`), and every input that ever failed a
//! check (`tests/fuzz-regressions/<target>/`).
//!
//! The checks themselves live in `tests/fuzz_checks/mod.rs`, which the fuzz
//! targets in `fuzz/` import too. `.ci/fuzz` runs the real fuzzer, bounded.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests fail by panicking"
)]

mod fuzz_checks;

use std::path::{Path, PathBuf};
use std::sync::Once;

use fuzz_checks::{TARGETS, check};

/// The inputs in `dir`, sorted by name, or none if it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `target`'s checks on every input under `root/<target>/`, and fails
/// naming each input that fails.
fn replay(root: &str, target: &'static str) -> usize {
    static QUIET: Once = Once::new();
    // The panics are collected and reported together below; the default
    // hook would print each one as well.
    QUIET.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current()
                .name()
                .is_none_or(|n| !n.contains("replay"))
            {
                default(info);
            }
        }));
    });
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(root)
        .join(target);
    let files = inputs(&dir);
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // A named thread, so the hook above stays quiet for it.
        let result = std::thread::Builder::new()
            .name(format!("replay {target}/{name}"))
            .spawn(move || check(target, &data))
            .unwrap()
            .join();
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            // The message ends with the whole input; the file has it too.
            let short: String = message.chars().take(600).collect();
            let more = if short.len() < message.len() {
                "…"
            } else {
                ""
            };
            failures.push(format!("{root}/{target}/{name}:\n{short}{more}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs fail the `{target}` checks:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    files.len()
}

#[test]
fn every_operation_has_a_descriptor_in_the_checks() {
    let mut checked = fuzz_checks::descriptors().operation_ids();
    let mut all = fuzz_checks::operation_ids();
    checked.sort_unstable();
    all.sort_unstable();
    assert_eq!(checked, all);
    // Each operation is reachable with both a 2XX and a 4XX status.
    for slot in 0..fuzz_checks::OPERATION_SLOTS {
        for (status_index, class) in [(0, 200..300), (1, 400..500)] {
            let input = [fuzz_checks::selector(slot, status_index)];
            let (_, status, _) = fuzz_checks::select(&input).unwrap();
            assert!(class.contains(&status), "{status}");
        }
    }
}

#[test]
fn the_secret_finder_reads_members_as_json_means_them() {
    let body = br#"{"a": {"text" : "hunter2-secret"}, "te\u0078t": "escaped-name", "jwt": 5, "key_jwk": "short", "x": "text"}"#;
    let found: Vec<String> = fuzz_checks::find_secrets(body)
        .into_iter()
        .map(|s| format!("{}={}", s.member, s.value))
        .collect();
    assert_eq!(
        found,
        ["text=hunter2-secret", "text=escaped-name", "key_jwk=short"]
    );
    // Broken bodies count too.
    let found = fuzz_checks::find_secrets(br#"<html>{"jwt": "unterminated"#);
    assert_eq!(found[0].value, "unterminated");
}

#[test]
fn the_fixtures_pass_every_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let fixtures: Vec<Vec<u8>> = inputs(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(!fixtures.is_empty());
    for body in &fixtures {
        fuzz_checks::check_request_types(body);
        for slot in 0..u8::try_from(worker_versions::operations::ALL.len()).unwrap() {
            for status_index in [0, 1] {
                let mut input = vec![fuzz_checks::selector(slot, status_index)];
                input.extend_from_slice(body);
                fuzz_checks::check_decode(&input);
                fuzz_checks::check_parse_response(&input);
            }
        }
    }
}

#[test]
fn the_fuzz_corpus_passes_every_check() {
    let mut total = 0;
    for target in TARGETS {
        total += replay("tests/fuzz-corpus", target);
    }
    assert!(total > 0, "the checked-in corpus is empty");
}

#[test]
fn fuzz_findings_stay_fixed() {
    for target in TARGETS {
        replay("tests/fuzz-regressions", target);
    }
}
