"""What the service-gap page asks for: the analysis for the actor's district, made safe to show.

Database rows come from ``dashboard.queries.gaps`` (cached per scope, district,
service and filters); distances and coverage from ``dashboard.analysis`` (fast
enough to redo for every radius). Below headquarters, counts of returnees are
suppressed like everywhere else, and unreached returnees appear only per grid cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.access import Action, current_actor
from dashboard.analysis import (
    GAP_COLUMNS,
    SITE_COLUMNS,
    fair_effect,
    gap_by_upazila,
    place,
    suggest_sites,
    unreached_returnees,
)
from dashboard.cache import cached
from dashboard.data import _threshold, audit, require, require_area
from dashboard.filters import Filters
from dashboard.privacy import GRID_DEGREES, GRID_OFFSET, Count, hide_count, hide_group, hide_share
from dashboard.queries.gaps import (
    activity_near_fairs,
    fair_venues,
    in_need_places,
    other_providers,
    providers_offering,
    returnees_in_need,
)
from geodata import Level, admin_areas, areas_at

FAIR_WINDOW_DAYS = 90
# The page compares the most recent fairs: the ones a committee still discusses, and a
# bounded amount of work however many fairs a district has held.
RECENT_FAIRS = 12


def centroids(district: str | None = None) -> pd.DataFrame:
    """``upazila_pcode, lat, lon`` of every upazila (of one district)."""
    return pd.DataFrame([(a.pcode, a.center_lat, a.center_lon) for a in areas_at(Level.UPAZILA, district)],
                        columns=["upazila_pcode", "lat", "lon"])


@dataclass(frozen=True)
class GapResult:
    """Everything the page shows for one district, service and radius."""

    district: str
    service: str
    radius_km: float
    in_need: Count
    unreached: Count
    placed_at_centroid: int
    unlocated: int
    by_upazila: pd.DataFrame
    suggestions: pd.DataFrame
    providers: pd.DataFrame
    unreached_cells: pd.DataFrame | None  # lat, lon, returnees per grid cell; None when not allowed


def _raw(district: str, service: str, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(in-need returnees per place, providers, candidate sites)."""
    scope = current_actor().scope
    return cached("gaps", (scope, district, service, filters), lambda s: (
        in_need_places(s, scope, district, service, filters),
        providers_offering(s, scope, district, service),
        candidates(s, scope, district, service)))


def one_row_each(counted: pd.DataFrame, count: str, columns: list[str]) -> pd.DataFrame:
    """``columns`` of each row repeated as many times as its ``count``: the analysis counts
    and takes medians over people or events, and a row each keeps it exactly as it is."""
    return counted.loc[counted.index.repeat(counted[count].astype(int)), columns].reset_index(drop=True)


def one_row_per_person(places: pd.DataFrame) -> pd.DataFrame:
    """``upazila_pcode, lat, lon`` repeated ``people`` times."""
    return one_row_each(places, "people", ["upazila_pcode", "lat", "lon"])


def candidates(session: Any, scope: Any, district: str, service: str) -> pd.DataFrame:
    """Sites where a new provider or the next fair could go: upazila centres, past fair venues,
    and providers that do not offer the service yet."""
    areas = admin_areas()
    upazilas = centroids(district).assign(site=lambda f: f["upazila_pcode"].map(lambda p: areas[p].name_en),
                                          kind="upazila")
    venues = fair_venues(session, scope, district).rename(columns={"venue": "site"}).assign(kind="fair_venue")
    providers = other_providers(session, scope, district, service).assign(kind="provider")
    frames = [f[["site", "kind", "lat", "lon"]] for f in (upazilas, venues.drop_duplicates("site"), providers)]
    return pd.concat(frames, ignore_index=True)


def _cells(unreached: pd.DataFrame) -> pd.DataFrame:
    """Unreached returnees per ~2 km grid cell (the same grid as the map's points)."""
    if unreached.empty:
        return pd.DataFrame(columns=["lat", "lon", "returnees"])
    lat = np.floor((unreached["lat"] - GRID_OFFSET) / GRID_DEGREES) * GRID_DEGREES + GRID_OFFSET + GRID_DEGREES / 2
    lon = np.floor((unreached["lon"] - GRID_OFFSET) / GRID_DEGREES) * GRID_DEGREES + GRID_OFFSET + GRID_DEGREES / 2
    cells = pd.DataFrame({"lat": lat.round(4), "lon": lon.round(4)}).value_counts().reset_index(name="returnees")
    return cells.sort_values(["lat", "lon"], ignore_index=True)


def _protect(table: pd.DataFrame, suggestions: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = table.astype(object)
    for column in ("in_need", "unreached"):
        hidden = hide_group(dict(zip(table["pcode"], table[column].astype(int), strict=True)), threshold)
        table[column] = table["pcode"].map(hidden)
    bases = dict(zip(table["pcode"], table["in_need"], strict=True))
    # Each list becomes a Series on the frame's index (what assigning the list did, dtype inferred alike).
    table["share_unreached"] = pd.Series([hide_share(s, b if isinstance(b, int) else 1, threshold)
                                          for s, b in zip(table["share_unreached"], table["pcode"].map(bases),
                                                          strict=True)], index=table.index)
    suggestions = suggestions.astype(object)
    suggestions["newly_reached"] = pd.Series([hide_count(int(n), threshold) for n in suggestions["newly_reached"]],
                                             index=suggestions.index)
    return table, suggestions


@dataclass(frozen=True)
class Computed:
    """The analysis itself, before anything is hidden (what the CLI prints for headquarters)."""

    placement: Any
    table: pd.DataFrame
    unreached: pd.DataFrame
    suggestions: pd.DataFrame


def compute(district: str, in_need: pd.DataFrame, providers: pd.DataFrame, candidates: pd.DataFrame,
            radius_km: float) -> Computed:
    """Place the in-need returnees, measure, rank upazilas, and pick sites (pure: no request, no SQL)."""
    placement = place(in_need, centroids())
    upazilas = [a.pcode for a in areas_at(Level.UPAZILA, district)]
    table = gap_by_upazila(placement.frame, providers, radius_km, upazilas)
    unreached = unreached_returnees(placement.frame, providers, radius_km)
    return Computed(placement, table, unreached, suggest_sites(unreached, candidates, radius_km))


def gap_analysis(district: str, service: str, radius_km: float, filters: Filters | None = None) -> GapResult:
    """Need versus supply of ``service`` in ``district`` at ``radius_km``."""
    require_area(district)
    filters = filters or Filters()
    places, providers, candidates = _raw(district, service, filters)
    done = compute(district, one_row_per_person(places), providers, candidates, radius_km)
    placement, table, unreached, suggestions = done.placement, done.table, done.unreached, done.suggestions
    threshold = _threshold()
    total_need, total_unreached = len(placement.frame), len(unreached)
    if threshold is not None:
        table, suggestions = _protect(table, suggestions, threshold)
    cells = _cells(unreached) if current_actor().may(Action.VIEW_POINTS, district) else None
    scope = current_actor().scope
    # Everyone's distances count providers over the border, but below headquarters the page
    # does not name a provider in a district the user does not work in (the map's rule).
    providers = providers.assign(name=pd.Series([name if scope.permits(upazila) else None for name, upazila
                                                 in zip(providers["name"], providers["upazila_pcode"], strict=True)],
                                                index=providers.index))
    if cells is not None and threshold is not None:
        cells = cells[cells["returnees"] >= threshold] if total_unreached >= threshold else cells.iloc[0:0]
    return GapResult(district, service, radius_km,
                     hide_count(total_need, threshold) if threshold else total_need,
                     hide_count(total_unreached, threshold) if threshold else total_unreached,
                     placement.at_centroid, placement.unlocated, table, suggestions, providers, cells)


def follow_up_list(district: str, service: str, radius_km: float, filters: Filters | None = None) -> pd.DataFrame:
    """The pseudonymous codes of unreached returnees, for roles allowed row-level data (audited)."""
    require(Action.EXPORT_ROWS, district)
    filters = filters or Filters()
    scope = current_actor().scope
    _places, providers, _sites = _raw(district, service, filters)
    in_need = cached("gaps-people", (scope, district, service, filters),
                     lambda s: returnees_in_need(s, scope, district, service, filters))
    unreached = unreached_returnees(place(in_need, centroids()).frame, providers, radius_km)
    areas = admin_areas()
    table = pd.DataFrame({"returnee_code": unreached["code"],
                          "upazila": unreached["upazila_pcode"].map(lambda p: areas[p].name_en),
                          "nearest_provider_km": unreached["km"].round(1)}).sort_values(
        ["upazila", "returnee_code"], ignore_index=True)
    audit("export_rows", f"follow-up {district} {service} {radius_km:g}km", filters, rows=len(table))
    return table


def fair_effects(district: str, radius_km: float) -> pd.DataFrame:
    """Profiled returnees and referrals within ``radius_km`` of each of the district's
    ``RECENT_FAIRS`` latest fair venues, 90 days before and after (a before/after comparison,
    not a causal claim); small counts hidden below HQ."""
    require_area(district)
    scope = current_actor().scope

    def compute(session: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        fairs = fair_venues(session, scope, district, latest=RECENT_FAIRS)
        if fairs.empty:
            return fairs, pd.DataFrame(), pd.DataFrame()
        window = timedelta(days=FAIR_WINDOW_DAYS)
        profiled, referrals = activity_near_fairs(session, scope, district, fairs["held_on"].min() - window,
                                                  fairs["held_on"].max() + window)
        return fairs, profiled, referrals

    fairs, profiled, referrals = cached("fair-effect", (scope, district), compute)
    if fairs.empty:
        return pd.DataFrame(columns=["fair_id", "venue", "held_on", "profiled_before", "profiled_after",
                                     "referrals_before", "referrals_after"])
    located = {name: _placed(frame, column) for name, frame, column in
               (("profiled", profiled, "profiled_on"), ("referrals", referrals, "referred_on"))}
    effect = fair_effect(fairs, located["profiled"], located["referrals"], radius_km, FAIR_WINDOW_DAYS)
    threshold = _threshold()
    if threshold is not None:
        for column in ("profiled_before", "profiled_after", "referrals_before", "referrals_after"):
            effect[column] = pd.Series([hide_count(int(n), threshold) for n in effect[column]], index=effect.index)
    return effect


def _placed(frame: pd.DataFrame, day_column: str) -> pd.DataFrame:
    """``lat, lon, <day_column>``, one row per event, those without a location placed in their upazila."""
    if frame.empty:
        return pd.DataFrame(columns=["lat", "lon", day_column])
    rows = one_row_each(frame, "events", ["upazila_pcode", "lat", "lon", "day"])
    placed = place(rows.assign(returnee_id=range(len(rows))), centroids()).frame
    return placed[["lat", "lon", "day"]].rename(columns={"day": day_column})


__all__ = ["GAP_COLUMNS", "SITE_COLUMNS", "GapResult", "fair_effects", "follow_up_list", "gap_analysis"]
