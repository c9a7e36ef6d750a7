"""Test images for the media benchmarks, made with the `vips` command line tool (libvips-tools)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from common import REPO_ROOT

FIXTURES = REPO_ROOT / "Tests" / "VTONAppTests" / "Fixtures"
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


def photo_jpeg(width: int = 4000, height: int = 3000, quality: int = 92) -> bytes:
    """A photograph-like JPEG of width × height (12 MP by default): the portrait fixture
    enlarged, with sensor-like noise so it compresses like a camera's picture, not a drawing."""
    if not shutil.which("vips"):
        raise RuntimeError("the vips command is needed (apt-get install libvips-tools)")
    source = SHARED_FIXTURES / "person-astronaut.png"
    if not source.exists():
        source = FIXTURES / "person-small.png"
    with tempfile.TemporaryDirectory(prefix="vton-bench-img-") as tmp:
        def vips(*args):
            subprocess.run(["vips", *map(str, args)], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
        side = max(width, height)
        vips("thumbnail", source, "big.v", side, "--height", side, "--size", "force")
        vips("crop", "big.v", "crop.v", (side - width) // 2, (side - height) // 2, width, height)
        vips("extract_band", "crop.v", "rgb.v", 0, "--n", 3)
        vips("gaussnoise", "noise.v", width, height, "--sigma", 10, "--mean", 0)
        vips("add", "rgb.v", "noise.v", "sum.v")
        vips("cast", "sum.v", "photo.v", "uchar")
        vips("jpegsave", "photo.v", "photo.jpg", "--Q", quality)
        with open(os.path.join(tmp, "photo.jpg"), "rb") as f:
            return f.read()
