"""The view state round-trips through the URL and navigates sensibly."""

from __future__ import annotations

from datetime import date

from dashboard.filters import Filters
from dashboard.queries.metrics import Metric
from dashboard.view_state import ViewState, active_filters, default_layers
from geodata import Level

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"


def test_vs001_defaults_and_round_trip() -> None:
    state = ViewState.from_search("")
    assert state == ViewState() and state.layers == default_layers() and state.level == Level.DISTRICT
    full = ViewState(district=SYLHET, upazila=GOLAPGANJ, metric=Metric.PLAN_SHARE, layers=("returnees", "fairs"),
                     breakdown="sex", points=True,
                     filters=Filters(start=date(2019, 1, 1), end=date(2019, 12, 31), sex=("female",),
                                     need=("legal_support", "medical_treatment"), country=("GR",)))
    assert ViewState.from_search(full.to_search()) == full
    assert "from=2019-01-01" in full.to_search() and "need=legal_support,medical_treatment" in full.to_search()


def test_vs002_junk_in_the_url_is_dropped() -> None:
    state = ViewState.from_search("?district=BD9999&upazila=BD60910038&metric=nope&layers=x,fairs&from=2019-13-01"
                                  "&sex=male,robot&country=GR,Greece&points=1&breakdown=shoe")
    assert state.district is None and state.upazila is None  # no upazila without its district
    assert state.metric == Metric.RETURNEES and state.layers == ("fairs",)
    assert state.filters.start is None and state.filters.sex == ("male",) and state.filters.country == ("GR",)
    assert state.points is False and state.breakdown == "return_group"
    assert ViewState.from_search(f"?district={SYLHET}&upazila=BD40470030").upazila is None  # not in Sylhet
    assert ViewState.from_search("?metric=dcc_meetings").metric == Metric.DCC_MEETINGS
    assert ViewState.from_search(f"?district={SYLHET}&metric=dcc_meetings").metric == Metric.RETURNEES


def test_vs003_navigation_down_and_up() -> None:
    state = ViewState(metric=Metric.HOTLINE_CALLS).go_to(SYLHET)
    assert (state.district, state.upazila, state.level) == (SYLHET, None, Level.UPAZILA)
    assert state.metric == Metric.RETURNEES  # hotline calls exist per district only
    detail = state.go_to(GOLAPGANJ)
    assert (detail.district, detail.upazila, detail.area) == (SYLHET, GOLAPGANJ, GOLAPGANJ)
    assert detail.map_filters().area == SYLHET and detail.area_filters().area == GOLAPGANJ
    assert detail.up() == state.go_to(SYLHET)
    assert detail.up().up().district is None
    assert ViewState(points=True, district=SYLHET).up().points is False


def test_vs004_filters_chips_and_reset() -> None:
    state = ViewState(filters=Filters(start=date(2019, 1, 1), sex=("male",), need=("legal_support",)))
    assert active_filters(state.filters) == ["period", "sex", "need"]
    assert active_filters(state.without_filter("sex").filters) == ["period", "need"]
    assert active_filters(state.without_filter("period").filters) == ["sex", "need"]
    assert state.reset_filters().filters == Filters()
    assert state.with_layers(["providers", "returnees", "bogus"]).layers == ("returnees", "providers")


def test_vs005_no_layers_is_not_the_default() -> None:
    assert ViewState.from_search("?layers=").layers == ()
    assert ViewState.from_search(ViewState(layers=()).to_search()).layers == ()
