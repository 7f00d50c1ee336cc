"""What the service-gap analysis needs from the database, as data frames.

A returnee is *in need* of service S when S is among their assessed needs and
they have no assistance for S with outcome ``received`` (the exact definition
shown to users; ``dashboard.features.gaps.analysis.gaps`` does the distances).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.orm import Session

from dashboard.core.filters import BY_KEY, Filters
from dashboard.core.scope import Scope
from dashboard.models import (
    Assistance,
    DistrictOpenNeedSummary,
    MigrationFair,
    OpenNeed,
    OpenNeedPlaceTotal,
    Provider,
    ProviderService,
    ReferralPlace,
    Returnee,
    ReturneeNeed,
)
from dashboard.models.vocabulary import AssistanceOutcome
from dashboard.queries import summaries
from dashboard.queries.conditions import in_area, in_period, on_returnees
from dashboard.queries.grouping import AnySelect
from geodata import bounds

# Providers this far beyond a district's edge (degrees, ~55 km) can be the nearest for
# someone near the border: the analysis looks at them too.
BORDER_MARGIN_DEGREES = 0.5
IN_NEED_COLUMNS = ("returnee_id", "code", "upazila_pcode", "lat", "lon")
IN_NEED_PLACE_COLUMNS = ("upazila_pcode", "lat", "lon", "people")


def _frame(session: Session, stmt: AnySelect, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """A query's rows as a frame. pandas reads the cursor itself: building a frame from
    SQLAlchemy rows costs as much again as the query when a district has 100,000 of them."""
    frame = pd.read_sql(stmt, session.connection())
    frame.columns = list(columns)
    return frame


def _in_need_of(service: str):  # type: ignore[no-untyped-def]
    received = exists(select(Assistance.id).where(
        Assistance.returnee_id == Returnee.id, Assistance.service == service,
        Assistance.outcome == AssistanceOutcome.RECEIVED))
    needed = exists(select(ReturneeNeed.returnee_id).where(
        ReturneeNeed.returnee_id == Returnee.id, ReturneeNeed.service == service))
    return and_(needed, not_(received))


def _in_need(scope: Scope, district: str, service: str, filters: Filters | None, keyed: bool = False) -> AnySelect:
    """The district's returnees in need of ``service`` as a statement with the columns of
    ``IN_NEED_COLUMNS`` (and, ``keyed``, ``record_key`` last), from the open-needs summary when it
    answers the filters."""
    filters = (filters or Filters()).replace(area=district)
    if summaries.open_needs_usable(filters):
        # The fast path: open needs are kept per district and service (dashboard.commands.summaries).
        o = OpenNeed
        return (select(o.returnee_id, o.code, o.upazila_pcode, o.lat, o.lon, *((o.record_key,) if keyed else ()))
                .where(o.district_pcode == district, o.service == service, scope.allows(o.district_pcode),
                       in_period(filters, o.profiled_on),
                       *(getattr(o, BY_KEY[key].column).in_(values) for key, values in filters.people)))
    return (select(Returnee.id.label("returnee_id"), Returnee.code, Returnee.upazila_pcode, Returnee.lat,
                   Returnee.lon, *((Returnee.record_key,) if keyed else ()))
            .where(scope.allows(Returnee.district_pcode), in_area(filters, Returnee.district_pcode),
                   in_period(filters, Returnee.profiled_on), on_returnees(filters), _in_need_of(service)))


def returnees_in_need(session: Session, scope: Scope, district: str, service: str,
                      filters: Filters | None = None) -> pd.DataFrame:
    """``returnee_id, code, upazila_pcode, lat, lon`` of the district's returnees
    in need of ``service`` (profiled in the period, matching the person filters)."""
    return _frame(session, _in_need(scope, district, service, filters), IN_NEED_COLUMNS)


def in_need_places(session: Session, scope: Scope, district: str, service: str,
                   filters: Filters | None = None, keys: bool = False) -> pd.DataFrame:
    """``upazila_pcode, lat, lon, people``: how many of the district's returnees in need of
    ``service`` live at each stored location of each upazila (lat and lon missing for those
    without one). The gap page counts people per place; reading them per person moved up to
    100,000 rows for a large district where there are about 3,000 places.

    With ``keys``, a last column ``key_sum``: the sum of each place's people's record keys
    (``dashboard.core.disclosure``). Sums compose, so any set of whole places (an upazila, the
    unreached of it, those a new site would reach) has its key sum beside its count."""
    chosen = filters or Filters()
    if chosen.start is None and chosen.end is None and not chosen.has_person_filters:
        # The whole time, unfiltered (every gap page's first view): counted per place already.
        t = OpenNeedPlaceTotal
        places_total = (t.upazila_pcode, t.lat, t.lon)
        stmt = (select(*places_total, t.people, *((t.key_sum,) if keys else ()))
                .where(t.district_pcode == district, t.service == service, scope.allows(t.district_pcode))
                .order_by(*places_total))
        return _frame(session, stmt, IN_NEED_PLACE_COLUMNS + (("key_sum",) if keys else ()))
    people = _in_need(scope, district, service, filters, keyed=keys).subquery()
    places = (people.c.upazila_pcode, people.c.lat, people.c.lon)
    key_sum = (func.coalesce(func.sum(people.c.record_key), 0),) if keys else ()
    stmt = select(*places, func.count(), *key_sum).group_by(*places).order_by(*places)
    return _frame(session, stmt, IN_NEED_PLACE_COLUMNS + (("key_sum",) if keys else ()))


def providers_offering(session: Session, _scope: Scope, district: str, service: str) -> pd.DataFrame:
    """``provider_id, name, upazila_pcode, lat, lon, capacity_per_month`` of providers offering
    ``service`` in or near the district. Service points are public: any district's count
    (a returnee near the border may use the one across it), whatever the user's scope."""
    west, south, east, north = bounds(district)
    m = BORDER_MARGIN_DEGREES
    stmt = (select(Provider.id, Provider.name, Provider.upazila_pcode, Provider.lat, Provider.lon,
                   Provider.capacity_per_month)
            .join(ProviderService, ProviderService.provider_id == Provider.id)
            .where(ProviderService.service == service, Provider.lat.between(south - m, north + m),
                   Provider.lon.between(west - m, east + m)))
    return pd.DataFrame(session.execute(stmt).all(),
                        columns=["provider_id", "name", "upazila_pcode", "lat", "lon", "capacity_per_month"])


def other_providers(session: Session, scope: Scope, district: str, service: str) -> pd.DataFrame:
    """Providers in the district that do not offer ``service`` (candidate sites for it)."""
    offering = select(ProviderService.provider_id).where(ProviderService.service == service)
    stmt = (select(Provider.name, Provider.lat, Provider.lon)
            .where(scope.allows(Provider.district_pcode), Provider.district_pcode == district,
                   Provider.id.not_in(offering)))
    return pd.DataFrame(session.execute(stmt).all(), columns=["site", "lat", "lon"])


def fair_venues(session: Session, scope: Scope, district: str, latest: int | None = None) -> pd.DataFrame:
    """``fair_id, venue, held_on, lat, lon`` of the district's migration fairs, oldest first
    (only the ``latest`` ones when given)."""
    stmt = (select(MigrationFair.id, MigrationFair.venue, MigrationFair.held_on, MigrationFair.lat,
                   MigrationFair.lon)
            .where(scope.allows(MigrationFair.district_pcode), MigrationFair.district_pcode == district)
            .order_by(MigrationFair.held_on.desc(), MigrationFair.id.desc()).limit(latest))
    # Plain tuples: pandas builds a frame from SQLAlchemy rows one attribute at a time.
    rows = [tuple(row) for row in session.execute(stmt)][::-1]
    return pd.DataFrame.from_records(rows, columns=["fair_id", "venue", "held_on", "lat", "lon"])


def activity_near_fairs(session: Session, scope: Scope, district: str, first: date,
                        last: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(profiled, referrals) in the district between two dates, by stored location (a
    returnee's home; missing for those without one, whom the analysis places in their
    upazila): ``upazila_pcode, lat, lon, day, events``, ``events`` the returnees profiled, or
    the referrals made, at that place on that day. Each frame has a last column ``key_sum``,
    the sum of those people's record keys (for referrals, once per referral;
    ``dashboard.core.disclosure``)."""
    places = (Returnee.upazila_pcode, Returnee.lat, Returnee.lon, Returnee.profiled_on)
    profiled = (select(*places, func.count(), func.coalesce(func.sum(Returnee.record_key), 0))
                .where(scope.allows(Returnee.district_pcode), Returnee.district_pcode == district,
                       Returnee.profiled_on.between(first, last))
                .group_by(*places))
    referred = (select(ReferralPlace.upazila_pcode, ReferralPlace.lat, ReferralPlace.lon, ReferralPlace.referred_on,
                       ReferralPlace.referrals, ReferralPlace.key_sum)
                .where(scope.allows(ReferralPlace.district_pcode), ReferralPlace.district_pcode == district,
                       ReferralPlace.referred_on.between(first, last)))
    columns = ["upazila_pcode", "lat", "lon", "day", "events"]
    return _frame(session, profiled, [*columns, "key_sum"]), _frame(session, referred, [*columns, "key_sum"])


def district_has_returnees(session: Session, scope: Scope, district: str) -> bool:
    """Whether anyone has been profiled in the district (to tell "no gaps" from "no data")."""
    stmt = select(func.count()).select_from(Returnee).where(scope.allows(Returnee.district_pcode),
                                                            Returnee.district_pcode == district)
    return bool(session.scalar(stmt))


def open_needs_by_service(session: Session, scope: Scope, district: str) -> dict[str, int]:
    """How many needs of each service are open (no assistance received) in the district."""
    o = DistrictOpenNeedSummary  # counted per district and service when the open needs are kept
    stmt = (select(o.service, func.sum(o.needs)).where(o.district_pcode == district, scope.allows(o.district_pcode))
            .group_by(o.service))
    return {str(service): int(n) for service, n in session.execute(stmt) if n}
