"""`vton serve` maps libvips and the hundred libraries it brings only when the first image
arrives (Sources/CVipsShim/loader.c): a server that has handled no image does not carry them.
Built by `make` (linked --as-needed); a plain `swift build` still links libvips at start."""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

from vton_process import start_serve

PORTRAIT = Path(__file__).parent / "fixtures" / "person-astronaut.png"


def _maps_libvips(pid: int) -> bool:
    return "/libvips.so" in Path(f"/proc/{pid}/maps").read_text()


def _post(url: str, body: bytes, content_type: str, token: str | None = None) -> dict:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_libvips_is_loaded_by_the_first_image_not_at_start(tmp_path):
    # An API key (the provider is never called here) keeps the emulator child, which draws
    # with libvips in a process of its own, out of the picture.
    serve, port = start_serve(tmp_path, GEMINI_API_KEY="unused", GEMINI_BASE_URL="http://127.0.0.1:9")
    base = f"http://127.0.0.1:{port}"
    try:
        login = _post(base + "/api/v1/base/access_token", json.dumps({"username": "admin", "password": "123456"}).encode(),
                      "application/json")
        token = login["data"]["access_token"]
        assert not _maps_libvips(serve.pid), "libvips was loaded before any image arrived"

        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"portrait.png\"\r\n"
                f"Content-Type: image/png\r\n\r\n").encode() + PORTRAIT.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        upload = _post(base + "/api/v1/uploads", body, f"multipart/form-data; boundary={boundary}", token)
        assert (upload["width"], upload["height"]) == (512, 512)
        assert _maps_libvips(serve.pid), "an upload was inspected without libvips"
    finally:
        serve.terminate()
        serve.wait(timeout=30)
