"""Figures per administrative area, for choropleths."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.filters import Filters
from dashboard.models import Returnee
from dashboard.scope import Scope
from geodata import Level


def returnees_by_area(session: Session, scope: Scope, level: Level, filters: Filters | None = None) -> dict[str, int]:
    """Returnees profiled in the period per district or upazila P-code (areas with none are absent)."""
    filters = filters or Filters()
    column = Returnee.district_pcode if level == Level.DISTRICT else Returnee.upazila_pcode
    stmt = (
        select(column, func.count())
        .where(filters.in_period(Returnee.profiled_on), scope.allows(Returnee.district_pcode),
               filters.in_area(Returnee.district_pcode, Returnee.upazila_pcode))
        .group_by(column)
    )
    return {pcode: count for pcode, count in session.execute(stmt)}
