//! Path parameters: each value becomes exactly one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986 is encoded in a
/// segment, so `/`, `?`, `#`, `%` and spaces can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The same set serves query names and values.
pub(crate) const QUERY: &AsciiSet = SEGMENT;

/// A path parameter that cannot be sent as one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParameterError {
    /// The parameter's name.
    pub name: &'static str,
    /// Why.
    pub reason: &'static str,
}

impl std::fmt::Display for PathParameterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the path parameter `{}` {}", self.name, self.reason)
    }
}

impl std::error::Error for PathParameterError {}

/// Appends `value` to `path` as one percent-encoded segment.
///
/// An empty value, `.` and `..` are refused: no encoding keeps them one
/// segment, because URL parsers (the WHATWG rules that most HTTP clients
/// follow) treat `%2E%2E` as `..` and collapse it, which would reach a
/// different endpoint.
pub fn encode_segment(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), PathParameterError> {
    if value.is_empty() {
        return Err(PathParameterError {
            name,
            reason: "is empty, which would change the path",
        });
    }
    if value == "." || value == ".." {
        return Err(PathParameterError {
            name,
            reason: "is a dot segment (`.` or `..`), which URL parsers remove from the path",
        });
    }
    path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(value: &str) -> Result<String, PathParameterError> {
        let mut path = String::new();
        encode_segment(&mut path, "script_name", value).map(|()| path)
    }

    #[test]
    fn hostile_values_stay_one_segment() {
        assert_eq!(segment("../x").as_deref(), Ok("..%2Fx"));
        assert_eq!(segment("a/b").as_deref(), Ok("a%2Fb"));
        assert_eq!(segment("?").as_deref(), Ok("%3F"));
        assert_eq!(segment("#").as_deref(), Ok("%23"));
        assert_eq!(segment("%2F").as_deref(), Ok("%252F"));
        assert_eq!(segment("a b").as_deref(), Ok("a%20b"));
        assert_eq!(segment("wörker").as_deref(), Ok("w%C3%B6rker"));
        assert_eq!(
            segment("my-worker_1.v2~x").as_deref(),
            Ok("my-worker_1.v2~x")
        );
        assert!(segment("..").is_err());
        assert!(segment(".").is_err());
        assert!(segment("").is_err());
    }
}
