//! Documentation text taken from the schema: descriptions split into
//! paragraphs, titles and summaries made sentences.

/// Splits a description into Markdown paragraphs, joining hard-wrapped
/// lines.
pub fn paragraphs(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// The first sentence of a description, for variant docs.
pub fn first_sentence(text: Option<&str>) -> Vec<String> {
    paragraphs(text)
        .into_iter()
        .next()
        .map(|p| match p.find(". ") {
            Some(i) => p.get(..=i).unwrap_or(&p).to_owned(),
            None => p,
        })
        .into_iter()
        .collect()
}

/// A title or summary as a sentence: with a full stop, but only one.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
