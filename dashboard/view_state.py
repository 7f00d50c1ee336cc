"""The state of the map view and how it travels in the URL.

Everything the user chose - area, metric, layers, filters - lives in the query
string, so a copied link opens the same view and back/forward work. Parsing is
forgiving: an unknown or malformed value is dropped, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard.filters import PERSON_FILTERS, Filters
from dashboard.models.vocabulary import AgeBand, ReturneeStatus, ReturnGroup, Service, Sex
from dashboard.queries.areas import BREAKDOWNS
from dashboard.queries.metrics import Metric, available_metrics
from geodata import Level, admin_areas
from layers import ordered_layers

DEFAULT_BREAKDOWN = "return_group"
# Allowed values of each person filter; countries are free ISO codes, checked for shape.
FILTER_VALUES: dict[str, frozenset[str] | None] = {
    "sex": frozenset(s.value for s in Sex),
    "age_band": frozenset(a.value for a in AgeBand),
    "return_group": frozenset(g.value for g in ReturnGroup),
    "country": None,
    "need": frozenset(s.value for s in Service),
    "status": frozenset(s.value for s in ReturneeStatus),
}


def default_layers() -> tuple[str, ...]:
    """Layers shown when the URL names none."""
    return tuple(layer.key for layer in ordered_layers() if layer.default_on)


def parse_date(text: str | None) -> date | None:
    """A date from "YYYY-MM-DD" (a time part, as date pickers may send, is ignored); None if invalid."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def clean_filter_values(name: str, values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Keep only allowed values of one person filter, sorted and without repeats."""
    allowed = FILTER_VALUES[name]
    kept = {v for v in (values or []) if (v in allowed if allowed is not None else len(v) == 2 and v.isalpha())}
    return tuple(sorted(kept))


@dataclass(frozen=True)
class ViewState:
    """Area (district, upazila), what is shown, and the filters."""

    district: str | None = None
    upazila: str | None = None
    metric: Metric = Metric.RETURNEES
    layers: tuple[str, ...] = field(default_factory=default_layers)
    breakdown: str = DEFAULT_BREAKDOWN
    points: bool = False
    filters: Filters = field(default_factory=Filters)  # never carries an area: that is above

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
        return replace(self.filters, area=self.area)

    def map_filters(self) -> Filters:
        """Filters narrowed to the district the map shows (upazila choice does not shrink the map)."""
        return replace(self.filters, area=self.district)

    @classmethod
    def from_search(cls, search: str | None) -> ViewState:
        """Parse a query string, dropping anything unknown."""
        # Blank values matter: "layers=" means every layer switched off, not the default.
        query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
        areas = admin_areas()
        district = query.get("district")
        district = district if district in areas and areas[district].level == Level.DISTRICT else None
        upazila = query.get("upazila")
        upazila = upazila if district and upazila in areas and upazila.startswith(district) \
            and areas[upazila].level == Level.UPAZILA else None
        level = Level.DISTRICT if district is None else Level.UPAZILA
        metric = next((m for m in available_metrics(level) if m.value == query.get("metric")), Metric.RETURNEES)
        layers = tuple(k for k in (layer.key for layer in ordered_layers())
                       if k in query.get("layers", "").split(",")) if "layers" in query else default_layers()
        filters = Filters(
            start=parse_date(query.get("from")), end=parse_date(query.get("to")),
            **{name: clean_filter_values(name, query.get(name, "").split(",")) for name in PERSON_FILTERS},
        )
        return cls(district=district, upazila=upazila, metric=metric, layers=layers,
                   breakdown=query.get("breakdown") if query.get("breakdown") in BREAKDOWNS else DEFAULT_BREAKDOWN,
                   points=query.get("points") == "1" and district is not None, filters=filters)

    def to_search(self) -> str:
        """The query string for this state; defaults are left out to keep links short."""
        params: dict[str, str] = {}
        if self.district:
            params["district"] = self.district
        if self.upazila:
            params["upazila"] = self.upazila
        if self.metric != Metric.RETURNEES:
            params["metric"] = self.metric.value
        params["layers"] = ",".join(self.layers)
        if self.breakdown != DEFAULT_BREAKDOWN:
            params["breakdown"] = self.breakdown
        if self.points:
            params["points"] = "1"
        if self.filters.start:
            params["from"] = self.filters.start.isoformat()
        if self.filters.end:
            params["to"] = self.filters.end.isoformat()
        for name in PERSON_FILTERS:
            if getattr(self.filters, name):
                params[name] = ",".join(getattr(self.filters, name))
        return "?" + urlencode(params, safe=",")

    # Navigation -----------------------------------------------------------

    def go_to(self, pcode: str | None) -> ViewState:
        """Show a district (or the country for None); an upazila opens its district's detail."""
        if pcode is None or pcode not in admin_areas():
            return replace(self, district=None, upazila=None, points=False,
                           metric=self._metric_at(Level.DISTRICT))
        if admin_areas()[pcode].level == Level.UPAZILA:
            return replace(self, district=pcode[:6], upazila=pcode, metric=self._metric_at(Level.UPAZILA))
        return replace(self, district=pcode, upazila=None, metric=self._metric_at(Level.UPAZILA))

    def up(self) -> ViewState:
        """One level up: upazila -> its district -> the country."""
        return self.go_to(self.district if self.upazila else None)

    def _metric_at(self, level: Level) -> Metric:
        return self.metric if self.metric in available_metrics(level) else Metric.RETURNEES

    # Filters ----------------------------------------------------------------

    def without_filter(self, name: str) -> ViewState:
        """Drop one filter (a person filter name, or "period")."""
        if name == "period":
            return replace(self, filters=replace(self.filters, start=None, end=None))
        if name in PERSON_FILTERS:
            return replace(self, filters=replace(self.filters, **{name: ()}))
        return self

    def reset_filters(self) -> ViewState:
        """Every filter cleared; area, metric and layers kept."""
        return replace(self, filters=Filters())

    def with_layers(self, keys: list[str] | None) -> ViewState:
        """Only registered layers, in drawing order."""
        chosen = set(keys or [])
        return replace(self, layers=tuple(k for k in (layer.key for layer in ordered_layers()) if k in chosen))


def active_filters(filters: Filters) -> list[str]:
    """Names of the filters that are set ("period" for the date range), in panel order."""
    names = ["period"] if filters.start or filters.end else []
    return names + [name for name in PERSON_FILTERS if getattr(filters, name)]


__all__ = ["ViewState", "active_filters", "clean_filter_values", "default_layers"]
