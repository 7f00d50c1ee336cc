"""Migration fairs, awareness activities and hotline calls."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.core.disclosure import record_key
from dashboard.models.base import Base, InUpazila, intpk
from dashboard.models.vocabulary import AwarenessKind, HotlineCaller, HotlineTopic


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
    """A call to the free hotline (08000102030, 7:00-23:00) as the programme records it: the
    topic, who called (returnee, family member, aspirant migrant) and whether they were referred
    to a service, and the caller's district and upazila where known. The caller is not recorded,
    but a call may be about a vulnerable person: below headquarters counts of calls are published
    through the disclosure layer, hence the record key (``dashboard.core.disclosure``)."""

    __tablename__ = "hotline_calls"
    __table_args__ = (
        CheckConstraint("upazila_pcode IS NULL OR substr(upazila_pcode, 1, 6) = district_pcode",
                        name="caller_upazila_in_district"),
    )

    id: Mapped[intpk]
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    called_at: Mapped[datetime] = mapped_column(index=True)
    district_pcode: Mapped[str | None] = mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)
    topic: Mapped[HotlineTopic]
    upazila_pcode: Mapped[str | None] = mapped_column(String(12), ForeignKey("admin_areas.pcode"), index=True)
    caller_type: Mapped[HotlineCaller | None]
    referred: Mapped[bool | None]
    record_key: Mapped[int] = mapped_column(Integer, default=lambda: record_key())
