"""Rollups of the summaries (``dashboard.models.summaries``), for the questions that need
fewer of their columns.

The national map, the national and district KPI cards, the ranking and the series never
need an upazila, and are nearly always filtered (if at all) by sex, age band or return
group. Status and country multiply the rows about fourfold and the upazila about
fivefold, so these copies of the summaries without them hold a fifth to an eighth of the
rows; dashboard.queries.summaries reads them whenever they answer the question. They are
rolled up from the summaries (never from the raw tables) in the same refresh
(``dashboard.commands.rollups.ROLLUPS``). The rollups that share their source's measures
(``ReferralFlowTotals``, ``HotlineAreaSummary``) stay beside it in ``summaries``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.models.base import Base, intpk
from dashboard.models.vocabulary import AgeBand, AwarenessKind, ReturnGroup, Service, Sex


class _DistrictReturneeColumns:
    """The columns of the district returnee rollup and of its all-time totals."""

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


class DistrictReturneeSummary(_DistrictReturneeColumns, Base):
    """:class:`ReturneeSummary` per district, without status and country."""

    __tablename__ = "summary_returnees_district"
    __table_args__ = (Index("ix_summary_returnees_district_district", "district_pcode", "profiled_month"),)


class _UpazilaReturneeColumns:
    """The columns of the upazila returnee rollup and of its all-time totals."""

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


class UpazilaReturneeSummary(_UpazilaReturneeColumns, Base):
    """Returnees profiled per upazila, month, sex, age band and return group: the returnee
    circles on the national and district maps (a fifth of :class:`ReturneeSummary`'s rows)."""

    __tablename__ = "summary_returnees_upazila"
    __table_args__ = (Index("ix_summary_returnees_upazila_district", "district_pcode", "profiled_month"),)


class _MapReturneeColumns:
    """The columns of the map's returnee rollup and of its all-time totals."""

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    profiled_month: Mapped[int]
    plan_month: Mapped[int | None]
    unmet_need: Mapped[bool]
    returnees: Mapped[int] = mapped_column(Integer)
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class MapReturneeSummary(_MapReturneeColumns, Base):
    """Returnees profiled per upazila, profiling month, plan month and unmet need, without the
    person columns: the map's returnee cells (profiled, with a plan, with an unmet need) when no
    person filter is set, as on a map first opened. An eighth of :class:`ReturneeSummary`'s
    rows: a district's cells in a few milliseconds, the country's upazilas (the awareness and
    hotline layers' denominator) in tens instead of a hundred."""

    __tablename__ = "summary_returnees_map"
    # A district's cells from the index alone, as ix_summary_returnees_district_map does.
    __table_args__ = (Index("ix_summary_returnees_map_district", "district_pcode", "profiled_month", "upazila_pcode",
                            "plan_month", "unmet_need", "returnees", "key_sum"),)


class CountryReturneeSummary(Base):
    """Returnees per district and country of return: the country filter's choices, which every
    page's first load lists for the reader's scope (64 districts by a few dozen countries,
    where reading them from :class:`ReturneeSummary`'s country index walked all its rows)."""

    __tablename__ = "summary_returnee_countries"
    __table_args__ = (Index("ix_summary_returnee_countries_district", "district_pcode", "country_code"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    country_code: Mapped[str] = mapped_column(String(2))
    returnees: Mapped[int] = mapped_column(Integer)


class _DistrictAssistanceColumns:
    """The columns of the district assistance rollup and of its all-time totals."""

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


class DistrictAssistanceSummary(_DistrictAssistanceColumns, Base):
    """:class:`AssistanceSummary` per district, without status and country."""

    __tablename__ = "summary_assistance_district"
    __table_args__ = (Index("ix_summary_assistance_district_district", "district_pcode", "figure"),)


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


class DistrictOpenNeedSummary(Base):
    """Open needs (:class:`OpenNeed`, one row per person and service) counted per district and
    service: the brief's "which services have most people waiting". Counting them from the open
    needs walked 587,000 index entries for the largest district (about 100 ms on PostgreSQL)."""

    __tablename__ = "summary_open_needs_district"
    __table_args__ = (Index("ix_summary_open_needs_district_district", "district_pcode", "service"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    service: Mapped[Service]
    needs: Mapped[int]


class OpenNeedPlaceTotal(Base):
    """Open needs (:class:`OpenNeed`) counted per district, service and place (upazila and
    stored location) over the whole time, with their record keys summed: the gap finder's
    people per place when no period or person filter narrows them. Grouping a large district's
    open needs for one service read 51,700 index entries for 1,100 places (24 ms on PostgreSQL
    at scale 1000), on every gap analysis, the outcomes page's gap table and the brief."""

    __tablename__ = "summary_open_need_places"
    __table_args__ = (Index("ix_summary_open_need_places_district", "district_pcode", "service"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    service: Mapped[Service]
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    people: Mapped[int]
    key_sum: Mapped[int] = mapped_column(BigInteger)


# The all-time totals: the rollups above with every month set to 0 (and a month that may be
# missing, a plan's or an earlier referral's, to 0 or NULL as it was). A question about the
# whole time (no start, no end: every page's first view) tests months only for being present,
# so these answer it exactly from a twelfth to a fortieth of the rows at scale 1000
# (``dashboard.queries.summaries.totals_for``).


class DistrictReturneeTotal(_DistrictReturneeColumns, Base):
    """:class:`DistrictReturneeSummary` over the whole time."""

    __tablename__ = "summary_returnees_district_total"
    __table_args__ = (Index("ix_summary_returnees_district_total_district", "district_pcode"),)


class UpazilaReturneeTotal(_UpazilaReturneeColumns, Base):
    """:class:`UpazilaReturneeSummary` over the whole time."""

    __tablename__ = "summary_returnees_upazila_total"
    __table_args__ = (Index("ix_summary_returnees_upazila_total_district", "district_pcode", "upazila_pcode"),)


class MapReturneeTotal(_MapReturneeColumns, Base):
    """:class:`MapReturneeSummary` over the whole time."""

    __tablename__ = "summary_returnees_map_total"
    __table_args__ = (Index("ix_summary_returnees_map_total_district", "district_pcode", "upazila_pcode"),)


class DistrictAssistanceTotal(_DistrictAssistanceColumns, Base):
    """:class:`DistrictAssistanceSummary` over the whole time."""

    __tablename__ = "summary_assistance_district_total"
    __table_args__ = (Index("ix_summary_assistance_district_total_district", "district_pcode", "figure"),)


# Each rollup's all-time totals, and the month columns the totals keep as 0 or NULL: read by
# the rebuild (``dashboard.commands.summaries``) and by the queries' ``totals_for``.
ALL_TIME_TOTALS: dict[type[Base], type[Base]] = {
    DistrictReturneeSummary: DistrictReturneeTotal, UpazilaReturneeSummary: UpazilaReturneeTotal,
    MapReturneeSummary: MapReturneeTotal, DistrictAssistanceSummary: DistrictAssistanceTotal}
MONTH_COLUMNS = frozenset({"profiled_month", "plan_month", "month", "prev_month"})
