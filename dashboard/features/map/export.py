"""The map as GeoJSON: the areas with the metric shown, and each layer's features as points.

What is exported is exactly what the map shows the user: the same (suppressed) values,
the same aggregates, and returnees only per grid cell where the role may see them.

The file is for GIS software, which reads GeoJSON through GDAL (QGIS, ogr2ogr), so it
keeps GDAL's contract (checked by ``tests/test_export_contracts.py``, which reads it back
with GDAL and writes it to GeoPackage):

* **No property named ``id`` or ``fid``.** GDAL takes such a property as the feature id;
  fairs' and providers' database ids then collide with one another (and the GeoPackage
  write fails). A layer's ``id`` column is exported as ``source_id`` (its row id in its
  own table); features carry no top-level id, so GDAL numbers them itself.
* **A field is one type.** GDAL types a field from all its values: one ``"<5"`` among
  numbers makes it text, and a GIS can no longer colour by it. A count hidden below
  headquarters is therefore exported as ``null`` with a boolean ``<name>_hidden`` flag
  beside it (``value`` / ``value_hidden`` for the areas). Hidden counts are recognised
  with :func:`dashboard.core.privacy.is_hidden` only, whatever their representation.
* **Property names are the same in every language** (English snake_case keys: a map style
  is built on field names). Translated text appears in values only (names, labels); the
  collection's ``properties`` say what the file holds under stable keys, with the
  translated labels of those keys under ``labels``. The caller passes layer tables whose
  column names are these keys (the CSV and XLSX, for people, may head them in Bangla).

Coordinates are WGS84 longitude, latitude (RFC 7946).
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from dashboard.core.privacy import is_hidden
from dashboard.ui.exports import About
from geodata import Level, admin_areas, boundaries, district_seat

# Columns that locate a layer's row, in the order they are tried.
_POINT_COLUMNS = (("lat", "lon"), ("cell_lat", "cell_lon"))
# Property names GDAL's GeoJSON reader takes as the feature id (compared lower-case).
_ID_NAMES = frozenset({"id", "fid"})
# Layer columns holding counts of returnees, or values resting on published counts (the hotline
# layer's share referred and calls per 10,000 returnees), which privacy may hide below
# headquarters. They are always exported as numbers with a ``_hidden`` flag, so that the file has
# the same fields for every role (and a column whose every value is hidden is still a number field).
COUNT_COLUMNS = frozenset({"returnees", "referred_share_pct", "calls_per_10k_returnees"})
HIDDEN_SUFFIX = "_hidden"


def property_key(column: object) -> str:
    """A layer column's name as a GeoJSON property: GDAL's feature-id names become ``source_<name>``."""
    key = str(column)
    return f"source_{key.lower()}" if key.lower() in _ID_NAMES else key


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value  # NaN (also numpy's, a float subclass)


def _value(value: Any) -> Any:
    """A cell as JSON: missing ones null, numpy scalars as Python ones."""
    if _missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _count_columns(table: pd.DataFrame) -> list[Any]:
    """The columns exported as numbers with a hidden flag: the known count columns, and any other
    column that mixes numbers with hidden counts, provided every value is one of the two (or missing)."""
    out = []
    for column in table.columns:
        present = [v for v in table[column].tolist() if not _missing(v)]
        hidden = [v for v in present if is_hidden(v)]
        shown = [v for v in present if not is_hidden(v)]
        if all(_is_number(v) for v in shown) and (str(column) in COUNT_COLUMNS or (hidden and shown)):
            out.append(column)
    return out


def _count(key: str, value: Any) -> dict[str, Any]:
    """A count as a number (null when hidden) and its flag."""
    hidden = is_hidden(value)
    return {key: None if hidden else _value(value), key + HIDDEN_SUFFIX: hidden}


def _layer_properties(key: str, table: pd.DataFrame) -> list[dict[str, Any]]:
    counts = set(_count_columns(table))
    out = []
    for row in table.to_dict("records"):
        properties: dict[str, Any] = {"layer": key}
        for column, value in row.items():
            if column in counts:
                properties |= _count(property_key(column), value)
            else:
                properties[property_key(column)] = _value(value)
        out.append(properties)
    return out


def _position(row: Mapping[Hashable, Any]) -> tuple[float, float] | None:
    for lat, lon in _POINT_COLUMNS:
        if not _missing(row.get(lat)) and not _missing(row.get(lon)):
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
    """A FeatureCollection: one polygon per area on the map, then one point per layer row.

    ``layers`` maps a layer key to its table, whose column names become property names:
    pass untranslated (English snake_case) column names, as the map's download does.
    """
    level = Level.DISTRICT if district is None else Level.UPAZILA
    areas = admin_areas()
    features: list[dict[str, Any]] = []
    for feature in boundaries(level)["features"]:
        pcode = feature["id"]
        if pcode in values:
            features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
                "layer": "areas", "pcode": pcode, "name_en": areas[pcode].name_en, "name_bn": areas[pcode].name_bn,
                "metric": metric_label, **_count("value", values[pcode])}})
    for key, table in layers.items():
        for row, properties in zip(table.to_dict("records"), _layer_properties(key, table), strict=True):
            position = _position(row)
            if position is not None:
                features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": list(position)},
                                 "properties": properties})
    collection = {"type": "FeatureCollection", "properties": about.keyed(lang) | {"metric": metric_label},
                  "features": features}
    # allow_nan=False: NaN is not JSON, and a reader may refuse the whole file for one.
    return json.dumps(collection, ensure_ascii=False, default=str, allow_nan=False).encode("utf-8")
