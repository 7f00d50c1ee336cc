"""The service-gap finder's limit: distances in SQL."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Float, String, and_, case, func, literal, or_, select, union_all

from benchmarks.actions import _GAP_RADII, _GAP_SERVICES, Context, search
from benchmarks.sql_limit._common import Answer, rows
from dashboard.core.filters import Filters
from dashboard.models import (
    OpenNeed,
    Provider,
    ProviderService,
)

# The service-gap finder ---------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088  # as dashboard.features.gaps.analysis.geo
BORDER_MARGIN_DEGREES = 0.5  # as dashboard.features.gaps.queries


@dataclass(frozen=True)
class GapAsk:
    """What ``actions.our_service_gaps`` asks at a repetition (no filters: the page's defaults)."""

    district: str
    service: str
    radius: int

    @classmethod
    def of(cls, context: Context, repetition: int) -> GapAsk:
        return cls(context.district_at(repetition), _GAP_SERVICES[repetition % len(_GAP_SERVICES)],
                   _GAP_RADII[repetition % len(_GAP_RADII)])

    def query(self) -> str:
        """The gap page's URL for this ask."""
        return search(district=self.district, service=self.service, radius=str(self.radius))


def _haversine(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle km in SQL (both databases have sin, cos, asin, sqrt and radians)."""
    a = (func.power(func.sin((func.radians(lat2) - func.radians(lat1)) / 2), 2)
         + func.cos(func.radians(lat1)) * func.cos(func.radians(lat2))
         * func.power(func.sin((func.radians(lon2) - func.radians(lon1)) / 2), 2))
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def service_gaps_sql(connection: Connection, ask: GapAsk) -> Answer:
    """One statement: per upazila, the people in need, those out of reach, the median distance to
    the nearest provider (weighted by the people at each place, with window sums), and the
    providers offering the service and their capacity.

    What it must do: count open needs per place (the open-needs summary), place those without a
    location at their upazila's centre, measure each place to every provider of the service
    within the district's bounding box plus ~55 km (haversine), keep the nearest. What it
    cannot: know the centres and the bounding box (they are the boundary file's, not the
    database's: passed in as a VALUES list and four numbers), nor pick the suggested sites (a
    greedy cover, one site after another) or draw the map: the limit leaves those out, so it
    asks less of the database than the page does."""
    from geodata import Level, areas_at, bounds

    west, south, east, north = bounds(ask.district)
    m = BORDER_MARGIN_DEGREES
    o = OpenNeed
    # A VALUES list written as UNION ALL: SQLite cannot name a VALUES list's columns.
    centres = union_all(*(select(literal(a.pcode, String).label("upazila_pcode"),
                                 literal(a.center_lat, Float).label("lat"), literal(a.center_lon, Float).label("lon"))
                          for a in areas_at(Level.UPAZILA, ask.district))).subquery("centres")
    people = (select(o.upazila_pcode, o.lat, o.lon, func.count().label("people"))
              .where(o.district_pcode == ask.district, o.service == ask.service, o.profiled_on.is_not(None))
              .group_by(o.upazila_pcode, o.lat, o.lon).subquery())
    both = and_(people.c.lat.is_not(None), people.c.lon.is_not(None))
    located = (select(people.c.upazila_pcode, people.c.people,
                      case((both, people.c.lat), else_=centres.c.lat).label("lat"),
                      case((both, people.c.lon), else_=centres.c.lon).label("lon"))
               .outerjoin(centres, centres.c.upazila_pcode == people.c.upazila_pcode).subquery())
    # A stored location at an upazila's centre and the people placed there are one place.
    places = (select(located.c.upazila_pcode, located.c.lat, located.c.lon, func.sum(located.c.people).label("people"))
              .where(located.c.lat.is_not(None), located.c.lon.is_not(None))
              .group_by(located.c.upazila_pcode, located.c.lat, located.c.lon).subquery())
    offering = (select(Provider.upazila_pcode, Provider.lat, Provider.lon, Provider.capacity_per_month)
                .join(ProviderService, ProviderService.provider_id == Provider.id)
                .where(ProviderService.service == ask.service, Provider.lat.between(south - m, north + m),
                       Provider.lon.between(west - m, east + m)).subquery())
    nearest = (select(places.c.upazila_pcode, places.c.people,
                      func.min(_haversine(places.c.lat, places.c.lon, offering.c.lat, offering.c.lon)).label("km"))
               .select_from(places).outerjoin(offering, and_(offering.c.lat.is_not(None), offering.c.lon.is_not(None)))
               .group_by(places.c.upazila_pcode, places.c.lat, places.c.lon, places.c.people).subquery())
    # The weighted median: people before each place (ordered by distance, nobody-offers last).
    order = (nearest.c.km.is_(None), nearest.c.km)
    ranked = select(nearest.c.upazila_pcode, nearest.c.people, nearest.c.km,
                    (func.sum(nearest.c.people).over(partition_by=nearest.c.upazila_pcode, order_by=order,
                                                     rows=(None, 0)) - nearest.c.people).label("before"),
                    func.sum(nearest.c.people).over(partition_by=nearest.c.upazila_pcode).label("total")).subquery()
    low, high = (ranked.c.total - 1) // 2, ranked.c.total // 2

    def at(position: Any) -> Any:
        inside = and_(ranked.c.before <= position, position < ranked.c.before + ranked.c.people)
        return func.max(case((inside, func.coalesce(ranked.c.km, literal(math.inf))), else_=None))

    demand = (select(ranked.c.upazila_pcode.label("pcode"), func.sum(ranked.c.people).label("in_need"),
                     func.sum(case((or_(ranked.c.km.is_(None), ranked.c.km > ask.radius), ranked.c.people),
                                   else_=0)).label("unreached"), ((at(low) + at(high)) / 2).label("median_km"))
              .group_by(ranked.c.upazila_pcode).subquery())
    supply = (select(offering.c.upazila_pcode.label("pcode"), func.count().label("providers"),
                     func.sum(offering.c.capacity_per_month).label("capacity"))
              .group_by(offering.c.upazila_pcode).subquery())
    stmt = (select(demand.c.pcode, demand.c.in_need, demand.c.unreached, demand.c.median_km,
                   func.coalesce(supply.c.providers, 0), supply.c.capacity)
            .outerjoin(supply, supply.c.pcode == demand.c.pcode))
    upazilas = {a.pcode for a in areas_at(Level.UPAZILA, ask.district)}
    return {"by_upazila": [r for r in rows(connection.execute(stmt)) if r[0] in upazilas]}


def service_gaps_app(ask: GapAsk) -> Answer:
    """The per-upazila table ``render`` of the gap page draws (in a request as headquarters)."""
    from dashboard.features.gaps.data import gap_analysis

    table = gap_analysis(ask.district, ask.service, ask.radius, Filters()).by_upazila
    records: list[dict[Any, Any]] = table[table["in_need"] > 0].to_dict("records")
    return {"by_upazila": rows(
        (r["pcode"], int(r["in_need"]), int(r["unreached"]), float(r["median_km"]), int(r["providers"]),
         None if math.isnan(r["capacity"]) else int(r["capacity"])) for r in records)}


