"""The map's state round-trips through the URL and navigates sensibly."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.metrics import Metric
from dashboard.core.url import with_params
from dashboard.features.map.state import MAP_KEYS, ViewState, default_layers
from geodata import Level

SYLHET, GOLAPGANJ = "BD6091", "BD60910038"


def test_vs001_defaults_and_round_trip() -> None:
    state = ViewState.from_search("")
    assert state == ViewState() and state.layers == default_layers() and state.level == Level.DISTRICT
    full = ViewState(district=SYLHET, upazila=GOLAPGANJ, metric=Metric.PLAN_SHARE, layers=("returnees", "fairs"),
                     breakdown="sex", points=True,
                     filters=Filters(start=date(2019, 1, 1), end=date(2019, 12, 31), sex=("female",),
                                     need=("medical_treatment", "legal_support"), country=("GR",)))
    assert ViewState.from_search(full.to_search()) == full
    assert "from=2019-01-01" in full.to_search() and "need=legal_support,medical_treatment" in full.to_search()


def test_vs002_junk_in_the_url_is_dropped() -> None:
    state = ViewState.from_search("?district=BD9999&upazila=BD60910038&metric=nope&layers=x,fairs&from=2019-13-01"
                                  "&sex=male,robot&country=GR,Greece,gr&points=1&breakdown=shoe")
    assert state.district is None and state.upazila is None  # no upazila without its district
    assert state.metric == Metric.RETURNEES and state.layers == ("fairs",)
    assert state.filters.start is None and state.filters.chosen("sex") == ("male",)
    assert state.filters.chosen("country") == ("GR",)
    assert state.points is False and state.breakdown == "return_group"
    assert ViewState.from_search(f"?district={SYLHET}&upazila=BD40470030").upazila is None  # not in Sylhet
    assert ViewState.from_search("?metric=dcc_meetings").metric == Metric.DCC_MEETINGS
    assert ViewState.from_search(f"?district={SYLHET}&metric=dcc_meetings").metric == Metric.RETURNEES


def test_vs003_navigation_down_and_up() -> None:
    state = ViewState(metric=Metric.DCC_MEETINGS).go_to(SYLHET)
    assert (state.district, state.upazila, state.level) == (SYLHET, None, Level.UPAZILA)
    assert state.metric == Metric.RETURNEES  # committees exist per district only
    assert ViewState(metric=Metric.HOTLINE_CALLS).go_to(SYLHET).metric == Metric.HOTLINE_CALLS  # both levels
    detail = state.go_to(GOLAPGANJ)
    assert (detail.district, detail.upazila, detail.area) == (SYLHET, GOLAPGANJ, GOLAPGANJ)
    assert detail.map_filters().area == SYLHET and detail.area_filters().area == GOLAPGANJ
    assert detail.up() == state.go_to(SYLHET)
    assert detail.up().up().district is None
    assert ViewState(points=True, district=SYLHET).up().points is False


def test_vs004_controls_change_only_their_own_part() -> None:
    state = ViewState(filters=Filters(sex=("male",)))
    assert state.with_metric("plan_share").metric == Metric.PLAN_SHARE
    assert state.with_metric(None) == state  # a cleared dropdown changes nothing
    assert state.go_to(SYLHET).with_metric("dcc_meetings").metric == Metric.RETURNEES  # not at upazila level
    assert state.with_layers(["providers", "returnees", "bogus"]).layers == ("returnees", "providers")
    assert state.with_breakdown("shoe") == state and state.with_breakdown("sex").breakdown == "sex"
    assert state.with_points(True).points is False  # national: never points
    assert state.go_to(SYLHET).with_points(True).points is True


def test_vs005_no_layers_is_not_the_default() -> None:
    assert ViewState.from_search("?layers=").layers == ()
    assert ViewState.from_search(ViewState(layers=()).to_search()).layers == ()


def test_vs006_the_map_writes_only_its_own_keys() -> None:
    search = "?district=BD6091&sex=female&from=2019-01-01&other=kept"
    written = with_params(search, MAP_KEYS, ViewState.from_search(search).up().map_query())
    assert "district" not in written and "sex=female" in written and "from=2019-01-01" in written
    assert "other=kept" in written


def test_vs007_two_owners_rewriting_the_url_settle_at_once() -> None:
    """The filter panel and the map each rewrite the query string whenever it changes; if either
    rewrite moved keys around, they would undo each other for ever (each write fires the other)."""
    from dashboard.core.filters import URL_KEYS, Filters

    search = "?sex=female&district=BD6091&from=2019-01-01"
    map_keys = ViewState.from_search(search).map_query()
    filter_keys = Filters(sex=("female",)).to_query() | {"from": "2019-01-01"}
    once = with_params(with_params(search, MAP_KEYS, map_keys), URL_KEYS, filter_keys)
    assert with_params(once, MAP_KEYS, map_keys) == once
    assert with_params(once, URL_KEYS, filter_keys) == once
