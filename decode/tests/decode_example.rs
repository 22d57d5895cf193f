//! The contract of `decode`, the crate's main job, which other tools rely
//! on:
//! exit 0 with the body on stdout in its own member order, one stderr line
//! per thing kept unrecognized and a summary line; exit 1 with one line
//! naming the operation, path and expectation; exit 2 with a usage message
//! listing the operations; `--help` on stdout with exit 0; `-` reads
//! standard input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example() -> &'static str {
    env!("CARGO_BIN_EXE_decode")
}

/// The workspace root, where the fixtures are.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(example())
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/real/{name}")
}

#[test]
fn a_matching_body_prints_the_json_and_what_was_kept() {
    // A response with an unknown member, an unknown enum value and an unknown binding type.
    let body = r#"{"success": true, "errors": [], "messages": [], "future": 1, "result": {
        "id": "v", "metadata": {"source": "rocket"}, "resources": {"bindings": [{"type": "hologram", "name": "H"}]}}}"#;
    let path = std::env::temp_dir().join(format!("decode-example-{}.json", std::process::id()));
    std::fs::write(&path, body).unwrap();
    let out = run(&[
        "--operation",
        "worker-versions-get-version-detail",
        path.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
    // In the body's own order, not sorted: `success` first, `future` before `result`.
    let stdout = String::from_utf8(out.stdout).unwrap();
    let at = |key: &str| stdout.find(&format!("\"{key}\"")).unwrap();
    assert!(
        at("success") < at("errors") && at("future") < at("result"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  \"future\": 1,\n"),
        "indented: {stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert_eq!(
        lines[3],
        "worker-versions-get-version-detail: HTTP 200 body decoded as `ScriptVersionDetailResponse`: 3 things kept without being understood (listed above)"
    );
    assert!(stderr.contains("`future`"), "{stderr}");
    assert!(
        stderr.contains("\"rocket\" at `result.metadata.source`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"hologram\" at `result.resources.bindings[0]`"),
        "{stderr}"
    );
}

#[test]
fn a_body_read_from_standard_input_that_is_all_understood_says_so() {
    let body = std::fs::read(root().join(fixture(
        "workers-sdk__msw-handlers-versions__mswGetVersion-default.response.json",
    )))
    .unwrap();
    let mut child = Command::new(example())
        .args(["--operation", "worker-versions-get-version-detail", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&body).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "worker-versions-get-version-detail: HTTP 200 body decoded as `ScriptVersionDetailResponse`: everything understood\n"
    );
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()
    );
}

#[test]
fn success_false_with_a_2xx_status_prints_the_apis_error() {
    let path = std::env::temp_dir().join(format!("decode-false-200-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"success": false, "errors": [{"code": 10007, "message": "version not found"}], "messages": [], "result": null}"#,
    )
    .unwrap();
    let out = run(&["--operation", "getWorkerVersion", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "getWorkerVersion: HTTP 200: [10007] version not found\n"
    );
}

#[test]
fn what_serde_json_values_cannot_hold_is_printed_all_the_same() {
    // An unknown member nested 5,000 deep: beyond serde_json's recursion
    // limit for `Value`, kept as text by the crate.
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let body = format!(
        r#"{{"success": true, "errors": [], "messages": [], "result": null, "deep": {deep}}}"#
    );
    let path = std::env::temp_dir().join(format!("decode-deep-{}.json", std::process::id()));
    std::fs::write(&path, &body).unwrap();
    let out = run(&["--operation", "deleteWorkerVersion", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: String = stdout.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(printed.contains(&deep), "the nesting is printed whole");
    assert!(
        stderr.contains("1 thing kept without being understood"),
        "{stderr}"
    );
}

#[test]
fn help_goes_to_stdout_with_success() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("usage: decode --operation"), "{stdout}");
        assert!(stdout.contains("getWorkerVersion"), "{stdout}");
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn a_mismatch_is_one_line_with_the_operation_and_path() {
    let out = run(&[
        "--operation",
        "worker-versions-list-versions",
        &fixture("workers-sdk__msw-handlers-versions__mswListVersions.response.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("worker-versions-list-versions: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("`result.items[0].number`") && stderr.contains("expected a JSON number"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_error_status_decodes_the_error_body() {
    let out = run(&[
        "--operation",
        "getWorkerVersion",
        "--status",
        "404",
        &fixture(
            "workers-sdk__secrets-utils__patch-latest-version-error-10222.http404.response.json",
        ),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("10222"));
}

#[test]
fn broken_bodies_say_what_is_wrong() {
    let dir = std::env::temp_dir();
    for (name, body, expected) in [
        ("not-json", "<html>502</html>", "is not JSON"),
        ("truncated", "{\"success\": tr", "is truncated"),
    ] {
        let path = dir.join(format!("decode-example-{name}-{}.json", std::process::id()));
        std::fs::write(&path, body).unwrap();
        let out = run(&["--operation", "getWorkerVersion", path.to_str().unwrap()]);
        let _ = std::fs::remove_file(&path);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(expected) && stderr.lines().count() == 1,
            "{stderr}"
        );
    }
}

#[test]
fn bad_arguments_list_the_operations() {
    for args in [
        &["--operation", "nope", "x"][..],
        &["--operation", "getWorkerVersion"],
        &["--status", "abc"],
        &[],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("usage: decode --operation OPERATION_ID [--status CODE] FILE"),
            "{stderr}"
        );
        for id in [
            "worker-versions-upload-version",
            "createWorkerVersion",
            "deleteWorkerVersion",
        ] {
            assert!(stderr.contains(id), "{stderr}");
        }
    }
}
