#!/usr/bin/env python3
"""WebSocket push at 1,000 sockets: does every socket get its task's final update, how late,
and how much memory does the server hold meanwhile.

Server: emulator latency 1000 ms, worker concurrency 64. Opens 1,000 sockets, then creates
1,000 tasks; socket i subscribes to task i and waits for its `succeeded` update. By default
every socket is admin's (the only account a fresh server has), so every socket also receives
every other task's updates (API.md §3: 3 million messages); --users N spreads sockets and
tasks round-robin over N ordinary accounts made first (socket i and task i belong to the same
one), as when many people each watch their own work. Delay = moment the update is received − the task's
`finished_at`. finished_at is stamped by the server right after the emulator answered and
the result was stored, so the delay covers commit → event bus → socket writer → client.

    python3 bench/push.py [--sockets 1000] [--latency-ms 1000] [--concurrency 64] [--users 1]
                          [--across postgres://…]

--across runs the tasks on a second `vton serve` sharing that PostgreSQL database: they are
created there, and the sockets' server keeps one worker of its own (the least it may have), so
nearly every update crosses processes through LISTEN/NOTIFY (task finished on the worker →
socket on the other process).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time

import aiohttp

import common
from common import Server, mib, percentile, table


class Watcher:
    """One socket waiting for one task's final update."""

    __slots__ = ("ws", "task_id", "messages", "bytes", "final", "received_at", "finished_at",
                 "event_id", "closed", "errors", "done")

    def __init__(self, ws):
        self.ws = ws
        self.task_id: str | None = None
        self.messages = 0
        self.bytes = 0
        self.final: str | None = None          # status of the final update received
        self.received_at: float | None = None  # time.time() when it arrived
        self.finished_at: float | None = None
        self.event_id = None                   # None: learnt from the subscribe snapshot
        self.closed: str | None = None
        self.errors: list[str] = []
        self.done = asyncio.Event()

    async def read(self):
        ws = self.ws
        while True:
            msg = await ws.receive()
            if msg.type == aiohttp.WSMsgType.TEXT:
                now = time.time()
                text = msg.data
                self.messages += 1
                self.bytes += len(text)
                tid = self.task_id
                # Every socket of a user receives every update of that user's tasks, so only
                # messages naming this socket's task are parsed.
                if tid is None or tid not in text:
                    if '"error"' in text and '"type":"error"' in text:
                        self.errors.append(text[:200])
                    continue
                data = json.loads(text)
                if data.get("type") == "task_update" and data.get("status") in ("succeeded", "failed", "canceled") \
                        and self.final is None:
                    self.final = data["status"]
                    self.received_at = now
                    self.finished_at = common.parse_time(data.get("finished_at"))
                    self.event_id = data.get("event_id")
                    self.done.set()
                elif data.get("type") == "error":
                    self.errors.append(text[:200])
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED,
                              aiohttp.WSMsgType.ERROR):
                self.closed = f"{msg.type.name} code={ws.close_code} {msg.extra or ''}".strip()
                self.done.set()
                return


async def run(args) -> int:
    # Accounts of their own need credits and quotas for their share of the tasks.
    generous = {"VTON_NEW_USER_CREDITS": "1000000", "VTON_QUOTA_TASKS_PER_MINUTE": "1000000",
                "VTON_QUOTA_TASKS_IN_FLIGHT": "1000000"} if args.users > 1 else {}
    # Both processes of --across accept each other's tokens.
    shared = {"DATABASE_URL": args.across, "VTON_JWT_SECRET": "push-bench-shared-secret-of-32-bytes"} if args.across else {}
    server = Server(latency_ms=args.latency_ms, concurrency=1 if args.across else args.concurrency, extra_env=generous | shared,
                    external_emulator=args.external_emulator, restart_emulator=args.external_emulator)
    runner = Server(latency_ms=args.latency_ms, concurrency=args.concurrency, extra_env=generous | shared) if args.across else None
    with server, (runner or contextlib.nullcontext()):
        common.header("push", server)
        if runner:
            print(f"tasks created on and run by a second process (port {runner.port}, worker concurrency {runner.concurrency}) "
                  f"on {args.across}")
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=30)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tokens = await account_tokens(session, server, args.users)

            await asyncio.sleep(args.settle)
            idle = server.proc_status()
            hwm_reset = server.reset_peak_rss()

            # Open the sockets.
            rss_samples: list[int] = []
            stop_sampling = asyncio.Event()

            async def sample_rss():
                while not stop_sampling.is_set():
                    rss_samples.append(server.proc_status().get("VmRSS", 0))
                    await asyncio.sleep(0.1)

            sampler = asyncio.create_task(sample_rss())
            sem = asyncio.Semaphore(100)
            connect_errors: list[str] = []

            async def connect(i):
                async with sem:
                    try:
                        url = f"{server.ws_base}/api/v1/ws/tasks?token={tokens[i % len(tokens)]}"
                        ws = await session.ws_connect(url, heartbeat=None, autoping=True, max_msg_size=0,
                                                      compress=0)
                        return Watcher(ws)
                    except Exception as e:  # noqa: BLE001 – reported below
                        connect_errors.append(f"{type(e).__name__}: {e}")
                        return None

            t_open = time.monotonic()
            watchers = [w for w in await asyncio.gather(*(connect(i) for i in range(args.sockets))) if w]
            open_seconds = time.monotonic() - t_open
            readers = [asyncio.create_task(w.read()) for w in watchers]

            # The server drops a client silent for 90 s (API.md §3), so every socket sends a
            # heartbeat every --heartbeat seconds, as a real client would.
            heartbeat_failures = 0

            async def heartbeats():
                nonlocal heartbeat_failures
                beat = common.json_dumps({"type": "heartbeat"})
                while True:
                    await asyncio.sleep(args.heartbeat)
                    for w in watchers:
                        if w.closed is None:
                            try:
                                await w.ws.send_str(beat)
                            except Exception:  # noqa: BLE001
                                heartbeat_failures += 1

            heartbeat_task = asyncio.create_task(heartbeats())
            await asyncio.sleep(args.settle)
            with_sockets_idle = server.proc_status()
            fds = server.open_fds()

            # Create one task per socket; each socket subscribes to its own task.
            create_sem = asyncio.Semaphore(args.create_concurrency)
            create_errors: list[str] = []

            async def create(i, w):
                async with create_sem:
                    try:
                        headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
                        tid = await common.create_task(session, runner or server, headers, f"push benchmark {i}")
                    except Exception as e:  # noqa: BLE001
                        create_errors.append(str(e))
                        w.done.set()
                        return
                w.task_id = tid
                try:
                    await w.ws.send_str(common.json_dumps({"type": "subscribe", "task_id": tid}))
                except Exception as e:  # noqa: BLE001
                    w.errors.append(f"subscribe send failed: {e}")

            cpu_server0, cpu_client0 = server.cpu_seconds(), common.client_cpu_seconds()
            t0, t0_wall = time.monotonic(), time.time()
            await asyncio.gather(*(create(i, w) for i, w in enumerate(watchers)))
            create_seconds = time.monotonic() - t0
            expected_seconds = len(watchers) / (args.concurrency / (args.latency_ms / 1000 or 0.001))
            # Wait until every socket has its update, or nothing has progressed for --stall seconds.
            timed_out = False
            last_count, last_change = -1, time.monotonic()
            while True:
                count = sum(1 for w in watchers if w.done.is_set())
                if count == len(watchers):
                    break
                if count != last_count:
                    last_count, last_change = count, time.monotonic()
                elif time.monotonic() - last_change > args.stall:
                    timed_out = True
                    break
                await asyncio.sleep(0.05)
            elapsed = time.monotonic() - t0
            received = [w.received_at for w in watchers if w.received_at]
            last_update = (max(received) - t0_wall) if received else float("nan")
            cpu_server = server.cpu_seconds() - cpu_server0
            cpu_client = common.client_cpu_seconds() - cpu_client0
            # Let messages still in flight land so the counts are complete.
            await asyncio.sleep(args.settle)
            under_load = server.proc_status()
            stop_sampling.set()
            await sampler
            alive = server.alive()

            task_ids = [w.task_id for w in watchers if w.task_id]
            states: dict = {}
            if alive:
                # A task is visible to its owner only.
                for k, token in enumerate(tokens):
                    owned = [w.task_id for i, w in enumerate(watchers) if w.task_id and i % len(tokens) == k]
                    states |= await common.wait_all_done(session, server, {"Authorization": f"Bearer {token}"}, owned,
                                                         timeout=5 if timed_out else 30)
            heartbeat_task.cancel()
            for r in readers:
                r.cancel()
            await asyncio.gather(*(w.ws.close() for w in watchers), return_exceptions=True)

        # ---- report ----------------------------------------------------------------------
        got = [w for w in watchers if w.final == "succeeded"]
        pushed = [w for w in got if w.event_id is not None]
        delays = [(w.received_at - w.finished_at) * 1000 for w in pushed if w.finished_at]
        closed = [w for w in watchers if w.closed]
        stored_ok = sum(1 for s in states.values() if s["status"] == "succeeded")
        missing = [w for w in watchers if w.task_id and w.final is None]
        missing_done = [w for w in missing if states.get(w.task_id, {}).get("status") == "succeeded"]
        msgs = sorted(w.messages for w in watchers)
        total_msgs = sum(msgs)
        total_bytes = sum(w.bytes for w in watchers)
        errors = [e for w in watchers for e in w.errors]
        n = len(watchers)

        rows = [
            ("sockets opened", f"{n} of {args.sockets} in {open_seconds:.2f} s" + (f"; errors: {sorted(set(connect_errors))[:3]}" if connect_errors else "")),
            ("tasks created", f"{len(task_ids)} in {create_seconds:.2f} s" + (f"; errors: {len(create_errors)} {sorted(set(create_errors))[:2]}" if create_errors else "")),
            ("final 'succeeded' received", f"{len(got)} of {n} sockets ({len(pushed)} pushed, {len(got) - len(pushed)} from the subscribe snapshot)"
                                           + (f"  ** GAVE UP: no progress for {args.stall:g} s **" if timed_out else "")),
            ("stored as succeeded", (f"{stored_ok} of {len(task_ids)}; succeeded but never received: {len(missing_done)}")
                                    if alive else "n/a (server died)"),
            ("push delay (recv − finished_at)", f"p50 {percentile(delays, 50):.1f} ms, p99 {percentile(delays, 99):.1f} ms, max {max(delays) if delays else float('nan'):.1f} ms (n={len(delays)})"),
            ("time to last update", f"{last_update:.2f} s from first create (ideal ≈ {expected_seconds:.1f} s = {n} tasks / {args.concurrency} workers × {args.latency_ms / 1000:g} s)"),
            ("accounts", f"{args.users} ({n // args.users} sockets and tasks each)" if args.users > 1 else "1 (admin: every socket, every task)"),
            ("messages per socket", f"min {msgs[0] if msgs else 0}, median {msgs[len(msgs) // 2] if msgs else 0}, max {msgs[-1] if msgs else 0} "
                                    f"(every socket gets every update of its user's tasks); total {total_msgs:,} messages, {total_bytes / 2**20:.0f} MiB"),
            ("sockets closed by server", f"{len(closed)}" + (f" e.g. {closed[0].closed}" if closed else "")
                                         + f" (client heartbeat every {args.heartbeat:g} s; failed sends {heartbeat_failures})"),
            ("RSS idle (before sockets)", f"{mib(idle.get('VmRSS'))} (VmHWM since start {mib(idle.get('VmHWM'))}, {idle.get('Threads', '?')} threads)"),
            (f"RSS with {n} sockets, idle", f"{mib(with_sockets_idle.get('VmRSS'))} ({fds} open fds)"),
            (f"peak RSS with {n} sockets", f"{mib(under_load.get('VmHWM'))} VmHWM" + (" (reset after the idle reading)" if hwm_reset else " (since start; reset not permitted)")
                                          + f"; max sampled VmRSS {mib(max(rss_samples) if rss_samples else 0)}; after load {mib(under_load.get('VmRSS'))}"),
            ("CPU during load", f"server {cpu_server:.1f} s, bench client {cpu_client:.1f} s over {elapsed:.1f} s wall ({os.cpu_count()} CPUs)"),
            ("server", "alive" if alive else f"DIED (exit {server.process.returncode})"),
        ]
        if args.external_emulator:
            rows.append(("emulator crashes", server.emulator_crash_summary()))
        if errors:
            rows.append(("socket errors", f"{len(errors)}, e.g. {errors[0]}"))
        print(table("result", rows))
        print("note: finished_at is stamped by the server right after the emulator answered and the result was stored; "
              "client and server share one clock (same host), finished_at has 1 ms resolution.")
        print("targets: all 1000 sockets get their final update, push p99 < 20 ms; RSS < 40 MiB idle, < 100 MiB with 1,000 sockets "
              "(system replaced: 0 of 1,000, 178 MiB idle)")
        warnings = [l for l in server.log_lines() if " error " in l or " critical " in l or "warning" in l]
        if warnings:
            print(f"server log: {len(warnings)} warning/error lines, first: {warnings[0][:300]}")
        return 0 if (len(got) == args.sockets and alive and not timed_out) else 1


async def account_tokens(session, server: Server, users: int) -> list[str]:
    """Admin's token, or tokens of `users` ordinary accounts created by admin for this run."""
    admin = await common.login(session, server)
    if users <= 1:
        return [admin]
    headers = {"Authorization": f"Bearer {admin}"}
    password = "push-bench-Passw0rd"
    sem = asyncio.Semaphore(8)

    async def one(k: int) -> str:
        name = f"pushbench{k}"
        async with sem:
            async with session.post(server.base + "/api/v1/user/create", headers=headers,
                                    json={"username": name, "email": f"{name}@example.com", "password": password}) as r:
                if r.status not in (200, 201):
                    raise RuntimeError(f"creating {name} failed: {r.status} {await r.text()}")
            async with session.post(server.base + "/api/v1/base/access_token",
                                    json={"username": name, "password": password}) as r:
                body = await r.json(content_type=None)
                if r.status != 200:
                    raise RuntimeError(f"login of {name} failed: {r.status} {body}")
                return body["data"]["access_token"]

    return list(await asyncio.gather(*(one(k) for k in range(users))))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sockets", type=int, default=1000)
    p.add_argument("--users", type=int, default=1, help="accounts the sockets and tasks are spread over (1: all admin's)")
    p.add_argument("--latency-ms", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--create-concurrency", type=int, default=32, help="parallel POSTs while creating tasks")
    p.add_argument("--settle", type=float, default=2.0, help="seconds to let the server settle before RSS readings")
    p.add_argument("--external-emulator", action="store_true",
                   help="run `vton emulator` as its own process, restarted if it crashes (its CPU is then not the server's)")
    p.add_argument("--heartbeat", type=float, default=25.0, help="seconds between client heartbeats on each socket")
    p.add_argument("--stall", type=float, default=60.0, help="give up when no socket got its update for this many seconds")
    p.add_argument("--across", metavar="POSTGRES_URL", help="run the tasks on a second server sharing this PostgreSQL database")
    args = p.parse_args()
    limit = common.raise_fd_limit()
    if limit < args.sockets * 2 + 100:
        sys.exit(f"open-file limit {limit} is too low for {args.sockets} sockets")
    common.run_main(run(args))


if __name__ == "__main__":
    main()
