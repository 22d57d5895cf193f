#!/usr/bin/env bash
# Rebuilds of worker-versions (debug, `cargo build -p worker-versions
# --features codegen`, the library as this workspace builds it, with its
# generator; incremental as cargo's dev profile has it), in a copy of the
# working tree so the real one is never touched:
#
#   1. a no-op rebuild and a README-only change must not run the build
#      script (the generator);
#   2. a one-field schema edit must;
#   3. the time of a rebuild after a one-field schema edit against one after
#      a one-line `src/` edit, alternating, as the median of per-pair ratios,
#      with the build script run and the library compile from --timings;
#   4. why: a doc-only edit to the first type that adds 4 lines (moving
#      every item after it) against one that keeps the line count.
#
# Usage: benches/rebuild.sh [PAIRS]   (default 5)
#   WAIT_LOAD=1  wait until the 1-minute load average is below 1.0 after the
#                first (untimed) build
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pairs="${1:-5}"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT

tar -C "$root" --exclude=./target --exclude=./.git -cf - . | tar -C "$copy" -xf -
cd "$copy"
export CARGO_TARGET_DIR="$copy/target"

build() { cargo build -v --offline -p worker-versions --features codegen "$@" 2>&1; }
# (`build` fails when cargo does: `set -e` stops the script outside `timed`.)
# Did the last build run worker-versions' build script?
ran_generator() { grep -Eq 'Running `[^`]*worker-versions-[0-9a-f]+/build-script-build`' "$1"; }
verdict() { if ran_generator "$1"; then echo "ran"; else echo "did not run"; fi; }
compiled() { grep -c '^ *Compiling' "$1" || true; }

# timed LOG: builds with --timings; prints the wall time, the build script
# run and the library compile, in seconds.
timed() {
  local start end
  start=$(date +%s.%N)
  if ! build --timings >"$1"; then
    tail -20 "$1" >&2
    return 1
  fi
  end=$(date +%s.%N)
  python3 "$copy/unit_times.py" "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html" "$start" "$end"
}
cat >"$copy/unit_times.py" <<'PY'
import json, sys
html = open(sys.argv[1]).read()
start = html.index("UNIT_DATA = ") + len("UNIT_DATA = ")
units = json.loads(html[start:html.index("];", start) + 1])
mine = [u for u in units if u["name"] == "worker-versions"]
run = sum(u["duration"] for u in mine if u["target"].strip() == "build-script (run)")
lib = sum(u["duration"] for u in mine if not u["target"].strip())
print(f"{float(sys.argv[3]) - float(sys.argv[2]):.3f} {run:.3f} {lib:.3f}")
PY

# One field added to (or removed from) `Limits`; python3 keeps the JSON
# valid.
schema_edit() {
  python3 - "$1" <<'PY'
import json, sys
path = "schema/openapi.json"
doc = json.load(open(path))
props = doc["components"]["schemas"]["Limits"]["properties"]
if sys.argv[1] == "add":
    props["bench_field"] = {"type": "integer", "description": "Added by benches/rebuild.sh."}
else:
    props.pop("bench_field", None)
with open(path, "w") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY
}
# A doc-only edit to the first type in the generated file: the same number
# of lines, or 4 more lines (which moves every item after it).
doc_edit() {
  python3 - "$1" "$copy/schema.base.json" <<'PY'
import json, sys
mode, base_path = sys.argv[1], sys.argv[2]
doc = json.load(open(base_path))
d = doc["components"]["schemas"]["ApiMessage"]["properties"]["code"]
if mode == "sameline":
    d["description"] = "(edited) " + d["description"]
elif mode == "morelines":
    d["description"] += "\n\nA second paragraph.\n\nAnd a third."
with open("schema/openapi.json", "w") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY
}
src_edit() {
  if [[ "$1" == add ]]; then
    echo "const _: u32 = 1; // benches/rebuild.sh" >>src/lib.rs
  else
    sed -i '\|^const _: u32 = 1; // benches/rebuild.sh$|d' src/lib.rs
  fi
}

echo "first build (not timed)..." >&2
build >"$copy/first.log"
ran_generator "$copy/first.log" || { echo "the first build did not run the build script?" >&2; exit 1; }

# Normalise the schema's formatting once (not timed), so that every timed
# edit is exactly one field.
schema_edit remove
build >/dev/null

if [[ "${WAIT_LOAD:-0}" == 1 ]]; then
  while awk '{exit !($1 >= 1.0)}' /proc/loadavg; do
    echo "waiting for load < 1.0 (now $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    sleep 15
  done
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
build >"$copy/noop.log"
echo "no-op rebuild: build script $(verdict "$copy/noop.log"); $(compiled "$copy/noop.log") units compiled"

echo "" >>README.md
build >"$copy/readme.log"
echo "README-only change: build script $(verdict "$copy/readme.log"); $(compiled "$copy/readme.log") units compiled"

results="$copy/results"
for ((i = 0; i < pairs; i++)); do
  op=$([[ $((i % 2)) == 0 ]] && echo add || echo remove)
  schema_edit "$op"
  read -r s_wall s_run s_lib < <(timed "$copy/schema.log")
  [[ -n "${s_lib:-}" ]] || { echo "the build after a schema edit failed" >&2; exit 1; }
  ran_generator "$copy/schema.log" || { echo "a schema edit did not run the build script" >&2; exit 1; }
  src_edit "$op"
  read -r c_wall c_run c_lib < <(timed "$copy/src.log")
  [[ -n "${c_lib:-}" ]] || { echo "the build after a src/ edit failed" >&2; exit 1; }
  if ran_generator "$copy/src.log"; then echo "a src/ edit ran the build script" >&2; exit 1; fi
  echo "$s_wall $s_run $s_lib $c_wall $c_lib" >>"$results"
  echo "pair $i: schema edit ${s_wall}s (build script run ${s_run}s, lib ${s_lib}s)," \
    "src/ edit ${c_wall}s (lib ${c_lib}s) (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  : "$c_run"
done
# Why a schema edit costs more than a src/ edit: the same doc-only change
# with and without moving the lines below it.
cp schema/openapi.json "$copy/schema.base.json"
for ((i = 0; i < pairs; i++)); do
  doc_edit sameline
  read -r a _ _ < <(timed "$copy/doc.log")
  doc_edit base
  build >/dev/null
  doc_edit morelines
  read -r b _ _ < <(timed "$copy/doc.log")
  doc_edit base
  build >/dev/null
  [[ -n "${a:-}" && -n "${b:-}" ]] || { echo "a doc-edit build failed" >&2; exit 1; }
  echo "$b $a" >>"$copy/shift"
  echo "doc pair $i: +4 lines ${b}s, same lines ${a}s" >&2
done
echo "one-field schema edit: build script ran, every time"
echo "one-line src/ edit: build script did not run, every time"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" <<'PY'
import statistics, sys
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1])]
def show(label, a, b):
    r = [row[a] / row[b] for row in rows]
    print(f"{label}: {statistics.median(r):.2f} [{min(r):.2f}..{max(r):.2f}] over {len(r)} pairs")
show("rebuild after a one-field schema edit / after a one-line src/ edit (wall)", 0, 3)
show("  schema-edit rebuild: build script run (the generator) / wall", 1, 0)
show("  schema-edit rebuild: library compile / wall", 2, 0)
show("  library compile after the schema edit / after the src/ edit", 2, 4)
PY
python3 - "$copy/shift" <<'PY'
import statistics, sys
r = [float(b) / float(a) for b, a in (line.split() for line in open(sys.argv[1]))]
print(f"doc-only schema edit at the top of the generated file, 4 lines added / same line count (wall): "
      f"{statistics.median(r):.2f} [{min(r):.2f}..{max(r):.2f}] over {len(r)} pairs")
PY
