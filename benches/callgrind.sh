#!/usr/bin/env bash
# Noise-free cross-check of the decode and encode ratios: instructions
# executed by one call of each variant (valgrind's callgrind, counting only
# inside `measured_call` of benches/decode.rs), as ratios.
#
# Usage: benches/callgrind.sh [PAYLOAD...]   (default: every payload but the
#        100k-version ones, which take minutes under valgrind)
# Needs valgrind (`apt-get install valgrind`).
set -euo pipefail
cd "$(dirname "$0")/.."
payloads=("$@")
if [[ ${#payloads[@]} == 0 ]]; then
  payloads=(legacy-list-1k legacy-list-1k+unknown new-list-1k new-list-1k+unknown
    detail-30-bindings detail-30-bindings+unknown)
fi
bin=$(cargo bench --no-run --bench decode --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "decode" and m.get("executable"):
        print(m["executable"])')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # payload variant -> instructions
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --collect-atstart=no \
    --toggle-collect='*measured_call*' "$bin" --callgrind "$1" "$2" 2>&1 |
    awk '/Collected :/ {print $NF}'
}
echo "| payload | decode lossless/plain (instructions) | plain/floor | lossless/floor | encode lossless/plain (instructions) |"
echo "|---|---|---|---|---|"
for p in "${payloads[@]}"; do
  f=$(count "$p" floor)
  pl=$(count "$p" plain)
  l=$(count "$p" lossless)
  pe=$(count "$p" plain-encode)
  le=$(count "$p" lossless-encode)
  awk -v p="$p" -v f="$f" -v pl="$pl" -v l="$l" -v pe="$pe" -v le="$le" \
    'BEGIN {printf "| %s | %.3f | %.2f | %.2f | %.3f |\n", p, l / pl, pl / f, l / f, le / pe}'
done
