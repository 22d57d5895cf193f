//! Base64, for members the schema marks `format: byte` (a module's
//! `content_base64`): the generated constructors encode bytes into them and
//! the accessors decode them.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// A member that should hold base64 does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error {
    message: String,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not valid base64: {}", self.message)
    }
}

impl std::error::Error for Base64Error {}

/// Standard base64, with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64, with padding.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    STANDARD.decode(text).map_err(|e| Base64Error {
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&bytes)), Ok(bytes));
        assert_eq!(base64_encode(b"hi"), "aGk=");
        let error = base64_decode("a!").unwrap_err();
        assert!(error.to_string().starts_with("not valid base64"), "{error}");
    }
}
