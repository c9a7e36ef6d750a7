"""Everyday studio work: results that download under names of their own, forms that keep
what was typed, try-on halves that line up, the lightbox, remix and pasted images."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e_support import go, image_loaded, sign_in, wait

RESULT_TIMEOUT_S = 60


def test_downloads_are_named_by_date_prompt_words_and_the_whole_id(browser, server):
    prompts = ["Linen shirt on a hanger", "Linen shirt on a hanger", "红色 连衣裙"]
    tasks = [server.admin.wait_task(server.admin.call("POST", "/api/v1/images/generate", {"prompt": p})["task_id"]) for p in prompts]
    sign_in(browser, server.base_url)
    names = []
    for task in tasks:
        go(browser, server.base_url, f"/tasks/{task['task_id']}")
        link = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".task-panel a[download]"))
        name = link.get_attribute("download")
        assert task["task_id"] in name, name
        assert name.startswith(f"vton-{task['finished_at'][:10]}-"), name
        names.append(name)
    assert len(set(names)) == len(names), names
    assert "-linen-shirt-on-a-hanger-" in names[0]
    assert "-红色-连衣裙-" in names[2]


def _below_header(driver, element) -> bool:
    """The element's top is inside the viewport and not under the sticky header."""
    return driver.execute_script("""
        const top = arguments[0].getBoundingClientRect().top;
        const header = document.getElementById('site-header').getBoundingClientRect().bottom;
        return top >= header - 1 && top < window.innerHeight;""", element)


def _short_window(driver) -> None:
    """A window short enough that the form scrolls (Firefox applies the size asynchronously)."""
    driver.set_window_size(1280, 700)
    wait(driver).until(lambda d: d.execute_script("return window.innerHeight") <= 700)


def _scroll_to_bottom(driver) -> None:
    wait(driver).until(lambda d: d.execute_script(
        "window.scrollTo(0, document.documentElement.scrollHeight); return window.scrollY") > 100)


def test_tryon_ratio_follows_the_person_photo_and_before_after_line_up(browser, server, fixture_file):
    _short_window(browser)
    sign_in(browser, server.base_url, route="/tryon")
    ratio = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]"))
    assert ratio.get_attribute("value") == "3:4"
    person = browser.find_element(By.CSS_SELECTOR, "[data-field=person_image] input[type=file]")
    person.send_keys(fixture_file("garment-dress.jpg"))  # 600 × 800: stays 3:4
    person.send_keys(fixture_file("person-astronaut.jpg"))  # 256 × 256: square
    wait(browser).until(lambda d: ratio.get_attribute("value") == "1:1")
    browser.find_element(By.CSS_SELECTOR, "[data-field=garment_images] input[type=file]").send_keys(
        fixture_file("garment-tshirt.png"))
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=category]")).select_by_value("dresses")
    _scroll_to_bottom(browser)
    browser.find_element(By.CSS_SELECTOR, ".tryon-form button[type=submit]").click()

    panel = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".tryon-output .task-panel"))
    wait(browser).until(lambda d: _below_header(d, panel.find_element(By.XPATH, "..")))
    assert "Dresses" in panel.find_element(By.CSS_SELECTOR, ".task-prompt").text

    after = wait(browser, RESULT_TIMEOUT_S).until(lambda d: d.find_element(By.CSS_SELECTOR, ".compare img.compare-after"))
    wait(browser).until(lambda d: image_loaded(d, after))
    before = browser.find_element(By.CSS_SELECTOR, ".compare img.compare-before")
    boxes = browser.execute_script("""
        return arguments.length && [...arguments].map((img) => {
          const r = img.getBoundingClientRect();
          return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height),
                  getComputedStyle(img).objectFit, img.naturalWidth / img.naturalHeight];
        });""", before, after)
    assert boxes[0][:5] == boxes[1][:5], f"before and after share one box and one fit: {boxes}"
    assert abs(boxes[0][5] - boxes[1][5]) < 0.02, f"the square photo gave a square result: {boxes}"

    # The task's own page: its category, and before/after while the photo is at hand (this session).
    task_id = panel.get_attribute("data-task-id")
    go(browser, server.base_url, f"/tasks/{task_id}")
    assert "Dresses" in wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".details")).text
    before = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".compare img.compare-before"))
    wait(browser).until(lambda d: image_loaded(d, before))


def test_create_keeps_its_form_and_results_and_sends_with_ctrl_enter(browser, server, fixture_file):
    _short_window(browser)
    sign_in(browser, server.base_url, route="/create")
    prompt = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompt]"))
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]")).select_by_value("16:9")
    browser.find_element(By.CSS_SELECTOR, "[data-field=reference_images] input[type=file]").send_keys(
        fixture_file("garment-tshirt.png"))
    _scroll_to_bottom(browser)
    prompt.send_keys("A linen jacket on a chair")
    _scroll_to_bottom(browser)
    prompt.send_keys(Keys.CONTROL, Keys.ENTER)
    panel = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".results .task-panel"))
    wait(browser).until(lambda d: _below_header(d, panel))
    task_id = panel.get_attribute("data-task-id")

    go(browser, server.base_url, "/history")
    go(browser, server.base_url, "/create")
    assert browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").get_attribute("value") == "A linen jacket on a chair"
    assert browser.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]").get_attribute("value") == "16:9"
    assert [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".previews .preview-name")] == ["garment-tshirt.png"]
    image = wait(browser, RESULT_TIMEOUT_S).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f".results .task-panel[data-task-id='{task_id}'] .result-images img"))
    wait(browser).until(lambda d: image_loaded(d, image))

    # A reload keeps the text, the choices and the tasks (not the files: they cannot be stored).
    browser.refresh()
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, f".results .task-panel[data-task-id='{task_id}']"))
    assert browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").get_attribute("value") == "A linen jacket on a chair"


def test_lightbox_steps_zooms_downloads_and_closes(browser, server):
    sign_in(browser, server.base_url, route="/create")
    prompt = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea[name=prompt]"))
    for text in ("lightbox: a red vase", "lightbox: a gold vase"):
        browser.execute_script("arguments[0].value = ''", prompt)
        prompt.send_keys(text, Keys.CONTROL, Keys.ENTER)
        wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".create-form button[type=submit]").is_enabled())

    def two_loaded(d):
        shown = d.find_elements(By.CSS_SELECTOR, ".results img.zoomable")
        return len(shown) == 2 and all(image_loaded(d, i) for i in shown)

    wait(browser, RESULT_TIMEOUT_S).until(two_loaded)
    shown = browser.find_elements(By.CSS_SELECTOR, ".results img.zoomable")
    shown[0].click()
    dialog = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "dialog.lightbox[open]"))
    big = dialog.find_element(By.CSS_SELECTOR, ".lightbox-img")
    wait(browser).until(lambda d: image_loaded(d, big))
    assert big.get_attribute("src") == shown[0].get_attribute("src")
    download = dialog.find_element(By.CSS_SELECTOR, "a.lightbox-download")
    assert download.get_attribute("download") == shown[0].get_attribute("data-download")

    fitted = browser.execute_script("return arguments[0].getBoundingClientRect().width", big)
    dialog.find_element(By.CSS_SELECTOR, ".lightbox-zoom").click()
    natural = browser.execute_script("return arguments[0].naturalWidth", big)
    wait(browser).until(lambda d: abs(d.execute_script("return arguments[0].getBoundingClientRect().width", big) - natural) < 2)
    assert natural > fitted, "actual size is larger than the fitted view"

    dialog.find_element(By.CSS_SELECTOR, ".lightbox-close").send_keys(Keys.ARROW_RIGHT)
    wait(browser).until(lambda d: big.get_attribute("src") == shown[1].get_attribute("src"))
    assert "2 / " in dialog.find_element(By.CSS_SELECTOR, ".lightbox-counter").text
    dialog.find_element(By.CSS_SELECTOR, ".lightbox-close").send_keys(Keys.ESCAPE)
    wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog.lightbox"))


def _paste_png(driver, target) -> None:
    """Pastes a small PNG (drawn on a canvas) into target, as a clipboard paste would. Firefox
    copies a constructed event's clipboardData without its files (and headless Ctrl+V pastes an
    empty clipboard), so the event carries the data as an own property, in both browsers."""
    driver.execute_async_script("""
        const [target, done] = arguments;
        const canvas = document.createElement('canvas');
        canvas.width = 64; canvas.height = 48;
        canvas.getContext('2d').fillRect(0, 0, 32, 24);
        canvas.toBlob((blob) => {
          const data = new DataTransfer();
          data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
          const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
          Object.defineProperty(paste, 'clipboardData', { value: data });
          target.focus();
          target.dispatchEvent(paste);
          done();
        }, 'image/png');""", target)


def test_remix_loads_a_past_task_into_its_form_and_paste_adds_an_image(browser, server, fixture_file):
    api = server.admin
    made = api.wait_task(api.call("POST", "/api/v1/images/generate", {
        "prompt": "remix: a straw hat on sand", "aspect_ratio": "4:5", "resolution": "2K"})["task_id"])
    person = api.upload(fixture_file("person-astronaut.jpg"))["url"]
    garment = api.upload(fixture_file("garment-dress.jpg"))["url"]
    tryon = api.wait_task(api.call("POST", "/api/v1/images/generate", {
        "prompt": "keep the helmet", "task_type": "tryon", "aspect_ratio": "1:1",
        "tryon": {"person_image": person, "garment_image": garment, "category": "outerwear"}})["task_id"])

    sign_in(browser, server.base_url)
    go(browser, server.base_url, f"/tasks/{made['task_id']}")
    wait(browser).until(lambda d: d.find_element(By.XPATH, "//button[normalize-space()='Remix']")).click()
    wait(browser).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == "/create")
    assert browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").get_attribute("value") == "remix: a straw hat on sand"
    assert browser.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]").get_attribute("value") == "4:5"
    assert browser.find_element(By.CSS_SELECTOR, "select[name=resolution]").get_attribute("value") == "2K"
    zone = browser.find_element(By.CSS_SELECTOR, "[data-field=reference_images] .dropzone")
    _paste_png(browser, zone)
    previews = wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-field=reference_images] .previews img"))
    wait(browser).until(lambda d: image_loaded(d, previews[0]))

    go(browser, server.base_url, f"/tasks/{tryon['task_id']}")
    assert "Outerwear" in wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".details")).text
    browser.find_element(By.XPATH, "//button[normalize-space()='Remix']").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == "/tryon")
    assert browser.find_element(By.CSS_SELECTOR, "select[name=category]").get_attribute("value") == "outerwear"
    assert browser.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]").get_attribute("value") == "1:1"
    assert browser.find_element(By.CSS_SELECTOR, "textarea[name=prompt]").get_attribute("value") == "keep the helmet"
    _paste_png(browser, browser.find_element(By.CSS_SELECTOR, "[data-field=person_image] .dropzone"))
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-field=person_image] .previews img"))
    # The pasted 64 × 48 photo sets the ratio to its own shape.
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "select[name=aspect_ratio]").get_attribute("value") == "4:3")
