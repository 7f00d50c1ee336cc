"""Every declared person filter narrows every returnee query: a filter declared but not
applied in SQL (or dropped from it) fails here, for each query the map and cards use."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from dashboard.core.filters import NEEDS, PERSON_FILTERS, Filters, PersonFilter
from dashboard.core.metrics import Metric
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models import ReturneeNeed
from dashboard.queries import area_metric, programme_indicators, returnee_breakdown_by_upazila
from geodata import Level
from tests import factories as f

NATIONAL = Scope.national()


def _two_returnees_differing_in(session: Session, spec: PersonFilter) -> str:
    """One returnee matching a value of ``spec`` and one not; returns the value."""
    if spec.column == NEEDS:
        wanted, other = spec.allowed[0], spec.allowed[1]  # type: ignore[index]
        for service in (wanted, other):
            person = f.returnee(session)
            session.add(ReturneeNeed(returnee_id=person.id, service=service))
        session.flush()
        return wanted
    values = spec.allowed or ("GR", "LY")
    wanted, other = values[-1], values[0]
    f.returnee(session, **{spec.column: wanted})
    f.returnee(session, **{spec.column: other})
    return wanted


@pytest.mark.parametrize("spec", PERSON_FILTERS, ids=[spec.key for spec in PERSON_FILTERS])
def test_pf001_each_declared_filter_narrows_every_returnee_query(empty_db: Database, spec: PersonFilter) -> None:
    with empty_db.session() as s:
        value = _two_returnees_differing_in(s, spec)
        chosen = Filters(**{spec.key: (value,)})
        assert programme_indicators(s, NATIONAL, chosen)["returnees_profiled"] == 1
        assert programme_indicators(s, NATIONAL, Filters())["returnees_profiled"] == 2
        assert area_metric(s, NATIONAL, Level.DISTRICT, Metric.RETURNEES, chosen)[f.KHULNA] == 1
        assert sum(n for _u, _c, n, _key in returnee_breakdown_by_upazila(s, NATIONAL, "sex", chosen)) == 1
