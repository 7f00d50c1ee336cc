"""Bytes a browser moves over the network for the journeys a slow office line feels most.

    python -m benchmarks.page_weight URL USER PASSWORD

Against a running dashboard (``make run``), in headless Chromium with an empty cache:
signing in, the first load of the national map (every script, style, font, boundary file
and callback), entering the district with most returnees in the demo data (Sylhet) from the
map, and the same national map on a second visit (what the browser cache saves). Bytes are
the Resource Timing API's ``transferSize``: compressed bodies plus headers, as they crossed
the wire (0 for files served from the cache). Prints a Markdown table, then the largest
files of the empty-cache first load (what to cut first: issue 33 found 90 % of it to be
Plotly's JavaScript).

For the time to a usable map on a throttled line, first and repeat visit, see
``benchmarks/slow_line.py`` (``--down 1600 --rtt 150`` for issue 33's line).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

MAP = "#district-map .choroplethlocation"
GRAPH = "document.querySelector('#district-map .js-plotly-plot')"
SYLHET = "BD6091"


def _browser() -> webdriver.Chrome:
    options = Options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1440,900"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(options=options)


def _settle(driver: webdriver.Chrome, seconds: float = 1.5) -> None:
    """Wait until no request has started or finished for ``seconds``."""
    last, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < seconds:
        count = driver.execute_script("return performance.getEntriesByType('resource').length")
        if count != last:
            last, quiet_since = count, time.monotonic()
        time.sleep(0.2)


LARGEST = 8  # files listed after the table


def _entries(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    return list(driver.execute_script(
        "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".map(e => ({name: e.name, type: e.initiatorType || 'document', size: e.transferSize || 0,"
        " body: e.decodedBodySize || 0}))"))


def _bytes(driver: webdriver.Chrome) -> dict[str, Any]:
    entries = _entries(driver)
    total = sum(e["size"] for e in entries)
    by_kind: dict[str, int] = {}
    for e in entries:
        kind = ("callbacks" if "_dash-update-component" in e["name"] else
                "boundaries" if ".geojson" in e["name"] else
                "scripts" if e["name"].split("?")[0].endswith(".js") else
                "fonts" if ".woff" in e["name"] else
                "styles" if ".css" in e["name"] else "other")
        by_kind[kind] = by_kind.get(kind, 0) + e["size"]
    return {"total": total, "requests": len(entries), **by_kind}


def _drawn(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, MAP))
    _settle(driver)


def main(url: str, user: str, password: str) -> None:
    url = url.rstrip("/")
    driver = _browser()
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        # The offline service worker (docs/offline.md) fetches the scripts itself, and a page's
        # Resource Timing does not count what a worker moved: the first loads bypass it.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
        driver.get(url + "/login")
        _settle(driver, 0.5)
        rows.append(("sign-in page", _bytes(driver)))
        driver.find_element(By.ID, "username").send_keys(user)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        _drawn(driver)
        rows.append(("first load of the national map (empty cache)", _bytes(driver)))
        largest = sorted(_entries(driver), key=lambda e: -e["size"])[:LARGEST]
        driver.execute_script("performance.clearResourceTimings();")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(
            f"const g = {GRAPH}; return !!(g && g._ev && g._ev._events && g._ev._events.plotly_click);"))
        driver.execute_script(
            f"const g = {GRAPH}; const i = g.data[0].locations.indexOf(arguments[0]);"
            "g.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: i, pointIndex: i,"
            " location: arguments[0], data: g.data[0], fullData: g._fullData[0]}]});", SYLHET)
        WebDriverWait(driver, 60).until(lambda d: SYLHET in d.current_url)
        _settle(driver)
        entering = driver.execute_script(
            "return performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0)")
        count = driver.execute_script("return performance.getEntriesByType('resource').length")
        rows.append(("entering Sylhet from the map", {"total": entering, "requests": count}))
        driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": False})
        driver.get(url + "/")
        _drawn(driver)
        rows.append(("national map again (second visit, cache warm)", _bytes(driver)))
    finally:
        driver.quit()
    kinds = ("scripts", "styles", "fonts", "boundaries", "callbacks", "other")
    print("| journey | bytes over the wire | requests | " + " | ".join(kinds) + " |")
    print("|---|--:|--:|" + "--:|" * len(kinds))
    for name, figures in rows:
        cells = " | ".join(f"{figures[k]:,}" if k in figures else "–" for k in kinds)
        print(f"| {name} | {figures['total']:,} | {figures['requests']} | {cells} |")
    print("\nLargest files of the empty-cache first load:\n")
    print("| file | bytes over the wire | bytes unpacked |\n|---|--:|--:|")
    for entry in largest:
        print(f"| {entry['name'].split('?')[0].replace(url, '')} | {entry['size']:,} | {entry['body']:,} |")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
