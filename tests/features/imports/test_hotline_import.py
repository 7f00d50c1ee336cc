"""Hotline calls as the programme records them (issue 32): the caller's upazila (alone, or
inside the district given), caller type and referral, in codes or the usual other spellings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dashboard.db import Database
from dashboard.features.imports import Who, run_import
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller
from tests import factories as f
from tests.features.imports.files import csv_file

HQ = Who("tester", "hq_admin")
HEADER = ["code", "called_at", "district", "upazila", "topic", "caller_type", "referred"]


def test_hi001_callers_upazila_type_and_referral_are_stored(empty_db: Database) -> None:
    rows = [["HL-1", "2019-02-01 10:05", "Sylhet", "Golapganj", "legal", "family", "yes"],
            ["HL-2", "2019-02-02 11:00", "", f.GOLAPGANJ, "referral", "Aspirant", "না"],  # upazila only
            ["HL-3", "2019-02-03 12:00", "Khulna", "", "other", "", ""],  # nothing recorded about the caller
            ["HL-4", "2019-02-04 13:00", "", "", "legal", "returnee", "0"]]
    report = run_import(empty_db, csv_file(rows, HEADER), "calls.csv", "hotline", HQ, today=date(2019, 6, 1))
    assert (report.inserted, report.rejected) == (4, [])
    with empty_db.session() as s:
        calls = {c.code: c for c in s.scalars(select(HotlineCall))}
    assert (calls["HL-1"].district_pcode, calls["HL-1"].upazila_pcode) == (f.SYLHET, f.GOLAPGANJ)
    assert (calls["HL-1"].caller_type, calls["HL-1"].referred) == (HotlineCaller.FAMILY, True)
    assert (calls["HL-2"].district_pcode, calls["HL-2"].caller_type, calls["HL-2"].referred) == (
        f.SYLHET, HotlineCaller.ASPIRANT_MIGRANT, False)
    assert (calls["HL-3"].upazila_pcode, calls["HL-3"].caller_type, calls["HL-3"].referred) == (None, None, None)
    assert (calls["HL-4"].district_pcode, calls["HL-4"].referred) == (None, False)


def test_hi002_a_wrong_answer_is_named_and_nothing_is_stored(empty_db: Database) -> None:
    rows = [["HL-1", "2019-02-01 10:05", "Khulna", "Golapganj", "legal", "family", "yes"],  # not in Khulna
            ["HL-2", "2019-02-02 11:00", "Sylhet", "", "legal", "neighbour", "maybe"]]
    report = run_import(empty_db, csv_file(rows, HEADER), "calls.csv", "hotline", HQ, today=date(2019, 6, 1))
    assert report.inserted == 0
    named = {(p["row"], p["field"]) for p in report.rejected}
    assert {(1, "upazila"), (2, "caller_type"), (2, "referred")} <= named
    with empty_db.session() as s:
        assert s.scalars(select(HotlineCall)).first() is None
