"""Storing imports: one transaction, idempotent, undone exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import bindparam, select, text

from dashboard.commands import upsert as upsert_module
from dashboard.config import PROJECT_ROOT
from dashboard.core.disclosure import KEY_RANGE
from dashboard.core.filters import Filters
from dashboard.db import Database
from dashboard.features.imports import Who, run_import
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.template import template
from dashboard.features.imports.undo import RollbackRefused, rollback
from dashboard.models import ImportBatch, Returnee, ReturneeNeed
from dashboard.ui.exports import ABOUT_LINES, About, csv_bytes
from tests.features.imports.files import HEADER, csv_file, kobo_csv, returnee

HQ = Who("tester", "hq_admin")
TODAY = date(2019, 6, 1)


def _snapshot(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import touches, to compare states exactly."""
    with database.engine.connect() as connection:
        return {table: sorted(connection.execute(text(f"SELECT * FROM {table}")).all(), key=str)
                for table in ("returnees", "returnee_needs", "returnee_vulnerabilities")}


def _import(database: Database, data: bytes, **options: object):  # type: ignore[no-untyped-def]
    return run_import(database, data, "file.csv", "returnees", HQ, today=TODAY, **options)  # type: ignore[arg-type]


def test_is001_import_twice_changes_nothing_the_second_time(empty_db: Database) -> None:
    first = _import(empty_db, kobo_csv())
    assert (first.inserted, first.updated, first.unchanged, first.rejected) == (4, 0, 0, [])
    after_first = _snapshot(empty_db)
    second = _import(empty_db, kobo_csv())
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 4)
    assert _snapshot(empty_db) == after_first


def test_is002_a_corrected_file_updates_only_what_changed(empty_db: Database) -> None:
    _import(empty_db, csv_file([returnee("PR-1"), returnee("PR-2")]))
    corrected = _import(empty_db, csv_file([returnee("PR-1", age="50", services_needed="legal_support"),
                                            returnee("PR-2")]))
    assert (corrected.inserted, corrected.updated, corrected.unchanged) == (0, 1, 1)
    with empty_db.session() as s:
        person = s.scalar(select(Returnee).where(Returnee.code == "PR-1"))
        assert person.age_band == "45_54" and [n.service for n in person.needs] == ["legal_support"]


def test_is003_all_or_nothing_applies_nothing_on_one_bad_row(empty_db: Database) -> None:
    before = _snapshot(empty_db)
    report = _import(empty_db, csv_file([returnee("PR-1"), returnee("PR-2", sex="robot"), returnee("PR-3")]))
    assert [(p["row"], p["field"]) for p in report.rejected] == [(2, "sex")]
    assert report.batch_id is None and _snapshot(empty_db) == before


def test_is004_valid_only_applies_the_good_rows_and_reports_the_bad(empty_db: Database) -> None:
    report = _import(empty_db, csv_file([returnee("PR-1"), returnee("PR-2", sex="robot"), returnee("PR-3")]),
                     mode="valid-only")
    assert report.inserted == 2 and [p["row"] for p in report.rejected] == [2]
    with empty_db.session() as s:
        assert sorted(s.scalars(select(Returnee.code))) == ["PR-1", "PR-3"]


def test_is005_a_dry_run_reports_and_stores_nothing(empty_db: Database) -> None:
    report = _import(empty_db, kobo_csv(), dry_run=True)
    assert report.inserted == 4 and report.batch_id is None
    assert _snapshot(empty_db)["returnees"] == []


def test_is006_a_failure_midway_leaves_the_database_unchanged(empty_db: Database,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _import(empty_db, csv_file([returnee("PR-1")]))
    before = _snapshot(empty_db)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("power cut after the returnees were written")

    monkeypatch.setattr(upsert_module, "write_children", crash)  # returnees inserted, needs not yet
    with pytest.raises(RuntimeError, match="power cut"):
        _import(empty_db, csv_file([returnee("PR-1", age="60"), returnee("PR-2")]))
    assert _snapshot(empty_db) == before
    with empty_db.session() as s:
        assert s.scalar(select(ImportBatch.id).where(ImportBatch.id > 1)) is None


def test_is007_rollback_restores_the_prior_state_exactly(empty_db: Database) -> None:
    _import(empty_db, csv_file([returnee("PR-1"), returnee("PR-2")]))
    before = _snapshot(empty_db)
    batch = _import(empty_db, csv_file([returnee("PR-1", age="50", services_needed="education"), returnee("PR-3")]))
    assert (batch.inserted, batch.updated) == (1, 1) and _snapshot(empty_db) != before
    with empty_db.session() as s:
        assert rollback(s, batch.batch_id, "admin") == 2
    assert _snapshot(empty_db) == before
    with empty_db.session() as s, pytest.raises(RollbackRefused, match="already undone"):
        rollback(s, batch.batch_id, "admin")


def test_is008_an_older_batch_cannot_be_undone_under_a_newer_one(empty_db: Database) -> None:
    first = _import(empty_db, csv_file([returnee("PR-1")]))
    _import(empty_db, csv_file([returnee("PR-1", age="70")]))
    with empty_db.session() as s, pytest.raises(RollbackRefused, match="undo the later batches first"):
        rollback(s, first.batch_id, "admin")


def test_is009_other_kinds_upsert_and_undo_too(empty_db: Database) -> None:
    _import(empty_db, csv_file([returnee("PR-1")]))
    referrals = csv_file([["PR-1", "legal_support", "2019-02-01", "received", "2019-02-10"],
                          ["PR-9", "legal_support", "2019-02-01", "pending", ""]],
                         ["returnee_code", "service", "referred_on", "outcome", "completed_on"])
    report = run_import(empty_db, referrals, "a.csv", "assistance", HQ, "valid-only", today=TODAY)
    assert report.inserted == 1 and [(p["row"], p["field"]) for p in report.rejected] == [(2, "returnee_code")]
    awareness = csv_file([["", "ipt_show", "2019-03-01", "Sylhet", "Golapganj", "250", "uuid-a"]],
                         ["code", "kind", "held_on", "district", "upazila", "people_reached", "_uuid"])
    first = run_import(empty_db, awareness, "w.csv", "awareness", HQ, today=TODAY)
    again = run_import(empty_db, awareness, "w.csv", "awareness", HQ, today=TODAY)
    assert (first.inserted, again.unchanged) == (1, 1)  # the Kobo _uuid makes it the same event
    with empty_db.session() as s:
        rollback(s, again.batch_id, "admin")  # changed nothing: undoing it changes nothing
        rollback(s, first.batch_id, "admin")
    with empty_db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM awareness_activities")).scalar() == 0


def test_is010_an_imported_formula_is_text_and_exports_inert(empty_db: Database) -> None:
    header = [*HEADER, "notes"]
    _import(empty_db, csv_file([[*returnee("=1+1"), "=HYPERLINK(\"http://x\";\"click\")"]], header))
    with empty_db.session() as s:
        person = s.scalar(select(Returnee))
        assert person.code == "=1+1" and person.notes.startswith("=HYPERLINK")
    exported = csv_bytes(pd.DataFrame({"code": [person.code], "notes": [person.notes]}),
                         About("t", None, Filters(), "all"), "en").decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(exported), skiprows=ABOUT_LINES + 1)
    assert table.iloc[0]["code"] == "'=1+1" and table.iloc[0]["notes"].startswith("'=HYPERLINK")


def test_is011_templates_have_header_lists_and_notes() -> None:
    for name, kind in KINDS.items():
        book = load_workbook(io.BytesIO(template(name)))
        assert [c.value for c in book[name][1]] == [c.name for c in kind.columns]
        notes = {row[0]: row for row in book["notes"].iter_rows(min_row=2, values_only=True)}
        assert set(notes) == {c.name for c in kind.columns}
        coded = [c for c in kind.columns if c.choices]
        assert len(book[name].data_validations.dataValidation) == len(coded)
    docs = (PROJECT_ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"`{kind.name}`" in docs and all(f"`{c.name}`" in docs for c in kind.columns)


def test_is012_cli_prints_one_json_object_and_exits_by_outcome(tmp_path: object, empty_db: Database) -> None:
    env = {"DASHBOARD_DATABASE_URL": empty_db.url, "PATH": "/usr/bin:/bin"}
    good, bad, unreadable = (tmp_path / n for n in ("good.csv", "bad.csv", "bad.bin"))  # type: ignore[operator]
    good.write_bytes(csv_file([returnee("PR-1")]))
    bad.write_bytes(csv_file([returnee("PR-2", sex="robot")]))
    unreadable.write_bytes(b"\xff\xfe\x00\x01" * 100)

    def run(path: object, *extra: str) -> tuple[int, dict[str, object]]:
        done = subprocess.run([sys.executable, "-m", "dashboard", "import", str(path), "--kind", "returnees",
                               "--json", *extra], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
        return done.returncode, json.loads(done.stdout)

    code, body = run(good)
    assert code == 0 and set(body) == {"kind", "mode", "dry_run", "rows", "inserted", "updated", "unchanged",
                                       "rejected", "warnings", "batch_id", "refused", "exporter", "reason"}
    assert body["inserted"] == 1 and isinstance(body["batch_id"], int)
    assert body["exporter"] == "spreadsheet" and body["refused"] is False
    code, body = run(bad)
    assert code == 1 and body["rejected"] == [{"row": 1, "field": "sex", "value": "robot",
                                               "error": "not one of: male, female, other",
                                               "code": "not_one_of", "params": {"allowed": ["male", "female",
                                                                                            "other"]}}]
    code, body = run(unreadable, "--dry-run")
    assert code == 2 and body["dry_run"] is True and body["rejected"][0]["row"] == 0
    assert body["refused"] is True and body["exporter"] == ""
    # A file refused as a whole: its rows were read, none checked, and the plain report says so.
    missing = tmp_path / "missing.csv"  # type: ignore[operator]
    missing.write_bytes(csv_file([returnee(f"PR-{n}")[1:7] for n in range(4)],
                                 ["sex", "age", "return_date", "country_returned_from", "district", "upazila"]))
    code, body = run(missing, "--dry-run")
    assert code == 1 and body["refused"] is True and body["rows"] == 4
    assert [p["field"] for p in body["rejected"]] == ["returnee_code"]
    plain = subprocess.run([sys.executable, "-m", "dashboard", "import", str(missing), "--kind", "returnees",
                            "--dry-run"], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    assert "the file was refused (4 data row(s) read, none checked)" in plain.stdout
    assert "0 row(s) read" not in plain.stdout and "required column 'returnee_code' is missing" in plain.stdout
    with empty_db.session() as s:
        assert s.scalar(select(ReturneeNeed.service)) is not None


def _stored(database: Database, batches: tuple[int, ...]) -> dict[str, list[tuple[object, ...]]]:
    """What the ``batches`` stored, without what differs between two equal imports: ids, the
    random cell keys and the batch numbers (each key checked for range instead)."""
    with database.engine.connect() as connection:
        keys = connection.execute(text("SELECT record_key FROM returnees")).scalars().all()
        assert all(isinstance(k, int) and 0 <= k < KEY_RANGE for k in keys)
        return {
            "returnees": sorted(connection.execute(text(
                "SELECT code, sex, age_band, return_date, country_code, lat, lon, status, district_pcode, "
                "upazila_pcode FROM returnees")).all(), key=str),
            "needs": sorted(connection.execute(text(
                "SELECT r.code, n.service FROM returnee_needs n JOIN returnees r ON r.id = n.returnee_id")).all(),
                key=str),
            # The undo records: the JSON of an update's previous values, and JSON null for an
            # insert's (what SQLAlchemy's INSERT writes for None in a JSON column).
            "changes": sorted(((t, k, a, json.dumps(b, sort_keys=True), n) for t, k, a, b, n in connection.execute(text(
                "SELECT table_name, row_key, action, \"before\", \"before\" IS NULL FROM import_changes "
                "WHERE batch_id IN :batches").bindparams(bindparam("batches", expanding=True)),
                {"batches": list(batches)}).all()),
                key=str),
        }


def test_is013_a_large_import_by_copy_stores_what_the_inserts_store(empty_db: Database,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """From ``COPY_ROWS`` rows PostgreSQL's COPY writes the rows (issue 33); what it stores (enum
    text, dates, JSON undo records, Python-side defaults such as the cell key) is what the batched
    INSERTs store, and the batch undoes exactly. On SQLite both runs take the INSERT path."""
    first = [returnee(f"PR-{i}", sex=("male", "female")[i % 2], age=str(20 + i), services_needed=(
        "legal_support job_placement", "skills_training", "")[i % 3]) for i in range(12)]
    second = [returnee(f"PR-{i}", age="50") for i in range(6)] + [returnee(f"PR-{i}") for i in range(12, 18)]
    copies: list[str] = []
    real_copy = upsert_module.copy_rows

    def watched(connection, table, rows):  # type: ignore[no-untyped-def]
        written = real_copy(connection, table, rows)
        copies.extend([table.name] if written else [])
        return written

    monkeypatch.setattr(upsert_module, "copy_rows", watched)
    states = []
    for copy_from in (10**9, 1):
        monkeypatch.setattr(upsert_module, "COPY_ROWS", copy_from)
        empty = _snapshot(empty_db)
        a = _import(empty_db, csv_file(first))
        b = _import(empty_db, csv_file(second))
        assert (a.inserted, b.inserted, b.updated, b.unchanged) == (12, 6, 6, 0)
        states.append(_stored(empty_db, (a.batch_id, b.batch_id)))
        with empty_db.session() as s:
            rollback(s, b.batch_id, "admin")
            rollback(s, a.batch_id, "admin")
        assert _snapshot(empty_db) == empty
    assert states[0] == states[1]
    assert len(states[0]["returnees"]) == 18 and len(states[0]["changes"]) == 24
    backend = empty_db.engine.dialect.name
    assert (set(copies) >= {"returnees", "returnee_needs", "import_changes"}) if backend == "postgresql" \
        else copies == []
