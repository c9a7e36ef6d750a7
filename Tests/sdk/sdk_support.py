"""Plain helpers shared by the official-SDK suites (fixtures live in conftest.py)."""

from __future__ import annotations

import struct
import uuid

API_KEY = "test-key"
REQUEST_TIMEOUT_MS = 120_000


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR", "PNG does not start with IHDR"
    return struct.unpack(">II", data[16:24])


def unique_prompt(text: str) -> str:
    """A prompt no other test sends, so per-prompt fault counters start at zero."""
    return f"{text} ({uuid.uuid4().hex[:8]})"
