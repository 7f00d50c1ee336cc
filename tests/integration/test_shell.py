"""Browser journeys on the app shell: the national map, the KPI cards, navigation and language.

Expected numbers come from ``tests.known_data``, never from the queries under test.
"""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.features.map.kpi_cards import kpi_id
from dashboard.i18n import format_number
from tests import known_data as known
from tests.integration.helpers import CANVAS, absent, locations, sign_in, until, url


def test_sh001_national_map_and_kpi_cards(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    for key, value in (("returnees_profiled", known.RETURNEES), ("people_reached", known.PEOPLE_REACHED),
                       ("dcc_meetings", known.DCC_MEETINGS), ("migration_fairs", known.FAIRS)):
        dash_duo.wait_for_text_to_equal(f"#{kpi_id(key)}", format_number(value), timeout=15)
    assert locations(dash_duo) == 64
    assert f"Target {format_number(known.NATIONAL_TARGET_RETURNEES)}" in dash_duo.find_element("#kpi-cards").text
    assert dash_duo.driver.title == "Map · PROTTASHA DCC Dashboard"
    assert dash_duo.find_element("#page-nav .nav-link.active").text == "Map"
    assert dash_duo.get_logs() == []


def test_sh002_language_switch_to_bangla(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.find_element("label[for='_dbcprivate_radioitems_language-picker_input_bn']").click()
    dash_duo.wait_for_text_to_equal("#page-header h1", "প্রত্যাশা ডিসিসি ড্যাশবোর্ড", timeout=10)
    dash_duo.wait_for_text_to_equal(f"#{kpi_id('returnees_profiled')}", format_number(known.RETURNEES, "bn"),
                                    timeout=10)
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "bn"
    dash_duo.wait_for_text_to_equal("#page-nav .nav-link.active", "মানচিত্র", timeout=10)
    assert dash_duo.get_logs() == []


def test_sh003_unknown_address_says_so_and_links_home(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.driver.get(url(dash_duo, "/no-such-page?district=BD6091"))
    dash_duo.wait_for_contains_text("#page-content", "Page not found", timeout=15)
    dash_duo.find_element("#page-content a").click()
    dash_duo.wait_for_element(CANVAS, timeout=30)
    assert dash_duo.get_logs() == []


def test_sh004_bangla_with_latin_digits_kept_after_reload(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.find_element("label[for='_dbcprivate_radioitems_language-picker_input_bn']").click()
    card = f"#{kpi_id('returnees_profiled')}"
    dash_duo.wait_for_text_to_equal(card, format_number(known.RETURNEES, "bn"), timeout=10)
    _reload_by_clicking(dash_duo, "#latin-digits")  # the setting redraws the page
    dash_duo.wait_for_text_to_equal(card, str(known.RETURNEES), timeout=15)
    dash_duo.wait_for_text_to_equal("#page-header h1", "প্রত্যাশা ডিসিসি ড্যাশবোর্ড", timeout=10)  # words stay Bangla
    assert dash_duo.find_element("#latin-digits").is_selected()
    _reload_by_clicking(dash_duo, "#latin-digits")
    dash_duo.wait_for_text_to_equal(card, format_number(known.RETURNEES, "bn"), timeout=15)
    assert not dash_duo.find_element("#latin-digits").is_selected()
    assert dash_duo.get_logs() == []


def _reload_by_clicking(dash_duo: DashComposite, selector: str) -> None:
    """Click, then wait until the browser has loaded a new document and the map is drawn."""
    dash_duo.driver.execute_script("window.beforeReload = true;")
    dash_duo.find_element(selector).click()
    until(dash_duo, lambda: dash_duo.driver.execute_script("return window.beforeReload !== true;"), timeout=15)
    dash_duo.wait_for_element(CANVAS, timeout=30)


def test_sh005_lost_connection_is_said_with_a_way_to_retry(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings), path="/?district=BD6091")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    card = f"#{kpi_id('returnees_profiled')}"
    dash_duo.wait_for_text_to_equal(card, format_number(known.SYLHET_WOMEN + known.SYLHET_MEN), timeout=15)
    dash_duo.driver.set_network_conditions(offline=True, latency=0, download_throughput=-1, upload_throughput=-1)
    # Any change of view needs the server.
    dash_duo.find_element("label[for='_dbcprivate_checklist_map-layer-toggles_input_fairs']").click()
    notice = dash_duo.wait_for_element("#connection-notice", timeout=15)
    assert notice.get_attribute("role") == "alert"
    assert "could not reach the server" in notice.text
    dash_duo.get_logs()  # drop the browser's own reports of the requests we cut off
    dash_duo.driver.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    _reload_by_clicking(dash_duo, "#connection-notice button")
    dash_duo.wait_for_text_to_equal(card, format_number(known.SYLHET_WOMEN + known.SYLHET_MEN), timeout=15)
    assert absent(dash_duo, "#connection-notice")
    assert dash_duo.get_logs() == []
