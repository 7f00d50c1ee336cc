"""Targets per indicator for an area, by the day they fall due (``dashboard.core.targets``
decides which of them a period is compared with)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import Target

NATIONAL = "BD"


def targets_for(session: Session, scope: Scope, filters: Filters | None = None) -> dict[str, dict[date, int]]:
    """Target per indicator key and due date for the filtered area, every year's (the
    period is applied by ``core.targets``, not here).

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
    stmt = (select(Target.indicator, Target.due_on, func.sum(Target.value)).where(where)
            .group_by(Target.indicator, Target.due_on))
    out: dict[str, dict[date, int]] = defaultdict(dict)
    for indicator, due, value in session.execute(stmt):
        out[indicator][due] = int(value)
    return dict(out)
