#!/usr/bin/env python3
"""Picks the checked-in replay corpus (tests/fuzz-corpus/<target>/) from a
long run's corpus. libFuzzer's merge runs every input (smallest first) and
credits each PC and each finer feature (edge counter, comparison) to the
first input that reaches it; the script keeps the inputs credited with the
most PCs, then with the most features, ties to the smaller, up to --max
inputs of at most --max-bytes each. The credits come from libFuzzer's merge
control file, so the choice is the fuzzer's own notion of "interesting".

    fuzz/select_corpus.py TARGET [--max 68] [--max-bytes 4096]

Run from the repository root after `.ci/fuzz --seconds N` (which leaves
the fuzz binaries built and fuzz/corpus/TARGET/ grown). Replaces
tests/fuzz-corpus/TARGET/ with the chosen inputs, named by their SHA-1 as
libFuzzer names them.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARIES = os.path.join(ROOT, "fuzz/target/x86_64-unknown-linux-gnu/release")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--max", type=int, default=68)
    parser.add_argument("--max-bytes", type=int, default=4096)
    args = parser.parse_args()

    sources = [
        os.path.join(ROOT, "fuzz/corpus", args.target),
        os.path.join(ROOT, "fuzz/seeds", args.target),
        os.path.join(ROOT, "tests/fuzz-corpus", args.target),
    ]
    sources = [s for s in sources if os.path.isdir(s)]
    with tempfile.TemporaryDirectory() as scratch:
        empty = os.path.join(scratch, "empty")
        os.mkdir(empty)
        control = os.path.join(scratch, "control")
        subprocess.run(
            [os.path.join(BINARIES, args.target), "-merge=1",
             "-merge_control_file=" + control, "-rss_limit_mb=2048",
             "-timeout=10", empty, *sources],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(control, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()

    count = int(lines[0])
    files = lines[2:2 + count]
    features = {}
    pcs = {}
    for line in lines[2 + count:]:
        parts = line.split()
        if parts and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
        elif parts and parts[0] == "COV":
            pcs[int(parts[1])] = set(map(int, parts[2:]))

    candidates = {}
    for i, feats in features.items():
        path = files[i]
        size = os.path.getsize(path)
        if size == 0 or size > args.max_bytes:
            continue
        with open(path, "rb") as f:
            data = f.read()
        digest = hashlib.sha1(data).hexdigest()
        # The same content can be in more than one folder.
        if digest not in candidates:
            candidates[digest] = (data, set(), set())
        candidates[digest][1].update(pcs.get(i, set()))
        candidates[digest][2].update(feats)

    covered_pcs = set()
    covered = set()
    chosen = []
    while len(chosen) < args.max and candidates:
        digest, (data, cov, feats) = max(
            candidates.items(),
            key=lambda kv: (len(kv[1][1] - covered_pcs), len(kv[1][2] - covered),
                            -len(kv[1][0]), kv[0]))
        if not (cov - covered_pcs) and not (feats - covered):
            break
        covered_pcs |= cov
        covered |= feats
        chosen.append((digest, data))
        del candidates[digest]

    out = os.path.join(ROOT, "tests/fuzz-corpus", args.target)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for digest, data in chosen:
        with open(os.path.join(out, digest), "wb") as f:
            f.write(data)
    all_features = set().union(*features.values()) if features else set()
    print(f"{args.target}: {len(chosen)} inputs, "
          f"{sum(len(d) for _, d in chosen)} bytes, "
          f"{len(covered_pcs)} of {len(set().union(*pcs.values()) if pcs else set())} PCs, "
          f"{len(covered)} of {len(all_features)} features "
          f"of {len(features)} inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
