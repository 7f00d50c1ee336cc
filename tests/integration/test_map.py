"""Browser journeys on the map: drill down, breadcrumb, layer toggles, filters, detail, download.

Expected numbers come from ``tests.known_data`` (rows the test set made), never
from the queries under test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.ui.exports import ABOUT_LINES, BOM
from geodata import Level, areas_at
from tests import known_data as known
from tests.integration.helpers import (
    CANVAS,
    click,
    click_area,
    legend,
    locations,
    menu_item,
    pick,
    sign_in,
    until,
    wait_for_legend,
)

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"
BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"


def test_mp001_pick_district_toggle_layers_share_url_and_go_back(dash_duo: DashComposite,
                                                                 demo_settings: Settings) -> None:
    sign_in(dash_duo, create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh", timeout=15)
    assert locations(dash_duo) == 64

    pick(dash_duo, "সিলেট", "Sylhet")  # searched in Bangla
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert f"district={SYLHET}" in dash_duo.driver.current_url
    until(dash_duo, lambda: locations(dash_duo) == len(areas_at(Level.UPAZILA, SYLHET)))
    wait_for_legend(dash_duo, True, "Returnees:")

    providers = "label[for='_dbcprivate_checklist_map-layer-toggles_input_providers']"
    dash_duo.find_element(providers).click()
    wait_for_legend(dash_duo, True, "Service providers:")
    shared_url = dash_duo.driver.current_url
    assert "providers" in shared_url
    dash_duo.find_element(providers).click()
    wait_for_legend(dash_duo, False, "Service providers:")

    dash_duo.driver.get(shared_url)  # a colleague opens the copied link
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    wait_for_legend(dash_duo, True, "Service providers:")
    assert dash_duo.find_element("#_dbcprivate_checklist_map-layer-toggles_input_providers").is_selected()

    dash_duo.find_element("#map-back").click()
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh", timeout=15)
    until(dash_duo, lambda: locations(dash_duo) == 64)
    dash_duo.driver.back()  # browser history returns to the district, and the controls follow
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    dash_duo.wait_for_text_to_equal("#map-district-picker .dash-dropdown-value, #map-district-picker",
                                    "Sylhet", timeout=10)
    assert dash_duo.get_logs() == []


def test_mp002_each_layer_adds_and_removes_its_legend_entry(dash_duo: DashComposite,
                                                             demo_settings: Settings) -> None:
    sign_in(dash_duo, create_app(demo_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    expected = {"returnees": "Returnees:", "dcc_activity": "DCC activity:", "fairs": "Migration fairs:",
                "providers": "Service providers:"}
    for key, text in expected.items():
        toggle = f"label[for='_dbcprivate_checklist_map-layer-toggles_input_{key}']"
        before = any(text in entry for entry in legend(dash_duo))
        dash_duo.find_element(toggle).click()
        wait_for_legend(dash_duo, not before, text)
    assert dash_duo.get_logs() == []


def test_mp003_a_filter_changes_the_kpis_chip_removes_it(dash_duo: DashComposite,
                                                         known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(known.RETURNEES), timeout=15)
    dash_duo.find_element("#filter-panel summary").click()
    dash_duo.find_element("label[for='_dbcprivate_checklist_filter-sex_input_female']").click()
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(known.WOMEN), timeout=15)
    assert "sex=female" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text("#filter-chips", "Sex: Female", timeout=10)
    dash_duo.find_element("#filter-chips button").click()  # remove the chip
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(known.RETURNEES), timeout=15)
    assert "sex=" not in dash_duo.driver.current_url
    assert not dash_duo.find_element("#_dbcprivate_checklist_filter-sex_input_female").is_selected()
    assert dash_duo.get_logs() == []


def test_mp004_click_district_then_upazila_opens_its_detail(dash_duo: DashComposite,
                                                             known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: locations(dash_duo) == 64)
    click_area(dash_duo, SYLHET)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    until(dash_duo, lambda: locations(dash_duo) == len(areas_at(Level.UPAZILA, SYLHET)))
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", str(known.SYLHET_WOMEN + known.SYLHET_MEN))
    click_area(dash_duo, GOLAPGANJ)
    dash_duo.wait_for_text_to_equal("#upazila-detail-title", "Golapganj, Sylhet", timeout=15)
    expected = str(known.GOLAPGANJ_RETURNEES)
    dash_duo.wait_for_text_to_equal("#upazila-detail-body tr:first-child td", expected, timeout=15)
    dash_duo.wait_for_text_to_equal("#kpi-returnees_profiled", expected, timeout=15)
    dash_duo.find_element("#upazila-detail-close").click()
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=15)
    assert "upazila" not in dash_duo.driver.current_url
    pick(dash_duo, "Golapg", "Golapganj — Sylhet")  # the keyboard way to the same panel
    dash_duo.wait_for_text_to_equal("#upazila-detail-title", "Golapganj, Sylhet", timeout=15)
    assert dash_duo.get_logs() == []


def test_mp005_download_the_data_behind_the_map(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    folder = Path(dash_duo.download_path)
    files = {"areas": "map-areas_returnees_bangladesh.csv", "returnees": "layer_returnees_bangladesh.csv",
             "fairs": "layer_fairs_bangladesh.csv"}
    for item, name in files.items():
        dash_duo.find_element("#district-map-download-menu button").click()
        menu_item(dash_duo, {"type": "map-download", "what": item, "format": "csv"}).click()
        until(dash_duo, lambda name=name: (folder / name).exists() and (folder / name).stat().st_size > 0)
    for name in files.values():  # every file opens in Excel with Bangla intact
        assert (folder / name).read_bytes().startswith(BOM.encode("utf-8")), name
    areas = pd.read_csv(folder / files["areas"], encoding="utf-8-sig", skiprows=ABOUT_LINES + 1)
    assert len(areas) == 64
    assert areas["Returnees profiled"].sum() == known.RETURNEES
    fairs = pd.read_csv(folder / files["fairs"], encoding="utf-8-sig", skiprows=ABOUT_LINES + 1)
    assert fairs["fairs"].sum() == known.FAIRS and len(fairs) == len(set(fairs["district_pcode"]))  # one row a district
    assert dash_duo.get_logs() == []


def _table_text(dash_duo: DashComposite) -> str:
    return str(dash_duo.driver.execute_script("return document.getElementById('district-map-table').innerText"))


def test_mp006_show_as_table_is_fetched_when_opened_by_keyboard(dash_duo: DashComposite,
                                                                known_settings: Settings) -> None:
    """A DCC member opens "Show as table" under Sylhet's map with the keyboard: the table arrives
    then (not with every map), follows the language, and closes and opens again."""
    sign_in(dash_duo, create_app(known_settings), "member", f"/?district={SYLHET}")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    # The map is drawn: its choropleth's legend, there whatever the member's published counts (the
    # returnee circles' are perturbed by record keys drawn anew with each test database, and
    # some draws publish none of Sylhet's few circles).
    wait_for_legend(dash_duo, True, "Returnees profiled")
    assert _table_text(dash_duo) == ""  # closed: nothing was sent
    opener = dash_duo.find_element("#district-map-table-open")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", opener)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    until(dash_duo, lambda: "Upazila" in _table_text(dash_duo) and "Golapganj" in _table_text(dash_duo), timeout=15)
    rows = len(areas_at(Level.UPAZILA, SYLHET))
    assert dash_duo.driver.execute_script(
        "return document.querySelectorAll('#district-map-table table')[0].tBodies[0].rows.length") == rows
    click(dash_duo, BANGLA)
    until(dash_duo, lambda: "উপজেলা" in _table_text(dash_duo) and "গোলাপগঞ্জ" in _table_text(dash_duo), timeout=15)
    opener = dash_duo.find_element("#district-map-table-open")
    opener.send_keys(Keys.ENTER)  # closed
    until(dash_duo, lambda: not dash_duo.find_element("#district-map-table").is_displayed())
    opener.send_keys(Keys.ENTER)  # and open again
    until(dash_duo, lambda: "গোলাপগঞ্জ" in _table_text(dash_duo), timeout=15)
    assert dash_duo.get_logs() == []
