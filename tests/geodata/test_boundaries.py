"""The shipped boundary files: complete, consistent and small enough for a slow link."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from dashboard.app import create_app
from dashboard.config import load_settings
from geodata import GEODATA_DIR, Level, admin_areas, areas_at, boundaries


def test_gd001_counts_match_cod_ab() -> None:
    assert len(areas_at(Level.DIVISION)) == 8
    assert len(areas_at(Level.DISTRICT)) == 64
    assert len(areas_at(Level.UPAZILA)) == 507
    for level, expected in ((Level.DIVISION, 8), (Level.DISTRICT, 64), (Level.UPAZILA, 507)):
        assert len(boundaries(level)["features"]) == expected


def test_gd002_pcodes_unique_and_nested() -> None:
    areas = admin_areas()
    ids = [f["id"] for level in Level for f in boundaries(level)["features"]]
    assert len(ids) == len(set(ids)) == len(areas)
    for area in areas.values():
        assert re.fullmatch(r"BD\d{2}(\d{2}(\d{4})?)?", area.pcode)
        if area.level != Level.DIVISION:
            parent = areas[area.parent_pcode]
            assert parent.level == area.level - 1
            assert area.pcode.startswith(parent.pcode)


def test_gd003_every_upazila_inside_its_district() -> None:
    districts = {f["id"]: shape(f["geometry"]) for f in boundaries(Level.DISTRICT)["features"]}
    for feature in boundaries(Level.UPAZILA)["features"]:
        upazila = shape(feature["geometry"])
        district = districts[feature["properties"]["parent_pcode"]]
        assert upazila.is_valid, feature["id"]
        overlap = shapely.intersection(upazila, district).area / upazila.area
        assert overlap > 0.999, (feature["id"], overlap)


def test_gd004_features_carry_names_area_and_centre() -> None:
    for level in Level:
        for feature in boundaries(level)["features"]:
            props = feature["properties"]
            assert props["pcode"] == feature["id"]
            assert props["name_en"]
            assert props["area_sqkm"] > 0
            assert 20 < props["center_lat"] < 27 and 88 < props["center_lon"] < 93


def test_gd005_all_districts_and_divisions_have_bangla_names() -> None:
    for area in areas_at(Level.DIVISION) + areas_at(Level.DISTRICT):
        assert area.name_bn and re.search("[\u0980-\u09ff]", area.name_bn), area.pcode
    assert admin_areas()["BD4047"].name("bn") == "খুলনা"


def test_gd006_unmatched_bangla_names_are_reported_not_guessed() -> None:
    report = (GEODATA_DIR / "bangla_names_report.md").read_text(encoding="utf-8")
    reported = set(re.findall(r"\| (BD\d+) \|", report))
    missing = {a.pcode for a in admin_areas().values() if not a.name_bn}
    assert reported == missing
    assert admin_areas()["BD60915000"].name("bn") == "Sylhet City Corporation"  # falls back to English


@pytest.mark.parametrize("name, limit_mb", [("districts", 1), ("upazilas", 2), ("divisions", 0.5)])
def test_gd007_files_are_small(name: str, limit_mb: float) -> None:
    assert (GEODATA_DIR / f"{name}.geojson").stat().st_size < limit_mb * 1024 * 1024


def test_gd008_every_district_has_a_seat_inside_it() -> None:
    from geodata import district_seat

    for district in areas_at(Level.DISTRICT):
        seat = district_seat(district.pcode)
        assert seat.parent_pcode == district.pcode
        assert "Sadar" in seat.name_en or "City Corporation" in seat.name_en, district.name_en
    assert district_seat("BD6091").name_en == "Sylhet Sadar"


def test_gd010_a_district_view_downloads_only_its_upazilas_compressed(tmp_path: Path) -> None:
    client = create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/b.db")).server.test_client()
    whole = client.get("/geodata/upazilas.geojson", headers={"Accept-Encoding": "gzip"})
    sylhet = client.get("/geodata/upazilas/BD6091.geojson", headers={"Accept-Encoding": "gzip"})
    assert sylhet.status_code == 200 and sylhet.mimetype == "application/geo+json"
    assert sylhet.headers["Content-Encoding"] == "gzip" and whole.headers["Content-Encoding"] == "gzip"
    assert len(sylhet.data) < 20_000 < len(whole.data)  # tens of KB, not the country's ~260 KB gzipped
    features = json.loads(gzip.decompress(sylhet.data))["features"]
    assert sorted(f["id"] for f in features) == sorted(a.pcode for a in areas_at(Level.UPAZILA, "BD6091"))
    again = client.get("/geodata/upazilas/BD6091.geojson",
                       headers={"If-None-Match": sylhet.headers["ETag"], "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    assert client.get("/geodata/upazilas/BD9999.geojson").status_code == 404
    assert client.get("/geodata/upazilas/..%2Fadmin_areas.geojson").mimetype != "application/geo+json"
