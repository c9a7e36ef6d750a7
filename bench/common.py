"""Shared helpers for the VTON Lab benchmarks: start/stop a server, log in, measure.

Every benchmark starts its own `vton serve` on a free port with a fresh temporary data
directory, talks to it over 127.0.0.1 and stops it when done, also on error or Ctrl-C.
The binary comes from $VTON_BIN, else .build/release/vton, else .build/debug/vton
(relative to the repository root).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADMIN = {"username": "admin", "password": "123456"}


def raise_fd_limit(wanted: int = 65536) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for target in (wanted, hard):
        try:
            new_hard = max(hard, target) if hard != resource.RLIM_INFINITY else hard
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, new_hard))
            return target
        except (ValueError, OSError):
            continue
    return soft


def find_binary() -> str:
    explicit = os.environ.get("VTON_BIN")
    if explicit:
        path = Path(explicit)
        if not path.is_absolute():
            path = (Path.cwd() / path).resolve()
        if not os.access(path, os.X_OK):
            sys.exit(f"VTON_BIN={explicit} is not an executable file")
        return str(path)
    for candidate in (REPO_ROOT / ".build/release/vton", REPO_ROOT / ".build/debug/vton"):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    sys.exit("no vton binary: set VTON_BIN or build .build/release/vton (or .build/debug/vton)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url: str, sql: str) -> list[list[str]]:
    """The rows of one statement, run by the psql client, as lists of column texts."""
    out = subprocess.run(["psql", url, "-AtF", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def fresh_postgres_database(server_url: str) -> str:
    """A new, empty database on the PostgreSQL server of `server_url`, and its URL."""
    name = f"vton_bench_{uuid.uuid4().hex[:8]}"
    psql(server_url, f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def build_kind(binary: str) -> str:
    if "/release/" in binary:
        return "release build"
    if "/debug/" in binary:
        return "debug build"
    return "build kind not known from path"


_live_servers: list["Server"] = []


def _stop_all() -> None:
    for server in list(_live_servers):
        server.stop()


def _on_signal(signum, _frame):
    _stop_all()
    raise SystemExit(128 + signum)


atexit.register(_stop_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)


def fresh_database(url: str) -> str:
    """A new, empty database on the server of `url` (postgres:// or mysql://), made with the
    server's own command-line client; answers its URL."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in ("postgres", "postgresql"):
        return fresh_postgres_database(url)
    if parsed.scheme not in ("mysql", "mariadb"):
        sys.exit(f"{url} is neither postgres:// nor mysql://")
    name = f"vton_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["mariadb", "-h", parsed.hostname or "127.0.0.1", "-P", str(parsed.port or 3306),
                    "-u", urllib.parse.unquote(parsed.username or "root"),
                    f"-p{urllib.parse.unquote(parsed.password or '')}", "-e", f"CREATE DATABASE {name}"], check=True)
    return urllib.parse.urlunsplit(parsed._replace(path="/" + name))


class Server:
    """One `vton serve` process with its own data directory and port."""

    def __init__(self, latency_ms: int, concurrency: int, extra_env: dict[str, str] | None = None,
                 external_emulator: bool = False, restart_emulator: bool = False, serve_args: list[str] | None = None,
                 launcher: list[str] | None = None, binary: str | None = None):
        self.binary = binary or find_binary()
        self.serve_args = serve_args or []
        # A command the server runs under (valgrind for instructions.py).
        self.launcher = launcher or []
        self.latency_ms = latency_ms
        self.concurrency = concurrency
        self.extra_env = extra_env or {}
        # False: the server's built-in emulator (no GEMINI_API_KEY), a child process `serve`
        # starts and supervises at a lower priority; its CPU is not counted as the server's.
        # True: `vton emulator` started here as a process of its own, reached via GEMINI_BASE_URL.
        self.external_emulator = external_emulator
        self.emulator: subprocess.Popen | None = None
        self.emulator_port = free_port() if external_emulator else None
        # With an external emulator: restart it on the same port when it crashes, so that a
        # crash of the emulator (not of the server) does not end the measurement.
        self.restart_emulator = restart_emulator
        self.emulator_crashes: list[tuple[float, int]] = []
        self._stopping = False
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws_base = f"ws://127.0.0.1:{self.port}"
        self.workdir = tempfile.mkdtemp(prefix="vton-bench-")
        self.log_path = os.path.join(self.workdir, "server.log")
        self.emulator_log_path = os.path.join(self.workdir, "emulator.log")
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 90.0) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "VTON_", "DATABASE_URL"))}
        # On a crash, have the Swift runtime print a backtrace into the log.
        backtracer = "/opt/swift/usr/libexec/swift/linux/swift-backtrace"
        if "SWIFT_BACKTRACE" not in env and os.access(backtracer, os.X_OK):
            env["SWIFT_BACKTRACE"] = f"enable=yes,interactive=no,color=no,swift-backtrace={backtracer}"
        env.update(
            VTON_DATA_DIR=os.path.join(self.workdir, "data"),
            VTON_PORT=str(self.port),
            VTON_HOST="127.0.0.1",
            VTON_PUBLIC_DIR=str(REPO_ROOT / "Public"),
            VTON_EMULATOR_LATENCY_MS=str(self.latency_ms),
            VTON_WORKER_CONCURRENCY=str(self.concurrency),
        )
        self._log = open(self.log_path, "wb")
        if self.external_emulator:
            self._emulator_env = dict(env)
            self._spawn_emulator()
            _live_servers.append(self)
            deadline = time.monotonic() + timeout
            while True:
                if self.emulator.poll() is not None:
                    raise RuntimeError(f"emulator exited with {self.emulator.returncode}:\n{self.log_tail(path=self.emulator_log_path)}")
                try:
                    socket.create_connection(("127.0.0.1", self.emulator_port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("emulator did not start listening")
                    time.sleep(0.1)
            if self.restart_emulator:
                threading.Thread(target=self._supervise_emulator, daemon=True).start()
            env.update(GEMINI_API_KEY="bench-emulator-key", GEMINI_BASE_URL=f"http://127.0.0.1:{self.emulator_port}")
        env.update(self.extra_env)
        os.makedirs(env["VTON_DATA_DIR"], exist_ok=True)
        # cwd is the temp dir so that no .env of the repository is picked up.
        self.process = subprocess.Popen(
            [*self.launcher, self.binary, "serve", "--log-level", os.environ.get("VTON_BENCH_LOG_LEVEL", "warning"), *self.serve_args],
            cwd=self.workdir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        if self not in _live_servers:
            _live_servers.append(self)
        deadline = time.monotonic() + timeout
        import urllib.request
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode} during start-up:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def _spawn_emulator(self) -> None:
        log = open(self.emulator_log_path, "ab")
        self.emulator = subprocess.Popen(
            [self.binary, "emulator", "--port", str(self.emulator_port), "--latency-ms", str(self.latency_ms)],
            cwd=self.workdir, env=self._emulator_env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()

    def _supervise_emulator(self) -> None:
        """Restarts a crashed external emulator on the same port and records each crash."""
        while not self._stopping:
            process = self.emulator
            if process is not None and process.poll() is not None and not self._stopping:
                code = process.returncode
                self.emulator_crashes.append((time.time(), code))
                self._spawn_emulator()
            time.sleep(0.05)

    def emulator_crash_summary(self) -> str:
        """How often the external emulator crashed, and how (from its log)."""
        if not self.emulator_crashes:
            return "none"
        reasons: dict[str, int] = {}
        try:
            with open(self.emulator_log_path, "rb") as f:
                for line in f.read().decode("utf-8", "replace").splitlines():
                    if line.startswith("*** Program crashed"):
                        reason = line.split(" at 0x")[0].strip("* ")
                        reasons[reason] = reasons.get(reason, 0) + 1
        except OSError:
            pass
        codes = sorted({code for _, code in self.emulator_crashes})
        return (f"{len(self.emulator_crashes)} (exit codes {codes}; restarted on the same port; "
                f"{', '.join(f'{k} ×{v}' for k, v in reasons.items()) or 'no crash report'}; log {self.emulator_log_path})")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 30, path: str | None = None) -> str:
        try:
            with open(path or self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def log_lines(self) -> list[str]:
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return []

    def proc_status(self) -> dict[str, int]:
        """VmRSS / VmHWM / Threads of the server, in kB (Threads as a count)."""
        out: dict[str, int] = {}
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "VmHWM", "Threads"):
                        out[key] = int(value.split()[0])
        except OSError:
            pass
        return out

    def reset_peak_rss(self) -> bool:
        """Resets VmHWM to the current RSS (Linux ≥ 4.0, needs permission on the process)."""
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far."""
        return _cpu_seconds(self.pid)

    def open_fds(self) -> int:
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return -1

    def emulator_cpu_seconds(self) -> float:
        if self.emulator is None:
            return float("nan")
        return _cpu_seconds(self.emulator.pid)

    @staticmethod
    def _terminate(process: subprocess.Popen | None) -> int | None:
        if process is None:
            return None
        code = process.poll()
        if code is None:
            try:
                process.send_signal(signal.SIGTERM)
                code = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait(timeout=10)
        return code

    def stop(self, keep_dir: bool = False) -> int | None:
        self._stopping = True
        code = self._terminate(self.process)
        emulator = self.emulator
        self._terminate(emulator)
        time.sleep(0.1)
        if self.emulator is not emulator:   # restarted by the supervisor meanwhile
            self._terminate(self.emulator)
        if self in _live_servers:
            _live_servers.remove(self)
        if self._log:
            self._log.close()
            self._log = None
        if not keep_dir and not self.emulator_crashes:   # keep the crash reports of the emulator
            shutil.rmtree(self.workdir, ignore_errors=True)
        return code

    def __enter__(self) -> "Server":
        try:
            self.start()
        except BaseException:
            self.stop(keep_dir=True)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        died = self.process is not None and self.process.poll() is not None
        if died:
            print(f"\n[bench] the server died (exit {self.process.returncode}"
                  f"{', signal ' + signal.Signals(-self.process.returncode).name if self.process.returncode < 0 else ''}); "
                  f"log kept at {self.log_path}; tail:\n{self.log_tail(60)}", file=sys.stderr)
        elif exc_type is not None:
            print(f"\n[bench] error; server log kept at {self.log_path}; tail:\n{self.log_tail()}", file=sys.stderr)
        self.stop(keep_dir=died or exc_type is not None)


async def login(session, server: Server) -> str:
    async with session.post(server.base + "/api/v1/base/access_token", json=ADMIN) as r:
        body = await r.json(content_type=None)
        if r.status != 200:
            raise RuntimeError(f"login failed: {r.status} {body}")
        return body["data"]["access_token"]


async def create_task(session, server: Server, headers: dict, prompt: str) -> str:
    body = {"prompt": prompt, "aspect_ratio": "1:1", "resolution": "1K"}
    async with session.post(server.base + "/api/v1/images/generate", json=body, headers=headers) as r:
        data = await r.json(content_type=None)
        if r.status != 201:
            raise RuntimeError(f"create failed: {r.status} {data}")
        return data["task_id"]


async def get_task(session, server: Server, headers: dict, task_id: str) -> dict:
    async with session.get(f"{server.base}/api/v1/images/tasks/{task_id}", headers=headers) as r:
        data = await r.json(content_type=None)
        if r.status != 200:
            raise RuntimeError(f"get task failed: {r.status} {data}")
        return data


async def wait_all_done(session, server: Server, headers: dict, task_ids: list[str], timeout: float,
                        concurrency: int = 16) -> dict[str, dict]:
    """Polls until every task is terminal (or timeout); answers the last state of each."""
    terminal = {"succeeded", "failed", "canceled"}
    states: dict[str, dict] = {}
    pending = list(task_ids)
    deadline = time.monotonic() + timeout
    sem = asyncio.Semaphore(concurrency)

    async def one(tid):
        async with sem:
            states[tid] = await get_task(session, server, headers, tid)

    while pending and time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"the server died (exit {server.process.returncode}) with {len(pending)} tasks not done")
        await asyncio.gather(*(one(t) for t in pending))
        pending = [t for t in pending if states[t]["status"] not in terminal]
        if pending:
            await asyncio.sleep(0.5)
    return states


def parse_time(value: str | None) -> float | None:
    """RFC 3339 → POSIX seconds."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def mib(kb: int | None) -> str:
    return "n/a" if not kb else f"{kb / 1024:.1f} MiB"


def table(title: str, rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    lines = [title, "-" * max(len(title), width + 30)]
    for key, value in rows:
        lines.append(f"  {key.ljust(width)}  {value}")
    return "\n".join(lines)


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def header(name: str, server: Server) -> None:
    if "GEMINI_BASE_URL" in server.extra_env:
        provider = f"provider {server.extra_env['GEMINI_BASE_URL']} (not the emulator)"
    elif server.external_emulator:
        provider = f"emulator latency {server.latency_ms} ms (separate `vton emulator` process)"
    else:
        provider = f"emulator latency {server.latency_ms} ms (built-in emulator: a child process of the server)"
    print(f"== {name} ==")
    print(f"binary: {server.binary} ({build_kind(server.binary)}), port {server.port}, {provider}, "
          f"worker concurrency {server.concurrency}, {os.cpu_count()} CPUs (client and server share them), "
          f"load average {os.getloadavg()[0]:.2f}")
    sys.stdout.flush()


def json_dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def run_main(coroutine) -> None:
    """Runs a benchmark; a failure prints one line instead of a traceback (servers are stopped)."""
    try:
        code = asyncio.run(coroutine)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        code = 130
    except (RuntimeError, OSError, asyncio.TimeoutError) as e:
        print(f"\nbench failed: {type(e).__name__}: {e}", file=sys.stderr)
        code = 2
    except Exception as e:  # aiohttp errors and the like
        print(f"\nbench failed: {type(e).__name__}: {e}", file=sys.stderr)
        code = 2
    sys.exit(code)
