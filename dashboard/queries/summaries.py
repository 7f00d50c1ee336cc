"""The fast path: figures from the summary tables (``dashboard.models.summaries``).

The summaries count by calendar month, so they answer exactly when the period is whole
months (starts on a 1st, ends on a month's last day, or is open): the defaults, every
preset and any whole-month choice. A day-precise period, or the needs filter (a returnee
has several needs, which a count per row cannot hold), goes to the raw tables instead;
:func:`usable` decides. Every function returns what its raw twin in ``indicators`` or
``metrics`` returns for the same arguments (``tests/test_summaries.py`` checks that over
random filters on both databases).

Among the summaries, each query reads the smallest table that holds what it asks: the
rollups per district (or per upazila, for the map's returnee circles) without status and
country when the view needs neither an upazila nor those filters (:func:`returnee_table`
and its siblings), the full per-upazila summaries otherwise.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.disclosure import key_name
from dashboard.core.filters import BY_KEY, NEEDS, Filters
from dashboard.core.scope import Scope
from dashboard.models import (
    AssistanceSummary,
    AwarenessSummary,
    DistrictAssistanceSummary,
    DistrictAwarenessSummary,
    DistrictReturneeSummary,
    HotlineSummary,
    MapReturneeSummary,
    ReturneeSummary,
    UpazilaReturneeSummary,
)
from dashboard.models.rollups import ALL_TIME_TOTALS
from dashboard.models.vocabulary import ReturnGroup
from dashboard.queries.conditions import in_area
from dashboard.queries.grouping import Figures, figure_rows, grouped
from dashboard.queries.periods import Periods
from geodata import Level

# The assistance figures the summary holds (their definitions: indicators.assistance_figures_defined).
ASSISTANCE_FIGURES = ("psychosocial_support", "medical_support", "inkind_support", "skills_training_referrals",
                      "immediate_assistance")


def month_key(day: date) -> int:
    """A day's calendar month as the summaries keep it (``year * 100 + month``)."""
    return day.year * 100 + day.month




def open_needs_usable(filters: Filters) -> bool:
    """Whether the open-needs table answers ``filters`` (it keeps days: only the needs
    filter, a question about other needs, is beyond it)."""
    return not any(BY_KEY[key].column == NEEDS for key, _values in filters.people)


def whole_months(filters: Filters) -> bool:
    """Whether the period of ``filters`` is whole calendar months (or open at either end)."""
    starts_a_month = filters.start is None or filters.start.day == 1
    ends_a_month = filters.end is None or filters.end.day == calendar.monthrange(filters.end.year,
                                                                                  filters.end.month)[1]
    return starts_a_month and ends_a_month


def usable(filters: Filters) -> bool:
    """Whether the counting summaries answer ``filters`` exactly."""
    return open_needs_usable(filters) and whole_months(filters)


def in_months(filters: Filters, column: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """Rows whose month falls in the (whole-month) period; a NULL month never does."""
    clauses: list[ColumnElement[bool]] = [column.is_not(None)]
    if filters.start is not None:
        clauses.append(column >= month_key(filters.start))
    if filters.end is not None:
        clauses.append(column <= month_key(filters.end))
    return and_(*clauses)


def people_condition(filters: Filters, table: type[Any] = ReturneeSummary) -> ColumnElement[bool]:
    """The person filters as a condition on a summary table with the person columns."""
    return and_(true(), *(getattr(table, BY_KEY[key].column).in_(values) for key, values in filters.people))


# The person filters the district rollups keep (dashboard.models.summaries).
ROLLED_UP_PEOPLE = frozenset({"sex", "age_band", "return_group"})


def people_rolled_up(filters: Filters) -> bool:
    """Whether every person filter in ``filters`` is one the rollups keep (sex, age band, return
    group), as the district rollups and the referral-flow summary do."""
    return all(key in ROLLED_UP_PEOPLE for key, _values in filters.people)


def _rolls_up(filters: Filters, by: Level | None, people: bool = True) -> bool:
    """Whether a district rollup answers: no upazila asked for (as the area or the grouping)
    and, when ``people``, only the person filters it keeps."""
    return (by != Level.UPAZILA and (filters.area is None or len(filters.area) <= 6)
            and (not people or people_rolled_up(filters)))


def returnee_table(filters: Filters, by: Level | None) -> type[Any]:
    """The smallest returnee summary that answers ``filters`` grouped ``by``."""
    return DistrictReturneeSummary if _rolls_up(filters, by) else ReturneeSummary


def breakdown_table(filters: Filters, column: str) -> type[Any]:
    """The smallest returnee summary with per-upazila counts by ``column`` for ``filters``."""
    rolled_up = column in ROLLED_UP_PEOPLE and people_rolled_up(filters)
    return UpazilaReturneeSummary if rolled_up else ReturneeSummary


def assistance_table(filters: Filters, by: Level | None) -> type[Any]:
    """The smallest assistance summary that answers ``filters`` grouped ``by``."""
    return DistrictAssistanceSummary if _rolls_up(filters, by) else AssistanceSummary


def awareness_table(filters: Filters, by: Level | None) -> type[Any]:
    """The smallest awareness summary for an area grouped ``by`` (activities have no person filters)."""
    return DistrictAwarenessSummary if _rolls_up(filters, by, people=False) else AwarenessSummary


def totals_for(table: type[Any], *periods: Filters) -> type[Any]:
    """``table``'s all-time totals when every period asked is the whole time (no start, no
    end), else ``table``. Only for a query whose months appear in nothing but
    :func:`in_months` of those periods and ``IS NULL`` tests: in the totals a month is 0 or
    NULL, so those answer as on the rollup, and a series by month would not."""
    if periods and all(p.start is None and p.end is None for p in periods):
        return ALL_TIME_TOTALS.get(table, table)
    return table


def upazila_column(table: type[Any]) -> InstrumentedAttribute[str] | None:
    """A summary table's upazila column, or None for a district rollup."""
    # The rollups have no upazila column; _rolls_up keeps upazila areas away from them.
    return getattr(table, "upazila_pcode", None)


def in_view(scope: Scope, filters: Filters, table: type[Any], people: bool = True) -> tuple[ColumnElement[bool], ...]:
    """A summary table's rows in the scope and the chosen area, and (when ``people``, for
    tables with the person columns) matching the person filters."""
    where = (scope.allows(table.district_pcode), in_area(filters, table.district_pcode, upazila_column(table)))
    return (*where, people_condition(filters, table)) if people else where


def _sum_if(condition: ColumnElement[bool], measure: InstrumentedAttribute[int]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, measure), else_=0)), 0)


def returnee_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    """Returnees profiled (all, EU, transit) and reintegration plans in each period, in one scan."""
    filters = periods.common
    s = totals_for(returnee_table(filters, by), *periods.each)

    def profiled(group: ReturnGroup, measure: Any) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _sum_if(and_(in_months(period, s.profiled_month), s.return_group == group), measure)

    def plans(measure: Any) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _sum_if(in_months(period, s.plan_month), measure)

    # Each count with its people's key sum (dashboard.core.disclosure), from the same rows.
    stmt = select(*(column for name, measure in (
        ("returnees_eu", lambda m: profiled(ReturnGroup.EU, m)),
        ("returnees_transit", lambda m: profiled(ReturnGroup.TRANSIT, m)), ("reintegration_plans", plans))
        for column in (*periods.sums(name, measure(s.returnees)), *periods.sums(key_name(name), measure(s.key_sum))))
    ).where(*in_view(scope, filters, s))
    figures = figure_rows(session, grouped(stmt, by, s.district_pcode, upazila_column(s)))
    # Every returnee is EU or transit (a CHECK on every summary), so all profiled are the two
    # groups together, counts and key sums alike (key sums add exactly): each row of the rollup
    # goes through twelve sums, not sixteen (the national KPI cards with no person filter read
    # 120,000 rows on SQLite at scale 1000). Grouping by the return group instead was slower
    # there (SQLite sorts to group).
    for values in figures.values():
        for i in range(len(periods.each)):
            for named in (str, key_name):  # the count, then its key sum
                eu, transit = (values[periods.label(named(g), i)] for g in ("returnees_eu", "returnees_transit"))
                values[periods.label(named("returnees_profiled"), i)] = eu + transit
    return figures


def returnee_shares(session: Session, scope: Scope, level: Level,
                    filters: Filters) -> dict[str, tuple[int, int, int]]:
    """Per area: (returnees profiled in the period, of them with a plan in the period,
    of them with an unmet need), for the map's returnee metrics."""
    return {pcode: (total, plans, unmet) for pcode, ((total, _k), (plans, _kp), (unmet, _ku))
            in returnee_share_cells(session, scope, level, filters).items()}


Cell = tuple[int, int]  # a count of people and the sum of their record keys


def returnee_share_cells(session: Session, scope: Scope, level: Level,
                         filters: Filters) -> dict[str, tuple[Cell, Cell, Cell]]:
    """:func:`returnee_shares` with each count's key sum: (profiled, with a plan, with an unmet need)."""
    s: type[Any] = totals_for(MapReturneeSummary if not filters.people else returnee_table(filters, level), filters)
    group = s.district_pcode if level == Level.DISTRICT else s.upazila_pcode
    planned, unmet = in_months(filters, s.plan_month), s.unmet_need
    stmt = (select(group, func.sum(s.returnees), func.sum(s.key_sum), _sum_if(planned, s.returnees),
                   _sum_if(planned, s.key_sum), _sum_if(unmet, s.returnees), _sum_if(unmet, s.key_sum))
            .where(in_months(filters, s.profiled_month), *in_view(scope, filters, s))
            .group_by(group))
    return {pcode: ((int(n), int(k)), (int(pn), int(pk)), (int(un), int(uk)))
            for pcode, n, k, pn, pk, un, uk in session.execute(stmt)}


def returnee_profiled_cells(session: Session, scope: Scope, level: Level, filters: Filters) -> dict[str, Cell]:
    """Per area: returnees profiled in the period and their key sum, from the smallest summary
    with the person columns asked (the first of :func:`returnee_share_cells`' cells, without the
    plan and unmet-need columns that keep it on the full summary under a person filter)."""
    s: type[Any]
    if not filters.people:
        s = MapReturneeSummary
    elif people_rolled_up(filters):
        s = UpazilaReturneeSummary
    else:
        s = ReturneeSummary
    s = totals_for(s, filters)
    group = s.district_pcode if level == Level.DISTRICT else s.upazila_pcode
    stmt = (select(group, func.sum(s.returnees), func.sum(s.key_sum))
            .where(in_months(filters, s.profiled_month), *in_view(scope, filters, s))
            .group_by(group))
    return {pcode: (int(n), int(k)) for pcode, n, k in session.execute(stmt)}


def returnee_breakdown(session: Session, scope: Scope, column: str,
                       filters: Filters) -> list[tuple[str, str, int, int]]:
    """(upazila, category, returnees profiled in the period, their key sum) for one breakdown column."""
    s = totals_for(breakdown_table(filters, column), filters)
    category = getattr(s, column)
    stmt = (select(s.upazila_pcode, category, func.sum(s.returnees), func.sum(s.key_sum))
            .where(in_months(filters, s.profiled_month), *in_view(scope, filters, s))
            .group_by(s.upazila_pcode, category).order_by(s.upazila_pcode, category))
    return [(pcode, str(value), int(n), int(k)) for pcode, value, n, k in session.execute(stmt)]


def assistance_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    """People who received (or were referred to) each kind of assistance in each period."""
    filters = periods.common
    a = totals_for(assistance_table(filters, by), *periods.each)

    def first_inside(period: Filters) -> ColumnElement[bool]:
        # Counted at their first event inside the period (see AssistanceSummary).
        if period.start is None:
            return a.prev_month.is_(None)
        return or_(a.prev_month.is_(None), a.prev_month < month_key(period.start))

    def people(measure: Any) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _sum_if(and_(in_months(period, a.month), first_inside(period)), measure)

    # Grouped by the kind of assistance, not one sum per kind: each row then goes through four
    # sums, not twenty (the national KPI cards read all 77,000 rows of its rollup on SQLite at scale 1000).
    stmt = (select(a.figure.label("figure"), *periods.sums("people", people(a.people)),
                   *periods.sums("keys", people(a.key_sum)))
            .where(in_months(periods.span, a.month), *in_view(scope, filters, a))
            .group_by(a.figure))
    counted = len(periods.each)
    out: Figures = {}
    for row in session.execute(grouped(stmt, by, a.district_pcode, upazila_column(a))):
        values = row._mapping
        # Every kind is 0 in an area with rows of other kinds only, as when each had its own sum.
        figures = out.setdefault(str(values["area"]), {
            periods.label(name, i): 0 for key in ASSISTANCE_FIGURES for name in (key, key_name(key))
            for i in range(counted)})
        if values["figure"] in ASSISTANCE_FIGURES:
            for i in range(counted):
                figures[periods.label(values["figure"], i)] = int(values[periods.label("people", i)] or 0)
                figures[periods.label(key_name(values["figure"]), i)] = int(values[periods.label("keys", i)] or 0)
    return out


def awareness_figures(session: Session, scope: Scope, periods: Periods, by: Level | None,
                      kinds: dict[Any, str]) -> Figures:
    """Awareness activities of each kind (``kinds``: kind -> figure name) and people reached, per period."""
    filters = periods.common
    a = awareness_table(filters, by)

    def activities(kind: Any) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _sum_if(and_(a.kind == kind, in_months(period, a.month)), a.activities)

    stmt = (select(*(column for kind, key in kinds.items() for column in periods.sums(key, activities(kind))),
                   *periods.sums("people_reached", lambda period: _sum_if(in_months(period, a.month),
                                                                          a.people_reached)))
            .where(in_months(periods.span, a.month), *in_view(scope, filters, a, people=False)))
    return figure_rows(session, grouped(stmt, by, a.district_pcode, upazila_column(a)))


def people_reached(session: Session, scope: Scope, level: Level, filters: Filters) -> dict[str, int]:
    """People reached by awareness activities per area."""
    a = awareness_table(filters, level)
    group = a.district_pcode if level == Level.DISTRICT else a.upazila_pcode
    stmt = (select(group, func.sum(a.people_reached))
            .where(in_months(filters, a.month), *in_view(scope, filters, a, people=False)).group_by(group))
    return {pcode: int(n or 0) for pcode, n in session.execute(stmt)}


def hotline_calls(session: Session, scope: Scope, filters: Filters) -> dict[str, int]:
    """Hotline calls per district."""
    h = HotlineSummary
    stmt = (select(h.district_pcode, func.sum(h.calls))
            .where(in_months(filters, h.month), scope.allows(h.district_pcode), in_area(filters, h.district_pcode))
            .group_by(h.district_pcode))
    return {pcode: int(n) for pcode, n in session.execute(stmt)}
