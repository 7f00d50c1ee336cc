"""The user's filters as SQL: WHERE clauses every query builds from a :class:`Filters`.

The person filters are generated from their declarations in ``dashboard.filters``:
a filter declared there narrows every returnee query without further code here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, false, not_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from dashboard.filters import BY_KEY, NEEDS, Filters
from dashboard.models import Assistance, Returnee, ReturneeNeed
from dashboard.models.vocabulary import AssistanceOutcome

DateColumn = InstrumentedAttribute[date] | InstrumentedAttribute[date | None]
AreaColumn = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


def in_period(filters: Filters, column: DateColumn) -> ColumnElement[bool]:
    """Rows whose date falls in the period (a NULL date never does)."""
    clauses = [column.is_not(None)]
    if filters.start is not None:
        clauses.append(column >= filters.start)
    if filters.end is not None:
        clauses.append(column <= filters.end)
    return and_(*clauses)


def in_area(filters: Filters, district_column: AreaColumn,
            upazila_column: AreaColumn | None = None) -> ColumnElement[bool]:
    """Rows inside the chosen area. Upazila areas need a table with an upazila column."""
    if filters.area is None:
        return true()
    if len(filters.area) <= 6:
        return district_column == filters.area
    if upazila_column is None:
        # Data kept only per district (hotline calls, DCCs) has no upazila
        # to match, so an upazila view shows none of it rather than all.
        return false()
    return upazila_column == filters.area


def returnee_column(key: str) -> InstrumentedAttribute[str]:
    """The ``Returnee`` column a single-valued person filter (or breakdown) narrows."""
    spec = BY_KEY[key]
    if spec.column == NEEDS:
        raise ValueError(f"{key} is not a single column of returnees")
    return getattr(Returnee, spec.column)


def on_returnees(filters: Filters) -> ColumnElement[bool]:
    """The person filters as a condition on ``Returnee`` rows."""
    clauses: list[ColumnElement[bool]] = []
    for key, values in filters.people:
        if BY_KEY[key].column == NEEDS:
            clauses.append(exists(select(ReturneeNeed.returnee_id).where(
                ReturneeNeed.returnee_id == Returnee.id, ReturneeNeed.service.in_(values))))
        else:
            clauses.append(returnee_column(key).in_(values))
    return and_(true(), *clauses)


def need_met() -> ColumnElement[bool]:
    """A ``ReturneeNeed`` row's service was received (an assistance record says so)."""
    return exists(select(Assistance.id).where(
        Assistance.returnee_id == ReturneeNeed.returnee_id, Assistance.service == ReturneeNeed.service,
        Assistance.outcome == AssistanceOutcome.RECEIVED))


def unmet_need() -> ColumnElement[bool]:
    """The returnee has a need for which no assistance was received (yet)."""
    return exists(select(ReturneeNeed.returnee_id).where(ReturneeNeed.returnee_id == Returnee.id, not_(need_met())))
