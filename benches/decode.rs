//! Decode and encode throughput of the generated (lossless) types, as
//! ratios against baselines measured in the same run, interleaved.
//!
//! ```sh
//! cargo bench --bench decode                     # every payload
//! cargo bench --bench decode -- new-list-1k      # payloads whose name contains this
//! BENCH_ROUNDS=31 cargo bench --bench decode     # more rounds (default 15)
//! BENCH_WAIT_LOAD=1 cargo bench --bench decode   # wait for load < 1.0 before each payload
//! ```
//!
//! For each payload and round, every variant runs once (a batch of about
//! `BENCH_SAMPLE_MS` milliseconds, default 40), in a rotating order; each
//! ratio is the median over rounds of the ratio within the round.
//!
//! Variants: `floor` is `serde_json::from_slice::<IgnoredAny>` (parsing and
//! nothing else), `plain` is `#[derive]` structs that drop unknown members
//! (`benches/common/plain.rs`), `lossless` is `worker_versions::types`.
//!
//! `--loop PAYLOAD VARIANT N` decodes N times with one variant, for `perf
//! record`. `--callgrind PAYLOAD VARIANT` runs one call of one variant (`floor`,
//! `plain`, `lossless`, `plain-encode`, `lossless-encode`) inside
//! `measured_call`, for an instruction count with
//! `valgrind --tool=callgrind --toggle-collect='*measured_call*'`.
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

use common::{Kind, Payload, plain};
use serde::de::IgnoredAny;
use worker_versions::types as lossless;

/// Decodes with one variant and drops the result (dropping is part of what
/// a caller pays).
fn decode(kind: Kind, variant: &str, bytes: &[u8]) {
    match (kind, variant) {
        (_, "floor") => {
            black_box(serde_json::from_slice::<IgnoredAny>(bytes).unwrap());
        }
        (Kind::ScriptList, "plain") => {
            black_box(serde_json::from_slice::<plain::ScriptVersionListResponse>(bytes).unwrap());
        }
        (Kind::ScriptList, "lossless") => {
            black_box(lossless::ScriptVersionListResponse::from_slice(bytes).unwrap());
        }
        (Kind::WorkerList, "plain") => {
            black_box(serde_json::from_slice::<plain::WorkerVersionListResponse>(bytes).unwrap());
        }
        (Kind::WorkerList, "lossless") => {
            black_box(lossless::WorkerVersionListResponse::from_slice(bytes).unwrap());
        }
        (Kind::Detail, "plain") => {
            black_box(serde_json::from_slice::<plain::ScriptVersionDetailResponse>(bytes).unwrap());
        }
        (Kind::Detail, "lossless") => {
            black_box(lossless::ScriptVersionDetailResponse::from_slice(bytes).unwrap());
        }
        _ => panic!("unknown variant {variant}"),
    }
}

/// Both decoded forms of a payload, for the encode benches.
#[allow(
    clippy::large_enum_variant,
    reason = "one value per payload, never moved in a loop"
)]
enum Decoded {
    ScriptList(
        plain::ScriptVersionListResponse,
        lossless::ScriptVersionListResponse,
    ),
    WorkerList(
        plain::WorkerVersionListResponse,
        lossless::WorkerVersionListResponse,
    ),
    Detail(
        plain::ScriptVersionDetailResponse,
        lossless::ScriptVersionDetailResponse,
    ),
}

impl Decoded {
    fn of(p: &Payload) -> Self {
        let b = &p.bytes[..];
        match p.kind {
            Kind::ScriptList => Decoded::ScriptList(
                serde_json::from_slice(b).unwrap(),
                serde_json::from_slice(b).unwrap(),
            ),
            Kind::WorkerList => Decoded::WorkerList(
                serde_json::from_slice(b).unwrap(),
                serde_json::from_slice(b).unwrap(),
            ),
            Kind::Detail => Decoded::Detail(
                serde_json::from_slice(b).unwrap(),
                serde_json::from_slice(b).unwrap(),
            ),
        }
    }

    fn encode(&self, lossless: bool, out: &mut Vec<u8>) {
        out.clear();
        match (self, lossless) {
            (Decoded::ScriptList(p, _), false) => serde_json::to_writer(&mut *out, p),
            (Decoded::ScriptList(_, l), true) => serde_json::to_writer(&mut *out, l),
            (Decoded::WorkerList(p, _), false) => serde_json::to_writer(&mut *out, p),
            (Decoded::WorkerList(_, l), true) => serde_json::to_writer(&mut *out, l),
            (Decoded::Detail(p, _), false) => serde_json::to_writer(&mut *out, p),
            (Decoded::Detail(_, l), true) => serde_json::to_writer(&mut *out, l),
        }
        .unwrap();
        black_box(&out);
    }
}

/// The lossless types give back the payload; the plain ones at least decode.
fn check(p: &Payload, decoded: &Decoded) {
    let mut out = Vec::new();
    decoded.encode(true, &mut out);
    let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let original: serde_json::Value = serde_json::from_slice(&p.bytes).unwrap();
    assert_eq!(back, original, "{}: lossless round trip differs", p.name);
    decoded.encode(false, &mut out);
    if !p.unknown {
        let plain: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            plain, original,
            "{}: plain round trip differs on a clean payload",
            p.name
        );
    }
}

#[inline(never)]
fn measured_call(f: &mut dyn FnMut()) {
    f();
}

fn callgrind(name: &str, variant: &str) {
    let p = common::payload(name).expect("payload name");
    let decoded = Decoded::of(&p);
    let mut out = Vec::with_capacity(p.bytes.len() * 2);
    match variant {
        "plain-encode" => measured_call(&mut || decoded.encode(false, &mut out)),
        "lossless-encode" => measured_call(&mut || decoded.encode(true, &mut out)),
        v => measured_call(&mut || decode(p.kind, v, &p.bytes)),
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Some(i) = args.iter().position(|a| a == "--callgrind") {
        callgrind(&args[i + 1], &args[i + 2]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--loop") {
        // For `perf record`: one variant, over and over.
        let p = common::payload(&args[i + 1]).expect("payload name");
        let n: u64 = args[i + 3].parse().expect("iteration count");
        for _ in 0..n {
            decode(p.kind, &args[i + 2], &p.bytes);
        }
        return;
    }
    let filter = args.first().cloned().unwrap_or_default();
    let rounds = common::env_usize("BENCH_ROUNDS", 15);
    let sample_ms = common::env_usize("BENCH_SAMPLE_MS", 40) as f64;

    println!(
        "{rounds} rounds, ~{sample_ms} ms per sample; ratios are medians of per-round ratios [min..max]"
    );
    let fmt = |(m, lo, hi): (f64, f64, f64)| format!("{m:.3} [{lo:.2}..{hi:.2}]");
    let mut table = Vec::new();
    let mut loads = Vec::new();

    for name in common::PAYLOADS.iter().filter(|n| n.contains(&filter)) {
        let p = common::payload(name).unwrap();
        common::wait_for_quiet();
        let load_before = common::loadavg();
        let decoded = Decoded::of(&p);
        check(&p, &decoded);
        let share = common::unknown_share(&p.bytes, p.kind);
        let bytes = &p.bytes[..];
        let kind = p.kind;
        let (mut out_a, mut out_b) = (Vec::new(), Vec::new());

        let mut floor = || decode(kind, "floor", bytes);
        let mut plain_dec = || decode(kind, "plain", bytes);
        let mut lossless_dec = || decode(kind, "lossless", bytes);
        let mut plain_enc = || decoded.encode(false, &mut out_a);
        let mut lossless_enc = || decoded.encode(true, &mut out_b);
        let mut variants: Vec<(&str, &mut dyn FnMut())> = vec![
            ("floor", &mut floor),
            ("plain", &mut plain_dec),
            ("lossless", &mut lossless_dec),
            ("plain-encode", &mut plain_enc),
            ("lossless-encode", &mut lossless_enc),
        ];
        let times = common::interleave(rounds, sample_ms, &mut variants);
        let (t_floor, t_plain, t_lossless, t_penc, t_lenc) =
            (&times[0], &times[1], &times[2], &times[3], &times[4]);
        // Throughput ratio A/B = time B / time A, per round.
        loads.push(format!(
            "{name}: load {load_before} before, {} after",
            common::loadavg()
        ));
        table.push(format!(
            "| {name} | {:.1} MB | {:.0}% | {} | {} | {} | {} |",
            bytes.len() as f64 / 1e6,
            share * 100.0,
            fmt(common::paired_ratio(t_plain, t_lossless)),
            fmt(common::paired_ratio(t_plain, t_floor)),
            fmt(common::paired_ratio(t_lossless, t_floor)),
            fmt(common::paired_ratio(t_penc, t_lenc)),
        ));
        let med = |t: &Vec<f64>| common::median(&mut t.clone());
        eprintln!(
            "  ({name}: medians per call, this machine, this run only: {})",
            variants
                .iter()
                .zip(&times)
                .map(|((v, _), t)| format!("{v} {:.0} us", med(t) / 1e3))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!();
    println!(
        "| payload | size | unknown members | decode throughput lossless/plain | decode time plain/floor | decode time lossless/floor | encode throughput lossless/plain |"
    );
    println!("|---|---|---|---|---|---|---|");
    for row in &table {
        println!("{row}");
    }
    println!();
    for line in &loads {
        println!("{line}");
    }
}
