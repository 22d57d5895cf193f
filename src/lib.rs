//! Typed, lossless access to Cloudflare's Worker Versions API.
//!
//! The types in [`types`] are generated from the OpenAPI document in
//! `schema/` by `worker-versions-codegen` when the crate builds. They keep
//! everything a response carries, including what this crate does not know
//! yet:
//!
//! - unknown members stay in each struct's `unknown_members`, as the JSON
//!   text they came in ([`UnknownMembers`]);
//! - unknown enum values and unknown union alternatives (a binding `type`
//!   added after this release, say) decode into an `Other` variant;
//! - numbers keep their digits and form ([`Number`]), timestamps their text, and
//!   `null` stays distinct from an absent member.
//!
//! So decoding a response and encoding it again gives back the same JSON,
//! and [`Inspect`] lists what was kept without being understood.
//!
//! ```
//! use worker_versions::types::{Binding, WorkerVersionResponse};
//! use worker_versions::Inspect;
//!
//! let body = r#"{"success": true, "errors": [], "messages": [],
//!     "result": {"id": "f8c1d2a0-0000-4000-8000-000000000001", "number": 3,
//!                "created_on": "2025-09-03T10:00:00.123456Z", "urls": [],
//!                "bindings": [{"type": "ai", "name": "AI"},
//!                             {"type": "hologram", "name": "HOLO", "depth": 3}]}}"#;
//! let response: WorkerVersionResponse = serde_json::from_str(body)?;
//! let bindings = response.result.bindings.as_deref().unwrap_or_default();
//! assert!(matches!(bindings[0], Binding::Ai(_)));
//! assert_eq!(bindings[1].tag(), "hologram");
//!
//! // Nothing is lost on the way back.
//! let again = serde_json::to_value(&response)?;
//! assert_eq!(again, serde_json::from_str::<serde_json::Value>(body)?);
//!
//! // And what the crate does not know is reported with its path.
//! let unknown = response.unrecognized();
//! assert_eq!(unknown[0].path, "result.bindings[1]");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [`operations`] lists every operation with a decoder for its responses;
//! The `decode` tool of this workspace (`decode/`) is built on it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unnameable_types)]

#[cfg(feature = "client")]
mod client;
mod encoding;
mod endpoint;
mod inspect;
mod nullable;
mod number;
mod redact;
mod registry;
mod unknown;

#[doc(hidden)]
pub mod __private;

mod generated {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/worker_versions/mod.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/mod.rs");
}

/// The `http` crate, whose `Request` and `Method` the descriptors use.
pub use http;

#[cfg(feature = "client")]
pub use client::{Client, ClientError};
pub use encoding::Base64Error;
pub use endpoint::{
    ApiError, ApiErrorKind, Auth, DEFAULT_BASE_URL, Endpoint, ModuleNameError, ModulePart,
    Multipart, Paginated, PathParameterError, QueryBuilder, RequestBody, RequestError,
    ResponseMessage, encode_segment, next_page_number, upload_form,
};
pub use generated::{operations, types};
pub use inspect::{Inspect, JsonPath, Unrecognized, UnrecognizedKind};
pub use nullable::{Null, Nullable};
pub use number::{Number, NumberError};
pub use registry::{
    DecodeError, DecodeErrorKind, Decoded, JsonError, Operation, Outcome, decode_body,
};
pub use unknown::UnknownMembers;

/// The README's code examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
