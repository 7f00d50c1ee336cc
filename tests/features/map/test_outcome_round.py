"""The map's score metrics for a chosen survey round (issue 29): the value shown is the mean of
the rows this test writes for that round (exact at headquarters, published below it), the round
travels in the URL and back, and the picker shows only beside a score metric, in English and
Bangla, for every role."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.metrics import OUTCOME_ROUND, Metric
from dashboard.features.map.data import map_values
from dashboard.features.map.state import ViewState
from dashboard.models import Followup
from tests import factories as f

HQ = Actor("hq", Role.HQ_ANALYST)
ADMIN = Actor("admin", Role.HQ_ADMIN)
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
VIEWER = Actor("viewer", Role.VIEWER)
# Golapganj (Sylhet): six people surveyed at 3, 6 and 12 months after return.
ROUNDS = {3: [0.10, 0.20, 0.30, 0.40, 0.20, 0.30],
          6: [0.40, 0.50, 0.60, 0.30, 0.70, 0.50],
          12: [0.60, 0.55, 0.80, 0.20, 0.75, 0.70]}


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2)



@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("map-rounds") as (url, session):
        people = [f.returnee(session, upazila=f.GOLAPGANJ, return_date=date(2018, 5, 1), record_key=key)
                  for key in f.keys_published_as(6)]
        for months, scores in ROUNDS.items():
            for person, value in zip(people, scores, strict=True):
                session.add(Followup(returnee_id=person.id, round_months=months, surveyed_on=date(2019, 6, 1),
                                     answers={}, economic=value, social=value, psychosocial=1 - value,
                                     composite=value, scored_with="test"))
        f.summarised(session)
        session.commit()
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=5))


@pytest.mark.parametrize("months", sorted(ROUNDS))
def test_mr001_headquarters_see_the_mean_of_the_chosen_round(app: Any, as_actor: Any, months: int) -> None:
    as_actor(HQ)
    scores = ROUNDS[months]
    national = map_values(ViewState(metric=Metric.SCORE_COMPOSITE, outcome_round=months))
    assert national[f.SYLHET] == _mean(scores) and national[f.KHULNA] is None
    upazilas = map_values(ViewState(district=f.SYLHET, metric=Metric.SCORE_PSYCHOSOCIAL, outcome_round=months))
    assert upazilas[f.GOLAPGANJ] == _mean([1 - v for v in scores])
    share = map_values(ViewState(metric=Metric.SCORE_GOOD_SHARE, outcome_round=months))[f.SYLHET]
    assert share == round(100 * sum(v >= 0.5 for v in scores) / len(scores))


def test_mr002_a_round_nobody_was_surveyed_in_has_no_score(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    assert map_values(ViewState(metric=Metric.SCORE_COMPOSITE, outcome_round=0))[f.SYLHET] is None


@pytest.mark.parametrize("actor", [MEMBER, OFFICER, VIEWER], ids=["member", "officer", "viewer"])
def test_mr003_below_headquarters_the_published_mean_of_the_chosen_round(app: Any, as_actor: Any,
                                                                        actor: Actor) -> None:
    as_actor(actor)
    for months, scores in ROUNDS.items():
        value = map_values(ViewState(district=f.SYLHET, metric=Metric.SCORE_COMPOSITE,
                                     outcome_round=months))[f.GOLAPGANJ]
        assert value == pytest.approx(_mean(scores), abs=0.021)
    # The Khulna upazilas have nobody surveyed; Sylhet's district mean, for the national viewer only.
    if actor is VIEWER:
        assert map_values(ViewState(metric=Metric.SCORE_COMPOSITE, outcome_round=6))[f.SYLHET] == \
            pytest.approx(_mean(ROUNDS[6]), abs=0.021)


@pytest.mark.parametrize("actor", [MEMBER, OFFICER, VIEWER], ids=["member", "officer", "viewer"])
def test_mr008_the_map_publishes_what_the_outcome_page_publishes_for_the_round(app: Any, as_actor: Any,
                                                                             actor: Actor) -> None:
    """The map reads one round (it shows no change); the outcome page reads it with the round
    before. Each area's published value of the round is the same either way, and the page still
    has the round before."""
    from dashboard.features.outcomes.data import by_area

    as_actor(actor)
    levels = [f.SYLHET, None] if actor is VIEWER else [f.SYLHET]
    for months in sorted(ROUNDS):
        for district in levels:
            shown = map_values(ViewState(district=district, metric=Metric.SCORE_COMPOSITE, outcome_round=months))
            page = by_area(district, months, "composite", "mean")
            assert {r.pcode: r.value for r in page} == shown
            assert any(r.value is not None for r in page)
    with_before = {r.pcode: r for r in by_area(f.SYLHET, 6, "composite", "mean")}[f.GOLAPGANJ]
    assert with_before.previous_round == 3
    assert with_before.previous == pytest.approx(_mean(ROUNDS[3]), abs=0.021)


def test_mr004_the_round_travels_in_the_url_and_back() -> None:
    state = ViewState.from_search("?metric=score_composite&round=6")
    assert state.outcome_round == 6 and "round=6" in state.to_search()
    assert ViewState.from_search(state.to_search()) == state
    assert ViewState.from_search("?metric=score_composite&round=baseline").outcome_round == 0
    assert "round=0" in ViewState.from_search("?metric=score_composite&round=baseline").to_search()
    # The default is stated by leaving it out; junk is dropped; beside another metric it is not written.
    assert ViewState.from_search("?metric=score_composite").outcome_round == OUTCOME_ROUND == 12
    assert "round" not in ViewState.from_search("?metric=score_composite&round=12").to_search()
    assert ViewState.from_search("?metric=score_composite&round=soon").outcome_round == OUTCOME_ROUND
    assert "round" not in ViewState.from_search("?metric=returnees&round=6").to_search()
    assert ViewState().with_round("6_months").outcome_round == 6 and ViewState().with_round("x") == ViewState()


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_mr005_the_picker_shows_only_beside_a_score_metric_and_writes_the_round(app: Any, as_actor: Any,
                                                                               lang: str) -> None:
    from dashboard.features.map import round_picker

    as_actor(HQ)
    assert round_picker.show("?metric=returnees", lang)[2] == "d-none"
    options, value, shown = round_picker.show("?metric=score_social&round=6", lang)
    assert (value, shown) == (6, "")
    assert [o["value"] for o in options] == [0, 3, 6, 12]  # the named rounds and the ones surveyed
    labels = " ".join(o["label"] for o in options)
    assert ("12 months (default)" in labels) if lang == "en" else ("১২ মাস (পূর্বনির্ধারিত)" in labels)
    written = round_picker.choose(3, "?layers=&metric=score_social")
    assert ViewState.from_search(written).outcome_round == 3
    assert round_picker.choose(3, "?layers=&metric=returnees") is round_picker.no_update


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize("actor", [ADMIN, HQ, MEMBER, OFFICER, VIEWER],
                         ids=["admin", "hq", "member", "officer", "viewer"])
def test_mr006_title_hover_and_table_name_the_round(app: Any, as_actor: Any, actor: Actor, lang: str) -> None:
    from dashboard.features.map import component

    as_actor(actor)
    search = f"?district={f.SYLHET}&metric=score_composite&round=6"
    answer = component.render(search, lang)
    # The render's outputs in order (component.render's Outputs): figure 0, title 4; the table
    # is its own callback's, sent once "Show as table" is opened (one click).
    figure, title, table = answer[0], answer[4], component.map_table(search, lang, 1)
    said = "survey round: 6 months" if lang == "en" else "জরিপ-পর্ব: ৬ মাস"
    assert said in title
    hovers = " ".join(str(trace.get("hovertemplate", "")) for trace in figure["data"])
    assert said in hovers
    assert said in json.dumps(table, default=str, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_mr007_the_map_s_table_downloads_with_its_round(app: Any, as_actor: Any, monkeypatch: Any,
                                                        lang: str) -> None:
    from types import SimpleNamespace

    from dashboard.features.map import download

    monkeypatch.setattr(download, "ctx", SimpleNamespace(triggered_id={"type": "map-download", "what": "areas",
                                                                       "format": "csv"}))
    as_actor(HQ)
    sent = download.download([1], "?layers=&metric=score_composite&round=6", lang)
    assert sent["filename"].startswith("map-areas_score-composite-round-6_bangladesh")
    text = base64.b64decode(sent["content"]).decode("utf-8-sig")
    assert ("survey round: 6 months" if lang == "en" else "জরিপ-পর্ব: ৬ মাস") in text
    sylhet = next(line for line in text.splitlines() if line.startswith(f.SYLHET))
    assert sylhet.split(",")[-1] == str(_mean(ROUNDS[6]))
