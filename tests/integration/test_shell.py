"""Browser journeys on the app shell: the national map and the KPI cards."""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app_factory import create_app
from dashboard.components.kpi_cards import kpi_id
from dashboard.config import Settings
from dashboard.db import Database
from dashboard.i18n import format_number
from dashboard.queries import programme_indicators
from dashboard.scope import Scope

MAP_CANVAS = "#district-map .maplibregl-canvas"


def _expected(settings: Settings) -> dict[str, int]:
    database = Database(settings.database_url)
    with database.session() as session:
        figures = programme_indicators(session, Scope.national())
    database.dispose()
    return figures


def _trace_count(dash_duo: DashComposite) -> int:
    return dash_duo.driver.execute_script(
        "return document.querySelector('#district-map .js-plotly-plot').data.length")


def test_sh001_national_map_and_kpi_cards(dash_duo: DashComposite, demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(MAP_CANVAS, timeout=30)
    expected = _expected(demo_settings)
    for key in ("returnees_profiled", "people_reached", "dcc_meetings"):
        dash_duo.wait_for_text_to_equal(f"#{kpi_id(key)}", format_number(expected[key]), timeout=15)
    assert _trace_count(dash_duo) >= 1
    locations = dash_duo.driver.execute_script(
        "const d = document.querySelector('#district-map .js-plotly-plot').data;"
        "return d.filter(t => t.type === 'choroplethmap').reduce((n, t) => n + t.locations.length, 0);")
    assert locations == 64
    assert "Target 3,000" in dash_duo.find_element("#kpi-cards").text
    assert dash_duo.get_logs() == []


def test_sh002_language_switch_to_bangla(dash_duo: DashComposite, demo_settings: Settings) -> None:
    dash_duo.start_server(create_app(demo_settings))
    dash_duo.wait_for_element(MAP_CANVAS, timeout=30)
    dash_duo.find_element("label[for='_dbcprivate_radioitems_language-picker_input_bn']").click()
    dash_duo.wait_for_text_to_equal("#page-header h1", "প্রত্যাশা ডিসিসি ড্যাশবোর্ড", timeout=10)
    expected = _expected(demo_settings)
    dash_duo.wait_for_text_to_equal(f"#{kpi_id('returnees_profiled')}",
                                    format_number(expected["returnees_profiled"], "bn"), timeout=10)
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "bn"
    assert dash_duo.get_logs() == []
