//! Command-line front end of the generator.
//!
//! ```text
//! worker-versions-codegen [--schema PATH] [--out PATH] (--check | --write | --stdout)
//! ```
//!
//! `--write` refreshes the checked-in copy (a directory of files), `--check`
//! fails if it is stale, `--stdout` prints every generated file.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: worker-versions-codegen [--schema PATH] [--out PATH] (--check | --write | --stdout)
  --schema PATH  the OpenAPI document (default: schema/openapi.json)
  --out PATH     the checked-in copy, a directory (default: generated)
  --check        exit 1 if the copy differs from what the schema generates
  --write        refresh the copy
  --stdout       print every generated file, each after a `// ---- path ----` line";

enum Mode {
    Check,
    Write,
    Stdout,
}

fn main() -> ExitCode {
    // Paths default to the workspace root, so the binary works from there
    // (`cargo run -p worker-versions-codegen -- --write`).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut schema = root.join("schema/openapi.json");
    let mut out = root.join("generated");
    let mut mode = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--schema" => match args.next() {
                Some(p) => schema = PathBuf::from(p),
                None => return usage("--schema needs a path"),
            },
            "--out" => match args.next() {
                Some(p) => out = PathBuf::from(p),
                None => return usage("--out needs a path"),
            },
            "--check" => mode = Some(Mode::Check),
            "--write" => mode = Some(Mode::Write),
            "--stdout" => mode = Some(Mode::Stdout),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let Some(mode) = mode else {
        return usage("choose --check, --write or --stdout");
    };
    let generated = match worker_versions_codegen::generate(&schema) {
        Ok(g) => g,
        Err(diagnostics) => {
            let base = std::env::current_dir().unwrap_or_default();
            eprintln!("{}", diagnostics.display_relative_to(&base));
            return ExitCode::FAILURE;
        }
    };
    match mode {
        Mode::Stdout => {
            print!("{}", generated.concatenated());
            ExitCode::SUCCESS
        }
        Mode::Write => match generated.write_to(&out) {
            Ok(()) => {
                eprintln!(
                    "wrote {} files under {}",
                    generated.files.len(),
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Mode::Check => {
            let differences = generated.differences(&out);
            if differences.is_empty() {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "error: {} is out of date with {}:",
                out.display(),
                schema.display()
            );
            for difference in differences {
                eprintln!("  {difference}");
            }
            eprintln!("  refresh it with: cargo run -p worker-versions-codegen -- --write");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}
