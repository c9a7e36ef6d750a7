#!/usr/bin/env python3
"""Task throughput with 1, 2, 3… worker processes on one PostgreSQL, and the connections each role holds.

For each worker count N: a fresh database on --database's server, one `vton emulator` process
(latency 2000 ms), one `vton serve --role api` and N `vton serve --role worker` processes of
--per-worker workers each (limit: N × per-worker / latency tasks/s). Submits --rounds × N ×
per-worker tasks through the api process as fast as it takes them and reads progress from the
database. Throughput is tasks over the time from the first task created to the last finished.
PostgreSQL connections per role come from `pg_stat_activity` (each process names its
connections `vton api`, `vton worker`, `vton events …`): at idle, and the most seen under load.

    python3 bench/cluster.py --database postgres://postgres@127.0.0.1:5432/postgres \\
        [--workers 1,2,3] [--per-worker 16] [--latency-ms 2000] [--rounds 6]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import time

import aiohttp

import common
from common import Server, psql, table


def connections_by_role(url: str) -> dict[str, int]:
    """Connections to this database per process name, events listeners counted together."""
    counts: dict[str, int] = {}
    for name, count in psql(url, "SELECT application_name, count(*) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1"):
        role = "vton events" if name.startswith("vton events") else name
        counts[role] = counts.get(role, 0) + int(count)
    return counts


async def measure(args, workers: int, emulator_url: str) -> dict:
    url = common.fresh_postgres_database(args.database)
    shared = {"DATABASE_URL": url, "VTON_JWT_SECRET": "cluster-bench-shared-secret-of-32-bytes!",
              "GEMINI_API_KEY": "bench-emulator-key", "GEMINI_BASE_URL": emulator_url,
              "VTON_NEW_USER_CREDITS": "1000000", "VTON_QUOTA_TASKS_PER_MINUTE": "1000000",
              "VTON_QUOTA_TASKS_IN_FLIGHT": "1000000"}
    api = Server(latency_ms=args.latency_ms, concurrency=1, extra_env=shared, serve_args=["--role", "api"])
    pool = [Server(latency_ms=args.latency_ms, concurrency=args.per_worker, extra_env=shared, serve_args=["--role", "worker"])
            for _ in range(workers)]
    api.start()
    try:
        for worker in pool:
            worker.start()
        await asyncio.sleep(3)
        idle = connections_by_role(url)
        total = args.rounds * workers * args.per_worker
        peak: dict[str, int] = {}
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:
            token = await common.login(session, api)
            headers = {"Authorization": f"Bearer {token}"}
            semaphore = asyncio.Semaphore(32)

            async def create(index: int) -> None:
                async with semaphore:
                    await common.create_task(session, api, headers, f"cluster bench {index}")

            await asyncio.gather(*(create(i) for i in range(total)))
            deadline = time.monotonic() + total * args.latency_ms / 1000 + 600
            while time.monotonic() < deadline:
                for role, count in connections_by_role(url).items():
                    peak[role] = max(peak.get(role, 0), count)
                (done, succeeded), = psql(url, "SELECT count(*) FILTER (WHERE status IN ('succeeded','failed','canceled')), "
                                               "count(*) FILTER (WHERE status = 'succeeded') FROM tasks")
                if int(done) == total:
                    break
                await asyncio.sleep(1)
        (span,), = psql(url, "SELECT EXTRACT(EPOCH FROM max(finished_at) - min(created_at)) FROM tasks")
        alive = api.alive() and all(worker.alive() for worker in pool)
        return {"workers": workers, "tasks": total, "succeeded": int(succeeded), "span": float(span),
                "limit": workers * args.per_worker / (args.latency_ms / 1000), "idle": idle, "peak": peak, "alive": alive}
    finally:
        for worker in pool:
            worker.stop()
        api.stop()


async def run(args) -> int:
    port = common.free_port()
    emulator_log = open(os.devnull, "wb")
    emulator = subprocess.Popen([common.find_binary(), "emulator", "--port", str(port), "--latency-ms", str(args.latency_ms)],
                                stdout=emulator_log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        await asyncio.sleep(1.5)
        print(f"cluster: {common.find_binary()} ({common.build_kind(common.find_binary())}); emulator process, "
              f"latency {args.latency_ms} ms; {args.per_worker} workers per worker process; load average {os.getloadavg()[0]:.2f}")
        rows = []
        for workers in args.workers:
            result = await measure(args, workers, f"http://127.0.0.1:{port}")
            rate = result["tasks"] / result["span"]
            rows.append((f"{workers} worker process{'es' if workers > 1 else ''}",
                         f"{result['succeeded']}/{result['tasks']} succeeded in {result['span']:.1f} s: {rate:.2f} tasks/s "
                         f"of a {result['limit']:.0f} limit ({rate / result['limit']:.0%}); connections idle {result['idle']}, "
                         f"under load at most {result['peak']} (summed over the processes of a role); "
                         f"all processes alive: {result['alive']}"))
        print(table("throughput and connections", rows))
    finally:
        emulator.terminate()
        emulator.wait()
    return 0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", required=True, metavar="POSTGRES_URL",
                   help="a PostgreSQL server's URL whose user may create databases")
    p.add_argument("--workers", type=lambda text: [int(n) for n in text.split(",")], default=[1, 2, 3])
    p.add_argument("--per-worker", type=int, default=16)
    p.add_argument("--latency-ms", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=6, help="tasks per worker slot")
    common.run_main(run(p.parse_args()))


if __name__ == "__main__":
    main()
