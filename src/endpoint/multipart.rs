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

/// Writes the upload form: the JSON `metadata` part, then the modules.
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
    let mut seen = std::collections::HashSet::new();
    for module in modules {
        let reason = if module.name.is_empty() {
            Some("has an empty name")
        } else if module.name == metadata_part {
            Some("has the name of the metadata part")
        } else if module.name.contains(['"', '\r', '\n']) {
            Some(
                "has a name with a quote or a line break, which a form part cannot carry unchanged",
            )
        } else if !seen.insert(module.name.as_str()) {
            Some("is given twice")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ModuleNameError {
                name: module.name.clone(),
                reason,
            });
        }
    }
    Ok(write_form_parts(metadata_part, metadata, modules))
}

fn write_form_parts(metadata_part: &str, metadata: &[u8], modules: &[ModulePart]) -> Multipart {
    let mut parts = Vec::with_capacity(modules.len() + 1);
    parts.push(Part {
        name: metadata_part,
        file_name: None,
        content_type: "application/json",
        content: metadata,
    });
    for module in modules {
        parts.push(Part {
            name: &module.name,
            file_name: Some(&module.name),
            content_type: &module.content_type,
            content: &module.content,
        });
    }
    write_form(&parts)
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
        let form = write_form_parts(
            "metadata",
            b"{}",
            &[ModulePart::text("evil\"\r\nX: y", "hi")],
        );
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
        let form = write_form_parts(
            "metadata",
            b"{}",
            &[ModulePart::text("a.txt", tricky.clone())],
        );
        assert!(!contains(tricky.as_bytes(), form.boundary.as_bytes()));
        let body = String::from_utf8_lossy(&form.body);
        assert_eq!(body.matches(&format!("--{}", form.boundary)).count(), 3);
    }
}
