//! Fuzz target: `Endpoint::parse_response(status, body)` on every operation's descriptor
//! (`ApiError` building, excerpts, secret redaction): the first byte picks
//! the operation and the status.
//!
//! The checks are in `tests/fuzz_checks/mod.rs`, shared with the replay
//! test `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::check("parse_response", data));
