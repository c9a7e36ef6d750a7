"""End-to-end fixtures: the real `vton serve` binary, headless Chromium and Firefox, and a socket-cutting proxy.

Binary: $VTON_BIN, default `.build/debug/vton` relative to the repository root. The server runs
once per session on a free loopback port with a fresh data directory, the repository's Public/
and the embedded emulator (slowed down so that a test can act while a task runs). Every test
that uses `browser` or `browser_factory` runs once per browser (test_x[chromium], test_x[firefox])
and leaves a screenshot in test-output/e2e/<test name>.png, passed or failed, plus
<test name>.console.txt when the page logged errors.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from e2e_support import Api, CuttingProxy, free_port, wait_http
from firefox_driver import Firefox

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = REPO_ROOT / "test-output" / "e2e"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
STARTUP_TIMEOUT_S = 60
# Long enough to drop the socket while a task runs, short enough to keep the suite quick.
EMULATOR_LATENCY_MS = 2500
BROWSERS = ["chromium", "firefox"]
WINDOW_SIZE = (1280, 1000)


def _vton_binary() -> Path:
    path = Path(os.environ.get("VTON_BIN", ".build/debug/vton"))
    path = path if path.is_absolute() else REPO_ROOT / path
    if not os.access(path, os.X_OK):
        pytest.fail(f"vton binary not found at {path}; build it or set VTON_BIN")
    return path


class Server:
    def __init__(self, base_url: str, log: Path):
        self.base_url = base_url
        self.log = log
        self.admin = Api(base_url, "admin", "123456")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """`vton serve` on a free port with a fresh data dir; stopped after the session."""
    port = free_port()
    data_dir = tmp_path_factory.mktemp("vton-data")
    log = data_dir / "server.log"
    env = {
        **os.environ,
        "VTON_HOST": "127.0.0.1",
        "VTON_PORT": str(port),
        "VTON_DATA_DIR": str(data_dir),
        "VTON_PUBLIC_DIR": str(REPO_ROOT / "Public"),
        "VTON_EMULATOR_LATENCY_MS": str(EMULATOR_LATENCY_MS),
        "VTON_EMULATOR_BATCH_S": "1",
        "VTON_BATCH_POLL_S": "1",
    }
    for name in ("GEMINI_API_KEY", "GEMINI_BASE_URL", "DATABASE_URL", "VTON_ENV", "VTON_ADMIN_PASSWORD"):
        env.pop(name, None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(_vton_binary()), "serve"], stdout=out, stderr=subprocess.STDOUT, cwd=data_dir, env=env
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base_url}/readyz", process, log, STARTUP_TIMEOUT_S)
        yield Server(base_url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def proxy(server) -> Iterator[CuttingProxy]:
    """A TCP proxy in front of the server that can cut (and refuse) WebSocket connections."""
    cutter = CuttingProxy(server.base_url)
    cutter.start()
    yield cutter
    cutter.stop()


def _chromium_options(lang: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size={},{}".format(*WINDOW_SIZE), f"--lang={lang}", "--no-first-run"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


def _start(browser: str, lang: str):
    if browser == "firefox":
        # Selenium cannot drive Firefox here (no geckodriver), so Firefox gets our Marionette driver.
        return Firefox(lang, WINDOW_SIZE)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=_chromium_options(lang), service=service)


def _console_errors(driver) -> list[str]:
    if isinstance(driver, Firefox):
        return driver.console_errors()
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


@pytest.fixture(params=BROWSERS)
def browser_factory(request) -> Iterator:
    """make(lang='en-US') → a headless browser driver (Chromium via Selenium, or Firefox via
    firefox_driver with the same API); each is screenshotted and closed after the test."""
    drivers: list = []

    def make(lang: str = "en-US"):
        driver = _start(request.param, lang)
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield make
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for index, driver in enumerate(drivers):
        suffix = "" if index == 0 else f"-{index + 1}"
        try:
            driver.save_screenshot(str(OUTPUT_DIR / f"{request.node.name}{suffix}.png"))
            errors = _console_errors(driver)
            if errors:
                (OUTPUT_DIR / f"{request.node.name}{suffix}.console.txt").write_text("\n".join(errors))
        finally:
            driver.quit()


@pytest.fixture
def browser(browser_factory):
    return browser_factory("en-US")


@pytest.fixture(scope="session")
def fixture_file():
    def path(name: str) -> str:
        return str(FIXTURES / name)
    return path
