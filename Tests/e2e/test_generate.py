"""The three ways to make images, each from the form to the result on screen, then History."""

from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

from e2e_support import go, image_loaded, sign_in, wait

RESULT_TIMEOUT_S = 60


def test_tryon_from_file_pick(browser, server, fixture_file):
    sign_in(browser, server.base_url, route="/tryon")
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=person_image] input[type=file]"))
    browser.find_element(By.CSS_SELECTOR, "[data-field=person_image] input[type=file]").send_keys(
        fixture_file("person-astronaut.jpg"))
    browser.find_element(By.CSS_SELECTOR, "[data-field=garment_images] input[type=file]").send_keys(
        fixture_file("garment-tshirt.png"))
    previews = browser.find_elements(By.CSS_SELECTOR, ".previews img")
    assert len(previews) == 2, "both picks are previewed before upload"
    wait(browser).until(lambda d: all(image_loaded(d, img) for img in previews))
    browser.find_element(By.CSS_SELECTOR, "select[name=category]").send_keys("Tops")
    browser.find_element(By.CSS_SELECTOR, ".tryon-form button[type=submit]").click()

    after = wait(browser, RESULT_TIMEOUT_S).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".compare img.compare-after"))
    wait(browser).until(lambda d: image_loaded(d, after))
    before = browser.find_element(By.CSS_SELECTOR, ".compare img.compare-before")
    assert image_loaded(browser, before), "the person photo is the 'before' side"
    slider = browser.find_element(By.CSS_SELECTOR, ".compare input[type=range]")
    download = browser.find_element(By.CSS_SELECTOR, ".compare-card a[download]")
    assert "/api/v1/files/" in download.get_attribute("href")

    # Dragging across the picture moves the split with the mouse (the browser's own image
    # drag-and-drop must not take the gesture over): from the middle, 30% to the left in steps.
    stage = browser.find_element(By.CSS_SELECTOR, ".compare-stage")
    left, top, width, height = browser.execute_script("""
        arguments[0].scrollIntoView({block: 'center'});
        const box = arguments[0].getBoundingClientRect();
        return [box.left, box.top, box.width, box.height];""", stage)
    assert slider.get_attribute("value") == "50"
    x, y = int(left + width / 2), int(top + height / 2)
    actions = ActionBuilder(browser, duration=20)
    actions.pointer_action.move_to_location(x, y).pointer_down()
    for step in range(1, 11):
        actions.pointer_action.move_to_location(x - int(width * 0.03 * step), y)
    actions.pointer_action.pointer_up()
    actions.perform()
    assert 15 <= int(slider.get_attribute("value")) <= 25


def test_text_to_image(browser, server):
    sign_in(browser, server.base_url, route="/create")
    prompt = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompt]"))
    prompt.send_keys("A red bicycle leaning on a wall")
    browser.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").click()
    image = wait(browser, RESULT_TIMEOUT_S).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel .result-images img"))
    wait(browser).until(lambda d: image_loaded(d, image))
    badge = browser.find_element(By.CSS_SELECTOR, ".task-panel .badge")
    assert "badge-succeeded" in badge.get_attribute("class")


def test_batch_of_three(browser, server):
    sign_in(browser, server.base_url, route="/batch")
    prompts = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompts]"))
    prompts.send_keys("a cat\na dog\na car")
    assert "3" in browser.find_element(By.CSS_SELECTOR, ".counter").text
    browser.find_element(By.CSS_SELECTOR, ".batch-form button[type=submit]").click()

    def three_done(d):
        cards = d.find_elements(By.CSS_SELECTOR, ".batch-gallery .task-card")
        if len(cards) != 3:
            return False
        imgs = [c.find_elements(By.CSS_SELECTOR, ".thumb img") for c in cards]
        return all(i and image_loaded(d, i[0]) for i in imgs)

    wait(browser, RESULT_TIMEOUT_S).until(three_done)
    badge = browser.find_element(By.CSS_SELECTOR, ".batch-panel .badge")
    wait(browser).until(lambda d: "badge-succeeded" in badge.get_attribute("class"))
    assert "3" in browser.find_element(By.CSS_SELECTOR, ".batch-counts").text


def _ensure_tasks_of_each_kind(api, fixture_file) -> None:
    """History must show a try-on, a text-to-image and a batch of three; make through the API
    whatever the earlier tests did not (so this test also runs alone)."""
    tasks = api.call("GET", "/api/v1/images?limit=100")["tasks"]
    if not any(t.get("task_type") == "generate" and not t.get("batch_id") for t in tasks):
        api.call("POST", "/api/v1/images/generate", {"prompt": "history: a lighthouse"})
    if not any(t.get("task_type") == "tryon" for t in tasks):
        person = api.upload(fixture_file("person-astronaut.jpg"))["url"]
        garment = api.upload(fixture_file("garment-dress.jpg"))["url"]
        api.call("POST", "/api/v1/images/generate", {
            "prompt": "Virtual try-on", "task_type": "tryon",
            "tryon": {"person_image": person, "garment_image": garment, "category": "dresses"}})
    if sum(1 for t in tasks if t.get("batch_id")) < 3:
        api.call("POST", "/api/v1/images/batch-generate", {"prompts": ["a kite", "a boat", "a tree"]})


def test_history_shows_every_task_with_thumbnails(browser, server, fixture_file):
    api = server.admin
    _ensure_tasks_of_each_kind(api, fixture_file)
    listed = api.call("GET", "/api/v1/images?limit=100")
    # Wait until the batch (if just made) has finished too: every task terminal.
    for task in listed["tasks"]:
        api.wait_task(task["task_id"])
    listed = api.call("GET", "/api/v1/images?limit=100")
    ids = [t["task_id"] for t in listed["tasks"] if t["status"] == "succeeded"]
    assert len(ids) >= 5

    sign_in(browser, server.base_url, route="/history")
    go(browser, server.base_url, "/history")

    def all_thumbs(d):
        shown = {}
        for card in d.find_elements(By.CSS_SELECTOR, ".history-grid .task-card"):
            imgs = card.find_elements(By.CSS_SELECTOR, ".thumb img")
            shown[card.get_attribute("data-task-id")] = bool(imgs) and image_loaded(d, imgs[0])
        return all(shown.get(i) for i in ids) and shown

    shown = wait(browser, 30).until(all_thumbs)
    assert set(ids) <= set(shown)
    sources = [img.get_attribute("src") for img in browser.find_elements(By.CSS_SELECTOR, ".history-grid .thumb img")]
    assert all("size=thumb" in s for s in sources), "the grid loads thumbnails, not full images"
    assert {"generate", "tryon"} <= {t.get("task_type") for t in listed["tasks"]}
    assert sum(1 for t in listed["tasks"] if t.get("batch_id")) >= 3

    # The type filter narrows the grid to the try-ons.
    tryons = {t["task_id"] for t in listed["tasks"] if t.get("task_type") == "tryon"}
    browser.find_element(By.CSS_SELECTOR, "select[name=task_type]").send_keys("Try-on")
    wait(browser).until(lambda d: {c.get_attribute("data-task-id") for c in d.find_elements(
        By.CSS_SELECTOR, ".history-grid .task-card")} == tryons)


def test_failed_submit_explains_and_keeps_inputs(browser, server, fixture_file):
    """The server refuses a fake image (415): the reason appears at the person photo and
    every input stays as it was."""
    sign_in(browser, server.base_url, route="/tryon")
    person = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=person_image] input[type=file]"))
    person.send_keys(fixture_file("not-an-image.png"))
    browser.find_element(By.CSS_SELECTOR, "[data-field=garment_images] input[type=file]").send_keys(
        fixture_file("garment-dress.jpg"))
    browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").send_keys("keep the background")
    browser.find_element(By.CSS_SELECTOR, ".tryon-form button[type=submit]").click()

    error = wait(browser).until(lambda d: d.find_element(
        By.CSS_SELECTOR, "[data-field=person_image] .field-error:not([hidden])"))
    assert error.text.strip()
    assert browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").get_attribute("value") == "keep the background"
    assert len(browser.find_elements(By.CSS_SELECTOR, ".previews li")) == 2
    assert not browser.find_elements(By.CSS_SELECTOR, ".task-panel")
