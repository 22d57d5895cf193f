//! Diagnostics: what went wrong in a schema, and where.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`]s that
//! point at a JSON node (file + JSON pointer). The line and column are
//! filled in at the end, from the file's text, so the stages never need to
//! carry positions around.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a schema document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line of the offending JSON node (0 when unknown).
    pub line: usize,
    /// 1-based column of the offending JSON node (0 when unknown).
    pub column: usize,
    /// RFC 6901 JSON pointer to the offending node (`""` is the document).
    pub pointer: String,
    /// What is wrong, phrased as what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`; the position is resolved later.
    pub fn new(
        pointer: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: PathBuf::new(),
            line: 0,
            column: 0,
            pointer: pointer.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Renders the diagnostic with the file shown relative to `base` when it
    /// lies below it, so snapshots and messages do not depend on where the
    /// checkout lives.
    pub fn display_relative_to<'a>(&'a self, base: &'a Path) -> impl fmt::Display + 'a {
        DisplayRelative {
            diagnostic: self,
            base,
        }
    }
}

struct DisplayRelative<'a> {
    diagnostic: &'a Diagnostic,
    base: &'a Path,
}

impl fmt::Display for DisplayRelative<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let file = d.file.strip_prefix(self.base).unwrap_or(&d.file);
        write_diagnostic(f, d, file)
    }
}

fn write_diagnostic(f: &mut fmt::Formatter<'_>, d: &Diagnostic, file: &Path) -> fmt::Result {
    let pointer = if d.pointer.is_empty() {
        "(document root)"
    } else {
        &d.pointer
    };
    writeln!(f, "error: {}", d.message)?;
    writeln!(f, "  --> {}:{}:{}", file.display(), d.line, d.column)?;
    writeln!(f, "   = at: {pointer}")?;
    write!(f, "   = hint: {}", d.hint)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_diagnostic(f, self, &self.file)
    }
}

/// Where every stage of a run records the problems it finds: one list
/// for the whole run, which the driver ([`crate::generate`]) looks at
/// between stages. A stage never stops at its first problem.
#[derive(Debug, Default)]
pub struct Sink {
    found: Vec<Diagnostic>,
}

impl Sink {
    /// Records a problem at `pointer`.
    pub fn error(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.found.push(Diagnostic::new(pointer, message, hint));
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// What was recorded, in order.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.found
    }
}

/// Every problem found in one run, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Renders all diagnostics with files relative to `base`.
    pub fn display_relative_to<'a>(&'a self, base: &'a Path) -> impl fmt::Display + 'a {
        DiagnosticsRelative {
            diagnostics: self,
            base,
        }
    }
}

struct DiagnosticsRelative<'a> {
    diagnostics: &'a Diagnostics,
    base: &'a Path,
}

impl fmt::Display for DiagnosticsRelative<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{}", d.display_relative_to(self.base))?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display_relative_to(Path::new("")).fmt(f)
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a reference token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
