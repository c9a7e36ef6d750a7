"""Starting the project's own binary for the Python suites (Tests/sdk, Tests/schema): where it
is ($VTON_BIN, default `.build/debug/vton` relative to the repository root), a free loopback
port, `vton serve` with a fresh data directory, waiting until a process listens, stopping it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 30


def vton_binary() -> Path:
    path = Path(os.environ.get("VTON_BIN", ".build/debug/vton"))
    path = path if path.is_absolute() else REPO_ROOT / path
    if not os.access(path, os.X_OK):
        pytest.fail(f"vton binary not found at {path}; build it or set VTON_BIN")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int, log: Path, what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not listen on port {port} within {STARTUP_TIMEOUT_S}s:\n{log.read_text()}")


def start_serve(tmp_path: Path, **environment: str) -> tuple[subprocess.Popen, int]:
    """`vton serve` on a free loopback port with a fresh data directory under tmp_path, its
    output in tmp_path/serve.log, listening when this returns. It uses the built-in emulator
    and SQLite whatever the caller's environment says; `environment` adds settings. Stop it
    with `stop`."""
    port = free_port()
    env = {**os.environ, "VTON_HOST": "127.0.0.1", "VTON_PORT": str(port), "VTON_DATA_DIR": str(tmp_path / "data")}
    for name in ("GEMINI_API_KEY", "GEMINI_BASE_URL", "DATABASE_URL", "VTON_ENV", "VTON_ADMIN_PASSWORD", "VTON_ALLOW_SIGNUP"):
        env.pop(name, None)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen([str(vton_binary()), "serve"], stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
                                 env={**env, **environment})
    try:
        wait_until_listening(serve, port, log, "vton serve")
    except BaseException:
        stop(serve)
        raise
    return serve, port


def stop(process: subprocess.Popen) -> None:
    """Asks the process to end (a graceful shutdown), and kills it after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
