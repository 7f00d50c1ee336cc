"""The map's score metrics for a chosen follow-up survey round (issue 29): their values, their
label naming the round, and the rounds offered (the picker: ``round_picker``).

The round is part of the map's state (``ViewState.outcome_round``, URL key ``round``, default
``core.metrics.OUTCOME_ROUND``: 12 months after return). Headquarters read exact means and
shares; below headquarters they come from the outcome page's published ones
(``features.outcomes.data.by_area``: hidden under the threshold, moved a little above it).
"""

from __future__ import annotations

from typing import Any

from dashboard.core import guard, outcomes
from dashboard.core.cache import cached
from dashboard.core.guard import reader_scope, require_area
from dashboard.core.metrics import OUTCOME_ROUND, SPECS
from dashboard.core.privacy import Hidden
from dashboard.features.map.state import ViewState
from dashboard.i18n import t
from dashboard.queries.outcomes import exact_values
from geodata import Level


def outcome_values(state: ViewState) -> dict[str, float | Hidden | None]:
    """The state's score metric in its survey round for every area on the map: districts, or
    the upazilas of the state's district. Scores are per round: period and person filters do
    not apply."""
    require_area(state.district)
    spec = SPECS[state.metric]
    if guard.threshold() is not None:
        # Imported here: the outcome data reads the gap finder's, which reads the map's data.
        from dashboard.features.outcomes.data import by_area

        measure = "share" if spec.unit == "share" else "mean"
        # The map shows no change between rounds: the round before is not read.
        return {r.pcode: r.value for r in by_area(state.district, state.outcome_round, spec.outcome, measure,
                                                  previous=False)}
    scope = reader_scope()
    level = state.level
    exact: dict[str, float | None] = cached(
        "outcome-map", (scope, level, state.district, state.outcome_round, state.metric),
        lambda s: exact_values(s, scope, level, state.district if level == Level.UPAZILA else None,
                               state.outcome_round, spec.outcome, outcomes.GOOD_SCORE,
                               share=spec.unit == "share"))
    return dict(exact)


def round_name(months: int, lang: str) -> str:
    """ "Baseline" or "12 months" (after return)."""
    from dashboard.features.outcomes.data import round_label  # the outcome page's words for a round

    return round_label(months, lang)


def metric_label(state: ViewState, lang: str) -> str:
    """The metric's name as the title, legend, hover and table say it: a score metric with its
    survey round ("Reintegration score, composite (equal weights), survey at 6 months")."""
    name = t(f"metric.{state.metric.value}", lang)
    if not SPECS[state.metric].outcome:
        return name
    return t("map.round.metric", lang, metric=name, round=round_name(state.outcome_round, lang))


def round_options(chosen: int, lang: str) -> list[dict[str, Any]]:
    """The rounds present in the reader's scope, the named ones (baseline, 3, 6, 12 months) and
    the chosen one, in order; the default is marked."""
    from dashboard.features.outcomes.data import rounds  # the rounds surveyed in the reader's scope

    offered = sorted({*rounds(), *outcomes.NAMED_ROUNDS.values(), chosen})
    return [{"label": round_name(months, lang) + (f" ({t('map.round.default', lang)})"
                                                   if months == OUTCOME_ROUND else ""),
             "value": months} for months in offered]
