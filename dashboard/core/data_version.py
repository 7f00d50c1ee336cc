"""The data version: read by every cached lookup, bumped by every write (see ``DataVersion``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from dashboard.models import DataVersion


def current_version(session: Session) -> int:
    """The number of recorded changes so far (0 on a fresh database)."""
    return session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def mark_changed(executor: Session | Connection) -> None:
    """Record a change to the data inside the caller's transaction, so it commits or rolls back with it."""
    now = datetime.now()
    changed = executor.execute(update(DataVersion).where(DataVersion.id == 1)
                               .values(version=DataVersion.version + 1, changed_at=now))
    if not changed.rowcount:  # type: ignore[attr-defined]
        executor.execute(insert(DataVersion).values(id=1, version=1, changed_at=now))
