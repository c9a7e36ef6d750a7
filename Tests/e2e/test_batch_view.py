"""A batch as the user follows it: results in prompt order, a batch with a failed prompt badged
as partly failed (never "Succeeded"), recent batches read from the server, and "Retry failed
prompts" sending the failed ones again as a new batch."""

from selenium.webdriver.common.by import By

from e2e_support import create_user, go, sign_in, wait

RESULT_TIMEOUT_S = 60
# A user of its own: its batches stay out of the admin's history, which other tests count.
USERNAME = "e2e-batcher"
PASSWORD = "batcher-pass-1234"
PROMPTS = ["order: one apple", "order: two pears [[no_image]]", "order: three plums", "order: four figs"]


def test_batch_order_partial_badge_recent_list_and_retry(browser, server):
    # Made through the API: the page must find it on the server, not in this browser's storage.
    user = create_user(server, USERNAME, PASSWORD)
    made = user.call("POST", "/api/v1/images/batch-generate", {"prompts": PROMPTS})
    batch_id = made["batch_id"]
    sign_in(browser, server.base_url, USERNAME, PASSWORD, route="/batch")
    recent = wait(browser).until(lambda d: d.find_element(
        By.CSS_SELECTOR, f".recent-list li[data-batch-id='{batch_id.lower()}'] a, .recent-list li[data-batch-id='{batch_id}'] a"))
    assert "4" in recent.text
    recent.click()

    badge = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".batch-panel .badge"))

    def all_done(d):
        cards = d.find_elements(By.CSS_SELECTOR, ".batch-gallery .task-card")
        states = [c.find_element(By.CSS_SELECTOR, ".badge").get_attribute("class") for c in cards]
        return len(cards) == 4 and all("succeeded" in s or "failed" in s for s in states) and cards

    cards = wait(browser, RESULT_TIMEOUT_S).until(all_done)
    assert [c.find_element(By.CSS_SELECTOR, ".card-prompt").text for c in cards] == PROMPTS, "prompt order"
    wait(browser, RESULT_TIMEOUT_S).until(lambda d: "badge-partial" in badge.get_attribute("class"))
    assert badge.text == "Partly failed"
    assert "1 failed" in browser.find_element(By.CSS_SELECTOR, ".batch-counts").text
    # A failed card has no image, so no "Emulator image" label either.
    failed = cards[1]
    assert not failed.find_elements(By.CSS_SELECTOR, ".thumb img")
    assert not failed.find_element(By.CSS_SELECTOR, ".emulator-mark").is_displayed()
    assert cards[0].find_element(By.CSS_SELECTOR, ".emulator-mark").is_displayed()

    retry = browser.find_element(By.XPATH, "//button[normalize-space()='Retry failed prompts']")
    retry.click()
    wait(browser).until(lambda d: batch_id.lower() not in d.current_url.lower() and "#/batch/" in d.current_url)
    new_id = browser.current_url.split("#/batch/", 1)[1]
    status = user.call("GET", f"/api/v1/images/batch/{new_id}/status")
    assert status["task_count"] == 1
    again = user.call("GET", f"/api/v1/images/tasks/{status['task_ids'][0]}")
    assert again["prompt"] == PROMPTS[1]

    go(browser, server.base_url, "/batch")
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".recent-list li")) >= 2)
