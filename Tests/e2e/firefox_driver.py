"""Headless Firefox for the e2e tests: the part of Selenium's WebDriver API they use, over Marionette.

Each Firefox runs from a fresh throw-away profile, so tests share no cookies or storage, as with
Chromium. Only what the tests (and Selenium's WebDriverWait, Select and ActionBuilder) call is here;
anything else is an AttributeError, which is the cue to add it rather than to work around it.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from marionette import Marionette

STARTUP_TIMEOUT_S = 60
QUIT_TIMEOUT_S = 15
# The W3C key under which an element reference travels, in both directions.
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"
# Firefox's stdout mixes the pages' messages with its own. Pages' uncaught errors name the page's
# URL; a page's console.error() arguments are printed as JS literals ("text", (new Error(...)),
# ({...})) while Firefox's own modules print `console.error: ModuleName: ...`.
_PAGE_ERROR = re.compile(r'^JavaScript error: https?://|^console\.error: (?![\w.-]+:(?: |$))')

# Prefs written to the fresh profile's user.js. --marionette already applies Marionette's
# recommended automation prefs (no updates, no first-run pages, no telemetry).
_PREFS = {
    # Port 0: Firefox picks a free port and writes it to <profile>/MarionetteActivePort.
    "marionette.port": 0,
    # Pages' console.error() calls are printed to stdout too (uncaught errors and rejections
    # already are): how console_errors() reads them without devtools or system access.
    "devtools.console.stdout.content": True,
    # Lets chrome/userChrome.css (below) apply.
    "toolkit.legacyUserProfileCustomizations.stylesheets": True,
}
# Firefox's own window document has a minimum width of 500 px, headless too; lifting it lets the
# viewport narrow to a phone's 390 px, as Chromium's does.
_USER_CHROME_CSS = ":root { min-width: 0 !important; }\n"


def _locator(by: str, value: str) -> tuple[str, str]:
    """Selenium's By → a Marionette strategy. By.ID and By.NAME are not W3C strategies, so they
    become CSS attribute selectors, as Selenium itself does for Chromium."""
    if by in (By.ID, By.NAME):
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return "css selector", f'[{by}="{quoted}"]'
    return by, value


class FirefoxElement:
    """A reference to an element in the page, with Selenium WebElement's methods that are used."""

    def __init__(self, driver: Firefox, element_id: str):
        self._driver = driver
        self.id = element_id

    def __eq__(self, other) -> bool:
        return isinstance(other, FirefoxElement) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def find_element(self, by: str = By.ID, value: str | None = None) -> FirefoxElement:
        return self._driver._find("WebDriver:FindElement", by, value, self.id)

    def find_elements(self, by: str = By.ID, value: str | None = None) -> list[FirefoxElement]:
        return self._driver._find("WebDriver:FindElements", by, value, self.id)

    def click(self) -> None:
        self._call("WebDriver:ElementClick")

    def send_keys(self, *values: str) -> None:
        # For <input type=file> Firefox takes the text as a local file path, as chromedriver does.
        self._call("WebDriver:ElementSendKeys", text="".join(map(str, values)))

    @property
    def text(self) -> str:
        return self._call("WebDriver:GetElementText")

    @property
    def tag_name(self) -> str:
        return self._call("WebDriver:GetElementTagName")

    def get_attribute(self, name: str) -> str | None:
        """Selenium's rule: the DOM property when it is a plain value (value, href made absolute,
        textContent...), a boolean as "true"/None, and otherwise the HTML attribute."""
        return self._driver.execute_script("""
            const [el, name] = arguments;
            const value = el[name];
            if (typeof value === 'boolean') return value ? 'true' : null;
            if (typeof value === 'string' || typeof value === 'number') return String(value);
            return el.getAttribute(name);""", self, name)

    def get_dom_attribute(self, name: str) -> str | None:
        return self._call("WebDriver:GetElementAttribute", name=name)

    def is_displayed(self) -> bool:
        return self._call("WebDriver:IsElementDisplayed")

    def is_selected(self) -> bool:
        return self._call("WebDriver:IsElementSelected")

    def is_enabled(self) -> bool:
        return self._call("WebDriver:IsElementEnabled")

    def _call(self, command: str, **params):
        return self._driver._value(self._driver._marionette.call(command, {"id": self.id, **params}))


class Firefox:
    """Starts headless Firefox (Debian's firefox-esr) with a fresh profile and drives it."""

    def __init__(self, lang: str = "en-US", window_size: tuple[int, int] = (1280, 1000)):
        self._profile = Path(tempfile.mkdtemp(prefix="vton-e2e-firefox-"))
        prefs = {**_PREFS, "intl.accept_languages": lang}
        (self._profile / "user.js").write_text(
            "".join(f"user_pref({_js(k)}, {_js(v)});\n" for k, v in prefs.items()))
        (self._profile / "chrome").mkdir()
        (self._profile / "chrome" / "userChrome.css").write_text(_USER_CHROME_CSS)
        self._log_path = self._profile / "firefox.log"
        binary = shutil.which("firefox-esr") or shutil.which("firefox") or "/usr/bin/firefox-esr"
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [binary, "--marionette", "--headless", "-no-remote", "-profile", str(self._profile), "about:blank"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"})
        self._marionette: Marionette | None = None
        try:
            self._marionette = Marionette("127.0.0.1", self._wait_for_port())
            self._marionette.call("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {}}})
            self.set_window_size(*window_size)
        except BaseException:
            self.quit()
            raise

    # ---- navigation and page ----

    def get(self, url: str) -> None:
        self._marionette.call("WebDriver:Navigate", {"url": url})

    def refresh(self) -> None:
        self._marionette.call("WebDriver:Refresh")

    @property
    def current_url(self) -> str:
        return self._value(self._marionette.call("WebDriver:GetCurrentURL"))

    def find_element(self, by: str = By.ID, value: str | None = None) -> FirefoxElement:
        return self._find("WebDriver:FindElement", by, value, None)

    def find_elements(self, by: str = By.ID, value: str | None = None) -> list[FirefoxElement]:
        return self._find("WebDriver:FindElements", by, value, None)

    def execute_script(self, script: str, *args):
        return self._script("WebDriver:ExecuteScript", script, args)

    def execute_async_script(self, script: str, *args):
        return self._script("WebDriver:ExecuteAsyncScript", script, args)

    def save_screenshot(self, path: str) -> bool:
        """The visible viewport, like Chromium's save_screenshot."""
        png = self._value(self._marionette.call("WebDriver:TakeScreenshot", {"full": False, "hash": False}))
        Path(path).write_bytes(base64.b64decode(png))
        return True

    def execute(self, command: str, params: dict | None = None) -> dict:
        """What Selenium's ActionBuilder calls to perform W3C input actions (a pointer drag);
        those are the only two Selenium commands known here."""
        name = {"actions": "WebDriver:PerformActions", "clearActionState": "WebDriver:ReleaseActions"}[command]
        return {"value": self._value(self._marionette.call(name, self._to_wire(params or {})))}

    def set_window_size(self, width: int, height: int) -> None:
        self._marionette.call("WebDriver:SetWindowRect", {"width": width, "height": height})

    def set_page_load_timeout(self, seconds: float) -> None:
        self._marionette.call("WebDriver:SetTimeouts", {"pageLoad": int(seconds * 1000)})

    def console_errors(self) -> list[str]:
        """The pages' console.error() calls and uncaught errors so far, as Firefox printed them."""
        try:
            lines = self._log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        return [line for line in lines if _PAGE_ERROR.match(line)]

    def quit(self) -> None:
        if self._marionette is not None:
            try:
                self._marionette.call("Marionette:Quit")
            except (WebDriverException, OSError):
                pass
            self._marionette.close()
            self._marionette = None
        if self._process.poll() is None:
            try:
                self._process.wait(timeout=QUIT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    # ---- plumbing ----

    def _wait_for_port(self) -> int:
        port_file = self._profile / "MarionetteActivePort"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise WebDriverException(
                    f"firefox exited with {self._process.returncode}:\n{self._log_path.read_text(errors='replace')}")
            text = port_file.read_text().strip() if port_file.exists() else ""
            if text.isdigit():
                return int(text)
            time.sleep(0.1)
        raise WebDriverException(f"firefox did not open Marionette within {STARTUP_TIMEOUT_S}s")

    def _find(self, command: str, by: str, value: str, parent: str | None):
        using, selector = _locator(by, value)
        params = {"using": using, "value": selector, **({"element": parent} if parent else {})}
        return self._from_wire(self._value(self._marionette.call(command, params)))

    def _script(self, command: str, script: str, args: tuple):
        result = self._marionette.call(command, {"script": script, "args": self._to_wire(list(args))})
        return self._from_wire(self._value(result))

    @staticmethod
    def _value(result):
        """Marionette wraps plain answers as {"value": x}; lists come bare."""
        if isinstance(result, dict) and set(result) == {"value"}:
            return result["value"]
        return result

    def _to_wire(self, value):
        if isinstance(value, FirefoxElement):
            return {ELEMENT_KEY: value.id}
        if isinstance(value, (list, tuple)):
            return [self._to_wire(v) for v in value]
        if isinstance(value, dict):
            return {k: self._to_wire(v) for k, v in value.items()}
        return value

    def _from_wire(self, value):
        if isinstance(value, dict) and ELEMENT_KEY in value:
            return FirefoxElement(self, value[ELEMENT_KEY])
        if isinstance(value, list):
            return [self._from_wire(v) for v in value]
        if isinstance(value, dict):
            return {k: self._from_wire(v) for k, v in value.items()}
        return value


def _js(value) -> str:
    """A Python value as a user.js literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

