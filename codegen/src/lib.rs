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
    /// The generated files; `mod.rs` is the one to include.
    pub files: Vec<emit::OutputFile>,
    /// Every file that was read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
}

impl Generated {
    /// Writes every file under `dir`, leaving the ones whose text is
    /// unchanged untouched (and their timestamps with them), and removes
    /// `.rs` files a previous run wrote there that this one did not.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        for file in &self.files {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            write_if_changed(&path, &file.text)?;
        }
        for stale in self.stale_files(dir) {
            std::fs::remove_file(dir.join(stale))?;
        }
        Ok(())
    }

    /// How the files under `dir` differ from these: one line per file that
    /// is missing, different or left over. Empty when they match.
    pub fn differences(&self, dir: &Path) -> Vec<String> {
        let mut differences = Vec::new();
        for file in &self.files {
            match std::fs::read_to_string(dir.join(&file.path)) {
                Ok(text) if text == file.text => {}
                Ok(text) => {
                    let line = text
                        .lines()
                        .zip(file.text.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or_else(|| text.lines().count().min(file.text.lines().count()))
                        + 1;
                    differences.push(format!("{}: differs from line {line}", file.path));
                }
                Err(_) => differences.push(format!("{}: missing", file.path)),
            }
        }
        for stale in self.stale_files(dir) {
            differences.push(format!("{stale}: not generated any more"));
        }
        differences
    }

    /// Files a run of this generator wrote under `dir` that this one did
    /// not: `.rs` files at the top or in one of the folders it writes
    /// (`types/`, `operations/`) that start with the generator's banner.
    /// Nothing else is ever touched, so pointing the output at a folder of
    /// hand-written code deletes none of it.
    fn stale_files(&self, dir: &Path) -> Vec<String> {
        let mut folders: Vec<&str> = vec![""];
        for file in &self.files {
            if let Some((folder, _)) = file.path.split_once('/')
                && !folders.contains(&folder)
            {
                folders.push(folder);
            }
        }
        let mut found = Vec::new();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let relative = if folder.is_empty() {
                    name.clone()
                } else {
                    format!("{folder}/{name}")
                };
                let ours = entry.file_type().is_ok_and(|t| t.is_file())
                    && name.ends_with(".rs")
                    && std::fs::read_to_string(entry.path())
                        .is_ok_and(|text| text.starts_with(emit::BANNER));
                if ours && !self.files.iter().any(|f| f.path == relative) {
                    found.push(relative);
                }
            }
        }
        found.sort();
        found
    }

    /// Every file in one text, each after a `// ---- path ----` line: for
    /// reading the whole output at once, and for snapshots.
    pub fn concatenated(&self) -> String {
        let mut text = String::new();
        for file in &self.files {
            text.push_str("// ---- ");
            text.push_str(&file.path);
            text.push_str(" ----\n");
            text.push_str(&file.text);
            text.push('\n');
        }
        text
    }
}

/// Generates the crate's source from the schema at `schema`.
pub fn generate(schema: &Path) -> Result<Generated, Diagnostics> {
    let file = load::load(schema)?;
    generate_from(&file)
}

/// Generates from a schema already in memory (`path` only names it in
/// diagnostics).
pub fn generate_from_str(path: &Path, text: &str) -> Result<Generated, Diagnostics> {
    let file = load::parse(path, text.to_owned())?;
    generate_from(&file)
}

fn generate_from(file: &load::SourceFile) -> Result<Generated, Diagnostics> {
    // One sink for every stage; each stage runs only on a sound result of
    // the one before.
    let mut sink = diagnostic::Sink::default();
    let spec = check::check(&file.root, &file.order, &mut sink);
    let ir = if sink.is_empty() {
        ir::lower(&spec, &mut sink)
    } else {
        None
    };
    let Some(ir) = ir.filter(|_| sink.is_empty()) else {
        return Err(file.locate(sink.into_vec()));
    };
    let files = emit::emit(&ir).map_err(|e| {
        // The emitter builds syntax from the IR; if `syn` refuses it, the
        // generator itself is wrong, not the schema. Still no panic.
        sink.error(
            "",
            format!("the generator produced Rust that does not parse: {e}"),
            "this is a bug in worker-versions-codegen; please report it with the schema",
        );
        file.locate(std::mem::take(&mut sink).into_vec())
    })?;
    Ok(Generated {
        files,
        inputs: vec![file.path.clone()],
    })
}

/// A small builder for build scripts, in the spirit of `prost-build`.
///
/// ```no_run
/// // build.rs
/// worker_versions_codegen::Builder::new("schema/openapi.json")
///     .module_dir("worker_versions")
///     .run_in_build_script();
/// ```
///
/// and in the crate, the module tree it wrote:
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/worker_versions/mod.rs"));
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    schema: PathBuf,
    module_dir: String,
    out_dir: Option<PathBuf>,
}

impl Builder {
    /// Starts from the schema at `schema` (relative to the package root).
    pub fn new(schema: impl Into<PathBuf>) -> Self {
        Builder {
            schema: schema.into(),
            module_dir: "worker_versions".to_owned(),
            out_dir: None,
        }
    }

    /// Where to write, instead of `OUT_DIR` (for tests and tools).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The directory under `OUT_DIR` to write the module tree into
    /// (`worker_versions`, so the file to include is
    /// `worker_versions/mod.rs`).
    pub fn module_dir(mut self, name: impl Into<String>) -> Self {
        self.module_dir = name.into();
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
        let out = out_dir.join(&self.module_dir);
        generated
            .write_to(&out)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out.join("mod.rs"))
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
