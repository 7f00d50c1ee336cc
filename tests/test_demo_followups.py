"""The invented follow-up surveys of the demo data (issue 29): present for a share of the
returnees, scored with the shipped scheme, better with assistance received, different by
district. The expectations are properties the generator promises, read from the stored rows."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import text

from dashboard.core.outcomes import DEFAULT_DIR, load_scheme, score
from dashboard.db import Database


def _surveys(database: Database) -> pd.DataFrame:
    with database.engine.connect() as connection:
        return pd.read_sql(text(
            "SELECT f.returnee_id, f.round_months, f.answers, f.composite, f.scored_with, r.district_pcode, "
            "(SELECT COUNT(*) FROM assistance a WHERE a.returnee_id = r.id AND a.outcome = 'received') AS received "
            "FROM followups f JOIN returnees r ON r.id = f.returnee_id"), connection)


def test_df001_a_share_of_returnees_is_surveyed_in_the_declared_rounds(demo_db: Database) -> None:
    surveys = _surveys(demo_db)
    with demo_db.engine.connect() as connection:
        people = connection.execute(text("SELECT COUNT(*) FROM returnees")).scalar_one()
    assert 0.3 * people < surveys["returnee_id"].nunique() < 0.6 * people
    assert set(surveys["round_months"]) == {0, 3, 6, 12}
    assert not surveys.duplicated(["returnee_id", "round_months"]).any()


def test_df002_stored_scores_are_the_scoring_functions(demo_db: Database) -> None:
    shipped = load_scheme(DEFAULT_DIR)
    surveys = _surveys(demo_db).head(200)
    assert set(surveys["scored_with"]) == {shipped.fingerprint}
    for answers, composite in zip(surveys["answers"], surveys["composite"], strict=True):
        stored = answers if isinstance(answers, dict) else json.loads(answers)
        expected = score(stored, shipped).composite
        assert (composite is None or pd.isna(composite)) if expected is None else composite == expected


def test_df003_scores_rise_with_assistance_and_differ_by_district(demo_db: Database) -> None:
    last = _surveys(demo_db).query("round_months == 12")
    helped = last[last["received"] >= 2]["composite"].mean()
    not_helped = last[last["received"] == 0]["composite"].mean()
    assert helped > not_helped + 0.05
    by_district = _surveys(demo_db).groupby("district_pcode")["composite"].mean()
    assert by_district.max() - by_district.min() > 0.05
