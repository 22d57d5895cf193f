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
    if text.starts_with('\u{feff}') {
        let mut d = Diagnostic::new(
            "",
            "expected the file to start with JSON, but it starts with a byte order mark (U+FEFF)",
            "save the file as UTF-8 without a BOM; JSON text must not begin with one",
        );
        d.file = path.to_path_buf();
        d.line = 1;
        d.column = 1;
        return Err(Diagnostics::from(d));
    }
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
                    .map(|duplicate| {
                        let (first_line, first_column) = duplicate.first;
                        let mut d = Diagnostic::new(
                            duplicate.pointer,
                            format!(
                                "expected each member name once in an object, but `{}` appears again (first at line {first_line}, column {first_column})",
                                duplicate.name
                            ),
                            "JSON parsers keep only one of the copies; delete or merge the duplicate member",
                        );
                        (d.line, d.column) = duplicate.at;
                        d
                    })
                    .collect();
                Err(file.locate(diagnostics))
            }
        }
        Err(e) => {
            // serde_json counts columns in bytes, and from 0 at the start
            // of a line (an empty file is "line 1 column 0"); diagnostics
            // count characters, from 1.
            let line = e.line().max(1);
            let column = position::char_column(&text, line, e.column());
            let pointer = position::pointer_at(&text, line, column);
            let (message, hint) = if text.trim().is_empty() {
                (
                    "expected a JSON document, but the file is empty".to_owned(),
                    "write the OpenAPI document: `{\"openapi\": \"3.1.0\", \"info\": {…}, \"paths\": {…}}`",
                )
            } else {
                syntax_error(&e, &text, line, column)
            };
            let mut d = Diagnostic::new(pointer, message, hint);
            d.file = path.to_path_buf();
            d.line = line;
            d.column = column;
            Err(Diagnostics::from(d))
        }
    }
}

/// The message and hint for a JSON syntax error. The position is shown on
/// its own line, so serde_json's "at line L column C" suffix is dropped.
fn syntax_error(
    e: &serde_json::Error,
    text: &str,
    line: usize,
    column: usize,
) -> (String, &'static str) {
    let full = e.to_string();
    let what = full
        .rfind(" at line ")
        .and_then(|i| full.get(..i))
        .unwrap_or(&full);
    if let Some(inside) = what.strip_prefix("EOF while parsing ") {
        let place = match inside {
            "a value" => "where a value should start",
            "a list" => "inside an array",
            "an object" => "inside an object",
            "a string" => "inside a string",
            _ => "early",
        };
        return (
            format!("expected more JSON, but the file ends {place}"),
            "the file looks cut short: complete the node shown under `at` and close every `{`, `[` and `\"` still open",
        );
    }
    let hint = match what {
        "trailing comma" => {
            // serde_json points at the closing bracket.
            let closing = text
                .get(position::offset_of(text, line, column)..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| matches!(c, ']' | '}'))
                .map_or_else(|| "the closing bracket".to_owned(), |c| format!("`{c}`"));
            return (
                format!(
                    "expected another value after the comma, but {closing} follows: JSON allows no trailing comma"
                ),
                "delete the comma after the last element",
            );
        }
        "expected `,` or `}`" => {
            "a comma is probably missing between the previous member and this one; add it, or close the object with `}`"
        }
        "expected `,` or `]`" => {
            "a comma is probably missing between the previous element and this one; add it, or close the array with `]`"
        }
        "expected `:`" => "separate the member name from its value with `:`",
        "key must be a string" => "write the member name in double quotes",
        "expected value" | "expected ident" => {
            "write a JSON value here: a string in double quotes, a number, `true`, `false`, `null`, an object or an array"
        }
        "trailing characters" => {
            "the document ends at its closing bracket; delete what follows it, or move it inside the document"
        }
        "number out of range" => {
            "the number is too large for JSON tools to read; write it as a string, or drop it if it is only an example"
        }
        "recursion limit exceeded" => {
            "the document nests more than 128 levels deep; move nested schemas under `components.schemas` and refer to them with `$ref`"
        }
        other if other.starts_with("control character") => {
            "write line breaks and tabs inside strings as `\\n` and `\\t`"
        }
        _ => {
            "fix the JSON syntax at the position shown (a missing comma, quote or bracket is the usual cause)"
        }
    };
    (format!("expected valid JSON: {what}"), hint)
}
