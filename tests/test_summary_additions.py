"""An import that only adds people adds their rows to the summaries instead of rebuilding their
districts (issue 33): every summary cell ends as a full rebuild from the raw tables makes it."""

from __future__ import annotations

import sys
import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from dashboard.commands import summaries
from dashboard.commands.summary_additions import add_new_returnees
from dashboard.db import Database
from dashboard.features.imports import Who, run_import
from dashboard.models import Returnee
from dashboard.models.vocabulary import AgeBand, AssistanceOutcome, Service, Sex
from tests import factories as f
from tests.features.imports.files import csv_file, returnee

HQ = Who("tester", "hq_admin")
TODAY = date(2018, 6, 20)  # imported people are profiled in June 2018, as the stored ones below
# The tables a returnee import feeds, with every column but the row id.
FED = ("summary_returnees", "summary_returnees_district", "summary_returnees_upazila", "summary_returnees_map",
       "summary_returnee_countries", "summary_open_needs", "summary_open_needs_district",
       "summary_returnees_district_total", "summary_returnees_upazila_total", "summary_returnees_map_total")


def _cells(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.engine.connect() as connection:
        out = {}
        for table in FED:
            columns = [c["name"] for c in inspect(connection).get_columns(table) if c["name"] != "id"]
            out[table] = sorted(connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all(), key=repr)
        return out


def _rebuilt(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.session() as session:
        summaries.refresh(session)  # everything, from the raw tables
    return _cells(database)


def _stored_people(database: Database) -> None:
    """People already stored in the cells the import's people fall in, and in others: with and
    without needs, with assistance, with and without a plan, in two districts."""
    with database.session() as session:
        for sex in (Sex.MALE, Sex.FEMALE):
            same = f.returnee(session, upazila=f.GOLAPGANJ, sex=sex, age_band=AgeBand.AGE_25_34)
            f.need(session, same, Service.LEGAL_SUPPORT)
            f.assistance(session, same, Service.LEGAL_SUPPORT, outcome=AssistanceOutcome.PENDING, completed_on=None)
        f.returnee(session, upazila=f.GOLAPGANJ, plan_date=date(2018, 7, 2))
        f.returnee(session, upazila=f.DUMURIA)
        f.summarised(session)


def _watch(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []

    def watched(session: Any, ids: Any) -> bool:
        calls.append(added := add_new_returnees(session, ids))
        return added

    # The package exports a function named ``store``, which hides the module of that name.
    monkeypatch.setattr(sys.modules["dashboard.features.imports.store"], "add_new_returnees", watched)
    return calls


def _newcomers(first: int, count: int) -> bytes:
    return csv_file([returnee(f"PR-NEW-{i}", sex=("male", "female")[i % 2], age=("30", "50")[i % 3 == 0],
                              return_date="2018-05-01",
                              services_needed=("legal_support job_placement", "", "skills_training")[i % 3])
                     for i in range(first, first + count)])


def test_sa001_new_people_are_added_to_every_cell_as_a_rebuild_makes_it(empty_db: Database,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _stored_people(empty_db)
    before = _cells(empty_db)
    calls = _watch(monkeypatch)
    report = run_import(empty_db, _newcomers(0, 9), "r.csv", "returnees", HQ, today=TODAY)
    assert (report.inserted, calls) == (9, [True])
    added = _cells(empty_db)
    assert added != before
    # Made from the test's own rows: 4 stored people and 9 new ones; of the new, 3 with no need.
    with empty_db.engine.connect() as connection:
        assert connection.execute(text("SELECT SUM(returnees) FROM summary_returnees")).scalar() == 4 + 9
    assert len(added["summary_open_needs"]) - len(before["summary_open_needs"]) == 3 * 2 + 3 * 1
    assert added == _rebuilt(empty_db)


def test_sa002_an_import_that_changes_a_stored_person_rebuilds_instead(empty_db: Database,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _stored_people(empty_db)
    run_import(empty_db, _newcomers(0, 3), "r.csv", "returnees", HQ, today=TODAY)
    calls = _watch(monkeypatch)
    changed = csv_file([returnee("PR-NEW-0", age="50", return_date="2018-05-01"),
                        returnee("PR-NEW-7", return_date="2018-05-01")])
    report = run_import(empty_db, changed, "r.csv", "returnees", HQ, today=TODAY)
    assert (report.inserted, report.updated, calls) == (1, 1, [])
    assert _cells(empty_db) == _rebuilt(empty_db)


def test_sa003_people_with_assistance_are_not_new_and_are_left_to_a_rebuild(empty_db: Database) -> None:
    _stored_people(empty_db)
    before = _cells(empty_db)
    with empty_db.session() as session:
        helped = list(session.scalars(select(Returnee.id).where(Returnee.sex == Sex.FEMALE)))
        assert add_new_returnees(session, helped) is False
    assert _cells(empty_db) == before


def test_sa004_two_imports_at_once_into_one_district_leave_every_cell_as_a_rebuild(
        empty_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first import holds its transaction open after adding its people to the summaries; a
    second one into the same cells starts meanwhile. Each must add to what the other committed,
    not rewrite the same cells from the same old rows (which counted the old rows twice)."""
    _stored_people(empty_db)
    held, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def first_waits(session: Any, ids: Any) -> bool:
        calls.append(len(ids))
        added = add_new_returnees(session, ids)
        if len(calls) == 1:
            held.set()
            release.wait(30)
        return added

    monkeypatch.setattr(sys.modules["dashboard.features.imports.store"], "add_new_returnees", first_waits)
    reports: dict[str, Any] = {}

    def run(name: str, data: bytes) -> None:
        reports[name] = run_import(empty_db, data, f"{name}.csv", "returnees", HQ, today=TODAY)

    first = threading.Thread(target=run, args=("first", _newcomers(0, 6)))
    second = threading.Thread(target=run, args=("second", _newcomers(6, 6)))
    first.start()
    assert held.wait(30)
    second.start()
    second.join(1.5)  # it waits for the first (or, unguarded, reaches the same cells)
    release.set()
    first.join(30)
    second.join(30)
    assert (reports["first"].inserted, reports["second"].inserted) == (6, 6)
    with empty_db.engine.connect() as connection:
        assert connection.execute(text("SELECT SUM(returnees) FROM summary_returnees")).scalar() == 4 + 12
    assert _cells(empty_db) == _rebuilt(empty_db)
