"""Programme indicators (the KPI cards, ``summary`` CLI and API), aggregated in SQL.

Each part is one query; with ``by`` (a level) the same query groups by district or
upazila, so figures for every area come from one grouped query per part, never a
query per area.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.filters import Filters
from dashboard.indicators import INDICATOR_KEYS
from dashboard.models import Assistance, AwarenessActivity, Dcc, DccMeeting, MigrationFair, Returnee
from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, ReturnGroup, Service
from dashboard.queries import summaries
from dashboard.queries.conditions import in_area, in_period, on_returnees
from dashboard.queries.grouping import ALL, Figures, figure_rows, grouped
from dashboard.scope import Scope
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


def _returnee_figures(session: Session, scope: Scope, filters: Filters, by: Level | None) -> Figures:
    if summaries.usable(filters):
        return summaries.returnee_figures(session, scope, filters, by)
    profiled = in_period(filters, Returnee.profiled_on)
    stmt = select(
        _count_if(profiled).label("returnees_profiled"),
        _count_if(and_(profiled, Returnee.return_group == ReturnGroup.EU)).label("returnees_eu"),
        _count_if(and_(profiled, Returnee.return_group == ReturnGroup.TRANSIT)).label("returnees_transit"),
        _count_if(in_period(filters, Returnee.plan_date)).label("reintegration_plans"),
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


def _assistance_figures(session: Session, scope: Scope, filters: Filters, by: Level | None) -> Figures:
    if summaries.usable(filters):
        return summaries.assistance_figures(session, scope, filters, by)
    definitions = assistance_figures_defined()
    services = [Service.PSYCHOSOCIAL_COUNSELLING, Service.MEDICAL_TREATMENT, Service.INKIND_SUPPORT,
                Service.SKILLS_TRAINING, Service.IMMEDIATE_ASSISTANCE]
    stmt = (
        select(*(func.count(distinct(case((and_(rows, in_period(filters, day)), Assistance.returnee_id)))).label(key)
                 for key, (rows, day) in definitions.items()))
        .join(Returnee, Returnee.id == Assistance.returnee_id)
        .where(Assistance.service.in_(services), scope.allows(Returnee.district_pcode),
               in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
    )
    return figure_rows(session, grouped(stmt, by, Returnee.district_pcode, Returnee.upazila_pcode))


def _awareness_figures(session: Session, scope: Scope, filters: Filters, by: Level | None) -> Figures:
    if summaries.usable(filters):  # activities are not filtered by who returnees are
        return summaries.awareness_figures(session, scope, filters, by, _AWARENESS_COUNTS)
    stmt = (
        select(*(_count_if(AwarenessActivity.kind == kind).label(key) for kind, key in _AWARENESS_COUNTS.items()),
               func.coalesce(func.sum(AwarenessActivity.people_reached), 0).label("people_reached"))
        .where(in_period(filters, AwarenessActivity.held_on), scope.allows(AwarenessActivity.district_pcode),
               in_area(filters, AwarenessActivity.district_pcode, AwarenessActivity.upazila_pcode))
    )
    return figure_rows(session, grouped(stmt, by, AwarenessActivity.district_pcode, AwarenessActivity.upazila_pcode))


def _governance_figures(session: Session, scope: Scope, filters: Filters, by: Level | None) -> Figures:
    fairs = select(func.count().label("migration_fairs")).where(
        in_period(filters, MigrationFair.held_on), scope.allows(MigrationFair.district_pcode),
        in_area(filters, MigrationFair.district_pcode, MigrationFair.upazila_pcode))
    out = figure_rows(session, grouped(fairs, by, MigrationFair.district_pcode, MigrationFair.upazila_pcode))
    if by == Level.UPAZILA:
        return out  # committees exist per district only
    # A committee formed before the period still exists in it: only the end matters.
    formed = Filters(area=filters.area, end=filters.end)
    dccs = select(func.count().label("dccs_formed")).where(
        in_period(formed, Dcc.formed_on), scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    meetings = select(func.count().label("dcc_meetings")).select_from(DccMeeting).join(Dcc).where(
        in_period(filters, DccMeeting.held_on), scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    for stmt in (dccs, meetings):
        for area, figures in figure_rows(session, grouped(stmt, by, Dcc.district_pcode, None)).items():
            out.setdefault(area, {}).update(figures)
    return out


_PARTS = (_returnee_figures, _assistance_figures, _awareness_figures, _governance_figures)


def indicators_by_area(session: Session, scope: Scope, level: Level,
                       filters: Filters | None = None) -> dict[str, dict[str, int]]:
    """Every indicator for every area of ``level`` that has any figure (areas with none are
    absent: a caller lists the areas it wants and reads missing ones as zeros)."""
    filters = filters or Filters()
    merged: dict[str, dict[str, int]] = defaultdict(dict)
    for part in _PARTS:
        for area, figures in part(session, scope, filters, level).items():
            merged[area].update(figures)
    return {area: {key: figures.get(key, 0) for key in INDICATOR_KEYS} for area, figures in merged.items()}


def programme_indicators(session: Session, scope: Scope, filters: Filters | None = None) -> dict[str, int]:
    """Every programme indicator for the scope and filters, keyed and ordered as INDICATOR_KEYS."""
    filters = filters or Filters()
    figures: dict[str, int] = {}
    for part in _PARTS:
        figures |= part(session, scope, filters, None).get(ALL, {})
    return {key: int(figures.get(key, 0)) for key in INDICATOR_KEYS}
