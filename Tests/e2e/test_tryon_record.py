"""A try-on's record on its page: the person and garments it was made from, before/after from
the server's own copy of the person photo (no session needed), and the same person's try-ons
side by side, also as a History filter."""

from selenium.webdriver.common.by import By

from e2e_support import create_user, go, image_loaded, sign_in, wait


def test_tryon_page_shows_its_inputs_and_the_same_persons_tryons(browser, server, fixture_file, request):
    # One account per browser: the same person's try-ons are counted, and the browsers share a server.
    username = f"e2e_record_{request.node.callspec.id}"
    api = create_user(server, username, "record-pass-1")
    person = api.upload(fixture_file("person-astronaut.jpg"))["id"]
    person_again = api.upload(fixture_file("person-astronaut.jpg"))["id"]  # the same photo, uploaded again
    shirt = api.upload(fixture_file("garment-tshirt.png"))["id"]
    dress = api.upload(fixture_file("garment-dress.jpg"))["id"]

    def tryon(person_id, garments, category):
        return api.call("POST", "/api/v1/images/generate", {
            "task_type": "tryon", "aspect_ratio": "3:4",
            "tryon": {"person_image": person_id, "garment_images": garments, "category": category}})["task_id"]

    made = [tryon(person, [shirt], "tops"), tryon(person_again, [dress], "dresses"), tryon(person, [shirt, dress], "full_outfit")]
    for task_id in made:
        assert api.wait_task(task_id)["status"] == "succeeded"

    sign_in(browser, server.base_url, username, "record-pass-1")
    go(browser, server.base_url, f"/tasks/{made[2]}")
    # Before/after comes from the task's own record of its person photo.
    before = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".compare-card .compare-before"))
    wait(browser).until(lambda d: image_loaded(d, before))
    # File URLs write ids in lower case; the upload answers them as the API writes ids.
    assert f"/api/v1/files/{person.lower()}" in before.get_attribute("src")

    items = browser.find_elements(By.CSS_SELECTOR, ".inputs-card .input-item")
    assert [i.get_attribute("data-role") for i in items] == ["person", "garment", "garment"]
    assert [i.text for i in items] == ["Person", "Garment 1", "Garment 2"]
    for img in browser.find_elements(By.CSS_SELECTOR, ".inputs-card img"):
        # Thumbnails load lazily: as a reader would, scroll to each (Firefox loads none off screen).
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        wait(browser).until(lambda d, img=img: image_loaded(d, img))

    same = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".same-person:not([hidden])"))
    assert same.find_element(By.CSS_SELECTOR, "h2").text == "Same person: 3 try-ons"
    figures = same.find_elements(By.CSS_SELECTOR, ".same-person-item")
    assert [f.get_attribute("data-task-id") for f in figures] == made, "oldest first, the re-uploaded photo included"
    assert "is-current" in figures[2].get_attribute("class")
    assert [f.find_element(By.CSS_SELECTOR, "figcaption span").text for f in figures] == ["Tops", "Dresses", "Full outfit"]
    for img in same.find_elements(By.CSS_SELECTOR, ".same-person-item > a img"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        wait(browser).until(lambda d, img=img: image_loaded(d, img))
    # Side by side: one row.
    tops = {round(browser.execute_script("return arguments[0].getBoundingClientRect().top", f)) for f in figures}
    assert len(tops) == 1, tops

    same.find_element(By.CSS_SELECTOR, "a.btn").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == "/history")
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".history-grid .task-card")) == 3)
    assert "one person" in browser.find_element(By.CSS_SELECTOR, ".filter-note").text
    # The screenshot shows the task page.
    go(browser, server.base_url, f"/tasks/{made[2]}")
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".same-person:not([hidden])"))
