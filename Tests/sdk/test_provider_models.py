"""`vton serve` asks the provider which models its key can use: it offers only those, and
refuses at start a default model the key cannot use, saying which it can."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request

from vton_process import free_port, start_serve, stop, vton_binary


def _call(port: int, path: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_serve_offers_only_the_models_the_key_can_use(tmp_path):
    serve, port = start_serve(tmp_path, VTON_EMULATOR_MODELS="gemini-3-pro-image,gemini-2.5-flash-image")
    try:
        _, login = _call(port, "/api/v1/base/access_token", body={"username": "admin", "password": "123456"})
        token = login["data"]["access_token"]
        # models.list is asked once the emulator listens: wait for the narrowed list.
        for _ in range(100):
            status, listed = _call(port, "/api/v1/models", token)
            ids = [m["id"] for m in listed.get("models", [])]
            if ids == ["gemini-2.5-flash-image", "gemini-3-pro-image"]:
                break
            time.sleep(0.1)
        assert status == 200 and ids == ["gemini-2.5-flash-image", "gemini-3-pro-image"], listed
        status, refused = _call(port, "/api/v1/images/generate", token, {"prompt": "x", "model": "gemini-3.1-flash-image"})
        assert status == 422 and refused["field"] == "model", refused
        assert "not available to this server's key" in json.dumps(refused), refused
    finally:
        stop(serve)


def _serve_until_it_exits(tmp_path, **environment: str) -> tuple[int, str]:
    """Runs `vton serve` that is expected to refuse to run; its exit status and output."""
    env = {"PATH": "/usr/bin:/bin", "VTON_HOST": "127.0.0.1", "VTON_PORT": str(free_port()), "VTON_DATA_DIR": str(tmp_path / "data"),
           **environment}
    result = subprocess.run([str(vton_binary()), "serve"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=90)
    return result.returncode, result.stdout + result.stderr


def test_serve_refuses_a_default_model_the_key_cannot_use(tmp_path):
    code, output = _serve_until_it_exits(tmp_path, VTON_EMULATOR_MODELS="gemini-2.5-flash-image", GEMINI_MODEL="gemini-3-pro-image")
    assert code != 0, "serve kept running with a default model the key cannot use"
    assert 'GEMINI_MODEL "gemini-3-pro-image" is not available to this key; it can use: gemini-2.5-flash-image' in output, output[-2000:]


def test_a_shut_down_preview_model_is_refused_before_start(tmp_path):
    code, output = _serve_until_it_exits(tmp_path, GEMINI_MODEL="gemini-3-pro-image-preview")
    assert code != 0
    assert "has been shut down by Google" in output, output[-2000:]
