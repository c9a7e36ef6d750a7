"""A waiting task says where it stands: its place in the economy pool and when the pool is sent
(the e2e server sends it when its oldest task has waited 600 s), gone once the task leaves it."""

import re

from selenium.webdriver.common.by import By

from e2e_support import create_user, go, sign_in, wait


def test_an_economy_task_shows_its_place_and_wait(browser, server):
    api = create_user(server, "e2e_queue", "queue-pass-1")
    task = api.call("POST", "/api/v1/images/generate", {"prompt": "queue: a slow boat", "priority": "economy"})
    queue = api.call("GET", f"/api/v1/images/tasks/{task['task_id']}")["queue"]
    assert queue["lane"] == "economy" and queue["position"] >= 1 and 0 < queue["eta_seconds"] <= 600

    sign_in(browser, server.base_url, "e2e_queue", "queue-pass-1")
    go(browser, server.base_url, f"/tasks/{task['task_id']}")
    note = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel .queue-note"))
    assert note.is_displayed()
    assert re.fullmatch(r"Economy pool position \d+ · sent as a batch in about (10|[1-9]) min", note.text), note.text

    browser.find_element(By.XPATH, "//button[normalize-space()='Cancel']").click()
    wait(browser).until(lambda d: "badge-canceled" in d.find_element(By.CSS_SELECTOR, ".task-panel .badge").get_attribute("class"))
    assert not note.is_displayed()
