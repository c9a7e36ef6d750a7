#!/usr/bin/env python3
"""Task throughput against the Gemini emulator, and list latency while tasks run.

Server: emulator latency 2000 ms, worker concurrency 32 (theoretical limit 32 / 2 s = 16 tasks/s).
Submits 200 tasks as fast as possible, watches them over one WebSocket until all are
succeeded, and meanwhile a few clients send GET /api/v1/images?limit=20: 200 requests/s in
all by default (as many people with History open), or as fast as each client can with
--get-rate 0, which then competes with the tasks for the two CPUs.

    python3 bench/throughput.py [--tasks 200] [--latency-ms 2000] [--concurrency 32] [--get-clients 4] [--get-rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import time

import aiohttp

import common
from common import Server, percentile, table

TERMINAL = {"succeeded", "failed", "canceled"}


async def run(args) -> int:
    server = Server(latency_ms=args.latency_ms, concurrency=args.concurrency, external_emulator=args.external_emulator,
                    restart_emulator=args.external_emulator)
    with server:
        common.header("throughput", server)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}

            # One WebSocket watching every task (the server pushes all of the user's tasks;
            # we also subscribe to each one, as the contract describes).
            ws = await session.ws_connect(f"{server.ws_base}/api/v1/ws/tasks?token={token}", heartbeat=None,
                                          max_msg_size=0)
            done_at: dict[str, float] = {}        # task_id → monotonic time its terminal update arrived
            final_status: dict[str, str] = {}
            from_snapshot: set[str] = set()        # terminal state learnt from a subscribe snapshot
            ws_messages = 0
            ws_errors: list[str] = []
            all_done = asyncio.Event()
            expected: set[str] = set()
            submitted_all = asyncio.Event()

            async def reader():
                nonlocal ws_messages
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                            ws_errors.append(f"socket closed: {msg.type} {msg.data!r}")
                            break
                        continue
                    ws_messages += 1
                    data = json.loads(msg.data)
                    if data.get("type") == "error":
                        ws_errors.append(msg.data)
                    if data.get("type") != "task_update":
                        continue
                    tid, status = data.get("task_id"), data.get("status")
                    if status in TERMINAL and tid not in done_at:
                        done_at[tid] = time.monotonic()
                        final_status[tid] = status
                        if data.get("event_id") is None:
                            from_snapshot.add(tid)
                        if submitted_all.is_set() and expected <= done_at.keys():
                            all_done.set()
                if not all_done.is_set():
                    ws_errors.append("socket ended before all tasks were done")

            reader_task = asyncio.create_task(reader())

            # Concurrent list load.
            get_latencies: list[float] = []
            get_errors: dict[str, int] = {}
            stop_gets = asyncio.Event()

            async def getter():
                url = server.base + "/api/v1/images?limit=20"
                interval = args.get_clients / args.get_rate if args.get_rate > 0 else 0.0
                next_at = time.perf_counter()
                while not stop_gets.is_set():
                    if interval:
                        next_at += interval
                        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                    t = time.perf_counter()
                    try:
                        async with session.get(url, headers=headers) as r:
                            await r.read()
                            if r.status != 200:
                                get_errors[str(r.status)] = get_errors.get(str(r.status), 0) + 1
                                continue
                    except aiohttp.ClientError as e:
                        get_errors[type(e).__name__] = get_errors.get(type(e).__name__, 0) + 1
                        await asyncio.sleep(0.05)
                        continue
                    get_latencies.append((time.perf_counter() - t) * 1000)

            # Submit everything as fast as possible.
            submit_latencies: list[float] = []
            submit_errors: list[str] = []
            task_ids: list[str] = []

            async def submit(i):
                t = time.perf_counter()
                try:
                    tid = await common.create_task(session, server, headers, f"benchmark task {i}: a cat on grass")
                except Exception as e:  # noqa: BLE001 – reported below
                    submit_errors.append(str(e))
                    return
                submit_latencies.append((time.perf_counter() - t) * 1000)
                task_ids.append(tid)
                expected.add(tid)
                await ws.send_str(common.json_dumps({"type": "subscribe", "task_id": tid}))

            getters = [asyncio.create_task(getter()) for _ in range(args.get_clients)]
            cpu_server0, cpu_client0 = server.cpu_seconds(), common.client_cpu_seconds()
            cpu_emulator0 = server.emulator_cpu_seconds()
            t0 = time.monotonic()
            await asyncio.gather(*(submit(i) for i in range(args.tasks)))
            t_submitted = time.monotonic()
            submitted_all.set()
            if expected <= done_at.keys():
                all_done.set()

            timeout = args.tasks / (args.concurrency / (args.latency_ms / 1000 or 0.001)) * 4 + 60
            try:
                await asyncio.wait_for(all_done.wait(), timeout=timeout)
                timed_out = False
            except asyncio.TimeoutError:
                timed_out = True
            t_end = time.monotonic()
            cpu_server = server.cpu_seconds() - cpu_server0
            cpu_client = common.client_cpu_seconds() - cpu_client0
            cpu_emulator = server.emulator_cpu_seconds() - cpu_emulator0
            stop_gets.set()
            await asyncio.gather(*getters)
            server_alive = server.alive()

            # Cross-check every task's stored state (also catches updates the socket missed).
            states = await common.wait_all_done(session, server, headers, task_ids, timeout=5 if timed_out else 30)
            await ws.close()
            reader_task.cancel()

        # ---- report ----------------------------------------------------------------------
        n = len(task_ids)
        ok_ws = sum(1 for t in task_ids if final_status.get(t) == "succeeded")
        stored = {s: 0 for s in ("queued", "running", "succeeded", "failed", "canceled")}
        for st in states.values():
            stored[st["status"]] = stored.get(st["status"], 0) + 1
        missed = [t for t in task_ids if t not in done_at and states.get(t, {}).get("status") in TERMINAL]
        wall = t_end - t0
        if not timed_out:
            last = max(done_at[t] for t in task_ids)
            wall = last - t0
        limit = args.concurrency / (args.latency_ms / 1000)
        rate = ok_ws / wall if wall > 0 else 0.0
        # Waves: with C workers and L seconds per call, N tasks cannot finish before ceil(N/C)*L.
        waves = math.ceil(args.tasks / args.concurrency)
        batch_ceiling = args.tasks / (waves * args.latency_ms / 1000)
        full = (args.tasks // args.concurrency) * args.concurrency
        times = sorted(done_at[t] - t0 for t in task_ids if t in done_at)
        full_rate = full / times[full - 1] if full and len(times) >= full else float("nan")

        created = [common.parse_time(s.get("created_at")) for s in states.values()]
        finished = [common.parse_time(s.get("finished_at")) for s in states.values() if s.get("finished_at")]
        server_span = (max(finished) - min(created)) if finished and created else float("nan")
        attempts = [s.get("attempts", 0) for s in states.values()]
        waits = [(common.parse_time(s["started_at"]) - common.parse_time(s["created_at"])) * 1000
                 for s in states.values() if s.get("started_at")]
        runs = [(common.parse_time(s["finished_at"]) - common.parse_time(s["started_at"])) * 1000
                for s in states.values() if s.get("started_at") and s.get("finished_at")]
        errors = sorted({json.dumps(s.get("error")) for s in states.values() if s.get("error")})

        rows = [
            ("tasks submitted", f"{n} of {args.tasks} (errors: {len(submit_errors)})"),
            ("submit time", f"{(t_submitted - t0) * 1000:.0f} ms for all; POST p50 {percentile(submit_latencies, 50):.1f} ms, p99 {percentile(submit_latencies, 99):.1f} ms"),
            ("succeeded (via WebSocket)", f"{ok_ws} of {n}" + (f"; {len(from_snapshot)} learnt from subscribe snapshot" if from_snapshot else "")),
            ("stored states at end", ", ".join(f"{k} {v}" for k, v in stored.items() if v)),
            ("wall time", f"{wall:.2f} s (first submit → last 'succeeded' received)" + ("  ** TIMED OUT **" if timed_out else "")),
            ("server span", f"{server_span:.2f} s (min created_at → max finished_at)"),
            ("throughput", f"{rate:.2f} tasks/s"),
            ("fraction of limit", f"{rate / limit:.3f} of {limit:.0f} tasks/s ({args.concurrency} workers / {args.latency_ms / 1000:g} s)"),
            ("ceiling for this batch", f"{batch_ceiling:.2f} tasks/s = {args.tasks} tasks in {waves} waves of {args.latency_ms / 1000:g} s → best fraction {batch_ceiling / limit:.3f}; measured is {rate / batch_ceiling:.3f} of that"),
            (f"first {full} tasks", f"{full_rate:.2f} tasks/s = {full_rate / limit:.3f} of limit ({full // args.concurrency} full waves; ideal 1.000)"),
            ("queue wait (started−created)", f"p50 {percentile(waits, 50):.0f} ms, p99 {percentile(waits, 99):.0f} ms"),
            ("run time (finished−started)", f"p50 {percentile(runs, 50):.0f} ms, p99 {percentile(runs, 99):.0f} ms (emulator sleeps {args.latency_ms} ms)"),
            ("CPU during run", f"server {cpu_server:.1f} s{'' if not args.external_emulator else f', emulator {cpu_emulator:.1f} s'}, bench client {cpu_client:.1f} s over {t_end - t0:.1f} s wall ({os.cpu_count()} CPUs)"),
            ("attempts per task", f"max {max(attempts) if attempts else 0}, total {sum(attempts)}"),
            (f"GET /images?limit=20 ({args.get_clients} clients, {f'{args.get_rate:g}/s' if args.get_rate > 0 else 'unpaced'})", f"{len(get_latencies)} requests, p50 {percentile(get_latencies, 50):.1f} ms, p99 {percentile(get_latencies, 99):.1f} ms, max {max(get_latencies) if get_latencies else float('nan'):.1f} ms, errors {get_errors or 0}"),
            ("WebSocket", f"{ws_messages} messages; problems: {ws_errors or 'none'}; missed terminal updates: {len(missed)}"),
            ("server", "alive" if server_alive else f"DIED (exit {server.process.returncode})"),
        ]
        if args.external_emulator:
            rows.append(("emulator crashes", server.emulator_crash_summary()))
        if errors:
            rows.append(("task errors", "; ".join(errors)[:500]))
        if submit_errors:
            rows.append(("submit errors", "; ".join(sorted(set(submit_errors)))[:500]))
        print(table("result", rows))
        print("targets: throughput ≥ 0.9 of 16 tasks/s; GET p50 < 10 ms while generating "
              "(system replaced: 0.48 tasks/s, GET p50 6.1 s)")
        warnings = [l for l in server.log_lines() if " error " in l or " critical " in l or "warning" in l]
        if warnings:
            print(f"server log: {len(warnings)} warning/error lines, first: {warnings[0][:300]}")
        ok = not timed_out and ok_ws == args.tasks and not missed and server_alive
        return 0 if ok else 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tasks", type=int, default=200)
    p.add_argument("--latency-ms", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--get-clients", type=int, default=4)
    p.add_argument("--get-rate", type=float, default=200,
                   help="GET requests per second from all clients together; 0: each client sends the next as soon as the last is answered")
    p.add_argument("--external-emulator", action="store_true",
                   help="run `vton emulator` as its own process, restarted if it crashes (its CPU is then not the server's)")
    args = p.parse_args()
    common.raise_fd_limit()
    common.run_main(run(args))


if __name__ == "__main__":
    main()
