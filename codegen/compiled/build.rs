//! Generates every construct schema of `../tests/constructs/` into
//! `OUT_DIR/<construct>/`, and `OUT_DIR/constructs.rs`, which makes each a
//! module of this crate. A construct that does not generate, or whose
//! output does not compile, fails the build.

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
    if let Err(e) = std::fs::write(out_dir.join("constructs.rs"), modules) {
        println!("cargo::error=cannot write constructs.rs: {e}");
        std::process::exit(1);
    }
}
