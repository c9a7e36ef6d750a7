"""Share links: made and revoked on the task page, opened without signing in; a revoked link
says so instead of showing the image."""

from selenium.webdriver.common.by import By

from e2e_support import create_user, go, image_loaded, sign_in, wait


def _links(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".share-card .share-item")


def test_a_share_link_opens_without_login_until_revoked(browser, server):
    api = create_user(server, "e2e_share", "share-pass-1")
    task = api.wait_task(api.call("POST", "/api/v1/images/generate", {"prompt": "share: a red umbrella"})["task_id"])
    sign_in(browser, server.base_url, "e2e_share", "share-pass-1")
    go(browser, server.base_url, f"/tasks/{task['task_id']}")
    card = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".share-card:not([hidden])"))
    card.find_element(By.CSS_SELECTOR, "select[name=expires_in_seconds]").send_keys("1 day")
    card.find_element(By.XPATH, ".//button[normalize-space()='Create link']").click()
    wait(browser).until(lambda d: len(_links(d)) == 1)
    first = _links(browser)[0]
    assert first.get_attribute("data-state") == "active"
    revoked_url = first.find_element(By.CSS_SELECTOR, "input.share-url").get_attribute("value")
    assert revoked_url.startswith(server.base_url + "/#/shared/")
    first.find_element(By.XPATH, ".//button[normalize-space()='Revoke']").click()
    wait(browser).until(lambda d: _links(d)[0].get_attribute("data-state") == "revoked")
    assert "Revoked" in _links(browser)[0].text

    # The card is drawn anew with each change: find it again.
    browser.find_element(By.CSS_SELECTOR, ".share-card").find_element(By.XPATH, ".//button[normalize-space()='Create link']").click()
    wait(browser).until(lambda d: len(_links(d)) == 2 and _links(d)[0].get_attribute("data-state") == "active")
    active_url = _links(browser)[0].find_element(By.CSS_SELECTOR, "input.share-url").get_attribute("value")
    shares = api.call("GET", f"/api/v1/images/tasks/{task['task_id']}/shares")["shares"]
    assert [s["state"] for s in shares] == ["active", "revoked"]

    # Signed out: the revoked link explains itself, the active one shows the image.
    browser.execute_script("localStorage.removeItem('vton.token')")
    browser.get(revoked_url)
    message = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".shared-gone"))
    assert "revoked" in message.text
    browser.get(active_url)
    browser.refresh()  # only the fragment changed: load the page again, as a new visitor would
    image = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".shared-task img"))
    wait(browser).until(lambda d: image_loaded(d, image))
    assert "share: a red umbrella" in browser.find_element(By.CSS_SELECTOR, ".shared-task .task-prompt").text
    assert browser.execute_script("return localStorage.getItem('vton.token')") is None
