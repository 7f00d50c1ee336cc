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


def test_hi003_an_import_and_its_undo_keep_the_hotline_summaries_in_step(empty_db: Database) -> None:
    """The map's hotline figures for whole months come from the summaries: an import of calls
    shows in them at once, counted as the file says, and its undo takes them away again."""
    from dashboard.core.filters import Filters
    from dashboard.core.hotline import HotlineChoice
    from dashboard.core.scope import Scope
    from dashboard.features.imports.undo import rollback
    from dashboard.queries.hotline import hotline_area_cells, hotline_breakdown, summary_area_cells
    from geodata import Level

    rows = [["HL-1", "2019-02-01 10:05", "Sylhet", "Golapganj", "legal", "family", "yes"],
            ["HL-2", "2019-02-28 22:59", "Sylhet", "Golapganj", "legal", "returnee", "no"],
            ["HL-3", "2019-02-14 09:00", "Sylhet", "Golapganj", "referral", "", ""],
            ["HL-4", "2019-03-01 07:00", "Sylhet", "", "legal", "family", "yes"],  # March, upazila unknown
            ["HL-5", "2019-02-10 12:00", "Khulna", "", "other", "family", "yes"],
            ["HL-6", "2019-02-11 08:00", "", "", "legal", "", ""]]  # the caller's district not known
    report = run_import(empty_db, csv_file(rows, HEADER), "calls.csv", "hotline", HQ, today=date(2019, 6, 1))
    assert report.inserted == 6 and report.batch_id is not None
    february = Filters(start=date(2019, 2, 1), end=date(2019, 2, 28))
    sylhet = Scope.for_districts(f.SYLHET)
    with empty_db.session() as s:
        upazilas = hotline_area_cells(s, sylhet, Level.UPAZILA, february.replace(area=f.SYLHET))
        districts = summary_area_cells(s, Scope.national(), Level.DISTRICT, february)
        legal = hotline_area_cells(s, sylhet, Level.DISTRICT, february, HotlineChoice.of(topics=["legal"]))
        not_referred = hotline_area_cells(s, sylhet, Level.DISTRICT, february, HotlineChoice.of(referred="no"))
        breakdown = hotline_breakdown(s, sylhet, february.replace(area=f.SYLHET))
        spring = hotline_area_cells(s, sylhet, Level.DISTRICT, Filters(start=date(2019, 2, 1), end=date(2019, 3, 31)))
        national = hotline_breakdown(s, Scope.national(), february)
    assert set(upazilas) == {f.GOLAPGANJ}
    assert (upazilas[f.GOLAPGANJ].calls, upazilas[f.GOLAPGANJ].referred) == (3, 1)
    assert {pcode: (c.calls, c.referred) for pcode, c in districts.items()} == {f.SYLHET: (3, 1), f.KHULNA: (1, 1)}
    assert (legal[f.SYLHET].calls, legal[f.SYLHET].referred) == (2, 1)
    assert (not_referred[f.SYLHET].calls, not_referred[f.SYLHET].referred) == (1, 0)
    counts = {name: n for name, (n, _key) in breakdown.items()}
    assert counts == {"calls": 3, "topic.legal": 2, "topic.referral": 1, "caller.family": 1, "caller.returnee": 1,
                      "caller.unknown": 1, "referred.yes": 1, "referred.no": 1, "referred.unknown": 1}
    assert spring[f.SYLHET].calls == 4
    # Headquarters' national total counts the call whose district is not known; no map area does.
    assert (national["calls"][0], national["topic.legal"][0], national["referred.unknown"][0]) == (5, 3, 2)
    with empty_db.session() as s:
        rollback(s, report.batch_id, "tester")
    with empty_db.session() as s:
        assert summary_area_cells(s, Scope.national(), Level.DISTRICT, february) == {}
        assert hotline_breakdown(s, Scope.national(), february) == {}
