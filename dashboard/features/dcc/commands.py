"""Writing DCC meetings and action item updates, each with its audit record and the district's
counted items (``summary_action_items``) in the same transaction."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.commands import summaries
from dashboard.core.access import Actor
from dashboard.core.audit import record
from dashboard.core.data_version import mark_changed
from dashboard.core.dcc import NewAction
from dashboard.models import ActionItem, Dcc, DccMeeting, MeetingAttendance, MeetingDecision
from dashboard.models.vocabulary import ActionStatus


def add_meeting(session: Session, actor: Actor, district: str, held_on: date, agenda: str,
                attendance: dict[str, int], decisions: list[str], actions: list[NewAction], once: bool = False) -> int:
    """Store a checked meeting with its attendance, decisions and action items; returns its id.
    A district's first recorded meeting also records its committee, formed that day.

    With ``once`` (a meeting recorded offline, sent again after an answer that never arrived), a
    meeting of the district on that day with the same agenda is taken as this one: its id is
    returned and nothing is stored twice."""
    committee = session.scalar(select(Dcc).where(Dcc.district_pcode == district))
    if once and committee is not None:
        same = session.scalar(select(DccMeeting.id).where(DccMeeting.dcc_id == committee.id,
                                                          DccMeeting.held_on == held_on,
                                                          DccMeeting.agenda == agenda.strip()))
        if same is not None:
            return same
    if committee is None:
        committee = Dcc(district_pcode=district, formed_on=held_on)
        session.add(committee)
        session.flush()
    meeting = DccMeeting(dcc_id=committee.id, held_on=held_on, agenda=agenda.strip())
    meeting.attendance = [MeetingAttendance(department=d, attendees=n) for d, n in sorted(attendance.items()) if n > 0]
    meeting.decisions = [MeetingDecision(text=text.strip()) for text in decisions if text.strip()]
    meeting.action_items = [ActionItem(description=a.description.strip(), owner=a.owner, due_on=a.due_on,
                                       status=ActionStatus.OPEN, upazila_pcode=a.upazila or None) for a in actions]
    session.add(meeting)
    session.flush()
    record(session, actor, "add_meeting", f"dcc:{district}:{held_on.isoformat()}", {
        "meeting": meeting.id, "agenda": meeting.agenda, "attendance": attendance,
        "decisions": [d.text for d in meeting.decisions],
        "actions": [{**asdict(a), "due_on": a.due_on.isoformat() if a.due_on else None} for a in actions]})
    mark_changed(session)  # first: its row lock orders concurrent writers' summary maintenance
    if meeting.action_items:
        summaries.refresh(session, ("action_items",), frozenset({district}))
    return meeting.id


class StatusChanged(Exception):
    """The item is no longer in the status the change was made from: someone changed it meanwhile."""

    def __init__(self, status: ActionStatus, completed_on: date | None) -> None:
        super().__init__(f"the item is now {status.value}")
        self.status = status
        self.completed_on = completed_on


def set_action_status(session: Session, actor: Actor, item_id: int, status: ActionStatus, today: date,
                      expected: ActionStatus | None = None) -> None:
    """Mark an action item done (recording today as its completion date), dropped or open again.

    With ``expected``, only an item still in that status is changed; otherwise
    :class:`StatusChanged` says what it is now (a change made offline and sent later must not
    overwrite one made meanwhile)."""
    item = session.get(ActionItem, item_id)
    if item is None:
        raise LookupError(f"there is no action item {item_id}")
    if expected is not None and item.status != expected:
        raise StatusChanged(item.status, item.completed_on)
    before = {"status": item.status.value, "completed_on": item.completed_on.isoformat() if item.completed_on else None}
    item.status = status
    item.completed_on = today if status == ActionStatus.DONE else None
    after = {"status": status.value, "completed_on": item.completed_on.isoformat() if item.completed_on else None}
    if before != after:
        record(session, actor, "set_action_status", f"action:{item_id}", {"before": before, "after": after})
        mark_changed(session)  # first: its row lock orders concurrent writers' summary maintenance
        session.flush()
        district = session.scalar(select(Dcc.district_pcode).join(DccMeeting).where(DccMeeting.id == item.meeting_id))
        summaries.refresh(session, ("action_items",), frozenset({district} if district else ()))
