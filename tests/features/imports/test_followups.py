"""The follow-up survey import (issue 29): validation, scoring on the way in, updates by returnee
and round, scope, and undo. Expected scores are worked out by hand from the shipped scheme
(every indicator weighs 1, every dimension weighs 1)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.commands.outcomes import rescore
from dashboard.core.outcomes import DEFAULT_DIR, load_scheme
from dashboard.db import Database
from dashboard.features.imports import Who, run_import
from dashboard.features.imports.undo import rollback
from dashboard.models import Followup
from tests.features.imports.files import csv_file, returnee

HQ = Who("tester", "hq_admin")
SYLHET_OFFICER = Who("officer", "district_officer", frozenset({"BD6091"}))
TODAY = date(2019, 12, 1)
ANSWERS = ["economic_satisfaction", "food_reduction", "borrowing_ability", "debt_to_spending", "work_access",
           "housing", "education", "identity_documents", "health_care", "public_services",
           "social_participation", "support_network", "discrimination", "distress", "physical_safety"]
HEADER = ["returnee_code", "surveyed_on", "round", *ANSWERS]
# Every answer in the middle of its scale (1-5 -> 3, 1-3 -> 2, 1-4 -> ...): see MIDDLE_SCORES.
MIDDLE = ["3", "3", "2", "4", "2", "3", "3", "2", "3", "3", "3", "2", "3", "3", "3"]


def _survey(code: str, round_: str, answers: list[str] | None = None, surveyed_on: str = "2019-07-01") -> list[str]:
    return [code, surveyed_on, round_, *(answers or MIDDLE)]


def _import(database: Database, rows: list[list[str]], who: Who = HQ, **options: object):  # type: ignore[no-untyped-def]
    return run_import(database, csv_file(rows, HEADER), "surveys.csv", "followups", who, today=TODAY,
                      **options)  # type: ignore[arg-type]


def _people(database: Database) -> None:
    report = run_import(database, csv_file([returnee("PR-1"), returnee("PR-2"),
                                            returnee("PR-D", district="Dhaka", upazila="Dhamrai",
                                                     gps="23.9 90.2")]),
                        "people.csv", "returnees", HQ, today=TODAY)
    assert report.inserted == 3, report.rejected


def _stored(database: Database) -> list[tuple[object, ...]]:
    with database.session() as s:
        return [tuple(r) for r in s.execute(select(
            Followup.round_months, Followup.economic, Followup.social, Followup.psychosocial, Followup.composite
        ).order_by(Followup.returnee_id, Followup.round_months)).all()]


def test_fu001_surveys_are_scored_as_they_are_stored(empty_db: Database) -> None:
    _people(empty_db)
    # Economic: 3/5 -> 0.5, 3/5 -> 0.5, 2/3 -> 0.5, 4/4 -> 1.0, 2/3 -> 0.5: mean 3.0 / 5 = 0.6.
    # Social: all middles, 0.5 each -> 0.5. Psychosocial: 0.5, 0.5, discrimination 3 (worse is
    # higher) 0.5, distress 0.5, safety 0.5 -> 0.5. Composite (0.6 + 0.5 + 0.5) / 3 = 0.5333.
    best = ["5", "5", "3", "4", "3", "5", "5", "3", "5", "5", "5", "3", "1", "1", "5"]
    report = _import(empty_db, [_survey("PR-1", "baseline"), _survey("PR-1", "12_months", best)])
    assert (report.inserted, report.rejected) == (2, [])
    assert _stored(empty_db) == [(0, 0.6, 0.5, 0.5, 0.5333), (12, 1.0, 1.0, 1.0, 1.0)]


def test_fu002_a_round_entered_again_is_an_update(empty_db: Database) -> None:
    _people(empty_db)
    _import(empty_db, [_survey("PR-1", "6_months")])
    worse = list(MIDDLE)
    worse[13] = "5"  # distress very often: psychosocial (0.5 x 4 + 0) / 5 = 0.4
    again = _import(empty_db, [_survey("PR-1", "6", worse)])  # "6" is the same round as "6_months"
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 0)
    # Composite (0.6 + 0.5 + 0.4) / 3 = 0.5
    assert _stored(empty_db) == [(6, 0.6, 0.5, 0.4, 0.5)]
    unchanged = _import(empty_db, [_survey("PR-1", "6", worse)])
    assert (unchanged.inserted, unchanged.updated, unchanged.unchanged) == (0, 0, 1)


def test_fu003_bad_cells_are_rejected_with_their_row_and_field(empty_db: Database) -> None:
    _people(empty_db)
    out_of_range = list(MIDDLE)
    out_of_range[2] = "4"  # borrowing_ability runs 1-3
    report = _import(empty_db, [_survey("PR-1", "soon"), _survey("PR-2", "3", out_of_range),
                                _survey("PR-9", "3"), _survey("PR-1", "3", [""] * 15),
                                _survey("PR-2", "12", surveyed_on="2020-03-01")], mode="valid-only")
    problems = {(p["row"], p["field"]): p["error"] for p in report.rejected}
    assert "not a round" in problems[1, "round"]
    assert problems[2, "borrowing_ability"] == "must be from 1 to 3"
    assert "import the returnee first" in problems[3, "returnee_code"]
    assert "no answer" in problems[4, "economic_satisfaction"]
    assert (5, "surveyed_on") in problems  # after today
    assert report.inserted == 0 and _stored(empty_db) == []


def test_fu004_a_partial_survey_scores_what_was_asked(empty_db: Database) -> None:
    _people(empty_db)
    only_economic = ["5", "5", "3", "4", "3"] + [""] * 10
    report = _import(empty_db, [_survey("PR-2", "3", only_economic)])
    assert report.rejected == []
    assert _stored(empty_db) == [(3, 1.0, None, None, None)]  # no composite without every dimension


def test_fu005_a_district_officer_writes_only_their_districts_returnees(empty_db: Database) -> None:
    _people(empty_db)
    report = _import(empty_db, [_survey("PR-1", "3"), _survey("PR-D", "3")], SYLHET_OFFICER, mode="valid-only")
    assert report.inserted == 1
    assert [(p["row"], p["field"]) for p in report.rejected] == [(2, "returnee_code")]
    assert "not in your districts or not found" in report.rejected[0]["error"]


def test_fu006_an_import_is_undone_exactly(empty_db: Database) -> None:
    _people(empty_db)
    _import(empty_db, [_survey("PR-1", "3")])
    before = _stored(empty_db)
    changed = list(MIDDLE)
    changed[0] = "5"
    second = _import(empty_db, [_survey("PR-1", "3", changed), _survey("PR-2", "3")])
    assert (second.inserted, second.updated) == (1, 1)
    # As the outcome map reads it: the middles score 0.6; a first answer of 5/5 lifts it to 0.7.
    assert _economic_cell(empty_db) == (2, round(0.7 + 0.6, 4))
    with empty_db.session() as s:
        rollback(s, second.batch_id, "tester")
    assert _stored(empty_db) == before
    assert _economic_cell(empty_db) == (1, 0.6)


def _economic_cell(database: Database) -> tuple[int, float]:
    """People scored in Sylhet in round 3 and the sum of their economic scores, as the outcome
    map and page read them (from the summary)."""
    from dashboard.core.scope import Scope
    from dashboard.queries.outcomes import area_scores
    from geodata import Level

    with database.session() as s:
        cell = area_scores(s, Scope.national(), Level.DISTRICT, None, (3,), "economic", 0.5)[("BD6091", 3)]
    return cell.people, round(cell.total, 4)


def test_fu007_a_changed_weights_file_rescores_stored_surveys(empty_db: Database, tmp_path: Path) -> None:
    _people(empty_db)
    _import(empty_db, [_survey("PR-1", "baseline"), _survey("PR-2", "baseline")])
    # The shipped files with the economic dimension weighing 2 and debt_to_spending 3.
    indicators = (DEFAULT_DIR / "indicators.csv").read_text(encoding="utf-8")
    (tmp_path / "indicators.csv").write_text(indicators.replace("debt_to_spending,economic,1,",
                                                                "debt_to_spending,economic,3,"), encoding="utf-8")
    dimensions = (DEFAULT_DIR / "dimensions.csv").read_text(encoding="utf-8")
    (tmp_path / "dimensions.csv").write_text(dimensions.replace("economic,1,", "economic,2,"), encoding="utf-8")
    changed = load_scheme(tmp_path)
    with empty_db.session() as s:
        done = rescore(s, changed)
    assert (done.surveys, done.stale, done.unscorable) == (2, 2, 0)
    # Economic: 0.5 + 0.5 + 0.5 + 3 x 1.0 + 0.5 = 5.0 over weights 7 -> 0.7143; composite
    # (2 x 0.714286 + 0.5 + 0.5) / 4 = 0.6071.
    assert _stored(empty_db) == [(0, 0.7143, 0.5, 0.5, 0.6071)] * 2
    from dashboard.core.scope import Scope
    from dashboard.queries.outcomes import cohort_scores

    with empty_db.session() as s:  # the cohort curves read the rescored values (from the summary)
        assert [round(c.total, 4) for c in cohort_scores(s, Scope.national(), None, "economic").values()] == [
            round(2 * 0.7143, 4)]
    with empty_db.session() as s:
        assert rescore(s, changed).stale == 0  # nothing left scored with the old files
        assert s.scalars(select(Followup.scored_with)).all() == [changed.fingerprint] * 2


def test_fu008_the_rescore_command_reads_the_administrator_s_files(empty_db: Database, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main

    _people(empty_db)
    _import(empty_db, [_survey("PR-1", "baseline")])
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", empty_db.url)
    monkeypatch.setenv("DASHBOARD_OUTCOME_INDICATORS_DIR", str(tmp_path))
    (tmp_path / "indicators.csv").write_text((DEFAULT_DIR / "indicators.csv").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    (tmp_path / "dimensions.csv").write_text("dimension,weight\neconomic,2\nsocial,1\npsychosocial,1\n",
                                             encoding="utf-8")
    main(["followups", "rescore", "--json"])
    done = json.loads(capsys.readouterr().out)
    assert (done["surveys"], done["rescored"], done["unscorable"]) == (1, 1, 0)
    # Composite (2 x 0.6 + 0.5 + 0.5) / 4 = 0.55 (economic 0.6, as in fu001)
    assert _stored(empty_db) == [(0, 0.6, 0.5, 0.5, 0.55)]
    (tmp_path / "dimensions.csv").write_text("dimension,weight\neconomic,0\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="line 2: weight must be above 0"):
        main(["followups", "rescore"])
