//! The Workers versions API (`/workers/workers/{worker_id}/versions`):
//! create a version from JSON, read it back with its modules, delete it.
//!
//! ```text
//! cargo run --example new_versions
//! ```
//!
//! The crate builds requests and reads responses; sending them is the job of
//! whatever HTTP client your program already uses. This example has none, so
//! it prints each request (credentials redacted) and reads a canned response
//! instead: see `send` for the three lines a real client needs. With
//! `CLOUDFLARE_ACCOUNT_ID` and `CLOUDFLARE_API_TOKEN` set, the requests are
//! built for that account, but still not sent.

use std::error::Error;

use worker_versions::operations::{
    CreateWorkerVersion, DeleteWorkerVersion, GetWorkerVersion, GetWorkerVersionInclude,
};
use worker_versions::types::{KvNamespaceBinding, Module, PlainTextBinding, VersionInput};
use worker_versions::{Auth, DEFAULT_BASE_URL, Endpoint};

/// The Worker, by name or by id.
const WORKER: &str = "my-worker";

const INDEX_JS: &str = r#"export default {
  async fetch(request, env) {
    const visits = Number(await env.CACHE.get("visits") ?? 0) + 1;
    await env.CACHE.put("visits", String(visits));
    return new Response(`${env.GREETING}, visitor ${visits}`);
  },
};
"#;

fn main() -> Result<(), Box<dyn Error>> {
    let (account_id, auth) = credentials();

    println!("== create a version of {WORKER}");
    let version = VersionInput {
        main_module: Some("index.js".into()),
        // Module contents travel base64-encoded; `from_bytes` encodes them.
        modules: Some(vec![Module::from_bytes(
            "index.js",
            "application/javascript+module",
            INDEX_JS,
        )]),
        compatibility_date: Some("2025-09-01".into()),
        bindings: Some(vec![
            PlainTextBinding::new("GREETING", "Hello from Rust").into(),
            KvNamespaceBinding::new("CACHE", "0f2ac74b498b48028cb68387c421e279").into(),
        ]),
        ..Default::default()
    };
    // `.deploy(true)` would also send all traffic to the new version.
    let create = CreateWorkerVersion::new(&account_id, WORKER, version);
    let (status, body) = send(create.to_request(DEFAULT_BASE_URL, &auth)?, created());
    let created = create.parse_response(status, &body)?.result;
    println!(
        "   created version {} (number {})",
        created.id, created.number
    );

    println!("== get it with its modules");
    let get = GetWorkerVersion::new(&account_id, WORKER, &created.id)
        .include(GetWorkerVersionInclude::Modules);
    let (status, body) = send(get.to_request(DEFAULT_BASE_URL, &auth)?, with_modules());
    let fetched = get.parse_response(status, &body)?.result;
    for module in fetched.modules.as_deref().unwrap_or_default() {
        let bytes = module.content_bytes()?;
        println!(
            "   module {} ({}, {} bytes)",
            module.name,
            module.content_type,
            bytes.len()
        );
    }

    println!("== delete it");
    let delete = DeleteWorkerVersion::new(&account_id, WORKER, &created.id);
    let (status, body) = send(delete.to_request(DEFAULT_BASE_URL, &auth)?, deleted());
    delete.parse_response(status, &body)?;
    println!("   deleted");

    println!("== get it again");
    let (status, body) = send(get.to_request(DEFAULT_BASE_URL, &auth)?, not_found());
    match get.parse_response(status, &body) {
        Ok(_) => println!("   still there"),
        // Cloudflare's error codes are on the error; `Display` sums it up.
        Err(error) if error.has_code(10007) => println!("   gone: {error}"),
        Err(error) => return Err(error.into()),
    }
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
fn send(request: http::Request<Vec<u8>>, canned: (u16, String)) -> (u16, Vec<u8>) {
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
    (canned.0, canned.1.into_bytes())
}

// Canned answers.

const VERSION: &str = r#""id": "f8c1d2a0-5a4e-4b8e-9c3d-1e2f3a4b5c6d", "number": 7,
    "created_on": "2025-09-03T10:00:00.123456Z",
    "urls": ["https://f8c1d2a0-my-worker.example.workers.dev"],
    "main_module": "index.js", "compatibility_date": "2025-09-01",
    "bindings": [{"type": "plain_text", "name": "GREETING", "text": "Hello from Rust"},
                 {"type": "kv_namespace", "name": "CACHE",
                  "namespace_id": "0f2ac74b498b48028cb68387c421e279"}]"#;

fn created() -> (u16, String) {
    let body =
        format!(r#"{{"success": true, "errors": [], "messages": [], "result": {{{VERSION}}}}}"#);
    (200, body)
}

fn with_modules() -> (u16, String) {
    let module = serde_json::to_string(&Module::from_bytes(
        "index.js",
        "application/javascript+module",
        INDEX_JS,
    ))
    .unwrap_or_default();
    let body = format!(
        r#"{{"success": true, "errors": [], "messages": [], "result": {{{VERSION}, "modules": [{module}]}}}}"#
    );
    (200, body)
}

fn deleted() -> (u16, String) {
    let body = r#"{"success": true, "errors": [], "messages": [], "result": null}"#;
    (200, body.to_owned())
}

fn not_found() -> (u16, String) {
    let body = r#"{"success": false, "errors": [{"code": 10007, "message": "This version does not exist."}], "messages": [], "result": null}"#;
    (404, body.to_owned())
}
