"""Reintegration scores by district on the comparison page (issue 29): each district's mean in
two survey rounds and the change, from rows this test writes, exact at headquarters and through
the disclosure rules below it (hidden for fewer people than the threshold), in words, English and
Bangla, and downloadable."""

from __future__ import annotations

import base64
import io
from datetime import date
from typing import Any

import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.privacy import Hidden
from dashboard.features.compare import scores
from dashboard.models import Followup
from dashboard.ui.exports import ABOUT_LINES
from tests import factories as f

HQ = Actor("hq", Role.HQ_ANALYST)
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
VIEWER = Actor("viewer", Role.VIEWER)
# Golapganj (Sylhet): six people; their composite falls from 6 to 12 months.
SYLHET_6 = [0.60, 0.70, 0.80, 0.50, 0.60, 0.70]    # mean 0.65
SYLHET_12 = [0.50, 0.60, 0.70, 0.40, 0.50, 0.60]   # mean 0.55
# Dumuria (Khulna): two people; the mean rises 0.40 -> 0.60, hidden below headquarters.
KHULNA_6 = [0.30, 0.50]
KHULNA_12 = [0.50, 0.70]



def _surveys(session: Any, upazila: str, by_round: dict[int, list[float]]) -> None:
    size = len(next(iter(by_round.values())))
    people = [f.returnee(session, upazila=upazila, return_date=date(2018, 5, 1), record_key=key)
              for key in f.keys_published_as(size)]
    for months, values in by_round.items():
        for person, value in zip(people, values, strict=True):
            session.add(Followup(returnee_id=person.id, round_months=months, surveyed_on=date(2019, 6, 1),
                                 answers={}, economic=value, social=value, psychosocial=value, composite=value,
                                 scored_with="test"))
    f.summarised(session)


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("compare-scores") as (url, session):
        _surveys(session, f.GOLAPGANJ, {6: SYLHET_6, 12: SYLHET_12})
        _surveys(session, f.DUMURIA, {6: KHULNA_6, 12: KHULNA_12})
        session.commit()
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=5))


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2)


def test_cs001_headquarters_see_each_district_s_change_falling_first(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    rows = scores.score_changes(scores.ScoreState())
    assert [r.pcode for r in rows] == [f.SYLHET, f.KHULNA]  # the fall first, then the rise
    sylhet, khulna = rows
    assert (sylhet.first, sylhet.then, sylhet.change) == (_mean(SYLHET_6), _mean(SYLHET_12), -0.10)
    assert (khulna.first, khulna.then, khulna.change) == (_mean(KHULNA_6), _mean(KHULNA_12), 0.20)
    assert (sylhet.people_first, khulna.people_then) == (6, 2)
    # Other rounds: the later round first is allowed (the change is then read backwards).
    back = scores.score_changes(scores.ScoreState(first=12, then=6))
    assert back[1].change == 0.10 and back[1].pcode == f.SYLHET


@pytest.mark.parametrize("actor", [MEMBER, VIEWER], ids=["member", "viewer"])
def test_cs002_below_headquarters_means_are_published_and_small_groups_hidden(app: Any, as_actor: Any,
                                                                             actor: Actor) -> None:
    as_actor(actor)
    rows = {r.pcode: r for r in scores.score_changes(scores.ScoreState())}
    sylhet = rows[f.SYLHET]
    assert sylhet.first == pytest.approx(_mean(SYLHET_6), abs=0.021)
    assert sylhet.then == pytest.approx(_mean(SYLHET_12), abs=0.021)
    assert sylhet.change is not None and sylhet.change < 0
    if actor is MEMBER:
        assert set(rows) == {f.SYLHET}  # their district only
    else:
        khulna = rows[f.KHULNA]
        assert (khulna.first, khulna.then, khulna.change) == (Hidden(5), Hidden(5), None)


def test_cs003_the_url_carries_the_rounds_and_the_dimension() -> None:
    state = scores.ScoreState.from_search("?score_from=3&score_to=12_months&score_dimension=psychosocial")
    assert (state.first, state.then, state.dimension) == (3, 12, "psychosocial")
    assert scores.ScoreState.from_search("?score_from=baseline").first == 0
    assert scores.ScoreState.from_search("?score_from=soon&score_dimension=x") == scores.ScoreState()
    assert state.query() == {"score_from": "3", "score_dimension": "psychosocial"}


@pytest.mark.parametrize(("lang", "words", "cell"),
                         [("en", "fell in 1 of 2 districts, rose in 1", "−0.10"),
                          ("bn", "২টি জেলার মধ্যে ১টিতে কমেছে, ১টিতে বেড়েছে", "−০.১০")])
def test_cs004_the_section_renders_in_words_in_both_languages(app: Any, as_actor: Any, lang: str, words: str,
                                                               cell: str) -> None:
    as_actor(HQ)
    table, said = scores.render("", lang)
    assert words in said
    assert cell in str(table)
    from dashboard.features.compare import page

    assert "compare-score-table" in str(page.layout(lang, ""))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cs005_the_table_downloads_as_shown(app: Any, as_actor: Any, monkeypatch: Any, fmt: str) -> None:
    from types import SimpleNamespace

    from dashboard.features.compare import scores as module

    monkeypatch.setattr(module, "ctx", SimpleNamespace(triggered_id={"type": "compare-score-download",
                                                                     "format": fmt}))
    as_actor(MEMBER)
    sent = module.download([1], "?score_from=6&score_to=12", "en")
    raw = base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()
    frame = (pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", skiprows=ABOUT_LINES + 1) if fmt == "csv"
             else pd.read_excel(io.BytesIO(raw), sheet_name="data"))
    row = frame[frame["district"] == f.SYLHET].iloc[0]
    assert float(row["score_round_6"]) == pytest.approx(_mean(SYLHET_6), abs=0.021)
    assert f.KHULNA not in set(frame["district"])  # outside the member's scope
