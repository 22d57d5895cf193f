//! Peak and retained heap of a decode, lossless against plain derive.
//!
//! ```sh
//! cargo bench --bench memory
//! ```
//!
//! The global allocator (`peak_alloc`, a counting wrapper around the system
//! allocator) tracks current and peak bytes. For each decode the peak is
//! reset to the current level just before, and the figure is the peak above
//! that level while decoding, and what is still held once decoding returns.
//! The input buffer is allocated before and is not counted. The counts are
//! exact and deterministic, so no interleaving is needed; each decode still
//! runs 3 times in A, B order to show that.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly on a broken payload is the point"
)]

#[allow(dead_code, reason = "each bench uses part of the shared module")]
mod common;

use std::hint::black_box;

use common::{Kind, plain};
use peak_alloc::PeakAlloc;
use serde::de::IgnoredAny;
use worker_versions::types as lossless;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Peak bytes above the starting level while decoding, and bytes held by
/// the decoded value.
fn measure(kind: Kind, variant: &str, bytes: &[u8]) -> (usize, usize) {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    macro_rules! run {
        ($t:ty) => {{
            let value = serde_json::from_slice::<$t>(bytes).unwrap();
            let held = ALLOC.current_usage() - base;
            let peak = ALLOC.peak_usage() - base;
            let _ = black_box(value);
            (peak, held)
        }};
    }
    // The crate decodes through its own `from_slice`, as the decode bench
    // does.
    macro_rules! own {
        ($t:ty) => {{
            let value = <$t>::from_slice(bytes).unwrap();
            let held = ALLOC.current_usage() - base;
            let peak = ALLOC.peak_usage() - base;
            let _ = black_box(value);
            (peak, held)
        }};
    }
    match (kind, variant) {
        (_, "floor") => run!(IgnoredAny),
        (Kind::ScriptList, "plain") => run!(plain::ScriptVersionListResponse),
        (Kind::ScriptList, "lossless") => own!(lossless::ScriptVersionListResponse),
        (Kind::WorkerList, "plain") => run!(plain::WorkerVersionListResponse),
        (Kind::WorkerList, "lossless") => own!(lossless::WorkerVersionListResponse),
        (Kind::Detail, "plain") => run!(plain::ScriptVersionDetailResponse),
        (Kind::Detail, "lossless") => own!(lossless::ScriptVersionDetailResponse),
        _ => panic!("unknown variant {variant}"),
    }
}

fn mb(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .unwrap_or_default();
    println!("Type sizes (bytes, `size_of`), plain / lossless:");
    macro_rules! size {
        ($($t:ident),*) => {$(
            println!(
                "- {}: {} / {}",
                stringify!($t),
                std::mem::size_of::<plain::$t>(),
                std::mem::size_of::<lossless::$t>()
            );
        )*};
    }
    size!(
        ScriptVersion,
        ScriptVersionMetadata,
        VersionAnnotations,
        Version,
        Binding
    );
    println!();
    println!(
        "| payload | input | plain peak | lossless peak | peak ratio | plain held | lossless held | held ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for name in common::PAYLOADS.iter().filter(|n| n.contains(&filter)) {
        let p = common::payload(name).unwrap();
        // Once first, untracked: the first lossless decode on a thread also
        // grows the scratch buffer that unknown members are collected in
        // (kept for the next decode, up to 64 KiB), which every later
        // decode reuses.
        let _ = measure(p.kind, "lossless", &p.bytes);
        let floor = measure(p.kind, "floor", &p.bytes);
        assert_eq!(floor.1, 0, "IgnoredAny keeps nothing");
        let mut plain_runs = Vec::new();
        let mut lossless_runs = Vec::new();
        for _ in 0..3 {
            plain_runs.push(measure(p.kind, "plain", &p.bytes));
            lossless_runs.push(measure(p.kind, "lossless", &p.bytes));
        }
        assert!(
            plain_runs.windows(2).all(|w| w[0] == w[1]),
            "plain counts differ between runs"
        );
        assert!(
            lossless_runs.windows(2).all(|w| w[0] == w[1]),
            "lossless counts differ between runs"
        );
        let (pp, ph) = plain_runs[0];
        let (lp, lh) = lossless_runs[0];
        println!(
            "| {name} | {} | {} | {} | {:.3} | {} | {} | {:.3} |",
            mb(p.bytes.len()),
            mb(pp),
            mb(lp),
            lp as f64 / pp as f64,
            mb(ph),
            mb(lh),
            lh as f64 / ph as f64
        );
    }
}
