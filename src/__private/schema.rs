//! Building the `schemars` schemas of generated types.

use schemars::Schema;
use serde_json::{Map, Value, json};

/// An object schema with no members yet.
pub fn object(description: &str, closed: bool) -> Schema {
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    schema.insert("properties".into(), Value::Object(Map::new()));
    schema.insert("required".into(), Value::Array(Vec::new()));
    // Unknown members are kept, so the Rust type accepts them even where the
    // schema forbids them; the flag records what the schema says.
    if closed {
        schema.insert("x-closed".into(), true.into());
    }
    Schema::from(schema)
}

fn push(schema: &mut Schema, name: &str, property: Value, required: bool) {
    let object = schema.ensure_object();
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.insert(name.to_owned(), property);
    }
    if required && let Some(Value::Array(list)) = object.get_mut("required") {
        list.push(name.into());
    }
}

/// Adds a member.
pub fn property(schema: &mut Schema, name: &str, property: Schema, required: bool) {
    push(schema, name, property.to_value(), required);
}

/// Adds a required member with a fixed value.
pub fn fixed(schema: &mut Schema, name: &str, value: impl Into<Value>) {
    push(schema, name, json!({ "const": value.into() }), true);
}

/// A string enum that also accepts values it does not know.
pub fn open_enum(description: &str, values: &[&str]) -> Schema {
    let mut schema = Map::new();
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    schema.insert(
        "anyOf".into(),
        json!([{ "type": "string", "enum": values }, { "type": "string" }]),
    );
    Schema::from(schema)
}

/// How a union's schema reads.
#[derive(Debug, Clone, Copy)]
pub enum UnionKind {
    /// Chosen by a tag member; unknown tags are kept.
    Tagged(&'static str),
    /// Chosen by the members present; objects that fit none are kept.
    Open,
    /// Chosen by JSON type; nothing else is accepted.
    Closed,
}

/// A union of the given alternatives.
pub fn union(description: &str, kind: UnionKind, variants: Vec<Schema>) -> Schema {
    let mut schema = Map::new();
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    let mut alternatives: Vec<Value> = variants.into_iter().map(Schema::to_value).collect();
    match kind {
        UnionKind::Closed => {
            schema.insert("oneOf".into(), Value::Array(alternatives));
        }
        UnionKind::Tagged(property) => {
            alternatives.push(json!({ "type": "object", "required": [property] }));
            schema.insert("anyOf".into(), Value::Array(alternatives));
            schema.insert("x-discriminator".into(), property.into());
        }
        UnionKind::Open => {
            alternatives.push(json!({ "type": "object" }));
            schema.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
    Schema::from(schema)
}
