"""The outcome queries on SQLite and PostgreSQL (issue 29): sums, key sums and the cut-off per
area and round, and cohorts by quarter of return, from rows this test writes."""

from __future__ import annotations

from datetime import date

from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.features.outcomes.queries import ScoreCell, area_scores, cohort_scores, rounds_present
from dashboard.models import Followup
from geodata import Level
from tests import factories as f


def test_oq001_scores_per_area_round_and_cohort(empty_db: Database) -> None:
    with empty_db.session() as session:
        people = [f.returnee(session, upazila=f.GOLAPGANJ, return_date=date(2018, month, 3), record_key=key)
                  for month, key in ((1, 10), (3, 20), (4, 40))]
        other = f.returnee(session, upazila=f.DUMURIA, return_date=date(2018, 12, 1), record_key=7)
        for person, score in zip([*people, other], (0.25, 0.5, 0.75, 1.0), strict=True):
            for months in (6, 12):
                session.add(Followup(returnee_id=person.id, round_months=months, surveyed_on=date(2019, 6, 1),
                                     answers={"x": 1}, economic=None, social=score, psychosocial=score,
                                     composite=score + (0.0 if months == 6 else -0.25), scored_with="t"))
        f.summarised(session)
        national = Scope.national()
        cells = area_scores(session, national, Level.DISTRICT, None, (12,), "composite", 0.5)
        # Sylhet at 12 months: 0.0 + 0.25 + 0.5 = 0.75 over 3 people, keys 70, one at >= 0.5 (key 40)
        assert cells[(f.SYLHET, 12)] == ScoreCell(3, 70, 0.75, 1, 40)
        assert cells[(f.KHULNA, 12)] == ScoreCell(1, 7, 0.75, 1, 7)
        assert set(cells) == {(f.SYLHET, 12), (f.KHULNA, 12)}
        upazilas = area_scores(session, national, Level.UPAZILA, f.SYLHET, (6, 12), "social", 0.5)
        assert upazilas[(f.GOLAPGANJ, 6)] == ScoreCell(3, 70, 1.5, 2, 60)
        assert area_scores(session, national, Level.DISTRICT, None, (12,), "economic", 0.5) == {}  # no scores
        khulna_only = Scope.for_districts(f.KHULNA)
        assert set(area_scores(session, khulna_only, Level.DISTRICT, None, (12,), "composite", 0.5)) == {
            (f.KHULNA, 12)}
        cohorts = cohort_scores(session, national, None, "composite")
        # Quarter 1 of 2018: January and March; quarter 2: April; quarter 4: December (Khulna)
        assert cohorts[(2018, 1, 6)] == ScoreCell(2, 30, 0.75, 0, 0)
        assert cohorts[(2018, 2, 12)] == ScoreCell(1, 40, 0.5, 0, 0)
        assert set(cohort_scores(session, national, f.KHULNA, "composite")) == {(2018, 4, 6), (2018, 4, 12)}
        assert rounds_present(session, national) == [6, 12]


def test_oq002_another_cut_off_reads_the_surveys_themselves(empty_db: Database) -> None:
    """The summary counts "good" at the declared score; any other cut-off is counted from the
    surveys, and both paths agree at the declared one."""
    from dashboard.queries.outcomes import raw_area_scores, summary_area_scores

    with empty_db.session() as session:
        people = [f.returnee(session, upazila=f.GOLAPGANJ, record_key=key) for key in (1, 2, 4)]
        for person, score in zip(people, (0.3, 0.6, 0.9), strict=True):
            session.add(Followup(returnee_id=person.id, round_months=12, surveyed_on=date(2019, 6, 1),
                                 answers={}, economic=score, social=score, psychosocial=score, composite=score,
                                 scored_with="t"))
        f.summarised(session)
        national = Scope.national()
        strict = area_scores(session, national, Level.DISTRICT, None, (12,), "composite", 0.8)
        assert strict[(f.SYLHET, 12)].good == 1 and strict[(f.SYLHET, 12)].good_key_sum == 4
        declared = summary_area_scores(session, national, Level.UPAZILA, f.SYLHET, (12,), "social")
        assert declared == raw_area_scores(session, national, Level.UPAZILA, f.SYLHET, (12,), "social", 0.5)
        assert (declared[(f.GOLAPGANJ, 12)].good, declared[(f.GOLAPGANJ, 12)].good_key_sum) == (2, 6)
