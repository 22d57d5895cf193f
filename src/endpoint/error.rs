//! Reading responses: the success body, or an [`ApiError`] that says
//! exactly what went wrong.

use serde_json::Value;

use crate::{DecodeErrorKind, decode_body};

/// How long an excerpt of an undecodable body may be, in characters.
const EXCERPT_CHARS: usize = 160;

/// One entry of a response's `errors` or `messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMessage {
    /// Cloudflare's code, e.g. `10007`.
    pub code: Option<i64>,
    /// The human-readable message.
    pub message: String,
    /// A page that explains the code, when given.
    pub documentation_url: Option<String>,
    /// The JSON pointer into the request that the message is about, when
    /// given (`source.pointer`).
    pub pointer: Option<String>,
}

impl std::fmt::Display for ResponseMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(code) = self.code {
            write!(f, "[{code}] ")?;
        }
        // One line, whatever the message holds: multi-line summaries (such
        // as the exports reconciliation error's) are joined with spaces.
        let mut words = self.message.split_whitespace();
        if let Some(first) = words.next() {
            f.write_str(first)?;
            for word in words {
                write!(f, " {word}")?;
            }
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        if let Some(url) = &self.documentation_url {
            write!(f, " <{url}>")?;
        }
        Ok(())
    }
}

/// A response that is not the operation's success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operation.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong.
    pub kind: ApiErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// The API answered with its error envelope: an error status, or
    /// `"success": false` in a 2XX.
    Rejected {
        /// `errors`.
        errors: Vec<ResponseMessage>,
        /// `messages`.
        messages: Vec<ResponseMessage>,
    },
    /// The body is not JSON, for example an HTML page from a proxy.
    NotJson {
        /// The start of the body.
        excerpt: String,
    },
    /// The body is JSON but not what the operation returns.
    Undecodable {
        /// The type it was decoded as.
        type_name: &'static str,
        /// Where it first differs, as in `result.items[0].id`.
        path: String,
        /// What was expected there.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
}

impl ApiError {
    /// The `errors` the API sent, if it sent its error envelope.
    pub fn errors(&self) -> &[ResponseMessage] {
        match &self.kind {
            ApiErrorKind::Rejected { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether the API's `errors` include `code`.
    pub fn has_code(&self, code: i64) -> bool {
        self.errors().iter().any(|e| e.code == Some(code))
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}: ", self.operation, self.status)?;
        match &self.kind {
            ApiErrorKind::Rejected { errors, .. } if errors.is_empty() => {
                f.write_str("the API reported a failure without an error message")
            }
            ApiErrorKind::Rejected { errors, .. } => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            ApiErrorKind::NotJson { excerpt } => write!(f, "the body is not JSON: {excerpt:?}"),
            ApiErrorKind::Undecodable {
                type_name,
                path,
                message,
                excerpt,
            } => {
                write!(
                    f,
                    "the body does not match `{type_name}` at `{path}`: {message}; the body starts {excerpt:?}"
                )
            }
        }
    }
}

impl std::error::Error for ApiError {}

fn message(value: &Value, sensitive: &[&str]) -> Option<ResponseMessage> {
    let object = value.as_object()?;
    let message = match object.get("message") {
        Some(Value::String(s)) => s.clone(),
        // A message that is not a string is shown as JSON, with any secret
        // member in it hidden.
        Some(other) => crate::redact::redact_text(&other.to_string(), sensitive),
        None => String::new(),
    };
    Some(ResponseMessage {
        code: object.get("code").and_then(Value::as_i64),
        message,
        documentation_url: object
            .get("documentation_url")
            .and_then(Value::as_str)
            .map(str::to_owned),
        pointer: object
            .get("source")
            .and_then(|s| s.get("pointer"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// The envelope's `errors` and `messages`, if the body is an error
/// envelope (it has errors, or says `"success": false`).
///
/// A success status counts as a rejection only with `"success": false`:
/// a 2XX body may carry warnings in `errors` and still be a success.
pub(crate) fn rejection(
    body: &[u8],
    success_status: bool,
    sensitive: &[&str],
) -> Option<ApiErrorKind> {
    // Read leniently: a malformed error body should still yield its
    // messages.
    let envelope: Value = serde_json::from_slice(body).ok()?;
    let list = |key: &str| -> Vec<ResponseMessage> {
        envelope
            .get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(|m| message(m, sensitive)).collect())
            .unwrap_or_default()
    };
    let errors = list("errors");
    let says_failure = envelope.get("success") == Some(&Value::Bool(false));
    if !says_failure && (success_status || errors.is_empty()) {
        return None;
    }
    let messages = list("messages");
    Some(ApiErrorKind::Rejected { errors, messages })
}

/// The start of a body, for error messages.
pub(crate) fn excerpt(body: &[u8], sensitive: &[&str]) -> String {
    // Only the start is shown, so only a bounded prefix is redacted: a huge
    // body costs no more than a small one. A secret that runs past the
    // prefix is redacted to its end, since the value is unterminated there.
    const PREFIX: usize = 64 * 1024;
    let start = body.get(..PREFIX).unwrap_or(body);
    let text = crate::redact::redact_text(&String::from_utf8_lossy(start), sensitive);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Reads a response as `S` (a 2XX status) or an [`ApiError`]. Generated
/// descriptors call it from their own, non-generic `parse_response`, so it
/// is instantiated here, once per success type, and never in a dependent.
///
/// `operation` names the operation and its failure body in the error,
/// and says which members' values never appear in it.
pub fn parse<S: crate::__private::Decode>(
    operation: &'static crate::Operation,
    status: u16,
    body: &[u8],
) -> Result<S, ApiError> {
    let sensitive = operation.sensitive_members;
    let failure_type = operation.failure_type;
    let error = |kind| ApiError {
        operation: operation.id,
        status,
        kind,
    };
    if (200..300).contains(&status) {
        let decode_error = match decode_body::<S>(operation, status, body) {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        if let Some(rejected) = rejection(body, true, sensitive) {
            return Err(error(rejected));
        }
        return Err(error(match decode_error.kind {
            DecodeErrorKind::Mismatch { path, message } => ApiErrorKind::Undecodable {
                type_name: decode_error.type_name,
                path,
                message,
                excerpt: excerpt(body, sensitive),
            },
            DecodeErrorKind::NotJson { .. } | DecodeErrorKind::Truncated { .. } => {
                ApiErrorKind::NotJson {
                    excerpt: excerpt(body, sensitive),
                }
            }
        }));
    }
    if let Some(rejected) = rejection(body, false, sensitive) {
        return Err(error(rejected));
    }
    Err(error(
        match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Err(_) => ApiErrorKind::NotJson {
                excerpt: excerpt(body, sensitive),
            },
            Ok(_) => ApiErrorKind::Undecodable {
                type_name: failure_type,
                path: ".".to_owned(),
                message: "expected the error envelope, with an `errors` list".to_owned(),
                excerpt: excerpt(body, sensitive),
            },
        },
    ))
}
