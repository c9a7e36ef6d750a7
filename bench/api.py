#!/usr/bin/env python3
"""HTTP API throughput with wrk: GET /api/v1/images and POST /api/v1/images/generate.

1. Fill: start a server (built-in emulator, latency 0), create 500 tasks, wait until all are done.
2. Restart the server on the same data and run wrk (10 s, 64 connections, 2 threads) against
   GET /api/v1/images (the default page of 20, 500 tasks stored) and then
   POST /api/v1/images/generate.

While wrk posts, the new tasks must not reach an image provider (they would compete with wrk
for the two CPUs). By default (--provider blackhole) the restarted server is pointed at a
provider address that accepts connections and never answers, with worker concurrency 1, so
at most one task is "running" and every other new task stays queued; that measures the API
path alone (validate, insert, publish). --provider emulator keeps the built-in emulator
(latency 0, worker concurrency --concurrency) so new tasks are generated while wrk runs.

    python3 bench/api.py [--tasks 500] [--duration 10] [--connections 64] [--threads 2] [--provider blackhole|emulator]
                         [--database postgres://… | mysql://…]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import aiohttp

import common
from common import Server, table

WRK = shutil.which("wrk") or "/usr/bin/wrk"

LUA = r"""
local token = os.getenv("BENCH_TOKEN")
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Authorization"] = "Bearer " .. token
if wrk.method == "POST" then
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"prompt":"wrk benchmark: a red dress on a mannequin","aspect_ratio":"1:1","resolution":"1K"}'
end

-- No response() callback: with one, wrk hands every response's headers and body to Lua, CPU
-- taken from the server on this two-CPU machine. wrk counts non-2xx/3xx answers itself.
function done(summary, latency, requests)
  io.write(string.format("P50_US %d\nP99_US %d\nMAX_US %d\n", latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def parse_wrk(output: str) -> dict:
    result: dict = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(m.group(1)) if m else float("nan")
    for key in ("P50_US", "P99_US", "MAX_US"):
        m = re.search(key + r" (\d+)", output)
        result[key] = int(m.group(1)) / 1000 if m else float("nan")
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", output)
    result["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = m.group(1).strip() if m else "none"
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non2xx"] = int(m.group(1)) if m else 0
    return result


async def run_wrk(args, server: Server, token: str, method: str, path: str, lua_path: str) -> tuple[dict, str, float]:
    env = dict(os.environ, BENCH_TOKEN=token, BENCH_METHOD=method)
    cmd = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
           "--latency", "-s", lua_path, server.base + path]
    cpu0 = server.cpu_seconds()
    proc = await asyncio.create_subprocess_exec(*cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = await proc.communicate()
    text = out.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{text}")
    return parse_wrk(text), text, server.cpu_seconds() - cpu0


async def count_tasks(session, server: Server, headers: dict, status: str | None = None) -> int:
    url = server.base + "/api/v1/images?limit=1" + (f"&status={status}" if status else "")
    async with session.get(url, headers=headers) as r:
        body = await r.json(content_type=None)
        if r.status != 200:
            raise RuntimeError(f"list failed: {r.status} {body}")
        return int(body["total"])


async def run(args) -> int:
    if not os.access(WRK, os.X_OK):
        sys.exit("wrk not found (apt-get install wrk)")
    data_root = tempfile.mkdtemp(prefix="vton-bench-api-")
    data_dir = os.path.join(data_root, "data")
    lua_path = os.path.join(data_root, "bench.lua")
    with open(lua_path, "w") as f:
        f.write(LUA)
    blackhole = None
    try:
        # ---- 1. fill --------------------------------------------------------------------
        # The fill uses a separate `vton emulator` process, restarted if it crashes: the
        # emulator's text drawing (libvips/pango) can crash under concurrency, and filling is
        # only set-up for what is measured here.
        # Both servers on one database: the data directory's SQLite file, or --database's.
        database = {"DATABASE_URL": common.fresh_database(args.database)} if args.database else {}
        fill = Server(latency_ms=0, concurrency=args.fill_concurrency, extra_env={"VTON_DATA_DIR": data_dir} | database,
                      external_emulator=True, restart_emulator=True)
        with fill:
            common.header("api (fill)", fill)
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as session:
                token = await common.login(session, fill)
                headers = {"Authorization": f"Bearer {token}"}
                t0 = time.monotonic()
                sem = asyncio.Semaphore(16)

                async def create(i):
                    async with sem:
                        return await common.create_task(session, fill, headers, f"stored task {i}: a blue jacket")

                ids = await asyncio.gather(*(create(i) for i in range(args.tasks)))
                states = await common.wait_all_done(session, fill, headers, ids, timeout=args.fill_timeout)
                done = sum(1 for s in states.values() if s["status"] == "succeeded")
                print(f"filled: {done} of {args.tasks} tasks succeeded in {time.monotonic() - t0:.1f} s; "
                      f"emulator crashes: {fill.emulator_crash_summary()}")
                if done != args.tasks:
                    other = {}
                    for s in states.values():
                        other[s["status"]] = other.get(s["status"], 0) + 1
                    print(f"warning: not every stored task succeeded: {other}")

        # ---- 2. measure -----------------------------------------------------------------
        extra = {"VTON_DATA_DIR": data_dir} | database
        concurrency = args.concurrency
        if args.provider == "blackhole":
            blackhole = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            blackhole.bind(("127.0.0.1", 0))
            blackhole.listen(1024)   # never accepted: connections complete in the kernel, no answer ever comes
            extra.update(GEMINI_API_KEY="bench-blackhole", GEMINI_BASE_URL=f"http://127.0.0.1:{blackhole.getsockname()[1]}",
                         VTON_PROVIDER_TIMEOUT_S="3600")
            concurrency = 1
        server = Server(latency_ms=0, concurrency=concurrency, extra_env=extra)
        with server:
            common.header("api", server)
            if args.provider == "blackhole":
                print("provider: black hole (accepts, never answers) → new tasks stay queued; "
                      "at most 1 running; nothing is generated while wrk runs")
            else:
                print(f"provider: built-in emulator, latency 0 ms, {concurrency} workers → new tasks are generated while wrk runs")
            async with aiohttp.ClientSession() as session:
                token = await common.login(session, server)
                headers = {"Authorization": f"Bearer {token}"}
                stored = await count_tasks(session, server, headers)
                idle = server.proc_status()

                get, get_raw, get_cpu = await run_wrk(args, server, token, "GET", "/api/v1/images", lua_path)
                before = await count_tasks(session, server, headers)
                post, post_raw, post_cpu = await run_wrk(args, server, token, "POST", "/api/v1/images/generate", lua_path)
                after = await count_tasks(session, server, headers)
                queued = await count_tasks(session, server, headers, "queued")
                peak = server.proc_status()
                alive = server.alive()

            def row(name, r, cpu):
                return (name, f"{r['rps']:>9.1f} req/s   p50 {r['P50_US']:.2f} ms   p99 {r['P99_US']:.2f} ms   max {r['MAX_US']:.1f} ms   "
                              f"[{r['requests']} requests; non-2xx/3xx {r['non2xx']}; socket errors: {r['socket_errors']}; server CPU {cpu:.1f} s]")

            rows = [
                ("setup", f"wrk {args.duration} s, {args.connections} connections, {args.threads} threads; {stored} tasks stored before GET"),
                row("GET  /api/v1/images", get, get_cpu),
                row("POST /api/v1/images/generate", post, post_cpu),
                ("tasks created by POST run", f"{after - before} (wrk counted {post['requests']} answers, {post['non2xx']} of them not 2xx/3xx; the rest were in flight when wrk stopped); queued at end: {queued}"),
                ("server RSS", f"{common.mib(idle.get('VmRSS'))} before wrk, peak {common.mib(peak.get('VmHWM'))}"),
                ("server", "alive" if alive else f"DIED (exit {server.process.returncode})"),
            ]
            print(table("result", rows))
            print("targets: ≥ 10× the replaced system (372 POST and 275 GET req/s at 64 connections) "
                  "→ ≥ 3,720 POST and ≥ 2,750 GET req/s, each with p99 < 20 ms")
            if args.verbose:
                print("\n--- wrk GET ---\n" + get_raw + "\n--- wrk POST ---\n" + post_raw)
            ok = alive and get["non2xx"] == 0 and post["non2xx"] == 0
            return 0 if ok else 1
    finally:
        if blackhole:
            blackhole.close()
        shutil.rmtree(data_root, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tasks", type=int, default=500, help="tasks stored before the GET run")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--provider", choices=("blackhole", "emulator"), default="blackhole")
    p.add_argument("--concurrency", type=int, default=8, help="worker concurrency with --provider emulator")
    p.add_argument("--fill-concurrency", type=int, default=4, help="worker concurrency while filling")
    p.add_argument("--fill-timeout", type=float, default=900)
    p.add_argument("--database", metavar="URL",
                   help="a PostgreSQL or MySQL server (postgres://…, mysql://…; its user may create databases) to use a fresh database on, instead of SQLite")
    p.add_argument("--verbose", action="store_true", help="also print wrk's own output")
    args = p.parse_args()
    common.raise_fd_limit()
    common.run_main(run(args))


if __name__ == "__main__":
    main()
