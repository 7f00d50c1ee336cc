"""Browser checks of what a new user hits first: Bangla in the map, old spellings, links
naming places, messages that explain an empty map, and a phone-sized screen."""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from geodata import bounds
from tests.integration.helpers import CANVAS, map_view, pick, sign_in, until, url

SYLHET, DHAKA = "BD6091", "BD3026"
_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"


def test_md001_bangla_in_the_map_is_drawn_with_the_shipped_font(dash_duo: DashComposite,
                                                                 known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    dash_duo.find_element("label[for='_dbcprivate_radioitems_language-picker_input_bn']").click()
    dash_duo.wait_for_contains_text("#district-map-legend", "কোয়ান্টাইল", timeout=15)
    # This machine has no Bengali system font: Bangla can only come from the shipped one.
    measured = dash_duo.driver.execute_script(
        "const family = " + _GRAPH + "._fullLayout.font.family;"
        "const c = document.createElement('canvas').getContext('2d');"
        "const w = f => { c.font = '16px ' + f; return c.measureText('নওগাঁসিলেট১২৩').width; };"
        "return [family, w(family), w('\"Noto Sans Bengali\"'), w('serif'),"
        " document.fonts.check('16px \"Noto Sans Bengali\"', 'নওগাঁ')];")
    family, with_figure_font, with_noto, without, loaded = measured
    assert "Noto Sans Bengali" in family
    assert with_figure_font == with_noto != without  # the figure's font list reaches Noto for Bangla
    assert loaded is True
    legend_font = dash_duo.driver.execute_script(
        "return getComputedStyle(document.querySelector('#district-map-legend li')).fontFamily")
    assert "Noto Sans Bengali" in legend_font
    assert dash_duo.get_logs() == []


def test_md002_old_spellings_and_place_names_in_links(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    pick(dash_duo, "Comilla", "Cumilla")  # the old spelling finds the district
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nCumilla", timeout=15)
    dash_duo.driver.get(url(dash_duo, "/?district=Sylhet"))
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh\nSylhet", timeout=30)
    dash_duo.driver.get(url(dash_duo, "/?district=Sylhett"))
    dash_duo.wait_for_contains_text("#district-map-empty", "“Sylhett”", timeout=30)
    dash_duo.wait_for_text_to_equal("#map-breadcrumb", "Bangladesh", timeout=15)
    assert dash_duo.get_logs() == []


def test_md003_an_empty_view_says_why(dash_duo: DashComposite, known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.driver.get(url(dash_duo, f"/?district={DHAKA}&layers=returnees,fairs"))
    dash_duo.wait_for_contains_text("#district-map-empty", "No returnees have been profiled in Dhaka.", timeout=30)
    dash_duo.wait_for_contains_text("#district-map-empty", "No migration fairs in Dhaka.", timeout=10)
    assert "Remove a filter" not in dash_duo.find_element("#district-map-empty").text  # there is none to remove
    dash_duo.driver.get(url(dash_duo, f"/?district={DHAKA}&layers=fairs&from=2019-01-01&to=2019-12-31"))
    dash_duo.wait_for_contains_text("#district-map-empty", "No migration fairs in Dhaka in this period.", timeout=30)
    assert dash_duo.get_logs() == []


def test_md004_a_phone_sees_the_whole_district_and_the_legend_below_the_map(dash_duo: DashComposite,
                                                                             known_settings: Settings) -> None:
    sign_in(dash_duo, create_app(known_settings))
    dash_duo.driver.set_window_size(360, 780)
    dash_duo.driver.get(url(dash_duo, f"/?district={SYLHET}"))
    dash_duo.wait_for_element(CANVAS, timeout=30)
    west, south, east, north = bounds(SYLHET)

    def shows_whole_district() -> bool:
        view = map_view(dash_duo)
        return view is not None and view[0] <= west and view[1] <= south and view[2] >= east and view[3] >= north

    until(dash_duo, shows_whole_district, timeout=20)
    legend_top = dash_duo.driver.execute_script(
        "return document.getElementById('district-map-legend').getBoundingClientRect().top")
    map_bottom = dash_duo.driver.execute_script(
        "return document.getElementById('district-map').getBoundingClientRect().bottom")
    assert legend_top >= map_bottom - 1  # below the map, not over it
    assert dash_duo.get_logs() == []
