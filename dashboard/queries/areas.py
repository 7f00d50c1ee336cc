"""Returnee figures per area and the clause that defines which returnees a map figure counts."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.filters import Filters
from dashboard.core.metrics import BREAKDOWNS
from dashboard.core.privacy import GRID_DEGREES, GRID_OFFSET
from dashboard.core.scope import Scope
from dashboard.models import CountryReturneeSummary, Returnee
from dashboard.queries import summaries
from dashboard.queries.conditions import in_area, in_period, on_returnees, returnee_column


def returnees_in(scope: Scope, filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE clauses for returnees profiled in the period, in scope, in the area and matching
    the person filters: the population every returnee map figure counts."""
    return [in_period(filters, Returnee.profiled_on), scope.allows(Returnee.district_pcode),
            in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters)]


def _breakdown_column(breakdown: str) -> InstrumentedAttribute[str]:
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}")
    return returnee_column(breakdown)


def returnee_breakdown_by_upazila(session: Session, scope: Scope, breakdown: str,
                                  filters: Filters | None = None) -> list[tuple[str, str, int, int]]:
    """(upazila P-code, category, returnees, their key sum) for one breakdown (return_group, sex
    or status); the key sum is what a perturbed count is published from (``dashboard.core.disclosure``)."""
    filters = filters or Filters()
    column = _breakdown_column(breakdown)
    if summaries.usable(filters):
        return summaries.returnee_breakdown(session, scope, column.key, filters)
    stmt = (
        select(Returnee.upazila_pcode, column, func.count(), func.sum(Returnee.record_key))
        .where(*returnees_in(scope, filters))
        .group_by(Returnee.upazila_pcode, column)
        .order_by(Returnee.upazila_pcode, column)
    )
    return [(upazila, str(category), count, int(keys)) for upazila, category, count, keys in session.execute(stmt)]


class AreaTooLarge(ValueError):
    """Individual points are only served for one district or upazila at a time."""


def _cell(column: InstrumentedAttribute[float | None]) -> ColumnElement[float]:
    """The centre of the grid cell a coordinate falls in (see ``dashboard.core.privacy``)."""
    index = func.floor((column - GRID_OFFSET) / GRID_DEGREES)
    return index * GRID_DEGREES + GRID_OFFSET + GRID_DEGREES / 2


def returnee_points(session: Session, scope: Scope, breakdown: str,
                    filters: Filters) -> list[tuple[float, float, str, int]]:
    """(lat, lon, category, returnees) per ~2 km grid cell, in one district or upazila.

    Locations are coarsened here, in SQL, whatever is stored: no stored coordinate and
    no per-person row ever leaves the database, so downloads broken down differently
    cannot be joined row by row to rebuild a person.
    """
    if filters.area is None:
        raise AreaTooLarge("choose a district before asking for individual returnees")
    column = _breakdown_column(breakdown)
    lat, lon = _cell(Returnee.lat).label("lat"), _cell(Returnee.lon).label("lon")
    stmt = (
        select(lat, lon, column, func.count())
        .where(Returnee.lat.is_not(None), Returnee.lon.is_not(None), *returnees_in(scope, filters))
        .group_by(lat, lon, column)
        .order_by(lat, lon, column)
    )
    return [(round(y, 4), round(x, 4), str(category), int(n)) for y, x, category, n in session.execute(stmt)]


def returnee_countries(session: Session, scope: Scope) -> list[str]:
    """ISO codes of the countries returnees in scope came back from, for the country filter."""
    # From the countries' rollup (a row per district and country), not the returnees or their summary.
    s = CountryReturneeSummary
    stmt = (select(s.country_code).where(scope.allows(s.district_pcode))
            .group_by(s.country_code).order_by(s.country_code))
    return list(session.scalars(stmt))
