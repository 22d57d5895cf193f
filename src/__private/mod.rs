//! Support for the generated code. Not a public API: the generated impls
//! call these, and they may change with the generator.
//!
//! Keeping the machinery here, rather than writing it out in every
//! generated impl, keeps the generated file short enough to read and
//! cheap to compile.

mod object;
pub(crate) mod path;
#[cfg(feature = "schemars")]
pub mod schema;
mod strict;
mod union;
mod unknown;

pub use object::{
    CowStr, DecodeObject, FieldName, FixedBool, FixedStr, Key, Redacted, deserialize_object,
    deserialize_string_enum, inspect_unknown_members, members_of, next_fixed, next_once,
    next_optional, serialize_unknown_members, whole_number,
};
pub use strict::{Generated, Strict, StrictDecode, decode_members};
pub use union::{
    Decoder, Fit, Fixed, Prefixed, decode_best_fit, decode_buffered, read_tag, unknown_alternative,
};
pub(crate) use unknown::RAW_VALUE_TOKEN;
pub use unknown::UnknownBuilder;

pub use crate::encoding::{base64_decode, base64_encode};
pub use crate::endpoint::multipart::{FileParts, multipart_form};
pub use crate::endpoint::parse_response;
pub use crate::registry::{OperationParts, decode_response};
