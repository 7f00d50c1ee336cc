"""What the map can show: choropleth metrics and the breakdowns of the returnees layer.

Names only; ``dashboard.queries.metrics`` computes the values. A value of
``None`` means "no data" (a share with no returnees behind it, DCC meetings
where there is no DCC); a count of nothing is ``0``. The map shows the two
differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from geodata import Level


class Metric(StrEnum):
    """What the choropleth colours areas by."""

    RETURNEES = "returnees"
    RETURNEES_PER_100_SQKM = "returnees_per_100_sqkm"
    PLAN_SHARE = "plan_share"
    UNMET_NEED_SHARE = "unmet_need_share"
    AWARENESS_REACH = "awareness_reach"
    FAIRS = "fairs"
    DCC_MEETINGS = "dcc_meetings"
    HOTLINE_CALLS = "hotline_calls"


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is shown: unit ("count", "share" in %, "density"), the levels it exists
    at, and whether it counts returnees (and so follows the person filters)."""

    unit: str
    district_only: bool = False
    about_returnees: bool = False


SPECS: dict[Metric, MetricSpec] = {
    Metric.RETURNEES: MetricSpec("count", about_returnees=True),
    Metric.RETURNEES_PER_100_SQKM: MetricSpec("density", about_returnees=True),
    Metric.PLAN_SHARE: MetricSpec("share", about_returnees=True),
    Metric.UNMET_NEED_SHARE: MetricSpec("share", about_returnees=True),
    Metric.AWARENESS_REACH: MetricSpec("count"),
    Metric.FAIRS: MetricSpec("count"),
    Metric.DCC_MEETINGS: MetricSpec("count", district_only=True),
    Metric.HOTLINE_CALLS: MetricSpec("count", district_only=True),
}


def available_metrics(level: Level) -> list[Metric]:
    """Metrics defined at ``level`` (committees and hotline calls are per district)."""
    return [m for m, spec in SPECS.items() if level == Level.DISTRICT or not spec.district_only]


# Ways to colour the returnees layer: person filters with one value per person
# (labels and values come from their declaration in dashboard.core.filters).
BREAKDOWNS: tuple[str, ...] = ("return_group", "sex", "status")
DEFAULT_BREAKDOWN = "return_group"
