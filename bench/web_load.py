#!/usr/bin/env python3
"""Web client load figures in headless Chromium (Debian's chromium + chromium-driver, Selenium).

1. First load of the try-on studio (cold cache, signed in): bytes transferred over the network
   and time to interactive, taken as the moment the studio's form is on screen with its submit
   button enabled and the socket connected (also: DOMContentLoaded, first contentful paint).
2. History with N tasks (default 500, made first through the API against the emulator): time to
   the first thumbnail shown, time until every thumbnail in the first screen is shown, and bytes
   transferred until then; then scrolling to the end until all N cards are shown.

Bytes are Network.loadingFinished encodedDataLength (headers + bodies as received) from
Chromium's performance log; the WebSocket is not counted. Each figure is the median of --runs
cold loads (fresh browser profile each time); the history's first visit is reported on its own,
since the server makes each thumbnail on its first request and keeps it.

    python3 bench/web_load.py [--tasks 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from common import Server, build_kind

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sys.exit("needs selenium: pip install -r Tests/e2e/requirements.txt (and apt-get install chromium chromium-driver)")

# Installed before any page script: records when the studio becomes usable and when
# history thumbnails finish loading, on the page's own clock (performance.now()).
PROBE = r"""
localStorage.setItem('vton.token', %s);
window.__probe = { thumbs: [] };
document.addEventListener('load', (ev) => {
  const el = ev.target;
  if (el.tagName === 'IMG' && el.closest('.history-grid .thumb')) window.__probe.thumbs.push(performance.now());
}, true);
const check = () => {
  const p = window.__probe;
  const submit = document.querySelector('.tryon-form button[type=submit]');
  const conn = document.querySelector('.conn');
  if (!p.studio && submit && !submit.disabled && conn && conn.dataset.state === 'connected') p.studio = performance.now();
};
new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
"""


def api(server: Server, method: str, path: str, body=None, token: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"null")


def make_tasks(server: Server, token: str, count: int) -> float:
    """Creates count text-to-image tasks and waits until all have succeeded; answers seconds."""
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: api(server, "POST", "/api/v1/images/generate",
                                    {"prompt": f"bench task {i}: a shirt on a hanger"}, token), range(count)))
    while True:
        done = api(server, "GET", "/api/v1/images?limit=1&status=succeeded", token=token)["total"]
        if done >= count:
            return time.monotonic() - started
        failed = api(server, "GET", "/api/v1/images?limit=1&status=failed", token=token)["total"]
        if failed:
            sys.exit(f"{failed} tasks failed while preparing the history")
        time.sleep(0.5)


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


def network(driver) -> dict:
    """Bytes and requests from the performance log since the last call, by resource type."""
    types: dict[str, str] = {}
    totals: dict[str, list[int]] = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.responseReceived":
            types[params["requestId"]] = params.get("type", "Other")
        elif message["method"] == "Network.loadingFinished":
            kind = types.get(params["requestId"], "Other")
            count_bytes = totals.setdefault(kind, [0, 0])
            count_bytes[0] += 1
            count_bytes[1] += int(params.get("encodedDataLength", 0))
    return totals


def summarize(totals: dict) -> tuple[int, int, str]:
    requests = sum(v[0] for v in totals.values())
    size = sum(v[1] for v in totals.values())
    detail = ", ".join(f"{k} {v[0]}×/{v[1] / 1024:.1f} KiB" for k, v in sorted(totals.items(), key=lambda kv: -kv[1][1]))
    return requests, size, detail


def load(server: Server, token: str, route: str, ready_js: str, timeout: float = 60):
    driver = browser()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE % json.dumps(token)})
        driver.get_log("performance")
        driver.get(f"{server.base}/#{route}")
        WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(ready_js))
        time.sleep(0.5)  # let the last responses of this screen finish
        probe = driver.execute_script("""
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          return { ...window.__probe, dcl: nav.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : null,
                   cards: document.querySelectorAll('.history-grid .task-card').length };""")
        return probe, network(driver), driver
    except Exception:
        driver.quit()
        raise


def scroll_to_end(driver, tasks: int):
    """Scrolls to the bottom until every card is in the grid: (seconds, cards, network summary)."""
    started = time.monotonic()
    count = "return document.querySelectorAll('.history-grid .task-card').length"
    while driver.execute_script(count) < tasks and time.monotonic() - started < 180:
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        time.sleep(0.05)
    seconds = time.monotonic() - started
    time.sleep(1)  # thumbnails of the last screen
    return seconds, driver.execute_script(count), summarize(network(driver))


def median(values):
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    server = Server(latency_ms=0, concurrency=8)
    server.start()
    try:
        token = api(server, "POST", "/api/v1/base/access_token", {"username": "admin", "password": "123456"})["data"]["access_token"]
        print(f"server: {server.binary} ({build_kind(server.binary)}), emulator; Chromium headless 1280×1000, "
              f"cold cache each run; load average {open('/proc/loadavg').read().split()[0]}")

        studio = []
        for _ in range(args.runs):
            probe, totals, driver = load(server, token, "/tryon", "return Boolean(window.__probe.studio)")
            driver.quit()
            studio.append((probe, summarize(totals)))
        tti = median([p["studio"] for p, _ in studio])
        requests, size, detail = studio[len(studio) // 2][1]
        print(f"\nstudio first load (median of {args.runs}): time to interactive {tti:.0f} ms "
              f"(DOMContentLoaded {median([p['dcl'] for p, _ in studio]):.0f} ms, "
              f"first contentful paint {median([p['fcp'] or 0 for p, _ in studio]):.0f} ms); "
              f"{size / 1024:.1f} KiB in {requests} requests ({detail})")

        print(f"\npreparing {args.tasks} tasks through the API …", flush=True)
        seconds = make_tasks(server, token, args.tasks)
        print(f"{args.tasks} tasks succeeded in {seconds:.1f} s")

        first_screen = ("const imgs = [...document.querySelectorAll('.history-grid .thumb img')];"
                        "const shown = imgs.filter((i) => i.getBoundingClientRect().top < innerHeight);"
                        "return shown.length > 0 && shown.every((i) => i.complete && i.naturalWidth > 0);")
        history = []
        for run in range(args.runs + 1):
            probe, totals, driver = load(server, token, "/history", first_screen)
            visible = driver.execute_script(
                "return [...document.querySelectorAll('.history-grid .thumb img')]"
                ".filter((i) => i.getBoundingClientRect().top < innerHeight).length")
            scroll = scroll_to_end(driver, args.tasks) if run == args.runs else None
            driver.quit()
            history.append((probe, summarize(totals), visible, scroll))

        def report(label, runs):
            firsts = [p["thumbs"][0] for p, *_ in runs if p["thumbs"]]
            screens = [p["thumbs"][min(len(p["thumbs"]), v) - 1] for p, _, v, _ in runs if p["thumbs"]]
            mid = runs[len(runs) // 2]
            requests, size, detail = mid[1]
            print(f"  {label}: first thumbnail {median(firsts):.0f} ms, first screen of thumbnails "
                  f"({mid[2]} images) {median(screens):.0f} ms; {size / 1024:.1f} KiB in {requests} requests "
                  f"({detail}); {mid[0]['cards']} cards rendered")

        print(f"\nhistory with {args.tasks} tasks, cold browser cache:")
        report("first visit (server makes each thumbnail on its first request)", history[:1])
        report(f"later visits (thumbnails kept by the server), median of {args.runs}", history[1:])
        scroll_s, cards, (s_requests, s_size, s_detail) = history[-1][3]
        stopped = "" if cards >= args.tasks else " (stopped at the 180 s limit)"
        print(f"  scrolled to the end: {cards} of {args.tasks} cards in {scroll_s:.1f} s{stopped}; "
              f"a further {s_size / 1024:.1f} KiB in {s_requests} requests ({s_detail})")
        print(f"server alive: {server.alive()}; load average at the end {open('/proc/loadavg').read().split()[0]}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
