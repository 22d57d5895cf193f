//! Keeping secrets out of error messages.
//!
//! Members the schema marks `x-sensitive` (see
//! [`crate::types::SENSITIVE_MEMBERS`]) hold secret text, upload tokens and
//! key material. Their values never appear in `Debug` output (the generated
//! impls print `<redacted>`), and this module keeps them out of the
//! excerpts and messages that errors carry. It works on the text, not on a
//! parsed document, because the bodies that need an excerpt are often not
//! valid JSON.

use crate::types::SENSITIVE_MEMBERS;

/// What a secret value is replaced with.
pub const REDACTED: &str = "\"<redacted>\"";

/// `text` with the value of every sensitive member replaced by
/// `"<redacted>"`. A member name counts wherever it appears as a quoted
/// string followed by `:`, so the rule errs on the side of hiding.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while let Some(quote) = rest.find('"') {
        out.push_str(rest.get(..quote).unwrap_or_default());
        rest = rest.get(quote..).unwrap_or_default();
        for name in SENSITIVE_MEMBERS {
            let Some(after_name) = rest
                .strip_prefix('"')
                .and_then(|r| r.strip_prefix(name))
                .and_then(|r| r.strip_prefix('"'))
            else {
                continue;
            };
            let after_colon = after_name.trim_start();
            let Some(value) = after_colon.strip_prefix(':') else {
                continue;
            };
            let value = value.trim_start();
            let len = value_len(value);
            out.push('"');
            out.push_str(name);
            out.push_str("\": ");
            out.push_str(REDACTED);
            rest = value.get(len..).unwrap_or_default();
            continue 'scan;
        }
        // Not a sensitive member: copy the string as it is.
        let len = value_len(rest);
        out.push_str(rest.get(..len).unwrap_or(rest));
        rest = rest.get(len..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The length in bytes of the JSON value at the start of `text`, or of
/// the whole text if it ends first.
fn value_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut escaped = false;
            for (i, b) in bytes.iter().enumerate().skip(1) {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => return i + 1,
                    _ => {}
                }
            }
            bytes.len()
        }
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut in_string = false;
            let mut escaped = false;
            for (i, b) in bytes.iter().enumerate() {
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
            }
            bytes.len()
        }
        Some(_) => bytes
            .iter()
            .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
            .unwrap_or(bytes.len()),
        None => 0,
    }
}

/// Whether a decode error at `path` with `message` concerns a sensitive
/// member: the path ends in one, or the message names one (errors from
/// inside a union or a buffered member carry the inner path in the text).
fn concerns_secret(path: &str, message: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let last = last.split('[').next().unwrap_or(last);
    SENSITIVE_MEMBERS.iter().any(|name| {
        last == *name
            || message.contains(&format!("`{name}`"))
            || message.contains(&format!(".{name}`"))
    })
}

/// A decode error message with the values serde quotes in it ("invalid
/// type: string \"…\"") replaced, when it concerns a sensitive member.
pub fn redact_message(path: &str, message: &str) -> String {
    if !concerns_secret(path, message) {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    // Every other piece sits between quotes.
    for (i, piece) in parts.enumerate() {
        if i % 2 == 0 {
            out.push_str("\"<redacted>");
        } else {
            out.push('"');
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_replaced_wherever_they_stand() {
        let body = r#"{"bindings":[{"type":"secret_text","name":"A","text":"hunter2"},{"jwt" : "eyJ.x"},{"key_jwk":{"k":"s3cr3t","n":[1,2]}},{"key_base64":"QUJD"}],"plain":"text"}"#;
        let redacted = redact_text(body);
        for secret in ["hunter2", "eyJ.x", "s3cr3t", "QUJD"] {
            assert!(!redacted.contains(secret), "{secret} leaked: {redacted}");
        }
        assert!(redacted.contains(r#""name":"A""#));
        assert!(redacted.contains(r#""plain":"text""#));
    }

    #[test]
    fn broken_bodies_are_redacted_too() {
        assert_eq!(
            redact_text(r#"{"text": "unterminated secret"#),
            r#"{"text": "<redacted>""#
        );
        assert!(!redact_text(r#"<html>"text":"x"</html>"#).contains("\"x\""));
    }

    #[test]
    fn messages_about_secrets_lose_their_quoted_values() {
        let serde = r#"invalid type: string "hunter2", expected a JSON object at line 1 column 9"#;
        let message = redact_message("result.resources.bindings[3].key_jwk", serde);
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains("expected a JSON object"));
        // From inside a union, the member is named in the message.
        let inner = r#"at `placement.text` inside: invalid type: string "hunter2", expected a map"#;
        assert!(!redact_message("result", inner).contains("hunter2"));
        // Other members keep the value, which helps debugging.
        assert_eq!(redact_message("result.items[0].number", serde), serde);
    }
}
