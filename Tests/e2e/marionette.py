"""Marionette, the remote protocol built into Firefox: length-prefixed JSON over TCP.

The usual bridge between Selenium and Firefox, geckodriver, is not packaged in Debian and the
test machines cannot download it, so the e2e tests talk to Firefox's own protocol directly.
A command is `<byte length>:[0, id, "WebDriver:Name", {params}]`; the answer is
`<byte length>:[1, id, error-or-null, result-or-null]`; on connecting, the server first sends a
hello naming the protocol version. Errors carry the W3C WebDriver error codes, raised here as
Selenium's exceptions so that WebDriverWait and the tests handle both browsers alike.
"""

from __future__ import annotations

import json
import socket

from selenium.common import exceptions as selenium_errors

PROTOCOL_VERSION = 3
# Every command that can block (navigation, scripts) has its own, shorter browser-side timeout;
# this only stops a test from hanging forever on a Firefox that stopped answering.
SOCKET_TIMEOUT_S = 120

_ERRORS = {
    "no such element": selenium_errors.NoSuchElementException,
    "stale element reference": selenium_errors.StaleElementReferenceException,
    "element not interactable": selenium_errors.ElementNotInteractableException,
    "element click intercepted": selenium_errors.ElementClickInterceptedException,
    "invalid selector": selenium_errors.InvalidSelectorException,
    "invalid argument": selenium_errors.InvalidArgumentException,
    "javascript error": selenium_errors.JavascriptException,
    "script timeout": selenium_errors.TimeoutException,
    "timeout": selenium_errors.TimeoutException,
    "no such window": selenium_errors.NoSuchWindowException,
    "invalid session id": selenium_errors.InvalidSessionIdException,
    "unexpected alert open": selenium_errors.UnexpectedAlertPresentException,
}


class Marionette:
    """One connection to a Firefox started with --marionette; call() sends a command and
    returns its result, one command at a time."""

    def __init__(self, host: str, port: int):
        self._sock = socket.create_connection((host, port), timeout=SOCKET_TIMEOUT_S)
        self._buffer = b""
        self._last_id = 0
        hello = self._read()
        if hello.get("marionetteProtocol") != PROTOCOL_VERSION:
            raise selenium_errors.WebDriverException(f"unexpected Marionette hello: {hello}")

    def call(self, command: str, params: dict | None = None):
        self._last_id += 1
        packet = json.dumps([0, self._last_id, command, params or {}]).encode()
        self._sock.sendall(str(len(packet)).encode() + b":" + packet)
        while True:
            kind, message_id, error, result = self._read()
            # Only the answer to this command matters; the server sends nothing else unasked.
            if kind == 1 and message_id == self._last_id:
                break
        if error:
            raise _ERRORS.get(error.get("error"), selenium_errors.WebDriverException)(
                f"{command}: {error.get('error')}: {error.get('message')}")
        return result

    def close(self) -> None:
        try:
            self._sock.close()
        except OSError:
            pass

    def _read(self):
        while b":" not in self._buffer:
            self._buffer += self._receive()
        length, _, self._buffer = self._buffer.partition(b":")
        size = int(length)
        while len(self._buffer) < size:
            self._buffer += self._receive()
        packet, self._buffer = self._buffer[:size], self._buffer[size:]
        return json.loads(packet)

    def _receive(self) -> bytes:
        chunk = self._sock.recv(1 << 16)
        if not chunk:
            raise selenium_errors.WebDriverException("Firefox closed the Marionette connection")
        return chunk
