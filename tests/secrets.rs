//! Members the schema marks `x-sensitive` never show up in `Debug`
//! output, error messages or error excerpts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use worker_versions::Endpoint;
use worker_versions::operations::{GetWorkerVersion, WorkerVersionsGetVersionDetail};
use worker_versions::types::{
    SENSITIVE_MEMBERS, ScriptVersionDetailResponse, WorkerVersionResponse,
};

const SECRETS: [&str; 4] = [
    "hunter2-secret-text",
    "eyJhbGciOi.jwt-secret",
    "c2VjcmV0LWtleQ==",
    "jwk-private-d",
];

fn version_with_secrets() -> String {
    format!(
        // Secrets first, so that an excerpt of the body's start would hold
        // them.
        r#"{{"result": {{"assets": {{"jwt": "{jwt}"}}, "bindings": [
                {{"type": "secret_text", "name": "PASSWORD", "text": "{text}"}},
                {{"type": "secret_key", "name": "KEY", "format": "raw", "algorithm": {{"name": "HMAC"}}, "usages": ["sign"], "key_base64": "{key}"}},
                {{"type": "secret_key", "name": "JWK", "format": "jwk", "algorithm": {{"name": "ECDSA"}}, "usages": ["sign"], "key_jwk": {{"kty": "EC", "d": "{d}"}}}}
            ],
            "id": "18f97339-c287-4872-9bdd-e2135c07ec12", "number": 4, "created_on": "2025-01-01T00:00:00Z", "urls": []}},
            "success": true, "errors": [], "messages": []}}"#,
        jwt = SECRETS[1],
        text = SECRETS[0],
        key = SECRETS[2],
        d = SECRETS[3],
    )
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{what} shows the secret {secret:?}:\n{text}"
        );
    }
}

#[test]
fn the_schema_marks_the_secret_members() {
    assert_eq!(SENSITIVE_MEMBERS, ["jwt", "key_base64", "key_jwk", "text"]);
}

#[test]
fn debug_output_redacts_secrets_but_keeps_the_rest() {
    let response: WorkerVersionResponse = serde_json::from_str(&version_with_secrets()).unwrap();
    let debug = format!("{response:?}");
    assert_no_secret("Debug", &debug);
    assert!(debug.contains("<redacted>"));
    assert!(
        debug.contains("PASSWORD"),
        "non-secret members still print: {debug}"
    );
    let pretty = format!("{response:#?}");
    assert_no_secret("pretty Debug", &pretty);
    // The values themselves are kept: the crate is lossless.
    let again = serde_json::to_string(&response).unwrap();
    for secret in SECRETS {
        assert!(again.contains(secret));
    }
}

#[test]
fn error_excerpts_redact_secrets() {
    // The same body, broken after the secrets so it no longer matches.
    let body = version_with_secrets().replace(r#""number": 4"#, r#""number": "four""#);
    let get = GetWorkerVersion::new("a", "w", "v");
    let error = get.parse_response(200, body.as_bytes()).unwrap_err();
    assert!(
        error.to_string().contains("<redacted>"),
        "the excerpt shows where secrets were: {error}"
    );
    assert_no_secret("ApiError", &error.to_string());
    assert_no_secret("ApiError Debug", &format!("{error:?}"));
    // A body that is not JSON at all, say a proxy's page echoing the request.
    let page = format!(
        r#"<html><pre>{{"text": "{}", "jwt": "{}"}}</pre></html>"#,
        SECRETS[0], SECRETS[1]
    );
    let error = get.parse_response(502, page.as_bytes()).unwrap_err();
    assert_no_secret("ApiError for HTML", &error.to_string());
}

#[test]
fn decode_errors_about_a_secret_member_do_not_quote_it() {
    // `key_jwk` must be an object; a string there is an error, and serde
    // would quote the string in its message.
    let body = version_with_secrets().replace(
        r#""key_jwk": {"kty": "EC", "d": "jwk-private-d"}"#,
        r#""key_jwk": "jwk-private-d""#,
    );
    let detail = worker_versions::operations::find("getWorkerVersion").unwrap();
    let error = detail.decode(200, body.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("key_jwk"), "{error}");
    assert_no_secret("DecodeError", &error.to_string());

    // The legacy family holds bindings under `resources`.
    let legacy = format!(
        r#"{{"success": true, "errors": [], "messages": [], "result": {{"id": "x", "resources": {{"bindings": [
            {{"type": "secret_text", "name": "P", "text": ["{}"]}}]}}}}}}"#,
        SECRETS[0]
    );
    let error = WorkerVersionsGetVersionDetail::new("a", "s", "v")
        .parse_response(200, legacy.as_bytes())
        .unwrap_err();
    assert_no_secret("legacy ApiError", &error.to_string());
    assert!(serde_json::from_str::<ScriptVersionDetailResponse>(&legacy).is_err());
}
