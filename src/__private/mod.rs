//! Support for the generated code. Not a public API: the generated impls
//! call these, and they may change with the generator.
//!
//! Keeping the machinery here, rather than writing it out in every
//! generated impl, keeps the generated files short enough to read and
//! cheap to compile.

/// `?` for the runtime's and the generated decoders: a plain `match`, with
/// no `From` conversion and none of the `Try` trait's machinery. Each `?`
/// in a function that returns `Result<T, _>` compiles a conversion for
/// that `T`, kept with those of every other type, so that a change to any
/// one type recompiled all of them; a `match` compiles to nothing of its
/// own.
#[doc(hidden)]
#[macro_export]
macro_rules! __tri {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => return Err(error),
        }
    };
}

pub use crate::__tri as tri;

mod decode;
pub(crate) mod encode;
pub(crate) mod json;
mod object;
#[cfg(feature = "schemars")]
pub mod schema;
mod strict;
mod unknown;

pub use decode::{
    Decode, Fit, Fixed, decode_slice, decode_str, deserialize, fixed, json_type, missing,
    no_alternative, once, optional, rank, read_tag, scan_members, string_enum, unknown_object,
};
pub use encode::{Encode, Writer, serialize, to_json};
pub use json::{Error, ErrorKind, JsonType, Mark, Reader};
pub use object::{CowStr, Redacted, inspect_unknown_members, members_of, whole_number};
pub(crate) use unknown::RAW_VALUE_TOKEN;
pub use unknown::UnknownBuilder;

pub use crate::encoding::{base64_decode, base64_encode};
pub use crate::endpoint::multipart::{FileParts, multipart_form};
pub use crate::endpoint::parse_response;
pub use crate::registry::{OperationParts, decode_response, from_json};
