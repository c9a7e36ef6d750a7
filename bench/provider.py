#!/usr/bin/env python3
"""Issue 17's figures: what Google's behaviour costs the server, through the emulator.

1. A Batch of N prompts at 4K: the size of its results (the emulator's results file), the
   server's peak RSS while it ingests them, and the time from the provider finishing the batch
   to every result stored.
2. N realtime tasks at each of 1K, 2K and 4K: the real cost recorded from usageMetadata
   against the list price held and charged.
3. A task submitted with a key whose quota is 0: wall time from submit to its failure.

Built-in emulator (a child of serve, so its memory is not the server's), latency 0, batch
phases of 1 s, polls every second.

    python3 bench/provider.py [--batch 100] [--tasks 100] [--parts quota,cost,batch]
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import time

import aiohttp

import common
from common import Server, mib, table


async def batch_at_4k(session, server: Server, headers: dict, count: int) -> list[tuple[str, str]]:
    body = {"prompts": [f"look {i}: a wool coat on a model" for i in range(count)], "resolution": "4K", "aspect_ratio": "1:1"}
    async with session.post(server.base + "/api/v1/images/batch-generate", json=body, headers=headers) as r:
        created = await r.json(content_type=None)
        if r.status != 201:
            raise RuntimeError(f"batch failed: {r.status} {created}")
    name, ids = created["batch_name"], created["task_ids"]
    server.reset_peak_rss()
    before = server.proc_status().get("VmRSS", 0)
    provider_done = None
    started = time.monotonic()
    while True:
        async with session.get(f"{server.base}/api/v1/images/batch/{name}/status", headers=headers) as r:
            status = await r.json(content_type=None)
        # The tasks move to running when the poller first sees the batch RUNNING; results land
        # one by one after the provider reports SUCCEEDED.
        done = status["completed_count"] + status["failed_count"]
        if provider_done is None and done > 0:
            provider_done = time.monotonic()
        if status["state"] in ("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED") and done == count:
            break
        if time.monotonic() - started > 3600:
            raise RuntimeError(f"batch not done after an hour: {status}")
        await asyncio.sleep(0.2)
    stored = time.monotonic()
    peak = server.proc_status().get("VmHWM", 0)
    files = glob.glob(os.path.join(server.workdir, "data", "emulator", "**", "*batch-*"), recursive=True)
    size = max((os.path.getsize(f) for f in files), default=0)
    return [
        ("prompts at 4K", str(count)),
        ("succeeded", str(status["completed_count"])),
        ("results file from the emulator", f"{size / 1e6:.1f} MB" if size else "not found"),
        ("server RSS before / peak while ingesting", f"{mib(before)} / {mib(peak)}"),
        ("first result stored → all stored", f"{stored - (provider_done or stored):.1f} s"),
        ("submit → all stored", f"{stored - started:.1f} s"),
        ("batch provider cost (reported) / list", f"US${status.get('provider_cost_usd', 0):.4f} / US${status['cost_usd']:.4f}"),
    ]


async def realtime_costs(session, server: Server, headers: dict, count: int) -> list[tuple[str, str]]:
    rows = []
    for size in ("1K", "2K", "4K"):
        ids = []
        for i in range(count):
            body = {"prompt": f"a linen dress, look {i}", "resolution": size, "reference_images": []}
            async with session.post(server.base + "/api/v1/images/generate", json=body, headers=headers) as r:
                data = await r.json(content_type=None)
                if r.status != 201:
                    raise RuntimeError(f"create failed: {r.status} {data}")
                ids.append(data["task_id"])
        states = await common.wait_all_done(session, server, headers, ids, timeout=1800)
        done = [t for t in states.values() if t["status"] == "succeeded"]
        listed = sum(t["cost_usd"] for t in done)
        real = sum(t["provider"]["cost_usd"] for t in done if t.get("provider"))
        rows.append((f"{count} × {size}: real / list price", f"US${real:.4f} / US${listed:.4f} ({real / listed:.3f}×, {len(done)} succeeded)"))
    return rows


async def zero_quota(session, server: Server, headers: dict) -> list[tuple[str, str]]:
    started = time.monotonic()
    async with session.post(server.base + "/api/v1/images/generate", json={"prompt": "[[quota0]] a coat"}, headers=headers) as r:
        task_id = (await r.json(content_type=None))["task_id"]
    while True:
        task = await common.get_task(session, server, headers, task_id)
        if task["status"] in ("succeeded", "failed", "canceled"):
            break
        await asyncio.sleep(0.005)
    wall = time.monotonic() - started
    server_side = common.parse_time(task["finished_at"]) - common.parse_time(task["created_at"])
    return [
        ("zero-quota task: submit → failed (client wall)", f"{wall * 1000:.0f} ms"),
        ("zero-quota task: created_at → finished_at", f"{server_side * 1000:.0f} ms"),
        ("its error", f"{task['error']['code']}: {task['error']['message'][:90]}…"),
    ]


async def run(args) -> None:
    env = {"VTON_EMULATOR_BATCH_S": "1", "VTON_BATCH_POLL_S": "1"}
    with Server(latency_ms=0, concurrency=8, extra_env=env) as server:
        common.header("provider", server)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as session:
            headers = {"Authorization": f"Bearer {await common.login(session, server)}"}
            if "quota" in args.parts:
                print(table("zero quota", await zero_quota(session, server, headers)))
            if "cost" in args.parts:
                print(table("real cost of realtime tasks", await realtime_costs(session, server, headers, args.tasks)))
            if "batch" in args.parts:
                print(table(f"a batch of {args.batch} at 4K", await batch_at_4k(session, server, headers, args.batch)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--parts", default="quota,cost,batch", help="which of quota, cost, batch to run")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
