"""What the gap analysis reads from the database, on both backends."""

from __future__ import annotations

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.gaps.data import one_row_per_person
from dashboard.features.gaps.queries import (
    fair_venues,
    in_need_places,
    other_providers,
    providers_offering,
    returnees_in_need,
)
from tests import factories as f
from tests.features.gaps import scene


def _loaded(empty_db: Database) -> Database:
    with empty_db.session() as session:
        scene.load(session)
    return empty_db


def test_gq001_in_need_means_needed_and_not_received(empty_db: Database) -> None:
    with _loaded(empty_db).session() as session:
        rows = returnees_in_need(session, Scope.national(), f.SYLHET, scene.LEGAL)
    # Received legal support: not in need; a pending referral: still in need; needing another
    # service only, or living in another district: not counted.
    assert sorted(rows["code"]) == list(scene.CODES_IN_NEED)
    assert rows["lat"].isna().sum() == 1  # the one with no stored location comes back without one


def test_gq007_in_need_counted_per_place_with_the_unlocated_kept(empty_db: Database) -> None:
    with _loaded(empty_db).session() as session:
        places = in_need_places(session, Scope.national(), f.SYLHET, scene.LEGAL)
        assert in_need_places(session, Scope.for_districts(f.KHULNA), f.SYLHET, scene.LEGAL).empty
        assert in_need_places(session, Scope.national(), f.SYLHET, scene.LEGAL, Filters(sex=("female",))).empty
    # Two people in need live at HOME; the third has no stored location.
    located = places.dropna(subset=["lat"])
    assert [(u, round(y, 2), round(x, 2), n) for u, y, x, n in located.itertuples(index=False)] == [
        (f.GOLAPGANJ, *scene.HOME, 2)]
    unlocated = places[places["lat"].isna()]
    assert list(unlocated["upazila_pcode"]) == [f.GOLAPGANJ] and list(unlocated["people"]) == [1]
    # The page's analysis sees one row per person again.
    people = one_row_per_person(places)
    assert len(people) == scene.IN_NEED_OF_LEGAL and list(people.columns) == ["upazila_pcode", "lat", "lon"]


def test_gq002_filters_and_scope_narrow_who_is_counted(empty_db: Database) -> None:
    with _loaded(empty_db).session() as session:
        assert returnees_in_need(session, Scope.for_districts(f.KHULNA), f.SYLHET, scene.LEGAL).empty
        assert returnees_in_need(session, Scope.national(), f.SYLHET, scene.LEGAL, Filters(sex=("female",))).empty
        assert len(returnees_in_need(session, Scope.national(), f.KHULNA, scene.LEGAL)) == 1


def test_gq003_providers_over_the_border_are_candidates_for_nearest(empty_db: Database) -> None:
    with _loaded(empty_db).session() as session:
        offering = providers_offering(session, Scope.for_districts(f.SYLHET), f.SYLHET, scene.LEGAL)
        others = other_providers(session, Scope.national(), f.SYLHET, scene.LEGAL)
    assert list(offering["name"]) == [scene.BORDER_PROVIDER]  # Moulvibazar's, not Khulna's (far away)
    assert list(offering["capacity_per_month"]) == [40]
    assert list(others["site"]) == [scene.SYLHET_COUNSELLOR]  # could start offering legal support


def test_gq004_fair_venues_stay_in_scope(empty_db: Database) -> None:
    with _loaded(empty_db).session() as session:
        assert list(fair_venues(session, Scope.national(), f.SYLHET)["venue"]) == ["Golapganj Fair Ground"]
        assert fair_venues(session, Scope.for_districts(f.KHULNA), f.SYLHET).empty
