//! `UnknownMembers`: what the crate keeps of members it does not know, from
//! every way of decoding, and the API for reading and changing them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail by panicking"
)]

use serde_json::{Value, json};
use worker_versions::UnknownMembers;
use worker_versions::types::{Binding, ScriptVersionMetadata, WorkerVersionResponse};

/// Known members, then unknown ones written with odd spacing, an exponent,
/// `-0`, an escaped name and a value holding the same name twice.
const METADATA: &str = r#"{"author_id": "a1",
    "region" :  { "name" : "weur",  "tiers": [1, 2.50, -0, 1e3] },
    "source": "wrangler", "a\"b": true, "dup": {"k": 1, "k": 2}}"#;

const KEPT: &str = r#"{"region":{ "name" : "weur",  "tiers": [1, 2.50, -0, 1e3] },"a\"b":true,"dup":{"k": 1, "k": 2}}"#;

#[test]
fn values_are_kept_as_the_text_that_came() {
    let from_str: ScriptVersionMetadata = serde_json::from_str(METADATA).unwrap();
    assert_eq!(from_str.unknown_members.as_json(), KEPT);
    let from_slice: ScriptVersionMetadata = serde_json::from_slice(METADATA.as_bytes()).unwrap();
    assert_eq!(from_slice.unknown_members.as_json(), KEPT);
    // A reader hands the text over as an owned string.
    let from_reader: ScriptVersionMetadata =
        serde_json::from_reader(std::io::Cursor::new(METADATA)).unwrap();
    assert_eq!(from_reader.unknown_members.as_json(), KEPT);
    // The decoder that reports paths wraps the deserializer; the text still
    // comes through.
    let decoded: ScriptVersionMetadata = worker_versions::decode_body(
        &worker_versions::operations::WORKER_VERSIONS_UPLOAD_VERSION,
        200,
        METADATA.as_bytes(),
    )
    .unwrap();
    assert_eq!(decoded.unknown_members.as_json(), KEPT);

    // Encoding writes them back after the known members, as they were.
    let again = serde_json::to_string(&from_str).unwrap();
    assert_eq!(
        again,
        format!(
            r#"{{"author_id":"a1","source":"wrangler",{}"#,
            KEPT.strip_prefix('{').unwrap()
        )
    );
}

#[test]
fn a_value_decodes_to_equal_members() {
    // From a `Value` the text is serde_json's compact form, with objects'
    // members in the `Value`'s order; the members are still equal.
    let value: Value = serde_json::from_str(METADATA).unwrap();
    let from_value: ScriptVersionMetadata = serde_json::from_value(value.clone()).unwrap();
    let from_str: ScriptVersionMetadata = serde_json::from_str(METADATA).unwrap();
    assert_ne!(
        from_value.unknown_members.as_json(),
        from_str.unknown_members.as_json()
    );
    assert_eq!(from_value, from_str);
    assert_eq!(serde_json::to_value(&from_value).unwrap(), value);
    // Different members are not equal.
    let other: ScriptVersionMetadata =
        serde_json::from_str(&METADATA.replace("weur", "enam")).unwrap();
    assert_ne!(other, from_str);
}

#[test]
fn member_names_are_escaped_canonically_and_repeats_are_refused() {
    let metadata: ScriptVersionMetadata =
        serde_json::from_str(r#"{"te\u0078t": 1, "tab\tname": 2, "\u0001": 3}"#).unwrap();
    assert_eq!(
        metadata.unknown_members.as_json(),
        r#"{"text":1,"tab\tname":2,"\u0001":3}"#
    );
    // The same name, spelled two ways.
    let error =
        serde_json::from_str::<ScriptVersionMetadata>(r#"{"x": 1, "\u0078": 2}"#).unwrap_err();
    assert!(
        error.to_string().contains("duplicate member `x`"),
        "{error}"
    );
    // Past the first six names too.
    let many: String = (0..20).map(|i| format!(r#""m{i}": {i}, "#)).collect();
    let body = format!(r#"{{{many}"m17": 0}}"#);
    let error = serde_json::from_str::<ScriptVersionMetadata>(&body).unwrap_err();
    assert!(
        error.to_string().contains("duplicate member `m17`"),
        "{error}"
    );
    let body = format!(r#"{{{many}"m20": 0}}"#);
    let ok: ScriptVersionMetadata = serde_json::from_str(&body).unwrap();
    assert_eq!(ok.unknown_members.len(), 21);
}

#[test]
fn reading_and_changing_members() {
    let mut members = serde_json::from_str::<ScriptVersionMetadata>(METADATA)
        .unwrap()
        .unknown_members;
    assert_eq!(members.len(), 3);
    assert!(!members.is_empty());
    let names: Vec<String> = members.iter().map(|(name, _)| name.into_owned()).collect();
    assert_eq!(names, ["region", "a\"b", "dup"]);
    assert_eq!(members.get("a\"b").unwrap().get(), "true");
    assert!(members.get("missing").is_none());

    // `insert` replaces in place, or appends.
    members.insert("a\"b", &false).unwrap();
    members.insert("added", &json!({"x": [1]})).unwrap();
    assert_eq!(
        members.as_json(),
        r#"{"region":{ "name" : "weur",  "tiers": [1, 2.50, -0, 1e3] },"a\"b":false,"dup":{"k": 1, "k": 2},"added":{"x":[1]}}"#
    );
    assert_eq!(
        members.remove("region").unwrap().get(),
        r#"{ "name" : "weur",  "tiers": [1, 2.50, -0, 1e3] }"#
    );
    assert!(members.remove("region").is_none());

    // As `serde_json` values: a repeated name inside a value keeps the last.
    assert_eq!(
        Value::Object(members.to_map()),
        json!({"a\"b": false, "dup": {"k": 2}, "added": {"x": [1]}})
    );

    // Built from values, and serialized on their own as an object.
    let built = UnknownMembers::from(json!({"b": 2, "a": [true]}).as_object().unwrap().clone());
    assert_eq!(built.as_json(), r#"{"a":[true],"b":2}"#);
    assert_eq!(
        serde_json::to_string(&built).unwrap(),
        r#"{"a":[true],"b":2}"#
    );
    let read: UnknownMembers = serde_json::from_str(r#"{"a": [true], "b": 2}"#).unwrap();
    assert_eq!(read, built);
    assert!(serde_json::from_str::<UnknownMembers>(r#"{"a": 1, "a": 2}"#).is_err());

    // Empty: no text, `{}` as JSON.
    let empty = UnknownMembers::new();
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
    assert_eq!(empty.as_json(), "{}");
    assert_eq!(format!("{empty:?}"), "UnknownMembers({})");
}

#[test]
fn another_deserializer_hands_over_values_that_are_written_as_json() {
    // serde's own map deserializer knows nothing of serde_json's raw text,
    // so each value comes as itself and is written out as JSON.
    use serde::de::IntoDeserializer as _;
    use serde::de::value::{Error, MapDeserializer};
    let pairs = vec![("author_id", "a1"), ("note", "say \"hi\"\n")];
    let deserializer: MapDeserializer<'_, _, Error> = MapDeserializer::new(pairs.into_iter());
    let metadata: ScriptVersionMetadata =
        serde::Deserialize::deserialize(deserializer.into_deserializer()).unwrap();
    assert_eq!(metadata.author_id.as_deref(), Some("a1"));
    assert_eq!(
        metadata.unknown_members.as_json(),
        r#"{"note":"say \"hi\"\n"}"#
    );
}

#[test]
fn bindings_keep_unknown_members_whether_or_not_the_tag_comes_first() {
    let body = r#"{"success": true, "errors": [], "messages": [], "result": {
        "id": "v", "number": 1, "created_on": "2025-01-01T00:00:00Z", "urls": [],
        "bindings": [
            {"type": "kv_namespace", "name": "KV", "namespace_id": "n", "extra": [1,  2]},
            {"extra": [1,  2], "name": "KV", "type": "kv_namespace", "namespace_id": "n"},
            {"type": "hologram", "name": "H", "depth": 3}
        ]}}"#;
    let response: WorkerVersionResponse = serde_json::from_str(body).unwrap();
    let bindings = response.result.bindings.as_deref().unwrap();
    let Binding::KvNamespace(first) = &bindings[0] else {
        panic!("{:?}", bindings[0]);
    };
    let Binding::KvNamespace(second) = &bindings[1] else {
        panic!("{:?}", bindings[1]);
    };
    // The text as it came, whether the tag comes first or the members
    // before it were buffered while it was looked for.
    assert_eq!(first.unknown_members.as_json(), r#"{"extra":[1,  2]}"#);
    assert_eq!(second.unknown_members.as_json(), r#"{"extra":[1,  2]}"#);
    assert_eq!(first, second);
    assert_eq!(bindings[2].tag(), "hologram");
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        serde_json::from_str::<Value>(body).unwrap()
    );
}

#[test]
fn values_with_brackets_commas_and_escapes_inside_strings_come_back_whole() {
    let body = r#"{"s": "a\\\"},{\"", "t": ["}", {"u": "\\"}, "]"], "w\"x": "\u00e9,}"}"#;
    let metadata: ScriptVersionMetadata = serde_json::from_str(body).unwrap();
    assert_eq!(
        serde_json::to_string(&metadata).unwrap(),
        r#"{"s":"a\\\"},{\"","t":["}", {"u": "\\"}, "]"],"w\"x":"\u00e9,}"}"#
    );
    let paths: Vec<String> = worker_versions::Inspect::unrecognized(&metadata)
        .into_iter()
        .map(|u| u.path)
        .collect();
    assert_eq!(paths, ["s", "t", "w\"x"]);
    assert_eq!(
        serde_json::to_value(&metadata).unwrap(),
        serde_json::from_str::<Value>(body).unwrap()
    );
}

/// A `null` kept for an absent optional member is written back only while
/// the member stays unset: once it is set, the member is written once, with
/// its value, and a conversion keeps every member.
#[test]
fn a_kept_null_gives_way_to_a_value_set_later() {
    use worker_versions::types::{DurableObjectExportInput, DurableObjectRenamedExport};
    let mut export: DurableObjectRenamedExport = serde_json::from_str(
        r#"{"type": "durable-object", "state": "renamed", "renamed_to": null, "x": 1}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&export).unwrap(),
        r#"{"type":"durable-object","state":"renamed","renamed_to":null,"x":1}"#
    );
    export.renamed_to = Some("B".to_owned());
    let text = serde_json::to_string(&export).unwrap();
    assert_eq!(
        text,
        r#"{"type":"durable-object","state":"renamed","renamed_to":"B","x":1}"#
    );
    let again: DurableObjectRenamedExport = serde_json::from_str(&text).unwrap();
    assert_eq!(again.renamed_to.as_deref(), Some("B"));
    let input =
        DurableObjectExportInput::from(worker_versions::types::DurableObjectExport::from(export));
    let text = serde_json::to_string(&input).unwrap();
    assert!(
        text.contains(r#""renamed_to":"B""#) && text.contains(r#""x":1"#),
        "{text}"
    );
}

/// `serde_json`'s pretty printer (or any formatter of its) lays out the
/// whole value, not only what the crate does not know.
#[test]
fn pretty_printing_lays_out_every_member() {
    let response: WorkerVersionResponse = serde_json::from_str(
        r#"{"success": true, "errors": [], "messages": [], "result": {"id": "ID", "number": 1, "created_on": "t", "urls": ["u"], "x": {"y": [1, 2]}}}"#,
    )
    .unwrap();
    let pretty = serde_json::to_string_pretty(&response).unwrap();
    assert!(
        pretty.contains("\n  \"result\": {\n    \"created_on\": \"t\",\n")
            && pretty.contains("\n    \"x\": {\n      \"y\": [\n        1,\n"),
        "{pretty}"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&pretty).unwrap(),
        serde_json::to_value(&response).unwrap()
    );
}

/// Several kept nulls, before and after truly unknown members: each gives
/// way to its member once set, and the unknown ones stay.
#[test]
fn kept_nulls_anywhere_in_the_object_give_way() {
    use worker_versions::types::ScriptVersionMetadata;
    let mut metadata: ScriptVersionMetadata = serde_json::from_str(
        r#"{"x": 1, "author_id": null, "y": [null], "created_on": null, "": null}"#,
    )
    .unwrap();
    let unchanged = serde_json::to_value(&metadata).unwrap();
    assert_eq!(
        unchanged,
        json!({"x": 1, "author_id": null, "y": [null], "created_on": null, "": null})
    );
    metadata.author_id = Some("a".to_owned());
    let text = serde_json::to_string(&metadata).unwrap();
    let again: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        again,
        json!({"x": 1, "author_id": "a", "y": [null], "created_on": null, "": null}),
        "{text}"
    );
    let decoded: ScriptVersionMetadata = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded.author_id.as_deref(), Some("a"));
}

/// Every kept null gives way once its member is set, whichever came first,
/// and kept nulls keep the order they came in.
#[test]
fn each_kept_null_gives_way_whatever_the_order() {
    use worker_versions::types::ScriptVersionMetadata;
    for body in [
        r#"{"author_id":null,"created_on":null}"#,
        r#"{"x":1,"author_id":null,"created_on":null}"#,
        r#"{"created_on":null,"x":1,"author_id":null}"#,
    ] {
        let metadata: ScriptVersionMetadata = serde_json::from_str(body).unwrap();
        let names: Vec<String> = metadata
            .unknown_members
            .iter()
            .map(|(name, _)| name.into_owned())
            .filter(|name| name != "x")
            .collect();
        let mut expected: Vec<&str> = vec!["author_id", "created_on"];
        if body.find("created_on") < body.find("author_id") {
            expected.reverse();
        }
        assert_eq!(names, expected, "{body}");
        for set in ["author_id", "created_on"] {
            let mut changed = metadata.clone();
            match set {
                "author_id" => changed.author_id = Some("a".to_owned()),
                _ => changed.created_on = Some("t".to_owned()),
            }
            let text = serde_json::to_string(&changed).unwrap();
            assert_eq!(
                text.matches(&format!("\"{set}\"")).count(),
                1,
                "{body}, {set}: {text}"
            );
            let again: ScriptVersionMetadata = serde_json::from_str(&text).unwrap();
            assert_eq!(serde_json::to_string(&again).unwrap(), text);
        }
    }
}

/// Pretty printing lays out what it can and keeps a member nested deeper
/// than it recurses as the text it is, rather than failing.
#[test]
fn pretty_printing_a_deeply_nested_unknown_member_works() {
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let body = format!(
        r#"{{"success": true, "errors": [], "messages": [], "result": {{"id": "ID", "number": 1, "created_on": "t", "urls": [], "x": {deep}}}}}"#
    );
    let response: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
    let pretty = serde_json::to_string_pretty(&response).unwrap();
    assert!(pretty.contains("\n  \"result\": {\n"), "{pretty}");
    let compact: String = pretty.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains(&format!("\"x\":{deep}")));
}
