"""Bookkeeping about the data itself (not programme data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base


class DataVersion(Base):
    """One row counting changes to the data the dashboard shows.

    Every write (seeding, an import, a rollback, an edit) bumps it in the same
    transaction, and every cached result carries it in its key: a cache shared by
    several workers, or an import run from the command line, can never serve
    figures from before the change.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    changed_at: Mapped[datetime]
