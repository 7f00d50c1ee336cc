"""Programme indicators (the KPI cards, ``summary`` CLI and API), aggregated in SQL.

Each part is one query; with ``by`` (a level) the same query groups by district or
upazila, so figures for every area come from one grouped query per part, never a
query per area; and the ``_over`` functions count several periods in the same query
(``dashboard.queries.periods``), for the change on the previous period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.disclosure import key_name
from dashboard.core.filters import Filters
from dashboard.core.indicators import INDICATOR_KEYS, RETURNEE_INDICATORS
from dashboard.core.scope import Scope
from dashboard.models import Assistance, AwarenessActivity, Dcc, DccMeeting, MigrationFair, Returnee
from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, ReturnGroup, Service
from dashboard.queries import summaries
from dashboard.queries.conditions import in_area, in_period, on_returnees
from dashboard.queries.grouping import ALL, Figures, figure_rows, grouped
from dashboard.queries.periods import Periods
from geodata import Level

_AWARENESS_COUNTS = {
    AwarenessKind.IPT_SHOW: "ipt_shows",
    AwarenessKind.UMF_MEETING: "umf_meetings",
    AwarenessKind.VIDEO_SHOW: "video_shows",
    AwarenessKind.SCHOOL_QUIZ: "school_quizzes",
    AwarenessKind.WORKSHOP: "workshops",
}


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _key_sum_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, Returnee.record_key), else_=0)), 0)


def _fast(periods: Periods) -> bool:
    return all(summaries.usable(period) for period in periods.each)


def _returnee_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    if _fast(periods):
        return summaries.returnee_figures(session, scope, periods, by)
    filters = periods.common

    def profiled(group: ReturnGroup | None) -> Callable[[Filters], ColumnElement[bool]]:
        of_group = true() if group is None else Returnee.return_group == group
        return lambda period: and_(in_period(period, Returnee.profiled_on), of_group)

    counted: dict[str, Callable[[Filters], ColumnElement[bool]]] = {
        "returnees_profiled": profiled(None), "returnees_eu": profiled(ReturnGroup.EU),
        "returnees_transit": profiled(ReturnGroup.TRANSIT),
        "reintegration_plans": lambda period: in_period(period, Returnee.plan_date)}
    def measures(rows: Callable[[Filters], ColumnElement[bool]]) -> tuple[
            Callable[[Filters], ColumnElement[int]], Callable[[Filters], ColumnElement[int]]]:
        return (lambda period: _count_if(rows(period))), (lambda period: _key_sum_if(rows(period)))

    # Each count with its people's key sum (dashboard.core.disclosure), from the same rows.
    stmt = select(*(column for name, rows in counted.items()
                    for column in (*periods.sums(name, measures(rows)[0]),
                                   *periods.sums(key_name(name), measures(rows)[1])))
    ).where(scope.allows(Returnee.district_pcode),
            in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
    return figure_rows(session, grouped(stmt, by, Returnee.district_pcode, Returnee.upazila_pcode))


def assistance_figures_defined() -> dict[str, tuple[ColumnElement[bool], InstrumentedAttribute[Any]]]:
    """Each assistance figure as (which assistance rows count, which of their dates falls in
    the period). A figure counts people, not referrals: a returnee referred twice counts once."""
    received = Assistance.outcome == AssistanceOutcome.RECEIVED
    return {
        "psychosocial_support": (and_(Assistance.service == Service.PSYCHOSOCIAL_COUNSELLING,
                                      Assistance.outcome != AssistanceOutcome.DECLINED), Assistance.referred_on),
        "medical_support": (and_(Assistance.service == Service.MEDICAL_TREATMENT, received), Assistance.completed_on),
        "inkind_support": (and_(Assistance.service == Service.INKIND_SUPPORT, received), Assistance.completed_on),
        "skills_training_referrals": (Assistance.service == Service.SKILLS_TRAINING, Assistance.referred_on),
        "immediate_assistance": (and_(Assistance.service == Service.IMMEDIATE_ASSISTANCE, received),
                                 Assistance.completed_on),
    }


def _assistance_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    if _fast(periods):
        return summaries.assistance_figures(session, scope, periods, by)
    filters = periods.common
    definitions = assistance_figures_defined()
    services = [Service.PSYCHOSOCIAL_COUNSELLING, Service.MEDICAL_TREATMENT, Service.INKIND_SUPPORT,
                Service.SKILLS_TRAINING, Service.IMMEDIATE_ASSISTANCE]

    def people(rows: ColumnElement[bool], day: InstrumentedAttribute[Any]) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: func.count(distinct(case((and_(rows, in_period(period, day)), Assistance.returnee_id))))

    stmt = (
        select(*(column for key, (rows, day) in definitions.items() for column in periods.sums(key, people(rows, day))))
        .join(Returnee, Returnee.id == Assistance.returnee_id)
        .where(Assistance.service.in_(services), scope.allows(Returnee.district_pcode),
               in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
    )
    figures = figure_rows(session, grouped(stmt, by, Returnee.district_pcode, Returnee.upazila_pcode))
    # The people's key sums: each person once, so over returnees with any qualifying assistance
    # (a sum over assistance rows would count a person referred twice twice). One query per
    # figure; this raw path serves only day-precise periods and the needs filter.
    def key_sum_of_helped(rows: ColumnElement[bool], day: Any) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _key_sum_if(
            Returnee.id.in_(select(Assistance.returnee_id).where(rows, in_period(period, day))))

    for key, (rows, day) in definitions.items():
        keyed = select(*periods.sums(key_name(key), key_sum_of_helped(rows, day))).where(
            scope.allows(Returnee.district_pcode), in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode),
            on_returnees(filters))
        for area, values in figure_rows(session, grouped(keyed, by, Returnee.district_pcode,
                                                        Returnee.upazila_pcode)).items():
            figures.setdefault(area, {}).update(values)
    return figures


def _awareness_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    if _fast(periods):  # activities are not filtered by who returnees are
        return summaries.awareness_figures(session, scope, periods, by, _AWARENESS_COUNTS)
    filters = periods.common
    a = AwarenessActivity

    def activities(kind: AwarenessKind) -> Callable[[Filters], ColumnElement[int]]:
        return lambda period: _count_if(and_(a.kind == kind, in_period(period, a.held_on)))

    stmt = (
        select(*(column for kind, key in _AWARENESS_COUNTS.items() for column in periods.sums(key, activities(kind))),
               *periods.sums("people_reached", lambda period: func.coalesce(func.sum(
                   case((in_period(period, a.held_on), a.people_reached), else_=0)), 0)))
        .where(in_period(periods.span, a.held_on), scope.allows(a.district_pcode),
               in_area(filters, a.district_pcode, a.upazila_pcode))
    )
    return figure_rows(session, grouped(stmt, by, a.district_pcode, a.upazila_pcode))


def _governance_figures(session: Session, scope: Scope, periods: Periods, by: Level | None) -> Figures:
    filters = periods.common
    fairs = select(*periods.sums("migration_fairs", lambda p: _count_if(in_period(p, MigrationFair.held_on)))).where(
        in_period(periods.span, MigrationFair.held_on), scope.allows(MigrationFair.district_pcode),
        in_area(filters, MigrationFair.district_pcode, MigrationFair.upazila_pcode))
    out = figure_rows(session, grouped(fairs, by, MigrationFair.district_pcode, MigrationFair.upazila_pcode))
    if by == Level.UPAZILA:
        return out  # committees exist per district only
    # A committee formed before a period still exists in it: only the end matters.
    dccs = select(*periods.sums("dccs_formed", lambda p: _count_if(in_period(Filters(end=p.end), Dcc.formed_on)))
                  ).where(Dcc.formed_on.is_not(None), scope.allows(Dcc.district_pcode),
                          in_area(filters, Dcc.district_pcode))
    meetings = select(*periods.sums("dcc_meetings", lambda p: _count_if(in_period(p, DccMeeting.held_on)))
                      ).select_from(DccMeeting)
    if by is None and scope.districts is None and filters.area is None:
        # The country's total needs no committee's district (every meeting has a committee):
        # counted from the meetings' date index alone, not joined with 48,000 meetings (11 -> 4 ms).
        meetings = meetings.where(in_period(periods.span, DccMeeting.held_on))
    else:
        meetings = meetings.join(Dcc).where(in_period(periods.span, DccMeeting.held_on),
                                            scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    for stmt in (dccs, meetings):
        for area, figures in figure_rows(session, grouped(stmt, by, Dcc.district_pcode, None)).items():
            out.setdefault(area, {}).update(figures)
    return out


_PARTS = (_returnee_figures, _assistance_figures, _awareness_figures, _governance_figures)


def _over(session: Session, scope: Scope, by: Level | None,
          periods: Sequence[Filters]) -> list[dict[str, dict[str, int]]]:
    """Every part's figures per area (or ALL), one result per period, one query per part."""
    asked = Periods.of(periods)
    merged: list[dict[str, dict[str, int]]] = [defaultdict(dict) for _ in asked.each]
    for part in _PARTS:
        for i, figures_by_area in enumerate(asked.split(part(session, scope, asked, by))):
            for area, figures in figures_by_area.items():
                merged[i][area].update(figures)
    return merged


def _named(keys: bool) -> tuple[str, ...]:
    """The figures a caller gets: the indicators, and with ``keys`` their people's key sums."""
    return INDICATOR_KEYS + (tuple(key_name(k) for k in PEOPLE_INDICATORS) if keys else ())


# The indicators that count people of the returnee register: their key sums are computed.
PEOPLE_INDICATORS = ("returnees_profiled", "returnees_eu", "returnees_transit", "reintegration_plans",
                     *summaries.ASSISTANCE_FIGURES)
assert set(PEOPLE_INDICATORS) == set(RETURNEE_INDICATORS), "every indicator about people has key sums"


def indicators_by_area_over(session: Session, scope: Scope, level: Level, periods: Sequence[Filters],
                            keys: bool = False) -> list[dict[str, dict[str, int]]]:
    """:func:`indicators_by_area` for several periods (same area and person filters), one
    scan of each table for all of them (``dashboard.queries.periods``); one result per period.
    With ``keys``, each count of people comes with its key sum (``dashboard.core.disclosure.key_name``)."""
    named = _named(keys)
    return [{area: {key: figures.get(key, 0) for key in named} for area, figures in one.items()}
            for one in _over(session, scope, level, periods)]


def indicators_by_area(session: Session, scope: Scope, level: Level,
                       filters: Filters | None = None, keys: bool = False) -> dict[str, dict[str, int]]:
    """Every indicator for every area of ``level`` that has any figure (areas with none are
    absent: a caller lists the areas it wants and reads missing ones as zeros)."""
    return indicators_by_area_over(session, scope, level, [filters or Filters()], keys)[0]


def programme_indicators_over(session: Session, scope: Scope, periods: Sequence[Filters],
                              keys: bool = False) -> list[dict[str, int]]:
    """:func:`programme_indicators` for several periods (same area and person filters) in one
    scan of each table; one result per period. With ``keys``, each count of people comes with
    its key sum (``dashboard.core.disclosure.key_name``)."""
    named = _named(keys)
    return [{key: int(one.get(ALL, {}).get(key, 0)) for key in named}
            for one in _over(session, scope, None, periods)]


def programme_indicators(session: Session, scope: Scope, filters: Filters | None = None,
                         keys: bool = False) -> dict[str, int]:
    """Every programme indicator for the scope and filters, keyed and ordered as INDICATOR_KEYS."""
    return programme_indicators_over(session, scope, [filters or Filters()], keys)[0]
