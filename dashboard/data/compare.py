"""What the comparison page asks for: rankings, series, peers and targets, made safe to show.

Headquarters see every district. Below headquarters the ranking holds the user's own
districts (small counts hidden) and the peer comparison shows only the peers' median and
best, never a peer's name or figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access import Action, current_actor
from dashboard.cache import cached
from dashboard.commands.targets import save_target
from dashboard.compare import (
    NATIONAL,
    PROGRAMME_YEARS,
    RATE_KEYS,
    PeerStanding,
    TargetCheck,
    Trend,
    check_target,
    due_date,
    peer_standing,
    progress,
    rates,
    trend,
)
from dashboard.data import _protect_figures, _threshold, require, require_area
from dashboard.filters import Filters
from dashboard.indicators import INDICATOR_KEYS
from dashboard.models import Dcc, Target
from dashboard.privacy import Count, Hidden, hide_share
from dashboard.queries import indicators_by_area, indicators_by_area_over
from dashboard.queries.compare import district_targets, monthly_series, rate_inputs_by_district
from dashboard.queries.dcc import on_time_by_district
from dashboard.runtime import runtime
from dashboard.scope import Scope
from geodata import Level, areas_at


@dataclass(frozen=True)
class DistrictRow:
    """One district of the ranking."""

    pcode: str
    figures: dict[str, Count]
    rates: dict[str, float | Hidden | None]
    targets: dict[str, int]
    progress: dict[str, float | None]
    trends: dict[str, Trend] | None  # None when the period is open (nothing to compare with)


def _figures_and_inputs(scope: Scope, filters: Filters) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    def compute(session: Session) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        return indicators_by_area(session, scope, Level.DISTRICT, filters), \
            rate_inputs_by_district(session, scope, filters)
    return cached("compare-figures", (scope, filters), compute)


def _figures_with_previous(scope: Scope, filters: Filters) -> tuple[
        dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, dict[str, int]] | None]:
    """Every district's indicators, their rates' inputs, and (for a closed period) the
    indicators of the period before, counted in the same scans."""
    before = filters.previous_period()
    if before is None:
        return *_figures_and_inputs(scope, filters), None

    def compute(session: Session) -> tuple[list[dict[str, dict[str, int]]], dict[str, dict[str, int]]]:
        return indicators_by_area_over(session, scope, Level.DISTRICT, [filters, before]), \
            rate_inputs_by_district(session, scope, filters)
    (figures, previous), inputs = cached("compare-change", (scope, filters), compute)
    return figures, inputs, previous


def ranking(filters: Filters) -> list[DistrictRow]:
    """Every district the actor may see: indicators, rates (with the DCC's share of action
    items closed on time), targets due in the period, progress and (for a closed period)
    the change on the previous one."""
    filters = filters.replace(area=None)
    actor = current_actor()
    scope = actor.scope
    figures, inputs, previous = _figures_with_previous(scope, filters)
    as_of = min(filters.end or date.today(), date.today())
    on_time = cached("compare-on-time", (scope, filters, as_of),
                     lambda s: on_time_by_district(s, scope, filters, as_of))
    targets = cached("compare-targets", (scope, filters), lambda s: district_targets(s, scope, filters))
    threshold = _threshold()
    rows = []
    for area in areas_at(Level.DISTRICT):
        if not scope.permits(area.pcode):
            continue
        mine = {key: figures.get(area.pcode, {}).get(key, 0) for key in INDICATOR_KEYS}
        shares = rates(mine | inputs.get(area.pcode, {}))
        base = mine["returnees_profiled"]
        measured: dict[str, float | Hidden | None] = (
            dict(shares) if threshold is None else {k: hide_share(v, base, threshold) for k, v in shares.items()})
        due = targets.get(area.pcode, {})
        measured["dcc_on_time"] = on_time.get(area.pcode)
        rows.append(DistrictRow(
            area.pcode, _protect_figures(mine, threshold), measured, due,
            {key: progress(mine[key], due.get(key)) for key in INDICATOR_KEYS},
            {key: trend(mine[key], previous.get(area.pcode, {}).get(key, 0)) for key in INDICATOR_KEYS}
            if previous is not None else None))
    return rows


def dcc_districts() -> frozenset[str]:
    """Districts with a District Coordination Committee (public: the programme names them)."""
    return cached("dcc-districts", (), lambda s: frozenset(s.scalars(select(Dcc.district_pcode).distinct())))


@dataclass(frozen=True)
class PeerComparison:
    """One district's rates against its peers (DCC districts or the others)."""

    district: str
    peer_group: str  # "dcc" or "other"
    standings: dict[str, PeerStanding]


def peer_comparison(district: str, filters: Filters) -> PeerComparison:
    """Where ``district`` stands on each rate against the median and best of its peers.

    The peers' values are read nationally (a median needs them) but only their median and
    best leave this function, so a district officer learns nothing about a named peer."""
    require_area(district)
    filters = filters.replace(area=None)
    national = Scope.national()
    figures, inputs = _figures_and_inputs(national, filters)
    values: dict[str, dict[str, float | None]] = {
        area.pcode: rates({k: figures.get(area.pcode, {}).get(k, 0) for k in INDICATOR_KEYS}
                          | inputs.get(area.pcode, {}))
        for area in areas_at(Level.DISTRICT)}
    with_dcc = dcc_districts()
    group = "dcc" if district in with_dcc else "other"
    peers = with_dcc if group == "dcc" else frozenset(values) - with_dcc
    standings = {key: peer_standing(district, {d: v[key] for d, v in values.items()}, peers) for key in RATE_KEYS}
    threshold = _threshold()
    if threshold is not None:
        base = figures.get(district, {}).get("returnees_profiled", 0)
        standings = {k: PeerStanding(hide_share(s.value, base, threshold), s.median, s.best, s.peers)  # type: ignore[arg-type]
                     for k, s in standings.items()}
    return PeerComparison(district, group, standings)


def series(indicator: str, districts: tuple[str, ...], filters: Filters) -> dict[str, dict[int, int]]:
    """Monthly values of ``indicator`` for the districts the actor may see among ``districts``."""
    scope = current_actor().scope
    for district in districts:
        require_area(district)
    filters = filters.replace(area=None)
    values = cached("compare-series", (scope, indicator, tuple(sorted(districts)), filters),
                    lambda s: monthly_series(s, scope, indicator, filters, districts))
    threshold = _threshold()
    if threshold is not None:
        # Months of a small district can hold a handful of people: hide those months' counts.
        values = {d: {m: (v if v == 0 or v >= threshold else 0) for m, v in months.items()}
                  for d, months in values.items()}
    return values


def targets_of(district: str) -> dict[tuple[str, int], int]:
    """(indicator, year) -> target for one district, for the editor."""
    require_area(district)

    def compute(session: Session) -> dict[tuple[str, int], int]:
        rows = session.execute(select(Target.indicator, Target.due_on, Target.value)
                               .where(Target.area_pcode == district))
        return {(indicator, due.year): int(value) for indicator, due, value in rows}
    return cached("targets-of", (district,), compute)


def set_target(district: str | None, indicator: str, year: int | None, text: str | int | None,
               confirmed: bool = False) -> TargetCheck:
    """Check and, when it passes (and any warning was confirmed), store one target; audited.

    ``district`` is a district's P-code or "BD" for the national target. Everything is
    checked before anything is written, and the target, its audit record and the data
    version are written in one transaction: an error leaves nothing behind."""
    actor = require(Action.EDIT_TARGETS, district)
    with runtime().database.session() as session:
        check = _check(session, district, indicator, year, text)
        if check.errors or (check.warnings and not confirmed):
            return check
        save_target(session, actor, district, indicator, due_date(year), check.value)  # type: ignore[arg-type]
    return check


def _check(session: Session, district: str | None, indicator: str, year: int | None,
           text: str | int | None) -> TargetCheck:
    if year not in PROGRAMME_YEARS or district is None or indicator not in INDICATOR_KEYS:
        return check_target(indicator, district, year, text, 0, None)
    due = due_date(year)
    rows = dict(session.execute(select(Target.area_pcode, Target.value)
                                .where(Target.indicator == indicator, Target.due_on == due)).all())
    national = rows.pop(NATIONAL, None)
    proposed = check_target(indicator, district, year, text, 0, None)
    if district == NATIONAL:  # the same rule seen from the other side: the districts above the new national
        return check_target(indicator, district, year, text, sum(rows.values()), proposed.value)
    others = sum(v for area, v in rows.items() if area != district)
    return check_target(indicator, district, year, text, others + (proposed.value or 0), national)


__all__ = ["DistrictRow", "PeerComparison", "dcc_districts", "peer_comparison", "ranking", "series",
           "set_target", "targets_of"]
