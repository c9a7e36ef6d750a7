"""History scrolls through a long list without stalling: every task appears when the reader
keeps scrolling to the bottom (the page's infinite scroll once stopped after two or three pages
when its end stayed in view while a page was being added)."""

import time

import pytest
from selenium.webdriver.common.by import By

from e2e_support import Api, go, sign_in

USERNAME = "e2e-scroller"
PASSWORD = "scroller-pass-1234"
TASKS = 80  # more than three pages of 24
CARDS = "return document.querySelectorAll('.history-grid .task-card').length"


@pytest.fixture(scope="module")
def scroller(server) -> Api:
    """An account with TASKS tasks, canceled at once so that none of them loads the shared server."""
    body = {"username": USERNAME, "email": "scroller@example.com", "password": PASSWORD, "is_active": True, "is_superuser": True}
    assert server.admin.status("POST", "/api/v1/user/create", body) in (200, 201)
    account = Api(server.base_url, USERNAME, PASSWORD)
    for index in range(TASKS):
        task = account.call("POST", "/api/v1/images/generate", {"prompt": f"history scroll {index}", "aspect_ratio": "1:1"})
        account.call("POST", f"/api/v1/images/tasks/{task['task_id']}/cancel")
    return account


def test_history_scrolls_to_the_end(browser, server, scroller):
    sign_in(browser, server.base_url, USERNAME, PASSWORD)
    go(browser, server.base_url, "/history")
    # A reader who keeps the end in view: back to the bottom as soon as cards are added, before
    # the browser draws again (the race that stalled the scroll, made certain).
    browser.execute_script("""
        const grid = document.querySelector('.history-grid');
        new MutationObserver(() => window.scrollTo(0, document.body.scrollHeight)).observe(grid, { childList: true });
        window.scrollTo(0, document.body.scrollHeight);""")
    deadline = time.monotonic() + 20
    while browser.execute_script(CARDS) < TASKS and time.monotonic() < deadline:
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        time.sleep(0.05)
    assert browser.execute_script(CARDS) == TASKS
    assert not [e for e in browser.find_elements(By.CSS_SELECTOR, "#main .form-error") if e.is_displayed()]
