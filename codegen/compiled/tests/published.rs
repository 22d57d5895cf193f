//! Cloudflare's published document, generated as it is (but for its three
//! contradictory error bodies) and compiled as the module `published`:
//! bodies made of the document's own examples decode through the generated
//! registry and come back whole, with nothing left unrecognized.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test: a broken expectation panics with a message saying which"
)]

use serde_json::{Map, Value, json};
use worker_versions_constructs::published;

fn document() -> Value {
    let text = include_str!("../../../tests/fixtures/published/worker-versions.openapi.json");
    serde_json::from_str(text).unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .expect("a schema reference");
        schema = &doc["components"]["schemas"][name];
    }
    schema
}

/// A value for `schema` made of the document's examples: a schema's own
/// `example` when it has one, else its members' (an object), its items'
/// (an array), its first alternative's (a union), or, for a required
/// member with no example anywhere, the plainest value of its type.
fn example(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 24 {
        return None;
    }
    let schema = resolve(doc, schema);
    if let Some(value) = schema.get("example") {
        return Some(value.clone());
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match example(doc, part, depth + 1) {
                Some(Value::Object(members)) => merged.extend(members),
                Some(other) if parts.len() == 1 => return Some(other),
                _ => {}
            }
        }
        return Some(Value::Object(merged));
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) {
            return alternatives.iter().find_map(|a| example(doc, a, depth + 1));
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned();
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut members = Map::new();
        for (name, member) in properties {
            let value = example(doc, member, depth + 1).or_else(|| {
                required
                    .contains(&name.as_str())
                    .then(|| plain(resolve(doc, member)))
            });
            if let Some(value) = value {
                members.insert(name.clone(), value);
            }
        }
        return Some(Value::Object(members));
    }
    if let Some(items) = schema.get("items") {
        return Some(Value::Array(
            example(doc, items, depth + 1).into_iter().collect(),
        ));
    }
    None
}

fn plain(schema: &Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!(""),
        Some("integer" | "number") => json!(0),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        _ => json!({}),
    }
}

#[test]
fn bodies_made_of_the_documents_examples_decode_whole() {
    let doc = document();
    let failure = json!({"$ref": "#/components/schemas/workers_api-response-common-failure"});
    let mut checked = 0;
    for item in doc["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let registered = published::operations::ALL
                .iter()
                .find(|op| op.id == id)
                .unwrap_or_else(|| panic!("`{id}` is not in the generated registry"));
            let success = &operation["responses"]["200"]["content"]["application/json"]["schema"];
            for (status, schema) in [(200, success), (400, &failure)] {
                let body = example(&doc, schema, 0).unwrap();
                let text = serde_json::to_vec(&body).unwrap();
                let decoded = registered
                    .decode(status, &text)
                    .unwrap_or_else(|e| panic!("{id} {status}: {e}\n{body:#}"));
                let again: Value = serde_json::from_str(&decoded.to_json_text()).unwrap();
                assert_eq!(
                    again, body,
                    "{id} {status}: the round trip changed the body"
                );
                assert_eq!(
                    decoded.unrecognized(),
                    [],
                    "{id} {status}: something was not understood in {body:#}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked, 14,
        "seven operations, a success and a failure body each"
    );
}

#[test]
fn the_success_bodies_carry_the_documents_versions() {
    // The example body of `getWorkerVersion` is a whole version; its typed
    // fields hold the document's example values.
    let doc = document();
    let schema = &doc["paths"]["/accounts/{account_id}/workers/workers/{worker_id}/versions/{version_id}"]
        ["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    let body = example(&doc, schema, 0).unwrap();
    let text = serde_json::to_vec(&body).unwrap();
    let decoded = published::types::GetWorkerVersionResponse::from_slice(&text).unwrap();
    let value = serde_json::to_value(&decoded).unwrap();
    assert_eq!(value["result"]["id"], body["result"]["id"]);
    assert!(body["result"]["id"].is_string(), "{body:#}");
}
