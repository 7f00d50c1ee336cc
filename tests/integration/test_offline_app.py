"""Issue 31 in the browser: the line drops (Chromium's DevTools protocol,
``Network.emulateNetworkConditions``), and a DCC member still reads what they opened and records
a meeting, which is saved once when the line comes back; signing out leaves nothing of theirs.

The server's side (manifest, worker, what may be kept) is in ``tests/web/test_offline.py``."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date, timedelta
from typing import Any

from dash import Dash
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys
from sqlalchemy import func, select

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.models import DccMeeting
from dashboard.runtime import runtime
from tests.integration.helpers import click, sign_in, until, url
from tests.integration.test_dcc_page import _type_date

SYLHET = "BD6091"
MAP, DCC = f"/?district={SYLHET}", f"/dcc?district={SYLHET}"
# Answers about the user: never in Cache Storage, which keeps public files only.
PRIVATE = ("_dash-layout", "_dash-dependencies", "_dash-update-component", "/api/", "/brief/")
# What the page's script keeps (assets/01_offline.js), read back from IndexedDB.
STORED = """
const done = arguments[arguments.length - 1];
const open = indexedDB.open("prottasha-offline", 1);
open.onerror = () => done(null);
open.onsuccess = () => {
  const db = open.result, out = {};
  const names = ["views", "outbox", "meta"].filter(n => db.objectStoreNames.contains(n));
  if (!names.length) { db.close(); done(out); return; }
  const tx = db.transaction(names, "readonly");
  names.forEach(n => {
    const r = tx.objectStore(n).getAllKeys();
    r.onsuccess = () => { out[n] = r.result.map(String); };
  });
  tx.oncomplete = () => { db.close(); done(out); };
};
"""
# Every request kept in Cache Storage, by cache.
CACHED = """
const done = arguments[arguments.length - 1];
caches.keys().then(names => Promise.all(names.map(name => caches.open(name).then(c => c.keys())
  .then(requests => [name, requests.map(r => r.url)]))))
  .then(pairs => done(Object.fromEntries(pairs)), () => done(null));
"""


def _stored(dash_duo: DashComposite) -> dict[str, list[str]]:
    found: dict[str, list[str]] = dash_duo.driver.execute_async_script(STORED)
    return found


def _cached(dash_duo: DashComposite) -> dict[str, list[str]]:
    found: dict[str, list[str]] = dash_duo.driver.execute_async_script(CACHED)
    return found


class Line:
    """The line between the browser and the server. Down, the page's network is off (DevTools'
    ``Network.emulateNetworkConditions``) and the server drops every connection unanswered: the
    page's emulation does not reach its service worker, which must find no server either."""

    def __init__(self, app: Dash) -> None:
        self.down = False
        self.dropped: list[str] = []
        serve = app.server.wsgi_app

        def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
            if self.down:
                self.dropped.append(environ["PATH_INFO"])
                environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
                raise ConnectionResetError("the line is down")  # werkzeug drops it quietly
            return serve(environ, start_response)

        app.server.wsgi_app = wsgi  # type: ignore[method-assign]

    def set(self, dash_duo: DashComposite, down: bool) -> None:
        """Take the line down, or bring it back."""
        driver: Any = dash_duo.driver
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": down, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        self.down = down


def _kept_for_offline(dash_duo: DashComposite, views: int) -> None:
    """Wait until the worker controls the page and keeps its skeleton and files, and at least
    ``views`` answers of the user's views are kept."""
    until(dash_duo, lambda: dash_duo.driver.execute_script("return !!navigator.serviceWorker.controller"), 30)
    until(dash_duo, lambda: any(name.startswith("prottasha-shell-") and urls
                                for name, urls in (_cached(dash_duo) or {}).items()), 30)
    until(dash_duo, lambda: len((_stored(dash_duo) or {}).get("views", [])) >= views, 30)


def _card(dash_duo: DashComposite, selector: str) -> str:
    until(dash_duo, lambda: dash_duo.find_elements(selector) and dash_duo.find_element(selector).text.strip(), 30)
    return str(dash_duo.find_element(selector).text)


def _banner(dash_duo: DashComposite) -> str:
    until(dash_duo, lambda: dash_duo.driver.execute_script(
        "const b = document.getElementById('offline-banner'); return !!b && !b.hidden && b.textContent;"), 30)
    return str(dash_duo.find_element("#offline-banner").text)


def test_oa001_the_map_and_dcc_page_opened_online_are_read_offline_under_the_banner(
        dash_duo: DashComposite, known_settings: Settings) -> None:
    app = create_app(known_settings)
    line = Line(app)
    dash_duo.driver.set_window_size(412, 915)  # a phone, as a DCC member in the field has
    sign_in(dash_duo, app, "member", MAP)
    returnees = _card(dash_duo, "#kpi-returnees_profiled")
    dash_duo.driver.get(url(dash_duo, DCC))
    rhythm = _card(dash_duo, "#dcc-card-rhythm")
    _kept_for_offline(dash_duo, 10)

    line.set(dash_duo, down=True)
    dash_duo.driver.refresh()
    banner = _banner(dash_duo)
    assert banner.startswith("Offline: figures as of ") and date.today().strftime("%B") in banner, banner
    assert _card(dash_duo, "#dcc-card-rhythm") == rhythm
    dash_duo.driver.get(url(dash_duo, MAP))
    assert _banner(dash_duo).startswith("Offline: figures as of ")
    assert _card(dash_duo, "#kpi-returnees_profiled") == returnees
    assert line.dropped, "the worker never tried the server"  # so all that was shown came from this browser
    # Nothing of the user in Cache Storage: only public files and the page skeleton.
    cached = [u for urls in _cached(dash_duo).values() for u in urls]
    assert cached and not [u for u in cached if any(private in u for private in PRIVATE)], cached


def test_oa002_a_meeting_recorded_offline_is_saved_once_when_the_line_returns_and_sign_out_leaves_nothing(
        dash_duo: DashComposite, fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    line = Line(app)
    sign_in(dash_duo, app, "member", DCC)
    _card(dash_duo, "#dcc-card-rhythm")
    _kept_for_offline(dash_duo, 5)

    line.set(dash_duo, down=True)
    click(dash_duo, "#dcc-form summary")
    _type_date(dash_duo, "#dcc-form-date", date.today() - timedelta(days=3))
    agenda = "Recorded with the line down"
    dash_duo.find_element("#dcc-form-agenda").send_keys(agenda)
    attend = dash_duo.find_element("[id='{\"department\":\"demo\",\"type\":\"dcc-attendance\"}']")
    attend.send_keys(Keys.CONTROL, "a")
    attend.send_keys("2")
    click(dash_duo, "#dcc-form-save")
    dash_duo.wait_for_contains_text("#dcc-form-message", "kept on this device", timeout=30)
    dash_duo.driver.refresh()  # the record survives a reload, still offline
    dash_duo.wait_for_contains_text("#offline-outbox", "waiting to be sent: 1", timeout=30)
    assert agenda in dash_duo.find_element("#offline-outbox").text

    def saved() -> int:
        with app.server.app_context(), runtime().database.session() as session:
            return int(session.scalar(select(func.count()).select_from(DccMeeting).where(DccMeeting.agenda == agenda)))

    assert saved() == 0
    line.set(dash_duo, down=False)
    until(dash_duo, lambda: saved() == 1, 40)
    dash_duo.wait_for_contains_text("#offline-outbox", "sent and saved", timeout=30)
    assert _stored(dash_duo)["outbox"] == []
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#dcc-timeline", agenda, timeout=30)
    assert saved() == 1

    click(dash_duo, "form[action='/logout'] button")
    dash_duo.wait_for_element("#username", timeout=30)
    until(dash_duo, lambda: _stored(dash_duo) == {"views": [], "outbox": [], "meta": []})
    cached = [u for urls in _cached(dash_duo).values() for u in urls]
    assert not [u for u in cached if any(private in u for private in PRIVATE)], cached


def test_oa003_the_worker_fetches_nothing_while_the_page_still_fetches_plotly(
        dash_duo: DashComposite, known_settings: Settings) -> None:
    """On a first visit the page names its files to the worker to keep, and the Bengali face.
    Named before Plotly's modules have arrived (the page's load event comes before them on a
    slow line), the worker would fetch the face, and the modules a second time, over the line
    the page is still using. Here the server holds the modules back: the page has loaded and the
    worker is ready, and the worker asks for nothing until the modules are let go. Its requests
    are told apart by the browser's own header (``Sec-Fetch-Dest: empty``)."""
    app = create_app(known_settings)
    asked: list[tuple[str, str]] = []  # path, fetch destination
    held, release = threading.Event(), threading.Event()
    serve = app.server.wsgi_app

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        asked.append((environ["PATH_INFO"], environ.get("HTTP_SEC_FETCH_DEST", "")))
        if environ["PATH_INFO"].startswith("/vendor/") and held.is_set():
            release.wait(60)
        return serve(environ, start_response)

    app.server.wsgi_app = wsgi  # type: ignore[method-assign]
    sign_in(dash_duo, app, "member", "/help")  # the worker is installed on the first page
    until(dash_duo, lambda: dash_duo.driver.execute_script("return !!navigator.serviceWorker.controller"), 30)
    until(dash_duo, lambda: any(_cached(dash_duo).values()), 30)
    driver: Any = dash_duo.driver
    # A first visit to the map: nothing kept by the worker or the browser, the page's requests
    # bypassing the worker.
    driver.execute_script("return caches.keys().then(ks => Promise.all(ks.map(k => caches.delete(k))))")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
    held.set()
    asked.clear()
    driver.set_page_load_timeout(60)
    driver.get(url(dash_duo, MAP))  # returns once the page has loaded, the modules still held
    until(dash_duo, lambda: driver.execute_script(
        "return document.readyState === 'complete'"
        " && document.querySelectorAll('link[rel=modulepreload]').length ==="
        " document.querySelector('meta[name=dashboard-plotly-modules]').content.split(' ').length"), 30)
    driver.set_script_timeout(30)
    assert driver.execute_async_script("navigator.serviceWorker.ready.then(r => arguments[0](!!r.active))")
    time.sleep(3)  # time for the page to tell the worker (it did at once, before)
    worker = [path for path, dest in asked if dest == "empty" and (path.startswith("/vendor/") or "/fonts/" in path)]
    assert not worker, f"the worker fetched these while the page was still fetching Plotly: {worker}"
    release.set()
    _card(dash_duo, "#kpi-returnees_profiled")
    until(dash_duo, lambda: any(p.endswith("NotoSansBengali-Regular.woff2") and d == "empty" for p, d in asked), 60)
