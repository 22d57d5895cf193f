//! Cloudflare's published OpenAPI document for the seven operations
//! (`tests/fixtures/published/`, OpenAPI 3.0.3), read as it is.
//!
//! The generator takes it but for what no JSON satisfies: the three legacy
//! error bodies are an `allOf` of the success and the failure envelope,
//! which fix `success` to `true` and to `false`. With those three replaced
//! by the failure envelope, the `worker-versions-constructs` crate
//! generates it, compiles it and decodes the document's examples with it.

#![allow(
    clippy::panic,
    clippy::expect_used,
    reason = "a test reports a broken expectation by panicking"
)]

use std::path::Path;

fn published() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/published/worker-versions.openapi.json")
}

#[test]
fn only_the_contradictory_error_bodies_are_refused() {
    let diagnostics = match worker_versions_codegen::generate(&published()) {
        Ok(_) => panic!("the published document generated, contradictory bodies and all"),
        Err(diagnostics) => diagnostics.0,
    };
    let legacy = "/paths/~1accounts~1{account_id}~1workers~1scripts~1{script_name}~1versions";
    let schema = "content/application~1json/schema";
    let expected = [
        format!("{legacy}/get/responses/4XX/{schema}"),
        format!("{legacy}/post/responses/4XX/{schema}/anyOf/0"),
        format!("{legacy}~1{{version_id}}/get/responses/4XX/{schema}"),
    ];
    let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(pointers, expected, "{diagnostics:#?}");
    for diagnostic in &diagnostics {
        assert!(
            diagnostic.message.contains("`success` must be true")
                && diagnostic.message.contains("no JSON is both"),
            "{diagnostic:?}"
        );
        assert!(
            diagnostic.line > 0 && diagnostic.column > 0,
            "{diagnostic:?}"
        );
    }
}
