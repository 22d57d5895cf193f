//! The generator behind the `worker-versions` crate.
//!
//! It reads the OpenAPI document under `schema/` and writes the Rust types
//! and operation registry the crate is made of. The pipeline has four
//! stages, each a module with plain data in and out:
//!
//! 1. [`load`] reads the file and parses it as JSON;
//! 2. [`check`] turns it into a typed model of the supported OpenAPI
//!    subset, or into [`Diagnostic`]s naming the file, line, column and JSON
//!    pointer of each problem;
//! 3. [`ir`] names every type, works out request and response views, and
//!    decides how each union picks its alternative;
//! 4. [`emit`] prints the result with `quote` and `prettyplease`.
//!
//! Build scripts call [`generate`] (or [`Builder`]); the `worker-versions-codegen`
//! binary refreshes or checks the checked-in copy under `generated/`.

#![forbid(unsafe_code)]

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The Rust source.
    pub code: String,
    /// Every file that was read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

/// Generates the crate's source from the schema at `schema`.
pub fn generate(schema: &Path) -> Result<Generated, Diagnostics> {
    let file = load::load(schema)?;
    let code = generate_from(&file)?;
    Ok(Generated {
        code,
        inputs: vec![file.path.clone()],
    })
}

/// Generates from a schema already in memory (`path` only names it in
/// diagnostics).
pub fn generate_from_str(path: &Path, text: &str) -> Result<String, Diagnostics> {
    let file = load::parse(path, text.to_owned())?;
    generate_from(&file)
}

fn generate_from(file: &load::SourceFile) -> Result<String, Diagnostics> {
    let spec = check::check(&file.root, &file.order).map_err(|d| file.locate(d))?;
    let ir = ir::lower(&spec).map_err(|d| file.locate(d))?;
    emit::emit(&ir).map_err(|e| {
        // The emitter builds syntax from the IR; if `syn` refuses it, the
        // generator itself is wrong, not the schema. Still no panic.
        file.locate(vec![Diagnostic::new(
            "",
            format!("the generator produced Rust that does not parse: {e}"),
            "this is a bug in worker-versions-codegen; please report it with the schema",
        )])
    })
}

/// A small builder for build scripts, in the spirit of `prost-build`.
///
/// ```no_run
/// // build.rs
/// worker_versions_codegen::Builder::new("schema/openapi.json")
///     .out_file("worker_versions.rs")
///     .run_in_build_script();
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    schema: PathBuf,
    out_file: String,
    out_dir: Option<PathBuf>,
}

impl Builder {
    /// Starts from the schema at `schema` (relative to the package root).
    pub fn new(schema: impl Into<PathBuf>) -> Self {
        Builder {
            schema: schema.into(),
            out_file: "worker_versions.rs".to_owned(),
            out_dir: None,
        }
    }

    /// Where to write, instead of `OUT_DIR` (for tests and tools).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The file name to write under `OUT_DIR`.
    pub fn out_file(mut self, name: impl Into<String>) -> Self {
        self.out_file = name.into();
        self
    }

    /// Generates into `OUT_DIR`, tells cargo which inputs to watch, and on
    /// a bad schema prints every diagnostic as a cargo error and exits
    /// with status 1 — never a panic with a backtrace.
    pub fn run_in_build_script(self) {
        if let Err(message) = self.try_run_in_build_script() {
            for line in message.lines() {
                println!("cargo::error={line}");
            }
            std::process::exit(1);
        }
    }

    /// Like [`Self::run_in_build_script`], but returns the rendered
    /// diagnostics instead of exiting.
    pub fn try_run_in_build_script(self) -> Result<PathBuf, String> {
        println!("cargo::rerun-if-changed={}", self.schema.display());
        let generated = generate(&self.schema).map_err(|d| {
            let base = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_default();
            d.display_relative_to(&base).to_string()
        })?;
        for input in &generated.inputs {
            if input != &self.schema {
                println!("cargo::rerun-if-changed={}", input.display());
            }
        }
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(
                "OUT_DIR is not set: run this from a build script, or give `Builder::out_dir`",
            )?,
        };
        let out = out_dir.join(&self.out_file);
        write_if_changed(&out, &generated.code)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out)
    }
}

/// Writes `contents` unless the file already holds exactly that, so that
/// an unchanged output keeps its timestamp.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
}
