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

/// Each case: a body as the live API or wrangler sends it (from
/// `live-drift.md`'s facts), which must decode with nothing left
/// unrecognized and encode back whole.
fn typed_whole<T>(body: &Value)
where
    T: serde::de::DeserializeOwned + serde::Serialize + Inspect,
{
    let decoded: T = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded.unrecognized(), [], "{body}");
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), body);
}

#[test]
fn the_legacy_detail_as_the_live_api_sends_it_is_typed() {
    use worker_versions::types::{RunWorkerFirst, ScriptVersionDetailResponse};
    for assets in [
        json!({"serve_directly": true, "raw_run_worker_first": false}),
        json!({"serve_directly": true}),
        json!({
            "html_handling": "auto-trailing-slash", "not_found_handling": "404-page",
            "serve_directly": false, "raw_run_worker_first": ["/api/*", "!/api/docs"],
            "raw_headers": "/*\n  X-Frame-Options: DENY", "raw_redirects": "/old /new 301",
            "headers": {"version": 2, "rules": {"/*": {"set": {"X-Frame-Options": "DENY"}, "unset": ["X-Powered-By"]}}},
            "redirects": {"version": 1, "rules": {"/old": {"to": "/new", "status": 301}}, "staticRules": {}},
            "static_routing": {"user_worker": ["/api/*"]}
        }),
    ] {
        let body = json!({"success": true, "errors": [], "messages": [], "result": {
            "id": "v", "number": 7,
            "resources": {
                "script": {"etag": "e", "handlers": null, "placement_mode": "smart", "placement": {"mode": "smart"}},
                "script_runtime": {"usage_model": "standard", "assets": assets,
                                   "cache_options": {"enabled": true}}
            }
        }});
        typed_whole::<ScriptVersionDetailResponse>(&body);
    }
    let body = json!({"success": true, "errors": [], "messages": [], "result": {
        "id": "v", "resources": {"script_runtime": {"assets": {"raw_run_worker_first": false}}}
    }});
    let decoded: ScriptVersionDetailResponse = serde_json::from_value(body).unwrap();
    let assets = decoded
        .result
        .resources
        .script_runtime
        .and_then(|r| r.assets)
        .unwrap();
    assert_eq!(
        assets.raw_run_worker_first,
        Some(RunWorkerFirst::Enabled(false))
    );
}

#[test]
fn the_binding_kinds_and_members_wrangler_sends_are_typed() {
    use worker_versions::types::{Binding, BindingInput};
    let kinds = json!([
        {"type": "logfwdr", "name": "LOGS", "destination": "my-dest"},
        {"type": "agent_memory", "name": "MEMORY", "namespace": "agents"},
        {"type": "stream", "name": "STREAM"},
        {"type": "websearch", "name": "SEARCH"},
        {"type": "artifacts", "name": "ARTIFACTS", "namespace": "builds"},
        {"type": "worker_loader", "name": "LOADER"},
        {"type": "unsafe_hello_world", "name": "HELLO", "enable_timer": true},
        {"type": "kv_namespace", "name": "KV", "namespace_id": "n", "raw": true},
        {"type": "ai", "name": "AI", "raw": false, "staging": true},
        {"type": "d1", "name": "DB", "database_id": "d", "internalEnv": "staging"},
        {"type": "service", "name": "SVC", "service": "other", "props": {"tenant": 7}, "cross_account_grant": "g"},
        {"type": "pipelines", "name": "PIPE", "stream": "events"}
    ]);
    for binding in kinds.as_array().unwrap() {
        typed_whole::<Binding>(binding);
        typed_whole::<BindingInput>(binding);
        let decoded: Binding = serde_json::from_value(binding.clone()).unwrap();
        assert!(!matches!(decoded, Binding::Other(_)), "{binding}");
        assert_eq!(decoded.tag(), binding["type"]);
    }
}

#[test]
fn upload_metadata_as_wrangler_sends_it_is_typed() {
    use worker_versions::types::UploadMetadata;
    let metadata = json!({
        "main_module": "index.js",
        "assets": {"jwt": "eyJhbGciOi", "config": {
            "html_handling": "none", "not_found_handling": "single-page-application",
            "run_worker_first": ["/api/*"], "_redirects": "/a /b 302", "_headers": "/*\n  X-A: b"}},
        "containers": [{"name": "sandbox", "class_name": "Sandbox"}, {"class_name": "Other"}, {"name": "only-a-name"}],
        "migrations": {"new_tag": "v2", "new_sqlite_classes": ["Counter"]},
        "tail_consumers": [{"service": "tail-worker"}],
        "streaming_tail_consumers": [{"service": "stream-tail", "environment": "production"}],
        "capnp_schema": "AAAA"
    });
    typed_whole::<UploadMetadata>(&metadata);
}

#[test]
fn an_unknown_binding_kind_comes_back_as_it_came() {
    // Known members in the order the crate writes them, so the whole text
    // can be compared.
    let body = r#"{"success":true,"errors":[],"messages":[],"result":{"bindings":[{"type":"hologram","zeta":1,"name":"HOLO","depth":123456789012345678901234567890}],"created_on":"t","id":"v","number":1,"urls":[]}}"#;
    let decoded = WorkerVersionResponse::from_slice(body.as_bytes()).unwrap();
    let binding = &decoded.result.bindings.as_ref().unwrap()[0];
    assert_eq!(binding.tag(), "hologram");
    assert_eq!(binding.name(), Some("HOLO"));
    // Member order and every digit, as received.
    assert_eq!(serde_json::to_string(&decoded).unwrap(), body);
}

/// Members that come before a union's tag, and objects a best-fit union
/// does not know, are buffered while the alternative is chosen: as their
/// text, so they come back digit for digit and in order.
#[test]
fn buffered_members_keep_their_text() {
    let big = "123456789012345678901234567890";
    // An unknown kind with its tag last.
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"bindings":[{{"zeta":{big},"name":"HOLO","ratio":1e400,"type":"hologram"}}],"created_on":"t","id":"v","number":1,"urls":[]}}}}"#
    );
    let decoded = WorkerVersionResponse::from_slice(body.as_bytes()).unwrap();
    let binding = &decoded.result.bindings.as_ref().unwrap()[0];
    assert_eq!(binding.tag(), "hologram");
    assert_eq!(binding.name(), Some("HOLO"));
    assert_eq!(serde_json::to_string(&decoded).unwrap(), body);
    // A known kind with an unknown member before its tag.
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"bindings":[{{"extra":{big},"name":"AI","type":"ai"}}],"created_on":"t","id":"v","number":1,"urls":[]}}}}"#
    );
    let decoded = WorkerVersionResponse::from_slice(body.as_bytes()).unwrap();
    let text = serde_json::to_string(&decoded).unwrap();
    assert!(text.contains(&format!(r#""extra":{big}"#)), "{text}");
    // A placement of a shape the crate does not know.
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"created_on":"t","id":"v","number":1,"placement":{{"zone":"weur","weight":{big}}},"urls":[]}}}}"#
    );
    let decoded = WorkerVersionResponse::from_slice(body.as_bytes()).unwrap();
    let text = serde_json::to_string(&decoded).unwrap();
    assert!(
        text.contains(&format!(r#""placement":{{"zone":"weur","weight":{big}}}"#)),
        "{text}"
    );
}
