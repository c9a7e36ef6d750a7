"""Everyday studio work: results that download under names of their own."""

from selenium.webdriver.common.by import By

from e2e_support import go, sign_in, wait


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
