#!/usr/bin/env bash
# What depending on worker-versions costs: clean `cargo build --release` of a
# tiny program that decodes one `getWorkerVersion` body, three ways:
#
#   lossless          worker-versions, default features (the build-time generator)
#   lossless-minimal  worker-versions, default-features = false
#   plain             hand-written #[derive] structs, no build script
#
# Each round builds all three from an empty target directory, in rotating
# order; the figures are medians over rounds of the per-round ratio to
# `plain`. Every build runs with --timings, and the unit breakdown (which
# compilation units dominate) is the median per unit over the rounds.
#
# Usage: benches/dependent/measure.sh [ROUNDS]   (default 3)
#   WAIT_LOAD=1  first wait until the 1-minute load average is below 1.0
#   KEEP=DIR     keep the timing reports under DIR
#
# Needs cargo and python3; run `cargo fetch` for each crate once if offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-3}"
variants=(lossless lossless-minimal plain)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ "${WAIT_LOAD:-0}" == 1 ]]; then
  while awk '{exit !($1 >= 1.0)}' /proc/loadavg; do
    echo "waiting for load < 1.0 (now $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    sleep 30
  done
fi

declare -A manifest=()
for v in "${variants[@]}"; do manifest[$v]="$here/$v/Cargo.toml"; done
bin_of() { echo "dependent-$1"; }

for v in "${variants[@]}"; do
  (cd "$(dirname "${manifest[$v]}")" && cargo fetch -q)
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#variants[@]}; k++)); do
    v="${variants[$(((r + k) % ${#variants[@]}))]}"
    target="$work/target-$v"
    rm -rf "$target"
    start=$(date +%s.%N)
    cargo build -q --release --offline --timings \
      --manifest-path "${manifest[$v]}" --target-dir "$target" 2>/dev/null
    end=$(date +%s.%N)
    # The program works (outside the timing).
    "$target/release/$(bin_of "$v")" <"$here/body.json" >/dev/null
    wall=$(awk "BEGIN{printf \"%.2f\", $end - $start}")
    echo "round $r $v ${wall}s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    report="$work/$v-$r.html"
    cp "$target/cargo-timings/cargo-timing.html" "$report"
    echo "$r $v $wall $report" >>"$work/results"
    rm -rf "$target"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "${KEEP:-}" ]]; then
  mkdir -p "$KEEP" && cp "$work"/*.html "$KEEP"/
fi

python3 - "$work/results" <<'EOF'
import json, statistics, sys
from collections import defaultdict

rows = [line.split() for line in open(sys.argv[1])]
wall = defaultdict(dict)        # variant -> round -> seconds
units = defaultdict(lambda: defaultdict(list))  # variant -> unit -> [seconds]
sections = defaultdict(lambda: defaultdict(list))  # variant -> section of worker-versions' lib -> [seconds]
for r, v, w, report in rows:
    wall[v][r] = float(w)
    html = open(report).read()
    start = html.index("UNIT_DATA = ") + len("UNIT_DATA = ")
    end = html.index("];", start) + 1
    for u in json.loads(html[start:end]):
        name = u["name"] + (u["target"] or "")
        units[v][name].append(u["duration"])
        if u["name"] == "worker-versions" and not u["target"].strip() and u.get("sections"):
            for section, span in u["sections"]:
                sections[v][section].append(span["end"] - span["start"])

def ratio(v):
    rs = [wall[v][r] / wall["plain"][r] for r in wall[v]]
    return statistics.median(rs), min(rs), max(rs)

print()
print("| variant | clean release build / plain (median [min..max]) |")
print("|---|---|")
names = [v for v in ("lossless", "lossless-minimal", "plain") if v in wall]
for v in names:
    m, lo, hi = ratio(v)
    print(f"| {v} | {m:.2f} [{lo:.2f}..{hi:.2f}] |")

for v in names:
    total = statistics.median(wall[v].values())
    med = {n: statistics.median(d) for n, d in units[v].items()}
    print()
    print(f"{v}: units by time (median unit time / median wall time; units overlap on 2 cores)")
    for n, d in sorted(med.items(), key=lambda x: -x[1])[:8]:
        print(f"  {d / total * 100:5.1f}%  {n}")
    if sections[v]:
        parts = ", ".join(f"{k} {statistics.median(d) / total * 100:.1f}%" for k, d in sections[v].items())
        print(f"  worker-versions lib by section: {parts}")
    gen = [d for n, d in med.items() if n == "worker-versions build-script (run)"]
    if gen:
        print(f"  worker-versions build script run (the generator, when on) share of the clean build: {gen[0] / total * 100:.1f}%")
EOF
