"""A WebSocket that the server side drops while a task runs: the page says it is disconnected,
reconnects by itself, and still ends with the result on screen (resume, API.md §3).

The browser talks to the server through a TCP proxy that closes the socket's connection from the
server's side and keeps new sockets out until the task has finished, so the final update can
only arrive after the reconnect. Nothing in the client is special-cased for the test."""

from selenium.webdriver.common.by import By

from conftest import OUTPUT_DIR
from e2e_support import image_loaded, sign_in, socket_state, wait


def test_socket_drop_mid_task_still_shows_result(browser, server, proxy, request):
    sign_in(browser, proxy.base_url, route="/create")
    wait(browser).until(lambda d: socket_state(d) == "connected")
    assert proxy.open_websockets() == 1, "one socket per tab"

    browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").send_keys("A paper boat on a pond")
    browser.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").click()
    panel = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel[data-task-id]"))
    task_id = panel.get_attribute("data-task-id")
    assert server.admin.call("GET", f"/api/v1/images/tasks/{task_id}")["status"] in ("queued", "running")

    proxy.refuse_websockets = True
    assert proxy.cut_websockets() == 1
    wait(browser).until(lambda d: socket_state(d) in ("reconnecting", "disconnected"))
    indicator = browser.find_element(By.CSS_SELECTOR, ".conn")
    assert indicator.is_displayed() and indicator.text.strip()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUTPUT_DIR / f"{request.node.name}-disconnected.png"))

    finished = server.admin.wait_task(task_id)
    assert finished["status"] == "succeeded"
    proxy.refuse_websockets = False

    image = wait(browser, 40).until(lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel .result-images img"))
    wait(browser).until(lambda d: image_loaded(d, image))
    wait(browser, 40).until(lambda d: socket_state(d) == "connected")
    assert proxy.websockets_opened >= 2, "the page reconnected"
    assert proxy.open_websockets() == 1, "still one socket per tab after reconnecting"
