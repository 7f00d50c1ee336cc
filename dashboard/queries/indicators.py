"""Programme indicators (the KPI cards and ``summary`` CLI), aggregated in SQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import Session

from dashboard.filters import Filters
from dashboard.indicators import INDICATOR_KEYS
from dashboard.models import Assistance, AwarenessActivity, Dcc, DccMeeting, MigrationFair, Returnee
from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, ReturnGroup, Service
from dashboard.queries.conditions import in_area, in_period, on_returnees
from dashboard.scope import Scope

_AWARENESS_COUNTS = {
    AwarenessKind.IPT_SHOW: "ipt_shows",
    AwarenessKind.UMF_MEETING: "umf_meetings",
    AwarenessKind.VIDEO_SHOW: "video_shows",
    AwarenessKind.SCHOOL_QUIZ: "school_quizzes",
    AwarenessKind.WORKSHOP: "workshops",
}


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _returnee_figures(session: Session, scope: Scope, filters: Filters) -> dict[str, int]:
    profiled = in_period(filters, Returnee.profiled_on)
    stmt = select(
        _count_if(profiled).label("returnees_profiled"),
        _count_if(and_(profiled, Returnee.return_group == ReturnGroup.EU)).label("returnees_eu"),
        _count_if(and_(profiled, Returnee.return_group == ReturnGroup.TRANSIT)).label("returnees_transit"),
        _count_if(in_period(filters, Returnee.plan_date)).label("reintegration_plans"),
    ).where(scope.allows(Returnee.district_pcode),
            in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
    return dict(session.execute(stmt).one()._mapping)


def _assistance_figures(session: Session, scope: Scope, filters: Filters) -> dict[str, int]:
    received = Assistance.outcome == AssistanceOutcome.RECEIVED
    referred = in_period(filters, Assistance.referred_on)
    completed = in_period(filters, Assistance.completed_on)
    # Each figure counts people, not referrals: a returnee referred twice counts once.
    definitions: dict[str, ColumnElement[bool]] = {
        "psychosocial_support": and_(Assistance.service == Service.PSYCHOSOCIAL_COUNSELLING,
                                     Assistance.outcome != AssistanceOutcome.DECLINED, referred),
        "medical_support": and_(Assistance.service == Service.MEDICAL_TREATMENT, received, completed),
        "inkind_support": and_(Assistance.service == Service.INKIND_SUPPORT, received, completed),
        "skills_training_referrals": and_(Assistance.service == Service.SKILLS_TRAINING, referred),
        "immediate_assistance": and_(Assistance.service == Service.IMMEDIATE_ASSISTANCE, received, completed),
    }
    services = [Service.PSYCHOSOCIAL_COUNSELLING, Service.MEDICAL_TREATMENT, Service.INKIND_SUPPORT,
                Service.SKILLS_TRAINING, Service.IMMEDIATE_ASSISTANCE]
    stmt = (
        select(*(func.count(distinct(case((cond, Assistance.returnee_id)))).label(key)
                 for key, cond in definitions.items()))
        .join(Returnee, Returnee.id == Assistance.returnee_id)
        .where(Assistance.service.in_(services), scope.allows(Returnee.district_pcode),
               in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
    )
    return dict(session.execute(stmt).one()._mapping)


def _awareness_figures(session: Session, scope: Scope, filters: Filters) -> dict[str, int]:
    stmt = (
        select(AwarenessActivity.kind, func.count(), func.coalesce(func.sum(AwarenessActivity.people_reached), 0))
        .where(in_period(filters, AwarenessActivity.held_on), scope.allows(AwarenessActivity.district_pcode),
               in_area(filters, AwarenessActivity.district_pcode, AwarenessActivity.upazila_pcode))
        .group_by(AwarenessActivity.kind)
    )
    figures = dict.fromkeys(_AWARENESS_COUNTS.values(), 0) | {"people_reached": 0}
    for kind, count, reached in session.execute(stmt):
        if kind in _AWARENESS_COUNTS:
            figures[_AWARENESS_COUNTS[kind]] = count
        figures["people_reached"] += int(reached)
    return figures


def _governance_figures(session: Session, scope: Scope, filters: Filters) -> dict[str, int]:
    fairs = select(func.count()).select_from(MigrationFair).where(
        in_period(filters, MigrationFair.held_on), scope.allows(MigrationFair.district_pcode),
        in_area(filters, MigrationFair.district_pcode, MigrationFair.upazila_pcode))
    # A committee formed before the period still exists in it: only the end matters.
    formed = Filters(area=filters.area, end=filters.end)
    dccs = select(func.count()).select_from(Dcc).where(
        in_period(formed, Dcc.formed_on), scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    meetings = select(func.count()).select_from(DccMeeting).join(Dcc).where(
        in_period(filters, DccMeeting.held_on), scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    return {
        "migration_fairs": session.scalar(fairs) or 0,
        "dccs_formed": session.scalar(dccs) or 0,
        "dcc_meetings": session.scalar(meetings) or 0,
    }


def programme_indicators(session: Session, scope: Scope, filters: Filters | None = None) -> dict[str, int]:
    """Every programme indicator for the scope and filters, keyed and ordered as INDICATOR_KEYS."""
    filters = filters or Filters()
    figures: dict[str, int] = {}
    for part in (_returnee_figures, _assistance_figures, _awareness_figures, _governance_figures):
        figures |= part(session, scope, filters)
    return {key: int(figures[key]) for key in INDICATOR_KEYS}
