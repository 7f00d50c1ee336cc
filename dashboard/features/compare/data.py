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

from dashboard.core import guard
from dashboard.core.access import Action, current_actor
from dashboard.core.cache import cached
from dashboard.core.disclosure import key_name
from dashboard.core.filters import Filters
from dashboard.core.guard import effective_filters, publish_figures, published, require, require_area
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.privacy import Count, Hidden
from dashboard.core.scope import Scope
from dashboard.core.targets import TargetVerdict, progress, target_verdicts
from dashboard.features.compare.queries import district_targets, monthly_cells, rate_inputs_by_district
from dashboard.features.compare.rules import (
    NATIONAL,
    PROGRAMME_YEARS,
    RATE_KEYS,
    PeerStanding,
    TargetCheck,
    Trend,
    check_target,
    due_date,
    peer_standing,
    rates,
    trend,
)
from dashboard.features.compare.targets import save_target
from dashboard.models import Dcc, Target
from dashboard.queries import PEOPLE_INDICATORS, indicators_by_area, indicators_by_area_over
from dashboard.queries.dcc import on_time_by_district
from dashboard.runtime import runtime
from geodata import Level, areas_at


@dataclass(frozen=True)
class DistrictRow:
    """One district of the ranking."""

    pcode: str
    figures: dict[str, Count]
    rates: dict[str, float | Hidden | None]
    targets: dict[str, TargetVerdict]  # per indicator: compared with which target, or why not
    progress: dict[str, float | None]
    trends: dict[str, Trend] | None  # None when the period is open (nothing to compare with)


def _figures_and_inputs(scope: Scope, filters: Filters) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    keyed = guard.keyed()

    def compute(session: Session) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        return indicators_by_area(session, scope, Level.DISTRICT, filters, keys=keyed), \
            rate_inputs_by_district(session, scope, filters)
    return cached("compare-figures", (scope, filters, keyed), compute)


def _figures_with_previous(scope: Scope, filters: Filters) -> tuple[
        dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, dict[str, int]] | None]:
    """Every district's indicators, their rates' inputs, and (for a closed period) the
    indicators of the period before, counted in the same scans."""
    before = filters.previous_period()
    if before is None:
        return *_figures_and_inputs(scope, filters), None

    keyed = guard.keyed()

    def compute(session: Session) -> tuple[list[dict[str, dict[str, int]]], dict[str, dict[str, int]]]:
        return indicators_by_area_over(session, scope, Level.DISTRICT, [filters, before], keys=keyed), \
            rate_inputs_by_district(session, scope, filters)
    (figures, previous), inputs = cached("compare-change", (scope, filters, keyed), compute)
    return figures, inputs, previous


def ranking(filters: Filters) -> list[DistrictRow]:
    """Every district the actor may see: indicators, rates (with the DCC's share of action
    items closed on time), the target each indicator is compared with for the period
    (``core.targets``), progress from the published figures and (for a closed period) the change
    on the previous one."""
    filters = effective_filters(filters.replace(area=None))
    actor = current_actor()
    scope = actor.scope
    figures, inputs, previous = _figures_with_previous(scope, filters)
    as_of = min(filters.end or date.today(), date.today())
    on_time = cached("compare-on-time", (scope, filters, as_of),
                     lambda s: on_time_by_district(s, scope, filters, as_of))
    targets = cached("compare-targets-due", (scope,), lambda s: district_targets(s, scope))
    threshold = guard.threshold()
    rows = []
    for area in areas_at(Level.DISTRICT):
        if not scope.permits(area.pcode):
            continue
        # Below headquarters every value of the row (rates, progress, change) is derived from the
        # published counts only, so no rate times its base, and no change, gives a hidden count.
        mine = _published_ints(figures.get(area.pcode, {}), threshold)
        before = _published_ints(previous.get(area.pcode, {}), threshold) if previous is not None else None
        shares = rates(mine | inputs.get(area.pcode, {}))
        measured: dict[str, float | Hidden | None] = (
            dict(shares) if threshold is None else {k: _coarse_rate(k, v, mine["returnees_profiled"], threshold)
                                                    for k, v in shares.items()})
        verdicts = target_verdicts(targets.get(area.pcode, {}), filters)
        measured["dcc_on_time"] = on_time.get(area.pcode)
        rows.append(DistrictRow(
            area.pcode, dict(mine), measured, verdicts,
            {key: _progress(mine[key], verdicts[key], threshold) for key in INDICATOR_KEYS},
            {key: trend(mine[key], before.get(key, 0)) for key in INDICATOR_KEYS} if before is not None else None))
    return rows


def _published_ints(figures: dict[str, int], threshold: int | None) -> dict[str, int]:
    """One district's indicators (queried with key sums) as this reader may see them."""
    empty = {key: 0 for key in INDICATOR_KEYS} | {key_name(k): 0 for k in PEOPLE_INDICATORS}
    # Published counts are whole numbers (perturbation never hides a count), so every value is one.
    return {key: value for key, value in publish_figures(empty | figures, threshold).items() if isinstance(value, int)}


def _coarse_rate(key: str, value: float | None, base: int, threshold: int) -> float | Hidden | None:
    """A rate shown below headquarters: hidden on a published base under the threshold, and no
    finer than a reader needs (whole percent for shares, 0.1 for rates per 100)."""
    if value is None:
        return None
    if base < threshold:
        return Hidden(threshold)
    return float(round(value)) if key.endswith("_share") else round(value, 1)


def _progress(value: int, verdict: TargetVerdict, threshold: int | None) -> float | None:
    """Per cent of the target compared with: to 0.1 at headquarters, whole per cent from a published count."""
    done = progress(value, verdict)
    return done if threshold is None or done is None else float(round(done))


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
    filters = effective_filters(filters.replace(area=None))
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
    threshold = guard.threshold()
    if threshold is not None:
        # The district's own rates from its published counts, and every value as coarse as the
        # ranking's: the best peer is one district's rate, which a reader may not see finely.
        mine = _published_ints(figures.get(district, {}), threshold)
        own = rates(mine | inputs.get(district, {}))
        base = mine["returnees_profiled"]

        def coarse(key: str, value: float | None) -> float | None:
            rounded = _coarse_rate(key, value, threshold, threshold)
            return rounded if isinstance(rounded, float) else None

        standings = {k: PeerStanding(_coarse_rate(k, own[k], base, threshold), coarse(k, s.median),  # type: ignore[arg-type]
                                     coarse(k, s.best), s.peers)
                     for k, s in standings.items()}
    return PeerComparison(district, group, standings)


def series(indicator: str, districts: tuple[str, ...], filters: Filters) -> dict[str, dict[int, int]]:
    """Monthly values of ``indicator`` for the districts the actor may see among ``districts``.

    Below headquarters each month of a count of people is a published cell of its own
    (``dashboard.core.disclosure``: key sums per district and month from SQL), so a month of 3 people
    reads 0 or 5, never 3, and the same on every ask; counts of events are shown as they are."""
    scope = current_actor().scope
    for district in districts:
        require_area(district)
    filters = effective_filters(filters.replace(area=None))
    cells = cached("compare-series-cells", (scope, indicator, tuple(sorted(districts)), filters),
                   lambda s: monthly_cells(s, scope, indicator, filters, districts))
    threshold = guard.threshold() if indicator in PEOPLE_INDICATORS else None
    return {district: {month: int(published(count, key_sum, threshold)) for month, (count, key_sum) in months.items()}
            for district, months in cells.items()}


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
