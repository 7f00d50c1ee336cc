"""What the DCC tracker asks for and writes, for the actor's districts only.

Reads need the district in scope; writes need the ``edit_dcc`` permission in that district
(dcc_member and district_officer for their own, headquarters administrators anywhere),
checked here on the server whatever the page showed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.core.access import Action
from dashboard.core.cache import cached
from dashboard.core.dcc import NewAction, Quarter, check_meeting, percent_on_time, rhythm
from dashboard.core.filters import PROGRAMME_START, Filters
from dashboard.core.guard import NotPermitted, reader_scope, require, require_area
from dashboard.core.scope import Scope
from dashboard.features.dcc import commands
from dashboard.i18n import t
from dashboard.models.vocabulary import ActionStatus
from dashboard.queries.dcc import (
    ActionRow,
    ActionTally,
    MeetingRow,
    action_tally,
    district_of_action,
    meeting_dates,
    meetings_of,
    open_actions,
)
from dashboard.runtime import runtime
from geodata import Level, admin_areas, areas_at


@dataclass(frozen=True)
class Tracker:
    """One district's newest meetings and its committee indicators (over every meeting in
    the period, not only those listed)."""

    district: str
    meetings: list[MeetingRow]  # the newest few, newest first
    meeting_count: int
    as_of: date
    quarters: list[Quarter]
    on_time: float | None
    oldest_open: date | None
    open_items: int
    overdue_items: int


def _today() -> date:
    return date.today()


def tracker(district: str, filters: Filters | None = None, newest: int = 30) -> Tracker:
    """The ``newest`` meetings in the period and the committee's indicators, as of the
    period's end or today."""
    require_area(district)
    filters = (filters or Filters()).replace(area=None)
    scope = reader_scope()
    as_of = _as_of(filters)
    meetings = cached("dcc-meetings", (scope, district, filters, newest),
                      lambda s: meetings_of(s, scope, district, filters, newest=newest))
    held = cached("dcc-meeting-dates", (scope, district, filters),
                  lambda s: meeting_dates(s, scope, district, filters))
    tally = _tally(scope, district, filters, as_of)
    first = filters.start or (min(held) if held else PROGRAMME_START)
    quarters = rhythm(held, first, as_of, runtime().settings.dcc_meetings_per_month)
    return Tracker(district, meetings, len(held), as_of, quarters, percent_on_time(tally.on_time, tally.counted),
                   tally.oldest_open, tally.open, tally.overdue)


def open_items(district: str, filters: Filters, first: int) -> tuple[list[ActionRow], date, ActionTally]:
    """The ``first`` open items of the district's committee raised in the period (overdue
    first), the day overdue is judged at, and the tally of all its items."""
    require_area(district)
    filters = filters.replace(area=None)
    scope = reader_scope()
    items = cached("dcc-open-actions", (scope, district, filters, first),
                   lambda s: open_actions(s, scope, district, filters, first))
    as_of = _as_of(filters)
    return items, as_of, _tally(scope, district, filters, as_of)


def _as_of(filters: Filters) -> date:
    """Overdue is judged at the period's end, or today for an open or future period."""
    return min(filters.end or _today(), _today())


def _tally(scope: Scope, district: str, filters: Filters, as_of: date) -> ActionTally:
    return cached("dcc-action-tally", (scope, district, filters, as_of),
                  lambda s: action_tally(s, scope, district, filters, as_of))


def upazilas_of(district: str) -> frozenset[str]:
    """The district's upazila P-codes."""
    return frozenset(a.pcode for a in areas_at(Level.UPAZILA, district))


def add_meeting(district: str, held_on: date | None, agenda: str, attendance: dict[str, int], decisions: list[str],
                actions: list[NewAction], once: bool = False) -> dict[str, str]:
    """Check and store a meeting; returns the problems (field -> message key), empty when stored
    (or, with ``once``, when the same meeting was stored already: ``commands.add_meeting``)."""
    actor = require(Action.EDIT_DCC, district)
    problems = check_meeting(held_on, _today(), agenda, attendance, actions, upazilas_of(district))
    if problems:
        return problems
    with runtime().database.session() as session:
        commands.add_meeting(session, actor, district, held_on, agenda, attendance, decisions,  # type: ignore[arg-type]
                             actions, once=once)
    return {}


def update_action(item_id: int, status: ActionStatus, expected: ActionStatus | None = None) -> None:
    """Mark an action item done, dropped or open again, in a district the actor may edit; with
    ``expected``, only if it is still in that status (else ``commands.StatusChanged``)."""
    with runtime().database.session() as session:
        district = district_of_action(session, item_id)
        if district is None:
            raise NotPermitted(f"action {item_id}")
        actor = require(Action.EDIT_DCC, district)
        commands.set_action_status(session, actor, item_id, status, _today(), expected)


def minutes(district: str, meeting_id: int, lang: str) -> pd.DataFrame:
    """One meeting's minutes as a table: its date and agenda, attendance, decisions and action items."""
    require_area(district)
    scope = reader_scope()
    found = cached("dcc-minutes", (scope, district, meeting_id),
                   lambda s: meetings_of(s, scope, district, meeting_id=meeting_id))
    if not found:
        raise NotPermitted(f"meeting {meeting_id}")
    meeting = found[0]
    areas = admin_areas()
    # The meeting itself first: a file saved apart from the page must say which meeting it is.
    rows = [{"section": t("dcc.date", lang), "item": meeting.held_on.isoformat(), "detail": "", "due_on": "",
             "status": ""},
            {"section": t("dcc.agenda", lang), "item": meeting.agenda, "detail": "", "due_on": "", "status": ""}]
    rows += [{"section": t("dcc.attendance", lang), "item": t(f"department.{d}", lang), "detail": str(n),
              "due_on": "", "status": ""} for d, n in sorted(meeting.attendance.items())]
    rows += [{"section": t("dcc.decisions", lang), "item": text, "detail": "", "due_on": "", "status": ""}
             for text in meeting.decisions]
    rows += [{"section": t("dcc.actions", lang), "item": a.description,
              "detail": t(f"department.{a.owner}", lang) + (f" · {areas[a.upazila_pcode].name(lang)}"
                                                           if a.upazila_pcode else ""),
              "due_on": a.due_on.isoformat(), "status": t(f"dcc.status.{a.status.value}", lang)}
             for a in meeting.actions]
    return pd.DataFrame(rows, columns=["section", "item", "detail", "due_on", "status"])
