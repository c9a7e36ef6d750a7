"""A task's page while it runs: a moving bar instead of a stalled 50 %, and no "Attempts 0"
before the server has counted them; the audit log says how its path filter matches."""

from selenium.webdriver.common.by import By

from e2e_support import go, sign_in, wait


def _attempts(driver) -> str:
    return driver.find_element(By.XPATH, "//dt[normalize-space()='Attempts']/following-sibling::dd[1]").text


def test_running_task_shows_no_false_progress_or_attempts(browser, server):
    task = server.admin.call("POST", "/api/v1/images/generate", {"prompt": "[[slow:6]] details: a slow teapot"})
    sign_in(browser, server.base_url)
    go(browser, server.base_url, f"/tasks/{task['task_id']}")
    wait(browser).until(lambda d: "badge-running" in d.find_element(By.CSS_SELECTOR, ".task-panel .badge").get_attribute("class"))
    bar = browser.find_element(By.CSS_SELECTOR, ".task-panel progress")
    assert bar.is_displayed()
    assert browser.execute_script("return arguments[0].hasAttribute('value')", bar) is False, "indeterminate while running"
    assert _attempts(browser) == "Counted when the task ends"

    wait(browser, 60).until(lambda d: "badge-succeeded" in d.find_element(By.CSS_SELECTOR, ".task-panel .badge").get_attribute("class"))
    wait(browser).until(lambda d: _attempts(d) == "1")
    assert not bar.is_displayed()


def test_audit_path_filter_says_it_matches_the_start(browser, server):
    sign_in(browser, server.base_url)
    go(browser, server.base_url, "/admin?tab=audit")
    path = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "input[name=path]"))
    assert path.get_attribute("placeholder") == "/api/v1/images"
    hint = browser.find_element(By.ID, path.get_attribute("id") + "-hint")
    assert "start with" in hint.text
