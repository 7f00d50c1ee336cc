"""Bangladesh administrative boundaries and names, shipped with the app.

The files beside this module are built by ``python -m geodata.build`` from the
OCHA/BBS COD-AB v03 boundaries (via HDX); this module only reads them, with the
standard library, so the app needs no GIS stack at run time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

GEODATA_DIR = Path(__file__).resolve().parent
SOURCE_ATTRIBUTION = "Boundaries: OCHA/BBS COD-AB v03 via HDX"


class Level(IntEnum):
    """Administrative level, numbered as in the P-codes (adm1 = division)."""

    DIVISION = 1
    DISTRICT = 2
    UPAZILA = 3


_FILES = {Level.DIVISION: "divisions", Level.DISTRICT: "districts", Level.UPAZILA: "upazilas"}


@dataclass(frozen=True, slots=True)
class AdminArea:
    """One division, district or upazila."""

    pcode: str
    level: Level
    parent_pcode: str | None
    name_en: str
    name_bn: str | None
    area_sqkm: float
    center_lat: float
    center_lon: float

    def name(self, lang: str) -> str:
        """The area's name in ``lang`` ("en" or "bn"), English when no Bangla is known."""
        return self.name_bn if lang == "bn" and self.name_bn else self.name_en


@lru_cache(maxsize=1)
def admin_areas() -> dict[str, AdminArea]:
    """Every area keyed by P-code, divisions first, then districts, then upazilas."""
    with (GEODATA_DIR / "admin_areas.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["pcode"]: AdminArea(
                pcode=row["pcode"],
                level=Level(int(row["level"])),
                parent_pcode=row["parent_pcode"] or None,
                name_en=row["name_en"],
                name_bn=row["name_bn"] or None,
                area_sqkm=float(row["area_sqkm"]),
                center_lat=float(row["center_lat"]),
                center_lon=float(row["center_lon"]),
            )
            for row in csv.DictReader(handle)
        }


def areas_at(level: Level, parent_pcode: str | None = None) -> list[AdminArea]:
    """Areas of one level, optionally only the children of ``parent_pcode``."""
    return [
        area for area in admin_areas().values()
        if area.level == level and (parent_pcode is None or area.parent_pcode == parent_pcode)
    ]


def district_seat(district_pcode: str) -> AdminArea:
    """The district's headquarters area: its "Sadar" upazila, else its city corporation.

    COD-AB does not mark seats. Sixty districts have a "Sadar" upazila; Dhaka,
    Chattogram, Khulna and Rajshahi are headquartered in their city corporation.
    """
    children = sorted(areas_at(Level.UPAZILA, district_pcode), key=lambda a: a.pcode)
    for marker in ("Sadar", "City Corporation"):
        found = [a for a in children if marker in a.name_en]
        if found:
            return found[0]
    return children[0]


def boundary_url(level: Level, district: str | None = None) -> str:
    """Relative URL under which the app serves boundaries (works under any prefix): a level's
    whole file, or only the upazilas of one ``district`` (a few tens of KB instead of 1 MB)."""
    if district is not None and level == Level.UPAZILA:
        return f"geodata/upazilas/{district}.geojson"
    return f"geodata/{_FILES[level]}.geojson"


def boundary_file(name: str) -> str | None:
    """File name of a shipped boundary file called ``name`` ("districts", ...), else None."""
    return f"{name}.geojson" if name in _FILES.values() else None


@lru_cache(maxsize=64)
def district_upazilas(district: str) -> str | None:
    """The upazila boundaries of one district as GeoJSON text, or None for an unknown district."""
    features = [f for f in boundaries(Level.UPAZILA)["features"] if f["id"].startswith(district)]
    if district not in admin_areas() or not features:
        return None
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _points(nested: list[Any]) -> list[tuple[float, float]]:
    if nested and isinstance(nested[0], (int, float)):
        return [(nested[0], nested[1])]
    return [point for part in nested for point in _points(part)]


@lru_cache(maxsize=128)
def bounds(pcode: str | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of an area's boundary, or of the whole country for None."""
    # Districts are drawn from their upazilas (the files share one simplified coverage).
    source = boundaries(Level.DISTRICT if pcode is None else Level.UPAZILA)["features"]
    points = [p for f in source if pcode is None or f["id"].startswith(pcode)
              for p in _points(f["geometry"]["coordinates"])]
    if not points:
        raise KeyError(pcode)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@lru_cache(maxsize=3)
def boundaries(level: Level) -> dict[str, Any]:
    """The simplified boundary GeoJSON of one level; feature ``id`` is the P-code."""
    path = GEODATA_DIR / f"{_FILES[level]}.geojson"
    return json.loads(path.read_text(encoding="utf-8"))
