"""Time to a usable map on a poor line, first visit and repeat visit (issue 31).

A DCC member of Sylhet signs in and opens Sylhet's map in headless Chromium whose network is
throttled through the DevTools protocol (``Network.emulateNetworkConditions``: by default
400 kbit/s down, 400 ms round trip, as a poor 3G line). "Usable" is the map drawn (MapLibre's
canvas with the district's areas) and the first figure card filled in. Measured three ways:

* **first visit**: a fresh browser profile, nothing kept;
* **repeat visit**: the same browser the next time (the service worker and the browser's cache
  hold the scripts, styles, font and boundaries; only the page, layout and figures travel);
* **offline**: the same, with the line down: the map and figures the member opened, from this
  browser, under the "Offline: figures as of ..." banner (docs/offline.md).

DevTools' throttling applies to the page, not to its service worker, so the first visit
bypasses the worker (and the browser cache): every file travels the throttled line. On the
repeat visit the files come from the worker's cache; the page itself (a few KB) is fetched by
the worker, unthrottled, so that visit is flattered by about one round trip.

    .venv/bin/python -m benchmarks.slow_line            # demo data (scale 1), 3 runs each
    .venv/bin/python -m benchmarks.slow_line --runs 5 --down 400 --rtt 400 --json out.json
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.commands.accounts import create_user
from dashboard.config import load_settings
from dashboard.db import Database
from dashboard.seed import seed_demo

SYLHET = "BD6091"
USER, PASSWORD = "slow-line-member", "a long enough benchmark password"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
         "--window-size=412,915")  # a phone-sized window, as in the office
USABLE = """
const map = document.querySelector('#district-map .js-plotly-plot');
const card = document.querySelector('#kpi-returnees_profiled');
return !!(document.querySelector('#district-map .choroplethlocation') && map && map.data
  && map.data.some(t => (t.locations || []).length > 0) && card && card.textContent.trim());
"""


def _database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'slow-line.db'}"
    database = Database(url)
    seed_demo(database, progress=lambda _message: None)
    with database.session() as session:
        create_user(session, USER, "dcc_member", [SYLHET], PASSWORD)
    database.dispose()
    return url


class Server:
    """The app on one local port, in a thread; stopped, the port refuses every connection (a line
    that is down for the browser and its service worker alike: DevTools' emulation reaches only
    the page)."""

    def __init__(self, database_url: str) -> None:
        self.app = create_app(load_settings({}, database_url=database_url, cache_type="SimpleCache")).server
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server: Any = None
        self.url = f"http://localhost:{self.port}"  # localhost: a secure context, so the worker registers

    def start(self) -> None:
        """Serve (again, on the same port)."""
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop serving and close the port."""
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def _serving(database_url: str) -> Iterator[Server]:
    server = Server(database_url)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _browser(profile: Path) -> Any:
    options = Options()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def _line(driver: Any, down_kbps: float, rtt_ms: float, offline: bool = False) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": rtt_ms, "downloadThroughput": down_kbps * 1000 / 8,
        "uploadThroughput": down_kbps * 1000 / 8 / 2})


# The first visit's first text and largest paint, from the browser's own entries (ms after the
# page was asked for): what a user sees before the map is usable.
PAINTS = """
const done = arguments[arguments.length - 1];
const first = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
new PerformanceObserver(list => {
  const entries = list.getEntries();
  done({first: first, largest: entries[entries.length - 1].startTime});
}).observe({type: 'largest-contentful-paint', buffered: true});
setTimeout(() => done({first: first, largest: null}), 2000);
"""


def _paints(driver: Any) -> dict[str, float | None]:
    found = driver.execute_async_script(PAINTS)
    return {f"first_visit_{key}_paint_s": round(found[key] / 1000, 2) if found.get(key) is not None else None
            for key in ("first", "largest")}


def _open(driver: Any, address: str, timeout: float = 300) -> float:
    """Seconds from asking for the page to a usable map."""
    started = time.perf_counter()
    driver.get(address)
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(USABLE))
    return time.perf_counter() - started


def _sign_in(driver: Any, base: str) -> None:
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(USER)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 60).until(lambda d: "/login" not in d.current_url)


def _gave_up(driver: Any) -> list[str]:
    """What the page's console said went wrong (e.g. "plotly.js did not load after 30 seconds")."""
    return sorted({entry["message"].split("Error: ", 1)[-1].split("\n")[0] for entry in driver.get_log("browser")
                   if entry["level"] == "SEVERE"})


def one_run(server: Server, down_kbps: float, rtt_ms: float) -> dict[str, Any]:
    """First visit, repeat visit and offline visit in one fresh browser profile (a first visit
    that never became usable within two minutes is None, with the console's errors)."""
    address = f"{server.url}/?district={SYLHET}"
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        driver = _browser(Path(profile))
        try:
            # Signing in is not part of the map's time. The first visit then starts from nothing:
            # no browser cache (DevTools' "disable cache") and no service worker (the sign-in page
            # registered one; bypassed, so every file travels the throttled line, as it would).
            _sign_in(driver, server.url)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
            driver.execute_script("return caches.keys().then(ks => Promise.all(ks.map(k => caches.delete(k))))")
            _line(driver, down_kbps, rtt_ms)
            paints: dict[str, float | None] = {}
            try:
                first: float | None = _open(driver, address, timeout=120)
                paints = _paints(driver)
            except TimeoutException:
                first = None  # not usable within two minutes: see _gave_up for what the page said
                failures.extend(_gave_up(driver))
            # The next visit: the worker keeps what the page named (again 8 s after load).
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
            driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": False})
            time.sleep(12 if first else 40)
            repeat = _open(driver, address)
            time.sleep(2)  # the figures' answers are written to IndexedDB just after they arrive
            server.stop()
            try:
                _line(driver, down_kbps, rtt_ms, offline=True)
                offline = _open(driver, address)
            finally:
                server.start()
        finally:
            driver.quit()
    return {"first_visit_s": first, **paints, "repeat_visit_s": repeat, "offline_s": offline,
            "first_visit_errors": failures}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure, print a table and return the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--down", type=float, default=400, help="download kbit/s (upload is half)")
    parser.add_argument("--rtt", type=float, default=400, help="round trip, ms")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, _serving(_database(Path(folder))) as server:
        runs = [one_run(server, args.down, args.rtt) for _ in range(args.runs)]
    median: dict[str, float | None] = {
        key: round(statistics.median(run[key] for run in runs), 2)
        if all(isinstance(run.get(key), float) for run in runs)
        else None for key in ("first_visit_s", "first_visit_first_paint_s", "first_visit_largest_paint_s",
                              "repeat_visit_s", "offline_s")}
    result = {"line": {"down_kbps": args.down, "up_kbps": args.down / 2, "rtt_ms": args.rtt}, "runs": runs,
              "median": median}
    print(f"Sylhet's map for a DCC member, {args.down:g} kbit/s, {args.rtt:g} ms round trip, "
          f"median of {args.runs}:")
    for key, label in (("first_visit_s", "first visit"), ("first_visit_first_paint_s", "  its first text"),
                       ("first_visit_largest_paint_s", "  its largest paint"), ("repeat_visit_s", "repeat visit"),
                       ("offline_s", "offline (line down)")):
        value = median[key]
        print(f"  {label:22} " + (f"{value:6.1f} s" if value is not None else "not usable in some runs"))
    for error in sorted({e for run in runs for e in run["first_visit_errors"]}):
        print(f"  first visit: {error}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
