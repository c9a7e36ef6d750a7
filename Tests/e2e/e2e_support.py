"""Helpers for the end-to-end tests: an HTTP client for the API, a TCP proxy that cuts WebSockets,
and the few browser steps every test repeats (sign in, wait for text)."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WS_PREFIX = b"GET /api/v1/ws/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout_s: float) -> None:
    """Waits until url answers 200, failing early (with the log) if the process exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} not ready within {timeout_s}s:\n{log.read_text()}")


class ApiError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class Api:
    """A signed-in API client (JSON in, JSON out) for setting up and checking state."""

    def __init__(self, base_url: str, username: str, password: str):
        self.base_url = base_url
        self.username = username
        self.password = password
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            answer = self.call("POST", "/api/v1/base/access_token",
                               {"username": self.username, "password": self.password}, auth=False)
            self._token = answer["data"]["access_token"]
        return self._token

    def call(self, method: str, path: str, body: object | None = None, auth: bool = True):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as err:
            raise ApiError(err.code, err.read().decode(errors="replace")) from None
        return json.loads(raw) if raw else None

    def upload(self, path: str) -> dict:
        """POST /api/v1/uploads with one file (multipart field `file`)."""
        boundary = "e2e-boundary-7f3a"
        name = Path(path).name
        mime = "image/png" if name.endswith(".png") else "image/jpeg"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {mime}\r\n\r\n").encode() + Path(path).read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base_url + "/api/v1/uploads", data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def status(self, method: str, path: str, body: object | None = None) -> int:
        """The HTTP status of a call (errors included)."""
        try:
            self.call(method, path, body)
            return 200
        except ApiError as err:
            return err.status

    def wait_task(self, task_id: str, timeout_s: float = 60) -> dict:
        deadline = time.monotonic() + timeout_s
        while True:
            task = self.call("GET", f"/api/v1/images/tasks/{task_id}")
            if task["status"] in ("succeeded", "failed", "canceled"):
                return task
            if time.monotonic() > deadline:
                raise AssertionError(f"task {task_id} still {task['status']} after {timeout_s}s")
            time.sleep(0.25)


def create_user(server, username: str, password: str) -> Api:
    """A user with the built-in `user` role (their own work, no administration); one made by
    an earlier run of the same test (the other browser) is reused."""
    roles = server.admin.call("GET", "/api/v1/role/list?page=1&page_size=100")
    roles = roles.get("data", []) if isinstance(roles, dict) else roles
    status = server.admin.status("POST", "/api/v1/user/create", {
        "username": username, "email": f"{username}@example.com", "password": password,
        "role_ids": [r["id"] for r in roles if r.get("name") == "user"]})
    assert status in (200, 201, 409), status
    return Api(server.base_url, username, password)


class CuttingProxy:
    """Forwards TCP to the server; cut_websockets() closes every proxied WebSocket the way a
    server that drops its connections would, and refuse_websockets keeps new ones out;
    go_down() plays a server that has stopped (every connection closed, new ones refused)
    until come_back()."""

    def __init__(self, upstream_base: str):
        host_port = upstream_base.split("//", 1)[1]
        host, port = host_port.split(":")
        self.upstream = (host, int(port))
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.base_url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.refuse_websockets = False
        self.refuse_all = False
        self.websockets_opened = 0
        self._ws_pairs: list[tuple[socket.socket, socket.socket]] = []
        self._all: list[socket.socket] = []
        self._lock = threading.Lock()
        self._running = True

    def start(self) -> None:
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._running = False
        self.listener.close()
        with self._lock:
            for sock in self._all:
                _close(sock)

    def open_websockets(self) -> int:
        with self._lock:
            return len(self._ws_pairs)

    def cut_websockets(self) -> int:
        with self._lock:
            pairs, self._ws_pairs = self._ws_pairs, []
        for client, upstream in pairs:
            _close(upstream)
            _close(client)
        return len(pairs)

    def go_down(self) -> None:
        self.refuse_all = True
        with self._lock:
            sockets, self._all, self._ws_pairs = self._all, [], []
        for sock in sockets:
            _close(sock)

    def come_back(self) -> None:
        self.refuse_all = False

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            first = client.recv(65536)
        except OSError:
            _close(client)
            return
        is_ws = first.startswith(WS_PREFIX)
        if not first or self.refuse_all or (is_ws and self.refuse_websockets):
            _close(client)
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
            upstream.settimeout(None)
            upstream.sendall(first)
        except OSError:
            _close(client)
            return
        with self._lock:
            self._all += [client, upstream]
            if is_ws:
                self._ws_pairs.append((client, upstream))
                self.websockets_opened += 1
        threading.Thread(target=_pump, args=(upstream, client), daemon=True).start()
        _pump(client, upstream)


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            target.sendall(chunk)
    except OSError:
        pass
    _close(source)
    _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


# ---- browser steps ----

def wait(driver, timeout_s: float = 20):
    """Polls until the condition holds; an element the page re-rendered meanwhile is looked for again."""
    return WebDriverWait(driver, timeout_s, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def sign_in(driver, base_url: str, username: str = "admin", password: str = "123456", route: str = "") -> None:
    """Opens the login page, signs in through the form and waits for the signed-in header."""
    driver.get(f"{base_url}/#/login" + (f"?next={route}" if route else ""))
    user_box = wait(driver).until(lambda d: d.find_element(By.NAME, "username"))
    user_box.send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(lambda d: "#/login" not in d.current_url)
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".user-name").get_attribute("textContent") == username)
    if route:
        wait(driver).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == route.split("?", 1)[0])


def go(driver, base_url: str, route: str) -> None:
    """Navigates inside the app (hash route) and waits until that page has rendered."""
    driver.get(f"{base_url}/#{route}")
    path = route.split("?", 1)[0]
    wait(driver).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == path
                       and d.find_elements(By.CSS_SELECTOR, "#main h1"))


def image_loaded(driver, element) -> bool:
    return bool(driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", element))


def socket_state(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".conn").get_attribute("data-state") or ""
