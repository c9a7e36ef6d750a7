"""Plain helpers shared by the official-SDK suites (fixtures live in conftest.py)."""

from __future__ import annotations

import struct
import uuid

API_KEY = "test-key"
REQUEST_TIMEOUT_MS = 120_000


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers, which carry the size (C4, C8 and CC are other segments).
JPEG_FRAME_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def sniffed_mime(data: bytes) -> str:
    """What the bytes are, whatever the part says: image/png or image/jpeg."""
    if data[:8] == PNG_SIGNATURE:
        return "image/png"
    assert data[:3] == b"\xff\xd8\xff", "neither a PNG nor a JPEG"
    return "image/jpeg"


def pixel_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk or a JPEG's start-of-frame segment."""
    if sniffed_mime(data) == "image/png":
        assert data[12:16] == b"IHDR", "PNG does not start with IHDR"
        return struct.unpack(">II", data[16:24])
    offset = 2
    while offset + 9 <= len(data):
        assert data[offset] == 0xFF, "JPEG segments start with 0xFF"
        marker = data[offset + 1]
        if marker in JPEG_FRAME_MARKERS:
            height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
            return width, height
        offset += 2 + struct.unpack(">H", data[offset + 2:offset + 4])[0]
    raise AssertionError("JPEG without a start-of-frame segment")


def expected_mime(model: str) -> str:
    """Gemini 2.5 Flash Image answers PNG; the GA models answer JPEG (spec §2.3)."""
    return "image/png" if model == "gemini-2.5-flash-image" else "image/jpeg"


def unique_prompt(text: str) -> str:
    """A prompt no other test sends, so per-prompt fault counters start at zero."""
    return f"{text} ({uuid.uuid4().hex[:8]})"
