//! Every payload in `tests/fixtures/`, decoded.
//!
//! `real/` holds payloads collected from public clients, SDKs, providers
//! and documentation (see `tests/fixtures/real/README.md`). `drift/` holds
//! payloads written for this crate from what the live API and wrangler are
//! known to send beyond the published schema, and from the ways a body can
//! break (see `tests/fixtures/drift/README.md`). [`FIXTURES`] says, for
//! each file, what it is decoded as and what must happen: a lossless round
//! trip (with the exact list of what the crate keeps without understanding
//! it), a decode error at a given JSON path, a body refused as not JSON, or
//! the API's error read from a `success: false` body.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test reports a broken expectation by panicking"
)]

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;
use worker_versions::types::{BindingInput, UploadFailure, UploadMetadata, VersionInput};
use worker_versions::{
    ApiErrorKind, DecodeError, DecodeErrorKind, Inspect, Outcome, Unrecognized, UnrecognizedKind,
    decode_body,
};

/// One payload file and what is expected of it.
struct Fixture {
    /// File name inside `tests/fixtures/`.
    file: &'static str,
    /// What the payload is decoded as.
    decode: As,
    /// Members added to a partial payload (one a client's test only
    /// asserted parts of) before decoding; the round trip compares against
    /// the completed payload.
    complete: &'static [(&'static str, &'static str)],
    /// What must happen.
    expect: Expect,
    /// Why this operation / type, and why this expectation.
    note: &'static str,
}

/// What a payload is decoded as.
enum As {
    /// A response body of `operation`, received with HTTP `status`.
    Response {
        operation: &'static str,
        status: u16,
    },
    /// The JSON body of `createWorkerVersion`.
    VersionInput,
    /// The `metadata` part of the multipart `worker-versions-upload-version`.
    UploadMetadata,
    /// A bare list of bindings, as found in `metadata.bindings`.
    Bindings,
}

/// What must happen when the payload is decoded.
enum Expect {
    /// Decoding then encoding gives back exactly the (completed) payload.
    RoundTrip {
        /// The type decoded into; for `UploadFailure`, with the alternative
        /// chosen (`UploadFailure::ApiFailure`).
        body: &'static str,
        /// Everything the decoded value keeps without understanding it, in
        /// document order.
        unrecognized: &'static [Unknown],
    },
    /// Decoding fails with a mismatch at `path` whose message contains
    /// `contains`.
    FailsAt {
        path: &'static str,
        contains: &'static str,
    },
    /// Decoding refuses the body as not JSON, with a message that contains
    /// `contains`.
    NotJson { contains: &'static str },
    /// A `success: false` body: the API's error, with this first code, is
    /// read from it whatever the status.
    ApiError { code: i64 },
}

/// An expected entry of the `unrecognized()` report.
enum Unknown {
    /// An undeclared object member.
    Member(&'static str),
    /// An unknown union alternative: path, union type, tag (if tagged).
    Variant(&'static str, &'static str, Option<&'static str>),
    /// `null` for a member the schema declares optional but not nullable.
    Null(&'static str),
}

impl Unknown {
    fn to_unrecognized(&self) -> Unrecognized {
        match *self {
            Unknown::Member(path) => Unrecognized {
                path: path.to_owned(),
                kind: UnrecognizedKind::Member,
            },
            Unknown::Null(path) => Unrecognized {
                path: path.to_owned(),
                kind: UnrecognizedKind::NullForOptional,
            },
            Unknown::Variant(path, type_name, tag) => Unrecognized {
                path: path.to_owned(),
                kind: UnrecognizedKind::Variant {
                    type_name,
                    tag: tag.map(str::to_owned),
                },
            },
        }
    }
}

const UPLOAD: &str = "worker-versions-upload-version";
const LIST: &str = "worker-versions-list-versions";
const DETAIL: &str = "worker-versions-get-version-detail";
const CREATE: &str = "createWorkerVersion";
const GET: &str = "getWorkerVersion";

/// `main_module` is the one member `UploadMetadata` requires.
const MAIN_MODULE: &[(&str, &str)] = &[("main_module", "index.js")];

const fn round_trip(body: &'static str, unrecognized: &'static [Unknown]) -> Expect {
    Expect::RoundTrip { body, unrecognized }
}

const fn fails_at(path: &'static str, contains: &'static str) -> Expect {
    Expect::FailsAt { path, contains }
}

const fn response(operation: &'static str, status: u16) -> As {
    As::Response { operation, status }
}

const FIXTURES: &[Fixture] = &[
    // ---- public documentation ----
    Fixture {
        file: "real/cloudflare-docs__changelog-2025-09-03-new-workers-api__post-workers-workers-versions.request-body.json",
        decode: As::VersionInput,
        complete: &[],
        expect: fails_at("modules[0]", "expected a JSON object (`Module`)"),
        note: "Documented body of the new JSON create call. `modules` is a placeholder \
               (`[\"...\"]`, a string where a module object belongs), so it must fail there.",
    },
    Fixture {
        file: "real/cloudflare-docs__error-codes-index__error-envelope-10021.response.json",
        decode: response(UPLOAD, 400),
        complete: &[],
        expect: round_trip("UploadFailure::ApiFailure", &[]),
        note: "Documented 10021 (validation failed) error of an upload; no status given, so 400. \
               It has no `messages` member: the failure envelope does not require one (the \
               schema notes this document as the evidence), so it is an `ApiFailure`.",
    },
    Fixture {
        file: "real/cloudflare-docs__multipart-upload-metadata__bindings-example.request-metadata.json",
        decode: As::UploadMetadata,
        complete: MAIN_MODULE,
        expect: round_trip(
            "UploadMetadata",
            &[
                Unknown::Variant("bindings[2]", "BindingInput", Some("browser_rendering")),
                Unknown::Variant("bindings[13]", "BindingInput", Some("tail_consumer")),
            ],
        ),
        note: "Documented list of binding examples: a fragment of the metadata part, completed with \
               `main_module`. Placeholder values are plain strings and decode; the stale kinds \
               `browser_rendering` and `tail_consumer` (no name) are kept as unknown alternatives.",
    },
    Fixture {
        file: "real/cloudflare-docs__multipart-upload-metadata__sample-metadata.request-metadata.json",
        decode: As::UploadMetadata,
        complete: &[],
        expect: round_trip("UploadMetadata", &[]),
        note: "The documented minimal metadata part.",
    },
    // ---- a live API answer reported publicly ----
    Fixture {
        file: "real/cloudflare-typescript-issue-2645__post-version-error-10021-no-metadata-part.http400.response.json",
        decode: response(UPLOAD, 400),
        complete: &[],
        expect: round_trip("UploadFailure::ApiFailure", &[]),
        note: "Real 400 answer to a multipart upload without a readable `metadata` part.",
    },
    // ---- a generated SDK's tests ----
    Fixture {
        file: "real/cloudflare-typescript__beta-workers-versions.test__create-version.request-body.json",
        decode: As::VersionInput,
        complete: &[],
        expect: round_trip("VersionInput", &[]),
        note: "Every optional member of the JSON create body, as an SDK sends it.",
    },
    Fixture {
        file: "real/cloudflare-typescript__scripts-versions.test__create-version.multipart-metadata.json",
        decode: As::UploadMetadata,
        complete: &[],
        expect: round_trip("UploadMetadata", &[]),
        note: "Every optional member of the multipart metadata part, camelCase package keys included.",
    },
    // ---- a provider's unit tests: envelopes that only hold `result` ----
    Fixture {
        file: "real/terraform-provider__worker_version-json_binding_test__json-binding-nested.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result", "missing field `urls`"),
        note: "Simulated read of a version: only `result`, which lacks the required `urls`; the \
               envelope members (`success`, `errors`, `messages`) are missing as well.",
    },
    Fixture {
        file: "real/terraform-provider__worker_version-json_binding_test__json-binding.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result", "missing field `urls`"),
        note: "Simulated read of a version: only `result`, which lacks the required `urls`; the \
               envelope members are missing as well.",
    },
    Fixture {
        file: "real/terraform-provider__worker_version-main_script_base64_test__datasource-service-worker.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result", "missing field `urls`"),
        note: "Simulated read of a service-worker version: only `result`, without `urls`; the \
               envelope members are missing as well.",
    },
    Fixture {
        file: "real/terraform-provider__worker_version-main_script_base64_test__esm-version-minimal.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result", "missing field `urls`"),
        note: "Simulated minimal read (its `id` is not a UUID, which the crate accepts): only \
               `result`, without `urls`; the envelope members are missing as well.",
    },
    Fixture {
        file: "real/terraform-provider__worker_version-main_script_base64_test__service-worker-version.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result", "missing field `urls`"),
        note: "Simulated read of a service-worker version: only `result`, without `urls`; the \
               envelope members are missing as well.",
    },
    // ---- a public client's tests ----
    Fixture {
        file: "real/workers-sdk__config-args-merging.test__upload-metadata-annotations.partial.json",
        decode: As::UploadMetadata,
        complete: MAIN_MODULE,
        expect: round_trip("UploadMetadata", &[Unknown::Member("_note")]),
        note: "Partial: the annotations a deploy sends, completed with `main_module`. `_note` is \
               a comment added when the payload was collected; it is kept as an unknown member.",
    },
    Fixture {
        file: "real/workers-sdk__deploy-core.test__upload-metadata-json-var.request-metadata.json",
        decode: As::UploadMetadata,
        complete: &[],
        expect: round_trip("UploadMetadata", &[]),
        note: "A `json` binding holding a bare number.",
    },
    Fixture {
        file: "real/workers-sdk__deploy-formats.test__upload-metadata-kv.request-metadata.json",
        decode: As::UploadMetadata,
        complete: &[],
        expect: round_trip("UploadMetadata", &[]),
        note: "Metadata part with one KV binding and empty flags.",
    },
    Fixture {
        file: "real/workers-sdk__mock-upload-worker__post-version.response.json",
        decode: response(UPLOAD, 200),
        complete: &[],
        expect: round_trip("ScriptVersionUploadResponse", &[]),
        note: "Upload answer as a deploy reads it; the non-UUID `id` is accepted.",
    },
    Fixture {
        file: "real/workers-sdk__msw-handlers-versions__mswGetVersion-default.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "Full version detail with 6-digit fractional timestamps.",
    },
    Fixture {
        file: "real/workers-sdk__msw-handlers-versions__mswListVersions.response.json",
        decode: response(LIST, 200),
        complete: &[],
        expect: fails_at("result.items[0].number", "invalid type: string \"1701-E\""),
        note: "Mock with unrealistic values: version numbers are strings. (`result.latest`, not in \
               the schema, is kept as an unknown member and does not fail first.)",
    },
    Fixture {
        file: "real/workers-sdk__secrets-bulk.test__patch-workers-workers-versions-latest.request.json",
        decode: As::VersionInput,
        complete: &[],
        expect: round_trip("VersionInput", &[Unknown::Member("env")]),
        note: "Body of PATCH .../versions/latest (not one of the seven): decoded as the nearest \
               body, the JSON version, where `env` is not a member.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-delete.test__patch-workers-workers-versions-latest.request.json",
        decode: As::VersionInput,
        complete: &[],
        expect: round_trip("VersionInput", &[Unknown::Member("env")]),
        note: "Body of PATCH .../versions/latest deleting a secret with `null`: decoded as the \
               JSON version; `env` (with its null) is kept as an unknown member.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-put.test-pre-c82d96b__post-version-metadata-inherit.partial.json",
        decode: As::UploadMetadata,
        complete: MAIN_MODULE,
        expect: round_trip("UploadMetadata", &[]),
        note: "Partial: the metadata of a re-upload that inherits bindings, completed with \
               `main_module`.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-utils-pre-c82d96b__get-version-with-secrets.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "Empty `metadata`, secret texts, a Durable Object binding with only `namespace_id`, \
               empty `limits`.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-utils-pre-c82d96b__list-versions-minimal.response.json",
        decode: response(LIST, 200),
        complete: &[],
        expect: round_trip("ScriptVersionListResponse", &[]),
        note: "List items with only `id` and `number`.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-utils-pre-c82d96b__post-version.response.json",
        decode: response(UPLOAD, 200),
        complete: &[],
        expect: fails_at("result", "missing field `resources`"),
        note: "Mock upload answer `{id, etag, deployment_id}`: not the shape of an uploaded \
               version, which requires `resources`.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-utils__patch-latest-version-error-10222.http404.response.json",
        decode: response(CREATE, 404),
        complete: &[],
        expect: round_trip("UploadFailure::ApiFailure", &[]),
        note: "404 of PATCH .../versions/latest (not one of the seven): decoded as the failure of \
               the nearest operation, the JSON create; an error envelope is the same for any.",
    },
    Fixture {
        file: "real/workers-sdk__secrets-utils__patch-workers-workers-versions-latest.response.json",
        decode: response(CREATE, 200),
        complete: &[],
        expect: fails_at("result", "missing field `created_on`"),
        note: "Mock answer of PATCH .../versions/latest (not one of the seven), decoded as the \
               nearest, the JSON create: `{id, etag, deployment_id}` is not a version.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__post-version-error-10001.http400.response.json",
        decode: response(UPLOAD, 400),
        complete: &[],
        expect: round_trip("UploadFailure::ApiFailure", &[]),
        note: "Ordinary 400 upload error.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__post-version-error-100406.http403.response.json",
        decode: response(UPLOAD, 403),
        complete: &[],
        expect: round_trip("UploadFailure::ApiFailure", &[]),
        note: "403 upload error about an unprovisioned `exports` class; not the 100402 envelope.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__post-version.response.json",
        decode: response(UPLOAD, 200),
        complete: &[],
        expect: fails_at("result", "missing field `resources`"),
        note: "Mock upload answer with only what the client reads (`id`, `startup_time_ms`, \
               snake_case `metadata.has_preview`); the required `resources` is absent.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__services-lookup-error-10090.response.json",
        decode: response(LIST, 400),
        complete: &[],
        expect: round_trip("ApiFailure", &[]),
        note: "Error of GET .../workers/services/:name (not one of the seven), decoded as the \
               nearest GET addressed by script name, the script version list; an error envelope \
               is the same for any operation. No status given, so 400.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__upload-metadata-all-binding-types.partial-bindings.json",
        decode: As::Bindings,
        complete: &[],
        expect: round_trip("Vec<BindingInput>", &[]),
        note: "Partial: sixteen binding kinds a client sends; every object already has the members \
               its kind requires, so nothing needs completing.",
    },
    Fixture {
        file: "real/workers-sdk__versions.upload.test__upload-metadata-versioned-fields.partial.json",
        decode: As::UploadMetadata,
        complete: MAIN_MODULE,
        expect: round_trip("UploadMetadata", &[]),
        note: "Partial: the versioned settings (placement, limits, cache, worker exports), \
               completed with `main_module`.",
    },
    Fixture {
        file: "real/workers-sdk__versions.view.test__get-version-all-bindings.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "Version detail with 23 bindings of 15 kinds, outbound workers and params included.",
    },
    Fixture {
        file: "real/workers-sdk__versions.view.test__get-version-not-found-ffff.response.json",
        decode: response(DETAIL, 400),
        complete: &[],
        expect: round_trip("ApiFailure", &[]),
        note: "Edge-case mock: `success: false` with no errors and `result: {}`; no status given, \
               so 400. A failure envelope keeps whatever `result` it carries.",
    },
    // ---- drift: written for this crate from what the live API sends ----
    Fixture {
        file: "drift/get-version-migrations-null.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: round_trip(
            "WorkerVersionResponse",
            &[Unknown::Null("result.migrations")],
        ),
        note: "The seed documents show `\"migrations\": null` in a version body; the schema has \
               `migrations` optional, not nullable. Kept, read as absent, reported.",
    },
    Fixture {
        file: "drift/get-version-assets-run-worker-first-null.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: round_trip(
            "WorkerVersionResponse",
            &[Unknown::Null("result.assets.config.run_worker_first")],
        ),
        note: "The seed documents show `\"run_worker_first\": null` under `assets.config`.",
    },
    Fixture {
        file: "drift/get-version-not-found-result-empty-object.http404.response.json",
        decode: response(GET, 404),
        complete: &[],
        expect: round_trip("ApiFailure", &[]),
        note: "A failure envelope with `\"result\": {}`, as the seed documents and wrangler's \
               mocks show: it decodes, so the caller gets the API's 10007.",
    },
    Fixture {
        file: "drift/legacy-detail-not-found-result-null.http404.response.json",
        decode: response(DETAIL, 404),
        complete: &[],
        expect: round_trip("ApiFailure", &[]),
        note: "A failure envelope with `\"result\": null`, as the live API sends it, `result` first.",
    },
    Fixture {
        file: "drift/delete-version-result-null.response.json",
        decode: response("deleteWorkerVersion", 200),
        complete: &[],
        expect: round_trip("DeleteVersionResponse", &[]),
        note: "A delete answers with `\"result\": null`: the schema says so, so nothing is \
               reported.",
    },
    Fixture {
        file: "drift/legacy-list-success-false.http200.response.json",
        decode: response(LIST, 200),
        complete: &[],
        expect: Expect::ApiError { code: 10000 },
        note: "wrangler's mocks serve `success: false` with HTTP 200: the API's error is read \
               from it all the same.",
    },
    Fixture {
        file: "drift/legacy-detail-number-beyond-u64.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "The legacy `number` is `type: number`: a 30-digit value comes back digit for \
               digit, not as the nearest `f64`.",
    },
    Fixture {
        file: "drift/get-version-unknown-member-big-numbers.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: round_trip(
            "WorkerVersionResponse",
            &[Unknown::Member("result.build_stats")],
        ),
        note: "Numbers inside an unknown member, beyond `u64` and `f64` (`1e400`), `-0` and a \
               decimal longer than an `f64` holds, all come back as written.",
    },
    Fixture {
        file: "drift/get-version-unknown-member-5000-deep.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: round_trip("WorkerVersionResponse", &[Unknown::Member("result.trace")]),
        note: "An unknown member nested 5,000 deep, past what `serde_json::Value` holds: kept \
               and written back whole.",
    },
    Fixture {
        file: "drift/get-version-unknown-binding-kind.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: round_trip(
            "WorkerVersionResponse",
            &[Unknown::Variant(
                "result.bindings[1]",
                "Binding",
                Some("hologram"),
            )],
        ),
        note: "A binding kind this crate does not know keeps its members as their text, numbers \
               beyond `f64` included, in the order they came.",
    },
    Fixture {
        file: "drift/get-version-number-as-string.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result.number", "invalid type: string \"15\""),
        note: "A known member of the wrong JSON type is an error at its path.",
    },
    Fixture {
        file: "drift/get-version-binding-name-as-number.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: fails_at("result.bindings[1].name", "invalid type: integer `7`"),
        note: "The same inside a union alternative: the path names the element and member.",
    },
    Fixture {
        file: "drift/get-version-lone-surrogate-in-a-member-name.response.json",
        decode: response(GET, 200),
        complete: &[],
        expect: Expect::NotJson {
            contains: "surrogate",
        },
        note: "A lone surrogate escape is not JSON (serde_json refuses it): refused in an unknown \
               member's name too. Found by fuzzing.",
    },
    Fixture {
        file: "drift/legacy-detail-as-the-live-api-sends-it.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "Everything `live-drift.md` lists for the legacy detail, typed: microsecond \
               timestamps, `has_preview`, `workers/triggered_by`, a `secret_text` without \
               `text`, `handlers: null`, `placement_mode`, `placement`, `script_runtime.assets` \
               and `cache_options`, a message with `documentation_url` and `source.pointer`.",
    },
    Fixture {
        file: "drift/legacy-detail-handlers-null-element.response.json",
        decode: response(DETAIL, 200),
        complete: &[],
        expect: round_trip("ScriptVersionDetailResponse", &[]),
        note: "The seed documents show a legacy named handler's `handlers` as `[null]`.",
    },
    Fixture {
        file: "drift/upload-metadata-as-wrangler-sends-it.request-metadata.json",
        decode: As::UploadMetadata,
        complete: &[],
        expect: round_trip("UploadMetadata", &[]),
        note: "Upload metadata with the members wrangler sends beyond the spec: `assets` (`jwt`, \
               `config` with `_redirects` and `_headers`), `containers`, `migrations`, \
               `tail_consumers`, `streaming_tail_consumers`, `capnp_schema`, and bindings of \
               kinds and members the spec lacks.",
    },
    Fixture {
        file: "drift/bindings-wrangler-sends.request-bindings.json",
        decode: As::Bindings,
        complete: &[],
        expect: round_trip("Vec<BindingInput>", &[]),
        note: "The binding kinds wrangler sends that the spec lacks, and `raw`, `staging` and \
               `internalEnv` on known kinds.",
    },
];
fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The folders of `tests/fixtures/` that hold payloads.
const FOLDERS: [&str; 2] = ["real", "drift"];

/// The payload file's bytes.
fn bytes(fixture: &Fixture) -> Vec<u8> {
    let path = folder().join(fixture.file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: cannot read: {e}", fixture.file))
}

/// The payload as stored, parsed; `None` for a payload that is JSON but
/// more than a `serde_json::Value` can hold (nesting past its recursion
/// limit, a number beyond `f64`).
fn original(fixture: &Fixture) -> Option<Value> {
    serde_json::from_slice(&bytes(fixture)).ok()
}

/// The payload with the table's completion applied: its text, to decode
/// (the file's own bytes, member order and all, with the added members
/// spliced in at the start of the object), and its value, to compare with.
fn payload(fixture: &Fixture) -> (Vec<u8>, Option<Value>) {
    let mut bytes = bytes(fixture);
    let value = original(fixture);
    if fixture.complete.is_empty() {
        return (bytes, value);
    }
    let mut value =
        value.unwrap_or_else(|| panic!("{}: only a plain JSON payload is completed", fixture.file));
    let members = value
        .as_object_mut()
        .unwrap_or_else(|| panic!("{}: only an object can be completed", fixture.file));
    let mut added = String::new();
    for (name, member) in fixture.complete {
        let previous = members.insert((*name).to_owned(), Value::from(*member));
        assert!(
            previous.is_none(),
            "{}: completing `{name}`, which the payload already has",
            fixture.file
        );
        added.push_str(&format!(
            "{}: {},",
            Value::from(*name),
            Value::from(*member)
        ));
    }
    if members.len() == fixture.complete.len() {
        // The object was empty: no comma after the last added member.
        added.pop();
    }
    let open = bytes
        .iter()
        .position(|b| *b == b'{')
        .unwrap_or_else(|| panic!("{}: no object to complete", fixture.file));
    bytes.splice(open + 1..open + 1, added.into_bytes());
    let spliced: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{}: completion broke the JSON: {e}", fixture.file));
    assert_eq!(spliced, value, "{}: completion went wrong", fixture.file);
    (bytes, Some(value))
}

/// A decoded payload: its type, its re-encoding and its report.
struct Outcomes {
    body: String,
    /// The value encoded back into JSON text.
    text: String,
    unrecognized: Vec<Unrecognized>,
}

fn decode_request<T>(
    operation: &'static str,
    name: &str,
    bytes: &[u8],
) -> Result<Outcomes, DecodeError>
where
    T: worker_versions::__private::Decode + Serialize + Inspect,
{
    let operation = worker_versions::operations::find(operation).expect("a known operation");
    // Requests have no HTTP status; 0 stands for "none".
    let value = decode_body::<T>(operation, 0, bytes)?;
    Ok(Outcomes {
        body: name.to_owned(),
        text: serde_json::to_string(&value).expect("a decoded request encodes"),
        unrecognized: value.unrecognized(),
    })
}

/// Decodes the (completed) payload as the table says, without letting a
/// panic escape: a panic is reported as a test failure naming the file.
fn decode(fixture: &Fixture, bytes: &[u8]) -> Result<Outcomes, DecodeError> {
    let result = catch_unwind(AssertUnwindSafe(|| match fixture.decode {
        As::Response { operation, status } => {
            let op = worker_versions::operations::find(operation)
                .unwrap_or_else(|| panic!("{}: no operation `{operation}`", fixture.file));
            let decoded = op.decode(status, bytes)?;
            let expected_outcome = if (200..300).contains(&status) {
                Outcome::Success
            } else {
                Outcome::Failure
            };
            assert_eq!(
                decoded.outcome, expected_outcome,
                "{}: decoded as the wrong body for HTTP {status}",
                fixture.file
            );
            let body = match decoded.downcast_ref::<UploadFailure>() {
                Some(UploadFailure::ApiFailure(_)) => "UploadFailure::ApiFailure".to_owned(),
                Some(UploadFailure::ExportsReconciliationFailure(_)) => {
                    "UploadFailure::ExportsReconciliationFailure".to_owned()
                }
                Some(UploadFailure::Other(_)) => "UploadFailure::Other".to_owned(),
                None => decoded.type_name.to_owned(),
            };
            Ok(Outcomes {
                body,
                text: decoded.to_json_text(),
                unrecognized: decoded.unrecognized(),
            })
        }
        As::VersionInput => decode_request::<VersionInput>(CREATE, "VersionInput", bytes),
        As::UploadMetadata => decode_request::<UploadMetadata>(UPLOAD, "UploadMetadata", bytes),
        As::Bindings => decode_request::<Vec<BindingInput>>(UPLOAD, "Vec<BindingInput>", bytes),
    }));
    result.unwrap_or_else(|_| panic!("{}: decoding panicked", fixture.file))
}

#[test]
fn the_table_lists_every_fixture_file_once() {
    let mut on_disk = BTreeSet::new();
    for sub in FOLDERS {
        let entries = std::fs::read_dir(folder().join(sub))
            .unwrap_or_else(|e| panic!("tests/fixtures/{sub} is not readable: {e}"));
        for entry in entries {
            let name = entry
                .expect("a directory entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 file name");
            if name.ends_with(".json") {
                on_disk.insert(format!("{sub}/{name}"));
            }
        }
    }
    let mut listed = BTreeSet::new();
    for fixture in FIXTURES {
        assert!(
            listed.insert(fixture.file.to_owned()),
            "{}: listed twice",
            fixture.file
        );
    }
    let missing: Vec<_> = on_disk.difference(&listed).collect();
    assert!(missing.is_empty(), "files not in the table: {missing:#?}");
    let absent: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        absent.is_empty(),
        "table entries without a file: {absent:#?}"
    );
}

#[test]
fn responses_and_requests_are_decoded_as_what_their_file_name_says() {
    for fixture in FIXTURES {
        let is_response = matches!(fixture.decode, As::Response { .. });
        assert_eq!(
            fixture.file.ends_with(".response.json"),
            is_response,
            "{}: a `.response.json` file is decoded as a response, any other as a request",
            fixture.file
        );
        if fixture.file.contains(".partial") {
            assert!(
                !is_response,
                "{}: a partial payload is a request",
                fixture.file
            );
        }
        if !fixture.complete.is_empty() {
            assert!(
                !is_response,
                "{}: only request payloads are completed",
                fixture.file
            );
        }
        assert!(!fixture.note.is_empty(), "{}: no note", fixture.file);
    }
}

#[test]
fn responses_are_decoded_with_the_status_they_came_with() {
    for fixture in FIXTURES {
        let As::Response { status, .. } = fixture.decode else {
            continue;
        };
        let from_name = fixture.file.split('.').find_map(|part| {
            part.strip_prefix("http")
                .and_then(|digits| digits.parse::<u16>().ok())
        });
        let failed =
            original(fixture).is_some_and(|body| body.get("success") == Some(&Value::Bool(false)));
        let expected = match from_name {
            Some(status) => status,
            None if failed => 400,
            None => 200,
        };
        assert_eq!(
            status, expected,
            "{}: the status is the one in the file name, else 400 for an error body, else 200",
            fixture.file
        );
    }
}

#[test]
fn round_trips_give_back_the_payload() {
    for fixture in FIXTURES {
        let Expect::RoundTrip { body, .. } = fixture.expect else {
            continue;
        };
        let (bytes, payload) = payload(fixture);
        let decoded = decode(fixture, &bytes)
            .unwrap_or_else(|e| panic!("{}: expected to decode, got: {e}", fixture.file));
        assert_eq!(
            decoded.body, body,
            "{}: decoded into another type",
            fixture.file
        );
        let same = match &payload {
            Some(value) => {
                serde_json::from_str::<Value>(&decoded.text).ok().as_ref() == Some(value)
            }
            // What a `Value` cannot hold is compared as text: such a
            // fixture is written with its members in the crate's order.
            None => without_spaces(&bytes) == without_spaces(decoded.text.as_bytes()),
        };
        assert!(
            same,
            "{}: the round trip changed the payload\n\
             original: {}\n\
             re-encoded: {}",
            fixture.file,
            String::from_utf8_lossy(&bytes),
            decoded.text
        );
        assert_eq!(
            number_tokens(&bytes),
            number_tokens(decoded.text.as_bytes()),
            "{}: a number did not come back digit for digit",
            fixture.file
        );
    }
}

#[test]
fn round_trips_report_exactly_what_they_do_not_understand() {
    for fixture in FIXTURES {
        let Expect::RoundTrip { unrecognized, .. } = fixture.expect else {
            continue;
        };
        let decoded = decode(fixture, &payload(fixture).0)
            .unwrap_or_else(|e| panic!("{}: expected to decode, got: {e}", fixture.file));
        let expected: Vec<Unrecognized> =
            unrecognized.iter().map(Unknown::to_unrecognized).collect();
        assert_eq!(
            decoded.unrecognized, expected,
            "{}: the unrecognized() report differs",
            fixture.file
        );
    }
}

#[test]
fn unrealistic_payloads_fail_at_their_path() {
    for fixture in FIXTURES {
        let Expect::FailsAt { path, contains } = fixture.expect else {
            continue;
        };
        let error = match decode(fixture, &payload(fixture).0) {
            Ok(decoded) => panic!(
                "{}: expected to fail at `{path}`, but decoded into {}",
                fixture.file, decoded.body
            ),
            Err(error) => error,
        };
        match &error.kind {
            DecodeErrorKind::Mismatch {
                path: actual,
                message,
            } => {
                assert_eq!(
                    actual, path,
                    "{}: failed at another path: {error}",
                    fixture.file
                );
                assert!(
                    message.contains(contains),
                    "{}: the message does not contain {contains:?}: {error}",
                    fixture.file
                );
            }
            other => panic!(
                "{}: expected a mismatch at `{path}`, got {other:?}",
                fixture.file
            ),
        }
    }
}

/// JSON text without the whitespace between its tokens.
fn without_spaces(text: &[u8]) -> Vec<u8> {
    with_strings_marked(text)
        .filter(|&(b, in_string)| in_string || !b.is_ascii_whitespace())
        .map(|(b, _)| b)
        .collect()
}

/// Each byte of a JSON text, and whether it belongs to a string (its
/// quotes included).
fn with_strings_marked(text: &[u8]) -> impl Iterator<Item = (u8, bool)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.iter().map(move |&b| {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            (b, true)
        } else {
            in_string = b == b'"';
            (b, in_string)
        }
    })
}

/// Every number of a JSON text as written, sorted: a round trip must give
/// back each one digit for digit, wherever the members went.
fn number_tokens(text: &[u8]) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut current: Option<String> = None;
    for (b, in_string) in with_strings_marked(text) {
        let part_of_number = !in_string
            && if current.is_some() {
                matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
            } else {
                b == b'-' || b.is_ascii_digit()
            };
        if part_of_number {
            current.get_or_insert_with(String::new).push(char::from(b));
        } else if let Some(number) = current.take() {
            numbers.push(number);
        }
    }
    numbers.extend(current);
    numbers.sort();
    numbers
}

#[test]
fn numbers_are_found_outside_strings_only() {
    assert_eq!(
        number_tokens(br#"{"a1": [1, -0.5e+3], "b": "2 \" 3", "c": 1e400}"#),
        ["-0.5e+3", "1", "1e400"]
    );
}

#[test]
fn bodies_that_are_not_json_are_refused_as_such() {
    for fixture in FIXTURES {
        let Expect::NotJson { contains } = fixture.expect else {
            continue;
        };
        match decode(fixture, &payload(fixture).0) {
            Err(DecodeError {
                kind: DecodeErrorKind::NotJson { message },
                ..
            }) => assert!(
                message.contains(contains),
                "{}: the message does not contain {contains:?}: {message}",
                fixture.file
            ),
            Err(other) => panic!("{}: expected \"not JSON\", got: {other}", fixture.file),
            Ok(decoded) => panic!(
                "{}: expected \"not JSON\", but decoded into {}",
                fixture.file, decoded.body
            ),
        }
    }
}

#[test]
fn failure_bodies_give_the_api_error_whatever_the_status() {
    for fixture in FIXTURES {
        let (Expect::ApiError { code }, As::Response { operation, status }) =
            (&fixture.expect, &fixture.decode)
        else {
            continue;
        };
        let op = worker_versions::operations::find(operation).expect("a known operation");
        let error = op
            .api_error(*status, &bytes(fixture))
            .unwrap_or_else(|| panic!("{}: no API error read", fixture.file));
        assert!(
            matches!(error.kind, ApiErrorKind::Rejected { .. }),
            "{}: expected the API's errors, got {error}",
            fixture.file
        );
        let first = error.errors().first().and_then(|e| e.code);
        assert_eq!(first, Some(*code), "{}: {error}", fixture.file);
        assert_eq!(error.status, *status, "{}", fixture.file);
    }
}
