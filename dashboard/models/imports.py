"""Import batches and the changes each made, so a batch can be undone exactly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.models.base import Base, intpk


class ImportBatch(Base):
    """One applied import: who, when, which file (by SHA-256), what it did."""

    __tablename__ = "import_batches"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    rows: Mapped[int]
    inserted: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    rejected: Mapped[int]
    rolled_back_at: Mapped[datetime | None]
    rolled_back_by: Mapped[str | None] = mapped_column(String(64))

    changes: Mapped[list[ImportChange]] = relationship(cascade="all, delete-orphan", back_populates="batch")


class ImportChange(Base):
    """One row an import inserted or updated, with its values before (None when inserted)."""

    __tablename__ = "import_changes"

    id: Mapped[intpk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(8))
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)

    batch: Mapped[ImportBatch] = relationship(back_populates="changes")
