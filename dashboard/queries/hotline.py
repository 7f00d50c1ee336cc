"""Hotline calls per area and their breakdown by topic, caller type and referral, each count
with the sum of its calls' record keys: below headquarters counts of calls are published
through the disclosure layer (``dashboard.core.disclosure``), since a call may be about a
vulnerable person. Person filters do not apply: calls are not people of the returnee register.

A whole-month period (the defaults, every preset, every timeline step) is answered from the
hotline summaries (``HotlineAreaSummary`` for the whole hotline, ``HotlineCallSummary`` for a
chosen topic or caller type): at national scale the calls table holds six million rows and
counting them took 25 s per national map. A day-precise period reads the calls themselves.
Both paths give the same figures (``tests/test_summaries.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice
from dashboard.core.scope import Scope
from dashboard.models import HotlineAreaSummary, HotlineCall, HotlineCallSummary
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from dashboard.queries.conditions import in_area
from dashboard.queries.summaries import Cell, in_months, whole_months
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
    if whole_months(filters):
        return summary_area_cells(session, scope, level, filters, choice)
    return raw_area_cells(session, scope, level, filters, choice)


def raw_area_cells(session: Session, scope: Scope, level: Level, filters: Filters,
                   choice: HotlineChoice | None = None) -> dict[str, HotlineCell]:
    """:func:`hotline_area_cells` counted from the calls themselves (any period)."""
    group = HotlineCall.district_pcode if level == Level.DISTRICT else HotlineCall.upazila_pcode
    key, referred = HotlineCall.record_key, HotlineCall.referred.is_(True)
    stmt = (select(group, func.count(), func.coalesce(func.sum(key), 0), func.sum(case((referred, 1), else_=0)),
                   func.sum(case((referred, key), else_=0)))
            .where(*calls_in(scope, filters, choice), group.is_not(None)).group_by(group))
    return {str(pcode): HotlineCell(int(n), int(k), int(rn or 0), int(rk or 0))
            for pcode, n, k, rn, rk in session.execute(stmt)}


def _summary_for(choice: HotlineChoice | None) -> Any:
    """The smallest hotline summary that answers ``choice``."""
    by_kind = choice is not None and bool(choice.topics or choice.callers)
    return HotlineCallSummary if by_kind else HotlineAreaSummary


def _in_summary(table: Any, scope: Scope, filters: Filters, choice: HotlineChoice | None) -> list[ColumnElement[bool]]:
    """:func:`calls_in` on a hotline summary (whole-month periods only): the referral answer
    is a choice of measures (:func:`_measures`), not a condition."""
    conditions = [scope.allows(table.district_pcode), in_area(filters, table.district_pcode, table.upazila_pcode),
                  in_months(filters, table.month)]
    if choice is not None and choice.topics:
        conditions.append(table.topic.in_([HotlineTopic(v) for v in choice.topics]))
    if choice is not None and choice.callers:
        conditions.append(table.caller_type.in_([HotlineCaller(v) for v in choice.callers]))
    return conditions


def _measures(table: Any, choice: HotlineChoice | None) -> tuple[Any, Any, Any, Any]:
    """(calls, their key sum, referred calls, their key sum) of a summary's rows for the
    chosen referral answer: the referred calls only, the not-referred only, or every call."""
    referred = choice.referred if choice is not None else None
    if referred == "yes":
        return table.referred, table.referred_keys, table.referred, table.referred_keys
    if referred == "no":
        return table.not_referred, table.not_referred_keys, literal(0), literal(0)
    return table.calls, table.key_sum, table.referred, table.referred_keys


def summary_area_cells(session: Session, scope: Scope, level: Level, filters: Filters,
                       choice: HotlineChoice | None = None) -> dict[str, HotlineCell]:
    """:func:`hotline_area_cells` from the summaries (``filters`` must be :func:`whole_months`)."""
    table = _summary_for(choice)
    calls, keys, referred, referred_keys = _measures(table, choice)
    group = table.district_pcode if level == Level.DISTRICT else table.upazila_pcode
    total = func.sum(calls)
    stmt = (select(group, total, func.sum(keys), func.sum(referred), func.sum(referred_keys))
            .where(*_in_summary(table, scope, filters, choice), group.is_not(None))
            .group_by(group).having(total > 0))  # an area with none of the chosen calls is absent, as in the raw path
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
    if whole_months(filters):
        return summary_breakdown(session, scope, filters, choice)
    return raw_breakdown(session, scope, filters, choice)


def _code(value: object) -> str:
    """A breakdown group's code: ``unknown`` for a value not recorded, ``yes``/``no`` for a referral."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(getattr(value, "value", value))


def raw_breakdown(session: Session, scope: Scope, filters: Filters,
                  choice: HotlineChoice | None = None) -> dict[str, Cell]:
    """:func:`hotline_breakdown` counted from the calls themselves (any period)."""
    where = calls_in(scope, filters, choice)
    count, keys = func.count(), func.coalesce(func.sum(HotlineCall.record_key), 0)
    cells: dict[str, Cell] = {}
    total = session.execute(select(count, keys).where(*where)).one()
    if total[0]:
        cells[CALLS] = (int(total[0]), int(total[1]))
    for prefix, column in (("topic", HotlineCall.topic), ("caller", HotlineCall.caller_type),
                           ("referred", HotlineCall.referred)):
        for value, n, k in session.execute(select(column, count, keys).where(*where).group_by(column)):
            cells[f"{prefix}.{_code(value)}"] = (int(n), int(k))
    return cells


def summary_breakdown(session: Session, scope: Scope, filters: Filters,
                      choice: HotlineChoice | None = None) -> dict[str, Cell]:
    """:func:`hotline_breakdown` from the per-topic summary (``filters`` must be
    :func:`whole_months`): one grouped read, the totals and referral answers added up here."""
    table = HotlineCallSummary
    calls, keys, _referred, _referred_keys = _measures(table, choice)
    answer = choice.referred if choice is not None else None
    # Referred and not-referred of the chosen calls (with a referral answer chosen, all of one).
    yes = (table.referred, table.referred_keys) if answer in (None, "yes") else (literal(0), literal(0))
    no = (table.not_referred, table.not_referred_keys) if answer in (None, "no") else (literal(0), literal(0))
    stmt = (select(table.topic, table.caller_type, func.sum(calls), func.sum(keys), *(func.sum(m) for m in (*yes, *no)))
            .where(*_in_summary(table, scope, filters, choice))
            .group_by(table.topic, table.caller_type))
    sums: dict[str, list[int]] = {}

    def add(name: str, n: int, k: int) -> None:
        cell = sums.setdefault(name, [0, 0])
        cell[0] += n
        cell[1] += k

    for topic, caller, n, k, yn, yk, nn, nk in session.execute(stmt):
        n, k, yn, yk, nn, nk = (int(v or 0) for v in (n, k, yn, yk, nn, nk))
        add(CALLS, n, k)
        add(f"topic.{_code(topic)}", n, k)
        add(f"caller.{_code(caller)}", n, k)
        add("referred.yes", yn, yk)
        add("referred.no", nn, nk)
        add(f"referred.{UNKNOWN}", n - yn - nn, k - yk - nk)
    return {name: (n, k) for name, (n, k) in sums.items() if n > 0}
