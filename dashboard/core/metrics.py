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
    # Hotline calls per 10,000 returnees profiled in the same area and period (core.hotline).
    HOTLINE_PER_10K_RETURNEES = "hotline_per_10k_returnees"
    # People reached by awareness activities per returnee profiled in the same area and period.
    AWARENESS_PER_RETURNEE = "awareness_per_returnee"
    # Reintegration outcomes (issue 29): mean scores (0-1) of the follow-up surveys of
    # OUTCOME_ROUND months after return, and the share scoring at least outcomes.GOOD_SCORE.
    SCORE_COMPOSITE = "score_composite"
    SCORE_ECONOMIC = "score_economic"
    SCORE_SOCIAL = "score_social"
    SCORE_PSYCHOSOCIAL = "score_psychosocial"
    SCORE_GOOD_SHARE = "score_good_share"


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is shown: unit ("count", "share" in %, "density", "score" from 0 to 1,
    "ratio" to one decimal), the levels it exists at, whether it counts returnees (and so follows
    the person filters), whether below headquarters its counts are published through the
    disclosure layer although they are not returnees (``perturbed``: hotline calls, which may be
    about vulnerable people), and for an outcome metric its score dimension (scores are per
    survey round, not per period)."""

    unit: str
    district_only: bool = False
    about_returnees: bool = False
    perturbed: bool = False
    outcome: str = ""  # the score dimension of a reintegration outcome metric ("composite", ...)


SPECS: dict[Metric, MetricSpec] = {
    Metric.RETURNEES: MetricSpec("count", about_returnees=True),
    Metric.RETURNEES_PER_100_SQKM: MetricSpec("density", about_returnees=True),
    Metric.PLAN_SHARE: MetricSpec("share", about_returnees=True),
    Metric.UNMET_NEED_SHARE: MetricSpec("share", about_returnees=True),
    Metric.AWARENESS_REACH: MetricSpec("count"),
    Metric.FAIRS: MetricSpec("count"),
    Metric.DCC_MEETINGS: MetricSpec("count", district_only=True),
    Metric.HOTLINE_CALLS: MetricSpec("count", perturbed=True),
    # Both its counts (calls, returnees) are published below headquarters; a ratio, never summed.
    Metric.HOTLINE_PER_10K_RETURNEES: MetricSpec("ratio"),
    # Its denominator is returnees (person filters apply to it), published below headquarters.
    Metric.AWARENESS_PER_RETURNEE: MetricSpec("ratio"),
    Metric.SCORE_COMPOSITE: MetricSpec("score", outcome="composite"),
    Metric.SCORE_ECONOMIC: MetricSpec("score", outcome="economic"),
    Metric.SCORE_SOCIAL: MetricSpec("score", outcome="social"),
    Metric.SCORE_PSYCHOSOCIAL: MetricSpec("score", outcome="psychosocial"),
    Metric.SCORE_GOOD_SHARE: MetricSpec("share", outcome="composite"),
}
# The survey round (months after return) the map's outcome metrics are for; the outcome page
# (/outcomes) lets the reader choose any round.
OUTCOME_ROUND = 12


def available_metrics(level: Level) -> list[Metric]:
    """Metrics defined at ``level`` (committees are per district)."""
    return [m for m, spec in SPECS.items() if level == Level.DISTRICT or not spec.district_only]


# Ways to colour the returnees layer: person filters with one value per person
# (labels and values come from their declaration in dashboard.core.filters).
BREAKDOWNS: tuple[str, ...] = ("return_group", "sex", "status")
DEFAULT_BREAKDOWN = "return_group"
