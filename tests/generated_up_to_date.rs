//! The checked-in `generated/` copy must be exactly what the schema
//! generates: dependents compile it (the `codegen` feature is off by default).
#![allow(clippy::panic, reason = "a test reports failure by panicking")]

use std::path::Path;

#[test]
fn checked_in_copy_matches_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = match worker_versions_codegen::generate(&root.join("schema/openapi.json")) {
        Ok(generated) => generated,
        Err(diagnostics) => panic!(
            "the schema does not generate:\n{}",
            diagnostics.display_relative_to(root)
        ),
    };
    let path = root.join("generated/worker_versions.rs");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != generated.code {
        let first = checked_in
            .lines()
            .zip(generated.code.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || {
                    checked_in
                        .lines()
                        .count()
                        .min(generated.code.lines().count())
                        + 1
                },
                |i| i + 1,
            );
        panic!(
            "generated/worker_versions.rs is out of date with schema/openapi.json (first difference at line {first}).\n\
             Refresh it with:\n    cargo run -p worker-versions-codegen -- --write"
        );
    }
}
