#!/usr/bin/env python3
"""`vton import-origin` on a generated origin database: its time and peak RSS.

Makes a fresh database on a MariaDB/MySQL server from the origin's schema
(Tests/VTONAppTests/Fixtures/origin-schema.sql), fills it with --users accounts (argon2 hashes,
as passlib writes them), 10 roles, and --tasks image tasks spread over the users (nine in ten
succeeded; one succeeded task in a hundred names a readable result image, the others paths that
no longer exist), then imports it three times into a new data directory: a dry run, the import,
and a second import that must find everything already there.

    python3 bench/origin_import.py --server mysql://root@127.0.0.1:3306/ [--users 1000] [--tasks 100000]
        [--database-url DATABASE_URL for the target; default SQLite in the data directory]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import common

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "Tests/VTONAppTests/Fixtures/origin-schema.sql"
IMAGE = REPO / "Tests/VTONAppTests/Fixtures/garment-dress.jpg"
# An argon2id hash in passlib's form (m=65536, t=3, p=4). Which password it holds does not
# matter here: the import copies hashes and never checks them.
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$wH/BBbMifRfUfqI7fuKD0+z0kq3oFhdmhUqXS8cfNpQ"


def mariadb(url: str, sql: str) -> None:
    parsed = urllib.parse.urlsplit(url)
    subprocess.run(["mariadb", "-h", parsed.hostname or "127.0.0.1", "-P", str(parsed.port or 3306),
                    "-u", urllib.parse.unquote(parsed.username or "root"), f"-p{urllib.parse.unquote(parsed.password or '')}",
                    parsed.path.strip("/")], input=sql, text=True, check=True)


def generate(url: str, users: int, tasks: int, image: str) -> None:
    mariadb(url, SCHEMA.read_text())
    mariadb(url, f"""
        INSERT INTO role (id, name, `desc`) SELECT seq, CONCAT('role', seq), 'generated' FROM seq_1_to_10;
        INSERT INTO `user` (id, username, email, password, is_active, is_superuser)
          SELECT seq, CONCAT('user', seq), CONCAT('user', seq, '@origin.example'), '{HASH}', 1, seq = 1 FROM seq_1_to_{users};
        INSERT INTO user_role (user_id, role_id) SELECT seq, 1 + seq % 10 FROM seq_1_to_{users};
        INSERT INTO image_task (task_id, user_id, status, prompt, aspect_ratio, resolution, result, created_at, completed_at)
          SELECT UUID(), 1 + seq % {users}, IF(seq % 10 = 0, 'failed', 'succeeded'),
            CONCAT('generated prompt ', seq, ': a red dress on a mannequin'), '1:1', IF(seq % 3 = 0, '2K', '1K'),
            IF(seq % 100 = 1, JSON_ARRAY('{image}'), JSON_ARRAY(CONCAT('static/images/', seq, '.png'))),
            NOW(6) - INTERVAL seq MINUTE, NOW(6) - INTERVAL seq MINUTE + INTERVAL 20 SECOND
          FROM seq_1_to_{tasks};
    """)


# Runs the command in a child of its own and prints the child's peak RSS (KiB) last, so that
# each run's figure is its own and not the largest of every run so far.
MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
           "print('PEAK_RSS_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def run(binary: str, args: list[str], env: dict) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and output of one `vton import-origin`."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", MEASURE, binary, "import-origin", *args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"import-origin failed ({done.returncode}):\n{done.stdout}")
    rss = int(done.stdout.rsplit("PEAK_RSS_KIB", 1)[1].split()[0])
    return elapsed, rss, done.stdout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", required=True, help="mysql://user:pass@host:port/ of a MariaDB or MySQL server to make the origin on")
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--tasks", type=int, default=100_000)
    p.add_argument("--database-url", help="the import's target (default: SQLite in a new data directory)")
    args = p.parse_args()
    binary = common.find_binary()
    origin = common.fresh_database(args.server)
    work = tempfile.mkdtemp(prefix="vton-bench-origin-")
    try:
        t0 = time.monotonic()
        generate(origin, args.users, args.tasks, str(IMAGE))
        print(f"origin generated in {time.monotonic() - t0:.1f} s: {args.users} users, {args.tasks} tasks "
              f"({args.tasks - args.tasks // 10} succeeded)")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VTON_", "DATABASE_URL", "GEMINI_"))}
        env["VTON_DATA_DIR"] = os.path.join(work, "data")
        if args.database_url:
            env["DATABASE_URL"] = common.fresh_database(args.database_url)
        for label, extra in (("dry run", ["--dry-run"]), ("import", []), ("second import", [])):
            elapsed, rss, output = run(binary, ["--from", origin, "--files-root", work, *extra], env)
            print(f"{label}: {elapsed:.1f} s, peak RSS {rss / 1024:.0f} MiB")
            for line in output.splitlines():
                if line.startswith(("roles:", "users:", "tasks:", "result files:")):
                    print("   " + line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
