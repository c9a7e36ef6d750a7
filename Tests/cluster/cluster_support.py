"""What the cluster test drives and reads: the processes it starts, the HTTP API, the database
(through psql) and the blob store (files, or an S3 bucket through boto3), each as plain helpers."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest

from vton_process import free_port, stop, vton_binary, wait_until_listening

HTTP_TIMEOUT_S = 60
# What a run observed, printed at the end of the session (conftest.py).
REPORT: list[str] = []


# Processes


def clean_environment(**settings: str) -> dict[str, str]:
    """The caller's environment without any vton, Gemini, database or AWS setting, so only what
    the test sets reaches a process, plus `settings`."""
    kept = {name: value for name, value in os.environ.items()
            if not name.startswith(("VTON_", "GEMINI_", "AWS_")) and name != "DATABASE_URL"}
    return {**kept, **settings}


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int

    def alive(self) -> bool:
        return self.popen.poll() is None

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start(name: str, arguments: list[str], env: dict[str, str], port: int, directory: Path) -> Process:
    """Starts `vton <arguments>` with its output in directory/<name>.log; returns once it listens."""
    log = directory / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen([str(vton_binary()), *arguments], stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, cwd=directory, env=env)
    process = Process(name, popen, log, port)
    try:
        wait_until_listening(popen, port, log, name)
    except BaseException:
        stop(popen)
        raise
    return process


def run_to_end(arguments: list[str], env: dict[str, str], directory: Path) -> None:
    done = subprocess.run([str(vton_binary()), *arguments], cwd=directory, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"vton {' '.join(arguments)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")


def worker_owner(process: Process, timeout_s: float = 30) -> str:
    """The owner name this worker's task leases carry, from its "worker started" log line."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = re.search(r" owner=(\S+) .*worker started", process.log.read_text(errors="replace"))
        if found:
            return found.group(1)
        if not process.alive():
            break
        time.sleep(0.2)
    pytest.fail(f"{process.name} never logged \"worker started\" with its owner:\n{process.log_tail()}")


def kill_hard(process: Process) -> None:
    process.popen.send_signal(signal.SIGKILL)
    process.popen.wait(timeout=10)


# HTTP API


class APIError(Exception):
    def __init__(self, method: str, url: str, status: int, body: str):
        super().__init__(f"{method} {url}: HTTP {status} {body[:500]}")
        self.status = status


@dataclass
class API:
    """The api process's HTTP API, as one caller (a bearer token, or none)."""
    base: str
    token: str | None = None

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        return json.loads(self.raw(method, path, body) or b"null")

    def raw(self, method: str, path: str, body: dict | None = None) -> bytes:
        url = self.base + path
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise APIError(method, url, error.code, error.read().decode(errors="replace")) from None

    def login(self, username: str, password: str) -> API:
        answer = self.call("POST", "/api/v1/base/access_token", {"username": username, "password": password})
        return API(self.base, answer["data"]["access_token"])


# Database


@dataclass
class Database:
    """One database on the test's PostgreSQL server, read and written with psql."""
    url: str

    @staticmethod
    def create(server_url: str) -> Database:
        """A fresh, empty database on the server VTON_TEST_POSTGRES_URL names (its own database
        is only used to issue CREATE DATABASE)."""
        name = f"vton_cluster_{uuid.uuid4().hex[:12]}"
        Database(server_url).execute(f"CREATE DATABASE {name}")
        parts = urllib.parse.urlsplit(server_url)
        return Database(urllib.parse.urlunsplit(parts._replace(path="/" + name)))

    @property
    def name(self) -> str:
        return urllib.parse.urlsplit(self.url).path.lstrip("/")

    def drop(self, server_url: str) -> None:
        Database(server_url).execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def execute(self, sql: str) -> None:
        self.rows(sql)

    def rows(self, sql: str) -> list[list[str]]:
        """Every row of a query, each as its column values in text (NULL as an empty string)."""
        done = subprocess.run(["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            pytest.fail(f"psql failed on {sql!r}:\n{done.stderr}")
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def value(self, sql: str) -> str:
        rows = self.rows(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, f"{sql!r} answered {rows}"
        return rows[0][0]


# Blob store


@dataclass
class StoredObject:
    name: str
    content: bytes


@dataclass
class BlobStore:
    """Where the processes keep images: `files` under one shared data directory, or an S3 bucket
    prefix, read with the same credentials the processes use."""
    kind: str
    data_directory: Path | None = None
    endpoint: str | None = None
    bucket: str | None = None
    prefix: str | None = None
    settings: dict[str, str] = field(default_factory=dict)

    def objects(self) -> tuple[list[StoredObject], list[str]]:
        """Every stored object by its name (`<sha256>` or `<sha256>.<variant>`), and the names of
        anything else found where objects are kept (a temporary file a killed process left)."""
        if self.kind == "files":
            root = self.data_directory / "blobs"
            found = [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
            stored = [StoredObject(path.name, path.read_bytes()) for path in found if not path.name.startswith(".")]
            return stored, [str(path) for path in found if path.name.startswith(".")]
        client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                              aws_access_key_id=self.settings["VTON_S3_ACCESS_KEY_ID"],
                              aws_secret_access_key=self.settings["VTON_S3_SECRET_ACCESS_KEY"])
        stored, other = [], []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{self.prefix}/"):
            for key in (entry["Key"] for entry in page.get("Contents", [])):
                name = key.rsplit("/", 1)[-1]
                if key == f"{self.prefix}/blobs/{name[:2]}/{name}":
                    stored.append(StoredObject(name, client.get_object(Bucket=self.bucket, Key=key)["Body"].read()))
                else:
                    other.append(key)
        return stored, other


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
