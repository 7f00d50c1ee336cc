"""Issue 25, the import half: the attacks a reviewer acting as a district officer of Sylhet
(BD6091) made, repeated through the code path the import page uses (``import_actions``, with
a real signed-in actor and the upload store) on SQLite and PostgreSQL.

Each test names the protection it proves; each failed when that protection was removed
(see the report of the change that added this module):

* ia001: targets only for ``hq_admin``: the check refuses the kind (``imports._refusal``) and
  the store refuses its rows again (``commands.import_reach.in_reach``).
* ia002: a returnee is changed only when the *stored* record lies in the importer's districts,
  with the same words whether or not the code exists; moving one between districts is for HQ.
* ia003: assistance attaches only to returnees in the importer's districts.
* ia004: a row with neither age nor age band is rejected as a row, never as a database error.
* ia005-ia008: bounded reading (columns, rows, cell length, an XLSX's unpacked size).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import text

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.guard import NotPermitted
from dashboard.db import Database
from dashboard.features.imports import Who, reading, run_import, uploads
from dashboard.features.imports import actions as import_actions
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reach import Reach
from dashboard.features.imports.reading import read_table
from dashboard.features.imports.store import store
from dashboard.features.imports.validate import validate
from dashboard.runtime import runtime
from tests.features.imports.files import HEADER, csv_file, returnee

SYLHET, KHULNA, MADARIPUR = "BD6091", "BD4047", "BD3054"
OFFICER = Actor("sylhet-officer", Role.DISTRICT_OFFICER, frozenset({SYLHET}))
TWO_DISTRICTS = Actor("two-district-officer", Role.DISTRICT_OFFICER, frozenset({SYLHET, KHULNA}))
MEMBER = Actor("sylhet-member", Role.DCC_MEMBER, frozenset({SYLHET}))
ADMIN = Actor("hq-admin", Role.HQ_ADMIN)
SEEDER = Who("seed", "hq_admin")
TODAY = date(2019, 6, 1)
# The programme's data (a refused import still leaves its batch row: the attempt is recorded).
TABLES = ("returnees", "returnee_needs", "returnee_vulnerabilities", "assistance", "targets")
MADARIPUR_ROW = returnee("MD-1", district="Madaripur", upazila="Kalkini", gps="23.07 90.23 0 0", sex="male",
                         age="40", status="plan_agreed",
                         services_needed="legal_support job_placement psychosocial_counselling")


@pytest.fixture
def app(empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on ``empty_db`` holding one returnee in each of Sylhet, Khulna and Madaripur
    (Madaripur's with three needs and a location); uploads kept in a temporary folder."""
    monkeypatch.setattr(uploads, "UPLOADS", tmp_path / "uploads")
    seeded = run_import(empty_db, csv_file([returnee("SY-1"), MADARIPUR_ROW,
                                            returnee("KH-1", district="Khulna", upazila="Dumuria",
                                                     gps="22.81 89.43 0 0")]),
                        "seed.csv", "returnees", SEEDER, today=TODAY)
    assert seeded.inserted == 3, seeded.rejected
    url = empty_db.engine.url.render_as_string(hide_password=False)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


@pytest.fixture
def database(app: Any) -> Iterator[Database]:
    """The app's own database (the one ``import_actions`` writes)."""
    with app.server.app_context():
        yield runtime().database


def _snapshot(database: Database) -> dict[str, list[tuple[object, ...]]]:
    with database.engine.connect() as connection:
        return {t: sorted(connection.execute(text(f"SELECT * FROM {t}")).all(), key=str) for t in TABLES}


def _upload(actor: Actor, name: str, data: bytes) -> str:
    """Keep ``data`` as the upload endpoint does, owned by ``actor``; its id."""
    upload_id = secrets.token_urlsafe(18)
    uploads.UPLOADS.mkdir(parents=True, exist_ok=True)
    (uploads.UPLOADS / f"{upload_id}.bin").write_bytes(data)
    (uploads.UPLOADS / f"{upload_id}.json").write_text(
        json.dumps({"name": name, "size": len(data), "owner": actor.name}), encoding="utf-8")
    return upload_id


def _check(as_actor: Any, actor: Actor, kind: str, data: bytes, name: str = "file.csv",
           mode: str = "valid-only") -> Any:
    as_actor(actor)
    return import_actions.check(_upload(actor, name, data), kind, mode, set())[1]


def _apply(as_actor: Any, actor: Actor, kind: str, data: bytes, name: str = "file.csv",
           mode: str = "valid-only") -> Any:
    as_actor(actor)
    return import_actions.apply(_upload(actor, name, data), kind, mode, set())


def _errors(report: Any) -> list[tuple[int, str, str]]:
    return [(p["row"], p["field"], p["error"]) for p in report.rejected]


TARGETS_FILE = csv_file([["returnees_profiled", MADARIPUR, "5000", "2019-12-31"],
                         ["migration_fairs", "BD", "900", "2019-12-31"]],
                        ["indicator", "area", "value", "due_on"])


def test_ia001_targets_are_set_by_hq_admin_only(as_actor: Any, database: Database) -> None:
    before = _snapshot(database)
    # Refused at check time, with a clear message, before the file is read.
    checked = _check(as_actor, OFFICER, "targets", TARGETS_FILE)
    assert checked.refused and "only headquarters administrators may set targets" in checked.rejected[0]["error"]
    applied = _apply(as_actor, OFFICER, "targets", TARGETS_FILE)
    assert applied.refused and applied.batch_id is None
    assert _snapshot(database) == before
    # ...and again at apply time: the store refuses every row of an officer's targets file even
    # when the check is bypassed (a caller handing the store a validated frame directly).
    frame = validate(read_table(TARGETS_FILE, "t.csv", "targets"), KINDS["targets"], TODAY).frame
    with database.session() as session:
        stored = store(session, "targets", frame, None, Who(OFFICER.name, "district_officer",
                                                            frozenset({SYLHET})).reach())
        assert [r[0] for r in stored.rejected] == [1, 2] and stored.counts.inserted == 0
        # Every district is not enough either: setting targets is its own grant.
        national = store(session, "targets", frame, None, Reach(None, set_targets=False))
        assert {r[3].text() for r in national.rejected} == {"only headquarters administrators may set targets"}
        assert national.counts.inserted == 0
        session.rollback()
    assert _snapshot(database) == before
    # A DCC member may not import at all, through the page or the importer.
    with pytest.raises(NotPermitted):
        _check(as_actor, MEMBER, "targets", TARGETS_FILE)
    assert run_import(database, TARGETS_FILE, "t.csv", "targets", Who(MEMBER.name, "dcc_member",
                                                                      frozenset({SYLHET}))).refused
    # Headquarters may.
    assert _apply(as_actor, ADMIN, "targets", TARGETS_FILE).inserted == 2


def test_ia002_another_districts_returnee_is_neither_changed_nor_revealed(as_actor: Any,
                                                                         database: Database) -> None:
    before = _snapshot(database)
    attack = csv_file([returnee("MD-1", district="Sylhet", upazila="Golapganj", gps="", services_needed="",
                                sex="female", age="20", status="profiled")])
    checked = _check(as_actor, OFFICER, "returnees", attack)
    # The dry run does not say "changed" (which would tell the code exists elsewhere).
    assert (checked.inserted, checked.updated, checked.unchanged) == (0, 0, 0)
    assert _errors(checked) == [(1, "returnee_code", "this returnee_code is not in your districts or not found "
                                                     "(codes are unique across the country; ask headquarters)")]
    applied = _apply(as_actor, OFFICER, "returnees", attack)
    assert (applied.inserted, applied.updated) == (0, 0) and _snapshot(database) == before
    # An officer may not move even their own returnee to another district, not even one of theirs.
    move = csv_file([returnee("SY-1", district="Khulna", upazila="Dumuria", gps="22.81 89.43 0 0")])
    moved = _apply(as_actor, TWO_DISTRICTS, "returnees", move)
    assert [(r, f) for r, f, _ in _errors(moved)] == [(1, "district")]
    assert "moving a record between districts is for headquarters" in moved.rejected[0]["error"]
    assert _snapshot(database) == before
    # Their own returnee in their own district they may correct; headquarters may move one.
    assert _apply(as_actor, OFFICER, "returnees", csv_file([returnee("SY-1", age="31")])).updated == 1
    assert _apply(as_actor, ADMIN, "returnees", move).updated == 1


def test_ia003_assistance_attaches_only_to_returnees_in_the_importers_districts(as_actor: Any,
                                                                                database: Database) -> None:
    header = ["returnee_code", "service", "referred_on", "outcome"]
    rows = [["KH-1", "legal_support", "2019-02-01", "pending"],   # Khulna's: exists, out of reach
            ["NOPE-9", "legal_support", "2019-02-01", "pending"],  # exists nowhere
            ["SY-1", "legal_support", "2019-02-01", "pending"]]   # Sylhet's own
    checked = _check(as_actor, OFFICER, "assistance", csv_file(rows, header))
    errors = _errors(checked)
    # The same words for a returnee elsewhere and for none at all: the check reveals nothing.
    assert [(r, f) for r, f, _ in errors] == [(1, "returnee_code"), (2, "returnee_code")]
    assert errors[0][2] == errors[1][2] and "not in your districts or not found" in errors[0][2]
    applied = _apply(as_actor, OFFICER, "assistance", csv_file(rows, header))
    assert applied.inserted == 1
    with database.engine.connect() as connection:
        owners = connection.execute(text("SELECT r.code FROM assistance a JOIN returnees r "
                                         "ON r.id = a.returnee_id")).scalars().all()
    assert owners == ["SY-1"]


def test_ia004_a_row_with_neither_age_nor_age_band_is_rejected_as_a_row(as_actor: Any,
                                                                        database: Database) -> None:
    rows = [returnee("SY-2", age=""), returnee("SY-3")]
    checked = _check(as_actor, OFFICER, "returnees", csv_file(rows))
    assert [(r, f) for r, f, _ in _errors(checked)] == [(1, "age")]
    applied = _apply(as_actor, OFFICER, "returnees", csv_file(rows))  # not a NOT NULL failure
    assert applied.inserted == 1 and applied.batch_id is not None


@pytest.fixture
def low_limits(app: Any) -> Iterator[None]:
    """Small limits, so files one past them are small too."""
    with app.server.app_context():
        settings = runtime().settings
        runtime().settings = dataclasses.replace(settings, import_max_rows=3, import_max_columns=12,
                                                 import_max_cell_chars=50, import_max_xlsx_bytes=100_000)
        yield
        runtime().settings = settings


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    book = Workbook()
    book.active.title = "returnees"
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _wide_csv(columns: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER + [f"extra_{i}" for i in range(columns - len(HEADER))])
    writer.writerow(returnee("SY-9") + [""] * (columns - len(HEADER)))
    return out.getvalue().encode()


def test_ia005_columns_are_counted_on_the_header_line_before_parsing(as_actor: Any, low_limits: None,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check(as_actor, OFFICER, "returnees", _wide_csv(12)).rejected == []
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: pytest.fail("a too-wide file was parsed"))
    report = _check(as_actor, OFFICER, "returnees", _wide_csv(13))
    assert report.refused and "DASHBOARD_IMPORT_MAX_COLUMNS" in report.rejected[0]["error"]
    wide = _xlsx(HEADER + [f"extra_{i}" for i in range(3)], [[*returnee("SY-9"), "", "", ""]])
    report = _check(as_actor, OFFICER, "returnees", wide, "wide.xlsx")
    assert report.refused and "DASHBOARD_IMPORT_MAX_COLUMNS" in report.rejected[0]["error"]


def test_ia006_rows_past_the_limit_refuse_the_file_naming_how_to_split_it(as_actor: Any, low_limits: None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    three = [returnee(f"SY-{i}") for i in range(10, 13)]
    assert _check(as_actor, OFFICER, "returnees", csv_file(three)).inserted == 3
    assert _check(as_actor, OFFICER, "returnees", _xlsx(HEADER, three), "ok.xlsx").inserted == 3
    parsed: list[int] = []
    real = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: parsed.append(k.get("nrows")) or real(*a, **k))
    for data, name in ((csv_file([*three, returnee("SY-13")]), "long.csv"),
                       (_xlsx(HEADER, [*three, returnee("SY-13")]), "long.xlsx")):
        report = _check(as_actor, OFFICER, "returnees", data, name)
        error = report.rejected[0]["error"]
        assert report.refused and "DASHBOARD_IMPORT_MAX_ROWS" in error and "split it into several files" in error
    assert parsed == [4]  # the CSV parser is stopped one row past the limit, whatever follows


def test_ia007_a_cell_past_the_length_limit_refuses_the_file(as_actor: Any, low_limits: None) -> None:
    long_code = returnee("SY-" + "9" * 60)
    for data, name in ((csv_file([long_code]), "cell.csv"), (_xlsx(HEADER, [long_code]), "cell.xlsx")):
        report = _check(as_actor, OFFICER, "returnees", data, name)
        error = report.rejected[0]["error"]
        assert report.refused and "DASHBOARD_IMPORT_MAX_CELL_CHARS" in error and "row 1" in error, error


def test_ia008_an_xlsx_is_refused_on_its_declared_unpacked_size_before_it_is_opened(
        as_actor: Any, low_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Four cells of 32,000 characters (Excel's most): 5 KB packed, 140 KB unpacked, over the 100 KB set above.
    long = "x" * 32_000
    bomb = _xlsx(HEADER, [returnee(long, sex=long, upazila=long, country_returned_from=long)])
    assert len(bomb) < 10_000
    monkeypatch.setattr(reading, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    report = _check(as_actor, OFFICER, "returnees", bomb, "bomb.xlsx")
    error = report.rejected[0]["error"]
    assert report.refused and "DASHBOARD_IMPORT_MAX_XLSX_BYTES" in error and "CSV" in error
