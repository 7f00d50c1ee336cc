"""Referrals from the returnees of one district to the providers they were sent to, per
upazila (where the returnees live), provider and service: the map's referral flows.

A whole-month period is answered from the summaries: ``ReferralFlowTotals`` without person
filters (the map's default, every preset), ``ReferralFlowSummary`` with sex, age band or
return group; a day-precise period or another person filter (status, country, needs) reads
the referrals themselves. Both give the same figures (``tests/test_summaries.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.models import Assistance, Provider, ReferralFlowSummary, ReferralFlowTotals, Returnee
from dashboard.models.vocabulary import AssistanceOutcome
from dashboard.queries.conditions import in_area, in_period, on_returnees
from dashboard.queries.summaries import in_months, month_key, people_condition, people_rolled_up, whole_months


@dataclass(frozen=True, slots=True)
class FlowCell:
    """Referrals made in the period from one upazila to one provider for one service: how
    many people and referrals, how many received and pending, each count with the key sum of
    the people behind it (``dashboard.core.disclosure``; never shown)."""

    upazila_pcode: str
    provider_id: int
    service: str
    people: int
    people_keys: int
    referrals: int
    referral_keys: int
    received: int
    received_keys: int
    pending: int
    pending_keys: int


@dataclass(frozen=True, slots=True)
class FlowProvider:
    """Where a provider of the flows is, and its name."""

    id: int
    name: str
    organisation: str
    upazila_pcode: str
    lat: float
    lon: float


def referral_flows(session: Session, scope: Scope, district: str, filters: Filters) -> list[FlowCell]:
    """The district's referrals to providers in scope, made in the period, of returnees
    matching the person filters (and in the chosen upazila, when one is), per upazila,
    provider and service, in that order."""
    if whole_months(filters) and people_rolled_up(filters):
        return summary_flows(session, scope, district, filters)
    return raw_flows(session, scope, district, filters)


def _cells(rows: Any) -> list[FlowCell]:
    return [FlowCell(upazila, int(provider), str(getattr(service, "value", service)),
                     *(int(value or 0) for value in counts))
            for upazila, provider, service, *counts in rows]


def summary_flows(session: Session, scope: Scope, district: str, filters: Filters) -> list[FlowCell]:
    """:func:`referral_flows` from the summaries (whole-month period, person filters among sex,
    age band and return group only): people at their first month on the line inside the
    period, referrals in every month of it."""
    f: Any = ReferralFlowSummary if filters.people else ReferralFlowTotals
    first_inside: ColumnElement[bool] = (f.prev_month.is_(None) if filters.start is None else
                                         or_(f.prev_month.is_(None), f.prev_month < month_key(filters.start)))

    def first(measure: Any) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((first_inside, measure), else_=0)), 0)

    stmt = (select(f.upazila_pcode, f.provider_id, f.service, first(f.people), first(f.people_keys),
                   *(func.sum(m) for m in (f.referrals, f.referral_keys, f.received, f.received_keys, f.pending,
                                           f.pending_keys)))
            .join(Provider, Provider.id == f.provider_id)
            .where(f.district_pcode == district, scope.allows(f.district_pcode), scope.allows(Provider.district_pcode),
                   in_months(filters, f.month), in_area(filters, f.district_pcode, f.upazila_pcode),
                   people_condition(filters, f))
            .group_by(f.upazila_pcode, f.provider_id, f.service)
            .order_by(f.upazila_pcode, f.provider_id, f.service))
    return _cells(session.execute(stmt))


def raw_flows(session: Session, scope: Scope, district: str, filters: Filters) -> list[FlowCell]:
    """:func:`referral_flows` from the referrals themselves (any period and person filters).
    One query: per person first (so people are counted once per line, with their record key
    once), then per line."""
    received = case((Assistance.outcome == AssistanceOutcome.RECEIVED, 1), else_=0)
    pending = case((Assistance.outcome == AssistanceOutcome.PENDING, 1), else_=0)
    per_person = (
        select(Returnee.upazila_pcode.label("upazila"), Assistance.provider_id.label("provider"),
               Assistance.service.label("service"), Returnee.record_key.label("key"),
               func.count().label("n"), func.sum(received).label("r"), func.sum(pending).label("p"))
        .join(Returnee, Returnee.id == Assistance.returnee_id)
        .join(Provider, Provider.id == Assistance.provider_id)
        .where(Returnee.district_pcode == district, scope.allows(Returnee.district_pcode),
               scope.allows(Provider.district_pcode), in_period(filters, Assistance.referred_on),
               in_area(filters, Returnee.district_pcode, Returnee.upazila_pcode), on_returnees(filters))
        .group_by(Returnee.upazila_pcode, Assistance.provider_id, Assistance.service, Returnee.id,
                  Returnee.record_key)
        .subquery())
    p = per_person.c
    stmt = (select(p.upazila, p.provider, p.service, func.count(), func.sum(p.key), func.sum(p.n),
                   func.sum(p.n * p.key), func.sum(p.r), func.sum(p.r * p.key), func.sum(p.p), func.sum(p.p * p.key))
            .group_by(p.upazila, p.provider, p.service)
            .order_by(p.upazila, p.provider, p.service))
    return _cells(session.execute(stmt))


def flow_providers(session: Session, scope: Scope, ids: set[int]) -> dict[int, FlowProvider]:
    """The providers of the flows (by id), in scope."""
    if not ids:
        return {}
    rows = session.execute(select(Provider.id, Provider.name, Provider.organisation, Provider.upazila_pcode,
                                  Provider.lat, Provider.lon)
                           .where(Provider.id.in_(sorted(ids)), scope.allows(Provider.district_pcode)))
    return {row.id: FlowProvider(*row) for row in rows}
