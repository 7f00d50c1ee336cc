"""Administrative areas (divisions, districts, upazilas), loaded from geodata/."""

from __future__ import annotations

from sqlalchemy import ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base, pcode


class AdminAreaRow(Base):
    """One division (level 1), district (2) or upazila (3), keyed by COD-AB P-code."""

    __tablename__ = "admin_areas"

    pcode: Mapped[pcode] = mapped_column(primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger, index=True)
    parent_pcode: Mapped[str | None] = mapped_column(String(12), ForeignKey("admin_areas.pcode"))
    name_en: Mapped[str] = mapped_column(String(80))
    name_bn: Mapped[str | None] = mapped_column(String(80))
    area_sqkm: Mapped[float]
    center_lat: Mapped[float]
    center_lon: Mapped[float]
