"""Variations: one prompt, n images, priced as n before submitting, made as n tasks and shown
side by side as they arrive."""

from selenium.webdriver.common.by import By

from e2e_support import create_user, image_loaded, sign_in, wait

RESULT_TIMEOUT_S = 60


def test_three_variations_are_priced_as_three_and_shown_as_a_grid(browser, server):
    api = create_user(server, "e2e_variations", "variations-pass-1")
    before = api.call("GET", "/api/v1/credits/balance")["credits"]
    sign_in(browser, server.base_url, "e2e_variations", "variations-pass-1", route="/create")
    prompt = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompt]"))
    prompt.send_keys("variations: a paper lantern")
    price = browser.find_element(By.CSS_SELECTOR, ".model-price")
    wait(browser).until(lambda d: price.text.startswith("One image"))
    one = price.text
    browser.find_element(By.CSS_SELECTOR, "select[name=n]").send_keys("3")
    wait(browser).until(lambda d: price.text.startswith("3 images"))
    credits = lambda text: int(text.rsplit("·", 1)[1].split()[0].replace(",", ""))  # noqa: E731
    assert credits(price.text) == 3 * credits(one), (one, price.text)

    browser.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").click()
    grid = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".results .variation-grid"))
    panels = grid.find_elements(By.CSS_SELECTOR, ".task-panel")
    assert len(panels) == 3
    wait(browser, RESULT_TIMEOUT_S).until(lambda d: len(grid.find_elements(By.CSS_SELECTOR, ".badge-succeeded")) == 3)
    images = grid.find_elements(By.CSS_SELECTOR, ".result-images img")
    assert len(images) == 3
    for img in images:
        wait(browser).until(lambda d, img=img: image_loaded(d, img))
    # Side by side: the first two in one row.
    boxes = [browser.execute_script("const b = arguments[0].getBoundingClientRect(); return [b.left, b.top]", p) for p in panels]
    assert round(boxes[0][1]) == round(boxes[1][1]) and boxes[0][0] < boxes[1][0], boxes

    ids = [p.get_attribute("data-task-id") for p in panels]
    tasks = [api.call("GET", f"/api/v1/images/tasks/{i}") for i in ids]
    assert [t["variation_index"] for t in tasks] == [0, 1, 2]
    assert {t["variation_group_id"] for t in tasks} == {ids[0]}
    assert api.call("GET", "/api/v1/credits/balance")["credits"] == before - credits(price.text)
