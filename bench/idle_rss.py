#!/usr/bin/env python3
"""Memory of an idle `vton serve`: a fresh data directory, start until /healthz answers, --settle
seconds, then VmRSS and where it lies, from /proc/PID/smaps: the binary's code, the binary's
other mappings (read-only and relocated data), other files (libc, libstdc++…) and anonymous
memory (heap, stacks). --runs N starts N servers one after another.

    python3 bench/idle_rss.py [--runs 3] [--settle 6]
"""

from __future__ import annotations

import argparse
import os
import time

import common


def resident_by_kind(pid: int, binary: str) -> dict[str, int]:
    """kB resident per kind of mapping."""
    kinds = {"code": 0, "binary data": 0, "other files": 0, "anonymous": 0}
    kind = "anonymous"
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
                path = fields[5] if len(fields) >= 6 else ""
                if os.path.realpath(path) == binary:
                    kind = "code" if "x" in fields[1] else "binary data"
                else:
                    kind = "other files" if path.startswith("/") else "anonymous"
            elif fields[0] == "Rss:":
                kinds[kind] += int(fields[1])
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settle", type=float, default=6.0, help="seconds between the first answer and the reading")
    args = parser.parse_args()
    binary = os.path.realpath(common.find_binary())
    for run in range(1, args.runs + 1):
        server = common.Server(latency_ms=0, concurrency=4)
        server.start()
        time.sleep(args.settle)
        rss = server.proc_status().get("VmRSS", 0)
        kinds = resident_by_kind(server.pid, binary)
        server.stop()
        parts = ", ".join(f"{name} {common.mib(kb)}" for name, kb in kinds.items())
        print(f"run {run}: idle RSS {common.mib(rss)} ({parts})", flush=True)


if __name__ == "__main__":
    main()
