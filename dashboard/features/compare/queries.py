"""What headquarters' comparison reads: rate inputs per district, monthly series, targets.

One grouped query per question, never one per district. Whole-month periods are answered
from the summary tables (``dashboard.queries.summaries``), others from the raw tables.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import (
    Assistance,
    AwarenessActivity,
    Dcc,
    DccMeeting,
    MigrationFair,
    Returnee,
    Target,
)
from dashboard.models.vocabulary import AwarenessKind, ReturnGroup
from dashboard.queries import summaries
from dashboard.queries.areas import returnees_in
from dashboard.queries.conditions import in_period, on_returnees, rate_measures
from dashboard.queries.indicators import assistance_figures_defined
from geodata import Level

RATE_INPUTS = ("needs", "needs_met", "assisted_30d")
AWARENESS_KINDS = {"ipt_shows": AwarenessKind.IPT_SHOW, "umf_meetings": AwarenessKind.UMF_MEETING,
                   "video_shows": AwarenessKind.VIDEO_SHOW, "school_quizzes": AwarenessKind.SCHOOL_QUIZ,
                   "workshops": AwarenessKind.WORKSHOP}
# Indicators with a monthly series (dccs_formed is a stock, not a flow).
SERIES_INDICATORS = ("returnees_profiled", "returnees_eu", "returnees_transit", "reintegration_plans",
                     "psychosocial_support", "medical_support", "inkind_support", "skills_training_referrals",
                     "immediate_assistance", *AWARENESS_KINDS, "people_reached", "migration_fairs", "dcc_meetings")


def rate_inputs_by_district(session: Session, scope: Scope, filters: Filters) -> dict[str, dict[str, int]]:
    """Per district, over its returnees profiled in the period: needs, needs met, and people
    first referred within 30 days of return."""
    if summaries.usable(filters):
        s = summaries.totals_for(summaries.returnee_table(filters, Level.DISTRICT), filters)
        stmt = (select(s.district_pcode, func.sum(s.needs), func.sum(s.needs_met), func.sum(s.assisted_30d))
                .where(summaries.in_months(filters, s.profiled_month), *summaries.in_view(scope, filters, s))
                .group_by(s.district_pcode))
    else:
        people = select(Returnee.district_pcode, *(m.label(k) for k, m in zip(RATE_INPUTS, rate_measures(),
                                                                               strict=True))) \
            .where(*returnees_in(scope, filters)).subquery()
        stmt = select(people.c.district_pcode, *(func.sum(people.c[k]) for k in RATE_INPUTS)) \
            .group_by(people.c.district_pcode)
    return {district: {k: int(v or 0) for k, v in zip(RATE_INPUTS, values, strict=True)}
            for district, *values in session.execute(stmt)}


def _month(column: Any) -> ColumnElement[int]:
    from dashboard.commands.summaries import month_of  # the summaries' month key, for raw rows too

    return month_of(column)


def monthly_series(session: Session, scope: Scope, indicator: str, filters: Filters,
                   districts: tuple[str, ...]) -> dict[str, dict[int, int]]:
    """``indicator`` per district per calendar month (``YYYYMM``) for ``districts``."""
    return {district: {month: count for month, (count, _key) in months.items()}
            for district, months in monthly_cells(session, scope, indicator, filters, districts).items()}


def monthly_cells(session: Session, scope: Scope, indicator: str, filters: Filters,
                  districts: tuple[str, ...]) -> dict[str, dict[int, tuple[int, int]]]:
    """:func:`monthly_series` with each value's key sum: (count, sum of the people's record keys)
    per district and month (``dashboard.core.disclosure``), so each month can be published as a cell
    of its own. Indicators that count events, not people of the register, have key sum 0."""
    if indicator not in SERIES_INDICATORS:
        raise ValueError(f"{indicator} has no monthly series")
    allowed = [d for d in districts if scope.permits(d)]
    if not allowed:
        return {}
    filters = filters.replace(area=None)
    stmt = _summary_series(indicator, filters) if summaries.usable(filters) else _raw_series(indicator, filters)
    district_column = stmt.selected_columns[0]
    stmt = stmt.where(district_column.in_(allowed), scope.allows(district_column))
    out: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for district, month, value, key_sum in session.execute(stmt):
        if month is not None:
            out[district][int(month)] = (int(value or 0), int(key_sum or 0))
    return dict(out)


def _grouped_by_month(district: InstrumentedAttribute[str] | ColumnElement[str], month: ColumnElement[int],
                      measure: Any, *where: ColumnElement[bool],
                      key_sum: Any = None) -> Any:
    """district, month, the measure and the key sum of its people (0 for events), per district and month."""
    keys = literal(0) if key_sum is None else func.coalesce(key_sum, 0)
    return select(district, month, measure, keys).where(*where).group_by(district, month)


def _summary_series(indicator: str, filters: Filters) -> Any:
    # Series are per district: the district rollups answer whenever the person filters allow.
    r = summaries.returnee_table(filters, Level.DISTRICT)
    a = summaries.assistance_table(filters, Level.DISTRICT)
    w = summaries.awareness_table(filters, Level.DISTRICT)
    people = summaries.people_condition(filters, r)
    if indicator in ("returnees_profiled", "returnees_eu", "returnees_transit"):
        group = {"returnees_eu": ReturnGroup.EU, "returnees_transit": ReturnGroup.TRANSIT}.get(indicator)
        extra = [r.return_group == group] if group else []
        return _grouped_by_month(r.district_pcode, r.profiled_month, func.sum(r.returnees),
                                 summaries.in_months(filters, r.profiled_month), people, *extra,
                                 key_sum=func.sum(r.key_sum))
    if indicator == "reintegration_plans":
        return _grouped_by_month(r.district_pcode, r.plan_month, func.sum(r.returnees),
                                 summaries.in_months(filters, r.plan_month), people, key_sum=func.sum(r.key_sum))
    if indicator in summaries.ASSISTANCE_FIGURES:
        # Within one month every row is the person's first event of that month (so each person's key once).
        return _grouped_by_month(a.district_pcode, a.month, func.sum(a.people), a.figure == indicator,
                                 summaries.in_months(filters, a.month), summaries.people_condition(filters, a),
                                 key_sum=func.sum(a.key_sum))
    if indicator in AWARENESS_KINDS or indicator == "people_reached":
        measure = func.sum(w.people_reached) if indicator == "people_reached" else func.sum(w.activities)
        extra = [] if indicator == "people_reached" else [w.kind == AWARENESS_KINDS[indicator]]
        return _grouped_by_month(w.district_pcode, w.month, measure, summaries.in_months(filters, w.month), *extra)
    return _event_series(indicator, filters)


def _raw_series(indicator: str, filters: Filters) -> Any:
    if indicator in ("returnees_profiled", "returnees_eu", "returnees_transit", "reintegration_plans"):
        day = Returnee.plan_date if indicator == "reintegration_plans" else Returnee.profiled_on
        group = {"returnees_eu": ReturnGroup.EU, "returnees_transit": ReturnGroup.TRANSIT}.get(indicator)
        extra = [Returnee.return_group == group] if group else []
        return _grouped_by_month(Returnee.district_pcode, _month(day), func.count(), in_period(filters, day),
                                 on_returnees(filters), *extra, key_sum=func.sum(Returnee.record_key))
    if indicator in summaries.ASSISTANCE_FIGURES:
        rows, day = assistance_figures_defined()[indicator]
        # Each person once per month (a person helped twice counts, and adds their key, once).
        people = (select(Returnee.district_pcode.label("district_pcode"), _month(day).label("month"),
                         Assistance.returnee_id, Returnee.record_key)
                  .join(Returnee, Returnee.id == Assistance.returnee_id)
                  .where(rows, in_period(filters, day), on_returnees(filters)).distinct().subquery())
        return _grouped_by_month(people.c.district_pcode, people.c.month, func.count(),
                                 key_sum=func.sum(people.c.record_key))
    if indicator in AWARENESS_KINDS or indicator == "people_reached":
        act = AwarenessActivity
        measure = func.sum(act.people_reached) if indicator == "people_reached" else func.count()
        extra = [] if indicator == "people_reached" else [act.kind == AWARENESS_KINDS[indicator]]
        return _grouped_by_month(act.district_pcode, _month(act.held_on), measure, in_period(filters, act.held_on),
                                 *extra)
    return _event_series(indicator, filters)


def _event_series(indicator: str, filters: Filters) -> Any:
    if indicator == "migration_fairs":
        return _grouped_by_month(MigrationFair.district_pcode, _month(MigrationFair.held_on), func.count(),
                                 in_period(filters, MigrationFair.held_on))
    return (_grouped_by_month(Dcc.district_pcode, _month(DccMeeting.held_on), func.count(),
                              in_period(filters, DccMeeting.held_on))
            .join(Dcc, Dcc.id == DccMeeting.dcc_id))


def district_targets(session: Session, scope: Scope) -> dict[str, dict[str, dict[date, int]]]:
    """Per district (and "BD" at national scope), per indicator: every target by the day it falls
    due (``dashboard.core.targets`` decides which of them a period is compared with)."""
    national = Target.area_pcode == "BD"
    stmt = (select(Target.area_pcode, Target.indicator, Target.due_on, func.sum(Target.value))
            .where(or_(national, scope.allows(Target.area_pcode)) if scope.is_national
                   else scope.allows(Target.area_pcode))
            .group_by(Target.area_pcode, Target.indicator, Target.due_on))
    out: dict[str, dict[str, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
    for area, indicator, due, value in session.execute(stmt):
        out[area][indicator][due] = int(value)
    return {area: dict(indicators) for area, indicators in out.items()}


def target_rows(session: Session, scope: Scope, district: str | None = None) -> list[tuple[str, str, date, int]]:
    """(area, indicator, due date, value) of every target in scope, for the editor."""
    stmt = select(Target.area_pcode, Target.indicator, Target.due_on, Target.value).where(
        or_(Target.area_pcode == "BD", scope.allows(Target.area_pcode)) if scope.is_national
        else scope.allows(Target.area_pcode))
    if district is not None:
        stmt = stmt.where(Target.area_pcode == district)
    return [tuple(row) for row in session.execute(stmt.order_by(Target.area_pcode, Target.indicator,  # type: ignore[misc]
                                                                Target.due_on))]


__all__ = ["SERIES_INDICATORS", "district_targets", "monthly_cells", "monthly_series", "rate_inputs_by_district",
           "target_rows"]
