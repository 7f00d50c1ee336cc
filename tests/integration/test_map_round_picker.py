"""Issue 29's round picker in a browser: headquarters colour the map by the composite score, see
the picker and the default round (12 months) named in the title, choose 6 months from the picker,
and the URL and the title follow; beside another metric the picker is hidden. The surveys are the
outcome journey's (six Golapganj returnees at 6 and 12 months)."""

from __future__ import annotations

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.helpers import sign_in, until
from tests.integration.test_outcomes_page import _with_surveys

TITLE, ROW, OPTION = "#district-map-title", "#map-round-row", ".dash-dropdown-option"


def test_mp101_hq_chooses_the_survey_round_of_the_map_s_scores(dash_duo: DashComposite,
                                                                fresh_known_settings: Settings) -> None:
    app = create_app(_with_surveys(fresh_known_settings))
    sign_in(dash_duo, app, "hq", "/?metric=score_composite&layers=")
    until(dash_duo, lambda: "survey round: 12 months" in dash_duo.find_element(TITLE).text, timeout=30)
    assert "d-none" not in (dash_duo.find_element(ROW).get_attribute("class") or "")
    dash_duo.find_element("#map-round").click()
    until(dash_duo, lambda: any(o.text == "6 months" for o in dash_duo.find_elements(OPTION)))
    assert [o.text for o in dash_duo.find_elements(OPTION)] == ["Baseline", "3 months", "6 months",
                                                                 "12 months (default)"]
    next(o for o in dash_duo.find_elements(OPTION) if o.text == "6 months").click()
    until(dash_duo, lambda: "round=6" in dash_duo.driver.current_url, timeout=30)
    until(dash_duo, lambda: "survey round: 6 months" in dash_duo.find_element(TITLE).text, timeout=30)
    dash_duo.driver.get(dash_duo.driver.current_url.replace("metric=score_composite", "metric=returnees"))
    until(dash_duo, lambda: "d-none" in (dash_duo.find_element(ROW).get_attribute("class") or ""), timeout=30)
    assert dash_duo.get_logs() in ([], None)
