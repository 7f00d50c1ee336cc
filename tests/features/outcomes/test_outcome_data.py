"""The outcome page's data (issue 29): scores by area and round, the change between rounds, the
share at or above the cut-off and the cohort curves, from rows this test writes, for
headquarters and for a reader below it (hidden under the threshold, moved a little above)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.filters import Filters
from dashboard.core.guard import NotPermitted
from dashboard.core.privacy import Hidden
from dashboard.features.outcomes.data import by_area, cohorts, district_rounds, previous_round
from dashboard.models import Followup
from geodata import admin_areas
from tests import factories as f


def _texts(node: Any) -> list[str]:
    """Every string shown in a tree of Dash components."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list | tuple):
        return [text for child in node for text in _texts(child)]
    children = getattr(node, "children", None)
    return _texts(children) if children is not None else []

HQ = Actor("hq", Role.HQ_ANALYST)
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
# Golapganj: six people returned in May 2018 (2018 quarter 2), surveyed at 6 and 12 months.
GOLAPGANJ_6 = [0.40, 0.50, 0.60, 0.30, 0.70, 0.50]    # mean 3.0 / 6 = 0.50; 4 at >= 0.5
GOLAPGANJ_12 = [0.60, 0.55, 0.80, 0.20, 0.75, 0.70]   # mean 3.6 / 6 = 0.60; 5 at >= 0.5
# Dumuria (Khulna): two people returned in October 2018 (quarter 4), surveyed at 12 months only.
DUMURIA_12 = [0.90, 0.50]                              # mean 0.70


def _surveys(session: Any, upazila: str, returned: date, by_round: dict[int, list[float]]) -> None:
    size = len(next(iter(by_round.values())))
    people = [f.returnee(session, upazila=upazila, return_date=returned, record_key=key)
              for key in f.keys_published_as(size)]
    for months, scores in by_round.items():
        for person, value in zip(people, scores, strict=True):
            session.add(Followup(returnee_id=person.id, round_months=months, surveyed_on=date(2019, 6, 1),
                                 answers={}, economic=value, social=value, psychosocial=1 - value, composite=value,
                                 scored_with="test"))
    f.summarised(session)



@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("outcomes") as (url, session):
        _surveys(session, f.GOLAPGANJ, date(2018, 5, 1), {6: GOLAPGANJ_6, 12: GOLAPGANJ_12})
        _surveys(session, f.DUMURIA, date(2018, 10, 1), {12: DUMURIA_12})
        session.commit()
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=5))


def test_od001_headquarters_see_each_district_s_mean_and_its_change(as_actor: Any) -> None:
    as_actor(HQ)
    rows = {r.pcode: r for r in by_area(None, 12, "composite", "mean")}
    sylhet, khulna = rows[f.SYLHET], rows[f.KHULNA]
    assert (sylhet.people, sylhet.value, sylhet.previous_people, sylhet.previous) == (6, 0.6, 6, 0.5)
    assert sylhet.change == 0.1
    assert (khulna.people, khulna.value, khulna.previous, khulna.change) == (2, 0.7, None, None)
    assert rows["BD3026"].value is None  # Dhaka: nobody surveyed, no data (not zero)


def test_od002_the_share_at_or_above_the_cut_off(as_actor: Any) -> None:
    as_actor(HQ)
    sylhet = next(r for r in by_area(None, 12, "composite", "share") if r.pcode == f.SYLHET)
    # 5 of 6 at >= 0.5 in round 12 (83%), 4 of 6 in round 6 (67%): up 17 points
    assert (sylhet.value, sylhet.previous, sylhet.change) == (83.0, 67.0, 16.0)
    psychosocial = next(r for r in by_area(None, 12, "psychosocial", "mean") if r.pcode == f.SYLHET)
    assert psychosocial.value == 0.4 and psychosocial.change == -0.1  # 1 - 0.6 after 1 - 0.5


def test_od003_upazilas_of_a_district(as_actor: Any) -> None:
    as_actor(HQ)
    rows = {r.pcode: r for r in by_area(f.SYLHET, 12, "composite", "mean")}
    assert rows[f.GOLAPGANJ].value == 0.6 and all(v.value is None for p, v in rows.items() if p != f.GOLAPGANJ)


def test_od004_cohort_curves(as_actor: Any) -> None:
    as_actor(HQ)
    points = {(p.cohort, p.round_months): (p.people, p.mean) for p in cohorts(None, "composite")}
    assert points == {((2018, 2), 6): (6, 0.5), ((2018, 2), 12): (6, 0.6), ((2018, 4), 12): (2, 0.7)}
    assert {p.cohort for p in cohorts(f.KHULNA, "composite")} == {(2018, 4)}


def test_od005_below_headquarters_small_groups_are_hidden_and_means_moved_a_little(as_actor: Any) -> None:
    as_actor(MEMBER)
    rows = {r.pcode: r for r in by_area(None, 12, "composite", "mean")}
    assert set(rows) == {f.SYLHET}  # only their district
    assert rows[f.SYLHET].value == pytest.approx(0.6, abs=0.021)
    with pytest.raises(NotPermitted):
        by_area(f.KHULNA, 12, "composite", "mean")
    as_actor(Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.KHULNA})))
    khulna = by_area(None, 12, "composite", "mean")[0]
    assert khulna.value == Hidden(5)  # two people: no score, whatever their count publishes
    assert [p.mean for p in cohorts(None, "composite")] == [Hidden(5)]


def test_od006_the_brief_reads_the_latest_round_against_the_one_before(as_actor: Any) -> None:
    as_actor(MEMBER)
    latest = district_rounds(f.SYLHET)
    assert latest is not None and latest.value == pytest.approx(0.6, abs=0.021)
    assert latest.previous == pytest.approx(0.5, abs=0.021)
    assert previous_round(12, [0, 3, 6, 12]) == 6 and previous_round(0, [0, 12]) is None


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize("actor", [HQ, MEMBER], ids=["hq", "member"])
def test_od007_the_page_renders_in_words_for_each_reader(as_actor: Any, actor: Actor, lang: str) -> None:
    from dashboard.features.outcomes import component

    as_actor(actor)
    search = "?round=12" if actor is HQ else "?district=BD6091&round=12&dimension=psychosocial"
    figure, _legend, summary, table, curves, gaps, dimensions = component.render(search, lang)
    words = str(summary)
    if actor is HQ:
        # Sylhet 0.60 is the lowest of the two districts, Khulna 0.70 the highest.
        assert ("lowest Sylhet" if lang == "en" else "সর্বনিম্ন সিলেট") in words
    else:
        # The member's district in words: psychosocial 0.40 (±0.02) at 12 months, down from 0.50.
        assert ("down" if lang == "en" else "কমেছে") in words
    if lang == "bn":
        # Every word the reader gets is Bangla (area names aside: some upazilas have no Bangla name yet).
        names = {a.name_en for a in admin_areas().values()}
        latin = [text for text in _texts([summary, table, gaps, dimensions]) if re.search(r"[A-Za-z0-9]", text)
                 and text not in names]
        assert latin == []
    assert curves["data"] and figure["data"]


@pytest.mark.parametrize(("lang", "words"), [("en", "Sylhet: Composite score at 12 months is 0.60 (6 people), up 0.10 "
                                                    "from 0.50 at 6 months."),
                                             ("bn", "সিলেট: ১২ মাস-এ সামগ্রিক স্কোর ০.৬০ (৬ জন), ৬ মাস-এর ০.৫০ থেকে "
                                                    "০.১০ বেড়েছে।")])
def test_od008_the_brief_and_the_cards_say_the_district_s_latest_round_in_words(as_actor: Any, lang: str,
                                                                                  words: str) -> None:
    from dashboard.features.brief.data import district_brief
    from dashboard.features.map import kpi_cards
    from dashboard.features.outcomes.data import district_in_words

    as_actor(HQ)
    sentence = district_in_words(f.SYLHET, lang)
    assert sentence is not None and sentence.startswith(words)
    assert sentence in district_brief(f.SYLHET, Filters(), lang).sentences
    as_actor(HQ)
    cards, _heading, _period = kpi_cards.render(f"?district={f.SYLHET}", lang)
    assert words in str(cards)
    as_actor(HQ)
    assert district_in_words("BD3026", lang) is None  # Dhaka: nobody surveyed


def test_od009_the_map_s_outcome_metrics(as_actor: Any) -> None:
    from dashboard.core.metrics import Metric, available_metrics
    from dashboard.features.map.data import map_values
    from dashboard.features.map.state import ViewState
    from geodata import Level

    assert Metric.SCORE_PSYCHOSOCIAL in available_metrics(Level.UPAZILA)
    as_actor(HQ)
    national = map_values(ViewState(metric=Metric.SCORE_COMPOSITE))
    assert (national[f.SYLHET], national[f.KHULNA], national["BD3026"]) == (0.6, 0.7, None)
    assert map_values(ViewState(metric=Metric.SCORE_GOOD_SHARE))[f.SYLHET] == 83.0  # 5 of 6 at >= 0.5
    assert map_values(ViewState(metric=Metric.SCORE_PSYCHOSOCIAL))[f.SYLHET] == 0.4
    as_actor(HQ)
    upazilas = map_values(ViewState(district=f.SYLHET, metric=Metric.SCORE_COMPOSITE))
    assert upazilas[f.GOLAPGANJ] == 0.6 and sum(v is not None for v in upazilas.values()) == 1
    as_actor(MEMBER)
    mine = map_values(ViewState(district=f.SYLHET, metric=Metric.SCORE_COMPOSITE))
    assert mine[f.GOLAPGANJ] == pytest.approx(0.6, abs=0.021)
    as_actor(Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.KHULNA})))
    assert map_values(ViewState(district=f.KHULNA, metric=Metric.SCORE_COMPOSITE))[f.DUMURIA] == Hidden(5)


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize(("actor", "search"), [(HQ, "?metric=score_composite"),
                                               (MEMBER, "?district=BD6091&metric=score_good_share"),
                                               (MEMBER, "?district=BD6091&metric=score_psychosocial")],
                         ids=["hq", "member-share", "member-psychosocial"])
def test_od010_the_map_draws_outcome_metrics_for_each_reader(as_actor: Any, actor: Actor, search: str,
                                                             lang: str) -> None:
    from dashboard.features.map import component

    as_actor(actor)
    answer = component.render(search, lang)
    drawn = json.dumps([part for part in answer if isinstance(part, dict)], default=str, ensure_ascii=False)
    assert "\"type\": \"choropleth" in drawn  # areas, as SVG (default) or on MapLibre
    assert ("equal weights" if lang == "en" else "সমান ভার") in drawn or "score_good_share" in search
