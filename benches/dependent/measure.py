#!/usr/bin/env python3
"""What depending on worker-versions costs a program, in CPU time.

Three versions of one small program, each reading a `getWorkerVersion` body
and a legacy list body and printing what they say:

  descriptors  worker-versions' descriptors, as the README shows them,
               with the crate's default features
  value        `serde_json::Value`
  derive       hand-written `#[derive]` structs of the members it reads

Two figures, each the median over rounds of a per-round ratio of CPU time
(user + system of cargo and every rustc it ran), the variants built in
rotating order within a round:

  rebuild  `cargo build --release` after a one-line edit of the program's
           `main.rs`, descriptors / value   (bar: at most 1.5)
  clean    `cargo build --release` from an empty target directory,
           descriptors / derive             (bar: at most 1.3)

Usage: benches/dependent/measure.py [--rounds N] [--only rebuild|clean]

Each variant is copied into a temporary directory (its path dependency on
this checkout rewritten to an absolute path) and built there, so the tree is
never edited. The committed Cargo.lock files pin the dependencies; run
`cargo fetch` in each variant once if the machine has not fetched them.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VARIANTS = ("descriptors", "value", "derive")
BARS = {"rebuild": ("descriptors", "value", 1.5), "clean": ("descriptors", "derive", 1.3)}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(directory):
    """Builds one variant; returns (cpu seconds, wall seconds)."""
    cpu, wall = cpu_seconds(), time.monotonic()
    subprocess.run(
        ["cargo", "build", "--release", "--offline", "-q"],
        cwd=directory,
        check=True,
        env={**os.environ, "CARGO_TARGET_DIR": os.path.join(directory, "target")},
    )
    return cpu_seconds() - cpu, time.monotonic() - wall


def run(directory, name, marker):
    """The program works, and is the one just built."""
    binary = os.path.join(directory, "target", "release", f"dependent-{name}")
    out = subprocess.run(
        [binary, os.path.join(HERE, "detail.json"), os.path.join(HERE, "list.json")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if not out.startswith(marker):
        sys.exit(f"{name}: expected output starting {marker!r}, got {out[:60]!r}")


def edit(directory, n):
    main = os.path.join(directory, "src", "main.rs")
    text = open(main).read()
    text, count = re.subn(r'let edit = "edit \d+";', f'let edit = "edit {n}";', text)
    if count != 1:
        sys.exit(f"{main}: no edit line")
    open(main, "w").write(text)
    return f"edit {n}:"


def copy(work, name):
    directory = os.path.join(work, name)
    shutil.copytree(os.path.join(HERE, name), directory, ignore=shutil.ignore_patterns("target"))
    manifest = os.path.join(directory, "Cargo.toml")
    text = open(manifest).read().replace('path = "../../.."', f'path = "{ROOT}"')
    open(manifest, "w").write(text)
    return directory


def rotate(r):
    return [VARIANTS[(r + k) % len(VARIANTS)] for k in range(len(VARIANTS))]


def report(figure, rounds):
    num, den, bar = BARS[figure]
    ratios = [r[num][0] / r[den][0] for r in rounds]
    med = statistics.median(ratios)
    print(f"\n{figure}: CPU seconds per build (median of {len(rounds)} rounds)")
    for v in VARIANTS:
        print(f"  {v:12} cpu {statistics.median(r[v][0] for r in rounds):7.2f}  "
              f"wall {statistics.median(r[v][1] for r in rounds):7.2f}")
    verdict = "met" if med <= bar else "NOT met"
    print(f"  {num}/{den}: {med:.2f} [{min(ratios):.2f}..{max(ratios):.2f}]  (bar <= {bar}: {verdict})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=sorted(BARS))
    args = parser.parse_args()
    figures = [args.only] if args.only else ["rebuild", "clean"]
    print(f"load before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as work:
        dirs = {v: copy(work, v) for v in VARIANTS}
        if "rebuild" in figures:
            for v in VARIANTS:
                build(dirs[v])
            rounds = []
            for r in range(args.rounds):
                row = {}
                for v in rotate(r):
                    marker = edit(dirs[v], r + 1)
                    row[v] = build(dirs[v])
                    run(dirs[v], v, marker)
                    print(f"rebuild round {r} {v}: cpu {row[v][0]:.2f}s wall {row[v][1]:.2f}s", file=sys.stderr)
                rounds.append(row)
            report("rebuild", rounds)
        if "clean" in figures:
            rounds = []
            for r in range(args.rounds):
                row = {}
                for v in rotate(r):
                    shutil.rmtree(os.path.join(dirs[v], "target"), ignore_errors=True)
                    row[v] = build(dirs[v])
                    run(dirs[v], v, "edit")
                    print(f"clean round {r} {v}: cpu {row[v][0]:.2f}s wall {row[v][1]:.2f}s", file=sys.stderr)
                rounds.append(row)
            report("clean", rounds)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
