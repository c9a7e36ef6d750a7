#!/usr/bin/env python3
"""Instructions the server executes per request, counted by valgrind's callgrind: unlike time,
the count does not drift with this VM's speed, so two builds compare in one run each and a
difference can be traced to the functions that make it (`callgrind_annotate` on the file it
names). After --stored tasks are created and --warmup requests of the method measured, counting
is switched on for --requests requests sent one at a time over one keep-alive connection; the
provider never answers, so nothing but the requests runs (one task at most is in flight).
Needs valgrind (`apt-get install valgrind`); the binary is copied without its DWARF 5 debug
information, which valgrind 3.19 cannot read (its symbol table is kept).

    python3 bench/instructions.py [--method POST|GET] [--requests 300]
    callgrind_annotate --inclusive=yes <the file it names>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import tempfile

import aiohttp

import common


def callgrind_control(pid: int, *arguments: str) -> None:
    subprocess.run(["callgrind_control", *arguments, str(pid)], check=True, capture_output=True)


def total_instructions(path: str) -> int:
    with open(path) as dump:
        for line in dump:
            if line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--method", choices=["POST", "GET"], default="POST",
                        help="POST /api/v1/images/generate or GET /api/v1/images")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--stored", type=int, default=300, help="tasks created before anything is measured")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed: apt-get install valgrind")

    workdir = tempfile.mkdtemp(prefix="vton-instructions-")
    binary = os.path.join(workdir, "vton")
    subprocess.run(["objcopy", "--strip-debug", common.find_binary(), binary], check=True)
    dump = os.path.join(workdir, "callgrind.out")
    blackhole = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(1024)   # never accepted: the worker's one call waits, nothing is generated
    server = common.Server(
        latency_ms=0, concurrency=1, binary=binary,
        launcher=["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={dump}"],
        extra_env={"GEMINI_API_KEY": "bench-blackhole", "GEMINI_BASE_URL": f"http://127.0.0.1:{blackhole.getsockname()[1]}",
                   "VTON_PROVIDER_TIMEOUT_S": "3600"})
    with server:
        common.header("instructions", server)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
            headers = {"Authorization": f"Bearer {await common.login(session, server)}"}

            async def one() -> None:
                if args.method == "POST":
                    await common.create_task(session, server, headers, "wrk benchmark: a red dress on a mannequin")
                else:
                    async with session.get(server.base + "/api/v1/images", headers=headers) as r:
                        await r.read()
                        if r.status != 200:
                            raise RuntimeError(f"GET /api/v1/images answered {r.status}")

            for i in range(args.stored):
                await common.create_task(session, server, headers, f"stored task {i}: a blue jacket")
            for _ in range(args.warmup):
                await one()
            callgrind_control(server.pid, "--instr=on")
            for _ in range(args.requests):
                await one()
            callgrind_control(server.pid, "--instr=off")
            callgrind_control(server.pid, "--dump")
    dumped = sorted(name for name in os.listdir(workdir) if name.startswith("callgrind.out.") and os.path.getsize(os.path.join(workdir, name)))
    path = os.path.join(workdir, dumped[-1])
    total = total_instructions(path)
    print(common.table("result", [
        ("requests", f"{args.requests} × {args.method}, one at a time, {args.stored} tasks stored"),
        ("instructions per request", f"{total / args.requests:,.0f}"),
        ("callgrind file", path),
    ]))


if __name__ == "__main__":
    asyncio.run(main())
