"""Service providers and the services each offers."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.models.base import Base, InUpazila, intpk
from dashboard.models.vocabulary import ProviderType, Service


class Provider(InUpazila, Base):
    """An office or organisation that returnees can be referred to."""

    __tablename__ = "providers"
    table_extras = (
        CheckConstraint("capacity_per_month IS NULL OR capacity_per_month >= 0", name="capacity_not_negative"),
    )

    id: Mapped[intpk]
    name: Mapped[str]
    organisation: Mapped[str]
    provider_type: Mapped[ProviderType]
    lat: Mapped[float]
    lon: Mapped[float]
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    capacity_per_month: Mapped[int | None]

    services: Mapped[list[ProviderService]] = relationship(cascade="all, delete-orphan")


class ProviderService(Base):
    """One service a provider offers."""

    __tablename__ = "provider_services"

    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True)
    service: Mapped[Service] = mapped_column(primary_key=True, index=True)
