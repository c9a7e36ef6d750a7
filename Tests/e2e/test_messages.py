"""What the client says: server errors in the user's language by their code, the password
rules the server applies, a field's error gone once the field is edited, and a superuser's
credits shown as unlimited."""

import pytest
from selenium.webdriver.common.by import By

from e2e_support import Api, create_user, go, sign_in, wait

USERNAME = "e2e-broke"
PASSWORD = "broke-pass-1234"


@pytest.fixture(scope="module")
def broke(server) -> Api:
    """A user with no credits left."""
    user = create_user(server, USERNAME, PASSWORD)
    found = server.admin.call("GET", f"/api/v1/user/list?page=1&page_size=10&username={USERNAME}")["data"][0]
    balance = user.call("GET", "/api/v1/credits/balance")["credits"]
    server.admin.call("POST", "/api/v1/credits/adjust", {"user_id": found["id"], "delta": -balance, "reason": "e2e: nothing left"})
    return user


def test_server_errors_in_chinese_by_their_code(browser_factory, server, broke):
    zh = browser_factory("zh-CN")
    sign_in(zh, server.base_url, USERNAME, PASSWORD, route="/create")
    prompt = wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompt]"))
    prompt.send_keys("a cat")
    zh.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").click()
    error = wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, ".create-form .form-error:not([hidden])"))
    assert error.text == "积分不足。", "402 INSUFFICIENT_CREDITS in Chinese, not the server's English"

    go(zh, server.base_url, "/account")
    form = wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, "input[name=old_password]")).find_element(By.XPATH, "ancestor::form")
    form.find_element(By.NAME, "old_password").send_keys("not-my-password-1")
    form.find_element(By.NAME, "new_password").send_keys("fresh-pass-99")
    form.find_element(By.NAME, "confirm_password").send_keys("fresh-pass-99")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wrong = wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=old_password] .field-error:not([hidden])"))
    assert wrong.text == "当前密码不正确。"


def test_password_rules_match_the_server_and_errors_clear_when_edited(browser, server):
    sign_in(browser, server.base_url, route="/account")
    new_pw = wait(browser).until(lambda d: d.find_element(By.NAME, "new_password"))
    assert new_pw.get_attribute("minlength") == "8"
    form = new_pw.find_element(By.XPATH, "ancestor::form")
    form.find_element(By.NAME, "old_password").send_keys("123456")
    new_pw.send_keys("abc123")  # 6 characters: the server refuses fewer than 8
    form.find_element(By.NAME, "confirm_password").send_keys("abc123")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=new_password] .field-error:not([hidden])"))
    assert "8 characters" in error.text
    assert new_pw.get_attribute("aria-invalid") == "true"
    # Nothing was sent: the admin password is unchanged (this login would fail otherwise).
    assert server.admin.call("POST", "/api/v1/base/access_token", {"username": "admin", "password": "123456"}, auth=False)
    new_pw.send_keys("x")
    wait(browser).until(lambda d: not error.is_displayed())
    assert new_pw.get_attribute("aria-invalid") is None

    # The superuser's profile: unlimited, never "Credits 0".
    profile = browser.find_element(By.CSS_SELECTOR, "#account-info-title").find_element(By.XPATH, "..")
    wait(browser).until(lambda d: "Unlimited credits" in profile.text)
    credits_row = profile.find_element(By.XPATH, ".//dt[normalize-space()='Credits']/following-sibling::dd[1]")
    assert credits_row.text == "Unlimited credits"
