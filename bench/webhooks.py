#!/usr/bin/env python3
"""Webhook delivery at 1,000 tasks: does every task's signed webhook arrive once, and how late.

Server: emulator latency 1000 ms, worker concurrency 64, `VTON_WEBHOOK_ALLOW_LOOPBACK=true` so
the receiver may listen on 127.0.0.1. A receiver (aiohttp, in this process) verifies each
message's Standard Webhooks signature with the secret `POST /api/v1/webhooks/secret` showed
and answers 204. Then 1,000 tasks are created with its URL as `webhook_url`.
Delay = moment the POST is received − the task's `finished_at` (in the message's task object):
commit → event bus → dispatcher queues the delivery (one transaction) → lease → signed POST.

    python3 bench/webhooks.py [--tasks 1000] [--latency-ms 1000] [--concurrency 64]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import time

import aiohttp
from aiohttp import web

import common
from common import Server, percentile, table


class Receiver:
    """Receives webhook POSTs and checks each signature against the shown secret."""

    def __init__(self):
        self.secret = b""
        self.received: dict[str, list[tuple[float, str, float | None]]] = {}   # task id → [(at, webhook-id, finished_at)]
        self.bad_signatures = 0
        self.count = 0

    async def handle(self, request: web.Request) -> web.Response:
        at = time.time()
        body = await request.read()
        msg_id = request.headers.get("webhook-id", "")
        stamp = request.headers.get("webhook-timestamp", "")
        signed = f"{msg_id}.{stamp}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(self.secret, signed, hashlib.sha256).digest()).decode()
        if expected not in request.headers.get("webhook-signature", "").split(" "):
            self.bad_signatures += 1
        data = json.loads(body).get("data", {})
        self.received.setdefault(data.get("task_id", "?"), []).append((at, msg_id, common.parse_time(data.get("finished_at"))))
        self.count += 1
        return web.Response(status=204)


async def run(args) -> int:
    env = {"VTON_WEBHOOK_ALLOW_LOOPBACK": "true", "VTON_QUOTA_TASKS_PER_MINUTE": "1000000", "VTON_QUOTA_TASKS_IN_FLIGHT": "1000000"}
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = common.free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    hook_url = f"http://127.0.0.1:{port}/hook"

    server = Server(latency_ms=args.latency_ms, concurrency=args.concurrency, extra_env=env)
    try:
        with server:
            common.header("webhooks", server)
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector) as session:
                token = await common.login(session, server)
                headers = {"Authorization": f"Bearer {token}"}
                async with session.post(server.base + "/api/v1/webhooks/secret", headers=headers) as r:
                    answer = await r.json(content_type=None)
                    if r.status != 201:
                        raise RuntimeError(f"secret failed: {r.status} {answer}")
                receiver.secret = base64.b64decode(answer["secret"].removeprefix("whsec_"))

                sem = asyncio.Semaphore(args.create_concurrency)
                errors: list[str] = []

                async def create(i: int) -> str | None:
                    body = {"prompt": f"webhook benchmark {i}", "webhook_url": hook_url}
                    async with sem:
                        async with session.post(server.base + "/api/v1/images/generate", json=body, headers=headers) as r:
                            data = await r.json(content_type=None)
                            if r.status != 201:
                                errors.append(f"{r.status} {data.get('code')}")
                                return None
                            return data["task_id"]

                t0 = time.monotonic()
                ids = [i for i in await asyncio.gather(*(create(i) for i in range(args.tasks))) if i]
                create_seconds = time.monotonic() - t0
                # Wait until every task's webhook arrived, or nothing arrived for --stall seconds.
                timed_out, last_count, last_change = False, -1, time.monotonic()
                while len(receiver.received) < len(ids):
                    if receiver.count != last_count:
                        last_count, last_change = receiver.count, time.monotonic()
                    elif time.monotonic() - last_change > args.stall:
                        timed_out = True
                        break
                    await asyncio.sleep(0.05)
                elapsed = time.monotonic() - t0
                # Let late repeats land, so duplicates would be counted.
                await asyncio.sleep(args.settle)
                alive = server.alive()
    finally:
        await runner.cleanup()

    firsts = {tid: hits[0] for tid, hits in receiver.received.items() if tid in set(ids)}
    delays = [(at - finished) * 1000 for at, _, finished in firsts.values() if finished]
    repeats = sum(len(hits) - 1 for hits in receiver.received.values())
    rows = [
        ("tasks created", f"{len(ids)} of {args.tasks} in {create_seconds:.2f} s" + (f"; errors {errors[:3]}" if errors else "")),
        ("webhooks received", f"{len(firsts)} of {len(ids)} tasks, {receiver.count} POSTs, {repeats} repeats"
                              + (f"  ** GAVE UP: nothing for {args.stall:g} s **" if timed_out else "")),
        ("bad signatures", str(receiver.bad_signatures)),
        ("delivery delay (recv − finished_at)", f"p50 {percentile(delays, 50):.1f} ms, p99 {percentile(delays, 99):.1f} ms, "
                                                f"max {max(delays) if delays else float('nan'):.1f} ms (n={len(delays)})"),
        ("time to last webhook", f"{elapsed:.2f} s from first create"),
        ("server", "alive" if alive else "DIED"),
    ]
    print(table("result", rows))
    print("note: finished_at has 1 ms resolution; client, receiver and server share one clock (same host).")
    ok = len(firsts) == len(ids) == args.tasks and repeats == 0 and receiver.bad_signatures == 0 and alive
    return 0 if ok else 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tasks", type=int, default=1000)
    p.add_argument("--latency-ms", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--create-concurrency", type=int, default=32, help="parallel POSTs while creating tasks")
    p.add_argument("--settle", type=float, default=2.0, help="seconds to wait for repeats after the last webhook")
    p.add_argument("--stall", type=float, default=60.0, help="give up when no webhook arrived for this many seconds")
    args = p.parse_args()
    common.raise_fd_limit()
    common.run_main(run(args))


if __name__ == "__main__":
    main()
