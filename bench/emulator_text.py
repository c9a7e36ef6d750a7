#!/usr/bin/env python3
"""Hammers a standalone `vton emulator` with concurrent generateContent calls, each with its
own prompt (Latin, CJK and symbols mixed), and reports whether the emulator survived, how many
images it drew, their rate, and whether every image had the documented pixel size.

One command: python3 bench/emulator_text.py [--requests 2000] [--concurrency 16]
It reproduces the emulator crash of libvips#3660 (SIGFPE in pango while drawing prompt text)
on a build that draws text with vips_text's fitting mode, and shows it gone on one that does not.
"""
import argparse, asyncio, base64, random, signal, struct, subprocess, sys, time

import aiohttp

from common import find_binary, free_port, percentile

WORDS = ["cat", "running", "on", "grass", "一只", "在草地上", "奔跑的猫", "夕阳", "城市", "海边", "astronaut", "🙂", "λ", "Ω",
         "neon", "rainy", "street", "東京", "서울", "красный", "äöü", "&", "<b>", "100%"]
SIZES = [("1:1", "1K", (1024, 1024)), ("16:9", "1K", (1376, 768)), ("3:4", "1K", (896, 1200)), ("21:9", "1K", (1584, 672))]


def prompt(index: int) -> str:
    rng = random.Random(index)
    return f"#{index} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 60)))


def png_size(data: bytes):
    return struct.unpack(">II", data[16:24]) if data[:8] == b"\x89PNG\r\n\x1a\n" else None


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--model", default="gemini-3.1-flash-image")
    parser.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long")
    args = parser.parse_args()
    binary, port = find_binary(), free_port()
    emulator = subprocess.Popen([binary, "emulator", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/v1beta/models/{args.model}:generateContent"
    latencies, wrong_size, failures = [], [], {}
    queue = list(range(args.requests))
    started = time.monotonic()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
            for _ in range(100):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/v1beta/batches?key=x"):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)

            async def client():
                while queue and emulator.poll() is None and time.monotonic() - started < args.max_seconds:
                    index = queue.pop()
                    ratio, size, expected = SIZES[index % len(SIZES)]
                    body = {"contents": [{"parts": [{"text": prompt(index)}]}],
                            "generationConfig": {"imageConfig": {"aspectRatio": ratio}}}
                    sent = time.monotonic()
                    try:
                        async with session.post(base, json=body, headers={"x-goog-api-key": "bench"}) as response:
                            answer = await response.json(content_type=None)
                            if response.status != 200:
                                failures[response.status] = failures.get(response.status, 0) + 1
                                continue
                    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                        failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
                        continue
                    latencies.append(time.monotonic() - sent)
                    parts = answer["candidates"][0]["content"]["parts"]
                    image = base64.b64decode(next(p["inlineData"]["data"] for p in parts if "inlineData" in p))
                    if png_size(image) != expected:
                        wrong_size.append((index, png_size(image), expected))

            await asyncio.gather(*(client() for _ in range(args.concurrency)))
            elapsed = time.monotonic() - started
    finally:
        code = emulator.poll()
        if code is None:
            emulator.send_signal(signal.SIGTERM)
            try:
                emulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                emulator.kill()
                emulator.wait()
    crashed = code is not None
    how = f"exit {code}" + (f" ({signal.Signals(-code).name})" if code and code < 0 else "")
    stderr = emulator.stderr.read().decode("utf-8", "replace")
    crash_line = next((line for line in stderr.splitlines() if "crashed" in line or "Fatal" in line), "")
    print(f"== emulator under {args.concurrency} concurrent generateContent calls ({binary}) ==")
    print(f"  images drawn              {len(latencies)} of {args.requests} requested in {elapsed:.1f} s = {len(latencies) / elapsed:.1f} images/s")
    if latencies:
        print(f"  latency p50 / p99         {percentile(latencies, 50) * 1000:.0f} / {percentile(latencies, 99) * 1000:.0f} ms")
    print(f"  wrong pixel size          {len(wrong_size)}{' ' + str(wrong_size[:3]) if wrong_size else ''}")
    print(f"  failed calls              {failures or 0}")
    print(f"  emulator                  {'CRASHED: ' + how + ' ' + crash_line if crashed else 'alive'}")
    sys.exit(1 if crashed or wrong_size else 0)


if __name__ == "__main__":
    asyncio.run(main())
