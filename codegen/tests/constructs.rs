//! Snapshot tests of the generated code, one small schema per construct.
//!
//! Every `*.json` file under `tests/constructs/` is a complete OpenAPI 3.1
//! document that exercises one construct of the supported subset (a nullable
//! member, a discriminated union, a multipart body…). Each is generated on
//! its own and the output is compared with `tests/snapshots/<file stem>.snap`.
//!
//! A new schema file is picked up automatically. To accept new or changed
//! output (`cargo insta` is not needed):
//!
//! ```text
//! INSTA_UPDATE=always cargo test -p worker-versions-codegen --test constructs
//! ```
//!
//! then read the `.snap` diff as you would read a code review.
//!
//! The `worker-versions-constructs` crate (`codegen/compiled/`) generates
//! the same schemas in its build script and compiles the output against
//! the runtime, lints included, so a construct whose output `rustc` or
//! clippy rejects fails `cargo test --workspace`.

#![allow(
    clippy::panic,
    reason = "a test reports a broken fixture or a failed expectation by panicking"
)]

use std::path::{Path, PathBuf};

/// The folder holding one schema per construct.
fn constructs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs")
}

/// Every construct schema, sorted by file name so that the run order (and
/// the first failure reported) does not depend on the file system.
fn construct_files() -> Vec<PathBuf> {
    let dir = constructs_dir();
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "expected at least one construct schema in {}",
        dir.display()
    );
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_else(|| panic!("expected a UTF-8 file name, found {}", path.display()))
        .to_owned()
}

/// Generates one construct and compares it with its snapshot.
fn check_construct(path: &Path) {
    let name = stem(path);
    let file_name = path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // The path only names the schema in diagnostics; keep it short and
    // stable so that messages (and any snapshot of them) do not depend on
    // where the repository is checked out.
    let display_path = Path::new("constructs").join(file_name);
    let code = match worker_versions_codegen::generate_from_str(&display_path, &text) {
        Ok(generated) => generated.concatenated(),
        Err(diagnostics) => panic!(
            "the construct schema `{}` does not generate:\n{diagnostics}",
            display_path.display()
        ),
    };

    // The emitter already round-trips its output through `syn` before
    // printing it, so a successful generation is syntactically valid Rust;
    // `codegen/compiled` type-checks it.
    assert!(!code.trim().is_empty(), "`{name}` generated an empty file");
    for file in code.split("// ---- ").skip(1) {
        let (path, text) = file.split_once(" ----\n").unwrap_or_default();
        assert!(
            text.starts_with(worker_versions_codegen::emit::BANNER),
            "`{name}`: {path} does not start with the `// @generated` banner"
        );
    }

    insta::with_settings!({
        snapshot_path => "snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        input_file => path,
        description => format!("Generated from tests/constructs/{file_name}"),
    }, {
        insta::assert_snapshot!(name, code);
    });
}

/// Each construct generates, and its output matches the snapshot.
///
/// Every construct is checked even when an earlier one fails, so one run
/// (in particular with `INSTA_UPDATE=always`) shows or refreshes them all.
#[test]
fn constructs_match_their_snapshots() {
    let mut failures = Vec::new();
    for path in construct_files() {
        let name = stem(&path);
        if std::panic::catch_unwind(|| check_construct(&path)).is_err() {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "{} construct(s) failed (see the messages above): {}",
        failures.len(),
        failures.join(", ")
    );
}

/// A snapshot written by this test whose schema was deleted or renamed
/// would otherwise linger unnoticed.
#[test]
fn every_construct_snapshot_has_a_schema() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&snapshots) else {
        return;
    };
    let schemas: Vec<String> = construct_files().iter().map(|p| stem(p)).collect();
    let mut orphans = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "snap") {
            continue;
        }
        // Only snapshots this file wrote: insta records the test source in
        // the header, and other test files may share the folder.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let ours = text
            .lines()
            .skip(1)
            .take_while(|line| *line != "---")
            .any(|line| line.starts_with("source:") && line.ends_with("tests/constructs.rs"));
        if ours && !schemas.contains(&stem(&path)) {
            orphans.push(path.display().to_string());
        }
    }
    assert!(
        orphans.is_empty(),
        "these snapshots have no schema under tests/constructs/; delete them: {orphans:?}"
    );
}
