"""Chinese and English: chosen from the browser, switchable, and every key in both dictionaries."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import go, sign_in, wait

PAGES = ["/create", "/tryon", "/batch", "/history", "/account"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _untranslated(driver) -> list[str]:
    """Elements whose text is still their translation key (what t() answers for a missing key)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('[data-i18n]')]
          .filter((el) => el.textContent.trim() === el.dataset.i18n)
          .map((el) => el.dataset.i18n);""")


def test_chinese_and_english(browser_factory, server):
    zh = browser_factory("zh-CN")
    zh.get(f"{server.base_url}/#/login")
    heading = wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, "#main h1"))
    assert HAN.search(heading.text), "a Chinese browser gets Chinese"
    assert zh.execute_script("return document.documentElement.lang") == "zh-CN"

    sign_in(zh, server.base_url)
    for page in PAGES:
        go(zh, server.base_url, page)
        assert HAN.search(zh.find_element(By.CSS_SELECTOR, "#main h1").text), page
        assert HAN.search(zh.find_element(By.CSS_SELECTOR, ".main-nav").text)
        assert _untranslated(zh) == [], page

    Select(zh.find_element(By.ID, "lang-select")).select_by_value("en")
    wait(zh).until(lambda d: d.find_element(By.CSS_SELECTOR, ".main-nav").text.find("History") >= 0)
    assert not HAN.search(zh.find_element(By.CSS_SELECTOR, "#main h1").text)
    assert zh.execute_script("return document.documentElement.lang") == "en"
    zh.refresh()
    wait(zh).until(lambda d: "History" in d.find_element(By.CSS_SELECTOR, ".main-nav").text)

    keys = zh.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([import('/js/locales/en.js'), import('/js/locales/zh-CN.js')])
          .then(([en, zh]) => done([Object.keys(en.default).sort(), Object.keys(zh.default).sort(),
                                    Object.entries(zh.default).filter(([k, v]) => !String(v).trim()).map(([k]) => k)]));""")
    en_keys, zh_keys, empty = keys
    assert set(en_keys) == set(zh_keys), f"only in one language: {set(en_keys) ^ set(zh_keys)}"
    assert empty == []

    en = browser_factory("en-US")
    en.get(f"{server.base_url}/#/login")
    heading = wait(en).until(lambda d: d.find_element(By.CSS_SELECTOR, "#main h1"))
    assert not HAN.search(heading.text), "an English browser gets English"
