"""Writing DCC meetings and action item updates, each with its audit record (same transaction)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.access import Actor
from dashboard.core.audit import record
from dashboard.core.data_version import mark_changed
from dashboard.core.dcc import NewAction
from dashboard.models import ActionItem, Dcc, DccMeeting, MeetingAttendance, MeetingDecision
from dashboard.models.vocabulary import ActionStatus


def add_meeting(session: Session, actor: Actor, district: str, held_on: date, agenda: str,
                attendance: dict[str, int], decisions: list[str], actions: list[NewAction]) -> int:
    """Store a checked meeting with its attendance, decisions and action items; returns its id.
    A district's first recorded meeting also records its committee, formed that day."""
    committee = session.scalar(select(Dcc).where(Dcc.district_pcode == district))
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
    mark_changed(session)
    return meeting.id


def set_action_status(session: Session, actor: Actor, item_id: int, status: ActionStatus, today: date) -> None:
    """Mark an action item done (recording today as its completion date), dropped or open again."""
    item = session.get(ActionItem, item_id)
    if item is None:
        raise LookupError(f"there is no action item {item_id}")
    before = {"status": item.status.value, "completed_on": item.completed_on.isoformat() if item.completed_on else None}
    item.status = status
    item.completed_on = today if status == ActionStatus.DONE else None
    after = {"status": status.value, "completed_on": item.completed_on.isoformat() if item.completed_on else None}
    if before != after:
        record(session, actor, "set_action_status", f"action:{item_id}", {"before": before, "after": after})
        mark_changed(session)
