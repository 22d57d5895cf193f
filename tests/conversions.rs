//! What a redeploy or rollback tool relies on: a fetched `Version` becomes
//! the `VersionInput` that sends it back, and every binding tells its name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test: a broken expectation panics with a message saying which"
)]

use serde_json::{Value, json};
use worker_versions::types::{Binding, BindingInput, Version, VersionInput};

fn version(extra: Value) -> Version {
    let mut body = json!({
        "id": "f8c1d2a0-0000-4000-8000-000000000001",
        "number": 3,
        "created_on": "2025-09-03T10:00:00.123456Z",
        "urls": ["https://example.workers.dev"],
        "source": "wrangler",
        "startup_time_ms": 9,
        "main_module": "index.js",
        "annotations": {"workers/message": "hi", "workers/triggered_by": "upload"},
        "bindings": [
            {"type": "secret_text", "name": "TOKEN"},
            {"type": "plain_text", "name": "GREETING", "text": "hello"},
            {"type": "hologram", "name": "HOLO", "depth": 3}
        ]
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    serde_json::from_value(body).unwrap()
}

#[test]
fn a_fetched_version_goes_back_without_its_read_only_members() {
    let input = VersionInput::from(version(json!({"future": {"kept": true}})));
    let sent = serde_json::to_value(&input).unwrap();
    for read_only in [
        "id",
        "number",
        "created_on",
        "urls",
        "source",
        "startup_time_ms",
    ] {
        assert!(
            sent.get(read_only).is_none(),
            "`{read_only}` is sent: {sent}"
        );
    }
    assert_eq!(sent["main_module"], "index.js");
    assert_eq!(
        sent["future"],
        json!({"kept": true}),
        "unknown members are kept"
    );
    // `workers/triggered_by` is read-only inside the annotations too.
    assert_eq!(sent["annotations"], json!({"workers/message": "hi"}));
}

#[test]
fn a_secret_without_its_text_is_inherited_and_other_bindings_go_back_as_they_came() {
    let input = VersionInput::from(version(json!({})));
    let bindings = serde_json::to_value(&input.bindings).unwrap();
    assert_eq!(
        bindings,
        json!([
            {"type": "inherit", "name": "TOKEN"},
            {"type": "plain_text", "name": "GREETING", "text": "hello"},
            {"type": "hologram", "name": "HOLO", "depth": 3}
        ])
    );
}

#[test]
fn a_secret_whose_text_is_there_is_sent_as_a_secret() {
    let binding: Binding =
        serde_json::from_value(json!({"type": "secret_text", "name": "T", "text": "s3cret"}))
            .unwrap();
    let input = BindingInput::from(binding);
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"type": "secret_text", "name": "T", "text": "s3cret"})
    );
}

#[test]
fn every_binding_tells_its_name_even_an_unknown_kind() {
    let version = version(json!({}));
    let names: Vec<Option<&str>> = version
        .bindings
        .iter()
        .flatten()
        .map(Binding::name)
        .collect();
    assert_eq!(names, [Some("TOKEN"), Some("GREETING"), Some("HOLO")]);
    let nameless: Binding = serde_json::from_value(json!({"type": "hologram"})).unwrap();
    assert_eq!(nameless.name(), None);
    let input = BindingInput::from(nameless);
    assert_eq!(input.name(), None);
}
