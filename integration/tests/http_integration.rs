//! The request descriptors over real HTTP.
//!
//! An axum server on 127.0.0.1 (ephemeral port) serves the seven operations
//! under `/client/v4` and records what it receives; its `Multipart` extractor
//! parses the upload. A ureq agent sends exactly what
//! `Endpoint::to_request` builds, and `Endpoint::parse_response` reads the
//! status and bytes that come back. Nothing leaves the loopback interface.
//!
//! A failing run prints one line with the number of requests and assertions
//! made so far; `HTTP_INTEGRATION_SUMMARY=1` prints it for a passing run too.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test: a broken expectation panics with a message saying which"
)]

use std::cell::Cell;
use std::fmt::{Debug, Display};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use worker_versions::operations::{
    CreateWorkerVersion, DeleteWorkerVersion, GetWorkerVersion, GetWorkerVersionInclude,
    ListWorkerVersions, WorkerVersionsGetVersionDetail, WorkerVersionsListVersions,
    WorkerVersionsUploadVersion, WorkerVersionsUploadVersionBindingsInherit,
};
use worker_versions::types::{
    BindingInput, ExportsReconciliationScenario, KvNamespaceBinding, Module, PlainTextBinding,
    UploadFailure, UploadMetadata, VersionAnnotationsInput, VersionInput,
};
use worker_versions::{
    ApiError, ApiErrorKind, Auth, Endpoint, ModulePart, Paginated, RequestError,
};

// ---------------------------------------------------------------------------
// Fixed data
// ---------------------------------------------------------------------------

/// Where the API lives on the test server, as on Cloudflare's.
const API_PREFIX: &str = "/client/v4";

/// An ordinary account: the server answers with success envelopes.
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// Accounts for which the server answers every operation with one failure.
const NOT_FOUND: &str = "acct-404";
const BAD_GATEWAY: &str = "acct-502";
const FALSE_IN_200: &str = "acct-200-false";
/// Upload and create answer with the 100402 exports reconciliation envelope.
const EXPORTS_REJECTED: &str = "acct-100402";
/// Create answers with an ordinary 400 whose error points into the body.
const VALIDATION: &str = "acct-400";
/// Every operation answers 200 with `success: true`, a warning in `errors`
/// and a `result` of the wrong shape.
const SUCCESS_MISMATCH: &str = "acct-200-mismatch";

/// Script names, Worker ids and version ids that must each stay one path
/// segment and come back to the server exactly as written.
const HOSTILE: &[&str] = &[
    "my-worker",
    "../x",
    "a/b",
    "?",
    "#",
    "%2F",
    "with space",
    "wörker-日本-🚀",
    "a?b=c&d#e",
    "..%2F..%2Fetc",
    "...",
    "+plus+;,=@:",
];

const NOT_FOUND_MESSAGE: &str = "This Worker does not exist on your account.";

const EXPORTS_MESSAGE: &str = "Declarative exports could not be reconciled:\n\
    - Counter: the class is declared in `exports` but the code does not export it\n\
    - LegacyCounter: a namespace is provisioned for the class but `exports` does not declare it";

const HTML_502: &str = "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n\
    <body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>cloudflare</center>\n\
    </body>\n</html>\n";

/// A realistic upload answer and version detail, collected from a public client's tests.
const UPLOAD_OK: &str = include_str!(
    "../../tests/fixtures/real/workers-sdk__mock-upload-worker__post-version.response.json"
);
const DETAIL_OK: &str = include_str!(
    "../../tests/fixtures/real/workers-sdk__msw-handlers-versions__mswGetVersion-default.response.json"
);

/// An ES module whose content holds lines that look like multipart
/// boundaries and a whole fake part header.
const JS_SOURCE: &str = "// The next lines look like multipart syntax and must stay content.\r\n\
    --boundary\r\n\
    --boundary--\r\n\
    --worker-versions-\r\n\
    Content-Disposition: form-data; name=\"metadata\"\r\n\
    \r\n\
    {\"main_module\": \"evil.js\"}\r\n\
    import { answer } from \"./lib/utils.mjs\";\n\
    export default {\n  async fetch() {\n    return new Response(`héllo ${answer}`);\n  },\n};\n";

/// A WASM-like module: the magic number, every byte value, then CRLF and dashes.
fn wasm_bytes() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend(0u8..=255);
    bytes.extend_from_slice(b"\r\n--\r\n--boundary\r\n");
    bytes
}

fn upload_modules() -> Vec<ModulePart> {
    vec![
        ModulePart::javascript_module("index.js", JS_SOURCE),
        ModulePart::wasm("add.wasm", wasm_bytes()),
        ModulePart::javascript_module("lib/utils.mjs", "export const answer = 42;\n"),
        ModulePart::text("données 1.txt", "ünïcödé\n"),
        ModulePart::data("empty.bin", Vec::new()),
    ]
}

fn bindings() -> Vec<BindingInput> {
    vec![
        PlainTextBinding::new("GREETING", "héllo \"world\"\r\n--boundary").into(),
        KvNamespaceBinding::new("CACHE", "0f2ac74b498b48028cb68387c421e279").into(),
    ]
}

fn annotations() -> VersionAnnotationsInput {
    VersionAnnotationsInput {
        message: Some("Fix the cache key\nsecond line".into()),
        tag: Some("v1.2.3".into()),
        ..Default::default()
    }
}

fn upload_metadata() -> UploadMetadata {
    UploadMetadata {
        compatibility_date: Some("2025-09-01".into()),
        compatibility_flags: Some(vec!["nodejs_compat".into()]),
        bindings: Some(bindings()),
        annotations: Some(annotations()),
        // A member this crate does not know yet is sent as it is.
        unknown_members: [(
            "x_future_member".to_owned(),
            json!({"kept": [1, 2.5, null]}),
        )]
        .into_iter()
        .collect(),
        ..UploadMetadata::new("index.js")
    }
}

/// Encoded by the crate; the server decodes with the `base64` crate.
fn module(name: &str, content_type: &str, content: &[u8]) -> Module {
    Module::from_bytes(name, content_type, content)
}

fn version_modules() -> Vec<Module> {
    vec![
        module(
            "index.js",
            "application/javascript+module",
            JS_SOURCE.as_bytes(),
        ),
        module("add.wasm", "application/wasm", &wasm_bytes()),
    ]
}

fn version_input() -> VersionInput {
    VersionInput {
        main_module: Some("index.js".into()),
        compatibility_date: Some("2025-09-01".into()),
        compatibility_flags: Some(vec!["nodejs_compat".into()]),
        bindings: Some(bindings()),
        modules: Some(version_modules()),
        annotations: Some(annotations()),
        ..Default::default()
    }
}

fn token() -> Auth {
    Auth::api_token("tok_0123456789abcdef")
}

fn api_key() -> Auth {
    Auth::api_key(
        "dev+ops@example.com",
        "c2547eb745079dac9320b638f5e225cf483cc5cfdda41",
    )
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// What the server received for one request.
#[derive(Debug, Clone, Default)]
struct Received {
    method: String,
    /// The path as it came over the wire, still percent-encoded.
    path: String,
    /// The path parameters as axum's `Path` extractor decoded them.
    params: Vec<String>,
    query: Option<String>,
    headers: HeaderMap,
    /// The body of a non-multipart request.
    body: Vec<u8>,
    /// The parts of a multipart request, as axum's `Multipart` parsed them.
    parts: Vec<ReceivedPart>,
    multipart_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct ReceivedPart {
    name: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Recorder {
    received: Mutex<Vec<Received>>,
}

impl Recorder {
    fn push(&self, received: Received) {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(received);
    }

    fn count(&self) -> usize {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    fn last(&self) -> Option<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .last()
            .cloned()
    }
}

type Shared = Arc<Recorder>;

fn record(method: &Method, uri: &Uri, params: Vec<String>, headers: &HeaderMap) -> Received {
    Received {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        params,
        query: uri.query().map(str::to_owned),
        headers: headers.clone(),
        ..Received::default()
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn query_number(uri: &Uri, name: &str) -> Option<u64> {
    query_pairs(uri.query())
        .into_iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn success(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

fn exports_envelope() -> Value {
    json!({
        "success": false,
        "errors": [{
            "code": 100402,
            "message": EXPORTS_MESSAGE,
            "meta": {"details": [
                {
                    "class": "Counter",
                    "scenario": "config_export_not_in_code",
                    "message": "Counter is declared in `exports` but the code does not export it.",
                    "suggestion": "Export the class from the main module, or remove it from `exports`."
                },
                {
                    "class": "LegacyCounter",
                    "scenario": "provisioned_class_missing_from_config",
                    "message": "A namespace is provisioned for LegacyCounter but `exports` does not declare it.",
                    "namespace_id": "5eb63bbb-e01e-4ed0-93cb-22bb8f5acdc3",
                    "referencing_scripts": ["billing-worker"],
                    "suggestion": "Declare it with `state: deleted` to delete it, or keep it in `exports`."
                }
            ]}
        }],
        "messages": [],
        "result": null
    })
}

/// The failure an account stands for, if any. `upload_failure` is set for
/// the two operations whose failure body may be the 100402 envelope.
fn scenario(account: &str, upload_failure: bool) -> Option<Response> {
    match account {
        NOT_FOUND => Some(json_response(
            StatusCode::NOT_FOUND,
            &json!({
                "success": false,
                "errors": [{"code": 10007, "message": NOT_FOUND_MESSAGE}],
                "messages": [],
                "result": null
            }),
        )),
        BAD_GATEWAY => Some(
            (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
                HTML_502,
            )
                .into_response(),
        ),
        FALSE_IN_200 => Some(json_response(
            StatusCode::OK,
            &json!({
                "success": false,
                "errors": [{"code": 10000, "message": "Authentication error"}],
                "messages": [],
                "result": null
            }),
        )),
        SUCCESS_MISMATCH => Some(json_response(
            StatusCode::OK,
            &json!({
                "success": true,
                "errors": [{"code": 10101, "message": "`usage_model` is deprecated"}],
                "messages": [],
                "result": {"id": 5}
            }),
        )),
        EXPORTS_REJECTED if upload_failure => {
            Some(json_response(StatusCode::BAD_REQUEST, &exports_envelope()))
        }
        _ => None,
    }
}

fn script_version(number: u64) -> Value {
    let day = number % 28 + 1;
    json!({
        "id": format!("{number:08x}-2db7-4900-8d38-fbfecfeab993"),
        "number": number,
        "metadata": {
            "author_id": "408cbcdfd4dda4617efef40b04d168a1",
            "author_email": "dev@example.com",
            "source": "wrangler",
            "created_on": format!("2025-08-{day:02}T10:00:00.123456Z"),
            "modified_on": format!("2025-08-{day:02}T10:00:00.123456Z")
        },
        "annotations": {"workers/triggered_by": "version_upload"}
    })
}

fn version(id: &str, number: u64, with_modules: bool) -> Value {
    let mut version = json!({
        "id": id,
        "number": number,
        "created_on": "2025-09-03T10:00:00.123456Z",
        "urls": [format!("https://v{number}-my-worker.example.workers.dev")],
        "source": "api",
        "main_module": "index.js",
        "compatibility_date": "2025-09-01",
        "compatibility_flags": ["nodejs_compat"],
        "annotations": {"workers/triggered_by": "upload"},
        "bindings": [
            {"type": "plain_text", "name": "GREETING", "text": "hello"},
            {"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"}
        ],
        "startup_time_ms": 12
    });
    if with_modules {
        version["modules"] = serde_json::to_value(version_modules()).unwrap_or_default();
    }
    version
}

async fn upload(
    State(srv): State<Shared>,
    Path((account, script)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let mut received = record(&method, &uri, vec![account.clone(), script], &headers);
    match Multipart::from_request(request, &()).await {
        Err(rejection) => received.multipart_error = Some(rejection.body_text()),
        Ok(mut form) => loop {
            match form.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().map(str::to_owned);
                    let file_name = field.file_name().map(str::to_owned);
                    let content_type = field.content_type().map(str::to_owned);
                    match field.bytes().await {
                        Ok(bytes) => received.parts.push(ReceivedPart {
                            name,
                            file_name,
                            content_type,
                            bytes: bytes.to_vec(),
                        }),
                        Err(e) => {
                            received.multipart_error = Some(e.body_text());
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    received.multipart_error = Some(e.body_text());
                    break;
                }
            }
        },
    }
    srv.push(received);
    if let Some(response) = scenario(&account, true) {
        return response;
    }
    let body: Value = serde_json::from_str(UPLOAD_OK).unwrap_or_default();
    json_response(StatusCode::OK, &body)
}

async fn legacy_list(
    State(srv): State<Shared>,
    Path((account, script)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(&method, &uri, vec![account.clone(), script], &headers);
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, false) {
        return response;
    }
    let deployable = query_pairs(uri.query()).contains(&("deployable".into(), "true".into()));
    let items: Vec<Value> = if deployable {
        vec![script_version(12), script_version(11)]
    } else {
        // Three full pages, newest first, then empty pages.
        let page = query_number(&uri, "page").unwrap_or(1).max(1);
        let per_page = query_number(&uri, "per_page").unwrap_or(10).max(1);
        let total = 3 * per_page;
        let first = (page - 1).saturating_mul(per_page);
        (first..total.min(first.saturating_add(per_page)))
            .map(|i| script_version(total - i))
            .collect()
    };
    json_response(StatusCode::OK, &success(json!({"items": items})))
}

async fn legacy_detail(
    State(srv): State<Shared>,
    Path((account, script, version_id)): Path<(String, String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(
        &method,
        &uri,
        vec![account.clone(), script, version_id.clone()],
        &headers,
    );
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, false) {
        return response;
    }
    let mut detail: Value = serde_json::from_str(DETAIL_OK).unwrap_or_default();
    detail["result"]["id"] = Value::String(version_id);
    json_response(StatusCode::OK, &detail)
}

async fn new_list(
    State(srv): State<Shared>,
    Path((account, worker)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(&method, &uri, vec![account.clone(), worker], &headers);
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, false) {
        return response;
    }
    let page = query_number(&uri, "page").unwrap_or(1).max(1);
    let per_page = query_number(&uri, "per_page").unwrap_or(10).max(1);
    let total = 3 * per_page;
    let first = (page - 1).saturating_mul(per_page);
    let items: Vec<Value> = (first..total.min(first.saturating_add(per_page)))
        .map(|i| {
            let number = total - i;
            version(
                &format!("{number:08x}-cc43-4f60-b5a9-15ce4f298c2a"),
                number,
                false,
            )
        })
        .collect();
    let count = items.len();
    json_response(
        StatusCode::OK,
        &json!({
            "success": true,
            "errors": [],
            "messages": [],
            "result": items,
            "result_info": {
                "page": page,
                "per_page": per_page,
                "count": count,
                "total_count": total,
                "total_pages": 3
            }
        }),
    )
}

async fn create(
    State(srv): State<Shared>,
    Path((account, worker)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(&method, &uri, vec![account.clone(), worker], &headers);
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, true) {
        return response;
    }
    if account == VALIDATION {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({
                "success": false,
                "errors": [{
                    "code": 10021,
                    "message": "compatibility_date must be a date in the past",
                    "documentation_url": "https://developers.cloudflare.com/workers/configuration/compatibility-dates/",
                    "source": {"pointer": "/compatibility_date"}
                }],
                "messages": [],
                "result": null
            }),
        );
    }
    let Ok(Value::Object(mut version)) = serde_json::from_slice::<Value>(&body) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({"success": false, "errors": [{"code": 10021, "message": "the body is not a JSON object"}], "messages": [], "result": null}),
        );
    };
    // The API answers with the version, without its modules.
    version.remove("modules");
    version.insert("id".into(), json!("f8c1d2a0-5a4e-4b8e-9c3d-000000000007"));
    version.insert("number".into(), json!(7));
    version.insert("created_on".into(), json!("2025-09-03T10:00:00.123456Z"));
    version.insert(
        "urls".into(),
        json!(["https://f8c1d2a0-my-worker.example.workers.dev"]),
    );
    version.insert("source".into(), json!("api"));
    if let Some(Value::Object(annotations)) = version.get_mut("annotations") {
        annotations.insert("workers/triggered_by".into(), json!("version_upload"));
    }
    json_response(StatusCode::OK, &success(Value::Object(version)))
}

async fn get_version(
    State(srv): State<Shared>,
    Path((account, worker, version_id)): Path<(String, String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(
        &method,
        &uri,
        vec![account.clone(), worker.clone(), version_id.clone()],
        &headers,
    );
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, false) {
        return response;
    }
    let with_modules = query_pairs(uri.query()).contains(&("include".into(), "modules".into()));
    let mut body = version(&version_id, 42, with_modules);
    if worker == REDEPLOY {
        // What a real version carries beyond the basics: a secret (whose
        // text the API never returns), an export tombstone (whose
        // write-only target it never returns either) and a member this
        // crate does not know.
        if let Some(bindings) = body["bindings"].as_array_mut() {
            bindings.push(json!({"type": "secret_text", "name": "API_KEY"}));
        }
        body["exports"] = json!({
            "Counter": {"type": "durable-object", "storage": "sqlite"},
            "OldCounter": {"type": "durable-object", "state": "renamed"}
        });
        body["future_member"] = json!({"x": 1});
    }
    json_response(StatusCode::OK, &success(body))
}

async fn delete_version(
    State(srv): State<Shared>,
    Path((account, worker, version_id)): Path<(String, String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut received = record(
        &method,
        &uri,
        vec![account.clone(), worker, version_id],
        &headers,
    );
    received.body = body.to_vec();
    srv.push(received);
    if let Some(response) = scenario(&account, false) {
        return response;
    }
    json_response(StatusCode::OK, &success(Value::Null))
}

async fn no_route(
    State(srv): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    srv.push(record(&method, &uri, Vec::new(), &headers));
    json_response(
        StatusCode::NOT_FOUND,
        &json!({"success": false, "errors": [{"code": 7000, "message": "No route for that URI"}], "messages": [], "result": null}),
    )
}

fn app(srv: Shared) -> Router {
    let scripts =
        format!("{API_PREFIX}/accounts/{{account_id}}/workers/scripts/{{script_name}}/versions");
    let workers =
        format!("{API_PREFIX}/accounts/{{account_id}}/workers/workers/{{worker_id}}/versions");
    Router::new()
        .route(&scripts, get(legacy_list).post(upload))
        .route(&format!("{scripts}/{{version_id}}"), get(legacy_detail))
        .route(&workers, get(new_list).post(create))
        .route(
            &format!("{workers}/{{version_id}}"),
            get(get_version).delete(delete_version),
        )
        .fallback(no_route)
        .with_state(srv)
}

// ---------------------------------------------------------------------------
// The harness: server lifecycle, the client, and counted assertions
// ---------------------------------------------------------------------------

struct Harness {
    base_url: String,
    agent: Option<ureq::Agent>,
    server: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    stopped: mpsc::Receiver<Result<(), String>>,
    thread: Option<JoinHandle<()>>,
    requests: Cell<usize>,
    assertions: Cell<usize>,
}

/// One request and its answer.
struct Exchange<S> {
    status: u16,
    body: Vec<u8>,
    parsed: Result<S, ApiError>,
    received: Received,
}

impl Harness {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let address = listener.local_addr().expect("local address");
        let server = Shared::default();
        let router = app(server.clone());
        let (stop, stop_signal) = tokio::sync::oneshot::channel::<()>();
        let (stopped_tx, stopped) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let result = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|runtime| {
                    runtime.block_on(async move {
                        let listener = tokio::net::TcpListener::from_std(listener)
                            .map_err(|e| e.to_string())?;
                        axum::serve(listener, router)
                            .with_graceful_shutdown(async {
                                let _ = stop_signal.await;
                            })
                            .await
                            .map_err(|e| e.to_string())
                    })
                });
            let _ = stopped_tx.send(result);
        });
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                // A 4XX or 5XX is an answer to read, not a transport error.
                .http_status_as_error(false)
                // Never a proxy from the environment: 127.0.0.1 only.
                .proxy(None)
                .max_redirects(0)
                .timeout_global(Some(Duration::from_secs(10)))
                .build(),
        );
        Harness {
            base_url: format!("http://{address}{API_PREFIX}"),
            agent: Some(agent),
            server,
            stop: Some(stop),
            stopped,
            thread: Some(thread),
            requests: Cell::new(0),
            assertions: Cell::new(0),
        }
    }

    fn summary(&self) -> String {
        format!(
            "http_integration: {} requests sent, {} received by the server, {} assertions passed",
            self.requests.get(),
            self.server.count(),
            self.assertions.get()
        )
    }

    fn eq<T: PartialEq + Debug>(&self, what: impl Display, got: T, want: T) {
        assert!(got == want, "{what}:\n   got: {got:?}\n  want: {want:?}");
        self.assertions.set(self.assertions.get() + 1);
    }

    fn ok(&self, what: impl Display, condition: bool) {
        assert!(condition, "{what}");
        self.assertions.set(self.assertions.get() + 1);
    }

    /// descriptor → `to_request` → ureq → status and bytes → `parse_response`.
    fn send<E: Endpoint>(&self, endpoint: &E, auth: &Auth) -> Exchange<E::Success> {
        let what = E::OPERATION.id;
        let before = self.server.count();
        let request = endpoint
            .to_request(&self.base_url, auth)
            .unwrap_or_else(|e| panic!("{what}: to_request: {e}"));
        // `http::Request` is ureq's own request type: method, URI, headers
        // and body go over as they are. An empty body is sent as no body,
        // so a GET or DELETE carries no `Content-Length: 0`.
        let (parts, body) = request.into_parts();
        let agent = self.agent.as_ref().expect("the agent lives until finish");
        let sent = if body.is_empty() {
            agent.run(worker_versions::http::Request::from_parts(parts, ()))
        } else {
            agent.run(worker_versions::http::Request::from_parts(parts, body))
        };
        let mut response = sent.unwrap_or_else(|e| panic!("{what}: transport: {e}"));
        self.requests.set(self.requests.get() + 1);
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_vec()
            .unwrap_or_else(|e| panic!("{what}: reading the body: {e}"));
        self.eq(
            format_args!("{what}: requests the server recorded"),
            self.server.count(),
            before + 1,
        );
        let received = self.server.last().expect("a recorded request");
        let parsed = endpoint.parse_response(status, &body);
        Exchange {
            status,
            body,
            parsed,
            received,
        }
    }

    /// What every request must look like on arrival: method, path (each
    /// parameter decoded back to exactly the original), accept and auth.
    fn check_request<E: Endpoint>(&self, r: &Received, endpoint: &E, params: &[&str], auth: &Auth) {
        let what = E::OPERATION.id;
        self.eq(
            format_args!("{what}: method"),
            r.method.as_str(),
            endpoint.method().as_str(),
        );
        self.eq(
            format_args!("{what}: the path as sent"),
            r.path.clone(),
            format!("{API_PREFIX}{}", endpoint.path().unwrap()),
        );
        self.eq(
            format_args!("{what}: path parameters decoded by axum"),
            r.params.clone(),
            params.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
        );
        let mut values = params.iter();
        let want: Vec<String> = format!("{API_PREFIX}{}", endpoint.path_template())
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    (*values.next().expect("a value for each parameter")).to_owned()
                } else {
                    segment.to_owned()
                }
            })
            .collect();
        let got: Vec<String> = r.path.split('/').map(percent_decode).collect();
        self.eq(format_args!("{what}: path segments, decoded"), got, want);
        self.eq(
            format_args!("{what}: accept"),
            header_values(r, "accept"),
            vec!["application/json".to_owned()],
        );
        match auth {
            Auth::ApiToken(token) => {
                self.eq(
                    format_args!("{what}: authorization"),
                    header_values(r, "authorization"),
                    vec![format!("Bearer {token}")],
                );
                self.eq(
                    format_args!("{what}: no key headers with a token"),
                    header_values(r, "x-auth-email").len() + header_values(r, "x-auth-key").len(),
                    0,
                );
            }
            Auth::ApiKey { email, key } => {
                self.eq(
                    format_args!("{what}: x-auth-email"),
                    header_values(r, "x-auth-email"),
                    vec![email.clone()],
                );
                self.eq(
                    format_args!("{what}: x-auth-key"),
                    header_values(r, "x-auth-key"),
                    vec![key.clone()],
                );
                self.eq(
                    format_args!("{what}: no authorization with a key"),
                    header_values(r, "authorization"),
                    Vec::<String>::new(),
                );
            }
        }
    }

    /// A request without a body: no content type, nothing received.
    fn check_no_body(&self, what: &str, r: &Received) {
        self.eq(
            format_args!("{what}: content-type"),
            header_values(r, "content-type"),
            Vec::<String>::new(),
        );
        self.eq(format_args!("{what}: body"), r.body.len(), 0);
    }

    fn check_query(&self, what: &str, r: &Received, want: &[(&str, &str)]) {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        self.eq(
            format_args!("{what}: query"),
            query_pairs(r.query.as_deref()),
            want.clone(),
        );
        if want.is_empty() {
            self.eq(format_args!("{what}: no `?` at all"), r.query.clone(), None);
        }
    }

    fn check_upload(&self, r: &Received, metadata: &UploadMetadata, modules: &[ModulePart]) {
        let what = "upload";
        self.eq(
            format_args!("{what}: multipart parsed by axum"),
            r.multipart_error.clone(),
            None,
        );
        let content_type = header_values(r, "content-type");
        self.ok(
            format_args!("{what}: content-type {content_type:?}"),
            content_type.len() == 1
                && content_type[0].starts_with("multipart/form-data; boundary="),
        );
        self.eq(
            format_args!("{what}: parts"),
            r.parts.len(),
            modules.len() + 1,
        );
        let part = &r.parts[0];
        self.eq(
            format_args!("{what}: first part's name"),
            part.name.as_deref(),
            Some("metadata"),
        );
        self.eq(
            format_args!("{what}: metadata file name"),
            part.file_name.as_deref(),
            None,
        );
        self.eq(
            format_args!("{what}: metadata content type"),
            part.content_type.as_deref(),
            Some("application/json"),
        );
        let json: Value = serde_json::from_slice(&part.bytes).expect("metadata is JSON");
        self.eq(
            format_args!("{what}: metadata JSON"),
            json,
            serde_json::to_value(metadata).unwrap(),
        );
        let decoded: UploadMetadata = serde_json::from_slice(&part.bytes).unwrap();
        self.eq(format_args!("{what}: metadata decoded"), &decoded, metadata);
        for (part, module) in r.parts[1..].iter().zip(modules) {
            let name = &module.name;
            self.eq(
                format_args!("{what}: {name}: part name"),
                part.name.as_deref(),
                Some(name.as_str()),
            );
            self.eq(
                format_args!("{what}: {name}: file name"),
                part.file_name.as_deref(),
                Some(name.as_str()),
            );
            self.eq(
                format_args!("{what}: {name}: content type"),
                part.content_type.as_deref(),
                Some(module.content_type.as_str()),
            );
            self.eq(
                format_args!("{what}: {name}: bytes"),
                &part.bytes,
                &module.content,
            );
        }
    }

    fn check_create(&self, r: &Received, input: &VersionInput) {
        let what = "createWorkerVersion";
        self.eq(
            format_args!("{what}: content-type"),
            header_values(r, "content-type"),
            vec!["application/json".to_owned()],
        );
        self.eq(
            format_args!("{what}: content-length"),
            header_values(r, "content-length"),
            vec![r.body.len().to_string()],
        );
        let json: Value = serde_json::from_slice(&r.body).expect("a JSON body");
        self.eq(
            format_args!("{what}: body JSON"),
            &json,
            &serde_json::to_value(input).unwrap(),
        );
        for read_only in ["id", "number", "created_on", "urls"] {
            self.ok(
                format_args!("{what}: the body has no `{read_only}`"),
                json.get(read_only).is_none(),
            );
        }
        let decoded: VersionInput = serde_json::from_slice(&r.body).unwrap();
        self.eq(format_args!("{what}: body decoded"), &decoded, input);
        // The server side of base64: every module's bytes come back.
        let modules = json["modules"].as_array().cloned().unwrap_or_default();
        let sent = input.modules.as_deref().unwrap_or_default();
        self.eq(format_args!("{what}: modules"), modules.len(), sent.len());
        for (got, want) in modules.iter().zip(sent) {
            let bytes = BASE64
                .decode(got["content_base64"].as_str().unwrap_or_default())
                .expect("base64");
            self.eq(
                format_args!("{what}: {} bytes", want.name),
                BASE64.encode(bytes),
                want.content_base64.clone(),
            );
        }
    }

    /// Stops the server and waits for it.
    fn finish(mut self) {
        self.eq(
            "every request sent reached the server once",
            self.server.count(),
            self.requests.get(),
        );
        self.shut_down();
        let result = self
            .stopped
            .recv_timeout(Duration::from_secs(5))
            .expect("the server stops within 5 s");
        self.eq("the server's exit", result, Ok(()));
        if let Some(thread) = self.thread.take() {
            self.ok("the server thread ends", thread.join().is_ok());
        }
        if std::env::var_os("HTTP_INTEGRATION_SUMMARY").is_some() {
            eprintln!("{}", self.summary());
        }
    }

    fn shut_down(&mut self) {
        // Closing the client's pooled connections lets graceful shutdown
        // finish at once.
        self.agent = None;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("{}", self.summary());
        }
        self.shut_down();
    }
}

fn header_values(r: &Received, name: &str) -> Vec<String> {
    r.headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

fn expect_ok<S>(what: &str, exchange: Exchange<S>) -> (S, Received) {
    match exchange.parsed {
        Ok(success) => (success, exchange.received),
        Err(e) => panic!(
            "{what}: expected a success, got {e} (HTTP {}: {})",
            exchange.status,
            String::from_utf8_lossy(&exchange.body)
        ),
    }
}

fn expect_err<S>(what: &str, exchange: &Exchange<S>) -> ApiError {
    match &exchange.parsed {
        Ok(_) => panic!(
            "{what}: expected an ApiError, the body decoded (HTTP {}: {})",
            exchange.status,
            String::from_utf8_lossy(&exchange.body)
        ),
        Err(e) => e.clone(),
    }
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

#[test]
fn descriptors_over_real_http() {
    let h = Harness::start();
    hostile_identifiers(&h);
    query_parameters(&h);
    paginate_legacy(&h);
    paginate_new(&h);
    error_envelopes(&h);
    refused_requests(&h);
    redeploy(&h);
    async_client(&h);
    h.finish();
}

/// The `client` feature's `Client` against the same server: a request, the
/// API's error, and every page of a list as a stream.
fn async_client(h: &Harness) {
    use futures_util::TryStreamExt as _;
    use worker_versions::{Client, ClientError};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = Client::new(token()).base_url(h.base_url.clone());
    let before = h.server.count();
    runtime.block_on(async {
        let get = GetWorkerVersion::new(ACCOUNT, "my-worker", "v-client");
        let version = client.send(&get).await.expect("client: get").result;
        h.eq("client: get", version.id.as_str(), "v-client");

        let missing = GetWorkerVersion::new(NOT_FOUND, "my-worker", "v");
        let error = client.send(&missing).await.expect_err("client: a 404");
        h.ok(
            format_args!("client: the API's error ({error})"),
            matches!(&error, ClientError::Api(e) if e.status == 404 && !e.errors().is_empty()),
        );

        let first = ListWorkerVersions::new(ACCOUNT, "wörker/pager").per_page(5);
        let pages: Vec<_> = client
            .pages(first)
            .try_collect()
            .await
            .expect("client: pages");
        h.eq("client: three pages", pages.len(), 3);
        h.eq(
            "client: every version once, newest first",
            pages
                .iter()
                .flat_map(|page| page.result.iter().map(|v| v.number))
                .collect::<Vec<i64>>(),
            (1..=15).rev().collect::<Vec<i64>>(),
        );
    });
    let sent = h.server.count() - before;
    h.eq("client: requests the server received", sent, 5);
    h.requests.set(h.requests.get() + sent);
}

/// The Worker whose versions carry a secret, a tombstone and an unknown
/// member.
const REDEPLOY: &str = "redeploy-me";

/// A fetched version sent back as a new one, through `From<Version> for
/// VersionInput`: the server accepts it, read-only members are gone, the
/// secret is inherited, and everything else comes back as fetched.
fn redeploy(h: &Harness) {
    let auth = token();
    let get = GetWorkerVersion::new(ACCOUNT, REDEPLOY, "latest");
    let (fetched, _) = expect_ok("redeploy: get", h.send(&get, &auth));
    let input = VersionInput::from(fetched.result);
    let create = CreateWorkerVersion::new(ACCOUNT, REDEPLOY, input.clone());
    let (answer, r) = expect_ok("redeploy: create", h.send(&create, &auth));
    h.check_create(&r, &input);
    let sent: Value = serde_json::from_slice(&r.body).expect("a JSON body");
    h.eq(
        "redeploy: bindings",
        &sent["bindings"],
        &json!([
            {"type": "plain_text", "name": "GREETING", "text": "hello"},
            {"type": "kv_namespace", "name": "CACHE", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},
            {"type": "inherit", "name": "API_KEY"}
        ]),
    );
    h.eq(
        "redeploy: exports as fetched",
        &sent["exports"],
        &json!({
            "Counter": {"type": "durable-object", "storage": "sqlite"},
            "OldCounter": {"type": "durable-object", "state": "renamed"}
        }),
    );
    h.eq(
        "redeploy: the unknown member is kept",
        &sent["future_member"],
        &json!({"x": 1}),
    );
    for kept in [
        "main_module",
        "compatibility_date",
        "compatibility_flags",
        "annotations",
    ] {
        h.ok(
            format_args!("redeploy: `{kept}` is sent"),
            sent.get(kept).is_some(),
        );
    }
    h.eq(
        "redeploy: the new version's bindings",
        answer.result.bindings.map(|b| b.len()),
        Some(3),
    );
}

/// All seven operations with every hostile identifier, alternating the two
/// authentication schemes: what the server receives, and what it answers.
fn hostile_identifiers(h: &Harness) {
    let metadata = upload_metadata();
    let modules = upload_modules();
    let input = version_input();
    for (i, &id) in HOSTILE.iter().enumerate() {
        let auth = if i % 2 == 0 { token() } else { api_key() };

        let upload =
            WorkerVersionsUploadVersion::new(ACCOUNT, id, metadata.clone(), modules.clone());
        let (answer, r) = expect_ok("upload", h.send(&upload, &auth));
        h.check_request(&r, &upload, &[ACCOUNT, id], &auth);
        h.check_query("upload", &r, &[]);
        h.check_upload(&r, &metadata, &modules);
        h.eq(
            "upload: answer id",
            answer.result.id.as_deref(),
            Some("Galaxy-Class"),
        );
        h.eq(
            "upload: startup time",
            answer.result.startup_time_ms,
            Some(100),
        );

        let list = WorkerVersionsListVersions::new(ACCOUNT, id);
        let (page, r) = expect_ok("list", h.send(&list, &auth));
        h.check_request(&r, &list, &[ACCOUNT, id], &auth);
        h.check_query("list", &r, &[]);
        h.check_no_body("list", &r);
        h.eq(
            "list: items",
            page.result.items.map(|items| items.len()),
            Some(10),
        );

        let detail = WorkerVersionsGetVersionDetail::new(ACCOUNT, id, id);
        let (answer, r) = expect_ok("detail", h.send(&detail, &auth));
        h.check_request(&r, &detail, &[ACCOUNT, id, id], &auth);
        h.check_query("detail", &r, &[]);
        h.check_no_body("detail", &r);
        h.eq("detail: id", answer.result.id.as_deref(), Some(id));

        let create = CreateWorkerVersion::new(ACCOUNT, id, input.clone());
        let (answer, r) = expect_ok("create", h.send(&create, &auth));
        h.check_request(&r, &create, &[ACCOUNT, id], &auth);
        h.check_query("create", &r, &[]);
        h.check_create(&r, &input);
        h.eq("create: number", answer.result.number, 7);
        h.eq(
            "create: bindings come back",
            serde_json::to_value(&answer.result.bindings).unwrap(),
            serde_json::to_value(&input.bindings).unwrap(),
        );
        h.eq(
            "create: triggered_by",
            answer
                .result
                .annotations
                .as_ref()
                .and_then(|a| a.triggered_by.as_deref()),
            Some("version_upload"),
        );

        let list = ListWorkerVersions::new(ACCOUNT, id);
        let (page, r) = expect_ok("listWorkerVersions", h.send(&list, &auth));
        h.check_request(&r, &list, &[ACCOUNT, id], &auth);
        h.check_query("listWorkerVersions", &r, &[]);
        h.check_no_body("listWorkerVersions", &r);
        h.eq("listWorkerVersions: items", page.result.len(), 10);

        let get = GetWorkerVersion::new(ACCOUNT, id, id);
        let (answer, r) = expect_ok("getWorkerVersion", h.send(&get, &auth));
        h.check_request(&r, &get, &[ACCOUNT, id, id], &auth);
        h.check_query("getWorkerVersion", &r, &[]);
        h.check_no_body("getWorkerVersion", &r);
        h.eq("getWorkerVersion: id", answer.result.id.as_str(), id);
        h.eq("getWorkerVersion: no modules", answer.result.modules, None);

        let delete = DeleteWorkerVersion::new(ACCOUNT, id, id);
        let (answer, r) = expect_ok("deleteWorkerVersion", h.send(&delete, &auth));
        h.check_request(&r, &delete, &[ACCOUNT, id, id], &auth);
        h.check_query("deleteWorkerVersion", &r, &[]);
        h.check_no_body("deleteWorkerVersion", &r);
        h.eq("deleteWorkerVersion: no errors", answer.errors.len(), 0);
    }
}

/// Every optional query parameter, set, arrives decoded to its value.
fn query_parameters(h: &Harness) {
    let auth = token();
    let metadata = upload_metadata();
    let modules = upload_modules();
    let upload =
        WorkerVersionsUploadVersion::new(ACCOUNT, "my-worker", metadata.clone(), modules.clone())
            .bindings_inherit(WorkerVersionsUploadVersionBindingsInherit::Strict);
    let (_, r) = expect_ok("upload strict", h.send(&upload, &auth));
    h.check_request(&r, &upload, &[ACCOUNT, "my-worker"], &auth);
    h.check_query("upload strict", &r, &[("bindings_inherit", "strict")]);
    h.check_upload(&r, &metadata, &modules);

    let input = version_input();
    for deploy in [true, false] {
        let create = CreateWorkerVersion::new(ACCOUNT, "my-worker", input.clone()).deploy(deploy);
        let (_, r) = expect_ok("create deploy", h.send(&create, &auth));
        h.check_request(&r, &create, &[ACCOUNT, "my-worker"], &auth);
        h.check_query("create deploy", &r, &[("deploy", &deploy.to_string())]);
        h.check_create(&r, &input);
    }

    let get = GetWorkerVersion::new(ACCOUNT, "my-worker", "latest")
        .include(GetWorkerVersionInclude::Modules);
    let (answer, r) = expect_ok("get include", h.send(&get, &auth));
    h.check_request(&r, &get, &[ACCOUNT, "my-worker", "latest"], &auth);
    h.check_query("get include", &r, &[("include", "modules")]);
    let modules = answer.result.modules.unwrap_or_default();
    h.eq("get include: modules", modules.len(), 2);
    h.eq(
        "get include: index.js bytes",
        BASE64.decode(&modules[0].content_base64).unwrap(),
        JS_SOURCE.as_bytes().to_vec(),
    );
    h.eq(
        "get include: add.wasm bytes",
        BASE64.decode(&modules[1].content_base64).unwrap(),
        wasm_bytes(),
    );

    let list = WorkerVersionsListVersions::new(ACCOUNT, "my-worker")
        .page(2)
        .per_page(3);
    let (page, r) = expect_ok("list page", h.send(&list, &auth));
    h.check_query("list page", &r, &[("page", "2"), ("per_page", "3")]);
    h.eq(
        "list page: items",
        page.result.items.map(|i| i.len()),
        Some(3),
    );

    let list = ListWorkerVersions::new(ACCOUNT, "my-worker")
        .page(3)
        .per_page(2);
    let (page, r) = expect_ok("listWorkerVersions page", h.send(&list, &auth));
    h.check_query(
        "listWorkerVersions page",
        &r,
        &[("page", "3"), ("per_page", "2")],
    );
    h.eq("listWorkerVersions page: items", page.result.len(), 2);
}

/// Legacy list: pages of `per_page` items, then an empty page stops it;
/// `deployable` is one page.
fn paginate_legacy(h: &Harness) {
    let auth = api_key();
    let script = "pager/ü ?#";
    let mut next = Some(WorkerVersionsListVersions::new(ACCOUNT, script).per_page(4));
    let mut queries = Vec::new();
    let mut sizes = Vec::new();
    let mut numbers = Vec::new();
    while let Some(request) = next {
        h.ok("legacy pagination stops", sizes.len() < 10);
        let (page, r) = expect_ok("list pages", h.send(&request, &auth));
        h.check_request(&r, &request, &[ACCOUNT, script], &auth);
        queries.push(query_pairs(r.query.as_deref()));
        let items = page.result.items.clone().unwrap_or_default();
        sizes.push(items.len());
        numbers.extend(
            items
                .iter()
                .filter_map(|v| v.number.as_ref().and_then(worker_versions::Number::as_u64)),
        );
        next = request.next_page(&page);
    }
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    h.eq(
        "legacy: page sizes (three pages, then the empty one)",
        sizes,
        vec![4, 4, 4, 0],
    );
    h.eq(
        "legacy: queries",
        queries,
        vec![
            vec![pair("per_page", "4")],
            vec![pair("page", "2"), pair("per_page", "4")],
            vec![pair("page", "3"), pair("per_page", "4")],
            vec![pair("page", "4"), pair("per_page", "4")],
        ],
    );
    h.eq(
        "legacy: every version once, newest first",
        numbers,
        (1..=12).rev().collect::<Vec<u64>>(),
    );

    let deployable = WorkerVersionsListVersions::new(ACCOUNT, script).deployable(true);
    let (page, r) = expect_ok("list deployable", h.send(&deployable, &auth));
    h.check_query("list deployable", &r, &[("deployable", "true")]);
    h.eq(
        "deployable: items",
        page.result.items.as_ref().map(Vec::len),
        Some(2),
    );
    h.eq(
        "deployable: no next page",
        deployable.next_page(&page),
        None,
    );
}

/// New list: stops at `result_info.total_pages` without asking for more.
fn paginate_new(h: &Harness) {
    let auth = token();
    let worker = "wörker/pager";
    let mut next = Some(ListWorkerVersions::new(ACCOUNT, worker).per_page(5));
    let mut pages = Vec::new();
    let mut numbers = Vec::new();
    while let Some(request) = next {
        h.ok("new pagination stops", pages.len() < 10);
        let (page, r) = expect_ok("listWorkerVersions pages", h.send(&request, &auth));
        h.check_request(&r, &request, &[ACCOUNT, worker], &auth);
        let info = page.result_info.clone().unwrap_or_default();
        pages.push((
            query_pairs(r.query.as_deref()),
            page.result.len(),
            info.page.and_then(|p| p.as_u64()),
        ));
        numbers.extend(page.result.iter().map(|v| v.number));
        next = request.next_page(&page);
    }
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    h.eq(
        "new: exactly three pages, the last at total_pages",
        pages,
        vec![
            (vec![pair("per_page", "5")], 5, Some(1)),
            (vec![pair("page", "2"), pair("per_page", "5")], 5, Some(2)),
            (vec![pair("page", "3"), pair("per_page", "5")], 5, Some(3)),
        ],
    );
    h.eq(
        "new: every version once, newest first",
        numbers,
        (1..=15).rev().collect::<Vec<i64>>(),
    );
}

/// Runs `$check` with a descriptor of each of the seven operations.
macro_rules! for_each_operation {
    ($account:expr, $check:expr) => {{
        let account: &str = $account;
        $check(&WorkerVersionsUploadVersion::new(
            account,
            "my-worker",
            upload_metadata(),
            upload_modules(),
        ));
        $check(&WorkerVersionsListVersions::new(account, "my-worker"));
        $check(&WorkerVersionsGetVersionDetail::new(
            account,
            "my-worker",
            "10000000-0000-4000-8000-000000000000",
        ));
        $check(&CreateWorkerVersion::new(
            account,
            "my-worker",
            version_input(),
        ));
        $check(&ListWorkerVersions::new(account, "my-worker"));
        $check(&GetWorkerVersion::new(account, "my-worker", "latest"));
        $check(&DeleteWorkerVersion::new(account, "my-worker", "latest"));
    }};
}

fn check_one_line(h: &Harness, what: &str, error: &ApiError) {
    let text = error.to_string();
    h.ok(
        format_args!("{what}: Display is one line: {text:?}"),
        !text.contains('\n') && !text.contains('\r'),
    );
    h.ok(
        format_args!("{what}: Display names the operation and status: {text:?}"),
        text.starts_with(&format!("{what}: HTTP {}: ", error.status)),
    );
}

fn check_not_found<E: Endpoint>(h: &Harness, endpoint: &E) {
    let what = E::OPERATION.id;
    let x = h.send(endpoint, &token());
    h.eq(format_args!("{what} 404: status"), x.status, 404);
    let error = expect_err(what, &x);
    h.eq(format_args!("{what} 404: operation"), error.operation, what);
    h.eq(
        format_args!("{what} 404: ApiError status"),
        error.status,
        404,
    );
    h.ok(
        format_args!("{what} 404: has_code(10007)"),
        error.has_code(10007),
    );
    match &error.kind {
        ApiErrorKind::Rejected { errors, messages } => {
            h.eq(format_args!("{what} 404: errors"), errors.len(), 1);
            h.eq(
                format_args!("{what} 404: code"),
                errors[0].code,
                Some(10007),
            );
            h.eq(
                format_args!("{what} 404: message"),
                errors[0].message.as_str(),
                NOT_FOUND_MESSAGE,
            );
            h.eq(format_args!("{what} 404: messages"), messages.len(), 0);
        }
        other => panic!("{what} 404: expected Rejected, got {other:?}"),
    }
    check_one_line(h, what, &error);
    h.ok(
        format_args!("{what} 404: Display has the code and message"),
        error
            .to_string()
            .ends_with(&format!("[10007] {NOT_FOUND_MESSAGE}")),
    );
}

fn check_bad_gateway<E: Endpoint>(h: &Harness, endpoint: &E) {
    let what = E::OPERATION.id;
    let x = h.send(endpoint, &api_key());
    h.eq(format_args!("{what} 502: status"), x.status, 502);
    let error = expect_err(what, &x);
    h.eq(
        format_args!("{what} 502: ApiError status"),
        error.status,
        502,
    );
    match &error.kind {
        ApiErrorKind::NotJson { excerpt } => {
            h.ok(
                format_args!("{what} 502: excerpt is the page's start: {excerpt:?}"),
                excerpt.starts_with("<!DOCTYPE html>") && excerpt.contains("502 Bad Gateway"),
            );
        }
        other => panic!("{what} 502: expected NotJson, got {other:?}"),
    }
    h.eq(
        format_args!("{what} 502: no API errors"),
        error.errors().len(),
        0,
    );
    check_one_line(h, what, &error);
}

fn check_false_in_200<E: Endpoint>(h: &Harness, endpoint: &E) {
    let what = E::OPERATION.id;
    let x = h.send(endpoint, &token());
    h.eq(format_args!("{what} success:false: status"), x.status, 200);
    let error = expect_err(what, &x);
    h.eq(
        format_args!("{what} success:false: ApiError status"),
        error.status,
        200,
    );
    match &error.kind {
        ApiErrorKind::Rejected { errors, .. } => {
            h.eq(
                format_args!("{what} success:false: code"),
                errors.first().and_then(|e| e.code),
                Some(10000),
            );
        }
        other => panic!("{what} success:false: expected Rejected, got {other:?}"),
    }
    check_one_line(h, what, &error);
}

/// The 100402 envelope: the `ApiError` has the code and the summary, and
/// the per-class detail is in the body as the operation's `Failure` type.
fn check_exports_rejected<E: Endpoint<Failure = UploadFailure>>(h: &Harness, endpoint: &E) {
    let what = E::OPERATION.id;
    let x = h.send(endpoint, &token());
    h.eq(format_args!("{what} 100402: status"), x.status, 400);
    let error = expect_err(what, &x);
    h.ok(
        format_args!("{what} 100402: has_code"),
        error.has_code(100402),
    );
    h.eq(
        format_args!("{what} 100402: message"),
        error.errors().first().map(|e| e.message.as_str()),
        Some(EXPORTS_MESSAGE),
    );
    let failure: E::Failure = serde_json::from_slice(&x.body).expect("the failure body decodes");
    match failure {
        UploadFailure::ExportsReconciliationFailure(failure) => {
            let details = &failure.errors[0].meta.details;
            h.eq(
                format_args!("{what} 100402: classes"),
                details.iter().map(|d| d.class.as_str()).collect::<Vec<_>>(),
                vec!["Counter", "LegacyCounter"],
            );
            h.eq(
                format_args!("{what} 100402: scenario"),
                &details[1].scenario,
                &ExportsReconciliationScenario::ProvisionedClassMissingFromConfig,
            );
        }
        other => panic!("{what} 100402: expected ExportsReconciliationFailure, got {other:?}"),
    }
}

fn error_envelopes(h: &Harness) {
    for_each_operation!(NOT_FOUND, |e| check_not_found(h, e));
    for_each_operation!(BAD_GATEWAY, |e| check_bad_gateway(h, e));
    for_each_operation!(FALSE_IN_200, |e| check_false_in_200(h, e));

    check_exports_rejected(
        h,
        &WorkerVersionsUploadVersion::new(
            EXPORTS_REJECTED,
            "my-worker",
            upload_metadata(),
            upload_modules(),
        ),
    );
    check_exports_rejected(
        h,
        &CreateWorkerVersion::new(EXPORTS_REJECTED, "my-worker", version_input()),
    );

    let create = CreateWorkerVersion::new(VALIDATION, "my-worker", version_input());
    let x = h.send(&create, &token());
    let error = expect_err("create 400", &x);
    h.eq("create 400: status", error.status, 400);
    let first = error.errors().first().cloned().expect("an error");
    h.eq("create 400: code", first.code, Some(10021));
    h.eq(
        "create 400: pointer",
        first.pointer.as_deref(),
        Some("/compatibility_date"),
    );
    h.ok(
        "create 400: documentation_url",
        first
            .documentation_url
            .is_some_and(|u| u.starts_with("https://developers.cloudflare.com/")),
    );
    check_one_line(h, "createWorkerVersion", &error);
    h.ok(
        "create 400: Display has the pointer",
        error.to_string().contains("(at /compatibility_date)"),
    );
}

/// Requests the descriptors refuse to build never reach the server.
fn refused_requests(h: &Harness) {
    let before = h.server.count();
    for bad in ["", ".", ".."] {
        match WorkerVersionsGetVersionDetail::new(ACCOUNT, bad, "v")
            .to_request(&h.base_url, &token())
        {
            Err(RequestError::PathParameter(e)) => {
                h.eq("refused script_name", e.name, "script_name")
            }
            other => panic!("script_name {bad:?}: expected a path parameter error, got {other:?}"),
        }
        match DeleteWorkerVersion::new(ACCOUNT, "w", bad).to_request(&h.base_url, &token()) {
            Err(RequestError::PathParameter(e)) => h.eq("refused version_id", e.name, "version_id"),
            other => panic!("version_id {bad:?}: expected a path parameter error, got {other:?}"),
        }
        match ListWorkerVersions::new(bad, "w").to_request(&h.base_url, &token()) {
            Err(RequestError::PathParameter(e)) => h.eq("refused account_id", e.name, "account_id"),
            other => panic!("account_id {bad:?}: expected a path parameter error, got {other:?}"),
        }
    }
    match ListWorkerVersions::new(ACCOUNT, "w")
        .to_request(&h.base_url, &Auth::api_token("tok\r\nX-Evil: 1"))
    {
        Err(RequestError::InvalidHeader { name }) => {
            h.eq("refused token", name.as_str(), "authorization")
        }
        other => panic!("a token with CRLF: expected InvalidHeader, got {other:?}"),
    }
    h.eq("refused requests sent nothing", h.server.count(), before);
}

// ---------------------------------------------------------------------------
// Library bugs found while writing this test. Each is ignored so that the
// suite stays green; `cargo test --test http_integration -- --ignored` shows
// them failing.
// ---------------------------------------------------------------------------

/// `ApiError`'s `Display` writes each error's `message` as it is, and the
/// 100402 summary is multi-line by design, so the "one line" goes.
#[test]
fn display_of_the_100402_envelope_is_one_line() {
    let h = Harness::start();
    let upload = WorkerVersionsUploadVersion::new(
        EXPORTS_REJECTED,
        "my-worker",
        upload_metadata(),
        upload_modules(),
    );
    let x = h.send(&upload, &token());
    let error = expect_err("upload 100402", &x);
    check_one_line(&h, "worker-versions-upload-version", &error);
    h.finish();
}

/// A 2XX body that says `"success": true` but does not decode is reported
/// as `Rejected` (the API refused) as soon as `errors` is not empty, and
/// the decoding mismatch is lost; `ApiErrorKind::Rejected` is documented
/// for an error status or `"success": false` only.
#[test]
fn a_success_that_does_not_decode_is_undecodable() {
    let h = Harness::start();
    let get = GetWorkerVersion::new(SUCCESS_MISMATCH, "my-worker", "latest");
    let x = h.send(&get, &token());
    let error = expect_err("getWorkerVersion", &x);
    match &error.kind {
        ApiErrorKind::Undecodable { path, .. } => {
            h.ok(
                format_args!("mismatch in `result`: {path}"),
                path.starts_with("result"),
            );
        }
        other => panic!("expected Undecodable in `result`, got {other:?}"),
    }
    h.finish();
}
