"""The DEMO officer's journey on the service-gap page, on the hand-made Golapganj scene
(``tests.features.gaps.scene``): three people in need of legal support, the nearest provider over
the district border 19.6-20.2 km away."""

from __future__ import annotations

from typing import Any

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.i18n import t
from geodata import admin_areas
from tests import factories as f
from tests.features.gaps import scene
from tests.integration.helpers import click, pick, sign_in, until
from tests.known_data import add_users

PLOT = "document.querySelector('#gaps-map .js-plotly-plot')"


@pytest.fixture(scope="module")
def scene_url(new_sqlite: Any) -> str:
    with new_sqlite("gaps-page") as (url, session):
        scene.load(session)
        add_users(session)
    return url


def _share_on_map(dash_duo: DashComposite, pcode: str) -> Any:
    """The share unreached the map's hover gives for an upazila."""
    return dash_duo.driver.execute_script(
        f"const g = {PLOT}; if (!g || !g.data) return null;"
        "const t = g.data.find(t => t.type === 'choropleth' && t.locations.includes(arguments[0]));"
        "return t ? t.customdata[t.locations.indexOf(arguments[0])][1] : null;", pcode)


def _centre(dash_duo: DashComposite) -> Any:
    return dash_duo.driver.execute_script(
        f"const c = (({PLOT} || {{}})._fullLayout || {{}}).geo; return c && [c.center.lat, c.center.lon];")


def _chosen_on_map(dash_duo: DashComposite) -> Any:
    """Where the map marks the chosen site, if it does."""
    return dash_duo.driver.execute_script(
        f"const g = {PLOT}; const t = g && g.data && g.data.find(t => t.name === 'Chosen site');"
        "return t ? [t.lat[0], t.lon[0]] : null;")


def _table_row(dash_duo: DashComposite, name: str) -> list[str]:
    for row in dash_duo.find_elements("#gaps-table tbody tr"):
        cells = row.find_elements("css selector", "th, td")
        if cells[0].text == name:
            return [c.text for c in cells]
    return []


def test_gp001_finding_who_is_out_of_reach_and_where_to_help(dash_duo: DashComposite, scene_url: str) -> None:
    # Headquarters, whose counts are exact, so the scene's 3 people can be followed one by one.
    # A district officer walks the same journey with perturbed counts (the scene's groups are all
    # under the threshold): tests/features/gaps/test_gap_disclosure.py checks what they get, and
    # tests/integration/test_role_grid_browser.py that the page draws for them.
    settings = load_settings({}, database_url=scene_url, cache_type="SimpleCache")
    sign_in(dash_duo, create_app(settings), "hq", "/gaps?district=BD6091")
    dash_duo.wait_for_element("#gaps-service", timeout=30)
    dash_duo.wait_for_contains_text("#gaps-district", "Sylhet", timeout=30)

    pick(dash_duo, "Legal", "Legal support", "#gaps-service")
    dash_duo.wait_for_contains_text("#gaps-summary", "3 returnees in need, 3 of them farther than 10 km", timeout=30)
    assert "1 of them" in dash_duo.find_element("#gaps-summary").text  # placed at the upazila centre
    until(dash_duo, lambda: _table_row(dash_duo, "Golapganj")[1:3] == ["3", "3"])
    until(dash_duo, lambda: _share_on_map(dash_duo, f.GOLAPGANJ) == "100%")

    # Every candidate within 10 km of all three is near Golapganj; its centre comes first.
    top = dash_duo.find_element("#gaps-sites li:first-child button")
    assert "Golapganj" in top.text and "brings 3 in reach" in top.text
    click(dash_duo, "#gaps-sites li:first-child button")
    golapganj = admin_areas()[f.GOLAPGANJ]
    until(dash_duo, lambda: _centre(dash_duo) == pytest.approx([golapganj.center_lat, golapganj.center_lon], abs=1e-3))
    # ... and marks it: a ring on the map (listed in the legend) and the list's item.
    until(dash_duo, lambda: _chosen_on_map(dash_duo) == pytest.approx([golapganj.center_lat, golapganj.center_lon],
                                                                      abs=1e-3))
    assert "Chosen site" in dash_duo.find_element("#gaps-legend").text
    assert "Golapganj" in dash_duo.find_element("#gaps-sites li[aria-current='true']").text

    # Widen the reach to 20 km: the one placed at Golapganj's centre (19.6 km away) is reached.
    radius = dash_duo.find_element("#gaps-radius input[type=number]")
    radius.send_keys(Keys.CONTROL, "a")
    radius.send_keys("20", Keys.ENTER)  # Enter applies the box's value (as leaving it does)
    dash_duo.wait_for_contains_text("#gaps-summary", "2 of them farther than 20 km", timeout=30)
    assert dash_duo.driver.switch_to.active_element == radius  # and the cursor stays in the box
    until(dash_duo, lambda: _table_row(dash_duo, "Golapganj")[1:3] == ["3", "2"])
    until(dash_duo, lambda: _share_on_map(dash_duo, f.GOLAPGANJ) == "67%")
    assert "radius=20" in dash_duo.driver.current_url and "service=legal_support" in dash_duo.driver.current_url

    # The fairs' before/after comes on request: everyone in the scene was profiled 19 days
    # before the Golapganj fair.
    click(dash_duo, "#gaps-show-fairs")
    dash_duo.wait_for_contains_text("#gaps-fairs", "Golapganj Fair Ground", timeout=30)
    assert dash_duo.find_element("#gaps-fairs tbody tr").text.split()[-4:-2] == ["5", "0"]

    # In Bangla, the same analysis; no callback of another page stirs (the console stays clean).
    english = dash_duo.find_element("#gaps-summary").text
    click(dash_duo, "#language-picker label[for$='_input_bn']")
    until(dash_duo, lambda: dash_duo.find_element("#gaps-summary").text not in ("", english))
    assert t("service.legal_support", "bn") in dash_duo.find_element("#gaps-summary").text
    logs = dash_duo.get_logs()
    assert logs == [], "\n".join(entry["message"][:600] for entry in logs)
