"""Login through the form: a wrong password is explained next to the form, which keeps the inputs;
the right one signs in, shows the user and says plainly that images come from the emulator."""

from selenium.webdriver.common.by import By

from e2e_support import sign_in, wait


def test_login(browser, server):
    browser.get(f"{server.base_url}/")
    wait(browser).until(lambda d: "#/login" in d.current_url)
    # The route changes before the page renders: wait for the form, not just the URL.
    wait(browser).until(lambda d: d.find_element(By.NAME, "username")).send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("wrong-password")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    error = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".form-error:not([hidden])"))
    assert error.text.strip(), "a failed login says why"
    assert browser.find_element(By.NAME, "username").get_attribute("value") == "admin"

    sign_in(browser, server.base_url)
    banner = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".banner-emulator:not([hidden])"))
    assert "emulator" in banner.text.lower()
    assert browser.find_element(By.CSS_SELECTOR, "#main h1").text
