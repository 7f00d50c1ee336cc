"""DCC activity per district: meetings, last meeting, open and overdue action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import ActionItemSummary, Dcc, DccMeeting
from dashboard.queries.conditions import in_area, in_period
from dashboard.queries.dcc import counted_items_in, tally_columns


@dataclass(frozen=True, slots=True)
class DccActivity:
    """One district's committee activity in the period."""

    district_pcode: str
    meetings: int
    last_meeting: date | None
    open_actions: int
    overdue_actions: int


def dcc_activity(session: Session, scope: Scope, filters: Filters | None = None,
                 as_of: date | None = None) -> list[DccActivity]:
    """Activity of every DCC in scope. Action items count when raised at a meeting in the
    period; "overdue" means still open after their due date at ``as_of`` (default: the
    period's end, else today)."""
    filters = filters or Filters()
    as_of = as_of or filters.end or date.today()
    # Scope and area go inside each aggregate too, so a district's view counts its own
    # committee's minutes, not every committee's before the join throws most away.
    shown = (scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode))
    meetings = (
        select(DccMeeting.dcc_id, func.count().label("meetings"), func.max(DccMeeting.held_on).label("last"))
        .join(Dcc, Dcc.id == DccMeeting.dcc_id)
        .where(in_period(filters, DccMeeting.held_on), *shown)
        .group_by(DccMeeting.dcc_id).subquery()
    )
    open_items, overdue_items, _on_time, _counted = tally_columns(as_of)
    actions = (
        select(ActionItemSummary.district_pcode, open_items.label("open"), overdue_items.label("overdue"))
        .where(*counted_items_in(scope, filters))
        .group_by(ActionItemSummary.district_pcode).subquery()
    )
    stmt = (
        select(Dcc.district_pcode, func.coalesce(meetings.c.meetings, 0), meetings.c.last,
               func.coalesce(actions.c.open, 0), func.coalesce(actions.c.overdue, 0))
        .outerjoin(meetings, meetings.c.dcc_id == Dcc.id)
        .outerjoin(actions, actions.c.district_pcode == Dcc.district_pcode)
        .where(*shown)
        .order_by(Dcc.district_pcode)
    )
    return [DccActivity(d, int(m), last, int(o), int(od)) for d, m, last, o, od in session.execute(stmt)]
