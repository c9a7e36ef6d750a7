#!/usr/bin/env python3
"""Upload handling: 12-megapixel JPEG photos uploaded by 8 concurrent clients. Each upload is
proven an image from its header, decoded with shrink-on-load, turned upright, stripped of its
metadata, scaled to VTON_MAX_IMAGE_SIDE (2048), re-encoded, stored by SHA-256 and gets its
thumbnail made in the background. Prints images/s, latency and the server's peak RSS.

    python3 bench/uploads.py [--uploads 200] [--clients 8]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import aiohttp

import common
from common import Server, mib, percentile, table
from images import photo_jpeg


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    # Each upload gets its own bytes (one changed comment byte), so none is a stored duplicate.
    photo = photo_jpeg()
    with Server(latency_ms=0, concurrency=8) as server:
        common.header("uploads: 12 MP JPEG", server)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}
            idle = server.proc_status()
            server.reset_peak_rss()
            latencies, failures, queue = [], [], list(range(args.uploads))
            stored_bytes = []

            async def client():
                while queue:
                    index = queue.pop()
                    unique = photo[:2] + b"\xff\xfe\x00\x06" + index.to_bytes(4, "big") + photo[2:]
                    form = aiohttp.FormData()
                    form.add_field("file", unique, filename=f"photo-{index}.jpg", content_type="image/jpeg")
                    sent = time.monotonic()
                    async with session.post(server.base + "/api/v1/uploads", data=form, headers=headers) as r:
                        body = await r.json(content_type=None)
                        if r.status != 201:
                            failures.append((r.status, body))
                            continue
                        stored_bytes.append(body["bytes"])
                    latencies.append(time.monotonic() - sent)

            started = time.monotonic()
            await asyncio.gather(*(client() for _ in range(args.clients)))
            elapsed = time.monotonic() - started
            peak = server.proc_status()
        print(table(f"{args.uploads} uploads of a {len(photo) / 2**20:.1f} MiB 4000×3000 JPEG, {args.clients} clients", [
            ("accepted", f"{len(latencies)} of {args.uploads}" + (f" (failures: {failures[:2]})" if failures else "")),
            ("images/s", f"{len(latencies) / elapsed:.1f} ({elapsed:.1f} s)"),
            ("upload latency p50 / p99", f"{percentile(latencies, 50) * 1000:.0f} / {percentile(latencies, 99) * 1000:.0f} ms"),
            ("stored per image", f"{sum(stored_bytes) / max(len(stored_bytes), 1) / 2**20:.2f} MiB (2048×1536 JPEG)"),
            ("server RSS idle", mib(idle.get("VmRSS"))),
            ("server peak RSS (VmHWM)", mib(peak.get("VmHWM"))),
        ]))
        return 0 if not failures else 1


if __name__ == "__main__":
    common.run_main(main())
