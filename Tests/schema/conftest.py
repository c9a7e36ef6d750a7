"""One `vton serve` for the schema run, with an administrator's and an ordinary user's token.

Binary: $VTON_BIN, default `.build/debug/vton` relative to the repository root. The server gets
a free loopback port, a fresh data directory and the built-in Gemini emulator (no
GEMINI_API_KEY), started by Tests/support/vton_process.py's `start_serve`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

# The helpers that start vton are shared with the other Python suites.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from vton_process import start_serve, stop  # noqa: E402
ADMIN = ("admin", "123456")
USER = ("fuzzer", "correct-horse-battery-7")

# The server as the fuzzer meets it, tuned so that its run stays short and its answers repeatable:
SERVE_ENVIRONMENT = {
    # One provider call at a time: fuzzed tasks are drawn by the emulator without taking the
    # cores the fuzzer and the server need.
    "VTON_WORKER_CONCURRENCY": "1",
    # Fuzzed batches (up to 100 prompts each) stay PENDING for the whole run instead of being drawn.
    "VTON_EMULATOR_BATCH_S": "3600",
    # Failed logins and password changes reach 429 after a few attempts instead of being slowed
    # by up to 4 s each for dozens of attempts.
    "VTON_LOGIN_MAX_FAILURES": "4",
}


@dataclass(frozen=True)
class Server:
    base_url: str
    admin_token: str
    user_token: str
    user_id: str
    admin_id: str
    log: Path


def _login(base_url: str, username: str, password: str) -> str:
    reply = requests.post(f"{base_url}/api/v1/base/access_token", json={"username": username, "password": password}, timeout=10)
    assert reply.status_code == 200, f"login as {username}: {reply.status_code} {reply.text}"
    return reply.json()["data"]["access_token"]


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """`vton serve` on a free loopback port with a fresh data directory; its output is printed
    when a test fails (serve.log under pytest's temporary directory)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    process, port = start_serve(tmp_path, **SERVE_ENVIRONMENT)
    log = tmp_path / "serve.log"
    try:
        base_url = f"http://127.0.0.1:{port}"
        admin_token = _login(base_url, *ADMIN)
        headers = {"Authorization": f"Bearer {admin_token}"}
        # API.md §6: an ordinary account, with the built-in `user` role it gets by default.
        created = requests.post(f"{base_url}/api/v1/user/create", headers=headers, timeout=10,
                                json={"username": USER[0], "email": "fuzzer@example.com", "password": USER[1]})
        assert created.status_code == 201, f"creating {USER[0]}: {created.status_code} {created.text}"
        admin_id = requests.get(f"{base_url}/api/v1/base/userinfo", headers=headers, timeout=10).json()["id"]
        yield Server(base_url=base_url, admin_token=admin_token, user_token=_login(base_url, *USER),
                     user_id=created.json()["id"], admin_id=admin_id, log=log)
    finally:
        stop(process)


def pytest_terminal_summary(terminalreporter) -> None:
    module = sys.modules.get("test_openapi")
    if module is not None and module.sent:
        terminalreporter.section("schemathesis")
        for line in module.summary():
            terminalreporter.write_line(line)
