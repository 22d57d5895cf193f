//! Fuzz target: `Operation::decode(status, body)` for every operation in
//! `operations::ALL`: the first byte picks the operation and the status.
//!
//! The checks are in `tests/fuzz_checks/mod.rs`, shared with the replay
//! test `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::check("decode", data));
