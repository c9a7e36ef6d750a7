"""The Gemini emulator (`vton emulator`) driven by the official Python SDK, google-genai.

Proves the emulator speaks the wire protocol of /work/shared/spec/gemini-rest.md §1–§4 as
the real SDK puts it on the wire (URL-safe base64, snake_case `mime_type`, `/v1` by
default), not only as our own Swift client does.

The module starts the emulator itself on a free loopback port (conftest.py). Binary: $VTON_BIN,
default `.build/debug/vton` relative to the repository root.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from google import genai
from google.genai import errors, types

from sdk_support import API_KEY, REQUEST_TIMEOUT_MS, expected_mime, pixel_size, sniffed_mime, unique_prompt

REFERENCE_PNG = Path(__file__).parent / "fixtures" / "person-astronaut.png"


# --- helpers -----------------------------------------------------------------------


def generate(client: genai.Client, model: str, contents, aspect_ratio=None, image_size=None,
             modalities=("IMAGE",)) -> types.GenerateContentResponse:
    image_config = None
    if aspect_ratio is not None or image_size is not None:
        image_config = types.ImageConfig(aspect_ratio=aspect_ratio, image_size=image_size)
    config = types.GenerateContentConfig(response_modalities=list(modalities), image_config=image_config)
    return client.models.generate_content(model=model, contents=contents, config=config)


def answer_parts(response: types.GenerateContentResponse) -> list[types.Part]:
    """The parts of the first candidate that are the answer, i.e. not thoughts (spec §2.3)."""
    assert response.candidates, f"no candidates in {response}"
    content = response.candidates[0].content
    return [part for part in (content.parts or []) if not part.thought]


def final_image(response: types.GenerateContentResponse) -> types.Part:
    """The last non-thought inline image part."""
    images = [part for part in answer_parts(response) if part.inline_data is not None]
    assert images, f"no non-thought image part in {response}"
    return images[-1]


def image_bytes(response: types.GenerateContentResponse) -> bytes:
    """The final image's bytes, which are what its part says they are."""
    part = final_image(response)
    assert part.inline_data.mime_type == sniffed_mime(part.inline_data.data)
    return part.inline_data.data


def raw_generate(base_url: str, query: str = "", headers: dict | None = None) -> tuple[int, dict]:
    """POSTs a minimal generateContent body without the SDK; returns (status, parsed JSON)."""
    body = json.dumps({"contents": [{"parts": [{"text": "a red bicycle"}]}]}).encode()
    request = urllib.request.Request(
        f"{base_url}/v1beta/models/gemini-3-pro-image:generateContent{query}", data=body, method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_MS / 1000) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


# --- 1–2: pixel sizes per gemini-rest.md §3.1 ---------------------------------------


def test_text_to_image_pro_16x9_2k(client):
    response = generate(client, "gemini-3-pro-image", "A lighthouse at dusk", aspect_ratio="16:9", image_size="2K")

    image = final_image(response)
    assert pixel_size(image.inline_data.data) == (2752, 1536)
    assert image.thought_signature, "the final image part carries a thought signature (spec §2.4)"
    assert response.candidates[0].finish_reason == types.FinishReason.STOP


@pytest.mark.parametrize(
    ("model", "aspect_ratio", "image_size", "expected"),
    [
        ("gemini-3-pro-image", "1:1", "1K", (1024, 1024)),
        ("gemini-3-pro-image", "9:16", "2K", (1536, 2752)),
        ("gemini-3-pro-image", "21:9", "4K", (6336, 2688)),
        ("gemini-3-pro-image", "4:5", None, (928, 1152)),  # imageSize defaults to 1K
        ("gemini-3.1-flash-image", "1:4", "512", (256, 1024)),
        ("gemini-3.1-flash-image", "2:3", "512", (424, 632)),
        ("gemini-3.1-flash-image", "8:1", "1K", (3072, 384)),
        ("gemini-3.1-flash-image", "3:4", "2K", (1792, 2400)),
        ("gemini-3.1-flash-image", "4:1", "4K", (8192, 2048)),
        ("gemini-2.5-flash-image", "16:9", None, (1344, 768)),
        ("gemini-2.5-flash-image", "21:9", None, (1536, 672)),
        ("gemini-2.5-flash-image", "3:4", None, (864, 1184)),
        ("gemini-2.5-flash-image", None, None, (1024, 1024)),  # no imageConfig at all: 1:1
    ],
)
def test_pixel_size_follows_the_tables(client, model, aspect_ratio, image_size, expected):
    response = generate(client, model, "A red bicycle", aspect_ratio=aspect_ratio, image_size=image_size)

    assert pixel_size(image_bytes(response)) == expected
    assert final_image(response).inline_data.mime_type == expected_mime(model)


# --- 3: reference image as the SDK encodes it ---------------------------------------


def test_reference_image_from_bytes(client):
    reference = REFERENCE_PNG.read_bytes()
    prompt = "Put this person in a space suit on the Moon"

    with_reference = generate(
        client, "gemini-3-pro-image", [types.Part.from_bytes(data=reference, mime_type="image/png"), prompt],
        aspect_ratio="1:1", image_size="1K",
    )
    without_reference = generate(client, "gemini-3-pro-image", prompt, aspect_ratio="1:1", image_size="1K")

    assert pixel_size(image_bytes(with_reference)) == (1024, 1024)
    assert image_bytes(with_reference) != image_bytes(without_reference), "the reference must show in the result"


# --- 4: determinism -----------------------------------------------------------------


def test_same_request_same_bytes_and_other_prompt_other_bytes(client):
    def render(prompt):
        return image_bytes(generate(client, "gemini-3.1-flash-image", prompt, aspect_ratio="1:1", image_size="512"))

    first = render("A teapot on a table")
    assert render("A teapot on a table") == first
    assert render("A kettle on a table") != first


# --- 5: errors ----------------------------------------------------------------------


def test_unknown_model_is_404(client):
    with pytest.raises(errors.ClientError) as caught:
        generate(client, "gemini-9-image", "A red bicycle")

    assert caught.value.code == 404
    assert caught.value.status == "NOT_FOUND"
    assert "models/gemini-9-image is not found for API version v1beta" in caught.value.message


@pytest.mark.parametrize(
    ("model", "aspect_ratio", "image_size"),
    [
        pytest.param("gemini-3-pro-image", "7:3", "1K", id="unknown-ratio"),
        pytest.param("gemini-3-pro-image", "16:9", "1k", id="lowercase-size"),
        pytest.param("gemini-2.5-flash-image", "16:9", "1K", id="size-on-2.5-flash"),
        pytest.param("gemini-3-pro-image", "1:1", "512", id="512-on-pro"),
        pytest.param("gemini-3-pro-image", "1:4", "1K", id="1:4-on-pro"),
    ],
)
def test_invalid_image_config_is_400(client, model, aspect_ratio, image_size):
    with pytest.raises(errors.ClientError) as caught:
        generate(client, model, "A red bicycle", aspect_ratio=aspect_ratio, image_size=image_size)

    assert caught.value.code == 400
    assert caught.value.status == "INVALID_ARGUMENT"


def test_missing_api_key_is_403(base_url):
    status, body = raw_generate(base_url)

    assert status == 403
    assert body["error"]["code"] == 403
    assert body["error"]["status"] == "PERMISSION_DENIED"


def test_api_key_as_query_parameter(base_url):
    status, body = raw_generate(base_url, query=f"?key={API_KEY}")

    assert status == 200, body
    assert body["candidates"][0]["finishReason"] == "STOP"


# --- 6: prompt directives ------------------------------------------------------------


def test_safety_directive_blocks_the_prompt(client):
    response = generate(client, "gemini-3-pro-image", "[[safety]] something forbidden")

    assert response.prompt_feedback is not None
    assert response.prompt_feedback.block_reason not in (None, types.BlockedReason.BLOCKED_REASON_UNSPECIFIED)
    assert not response.candidates


@pytest.mark.parametrize(
    ("directive", "finish_reason"),
    [("[[image_safety]]", types.FinishReason.IMAGE_SAFETY), ("[[no_image]]", types.FinishReason.NO_IMAGE)],
)
def test_output_directives_end_without_image(client, directive, finish_reason):
    response = generate(client, "gemini-3-pro-image", f"{directive} A red bicycle")

    assert response.candidates[0].finish_reason == finish_reason
    assert not any(part.inline_data for part in answer_parts(response))


def test_fail_directive_fails_once_then_succeeds(client):
    prompt = unique_prompt("[[fail:503*1]] A red bicycle")

    with pytest.raises(errors.ServerError) as caught:
        generate(client, "gemini-3-pro-image", prompt)
    assert caught.value.code == 503
    assert caught.value.status == "UNAVAILABLE"

    assert pixel_size(image_bytes(generate(client, "gemini-3-pro-image", prompt))) == (1024, 1024)


def test_sdk_retry_options_ride_out_injected_503s(make_client):
    retrying = make_client(
        retry_options=types.HttpRetryOptions(attempts=3, initial_delay=0.05, max_delay=0.2, jitter=0),
    )

    response = generate(retrying, "gemini-3-pro-image", unique_prompt("[[fail:503*2]] A red bicycle"))

    assert pixel_size(image_bytes(response)) == (1024, 1024)


# --- 7: usage metadata and model version ---------------------------------------------


def test_usage_metadata_and_model_version(client):
    response = generate(client, "gemini-3-pro-image", "A red bicycle", aspect_ratio="1:1", image_size="2K",
                        modalities=("TEXT", "IMAGE"))

    usage = response.usage_metadata
    assert usage.candidates_token_count > 0
    assert usage.prompt_token_count > 0
    assert usage.total_token_count >= usage.prompt_token_count + usage.candidates_token_count
    assert response.model_version == "gemini-3-pro-image"
    assert response.response_id
    assert any(part.text for part in answer_parts(response)), "TEXT+IMAGE answers with text too"


# --- 8: models.list and models.get ------------------------------------------------------


def test_models_list_pages_and_get(client):
    models = list(client.models.list(config={"page_size": 3}))
    names = {model.name for model in models}

    assert {"models/gemini-3-pro-image", "models/gemini-3.1-flash-image", "models/gemini-2.5-flash"} <= names
    assert "models/gemini-3-pro-image-preview" not in names, "shut-down ids are not listed"
    pro = client.models.get(model="gemini-3-pro-image")
    assert pro.display_name == "Nano Banana Pro"
    assert "batchGenerateContent" in pro.supported_actions
    assert pro.thinking is True
    with pytest.raises(errors.ClientError) as caught:
        client.models.get(model="gemini-3-pro-image-preview")
    assert caught.value.code == 404


# --- the SDK's default API version (v1) -----------------------------------------------


def test_default_api_version_v1(make_client):
    default_client = make_client(api_version=None)

    response = generate(default_client, "gemini-3.1-flash-image", "A red bicycle", aspect_ratio="16:9", image_size="1K")
    assert pixel_size(image_bytes(response)) == (1376, 768)

    with pytest.raises(errors.ClientError) as caught:
        generate(default_client, "gemini-9-image", "A red bicycle")
    assert "for API version v1," in caught.value.message, "the SDK's default path is /v1/"
