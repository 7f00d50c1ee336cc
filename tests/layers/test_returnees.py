"""Returnees layer: query through the layer, then pure traces."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models.vocabulary import ReturnGroup, Sex
from layers import REGISTRY, LayerView
from layers.returnees import ReturneeLayerData
from tests import factories as f

LAYER = REGISTRY["returnees"]


def test_lr001_counts_per_upazila_and_category(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, upazila=f.DUMURIA, return_group=ReturnGroup.EU)
        f.returnee(s, upazila=f.DUMURIA, return_group=ReturnGroup.TRANSIT)
        f.returnee(s, upazila=f.DUMURIA, return_group=ReturnGroup.TRANSIT, sex=Sex.FEMALE)
        f.returnee(s, upazila=f.GOLAPGANJ, profiled_on=date(2020, 2, 1))
        rows = LAYER.load(s, Scope.national(), LayerView()).circles
        assert rows == [(f.DUMURIA, "eu", 1), (f.DUMURIA, "transit", 2), (f.GOLAPGANJ, "eu", 1)]
        by_sex = LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA, breakdown="sex")).circles
        assert by_sex == [(f.DUMURIA, "female", 1), (f.DUMURIA, "male", 2)]
        until_2019 = LAYER.load(s, Scope.national(), LayerView(filters=Filters(end=date(2019, 12, 31)))).circles
        assert [r[0] for r in until_2019] == [f.DUMURIA, f.DUMURIA]
        assert LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView(district=f.KHULNA)).circles == []
        women = LAYER.load(s, Scope.national(), LayerView(filters=Filters(sex=("female",)))).circles
        assert women == [(f.DUMURIA, "transit", 1)]


def test_lr003_points_only_at_district_zoom_and_when_allowed(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.returnee(s, lat=22.81, lon=89.43)
        national = LAYER.load(s, Scope.national(), LayerView(points=True))
        assert national.points is None and national.circles == [(f.DUMURIA, "eu", 1)]
        assert LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA)).points is None
        zoomed = LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA, points=True))
        assert zoomed.points == [(22.815, 89.435, "eu", 1)]  # the grid cell's centre, not the stored point
    (trace,) = LAYER.traces(zoomed, LayerView(district=f.KHULNA, points=True))
    assert list(trace.lat) == [22.815] and trace.name == "Returnees: From EU countries"
    assert trace.customdata[0] == ["1"]


def test_lr002_traces_one_per_category_with_legend_and_hover() -> None:
    rows = ReturneeLayerData([(f.DUMURIA, "eu", 1), (f.DUMURIA, "transit", 4), (f.GOLAPGANJ, "eu", 9)])
    eu, transit = LAYER.traces(rows, LayerView())
    assert eu.name == "Returnees: From EU countries" and eu.meta["legend_section"] == "Returnees"
    assert eu.marker.size[1] == 32 and transit.marker.size[0] > eu.marker.size[0]
    assert eu.customdata[1][0] == "Golapganj" and "%{customdata[1]}" in eu.hovertemplate
    bangla = LAYER.traces(rows, LayerView(lang="bn"))[0]
    assert bangla.customdata[1] == ["গোলাপগঞ্জ", "৯"]
    assert LAYER.traces(ReturneeLayerData([]), LayerView()) == []


def test_lr004_rows_for_download() -> None:
    table = LAYER.rows(ReturneeLayerData([(f.GOLAPGANJ, "eu", 9)]), LayerView())
    assert table.to_dict("records") == [{"upazila_pcode": f.GOLAPGANJ, "upazila": "Golapganj",
                                         "upazila_bn": "গোলাপগঞ্জ", "EU / transit": "From EU countries",
                                         "returnees": 9}]
    points = LAYER.rows(ReturneeLayerData([], [(22.815, 89.435, "male", 3)]), LayerView(breakdown="sex"))
    assert list(points.columns) == ["cell_lat", "cell_lon", "Sex", "returnees"] and points.iloc[0]["Sex"] == "Male"


def test_lr005_below_headquarters_circles_are_perturbed_and_cells_dropped() -> None:
    """Each circle is published from its count and its people's key sum: a count of 3 shows as
    nothing or 5 (never 1 to 4), 40 as 38 to 42, the same people the same way every time."""
    circles = ReturneeLayerData([(f.DUMURIA, "eu", 3), (f.DUMURIA, "transit", 40), (f.GOLAPGANJ, "eu", 9),
                                 (f.GOLAPGANJ, "transit", 7)], keys=[1000, 77, 2519, 5040])
    published = LAYER.protect(circles, 5).circles
    assert published == LAYER.protect(circles, 5).circles  # asked again: the same answer
    shown = {(area, category): n for area, category, n in published}
    assert shown.get((f.DUMURIA, "eu"), 0) in (0, 5) and 38 <= shown[(f.DUMURIA, "transit")] <= 42
    assert 7 <= shown[(f.GOLAPGANJ, "eu")] <= 11 and 5 <= shown[(f.GOLAPGANJ, "transit")] <= 9
    assert all(n >= 5 for n in shown.values())  # a published 0 draws no circle
    over_keys = {n for key in range(0, 2520, 7)
                 for *_c, n in LAYER.protect(ReturneeLayerData([(f.DUMURIA, "eu", 3)], keys=[key]), 5).circles}
    assert over_keys == {5}  # and across cell keys, 3 is sometimes shown as 5, sometimes not at all
    cells = ReturneeLayerData([], [(22.815, 89.435, "eu", 2), (22.835, 89.435, "eu", 6)])
    assert LAYER.protect(cells, 5).points == [(22.835, 89.435, "eu", 6)]
    assert LAYER.protect(ReturneeLayerData([], [(22.815, 89.435, "eu", 4)]), 5).points == []
