"""Migration fairs, awareness activities and hotline calls."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base, InUpazila, intpk
from dashboard.models.vocabulary import AwarenessKind, HotlineTopic


class MigrationFair(InUpazila, Base):
    """A migration fair linking returnees with service providers."""

    __tablename__ = "migration_fairs"
    table_extras = (
        CheckConstraint("visitors >= 0 AND referrals_made >= 0", name="counts_not_negative"),
    )

    id: Mapped[intpk]
    held_on: Mapped[date] = mapped_column(index=True)
    venue: Mapped[str]
    lat: Mapped[float]
    lon: Mapped[float]
    visitors: Mapped[int]
    referrals_made: Mapped[int]


class FairProvider(Base):
    """A provider that had a stall at a fair."""

    __tablename__ = "fair_providers"

    fair_id: Mapped[int] = mapped_column(ForeignKey("migration_fairs.id", ondelete="CASCADE"), primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True)


class AwarenessActivity(InUpazila, Base):
    """One community awareness event (IPT show, video show, school quiz, ...)."""

    __tablename__ = "awareness_activities"
    table_extras = (
        CheckConstraint("people_reached >= 0", name="reach_not_negative"),
        Index("ix_awareness_kind_held", "kind", "held_on"),
    )

    id: Mapped[intpk]
    # The field form's own id for the event (e.g. Kobo's _uuid): what makes a re-import idempotent.
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[AwarenessKind]
    held_on: Mapped[date] = mapped_column(index=True)
    people_reached: Mapped[int]


class HotlineCall(Base):
    """A call to the free hotline (08000102030); the caller is not recorded."""

    __tablename__ = "hotline_calls"

    id: Mapped[intpk]
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    called_at: Mapped[datetime] = mapped_column(index=True)
    district_pcode: Mapped[str | None] = mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)
    topic: Mapped[HotlineTopic]
