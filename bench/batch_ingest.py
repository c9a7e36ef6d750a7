#!/usr/bin/env python3
"""Peak RSS of the server while it ingests one Batch results file of N images, against the file's size.

One command: python3 bench/batch_ingest.py [--images 1000]
The emulator runs as its own process (so its memory is not the server's); the economy pool is
sized so N economy tasks become one Batch job, sent as a JSONL file, whose results come back as
a generated file that the server downloads as a stream and stores task by task.
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    for path in [os.environ.get("VTON_BIN"), f"{ROOT}/.build/release/vton", f"{ROOT}/.build/debug/vton"]:
        if path and os.path.exists(path):
            return path
    sys.exit("no vton binary: build it first")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=1000)
    args = parser.parse_args()
    vton, data = binary(), tempfile.mkdtemp(prefix="vton-ingest-")
    emulator_port, port = free_port(), free_port()
    emulator = subprocess.Popen([vton, "emulator", "--port", str(emulator_port), "--batch-phase-s", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    env = dict(os.environ, VTON_DATA_DIR=data, VTON_PORT=str(port), GEMINI_BASE_URL=f"http://127.0.0.1:{emulator_port}",
               VTON_ECONOMY_MAX_SIZE=str(args.images), VTON_ECONOMY_MAX_AGE_S="3600", VTON_BATCH_POLL_S="2",
               VTON_BATCH_INLINE_LIMIT_BYTES="1000", VTON_PROVIDER_TIMEOUT_S="600")
    server = subprocess.Popen([vton, "serve", "--log-level", "warning"], env=env, stdout=open(f"{data}/server.log", "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/healthz")
                break
            except Exception:
                time.sleep(0.1)
        token = call(base, "POST", "/api/v1/base/access_token", {"username": "admin", "password": "123456"})["data"]["access_token"]
        idle = status_kib(server.pid, "VmRSS")
        ids = [call(base, "POST", "/api/v1/images/generate", {"prompt": f"image {i}", "priority": "economy"}, token)["task_id"] for i in range(args.images)]
        peak, stop = [0], threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], status_kib(server.pid, "VmRSS"))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.time()
        while True:
            page = call(base, "GET", "/api/v1/images?status=succeeded&limit=1", token=token)
            if page["total"] >= args.images or time.time() - started > 900:
                break
            time.sleep(1)
        stop.set()
        sampler.join()
        # Blobs only: thumbnails (sha.thumb) are not part of the results.
        file_size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(data + "/blobs") for f in fs if "." not in f)
        print("== batch results ingestion ==")
        print(f"  images in one results file      {args.images} (succeeded: {page['total']}) in {time.time() - started:.1f} s")
        print(f"  stored image bytes              {file_size / 2**20:.1f} MiB (the results file carries them base64-encoded: ≈ {file_size * 4 / 3 / 2**20:.1f} MiB)")
        print(f"  server RSS idle                 {idle / 1024:.1f} MiB")
        print(f"  server peak RSS while ingesting {peak[0] / 1024:.1f} MiB (VmHWM {status_kib(server.pid, 'VmHWM') / 1024:.1f} MiB)")
        print(f"  peak RSS / results file size    {peak[0] * 1024 / (file_size * 4 / 3):.2f}")
        print(f"  peak growth over idle / file    {(peak[0] - idle) * 1024 / (file_size * 4 / 3):.2f} (the file is never held whole)")
    finally:
        server.terminate()
        emulator.terminate()
        server.wait(timeout=30)
        emulator.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
