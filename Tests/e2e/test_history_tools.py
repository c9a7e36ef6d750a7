"""History's tools (issue 19): a prompt search kept in the URL (reload and Back), stars and
"Starred only", and the selection mode's ZIP download and bulk delete."""

from __future__ import annotations

import base64
import io
import uuid
import zipfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from e2e_support import ApiError, create_user, go, sign_in, wait

# A user of its own: these tasks stay out of the admin's history, which other tests count.
USERNAME = "e2e-curator"
PASSWORD = "curator-pass-1234"
PROMPTS = ["tools crimson dress on a hanger", "tools crimson scarf in the wind",
           "tools teal coat by the sea", "tools amber hat on a table"]
CARDS = ".history-grid .task-card"

# Installed in the page before a download: remembers each Blob given an object URL and, instead
# of letting the browser save a file (a dialog in some browsers), what a download link would
# save. Both browsers run it the same way, and the test can read the bytes back.
CAPTURE_DOWNLOADS = """
    window.__downloads = [];
    const blobs = new Map();
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { const url = make(blob); blobs.set(url, blob); return url; };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      if (this.download && blobs.has(this.href)) window.__downloads.push({ name: this.download, blob: blobs.get(this.href) });
      else click.call(this);
    };
    window.confirm = (text) => { window.__confirmed = text; return true; };"""

READ_DOWNLOAD = """
    const done = arguments[arguments.length - 1];
    const { name, blob } = window.__downloads[0];
    const reader = new FileReader();
    reader.onload = () => done({ name, type: blob.type, data: reader.result.split(',', 2)[1] });
    reader.readAsDataURL(blob);"""


@pytest.fixture(scope="module")
def curator(server):
    """The user and their finished tasks, by prompt (made once for both browsers)."""
    user = create_user(server, USERNAME, PASSWORD)
    known = {t["prompt"]: t for t in user.call("GET", "/api/v1/images?limit=100")["tasks"]}
    made = [known.get(p) or user.call("POST", "/api/v1/images/generate", {"prompt": p, "aspect_ratio": "1:1"})
            for p in PROMPTS]
    tasks = {p: user.wait_task(t["task_id"]) for p, t in zip(PROMPTS, made)}
    assert all(t["status"] == "succeeded" for t in tasks.values()), tasks
    return user, tasks


def _prompts(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((c) => c.querySelector('.card-prompt').title)", CARDS)


def _shows(driver, prompts: list[str]):
    return wait(driver).until(lambda d: sorted(_prompts(d)) == sorted(prompts) or None)


def _card(driver, prompt: str):
    return wait(driver).until(lambda d: next(
        (c for c in d.find_elements(By.CSS_SELECTOR, CARDS)
         if c.find_element(By.CSS_SELECTOR, ".card-prompt").get_attribute("title") == prompt), None))


def _open_history(driver, server):
    sign_in(driver, server.base_url, USERNAME, PASSWORD)
    go(driver, server.base_url, "/history")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, CARDS))


def _all_prompts(user) -> list[str]:
    return [t["prompt"] for t in user.call("GET", "/api/v1/images?limit=100")["tasks"]]


def test_search_narrows_the_list_and_the_url_keeps_it(browser, server, curator):
    user, _ = curator
    _open_history(browser, server)
    everything = _all_prompts(user)
    _shows(browser, everything)

    box = browser.find_element(By.NAME, "q")
    box.send_keys("crimson")
    _shows(browser, PROMPTS[:2])
    wait(browser).until(lambda d: "q=crimson" in d.current_url)

    browser.refresh()
    wait(browser).until(lambda d: d.find_element(By.NAME, "q").get_attribute("value") == "crimson")
    _shows(browser, PROMPTS[:2])

    # Narrower still (every word must be in the prompt), then Back to the list before the search.
    box = browser.find_element(By.NAME, "q")
    box.send_keys(" scarf")
    _shows(browser, PROMPTS[1:2])
    wait(browser).until(lambda d: "scarf" in d.current_url)
    browser.execute_script("history.back()")
    wait(browser).until(lambda d: "q=crimson" in d.current_url and "scarf" not in d.current_url)
    _shows(browser, PROMPTS[:2])

    # Nothing matches: the empty state says so; Esc clears the search.
    box = browser.find_element(By.NAME, "q")
    box.send_keys(" nowhere")
    empty = wait(browser).until(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "#main .empty") if e.is_displayed()), None))
    assert "No task matches" in empty.text
    browser.find_element(By.NAME, "q").send_keys(Keys.ESCAPE)
    _shows(browser, everything)
    assert browser.find_element(By.NAME, "q").get_attribute("value") == ""
    assert "q=" not in browser.current_url


def test_star_then_starred_only(browser, server, curator):
    user, tasks = curator
    for task in tasks.values():  # the other browser's run starred one
        user.call("DELETE", f"/api/v1/images/tasks/{task['task_id']}/favourite")
    _open_history(browser, server)
    starred_only = browser.find_element(By.NAME, "favourite")

    starred_only.click()
    empty = wait(browser).until(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "#main .empty") if e.is_displayed()), None))
    assert "No starred tasks" in empty.text
    assert "starred=1" in browser.current_url
    starred_only.click()
    _shows(browser, _all_prompts(user))

    chosen = PROMPTS[2]
    star = _card(browser, chosen).find_element(By.CSS_SELECTOR, "button.star")
    assert star.get_attribute("aria-pressed") == "false"
    assert star.get_attribute("aria-label") == "Star"
    star.click()
    wait(browser).until(lambda d: star.get_attribute("aria-pressed") == "true")
    wait(browser).until(lambda d: user.call("GET", f"/api/v1/images/tasks/{tasks[chosen]['task_id']}")["favourite"])

    starred_only.click()
    _shows(browser, [chosen])
    assert _card(browser, chosen).find_element(By.CSS_SELECTOR, "button.star").get_attribute("aria-pressed") == "true"


def test_select_three_and_download_a_zip(browser, server, curator):
    _, tasks = curator
    _open_history(browser, server)
    browser.execute_script(CAPTURE_DOWNLOADS)
    browser.find_element(By.XPATH, "//button[normalize-space()='Select']").click()
    chosen = PROMPTS[:3]
    for prompt in chosen:
        _card(browser, prompt).find_element(By.CSS_SELECTOR, ".card-select input").click()
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".selection-bar [role=status]").text == "3 selected")

    browser.find_element(By.XPATH, "//button[normalize-space()='Download ZIP']").click()
    wait(browser).until(lambda d: d.execute_script("return window.__downloads.length") == 1)
    saved = browser.execute_async_script(READ_DOWNLOAD)

    assert saved["name"].startswith("vton-export-") and saved["name"].endswith("-3-tasks.zip"), saved["name"]
    data = base64.b64decode(saved["data"])
    assert data[:4] == b"PK\x03\x04"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 3, names
    for prompt in chosen:
        assert any(tasks[prompt]["task_id"].lower() in n.lower() for n in names), (prompt, names)
    # The button is back to itself once the download is done.
    wait(browser).until(lambda d: d.find_element(By.XPATH, "//button[normalize-space()='Download ZIP']").is_enabled())


def test_bulk_delete_of_two_tasks(browser, server, curator):
    user, _ = curator
    # Two tasks of this run only, canceled at once: nothing to wait for.
    doomed = []
    run = uuid.uuid4().hex[:8]
    for n in range(2):
        prompt = f"tools doomed {n} {run}"
        task = user.call("POST", "/api/v1/images/generate", {"prompt": prompt, "aspect_ratio": "1:1"})
        user.call("POST", f"/api/v1/images/tasks/{task['task_id']}/cancel")
        doomed.append({**task, "prompt": prompt})
    _open_history(browser, server)
    browser.execute_script(CAPTURE_DOWNLOADS)
    browser.find_element(By.XPATH, "//button[normalize-space()='Select']").click()
    for task in doomed:
        _card(browser, task["prompt"]).find_element(By.CSS_SELECTOR, ".card-select input").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Delete selected']").click()

    wait(browser).until(lambda d: not {t["prompt"] for t in doomed} & set(_prompts(d)))
    assert "selected tasks (2)?" in browser.execute_script("return window.__confirmed")
    for task in doomed:
        with pytest.raises(ApiError) as gone:
            user.call("GET", f"/api/v1/images/tasks/{task['task_id']}")
        assert gone.value.status == 404
    assert set(PROMPTS) <= set(_prompts(browser)), "the others stay"
    assert not [e for e in browser.find_elements(By.CSS_SELECTOR, "#main .form-error") if e.is_displayed()]


def test_batch_download_all(browser, server, curator):
    user, _ = curator
    made = user.call("POST", "/api/v1/images/batch-generate", {"prompts": ["tools batch plum", "tools batch pear"]})
    batch_id = made["batch_id"]
    sign_in(browser, server.base_url, USERNAME, PASSWORD)
    go(browser, server.base_url, f"/batch/{batch_id}")
    browser.execute_script(CAPTURE_DOWNLOADS)
    button = wait(browser, 60).until(lambda d: next(
        (b for b in d.find_elements(By.XPATH, "//button[normalize-space()='Download all (ZIP)']") if b.is_displayed()), None))
    button.click()
    wait(browser).until(lambda d: d.execute_script("return window.__downloads.length") == 1)
    saved = browser.execute_async_script(READ_DOWNLOAD)

    assert saved["name"].startswith("vton-batch-") and batch_id.lower() in saved["name"], saved["name"]
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(saved["data"]))).namelist()
    assert [n[:4] for n in names] == ["001-", "002-"], names
