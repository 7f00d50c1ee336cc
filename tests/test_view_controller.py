"""The controller's decisions, without a browser."""

from __future__ import annotations

from datetime import date

from dashboard.components import detail_panel, district_map, filter_panel
from dashboard.components.view_controller import next_state
from dashboard.filters import Filters
from dashboard.queries.metrics import Metric
from dashboard.view_state import ViewState

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"


def test_vc001_navigation_actions() -> None:
    national = ViewState()
    assert next_state(national, district_map.MAP_GRAPH, "clickData", {"points": [{"location": SYLHET}]}).district \
        == SYLHET
    assert next_state(national, district_map.MAP_GRAPH, "clickData", {"points": [{"pointNumber": 3}]}) == national
    assert next_state(national, district_map.MAP_GRAPH, "clickData", None) == national
    detail = next_state(national, district_map.DISTRICT_PICKER, "value", GOLAPGANJ)
    assert (detail.district, detail.upazila) == (SYLHET, GOLAPGANJ)
    assert next_state(detail, detail_panel.CLOSE, "n_clicks", 1).upazila is None
    assert next_state(detail, district_map.BACK_BUTTON, "n_clicks", 1) == national.go_to(SYLHET)
    assert next_state(detail, district_map.DISTRICT_PICKER, "value", None).district is None


def test_vc002_controls_change_only_their_own_part() -> None:
    state = ViewState(filters=Filters(sex=("male",)))
    assert next_state(state, district_map.METRIC, "value", "plan_share").metric == Metric.PLAN_SHARE
    assert next_state(state, district_map.METRIC, "value", None) == state  # a cleared dropdown changes nothing
    assert next_state(state, district_map.METRIC, "value", "dcc_meetings").metric == Metric.DCC_MEETINGS
    assert next_state(state.go_to(SYLHET), district_map.METRIC, "value", "dcc_meetings").metric == Metric.RETURNEES
    start = next_state(state, filter_panel.PERIOD, "start_date", "2019-01-01T00:00:00")
    assert start.filters == Filters(start=date(2019, 1, 1), sex=("male",))
    assert next_state(start, filter_panel.PERIOD, "end_date", "junk").filters.end is None
    need = next_state(state, filter_panel.CONTROLS["need"], "value", ["legal_support", "bogus"])
    assert need.filters.need == ("legal_support",) and need.filters.sex == ("male",)
    assert next_state(state, district_map.POINTS, "value", True).points is False  # national: never points
    assert next_state(state.go_to(SYLHET), district_map.POINTS, "value", True).points is True


def test_vc003_chips_and_reset() -> None:
    state = ViewState(filters=Filters(start=date(2019, 1, 1), sex=("male",)))
    chip = {"type": "filter-chip", "filter": "sex"}
    assert next_state(state, chip, "n_clicks", 1).filters == Filters(start=date(2019, 1, 1))
    assert next_state(state, filter_panel.RESET, "n_clicks", 1).filters == Filters()
