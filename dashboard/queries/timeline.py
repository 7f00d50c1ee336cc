"""A whole timeline in one query: figures per area for a run of whole-month periods (the map's
timeline and split view, ``features/map/timeline``).

The summary tables count by calendar month, so a run of periods (each month, or each quarter,
of the programme) is one ``GROUP BY`` over the area and the period a month falls in: a ``CASE``
maps each month key (``year * 100 + month``) to its period's index. 37 months x 64 districts
is one scan of the district rollup instead of 37 queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Integer, and_, case, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.queries import summaries
from dashboard.queries.summaries import Cell, in_view, returnee_table
from geodata import Level

MonthRange = tuple[int, int]  # the first and last month of a period, each as year * 100 + month


def month_key(day: date) -> int:
    """A day's month as the summaries key it (``year * 100 + month``)."""
    return day.year * 100 + day.month


def month_ranges(periods: Sequence[tuple[date, date]]) -> list[MonthRange]:
    """Whole-month periods (first day, last day) as month-key ranges."""
    return [(month_key(start), month_key(end)) for start, end in periods]


def period_index(column: InstrumentedAttribute[int | None] | ColumnElement[int | None],
                 ranges: Sequence[MonthRange]) -> ColumnElement[int | None]:
    """The index of the period a month key falls in; NULL for a month outside every period.

    The numbers are written into the SQL, not bound: PostgreSQL takes the same expression with
    other parameters in SELECT and GROUP BY for two expressions and refuses the query."""
    def number(value: int) -> ColumnElement[int]:
        return literal_column(str(int(value)), Integer())

    return case(*((and_(column >= number(first), column <= number(last)), number(index))
                  for index, (first, last) in enumerate(ranges)), else_=None)


def usable(filters: Filters) -> bool:
    """Whether the summaries answer the person filters of ``filters`` (the needs filter is
    beyond them; the periods are whole months by construction)."""
    return summaries.usable(filters.replace(start=None, end=None))


def returnee_cells_by_period(session: Session, scope: Scope, level: Level, filters: Filters,
                             ranges: Sequence[MonthRange]) -> list[dict[str, tuple[Cell, Cell, Cell]]]:
    """:func:`dashboard.queries.summaries.returnee_share_cells` for each period in ``ranges``,
    in one scan: per period, per area in scope (of ``filters.area``), returnees profiled in the
    period, of them with a plan in the same period, of them with an unmet need, each as (count,
    key sum). ``filters``' own period is ignored; its person filters must be :func:`usable`."""
    if not ranges:
        return []
    if not usable(filters):
        raise ValueError("the needs filter is beyond the summaries")
    common = filters.replace(start=None, end=None)
    s = returnee_table(common, level)
    group = s.district_pcode if level == Level.DISTRICT else s.upazila_pcode
    profiled = period_index(s.profiled_month, ranges)
    # A plan counts in the period its person was profiled in when it was made in that period too.
    planned = and_(s.plan_month.is_not(None), period_index(s.plan_month, ranges) == profiled)
    unmet = s.unmet_need

    def sum_if(condition: ColumnElement[bool], measure: InstrumentedAttribute[int]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, measure), else_=0)), 0)

    stmt = (select(profiled, group, func.sum(s.returnees), func.sum(s.key_sum), sum_if(planned, s.returnees),
                   sum_if(planned, s.key_sum), sum_if(unmet, s.returnees), sum_if(unmet, s.key_sum))
            .where(s.profiled_month >= min(first for first, _last in ranges),
                   s.profiled_month <= max(last for _first, last in ranges), *in_view(scope, common, s))
            .group_by(profiled, group))
    out: list[dict[str, tuple[Cell, Cell, Cell]]] = [{} for _ in ranges]
    for index, pcode, n, k, pn, pk, un, uk in session.execute(stmt):
        if index is not None:
            out[int(index)][pcode] = ((int(n), int(k)), (int(pn), int(pk)), (int(un), int(uk)))
    return out


__all__ = ["MonthRange", "month_key", "month_ranges", "period_index", "returnee_cells_by_period", "usable"]
