"""Pre-aggregated counts the dashboard answers most views from (``dashboard.commands.summaries``).

One row per area x calendar month x filter dimensions: at national scale these tables hold
a fraction of the raw rows, so a national figure with any filter is a short scan instead of
a walk through every returnee. They are derived data, rebuilt from the raw tables in the
same transaction as every write (seed, import, undo); the raw tables stay the truth and
answer everything the summaries cannot (row-level views, day-precise periods, the needs
filter).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base, intpk
from dashboard.models.vocabulary import AgeBand, AwarenessKind, ReturneeStatus, ReturnGroup, Service, Sex


class ReturneeSummary(Base):
    """Returnees counted by upazila, profiling month, plan month and the person filters."""

    __tablename__ = "summary_returnees"
    # A district's upazila map (profiled, plans, unmet needs per upazila) from the index alone.
    __table_args__ = (Index("ix_summary_returnees_district_map", "district_pcode", "profiled_month", "upazila_pcode",
                            "plan_month", "unmet_need", "returnees", "key_sum"),
                      # The country filter lists the countries in scope from this index alone.
                      Index("ix_summary_returnees_country", "country_code", "district_pcode"))

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    profiled_month: Mapped[int]  # year * 100 + month
    plan_month: Mapped[int | None]  # None: no reintegration plan yet
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    status: Mapped[ReturneeStatus]
    country_code: Mapped[str] = mapped_column(String(2))
    # Has a need with no assistance received for it (the map's "unmet need" definition).
    unmet_need: Mapped[bool]
    returnees: Mapped[int] = mapped_column(Integer)
    # Sums over the group's returnees, for headquarters' rates: needs assessed, needs met
    # (assistance received for them), people first referred within 30 days of return.
    needs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    needs_met: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    assisted_30d: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Sum of the people's record keys (dashboard.core.disclosure): sums compose, so any cell made of
    # these rows has its key sum beside its count.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class AwarenessSummary(Base):
    """Awareness activities and people reached by upazila, month and kind."""

    __tablename__ = "summary_awareness"
    __table_args__ = (Index("ix_summary_awareness_district", "district_pcode", "month"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    month: Mapped[int]
    kind: Mapped[AwarenessKind]
    activities: Mapped[int]
    people_reached: Mapped[int]


class HotlineSummary(Base):
    """Hotline calls by district and month (calls without a district are not counted per area)."""

    __tablename__ = "summary_hotline"

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12), index=True)
    month: Mapped[int]
    calls: Mapped[int]


class OpenNeed(Base):
    """One returnee's need that no received assistance has met yet, with what the gap page
    filters and shows (a materialised view of returnees x needs x assistance)."""

    __tablename__ = "summary_open_needs"
    # The gap page counts a district's open needs of one service per place and upazila over a
    # period: covered by this index, it never visits the rows (a large district has 100,000).
    __table_args__ = (Index("ix_summary_open_needs_places", "district_pcode", "service", "profiled_on",
                            "upazila_pcode", "lat", "lon", "record_key"),)

    id: Mapped[intpk]
    returnee_id: Mapped[int] = mapped_column(index=True)  # an import refreshes its people's rows
    service: Mapped[Service]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(24))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    profiled_on: Mapped[date]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    status: Mapped[ReturneeStatus]
    country_code: Mapped[str] = mapped_column(String(2))
    # The returnee's record key (dashboard.core.disclosure): key sums per place without a join.
    record_key: Mapped[int] = mapped_column(server_default="0")


class ReferralPlace(Base):
    """Referrals made on each day from each stored location (a returnee's home, or none: the
    upazila is then where they count) of each upazila.

    The fair comparison counts referrals near a district's recent fairs in the months around
    them; read from the raw tables it joined every returnee of the district to their
    referrals (all 230,000 of the largest district at national scale, by index probes on
    SQLite and a hash join on PostgreSQL) to keep the few thousand of those weeks. Here they
    are one range of the index below."""

    __tablename__ = "summary_referral_places"
    __table_args__ = (Index("ix_summary_referral_places_days", "district_pcode", "referred_on", "upazila_pcode",
                            "lat", "lon", "referrals"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    referred_on: Mapped[date]
    referrals: Mapped[int]
    # Sum of the referred people's record keys, once per referral (dashboard.core.disclosure): a
    # count of referrals near a fair is published from it below headquarters.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class AssistanceSummary(Base):
    """People counted for each assistance figure, by upazila, the month of a qualifying
    event, the month of that person's previous one for the figure, and the person filters.

    People are not additive over months (someone referred in March and May is one person
    in March-May), but this is: a person counts for months a..b exactly once, at their
    first event in a..b, the one whose previous event (``prev_month``) is before a or none.
    """

    __tablename__ = "summary_assistance"
    __table_args__ = (Index("ix_summary_assistance_district", "district_pcode", "figure"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    figure: Mapped[str] = mapped_column(String(32))
    month: Mapped[int]
    prev_month: Mapped[int | None]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    status: Mapped[ReturneeStatus]
    country_code: Mapped[str] = mapped_column(String(2))
    people: Mapped[int]
    # Sum of the people's record keys (dashboard.core.disclosure): sums compose, so any cell made of
    # these rows has its key sum beside its count.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


# Rollups ------------------------------------------------------------------------------------------
# The national map, the national and district KPI cards, the ranking and the series never
# need an upazila, and are nearly always filtered (if at all) by sex, age band or return
# group. Status and country multiply the rows about fourfold and the upazila about
# fivefold, so these copies of the summaries without them hold a fifth to an eighth of the
# rows; dashboard.queries.summaries reads them whenever they answer the question. They are
# rolled up from the summaries above (never from the raw tables) in the same refresh.


class DistrictReturneeSummary(Base):
    """:class:`ReturneeSummary` per district, without status and country."""

    __tablename__ = "summary_returnees_district"
    __table_args__ = (Index("ix_summary_returnees_district_district", "district_pcode", "profiled_month"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    profiled_month: Mapped[int]
    plan_month: Mapped[int | None]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    unmet_need: Mapped[bool]
    returnees: Mapped[int] = mapped_column(Integer)
    needs: Mapped[int] = mapped_column(Integer)
    needs_met: Mapped[int] = mapped_column(Integer)
    assisted_30d: Mapped[int] = mapped_column(Integer)
    # Sum of the people's record keys (dashboard.core.disclosure): sums compose, so any cell made of
    # these rows has its key sum beside its count.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class UpazilaReturneeSummary(Base):
    """Returnees profiled per upazila, month, sex, age band and return group: the returnee
    circles on the national and district maps (a fifth of :class:`ReturneeSummary`'s rows)."""

    __tablename__ = "summary_returnees_upazila"
    __table_args__ = (Index("ix_summary_returnees_upazila_district", "district_pcode", "profiled_month"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    profiled_month: Mapped[int]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    returnees: Mapped[int] = mapped_column(Integer)
    # Sum of the people's record keys (dashboard.core.disclosure): sums compose, so any cell made of
    # these rows has its key sum beside its count.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class DistrictAssistanceSummary(Base):
    """:class:`AssistanceSummary` per district, without status and country."""

    __tablename__ = "summary_assistance_district"
    __table_args__ = (Index("ix_summary_assistance_district_district", "district_pcode", "figure"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    figure: Mapped[str] = mapped_column(String(32))
    month: Mapped[int]
    prev_month: Mapped[int | None]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]
    people: Mapped[int]
    # Sum of the people's record keys (dashboard.core.disclosure): sums compose, so any cell made of
    # these rows has its key sum beside its count.
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class DistrictAwarenessSummary(Base):
    """:class:`AwarenessSummary` per district."""

    __tablename__ = "summary_awareness_district"
    __table_args__ = (Index("ix_summary_awareness_district_district", "district_pcode", "month"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    month: Mapped[int]
    kind: Mapped[AwarenessKind]
    activities: Mapped[int]
    people_reached: Mapped[int]
