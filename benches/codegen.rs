//! How the generator's time grows with the schema.
//!
//! ```sh
//! cargo bench --bench codegen                 # scales 1, 10, 100
//! BENCH_SCALES=1,10 cargo bench --bench codegen
//! BENCH_ROUNDS=7 cargo bench --bench codegen  # default 5
//! BENCH_WAIT_LOAD=1 cargo bench --bench codegen  # wait for load < 1.0 first
//! ```
//!
//! A schema `k` times larger is the real one plus `k - 1` renamed copies of
//! every component and operation (component `X` becomes `XCopyN`, every
//! `$ref` and discriminator mapping follows, inline titles and operation ids
//! get the same suffix, paths a `/copyN` prefix). Each round runs every
//! scale once, in rotating order; the figure is the median over rounds of
//! the time at scale `k` divided by the time at scale 1 in the same round,
//! per stage (`load` → `check` → `ir` → `emit`) and in total. Linear growth
//! gives about `k`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly on a broken schema is the point"
)]

#[allow(dead_code, reason = "each bench uses part of the shared module")]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use worker_versions_codegen::{check, emit, ir, load};

const SCHEMAS: &str = "#/components/schemas/";

fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::String(s) if s.starts_with(SCHEMAS) => s.push_str(suffix),
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, suffix)),
        Value::Object(members) => {
            for (key, v) in members.iter_mut() {
                if key == "title"
                    && let Value::String(s) = v
                {
                    s.push_str(suffix);
                    continue;
                }
                rename_refs(v, suffix);
            }
        }
        _ => {}
    }
}

/// The schema with `copies - 1` renamed copies of every component and
/// operation added.
pub fn scaled(text: &str, copies: usize) -> String {
    let mut root: Value = serde_json::from_str(text).unwrap();
    let schemas = root["components"]["schemas"].as_object().unwrap().clone();
    let paths = root["paths"].as_object().unwrap().clone();
    for k in 1..copies {
        let suffix = format!("Copy{k}");
        for (name, schema) in &schemas {
            let mut schema = schema.clone();
            rename_refs(&mut schema, &suffix);
            root["components"]["schemas"]
                .as_object_mut()
                .unwrap()
                .insert(format!("{name}{suffix}"), schema);
        }
        for (path, item) in &paths {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            for op in item.as_object_mut().unwrap().values_mut() {
                if let Some(Value::String(id)) = op.get_mut("operationId") {
                    id.push_str(&suffix);
                }
            }
            root["paths"]
                .as_object_mut()
                .unwrap()
                .insert(format!("/copy{k}{path}"), item);
        }
    }
    serde_json::to_string_pretty(&root).unwrap()
}

const STAGES: [&str; 5] = ["load", "check", "ir", "emit", "total"];

/// Runs the pipeline once, returning the seconds each stage took and the
/// length of the output.
fn pipeline(text: &str) -> ([f64; 5], usize) {
    let path = Path::new("schema/openapi.json");
    let t0 = Instant::now();
    let file = load::parse(path, text.to_owned()).unwrap();
    let t1 = Instant::now();
    let mut sink = worker_versions_codegen::diagnostic::Sink::default();
    let spec = check::check(&file.root, &file.order, &mut sink);
    assert!(sink.is_empty());
    let t2 = Instant::now();
    let ir = ir::lower(&spec, &mut sink).unwrap();
    let t3 = Instant::now();
    let files = emit::emit(&ir).unwrap();
    let t4 = Instant::now();
    let len = black_box(files).iter().map(|f| f.text.len()).sum();
    let s = |a: Instant, b: Instant| (b - a).as_secs_f64();
    ([s(t0, t1), s(t1, t2), s(t2, t3), s(t3, t4), s(t0, t4)], len)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("schema/openapi.json")).unwrap();
    let rounds = common::env_usize("BENCH_ROUNDS", 5);
    let scales: Vec<usize> = std::env::var("BENCH_SCALES")
        .unwrap_or_else(|_| "1,10,100".to_owned())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    assert_eq!(
        scales.first(),
        Some(&1),
        "the first scale is the baseline, 1"
    );

    // The public entry point must agree with the staged run.
    let whole: usize =
        worker_versions_codegen::generate_from_str(Path::new("schema/openapi.json"), &text)
            .unwrap()
            .files
            .iter()
            .map(|f| f.text.len())
            .sum();
    let inputs: Vec<String> = scales.iter().map(|&k| scaled(&text, k)).collect();
    let mut sizes = Vec::new();
    for (k, input) in scales.iter().zip(&inputs) {
        let (_, out_len) = pipeline(input);
        if *k == 1 {
            assert_eq!(out_len, whole, "staged run and generate_from_str differ");
        }
        sizes.push((input.len(), out_len));
    }

    common::wait_for_quiet();
    println!("load before: {}", common::loadavg());
    println!("{rounds} rounds, every scale once per round, rotating order");
    // times[scale][stage][round]
    let mut times = vec![vec![Vec::with_capacity(rounds); STAGES.len()]; scales.len()];
    for round in 0..rounds {
        for j in 0..scales.len() {
            let s = (round + j) % scales.len();
            // Small scales repeat so that a sample is not a few milliseconds.
            let repeat = (100 / scales[s]).clamp(1, 20);
            let mut sum = [0.0; 5];
            for _ in 0..repeat {
                let (t, _) = pipeline(&inputs[s]);
                for (acc, x) in sum.iter_mut().zip(t) {
                    *acc += x;
                }
            }
            for (stage, acc) in sum.iter().enumerate() {
                times[s][stage].push(acc / repeat as f64);
            }
        }
    }
    println!();
    println!(
        "| scale | schema | output | {} |",
        STAGES.map(|s| format!("{s} time / scale 1")).join(" | ")
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (s, k) in scales.iter().enumerate() {
        let cells: Vec<String> = (0..STAGES.len())
            .map(|stage| {
                let (m, lo, hi) = common::paired_ratio(&times[s][stage], &times[0][stage]);
                format!("{m:.1} [{lo:.1}..{hi:.1}]")
            })
            .collect();
        println!(
            "| {k}x | {:.1} MB | {:.1} MB | {} |",
            sizes[s].0 as f64 / 1e6,
            sizes[s].1 as f64 / 1e6,
            cells.join(" | ")
        );
    }
    let mut shares: Vec<String> = Vec::new();
    for stage in 0..4 {
        let (m, _, _) = common::paired_ratio(&times[0][stage], &times[0][4]);
        shares.push(format!("{} {:.0}%", STAGES[stage], m * 100.0));
    }
    println!();
    println!("stage shares at scale 1: {}", shares.join(", "));
    let med = |v: &Vec<f64>| common::median(&mut v.clone());
    eprintln!(
        "(medians, this machine, this run only: {})",
        scales
            .iter()
            .enumerate()
            .map(|(s, k)| format!("{k}x {:.3} s", med(&times[s][4])))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("load after: {}", common::loadavg());
}
