"""The map as GeoJSON: the areas with the metric shown, and each layer's features as points.

What is exported is exactly what the map shows the user: the same (suppressed) values,
the same aggregates, and returnees only per grid cell where the role may see them.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from dashboard.exports import About
from geodata import Level, admin_areas, boundaries, district_seat

# Columns that locate a layer's row, in the order they are tried.
_POINT_COLUMNS = (("lat", "lon"), ("cell_lat", "cell_lon"))


def _value(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _position(row: dict[str, Any]) -> tuple[float, float] | None:
    for lat, lon in _POINT_COLUMNS:
        if row.get(lat) is not None and row.get(lon) is not None:
            return float(row[lon]), float(row[lat])
    areas = admin_areas()
    for column in ("upazila_pcode", "district_pcode"):
        pcode = row.get(column)
        if pcode in areas:
            area = district_seat(pcode) if len(pcode) == 6 and column == "district_pcode" else areas[pcode]
            return area.center_lon, area.center_lat
    return None


def map_geojson(values: dict[str, Any], metric_label: str, district: str | None,
                layers: dict[str, pd.DataFrame], about: About, lang: str) -> bytes:
    """A FeatureCollection: one polygon per area on the map, then one point per layer row."""
    level = Level.DISTRICT if district is None else Level.UPAZILA
    areas = admin_areas()
    features: list[dict[str, Any]] = []
    for feature in boundaries(level)["features"]:
        pcode = feature["id"]
        if pcode in values:
            features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
                "layer": "areas", "pcode": pcode, "name_en": areas[pcode].name_en, "name_bn": areas[pcode].name_bn,
                "metric": metric_label, "value": _value(values[pcode])}})
    for key, table in layers.items():
        for row in table.to_dict("records"):
            position = _position(row)
            if position is not None:
                features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": list(position)},
                                 "properties": {"layer": key, **{k: _value(v) for k, v in row.items()}}})
    collection = {"type": "FeatureCollection", "properties": dict(about.lines(lang)), "features": features}
    return json.dumps(collection, ensure_ascii=False, default=str).encode("utf-8")
