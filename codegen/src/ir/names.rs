//! Naming rules: how JSON names become Rust identifiers.
//!
//! Kept in one place because the same rules decide collisions (see
//! `lower`), the emitted code and the documentation in README.md.

use std::collections::HashMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use super::{Enum, EnumVariant};
use crate::diagnostic::{Diagnostic, Sink};

/// What a request type's name ends with when its schema reads differently
/// in a request than in a response (`VersionInput` beside `Version`).
pub const INPUT_SUFFIX: &str = "Input";

/// The name of the variant that keeps unknown values and alternatives.
pub const OTHER: &str = "Other";

/// Words that cannot be used even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust keywords (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// How a name is written in generated code: either a plain identifier or a
/// raw one (`r#type`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident {
    /// The identifier without any `r#` prefix.
    pub name: String,
    /// Whether it must be written as `r#name`.
    pub raw: bool,
}

impl Ident {
    fn plain(name: String) -> Self {
        Ident { name, raw: false }
    }

    /// How the identifier reads in source code.
    pub fn source(&self) -> String {
        if self.raw {
            format!("r#{}", self.name)
        } else {
            self.name.clone()
        }
    }
}

fn guard(mut name: String, digit_prefix: &str) -> Ident {
    if name.is_empty() {
        name.push_str(digit_prefix);
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
        return Ident::plain(name);
    }
    if KEYWORDS.contains(&name.as_str()) {
        return Ident { name, raw: true };
    }
    Ident::plain(name)
}

/// Only ASCII letters and digits survive; everything else separates words.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `hasPreview` → `has_preview`, `workers/message` → `workers_message`,
/// `type` → `r#type`, `404-page` → `_404_page`.
pub fn field(json_name: &str) -> Ident {
    guard(words(json_name).to_snake_case(), "_")
}

/// `workers_binding_kind_ai` → `WorkersBindingKindAi`, `Self` → `Self_`.
pub fn type_name(name: &str) -> Ident {
    guard(words(name).to_upper_camel_case(), "Type")
}

/// `auto-trailing-slash` → `AutoTrailingSlash`, `404-page` → `Value404Page`.
pub fn variant(value: &str) -> Ident {
    guard(words(value).to_upper_camel_case(), "Value")
}

/// The module (and file stem) of a generated type or operation:
/// `ScriptVersion` → `script_version`. Never a keyword, not even a raw
/// one, since it also names a file: `Type` → `type_`.
pub fn module(name: &str) -> String {
    let mut module = words(name).to_snake_case();
    if module.is_empty() || module.starts_with(|c: char| c.is_ascii_digit()) {
        module.insert(0, '_');
    }
    if KEYWORDS.contains(&module.as_str()) || NOT_RAW.contains(&module.as_str()) {
        module.push('_');
    }
    module
}

/// `worker-versions-list-versions` → `WORKER_VERSIONS_LIST_VERSIONS`.
pub fn constant(name: &str) -> String {
    words(name).to_shouty_snake_case()
}

/// `createWorkerVersion` → `CreateWorkerVersion`.
pub fn pascal(name: &str) -> String {
    words(name).to_upper_camel_case()
}

/// The variant name for an alternative of a union whose members are named
/// types: the union's own name is dropped where it is a prefix or suffix,
/// so `Placement` + `SmartPlacement` reads `Placement::Smart`.
pub fn union_variant(union: &str, member: &str) -> String {
    if member.len() > union.len() {
        if let Some(rest) = member.strip_suffix(union)
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return rest.to_owned();
        }
        if let Some(rest) = member.strip_prefix(union)
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return rest.to_owned();
        }
    }
    member.to_owned()
}

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is usable as a Rust identifier as written.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// An enum's variants, named from its values (or `x-enum-varnames`): the one
/// rule for component enums and query parameter enums alike. A name that is
/// not an identifier, `Other` (which keeps unknown values) and two values
/// with one name are diagnostics, with `pointer` the enum's schema.
pub fn enumeration(
    values: &[String],
    given: Option<&[String]>,
    pointer: &str,
    diagnostics: &mut Sink,
) -> Enum {
    let mut variants = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (i, value) in values.iter().enumerate() {
        let name = match given.and_then(|g| g.get(i)) {
            Some(n) => {
                if !is_identifier(n) || is_keyword(n) {
                    diagnostics.push(Diagnostic::new(
                        format!("{pointer}/x-enum-varnames/{i}"),
                        format!("expected a PascalCase Rust identifier that is not a keyword, found `{n}`"),
                        if is_keyword(n) {
                            format!("`{n}` is a Rust keyword; pick another name, such as `{n}Value`")
                        } else {
                            "use PascalCase ASCII letters and digits, starting with a letter".to_owned()
                        },
                    ));
                }
                Ident {
                    name: n.clone(),
                    raw: false,
                }
            }
            None => variant(value),
        };
        if name.name == OTHER {
            diagnostics.push(Diagnostic::new(
                format!("{pointer}/enum/{i}"),
                format!("expected no enum value to be named `{OTHER}`, but `{value}` is"),
                format!("`{OTHER}` keeps unknown values; name this one with `x-enum-varnames`"),
            ));
        }
        if let Some(first) = seen.insert(name.name.clone(), value.clone()) {
            diagnostics.push(Diagnostic::new(
                format!("{pointer}/enum/{i}"),
                format!("expected enum values to stay distinct in Rust, but `{first}` and `{value}` both become `{}`", name.name),
                "name the variants with `x-enum-varnames`",
            ));
        }
        variants.push(EnumVariant {
            value: value.clone(),
            name,
        });
    }
    Enum { variants }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field("hasPreview").source(), "has_preview");
        assert_eq!(field("workers/message").source(), "workers_message");
        assert_eq!(field("type").source(), "r#type");
        assert_eq!(field("ref").source(), "r#ref");
        assert_eq!(field("self").source(), "self_");
        assert_eq!(field("Self").source(), "self_");
        assert_eq!(field("404-page").source(), "_404_page");
    }

    #[test]
    fn types_and_variants() {
        assert_eq!(
            type_name("workers_binding_kind_ai").source(),
            "WorkersBindingKindAi"
        );
        assert_eq!(type_name("Self").source(), "Self_");
        assert_eq!(variant("auto-trailing-slash").source(), "AutoTrailingSlash");
        assert_eq!(variant("404-page").source(), "Value404Page");
        assert_eq!(variant("fedramp-high").source(), "FedrampHigh");
        assert_eq!(union_variant("Placement", "SmartPlacement"), "Smart");
        assert_eq!(
            union_variant("Migrations", "SingleStepMigrations"),
            "SingleStep"
        );
        assert_eq!(union_variant("Binding", "Binding"), "Binding");
    }
}
