//! Support for the generated code. Not a public API: the generated impls
//! call these, and they may change with the generator.
//!
//! Keeping the machinery here, rather than writing it out in every
//! generated impl, keeps the generated file short enough to read and
//! cheap to compile.

mod object;
#[cfg(feature = "schemars")]
pub mod schema;
mod union;

pub use object::{
    DecodeObject, FieldName, FixedBool, FixedStr, Key, Redacted, decode_members,
    deserialize_object, deserialize_string_enum, insert_unknown, inspect_unknown_members,
    require_flag, required, serialize_unknown_members, set_flag, set_once,
};
pub use union::{Decoder, Fit, Fixed, Prefixed, decode_best_fit, decode_buffered, read_tag};

pub use crate::registry::decode_response;
