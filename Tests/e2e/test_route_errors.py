"""Navigating while the server is down: the new route says it could not be loaded (the old
page does not stay under the new URL), and "Try again" loads it once the server is back."""

import time

from selenium.webdriver.common.by import By

from e2e_support import sign_in, wait


def test_a_page_that_cannot_load_says_so_and_retries(browser, server, proxy):
    sign_in(browser, proxy.base_url, route="/create")
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".create-form"))
    proxy.go_down()
    browser.execute_script("location.hash = '#/history'")
    error = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#main .route-error"))
    assert browser.find_element(By.ID, "main").get_attribute("data-path") == "/history"
    assert not browser.find_elements(By.CSS_SELECTOR, ".create-form"), "the old page is gone"
    assert "could not be loaded" in error.text

    # Trying again while the server is still down keeps the message (no browser error page).
    error.find_element(By.CSS_SELECTOR, "button").click()
    time.sleep(1)
    assert browser.find_element(By.CSS_SELECTOR, "#main .route-error").is_displayed()

    proxy.come_back()
    browser.find_element(By.CSS_SELECTOR, "#main .route-error button").click()
    # "Try again" reloads the document: read the heading by script, not through an old element.
    wait(browser).until(lambda d: d.execute_script("return document.querySelector('#main h1')?.textContent") == "History")
    assert not browser.find_elements(By.CSS_SELECTOR, "#main .route-error")
