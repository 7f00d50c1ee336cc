"""Choropleth metrics (declared in ``dashboard.core.metrics``): one value per district or
upazila, aggregated in SQL. ``None`` is "no data", ``0`` a count of nothing."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.core.filters import Filters
from dashboard.core.hotline import HotlineChoice, per_10k_returnees
from dashboard.core.metrics import OUTCOME_ROUND, SPECS, Metric
from dashboard.core.outcomes import GOOD_SCORE
from dashboard.core.scope import Scope
from dashboard.models import (
    AwarenessActivity,
    Dcc,
    DccMeeting,
    MigrationFair,
    Returnee,
)
from dashboard.queries import summaries
from dashboard.queries.areas import returnees_in
from dashboard.queries.conditions import in_area, in_period, unmet_need
from dashboard.queries.hotline import hotline_cells
from dashboard.queries.memo import memoised, recalled
from dashboard.queries.outcomes import exact_values
from dashboard.queries.summaries import Cell
from geodata import Level, admin_areas, areas_at


def areas_in_view(scope: Scope, level: Level, filters: Filters) -> list[str]:
    """Areas that get a value: in scope and inside the filter area."""
    return [a.pcode for a in areas_at(level) if scope.permits(a.pcode)
            and (filters.area is None or a.pcode.startswith(filters.area))]


def _group(level: Level, district: InstrumentedAttribute[str], upazila: InstrumentedAttribute[str]):  # type: ignore[no-untyped-def]
    return district if level == Level.DISTRICT else upazila


def returnee_cells(session: Session, scope: Scope, level: Level,
                   filters: Filters) -> dict[str, tuple[Cell, Cell, Cell]]:
    """Per area in scope: returnees profiled in the period, of them with a plan in the period and
    of them with an unmet need, each as (count, key sum): what the map's returnee metrics are
    made of, for a reader whose counts are perturbed (``dashboard.core.disclosure``). Areas with
    nobody are absent. Asked once per request however many parts of a view need it
    (``dashboard.queries.memo``)."""
    return memoised(session, "returnee_cells", (scope, level, filters),
                    lambda: _returnee_cells(session, scope, level, filters))


def returnees_profiled(session: Session, scope: Scope, level: Level, filters: Filters) -> dict[str, Cell]:
    """Per area in scope: returnees profiled in the period, as (count, key sum): the base the
    awareness and hotline layers divide by. The first of :func:`returnee_cells`' cells, read
    from the smallest summary holding the person filters set (an eighth of the rows without
    one, a fifth with sex, age band or return group); once per request."""
    def compute() -> dict[str, Cell]:
        # Below headquarters the map's metric asked for the same areas' cells first in this
        # request (national or district map): their first cell is this answer, the awareness
        # and hotline layers' base, one query fewer.
        asked = recalled(session, "returnee_cells", (scope, level, filters))
        if asked is not None:
            return {pcode: cells[0] for pcode, cells in asked.items()}
        if summaries.usable(filters):
            return summaries.returnee_profiled_cells(session, scope, level, filters)
        return {pcode: cells[0] for pcode, cells in _returnee_cells(session, scope, level, filters).items()}

    return memoised(session, "returnees_profiled", (scope, level, filters), compute)


def _returnee_cells(session: Session, scope: Scope, level: Level,
                    filters: Filters) -> dict[str, tuple[Cell, Cell, Cell]]:
    if summaries.usable(filters):
        return summaries.returnee_share_cells(session, scope, level, filters)
    group = _group(level, Returnee.district_pcode, Returnee.upazila_pcode)
    planned, unmet = in_period(filters, Returnee.plan_date), unmet_need()
    key = Returnee.record_key
    stmt = (select(group, func.count(), func.sum(key), func.sum(case((planned, 1), else_=0)),
                   func.sum(case((planned, key), else_=0)), func.sum(case((unmet, 1), else_=0)),
                   func.sum(case((unmet, key), else_=0)))
            .where(*returnees_in(scope, filters)).group_by(group))
    return {pcode: ((int(n), int(k)), (int(pn or 0), int(pk or 0)), (int(un or 0), int(uk or 0)))
            for pcode, n, k, pn, pk, un, uk in session.execute(stmt)}


def _returnee_metric(session: Session, scope: Scope, level: Level, metric: Metric,
                     filters: Filters) -> dict[str, float | None]:
    if summaries.usable(filters):
        shares = summaries.returnee_shares(session, scope, level, filters)
        part_of = 2 if metric == Metric.UNMET_NEED_SHARE else 1
        rows = {pcode: (figures[0], figures[part_of]) for pcode, figures in shares.items()}
    else:
        rows = _raw_returnee_rows(session, scope, level, metric, filters)
    values: dict[str, float | None] = {}
    areas = admin_areas()
    for pcode in areas_in_view(scope, level, filters):
        total, part = rows.get(pcode, (0, 0))
        if metric == Metric.RETURNEES:
            values[pcode] = total
        elif metric == Metric.RETURNEES_PER_100_SQKM:
            values[pcode] = round(100 * total / areas[pcode].area_sqkm, 2)
        else:
            values[pcode] = round(100 * part / total, 1) if total else None
    return values


def _raw_returnee_rows(session: Session, scope: Scope, level: Level, metric: Metric,
                       filters: Filters) -> dict[str, tuple[int, int]]:
    group = _group(level, Returnee.district_pcode, Returnee.upazila_pcode)
    numerator = {
        Metric.PLAN_SHARE: func.sum(case((in_period(filters, Returnee.plan_date), 1), else_=0)),
        Metric.UNMET_NEED_SHARE: func.sum(case((unmet_need(), 1), else_=0)),
    }.get(metric, func.count())
    stmt = select(group, func.count(), numerator).where(*returnees_in(scope, filters)).group_by(group)
    return {pcode: (int(total), int(part or 0)) for pcode, total, part in session.execute(stmt)}


def _event_counts(session: Session, scope: Scope, level: Level, metric: Metric,
                  filters: Filters) -> dict[str, float | None]:
    if metric == Metric.AWARENESS_REACH and summaries.usable(filters):
        reached = summaries.people_reached(session, scope, level, filters)
        return {pcode: reached.get(pcode, 0) for pcode in areas_in_view(scope, level, filters)}
    table: type[AwarenessActivity | MigrationFair]
    measure: ColumnElement[int]
    if metric == Metric.AWARENESS_REACH:
        table, measure = AwarenessActivity, func.sum(AwarenessActivity.people_reached)
    else:
        table, measure = MigrationFair, func.count()
    group = _group(level, table.district_pcode, table.upazila_pcode)
    stmt = (select(group, measure)
            .where(in_period(filters, table.held_on), scope.allows(table.district_pcode),
                   in_area(filters, table.district_pcode, table.upazila_pcode))
            .group_by(group))
    rows = {key: value for key, value in session.execute(stmt)}
    return {pcode: int(rows.get(pcode) or 0) for pcode in areas_in_view(scope, level, filters)}


def _dcc_meetings(session: Session, scope: Scope, filters: Filters) -> dict[str, float | None]:
    meetings = (select(DccMeeting.dcc_id, func.count().label("n"))
                .where(in_period(filters, DccMeeting.held_on)).group_by(DccMeeting.dcc_id).subquery())
    stmt = (select(Dcc.district_pcode, func.coalesce(meetings.c.n, 0))
            .outerjoin(meetings, meetings.c.dcc_id == Dcc.id)
            .where(scope.allows(Dcc.district_pcode), in_area(filters, Dcc.district_pcode)))
    with_dcc = {key: value for key, value in session.execute(stmt)}
    # A district without a committee has no meeting figure, which is not the same as zero.
    return {pcode: with_dcc.get(pcode) for pcode in areas_in_view(scope, Level.DISTRICT, filters)}


def _hotline_calls(session: Session, scope: Scope, level: Level, filters: Filters,
                   choice: HotlineChoice) -> dict[str, float | None]:
    """Calls per district or upazila of the caller (calls whose area is unknown are in none)."""
    by_district = filters.area is None or len(filters.area) <= 6
    # The summary table counts every call: a narrowed choice reads the calls themselves.
    if level == Level.DISTRICT and by_district and not choice.narrowed and summaries.usable(filters):
        calls = summaries.hotline_calls(session, scope, filters)
    else:
        calls = {pcode: n for pcode, (n, _key) in hotline_cells(session, scope, level, filters, choice).items()}
    return {pcode: int(calls.get(pcode, 0)) for pcode in areas_in_view(scope, level, filters)}


def _hotline_per_10k(session: Session, scope: Scope, level: Level, filters: Filters,
                     choice: HotlineChoice) -> dict[str, float | None]:
    """Exact calls per 10,000 returnees profiled (person filters narrow the returnees, as for
    people reached per returnee); None where nobody was profiled."""
    calls = _hotline_calls(session, scope, level, filters, choice)
    profiled = returnee_cells(session, scope, level, filters)
    values: dict[str, float | None] = {}
    for pcode in areas_in_view(scope, level, filters):
        value = per_10k_returnees(int(calls.get(pcode) or 0), profiled.get(pcode, ((0, 0),))[0][0], None)
        values[pcode] = value if isinstance(value, float) else None
    return values


def awareness_per_returnee(reached: int, returnees: int) -> float | None:
    """People reached per returnee profiled, to one decimal; None where nobody was profiled."""
    return round(reached / returnees, 1) if returnees > 0 else None


def _awareness_per_returnee(session: Session, scope: Scope, level: Level,
                            filters: Filters) -> dict[str, float | None]:
    reached = _event_counts(session, scope, level, Metric.AWARENESS_REACH, filters)
    profiled = returnee_cells(session, scope, level, filters)
    return {pcode: awareness_per_returnee(int(reached.get(pcode) or 0), profiled.get(pcode, ((0, 0),))[0][0])
            for pcode in areas_in_view(scope, level, filters)}


def _outcome_metric(session: Session, scope: Scope, level: Level, metric: Metric,
                    filters: Filters) -> dict[str, float | None]:
    """Exact mean scores (to 0.01) or shares at the cut-off (whole %) of the map's default survey
    round (the map's own round: ``queries.outcomes.exact_values``); None where nobody was scored.
    Scores are per round: the period and person filters do not apply."""
    spec = SPECS[metric]
    district = filters.area[:6] if filters.area else None
    values = exact_values(session, scope, level, district, OUTCOME_ROUND, spec.outcome, GOOD_SCORE,
                          share=spec.unit == "share")
    return {pcode: values.get(pcode) for pcode in areas_in_view(scope, level, filters)}


def area_metric(session: Session, scope: Scope, level: Level, metric: Metric,
                filters: Filters | None = None, hotline: HotlineChoice | None = None) -> dict[str, float | None]:
    """``metric`` for every area of ``level`` in scope (upazilas: of ``filters.area``'s district);
    the hotline metrics count the calls of ``hotline`` (default: every call)."""
    filters, hotline = filters or Filters(), hotline or HotlineChoice()
    if level == Level.UPAZILA and (filters.area is None or len(filters.area) != 6):
        raise ValueError("upazila values need a district as the filter area")
    if SPECS[metric].district_only and level != Level.DISTRICT:
        raise ValueError(f"{metric} is only defined per district")
    if SPECS[metric].outcome:
        return _outcome_metric(session, scope, level, metric, filters)
    if SPECS[metric].about_returnees:
        return _returnee_metric(session, scope, level, metric, filters)
    if metric == Metric.DCC_MEETINGS:
        return _dcc_meetings(session, scope, filters)
    if metric == Metric.HOTLINE_CALLS:
        return _hotline_calls(session, scope, level, filters, hotline)
    if metric == Metric.HOTLINE_PER_10K_RETURNEES:
        return _hotline_per_10k(session, scope, level, filters, hotline)
    if metric == Metric.AWARENESS_PER_RETURNEE:
        return _awareness_per_returnee(session, scope, level, filters)
    return _event_counts(session, scope, level, metric, filters)
