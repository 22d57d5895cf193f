//! What the live API sends beyond its schema decodes, is kept, and is
//! reported: `null` for members the schema declares optional but not
//! nullable (the seed documents show `"migrations": null` and
//! `"run_worker_first": null`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test: a broken expectation panics with a message saying which"
)]

use serde_json::{Value, json};
use worker_versions::types::WorkerVersionResponse;
use worker_versions::{Inspect, UnrecognizedKind};

fn response(extra: Value) -> Value {
    let mut result = json!({
        "id": "v", "number": 1, "created_on": "2025-01-01T00:00:00Z", "urls": []
    });
    if let (Some(result), Value::Object(extra)) = (result.as_object_mut(), extra) {
        result.extend(extra);
    }
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

#[test]
fn null_for_an_optional_member_reads_as_absent_is_kept_and_reported() {
    let body = response(json!({
        "migrations": null,
        "assets": {"config": {"run_worker_first": null, "html_handling": "none"}}
    }));
    let text = body.to_string();
    let decoded = WorkerVersionResponse::from_slice(text.as_bytes()).unwrap();
    assert!(decoded.result.migrations.is_none());
    let config = decoded
        .result
        .assets
        .as_ref()
        .and_then(|a| a.config.as_ref())
        .unwrap();
    assert!(config.run_worker_first.is_none());

    // Written back as it came.
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);

    let report = decoded.unrecognized();
    // Nested members are walked before a struct's own kept members.
    let nulls: Vec<&str> = report
        .iter()
        .filter(|u| u.kind == UnrecognizedKind::NullForOptional)
        .map(|u| u.path.as_str())
        .collect();
    assert_eq!(
        nulls,
        ["result.assets.config.run_worker_first", "result.migrations"],
        "{report:?}"
    );
    assert_eq!(report.len(), 2, "{report:?}");
    assert!(
        report[0]
            .to_string()
            .contains("null where the schema allows only a value")
    );
}

#[test]
fn a_null_and_a_value_for_one_member_are_a_duplicate() {
    for members in [
        r#""migrations": null, "migrations": {"new_tag": "v2"}"#,
        r#""migrations": {"new_tag": "v2"}, "migrations": null"#,
        r#""migrations": null, "migrations": null"#,
    ] {
        let text = format!(
            r#"{{"success": true, "errors": [], "messages": [], "result": {{"id": "v", "number": 1, "created_on": "t", "urls": [], {members}}}}}"#
        );
        let error = WorkerVersionResponse::from_slice(text.as_bytes()).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `migrations`"),
            "{members}: {error}"
        );
    }
}

#[test]
fn a_known_member_of_the_wrong_type_is_still_an_error_at_its_path() {
    let get = worker_versions::operations::GetWorkerVersion::new("a", "w", "v");
    let text = response(json!({"migrations": "soon"})).to_string();
    let error = worker_versions::Endpoint::parse_response(&get, 200, text.as_bytes()).unwrap_err();
    assert!(
        matches!(&error.kind, worker_versions::ApiErrorKind::Undecodable { path, .. } if path == "result.migrations"),
        "{error}"
    );
}
