"""A phone-sized window (390×844 CSS px, an ordinary phone): after signing in, no studio page
scrolls sideways and the main navigation is reachable through the menu button."""

from selenium.webdriver.common.by import By

from conftest import OUTPUT_DIR
from e2e_support import go, sign_in, wait

PHONE = (390, 844)
PAGES = ["/create", "/tryon", "/batch", "/history", "/account"]


def _overflow(driver) -> dict | None:
    """None when the page fits the viewport's width, else the widths and the elements sticking out.
    clientWidth, not innerWidth: a desktop scrollbar must not hide a few pixels of overflow."""
    return driver.execute_script("""
        const root = document.documentElement;
        const width = root.clientWidth;
        if (root.scrollWidth <= width) return null;
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .slice(0, 10)
          .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : ''));
        return { scrollWidth: root.scrollWidth, clientWidth: width, wide };""")


def test_studio_on_a_phone(browser, server, request):
    browser.set_window_size(*PHONE)
    sign_in(browser, server.base_url, route="/create")
    assert browser.execute_script("return innerWidth") == PHONE[0], "the viewport really is phone-sized"
    for page in PAGES:
        go(browser, server.base_url, page)
        assert _overflow(browser) is None, page

    go(browser, server.base_url, "/create")
    toggle = browser.find_element(By.CSS_SELECTOR, ".nav-toggle")
    history = browser.find_element(By.CSS_SELECTOR, ".main-nav a[href='#/history']")
    assert toggle.is_displayed(), "a menu button stands in for the navigation"
    assert not history.is_displayed(), "the navigation is folded away until asked for"
    toggle.click()
    wait(browser).until(lambda d: history.is_displayed())
    assert toggle.get_attribute("aria-expanded") == "true"
    assert _overflow(browser) is None, "the open menu fits too"
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUTPUT_DIR / f"{request.node.name}-menu.png"))

    history.click()
    wait(browser).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-path") == "/history")
    assert toggle.get_attribute("aria-expanded") == "false", "choosing a page folds the menu"
