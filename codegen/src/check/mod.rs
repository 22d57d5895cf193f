//! Stage 2 — check: turn the parsed JSON into the [`model`], refusing
//! anything outside the supported subset.
//!
//! The checker never stops at the first problem: it records a
//! [`Diagnostic`] and carries on, so one run shows everything that needs
//! fixing. Cross-references (dangling `$ref`s, cycles, discriminator tags)
//! are checked once every component has been read.

mod document;
pub mod model;
mod operations;
mod read;
mod references;
mod schemas;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Sink, child};
use model::{
    Body, Component, Const, Discriminator, Kind, Location, Object, Operation, Pagination,
    Parameter, PathSegment, Property, Schema, Spec,
};

/// Checks a parsed document. `order` gives each object's member names in
/// document order (see [`crate::load::SourceFile::order`]), so that types,
/// fields and operations come out in the order the schema lists them.
///
/// Problems go to `sink`; the model is complete only if none were found.
pub fn check(root: &Value, order: &HashMap<String, Vec<String>>, sink: &mut Sink) -> Spec {
    let before = sink.len();
    let mut checker = Checker {
        diagnostics: sink,
        order,
        next_is_part: false,
        in_part: false,
        narrowed: None,
        request_bodies: Map::new(),
        inline_components: Vec::new(),
        component_names: BTreeSet::new(),
    };
    let spec = checker.document(root);
    if checker.diagnostics.len() == before {
        references::check(&spec, checker.diagnostics);
    }
    spec
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Keywords that only document or validate a value; the generated types
/// carry them in docs (or not at all) but they never change a type.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "format",
    "default",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords that shape a type.
const STRUCTURAL: &[&str] = &[
    "type",
    "nullable",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
    "$ref",
];

/// Keywords allowed beside `$ref` (OpenAPI 3.1 allows siblings).
const REF_SIBLINGS: &[&str] = &[
    "$ref",
    "title",
    "description",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Extensions the generator interprets.
const EXTENSIONS: &[&str] = &[
    "x-sensitive",
    "x-rust-name",
    "x-enum-varnames",
    "x-whole-number",
    "x-each-file-as-part",
];

struct Checker<'o> {
    diagnostics: &'o mut Sink,
    order: &'o HashMap<String, Vec<String>>,
    /// Set just before checking a part of an `allOf`; taken by the
    /// schema it is for.
    next_is_part: bool,
    /// Whether the schema being checked is itself a part of an `allOf`
    /// (not something nested in one): such a part may require a member
    /// another part declares.
    in_part: bool,
    /// The parts of an `allOf` that stands for one of them
    /// ([`narrowed`]), whose annotations the schema that holds it keeps.
    narrowed: Option<Vec<Schema>>,
    /// `components.requestBodies`, for request bodies given as `$ref`.
    request_bodies: Map<String, Value>,
    /// Components made for schemas written inline where a type needs a
    /// name (a response or request body), named from their operation.
    inline_components: Vec<Component>,
    /// Every component name so far, the document's and those made here,
    /// as [`name_key`]s.
    component_names: BTreeSet<String>,
}

/// What decides whether two component names can become the same Rust
/// type name: their letters and digits, case aside (`list-things-response`
/// and `ListThingsResponse` meet).
fn name_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A short English name for a JSON value's kind.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
