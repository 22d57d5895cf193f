//! Stage 1 — load: read the schema file and parse it as JSON.
//!
//! The output is plain data: the file's path, its text and its
//! `serde_json::Value`. The text is kept so that later diagnostics can be
//! given a line and column (see [`position`]).

pub mod position;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// A schema file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where the file was read from.
    pub path: PathBuf,
    /// Its text, for locating diagnostics.
    pub text: String,
    /// The parsed document.
    pub root: Value,
    /// Member names by object pointer, in document order.
    pub order: HashMap<String, Vec<String>>,
}

impl SourceFile {
    /// Fills in the file, line and column of diagnostics raised against this
    /// file's JSON pointers.
    pub fn locate(&self, mut diagnostics: Vec<Diagnostic>) -> Diagnostics {
        for d in &mut diagnostics {
            d.file.clone_from(&self.path);
            if d.line == 0 {
                let (line, column) = position::locate(&self.text, &d.pointer);
                d.line = line;
                d.column = column;
            }
        }
        Diagnostics(diagnostics)
    }
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<SourceFile, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let mut d = Diagnostic::new(
            "",
            format!("cannot read the schema file: {e}"),
            "check that the path exists and is a readable UTF-8 file",
        );
        d.file = path.to_path_buf();
        Diagnostics::from(d)
    })?;
    parse(path, text)
}

/// Parses `text` as the schema document found at `path`.
pub fn parse(path: &Path, text: String) -> Result<SourceFile, Diagnostics> {
    match serde_json::from_str::<Value>(&text) {
        Ok(root) => {
            let scan = position::scan(&text);
            let file = SourceFile {
                path: path.to_path_buf(),
                text,
                root,
                order: scan.order,
            };
            let duplicates = scan.duplicates;
            if duplicates.is_empty() {
                Ok(file)
            } else {
                let diagnostics = duplicates
                    .into_iter()
                    .map(|(pointer, line, column)| {
                        let mut d = Diagnostic::new(
                            pointer.clone(),
                            format!("expected each member name once in an object, but `{pointer}` appears more than once"),
                            "JSON parsers keep only one of the copies; delete or merge the duplicate member",
                        );
                        d.line = line;
                        d.column = column;
                        d
                    })
                    .collect();
                Err(file.locate(diagnostics))
            }
        }
        Err(e) => {
            let (line, column) = (e.line(), e.column());
            let pointer = position::pointer_at(&text, line, column);
            let what = match e.classify() {
                serde_json::error::Category::Eof => "expected more JSON, but the file ends early",
                _ => "expected valid JSON",
            };
            let mut d = Diagnostic::new(
                pointer,
                format!("{what}: {e}"),
                "fix the JSON syntax at the position shown (a missing comma, quote or bracket is the usual cause)",
            );
            d.file = path.to_path_buf();
            d.line = line;
            d.column = column;
            Err(Diagnostics::from(d))
        }
    }
}
