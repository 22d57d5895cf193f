//! Which generated item goes into which file, and how a file is printed.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::ir::TypeDef;
use crate::ir::names;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Where it goes, relative to the output directory, `/`-separated
    /// (`types/version.rs`).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// The types of one schema component: the component's own type, its
/// request twin and the shapes written inline inside it.
pub struct Group<'a> {
    /// The schema definition they come from, as a URI fragment
    /// (`#/components/schemas/Version`).
    pub source: String,
    /// The module (and file stem) they go into.
    pub module: String,
    /// The types, in schema order.
    pub types: Vec<&'a TypeDef>,
}

/// Names a generated module must not take: what the generated code names
/// by path (`serde::Serialize`, `rt::…`, `types::…`), which a module of
/// the same name would shadow.
const RESERVED: &[&str] = &[
    "alloc",
    "core",
    "crate",
    "http",
    "operations",
    "registry",
    "rt",
    "schemars",
    "self",
    "serde",
    "serde_json",
    "std",
    "super",
    "types",
];

/// The module names already taken before any is chosen.
pub fn reserved() -> BTreeMap<String, ()> {
    RESERVED
        .iter()
        .map(|name| ((*name).to_owned(), ()))
        .collect()
}

/// Groups types by the component they come from, in the order the
/// components come.
pub fn group_types(types: &[TypeDef]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut taken = reserved();
    for def in types {
        let source = definition(&def.pointer, &def.name.name);
        match index.get(&source) {
            Some(&at) => {
                if let Some(group) = groups.get_mut(at) {
                    group.types.push(def);
                }
            }
            None => {
                index.insert(source.clone(), groups.len());
                groups.push(Group {
                    module: unique_module(&def.name.name, &mut taken),
                    source,
                    types: vec![def],
                });
            }
        }
    }
    groups
}

/// The schema definition a type comes from: the component its pointer is
/// inside, or the pointer itself (the type's name when it has none).
fn definition(pointer: &str, name: &str) -> String {
    if pointer.is_empty() {
        return format!("`{name}`");
    }
    let component = pointer
        .strip_prefix("/components/schemas/")
        .map(|rest| rest.split('/').next().unwrap_or(rest));
    match component {
        Some(component) => format!("#/components/schemas/{component}"),
        None => format!("#{pointer}"),
    }
}

/// A module name for the type (or operation) `name`, different from every
/// one in `taken`, which it joins.
pub fn unique_module(name: &str, taken: &mut BTreeMap<String, ()>) -> String {
    let base = names::module(name);
    let mut module = base.clone();
    let mut n = 2;
    while taken.contains_key(&module) {
        module = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(module.clone(), ());
    module
}

/// Prints `tokens` as the file `path`: the banner, a line saying what the
/// file holds, then each item, with a blank line between items.
pub fn render(path: String, about: &str, tokens: TokenStream) -> Result<OutputFile, syn::Error> {
    let mut file = syn::parse2::<syn::File>(tokens)?;
    let items = std::mem::take(&mut file.items);
    let mut text = String::from(super::BANNER);
    text.push_str("//\n// This file: ");
    text.push_str(about);
    text.push('\n');
    for item in items {
        // Printing one item at a time is what puts a blank line between
        // them.
        file.items = vec![item];
        text.push('\n');
        text.push_str(&space_out(&prettyplease::unparse(&file)));
    }
    Ok(OutputFile { path, text })
}

/// Puts a blank line between the items of an `impl` or module body (one
/// level in): `prettyplease` prints them back to back. A `pub use` stays
/// with the item before it.
fn space_out(item: &str) -> String {
    const STARTS: &[&str] = &[
        "#[", "///", "pub ", "fn ", "type ", "const ", "impl ", "mod ", "unsafe ",
    ];
    let mut out = String::with_capacity(item.len() + item.len() / 16);
    let mut previous = "";
    for line in item.lines() {
        let nested = line.strip_prefix("    ").unwrap_or("");
        let starts_item = !nested.starts_with(' ')
            && !nested.starts_with("pub use ")
            && STARTS.iter().any(|s| nested.starts_with(s));
        let ended_item = previous == "    }"
            || (previous.ends_with(';')
                && previous.starts_with("    ")
                && !previous.starts_with("     "));
        if ended_item && starts_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_grouped_by_component() {
        assert_eq!(
            definition("/components/schemas/Version/properties/a", "X"),
            "#/components/schemas/Version"
        );
        assert_eq!(
            definition("/components/schemas/a~1b", "X"),
            "#/components/schemas/a~1b"
        );
        assert_eq!(definition("/paths/~1x/get", "X"), "#/paths/~1x/get");
        assert_eq!(definition("", "Query"), "`Query`");
    }

    #[test]
    fn module_names_are_unique() {
        let mut taken = BTreeMap::new();
        assert_eq!(unique_module("HttpStatus", &mut taken), "http_status");
        assert_eq!(unique_module("HTTPStatus", &mut taken), "http_status_2");
        assert_eq!(unique_module("Type", &mut taken), "type_");
        let mut taken = reserved();
        assert_eq!(unique_module("Serde", &mut taken), "serde_2");
        assert_eq!(unique_module("Rt", &mut taken), "rt_2");
    }

    #[test]
    fn items_one_level_in_are_spaced_out() {
        let text = "impl A {\n    fn a() {}\n    fn b() {\n        x();\n    }\n    fn c() {}\n}\n";
        assert_eq!(
            space_out(text),
            "impl A {\n    fn a() {}\n    fn b() {\n        x();\n    }\n\n    fn c() {}\n}\n"
        );
    }
}
