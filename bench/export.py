#!/usr/bin/env python3
"""ZIP export of many results: POST /api/v1/images/export with the ids of N finished tasks
(built-in emulator, latency 0, 1K images), read as a stream and counted, never kept.

Prints the time to the first byte, the total time, the archive's size and throughput, and the
server's resident memory before and at its peak during the export (VmHWM reset just before).

    python3 bench/export.py [--tasks 200] [--resolution 1K]
"""

from __future__ import annotations

import argparse
import time

import aiohttp

import common
from common import Server, mib, table


async def main(args) -> int:
    server = Server(latency_ms=0, concurrency=16)
    with server:
        common.header("ZIP export", server)
        async with aiohttp.ClientSession() as session:
            token = await common.login(session, server)
            headers = {"Authorization": f"Bearer {token}"}
            ids = []
            for index in range(args.tasks):
                body = {"prompt": f"export benchmark {index}: a linen shirt on a hanger", "resolution": args.resolution}
                async with session.post(server.base + "/api/v1/images/generate", json=body, headers=headers) as r:
                    ids.append((await r.json())["task_id"])
            states = await common.wait_all_done(session, server, headers, ids, timeout=600)
            succeeded = sum(1 for state in states.values() if state["status"] == "succeeded")
            if succeeded != args.tasks:
                raise RuntimeError(f"only {succeeded} of {args.tasks} tasks succeeded")
            before = server.proc_status().get("VmRSS")
            server.reset_peak_rss()
            started = time.monotonic()
            first_byte = None
            size = 0
            async with session.post(server.base + "/api/v1/images/export", json={"task_ids": ids}, headers=headers) as r:
                if r.status != 200:
                    raise RuntimeError(f"export answered {r.status}: {await r.text()}")
                announced = int(r.headers["Content-Length"])
                async for chunk in r.content.iter_chunked(1 << 16):
                    first_byte = first_byte or time.monotonic() - started
                    size += len(chunk)
            total = time.monotonic() - started
            peak = server.proc_status().get("VmHWM")
            if size != announced:
                raise RuntimeError(f"read {size} bytes of the {announced} announced")
            print(table("result", [
                ("results exported", f"{args.tasks} ({args.resolution})"),
                ("archive", f"{size / 1_048_576:.1f} MiB, {size / 1_048_576 / total:.0f} MiB/s"),
                ("time to first byte", f"{first_byte * 1000:.0f} ms"),
                ("total time", f"{total:.2f} s"),
                ("server RSS before / peak during the export", f"{mib(before)} / {mib(peak)}"),
            ]))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--resolution", default="1K")
    common.run_main(main(parser.parse_args()))
