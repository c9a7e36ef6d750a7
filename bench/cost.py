#!/usr/bin/env python3
"""Cost per 100 images at 1K through each path, from the prices the server records per task.

Starts a server (built-in emulator, latency 0, Batch phases of 1 s, polls every second, an
economy pool flushed after 2 s), submits 100 realtime tasks, one batch of 100 prompts and 100
economy tasks, waits until every task has ended, and sums each path's recorded `cost_usd`; the
batch's own `cost_usd` and `saved_usd` come from its status route.

    python3 bench/cost.py [--count 100]
"""

from __future__ import annotations

import argparse
import asyncio

import aiohttp

import common
from common import Server, table


async def all_tasks(session, server: Server, headers: dict) -> list[dict]:
    tasks, offset = [], 0
    while True:
        async with session.get(f"{server.base}/api/v1/images?limit=100&offset={offset}", headers=headers) as r:
            page = await r.json()
        tasks += page["tasks"]
        offset += 100
        if offset >= page["total"]:
            return tasks


async def run(args) -> int:
    env = {"VTON_EMULATOR_BATCH_S": "1", "VTON_BATCH_POLL_S": "1", "VTON_ECONOMY_MAX_AGE_S": "2",
           "VTON_ECONOMY_MAX_SIZE": str(args.count)}
    with Server(latency_ms=0, concurrency=8, extra_env=env) as server:
        common.header("cost", server)
        async with aiohttp.ClientSession() as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}
            body = {"aspect_ratio": "1:1", "resolution": "1K"}
            for i in range(args.count):
                async with session.post(f"{server.base}/api/v1/images/generate", json={**body, "prompt": f"realtime {i}"},
                                        headers=headers) as r:
                    assert r.status == 201, await r.text()
            async with session.post(f"{server.base}/api/v1/images/batch-generate",
                                    json={**body, "prompts": [f"batch {i}" for i in range(args.count)]}, headers=headers) as r:
                batch = await r.json()
                assert r.status == 201, batch
            for i in range(args.count):
                async with session.post(f"{server.base}/api/v1/images/generate",
                                        json={**body, "prompt": f"economy {i}", "priority": "economy"}, headers=headers) as r:
                    assert r.status == 201, await r.text()
            for _ in range(600):
                tasks = await all_tasks(session, server, headers)
                if all(t["status"] in ("succeeded", "failed", "canceled") for t in tasks):
                    break
                await asyncio.sleep(1)
            async with session.get(f"{server.base}/api/v1/images/batch/{batch['batch_id']}/status", headers=headers) as r:
                status = await r.json()

    def path(task: dict) -> str:
        return task["priority"]

    rows, ok = [], True
    for name in ("realtime", "batch", "economy"):
        chosen = [t for t in tasks if path(t) == name]
        succeeded = [t for t in chosen if t["status"] == "succeeded"]
        cost = sum(t["cost_usd"] for t in succeeded)
        per100 = cost / len(succeeded) * 100 if succeeded else float("nan")
        ok &= len(succeeded) == args.count
        rows.append((name, f"${per100:.2f} per 100 images ({len(succeeded)} of {len(chosen)} succeeded, ${cost:.2f} recorded)"))
    rows.append(("batch status route", f"cost_usd {status.get('cost_usd')}, saved_usd {status.get('saved_usd')}, state {status.get('state')}"))
    print(table(f"cost per 100 images at 1K, {server.binary}", rows))
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    common.run_main(run(parser.parse_args()))


if __name__ == "__main__":
    main()
