"""The map as a district user meets it (issue 27): a DCC member of Sylhet lands on Sylhet, the map
starts on the first screen of a phone, its legend is clear of the canvas, and a real click on
an upazila covered by a layer's point opens that upazila, in English and Bangla, on a desktop
and a phone.

Clicks are real: the mouse is moved and pressed through Chromium's DevTools input at the pixel
where the upazila's centre is drawn (where its returnee circle sits), not emitted as Plotly
events. Set ``DASHBOARD_SCREENSHOTS`` to a folder (docs/screenshots) to keep the landing views.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.i18n import t
from geodata import Level, admin_areas, areas_at
from layers import ordered_layers
from tests.features.brief.poppler import pdf_text
from tests.integration.helpers import CANVAS, absent, click, locations, map_pixel, sign_in, until, url, wait_for_plots

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
ENGLISH = "label[for='_dbcprivate_radioitems_language-picker_input_en']"
# (name, width, height): the reviewer's desktop and a common small Android phone.
VIEWPORTS = (("desktop", 1440, 900), ("phone", 360, 740))
_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"


def _viewport(dash_duo: DashComposite, width: int, height: int) -> None:
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})


def _box(dash_duo: DashComposite, selector: str) -> dict[str, float]:
    return dash_duo.driver.execute_script(
        "const b = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: b.top, bottom: b.bottom, left: b.left, right: b.right};", selector)


def _settled(dash_duo: DashComposite, areas: int) -> None:
    """Wait until the map draws ``areas`` areas and Plotly has finished drawing them."""
    until(dash_duo, lambda: locations(dash_duo) == areas, timeout=30)
    wait_for_plots(dash_duo, timeout=30)
    until(dash_duo, lambda: absent(dash_duo, "[data-dash-is-loading='true']"), timeout=30)


def _pixel_of(dash_duo: DashComposite, pcode: str) -> tuple[float, float]:
    """Where the centre of an area (where its returnee circle sits) is on the screen."""
    area = admin_areas()[pcode]
    return map_pixel(dash_duo, area.center_lat, area.center_lon)


def _mouse(dash_duo: DashComposite, kind: str, x: float, y: float) -> None:
    dash_duo.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {
        "type": kind, "x": x, "y": y, "button": "none" if kind == "mouseMoved" else "left", "clickCount": 1})


def _hovered(dash_duo: DashComposite) -> list[str]:
    """The types of the traces Plotly's hover picked under the mouse."""
    return dash_duo.driver.execute_script(
        f"return ({_GRAPH}._hoverdata || []).map(p => (p.data || p.fullData || {{}}).type);")


def _keep_screenshot(dash_duo: DashComposite, name: str) -> None:
    folder = os.environ.get("DASHBOARD_SCREENSHOTS")
    if folder:
        dash_duo.driver.execute_script("window.scrollTo(0, 0);")
        dash_duo.driver.save_screenshot(str(Path(folder) / name))


def _lands_on_sylhet(dash_duo: DashComposite, lang: str, width: int, height: int) -> None:
    sylhet = admin_areas()[SYLHET].name(lang)
    dash_duo.wait_for_contains_text("#district-map-title", sylhet, timeout=30)
    dash_duo.wait_for_text_to_equal("#kpi-heading", t("kpi.heading_area", lang, area=sylhet), timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", sylhet, timeout=15)  # no way up to the whole country
    _settled(dash_duo, len(areas_at(Level.UPAZILA, SYLHET)))
    dash_duo.driver.execute_script("window.scrollTo(0, 0);")
    # The map starts on the first screen, with a good part of it there (issue 27: 800 px down on a phone).
    assert _box(dash_duo, "#district-map")["top"] <= height - 200
    # The map's drawing fills its box and ends above the legend's first title, never over it.
    canvas, graph = _box(dash_duo, "#district-map .main-svg"), _box(dash_duo, "#district-map")
    assert abs(canvas["top"] - graph["top"]) <= 1 and abs(canvas["bottom"] - graph["bottom"]) <= 1
    assert canvas["bottom"] <= _box(dash_duo, "#district-map-legend .legend-title")["top"]
    assert "district=" not in dash_duo.driver.current_url  # the link opened was the bare address
    # Nothing sticks out sideways: a phone would zoom the page out, and every tap would land off
    # its target (the map's menus did, at 360 px, once they moved below the map).
    assert dash_duo.driver.execute_script("return document.documentElement.scrollWidth") <= width


def _all_layers_on(dash_duo: DashComposite) -> None:
    for layer in ordered_layers():
        toggle = f"_dbcprivate_checklist_map-layer-toggles_input_{layer.key}"
        if not dash_duo.find_element(f"#{toggle}").is_selected():
            click(dash_duo, f"label[for='{toggle}']")
    every = ",".join(layer.key for layer in ordered_layers())
    until(dash_duo, lambda: f"layers={every}" in dash_duo.driver.current_url.replace("%2C", ","))


def test_ml102_headquarters_lands_on_the_country_and_a_click_on_a_circle_opens_its_district(
        dash_duo: DashComposite, demo_settings: Settings) -> None:
    sign_in(dash_duo, create_app(demo_settings), "hq")
    _viewport(dash_duo, 1440, 900)
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", t("map.national", "en"), timeout=30)
    dash_duo.wait_for_text_to_equal("#kpi-heading", t("kpi.heading", "en"), timeout=30)
    _settled(dash_duo, len(areas_at(Level.DISTRICT)))
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                                   dash_duo.find_element("#district-map"))
    x, y = _pixel_of(dash_duo, GOLAPGANJ)  # Golapganj's returnee circle, inside Sylhet
    _mouse(dash_duo, "mouseMoved", x, y)
    until(dash_duo, lambda: _hovered(dash_duo) != [])
    assert _hovered(dash_duo) == ["scattergeo"]
    _mouse(dash_duo, "mousePressed", x, y)
    _mouse(dash_duo, "mouseReleased", x, y)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", f"{t('map.national', 'en')}\nSylhet", timeout=30)
    assert f"district={SYLHET}" in dash_duo.driver.current_url and "upazila" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


_WORKING = {"en": "Loading…", "bn": "লোড হচ্ছে…"}
_YEAR = {"en": "2019", "bn": "২০১৯"}


def _latency(dash_duo: DashComposite, ms: int) -> None:
    """Every answer ``ms`` slower, as on a district office's line (0: as fast as it comes)."""
    dash_duo.driver.execute_cdp_cmd("Network.enable", {})
    dash_duo.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": ms, "downloadThroughput": -1, "uploadThroughput": -1})


def _working(dash_duo: DashComposite) -> list[str]:
    """The words of every loading indicator on screen (each a status to screen readers)."""
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('.app-loading[role=status]')]"
        ".filter(i => i.checkVisibility()).map(i => i.innerText.trim());")


@pytest.mark.timeout(600)  # four landings, every layer, a slow-line click, two prints: minutes when busy
def test_ml103_the_journey_of_issue_27(dash_duo: DashComposite, demo_settings: Settings) -> None:
    """A DCC member of Sylhet signs in, lands on Sylhet, sets 2019 with a preset, turns every
    layer on, clicks an upazila under its circle on a slow line and sees the spinner while its
    detail loads, then downloads the print-ready map: in English and Bangla, desktop and phone.

    This journey also holds what ml101 checked on its own (the landing, every layer on, the click
    under the circle opening the upazila's figures): both signed in, loaded the map four times
    and drew every layer the same way, so one run of the journey checks both at half the cost."""
    sign_in(dash_duo, create_app(demo_settings), "member")
    printed_links: dict[str, bytes] = {}
    for lang in ("en", "bn"):
        for name, width, height in VIEWPORTS:
            _latency(dash_duo, 0)
            _viewport(dash_duo, width, height)
            dash_duo.driver.get(url(dash_duo, "/"))
            dash_duo.wait_for_element(CANVAS, timeout=30)
            dash_duo.find_element(BANGLA if lang == "bn" else ENGLISH).click()
            until(dash_duo, lambda lang=lang: dash_duo.driver.execute_script(
                "return document.documentElement.lang") == lang)
            _lands_on_sylhet(dash_duo, lang, width, height)
            _keep_screenshot(dash_duo, f"dcc-member-sylhet{'-phone' if name == 'phone' else ''}"
                                       f"{'-bn' if lang == 'bn' else ''}.png")
            click(dash_duo, "#filter-panel summary")
            dash_duo.driver.execute_script(
                "const s = document.getElementById('filter-preset'); s.value = 'year_2019';"
                "s.dispatchEvent(new Event('change', {bubbles: true}));")
            until(dash_duo, lambda: "from=2019-01-01" in dash_duo.driver.current_url
                  and "to=2019-12-31" in dash_duo.driver.current_url)
            _all_layers_on(dash_duo)
            _settled(dash_duo, len(areas_at(Level.UPAZILA, SYLHET)))
            dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                                           dash_duo.find_element("#district-map"))
            x, y = _pixel_of(dash_duo, GOLAPGANJ)
            _mouse(dash_duo, "mouseMoved", x, y)
            until(dash_duo, lambda: _hovered(dash_duo) != [])
            # The pointer is on a layer's point, not on the area's fill: the case that used to swallow the click.
            assert _hovered(dash_duo) == ["scattergeo"], _hovered(dash_duo)
            _latency(dash_duo, 1500)
            _mouse(dash_duo, "mousePressed", x, y)
            _mouse(dash_duo, "mouseReleased", x, y)
            until(dash_duo, lambda lang=lang: _WORKING[lang] in _working(dash_duo), timeout=10)
            areas = admin_areas()
            heading = t("detail.heading", lang, area=areas[GOLAPGANJ].name(lang), district=areas[SYLHET].name(lang))
            dash_duo.wait_for_text_to_equal("#upazila-detail-title", heading, timeout=30)
            until(dash_duo, lambda: len(dash_duo.find_elements("#upazila-detail-body tr")) > 5)
            assert f"upazila={GOLAPGANJ}" in dash_duo.driver.current_url
            until(dash_duo, lambda: _working(dash_duo) == [], timeout=30)
            _latency(dash_duo, 0)
            click(dash_duo, "#district-map-print-menu > button")
            until(dash_duo, lambda lang=lang: dash_duo.find_element("#district-map-print-pdf")
                  .get_attribute("href").endswith(f"lang={lang}"))
            link = dash_duo.find_element("#district-map-print-pdf").get_attribute("href")
            assert "from=2019-01-01" in link and f"upazila={GOLAPGANJ}" in link
            # The phone asks for the same print as the desktop (same view, same language): it is
            # printed once (Chromium printing a PDF takes seconds) and its words read once.
            if link not in printed_links:
                cookies = {c["name"]: c["value"] for c in dash_duo.driver.get_cookies()}
                printed = requests.get(link, cookies=cookies, timeout=120)
                assert printed.status_code == 200 and printed.headers["Content-Type"] == "application/pdf"
                printed_links[link] = printed.content
            words = "".join(pdf_text(printed_links[link]).split())  # pdftotext splits some Bangla words
            assert areas[SYLHET].name(lang) in words and _YEAR[lang] in words
    assert dash_duo.get_logs() == []
