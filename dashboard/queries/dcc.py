"""One committee's meetings, attendance, decisions and action items, for the DCC tracker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from dashboard.core.dcc import percent_on_time
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import ActionItem, ActionItemSummary, Dcc, DccMeeting, MeetingAttendance, MeetingDecision
from dashboard.models.vocabulary import ActionStatus
from dashboard.queries.conditions import in_area, in_period
from dashboard.queries.grouping import AnySelect


@dataclass(frozen=True)
class ActionRow:
    """One action item as the tracker shows it."""

    id: int
    meeting_id: int
    description: str
    owner: str
    due_on: date
    status: ActionStatus
    completed_on: date | None
    upazila_pcode: str | None


@dataclass(frozen=True)
class MeetingRow:
    """One meeting with everything recorded at it."""

    id: int
    held_on: date
    agenda: str
    attendance: dict[str, int]
    decisions: list[str]
    actions: list[ActionRow]


def committee_of(session: Session, scope: Scope, district: str) -> Dcc | None:
    """The district's committee, if it has one and the scope allows it."""
    return session.scalar(select(Dcc).where(Dcc.district_pcode == district, scope.allows(Dcc.district_pcode)))


@dataclass(frozen=True)
class ActionTally:
    """A committee's action items counted by the rules of ``dashboard.core.dcc``."""

    open: int
    overdue: int
    on_time: int  # done on or before the due date
    counted: int  # done, or open past the due date: the items that should be closed by now
    oldest_open: date | None


def _in_district(scope: Scope, district: str, filters: Filters) -> tuple[Any, ...]:
    return Dcc.district_pcode == district, scope.allows(Dcc.district_pcode), in_period(filters, DccMeeting.held_on)


def meeting_dates(session: Session, scope: Scope, district: str, filters: Filters) -> list[date]:
    """When the district's committee met in the period, newest first (for the rhythm)."""
    return list(session.scalars(select(DccMeeting.held_on).join(Dcc).where(*_in_district(scope, district, filters))
                                .order_by(DccMeeting.held_on.desc())))


def tally_columns(as_of: date) -> tuple[Any, Any, Any, Any]:
    """Open, overdue, on-time and counted items as SQL sums (``dashboard.core.dcc``'s rules)
    over the counted items (``summary_action_items``, kept by ``commands.summaries``)."""
    counted = ActionItemSummary
    is_open = counted.status == ActionStatus.OPEN
    overdue = and_(is_open, counted.open_due < as_of)
    done = counted.status == ActionStatus.DONE
    return tuple(func.coalesce(func.sum(case((c, counted.items), else_=0)), 0)  # type: ignore[return-value]
                 for c in (is_open, overdue, counted.on_time, or_(done, overdue)))


def counted_items_query() -> AnySelect:
    """Action items grouped as ``summary_action_items`` keeps them (``commands.summaries``
    rebuilds it from this): by district, meeting day, status, the open items' due date and
    whether done ones were done on time, the facts :func:`tally_columns` sums."""
    is_open = ActionItem.status == ActionStatus.OPEN
    dims = (Dcc.district_pcode, DccMeeting.held_on, ActionItem.status,
            case((is_open, ActionItem.due_on), else_=None).label("open_due"),
            case((and_(ActionItem.status == ActionStatus.DONE, ActionItem.completed_on <= ActionItem.due_on),
                  literal(True)), else_=literal(False)).label("on_time"))
    return (select(*dims, func.count())
            .select_from(ActionItem).join(DccMeeting, DccMeeting.id == ActionItem.meeting_id)
            .join(Dcc, Dcc.id == DccMeeting.dcc_id)
            .group_by(*dims))


def counted_items_in(scope: Scope, filters: Filters) -> tuple[Any, ...]:
    """The conditions on ``summary_action_items`` for items raised at meetings in the period,
    in scope and area (committees sit by district: an upazila's area holds none, as ``in_area`` says)."""
    return (scope.allows(ActionItemSummary.district_pcode), in_area(filters, ActionItemSummary.district_pcode),
            in_period(filters, ActionItemSummary.held_on))


def action_tally(session: Session, scope: Scope, district: str, filters: Filters, as_of: date) -> ActionTally:
    """The district's action items raised at meetings in the period, counted in SQL from the
    counted items: a committee with years of minutes is a few thousand rows, not a lookup of
    every meeting's items."""
    row = session.execute(
        select(*tally_columns(as_of), func.min(ActionItemSummary.open_due))
        .where(ActionItemSummary.district_pcode == district,
               *counted_items_in(scope, filters.replace(area=None)))).one()
    return ActionTally(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4])


def meetings_of(session: Session, scope: Scope, district: str, filters: Filters | None = None,
                newest: int | None = None, meeting_id: int | None = None) -> list[MeetingRow]:
    """The district's meetings in the period, newest first (only the ``newest`` few when
    given; only one when ``meeting_id`` is), each with its attendance, decisions and
    action items (four queries in all, whatever the number of meetings)."""
    filters = filters or Filters()
    stmt = (select(DccMeeting.id, DccMeeting.held_on, DccMeeting.agenda).join(Dcc)
            .where(*_in_district(scope, district, filters),
                   *([DccMeeting.id == meeting_id] if meeting_id is not None else []))
            .order_by(DccMeeting.held_on.desc(), DccMeeting.id.desc()).limit(newest))
    meetings = session.execute(stmt).all()
    ids = [m.id for m in meetings]
    attendance: dict[int, dict[str, int]] = {i: {} for i in ids}
    decisions: dict[int, list[str]] = {i: [] for i in ids}
    actions: dict[int, list[ActionRow]] = {i: [] for i in ids}
    if ids:
        for meeting, department, people in session.execute(
                select(MeetingAttendance.meeting_id, MeetingAttendance.department, MeetingAttendance.attendees)
                .where(MeetingAttendance.meeting_id.in_(ids))):
            attendance[meeting][department] = people
        for meeting, text in session.execute(select(MeetingDecision.meeting_id, MeetingDecision.text)
                                             .where(MeetingDecision.meeting_id.in_(ids))
                                             .order_by(MeetingDecision.id)):
            decisions[meeting].append(text)
        for item in session.scalars(select(ActionItem).where(ActionItem.meeting_id.in_(ids))
                                    .order_by(ActionItem.due_on, ActionItem.id)):
            actions[item.meeting_id].append(_action_row(item))
    return [MeetingRow(m.id, m.held_on, m.agenda, attendance[m.id], decisions[m.id], actions[m.id])
            for m in meetings]


def _action_row(item: ActionItem) -> ActionRow:
    return ActionRow(item.id, item.meeting_id, item.description, item.owner, item.due_on, item.status,
                     item.completed_on, item.upazila_pcode)


def open_actions(session: Session, scope: Scope, district: str, filters: Filters, first: int) -> list[ActionRow]:
    """The ``first`` open items raised at meetings in the period, by due date (so those
    overdue come first, the longest overdue at the top)."""
    return [_action_row(item) for item in session.scalars(
        select(ActionItem).join(DccMeeting).join(Dcc)
        .where(ActionItem.status == ActionStatus.OPEN, *_in_district(scope, district, filters))
        .order_by(ActionItem.due_on, ActionItem.id).limit(first))]


def district_of_action(session: Session, item_id: int) -> str | None:
    """The district an action item belongs to (through its meeting's committee)."""
    return session.scalar(select(Dcc.district_pcode).join(DccMeeting).join(ActionItem)
                          .where(ActionItem.id == item_id))


def linked_actions(session: Session, scope: Scope, filters: Filters) -> list[tuple[str, int, int]]:
    """(upazila, open items, of them overdue at the period's end or today) for action items
    linked to an upazila, raised at meetings in the period, in scope."""
    as_of = filters.end or date.today()
    rows = session.execute(
        select(ActionItem.upazila_pcode, ActionItem.due_on).join(DccMeeting).join(Dcc)
        .where(ActionItem.upazila_pcode.is_not(None), ActionItem.status == ActionStatus.OPEN,
               scope.allows(Dcc.district_pcode), in_period(filters, DccMeeting.held_on),
               *([Dcc.district_pcode == filters.area[:6]] if filters.area else []))).all()
    counts: dict[str, list[int]] = {}
    for upazila, due in rows:
        assert upazila is not None  # the query keeps linked items only
        entry = counts.setdefault(upazila, [0, 0])
        entry[0] += 1
        entry[1] += due < as_of
    return sorted((u, n, late) for u, (n, late) in counts.items())


def on_time_by_district(session: Session, scope: Scope, filters: Filters, as_of: date) -> dict[str, float | None]:
    """Per district with a committee: the share of action items (raised at meetings in the
    period) closed on or before their due date, of those done or overdue at ``as_of`` (the
    rule of ``dashboard.core.dcc.on_time_share``, counted in SQL)."""
    _open, _overdue, on_time, counted = tally_columns(as_of)
    stmt = (select(ActionItemSummary.district_pcode, on_time, counted)
            .where(*counted_items_in(scope, filters.replace(area=None)))
            .group_by(ActionItemSummary.district_pcode))
    return {district: percent_on_time(int(good), int(counted)) for district, good, counted in session.execute(stmt)}
