//! Regenerates the types from `schema/` into `OUT_DIR` (with the default
//! `codegen` feature). Without the feature the crate compiles the checked-in
//! copy in `generated/` and this script does nothing.

fn main() {
    #[cfg(feature = "codegen")]
    worker_versions_codegen::Builder::new("schema/openapi.json")
        .module_dir("worker_versions")
        .run_in_build_script();
    #[cfg(not(feature = "codegen"))]
    println!("cargo::rerun-if-changed=build.rs");
}
