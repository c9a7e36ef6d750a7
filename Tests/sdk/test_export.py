"""`POST /api/v1/images/export`: chosen tasks or a whole batch as one ZIP, read back here with
Python's zipfile (which checks every entry's CRC): every image once, named by date, prompt
words and the whole task id, a batch's in its order, and the exact bytes of each image."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
import zipfile

from vton_process import start_serve, stop

EXPORT = "/api/v1/images/export"


def _call(port: int, method: str, path: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            headers = dict(response.headers)
            return response.status, headers, raw
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _json(raw: bytes) -> dict:
    return json.loads(raw or b"{}")


def _login(port: int) -> str:
    _, _, raw = _call(port, "POST", "/api/v1/base/access_token", body={"username": "admin", "password": "123456"})
    return _json(raw)["data"]["access_token"]


def _wait(port: int, token: str, task_id: str) -> dict:
    for _ in range(600):
        _, _, raw = _call(port, "GET", f"/api/v1/images/tasks/{task_id}", token)
        task = _json(raw)
        if task["status"] in ("succeeded", "failed", "canceled"):
            return task
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish: {task}")


def test_chosen_tasks_and_a_batch_download_as_one_zip(tmp_path):
    serve, port = start_serve(tmp_path, VTON_EMULATOR_BATCH_S="0.3", VTON_BATCH_POLL_S="0.3")
    try:
        token = _login(port)
        prompts = ["A red linen dress", "blue denim jacket", "生成一只猫"]
        ids = []
        for prompt in prompts:
            _, _, raw = _call(port, "POST", "/api/v1/images/generate", token, {"prompt": prompt, "resolution": "1K"})
            ids.append(_json(raw)["task_id"])
        tasks = [_wait(port, token, task_id) for task_id in ids]
        assert all(task["status"] == "succeeded" for task in tasks), tasks

        status, headers, raw = _call(port, "POST", EXPORT, token, {"task_ids": ids})
        assert status == 200, raw[:300]
        assert headers["Content-Type"] == "application/zip"
        assert int(headers["Content-Length"]) == len(raw), "the announced length is the archive's"
        assert "attachment" in headers["Content-Disposition"] and ".zip" in headers["Content-Disposition"]
        archive = zipfile.ZipFile(io.BytesIO(raw))
        assert archive.testzip() is None, "every entry's CRC matches its bytes"
        names = archive.namelist()
        assert len(names) == 3 and len(set(names)) == 3, names
        for name, task_id, words in zip(names, ids, ["a-red-linen-dress", "blue-denim-jacket", "生成一只猫"]):
            assert name.startswith("vton-") and f"-{words}-{task_id}-1." in name, name
        for name, task in zip(names, tasks):
            image = task["result"]["images"][0]
            _, _, original = _call(port, "GET", image["url"], token)
            assert archive.read(name) == original, f"{name} holds the stored image"

        _, _, raw = _call(port, "POST", "/api/v1/images/batch-generate", token,
                          {"prompts": ["first coat", "second coat", "third coat"], "resolution": "1K"})
        batch = _json(raw)
        for task_id in batch["task_ids"]:
            assert _wait(port, token, task_id)["status"] == "succeeded"
        status, _, raw = _call(port, "POST", EXPORT, token, {"batch_id": batch["batch_name"]})
        assert status == 200, raw[:300]
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        assert [name.split("-vton-")[0] for name in names] == ["001", "002", "003"], names
        assert ["first-coat" in names[0], "second-coat" in names[1], "third-coat" in names[2]] == [True] * 3, names
    finally:
        stop(serve)


def test_bad_exports_are_named_client_errors(tmp_path):
    serve, port = start_serve(tmp_path)
    try:
        token = _login(port)
        _, _, raw = _call(port, "POST", "/api/v1/images/generate", token, {"prompt": "[[safety]] refused", "resolution": "1K"})
        failed = _json(raw)["task_id"]
        assert _wait(port, token, failed)["status"] == "failed"
        for body, status, field in [
            ({}, 422, "task_ids"),
            ({"task_ids": [failed], "batch_id": "x"}, 422, "task_ids"),
            ({"task_ids": []}, 422, "task_ids"),
            ({"task_ids": [failed, "not-an-id"]}, 422, "task_ids[1]"),
            ({"task_ids": ["00000000-0000-7000-8000-000000000000"]}, 422, "task_ids[0]"),
            ({"batch_id": "batches/none"}, 404, None),
            ({"task_ids": [failed]}, 409, None),
        ]:
            answered, _, raw = _call(port, "POST", EXPORT, token, body)
            assert answered == status, (body, answered, raw[:200])
            if field:
                assert _json(raw)["field"] == field, (body, raw)
        assert _call(port, "POST", EXPORT, None, {"task_ids": [failed]})[0] == 401
    finally:
        stop(serve)
