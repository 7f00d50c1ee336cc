"""Awareness activities per upazila and kind, for the map's awareness layer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import AwarenessActivity, AwarenessSummary
from dashboard.queries.conditions import in_area, in_period
from dashboard.queries.summaries import in_months, in_view, whole_months


@dataclass(frozen=True, slots=True)
class AwarenessCell:
    """The activities of one kind held in one upazila in the period, and the people they reached."""

    upazila_pcode: str
    kind: str
    activities: int
    people_reached: int


def awareness_by_upazila(session: Session, scope: Scope, filters: Filters) -> list[AwarenessCell]:
    """Activities and people reached per upazila and kind, in scope, area and period (events,
    not people: the person filters do not apply). From the monthly summary when the period is
    whole months (always below headquarters), else from the activities themselves."""
    if whole_months(filters):
        s = AwarenessSummary
        stmt = (select(s.upazila_pcode, s.kind, func.sum(s.activities), func.sum(s.people_reached))
                .where(in_months(filters, s.month), *in_view(scope, filters, s, people=False))
                .group_by(s.upazila_pcode, s.kind))
    else:
        a = AwarenessActivity
        stmt = (select(a.upazila_pcode, a.kind, func.count(), func.sum(a.people_reached))
                .where(in_period(filters, a.held_on), scope.allows(a.district_pcode),
                       in_area(filters, a.district_pcode, a.upazila_pcode))
                .group_by(a.upazila_pcode, a.kind))
    rows = [AwarenessCell(upazila, str(getattr(kind, "value", kind)), int(n), int(reached or 0))
            for upazila, kind, n, reached in session.execute(stmt)]
    return sorted(rows, key=lambda c: (c.upazila_pcode, c.kind))
