"""Reintegration scores per area, round and return cohort, aggregated in SQL.

Every function takes the reader's ``Scope``; each cell carries its people's count and the sum
of their record keys beside the sum of their scores, so the data module can publish counts
through the cell key method and means and shares from them (``dashboard.core.disclosure``).
A follow-up row is one person in one round, so counts here are people.

The outcome map and cohort curves read ``OutcomeSummary`` (per area, round and return
quarter, scored against the declared good score); a cut-off other than
``dashboard.core.outcomes.GOOD_SCORE`` reads the surveys themselves. Both give the same cells
(``tests/test_summaries.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from dashboard.core.outcomes import GOOD_SCORE
from dashboard.core.scope import Scope
from dashboard.models import Followup, OutcomeSummary, Returnee
from dashboard.queries.memo import memoised
from geodata import Level, areas_at

DIMENSIONS = ("composite", "economic", "social", "psychosocial")


@dataclass(frozen=True)
class ScoreCell:
    """People scored in a cell, their key sum, the sum of their scores, and how many (with
    their key sum) scored at least the cut-off."""

    people: int
    key_sum: int
    total: float
    good: int
    good_key_sum: int


def _score(dimension: str):  # type: ignore[no-untyped-def]
    if dimension not in DIMENSIONS:
        raise ValueError(f"not a score: {dimension}")
    return getattr(Followup, dimension)


def _measure(dimension: str, measure: str):  # type: ignore[no-untyped-def]
    _score(dimension)  # a known score, or ValueError
    return getattr(OutcomeSummary, f"{dimension}_{measure}")


def area_scores(session: Session, scope: Scope, level: Level, district: str | None, rounds: tuple[int, ...],
                dimension: str, cut_off: float) -> dict[tuple[str, int], ScoreCell]:
    """(area, round) -> cell, for the districts in scope (``district`` None) or the upazilas of
    ``district``; only people with a score in ``dimension`` count."""
    if cut_off == GOOD_SCORE:
        return summary_area_scores(session, scope, level, district, rounds, dimension)
    return raw_area_scores(session, scope, level, district, rounds, dimension, cut_off)


def summary_area_scores(session: Session, scope: Scope, level: Level, district: str | None,
                        rounds: tuple[int, ...], dimension: str) -> dict[tuple[str, int], ScoreCell]:
    """:func:`area_scores` from the summary, for the declared good score."""
    o = OutcomeSummary
    area = o.district_pcode if level == Level.DISTRICT else o.upazila_pcode
    people = func.sum(_measure(dimension, "people"))
    conditions = [scope.allows(o.district_pcode), o.round_months.in_(rounds)]
    if district is not None:
        conditions.append(o.district_pcode == district)
    stmt = (select(area, o.round_months, people, func.sum(_measure(dimension, "keys")),
                   func.sum(_measure(dimension, "total")), func.sum(_measure(dimension, "good")),
                   func.sum(_measure(dimension, "good_keys")))
            .where(*conditions).group_by(area, o.round_months).having(people > 0))
    return {(pcode, int(r)): ScoreCell(int(n), int(k or 0), float(total or 0), int(g or 0), int(gk or 0))
            for pcode, r, n, k, total, g, gk in session.execute(stmt)}


def raw_area_scores(session: Session, scope: Scope, level: Level, district: str | None, rounds: tuple[int, ...],
                    dimension: str, cut_off: float) -> dict[tuple[str, int], ScoreCell]:
    """:func:`area_scores` from the surveys themselves (any cut-off)."""
    score = _score(dimension)
    area = Returnee.district_pcode if level == Level.DISTRICT else Returnee.upazila_pcode
    good = score >= cut_off
    conditions = [scope.allows(Returnee.district_pcode), Followup.round_months.in_(rounds), score.is_not(None)]
    if district is not None:
        conditions.append(Returnee.district_pcode == district)
    stmt = (select(area, Followup.round_months, func.count(), func.sum(Returnee.record_key), func.sum(score),
                   func.sum(case((good, 1), else_=0)), func.sum(case((good, Returnee.record_key), else_=0)))
            .join(Returnee, Returnee.id == Followup.returnee_id).where(*conditions)
            .group_by(area, Followup.round_months))
    return {(pcode, int(r)): ScoreCell(int(n), int(k or 0), float(total or 0), int(g or 0), int(gk or 0))
            for pcode, r, n, k, total, g, gk in session.execute(stmt)}


def exact_values(session: Session, scope: Scope, level: Level, district: str | None, round_months: int,
                 dimension: str, cut_off: float, share: bool) -> dict[str, float | None]:
    """Every district in scope (``district`` None) or upazila of ``district``: the exact mean
    score in ``round_months`` to 0.01, or with ``share`` the percentage scoring at least
    ``cut_off`` (whole percent, halves up); None where nobody was scored. For headquarters only:
    below it means and shares are published from these cells' counts and key sums."""
    cells = area_scores(session, scope, level, district if level == Level.UPAZILA else None, (round_months,),
                        dimension, cut_off)
    values: dict[str, float | None] = {}
    for area in areas_at(level, district if level == Level.UPAZILA else None):
        if not scope.permits(area.pcode):
            continue
        cell = cells.get((area.pcode, round_months))
        if cell is None or cell.people == 0:
            values[area.pcode] = None
        elif share:
            values[area.pcode] = float(min(100, (200 * cell.good + cell.people) // (2 * cell.people)))
        else:
            values[area.pcode] = round(cell.total / cell.people, 2)
    return values


def cohort_scores(session: Session, scope: Scope, district: str | None,
                  dimension: str) -> dict[tuple[int, int, int], ScoreCell]:
    """(year of return, quarter of return, round) -> cell: the cohort curves' points (from the summary)."""
    o = OutcomeSummary
    people = func.sum(_measure(dimension, "people"))
    conditions = [scope.allows(o.district_pcode)]
    if district is not None:
        conditions.append(o.district_pcode == district)
    stmt = (select(o.return_year, o.return_quarter, o.round_months, people, func.sum(_measure(dimension, "keys")),
                   func.sum(_measure(dimension, "total")))
            .where(*conditions).group_by(o.return_year, o.return_quarter, o.round_months).having(people > 0))
    return {(int(y), int(q), int(r)): ScoreCell(int(n), int(k or 0), float(total or 0), 0, 0)
            for y, q, r, n, k, total in session.execute(stmt)}


def raw_cohort_scores(session: Session, scope: Scope, district: str | None,
                      dimension: str) -> dict[tuple[int, int, int], ScoreCell]:
    """:func:`cohort_scores` from the surveys themselves."""
    score = _score(dimension)
    year = extract("year", Returnee.return_date)
    month = extract("month", Returnee.return_date)
    conditions = [scope.allows(Returnee.district_pcode), score.is_not(None)]
    if district is not None:
        conditions.append(Returnee.district_pcode == district)
    stmt = (select(year, month, Followup.round_months, func.count(), func.sum(Returnee.record_key), func.sum(score))
            .join(Returnee, Returnee.id == Followup.returnee_id).where(*conditions)
            .group_by(year, month, Followup.round_months))
    cells: dict[tuple[int, int, int], list[float]] = {}
    # Months are summed into quarters here: counts, key sums and score sums all add up.
    for y, m, r, n, k, total in session.execute(stmt):
        key = (int(y), (int(m) - 1) // 3 + 1, int(r))
        sums = cells.setdefault(key, [0, 0, 0.0])
        sums[0] += int(n)
        sums[1] += int(k or 0)
        sums[2] += float(total or 0)
    return {key: ScoreCell(int(n), int(k), total, 0, 0) for key, (n, k, total) in cells.items()}


def rounds_present(session: Session, scope: Scope) -> list[int]:
    """The survey rounds (months after return) any follow-up in scope was taken in; asked once
    per request (the map's metric list and its round picker both ask)."""
    o = OutcomeSummary
    stmt = select(o.round_months).where(scope.allows(o.district_pcode)).distinct().order_by(o.round_months)
    return memoised(session, "rounds_present", (scope,), lambda: [int(r) for r in session.scalars(stmt)])
