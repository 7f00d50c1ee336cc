"""Hotline calls layer (issue 32): calls per district or upazila of the caller, with the callers
referred and calls per 10,000 returnees profiled, narrowed by the hotline choice (topic, caller,
referred); the same counts as the hotline metric and the upazila panel; below headquarters every
count published through the disclosure layer. Counts come from the rows each test writes."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice, per_10k_returnees
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from dashboard.queries import area_metric
from dashboard.queries.hotline import CALLS, HotlineCell, hotline_breakdown
from geodata import Level, admin_areas
from layers import REGISTRY, LayerView
from layers.hotline import SHARE_CLASSES, SHARE_HIDDEN, HotlineLayerData
from tests import factories as f
from tests.layers.helpers import legend_colour, listed

LAYER = REGISTRY["hotline"]
BEANIBAZAR = "BD60910017"
NATIONAL = Scope.national()
LEGAL, REINTEGRATION, SAFE = HotlineTopic.LEGAL, HotlineTopic.REINTEGRATION, HotlineTopic.SAFE_MIGRATION
RETURNEE, FAMILY, ASPIRANT = HotlineCaller.RETURNEE, HotlineCaller.FAMILY, HotlineCaller.ASPIRANT_MIGRANT


def _call(session: Session, upazila: str | None, topic: HotlineTopic, caller: HotlineCaller | None,
          referred: bool | None, at: datetime = datetime(2019, 3, 4, 11), district: str | None = None) -> None:
    session.add(HotlineCall(called_at=at, district_pcode=district or (upazila[:6] if upazila else None),
                            upazila_pcode=upazila, topic=topic, caller_type=caller, referred=referred))


def _scene(session: Session) -> None:
    # Golapganj: six calls, four of them referred (one in 2020); Beanibazar: two, none referred;
    # one call from Sylhet with no upazila; Dumuria (Khulna): three, all referred.
    _call(session, f.GOLAPGANJ, LEGAL, RETURNEE, True)
    _call(session, f.GOLAPGANJ, LEGAL, RETURNEE, True)
    _call(session, f.GOLAPGANJ, LEGAL, FAMILY, False)
    _call(session, f.GOLAPGANJ, REINTEGRATION, RETURNEE, True)
    _call(session, f.GOLAPGANJ, SAFE, ASPIRANT, None)
    _call(session, f.GOLAPGANJ, REINTEGRATION, FAMILY, True, at=datetime(2020, 2, 1, 9))
    _call(session, BEANIBAZAR, LEGAL, RETURNEE, False)
    _call(session, BEANIBAZAR, LEGAL, RETURNEE, False)
    _call(session, None, LEGAL, None, None, district=f.SYLHET)
    for _ in range(3):
        _call(session, f.DUMURIA, REINTEGRATION, RETURNEE, True)
    # Returnees profiled (1 June 2018): eight in Golapganj, five in Dumuria, none in Beanibazar.
    for _ in range(8):
        f.returnee(session, upazila=f.GOLAPGANJ)
    for _ in range(5):
        f.returnee(session, upazila=f.DUMURIA)


def _counts(data: HotlineLayerData) -> dict[str, tuple[int, int]]:
    return {pcode: (cell.calls, cell.referred) for pcode, cell in data.cells.items()}


def test_lh001_calls_and_referrals_per_area_with_the_rate_per_10000_returnees(empty_db: Database) -> None:
    with empty_db.session() as s:
        _scene(s)
        sylhet = LAYER.load(s, NATIONAL, LayerView(district=f.SYLHET))
        country = LAYER.load(s, NATIONAL, LayerView())
        khulna_reader = LAYER.load(s, Scope.for_districts(f.KHULNA), LayerView())
    assert sylhet.level == Level.UPAZILA and country.level == Level.DISTRICT
    assert _counts(sylhet) == {f.GOLAPGANJ: (6, 4), BEANIBAZAR: (2, 0)}
    assert _counts(country) == {f.SYLHET: (9, 4), f.KHULNA: (3, 3)}  # the call with no upazila counts here
    assert _counts(khulna_reader) == {f.KHULNA: (3, 3)}  # nothing of Sylhet outside the reader's scope
    rows = LAYER.rows(sylhet, LayerView(district=f.SYLHET)).set_index("pcode")
    assert rows.loc[f.GOLAPGANJ, ["calls", "referred", "referred_share_pct", "returnees_profiled"]].tolist() == [
        6, 4, 67, 8]
    assert rows.loc[f.GOLAPGANJ, "calls_per_10k_returnees"] == 7500.0  # 6 calls / 8 returnees x 10,000
    assert pd.isna(rows.loc[BEANIBAZAR, "calls_per_10k_returnees"])  # nobody profiled: no rate, not 0
    assert rows.loc[BEANIBAZAR, "area"] == "Beanibazar" and rows.loc[BEANIBAZAR, "level"] == "upazila"
    golapganj = admin_areas()[f.GOLAPGANJ]  # each row where the map draws its circle
    assert rows.loc[f.GOLAPGANJ, ["lat", "lon"]].tolist() == [golapganj.center_lat, golapganj.center_lon]
    districts = LAYER.rows(country, LayerView()).set_index("pcode")["calls_per_10k_returnees"]
    assert (districts[f.SYLHET], districts[f.KHULNA]) == (11250.0, 6000.0)  # 9 / 8 and 3 / 5 x 10,000


def test_lh002_the_hotline_choice_and_period_narrow_calls_alike_in_layer_metric_and_panel(
        empty_db: Database) -> None:
    choices = {
        HotlineChoice.of(["legal"]): {f.GOLAPGANJ: (3, 2), BEANIBAZAR: (2, 0)},
        HotlineChoice.of(callers=["family"]): {f.GOLAPGANJ: (2, 1)},
        HotlineChoice.of(referred="yes"): {f.GOLAPGANJ: (4, 4)},
        HotlineChoice.of(referred="no"): {f.GOLAPGANJ: (1, 0), BEANIBAZAR: (2, 0)},  # unrecorded answers in neither
        HotlineChoice.of(["legal", "reintegration"], ["returnee"]): {f.GOLAPGANJ: (3, 3), BEANIBAZAR: (2, 0)},
    }
    year_2019 = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))
    with empty_db.session() as s:
        _scene(s)
        for choice, expected in choices.items():
            data = LAYER.load(s, NATIONAL, LayerView(district=f.SYLHET, hotline=choice))
            assert _counts(data) == expected, choice
            # The choropleth's calls and the upazila panel count the very same calls.
            metric = area_metric(s, NATIONAL, Level.UPAZILA, Metric.HOTLINE_CALLS, Filters(area=f.SYLHET), choice)
            assert {p: v for p, v in metric.items() if v} == {p: n for p, (n, _r) in expected.items()}
            panel = hotline_breakdown(s, NATIONAL, Filters(area=f.GOLAPGANJ), choice)
            assert panel.get(CALLS, (0, 0))[0] == expected.get(f.GOLAPGANJ, (0, 0))[0]
        in_2019 = LAYER.load(s, NATIONAL, LayerView(district=f.SYLHET, filters=year_2019))
        assert _counts(in_2019) == {f.GOLAPGANJ: (5, 3), BEANIBAZAR: (2, 0)}
        rate = area_metric(s, NATIONAL, Level.UPAZILA, Metric.HOTLINE_PER_10K_RETURNEES, Filters(area=f.SYLHET),
                           HotlineChoice.of(["legal"]))
        assert (rate[f.GOLAPGANJ], rate[BEANIBAZAR]) == (3750.0, None)  # 3 legal calls / 8 returnees


def test_lh003_circles_sized_by_calls_coloured_by_share_referred_in_both_languages() -> None:
    data = HotlineLayerData(Level.UPAZILA, {f.GOLAPGANJ: HotlineCell(40, 0, 30, 0),
                                            BEANIBAZAR: HotlineCell(10, 0, 1, 0)},
                            {f.GOLAPGANJ: (8, 0)})
    drawn = listed(LAYER.traces(data, LayerView(district=f.SYLHET)))
    few, most = drawn  # 10% referred (first class), then 75% (last class)
    assert (few.name, most.name) == ("Hotline calls: 0–24% of callers referred",
                                     "Hotline calls: 75% or more of callers referred")
    assert (legend_colour(few), legend_colour(most)) == (SHARE_CLASSES[0][1], SHARE_CLASSES[3][1])
    assert few.meta["legend"][0]["form"] == "cored"
    assert list(most.marker.size) == [30.0] and list(few.marker.size) == [15.0]  # a quarter of the calls
    assert most.customdata[0] == ["Golapganj", "40", "30", "75%", "50,000.0"]  # 40 calls per 8 returnees
    assert few.customdata[0] == ["Beanibazar", "10", "1", "10%", "–"]
    assert "Calls per 10,000 returnees profiled: %{customdata[4]}" in most.hovertemplate
    bangla = listed(LAYER.traces(data, LayerView(lang="bn", district=f.SYLHET)))[1]
    assert bangla.name == "হটলাইন কল: ৭৫% বা তার বেশি কলকারী রেফার করা"
    assert bangla.customdata[0][1:] == ["৪০", "৩০", "৭৫%", "৫০,০০০.০"]
    assert LAYER.traces(HotlineLayerData(Level.UPAZILA, {}, {f.GOLAPGANJ: (8, 0)}), LayerView()) == []


def test_lh004_below_headquarters_counts_are_published_and_small_bases_hide_their_rates() -> None:
    loaded = HotlineLayerData(Level.UPAZILA, {f.GOLAPGANJ: HotlineCell(3, 777, 2, 500),
                                              BEANIBAZAR: HotlineCell(12, 4242, 7, 2100)},
                              {f.GOLAPGANJ: (3, 999), BEANIBAZAR: (40, 31337)})
    shown = LAYER.protect(loaded, 5)
    calls, referred = int(publish(12, 4242, 5)), int(publish(7, 2100, 5))
    returnees = int(publish(40, 31337, 5))
    assert shown.threshold == 5
    assert shown.cells[BEANIBAZAR] == HotlineCell(calls, 0, referred, 0)  # no key sum is kept
    assert shown.cells[f.GOLAPGANJ].calls in (0, 5) and shown.cells[f.GOLAPGANJ].referred in (0, 5)
    assert shown.returnees[f.GOLAPGANJ][0] in (0, 5) and shown.returnees[BEANIBAZAR] == (returnees, 0)
    rows = LAYER.rows(shown, LayerView(district=f.SYLHET)).set_index("pcode")
    assert rows.loc[BEANIBAZAR, "calls"] == calls and rows.loc[BEANIBAZAR, "referred"] == referred
    assert rows.loc[BEANIBAZAR, "calls_per_10k_returnees"] == round(10_000 * calls / returnees, 1)
    if shown.returnees[f.GOLAPGANJ][0] == 0:
        assert rows.loc[f.GOLAPGANJ, "calls_per_10k_returnees"] == Hidden(5)  # a published 0 may be 1 to 4 people
    for column in ("calls", "referred", "returnees_profiled"):
        assert not any(0 < v < 5 for v in rows[column]), column
    # A share on fewer calls than the threshold is not shown, and drawn in the hidden class's grey.
    hidden = HotlineLayerData(Level.UPAZILA, {f.GOLAPGANJ: HotlineCell(3, 0, 1, 0)}, {}, threshold=5)
    (grey,) = listed(LAYER.traces(hidden, LayerView()))
    assert legend_colour(grey) == SHARE_HIDDEN and grey.customdata[0][3] == "<5"


def test_lh005_the_rate_rests_on_published_counts_and_is_hidden_on_a_small_base() -> None:
    assert per_10k_returnees(3, 8, None) == 3750.0
    assert per_10k_returnees(1, 3, None) == 3333.3
    assert per_10k_returnees(2, 3, None) == 6666.7  # half up
    assert per_10k_returnees(5, 0, None) is None
    assert per_10k_returnees(5, 4, 5) == Hidden(5) and per_10k_returnees(0, 0, 5) == Hidden(5)
    assert per_10k_returnees(5, 5, 5) == 10000.0
