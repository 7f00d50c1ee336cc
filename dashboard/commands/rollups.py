"""Which rollups each summary has, and how a rollup's rows are made from a summary's.

A rollup (``dashboard.models.rollups``) keeps some of a summary's dimensions and sums its
measures over the rest; the all-time totals also reduce their months to "present" (0) or
"missing" (NULL). The full rebuild (``dashboard.commands.summaries``) and the import's
additions (``dashboard.commands.summary_additions``) both make rollup rows from these.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, case, literal, null

from dashboard.models import (
    AssistanceSummary,
    AwarenessSummary,
    CountryReturneeSummary,
    DistrictAssistanceSummary,
    DistrictAwarenessSummary,
    DistrictReturneeSummary,
    HotlineAreaSummary,
    HotlineCallSummary,
    MapReturneeSummary,
    ReferralFlowSummary,
    ReferralFlowTotals,
    ReturneeSummary,
    UpazilaReturneeSummary,
)
from dashboard.models.rollups import ALL_TIME_TOTALS, MONTH_COLUMNS

FLOW_DIMENSIONS = ("district_pcode", "upazila_pcode", "provider_id", "service", "month", "prev_month")
FLOW_MEASURES = ("people", "people_keys", "referrals", "referral_keys", "received", "received_keys", "pending",
                 "pending_keys")

# name: (the summary it rolls up, the rollup, the dimensions kept, the measures summed)
ROLLUPS: dict[str, tuple[str, type[Any], tuple[str, ...], tuple[str, ...]]] = {
    "returnees_district": ("returnees", DistrictReturneeSummary,
                           ("district_pcode", "profiled_month", "plan_month", "sex", "age_band", "return_group",
                            "unmet_need"), ("returnees", "needs", "needs_met", "assisted_30d", "key_sum")),
    "returnees_upazila": ("returnees", UpazilaReturneeSummary,
                          ("district_pcode", "upazila_pcode", "profiled_month", "sex", "age_band", "return_group"),
                          ("returnees", "key_sum")),
    "returnees_map": ("returnees", MapReturneeSummary,
                      ("district_pcode", "upazila_pcode", "profiled_month", "plan_month", "unmet_need"),
                      ("returnees", "key_sum")),
    "returnee_countries": ("returnees", CountryReturneeSummary, ("district_pcode", "country_code"), ("returnees",)),
    "assistance_district": ("assistance", DistrictAssistanceSummary,
                            ("district_pcode", "figure", "month", "prev_month", "sex", "age_band", "return_group"),
                            ("people", "key_sum")),
    "awareness_district": ("awareness", DistrictAwarenessSummary, ("district_pcode", "month", "kind"),
                           ("activities", "people_reached")),
    "referral_flow_totals": ("referral_flows", ReferralFlowTotals, FLOW_DIMENSIONS, FLOW_MEASURES),
    "hotline_areas": ("hotline_calls", HotlineAreaSummary, ("district_pcode", "upazila_pcode", "month"),
                      ("calls", "key_sum", "referred", "referred_keys", "not_referred", "not_referred_keys")),
}
# The all-time totals (``dashboard.models.rollups``), named after their rollups: a rollup's
# source, dimensions and measures, its months reduced to "present" (0) or "missing" (NULL), the
# only thing a question about the whole time asks of them.
ROLLUPS |= {f"{name}_total": (source, ALL_TIME_TOTALS[model], dimensions, measures)
            for name, (source, model, dimensions, measures) in list(ROLLUPS.items()) if model in ALL_TIME_TOTALS}
# The summary model each rollup is made from, by the summary's name.
SOURCES = {"returnees": ReturneeSummary, "assistance": AssistanceSummary, "awareness": AwarenessSummary,
           "hotline_calls": HotlineCallSummary, "referral_flows": ReferralFlowSummary}


def rollups_of(name: str) -> dict[str, tuple[type[Any], tuple[str, ...], tuple[str, ...]]]:
    """The rollups of summary ``name``: each one's model, dimensions and measures (their
    values from a summary's columns: :func:`rolled_dimensions`)."""
    return {rollup: (model, dimensions, measures)
            for rollup, (source, model, dimensions, measures) in ROLLUPS.items() if source == name}


def whole_time(month: SQLColumnExpression[Any]) -> ColumnElement[int | None]:
    """A month as the all-time totals keep it: 0 when there is one, NULL when there is none."""
    return case((month.is_(None), null()), else_=literal(0))


def rolled_dimensions(rollup: str, columns: Any) -> list[ColumnElement[Any]]:
    """Rollup ``rollup``'s dimensions taken from ``columns`` (a table's ``c`` or a model), each
    labelled with its name: the totals' months through :func:`whole_time`."""
    _source, model, dimensions, _measures = ROLLUPS[rollup]
    months = MONTH_COLUMNS if model in ALL_TIME_TOTALS.values() else frozenset()
    return [(whole_time(getattr(columns, d)) if d in months else getattr(columns, d)).label(d) for d in dimensions]
