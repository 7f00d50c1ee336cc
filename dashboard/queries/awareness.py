"""Awareness activities per area (upazila, or district nationally) and kind, for the map's awareness layer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import AwarenessActivity
from dashboard.queries.conditions import in_area, in_period
from dashboard.queries.summaries import awareness_table, in_months, in_view, whole_months
from geodata import Level


@dataclass(frozen=True, slots=True)
class AwarenessCell:
    """The activities of one kind held in one area in the period, and the people they reached
    (``upazila_pcode`` is the district's P-code in a count per district)."""

    upazila_pcode: str
    kind: str
    activities: int
    people_reached: int


def awareness_by_area(session: Session, scope: Scope, filters: Filters,
                      level: Level = Level.UPAZILA) -> list[AwarenessCell]:
    """Activities and people reached per upazila (or district) and kind, in scope, area and
    period (events, not people: the person filters do not apply). From the smallest monthly
    summary when the period is whole months (always below headquarters), else from the
    activities themselves."""
    if whole_months(filters):
        s = awareness_table(filters, level)
        area = s.upazila_pcode if level == Level.UPAZILA else s.district_pcode
        stmt = (select(area, s.kind, func.sum(s.activities), func.sum(s.people_reached))
                .where(in_months(filters, s.month), *in_view(scope, filters, s, people=False))
                .group_by(area, s.kind))
    else:
        a = AwarenessActivity
        area = a.upazila_pcode if level == Level.UPAZILA else a.district_pcode
        stmt = (select(area, a.kind, func.count(), func.sum(a.people_reached))
                .where(in_period(filters, a.held_on), scope.allows(a.district_pcode),
                       in_area(filters, a.district_pcode, a.upazila_pcode))
                .group_by(area, a.kind))
    rows = [AwarenessCell(upazila, str(getattr(kind, "value", kind)), int(n), int(reached or 0))
            for upazila, kind, n, reached in session.execute(stmt)]
    return sorted(rows, key=lambda c: (c.upazila_pcode, c.kind))
