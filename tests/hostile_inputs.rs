//! Hostile and broken response bodies: every decoding entry point answers
//! with an error or a lossless value — never a panic, a hang or unbounded
//! memory. Each case here is also a seed of the fuzz targets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use worker_versions::operations::{self, GetWorkerVersion};
use worker_versions::types::{ScriptVersionDetailResponse, WorkerVersionResponse};
use worker_versions::{DecodeErrorKind, Endpoint};

const VERSION: &str = r#"{"success": true, "errors": [], "messages": [], "result": {"id": "ID", "number": 1, "created_on": "2025-01-01T00:00:00Z", "urls": []}}"#;

fn decode_everywhere(body: &[u8]) -> Vec<Result<(), String>> {
    let mut out = Vec::new();
    for op in operations::ALL {
        for status in [200, 404] {
            out.push(
                op.decode(status, body)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            );
        }
    }
    out
}

fn mismatch_message(op: &str, body: &[u8]) -> (String, String) {
    match worker_versions::operations::find(op)
        .unwrap()
        .decode(200, body)
        .unwrap_err()
        .kind
    {
        DecodeErrorKind::Mismatch { path, message } => (path, message),
        other => panic!("expected a mismatch, got {other:?}"),
    }
}

#[test]
fn nesting_deeper_than_the_recursion_limit_is_an_error() {
    for depth in [129, 10_000, 200_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        // In a member the crate decodes (a JSON binding's value)…
        let body = VERSION.replace(
            r#""urls": []"#,
            &format!(
                r#""urls": [], "bindings": [{{"type": "json", "name": "J", "json": {nested}}}]"#
            ),
        );
        let error = worker_versions::operations::find("getWorkerVersion")
            .unwrap()
            .decode(200, body.as_bytes())
            .unwrap_err();
        assert!(error.to_string().contains("recursion limit"), "{error}");
        // A body that is nothing but deep nesting: refused, except where an
        // open union keeps an object it does not know (an upload failure
        // that fits no alternative), and then kept whole, as unknown
        // members are.
        let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        for op in operations::ALL {
            for status in [200, 404] {
                if let Ok(decoded) = op.decode(status, objects.as_bytes()) {
                    assert_eq!(
                        decoded.to_json_text(),
                        objects,
                        "{} {status}: decoded, but not kept whole",
                        op.id
                    );
                    assert_eq!(decoded.unrecognized().len(), 1, "{} {status}", op.id);
                }
            }
        }
    }
}

#[test]
fn deep_nesting_inside_an_unknown_member_is_kept_as_text() {
    // An unknown member's value is copied, not parsed into a tree, so its
    // depth costs no stack: it is kept, and written back, as it came.
    for depth in [129, 10_000, 200_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = VERSION.replace(r#""urls": []"#, &format!(r#""urls": [], "deep": {nested}"#));
        let response: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(
            response.result.unknown_members.get("deep").unwrap().get(),
            nested
        );
        let again = serde_json::to_string(&response).unwrap();
        assert!(again.contains(&format!(r#""deep":{nested}"#)));
    }
}

#[test]
fn a_hundred_megabyte_string_decodes_and_comes_back() {
    let big = "x".repeat(100 * 1024 * 1024);
    let body = VERSION.replace("\"ID\"", &format!("\"{big}\""));
    let response: WorkerVersionResponse = serde_json::from_slice(body.as_bytes()).unwrap();
    assert_eq!(response.result.id.len(), big.len());
    let again = serde_json::to_vec(&response).unwrap();
    assert_eq!(
        again.len(),
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(body.as_bytes()).unwrap())
            .unwrap()
            .len()
    );
}

#[test]
fn numbers_out_of_range_are_errors_and_edge_numbers_survive() {
    // 1e400 does not fit an `f64`, but it is a JSON number: a `number`
    // member keeps it as written…
    let legacy = r#"{"success": true, "errors": [], "messages": [], "result": {"id": "x", "number": 1e400, "resources": {}}}"#;
    let decoded: ScriptVersionDetailResponse = serde_json::from_str(legacy).unwrap();
    let number = decoded.result.number.as_ref().unwrap();
    assert_eq!(number.to_string(), "1e400");
    assert_eq!(number.as_f64(), None);
    assert!(
        serde_json::to_string(&decoded)
            .unwrap()
            .contains(r#""number":1e400"#)
    );
    // …while an unknown member keeps it as the text it is.
    let body = VERSION.replace(r#""urls": []"#, r#""urls": [], "extra": 1e400"#);
    let response: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
    assert!(
        serde_json::to_string(&response)
            .unwrap()
            .contains(r#""extra":1e400"#)
    );
    // 2^64 in an integer member is an error naming it…
    let body = VERSION.replace(r#""number": 1"#, r#""number": 18446744073709551616"#);
    let (path, _) = mismatch_message("getWorkerVersion", body.as_bytes());
    assert_eq!(path, "result.number");
    // So is `-0`, which an integer would write back as `0`…
    let body = VERSION.replace(r#""number": 1"#, r#""number": -0"#);
    let (path, _) = mismatch_message("getWorkerVersion", body.as_bytes());
    assert_eq!(path, "result.number");
    // …and in a `number` member (the legacy version number) it is kept.
    let legacy = r#"{"success": true, "errors": [], "messages": [], "result": {"id": "x", "number": 18446744073709551616, "resources": {}}}"#;
    let decoded: ScriptVersionDetailResponse = serde_json::from_str(legacy).unwrap();
    assert!(
        serde_json::to_string(&decoded)
            .unwrap()
            .contains(r#""number":18446744073709551616"#)
    );
    // Unknown members keep their numbers' text: -0, -0.0 and 1.5e-300
    // come back exactly as written.
    let body = VERSION.replace(
        r#""urls": []"#,
        r#""urls": [], "a": -0, "b": -0.0, "c": 1.5e-300"#,
    );
    let response: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
    let again = serde_json::to_string(&response).unwrap();
    assert!(again.contains(r#""a":-0,"b":-0.0,"c":1.5e-300"#), "{again}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&again).unwrap(),
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    );
}

#[test]
fn invalid_utf8_byte_order_marks_and_trailing_garbage_are_errors() {
    let mut invalid = VERSION.as_bytes().to_vec();
    let at = VERSION.find("ID").unwrap();
    invalid[at] = 0xff;
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(VERSION.as_bytes());
    let trailing = format!("{VERSION} garbage");
    let two_values = format!("{VERSION}{VERSION}");
    for (what, body) in [
        ("invalid UTF-8", invalid),
        ("a byte-order mark", with_bom),
        ("trailing garbage", trailing.into_bytes()),
        ("two documents", two_values.into_bytes()),
    ] {
        let error = worker_versions::operations::find("getWorkerVersion")
            .unwrap()
            .decode(200, &body)
            .unwrap_err();
        assert!(
            matches!(error.kind, DecodeErrorKind::NotJson { .. }),
            "{what}: {error}"
        );
        assert!(
            decode_everywhere(&body).iter().all(Result::is_err),
            "{what}"
        );
        let api = GetWorkerVersion::new("a", "w", "v")
            .parse_response(200, &body)
            .unwrap_err();
        assert!(!api.to_string().is_empty());
    }
    let truncated = &VERSION.as_bytes()[..VERSION.len() / 2];
    let error = worker_versions::operations::find("getWorkerVersion")
        .unwrap()
        .decode(200, truncated)
        .unwrap_err();
    assert!(
        matches!(error.kind, DecodeErrorKind::Truncated { .. }),
        "{error}"
    );
}

/// Duplicate member names are an error at every depth: keeping one copy
/// would lose the other on re-encode.
#[test]
fn duplicate_members_are_errors_at_every_depth() {
    let cases = [
        (
            "a declared member",
            r#""number": 1"#,
            r#""number": 1, "number": 2"#,
            "result",
        ),
        (
            "a fixed member",
            r#"{"success": true"#,
            r#"{"success": true, "success": true"#,
            ".",
        ),
        (
            "an unknown member",
            r#""urls": []"#,
            r#""urls": [], "x": 1, "x": 2"#,
            "result",
        ),
        (
            "inside a JSON binding",
            r#""urls": []"#,
            r#""urls": [], "bindings": [{"type": "json", "name": "J", "json": {"k": 1, "k": 1}}]"#,
            "result.bindings[0].json",
        ),
        (
            "in the exports map",
            r#""urls": []"#,
            r#""urls": [], "exports": {"A": {"type": "worker"}, "A": {"type": "worker"}}"#,
            "result.exports",
        ),
        (
            "in an unknown binding",
            r#""urls": []"#,
            r#""urls": [], "bindings": [{"type": "hologram", "z": 1, "z": 1}]"#,
            "result.bindings[0]",
        ),
        (
            "in an untagged union",
            r#""urls": []"#,
            r#""urls": [], "placement": {"mode": "smart", "mode": "smart"}"#,
            "result.placement",
        ),
    ];
    for (what, from, to, path) in cases {
        let body = VERSION.replace(from, to);
        let (found, message) = mismatch_message("getWorkerVersion", body.as_bytes());
        assert!(message.contains("duplicate"), "{what}: {message}");
        assert_eq!(found, path, "{what}: {message}");
    }
}

#[test]
fn duplicates_inside_an_unknown_member_are_kept_as_they_came() {
    // An unknown member is kept as its JSON text, so nothing inside it can
    // be lost: both `a`s come back.
    let body = VERSION.replace(r#""urls": []"#, r#""urls": [], "x": {"a": 1, "a": 2}"#);
    let response: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(
        response.result.unknown_members.as_json(),
        r#"{"x":{"a": 1, "a": 2}}"#
    );
    let again = serde_json::to_string(&response).unwrap();
    assert!(again.ends_with(r#""x":{"a": 1, "a": 2}}}"#), "{again}");
}

#[test]
fn every_fixture_prefix_fails_cleanly() {
    // Every truncation of a realistic body is an error, never a panic.
    let body = std::fs::read("tests/fixtures/real/workers-sdk__versions.view.test__get-version-all-bindings.response.json").unwrap();
    for end in 0..body.len() {
        for op in operations::ALL {
            let _ = op.decode(200, &body[..end]);
        }
    }
}

/// Many members in one object: every one is kept, and a repeat among them
/// is still found (the check keeps an index past the first few names, so
/// it stays linear).
#[test]
fn an_object_with_many_unknown_members_keeps_them_all_and_finds_a_repeat() {
    let members: Vec<String> = (0..20_000).map(|i| format!(r#""m{i}": {i}"#)).collect();
    let body = VERSION.replace(
        r#""urls": []"#,
        &format!(r#""urls": [], {}"#, members.join(", ")),
    );
    let response: WorkerVersionResponse = body.parse().unwrap();
    assert_eq!(response.result.unknown_members.len(), 20_000);
    assert_eq!(
        response
            .result
            .unknown_members
            .get("m19999")
            .map(|v| v.get()),
        Some("19999")
    );
    let repeated = body.replace(r#""m19999": 19999"#, r#""m19999": 19999, "m7": 0"#);
    let (path, message) = mismatch_message("getWorkerVersion", repeated.as_bytes());
    assert_eq!(path, "result");
    assert!(message.contains("duplicate member `m7`"), "{message}");
}

/// The same in an object a union without a tag must see whole to choose.
#[test]
fn an_untagged_union_with_many_members_finds_a_repeat() {
    let members: Vec<String> = (0..20_000).map(|i| format!(r#""m{i}": {i}"#)).collect();
    let placement = format!(r#"{{"mode": "smart", {}}}"#, members.join(", "));
    let body = VERSION.replace(
        r#""urls": []"#,
        &format!(r#""urls": [], "placement": {placement}"#),
    );
    let response: WorkerVersionResponse = body.parse().unwrap();
    assert!(response.result.placement.is_some());
    let repeated = body.replace(r#""m19999": 19999"#, r#""m19999": 19999, "m7": 0"#);
    let (path, message) = mismatch_message("getWorkerVersion", repeated.as_bytes());
    assert_eq!(path, "result.placement");
    assert!(message.contains("duplicate member `m7`"), "{message}");
}

/// A body cut anywhere is "truncated", also in the middle of a character
/// or of a surrogate pair, and a syntax error is placed where serde_json
/// places it.
#[test]
fn a_body_cut_mid_character_is_truncated_and_errors_are_placed_as_serde_json_places_them() {
    let op = worker_versions::operations::find("getWorkerVersion").unwrap();
    let body = VERSION.replace(r#""ID""#, "\"é😀\\ud83d\\ude00\"");
    let bytes = body.as_bytes();
    let from = body.find('é').unwrap();
    for end in from..from + 20 {
        let error = op.decode(200, &bytes[..end]).unwrap_err();
        assert!(
            matches!(error.kind, DecodeErrorKind::Truncated { .. }),
            "cut at {end}: {error}"
        );
    }
    for broken in [
        r#"{"x": [1 2]}"#,
        r#"{"x" 1}"#,
        r#"{"x": [1,]}"#,
        r#"{"x": 1,}"#,
        r#"{"x": [tru]}"#,
        "\n\n  {\"x\": [1, x]}",
        r#"{"x": "\q"}"#,
    ] {
        let ours = op.decode(200, broken.as_bytes()).unwrap_err().to_string();
        let theirs = serde_json::from_str::<serde_json::Value>(broken).unwrap_err();
        let place = format!("line {} column {}", theirs.line(), theirs.column());
        assert!(
            ours.contains(&place),
            "{broken:?}: {ours} / serde_json: {theirs}"
        );
    }
}
