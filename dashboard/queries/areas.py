"""Figures per administrative area, for choropleths."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.filters import Filters
from dashboard.models import Returnee
from dashboard.scope import Scope
from geodata import Level


def returnees_by_area(session: Session, scope: Scope, level: Level, filters: Filters | None = None) -> dict[str, int]:
    """Returnees profiled in the period per district or upazila P-code (areas with none are absent)."""
    filters = filters or Filters()
    column = Returnee.district_pcode if level == Level.DISTRICT else Returnee.upazila_pcode
    stmt = (
        select(column, func.count())
        .where(filters.in_period(Returnee.profiled_on), scope.allows(Returnee.district_pcode),
               filters.in_area(Returnee.district_pcode, Returnee.upazila_pcode), filters.on_returnees())
        .group_by(column)
    )
    return {pcode: count for pcode, count in session.execute(stmt)}


BREAKDOWNS = {"return_group": Returnee.return_group, "sex": Returnee.sex, "status": Returnee.status}


def returnee_breakdown_by_upazila(session: Session, scope: Scope, breakdown: str,
                                  filters: Filters | None = None) -> list[tuple[str, str, int]]:
    """(upazila P-code, category, returnees) for one breakdown (return_group, sex or status)."""
    filters = filters or Filters()
    column = BREAKDOWNS[breakdown]
    stmt = (
        select(Returnee.upazila_pcode, column, func.count())
        .where(filters.in_period(Returnee.profiled_on), scope.allows(Returnee.district_pcode),
               filters.in_area(Returnee.district_pcode, Returnee.upazila_pcode), filters.on_returnees())
        .group_by(Returnee.upazila_pcode, column)
        .order_by(Returnee.upazila_pcode, column)
    )
    return [(upazila, str(category), count) for upazila, category, count in session.execute(stmt)]


class AreaTooLarge(ValueError):
    """Individual points are only served for one district or upazila at a time."""


def returnee_points(session: Session, scope: Scope, breakdown: str,
                    filters: Filters) -> list[tuple[float, float, str]]:
    """(lat, lon, category) of returnees with a (coarsened) location, in one district or upazila."""
    if filters.area is None:
        raise AreaTooLarge("choose a district before asking for individual returnees")
    column = BREAKDOWNS[breakdown]
    stmt = (
        select(Returnee.lat, Returnee.lon, column)
        .where(Returnee.lat.is_not(None), filters.in_period(Returnee.profiled_on),
               scope.allows(Returnee.district_pcode),
               filters.in_area(Returnee.district_pcode, Returnee.upazila_pcode), filters.on_returnees())
        .order_by(Returnee.id)
    )
    return [(lat, lon, str(category)) for lat, lon, category in session.execute(stmt)]


def returnee_countries(session: Session, scope: Scope) -> list[str]:
    """ISO codes of the countries returnees in scope came back from, for the country filter."""
    stmt = (select(Returnee.country_code).where(scope.allows(Returnee.district_pcode))
            .group_by(Returnee.country_code).order_by(Returnee.country_code))
    return list(session.scalars(stmt))
