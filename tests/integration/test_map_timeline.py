"""The map's timeline in a browser: headquarters open April 2018 from a link, press play and
watch May and June follow, each step's figures the rows this module made, on one legend; the
keyboard steps back. Over five months the player takes three steps in the browser with no
request to the server, then settles the last step into the URL, which a reload opens again; a
DCC member's steps hide small counts as the single-period map of that month does. Expected
numbers are written here from the rows, never asked of the app."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.config import load_settings
from geodata import Level, areas_at
from tests import factories as f
from tests import known_data
from tests.integration.helpers import CANVAS, click, legend, sign_in, until

# Returnees profiled in Dumuria (Khulna) from April to August 2018, and in Golapganj (Sylhet).
KHULNA_BY_MONTH = {"Apr 2018": 6, "May 2018": 2, "Jun 2018": 9, "Jul 2018": 4, "Aug 2018": 11}
SYLHET_BY_MONTH = {"Apr 2018": 0, "May 2018": 7, "Jun 2018": 0, "Jul 2018": 3, "Aug 2018": 8}
LINK = "/?from=2018-04-01&layers=&step=2018-04&timeline=month&to=2018-06-30"
_VALUE = ("const g = document.querySelector('#district-map .js-plotly-plot');"
          "const t = g && g.data && g.data[0]; if (!t || !t.customdata) return null;"
          "const i = t.locations.indexOf(arguments[0]); return i < 0 ? null : t.customdata[i][1];")


@pytest.fixture(scope="module")
def scene_url(new_sqlite: Any) -> str:
    with new_sqlite("timeline_browser") as (url, session):
        for month, count in enumerate(KHULNA_BY_MONTH.values(), start=4):
            for i in range(count):
                f.returnee(session, upazila=f.DUMURIA, profiled_on=date(2018, month, 1 + i))
        for month, count in enumerate(SYLHET_BY_MONTH.values(), start=4):
            for i in range(count):
                f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2018, month, 10 + i))
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


# Every request the page makes for a server callback, by its outputs, from the moment it is installed.
_RECORD = ("window.__requests = []; const fetched = window.fetch;"
           "window.fetch = function (input, init) {"
           "  const address = typeof input === 'string' ? input : input.url;"
           "  if (address.indexOf('_dash-update-component') >= 0) {"
           "    let outputs = '?'; try { outputs = JSON.parse(init.body).output; } catch (e) {}"
           "    window.__requests.push(outputs); }"
           "  return fetched.apply(this, arguments); };")
# A manual step settles in the URL once it rests (0.9 s): on a loaded test machine a check may
# take longer than that, so the checks of manual steps keep them from settling meanwhile.
_UNSETTLED = "window.dash_clientside.timeline.settle_ms = 600000;"
FIVE_MONTHS = "/?from=2018-04-01&layers=&step=2018-04&timeline=month&to=2018-08-31"


def _requests(dash_duo: DashComposite) -> list[Any]:
    return list(dash_duo.driver.execute_script("return window.__requests || [];"))


def _total(dash_duo: DashComposite) -> str:
    return str(dash_duo.find_element("#map-timeline-total").text)


def test_tj002_three_steps_play_in_the_browser_then_settle_in_the_url(dash_duo: DashComposite,
                                                                      scene_url: str) -> None:
    app = create_app(load_settings({}, database_url=scene_url, cache_type="SimpleCache"))
    sign_in(dash_duo, app, path=FIVE_MONTHS)
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: _showing(dash_duo).startswith("Showing Apr 2018 (1 of 5)"))
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "6")
    # Every step's values have arrived: the step's total (a headquarters total, one exact count) shows.
    until(dash_duo, lambda: _total(dash_duo) == "Total: 6", timeout=20)
    dash_duo.driver.execute_script(_RECORD)
    click(dash_duo, "#map-timeline-play")
    for month in ("May 2018", "Jun 2018", "Jul 2018"):
        until(dash_duo, lambda month=month: _showing(dash_duo).startswith(f"Showing {month}"), timeout=20)
        assert _shown(dash_duo, f.KHULNA) == str(KHULNA_BY_MONTH[month])
        assert _shown(dash_duo, f.SYLHET) == str(SYLHET_BY_MONTH[month])
        assert _total(dash_duo) == f"Total: {KHULNA_BY_MONTH[month] + SYLHET_BY_MONTH[month]}"
        number = {"May": 5, "Jun": 6, "Jul": 7}[month[:3]]
        assert f"step=2018-{number:02d}" in dash_duo.driver.current_url  # the address bar follows each step
    assert _requests(dash_duo) == []  # three steps, and not one request to the server
    # The last step stops the player and settles into the page's URL: the server draws it once.
    until(dash_duo, lambda: dash_duo.find_element("#map-timeline-play").text == "Play", timeout=20)
    assert _shown(dash_duo, f.KHULNA) == "11"
    until(dash_duo, lambda: any("district-map-figure.data" in str(r) for r in _requests(dash_duo)), timeout=20)
    assert "step=2018-08" in dash_duo.driver.current_url
    # The URL round-trips the step: a reload opens August.
    dash_duo.driver.refresh()
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: _showing(dash_duo).startswith("Showing Aug 2018 (5 of 5)"), timeout=20)
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "11")
    # Back in history: the step before the player settled.
    dash_duo.driver.back()
    until(dash_duo, lambda: "step=2018-04" in dash_duo.driver.current_url, timeout=20)
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "6", timeout=20)
    # In Bangla: the values come again in Bangla digits, and a step is still drawn in the browser.
    click(dash_duo, "#language-picker label[for$='_input_bn']")
    until(dash_duo, lambda: dash_duo.driver.execute_script(
        "const l = window.dash_component_api.getLayout('map-timeline-values');"
        "return !!(l && l.props.data && l.props.data.key.endsWith('#bn'));"), timeout=20)
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "৬", timeout=20)
    dash_duo.driver.execute_script(_RECORD + _UNSETTLED)
    click(dash_duo, "#map-timeline-next")
    until(dash_duo, lambda: _showing(dash_duo).startswith("দেখানো হচ্ছে মে ২০১৮"), timeout=20)
    assert _shown(dash_duo, f.KHULNA) == "২" and _shown(dash_duo, f.SYLHET) == "৭"
    assert _total(dash_duo) == "মোট: ৯" and _requests(dash_duo) == []
    # A manual step that rests settles in the URL: the server then draws June's map once.
    dash_duo.driver.execute_script("window.dash_clientside.timeline.settle_ms = 50;")
    click(dash_duo, "#map-timeline-next")
    until(dash_duo, lambda: any("district-map-figure.data" in str(r) for r in _requests(dash_duo)), timeout=20)
    until(dash_duo, lambda: _shown(dash_duo, f.KHULNA) == "৯", timeout=20)
    assert "step=2018-06" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def _areas(dash_duo: DashComposite) -> dict[str, str]:
    """Each area on the map as its hover writes it: its value, or the name of its grey (hidden, no data)."""
    return dict(dash_duo.driver.execute_script(
        "const g = document.querySelector('#district-map .js-plotly-plot'); const out = {};"
        "if (!g) return out; g.data.forEach(t => { if (t.type !== 'choropleth' || t.name === 'selected') return;"
        "  t.locations.forEach((p, i) => { const c = (t.customdata || [])[i] || [];"
        "    out[p] = c.length > 1 ? c[1] : t.name; }); }); return out;"))


def _values_ready(dash_duo: DashComposite) -> bool:
    return bool(dash_duo.driver.execute_script(
        "const l = window.dash_component_api.getLayout('map-timeline-values');"
        "return !!(l && l.props && l.props.data);"))


def test_tj003_a_dcc_member_s_step_hides_what_the_single_period_map_hides(dash_duo: DashComposite,
                                                                         scene_url: str) -> None:
    # Below headquarters a share on a published base of 0 is hidden: Sylhet's upazilas where
    # this module profiled nobody are hidden in every step, whatever Golapganj's counts publish as.
    empty = next(a.pcode for a in areas_at(Level.UPAZILA) if a.parent_pcode == f.SYLHET and a.pcode != f.GOLAPGANJ)
    app = create_app(load_settings({}, database_url=scene_url, cache_type="SimpleCache"))
    span = f"district={f.SYLHET}&from=2018-04-01&layers=&metric=plan_share&timeline=month&to=2018-08-31"
    sign_in(dash_duo, app, username="member", path=f"/?{span}&step=2018-06")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    until(dash_duo, lambda: _showing(dash_duo).startswith("Showing Jun 2018 (3 of 5)"))
    until(dash_duo, lambda: _values_ready(dash_duo), timeout=20)
    dash_duo.driver.execute_script(_RECORD + _UNSETTLED)
    steps = {}
    for month in ("Jul 2018", "Aug 2018"):
        click(dash_duo, "#map-timeline-next")
        until(dash_duo, lambda month=month: _showing(dash_duo).startswith(f"Showing {month}"), timeout=20)
        until(dash_duo, lambda: _areas(dash_duo).get(empty, "").startswith("Hidden (fewer than 5"), timeout=20)
        steps[month] = _areas(dash_duo)
    assert _requests(dash_duo) == []  # both steps drawn in the browser
    # Each step is what the single-period map of that month shows, hidden areas and all.
    for month, (start, end) in {"Jul 2018": ("2018-07-01", "2018-07-31"),
                                "Aug 2018": ("2018-08-01", "2018-08-31")}.items():
        dash_duo.driver.get(dash_duo.server.url + f"/?district={f.SYLHET}&from={start}&layers=&metric=plan_share"
                                                  f"&to={end}")
        dash_duo.wait_for_element(CANVAS, timeout=30)
        until(dash_duo, lambda end=end: "timeline" not in dash_duo.driver.current_url and _areas(dash_duo) != {}
              and f"to={end}" in dash_duo.driver.current_url, timeout=20)
        until(dash_duo, lambda month=month: _areas(dash_duo) == steps[month], timeout=20)
    assert dash_duo.get_logs() == []
