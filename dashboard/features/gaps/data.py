"""What the service-gap page asks for: the analysis for the actor's district, made safe to show.

Database rows come from ``dashboard.features.gaps.queries`` (cached per scope, district,
service and filters); distances and coverage from ``dashboard.features.gaps.analysis`` (fast
enough to redo for every radius). Below headquarters every count of returnees is a
published cell (``dashboard.core.disclosure``: the key sums come from SQL per place and compose
into any set of whole places), shares and medians come from published counts only, distances
are bands or whole-km medians, and unreached returnees appear only per grid cell (audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core import guard
from dashboard.core.access import Action, current_actor
from dashboard.core.cache import cached
from dashboard.core.disclosure import band_radius, distance_band, publish
from dashboard.core.filters import Filters
from dashboard.core.guard import audit, published, require, require_area
from dashboard.core.privacy import GRID_DEGREES, GRID_OFFSET, Count
from dashboard.features.gaps.analysis import (
    FAIR_EFFECT_COLUMNS,
    GAP_COLUMNS,
    SITE_COLUMNS,
    add_nearest_km,
    fair_effect,
    gap_table,
    place,
    suggest_sites,
    unreached_returnees,
)
from dashboard.features.gaps.analysis.geo import check_radius
from dashboard.features.gaps.analysis.sites import CANDIDATE_COLUMNS, SITES
from dashboard.features.gaps.published import published_sites, published_table
from dashboard.features.gaps.queries import (
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
    placed_at_centroid: Count
    unlocated: Count
    by_upazila: pd.DataFrame
    suggestions: pd.DataFrame
    providers: pd.DataFrame
    unreached_cells: pd.DataFrame | None  # lat, lon, returnees per grid cell; None when not allowed


# No candidate site: what the analysis is given when no site is to be suggested.
NO_CANDIDATES = pd.DataFrame({column: pd.Series(dtype="float64" if column in ("lat", "lon") else object)
                              for column in CANDIDATE_COLUMNS})


def _raw(district: str, service: str, filters: Filters,
         sites: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(in-need returnees per place with their key sums, providers, candidate sites). Without
    ``sites`` no candidate is read (the exports and the brief suggest none; reading the past
    fair venues was a fifth of the gap table's export)."""
    scope = current_actor().scope
    keyed = guard.keyed()
    places, providers = cached("gaps-keyed", (scope, district, service, filters, keyed), lambda s: (
        in_need_places(s, scope, district, service, filters, keys=keyed),
        providers_offering(s, scope, district, service)))
    where = cached("gaps-candidates", (scope, district, service),
                   lambda s: candidates(s, scope, district, service)) if sites else NO_CANDIDATES
    # Headquarters' counts are exact: their places come without key sums (the join to the
    # returnees that brings them is kept off their path), read as zero below.
    return (places if keyed else places.assign(key_sum=0)), providers, where


def one_row_each(counted: pd.DataFrame, count: str, columns: list[str], key: str | None = None) -> pd.DataFrame:
    """``columns`` of each row repeated as many times as its ``count``: the analysis counts
    and takes medians over people or events, and a row each keeps it exactly as it is.

    With ``key`` (a key-sum column), the row's key sum rides on its first copy and the others
    carry 0. Every set the analysis forms is made of whole rows (one place: same upazila,
    location, distance and reach), so summing ``key`` over a set gives that set's key sum."""
    positions = np.repeat(np.arange(len(counted)), counted[count].to_numpy(dtype=np.int64))
    rows = counted.iloc[positions][columns].reset_index(drop=True)
    if key is not None:
        first = np.ones(len(positions), dtype=bool)
        first[1:] = positions[1:] != positions[:-1]
        rows[key] = np.where(first, counted[key].to_numpy(dtype=np.int64)[positions], 0)
    return rows


def one_row_per_person(places: pd.DataFrame) -> pd.DataFrame:
    """``upazila_pcode, lat, lon`` repeated ``people`` times (and ``key_sum`` when the places
    have it, on each place's first row: see :func:`one_row_each`)."""
    key = "key_sum" if "key_sum" in places.columns else None
    return one_row_each(places, "people", ["upazila_pcode", "lat", "lon"], key)


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
    """Unreached returnees per ~2 km grid cell (the same grid as the map's points):
    ``lat, lon, returnees`` and, when the rows carry them, the cells' key sums ``key_sum``.
    Rows are people, or places with their ``people``."""
    keyed = "key_sum" in unreached.columns
    if unreached.empty:
        return pd.DataFrame(columns=["lat", "lon", "returnees", *(["key_sum"] if keyed else [])])
    lat = np.floor((unreached["lat"] - GRID_OFFSET) / GRID_DEGREES) * GRID_DEGREES + GRID_OFFSET + GRID_DEGREES / 2
    lon = np.floor((unreached["lon"] - GRID_OFFSET) / GRID_DEGREES) * GRID_DEGREES + GRID_OFFSET + GRID_DEGREES / 2
    cells = pd.DataFrame({"lat": lat.round(4), "lon": lon.round(4),
                          "people": unreached["people"] if "people" in unreached.columns else 1,
                          "key_sum": unreached["key_sum"] if keyed else 0}).groupby(["lat", "lon"]).agg(
        returnees=("people", "sum"), key_sum=("key_sum", "sum")).reset_index()
    return cells[["lat", "lon", "returnees", *(["key_sum"] if keyed else [])]].sort_values(
        ["lat", "lon"], ignore_index=True)


@dataclass(frozen=True)
class Computed:
    """The analysis itself, before anything is hidden (what the CLI prints for headquarters)."""

    placement: Any
    table: pd.DataFrame
    unreached: pd.DataFrame  # the unreached places (or people), with their ``people`` and ``km``
    suggestions: pd.DataFrame
    with_km: pd.DataFrame  # the placed places (or people) with column km (distance to the nearest provider)

    @property
    def in_need(self) -> int:
        """How many in-need returnees were placed."""
        return int(self.placement.frame["people"].sum())

    @property
    def unreached_people(self) -> int:
        """How many of them are out of reach."""
        return int(self.unreached["people"].sum())

    @property
    def at_centroid(self) -> int:
        """How many of them were placed at their upazila's centre."""
        frame = self.placement.frame
        return int(frame.loc[frame["at_centroid"].astype(bool), "people"].sum())


def compute(district: str, in_need: pd.DataFrame, providers: pd.DataFrame, candidates: pd.DataFrame,
            radius_km: float, sites: bool = True) -> Computed:
    """Place the in-need returnees, measure, rank upazilas, and pick sites (pure: no request, no SQL).

    ``in_need``: places with counts (``upazila_pcode, lat, lon, people``, from
    ``queries.in_need_places``) or one row per person (no ``people``: 1 each). Each place is
    measured once, whoever lives there; the counts and medians are the people's. Extra columns
    (a ``key_sum``) are carried to the placed, unreached and site rows. Without ``sites`` no
    site is picked (the suggestions come back empty): the brief and the exports show none."""
    if "people" not in in_need.columns:
        in_need = in_need.assign(people=1)
    placement = place(in_need, centroids())
    upazilas = [a.pcode for a in areas_at(Level.UPAZILA, district)]
    with_km = add_nearest_km(placement.frame, providers)
    table = gap_table(with_km, providers, radius_km, upazilas, weight="people")
    # unreached_returnees' own rule, on the distances just measured (not measured again)
    unreached = with_km.loc[~(with_km["km"] <= check_radius(radius_km))].reset_index(drop=True)
    # The greedy pick measures every unreached place against every candidate: the largest
    # step of the brief's three analyses, which print no suggested site.
    suggestions = suggest_sites(unreached, candidates, radius_km, count=SITES if sites else 0)
    return Computed(placement, table, unreached, suggestions, with_km)


def gap_analysis(district: str, service: str, radius_km: float, filters: Filters | None = None,
                 cells: bool = True, sites: bool = True) -> GapResult:
    """Need versus supply of ``service`` in ``district`` at ``radius_km``.

    Below headquarters every count of people is published (``dashboard.core.disclosure``), each its
    own cell: the district's totals are not sums of the perturbed upazila figures. With
    ``cells`` (the page drawing its map) and an actor allowed to see points, the unreached per
    grid cell come too, and that view is written to the audit trail. Without ``sites`` the
    suggested sites are not worked out (and come back empty)."""
    require_area(district)
    filters = filters or Filters()
    places, providers, candidates = _raw(district, service, filters, sites)
    # Places with counts, not people: each place is measured once, and counts and medians are
    # weighted by its people (the same figures as one row per person, without the rows).
    done = compute(district, places, providers, candidates, radius_km, sites)
    placement, table, unreached, suggestions = done.placement, done.table, done.unreached, done.suggestions
    threshold = guard.threshold()
    located = placement.frame
    at_centre = located.loc[located["at_centroid"].astype(bool)]
    # Each total is a cell of its own; the unlocated are everyone read minus everyone placed.
    in_need = published(done.in_need, int(located["key_sum"].sum()), threshold)
    total_unreached = published(done.unreached_people, int(unreached["key_sum"].sum()), threshold)
    placed_at_centroid = published(done.at_centroid, int(at_centre["key_sum"].sum()), threshold)
    unlocated = published(int(places["people"].sum()) - done.in_need,
                          int(places["key_sum"].sum()) - int(located["key_sum"].sum()), threshold)
    if threshold is not None:
        table = published_table(table, done.with_km, unreached, threshold)
        suggestions = published_sites(suggestions, threshold)
    else:
        suggestions = suggestions[list(SITE_COLUMNS)]
    shown = _cells(unreached) if cells and current_actor().may(Action.VIEW_POINTS, district) else None
    if shown is not None:
        if threshold is not None:
            # No cell of fewer than threshold people, none at all when the whole set is that small (the
            # map's rule); the rest published, so a cell at two radii does not give the people between.
            kept = shown[shown["returnees"] >= threshold] if done.unreached_people >= threshold else shown.iloc[0:0]
            shown = kept.assign(returnees=[int(publish(int(n), int(k), threshold))
                                           for n, k in zip(kept["returnees"], kept["key_sum"], strict=True)])
        shown = shown[["lat", "lon", "returnees"]].reset_index(drop=True)
        # Where unreached returnees live is row-level data: every view of it is on the audit trail.
        audit("view_points", f"gaps {district} {service} {radius_km:g}km", filters, cells=len(shown))
    scope = current_actor().scope
    # Everyone's distances count providers over the border, but below headquarters the page
    # does not name a provider in a district the user does not work in (the map's rule).
    providers = providers.assign(name=pd.Series([name if scope.permits(upazila) else None for name, upazila
                                                 in zip(providers["name"], providers["upazila_pcode"], strict=True)],
                                                index=providers.index))
    return GapResult(district, service, radius_km, in_need, total_unreached, placed_at_centroid, unlocated, table,
                     suggestions, providers, shown)


def follow_up_list(district: str, service: str, radius_km: float, filters: Filters | None = None) -> pd.DataFrame:
    """The pseudonymous codes of unreached returnees, for roles allowed row-level data (audited).

    Below headquarters each person's distance is a band (``disclosure.distance_band``), never km
    nor a location: a code with exact distances to known providers would place that person. For
    the same reason the list is drawn at a band edge there (``disclosure.band_radius``: 12 km
    gives the list at 10 km), so moving the radius a km at a time reveals no finer distance."""
    require(Action.EXPORT_ROWS, district)
    filters = filters or Filters()
    scope = current_actor().scope
    _places, providers, _sites = _raw(district, service, filters, sites=False)
    in_need = cached("gaps-people", (scope, district, service, filters),
                     lambda s: returnees_in_need(s, scope, district, service, filters))
    exact = guard.threshold() is None
    radius_km = radius_km if exact else band_radius(radius_km)
    unreached = unreached_returnees(place(in_need, centroids()).frame, providers, radius_km)
    areas = admin_areas()
    distance = ({"nearest_provider_km": unreached["km"].round(1)} if exact
                else {"distance_band": unreached["km"].map(distance_band)})
    table = pd.DataFrame({"returnee_code": unreached["code"],
                          "upazila": unreached["upazila_pcode"].map(lambda p: areas[p].name_en),
                          **distance}).sort_values(["upazila", "returnee_code"], ignore_index=True)
    audit("export_rows", f"follow-up {district} {service} {radius_km:g}km", filters, rows=len(table))
    table.attrs["radius_km"] = radius_km  # the radius the list was drawn at, for its title
    return table


def fair_effects(district: str, radius_km: float) -> pd.DataFrame:
    """Profiled returnees and referrals within ``radius_km`` of each of the district's
    ``RECENT_FAIRS`` latest fair venues, 90 days before and after (a before/after comparison,
    not a causal claim). Below HQ the people profiled are published cells (``dashboard.core.disclosure``;
    another radius is another set of people, so its noise is independent), and so are the
    referrals (their key sums ride in the per-place summary, once per referral)."""
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
    threshold = guard.threshold()
    if threshold is not None:
        for column in ("profiled_before", "profiled_after", "referrals_before", "referrals_after"):
            effect[column] = pd.Series([int(publish(int(n), int(k), threshold)) for n, k in
                                        zip(effect[column], effect[f"{column}_key"], strict=True)],
                                       index=effect.index, dtype=object)
    return effect[list(FAIR_EFFECT_COLUMNS)]


def _placed(frame: pd.DataFrame, day_column: str) -> pd.DataFrame:
    """``lat, lon, <day_column>``, one row per event, those without a location placed in their
    upazila (and ``key_sum`` when the frame has it: see :func:`one_row_each`)."""
    key = "key_sum" if "key_sum" in frame.columns else None
    keys = [key] if key else []
    if frame.empty:
        return pd.DataFrame(columns=["lat", "lon", day_column, *keys])
    rows = one_row_each(frame, "events", ["upazila_pcode", "lat", "lon", "day"], key)
    placed = place(rows.assign(returnee_id=range(len(rows))), centroids()).frame
    return placed[["lat", "lon", "day", *keys]].rename(columns={"day": day_column})


__all__ = ["GAP_COLUMNS", "SITE_COLUMNS", "GapResult", "fair_effects", "follow_up_list", "gap_analysis"]
