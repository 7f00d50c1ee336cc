"""Migration fairs layer."""

from __future__ import annotations

from datetime import date

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.figures.style import FAIR_COLOURS
from dashboard.queries import FairPoint, FairsInDistrict
from layers import REGISTRY, LayerView
from layers.fairs import FairLayerData, year_colours
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["fairs"]


def _points(data: FairLayerData) -> list[FairPoint]:
    assert data.districts is None and data.points is not None
    return data.points


def test_lf001_fairs_in_period_and_district(empty_db: Database) -> None:
    with empty_db.session() as s:
        f.fair(s, upazila=f.DUMURIA, held_on=date(2018, 3, 1))
        f.fair(s, upazila=f.GOLAPGANJ, held_on=date(2020, 2, 1))
        assert [x.upazila_pcode for x in _points(LAYER.load(s, Scope.national(), LayerView(district=f.KHULNA)))] == [
            f.DUMURIA]
        until_2019 = LayerView(district=f.SYLHET, filters=Filters(end=date(2019, 12, 31)))
        assert _points(LAYER.load(s, Scope.national(), until_2019)) == []
        (golapganj,) = _points(LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET)))
        assert (golapganj.upazila_pcode, golapganj.providers_present) == (f.GOLAPGANJ, 0)


def test_lf005_nationally_one_disc_per_district_sums_its_fairs(empty_db: Database) -> None:
    """The country's map sums each district's fairs in the period (tens of thousands of discs
    would cover the map); the sums are this test's own fairs'."""
    with empty_db.session() as s:
        f.fair(s, upazila=f.DUMURIA, held_on=date(2018, 3, 1)).visitors = 300
        f.fair(s, upazila=f.DUMURIA, held_on=date(2019, 5, 1))
        f.fair(s, upazila=f.GOLAPGANJ, held_on=date(2019, 2, 1)).referrals_made = 7
        f.fair(s, upazila=f.GOLAPGANJ, held_on=date(2021, 1, 1))  # after the period
        s.commit()
        period = Filters(start=date(2018, 1, 1), end=date(2020, 12, 31))
        data = LAYER.load(s, Scope.national(), LayerView(filters=period))
        assert data.points is None and data.districts == [
            FairsInDistrict(f.KHULNA, 2, 1300, 40, date(2018, 3, 1), date(2019, 5, 1)),
            FairsInDistrict(f.SYLHET, 1, 1000, 7, date(2019, 2, 1), date(2019, 2, 1))]
        # A reader of one district sees its disc only.
        assert [d.district_pcode for d in LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView(filters=period))
                .districts or []] == [f.SYLHET]
    (disc,) = listed(LAYER.traces(data, LayerView()))
    assert disc.name == "Migration fairs: number per district (zoom into a district for each fair)"
    khulna, sylhet = disc.marker.size
    assert khulna == 20.0 and 8.0 <= sylhet < khulna  # Khulna's two fairs the largest disc
    assert disc.customdata[0] == ["Khulna", "2", "1 March 2018", "1 May 2019", "1,300", "40"]
    assert disc.customdata[1][0] == "Sylhet" and "Fairs held: %{customdata[1]}" in disc.hovertemplate
    (in_bangla,) = listed(LAYER.traces(data, LayerView(lang="bn")))
    assert in_bangla.customdata[0][:2] == ["খুলনা", "২"] and in_bangla.customdata[0][4] == "১,৩০০"
    table = LAYER.rows(data, LayerView()).to_dict("records")
    assert [(r["district_pcode"], r["district"], r["fairs"], r["visitors"]) for r in table] == [
        (f.KHULNA, "Khulna", 2, 1300), (f.SYLHET, "Sylhet", 1, 1000)]
    assert LAYER.traces(FairLayerData(districts=[]), LayerView()) == []


def test_lf002_sized_by_visitors_one_shade_per_year_newer_darker() -> None:
    fairs = FairLayerData(points=[FairPoint(1, date(2018, 1, 1), f.DUMURIA, "Ground A", 22.8, 89.4, 400, 5, 3),
                                  FairPoint(2, date(2019, 1, 1), f.DUMURIA, "Ground B", 22.8, 89.4, 1600, 30, 6)])
    older, newer = listed(LAYER.traces(fairs, LayerView()))
    assert (older.name, newer.name) == ("Migration fairs: 2018", "Migration fairs: 2019")
    assert list(older.marker.size) == [14.0] and list(newer.marker.size) == [28.0]
    assert newer.marker.color == FAIR_COLOURS[-1] and older.marker.color == FAIR_COLOURS[-2]
    assert newer.customdata[0][:3] == ["Ground B", "1 January 2019", "1,600"]
    assert listed(LAYER.traces(fairs, LayerView(lang="bn")))[1].name.endswith("২০১৯")
    assert LAYER.traces(FairLayerData(points=[]), LayerView()) == []


def test_lf004_the_oldest_shade_stays_visible() -> None:
    shades = year_colours([2010, 2011, 2012, 2013, 2014, 2015])
    assert shades[2015] == FAIR_COLOURS[-1] and shades[2010] == FAIR_COLOURS[0]
    assert set(shades.values()) <= set(FAIR_COLOURS)  # never lighter than the lightest shade


def test_lf003_rows_for_download() -> None:
    fair = FairPoint(1, date(2018, 1, 1), f.DUMURIA, "Ground A", 22.8, 89.4, 400, 5, 3)
    (row,) = LAYER.rows(FairLayerData(points=[fair]), LayerView()).to_dict("records")
    assert (row["venue"], row["visitors"], row["providers_present"]) == ("Ground A", 400, 3)
    assert len(LAYER.rows(FairLayerData(points=[]), LayerView())) == 0
