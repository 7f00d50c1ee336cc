"""The outcome page's queries: the programme's shared score queries (``dashboard.queries.outcomes``,
which the map's metrics use too)."""

from dashboard.queries.outcomes import DIMENSIONS, ScoreCell, area_scores, cohort_scores, rounds_present

__all__ = ["DIMENSIONS", "ScoreCell", "area_scores", "cohort_scores", "rounds_present"]
