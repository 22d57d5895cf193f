//! The operation registry: every operation with a way to decode its
//! responses, for tools that work from an operation id.

use std::any::Any;
use std::fmt;

use crate::__private::Encode;
use serde_json::Value;

use crate::{Inspect, Unrecognized};

/// One operation of the API, as listed in [`crate::operations::ALL`].
///
/// Its id, method, path and body types, and a pointer to its decoder:
/// [`Operation::decode`] calls a function compiled in this crate, one per
/// operation, so it instantiates nothing generic in yours.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Operation {
    /// The `operationId`, e.g. `createWorkerVersion`.
    pub id: &'static str,
    /// The HTTP method, upper-case.
    pub method: &'static str,
    /// The path template, e.g. `/accounts/{account_id}/workers/workers/{worker_id}/versions`.
    pub path_template: &'static str,
    /// The status key of the success response (`200`).
    pub success_status: &'static str,
    /// The type the success body decodes into.
    pub success_type: &'static str,
    /// The status key of the failure response (`4XX`).
    pub failure_status: &'static str,
    /// The type any other body decodes into.
    pub failure_type: &'static str,
    /// The JSON names of the members the schema marks secret
    /// (`x-sensitive`): error messages and excerpts never show their
    /// values.
    pub sensitive_members: &'static [&'static str],
    /// Decodes a response: a function compiled in the crate that generated
    /// the operation, so the registry needs no list of operations to
    /// decode one, and calling it instantiates nothing generic.
    decode: DecodeFn,
}

/// An operation's response decoder.
type DecodeFn = fn(u16, &[u8]) -> Result<Decoded, DecodeError>;

/// The parts of an [`Operation`], for the generated registry entries:
/// `Operation` itself is `non_exhaustive`, so that only generated code
/// (through this) makes one.
#[doc(hidden)]
pub struct OperationParts {
    pub id: &'static str,
    pub method: &'static str,
    pub path_template: &'static str,
    pub success_status: &'static str,
    pub success_type: &'static str,
    pub failure_status: &'static str,
    pub failure_type: &'static str,
    pub sensitive_members: &'static [&'static str],
    pub decode: DecodeFn,
}

impl OperationParts {
    /// The operation.
    pub const fn build(self) -> Operation {
        let OperationParts {
            id,
            method,
            path_template,
            success_status,
            success_type,
            failure_status,
            failure_type,
            sensitive_members,
            decode,
        } = self;
        Operation {
            id,
            method,
            path_template,
            success_status,
            success_type,
            failure_status,
            failure_type,
            sensitive_members,
            decode,
        }
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .finish_non_exhaustive()
    }
}

impl Operation {
    /// The API's error, when `body` is its error envelope: `"success":
    /// false` (whatever the status, a 2XX included), or any status outside
    /// 2XX with an `errors` list. Read leniently, so a body that does not
    /// decode still yields its codes and messages.
    pub fn api_error(&self, status: u16, body: &[u8]) -> Option<crate::ApiError> {
        let success = (200..300).contains(&status);
        crate::endpoint::error::rejection(body, success, self.sensitive_members).map(|kind| {
            crate::ApiError {
                operation: self.id,
                status,
                kind,
            }
        })
    }

    /// Decodes a response body: the success type for a 2XX status, the
    /// failure type for any other.
    pub fn decode(&self, status: u16, body: &[u8]) -> Result<Decoded, DecodeError> {
        (self.decode)(status, body)
    }
}

/// Which of an operation's bodies a response was decoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The success body (a 2XX status).
    Success,
    /// The failure body (any other status).
    Failure,
}

/// A decoded response body of any operation.
pub struct Decoded {
    /// The operation it belongs to.
    pub operation: &'static str,
    /// The HTTP status it came with.
    pub status: u16,
    /// Success or failure body.
    pub outcome: Outcome,
    /// The Rust type it was decoded into.
    pub type_name: &'static str,
    body: Box<dyn Body>,
}

impl fmt::Debug for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoded")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("outcome", &self.outcome)
            .field("body", &self.body)
            .finish()
    }
}

impl Decoded {
    /// The body encoded back into JSON.
    ///
    /// A `serde_json::Value` cannot hold every JSON text: this fails if an
    /// unknown member holds a number out of its range (`1e400`) or nests
    /// deeper than its recursion limit. [`Decoded::to_json_text`] writes
    /// those back as they came.
    pub fn to_json(&self) -> Result<Value, serde_json::Error> {
        self.body.to_json()
    }

    /// The body encoded back into JSON text (compact; unknown members
    /// exactly as they came).
    pub fn to_json_text(&self) -> String {
        self.body.to_json_text()
    }

    /// Everything the body kept without understanding it.
    pub fn unrecognized(&self) -> Vec<Unrecognized> {
        self.body.unrecognized()
    }

    /// The body as its concrete type, if it is a `T`.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.body.as_any().downcast_ref()
    }
}

trait Body: fmt::Debug + Send + Sync {
    fn to_json(&self) -> Result<Value, serde_json::Error>;
    fn to_json_text(&self) -> String;
    fn unrecognized(&self) -> Vec<Unrecognized>;
    fn as_any(&self) -> &dyn Any;
}

impl<T: Encode + Inspect + fmt::Debug + Send + Sync + 'static> Body for T {
    fn to_json(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(&self.to_json_text())
    }
    fn to_json_text(&self) -> String {
        crate::__private::to_json(self)
    }
    fn unrecognized(&self) -> Vec<Unrecognized> {
        Inspect::unrecognized(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A response body that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The operation.
    pub operation: &'static str,
    /// The HTTP status the body came with.
    pub status: u16,
    /// The type it was decoded as.
    pub type_name: &'static str,
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

/// What went wrong while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The body is not JSON (or has something after the JSON value).
    NotJson {
        /// serde_json's account, with line and column.
        message: String,
    },
    /// The body stops in the middle of a JSON value.
    Truncated {
        /// serde_json's account, with line and column.
        message: String,
    },
    /// The body is JSON but does not match the type.
    Mismatch {
        /// Where, as in `result.items[0].number` (`.` for the whole body).
        path: String,
        /// What was expected there.
        message: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DecodeError {
            operation,
            status,
            type_name,
            kind,
        } = self;
        match kind {
            DecodeErrorKind::NotJson { message } => write!(
                f,
                "{operation}: the HTTP {status} body is not JSON: {message}"
            ),
            DecodeErrorKind::Truncated { message } => write!(
                f,
                "{operation}: the HTTP {status} body is truncated: {message}"
            ),
            DecodeErrorKind::Mismatch { path, message } => {
                write!(
                    f,
                    "{operation}: the HTTP {status} body does not match `{type_name}` at `{path}`: {message}"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// JSON text that did not decode as the type asked for (from a response
/// type's `from_slice` or `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The type it was decoded as.
    pub type_name: &'static str,
    /// What went wrong, and where.
    pub kind: DecodeErrorKind,
    /// Line and column of the failure, as `serde_json` counts them.
    position: (usize, usize),
}

impl JsonError {
    /// The line (from 1) of the failure.
    pub fn line(&self) -> usize {
        self.position.0
    }

    /// The column of the failure: the bytes of its line up to and
    /// including the one at fault (0 at the very start of a line).
    pub fn column(&self) -> usize {
        self.position.1
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let type_name = self.type_name;
        match &self.kind {
            DecodeErrorKind::NotJson { message } => write!(f, "not JSON: {message}"),
            DecodeErrorKind::Truncated { message } => write!(f, "truncated JSON: {message}"),
            DecodeErrorKind::Mismatch { path, message } => {
                write!(f, "does not match `{type_name}` at `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for JsonError {}

/// Decodes `json` as a `T` named `type_name`; values of the members named
/// in `sensitive` stay out of the error.
pub fn from_json<T: crate::__private::Decode>(
    json: &[u8],
    type_name: &'static str,
    sensitive: &[&str],
) -> Result<T, JsonError> {
    match crate::__private::decode_slice::<T>(json) {
        Ok(value) => Ok(value),
        Err(error) => Err(json_error(&error, json, type_name, sensitive)),
    }
}

/// The error of [`from_json`], out of line: not generic.
fn json_error(
    error: &crate::__private::Error,
    json: &[u8],
    type_name: &'static str,
    sensitive: &[&str],
) -> JsonError {
    let position = error.line_column(json);
    JsonError {
        type_name,
        kind: error_kind(error, position, sensitive),
        position,
    }
}

/// Decodes `body` as a `T`, with an error that names the operation and the
/// path of the first mismatch.
///
/// One pass: the path is added to the error as it travels out of the
/// decoder, so a good response pays nothing for it and a bad one is not
/// decoded twice.
pub fn decode_body<T: crate::__private::Decode>(
    operation: &'static Operation,
    status: u16,
    body: &[u8],
) -> Result<T, DecodeError> {
    let error = match crate::__private::decode_slice::<T>(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    Err(DecodeError {
        operation: operation.id,
        status,
        type_name: short_type_name::<T>(),
        kind: error_kind(&error, error.line_column(body), operation.sensitive_members),
    })
}

/// What a reader's error means for a body, the error at `(line, column)`
/// of it; the message says where, as `serde_json`'s do.
fn error_kind(
    error: &crate::__private::Error,
    (line, column): (usize, usize),
    sensitive: &[&str],
) -> DecodeErrorKind {
    use crate::__private::ErrorKind;
    let message = format!("{} at line {line} column {column}", error.message());
    match error.kind() {
        ErrorKind::Eof => DecodeErrorKind::Truncated { message },
        ErrorKind::Syntax => DecodeErrorKind::NotJson { message },
        ErrorKind::Data => {
            let path = error.path();
            // The message may quote the offending value; a secret's stays out.
            let message = crate::redact::redact_message(&path, &message, sensitive);
            DecodeErrorKind::Mismatch { path, message }
        }
    }
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

/// The registry's decoder for an operation whose success body is `S` and
/// failure body `F`.
pub fn decode_response<S, F>(
    operation: &'static Operation,
    status: u16,
    body: &[u8],
) -> Result<Decoded, DecodeError>
where
    S: crate::__private::Decode + Encode + Inspect + fmt::Debug + Send + Sync + 'static,
    F: crate::__private::Decode + Encode + Inspect + fmt::Debug + Send + Sync + 'static,
{
    if (200..300).contains(&status) {
        let body = crate::__private::tri!(decode_body::<S>(operation, status, body));
        Ok(Decoded {
            operation: operation.id,
            status,
            outcome: Outcome::Success,
            type_name: short_type_name::<S>(),
            body: Box::new(body),
        })
    } else {
        let body = crate::__private::tri!(decode_body::<F>(operation, status, body));
        Ok(Decoded {
            operation: operation.id,
            status,
            outcome: Outcome::Failure,
            type_name: short_type_name::<F>(),
            body: Box::new(body),
        })
    }
}
