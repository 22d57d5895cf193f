//! Fuzz target: `serde_json::from_slice` of the request types `VersionInput`,
//! `UploadMetadata` and `Vec<BindingInput>`.
//!
//! The checks are in `tests/fuzz_checks/mod.rs`, shared with the replay
//! test `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::check("request_types", data));
