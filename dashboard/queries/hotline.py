"""Hotline calls per area and their breakdown by topic, caller type and referral, each count
with the sum of its calls' record keys: below headquarters counts of calls are published
through the disclosure layer (``dashboard.core.disclosure``), since a call may be about a
vulnerable person. Person filters do not apply: calls are not people of the returnee register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice
from dashboard.core.scope import Scope
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from dashboard.queries.conditions import in_area
from dashboard.queries.summaries import Cell
from geodata import Level

# Names of the breakdown's cells: every call, then one per topic, caller type and referral answer.
CALLS = "calls"
UNKNOWN = "unknown"


def calls_in(scope: Scope, filters: Filters, choice: HotlineChoice | None = None) -> list[ColumnElement[bool]]:
    """Calls in scope, in the filter area (district or upazila), in the period, of the chosen
    topics, caller types and referral answer. Calls have a time of day: the last day of the
    period counts until midnight. A call whose caller type or referral was not recorded is in
    no narrowed choice (it is not known to be of it)."""
    conditions: list[ColumnElement[bool]] = [scope.allows(HotlineCall.district_pcode),
                                             in_area(filters, HotlineCall.district_pcode, HotlineCall.upazila_pcode)]
    if filters.start is not None:
        conditions.append(HotlineCall.called_at >= datetime.combine(filters.start, time()))
    if filters.end is not None:
        conditions.append(HotlineCall.called_at < datetime.combine(filters.end + timedelta(days=1), time()))
    if choice is not None and choice.topics:
        conditions.append(HotlineCall.topic.in_([HotlineTopic(v) for v in choice.topics]))
    if choice is not None and choice.callers:
        conditions.append(HotlineCall.caller_type.in_([HotlineCaller(v) for v in choice.callers]))
    if choice is not None and choice.referred is not None:
        conditions.append(HotlineCall.referred.is_(choice.referred == "yes"))
    return conditions


@dataclass(frozen=True)
class HotlineCell:
    """One area's calls and, of them, those whose caller was referred to a service, each with
    the sum of its calls' record keys (what the disclosure layer publishes a count from)."""

    calls: int
    calls_keys: int
    referred: int
    referred_keys: int


def hotline_area_cells(session: Session, scope: Scope, level: Level, filters: Filters,
                       choice: HotlineChoice | None = None) -> dict[str, HotlineCell]:
    """Per district or upazila in scope with at least one chosen call: its calls and referred
    calls with their key sums. Calls whose caller's area is not known at that level are in no
    area. The one source of the map's hotline metrics and its hotline layer."""
    group = HotlineCall.district_pcode if level == Level.DISTRICT else HotlineCall.upazila_pcode
    key, referred = HotlineCall.record_key, HotlineCall.referred.is_(True)
    stmt = (select(group, func.count(), func.coalesce(func.sum(key), 0), func.sum(case((referred, 1), else_=0)),
                   func.sum(case((referred, key), else_=0)))
            .where(*calls_in(scope, filters, choice), group.is_not(None)).group_by(group))
    return {str(pcode): HotlineCell(int(n), int(k), int(rn or 0), int(rk or 0))
            for pcode, n, k, rn, rk in session.execute(stmt)}


def hotline_cells(session: Session, scope: Scope, level: Level, filters: Filters,
                  choice: HotlineChoice | None = None) -> dict[str, Cell]:
    """(calls, key sum) per district or upazila in scope with at least one chosen call
    (:func:`hotline_area_cells` without the referrals)."""
    return {pcode: (cell.calls, cell.calls_keys)
            for pcode, cell in hotline_area_cells(session, scope, level, filters, choice).items()}


def hotline_breakdown(session: Session, scope: Scope, filters: Filters,
                      choice: HotlineChoice | None = None) -> dict[str, Cell]:
    """(calls, key sum) of the chosen calls in the filter area: all calls (``calls``), and per
    ``topic.<code>``, ``caller.<code>`` (``caller.unknown`` where not recorded) and
    ``referred.<yes|no|unknown>``. Only groups with calls are present."""
    where = calls_in(scope, filters, choice)
    count, keys = func.count(), func.coalesce(func.sum(HotlineCall.record_key), 0)
    cells: dict[str, Cell] = {}
    total = session.execute(select(count, keys).where(*where)).one()
    if total[0]:
        cells[CALLS] = (int(total[0]), int(total[1]))
    for prefix, column in (("topic", HotlineCall.topic), ("caller", HotlineCall.caller_type),
                           ("referred", HotlineCall.referred)):
        for value, n, k in session.execute(select(column, count, keys).where(*where).group_by(column)):
            if value is None:
                code = UNKNOWN
            elif isinstance(value, bool):
                code = "yes" if value else "no"
            else:
                code = str(getattr(value, "value", value))
            cells[f"{prefix}.{code}"] = (int(n), int(k))
    return cells
