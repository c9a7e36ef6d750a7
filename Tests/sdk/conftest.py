"""Fixtures shared by the official-SDK suites: every test module runs its own `vton emulator`.

Binary: $VTON_BIN, default `.build/debug/vton` relative to the repository root. A module
tunes its emulator by overriding the `emulator_env` fixture (extra environment variables).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from google import genai
from google.genai import types

from sdk_support import API_KEY, REQUEST_TIMEOUT_MS

# The helpers that start vton are shared with the other Python suites.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from vton_process import REPO_ROOT, free_port, stop, vton_binary, wait_until_listening  # noqa: E402


@pytest.fixture(scope="module")
def emulator_env() -> dict[str, str]:
    """Extra environment for this module's emulator; override it in a module to tune the emulator."""
    return {}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, emulator_env) -> Iterator[str]:
    """Runs `vton emulator` for this module and yields its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("emulator") / "emulator.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(vton_binary()), "emulator", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT, env={**os.environ, **emulator_env},
        )
    try:
        wait_until_listening(process, port, log, "emulator")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture(scope="module")
def make_client(base_url) -> Callable[..., genai.Client]:
    """A factory for SDK clients of this module's emulator: `make_client(api_version=None, **http_options)`.

    api_version defaults to v1beta, the version of the docs; None leaves the SDK's own default (v1).
    """

    def make(api_version: str | None = "v1beta", **options) -> genai.Client:
        http_options = types.HttpOptions(base_url=base_url, timeout=REQUEST_TIMEOUT_MS, **options)
        if api_version is not None:
            http_options.api_version = api_version
        return genai.Client(api_key=API_KEY, http_options=http_options)

    return make


@pytest.fixture(scope="module")
def client(make_client) -> genai.Client:
    return make_client()
