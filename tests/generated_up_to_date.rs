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
    let differences = generated.differences(&root.join("generated"));
    assert!(
        differences.is_empty(),
        "generated/ is out of date with schema/openapi.json:\n  {}\n\
         Refresh it with:\n    cargo run -p worker-versions-codegen -- --write",
        differences.join("\n  ")
    );
}
