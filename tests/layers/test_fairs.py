"""Migration fairs layer."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.figures.style import FAIR_COLOURS
from dashboard.queries import FairPoint
from layers import REGISTRY, LayerView
from layers.fairs import year_colours
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["fairs"]


def test_lf001_fairs_in_period_and_district(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.fair(s, upazila=f.DUMURIA, held_on=date(2018, 3, 1))
        f.fair(s, upazila=f.GOLAPGANJ, held_on=date(2020, 2, 1))
        assert [x.upazila_pcode for x in LAYER.load(s, Scope.national(), LayerView())] == [f.DUMURIA, f.GOLAPGANJ]
        until_2019 = LayerView(filters=Filters(end=date(2019, 12, 31)))
        assert [x.upazila_pcode for x in LAYER.load(s, Scope.national(), until_2019)] == [f.DUMURIA]
        assert LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET))[0].providers_present == 0


def test_lf002_sized_by_visitors_one_shade_per_year_newer_darker() -> None:
    fairs = [FairPoint(1, date(2018, 1, 1), f.DUMURIA, "Ground A", 22.8, 89.4, 400, 5, 3),
             FairPoint(2, date(2019, 1, 1), f.DUMURIA, "Ground B", 22.8, 89.4, 1600, 30, 6)]
    older, newer = listed(LAYER.traces(fairs, LayerView()))
    assert (older.name, newer.name) == ("Migration fairs: 2018", "Migration fairs: 2019")
    assert list(older.marker.size) == [14.0] and list(newer.marker.size) == [28.0]
    assert newer.marker.color == FAIR_COLOURS[-1] and older.marker.color == FAIR_COLOURS[-2]
    assert newer.customdata[0][:3] == ["Ground B", "1 January 2019", "1,600"]
    assert listed(LAYER.traces(fairs, LayerView(lang="bn")))[1].name.endswith("২০১৯")
    assert LAYER.traces([], LayerView()) == []


def test_lf004_the_oldest_shade_stays_visible() -> None:
    shades = year_colours([2010, 2011, 2012, 2013, 2014, 2015])
    assert shades[2015] == FAIR_COLOURS[-1] and shades[2010] == FAIR_COLOURS[0]
    assert set(shades.values()) <= set(FAIR_COLOURS)  # never lighter than the lightest shade


def test_lf003_rows_for_download() -> None:
    fair = FairPoint(1, date(2018, 1, 1), f.DUMURIA, "Ground A", 22.8, 89.4, 400, 5, 3)
    (row,) = LAYER.rows([fair], LayerView()).to_dict("records")
    assert (row["venue"], row["visitors"], row["providers_present"]) == ("Ground A", 400, 3)
    assert len(LAYER.rows([], LayerView())) == 0
