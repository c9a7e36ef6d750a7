"""Issue #18: three `vton serve` processes, one `api` and two `worker`, on one PostgreSQL
database and one blob store, with one `vton emulator` of their own as the provider. 1,000 tasks
go in through the api process's HTTP API; one worker is killed with SIGKILL while it runs
tasks, and the other takes those over once their leases run out. Afterwards every task has
succeeded, once: the provider was called once per task (twice at most for a task the killed
worker was running, and there are no more of those than its concurrency), each task has one
stored result and no image is stored twice, and each user's ledger adds up to their balance,
which paid exactly the price of their tasks.

The run happens once, in the module's `run` fixture; each test checks one of those promises.
Provider calls are counted in the emulator's own call log (`vton emulator --call-log`), which
sees every call whichever process made it and whether or not that process lived to read the
answer. The killed worker's running tasks are read from the database between stopping it and
killing it, so none can start or end between the reading and the kill; each worker names the
owner its leases carry in its log ("worker started").

Environment (`make test-cluster` sets it):
  VTON_BIN                    the binary, default .build/debug/vton
  VTON_TEST_POSTGRES_URL      required: a PostgreSQL server on which the test creates, and at the end
                              drops, a database of its own (scripts/test-postgres.sh starts one and
                              sets it). Without it the test fails instead of skipping: the cluster
                              exists only on PostgreSQL.
  VTON_TEST_CLUSTER_STORAGE   where the images go: `s3` keeps them under a prefix of its own in the
                              bucket of VTON_TEST_S3_URL at VTON_TEST_S3_ENDPOINT (scripts/test-s3.sh
                              starts moto and sets both), each process with a data directory of its
                              own, and fails when those are not set; `files` gives the three processes
                              one shared VTON_DATA_DIR. Unset: `s3` when VTON_TEST_S3_URL is set, else
                              `files`.
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import re
import signal
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cluster_support import (
    API, REPORT, BlobStore, Database, Process, clean_environment, free_port, kill_hard, run_to_end, sha256, start,
    worker_owner,
)
from vton_process import stop

TASKS = 1000
USERS = 4
MODEL = "gemini-3.1-flash-image"
RESOLUTION = "1K"
WORKER_CONCURRENCY = 8
# The emulator's answer time for a 1K image. Long enough that a worker always has calls in
# flight when it is killed, short enough that two workers of 8 calls each finish 1,000 tasks in
# under a minute of calls; the rest of the run is the processes' CPU.
EMULATOR_LATENCY_MS = 800
# Renewed every third of this: short, so the killed worker's tasks come back within seconds,
# with room for a renewal that a loaded machine delays.
TASK_LEASE_S = 5
# The kill comes once this share of the tasks has succeeded: mid-run, with work on both sides.
KILL_AFTER = TASKS // 4
RUN_TIMEOUT_S = 900
ADMIN_PASSWORD = "cluster-admin-Passw0rd"
USER_PASSWORD = "cluster-user-Passw0rd"
# Enough for every task a user submits, so no submission is refused for its price.
NEW_USER_CREDITS = 1_000_000
TERMINAL = ("succeeded", "failed", "canceled")


@dataclass
class User:
    name: str
    id: str
    api: API


@dataclass
class Run:
    directory: Path
    database: Database
    store: BlobStore
    api: API
    users: list[User]
    price_credits: int
    # Task id → its number, which its prompt carries.
    numbers: dict[str, int]
    victim_owner: str
    # The tasks running under the killed worker's leases when it died.
    held_at_kill: set[str]
    seconds: float
    takeover_seconds: float
    calls: collections.Counter[int] = field(default_factory=collections.Counter)
    # Every task as the api process lists it to its owner.
    listed: dict[str, dict] = field(default_factory=dict)


def prompt(number: int, run_id: str) -> str:
    return f"cluster task {number:04d} of run {run_id}: a lighthouse at dusk"


@pytest.fixture(scope="module")
def run(postgres_server_url: str, blob_store: BlobStore, tmp_path_factory) -> Run:
    directory = tmp_path_factory.mktemp("cluster")
    database = Database.create(postgres_server_url)
    processes: list[Process] = []
    try:
        yield _run(database, blob_store, directory, processes)
    finally:
        for process in processes:
            if process.alive():
                stop(process.popen)
        database.drop(postgres_server_url)


def _run(database: Database, store: BlobStore, directory: Path, processes: list[Process]) -> Run:
    run_id = uuid.uuid4().hex[:8]
    call_log = directory / "calls.jsonl"
    emulator_port = free_port()
    # Without grain: no check here looks at image sizes, and grain's bytes cost every process
    # (drawing, encoding, reading, storing) about twice the CPU.
    emulator = start("emulator", ["emulator", "--port", str(emulator_port), "--latency-ms", str(EMULATOR_LATENCY_MS),
                                  "--call-log", str(call_log), "--no-grain"], clean_environment(), emulator_port, directory)
    processes.append(emulator)

    def environment(name: str, port: int) -> dict[str, str]:
        data = store.data_directory if store.kind == "files" else directory / f"{name}-data"
        return clean_environment(
            DATABASE_URL=database.url, VTON_HOST="127.0.0.1", VTON_PORT=str(port), VTON_DATA_DIR=str(data),
            GEMINI_BASE_URL=f"http://127.0.0.1:{emulator_port}", VTON_JWT_SECRET="cluster-test-secret-" + "x" * 32,
            VTON_ADMIN_PASSWORD=ADMIN_PASSWORD, VTON_WORKER_CONCURRENCY=str(WORKER_CONCURRENCY), VTON_TASK_LEASE_S=str(TASK_LEASE_S),
            VTON_NEW_USER_CREDITS=str(NEW_USER_CREDITS), VTON_QUOTA_TASKS_PER_MINUTE="1000000",
            VTON_QUOTA_TASKS_IN_FLIGHT="1000000", **store.settings)

    run_to_end(["migrate"], environment("migrate", 0), directory)
    # The api process first: it creates the admin account, which processes starting together
    # on an empty database would each try to create.
    api_port = free_port()
    api_process = start("api", ["serve", "--role", "api"], environment("api", api_port), api_port, directory)
    processes.append(api_process)
    workers = []
    for name in ("worker-1", "worker-2"):
        port = free_port()
        workers.append(start(name, ["serve", "--role", "worker"], environment(name, port), port, directory))
        processes.append(workers[-1])
    victim, survivor = workers
    victim_owner = worker_owner(victim)

    admin = API(f"http://127.0.0.1:{api_port}").login("admin", ADMIN_PASSWORD)
    users = []
    for index in range(USERS):
        name = f"cluster{index}"
        created = admin.call("POST", "/api/v1/user/create",
                             {"username": name, "email": f"{name}@example.com", "password": USER_PASSWORD})
        users.append(User(name, created["id"].lower(), admin.login(name, USER_PASSWORD)))
    prices = next(m for m in admin.call("GET", "/api/v1/models")["models"] if m["id"] == MODEL)["prices"]
    price_credits = next(p for p in prices if p["resolution"] == RESOLUTION)["credits"]

    started = time.monotonic()
    numbers = _submit(users, run_id)
    held_at_kill, succeeded_at_kill = _kill_mid_run(database, victim, victim_owner)
    killed_at = time.monotonic()
    takeover_seconds = _wait_until_done(database, users, held_at_kill, victim_owner, killed_at,
                                        alive=[api_process, survivor, emulator])
    seconds = time.monotonic() - started

    result = Run(directory, database, store, admin, users, price_credits, numbers, victim_owner, held_at_kill, seconds, takeover_seconds)
    marker = re.compile(rf"cluster task (\d{{4}}) of run {run_id}:")
    for line in call_log.read_text().splitlines():
        found = marker.search(json.loads(line)["prompt"])
        assert found, f"a call the test did not make: {line[:200]}"
        result.calls[int(found.group(1))] += 1
    for user in users:
        for offset in range(0, TASKS, 100):
            for task in user.api.call("GET", f"/api/v1/images/tasks?limit=100&offset={offset}")["tasks"]:
                result.listed[task["task_id"].lower()] = task
    cpu = ", ".join(f"{process.name} {process.cpu_seconds():.0f} s" for process in processes if process.alive())
    rerun = sum(1 for count in result.calls.values() if count > 1)
    REPORT.append(f"{TASKS} tasks of {USERS} users on 1 api + 2 worker processes (concurrency {WORKER_CONCURRENCY} each), "
                  f"storage: {store.kind}, emulator latency {EMULATOR_LATENCY_MS} ms, task lease {TASK_LEASE_S} s")
    REPORT.append(f"submitted to all done: {seconds:.1f} s; worker killed at {succeeded_at_kill} successes, holding "
                  f"{len(held_at_kill)} running tasks, all taken over {takeover_seconds:.1f} s after the kill")
    REPORT.append(f"provider calls: {sum(result.calls.values())} for {len(result.calls)} prompts; "
                  f"{rerun} prompts called twice, {len(result.calls) - rerun} once")
    REPORT.append(f"CPU of the processes still running: {cpu}")
    return result


def _submit(users: list[User], run_id: str) -> dict[str, int]:
    """Creates the tasks through the API, eight requests at a time; answers task id → number."""
    def create(number: int) -> tuple[str, int]:
        owner = users[number % USERS]
        created = owner.api.call("POST", "/api/v1/images/generate", {
            "prompt": prompt(number, run_id), "model": MODEL, "resolution": RESOLUTION, "aspect_ratio": "1:1"})
        return created["task_id"].lower(), number

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return dict(pool.map(create, range(TASKS)))


def _kill_mid_run(database: Database, victim: Process, owner: str) -> tuple[set[str], int]:
    """Once enough tasks succeeded, SIGKILLs the victim while it runs tasks; answers those tasks
    and how many had succeeded. It is stopped (SIGSTOP) first: a stopped process starts and ends
    nothing, so the tasks read then are exactly those it held when it died. The pause lets a
    commit it had already sent land."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        succeeded = int(database.value("SELECT COUNT(*) FROM tasks WHERE status = 'succeeded'"))
        if succeeded >= KILL_AFTER:
            victim.popen.send_signal(signal.SIGSTOP)
            time.sleep(0.5)
            held = {row[0] for row in database.rows(f"SELECT id FROM tasks WHERE status = 'running' AND lease_owner = '{owner}'")}
            if held:
                kill_hard(victim)
                return held, succeeded
            victim.popen.send_signal(signal.SIGCONT)
        assert victim.alive(), f"{victim.name} died before it was killed:\n{victim.log_tail()}"
        time.sleep(0.2)
    pytest.fail(f"{KILL_AFTER} tasks did not succeed within {RUN_TIMEOUT_S} s")


def _wait_until_done(database: Database, users: list[User], held: set[str], victim_owner: str, killed_at: float,
                     alive: list[Process]) -> float:
    """Polls the API until every task has ended; answers how long after the kill the last of the
    killed worker's tasks left its lease."""
    held_list = ", ".join(f"'{task_id}'" for task_id in held)
    takeover: float | None = None
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        for process in alive:
            assert process.alive(), f"{process.name} died:\n{process.log_tail()}"
        if takeover is None and database.value(
                f"SELECT COUNT(*) FROM tasks WHERE id IN ({held_list}) AND status = 'running' AND lease_owner = '{victim_owner}'") == "0":
            takeover = time.monotonic() - killed_at
        ended = {status: sum(user.api.call("GET", f"/api/v1/images/tasks?status={status}&limit=1")["total"] for user in users)
                 for status in TERMINAL}
        assert ended["failed"] == ended["canceled"] == 0, f"tasks ended otherwise than succeeded: {ended}"
        if ended["succeeded"] == TASKS and takeover is not None:
            return takeover
        time.sleep(1)
    pytest.fail(f"the tasks did not all end within {RUN_TIMEOUT_S} s")


def test_every_task_succeeded_as_the_api_reports_it(run: Run):
    assert set(run.listed) == set(run.numbers), "the api lists other tasks than those submitted"
    statuses = collections.Counter(task["status"] for task in run.listed.values())
    assert statuses == {"succeeded": TASKS}
    assert all(len(task["result"]["images"]) == 1 for task in run.listed.values())


def test_the_provider_ran_each_task_once_but_those_the_killed_worker_held(run: Run):
    """A task the killed worker held may have been called before it died (its answer was lost),
    and is called again by the survivor: at most twice. Every other task: exactly once."""
    held_numbers = {run.numbers[task_id] for task_id in run.held_at_kill}
    assert 1 <= len(held_numbers) <= WORKER_CONCURRENCY
    others = {number: run.calls[number] for number in run.numbers.values() if number not in held_numbers}
    assert {number: count for number, count in others.items() if count != 1} == {}, "tasks not called exactly once"
    assert all(1 <= run.calls[number] <= 2 for number in held_numbers), {n: run.calls[n] for n in held_numbers}
    # Claimed twice: the killed worker's tasks, and only those.
    claims = dict(run.database.rows("SELECT task_id, COUNT(*) FROM task_events WHERE status = 'running' GROUP BY task_id"))
    assert {task_id for task_id, count in claims.items() if int(count) > 1} == run.held_at_kill
    assert len(claims) == TASKS


def test_each_task_has_one_stored_result_and_no_image_is_stored_twice(run: Run):
    results = run.database.rows("SELECT task_id, id, sha256 FROM stored_files WHERE kind = 'result'")
    per_task = collections.Counter(task_id for task_id, _, _ in results)
    assert set(per_task) == set(run.numbers) and set(per_task.values()) == {1}, \
        {task_id: count for task_id, count in per_task.items() if count != 1}
    digests = {sha for _, _, sha in results}
    assert len(digests) == TASKS, "two tasks' results are the same image"
    assert run.database.value("SELECT COUNT(*) FROM stored_files WHERE kind <> 'result'") == "0"

    # The result the api lists is the stored one.
    file_of = {task_id: file_id for task_id, file_id, _ in results}
    for task_id, task in run.listed.items():
        assert _file_id(task["result"]["images"][0]["url"]) == file_of[task_id]

    objects, leftovers = run.store.objects()
    originals = collections.Counter(o.name for o in objects if "." not in o.name)
    assert set(originals) == digests, "the store holds other originals than the results"
    assert all(sha256(o.content) == o.name for o in objects if "." not in o.name), "an object is not stored under its own digest"
    variants = [o.name for o in objects if "." in o.name]
    assert {name.split(".", 1)[0] for name in variants} <= digests, "a variant of an image that is not stored"
    # Only a process killed while writing leaves a temporary file behind.
    assert len(leftovers) <= WORKER_CONCURRENCY, leftovers
    if run.store.kind == "s3":
        for name in ("api", "worker-1", "worker-2"):
            assert not list(run.directory.glob(f"{name}-data/blobs/*/*")), f"{name} kept images as files"

    # Served by the api process, though the workers stored them: the killed worker's tasks and a few others.
    sample = sorted(run.held_at_kill) + sorted(set(run.listed) - run.held_at_kill)[:10]
    digest_of = {task_id: sha for task_id, _, sha in results}
    owner_api = {user.id: user.api for user in run.users}
    owners = dict(run.database.rows(f"SELECT id, user_id FROM tasks WHERE id IN ({', '.join(repr(t) for t in sample)})"))
    for task_id in sample:
        image = owner_api[owners[task_id]].raw("GET", run.listed[task_id]["result"]["images"][0]["url"])
        assert sha256(image) == digest_of[task_id]
    REPORT.append(f"results: {len(results)} rows for {len(per_task)} tasks, {len(digests)} distinct images; store: "
                  f"{sum(originals.values())} originals, {len(variants)} variants, {len(leftovers)} leftovers")


def test_each_ledger_adds_up_to_its_balance_and_the_charge_is_every_task_at_its_price(run: Run):
    rows = run.database.rows(
        "SELECT u.id, u.credits, COALESCE(SUM(l.delta), 0) FROM users u LEFT JOIN credit_ledger l ON l.user_id = u.id GROUP BY u.id, u.credits")
    for user_id, credits, ledger in rows:
        assert int(credits) == int(ledger), f"user {user_id}: balance {credits}, ledger sum {ledger}"
    for user in run.users:
        balance = user.api.call("GET", "/api/v1/credits/balance")
        assert balance["held"] == 0
        assert balance["credits"] == NEW_USER_CREDITS - TASKS // USERS * run.price_credits

    # Per task, one hold of its price and one capture: no task paid twice, none went free.
    movements = collections.defaultdict(list)
    for task_id, kind, delta in run.database.rows("SELECT task_id, kind, delta FROM credit_ledger WHERE task_id IS NOT NULL"):
        movements[task_id].append((kind, int(delta)))
    assert set(movements) == set(run.numbers)
    odd = {task_id: moved for task_id, moved in movements.items()
           if sorted(moved) != [("capture", 0), ("reserve", -run.price_credits)]}
    assert odd == {}
    charged = -sum(delta for moved in movements.values() for _, delta in moved)
    assert charged == TASKS * run.price_credits
    assert run.database.rows("SELECT credit_state, COUNT(*) FROM tasks GROUP BY credit_state") == [["captured", str(TASKS)]]
    REPORT.append(f"credits: {charged} charged = {TASKS} tasks × {run.price_credits}; every ledger equals its balance")


def _file_id(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()
