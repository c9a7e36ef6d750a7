"""The emulator `vton serve` starts as its child ends with it, even when `serve` is killed
without the chance to stop it (an orphan would keep its port and memory)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from vton_process import start_serve


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_emulator_child_exits_when_serve_is_killed(tmp_path):
    serve, _ = start_serve(tmp_path)
    try:
        deadline = time.monotonic() + 30
        while not (emulators := _children(serve.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(emulators) == 1, f"serve should run one emulator child, has {emulators}"
        emulator = emulators[0]
        assert "emulator" in Path(f"/proc/{emulator}/cmdline").read_text()

        serve.send_signal(signal.SIGKILL)
        serve.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(emulator) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(emulator), "the emulator outlived the serve that started it"
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
