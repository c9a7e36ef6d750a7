#!/usr/bin/env python3
"""Writes release.order: the functions `vton serve` runs while it starts and serves a little of
everything, for `make release` to place side by side (lld --symbol-ordering-file).

Why: the kernel maps a binary's code 64 KiB at a time around each first use. Left in link
order, the few functions a server runs are spread over most of its 37 MB of code, and idle
the server held 22 MiB of it. Placed together they fill far fewer of those 64 KiB windows.

Hot code first: the functions that take the CPU under 30 s of list reads, task creation and
open WebSockets (sampled with `perf record`) lead the list, most samples first, so the request
path stays as dense as the link order had it.

Then everything a server runs at all: link with the current list, run a workload (start, log
in, list, create tasks the built-in emulator completes, watch them over a WebSocket, upload,
download, operations endpoints) under `perf record -e page-faults` and take every instruction
fetch that faulted in the binary: its function is one that runs and is not yet in the list. Each fault maps its whole window, so a run finds one function per window;
listed functions move to the front, and the next run finds the ones their neighbours hid.
Repeats until a run finds (almost) nothing new. Needs perf, a build with function sections
(`make release` has it) and a few minutes; run it again when much of the code has changed
(names no longer present are skipped by the linker, new functions are simply not placed).

    python3 scripts/order-functions.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
ORDER = ROOT / "release.order"
BINARY = ROOT / ".build/release/vton"
FIXTURES = ROOT.parent / "shared/fixtures"


def link() -> None:
    """Relinks the release binary with the current release.order (objects are up to date)."""
    BINARY.unlink(missing_ok=True)
    subprocess.run(["make", "-s", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def workload(base: str) -> None:
    """Logs in, lists, creates tasks that the built-in emulator completes while a WebSocket
    watches them, uploads an image, reads a result and the operations endpoints."""
    await workload_ready(base)
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "/api/v1/base/access_token", json={"username": "admin", "password": "123456"}) as r:
            token = (await r.json())["data"]["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        async with session.ws_connect(base.replace("http", "ws") + f"/api/v1/ws/tasks?token={token}") as ws:
            await ws.send_str(json.dumps({"type": "heartbeat"}))
            await ws.receive()
            ids = []
            for prompt in ("order one", "order two", "order three"):
                async with session.post(base + "/api/v1/images/generate", json={"prompt": prompt, "aspect_ratio": "1:1"}, headers=auth) as r:
                    ids.append((await r.json())["task_id"])
            await ws.send_str(json.dumps({"type": "subscribe", "task_id": ids[0]}))
            finished: set[str] = set()
            deadline = time.monotonic() + 60
            while len(finished) < len(ids) and time.monotonic() < deadline:
                message = await ws.receive(timeout=60)
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(message.data)
                if data.get("type") == "task_update" and data.get("status") in ("succeeded", "failed"):
                    finished.add(data["task_id"])
            await ws.send_str(json.dumps({"type": "resume", "after_event_id": 0}))
            await ws.receive()
        form = aiohttp.FormData()
        form.add_field("file", (FIXTURES / "person-gps-rotated.jpg").read_bytes(), filename="person.jpg", content_type="image/jpeg")
        async with session.post(base + "/api/v1/uploads", data=form, headers=auth) as r:
            await r.read()
        for path in ("/api/v1/images", "/api/v1/images?limit=5&offset=1&status=succeeded", f"/api/v1/images/tasks/{ids[0]}",
                     "/api/v1/base/userinfo", "/metrics", "/healthz", "/openapi.json"):
            async with session.get(base + path, headers=auth) as r:
                body = await r.read()
                if path.startswith("/api/v1/images/tasks/") and r.status == 200:
                    result = json.loads(body).get("result") or {}
                    if result.get("url"):
                        async with session.get(base + result["url"]) as image:
                            await image.read()
        await asyncio.sleep(2)  # the periodic services (lease sweep, economy pool, heartbeats) run


async def load(base: str, seconds: float) -> None:
    """Keeps 16 clients busy listing tasks and creating them (half each) for `seconds`."""
    async with aiohttp.ClientSession() as session:
        async with session.post(base + "/api/v1/base/access_token", json={"username": "admin", "password": "123456"}) as r:
            token = (await r.json())["data"]["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        sockets = [await session.ws_connect(base.replace("http", "ws") + f"/api/v1/ws/tasks?token={token}") for _ in range(4)]
        stop = time.monotonic() + seconds

        async def client(number: int) -> None:
            while time.monotonic() < stop:
                if number % 2:
                    async with session.get(base + "/api/v1/images", headers=auth) as r:
                        await r.read()
                else:
                    async with session.post(base + "/api/v1/images/generate", json={"prompt": f"hot {number}"}, headers=auth) as r:
                        await r.read()

        await asyncio.gather(*(client(n) for n in range(16)))
        for ws in sockets:
            await ws.close()


def hot_functions(seconds: float, scratch: Path) -> list[str]:
    """The binary's functions by CPU samples under `load`, most first (two samples at least)."""
    data_dir = Path(tempfile.mkdtemp(prefix="vton-order-"))
    port = free_port()
    # Tasks stay queued (an address that never answers, one worker): the load is the API's own.
    env = {**os.environ, "VTON_DATA_DIR": str(data_dir), "VTON_PORT": str(port), "GEMINI_API_KEY": "unused",
           "GEMINI_BASE_URL": "http://127.0.0.1:9", "VTON_WORKER_CONCURRENCY": "1"}
    server = subprocess.Popen([str(BINARY), "serve", "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    samples = scratch / "cpu.data"
    try:
        asyncio.run(workload_ready(f"http://127.0.0.1:{port}"))
        perf = subprocess.Popen(["perf", "record", "-q", "-F", "2000", "-p", str(server.pid), "-o", str(samples)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        asyncio.run(load(f"http://127.0.0.1:{port}", seconds))
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=60)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)
    report = subprocess.run(["perf", "report", "--no-demangle", "-i", str(samples), "--sort", "dso,symbol", "--stdio", "-F",
                             "sample,dso,symbol"], capture_output=True, text=True, check=True).stdout
    counted: list[tuple[int, str]] = []
    for line in report.splitlines():
        match = re.match(r"\s*(\d+)\s+(\S+)\s+\[\.\]\s+(\S+)", line)
        if match and match.group(2) == "vton" and int(match.group(1)) >= 2:
            counted.append((int(match.group(1)), match.group(3)))
    return [name for _, name in sorted(counted, key=lambda item: -item[0])]


async def workload_ready(base: str) -> None:
    """Waits until the server answers /readyz."""
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(base + "/readyz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


def faulting_functions(perf_data: Path) -> list[str]:
    """Functions of the binary whose first instruction fetch in a window faulted, in order."""
    script = subprocess.run(
        ["perf", "script", "--no-demangle", "-i", str(perf_data), "-F", "ip,sym,addr,dso"],
        capture_output=True, text=True, check=True).stdout
    names: list[str] = []
    pattern = re.compile(r"\s*([0-9a-f]+)\s+.*?\((\S+)\)\s+([0-9a-f]+)\s+(\S+)\s+\((\S+)\)")
    for line in script.splitlines():
        match = pattern.match(line)
        if not match or match.group(5) != str(BINARY.resolve()):
            continue
        address, instruction = int(match.group(1), 16), int(match.group(3), 16)
        if address >> 12 == instruction >> 12 and match.group(4) != "[unknown]":
            names.append(match.group(4))
    return names


def run_once(perf_data: Path) -> list[str]:
    data_dir = Path(tempfile.mkdtemp(prefix="vton-order-"))
    port = free_port()
    env = {**os.environ, "VTON_DATA_DIR": str(data_dir), "VTON_PORT": str(port)}
    env.pop("GEMINI_API_KEY", None)
    # A session of its own, so one signal reaches perf and the server it runs (and the
    # server's emulator, which exits with it).
    perf = subprocess.Popen(
        ["perf", "record", "-q", "-e", "page-faults", "-c", "1", "-d", "-o", str(perf_data), "--", str(BINARY), "serve",
         "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        asyncio.run(workload(f"http://127.0.0.1:{port}"))
    finally:
        os.killpg(perf.pid, signal.SIGINT)
        perf.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)
    return faulting_functions(perf_data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--hot-seconds", type=float, default=30)
    parser.add_argument("--enough", type=int, default=10, help="stop when a round finds fewer new functions than this")
    args = parser.parse_args()
    if not shutil.which("perf"):
        sys.exit("perf is needed (apt-get install linux-perf)")
    with tempfile.TemporaryDirectory() as scratch:
        ORDER.write_text("")
        link()
        order = hot_functions(args.hot_seconds, Path(scratch))
        known = set(order)
        print(f"{len(order)} hot functions", flush=True)
        for round_number in range(1, args.rounds + 1):
            link()
            found = run_once(Path(scratch) / "faults.data")
            new = [name for name in dict.fromkeys(found) if name not in known]
            order += new
            known.update(new)
            ORDER.write_text("".join(name + "\n" for name in order))
            print(f"round {round_number}: {len(found)} code faults in the binary, {len(new)} new functions, {len(order)} listed", flush=True)
            if len(new) < args.enough:
                break
    link()
    return 0


if __name__ == "__main__":
    sys.exit(main())
