#!/usr/bin/env python3
"""Runs one benchmark against two builds in turn (A, B, A, B, …), as bench/README's rule asks
for before keeping or dropping an optimisation: this VM's speed drifts by a quarter from one
minute to the next, so only runs side by side compare. Repeat --b to compare more variants in
the same rounds (A, B, C, …, A, B, C, …).

    python3 bench/alternate.py --a .build-before/release/vton --b .build/release/vton \
        [--pairs 3] [--grep 'req/s|p99'] -- api.py [its arguments]

Prints each run's output under a heading, then the lines that match --grep, run by run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def run(label: str, binary: str, script: list[str]) -> str:
    print(f"\n===== {label}: {binary} =====", flush=True)
    environment = dict(os.environ, VTON_BIN=binary)
    completed = subprocess.run([sys.executable, str(BENCH / script[0]), *script[1:]], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(completed.stdout, flush=True)
    if completed.returncode != 0:
        sys.exit(f"{script[0]} failed with {label}'s build (exit {completed.returncode})")
    return completed.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="the first build's vton binary (before)")
    parser.add_argument("--b", required=True, action="append", help="the second build's vton binary (after); repeat for more")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--grep", default=r"req/s|p99|tasks/s|RSS|sockets", help="summary lines to keep")
    parser.add_argument("script", nargs=argparse.REMAINDER, help="-- then the benchmark script and its arguments")
    args = parser.parse_args()
    script = args.script[1:] if args.script[:1] == ["--"] else args.script
    if not script:
        parser.error("name the benchmark script after --")
    builds = list(zip("ABCDEFGH", [args.a, *args.b]))
    for _, binary in builds:
        if not os.access(binary, os.X_OK):
            sys.exit(f"{binary} is not an executable file")
    outputs: list[tuple[str, str]] = []
    for pair in range(1, args.pairs + 1):
        for label, binary in builds:
            outputs.append((f"{label}{pair}", run(f"{label}{pair}", binary, script)))
    pattern = re.compile(args.grep)
    print("\n===== summary =====")
    for label, output in outputs:
        for line in output.splitlines():
            if pattern.search(line):
                print(f"{label}  {line.strip()}")


if __name__ == "__main__":
    main()
