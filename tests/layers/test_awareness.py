"""Awareness activities layer: per upazila and kind, sized by people reached, with people
reached per returnee profiled; below headquarters the returnee counts go through the
disclosure layer."""

from __future__ import annotations

from datetime import date

from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.core.privacy import Hidden
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models.vocabulary import AwarenessKind, Sex
from dashboard.queries.awareness import AwarenessCell
from layers import REGISTRY, LayerView
from layers.awareness import KIND_COLOURS, AwarenessLayerData, per_returnee
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["awareness"]
BISHWANATH = "BD60910020"


def _scene(session: object) -> None:
    f.awareness(session, AwarenessKind.VIDEO_SHOW, f.GOLAPGANJ, date(2019, 3, 5), 300)  # type: ignore[arg-type]
    f.awareness(session, AwarenessKind.VIDEO_SHOW, f.GOLAPGANJ, date(2019, 7, 9), 200)  # type: ignore[arg-type]
    f.awareness(session, AwarenessKind.IPT_SHOW, f.GOLAPGANJ, date(2019, 5, 20), 1000)  # type: ignore[arg-type]
    f.awareness(session, AwarenessKind.SCHOOL_QUIZ, f.DUMURIA, date(2019, 5, 1), 80)  # type: ignore[arg-type]
    f.awareness(session, AwarenessKind.IPT_SHOW, f.GOLAPGANJ, date(2020, 1, 15), 700)  # type: ignore[arg-type]
    for sex in (Sex.MALE,) * 4 + (Sex.FEMALE,) * 6:
        f.returnee(session, upazila=f.GOLAPGANJ, sex=sex, profiled_on=date(2019, 2, 1))  # type: ignore[arg-type]
    f.returnee(session, upazila=BISHWANATH, profiled_on=date(2019, 2, 1))  # type: ignore[arg-type]


def test_la001_activities_per_upazila_and_kind_in_the_period_and_district(empty_db: Database) -> None:
    with empty_db.session() as s:
        _scene(s)
        year_2019 = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))  # whole months: the summary
        odd_days = Filters(start=date(2019, 1, 2), end=date(2019, 12, 30))  # the activities themselves
        for filters in (year_2019, odd_days):
            data = LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET, filters=filters))
            assert data.cells == [AwarenessCell(f.GOLAPGANJ, "ipt_show", 1, 1000),
                                  AwarenessCell(f.GOLAPGANJ, "video_show", 2, 500)]
            assert data.returnees == {f.GOLAPGANJ: 10, BISHWANATH: 1}
        everywhere = LAYER.load(s, Scope.national(), LayerView())
        assert {(c.upazila_pcode, c.kind, c.people_reached) for c in everywhere.cells} == {
            (f.SYLHET, "ipt_show", 1700), (f.SYLHET, "video_show", 500), (f.KHULNA, "school_quiz", 80)}
        # Nationally one bullseye per district and kind (from the district rollup, or the
        # activities for part months), over the district's returnees.
        for filters in (year_2019, odd_days):
            country = LAYER.load(s, Scope.national(), LayerView(filters=filters))
            assert country.cells == [AwarenessCell(f.KHULNA, "school_quiz", 1, 80),
                                     AwarenessCell(f.SYLHET, "ipt_show", 1, 1000),
                                     AwarenessCell(f.SYLHET, "video_show", 2, 500)]
            assert country.returnees == {f.SYLHET: 11}
        assert LAYER.rows(country, LayerView()).to_dict("records")[1] == {
            "district_pcode": f.SYLHET, "district": "Sylhet", "district_bn": "সিলেট", "kind": "ipt_show",
            "kind_label": "Interactive popular theatre show", "activities": 1, "people_reached": 1000,
            "district_people_reached": 1500, "district_returnees_profiled": 11, "people_reached_per_returnee": 136.4}
        # Person filters narrow the returnees (the denominator), not the activities (events).
        women = LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET, filters=year_2019.replace(
            sex=("female",))))
        assert women.returnees == {f.GOLAPGANJ: 6} and len(women.cells) == 2
        # A district user's scope: Khulna's reader sees nothing of Sylhet.
        assert LAYER.load(s, Scope.for_districts(f.KHULNA), LayerView(district=f.SYLHET)).cells == []


def test_la002_discs_by_kind_sized_by_people_reached_with_the_ratio_in_the_hover() -> None:
    data = AwarenessLayerData([AwarenessCell(f.GOLAPGANJ, "ipt_show", 1, 1000),
                               AwarenessCell(f.GOLAPGANJ, "video_show", 2, 250)], {f.GOLAPGANJ: 10})
    ipt, video = listed(LAYER.traces(data, LayerView()))
    assert (ipt.name, video.name) == ("Awareness activities: Interactive popular theatre show",
                                      "Awareness activities: Video show")
    assert list(ipt.marker.size) == [26.0] and list(video.marker.size) == [13.0]  # a quarter of the area
    assert ipt.marker.color == KIND_COLOURS["ipt_show"] != video.marker.color
    assert ipt.lat[0] != video.lat[0] or ipt.lon[0] != video.lon[0]  # side by side, not stacked
    assert video.customdata[0] == ["Golapganj", "2", "250", "1,250", "125.0"]
    assert "People reached per returnee profiled: %{customdata[4]}" in video.hovertemplate
    bangla = listed(LAYER.traces(data, LayerView(lang="bn")))[1]
    assert bangla.name == "সচেতনতামূলক কার্যক্রম: ভিডিও প্রদর্শনী"
    assert bangla.customdata[0][1:] == ["২", "২৫০", "১,২৫০", "১২৫.০"]
    assert LAYER.traces(AwarenessLayerData([], {f.GOLAPGANJ: 3}), LayerView()) == []


def test_la003_below_headquarters_the_ratio_rests_on_published_counts_only() -> None:
    loaded = AwarenessLayerData([AwarenessCell(f.GOLAPGANJ, "ipt_show", 1, 120)],
                                {f.GOLAPGANJ: 3, BISHWANATH: 12}, keys={f.GOLAPGANJ: 777, BISHWANATH: 4242})
    shown = LAYER.protect(loaded, 5)
    assert shown.keys is None and shown.threshold == 5
    assert shown.returnees == {f.GOLAPGANJ: int(publish(3, 777, 5)), BISHWANATH: int(publish(12, 4242, 5))}
    assert shown.returnees[f.GOLAPGANJ] in (0, 5)  # never the true 3
    hover = listed(LAYER.traces(shown, LayerView()))[0].customdata[0][4]
    assert hover == ("–" if shown.returnees[f.GOLAPGANJ] == 0 else "24.0")  # 120 / 5, never 120 / 3 = 40.0
    assert per_returnee(120, 0, 5) is None and per_returnee(120, 4, 5) == Hidden(5)
    assert per_returnee(120, 3, None) == 40.0  # headquarters: exact


def test_la004_rows_for_download_include_upazilas_with_returnees_and_no_activity() -> None:
    data = AwarenessLayerData([AwarenessCell(f.GOLAPGANJ, "ipt_show", 1, 1000),
                               AwarenessCell(f.GOLAPGANJ, "video_show", 2, 250)], {f.GOLAPGANJ: 10, BISHWANATH: 7})
    table = LAYER.rows(data, LayerView())
    assert table.upazila_pcode.tolist() == [BISHWANATH, f.GOLAPGANJ, f.GOLAPGANJ]  # by P-code, then kind
    assert table.to_dict("records")[2] == {
        "upazila_pcode": f.GOLAPGANJ, "upazila": "Golapganj", "upazila_bn": "গোলাপগঞ্জ", "kind": "video_show",
        "kind_label": "Video show", "activities": 2, "people_reached": 250, "upazila_people_reached": 1250,
        "upazila_returnees_profiled": 10, "people_reached_per_returnee": 125.0}
    (bishwanath,) = table[table.upazila_pcode == BISHWANATH].to_dict("records")
    assert (bishwanath["people_reached"], bishwanath["upazila_returnees_profiled"],
            bishwanath["people_reached_per_returnee"]) == (0, 7, 0.0)
    hidden = LAYER.rows(AwarenessLayerData(data.cells, {f.GOLAPGANJ: 0}, threshold=5), LayerView())
    assert hidden.people_reached_per_returnee.tolist() == [None, None]
