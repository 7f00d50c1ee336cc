"""Differencing attack on hotline calls (issue 32): below headquarters a Sylhet reader takes
the district's calls (national map) minus the calls of every other upazila (district map) to
get one upazila's few calls (1 to 4, each year). Every area is a cell of its own, so the
difference carries a dozen noises and rarely lands on the truth; at headquarters it always does."""

from __future__ import annotations

from datetime import date, datetime
from random import Random
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.commands import summaries
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.disclosure import KEY_RANGE
from dashboard.core.filters import Filters
from dashboard.core.metrics import Metric
from dashboard.features.map.data import map_values
from dashboard.features.map.state import ViewState
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineTopic
from geodata import Level, areas_at
from tests import factories as f

T = 5
UPAZILAS = [a.pcode for a in areas_at(Level.UPAZILA, f.SYLHET)]
YEARS = (2018, 2019)
BOUND = 0.5  # as tests/test_disclosure_attacks.py: far above what the noise lets through by chance
HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))


@pytest.fixture(scope="module")
def scene(new_sqlite: Any) -> tuple[Any, dict[tuple[str, int], int]]:
    """In each upazila of Sylhet and each year, 1 to 4 calls. Returns the app and the truth."""
    keys, truth = Random(32), {}
    with new_sqlite("hotline-attack") as (url, session):
        i = 0
        for upazila in UPAZILAS:
            for year in YEARS:
                truth[(upazila, year)] = calls = 1 + i % 4
                session.add_all([HotlineCall(called_at=datetime(year, 5, 1 + n, 12), district_pcode=f.SYLHET,
                                             upazila_pcode=upazila, topic=HotlineTopic.LEGAL,
                                             record_key=keys.randrange(KEY_RANGE)) for n in range(calls)])
                i += 1
        session.flush()
        summaries.refresh(session)  # as every write in the app does
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=T)), truth


def _recovered(as_actor: Any, actor: Actor, truth: dict[tuple[str, int], int]) -> float:
    recovered = 0
    for year in YEARS:
        period = Filters(start=date(year, 1, 1), end=date(year, 12, 31))
        as_actor(actor)
        district = map_values(ViewState(metric=Metric.HOTLINE_CALLS, filters=period))[f.SYLHET]
        as_actor(actor)
        upazilas = map_values(ViewState(district=f.SYLHET, metric=Metric.HOTLINE_CALLS, filters=period))
        for upazila in UPAZILAS:
            others = sum(v for p, v in upazilas.items() if p != upazila and isinstance(v, int | float))
            recovered += district - others == truth[(upazila, year)]
    return recovered / len(truth)


def test_ha001_the_district_minus_its_other_upazilas_does_not_give_one(
        scene: tuple[Any, dict[tuple[str, int], int]], as_actor: Any) -> None:
    _app, truth = scene
    assert _recovered(as_actor, HQ, truth) == 1.0  # the attack is real: exact counts give it away
    assert _recovered(as_actor, OFFICER, truth) < BOUND


@pytest.fixture(scope="module")
def app(scene: tuple[Any, dict[tuple[str, int], int]]) -> Any:
    return scene[0]
