"""The gap page below headquarters publishes cells (``dashboard.core.disclosure``), never true small counts.

A Sylhet scene with known record keys: in Golapganj 4 people live by the only legal provider,
3 live 22 km away (unreached at 10 km) and 1 has no stored location (placed at Golapganj's
centre, 0.8 km from the provider); in Beanibazar 1 person lives 16 km away; 5 people of
Dakkhin Surma live by the provider. Every count a
district officer gets must be ``publish(true count, key sum of exactly those people)``, so
none of them is 1..4 (threshold 5), and the same people give the same number on every ask.
"""

from __future__ import annotations

import math
from datetime import date
from random import Random
from typing import Any

import pytest
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.disclosure import KEY_RANGE, publish, share
from dashboard.core.filters import Filters
from dashboard.core.privacy import is_hidden
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.gaps.data import fair_effects, follow_up_list, gap_analysis
from dashboard.features.gaps.queries import in_need_places
from dashboard.models import AuditEvent
from dashboard.models.vocabulary import Service
from tests import factories as f

T = 5
LEGAL, COUNSELLING = Service.LEGAL_SUPPORT, Service.PSYCHOSOCIAL_COUNSELLING
BEANIBAZAR, DAKKHIN_SURMA = "BD60910017", "BD60910031"
HOME, FAR, BEANIBAZAR_HOME = (24.81, 92.01), (24.95, 91.85), (24.849, 92.16)
_rng = Random(26)
KEYS = {"home": [_rng.randrange(KEY_RANGE) for _ in range(4)], "far": [_rng.randrange(KEY_RANGE) for _ in range(3)],
        "unlocated": _rng.randrange(KEY_RANGE),
        # A lone person whose cell publishes the threshold: the median must still not be shown.
        "beanibazar": next(k for k in range(KEY_RANGE) if publish(1, k, T) == T),
        "dakkhin_surma": [_rng.randrange(KEY_RANGE) for _ in range(5)]}
GOLAPGANJ_KEYS = sum(KEYS["home"]) + sum(KEYS["far"]) + KEYS["unlocated"]
UNREACHED_KEYS = sum(KEYS["far"]) + KEYS["beanibazar"]
ALL_KEYS = GOLAPGANJ_KEYS + KEYS["beanibazar"] + sum(KEYS["dakkhin_surma"])

HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))


def load(session: Any) -> None:
    """Write the scene (everyone profiled on 1 June 2018, in need of legal support)."""
    people = [f.returnee(session, upazila=f.GOLAPGANJ, lat=HOME[0], lon=HOME[1], record_key=k) for k in KEYS["home"]]
    people += [f.returnee(session, upazila=f.GOLAPGANJ, lat=FAR[0], lon=FAR[1], record_key=k) for k in KEYS["far"]]
    people.append(f.returnee(session, upazila=f.GOLAPGANJ, record_key=KEYS["unlocated"]))
    people.append(f.returnee(session, upazila=BEANIBAZAR, lat=BEANIBAZAR_HOME[0], lon=BEANIBAZAR_HOME[1],
                             record_key=KEYS["beanibazar"]))
    people += [f.returnee(session, upazila=DAKKHIN_SURMA, lat=HOME[0], lon=HOME[1], record_key=k)
               for k in KEYS["dakkhin_surma"]]
    for person in people:
        f.need(session, person, LEGAL)
    # The three far away were referred to counselling (not the need the page looks at) five
    # days after the fair: three referrals near it, after it.
    for person in people[len(KEYS["home"]):len(KEYS["home"]) + len(KEYS["far"])]:
        f.assistance(session, person, COUNSELLING, referred_on=date(2018, 6, 25))
    f.provider(session, upazila=f.GOLAPGANJ, services=(LEGAL,), lat=HOME[0], lon=HOME[1])
    # Not offering legal support yet: a candidate site by the three far away.
    f.provider(session, upazila=f.GOLAPGANJ, services=(COUNSELLING,), lat=FAR[0], lon=FAR[1])
    f.fair(session, upazila=f.GOLAPGANJ, held_on=date(2018, 6, 20), venue="Far Fair Ground", lat=FAR[0], lon=FAR[1])


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("gap-disclosure") as (url, session):
        load(session)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=T))


def _row(result: Any, pcode: str) -> Any:
    return result.by_upazila.set_index("pcode").loc[pcode]


def _small(value: object) -> bool:
    """A number a reader could take for a true count of 1..T-1."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < T


def _published_values(result: Any) -> list[object]:
    table = result.by_upazila
    return [result.in_need, result.unreached, result.placed_at_centroid, result.unlocated,
            *table["in_need"], *table["unreached"], *result.suggestions["newly_reached"],
            *([] if result.unreached_cells is None else result.unreached_cells["returnees"])]


def test_gx001_headquarters_keep_exact_counts_and_precision(as_actor: Any) -> None:
    as_actor(HQ)
    result = gap_analysis(f.SYLHET, LEGAL, 10)
    assert (result.in_need, result.unreached, result.placed_at_centroid) == (14, 4, 1)
    golapganj, beanibazar = _row(result, f.GOLAPGANJ), _row(result, BEANIBAZAR)
    assert (golapganj.in_need, golapganj.unreached, golapganj.share_unreached) == (8, 3, 37.5)
    assert golapganj.median_km == pytest.approx(0.4, abs=0.05)  # (0 + 0.8) / 2, to the metre
    assert beanibazar.median_km == pytest.approx(15.7, abs=0.1)
    assert list(result.suggestions["newly_reached"]) == [3, 1]
    assert list(follow_up_list(f.SYLHET, LEGAL, 10).columns) == ["returnee_code", "upazila", "nearest_provider_km"]
    as_actor(HQ)
    effect = fair_effects(f.SYLHET, 10).iloc[0]
    assert (effect["profiled_before"], effect["referrals_before"], effect["referrals_after"]) == (3, 0, 3)


def test_gx002_every_count_below_hq_is_the_published_cell_of_those_people(as_actor: Any) -> None:
    as_actor(OFFICER)
    result = gap_analysis(f.SYLHET, LEGAL, 10)
    assert result.in_need == publish(14, ALL_KEYS, T)
    assert result.unreached == publish(4, UNREACHED_KEYS, T)
    assert result.placed_at_centroid == publish(1, KEYS["unlocated"], T)
    golapganj, beanibazar = _row(result, f.GOLAPGANJ), _row(result, BEANIBAZAR)
    assert golapganj.in_need == publish(8, GOLAPGANJ_KEYS, T)
    assert golapganj.unreached == publish(3, sum(KEYS["far"]), T)
    assert (beanibazar.in_need, beanibazar.unreached) == (T, T)  # one person, whose cell publishes 5
    assert list(result.suggestions["newly_reached"]) == [publish(3, sum(KEYS["far"]), T), T]
    assert not any(_small(v) for v in _published_values(result))


def test_gx003_the_share_is_a_whole_percent_of_the_published_counts(as_actor: Any) -> None:
    as_actor(OFFICER)
    table = gap_analysis(f.SYLHET, LEGAL, 10).by_upazila
    for row in table.to_dict("records"):
        expected = share(row["unreached"], row["in_need"], T)
        value = row["share_unreached"]
        if expected is None:
            assert math.isnan(value)
        else:
            assert value == expected and (is_hidden(value) or isinstance(value, int))
    # Golapganj's 3 of 8 is not 37.5 %, nor 3 of 7's 42.857... %.
    assert _row(gap_analysis(f.SYLHET, LEGAL, 10), f.GOLAPGANJ).share_unreached not in (37.5, 3 / 7 * 100)


def test_gx004_medians_are_whole_km_and_a_one_person_group_has_none(as_actor: Any) -> None:
    as_actor(OFFICER)
    result = gap_analysis(f.SYLHET, LEGAL, 10)
    assert is_hidden(_row(result, BEANIBAZAR).median_km)  # 15.7 km would be that person's distance
    assert _row(result, f.GOLAPGANJ).median_km == 0  # 0.4 km, in whole km
    # 5 people publish 5, as 1 to 4 may: hidden too, or showing it would tell 5 from fewer.
    assert _row(result, DAKKHIN_SURMA).in_need == T and is_hidden(_row(result, DAKKHIN_SURMA).median_km)
    assert isinstance(_row(result, f.GOLAPGANJ).median_km, int)


def test_gx005_asking_again_or_another_way_gives_the_same_answer(as_actor: Any) -> None:
    as_actor(OFFICER)
    first = gap_analysis(f.SYLHET, LEGAL, 10)
    # The same people through another cache entry, and through the raw tables (the needs filter).
    for filters in (Filters(), Filters(start=date(2018, 1, 1), end=date(2018, 12, 31)),
                    Filters(need=("legal_support",))):
        as_actor(OFFICER)
        again = gap_analysis(f.SYLHET, LEGAL, 10, filters)
        assert (again.in_need, again.unreached, again.placed_at_centroid) == (
            first.in_need, first.unreached, first.placed_at_centroid)
        assert again.by_upazila.fillna(-1).equals(first.by_upazila.fillna(-1))
        assert list(again.suggestions["newly_reached"]) == list(first.suggestions["newly_reached"])


def test_gx006_the_follow_up_list_gives_bands_not_distances_or_places(as_actor: Any) -> None:
    as_actor(OFFICER)
    table = follow_up_list(f.SYLHET, LEGAL, 10)
    assert list(table.columns) == ["returnee_code", "upazila", "distance_band"]
    assert sorted(table["distance_band"]) == ["10–25"] * 4  # 22.4 km (three) and 15.7 km
    assert not any(word in column for column in table.columns for word in ("km", "lat", "lon"))


def test_gx007_fair_effect_counts_are_published(as_actor: Any) -> None:
    as_actor(OFFICER)
    effect = fair_effects(f.SYLHET, 10).iloc[0]
    # The three far away were profiled 19 days before the fair by their home.
    assert effect["profiled_before"] == publish(3, sum(KEYS["far"]), T) and not _small(effect["profiled_before"])
    # ... and referred five days after it: three referrals, a published cell of their own.
    assert effect["referrals_after"] == publish(3, sum(KEYS["far"]), T) and not _small(effect["referrals_after"])
    assert "profiled_before_key" not in effect.index and "referrals_after_key" not in effect.index


def _views(app: Any) -> int:
    with app.server.app_context():
        from dashboard.runtime import runtime

        with runtime().database.session() as session:
            return len(session.scalars(select(AuditEvent).where(AuditEvent.action == "view_points")).all())


def test_gx008_each_view_of_unreached_grid_cells_is_audited(as_actor: Any, app: Any) -> None:
    before = _views(app)
    as_actor(OFFICER)
    assert gap_analysis(f.SYLHET, LEGAL, 10).unreached_cells is not None
    as_actor(OFFICER)
    gap_analysis(f.SYLHET, LEGAL, 10)
    assert _views(app) == before + 2  # every view, not only the first (which the cache would serve)
    as_actor(OFFICER)
    assert gap_analysis(f.SYLHET, LEGAL, 10, cells=False).unreached_cells is None
    as_actor(MEMBER)  # may not see points: no cells, nothing viewed
    assert gap_analysis(f.SYLHET, LEGAL, 10).unreached_cells is None
    assert _views(app) == before + 2


def test_gx009_place_key_sums_come_from_sql_on_both_backends(empty_db: Database) -> None:
    with empty_db.session() as session:
        load(session)
        for filters in (Filters(), Filters(need=("legal_support",))):  # open-needs summary, then raw tables
            places = in_need_places(session, Scope.national(), f.SYLHET, LEGAL, filters, keys=True)
            by_place = {(u, None if y != y else round(y, 3)): (int(n), int(k)) for u, y, _x, n, k in
                        places.itertuples(index=False)}
            assert by_place == {(f.GOLAPGANJ, HOME[0]): (4, sum(KEYS["home"])),
                                (f.GOLAPGANJ, FAR[0]): (3, sum(KEYS["far"])),
                                (f.GOLAPGANJ, None): (1, KEYS["unlocated"]),
                                (BEANIBAZAR, BEANIBAZAR_HOME[0]): (1, KEYS["beanibazar"]),
                                (DAKKHIN_SURMA, HOME[0]): (5, sum(KEYS["dakkhin_surma"]))}
