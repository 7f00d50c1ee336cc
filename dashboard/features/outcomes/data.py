"""The outcome views' data: reintegration scores for the request's reader, cached, and made
safe to show (``core.guard``, ``core.disclosure``).

Below headquarters every number of people is published by the cell key method, every mean
score through ``disclosure.mean_score`` (hidden under the threshold, moved a little above it)
and every share from published counts only. Other features (the brief) read scores through
:func:`district_rounds` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.core import guard, outcomes
from dashboard.core.cache import cached
from dashboard.core.disclosure import mean_score, share
from dashboard.core.guard import published, reader_scope, require_area
from dashboard.core.privacy import Count, Hidden
from dashboard.features.gaps.data import gap_analysis
from dashboard.features.outcomes.queries import ScoreCell, area_scores, cohort_scores, rounds_present
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import Service
from geodata import Level, admin_areas, areas_at

DEFAULT_ROUND = 12
MEASURES = ("mean", "share")
# The gap finder's side by side: counselling within this many km, and the service it is about.
GAP_RADIUS_KM = 10.0
GAP_SERVICE = Service.PSYCHOSOCIAL_COUNSELLING.value


def previous_round(round_months: int, present: list[int] | None = None) -> int | None:
    """The round before ``round_months``: the latest earlier round present (of the named ones
    when none is given), or None for the baseline."""
    earlier = [r for r in (present or sorted(outcomes.NAMED_ROUNDS.values())) if r < round_months]
    return max(earlier) if earlier else None


def _published_mean(cell: ScoreCell | None, threshold: int | None) -> float | Hidden | None:
    return None if cell is None else mean_score(cell.total, cell.people, cell.key_sum, threshold)


def _published_share(cell: ScoreCell | None, threshold: int | None) -> float | Hidden | None:
    if cell is None:
        return None
    base = published(cell.people, cell.key_sum, threshold)
    value = share(published(cell.good, cell.good_key_sum, threshold), base, threshold or 1)
    if value is None and threshold is not None:
        return Hidden(threshold)  # a published 0 below headquarters may be 1..threshold-1 people
    return float(value) if isinstance(value, int) else value


@dataclass(frozen=True)
class AreaRound:
    """One area's scores in the chosen round and the round before, as published."""

    pcode: str
    people: Count
    value: float | Hidden | None
    previous_people: Count
    previous: float | Hidden | None
    round_months: int = DEFAULT_ROUND
    previous_round: int | None = None

    @property
    def change(self) -> float | None:
        """This round's value minus the previous round's; None when either is hidden or missing."""
        if isinstance(self.value, float | int) and isinstance(self.previous, float | int):
            return round(float(self.value) - float(self.previous), 2)
        return None


def rounds() -> list[int]:
    """The survey rounds present in the reader's scope."""
    scope = reader_scope()
    return cached("outcome-rounds", (scope,), lambda s: rounds_present(s, scope))


def by_area(district: str | None, round_months: int, dimension: str, measure: str,
            cut_off: float = outcomes.GOOD_SCORE, previous: bool = True) -> list[AreaRound]:
    """The mean score (``measure`` "mean", 0-1) or the share scoring at least ``cut_off``
    ("share", whole percent) in ``dimension`` for every district in scope (``district`` None)
    or every upazila of ``district``, in ``round_months`` and (``previous``) the round before.
    Each round's cells are published on their own, so a round's values are the same with or
    without the one before (the map, which shows no change, leaves it out)."""
    require_area(district)
    if measure not in MEASURES:
        raise ValueError(f"not a measure: {measure}")
    scope = reader_scope()
    level = Level.DISTRICT if district is None else Level.UPAZILA
    before = previous_round(round_months, rounds()) if previous else None
    asked = (round_months,) if before is None else (round_months, before)
    cells = cached("outcome-areas", (scope, level, district, asked, dimension, cut_off),
                   lambda s: area_scores(s, scope, level, district, asked, dimension, cut_off))
    threshold = guard.threshold()
    value_of = _published_mean if measure == "mean" else _published_share
    out = []
    for area in areas_at(level, district):
        if not scope.permits(area.pcode):
            continue
        now, then = cells.get((area.pcode, round_months)), cells.get((area.pcode, before)) if before is not None \
            else None
        out.append(AreaRound(area.pcode, _people(now, threshold), value_of(now, threshold),
                             _people(then, threshold), value_of(then, threshold), round_months, before))
    return out


def _people(cell: ScoreCell | None, threshold: int | None) -> Count:
    return published(cell.people, cell.key_sum, threshold) if cell is not None else published(0, 0, threshold)


@dataclass(frozen=True)
class CohortPoint:
    """One point of a cohort curve: people who returned in a quarter, at a round."""

    cohort: tuple[int, int]  # year and quarter of return
    round_months: int
    people: Count
    mean: float | Hidden | None


def cohorts(district: str | None, dimension: str) -> list[CohortPoint]:
    """Mean score by quarter of return and months since return, as published (cohorts with
    nobody scored are absent)."""
    require_area(district)
    scope = reader_scope()
    cells = cached("outcome-cohorts", (scope, district, dimension),
                   lambda s: cohort_scores(s, scope, district, dimension))
    threshold = guard.threshold()
    return [CohortPoint((year, quarter), r, published(cell.people, cell.key_sum, threshold),
                        mean_score(cell.total, cell.people, cell.key_sum, threshold))
            for (year, quarter, r), cell in sorted(cells.items())]


def district_rounds(district: str, dimension: str = "composite") -> AreaRound | None:
    """A district's latest round with scores against the round before (the brief and the
    cards), or None when nobody in it was surveyed."""
    require_area(district)
    present = rounds()
    for round_months in sorted(present, reverse=True):
        row = by_area(None, round_months, dimension, "mean")
        mine = next((r for r in row if r.pcode == district), None)
        if mine is not None and mine.value is not None:
            return mine
    return None


def dimension_label(dimension: str, lang: str) -> str:
    """A dimension's name: the composite's from the catalogue, the others' from the declared scheme."""
    if dimension == "composite":
        return t("outcomes.composite", lang)
    return outcomes.scheme(outcomes.outcome_scheme_folder()).dimension_label(dimension, lang)


def round_label(months: int, lang: str) -> str:
    """ "Baseline" or "12 months"."""
    if months == 0:
        return t("outcomes.baseline", lang)
    return t("outcomes.after", lang, months=format_number(months, lang))


def score_words(value: float | Hidden | None, lang: str) -> str:
    """A mean score as written (0.45), "<5" when hidden."""
    return "–" if value is None else format_number(value, lang, 2)


def in_words(row: AreaRound, area: str, what: str, lang: str, write: Any = score_words,
             write_change: Any = None) -> str:
    """One area's round against the round before, as a sentence (the page's summary, the brief)."""
    now_label = round_label(row.round_months, lang)
    if row.value is None:
        return t("outcomes.words.nobody", lang, area=area, round=now_label)
    if isinstance(row.value, Hidden):
        return t("outcomes.words.hidden", lang, area=area, round=now_label,
                 threshold=format_number(row.value.threshold, lang))
    value, people = write(row.value, lang), format_number(row.people, lang)
    if row.change is None or row.previous_round is None:
        return t("outcomes.words.only", lang, area=area, what=what, round=now_label, value=value, people=people)
    key = "outcomes.words.rose" if row.change > 0 else "outcomes.words.fell" if row.change < 0 \
        else "outcomes.words.same"
    change = (write_change or write)(abs(row.change), lang)
    return t(key, lang, area=area, what=what, round=now_label, value=value, people=people,
             before=write(row.previous, lang), previous=round_label(row.previous_round, lang), change=change)


def district_in_words(district: str, lang: str) -> str | None:
    """The district's latest round of composite scores against the round before, in words (the
    brief), or None when nobody in it has been surveyed."""
    row = district_rounds(district)
    if row is None:
        return None
    what = t("outcomes.score_of", lang, dimension=dimension_label("composite", lang))
    return in_words(row, admin_areas()[district].name(lang), what, lang) + " " + t("outcomes.weights_short", lang)


def gap_side_by_side(district: str, round_months: int) -> pd.DataFrame:
    """Per upazila of ``district``: the psychosocial score in ``round_months`` and the round
    before, its change, and who in need of counselling is out of its reach (gap finder, 10 km):
    where people are falling behind and help is far."""
    scores = {r.pcode: r for r in by_area(district, round_months, "psychosocial", "mean")}
    gaps = gap_analysis(district, GAP_SERVICE, GAP_RADIUS_KM, cells=False, sites=False).by_upazila.set_index("pcode")
    rows = []
    for pcode, row in scores.items():
        gap = gaps.loc[pcode] if pcode in gaps.index else None
        rows.append({"pcode": pcode, "people": row.people, "psychosocial": row.value, "previous": row.previous,
                     "change": row.change,
                     "in_need": gap["in_need"] if gap is not None else 0,
                     "unreached": gap["unreached"] if gap is not None else 0,
                     "share_unreached": gap["share_unreached"] if gap is not None else None})
    return pd.DataFrame(rows, columns=["pcode", "people", "psychosocial", "previous", "change", "in_need",
                                       "unreached", "share_unreached"])
