"""Import batches, newest first, for the import page's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.core.scope import Scope
from dashboard.models import ImportBatch


@dataclass(frozen=True)
class BatchSummary:
    """One row of the history."""

    id: int
    kind: str
    file_name: str
    created_by: str
    created_at: datetime
    rows: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    rolled_back_at: datetime | None


def import_batches(session: Session, scope: Scope, created_by: str | None = None,
                   limit: int = 50) -> list[BatchSummary]:
    """The latest batches; below headquarters (``created_by`` given), only that person's own.
    A batch may span districts, so the scope alone does not say whose it is."""
    stmt = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
    if created_by is not None or not scope.is_national:
        stmt = stmt.where(ImportBatch.created_by == (created_by or ""))
    return [BatchSummary(b.id, b.kind, b.file_name, b.created_by, b.created_at, b.rows, b.inserted, b.updated,
                         b.unchanged, b.rejected, b.rolled_back_at) for b in session.scalars(stmt)]
