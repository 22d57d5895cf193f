//! Snapshot tests of the diagnostics, one malformed or unsupported schema
//! per case.
//!
//! Every file under `tests/diagnostics/` is a small document that would
//! generate but for the one problem its name describes: `*.json` files are
//! valid JSON that breaks a rule of the supported subset (see README.md,
//! "Schema conventions"), `*.txt` files are not JSON at all. Each must be
//! refused with diagnostics — never with a panic — and the rendered
//! diagnostics are compared with `tests/snapshots/diagnostics__<stem>.snap`.
//!
//! A new case is picked up automatically. To accept new or changed output
//! (`cargo insta` is not needed):
//!
//! ```text
//! INSTA_UPDATE=always cargo test -p worker-versions-codegen --test diagnostics
//! ```
//!
//! then read each `.snap` as the user who made the mistake would: does the
//! position point at the offending node, does the message say what was
//! expected, does the hint say how to fix it?

#![allow(
    clippy::panic,
    reason = "a test reports a broken fixture or a failed expectation by panicking"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use worker_versions_codegen::Diagnostics;
use worker_versions_codegen::load::position;

/// The folder holding one schema per diagnostic.
fn diagnostics_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

/// Every case, sorted by file name so that the run order (and the first
/// failure reported) does not depend on the file system.
fn case_files() -> Vec<PathBuf> {
    let dir = diagnostics_dir();
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path()
        })
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "json" || ext == "txt")
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "expected at least 30 diagnostic cases in {}, found {}",
        dir.display(),
        files.len()
    );
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_else(|| panic!("expected a UTF-8 file name, found {}", path.display()))
        .to_owned()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_else(|| panic!("expected a UTF-8 file name, found {}", path.display()))
        .to_owned()
}

/// The path a case is reported under: short and stable, so that messages
/// and snapshots do not depend on where the repository is checked out.
fn display_path(path: &Path) -> PathBuf {
    Path::new("diagnostics").join(file_name(path))
}

/// Runs the generator on one case and returns its diagnostics. Panics (in
/// the test, not the generator) if the case generates.
fn diagnose(path: &Path) -> (String, Diagnostics) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let shown = display_path(path);
    match worker_versions_codegen::generate_from_str(&shown, &text) {
        Ok(_) => panic!(
            "expected `{}` to be refused with a diagnostic, but it generated",
            shown.display()
        ),
        Err(diagnostics) => (text, diagnostics),
    }
}

/// Every diagnostic is complete: it names the file, a real position, a
/// pointer into the document, what was expected and how to fix it.
fn check_shape(path: &Path, text: &str, diagnostics: &Diagnostics) {
    let name = file_name(path);
    let shown = display_path(path);
    assert!(
        !diagnostics.0.is_empty(),
        "`{name}`: expected at least one diagnostic in the `Err`"
    );
    let is_json = path.extension().is_some_and(|ext| ext == "json");
    let root: Option<Value> = serde_json::from_str(text).ok();
    assert_eq!(
        is_json,
        root.is_some(),
        "`{name}`: `.json` cases must be valid JSON and `.txt` cases must not be"
    );
    let lines: Vec<&str> = text.lines().collect();
    for d in &diagnostics.0 {
        let at = format!("`{name}` ({}, `{}`)", d.message, d.pointer);
        assert_eq!(d.file, shown, "{at}: names the wrong file");
        assert!(
            d.line >= 1,
            "{at}: expected a 1-based line, found {}",
            d.line
        );
        assert!(
            d.column >= 1,
            "{at}: expected a 1-based column, found {}",
            d.column
        );
        assert!(
            d.line <= lines.len().max(1),
            "{at}: line {} is past the end of the file ({} lines)",
            d.line,
            lines.len()
        );
        let width = lines.get(d.line - 1).map_or(0, |l| l.chars().count());
        assert!(
            d.column <= width + 1,
            "{at}: column {} is past the end of line {} ({width} characters)",
            d.column,
            d.line
        );
        assert!(!d.message.trim().is_empty(), "{at}: the message is empty");
        assert!(!d.hint.trim().is_empty(), "{at}: the hint is empty");
        assert!(
            d.pointer.is_empty() || d.pointer.starts_with('/'),
            "{at}: `{}` is not a JSON pointer",
            d.pointer
        );
        match &root {
            // A diagnostic about a valid document points at a node that
            // exists, and its position is where that node starts.
            Some(root) => {
                assert!(
                    root.pointer(&d.pointer).is_some(),
                    "{at}: the pointer `{}` does not resolve in the document",
                    d.pointer
                );
                // A repeated member name is located at the repeat, which
                // a pointer cannot tell apart from the first occurrence.
                let duplicate = d.message.starts_with("expected each member name once");
                if !duplicate {
                    assert_eq!(
                        (d.line, d.column),
                        position::locate(text, &d.pointer),
                        "{at}: the position is not where the pointer's node starts"
                    );
                }
            }
            // A syntax error points at the innermost node still open at the
            // error: it starts at or before the error.
            None => {
                let start = position::locate(text, &d.pointer);
                assert!(
                    start <= (d.line, d.column),
                    "{at}: the enclosing node `{}` starts at {start:?}, after the error at {}:{}",
                    d.pointer,
                    d.line,
                    d.column
                );
            }
        }
    }
}

/// Checks one case and compares its rendered diagnostics with the snapshot.
fn check_case(path: &Path) {
    let (text, diagnostics) = diagnose(path);
    check_shape(path, &text, &diagnostics);
    let name = stem(path);
    let rendered = diagnostics.display_relative_to(Path::new("")).to_string();
    insta::with_settings!({
        snapshot_path => "snapshots",
        omit_expression => true,
        input_file => path,
        description => format!("Diagnostics for tests/diagnostics/{}", file_name(path)),
    }, {
        insta::assert_snapshot!(name, rendered);
    });
}

/// Each case is refused with well-formed diagnostics that match the
/// snapshot, and no case makes the generator panic.
///
/// Every case is checked even when an earlier one fails, so one run (in
/// particular with `INSTA_UPDATE=always`) shows or refreshes them all. A
/// panic inside the generator and a failed expectation are told apart: the
/// generator runs under its own `catch_unwind` first.
#[test]
fn diagnostics_match_their_snapshots() {
    let files = case_files();
    let mut panics = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = stem(path);
        let Ok(text) = std::fs::read_to_string(path) else {
            failures.push(name);
            continue;
        };
        let shown = display_path(path);
        if std::panic::catch_unwind(|| worker_versions_codegen::generate_from_str(&shown, &text))
            .is_err()
        {
            panics.push(name);
            continue;
        }
        if std::panic::catch_unwind(|| check_case(path)).is_err() {
            failures.push(name);
        }
    }
    assert!(
        panics.is_empty(),
        "the generator panicked on {} of {} case(s) (see the messages above): {}",
        panics.len(),
        files.len(),
        panics.join(", ")
    );
    eprintln!("zero panics across the corpus of {} cases", files.len());
    assert!(
        failures.is_empty(),
        "{} case(s) failed (see the messages above): {}",
        failures.len(),
        failures.join(", ")
    );
}

/// A snapshot written by this test whose case was deleted or renamed would
/// otherwise linger unnoticed.
#[test]
fn every_diagnostic_snapshot_has_a_case() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&snapshots) else {
        return;
    };
    let cases: Vec<String> = case_files().iter().map(|p| stem(p)).collect();
    let mut orphans = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(case) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("diagnostics__"))
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        if !cases.iter().any(|c| c == case) {
            orphans.push(path.display().to_string());
        }
    }
    assert!(
        orphans.is_empty(),
        "these snapshots have no case under tests/diagnostics/; delete them: {orphans:?}"
    );
}

// ----- the build-script path -----

/// Set in the environment of the child process that plays the build script.
const CHILD: &str = "WORKER_VERSIONS_CODEGEN_DIAGNOSTICS_CHILD";

/// The case the build-script test feeds to [`worker_versions_codegen::Builder`].
fn build_script_case() -> PathBuf {
    diagnostics_dir().join("05-dangling-ref.json")
}

/// Not a test of its own: the body of the child process that
/// [`a_bad_schema_is_a_cargo_error_in_a_build_script`] starts with `OUT_DIR`
/// set, because `Builder` reads the output folder only from the
/// environment and this crate forbids the `unsafe` `std::env::set_var`.
#[test]
fn build_script_child() {
    let Some(mode) = std::env::var_os(CHILD) else {
        return;
    };
    let builder = worker_versions_codegen::Builder::new(build_script_case());
    if mode == "try" {
        match builder.try_run_in_build_script() {
            Ok(out) => panic!("expected a diagnostic, but {} was written", out.display()),
            Err(message) => println!("RESULT-ERR\n{message}"),
        }
    } else {
        // Prints the diagnostics as `cargo::error=` lines and exits with 1.
        builder.run_in_build_script();
        panic!("expected `run_in_build_script` to exit on a bad schema");
    }
}

/// Runs [`build_script_child`] in a fresh process with `OUT_DIR` set.
fn run_child(mode: &str, out_dir: &Path) -> std::process::Output {
    let exe =
        std::env::current_exe().unwrap_or_else(|e| panic!("cannot find the test binary: {e}"));
    Command::new(exe)
        .args([
            "build_script_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, mode)
        .env("OUT_DIR", out_dir)
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|e| panic!("cannot run the test binary: {e}"))
}

/// The `build.rs` path reports a bad schema as cargo errors: the rendered
/// diagnostics from `try_run_in_build_script`, and `cargo::error=` lines
/// with exit status 1 (not a panic) from `run_in_build_script`.
#[test]
fn a_bad_schema_is_a_cargo_error_in_a_build_script() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagnostics-build-script");
    std::fs::create_dir_all(&out_dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", out_dir.display()));
    let expected = "error: expected `#/components/schemas/Owner` to exist";
    // The file is shown relative to the package root, as cargo users see it.
    let location = "  --> tests/diagnostics/05-dangling-ref.json:";

    let tried = run_child("try", &out_dir);
    let stdout = String::from_utf8_lossy(&tried.stdout);
    let stderr = String::from_utf8_lossy(&tried.stderr);
    assert!(
        tried.status.success(),
        "the `try` child failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("cargo::rerun-if-changed=") && stdout.contains("RESULT-ERR"),
        "expected `try_run_in_build_script` to return the diagnostics:\n{stdout}"
    );
    assert!(
        stdout.contains(expected),
        "missing the diagnostic:\n{stdout}"
    );
    assert!(
        stdout.contains(location),
        "missing a relative location:\n{stdout}"
    );

    let run = run_child("run", &out_dir);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !stderr.contains("panicked") && !stdout.contains("panicked"),
        "`run_in_build_script` panicked:\n{stdout}\n{stderr}"
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "expected `run_in_build_script` to exit with status 1:\n{stdout}\n{stderr}"
    );
    let errors: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("cargo::error="))
        .collect();
    assert!(
        errors
            .iter()
            .any(|l| format!("error: {l}").contains(expected) || l.contains(expected)),
        "expected the diagnostic as `cargo::error=` lines:\n{stdout}"
    );
    assert!(
        errors.iter().any(|l| l.starts_with(location)),
        "expected the location as a `cargo::error=` line:\n{stdout}"
    );
    assert!(
        !out_dir.join("worker_versions.rs").exists(),
        "no output should be written for a bad schema"
    );
}
