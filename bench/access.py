#!/usr/bin/env python3
"""What the permission check and the audit log cost: GET /api/v1/images req/s and latency at
64 connections, with them (as served) and without (`vton serve --without-access-control`, a
switch only a binary built for benchmarks has, which leaves identification in place and drops
the audit and authorisation middleware), on the same data, alternating runs to even out the
machine's noise. Build that binary apart from the shipped one:

    swift build -c release --scratch-path .build-bench -Xswiftc -DBENCHMARK_SWITCHES
    VTON_BIN=.build-bench/release/vton python3 bench/access.py

Tasks are stored against a provider that never answers (no image work competes with wrk), so
GET lists the default page of 20 of `--tasks` stored tasks.

    python3 bench/access.py [--tasks 500] [--duration 10] [--connections 64] [--threads 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import sys
import tempfile

import aiohttp

import common
from api import LUA, WRK, run_wrk
from common import Server, table


async def run(args) -> int:
    if not os.access(WRK, os.X_OK):
        sys.exit("wrk not found (apt-get install wrk)")
    root = tempfile.mkdtemp(prefix="vton-bench-access-")
    data_dir = os.path.join(root, "data")
    lua_path = os.path.join(root, "bench.lua")
    with open(lua_path, "w") as f:
        f.write(LUA)
    blackhole = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(1024)
    env = {"VTON_DATA_DIR": data_dir, "GEMINI_API_KEY": "bench-blackhole", "VTON_PROVIDER_TIMEOUT_S": "3600",
           "GEMINI_BASE_URL": f"http://127.0.0.1:{blackhole.getsockname()[1]}"}
    try:
        with Server(latency_ms=0, concurrency=1, extra_env=env) as fill:
            common.header("access (fill)", fill)
            async with aiohttp.ClientSession() as session:
                token = await common.login(session, fill)
                headers = {"Authorization": f"Bearer {token}"}
                for i in range(args.tasks):
                    await common.create_task(session, fill, headers, f"stored task {i}")
        results: dict[str, list[dict]] = {"with": [], "without": []}
        for _ in range(args.rounds):
            for mode in ("with", "without"):
                serve_args = ["--without-access-control"] if mode == "without" else []
                with Server(latency_ms=0, concurrency=1, extra_env=env, serve_args=serve_args) as server:
                    async with aiohttp.ClientSession() as session:
                        token = await common.login(session, server)
                    result, _, cpu = await run_wrk(args, server, token, "GET", "/api/v1/images", lua_path)
                    result["cpu"] = cpu
                    results[mode].append(result)
                    print(f"{mode:>7} access control: {result['rps']:.1f} req/s, p50 {result['P50_US']:.2f} ms, "
                          f"p99 {result['P99_US']:.2f} ms, non-2xx/3xx {result['non2xx']}")

        def summary(mode: str) -> str:
            runs = results[mode]
            rps = statistics.median(r["rps"] for r in runs)
            p99 = statistics.median(r["P99_US"] for r in runs)
            return f"{rps:>8.1f} req/s (median of {len(runs)})   p99 {p99:.2f} ms   runs: " + ", ".join(f"{r['rps']:.0f}" for r in runs)

        with_rps = statistics.median(r["rps"] for r in results["with"])
        without_rps = statistics.median(r["rps"] for r in results["without"])
        print(table("GET /api/v1/images, %d connections, %d tasks stored" % (args.connections, args.tasks), [
            ("with permission check + audit", summary("with")),
            ("without them", summary("without")),
            ("cost", f"{(1 - with_rps / without_rps) * 100:+.1f} % of throughput (with / without = {with_rps / without_rps:.3f})"),
        ]))
        ok = all(r["non2xx"] == 0 for rs in results.values() for r in rs)
        return 0 if ok else 1
    finally:
        blackhole.close()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    common.run_main(run(args))


if __name__ == "__main__":
    main()
