"""Returnee migrants, their needs and the assistance they were referred to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.core.disclosure import record_key
from dashboard.models.base import Base, InUpazila, intpk
from dashboard.models.vocabulary import (
    AgeBand,
    AssistanceOutcome,
    ReturneeStatus,
    ReturnGroup,
    Service,
    Sex,
    Vulnerability,
)


class Returnee(InUpazila, Base):
    """A profiled returnee. Holds a pseudonymous code only: no name, phone or ID number."""

    __tablename__ = "returnees"
    table_extras = (
        CheckConstraint("lat IS NULL OR (lat BETWEEN 20 AND 27)", name="lat_in_bangladesh"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN 88 AND 93)", name="lon_in_bangladesh"),
        # A district's returnees profiled in a period, with where they live and their record
        # keys, read from the index alone (no visit to the table's rows): the fair comparison
        # reads twenty thousand of them for the largest district (migration 0033).
        Index("ix_returnees_district_profiled_place", "district_pcode", "profiled_on", "upazila_pcode", "lat", "lon",
              "record_key"),
        Index("ix_returnees_upazila_profiled", "upazila_pcode", "profiled_on"),
    )

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(24), unique=True)
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_date: Mapped[date]
    country_code: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    return_group: Mapped[ReturnGroup]
    # Coarse location only (two decimals, about 1 km), never a household point.
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    profiled_on: Mapped[date] = mapped_column(index=True)
    plan_date: Mapped[date | None]
    status: Mapped[ReturneeStatus]
    # Free text from the field form, kept as text: never run, made inert in every export.
    notes: Mapped[str | None] = mapped_column(Text)
    # The cell key method's secret (dashboard.core.disclosure): drawn once when the row is written,
    # never shown, exported or changed, summed per cell beside COUNT(*). Bulk loads that bypass
    # the ORM and Core (the seeder's COPY) write their own; migration 0016 drew one for rows
    # stored before it.
    # (Wrapped: SQLAlchemy hands a one-argument default its execution context.)
    record_key: Mapped[int] = mapped_column(Integer, default=lambda: record_key())

    needs: Mapped[list[ReturneeNeed]] = relationship(cascade="all, delete-orphan")
    vulnerabilities: Mapped[list[ReturneeVulnerability]] = relationship(cascade="all, delete-orphan")


class ReturneeNeed(Base):
    """A service a returnee was assessed as needing."""

    __tablename__ = "returnee_needs"

    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnees.id", ondelete="CASCADE"), primary_key=True)
    service: Mapped[Service] = mapped_column(primary_key=True, index=True)


class ReturneeVulnerability(Base):
    """A vulnerability flag recorded at screening."""

    __tablename__ = "returnee_vulnerabilities"

    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnees.id", ondelete="CASCADE"), primary_key=True)
    flag: Mapped[Vulnerability] = mapped_column(primary_key=True)


class Assistance(Base):
    """A referral to, or delivery of, one service for one returnee."""

    __tablename__ = "assistance"
    __table_args__ = (
        CheckConstraint("completed_on IS NULL OR completed_on >= referred_on", name="completed_after_referral"),
        Index("ix_assistance_service_referred", "service", "referred_on"),
        # "Was this need met?": answered from the index alone, for every returnee of a district.
        Index("ix_assistance_returnee_service", "returnee_id", "service", "outcome"),
        # A district's referrals between two dates (the fair comparison) from the index alone,
        # reached through the district's returnees.
        Index("ix_assistance_returnee_referred", "returnee_id", "referred_on"),
    )

    id: Mapped[intpk]
    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnees.id", ondelete="CASCADE"))
    service: Mapped[Service]
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    referred_on: Mapped[date]
    completed_on: Mapped[date | None]
    outcome: Mapped[AssistanceOutcome]
