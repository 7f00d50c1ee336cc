"""The enforcement kernel every read for a signed-in reader passes through.

Feature data modules (``features/*/data``) call these, never the database directly: the scope
comes from ``core.access.current_actor`` (and goes, with the filters, into the cache key); an
area outside it is refused (:class:`NotPermitted`, never the data); below headquarters every
count of people is published through ``core.disclosure`` and periods are whole months; exports
and views of row-level data are written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from dashboard.core.access import Action, Actor, current_actor
from dashboard.core.audit import record
from dashboard.core.disclosure import Published, exact, key_name, publish, snap_to_months
from dashboard.core.filters import Filters
from dashboard.core.indicators import INDICATOR_KEYS, RETURNEE_INDICATORS
from dashboard.core.privacy import Count
from dashboard.core.scope import Scope
from dashboard.i18n import t
from dashboard.runtime import runtime
from geodata import admin_areas


class NotPermitted(PermissionError):
    """The request asked for an area or an action outside what the actor may see or do."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not permitted: {what}")
        self.what = what


def reader_scope() -> Scope:
    """The scope of this request's actor."""
    return current_actor().scope


def require_area(area: str | None) -> None:
    """Refuse an area outside the actor's scope (the whole country is always asked for in scope)."""
    if area is not None and not current_actor().scope.permits(area):
        raise NotPermitted(area)


def require(action: Action, area: str | None = None) -> Actor:
    """The actor, if allowed ``action`` (in ``area``); otherwise :class:`NotPermitted`."""
    actor = current_actor()
    if not actor.may(action, area):
        raise NotPermitted(action.value)
    return actor


def threshold() -> int | None:
    """The suppression threshold for this actor, or None when they may see every count."""
    return None if current_actor().may(Action.SEE_SMALL_COUNTS) else runtime().settings.suppression_threshold


def points_allowed() -> bool:
    """Whether this request's actor may see returnees per grid cell."""
    return current_actor().may(Action.VIEW_POINTS)


def effective_filters(filters: Filters) -> Filters:
    """The filters the figures are counted for: the reader's own, with the period in whole
    calendar months below headquarters (``disclosure.snap_to_months``: a day-precise period would
    let two answers a few days apart differ by a handful of people). Views state the period
    from this."""
    if threshold() is None or (filters.start is None and filters.end is None):
        return filters
    start, end = filters.start, filters.end
    if start is not None and end is not None:
        start, end = snap_to_months(start, end)
    elif start is not None:
        start = start.replace(day=1)
    elif end is not None:
        end = snap_to_months(end, end)[1]
    return filters.replace(start=start, end=end)


def keyed() -> bool:
    """Whether this reader's counts are perturbed, so queries must bring key sums: below
    headquarters only (a key sum is one more SUM per count, kept off headquarters' path).
    Part of every cache key whose answer holds key sums or not."""
    return threshold() is not None


def perturbed_figures() -> tuple[str, ...]:
    """The indicators whose values this reader gets perturbed (``dashboard.core.disclosure``): the
    counts of people below headquarters, none at headquarters."""
    return () if threshold() is None else RETURNEE_INDICATORS


def published(count: int, key_sum: int, limit: int | None) -> Published:
    """A count of people as a reader under threshold ``limit`` may see it: exact at
    headquarters (``None``), else perturbed."""
    return exact(count) if limit is None else publish(count, key_sum, limit)


def publish_figures(figures: dict[str, int], limit: int | None) -> dict[str, Count]:
    """Indicator values (queried with their key sums) as published to this reader. Each count
    of people is a cell of its own, the total included, never a sum of perturbed parts."""
    out: dict[str, Count] = {key: figures[key] for key in INDICATOR_KEYS}
    for key in RETURNEE_INDICATORS:
        # Headquarters' figures come without key sums (exact, so none is needed).
        out[key] = published(figures[key], figures.get(key_name(key), 0), limit)
    return out


def audit(action: str, target: str, filters: Filters | None = None, **details: Any) -> None:
    """Write an export or an access to row-level data to the audit trail."""
    actor = current_actor()
    payload = {"filters": (filters or Filters()).to_query(), **details}
    with runtime().database.session() as session:
        record(session, actor, action, target, payload)


def scope_description(lang: str) -> str:
    """Who may see what, in words, for the top of downloaded files."""
    actor = current_actor()
    if actor.scope.is_national:
        return t("export.scope_national", lang)
    names = ", ".join(sorted(admin_areas()[d].name(lang) for d in actor.districts if d in admin_areas()))
    return t("export.scope_districts", lang, districts=names or "–")
