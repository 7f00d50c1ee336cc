"""Issue 25: the import's rules are checked against the table's constraints.

Every column an import kind writes that the database requires (NOT NULL, no default, no
server default, not the primary key) is derived here from the SQLAlchemy model the store
writes (``commands.imports.TARGETS``), never listed by hand, so a column added to a model
is covered the day it is added. For each kind, a good row is imported (dry run) next to the
same row with one field blanked (and each ``one_of`` group blanked together); the blanked
row must then either be rejected *as a row*, by a problem naming a blanked field, or store
a value in every required column (a default the rules fill in). Never an exception, never
the whole file refused.

Seen failing (then restored): with the age/age-band rule of ``imports.rules._returnees``
switched off, the row without age and band reaches the store with no ``age_band``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Column

from dashboard.db import Database
from dashboard.features.imports import Who, run_import
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.reading import read_table
from dashboard.features.imports.store import RECORDS, TARGETS, Stored
from dashboard.features.imports.validate import validate
from dashboard.seed import init_db
from tests.features.imports.files import csv_file

HQ = Who("tester", "hq_admin")
TODAY = date(2019, 6, 1)
# One good row of every kind, every column given (the parents it needs are seeded below).
GOOD: dict[str, dict[str, str]] = {
    "returnees": {"returnee_code": "RC-2", "sex": "female", "age": "30", "age_band": "25_34",
                  "return_date": "2019-01-10", "country_returned_from": "Greece", "return_group": "eu",
                  "district": "Sylhet", "upazila": "Golapganj", "gps": "24.86 92.01 30 5",
                  "services_needed": "legal_support", "vulnerabilities": "", "status": "profiled",
                  "profiled_on": "2019-02-01", "plan_date": "2019-03-01", "notes": "visit"},
    "assistance": {"returnee_code": "RC-1", "service": "legal_support", "referred_on": "2019-02-01",
                   "outcome": "received", "completed_on": "2019-03-01"},
    "providers": {"name": "Legal aid desk", "organisation": "BLAST", "provider_type": "ngo", "district": "Sylhet",
                  "upazila": "Golapganj", "gps": "24.86 92.01", "services": "legal_support",
                  "contact_phone": "0821 000000", "capacity_per_month": "40"},
    "fairs": {"held_on": "2019-02-01", "district": "Sylhet", "upazila": "Golapganj", "venue": "School field",
              "gps": "24.86 92.01", "visitors": "300", "referrals_made": "12"},
    "dcc_meetings": {"district": "Sylhet", "held_on": "2019-03-01", "agenda": "Referrals",
                     "departments_present": "health bmet", "decisions": "one|two"},
    "action_items": {"district": "Sylhet", "meeting_date": "2019-02-01", "description": "Map providers",
                     "owner": "health", "due_on": "2019-07-01", "status": "done", "completed_on": "2019-04-01",
                     "upazila": "Golapganj"},
    "awareness": {"code": "AW-1", "kind": "ipt_show", "held_on": "2019-02-01", "district": "Sylhet",
                  "upazila": "Golapganj", "people_reached": "120"},
    "hotline": {"code": "HL-1", "called_at": "2019-02-01 10:05", "district": "Sylhet", "upazila": "Golapganj",
                "topic": "legal", "caller_type": "family", "referred": "yes"},
    "targets": {"indicator": "returnees_profiled", "area": "BD", "value": "1000", "due_on": "2019-12-31"},
    "followups": {"returnee_code": "RC-1", "surveyed_on": "2019-05-01", "round": "3_months",
                  **dict.fromkeys(("economic_satisfaction", "food_reduction", "borrowing_ability", "debt_to_spending",
                                   "work_access", "housing", "education", "identity_documents", "health_care",
                                   "public_services", "social_participation", "support_network", "discrimination",
                                   "distress", "physical_safety"), "2")},
}
# Parents the good rows attach to: a returnee (assistance) and a DCC meeting (action items).
SEED = {"returnees": {**GOOD["returnees"], "returnee_code": "RC-1"},
        "dcc_meetings": {**GOOD["dcc_meetings"], "held_on": "2019-02-01"}}


def required_columns(kind: str) -> list[Column]:  # type: ignore[type-arg]
    """The columns of the table ``kind`` writes that a row must fill: NOT NULL, no default of
    either kind, not the primary key (foreign keys to parents the store looks up are included:
    the store fills them, and a row whose parent is not found must be rejected as a row)."""
    table = TARGETS[kind].model.__table__
    return [c for c in table.columns
            if not c.nullable and c.default is None and c.server_default is None and not c.primary_key]


def blanked(kind: str) -> list[tuple[str, ...]]:
    """The ways a row can miss a field: each column alone, and each ``one_of`` group at once."""
    return [(c.name,) for c in KINDS[kind].columns] + list(KINDS[kind].one_of)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated SQLite database holding the parents the good rows need (the constraints
    checked are the models', the same on PostgreSQL)."""
    folder: Path = tmp_path_factory.mktemp("constraints")
    database = Database(f"sqlite:///{folder / 'test.db'}")
    init_db(database)
    for kind, row in SEED.items():
        report = run_import(database, csv_file([list(row.values())], list(row)), "seed.csv", kind, HQ, today=TODAY)
        assert report.inserted == 1, report.rejected
    yield database
    database.dispose()


def _file(kind: str, missing: tuple[str, ...]) -> bytes:
    """A one-row file: the good row with the ``missing`` fields blank (a lone row, so that no
    duplicate key hides what the check says about it)."""
    row = {name: ("" if name in missing else value) for name, value in GOOD[kind].items()}
    return csv_file([list(row.values())], list(row))


def _records(database: Database, kind: str, data: bytes) -> tuple[pd.DataFrame, Stored]:
    """What the store would write for the rows of ``data``, and what it rejected."""
    frame = validate(read_table(data, "file.csv", kind), KINDS[kind], TODAY).frame
    stored = Stored()
    with database.session() as session:
        records = RECORDS[kind](session, frame, None, stored)
        session.rollback()
    return records, stored


@pytest.mark.parametrize("kind", list(KINDS))
def test_rc001_the_good_row_fills_every_required_column(database: Database, kind: str) -> None:
    assert set(GOOD[kind]) == {c.name for c in KINDS[kind].columns}, "the good row gives every column"
    report = run_import(database, _file(kind, ()), "file.csv", kind, HQ, dry_run=True, today=TODAY)
    assert (report.rejected, report.inserted) == ([], 1), report.rejected
    records, _stored = _records(database, kind, _file(kind, ()))
    # A required column the store's records never fill would fail every insert.
    assert {c.name for c in required_columns(kind)} <= set(records.columns)


@pytest.mark.parametrize("kind", list(KINDS))
def test_rc002_a_row_missing_a_field_is_rejected_as_a_row_or_defaulted(database: Database, kind: str) -> None:
    uncovered = []
    for missing in blanked(kind):
        data = _file(kind, missing)
        report = run_import(database, data, "file.csv", kind, HQ, dry_run=True, today=TODAY)  # never raises
        assert not report.refused, (missing, report.rejected)
        named = {p["field"] for p in report.rejected if p["row"] == 1} & set(missing)
        if named:
            continue  # a rule requires it, with a per-row message naming the field
        assert report.rejected == [], (missing, report.rejected)  # rejected, but naming another field
        records, stored = _records(database, kind, data)
        if {f for _row, f, _value, _error in stored.rejected} & set(missing):
            continue  # the store rejects the row, naming the field (a provider's location)
        assert len(records) == 1, (missing, stored.rejected)
        empty = [c.name for c in required_columns(kind) if pd.isna(records[c.name].iat[0])]
        if empty:
            uncovered.append(f"{kind}: a row without {'/'.join(missing)} leaves {', '.join(empty)} empty "
                             "and no rule rejects it")
    assert uncovered == []
