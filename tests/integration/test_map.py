"""Browser journeys on the map: drill down, breadcrumb, layer toggles, shareable URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.app_factory import create_app
from dashboard.config import Settings
from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.i18n import format_number
from dashboard.queries import programme_indicators
from dashboard.scope import Scope
from geodata import Level, areas_at

CANVAS = "#district-map .maplibregl-canvas"
SYLHET, GOLAPGANJ = "BD6091", "BD60910038"


def _legend(dash_duo: DashComposite) -> list[str]:
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#district-map .legendtext')].map(e => e.textContent)")


def _locations(dash_duo: DashComposite) -> int:
    return dash_duo.driver.execute_script(
        "const d = document.querySelector('#district-map .js-plotly-plot').data;"
        "return d.filter(t => t.type === 'choroplethmap').reduce((n, t) => n + t.locations.length, 0);")


def _until(dash_duo: DashComposite, condition: Callable[[], bool], timeout: int = 15) -> None:
    WebDriverWait(dash_duo.driver, timeout).until(lambda _driver: condition())


def _pick(dash_duo: DashComposite, typed: str, option: str) -> None:
    """Search the area picker as a user would, then choose the option with that exact text."""
    dash_duo.find_element("#map-district-picker").click()
    search = dash_duo.find_element(".dash-dropdown-search, #map-district-picker input")
    search.send_keys(typed)
    _until(dash_duo, lambda: any(o.text == option for o in dash_duo.find_elements(".dash-dropdown-option")))
    next(o for o in dash_duo.find_elements(".dash-dropdown-option") if o.text == option).click()


def _wait_for_legend(dash_duo: DashComposite, present: bool, text: str) -> None:
    _until(dash_duo, lambda: any(text in entry for entry in _legend(dash_duo)) == present)


def test_mp001_pick_district_toggle_layers_share_url_and_go_back(dash_duo: DashComposite,
                                                                 demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh", timeout=15)
    assert _locations(dash_duo) == 64

    _pick(dash_duo, "সিলেট", "Sylhet · সিলেট")  # searched in Bangla
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert f"district={SYLHET}" in dash_duo.driver.current_url
    _until(dash_duo, lambda: _locations(dash_duo) == len(areas_at(Level.UPAZILA, SYLHET)))
    _wait_for_legend(dash_duo, True, "Returnees:")

    providers = "label[for='_dbcprivate_checklist_map-layer-toggles_input_providers']"
    dash_duo.find_element(providers).click()
    _wait_for_legend(dash_duo, True, "Service providers:")
    shared_url = dash_duo.driver.current_url
    assert "providers" in shared_url
    dash_duo.find_element(providers).click()
    _wait_for_legend(dash_duo, False, "Service providers:")

    dash_duo.driver.get(shared_url)  # a colleague opens the copied link
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    _wait_for_legend(dash_duo, True, "Service providers:")

    dash_duo.find_element("#map-back").click()
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh", timeout=15)
    _until(dash_duo, lambda: _locations(dash_duo) == 64)
    dash_duo.driver.back()  # browser history returns to the district
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert dash_duo.get_logs() == []


def test_mp002_each_layer_adds_and_removes_its_legend_entry(dash_duo: DashComposite,
                                                             demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    expected = {"returnees": "Returnees:", "dcc_activity": "DCC activity:", "fairs": "Migration fairs",
                "providers": "Service providers:"}
    for key, text in expected.items():
        toggle = f"label[for='_dbcprivate_checklist_map-layer-toggles_input_{key}']"
        before = any(text in entry for entry in _legend(dash_duo))
        dash_duo.find_element(toggle).click()
        _wait_for_legend(dash_duo, not before, text)
    assert dash_duo.get_logs() == []


def _kpi(settings: Settings, filters: Filters) -> str:
    database = Database(settings.database_url)
    with database.session() as session:
        value = programme_indicators(session, Scope.national(), filters)["returnees_profiled"]
    database.dispose()
    return format_number(value)


def test_mp003_a_filter_changes_the_kpis_to_what_the_query_gives(dash_duo: DashComposite,
                                                                  demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    everyone = _kpi(demo_settings, Filters())
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", everyone, timeout=15)
    dash_duo.find_element("#filter-panel summary").click()
    dash_duo.find_element("label[for='_dbcprivate_checklist_filter-sex_input_female']").click()
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", _kpi(demo_settings, Filters(sex=("female",))),
                                    timeout=15)
    assert "sex=female" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text("#filter-chips", "Sex: Female", timeout=10)
    dash_duo.find_element("#filter-chips button").click()  # remove the chip
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", everyone, timeout=15)
    assert "sex=" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_mp004_click_district_then_upazila_opens_its_detail(dash_duo: DashComposite,
                                                             demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)

    def click(pcode: str) -> None:
        # A real click needs pixel coordinates on a WebGL canvas; emitting Plotly's own
        # click event for the feature exercises the same path through dcc.Graph.
        dash_duo.driver.execute_script(
            "const g = document.querySelector('#district-map .js-plotly-plot');"
            "const i = g.data[0].locations.indexOf(arguments[0]);"
            "g.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: i, pointIndex: i,"
            " location: arguments[0], data: g.data[0], fullData: g._fullData[0]}]});", pcode)

    _until(dash_duo, lambda: _locations(dash_duo) == 64)
    click(SYLHET)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    _until(dash_duo, lambda: _locations(dash_duo) == len(areas_at(Level.UPAZILA, SYLHET)))
    click(GOLAPGANJ)
    dash_duo.wait_for_text_to_equal("#upazila-detail-title", "Golapganj, Sylhet", timeout=15)
    expected = _kpi(demo_settings, Filters(area=GOLAPGANJ))
    assert dash_duo.find_element("#upazila-detail-body tr:first-child td").text == expected
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", expected, timeout=15)
    dash_duo.find_element("#upazila-detail-close").click()
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert "upazila" not in dash_duo.driver.current_url
    _pick(dash_duo, "Golapg", "Golapganj · গোলাপগঞ্জ — Sylhet")  # the keyboard way to the same panel
    dash_duo.wait_for_text_to_equal("#upazila-detail-title", "Golapganj, Sylhet", timeout=15)
    assert dash_duo.get_logs() == []


def test_mp005_download_the_data_behind_the_map(dash_duo: DashComposite, demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    folder = Path(dash_duo.download_path)
    for item, name in (("areas", "returnees_bangladesh.csv"), ("fairs", "fairs_bangladesh.csv")):
        dash_duo.find_element("#district-map-download-menu button").click()
        dash_duo.find_element(f"#\\{{\\\"type\\\"\\:\\\"map-download\\\"\\,\\\"what\\\"\\:\\\"{item}\\\"\\}}").click()
        _until(dash_duo, lambda name=name: (folder / name).exists() and (folder / name).stat().st_size > 0)
    areas = pd.read_csv(folder / "returnees_bangladesh.csv", encoding="utf-8-sig")
    assert len(areas) == 64
    assert areas["Returnees profiled"].sum() == _count(demo_settings, "returnees_profiled")
    fairs = pd.read_csv(folder / "fairs_bangladesh.csv", encoding="utf-8-sig")
    assert len(fairs) == _count(demo_settings, "migration_fairs")
    assert dash_duo.get_logs() == []


def _count(settings: Settings, key: str) -> int:
    database = Database(settings.database_url)
    with database.session() as session:
        value = programme_indicators(session, Scope.national(), Filters())[key]
    database.dispose()
    return value
