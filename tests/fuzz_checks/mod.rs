//! The properties the fuzz targets check, shared by the fuzz crate
//! (`fuzz/fuzz_targets/*.rs`, through `#[path]`) and the bounded replay in
//! `tests/fuzz_regressions.rs`, so the two cannot drift apart.
//!
//! Every check panics when a property fails; libFuzzer turns the panic
//! into a crash and the replay test into a failure naming the input.
//!
//! The properties, for every decoding entry point:
//!
//! - it never panics (a panic anywhere below is a finding);
//! - whenever it accepts a body, encoding the value again gives the same
//!   `serde_json::Value` as parsing the body with serde_json; serde_json
//!   must accept the body too, unless all it refuses is what a `Value`
//!   cannot hold (nesting past its recursion limit, a number out of range),
//!   which the crate keeps as text in unknown members;
//! - the encoding is a fixed point: decoding and encoding it again gives the
//!   same text;
//! - `Inspect::unrecognized()` on an accepted value does not panic;
//! - no secret leaks: a string of 8 characters or more that is the value of
//!   a `text`, `jwt`, `key_base64` or `key_jwk` member of the body never
//!   appears in an error's `Display` (or `Debug`) output.

#![allow(
    dead_code,
    reason = "each fuzz target uses one entry point of this shared module"
)]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a failed property is reported by panicking, which the fuzzer and the test runner both catch"
)]

use std::fmt::{Debug, Display};
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use worker_versions::operations::{
    self, CreateWorkerVersion, DeleteWorkerVersion, GetWorkerVersion, ListWorkerVersions,
    WorkerVersionsGetVersionDetail, WorkerVersionsListVersions, WorkerVersionsUploadVersion,
};
use worker_versions::types::{BindingInput, SENSITIVE_MEMBERS, UploadMetadata, VersionInput};
use worker_versions::{Endpoint, Inspect, Operation};

/// The fuzz targets, by the name of their folder under `tests/fuzz-corpus/`
/// and of their binary in `fuzz/fuzz_targets/`.
pub const TARGETS: [&str; 3] = ["decode", "parse_response", "request_types"];

/// Runs the checks of the target `name` on one input.
pub fn check(name: &str, data: &[u8]) {
    match name {
        "decode" => check_decode(data),
        "parse_response" => check_parse_response(data),
        "request_types" => check_request_types(data),
        other => panic!("no fuzz target is called {other:?}"),
    }
}

/// The statuses the selector byte picks from: the first two are the ones
/// the seeds use (a 2XX and a 4XX); the rest reach the edges.
pub const STATUSES: [u16; 16] = [
    200, 404, 201, 400, 204, 403, 299, 409, 500, 429, 502, 401, 100, 302, 0, 65535,
];

/// How many operation slots the selector byte has (its low four bits).
pub const OPERATION_SLOTS: u8 = 16;

/// Splits an input into (operation index, status, body): the first byte's
/// low four bits pick the operation (modulo the number of operations), its
/// high four bits the status.
pub fn select(data: &[u8]) -> Option<(usize, u16, &[u8])> {
    let (&selector, body) = data.split_first()?;
    let operation = usize::from(selector & 0x0f) % operations::ALL.len();
    let status = STATUSES[usize::from(selector >> 4)];
    Some((operation, status, body))
}

/// The selector byte for operation slot `operation` and the status at
/// `status_index` of [`STATUSES`] (the inverse of [`select`]).
pub fn selector(operation: u8, status_index: u8) -> u8 {
    (status_index << 4) | (operation & 0x0f)
}

// ---------------------------------------------------------------------------
// Target `decode`: `Operation::decode(status, bytes)`.

/// The crate reads JSON with its own reader: a body `serde_json` reads as
/// a `Value` must not be refused as "not JSON" or "truncated". The two
/// differ by design only on lone surrogate escapes, which the crate
/// refuses everywhere (they are not Unicode), and on nesting past the
/// recursion limit.
pub fn assert_json_is_read_as_json(what: &str, body: &[u8], error: &worker_versions::DecodeError) {
    use worker_versions::DecodeErrorKind;
    let message = match &error.kind {
        DecodeErrorKind::NotJson { message } | DecodeErrorKind::Truncated { message } => message,
        DecodeErrorKind::Mismatch { .. } => return,
    };
    if message.contains("surrogate") || message.contains("recursion limit") {
        return;
    }
    assert!(
        serde_json::from_slice::<Value>(body).is_err(),
        "{what}: serde_json reads the body as JSON, the crate says: {message}"
    );
}

/// `Operation::decode` of the selected operation and status.
pub fn check_decode(data: &[u8]) {
    let Some((index, status, body)) = select(data) else {
        return;
    };
    let op = &operations::ALL[index];
    match op.decode(status, body) {
        Ok(decoded) => {
            let what = format!("{} decode({status})", op.id);
            let text = decoded.to_json_text();
            assert_round_trip(&what, body, &text, |b| {
                Some(op.decode(status, b).ok()?.to_json_text())
            });
            let _ = decoded.unrecognized();
            let _ = format!("{decoded:?}");
        }
        Err(error) => {
            assert_json_is_read_as_json(&format!("{} decode({status})", op.id), body, &error);
            let shown = render(&error);
            assert_no_secret_leak(&format!("{} decode({status})", op.id), body, &shown, |b| {
                op.decode(status, b)
                    .err()
                    .map(|e| render(&e))
                    .unwrap_or_default()
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Target `parse_response`: `Endpoint::parse_response(status, bytes)`.

/// `Endpoint::parse_response` of the selected operation's descriptor, and
/// for a 2XX status agreement with `Operation::decode`.
pub fn check_parse_response(data: &[u8]) {
    let Some((index, status, body)) = select(data) else {
        return;
    };
    let id = operations::ALL[index].id;
    let d = descriptors();
    match id {
        "worker-versions-list-versions" => check_endpoint(&d.list_versions, status, body),
        "worker-versions-upload-version" => check_endpoint(&d.upload_version, status, body),
        "worker-versions-get-version-detail" => check_endpoint(&d.version_detail, status, body),
        "listWorkerVersions" => check_endpoint(&d.list_worker_versions, status, body),
        "createWorkerVersion" => check_endpoint(&d.create_worker_version, status, body),
        "getWorkerVersion" => check_endpoint(&d.get_worker_version, status, body),
        "deleteWorkerVersion" => check_endpoint(&d.delete_worker_version, status, body),
        other => panic!("operation {other} has no descriptor in the fuzz checks: add it"),
    }
}

/// One descriptor per operation, built once.
pub struct Descriptors {
    pub list_versions: WorkerVersionsListVersions,
    pub upload_version: WorkerVersionsUploadVersion,
    pub version_detail: WorkerVersionsGetVersionDetail,
    pub list_worker_versions: ListWorkerVersions,
    pub create_worker_version: CreateWorkerVersion,
    pub get_worker_version: GetWorkerVersion,
    pub delete_worker_version: DeleteWorkerVersion,
}

impl Descriptors {
    /// The operation ids of the descriptors, to check that every operation
    /// in `operations::ALL` has one.
    pub fn operation_ids(&self) -> Vec<&'static str> {
        fn id<E: Endpoint>(_: &E) -> &'static str {
            E::OPERATION.id
        }
        vec![
            id(&self.list_versions),
            id(&self.upload_version),
            id(&self.version_detail),
            id(&self.list_worker_versions),
            id(&self.create_worker_version),
            id(&self.get_worker_version),
            id(&self.delete_worker_version),
        ]
    }
}

/// The descriptors the `parse_response` target reads responses with.
pub fn descriptors() -> &'static Descriptors {
    static DESCRIPTORS: OnceLock<Descriptors> = OnceLock::new();
    DESCRIPTORS.get_or_init(|| {
        let (account, version) = ("023e105f4ecef8ad9ca31a8372d0c353", "latest");
        let metadata: UploadMetadata =
            serde_json::from_str(r#"{"main_module": "worker.js"}"#).unwrap();
        Descriptors {
            list_versions: WorkerVersionsListVersions::new(account, "script"),
            upload_version: WorkerVersionsUploadVersion::new(
                account,
                "script",
                metadata,
                Vec::new(),
            ),
            version_detail: WorkerVersionsGetVersionDetail::new(account, "script", version),
            list_worker_versions: ListWorkerVersions::new(account, "worker"),
            create_worker_version: CreateWorkerVersion::new(
                account,
                "worker",
                VersionInput::default(),
            ),
            get_worker_version: GetWorkerVersion::new(account, "worker", version),
            delete_worker_version: DeleteWorkerVersion::new(account, "worker", version),
        }
    })
}

fn check_endpoint<E>(endpoint: &E, status: u16, body: &[u8])
where
    E: Endpoint,
    E::Success: Serialize + Inspect,
{
    let what = format!("{} parse_response({status})", E::OPERATION.id);
    let result = endpoint.parse_response(status, body);
    if (200..300).contains(&status) {
        // `parse_response` accepts a 2XX body exactly when the registry's
        // decoder does.
        let decoded = E::OPERATION.decode(status, body);
        assert_eq!(
            result.is_ok(),
            decoded.is_ok(),
            "{what}: parse_response and Operation::decode disagree: {:?} vs {:?}",
            result.as_ref().err(),
            decoded.as_ref().err()
        );
    }
    match result {
        Ok(success) => {
            assert!(
                (200..300).contains(&status),
                "{what}: a success for a non-2XX status"
            );
            let text = serde_json::to_string(&success)
                .unwrap_or_else(|e| panic!("{what}: the success does not encode: {e}"));
            assert_round_trip(&what, body, &text, |b| {
                serde_json::to_string(&endpoint.parse_response(status, b).ok()?).ok()
            });
            let _ = success.unrecognized();
        }
        Err(error) => {
            let shown = render(&error);
            assert!(!error.to_string().is_empty(), "{what}: an empty error");
            assert_no_secret_leak(&what, body, &shown, |b| {
                endpoint
                    .parse_response(status, b)
                    .err()
                    .map(|e| render(&e))
                    .unwrap_or_default()
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Target `request_types`: `serde_json::from_slice` of the request bodies.

/// Every input through the three request types.
pub fn check_request_types(data: &[u8]) {
    check_request_type::<VersionInput>("VersionInput", data);
    check_request_type::<UploadMetadata>("UploadMetadata", data);
    check_request_type::<Vec<BindingInput>>("Vec<BindingInput>", data);
}

fn check_request_type<T>(what: &str, body: &[u8])
where
    T: DeserializeOwned + worker_versions::__private::Decode + Serialize + Inspect + Debug,
{
    match serde_json::from_slice::<T>(body) {
        Ok(value) => {
            let text = serde_json::to_string(&value)
                .unwrap_or_else(|e| panic!("{what}: the decoded value does not encode: {e}"));
            assert_round_trip(what, body, &text, |b| {
                serde_json::to_string(&serde_json::from_slice::<T>(b).ok()?).ok()
            });
            let _ = value.unrecognized();
            let _ = format!("{value:?}");
        }
        Err(_) => {
            // serde_json's own error quotes what it likes; the crate's
            // redacting error for the same type is `decode_body`'s.
            let decode = |b: &[u8]| {
                worker_versions::decode_body::<T>(
                    &worker_versions::operations::CREATE_WORKER_VERSION,
                    200,
                    b,
                )
                .err()
                .map(|e| render(&e))
                .unwrap_or_default()
            };
            let shown = decode(body);
            assert!(
                !shown.is_empty(),
                "{what}: serde_json::from_slice rejects the body but decode_body accepts it"
            );
            assert_no_secret_leak(what, body, &shown, decode);
        }
    }
}

// ---------------------------------------------------------------------------
// The round-trip property.

/// `encoded` (the accepted body, encoded again) must mean what the body
/// means, and `again` (decode, then encode) must give it back unchanged.
pub fn assert_round_trip(
    what: &str,
    body: &[u8],
    encoded: &str,
    again: impl FnOnce(&[u8]) -> Option<String>,
) {
    match serde_json::from_slice::<Value>(body) {
        Ok(parsed) => {
            let reparsed: Value = serde_json::from_str(encoded).unwrap_or_else(|e| {
                panic!("{what}: serde_json cannot read the encoding ({e}): {encoded}")
            });
            if reparsed != parsed {
                panic!(
                    "{what}: the round trip changed the JSON\n   body: {}\nencoded: {}\n  input: {}",
                    parsed,
                    reparsed,
                    String::from_utf8_lossy(body)
                );
            }
        }
        Err(e) => {
            // What a `Value` cannot hold but JSON text can; the crate keeps
            // it as text in unknown members.
            let message = e.to_string();
            assert!(
                message.starts_with("recursion limit exceeded")
                    || message.starts_with("number out of range"),
                "{what}: the crate accepted a body serde_json rejects ({e}): {}",
                String::from_utf8_lossy(body)
            );
        }
    }
    let twice = again(encoded.as_bytes())
        .unwrap_or_else(|| panic!("{what}: the encoding does not decode again: {encoded}"));
    assert_eq!(twice, encoded, "{what}: encoding again changed the text");
}

// ---------------------------------------------------------------------------
// The no-secret-leak property.

/// An error as the user can see it: its `Display`, then its `Debug`.
pub fn render<E: Display + Debug>(error: &E) -> String {
    format!("{error}\n{error:?}")
}

/// The value of a sensitive member found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// The member's name (after JSON unescaping).
    pub member: String,
    /// The value as JSON means it (unescaped), or its raw text when it does
    /// not unescape (an unterminated string, say).
    pub value: String,
    /// The byte range of the string's content (between the quotes) in the
    /// body.
    pub span: std::ops::Range<usize>,
}

/// How long a secret must be to be looked for: shorter strings turn up in
/// error messages by chance.
pub const MIN_SECRET_CHARS: usize = 8;

fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The string token starting at the quote at `start`: the end of its
/// content (the closing quote, or the end of the body), and whether it was
/// closed.
fn string_token(body: &[u8], start: usize) -> (usize, bool) {
    let mut escaped = false;
    for (i, &b) in body.iter().enumerate().skip(start + 1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return (i, true),
            _ => {}
        }
    }
    (body.len(), false)
}

/// A string token's meaning: unescaped when it is a valid JSON string,
/// otherwise its raw content.
fn token_text(body: &[u8], start: usize, end: usize, closed: bool) -> String {
    if closed && let Ok(text) = serde_json::from_slice::<String>(&body[start..=end]) {
        return text;
    }
    String::from_utf8_lossy(&body[start + 1..end]).into_owned()
}

/// Every string value of a sensitive member, read leniently so that broken
/// bodies count too: a string token whose meaning is a sensitive member
/// name, followed by `:` and a string token. In valid JSON that is exactly
/// a member with a string value, at any depth, with escaped names
/// (`"te\u0078t"`) included.
pub fn find_secrets(body: &[u8]) -> Vec<Secret> {
    let mut secrets = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'"' {
            i += 1;
            continue;
        }
        let (end, closed) = string_token(body, i);
        let name = token_text(body, i, end, closed);
        i = end + 1;
        if !closed || !SENSITIVE_MEMBERS.contains(&name.as_str()) {
            continue;
        }
        let mut j = i;
        while j < body.len() && is_json_whitespace(body[j]) {
            j += 1;
        }
        if body.get(j) != Some(&b':') {
            continue;
        }
        j += 1;
        while j < body.len() && is_json_whitespace(body[j]) {
            j += 1;
        }
        if body.get(j) != Some(&b'"') {
            continue;
        }
        let (value_end, value_closed) = string_token(body, j);
        secrets.push(Secret {
            member: name,
            value: token_text(body, j, value_end, value_closed),
            span: j + 1..value_end,
        });
        i = value_end + 1;
    }
    secrets
}

/// The forms in which a secret could show: as JSON means it, as the body
/// writes it, and as `{:?}` escapes it.
fn secret_forms(body: &[u8], secret: &Secret) -> Vec<String> {
    let raw = String::from_utf8_lossy(&body[secret.span.clone()]).into_owned();
    let debug = format!("{:?}", secret.value);
    let debug = debug[1..debug.len() - 1].to_owned();
    let mut forms = vec![secret.value.clone(), raw, debug];
    forms.sort();
    forms.dedup();
    forms.retain(|f| f.chars().count() >= MIN_SECRET_CHARS);
    forms
}

/// `body` with the content of every secret replaced by a filler of the
/// same length, which changes nothing else about the body.
pub fn mask_secrets(body: &[u8], secrets: &[Secret]) -> Vec<u8> {
    let filler = [b'Z', b'Q', b'#', b'~', b'%', b'X']
        .into_iter()
        .find(|f| !secrets.iter().any(|s| body[s.span.clone()].contains(f)))
        .unwrap_or(b'Z');
    let mut masked = body.to_vec();
    for secret in secrets {
        masked[secret.span.clone()].fill(filler);
    }
    masked
}

/// No secret of `body` shows in `shown` (the errors' output for it).
///
/// A secret counts as leaked only if it shows for the body and not for the
/// same body with the secrets masked (`rerun` gives the output for that):
/// a secret that also stands elsewhere in the body, or happens to be a
/// word of the message, is not a leak.
pub fn assert_no_secret_leak(
    what: &str,
    body: &[u8],
    shown: &str,
    rerun: impl FnOnce(&[u8]) -> String,
) {
    let secrets: Vec<Secret> = find_secrets(body)
        .into_iter()
        .filter(|s| s.value.chars().count() >= MIN_SECRET_CHARS)
        .collect();
    let suspects: Vec<(&Secret, String)> = secrets
        .iter()
        .flat_map(|s| secret_forms(body, s).into_iter().map(move |f| (s, f)))
        .filter(|(_, form)| shown.contains(form.as_str()))
        .collect();
    if suspects.is_empty() {
        return;
    }
    let masked = rerun(&mask_secrets(body, &secrets));
    for (secret, form) in suspects {
        if !masked.contains(form.as_str()) {
            panic!(
                "{what}: the error shows the value of the secret member `{}`: {form:?}\n  error: {shown}\n  input: {}",
                secret.member,
                String::from_utf8_lossy(body)
            );
        }
    }
}

/// Makes sure `Operation` stays the registry type the checks are written
/// against.
pub fn operation_ids() -> Vec<&'static str> {
    operations::ALL.iter().map(|op: &Operation| op.id).collect()
}
