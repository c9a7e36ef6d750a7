#!/usr/bin/env python3
"""Thumbnail and format conversion latency for 4K PNG results (4096×4096, gemini-3-pro-image).
Each result has a 12 MP photo as its reference, which the emulator draws into a band of the
image, so the PNGs carry photographic detail rather than only flat colour.
Thumbnails (WebP, longest side 384) are made in the background when a result is stored, so
`?size=thumb` only reads a file; `?size=thumb&format=jpeg` shows what making one on the
request path costs. `?format=jpeg|webp|png` converts the full image on the first request and
serves the cached conversion after.

    python3 bench/variants.py [--results 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import aiohttp

import common
from common import Server, percentile
from images import photo_jpeg


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=int, default=5)
    args = parser.parse_args()
    with Server(latency_ms=0, concurrency=2) as server:
        common.header("thumbnails and ?format= for 4K PNG results", server)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}
            form = aiohttp.FormData()
            form.add_field("file", photo_jpeg(), filename="photo.jpg", content_type="image/jpeg")
            async with session.post(server.base + "/api/v1/uploads", data=form, headers=headers) as r:
                photo = (await r.json(content_type=None))["id"]
            ids = []
            for index in range(args.results):
                body = {"prompt": f"4K result {index}", "aspect_ratio": "1:1", "resolution": "4K", "reference_images": [photo]}
                async with session.post(server.base + "/api/v1/images/generate", json=body, headers=headers) as r:
                    ids.append((await r.json(content_type=None))["task_id"])
            states = await common.wait_all_done(session, server, headers, ids, timeout=600)
            images = [states[i]["result"]["images"][0] for i in ids if states[i]["status"] == "succeeded"]
            if len(images) != len(ids):
                raise RuntimeError(f"only {len(images)} of {len(ids)} results succeeded")
            await asyncio.sleep(2)  # the background thumbnails of the last results

            async def timed(url: str) -> tuple[float, int]:
                started = time.monotonic()
                async with session.get(server.base + url) as r:
                    data = await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"{url}: {r.status}")
                return time.monotonic() - started, len(data)

            rows: dict[str, list[float]] = {}
            sizes: dict[str, int] = {}
            for image in images:
                for name, suffix in [("original PNG", ""), ("?size=thumb (made in the background)", "&size=thumb"),
                                     ("?size=thumb&format=jpeg, first (made on request)", "&size=thumb&format=jpeg"),
                                     ("?format=jpeg, first (converted)", "&format=jpeg"), ("?format=jpeg, again (cached)", "&format=jpeg"),
                                     ("?format=webp, first (converted)", "&format=webp"), ("?format=webp, again (cached)", "&format=webp"),
                                     ("?format=png (stored format: the original)", "&format=png")]:
                    elapsed, size = await timed(image["url"] + suffix)
                    rows.setdefault(name, []).append(elapsed)
                    sizes[name] = size
        print(f"  {len(images)} results of {images[0]['width']}×{images[0]['height']}, one request at a time")
        print(f"  {'request':52} {'p50 ms':>8} {'max ms':>8} {'bytes':>12}")
        for name, values in rows.items():
            print(f"  {name:52} {percentile(values, 50) * 1000:>8.1f} {max(values) * 1000:>8.1f} {sizes[name]:>12,}")
    return 0


if __name__ == "__main__":
    common.run_main(main())
