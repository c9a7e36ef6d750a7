"""The emulator's Batch API and Files API driven by the official Python SDK, google-genai.

Covers /work/shared/spec/gemini-rest.md §5 (batches), §6 (files) and §7 (JSONL) as the SDK
puts them on the wire: inline and file input, the PENDING → RUNNING → SUCCEEDED clock,
per-request errors, cancel, delete, paging, and the `[[expire]]` / `[[batch_fail]]` prompt
directives. The SDK renames the wire's BATCH_STATE_* to JOB_STATE_* (spec §5.2).

The emulator runs with VTON_EMULATOR_BATCH_S=BATCH_PHASE_S, so a batch is PENDING for
half a second, RUNNING for the next half, and then ends.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from google import genai
from google.genai import errors, types

from sdk_support import API_KEY, REQUEST_TIMEOUT_MS, expected_mime, pixel_size, unique_prompt

MODEL = "gemini-3-pro-image"
BATCH_PHASE_S = 0.5
# Far above two phases, so the suite also passes (slowly) against a binary that ignores
# VTON_EMULATOR_BATCH_S and keeps its default 10 s phases.
BATCH_DEADLINE_S = 60
POLL_INTERVAL_S = 0.05

State = types.JobState
TERMINAL = {State.JOB_STATE_SUCCEEDED, State.JOB_STATE_FAILED, State.JOB_STATE_CANCELLED, State.JOB_STATE_EXPIRED}


@pytest.fixture(scope="module")
def emulator_env() -> dict[str, str]:
    return {"VTON_EMULATOR_BATCH_S": str(BATCH_PHASE_S)}


# --- helpers -----------------------------------------------------------------------


def image_request(prompt: str, key: str, aspect_ratio: str | None = None, image_size: str | None = None,
                  **metadata: str) -> dict:
    """One inline batch request as the SDK's InlinedRequestDict: contents, config, metadata."""
    image_config = {name: value for name, value in (("aspect_ratio", aspect_ratio), ("image_size", image_size)) if value}
    return {
        "contents": [{"role": "user", "parts": [{"text": prompt}]}],
        "config": {"response_modalities": ["IMAGE"], "image_config": image_config},
        "metadata": {"key": key, **metadata},
    }


def wait_until_done(client: genai.Client, job: types.BatchJob) -> tuple[types.BatchJob, list[types.JobState]]:
    """Polls until the batch is terminal; returns it and the distinct states seen, in order."""
    states = [job.state]
    deadline = time.monotonic() + BATCH_DEADLINE_S
    while job.state not in TERMINAL:
        assert time.monotonic() < deadline, f"{job.name} still {job.state} after {BATCH_DEADLINE_S}s"
        time.sleep(POLL_INTERVAL_S)
        job = client.batches.get(name=job.name)
        if job.state != states[-1]:
            states.append(job.state)
    return job, states


def by_key(items: list[types.InlinedResponse]) -> dict[str, types.InlinedResponse]:
    """Results are matched by metadata.key, not by position (spec §5.2)."""
    keyed = {item.metadata["key"]: item for item in items if item.metadata}
    assert len(keyed) == len(items), f"every item carries its request's key: {items}"
    return keyed


def response_image(response: types.GenerateContentResponse) -> bytes:
    """The last non-thought image of a GenerateContentResponse, of the model's MIME type."""
    parts = [part for part in response.candidates[0].content.parts if part.inline_data and not part.thought]
    assert parts, f"no image in {response}"
    assert parts[-1].inline_data.mime_type == expected_mime(MODEL)
    return parts[-1].inline_data.data


def wire_image(response: dict) -> bytes:
    """The last non-thought image of a REST (camelCase, standard base64) GenerateContentResponse."""
    parts = [part for part in response["candidates"][0]["content"]["parts"] if "inlineData" in part and not part.get("thought")]
    assert parts, f"no image in {response}"
    assert parts[-1]["inlineData"]["mimeType"] == expected_mime(MODEL)
    return base64.b64decode(parts[-1]["inlineData"]["data"], validate=True)


def raw_get(base_url: str, path: str) -> dict:
    """GETs a REST resource without the SDK, to see fields the SDK does not surface."""
    request = urllib.request.Request(f"{base_url}/v1beta/{path}", headers={"x-goog-api-key": API_KEY})
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_MS / 1000) as response:
        return json.load(response)


def write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


# --- 1: inline input ----------------------------------------------------------------


def test_inline_batch_runs_pending_running_succeeded(client, base_url):
    requests = [
        image_request("Poster #1: a lighthouse at dusk", "poster-1", "16:9", "2K"),
        image_request("Poster #2: a red kite", "poster-2", "1:1", "1K"),
        image_request("Poster #3: a teapot", "poster-3", "4:5"),  # imageSize defaults to 1K
    ]

    created = client.batches.create(model=MODEL, src=requests, config={"display_name": "sdk-inline-posters"})

    assert created.name.startswith("batches/")
    assert created.display_name == "sdk-inline-posters"
    assert created.model == f"models/{MODEL}"
    assert created.dest is None, "no results before the batch ends"
    job, states = wait_until_done(client, created)
    assert states == [State.JOB_STATE_PENDING, State.JOB_STATE_RUNNING, State.JOB_STATE_SUCCEEDED]
    assert job.end_time is not None and job.end_time >= job.create_time

    results = by_key(job.dest.inlined_responses)
    assert set(results) == {"poster-1", "poster-2", "poster-3"}
    expected = {"poster-1": (2752, 1536), "poster-2": (1024, 1024), "poster-3": (928, 1152)}
    for key, size in expected.items():
        assert results[key].error is None
        assert pixel_size(response_image(results[key].response)) == size, key
    assert results["poster-1"].response.model_version == MODEL

    # The REST docs read the same results from the operation's top-level `response`.
    operation = raw_get(base_url, created.name)
    assert operation["done"] is True
    assert operation["metadata"]["state"] == "BATCH_STATE_SUCCEEDED", "the wire keeps BATCH_STATE_*"
    assert operation["response"]["@type"].endswith("GenerateContentBatchOutput")
    assert operation["response"]["inlinedResponses"] == operation["metadata"]["output"]["inlinedResponses"]
    assert operation["metadata"]["batchStats"] == {"requestCount": "3", "successfulRequestCount": "3"}


def test_inline_metadata_round_trips_every_key(client):
    created = client.batches.create(
        model=MODEL, src=[image_request("A blue kite", "kite", "1:1", "1K", campaign="spring", locale="de-CH")],
    )

    job, _ = wait_until_done(client, created)

    assert job.dest.inlined_responses[0].metadata == {"key": "kite", "campaign": "spring", "locale": "de-CH"}


# --- 2: JSONL file input, results as a generated file -------------------------------


def test_file_batch_results_in_a_downloadable_jsonl_file(client, tmp_path):
    # Spec §7: the documented wrapper form; the docs mix snake_case and camelCase keys.
    lines = [
        {"key": "letter-a", "request": {
            "contents": [{"parts": [{"text": "A big letter A surrounded by animals"}]}],
            "generation_config": {"responseModalities": ["TEXT", "IMAGE"], "imageConfig": {"aspectRatio": "1:1", "imageSize": "1K"}}}},
        {"key": "kite", "request": {
            "contents": [{"role": "user", "parts": [{"text": "A blue kite"}]}],
            "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "16:9", "imageSize": "2K"}}}},
    ]
    path = write_jsonl(tmp_path / "image-requests.jsonl", lines)

    uploaded = client.files.upload(file=path, config={"mime_type": "jsonl", "display_name": "image-requests"})

    assert uploaded.name.startswith("files/")
    assert uploaded.size_bytes == path.stat().st_size
    assert uploaded.state == types.FileState.ACTIVE
    assert uploaded.source == types.FileSource.UPLOADED
    assert uploaded.download_uri is None, "uploaded files are not downloadable"

    created = client.batches.create(model=MODEL, src=uploaded.name, config={"display_name": "sdk-file-posters"})
    job, states = wait_until_done(client, created)

    assert states[-1] == State.JOB_STATE_SUCCEEDED
    batch_id = created.name.removeprefix("batches/")
    assert job.dest.file_name == f"files/batch-{batch_id}"
    assert not job.dest.inlined_responses, "file input answers with a file, not inline"

    generated = client.files.get(name=job.dest.file_name)
    assert generated.source == types.FileSource.GENERATED
    assert generated.download_uri, "generated files carry a downloadUri"
    assert generated.state == types.FileState.ACTIVE

    data = client.files.download(file=job.dest.file_name)

    assert generated.size_bytes == len(data)
    results = {}
    for line in data.decode().splitlines():
        entry = json.loads(line)
        results[entry["key"]] = entry
    assert set(results) == {"letter-a", "kite"}
    sizes = {"letter-a": (1024, 1024), "kite": (2752, 1536)}
    for key, size in sizes.items():
        assert pixel_size(wire_image(results[key]["response"])) == size, key
    letter_parts = results["letter-a"]["response"]["candidates"][0]["content"]["parts"]
    assert any("text" in part and not part.get("thought") for part in letter_parts), "TEXT+IMAGE answers with text too"
    assert client.files.download(file=generated) == data, "the File object downloads the same bytes"


# --- 3: files get, list, delete -------------------------------------------------------


def test_files_get_list_delete(client, tmp_path):
    line = {"key": "k", "request": {"contents": [{"parts": [{"text": "A red bicycle"}]}]}}
    uploads = [
        client.files.upload(file=write_jsonl(tmp_path / f"part-{index}.jsonl", [line] * (index + 1)),
                            config={"mime_type": "application/jsonl", "display_name": f"part-{index}"})
        for index in range(3)
    ]

    fetched = client.files.get(name=uploads[0].name)
    assert (fetched.name, fetched.display_name, fetched.size_bytes) == (uploads[0].name, "part-0", uploads[0].size_bytes)
    assert fetched.mime_type == "application/jsonl"
    assert fetched.expiration_time > fetched.create_time, "uploads expire (after 48 h)"

    pager = client.files.list(config={"page_size": 1})
    assert len(pager.page) == 1, "the SDK sent pageSize=1"
    listed = [file.name for file in pager]
    assert {upload.name for upload in uploads} <= set(listed), "the pager follows nextPageToken across pages"
    assert len(listed) == len(set(listed)), "no file is listed twice"

    client.files.delete(name=uploads[1].name)

    with pytest.raises(errors.ClientError) as caught:
        client.files.get(name=uploads[1].name)
    assert caught.value.code == 403, "a missing file is 403, not 404 (spec §6.2)"
    assert uploads[1].name not in {file.name for file in client.files.list()}
    with pytest.raises(errors.ClientError):
        client.files.download(file=uploads[0].name)  # uploaded files cannot be downloaded


def test_upload_may_choose_the_file_id(client, tmp_path):
    path = write_jsonl(tmp_path / "chosen.jsonl", [{"key": "k", "request": {"contents": [{"parts": [{"text": "x"}]}]}}])
    chosen = f"chosen-{uuid.uuid4().hex[:8]}"

    uploaded = client.files.upload(file=path, config={"mime_type": "jsonl", "name": chosen})

    assert uploaded.name == f"files/{chosen}"


# --- 4: one failing request among good ones ---------------------------------------------


def test_failing_request_is_an_error_item_and_the_batch_still_succeeds(client, base_url):
    requests = [
        image_request("A lighthouse", "ok", "1:1", "1K"),
        image_request(unique_prompt("[[fail:500]] A lighthouse"), "internal", "1:1", "1K"),
        image_request(unique_prompt("[[fail:429]] A lighthouse"), "quota", "1:1", "1K"),
        image_request("A lighthouse", "bad-ratio", "7:3", "1K"),
        image_request("[[safety]] something forbidden", "blocked", "1:1", "1K"),
    ]

    job, _ = wait_until_done(client, client.batches.create(model=MODEL, src=requests))

    assert job.state == State.JOB_STATE_SUCCEEDED, "a batch with failed requests still succeeds (spec §5.2)"
    results = by_key(job.dest.inlined_responses)
    assert pixel_size(response_image(results["ok"].response)) == (1024, 1024)
    assert results["ok"].error is None
    # google.rpc.Status with numeric gRPC codes: INTERNAL 13, RESOURCE_EXHAUSTED 8, INVALID_ARGUMENT 3.
    for key, code in {"internal": 13, "quota": 8, "bad-ratio": 3}.items():
        assert results[key].response is None, key
        assert results[key].error is not None and results[key].error.code == code, key
        assert results[key].error.message, key
    blocked = results["blocked"]
    assert blocked.error is None, "a safety block is a response, not an error"
    assert blocked.response.prompt_feedback.block_reason not in (None, types.BlockedReason.BLOCKED_REASON_UNSPECIFIED)

    stats = raw_get(base_url, job.name)["metadata"]["batchStats"]
    assert stats == {"requestCount": "5", "successfulRequestCount": "2", "failedRequestCount": "3"}


# --- 5: cancel and delete -------------------------------------------------------------


def test_cancel_pending_batch_then_delete_it(client):
    created = client.batches.create(model=MODEL, src=[image_request("A slow poster", "slow", "1:1", "1K")])
    assert created.state == State.JOB_STATE_PENDING

    client.batches.cancel(name=created.name)

    cancelled = client.batches.get(name=created.name)
    assert cancelled.state == State.JOB_STATE_CANCELLED
    assert cancelled.end_time is not None
    time.sleep(2 * BATCH_PHASE_S + 0.2)
    assert client.batches.get(name=created.name).state == State.JOB_STATE_CANCELLED, "the clock does not revive it"
    with pytest.raises(errors.ClientError):
        client.batches.cancel(name=created.name)  # only pending or running batches can be cancelled

    client.batches.delete(name=created.name)

    with pytest.raises(errors.ClientError) as caught:
        client.batches.get(name=created.name)
    assert caught.value.code == 404
    assert caught.value.status == "NOT_FOUND"
    assert created.name not in {job.name for job in client.batches.list()}
    with pytest.raises(errors.ClientError) as caught:
        client.batches.delete(name=created.name)
    assert caught.value.code == 404


# --- 6: list pages ----------------------------------------------------------------------


def test_list_pages_through_all_batches(client):
    names = [
        client.batches.create(model=MODEL, src=[image_request(f"List poster {index}", f"list-{index}", "1:1", "1K")],
                              config={"display_name": f"sdk-list-{index}"}).name
        for index in range(3)
    ]

    pager = client.batches.list(config={"page_size": 1})
    pages = [pager.page]
    while pager.config.get("page_token"):
        pages.append(pager.next_page())

    assert all(len(page) == 1 for page in pages), "each page holds pageSize=1 batch"
    walked = [job.name for page in pages for job in page]
    assert set(names) <= set(walked)
    assert len(walked) == len(set(walked)), "no batch is listed twice"
    assert [job.name for job in client.batches.list(config={"page_size": 1})] == walked, "iteration crosses pages"
    listed = {job.name: job for page in pages for job in page}
    assert [listed[name].display_name for name in names] == ["sdk-list-0", "sdk-list-1", "sdk-list-2"]


# --- 7: batch-level endings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("directive", "ending"),
    [("[[expire]]", State.JOB_STATE_EXPIRED), ("[[batch_fail]]", State.JOB_STATE_FAILED)],
)
def test_batch_directive_ends_the_whole_batch(client, base_url, directive, ending):
    requests = [
        image_request("A harmless poster", "first", "1:1", "1K"),
        image_request(f"{directive} A poster", "second", "1:1", "1K"),
    ]

    job, states = wait_until_done(client, client.batches.create(model=MODEL, src=requests))

    assert states[-1] == ending
    assert job.dest is None or not (job.dest.inlined_responses or job.dest.file_name), "no results"
    operation = raw_get(base_url, job.name)
    assert operation["done"] is True
    assert operation["error"]["code"] and operation["error"]["message"], "the operation carries a google.rpc.Status"
