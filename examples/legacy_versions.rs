//! The script versions API (`/workers/scripts/{script_name}/versions`):
//! list every version of a script page by page, then upload a new version
//! made of an ES module and a WebAssembly module, with two bindings.
//!
//! ```text
//! cargo run --example legacy_versions
//! ```
//!
//! The crate builds requests and reads responses; sending them is the job of
//! whatever HTTP client your program already uses. This example has none, so
//! it prints each request (credentials redacted) and reads a canned response
//! instead: see `send` for the three lines a real client needs. With
//! `CLOUDFLARE_ACCOUNT_ID` and `CLOUDFLARE_API_TOKEN` set, the requests are
//! built for that account, but still not sent.

use std::error::Error;

use worker_versions::operations::{WorkerVersionsListVersions, WorkerVersionsUploadVersion};
use worker_versions::types::{KvNamespaceBinding, PlainTextBinding, UploadMetadata};
use worker_versions::{Auth, DEFAULT_BASE_URL, Endpoint, ModulePart, Paginated};

const SCRIPT: &str = "my-worker";

/// The Worker's entry point: it imports the WebAssembly module below.
const INDEX_JS: &str = r#"import wasm from "./add.wasm";

const { add } = new WebAssembly.Instance(wasm).exports;

export default {
  async fetch(request, env) {
    await env.CACHE.put("last", String(add(1, 2)));
    return new Response(`${env.GREETING}: 1 + 2 = ${add(1, 2)}`);
  },
};
"#;

/// A WebAssembly module exporting `add(i32, i32) -> i32`.
const ADD_WASM: [u8; 41] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32, i32) -> i32
    0x03, 0x02, 0x01, 0x00, // one function of that type
    0x07, 0x07, 0x01, 0x03, b'a', b'd', b'd', 0x00, 0x00, // exported as "add"
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // local.get 0 + 1
];

fn main() -> Result<(), Box<dyn Error>> {
    let (account_id, auth) = credentials();
    list_all_versions(&account_id, &auth)?;
    upload_version(&account_id, &auth)?;
    Ok(())
}

/// Every version of the script, newest first: `next_page` gives the request
/// for the following page, and `None` after the last (empty) one.
fn list_all_versions(account_id: &str, auth: &Auth) -> Result<(), Box<dyn Error>> {
    println!("== list the versions of {SCRIPT}");
    let mut next = Some(WorkerVersionsListVersions::new(account_id, SCRIPT).per_page(2));
    while let Some(request) = next {
        let (status, body) = send(
            request.to_request(DEFAULT_BASE_URL, auth)?,
            canned_page(request.page),
        );
        let page = request.parse_response(status, &body)?;
        for version in page.result.items.as_deref().unwrap_or_default() {
            let number = version.number.as_ref().map(ToString::to_string);
            println!(
                "   version {} (id {})",
                number.as_deref().unwrap_or("?"),
                version.id.as_deref().unwrap_or("?")
            );
        }
        next = request.next_page(&page);
    }
    Ok(())
}

/// A new version: the `metadata` part says which module is the entry point
/// and which bindings the Worker gets; each module is a part of its own.
fn upload_version(account_id: &str, auth: &Auth) -> Result<(), Box<dyn Error>> {
    println!("== upload a version of {SCRIPT}");
    let metadata = UploadMetadata {
        compatibility_date: Some("2025-09-01".into()),
        bindings: Some(vec![
            PlainTextBinding::new("GREETING", "Hello from Rust").into(),
            KvNamespaceBinding::new("CACHE", "0f2ac74b498b48028cb68387c421e279").into(),
        ]),
        ..UploadMetadata::new("index.js")
    };
    let modules = vec![
        ModulePart::javascript_module("index.js", INDEX_JS),
        ModulePart::wasm("add.wasm", ADD_WASM),
    ];
    let request = WorkerVersionsUploadVersion::new(account_id, SCRIPT, metadata, modules);
    let (status, body) = send(request.to_request(DEFAULT_BASE_URL, auth)?, uploaded());
    let uploaded = request.parse_response(status, &body)?;
    println!(
        "   uploaded version {}",
        uploaded.result.id.as_deref().unwrap_or("?")
    );
    Ok(())
}

/// The account and credentials: from the environment if set, else examples.
fn credentials() -> (String, Auth) {
    match (
        std::env::var("CLOUDFLARE_ACCOUNT_ID"),
        std::env::var("CLOUDFLARE_API_TOKEN"),
    ) {
        (Ok(account_id), Ok(token)) => {
            println!(
                "Building the requests for account {account_id}. Nothing is sent: to send one, \
                 give the http::Request to your HTTP client as `send` shows, and its status and \
                 body to `parse_response`."
            );
            (account_id, Auth::api_token(token))
        }
        _ => (
            "023e105f4ecef8ad9ca31a8372d0c353".into(),
            Auth::api_token("example-token"),
        ),
    }
}

/// Sends a request and returns the status and body. With a real client, for
/// example ureq 3 (its agent built with `http_status_as_error(false)`, so
/// that error bodies are read too), this is:
///
/// ```text
/// let mut response = agent.run(request)?;
/// let status = response.status().as_u16();
/// let body = response.body_mut().read_to_vec()?;
/// ```
///
/// Here it prints the request and returns `canned`, what Cloudflare would
/// answer.
fn send(request: http::Request<Vec<u8>>, canned: (u16, &str)) -> (u16, Vec<u8>) {
    println!("-> {} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        // The crate marks credentials as sensitive.
        let value = match value.to_str() {
            _ if value.is_sensitive() => "<redacted>",
            Ok(text) => text,
            Err(_) => "<not text>",
        };
        println!("   {name}: {value}");
    }
    println!("   body: {} bytes", request.body().len());
    (canned.0, canned.1.as_bytes().to_vec())
}

// Canned answers.

/// Two full pages of versions, newest first, then an empty one.
fn canned_page(page: Option<i64>) -> (u16, &'static str) {
    let body = match page.unwrap_or(1) {
        1 => {
            r#"{"success": true, "errors": [], "messages": [], "result": {"items": [
                {"id": "ce15c78b-cc43-4f60-b5a9-15ce4f298c2a", "number": 4},
                {"id": "8a1f5d2c-7b3e-4c9a-a6d1-2f0e9b8c7d6e", "number": 3}]}}"#
        }
        2 => {
            r#"{"success": true, "errors": [], "messages": [], "result": {"items": [
                {"id": "3d2c1b0a-9f8e-4d7c-b6a5-948372615040", "number": 2},
                {"id": "ec5ea4f9-fe32-4301-bd73-6a86006ae8d4", "number": 1}]}}"#
        }
        _ => r#"{"success": true, "errors": [], "messages": [], "result": {"items": []}}"#,
    };
    (200, body)
}

fn uploaded() -> (u16, &'static str) {
    let body = r#"{"success": true, "errors": [], "messages": [], "result": {
        "id": "51e4886e-2db7-4900-8d38-fbfecfeab993", "number": 5, "startup_time_ms": 12,
        "metadata": {"author_email": "dev@example.com", "source": "api",
                     "created_on": "2025-09-03T10:00:00.123456Z",
                     "modified_on": "2025-09-03T10:00:00.123456Z"},
        "resources": {"script": {"etag": "c0ffee", "handlers": ["fetch"]}}}}"#;
    (200, body)
}
