"""The map page as it fills: nothing jumps (layout shift), and every progress bar has a name.

Layout shift is measured in Chromium itself: a PerformanceObserver for ``layout-shift``
entries, installed before the page's first script (CDP), summed the way Lighthouse and the
Core Web Vitals do (the worst burst of shifts less than 1 s apart, at most 5 s long, not
counting shifts right after input). A district office on a slow line sees each piece of the
page arrive separately, so every late piece (map, legend, KPI cards) must land in space
already kept for it.

The filter panel above the page was such a piece: shown by the router's first answer, it pushed
the whole page down (0.05 on a desktop, 0.13 on a phone) whenever that answer came after the first
paint, which depends on timing, not on the checkout; its space is now kept from the first paint
(assets/filter_frame.js). Nothing here depends on a quiet CPU any more: the shifts are measured
in Chromium, not timed from outside, so the test runs beside the others.
"""

from __future__ import annotations

import time
from typing import Any

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.privacy import Hidden, is_hidden
from dashboard.features.map.kpi_cards import _progress_bar
from tests.integration.helpers import sign_in, url

# Installed in every new document before its scripts run: keeps each shift with what moved.
OBSERVER = """
window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts.push({
  value: e.value, time: e.startTime, input: e.hadRecentInput,
  sources: (e.sources || []).map(s => { const n = s.node; if (!n || !n.nodeType) return '?';
    const el = n.nodeType === 1 ? n : n.parentElement;
    return el ? (el.tagName + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined
      ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')) + ' ' + JSON.stringify(s.previousRect)
      + '->' + JSON.stringify(s.currentRect) : '?'; })}); })
  .observe({type: 'layout-shift', buffered: true});
"""
DRAWN = ("#district-map .choroplethlocation", "#kpi-returnees_profiled", "#district-map-legend .legend-section")
# (name, width, height, mobile): the reviewer's desktop and a common small Android phone.
LATENCY_MS = 150
VIEWPORTS = (("desktop", 1440, 900, False), ("phone", 360, 740, True))


def cumulative_layout_shift(shifts: list[dict[str, Any]]) -> float:
    """The largest session window of shifts (gaps under 1 s, window at most 5 s), as CLS is defined."""
    best = current = 0.0
    start = last = None
    for shift in sorted((s for s in shifts if not s["input"]), key=lambda s: s["time"]):
        if start is None or shift["time"] - last >= 1000 or shift["time"] - start >= 5000:
            start, current = shift["time"], 0.0
        current += shift["value"]
        last = shift["time"]
        best = max(best, current)
    return best


def load_and_measure(dash_duo: DashComposite, path: str, width: int, height: int, mobile: bool) -> list[dict]:
    """Open ``path`` at the given viewport and return its layout shifts once it has drawn and settled."""
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.get(url(dash_duo, path))
    for selector in DRAWN:
        dash_duo.wait_for_element(selector, timeout=30)
    # Settled: no new shift for a second (late fonts, the map's first frame).
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 1.0:
        count = driver.execute_script("return window.__shifts.length")
        if count != seen:
            seen, quiet_since = count, time.monotonic()
        time.sleep(0.2)
    return driver.execute_script("return window.__shifts")


def test_ls001_map_page_does_not_jump_as_it_fills(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), "hq")
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
    # A slow line's round trip: each callback answer arrives on its own, as in a district office.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                                "downloadThroughput": -1, "uploadThroughput": -1})
    measured = {}
    for name, width, height, mobile in VIEWPORTS:
        shifts = load_and_measure(dash_duo, "/", width, height, mobile)
        measured[name] = (cumulative_layout_shift(shifts), [(round(s["value"], 4), s["sources"]) for s in shifts])
        if name == "desktop":
            bars = driver.execute_script(
                "return [...document.querySelectorAll('[role=progressbar]')].map(b => (b.getAttribute('aria-label')"
                " || (b.getAttribute('aria-labelledby') || '').split(/\\s+/).map(i => document.getElementById(i))"
                ".filter(Boolean).map(e => e.textContent).join(' ')).trim())")
            assert bars, "the map page shows no progress bar towards a target"
            assert all(bars), f"progress bars without an accessible name: {bars}"
            assert any(b.startswith("Returnees profiled: ") and b.endswith("%)") for b in bars), bars
    assert all(cls <= 0.1 for cls, _ in measured.values()), measured


def test_ls002_progress_bar_names_its_figure_in_the_page_language() -> None:
    bar = _progress_bar("returnees_profiled", 97, 200, 49, "en").to_plotly_json()["props"]
    assert bar["role"] == "progressbar" and bar["aria-label"] == "Returnees profiled: 97 of 200 (49%)"
    assert bar["aria-valuenow"] == 49 and bar["aria-valuetext"] == "49% of target"
    over = _progress_bar("returnees_profiled", 250, 200, 125, "bn").to_plotly_json()["props"]
    assert over["aria-label"].endswith("২৫০ (১২৫%)") and over["aria-valuenow"] == 100  # the bar stops, the share not
    hidden = Hidden(5)
    assert is_hidden(hidden)
    named = _progress_bar("returnees_profiled", hidden, 200, None, "en").to_plotly_json()["props"]
    assert named["aria-label"] == "Returnees profiled: <5 of 200" and named["aria-valuenow"] == 0


def test_ls003_the_page_names_the_paths_whose_filter_space_is_kept_from_the_first_paint(
        known_settings: Settings) -> None:
    # The map, gaps, DCC and compare pages show the frame's filters; help and import do not.
    index = create_app(known_settings).index_string
    named = index.split('data-filter-paths="', 1)[1].split('"', 1)[0].split()
    assert sorted(named) == ["/", "/compare", "/dcc", "/gaps"]
