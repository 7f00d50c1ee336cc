"""Targets per indicator for an area."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import Target

NATIONAL = "BD"


def targets_for(session: Session, scope: Scope, filters: Filters | None = None) -> dict[str, int]:
    """Target per indicator key for the filtered area.

    With no area chosen, a national scope sees the national targets and a
    district scope the sum of its districts' targets. Upazilas have no targets.
    """
    filters = filters or Filters()
    if filters.area is not None:
        if not scope.permits(filters.area):
            return {}
        where = Target.area_pcode == filters.area
    elif scope.is_national:
        where = Target.area_pcode == NATIONAL
    else:
        where = scope.allows(Target.area_pcode)
    stmt = select(Target.indicator, func.sum(Target.value)).where(where).group_by(Target.indicator)
    return {indicator: int(value) for indicator, value in session.execute(stmt)}
