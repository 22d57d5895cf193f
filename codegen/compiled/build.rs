//! Generates every construct schema of `../tests/constructs/` into
//! `OUT_DIR/<construct>/`, and `OUT_DIR/constructs.rs`, which makes each a
//! module of this crate. A construct that does not generate, or whose
//! output does not compile, fails the build.
//!
//! It does the same for Cloudflare's published document of the seven
//! operations (`tests/fixtures/published/`), as the module `published`,
//! with one change: the three legacy error bodies, an `allOf` of the
//! success and the failure envelope that no JSON satisfies, are replaced by
//! the failure envelope.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let constructs = Path::new("../tests/constructs");
    println!("cargo::rerun-if-changed={}", constructs.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        std::process::exit(1);
    };
    let out_dir = Path::new(&out_dir);
    let mut schemas: Vec<_> = match std::fs::read_dir(constructs) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(e) => {
            println!("cargo::error=cannot list {}: {e}", constructs.display());
            std::process::exit(1);
        }
    };
    schemas.sort();
    let mut modules = String::new();
    for schema in &schemas {
        let Some(stem) = schema.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        worker_versions_codegen::Builder::new(schema)
            .out_dir(out_dir)
            .module_dir(stem)
            .run_in_build_script();
        let _ = writeln!(
            modules,
            "/// Generated from `codegen/tests/constructs/{stem}.json`.\n\
             pub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}/mod.rs\"));\n}}"
        );
    }
    let published = Path::new("../../tests/fixtures/published/worker-versions.openapi.json");
    println!("cargo::rerun-if-changed={}", published.display());
    let fixed = out_dir.join("published.openapi.json");
    if let Err(e) = write_fixed(published, &fixed) {
        println!("cargo::error=cannot prepare the published document: {e}");
        std::process::exit(1);
    }
    worker_versions_codegen::Builder::new(&fixed)
        .out_dir(out_dir)
        .module_dir("published")
        .run_in_build_script();
    let _ = writeln!(
        modules,
        "/// Generated from Cloudflare's published document (`tests/fixtures/published/`), its three contradictory error bodies replaced by the failure envelope.\n\
         pub mod published {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/published/mod.rs\"));\n}}"
    );
    if let Err(e) = std::fs::write(out_dir.join("constructs.rs"), modules) {
        println!("cargo::error=cannot write constructs.rs: {e}");
        std::process::exit(1);
    }
}

/// Writes `source` to `target` with every `allOf` that includes the
/// failure envelope replaced by the failure envelope alone.
fn write_fixed(source: &Path, target: &Path) -> Result<(), String> {
    const FAILURE: &str = "#/components/schemas/workers_api-response-common-failure";
    fn fix(value: &mut serde_json::Value, replaced: &mut usize) {
        if let Some(parts) = value.get("allOf").and_then(serde_json::Value::as_array)
            && parts
                .iter()
                .any(|p| p.get("$ref").and_then(serde_json::Value::as_str) == Some(FAILURE))
        {
            *value = serde_json::json!({ "$ref": FAILURE });
            *replaced += 1;
            return;
        }
        match value {
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| fix(v, replaced)),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| fix(v, replaced)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(source).map_err(|e| e.to_string())?;
    let mut document: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut replaced = 0;
    if let Some(paths) = document.get_mut("paths") {
        fix(paths, &mut replaced);
    }
    if replaced != 3 {
        return Err(format!(
            "expected three contradictory error bodies, found {replaced}"
        ));
    }
    let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    std::fs::write(target, text).map_err(|e| e.to_string())
}
