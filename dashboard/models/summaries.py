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
from dashboard.models.vocabulary import (
    ActionStatus,
    AgeBand,
    AwarenessKind,
    HotlineCaller,
    HotlineTopic,
    ReturneeStatus,
    ReturnGroup,
    Service,
    Sex,
)


class ReturneeSummary(Base):
    """Returnees counted by upazila, profiling month, plan month and the person filters."""

    __tablename__ = "summary_returnees"
    # A district's upazila map (profiled, plans, unmet needs per upazila) from the index alone.
    __table_args__ = (Index("ix_summary_returnees_district_map", "district_pcode", "profiled_month", "upazila_pcode",
                            "plan_month", "unmet_need", "returnees", "key_sum"),
                      # The country filter lists the countries in scope from this index alone.
                      Index("ix_summary_returnees_country", "country_code", "district_pcode"),
                      # One upazila's figures (its KPI cards and detail panel): the district index
                      # above walked every month of the district to find them (23 ms at scale 1000).
                      # Led by the district too, as ``in_area`` asks for an upazila (migration 0029).
                      Index("ix_summary_returnees_upazila", "district_pcode", "upazila_pcode", "profiled_month"))

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


class ReferralFlowMeasures:
    """What both referral-flow summaries count, per line (upazila -> provider, service) and month.

    A person referred to one provider for one service in several months must count once in any
    period, so each row also holds the month of the same person's previous referral on that
    line (``prev_month``, None for their first): a period counts a person at their first month
    inside it (``prev_month`` before the period's start, or None), the way
    :class:`AssistanceSummary` counts people."""

    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    provider_id: Mapped[int] = mapped_column(Integer)
    service: Mapped[Service]
    month: Mapped[int]
    prev_month: Mapped[int | None]
    # People whose referrals on this line in this month follow one in prev_month, and the sum of
    # their record keys (dashboard.core.disclosure).
    people: Mapped[int] = mapped_column(Integer)
    people_keys: Mapped[int] = mapped_column(BigInteger)
    # Their referrals, received and pending among them, each with its key sum (a person's key once per referral).
    referrals: Mapped[int] = mapped_column(Integer)
    referral_keys: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(Integer)
    received_keys: Mapped[int] = mapped_column(BigInteger)
    pending: Mapped[int] = mapped_column(Integer)
    pending_keys: Mapped[int] = mapped_column(BigInteger)


class ReferralFlowSummary(ReferralFlowMeasures, Base):
    """Referrals from each upazila (where the returnees live) to each provider for each service,
    by month and by the person filters the district rollups keep (sex, age band, return group):
    the map's referral flows for a whole-month period with those filters. Read from the raw
    tables, the largest district's flows grouped 210,000 referrals per person on every render."""

    __tablename__ = "summary_referral_flows"
    __table_args__ = (Index("ix_summary_referral_flows_district", "district_pcode", "month"),)

    id: Mapped[intpk]
    sex: Mapped[Sex]
    age_band: Mapped[AgeBand]
    return_group: Mapped[ReturnGroup]


class ReferralFlowTotals(ReferralFlowMeasures, Base):
    """:class:`ReferralFlowSummary` without the person filters (a person has one sex, age band
    and return group, so their people add up): the map's default view reads a fifth of the rows."""

    __tablename__ = "summary_referral_flow_totals"
    __table_args__ = (Index("ix_summary_referral_flow_totals_district", "district_pcode", "month"),)

    id: Mapped[intpk]


class OutcomeSummary(Base):
    """Follow-up scores by the returnees' district and upazila, survey round and return
    quarter: for each score (composite and the three dimensions) the people scored, their
    key sum, the sum of their scores, and how many of them (with their key sum) scored at least
    ``dashboard.core.outcomes.GOOD_SCORE``. The outcome map and the cohort curves read a few
    thousand rows instead of joining 1.8 million surveys to their returnees."""

    __tablename__ = "summary_outcomes"
    __table_args__ = (Index("ix_summary_outcomes_district", "district_pcode", "round_months"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    upazila_pcode: Mapped[str] = mapped_column(String(12))
    round_months: Mapped[int]
    return_year: Mapped[int]
    return_quarter: Mapped[int]
    composite_people: Mapped[int] = mapped_column(Integer)
    composite_keys: Mapped[int] = mapped_column(BigInteger)
    composite_total: Mapped[float]
    composite_good: Mapped[int] = mapped_column(Integer)
    composite_good_keys: Mapped[int] = mapped_column(BigInteger)
    economic_people: Mapped[int] = mapped_column(Integer)
    economic_keys: Mapped[int] = mapped_column(BigInteger)
    economic_total: Mapped[float]
    economic_good: Mapped[int] = mapped_column(Integer)
    economic_good_keys: Mapped[int] = mapped_column(BigInteger)
    social_people: Mapped[int] = mapped_column(Integer)
    social_keys: Mapped[int] = mapped_column(BigInteger)
    social_total: Mapped[float]
    social_good: Mapped[int] = mapped_column(Integer)
    social_good_keys: Mapped[int] = mapped_column(BigInteger)
    psychosocial_people: Mapped[int] = mapped_column(Integer)
    psychosocial_keys: Mapped[int] = mapped_column(BigInteger)
    psychosocial_total: Mapped[float]
    psychosocial_good: Mapped[int] = mapped_column(Integer)
    psychosocial_good_keys: Mapped[int] = mapped_column(BigInteger)


class HotlineMeasures:
    """What both hotline summaries count: calls, referred calls and calls not referred (the
    rest were not recorded), each with its calls' record-key sum (dashboard.core.disclosure)."""

    calls: Mapped[int] = mapped_column(Integer)
    key_sum: Mapped[int] = mapped_column(BigInteger)
    referred: Mapped[int] = mapped_column(Integer)
    referred_keys: Mapped[int] = mapped_column(BigInteger)
    not_referred: Mapped[int] = mapped_column(Integer)
    not_referred_keys: Mapped[int] = mapped_column(BigInteger)


class HotlineCallSummary(HotlineMeasures, Base):
    """Hotline calls by caller's district and upazila (None: not known), month, topic and caller
    type (None: not recorded), with how many were referred to a service and how many were not
    (the rest: not recorded), each with its calls' record-key sum: every figure of the hotline
    layer and breakdown for a whole-month period and any choice of topics, callers and
    referral. Six million calls at national scale fold into about a tenth of the rows. Calls
    whose district is not known are kept (district None): headquarters' national breakdown
    counts every call."""

    __tablename__ = "summary_hotline_calls"
    __table_args__ = (Index("ix_summary_hotline_calls_district", "district_pcode", "month"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str | None] = mapped_column(String(12))
    upazila_pcode: Mapped[str | None] = mapped_column(String(12))
    month: Mapped[int]
    topic: Mapped[HotlineTopic]
    caller_type: Mapped[HotlineCaller | None]


class HotlineAreaSummary(HotlineMeasures, Base):
    """:class:`HotlineCallSummary` per area and month, for the whole hotline (no topic or caller
    chosen, the default): the national map's layer reads a few thousand rows."""

    __tablename__ = "summary_hotline_areas"
    # The map's cells from the index alone.
    __table_args__ = (Index("ix_summary_hotline_areas_map", "district_pcode", "month", "upazila_pcode", "calls",
                            "key_sum", "referred", "referred_keys", "not_referred", "not_referred_keys"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str | None] = mapped_column(String(12))
    upazila_pcode: Mapped[str | None] = mapped_column(String(12))
    month: Mapped[int]


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
    # By upazila too: one upazila's figures read 239,000 rows of its district's index (33 ms at
    # scale 1000); led by the district as ``in_area`` asks for an upazila (migration 0029).
    __table_args__ = (Index("ix_summary_assistance_district", "district_pcode", "figure"),
                      Index("ix_summary_assistance_upazila", "district_pcode", "upazila_pcode", "figure"))

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


class ActionItemSummary(Base):
    """A committee's action items counted by the day of the meeting that raised them, their
    status, the due date of the open ones and whether the done ones were done on time: all the
    tallies of ``dashboard.core.dcc`` need (open, overdue at any date, on time, counted).

    The raw items are reached only through their meetings, one index lookup per meeting: a
    district's tally took 20-25 ms at scale 1000 and the national ranking's 38 ms (4,800
    meetings a committee). Meeting days are kept whole, so any period, not only whole months,
    is answered here; the done and dropped items of a day collapse into one or two rows.
    """

    __tablename__ = "summary_action_items"
    __table_args__ = (Index("ix_summary_action_items_district", "district_pcode", "held_on"),)

    id: Mapped[intpk]
    district_pcode: Mapped[str] = mapped_column(String(12))
    held_on: Mapped[date]  # the day of the meeting that raised the items
    status: Mapped[ActionStatus]
    open_due: Mapped[date | None]  # the due date of open items; None for done and dropped ones
    on_time: Mapped[bool]  # done on or before the due date
    items: Mapped[int]
