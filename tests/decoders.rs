//! The decoders a program reaches first are this crate's own: `from_slice`
//! and `FromStr` on every response body, `parse_response` on every
//! descriptor and `Operation::decode`. They agree with each other, and a
//! body that does not match is reported at its JSON path.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test: a broken expectation panics with a message saying which"
)]

use worker_versions::operations::{
    GetWorkerVersion, ListWorkerVersions, WorkerVersionsGetVersionDetail,
};
use worker_versions::types::{
    ApiFailure, ScriptVersionDetailResponse, WorkerVersionListResponse, WorkerVersionResponse,
};
use worker_versions::{ApiErrorKind, DecodeErrorKind, Endpoint};

const DETAIL: &str = include_str!(
    "fixtures/real/workers-sdk__msw-handlers-versions__mswGetVersion-default.response.json"
);

fn version(bindings: &str) -> String {
    format!(
        r#"{{"success": true, "errors": [], "messages": [],
            "result": {{"id": "v", "number": 7, "created_on": "2025-01-01T00:00:00Z", "urls": [],
                        "bindings": [{bindings}]}}}}"#
    )
}

#[test]
fn from_slice_and_from_str_agree_with_serde_json() {
    let body = version(r#"{"type": "ai", "name": "AI"}, {"type": "hologram", "name": "H"}"#);
    let generic: WorkerVersionResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(
        WorkerVersionResponse::from_slice(body.as_bytes()).unwrap(),
        generic
    );
    assert_eq!(body.parse::<WorkerVersionResponse>().unwrap(), generic);

    let detail = ScriptVersionDetailResponse::from_slice(DETAIL.as_bytes()).unwrap();
    assert_eq!(
        serde_json::to_value(&detail).unwrap(),
        serde_json::from_str::<serde_json::Value>(DETAIL).unwrap()
    );
}

#[test]
fn from_slice_errors_give_line_and_column() {
    let error = WorkerVersionResponse::from_slice(b"{\"success\": true,\n \"errors\": 3}")
        .expect_err("errors must be a list");
    assert_eq!((error.line(), error.column()), (2, 12), "{error}");
}

#[test]
fn parse_response_names_the_path_of_a_mismatch_at_any_depth() {
    let get = GetWorkerVersion::new("account", "worker", "latest");
    // The third binding's `name` is a number.
    let body = version(
        r#"{"type": "ai", "name": "AI"}, {"type": "kv_namespace", "name": "KV", "namespace_id": "n"},
           {"type": "plain_text", "name": 3, "text": "x"}"#,
    );
    let error = get.parse_response(200, body.as_bytes()).unwrap_err();
    match &error.kind {
        ApiErrorKind::Undecodable { path, message, .. } => {
            assert_eq!(path, "result.bindings[2].name", "{message}");
            assert!(message.contains("invalid type: integer `3`"), "{message}");
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }

    let list = ListWorkerVersions::new("account", "worker");
    let body = br#"{"success": true, "errors": [], "messages": [],
        "result": [{"id": "a", "number": 1, "created_on": "2025-01-01T00:00:00Z", "urls": []},
                   {"id": "b", "number": "two", "created_on": "2025-01-01T00:00:00Z", "urls": []}]}"#;
    let error = list.parse_response(200, body).unwrap_err();
    assert!(
        matches!(&error.kind, ApiErrorKind::Undecodable { path, .. } if path == "result[1].number"),
        "{error}"
    );
}

#[test]
fn a_missing_member_is_reported_at_its_object() {
    let body = br#"{"success": true, "errors": [], "messages": [], "result": {"number": 1}}"#;
    let error = WorkerVersionsGetVersionDetail::new("account", "script", "v")
        .parse_response(200, body)
        .unwrap_err();
    assert!(
        matches!(&error.kind, ApiErrorKind::Undecodable { path, message, .. }
            if path == "result" && message.contains("missing field `resources`")),
        "{error}"
    );
}

#[test]
fn a_failed_decode_leaves_nothing_behind_for_the_next_one() {
    let get = GetWorkerVersion::new("account", "worker", "latest");
    let bad = version(r#"{"type": "plain_text", "name": 3, "text": "x"}"#);
    assert!(get.parse_response(200, bad.as_bytes()).is_err());
    // A plain serde decode that fails in between records nothing either.
    assert!(serde_json::from_str::<WorkerVersionResponse>(&bad).is_err());
    let other = br#"{"success": true, "errors": [], "messages": [], "result": [{"id": 5}]}"#;
    let error = ListWorkerVersions::new("account", "worker")
        .parse_response(200, other)
        .unwrap_err();
    assert!(
        matches!(&error.kind, ApiErrorKind::Undecodable { path, .. } if path == "result[0].id"),
        "{error}"
    );
}

#[test]
fn the_registry_and_the_descriptors_decode_alike() {
    let op = worker_versions::operations::find("getWorkerVersion").unwrap();
    let body = version(r#"{"type": "ai", "name": "AI"}"#);
    let decoded = op.decode(200, body.as_bytes()).unwrap();
    let typed = GetWorkerVersion::new("a", "w", "v")
        .parse_response(200, body.as_bytes())
        .unwrap();
    assert_eq!(
        decoded.downcast_ref::<WorkerVersionResponse>(),
        Some(&typed)
    );

    let failure = br#"{"success": false, "errors": [{"code": 10007, "message": "not found"}], "messages": [], "result": null}"#;
    let decoded = op.decode(404, failure).unwrap();
    assert!(decoded.downcast_ref::<ApiFailure>().is_some());
    assert_eq!(
        GetWorkerVersion::new("a", "w", "v")
            .decode_failure(404, failure)
            .unwrap(),
        ApiFailure::from_slice(failure).unwrap()
    );

    let error = op
        .decode(
            200,
            br#"{"success": true, "errors": [], "messages": [], "result": {"id": []}}"#,
        )
        .unwrap_err();
    assert!(
        matches!(&error.kind, DecodeErrorKind::Mismatch { path, .. } if path == "result.id"),
        "{error}"
    );
}

#[test]
fn list_bodies_have_their_own_decoder_too() {
    let body = br#"{"success": true, "errors": [], "messages": [], "result": []}"#;
    let list = WorkerVersionListResponse::from_slice(body).unwrap();
    assert!(list.result.is_empty());
}

#[test]
fn a_delete_answer_with_a_null_result_is_understood() {
    let delete = worker_versions::operations::DeleteWorkerVersion::new("a", "w", "v");
    let body = br#"{"success": true, "errors": [], "messages": [], "result": null}"#;
    let answer = delete.parse_response(200, body).unwrap();
    assert_eq!(answer.result, Some(worker_versions::Null));
    let decoded = worker_versions::operations::find("deleteWorkerVersion")
        .unwrap()
        .decode(200, body)
        .unwrap();
    assert!(
        decoded.unrecognized().is_empty(),
        "{:?}",
        decoded.unrecognized()
    );
    assert_eq!(
        decoded.to_json_text(),
        String::from_utf8_lossy(body).replace(' ', "")
    );
}

#[test]
fn a_failure_envelope_keeps_whatever_result_it_carries_and_yields_its_errors() {
    let get = GetWorkerVersion::new("a", "w", "v");
    for result in ["null", "{}", r#"{"hint": [1, 2]}"#, "\"gone\""] {
        let body = format!(
            r#"{{"success": false, "errors": [{{"code": 10007, "message": "version not found"}}], "messages": [], "result": {result}}}"#
        );
        let error = get.parse_response(404, body.as_bytes()).unwrap_err();
        assert!(error.has_code(10007), "{result}: {error}");
        let failure = get.decode_failure(404, body.as_bytes()).unwrap();
        assert_eq!(
            serde_json::to_value(&failure).unwrap(),
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
            "{result}"
        );
    }
    // Without `result` or `messages`, as Cloudflare's error-code page shows one.
    let body = br#"{"success": false, "errors": [{"code": 10021, "message": "bad"}]}"#;
    let failure = ApiFailure::from_slice(body).unwrap();
    assert_eq!((failure.messages, failure.result), (None, None));
}
