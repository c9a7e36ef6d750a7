#!/usr/bin/env python3
"""Bytes sent to the provider per reference image, before and after normalisation. Without
it, a reference would go to the model as given; with it, the model gets the stored image:
upright, without metadata, at most VTON_MAX_IMAGE_SIDE (2048) on its longest side, JPEG unless
it has transparency. The request carries it base64-encoded, a third larger again.

    python3 bench/reference_bytes.py
"""

from __future__ import annotations

import asyncio

import aiohttp

import common
from common import Server
from images import SHARED_FIXTURES, photo_jpeg


async def main() -> int:
    samples = [(path.name, path.read_bytes()) for path in sorted(SHARED_FIXTURES.glob("*")) if path.suffix in (".png", ".jpg")]
    samples.append(("12 MP camera JPEG 4000×3000", photo_jpeg()))
    with Server(latency_ms=0, concurrency=4) as server:
        common.header("bytes per reference sent to the provider", server)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}
            print(f"  {'reference':30} {'given':>12} {'sent':>12} {'sent/given':>10}  stored as")
            total_given = total_sent = 0
            for name, data in samples:
                form = aiohttp.FormData()
                form.add_field("file", data, filename=name, content_type="application/octet-stream")
                async with session.post(server.base + "/api/v1/uploads", data=form, headers=headers) as r:
                    body = await r.json(content_type=None)
                    if r.status != 201:
                        raise RuntimeError(f"{name}: {r.status} {body}")
                total_given += len(data)
                total_sent += body["bytes"]
                print(f"  {name:30} {len(data):>12,} {body['bytes']:>12,} {body['bytes'] / len(data):>10.2f}  "
                      f"{body['mime_type']} {body['width']}×{body['height']}")
            print(f"  {'all':30} {total_given:>12,} {total_sent:>12,} {total_sent / total_given:>10.2f}  "
                  f"(base64 in the request: ×4/3 of both)")
    return 0


if __name__ == "__main__":
    common.run_main(main())
