"""The user's filters as SQL: WHERE clauses every query builds from a :class:`Filters`.

The person filters are generated from their declarations in ``dashboard.core.filters``:
a filter declared there narrows every returnee query without further code here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, exists, false, func, not_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.functions import FunctionElement

from dashboard.core.filters import BY_KEY, NEEDS, Filters
from dashboard.models import Assistance, Returnee, ReturneeNeed
from dashboard.models.vocabulary import AssistanceOutcome

DateColumn = InstrumentedAttribute[date] | InstrumentedAttribute[date | None]
AreaColumn = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


def in_period(filters: Filters, column: DateColumn) -> ColumnElement[bool]:
    """Rows whose date falls in the period (a NULL date never does)."""
    clauses: list[ColumnElement[bool]] = [column.is_not(None)]
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
    # The district as well: every upazila lies in its district (the upazila_in_district checks),
    # and the tables' and summaries' indexes lead with the district. Without it an upazila's
    # awareness cards read all 112,000 rows of the summary at scale 1000 (12 ms on PostgreSQL).
    return and_(district_column == filters.area[:6], upazila_column == filters.area)


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


class days_after(FunctionElement[date]):  # noqa: N801  (reads as a SQL function)
    """``column + days`` for a date column, in each database's own date arithmetic (SQLAlchemy
    has no portable form: SQLite adds days with ``date(x, '+n days')``, PostgreSQL with ``+``)."""

    type = Date()
    inherit_cache = True


@compiles(days_after, "sqlite")
def _days_after_sqlite(element: days_after, compiler: Any, **kw: Any) -> str:
    column, days = list(element.clauses)
    return f"date({compiler.process(column, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


@compiles(days_after, "postgresql")
def _days_after_postgresql(element: days_after, compiler: Any, **kw: Any) -> str:
    column, days = list(element.clauses)
    return f"({compiler.process(column, **kw)} + {compiler.process(days, **kw)})"


ASSISTED_WITHIN_DAYS = 30


def rate_measures() -> tuple[ColumnElement[int], ColumnElement[int], ColumnElement[int]]:
    """Per returnee: needs assessed, needs met (assistance received for them), and 1 if first
    referred within 30 days of return (else 0); headquarters' rates sum them."""
    needs = select(func.count()).where(ReturneeNeed.returnee_id == Returnee.id).scalar_subquery()
    met = select(func.count()).where(ReturneeNeed.returnee_id == Returnee.id, need_met()).scalar_subquery()
    assisted = exists(select(Assistance.id).where(
        Assistance.returnee_id == Returnee.id,
        Assistance.referred_on <= days_after(Returnee.return_date, ASSISTED_WITHIN_DAYS)))
    return needs, met, case((assisted, 1), else_=0)
