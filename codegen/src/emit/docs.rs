//! Turning schema descriptions into rustdoc that renders cleanly and
//! passes `cargo doc` without warnings.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for the given paragraphs.
pub fn attrs(paragraphs: &[String]) -> TokenStream {
    attrs_with(paragraphs, &[])
}

/// Doc attributes for the schema's `paragraphs`, made safe for rustdoc,
/// followed by the generator's own paragraphs, which are Markdown written
/// for rustdoc (intra-doc links included) and go in as they are.
pub fn attrs_with(paragraphs: &[String], own: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let all = paragraphs
        .iter()
        .map(|p| sanitize(p))
        .chain(own.iter().cloned());
    for (i, p) in all.enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.push(p);
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = skip(rest, 1);
            continue;
        }
        if !in_code {
            if c == '[' {
                // A Markdown link `[text](url)` stays as it is.
                if let Some(close) = rest.find("](") {
                    let label = rest.get(1..close).unwrap_or_default();
                    if !label.contains('[')
                        && !label.contains(']')
                        && let Some(end) = skip(rest, close).find(')')
                    {
                        let whole = rest.get(..close + end + 1).unwrap_or_default();
                        out.push_str(whole);
                        rest = skip(rest, whole.len());
                        continue;
                    }
                }
                out.push_str("\\[");
                rest = skip(rest, 1);
                continue;
            }
            if c == ']' {
                out.push_str("\\]");
                rest = skip(rest, 1);
                continue;
            }
            if rest.starts_with("https://") || rest.starts_with("http://") {
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '>')
                    .unwrap_or(rest.len());
                // A full stop or comma that ends the sentence is not part of
                // the URL.
                let url = rest
                    .get(..end)
                    .unwrap_or_default()
                    .trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = skip(rest, url.len());
                continue;
            }
        }
        out.push(c);
        rest = skip(rest, c.len_utf8());
    }
    out
}

fn skip(text: &str, bytes: usize) -> &str {
    text.get(bytes..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{attrs_with, sanitize};

    #[test]
    fn links_and_brackets() {
        assert_eq!(
            sanitize("See https://example.com/a."),
            "See <https://example.com/a>."
        );
        assert_eq!(
            sanitize("[Smart Placement](https://x.y/z) on"),
            "[Smart Placement](https://x.y/z) on"
        );
        assert_eq!(
            sanitize("equivalent to `[\"/*\"]` here"),
            "equivalent to `[\"/*\"]` here"
        );
        assert_eq!(sanitize("a [b] c"), "a \\[b\\] c");
    }

    #[test]
    fn the_generators_own_links_stay_links() {
        let tokens = attrs_with(
            &["From the [schema]".to_owned()],
            &["Build it with [`Thing::new`].".to_owned()],
        )
        .to_string();
        assert!(tokens.contains(r#"" From the \\[schema\\]""#), "{tokens}");
        assert!(
            tokens.contains(r#"" Build it with [`Thing::new`].""#),
            "{tokens}"
        );
    }
}
