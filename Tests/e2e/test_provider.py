"""What the provider says reaches the person who must act on it: the model and its price before
submitting, a key without billing on the System page, and what a task really cost."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import go, sign_in, wait

RESULT_TIMEOUT_S = 60


def test_model_picker_prices_before_submitting(browser, server):
    sign_in(browser, server.base_url, route="/create")
    model = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "select[name=model]:enabled"))
    offered = [o.get_attribute("value") for o in Select(model).options]
    assert "gemini-3-pro-image" in offered and not any(m.endswith("-preview") for m in offered), offered
    assert Select(model).first_selected_option.get_attribute("value") == "gemini-3-pro-image"
    price = browser.find_element(By.CSS_SELECTOR, ".model-price")
    wait(browser).until(lambda d: "0.134" in price.text and "134" in price.text)
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=resolution]")).select_by_value("4K")
    wait(browser).until(lambda d: "0.24" in price.text)

    Select(model).select_by_value("gemini-3.1-flash-image")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=resolution]")).select_by_value("1K")
    wait(browser).until(lambda d: "0.067" in price.text)
    browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").send_keys("A linen shirt on a hanger")
    browser.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").click()
    link = wait(browser, RESULT_TIMEOUT_S).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel .badge-succeeded")
        and d.find_element(By.CSS_SELECTOR, ".task-panel .card-links a"))
    go(browser, server.base_url, link.get_attribute("href").split("#", 1)[1])
    details = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "dl.details .provider-cost"))
    assert "US$" in details.text and "image" in details.text
    assert "gemini-3.1-flash-image" in browser.find_element(By.CSS_SELECTOR, "dl.details").text


def test_a_key_without_billing_is_shown_on_the_system_page(browser, server):
    failed = server.admin.wait_task(server.admin.call("POST", "/api/v1/images/generate", {"prompt": "[[quota0]] a coat"})["task_id"])
    assert failed["error"]["code"] == "PROVIDER_QUOTA"
    sign_in(browser, server.base_url, route="/admin")
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "a.tab[href$='tab=system']")).click()
    alert = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".provider-problem"))
    assert "billing" in alert.text and "gemini-3-pro-image" in alert.text
    # Once a call to the model succeeds again the warning goes, here and on /readyz.
    server.admin.wait_task(server.admin.call("POST", "/api/v1/images/generate", {"prompt": "a coat"})["task_id"])
    browser.refresh()
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".provider-cost"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".provider-problem")
