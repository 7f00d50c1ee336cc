"""The DCC tracker's rules as pure functions: overdue items, closing on time, the meeting
rhythm, and what a new meeting or action item must hold. Dates in, answers out.

The pages count action items in SQL (``dashboard.queries.dcc``); these functions are the
rules' one readable statement, and ``tests/queries/test_dcc_queries.py`` checks that the SQL
counts what they say for every item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dashboard.models.vocabulary import ActionStatus, Department

# The rhythm committees are expected to keep unless configured otherwise (meetings per month).
DEFAULT_MEETINGS_PER_MONTH = 1
MAX_TEXT = 2000


@dataclass(frozen=True)
class Item:
    """What the rules need of an action item."""

    status: ActionStatus
    due_on: date
    completed_on: date | None = None


def is_overdue(item: Item, today: date) -> bool:
    """Still open after its due date (an item due today is not overdue yet)."""
    return item.status == ActionStatus.OPEN and item.due_on < today


def closed_on_time(item: Item) -> bool:
    """Done on or before its due date."""
    return item.status == ActionStatus.DONE and item.completed_on is not None and item.completed_on <= item.due_on


def on_time_share(items: Iterable[Item], today: date) -> float | None:
    """Of the items that should be closed by now (done, or open past their due date), the
    per cent closed on or before their due date. Dropped items and open items not yet due
    do not count either way; None when no item is due yet."""
    counted = [i for i in items if i.status == ActionStatus.DONE or is_overdue(i, today)]
    return percent_on_time(sum(closed_on_time(i) for i in counted), len(counted))


def percent_on_time(on_time: int, counted: int) -> float | None:
    """``on_time`` of ``counted`` items as a per cent to one decimal; None when none count."""
    return round(100 * on_time / counted, 1) if counted else None


def oldest_open(items: Iterable[Item]) -> date | None:
    """The earliest due date among open items (the one most in need of attention)."""
    return min((i.due_on for i in items if i.status == ActionStatus.OPEN), default=None)


@dataclass(frozen=True)
class Quarter:
    """Meetings held in one calendar quarter against the expected rhythm."""

    year: int
    number: int  # 1 to 4
    held: int
    expected: int

    @property
    def label(self) -> str:
        """"2019 Q3" (for files and logs; screens use the catalogue's ``dcc.quarter``)."""
        return f"{self.year} Q{self.number}"


def rhythm(meetings: Iterable[date], start: date, end: date, per_month: int = DEFAULT_MEETINGS_PER_MONTH
           ) -> list[Quarter]:
    """Meetings per calendar quarter from ``start`` to ``end``, each against the expected
    number (``per_month`` for each month of the quarter inside the range)."""
    held: dict[tuple[int, int], int] = {}
    for day in meetings:
        if start <= day <= end:
            key = (day.year, (day.month - 1) // 3 + 1)
            held[key] = held.get(key, 0) + 1
    quarters: list[Quarter] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        key = (year, (month - 1) // 3 + 1)
        if not quarters or (quarters[-1].year, quarters[-1].number) != key:
            quarters.append(Quarter(key[0], key[1], held.get(key, 0), 0))
        last = quarters[-1]
        quarters[-1] = Quarter(last.year, last.number, last.held, last.expected + per_month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return quarters


@dataclass(frozen=True)
class NewAction:
    """An action item as typed into the meeting form."""

    description: str
    owner: str | None
    due_on: date | None
    upazila: str | None = None


def check_meeting(held_on: date | None, today: date, agenda: str, attendance: Mapping[str, int],
                  actions: Iterable[NewAction], upazilas: frozenset[str]) -> dict[str, str]:
    """Field -> message key for every problem with a new meeting (empty when it may be stored).
    ``upazilas``: those of the committee's district, the only ones an item may be linked to."""
    problems: dict[str, str] = {}
    if held_on is None:
        problems["held_on"] = "dcc.error.date_missing"
    elif held_on > today:
        problems["held_on"] = "dcc.error.date_future"
    if not agenda.strip():
        problems["agenda"] = "dcc.error.agenda"
    elif len(agenda) > MAX_TEXT:
        problems["agenda"] = "dcc.error.too_long"
    known = {d.value for d in Department}
    if any(d not in known for d in attendance) or any(n < 0 for n in attendance.values()):
        problems["attendance"] = "dcc.error.attendance_bad"
    elif not any(n > 0 for n in attendance.values()):
        problems["attendance"] = "dcc.error.attendance"
    for number, action in enumerate(actions, start=1):
        problem = check_action(action, held_on, upazilas)
        if problem:
            problems[f"action{number}"] = problem
    return problems


def check_action(action: NewAction, held_on: date | None, upazilas: frozenset[str]) -> str | None:
    """The message key of the first problem with one action item, or None."""
    if not action.description.strip():
        return "dcc.error.action_description"
    if len(action.description) > MAX_TEXT:
        return "dcc.error.too_long"
    if action.owner not in {d.value for d in Department}:
        return "dcc.error.action_owner"
    if action.due_on is None:
        return "dcc.error.action_due"
    if held_on is not None and action.due_on < held_on:
        return "dcc.error.action_due_before"
    if action.upazila and action.upazila not in upazilas:
        return "dcc.error.action_upazila"
    return None
