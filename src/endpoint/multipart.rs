//! `multipart/form-data` bodies for the legacy upload.
//!
//! The body is written by hand rather than by an HTTP client so that the
//! descriptors stay client-agnostic. The rules it follows:
//!
//! - the `metadata` part comes first, with no file name, holding the
//!   metadata as JSON with `Content-Type: application/json`;
//! - each module is a part whose name and file name are both the module's
//!   name, with the module's own content type;
//! - names are escaped as HTML forms escape them (`"` → `%22`, CR → `%0D`,
//!   LF → `%0A`), so no name can break out of its header;
//! - the boundary is chosen so that it occurs in no part's content.

use std::hash::{BuildHasher, Hasher};

/// One module of a Worker: a file the runtime loads.
///
/// ```
/// use worker_versions::operations::WorkerVersionsUploadVersion;
/// use worker_versions::types::UploadMetadata;
/// use worker_versions::{Endpoint, ModulePart, RequestBody};
///
/// let metadata = UploadMetadata::new("index.js");
/// let modules = vec![
///     ModulePart::javascript_module("index.js", "export default { fetch() { return new Response('hi') } }"),
///     ModulePart::wasm("add.wasm", vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
/// ];
/// let upload = WorkerVersionsUploadVersion::new("account", "my-script", metadata, modules);
/// let RequestBody::Multipart(form) = upload.body()? else { unreachable!() };
/// assert!(form.content_type().starts_with("multipart/form-data; boundary="));
/// let text = String::from_utf8_lossy(&form.body);
/// assert!(text.contains("name=\"metadata\"\r\nContent-Type: application/json"));
/// assert!(text.contains("name=\"add.wasm\"; filename=\"add.wasm\"\r\nContent-Type: application/wasm"));
/// # Ok::<(), worker_versions::RequestError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ModulePart {
    /// The module's name, as `main_module` and imports refer to it.
    pub name: String,
    /// Its content type, e.g. `application/javascript+module`.
    pub content_type: String,
    /// Its bytes.
    pub content: Vec<u8>,
}

impl std::fmt::Debug for ModulePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModulePart")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("content", &format_args!("<{} bytes>", self.content.len()))
            .finish()
    }
}

impl ModulePart {
    /// A module with the given content type.
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        ModulePart {
            name: name.into(),
            content_type: content_type.into(),
            content: content.into(),
        }
    }

    /// An ES module (`application/javascript+module`).
    pub fn javascript_module(name: impl Into<String>, source: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/javascript+module", source)
    }

    /// A classic script (`application/javascript`).
    pub fn javascript(name: impl Into<String>, source: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/javascript", source)
    }

    /// A Python module (`text/x-python`).
    pub fn python(name: impl Into<String>, source: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "text/x-python", source)
    }

    /// A WebAssembly module (`application/wasm`).
    pub fn wasm(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/wasm", bytes)
    }

    /// A text module (`text/plain`), also used for `_headers` and
    /// `_redirects`.
    pub fn text(name: impl Into<String>, text: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "text/plain", text)
    }

    /// Raw bytes (`application/octet-stream`).
    pub fn data(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/octet-stream", bytes)
    }

    /// A source map (`application/source-map`).
    pub fn source_map(name: impl Into<String>, map: impl Into<Vec<u8>>) -> Self {
        Self::new(name, "application/source-map", map)
    }
}

/// One part of a form.
struct Part<'a> {
    name: &'a str,
    file_name: Option<&'a str>,
    content_type: &'a str,
    content: &'a [u8],
}

/// A written `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    /// The boundary, for the `Content-Type` header.
    pub boundary: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Multipart {
    /// The `Content-Type` header value.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }
}

/// A module that cannot be sent as its own part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleNameError {
    /// The module's name.
    pub name: String,
    /// Why.
    pub reason: &'static str,
}

impl std::fmt::Display for ModuleNameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the module {:?} {}", self.name, self.reason)
    }
}

impl std::error::Error for ModuleNameError {}

/// Writes the upload form: the JSON `metadata` part, then the modules, each
/// a part of its own named by the module's name.
///
/// Module names are checked first: a name must be unique, non-empty, not
/// the metadata part's name, and free of `"`, CR and LF. Browsers would
/// escape those characters, but servers do not decode them back, so the
/// module would arrive under another name than `main_module` gives.
pub fn upload_form(
    metadata_part: &str,
    metadata: &[u8],
    modules: &[ModulePart],
) -> Result<Multipart, ModuleNameError> {
    multipart_form(
        &[(metadata_part, "application/json", metadata)],
        modules,
        FileParts::NamedByFile,
    )
}

/// How the files of a form are sent, as the schema says.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum FileParts<'a> {
    /// One part per file, named by the file's name
    /// (`x-each-file-as-part`).
    NamedByFile,
    /// One part per file, all under this part's name (how OpenAPI reads a
    /// form property that is an array of files).
    Under(&'a str),
}

/// Writes a form: the JSON parts (name, content type, JSON) in order, then
/// the files. File names are checked first, as [`upload_form`] says.
#[doc(hidden)]
pub fn multipart_form(
    json_parts: &[(&str, &str, &[u8])],
    files: &[ModulePart],
    naming: FileParts<'_>,
) -> Result<Multipart, ModuleNameError> {
    let mut seen = std::collections::HashSet::new();
    for file in files {
        let reason = if file.name.is_empty() {
            Some("has an empty name")
        } else if matches!(naming, FileParts::NamedByFile)
            && json_parts.iter().any(|(name, _, _)| *name == file.name)
        {
            Some("has the name of the metadata part")
        } else if file.name.contains(['"', '\r', '\n']) {
            Some(
                "has a name with a quote or a line break, which a form part cannot carry unchanged",
            )
        } else if !seen.insert(file.name.as_str()) {
            Some("is given twice")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ModuleNameError {
                name: file.name.clone(),
                reason,
            });
        }
    }
    let mut parts = Vec::with_capacity(json_parts.len() + files.len());
    for (name, content_type, content) in json_parts {
        parts.push(Part {
            name,
            file_name: None,
            content_type,
            content,
        });
    }
    for file in files {
        parts.push(Part {
            name: match naming {
                FileParts::NamedByFile => &file.name,
                FileParts::Under(name) => name,
            },
            file_name: Some(&file.name),
            content_type: &file.content_type,
            content: &file.content,
        });
    }
    Ok(write_form(&parts))
}

fn write_form(parts: &[Part<'_>]) -> Multipart {
    let boundary = choose_boundary(parts);
    let mut body = Vec::with_capacity(parts.iter().map(|p| p.content.len() + 160).sum());
    for part in parts {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(escape_name(part.name).as_bytes());
        body.push(b'"');
        if let Some(file_name) = part.file_name {
            body.extend_from_slice(b"; filename=\"");
            body.extend_from_slice(escape_name(file_name).as_bytes());
            body.push(b'"');
        }
        body.extend_from_slice(b"\r\nContent-Type: ");
        body.extend_from_slice(header_safe(part.content_type).as_bytes());
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    Multipart { boundary, body }
}

/// Escapes a part or file name the way browsers do for form submissions.
pub fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A content type cannot contain line breaks; anything unusual becomes
/// `application/octet-stream` rather than a broken header.
fn header_safe(content_type: &str) -> &str {
    if content_type.is_empty()
        || content_type
            .bytes()
            .any(|b| b.is_ascii_control() || !b.is_ascii())
    {
        "application/octet-stream"
    } else {
        content_type
    }
}

/// Picks a boundary that occurs in no part's content. Random bits come
/// from the standard library's per-process hasher keys, so no random
/// number crate is needed; a collision just draws again.
fn choose_boundary(parts: &[Part<'_>]) -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut attempt: u64 = 0;
    loop {
        let mut hasher = state.build_hasher();
        hasher.write_u64(attempt);
        let a = hasher.finish();
        hasher.write_u64(a);
        let b = hasher.finish();
        let boundary = format!("worker-versions-{a:016x}{b:016x}");
        let needle = boundary.as_bytes();
        let clash = parts
            .iter()
            .any(|p| contains(p.content, needle) || contains(p.name.as_bytes(), needle));
        if !clash {
            return boundary;
        }
        attempt += 1;
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_break_out_of_their_header() {
        assert_eq!(escape_name("a\"b\r\nc"), "a%22b%0D%0Ac");
        // The form writer escapes as browsers do…
        let form = write_form(&[Part {
            name: "evil\"\r\nX: y",
            file_name: Some("evil\"\r\nX: y"),
            content_type: "text/plain",
            content: b"hi",
        }]);
        let text = String::from_utf8_lossy(&form.body);
        assert!(text.contains("name=\"evil%22%0D%0AX: y\"; filename=\"evil%22%0D%0AX: y\""));
        assert!(!text.contains("\r\nX: y"));
        // …but uploads refuse such names, since servers do not decode them.
        assert!(upload_form("metadata", b"{}", &[ModulePart::text("evil\"", "hi")]).is_err());
    }

    #[test]
    fn module_names_must_be_unique_and_not_metadata() {
        let a = ModulePart::text("a.txt", "1");
        assert!(upload_form("metadata", b"{}", &[a.clone(), a.clone()]).is_err());
        assert!(upload_form("metadata", b"{}", &[ModulePart::text("metadata", "1")]).is_err());
        assert!(upload_form("metadata", b"{}", &[ModulePart::text("", "1")]).is_err());
        assert!(upload_form("metadata", b"{}", &[a]).is_ok());
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        // Content that contains the boundary of the first draw forces a
        // second draw.
        let parts = [Part {
            name: "m",
            file_name: None,
            content_type: "text/plain",
            content: b"x",
        }];
        let first = choose_boundary(&parts);
        let tricky = format!("--{first}\r\n{first}--");
        let form = upload_form(
            "metadata",
            b"{}",
            &[ModulePart::text("a.txt", tricky.clone())],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!contains(tricky.as_bytes(), form.boundary.as_bytes()));
        let body = String::from_utf8_lossy(&form.body);
        assert_eq!(body.matches(&format!("--{}", form.boundary)).count(), 3);
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;

    #[test]
    fn files_go_under_their_own_name_or_the_parts() {
        let files = [
            ModulePart::text("a.txt", "1"),
            ModulePart::text("b.txt", "2"),
        ];
        let json: &[(&str, &str, &[u8])] = &[("metadata", "application/json", b"{}")];
        let own =
            multipart_form(json, &files, FileParts::NamedByFile).unwrap_or_else(|e| panic!("{e}"));
        let own = String::from_utf8_lossy(&own.body).into_owned();
        assert!(own.contains("name=\"a.txt\"; filename=\"a.txt\""), "{own}");
        let under = multipart_form(json, &files, FileParts::Under("files"))
            .unwrap_or_else(|e| panic!("{e}"));
        let under = String::from_utf8_lossy(&under.body).into_owned();
        assert_eq!(
            under.matches("name=\"files\"; filename=").count(),
            2,
            "{under}"
        );
        assert!(under.contains("filename=\"b.txt\""), "{under}");
        // Under a shared part name, a file may be called like a JSON part.
        let clash = [ModulePart::text("metadata", "1")];
        assert!(multipart_form(json, &clash, FileParts::NamedByFile).is_err());
        assert!(multipart_form(json, &clash, FileParts::Under("files")).is_ok());
    }
}
