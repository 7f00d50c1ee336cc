"""Hotline calls per area and their breakdown by topic, caller type and referral, each count
with the sum of its calls' record keys: below headquarters counts of calls are published
through the disclosure layer (``dashboard.core.disclosure``), since a call may be about a
vulnerable person. Person filters do not apply: calls are not people of the returnee register."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import HotlineCall
from dashboard.queries.conditions import in_area
from dashboard.queries.summaries import Cell
from geodata import Level

# Names of the breakdown's cells: every call, then one per topic, caller type and referral answer.
CALLS = "calls"
UNKNOWN = "unknown"


def calls_in(scope: Scope, filters: Filters) -> list[ColumnElement[bool]]:
    """Calls in scope, in the filter area (district or upazila), in the period. Calls have a
    time of day: the last day of the period counts until midnight."""
    conditions: list[ColumnElement[bool]] = [scope.allows(HotlineCall.district_pcode),
                                             in_area(filters, HotlineCall.district_pcode, HotlineCall.upazila_pcode)]
    if filters.start is not None:
        conditions.append(HotlineCall.called_at >= datetime.combine(filters.start, time()))
    if filters.end is not None:
        conditions.append(HotlineCall.called_at < datetime.combine(filters.end + timedelta(days=1), time()))
    return conditions


def hotline_cells(session: Session, scope: Scope, level: Level, filters: Filters) -> dict[str, Cell]:
    """(calls, key sum) per district or upazila in scope with at least one call; calls whose
    caller's area is not known at that level are in no area."""
    group = HotlineCall.district_pcode if level == Level.DISTRICT else HotlineCall.upazila_pcode
    stmt = (select(group, func.count(), func.coalesce(func.sum(HotlineCall.record_key), 0))
            .where(*calls_in(scope, filters), group.is_not(None)).group_by(group))
    return {str(pcode): (int(n), int(k)) for pcode, n, k in session.execute(stmt)}


def hotline_breakdown(session: Session, scope: Scope, filters: Filters) -> dict[str, Cell]:
    """(calls, key sum) in the filter area: all calls (``calls``), and per ``topic.<code>``,
    ``caller.<code>`` (``caller.unknown`` where not recorded) and ``referred.<yes|no|unknown>``.
    Only groups with calls are present."""
    where = calls_in(scope, filters)
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
