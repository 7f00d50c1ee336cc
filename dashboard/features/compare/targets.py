"""Writing a target, with its audit record in the same transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.access import Actor
from dashboard.core.audit import record
from dashboard.core.data_version import mark_changed
from dashboard.features.compare.rules import MAX_TARGET, is_target_area
from dashboard.models import Target


def save_target(session: Session, actor: Actor, area: str, indicator: str, due_on: date, value: int) -> int | None:
    """Set the target for (area, indicator, due date); returns the old value (None if new).
    The audit trail keeps who changed what from which value to which, and when.
    Refuses (before any write) an area that is neither a district nor "BD" and a value out of range."""
    if not is_target_area(area) or not 0 <= value <= MAX_TARGET:
        raise ValueError(f"not a target: {area!r} = {value!r}")
    row = session.scalar(select(Target).where(Target.area_pcode == area, Target.indicator == indicator,
                                              Target.due_on == due_on))
    old = row.value if row is not None else None
    if old == value:
        return old
    if row is None:
        session.add(Target(area_pcode=area, indicator=indicator, due_on=due_on, value=value))
    else:
        row.value = value
    record(session, actor, "set_target", f"{indicator}:{area}:{due_on.isoformat()}",
           {"indicator": indicator, "area": area, "due_on": due_on.isoformat(), "old": old, "new": value})
    mark_changed(session)
    return old
