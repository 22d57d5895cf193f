//! The generator's output for every construct schema of
//! `codegen/tests/constructs/`, compiled against the runtime.
//!
//! The snapshot tests of `worker-versions-codegen` pin what each construct
//! generates; this crate checks that it compiles (and, in its tests, that
//! it works). Generated code names the runtime through `crate::`, so the
//! runtime's public items are re-exported at the root, as they are at the
//! root of `worker-versions` itself.

#![allow(
    missing_docs,
    dead_code,
    unreachable_pub,
    reason = "generated code for schemas that exist only to be compiled"
)]

pub use worker_versions::*;

include!(concat!(env!("OUT_DIR"), "/constructs.rs"));
