"""The map's timeline in a browser: headquarters open April 2018 from a link, press play and
watch May and June follow, each step's figures the rows this module made, on one legend; the
keyboard steps back. Expected numbers are written here from the rows, never asked of the app."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import load_settings
from tests import factories as f
from tests import known_data
from tests.integration.helpers import CANVAS, click, legend, sign_in, until

# Returnees profiled in Dumuria (Khulna) in April, May and June 2018, and in Golapganj (Sylhet) in May.
KHULNA_BY_MONTH = {"Apr 2018": 6, "May 2018": 2, "Jun 2018": 9}
SYLHET_BY_MONTH = {"Apr 2018": 0, "May 2018": 7, "Jun 2018": 0}
LINK = "/?from=2018-04-01&layers=&step=2018-04&timeline=month&to=2018-06-30"
_VALUE = ("const g = document.querySelector('#district-map .js-plotly-plot');"
          "const t = g && g.data && g.data[0]; if (!t || !t.customdata) return null;"
          "const i = t.locations.indexOf(arguments[0]); return i < 0 ? null : t.customdata[i][1];")


@pytest.fixture(scope="module")
def scene_url(new_sqlite: Any) -> str:
    months = {4: 6, 5: 2, 6: 9}
    with new_sqlite("timeline_browser") as (url, session):
        for month, count in months.items():
            for i in range(count):
                f.returnee(session, upazila=f.DUMURIA, profiled_on=date(2018, month, 1 + i))
        for i in range(7):
            f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2018, 5, 10 + i))
        known_data.add_users(session)
    return url


def _shown(dash_duo: DashComposite, pcode: str) -> Any:
    return dash_duo.driver.execute_script(_VALUE, pcode)


def _showing(dash_duo: DashComposite) -> str:
    return str(dash_duo.find_element("#map-timeline-showing").text)


def test_tj001_play_steps_through_three_months_with_their_figures(dash_duo: DashComposite, scene_url: str) -> None:
    app = create_app(load_settings({}, database_url=scene_url, cache_type="SimpleCache"))
    sign_in(dash_duo, app, path=LINK)
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: _showing(dash_duo).startswith("Showing Apr 2018 (1 of 3)"))
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "6")
    first_legend = legend(dash_duo)
    assert any("the same classes for all 3 periods" in entry for entry in first_legend), first_legend
    click(dash_duo, "#map-timeline-play")
    seen = []
    for month in ("May 2018", "Jun 2018"):
        until(dash_duo, lambda month=month: _showing(dash_duo).startswith(f"Showing {month}"), timeout=20)
        until(dash_duo, lambda month=month: _shown(dash_duo, f.KHULNA) == str(KHULNA_BY_MONTH[month]), timeout=20)
        assert _shown(dash_duo, f.SYLHET) == str(SYLHET_BY_MONTH[month]), dash_duo.driver.execute_script(
            "const g = document.querySelector('#district-map .js-plotly-plot'); return [g.data[0].locations,"
            " g.data[0].customdata, document.location.search, g.data.length];")
        assert f"step=2018-{5 if month.startswith('May') else 6:02d}" in dash_duo.driver.current_url
        seen.append(legend(dash_duo))
    assert seen == [first_legend, first_legend]  # the classes never move
    # The last step stops the player; the keyboard steps back from the play button.
    until(dash_duo, lambda: dash_duo.find_element("#map-timeline-play").text == "Play")
    dash_duo.find_element("#map-timeline-play").send_keys(Keys.ARROW_LEFT)
    until(dash_duo, lambda: "step=2018-05" in dash_duo.driver.current_url)
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "2")
    assert dash_duo.get_logs() == []
