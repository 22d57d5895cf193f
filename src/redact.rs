//! Keeping secrets out of error messages.
//!
//! Members the schema marks `x-sensitive` (each [`crate::Operation`]
//! lists them, from the generated `SENSITIVE_MEMBERS`) hold secret text,
//! upload tokens and key material. Their values never appear in `Debug` output (the generated
//! impls print `<redacted>`), and this module keeps them out of the
//! excerpts and messages that errors carry. It works on the text, not on a
//! parsed document, because the bodies that need an excerpt are often not
//! valid JSON.

/// What a secret value is replaced with.
pub const REDACTED: &str = "\"<redacted>\"";

/// `text` cut short at the first sensitive member name, which is followed
/// by `"<redacted>"` and an ellipsis.
///
/// A name counts wherever it appears as a quoted string, escapes decoded
/// (`"te\u0078t"` is `text`) and also inside an escaped string
/// (`\"text\"`). Cutting rather than replacing values one by one is
/// deliberate: excerpts mostly come from bodies that are not valid JSON,
/// and no scan of malformed text can be sure where a value ends, so
/// nothing after a secret's name is shown at all.
pub fn redact_text(text: &str, sensitive: &[&str]) -> String {
    let mut cut: Option<(usize, String)> = None;
    for (at, _) in text.match_indices('"') {
        if let Some((name, _)) = text.get(at..).and_then(|t| sensitive_name(t, sensitive)) {
            cut = Some((at, name.to_owned()));
            break;
        }
    }
    for name in sensitive {
        if let Some(at) = text.find(&format!("\\\"{name}\\\""))
            && cut.as_ref().is_none_or(|(first, _)| at < *first)
        {
            cut = Some((at, (*name).to_owned()));
        }
    }
    match cut {
        None => text.to_owned(),
        Some((at, name)) => format!(
            "{}\"{name}\": {REDACTED} …",
            text.get(..at).unwrap_or_default()
        ),
    }
}

/// If `text` starts with a quoted string that decodes to a sensitive
/// member name, that name and the text after the closing quote.
fn sensitive_name<'t>(text: &'t str, sensitive: &[&str]) -> Option<(String, &'t str)> {
    // Names are short; a longer string is not one of them.
    const LONGEST: usize = 64;
    let mut decoded = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if decoded.len() > LONGEST {
            return None;
        }
        match c {
            '"' => {
                let name = sensitive.iter().find(|n| **n == decoded)?;
                return Some(((*name).to_owned(), text.get(i + 1..).unwrap_or_default()));
            }
            '\\' => match chars.next()?.1 {
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    decoded.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)?,
                    );
                }
                'n' => decoded.push('\n'),
                't' => decoded.push('\t'),
                'r' => decoded.push('\r'),
                'b' => decoded.push('\u{8}'),
                'f' => decoded.push('\u{c}'),
                other => decoded.push(other),
            },
            c => decoded.push(c),
        }
    }
    None
}

/// Whether a decode error at `path` with `message` concerns a sensitive
/// member: the path ends in one, or the message names one (errors from
/// inside a union or a buffered member carry the inner path in the text).
fn concerns_secret(path: &str, message: &str, sensitive: &[&str]) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let last = last.split('[').next().unwrap_or(last);
    sensitive.iter().any(|name| {
        last == *name
            || message.contains(&format!("`{name}`"))
            || message.contains(&format!(".{name}`"))
    })
}

/// A decode error message with the values serde quotes in it ("invalid
/// type: string \"…\"") replaced, when it concerns a sensitive member.
pub fn redact_message(path: &str, message: &str, sensitive: &[&str]) -> String {
    if !concerns_secret(path, message, sensitive) {
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

    /// The names this API marks secret.
    const SECRETS: &[&str] = &["jwt", "key_base64", "key_jwk", "text"];

    #[test]
    fn secret_values_are_replaced_wherever_they_stand() {
        let body = r#"{"bindings":[{"type":"secret_text","name":"A","text":"hunter2"},{"jwt" : "eyJ.x"},{"key_jwk":{"k":"s3cr3t","n":[1,2]}},{"key_base64":"QUJD"}],"plain":"text"}"#;
        let redacted = redact_text(body, SECRETS);
        for secret in ["hunter2", "eyJ.x", "s3cr3t", "QUJD"] {
            assert!(!redacted.contains(secret), "{secret} leaked: {redacted}");
        }
        assert!(
            redacted.contains(r#""name":"A""#),
            "what comes before the first secret stays: {redacted}"
        );
    }

    #[test]
    fn a_bare_value_or_an_escaped_name_cannot_hide_a_secret() {
        // Found by fuzzing: a bare value with a quote in it used to throw the
        // scan out of step, so the next secret showed.
        let redacted = redact_text(r#"{"text":a"b c" "text":"hunter2-secret"}"#, SECRETS);
        assert!(!redacted.contains("hunter2"), "{redacted}");
        let redacted = redact_text(r#"{"te\u0078t":"hunter2-secret"}"#, SECRETS);
        assert!(!redacted.contains("hunter2"), "{redacted}");
        // The closing quote of one value opening the next name.
        let redacted = redact_text(r#"{"text": "a"text": "hunter2-secret"}"#, SECRETS);
        assert!(!redacted.contains("hunter2"), "{redacted}");
    }

    #[test]
    fn broken_bodies_are_redacted_too() {
        assert_eq!(
            redact_text(r#"{"text": "unterminated secret"#, SECRETS),
            r#"{"text": "<redacted>" …"#
        );
        assert!(!redact_text(r#"<html>"text":"x"</html>"#, SECRETS).contains("\"x\""));
        // A secret inside an escaped JSON string, as a proxy might echo it.
        assert!(
            !redact_text(r#"{"message": "{\"text\":\"s3cr3t\"}"}"#, SECRETS).contains("s3cr3t")
        );
    }

    #[test]
    fn messages_about_secrets_lose_their_quoted_values() {
        let serde = r#"invalid type: string "hunter2", expected a JSON object at line 1 column 9"#;
        let message = redact_message("result.resources.bindings[3].key_jwk", serde, SECRETS);
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains("expected a JSON object"));
        // From inside a union, the member is named in the message.
        let inner = r#"at `placement.text` inside: invalid type: string "hunter2", expected a map"#;
        assert!(!redact_message("result", inner, SECRETS).contains("hunter2"));
        // Other members keep the value, which helps debugging.
        assert_eq!(
            redact_message("result.items[0].number", serde, SECRETS),
            serde
        );
    }
}
