"""On a slow line the map says it is working: a spinner with words over the map while its answer
is on the way, in the page's language, read out (role=status) and marking the map busy; gone,
and the mark with it, once the map has been redrawn.

Its screenshots go to the test's temporary folder (a test run leaves the tree as it found it), or
to ``DASHBOARD_SCREENSHOTS`` when set (docs/screenshots, to refresh loading-map-*.png)."""

from __future__ import annotations

import os
from pathlib import Path

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import CANVAS, sign_in, until

BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
# The map's region: dcc.Loading's outer box around the graph.
REGION = "document.querySelector('#district-map').closest('.app-loading-region').parentElement" \
         ".closest('.app-loading-region')"
WORKING = {"en": "Loading…", "bn": "লোড হচ্ছে…"}  # what a user is told, in each language


def _latency(dash_duo: DashComposite, ms: int) -> None:
    dash_duo.driver.execute_cdp_cmd("Network.enable", {})
    dash_duo.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": ms,
                                                                         "downloadThroughput": -1,
                                                                         "uploadThroughput": -1})


def _indicator(dash_duo: DashComposite) -> dict | None:
    """The map's indicator as the user meets it (its words, its role, the region's busy mark), or None."""
    return dash_duo.driver.execute_script(
        f"const r = {REGION}; const i = r && r.querySelector('.app-loading');"
        "if (!i || !i.checkVisibility()) return null;"
        "return {text: i.innerText.trim(), role: i.getAttribute('role'), busy: r.getAttribute('aria-busy')};")


def _toggle_a_layer(dash_duo: DashComposite) -> None:
    dash_duo.driver.execute_script(
        "const s = document.querySelector('#map-layer-toggles input[type=checkbox]');"
        "s.scrollIntoView({block: 'center', behavior: 'instant'}); s.click();")


def test_lo101_a_slow_map_says_it_is_working_in_the_page_language(dash_duo: DashComposite, known_settings: Settings,
                                                                  tmp_path: Path) -> None:
    dash_duo.driver.set_window_size(1440, 900)
    sign_in(dash_duo, create_app(known_settings), "hq", "/?district=BD6091")
    for lang in ("en", "bn"):
        if lang == "bn":
            dash_duo.find_element(BANGLA).click()
            until(dash_duo, lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "bn")
        dash_duo.wait_for_element(CANVAS, timeout=30)
        until(dash_duo, lambda: _indicator(dash_duo) is None and dash_duo.redux_state_rqs == [], timeout=30)
        assert dash_duo.driver.execute_script(f"return {REGION}.getAttribute('aria-busy')") is None
        _latency(dash_duo, 2500)  # each answer takes 2.5 s more: a district office's line
        _toggle_a_layer(dash_duo)
        until(dash_duo, lambda: _indicator(dash_duo) is not None, timeout=10)
        shown = _indicator(dash_duo)
        assert shown == {"text": WORKING[lang], "role": "status", "busy": "true"}, shown
        # docs/screenshots/loading-map-*.png: DASHBOARD_SCREENSHOTS=docs/screenshots keeps them there.
        folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tmp_path)
        assert dash_duo.driver.save_screenshot(str(folder / f"loading-map-{lang}.png"))
        _latency(dash_duo, 0)
        until(dash_duo, lambda: _indicator(dash_duo) is None, timeout=30)
        until(dash_duo, lambda: dash_duo.driver.execute_script(f"return {REGION}.getAttribute('aria-busy')") is None)
