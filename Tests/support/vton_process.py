"""Starting the project's own binary for the Python suites (Tests/sdk, Tests/schema): where it
is ($VTON_BIN, default `.build/debug/vton` relative to the repository root), a free loopback
port, and waiting until the process listens on it."""

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
