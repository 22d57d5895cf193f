//! Shared by the benches: deterministic payloads, plain-derive baselines and
//! an interleaved timing loop.
//!
//! Payloads are written as text rather than through `serde_json::Value`, so
//! member order is the API's (a binding's `type` first) and not the sorted
//! order of a `BTreeMap`.

use std::time::Instant;

pub mod plain;

// ---------------------------------------------------------------------------
// Deterministic values
// ---------------------------------------------------------------------------

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }

    pub fn hex(&mut self, digits: usize) -> String {
        let mut s = String::with_capacity(digits);
        while s.len() < digits {
            let word = self.next_u64();
            for shift in (0..16).rev() {
                if s.len() == digits {
                    break;
                }
                let nibble = ((word >> (shift * 4)) & 0xF) as u32;
                s.push(char::from_digit(nibble, 16).unwrap_or('0'));
            }
        }
        s
    }

    /// A version-4 UUID, lowercase.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        let variant = ["8", "9", "a", "b"][self.below(4) as usize];
        format!(
            "{}-{}-4{}-{}{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            variant,
            &h[17..20],
            &h[20..32]
        )
    }
}

/// `2025-MM-DDTHH:MM:SS.ffffffZ`, going back in time as `step` grows.
pub fn timestamp(step: u64, rng: &mut Rng) -> String {
    // Roughly six hours between versions, newest first.
    let seconds = 1_760_000_000u64.saturating_sub(step * 21_600 + rng.below(3_600));
    let days = seconds / 86_400;
    let rem = seconds % 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        rng.below(1_000_000)
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Objects, with or without unknown members
// ---------------------------------------------------------------------------

/// Names no type in the schema declares.
const UNKNOWN_NAMES: &[&str] = &[
    "observability",
    "tail_consumers",
    "logpush",
    "preview_urls",
    "deployment_id",
    "build_id",
    "trace_id",
    "region_hint",
    "compliance_region",
    "created_by",
    "content_hash",
    "labels",
    "owner",
    "rollout_percentage",
    "experiments",
];

/// The share of members that are unknown in a payload "with unknown
/// members": for every 7 known members, 3 unknown ones (30% of the total).
const UNKNOWN_PER_7_KNOWN: usize = 3;

/// Builds one JSON object member by member.
pub struct Obj {
    members: Vec<(&'static str, String)>,
}

impl Obj {
    pub fn new() -> Self {
        Obj {
            members: Vec::with_capacity(12),
        }
    }

    pub fn raw(mut self, key: &'static str, json: String) -> Self {
        self.members.push((key, json));
        self
    }

    pub fn str(self, key: &'static str, value: &str) -> Self {
        self.raw(key, quote(value))
    }

    pub fn num(self, key: &'static str, value: u64) -> Self {
        self.raw(key, value.to_string())
    }

    pub fn bool(self, key: &'static str, value: bool) -> Self {
        self.raw(key, value.to_string())
    }

    /// Renders the object. With `unknown`, adds unknown members (30% of
    /// the total) at random positions after the first member, so that a
    /// binding's `type` stays first, as the API sends it.
    pub fn render(self, unknown: Option<&mut Rng>) -> String {
        let mut members: Vec<(String, String)> = self
            .members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        if let Some(rng) = unknown {
            let known = members.len();
            // 3/7 of the known count, rounded up or down at random so that
            // the share over the whole payload comes out at 30%.
            let count = (known * UNKNOWN_PER_7_KNOWN + rng.below(7) as usize) / 7;
            let mut names: Vec<&str> = UNKNOWN_NAMES.to_vec();
            for _ in 0..count {
                let i = rng.below(names.len() as u64) as usize;
                let name = names.swap_remove(i);
                let value = unknown_value(rng);
                let at = 1 + rng.below(members.len() as u64) as usize;
                members.insert(at.min(members.len()), (name.to_owned(), value));
            }
        }
        let mut out =
            String::with_capacity(members.iter().map(|(k, v)| k.len() + v.len() + 4).sum());
        out.push('{');
        for (i, (k, v)) in members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&quote(k));
            out.push(':');
            out.push_str(v);
        }
        out.push('}');
        out
    }
}

fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

fn unknown_value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => quote(&format!("beta-{}", rng.hex(8))),
        1 => rng.below(100_000).to_string(),
        2 => (rng.below(2) == 1).to_string(),
        3 => format!(
            r#"{{"enabled":{},"head_sampling_rate":0.{},"logs":{{"enabled":true,"invocation_logs":false}}}}"#,
            rng.below(2) == 1,
            rng.below(100)
        ),
        4 => array((0..1 + rng.below(3)).map(|_| quote(&format!("team-{}", rng.hex(4))))),
        _ => "null".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------

const AUTHORS: &[&str] = &[
    "alice@example.com",
    "bob@example.com",
    "carol@example.org",
    "dave@acme.dev",
    "erin@acme.dev",
    "ci-bot@acme.dev",
];
const SOURCES: &[&str] = &[
    "wrangler",
    "api",
    "dash",
    "terraform",
    "workersci",
    "quick_editor",
];
const TRIGGERS: &[&str] = &[
    "upload",
    "upload",
    "upload",
    "deployment",
    "rollback",
    "secret",
];
const MESSAGES: &[&str] = &[
    "Fix cache key for /api/v2 routes",
    "Bump compatibility date",
    "Add queue consumer for order events",
    "Rollback after elevated 5xx rate",
    "Refactor auth middleware",
];

fn envelope(
    result: String,
    extra: Option<(&'static str, String)>,
    rng: &mut Rng,
    unknown: bool,
) -> Vec<u8> {
    let mut obj = Obj::new()
        .raw("result", result)
        .bool("success", true)
        .raw("errors", "[]".to_owned())
        .raw("messages", "[]".to_owned());
    if let Some((k, v)) = extra {
        obj = obj.raw(k, v);
    }
    obj.render(unknown.then_some(rng)).into_bytes()
}

fn annotations(rng: &mut Rng, unknown: bool) -> String {
    let trigger = rng.pick(TRIGGERS);
    let mut obj = Obj::new().str("workers/triggered_by", trigger);
    if rng.chance(40) {
        obj = obj.str("workers/message", rng.pick(MESSAGES));
    }
    if rng.chance(20) {
        obj = obj.str(
            "workers/tag",
            &format!("v1.{}.{}", rng.below(40), rng.below(10)),
        );
    }
    if trigger == "rollback" {
        obj = obj.str("workers/rollback_from", &rng.uuid());
    }
    obj.render(unknown.then_some(rng))
}

fn script_metadata(step: u64, rng: &mut Rng, unknown: bool) -> String {
    let created = timestamp(step, rng);
    Obj::new()
        .str("author_id", &rng.hex(32))
        .str("author_email", rng.pick(AUTHORS))
        .str("source", rng.pick(SOURCES))
        .str("created_on", &created)
        .str("modified_on", &created)
        .bool("hasPreview", rng.chance(30))
        .render(unknown.then_some(rng))
}

fn script_version(step: u64, number: u64, rng: &mut Rng, unknown: bool) -> String {
    let id = rng.uuid();
    let metadata = script_metadata(step, rng, unknown);
    let annotations = annotations(rng, unknown);
    Obj::new()
        .str("id", &id)
        .num("number", number)
        .raw("metadata", metadata)
        .raw("annotations", annotations)
        .render(unknown.then_some(rng))
}

/// `ScriptVersionListResponse` with `n` versions, newest first.
pub fn script_version_list(n: u64, unknown: bool) -> Vec<u8> {
    let mut rng = Rng::new(0x5C12_0001 ^ n);
    let items = array((0..n).map(|i| script_version(i, n - i, &mut rng, unknown)));
    let result = Obj::new()
        .raw("items", items)
        .render(unknown.then_some(&mut rng));
    envelope(result, None, &mut rng, unknown)
}

/// One binding of a kind chosen by `i`, `type` first.
fn binding(i: u64, rng: &mut Rng, unknown: bool) -> String {
    let name = |prefix: &str| format!("{prefix}_{i}");
    let obj = match i % 15 {
        0 => Obj::new()
            .str("type", "kv_namespace")
            .str("name", &name("KV"))
            .str("namespace_id", &rng.hex(32)),
        1 => Obj::new()
            .str("type", "durable_object_namespace")
            .str("name", &name("DO"))
            .str("class_name", "RoomDurableObject")
            .str("namespace_id", &rng.hex(32)),
        2 => Obj::new()
            .str("type", "service")
            .str("name", &name("SVC"))
            .str("service", "auth-worker")
            .str("environment", "production")
            .str("entrypoint", "AuthEntrypoint"),
        3 => Obj::new()
            .str("type", "r2_bucket")
            .str("name", &name("BUCKET"))
            .str("bucket_name", "user-uploads")
            .str("jurisdiction", "eu"),
        4 => Obj::new()
            .str("type", "plain_text")
            .str("name", &name("VAR"))
            .str("text", "https://api.example.com/v2"),
        5 => Obj::new()
            .str("type", "secret_text")
            .str("name", &name("SECRET")),
        6 => Obj::new()
            .str("type", "d1")
            .str("name", &name("DB"))
            .str("id", &rng.uuid()),
        7 => Obj::new()
            .str("type", "queue")
            .str("name", &name("QUEUE"))
            .str("queue_name", "order-events")
            .num("delivery_delay", 30),
        8 => Obj::new().str("type", "ai").str("name", &name("AI")),
        9 => Obj::new()
            .str("type", "analytics_engine")
            .str("name", &name("AE"))
            .str("dataset", "request_metrics"),
        10 => Obj::new()
            .str("type", "hyperdrive")
            .str("name", &name("HYPERDRIVE"))
            .str("id", &rng.hex(32)),
        11 => Obj::new()
            .str("type", "vectorize")
            .str("name", &name("VECTORS"))
            .str("index_name", "docs-embeddings"),
        12 => Obj::new()
            .str("type", "version_metadata")
            .str("name", &name("VERSION")),
        13 => Obj::new()
            .str("type", "workflow")
            .str("name", &name("WORKFLOW"))
            .str("workflow_name", "order-fulfilment")
            .str("class_name", "OrderWorkflow"),
        _ => Obj::new()
            .str("type", "browser")
            .str("name", &name("BROWSER")),
    };
    obj.render(unknown.then_some(rng))
}

/// `ScriptVersionDetailResponse` with 30 bindings of 15 kinds.
pub fn script_version_detail(unknown: bool) -> Vec<u8> {
    let mut rng = Rng::new(0x00DE_7A11);
    let u = unknown;
    let bindings = array((0..30).map(|i| binding(i, &mut rng, u)));
    let named = array(["RoomDurableObject", "OrderWorkflow"].iter().map(|n| {
        Obj::new()
            .str("name", n)
            .raw("handlers", r#"["class"]"#.to_owned())
            .render(None)
    }));
    let script = Obj::new()
        .str("etag", &rng.hex(64))
        .raw("handlers", r#"["fetch","queue","scheduled"]"#.to_owned())
        .str("last_deployed_from", "wrangler")
        .raw("named_handlers", named)
        .render(u.then_some(&mut rng));
    let limits = Obj::new().num("cpu_ms", 50).render(u.then_some(&mut rng));
    let runtime = Obj::new()
        .str("compatibility_date", "2025-09-01")
        .raw(
            "compatibility_flags",
            r#"["nodejs_compat","no_global_navigator"]"#.to_owned(),
        )
        .raw("limits", limits)
        .str("migration_tag", "v3")
        .str("usage_model", "standard")
        .render(u.then_some(&mut rng));
    let resources = Obj::new()
        .raw("bindings", bindings)
        .raw("script", script)
        .raw("script_runtime", runtime)
        .render(u.then_some(&mut rng));
    let id = rng.uuid();
    let metadata = script_metadata(0, &mut rng, u);
    let annotations = annotations(&mut rng, u);
    let result = Obj::new()
        .str("id", &id)
        .num("number", 412)
        .raw("metadata", metadata)
        .raw("annotations", annotations)
        .raw("resources", resources)
        .render(u.then_some(&mut rng));
    envelope(result, None, &mut rng, u)
}

fn worker_version(step: u64, number: u64, rng: &mut Rng, unknown: bool) -> String {
    let u = unknown;
    let id = rng.uuid();
    let created = timestamp(step, rng);
    let url = format!(r#"["https://{}-orders-api.acme.workers.dev"]"#, &id[..8]);
    let annotations = annotations(rng, u);
    let mut obj = Obj::new()
        .str("id", &id)
        .num("number", number)
        .str("created_on", &created)
        .raw("annotations", annotations)
        .str("compatibility_date", "2025-09-01")
        .raw("compatibility_flags", r#"["nodejs_compat"]"#.to_owned())
        .str("main_module", "index.js")
        .str("source", rng.pick(SOURCES))
        .num("startup_time_ms", 2 + rng.below(40))
        .raw("urls", url)
        .str("usage_model", "standard");
    if rng.chance(50) {
        let limits = Obj::new().num("cpu_ms", 50).render(u.then_some(rng));
        obj = obj.raw("limits", limits);
    }
    if rng.chance(10) {
        obj = obj.raw("placement", r#"{"mode":"smart"}"#.to_owned());
    }
    let count = rng.below(4);
    let start = rng.below(15);
    let bindings = array((0..count).map(|k| binding(start + k, rng, u)));
    obj.raw("bindings", bindings).render(u.then_some(rng))
}

/// `WorkerVersionListResponse` (the new API) with `n` versions.
pub fn worker_version_list(n: u64, unknown: bool) -> Vec<u8> {
    let mut rng = Rng::new(0x03E3_0002 ^ n);
    let items = array((0..n).map(|i| worker_version(i, n - i, &mut rng, unknown)));
    let info = Obj::new()
        .num("page", 1)
        .num("per_page", n)
        .num("count", n)
        .num("total_count", n)
        .num("total_pages", 1)
        .render(unknown.then_some(&mut rng));
    envelope(items, Some(("result_info", info)), &mut rng, unknown)
}

/// The payloads every bench uses, by name.
pub struct Payload {
    pub name: &'static str,
    pub kind: Kind,
    pub unknown: bool,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    ScriptList,
    WorkerList,
    Detail,
}

pub fn payload(name: &str) -> Option<Payload> {
    let name = PAYLOADS.iter().copied().find(|n| *n == name)?;
    let (kind, unknown, bytes) = match name {
        "legacy-list-1k" => (Kind::ScriptList, false, script_version_list(1_000, false)),
        "legacy-list-1k+unknown" => (Kind::ScriptList, true, script_version_list(1_000, true)),
        "legacy-list-100k" => (Kind::ScriptList, false, script_version_list(100_000, false)),
        "legacy-list-100k+unknown" => (Kind::ScriptList, true, script_version_list(100_000, true)),
        "new-list-1k" => (Kind::WorkerList, false, worker_version_list(1_000, false)),
        "new-list-1k+unknown" => (Kind::WorkerList, true, worker_version_list(1_000, true)),
        "detail-30-bindings" => (Kind::Detail, false, script_version_detail(false)),
        "detail-30-bindings+unknown" => (Kind::Detail, true, script_version_detail(true)),
        _ => return None,
    };
    Some(Payload {
        name,
        kind,
        unknown,
        bytes,
    })
}

pub const PAYLOADS: &[&str] = &[
    "legacy-list-1k",
    "legacy-list-1k+unknown",
    "legacy-list-100k",
    "legacy-list-100k+unknown",
    "new-list-1k",
    "new-list-1k+unknown",
    "detail-30-bindings",
    "detail-30-bindings+unknown",
];

/// Share of members that are unknown, counted on the parsed payload (for
/// the report).
pub fn unknown_share(bytes: &[u8], kind: Kind) -> f64 {
    // Unknown names are a fixed list that no schema type uses; members
    // inside an unknown member's value are not counted.
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    let (mut known, mut unknown) = (0usize, 0usize);
    fn walk(v: &serde_json::Value, known: &mut usize, unknown: &mut usize, inside_unknown: bool) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let is_unknown = UNKNOWN_NAMES.contains(&k.as_str());
                    if !inside_unknown {
                        if is_unknown {
                            *unknown += 1;
                        } else {
                            *known += 1;
                        }
                    }
                    walk(v, known, unknown, inside_unknown || is_unknown);
                }
            }
            serde_json::Value::Array(a) => {
                for v in a {
                    walk(v, known, unknown, inside_unknown);
                }
            }
            _ => {}
        }
    }
    walk(&value, &mut known, &mut unknown, false);
    let _ = kind;
    unknown as f64 / (known + unknown).max(1) as f64
}

// ---------------------------------------------------------------------------
// Interleaved timing
// ---------------------------------------------------------------------------

/// Times `f` over `iters` calls, in nanoseconds per call.
pub fn sample(iters: u64, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / iters as f64
}

/// How many calls make a sample of about `target_ms`.
pub fn calibrate(target_ms: f64, f: &mut dyn FnMut()) -> u64 {
    f(); // warm up
    let mut iters = 1u64;
    loop {
        let per = sample(iters, f);
        let total_ms = per * iters as f64 / 1e6;
        if total_ms >= target_ms / 4.0 || iters >= 1 << 30 {
            return ((target_ms * 1e6 / per).ceil() as u64).max(1);
        }
        iters *= 4;
    }
}

/// Runs every variant once per round, in a rotating order, and returns the
/// per-round times (ns per call) of each variant.
pub fn interleave(
    rounds: usize,
    target_ms: f64,
    variants: &mut [(&str, &mut dyn FnMut())],
) -> Vec<Vec<f64>> {
    let iters: Vec<u64> = variants
        .iter_mut()
        .map(|(_, f)| calibrate(target_ms, *f))
        .collect();
    let n = variants.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let v = (round + k) % n;
            let (_, f) = &mut variants[v];
            let t = sample(iters[v], *f);
            times[v].push(t);
        }
    }
    times
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Median, lowest and highest of the per-round ratios `a[i] / b[i]`.
pub fn paired_ratio(a: &[f64], b: &[f64]) -> (f64, f64, f64) {
    let mut r: Vec<f64> = a.iter().zip(b).map(|(x, y)| x / y).collect();
    let m = median(&mut r);
    (
        m,
        r.first().copied().unwrap_or(f64::NAN),
        r.last().copied().unwrap_or(f64::NAN),
    )
}

pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// With `BENCH_WAIT_LOAD=1`, waits until the 1-minute load average is below
/// 1.0 (the machine is shared), polling every 15 seconds.
pub fn wait_for_quiet() {
    if std::env::var("BENCH_WAIT_LOAD").as_deref() != Ok("1") {
        return;
    }
    loop {
        let one: f64 = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
            .unwrap_or(0.0);
        if one < 1.0 {
            return;
        }
        eprintln!("waiting for load < 1.0 (now {one})");
        std::thread::sleep(std::time::Duration::from_secs(15));
    }
}
