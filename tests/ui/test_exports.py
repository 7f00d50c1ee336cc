"""Downloads: Excel-safe (BOM, inert formulas), say what they hold, and never share a name."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from dashboard.core.filters import Filters
from dashboard.ui.exports import ABOUT_LINES, BOM, About, csv_bytes, file_name, inert, safe_table

ABOUT = About("Returnees profiled", "BD6091", Filters(start=date(2019, 1, 1), sex=("female",)), "districts: Sylhet")


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=ABOUT_LINES + 1)


def test_ex001_csv_starts_with_a_bom_and_says_what_it_holds() -> None:
    data = csv_bytes(pd.DataFrame({"উপজেলা": ["গোলাপগঞ্জ"], "n": [3]}), ABOUT, "en")
    assert data.startswith(BOM.encode("utf-8"))
    head = data.decode("utf-8-sig").splitlines()[:ABOUT_LINES + 1]
    assert head[0] == "File,Returnees profiled" and head[1] == "Area,Sylhet"
    assert head[2].startswith("Filters,") and "Sex: Female" in head[2] and "1 January 2019" in head[2]
    assert head[3] == "Visible to,districts: Sylhet" and head[ABOUT_LINES] == ""
    assert _read(data).to_dict("records") == [{"উপজেলা": "গোলাপগঞ্জ", "n": 3}]
    bangla = csv_bytes(pd.DataFrame({"n": [1]}), ABOUT, "bn").decode("utf-8-sig")
    assert bangla.splitlines()[1] == "এলাকা,সিলেট"


def test_ex002_formula_cells_come_out_inert_and_numbers_stay_numbers() -> None:
    hostile = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3", "\tcmd", "ok"],
                            "value": [1, -5, 3, 4, 5, 6], "text_number": ["-12", "+3", "1e5", "-0.5", "7", "8"]})
    safe = safe_table(hostile)
    assert safe["name"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUM(A1)", "'-2+3", "'\tcmd", "ok"]
    assert safe["value"].tolist() == [1, -5, 3, 4, 5, 6]  # real numbers untouched
    assert safe["text_number"].tolist() == ["-12", "+3", "1e5", "-0.5", "7", "8"]  # text that is a number too
    assert inert("=1+1") == "'=1+1" and inert(-3) == -3 and inert(None) is None
    assert list(safe_table(pd.DataFrame({"=bad": [1]})).columns) == ["'=bad"]


def test_ex003_file_names_name_what_is_inside() -> None:
    names = {file_name("map-areas", "returnees", "BD6091"), file_name("layer", "returnees", "BD6091"),
             file_name("indicators", "BD6091"), file_name("layer", "fairs", "BD6091", "2019-01-01", "2019-12-31")}
    assert len(names) == 4 and all(n.endswith(".csv") for n in names)
    assert file_name("layer", "fairs", "BD6091", "2019-01-01") == "layer_fairs_BD6091_2019-01-01.csv"
    assert file_name("x", "a/b c") == "x_a-b-c.csv"


def test_ex004_xlsx_keeps_text_as_text_and_numbers_as_numbers() -> None:
    from openpyxl import load_workbook

    from dashboard.ui.exports import xlsx_bytes

    table = pd.DataFrame({"name": ["=1+1", "গোলাপগঞ্জ"], "n": [3, None]}).astype({"n": "Int64"})
    book = load_workbook(io.BytesIO(xlsx_bytes(table, ABOUT, "en")))
    data = book["data"]
    assert [c.value for c in data[1]] == ["name", "n"]
    assert data["A2"].value == "=1+1" and data["A2"].data_type == "s"  # text, not a formula
    assert data["B2"].value == 3 and data["B3"].value is None and data["A3"].value == "গোলাপগঞ্জ"
    assert book["about"]["A2"].value == "Area" and book["about"]["B2"].value == "Sylhet"


def test_ex005_the_map_as_geojson_has_areas_and_layer_points() -> None:
    import json

    from dashboard.core.privacy import hidden
    from dashboard.features.map.export import map_geojson

    layers = {"fairs": pd.DataFrame({"venue": ["Ground"], "lat": [24.9], "lon": [92.0]}),
              "returnees": pd.DataFrame({"upazila_pcode": ["BD60910038"], "returnees": [hidden(5)]})}
    collection = json.loads(map_geojson({"BD60910038": 12, "BD60910060": hidden(5)}, "Returnees profiled", "BD6091",
                                        layers, ABOUT, "en"))
    areas = [f for f in collection["features"] if f["properties"]["layer"] == "areas"]
    # A hidden count is null with a flag beside it: the field stays a number field (GDAL types it by its values).
    assert {f["properties"]["pcode"]: (f["properties"]["value"], f["properties"]["value_hidden"])
            for f in areas} == {"BD60910038": (12, False), "BD60910060": (None, True)}
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in areas)
    points = {f["properties"]["layer"]: f["geometry"]["coordinates"] for f in collection["features"]
              if f["geometry"]["type"] == "Point"}
    assert points["fairs"] == [92.0, 24.9] and points["returnees"][0] > 91  # an upazila's centroid
    assert collection["properties"]["area"] == "Sylhet" and collection["properties"]["labels"]["area"] == "Area"
