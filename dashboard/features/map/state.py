"""The state of the map view and how it travels in the URL.

The map owns the URL keys in :data:`MAP_KEYS` (area, metric, the survey round of a score
metric, layers, how the returnees layer is coloured, points, which hotline calls are counted);
the filter panel owns the filters' keys
(``dashboard.core.filters``). Everything lives in the query string, so a copied link
opens the same view and back/forward work. Parsing is forgiving: an unknown or
malformed value is dropped, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dashboard.core.access import current_actor
from dashboard.core.filters import Filters
from dashboard.core.hotline import URL_KEYS as HOTLINE_KEYS
from dashboard.core.hotline import HotlineChoice
from dashboard.core.metrics import BREAKDOWNS, DEFAULT_BREAKDOWN, OUTCOME_ROUND, SPECS, Metric, available_metrics
from dashboard.core.outcomes import round_months
from dashboard.core.url import build_search, parse_query
from dashboard.features.map.steps import step_filters
from geodata import Level, admin_areas
from geodata.gazetteer import candidates
from layers import ordered_layers

MAP_KEYS = ("district", "upazila", "metric", "layers", "breakdown", "points", "round", *HOTLINE_KEYS)


def default_layers() -> tuple[str, ...]:
    """Layers shown when the URL names none."""
    return tuple(layer.key for layer in ordered_layers() if layer.default_on)


def _registered_layers(keys: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    chosen = set(keys or [])
    return tuple(k for k in (layer.key for layer in ordered_layers()) if k in chosen)


def _place(value: str | None, level: Level, within: str | None) -> str | None:
    """The P-code a URL value means: a P-code, or a name in any spelling the gazetteer knows
    (``?district=Sylhet``, ``Comilla``, ``সিলেট``); None when it means no single area."""
    if not value:
        return None
    areas = admin_areas()
    if value in areas and areas[value].level == level and (within is None or value.startswith(within)):
        return value
    found = candidates(value, level, within)
    return found[0].pcode if len(found) == 1 else None


@dataclass(frozen=True)
class ViewState:
    """Area (district, upazila), what is shown, and the filters."""

    district: str | None = None
    upazila: str | None = None
    metric: Metric = Metric.RETURNEES
    layers: tuple[str, ...] = field(default_factory=default_layers)
    breakdown: str = DEFAULT_BREAKDOWN
    points: bool = False
    # The follow-up survey round (months after return) the score metrics are for (issue 29).
    outcome_round: int = OUTCOME_ROUND
    # Which hotline calls the hotline layer, the hotline metrics and the upazila panel count.
    hotline: HotlineChoice = field(default_factory=HotlineChoice)
    filters: Filters = field(default_factory=Filters)  # never carries an area: that is above
    # Places named in the URL that matched no area (shown to the user, never guessed).
    not_understood: tuple[str, ...] = ()

    @property
    def level(self) -> Level:
        """The level the choropleth shows: districts nationally, upazilas inside a district."""
        return Level.DISTRICT if self.district is None else Level.UPAZILA

    @property
    def area(self) -> str | None:
        """The most specific area chosen: upazila, else district, else None (national)."""
        return self.upazila or self.district

    def area_filters(self) -> Filters:
        """Filters narrowed to the chosen area, for KPIs and panels."""
        return self.filters.replace(area=self.area)

    def map_filters(self) -> Filters:
        """Filters narrowed to the district the map shows (upazila choice does not shrink the map)."""
        return self.filters.replace(area=self.district)

    @classmethod
    def from_search(cls, search: str | None) -> ViewState:
        """Parse a query string, dropping anything unknown."""
        query = parse_query(search)
        district = _place(query.get("district"), Level.DISTRICT, None)
        upazila = _place(query.get("upazila"), Level.UPAZILA, district) if district else None
        asked = [(query.get("district"), district), (query.get("upazila") if district else None, upazila)]
        not_understood = tuple(value for value, found in asked if value and found is None)
        level = Level.DISTRICT if district is None else Level.UPAZILA
        metric = next((m for m in available_metrics(level) if m.value == query.get("metric")), Metric.RETURNEES)
        layers = _registered_layers(query["layers"].split(",")) if "layers" in query else default_layers()
        asked_round = round_months(query.get("round") or "")
        return cls(district=district, upazila=upazila, metric=metric, layers=layers,
                   breakdown=query["breakdown"] if query.get("breakdown") in BREAKDOWNS else DEFAULT_BREAKDOWN,
                   points=query.get("points") == "1" and district is not None,
                   outcome_round=OUTCOME_ROUND if asked_round is None else asked_round,
                   hotline=HotlineChoice.from_query(query), filters=Filters.from_query(query),
                   not_understood=not_understood)

    def map_query(self) -> dict[str, str]:
        """The map's own URL parameters; defaults are left out to keep links short."""
        params: dict[str, str] = {}
        if self.district:
            params["district"] = self.district
        if self.upazila:
            params["upazila"] = self.upazila
        if self.metric != Metric.RETURNEES:
            params["metric"] = self.metric.value
        # Always written: "layers=" (none) differs from no parameter (the default layers).
        params["layers"] = ",".join(self.layers)
        if self.breakdown != DEFAULT_BREAKDOWN:
            params["breakdown"] = self.breakdown
        if self.points:
            params["points"] = "1"
        # Only beside a score metric: the round means nothing to the other metrics.
        if SPECS[self.metric].outcome and self.outcome_round != OUTCOME_ROUND:
            params["round"] = str(self.outcome_round)
        params.update(self.hotline.to_query())
        return params

    def to_search(self) -> str:
        """The whole view as a query string."""
        return build_search(self.map_query() | self.filters.to_query())

    # Navigation -----------------------------------------------------------

    def go_to(self, pcode: str | None) -> ViewState:
        """Show a district (or the country for None); an upazila opens its district's detail."""
        if pcode is None or pcode not in admin_areas():
            return replace(self, district=None, upazila=None, points=False,
                           metric=self._metric_at(Level.DISTRICT), not_understood=())
        if admin_areas()[pcode].level == Level.UPAZILA:
            return replace(self, district=pcode[:6], upazila=pcode, metric=self._metric_at(Level.UPAZILA),
                           not_understood=())
        return replace(self, district=pcode, upazila=None, metric=self._metric_at(Level.UPAZILA), not_understood=())

    def up(self) -> ViewState:
        """One level up: upazila -> its district -> the country."""
        return self.go_to(self.district if self.upazila else None)

    def at_home(self, home: str | None) -> ViewState:
        """The view with ``home`` (a district) as its area when the view names none: where someone
        who works in districts starts. Anything else in the view is kept, a note on a place not
        understood too."""
        if self.district is not None or home is None:
            return self
        return replace(self, district=home, upazila=None, metric=self._metric_at(Level.UPAZILA))

    def _metric_at(self, level: Level) -> Metric:
        return self.metric if self.metric in available_metrics(level) else Metric.RETURNEES

    # What is shown ------------------------------------------------------------

    def with_metric(self, value: str | None) -> ViewState:
        """Colour areas by ``value`` if it exists at this level; anything else changes nothing."""
        metric = next((m for m in available_metrics(self.level) if m.value == value), None)
        return replace(self, metric=metric) if metric else self

    def with_layers(self, keys: list[str] | None) -> ViewState:
        """Only registered layers, in drawing order."""
        return replace(self, layers=_registered_layers(keys))

    def with_breakdown(self, value: str | None) -> ViewState:
        """Colour returnees by ``value`` if it is a breakdown."""
        return replace(self, breakdown=value) if value in BREAKDOWNS else self

    def with_round(self, value: int | str | None) -> ViewState:
        """Score metrics for the survey round ``value`` (months after return, or "baseline",
        "6_months"...); anything unreadable changes nothing."""
        months = round_months(str(value)) if value is not None else None
        return replace(self, outcome_round=months) if months is not None else self

    def with_hotline_topics(self, values: list[str] | None) -> ViewState:
        """Count calls on these topics only (none: every topic); unknown values are dropped."""
        return replace(self, hotline=HotlineChoice.of(values, self.hotline.callers, self.hotline.referred))

    def with_hotline_callers(self, values: list[str] | None) -> ViewState:
        """Count calls from these caller types only (none: every caller)."""
        return replace(self, hotline=HotlineChoice.of(self.hotline.topics, values, self.hotline.referred))

    def with_hotline_referred(self, value: str | None) -> ViewState:
        """Count calls whose caller was ("yes") or was not ("no") referred; anything else: all."""
        return replace(self, hotline=HotlineChoice.of(self.hotline.topics, self.hotline.callers, value))

    def with_points(self, value: bool | None) -> ViewState:
        """Individual points on or off; never without a district."""
        return replace(self, points=bool(value) and self.district is not None)


def current_state(search: str | None) -> ViewState:
    """The view in ``search`` as the request's reader sees it: someone who works in districts
    (a DCC member, a district officer, a viewer given districts) opens on the first of theirs
    and never on the whole country; headquarters opens on the country. Every callback of the
    map page reads its state through here, so the heading, the cards, the map and the detail
    agree on the area (and, on the timeline, on the step's period)."""
    state = ViewState.from_search(search).at_home(current_actor().home_district)
    # On the timeline (features/map/steps) the period shown is the step's, not the whole range.
    return replace(state, filters=step_filters(state.filters, search))


__all__ = ["MAP_KEYS", "ViewState", "current_state", "default_layers"]
