"""Hotline calls and people reached per returnee on the map (issue 32): exact at headquarters;
below it every count of calls, and the returnees under each ratio, published through the
disclosure layer; the upazila panel's breakdown in English and Bangla. Scene made here, with
chosen record keys (threshold 5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.disclosure import publish
from dashboard.core.guard import NotPermitted
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.features.map import component
from dashboard.features.map.data import map_values, upazila_detail
from dashboard.features.map.detail_panel import detail_rows
from dashboard.features.map.state import ViewState
from dashboard.i18n import t
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from tests import factories as f
from tests.map_traces import AREA_TYPES

T = 5
BEANIBAZAR = "BD60910017"
HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
VIEWER = Actor("viewer", Role.VIEWER)
# Golapganj: 3 calls and 3 returnees (too few to show); Beanibazar: 12 of each.
SMALL_KEYS = (10, 20, 30)
LARGE_KEYS = tuple(range(100, 1300, 100))
FAMILY_CALLS = 7  # of Beanibazar's twelve calls, from family members; the other five from returnees


def _call(upazila: str, key: int, caller: HotlineCaller = HotlineCaller.RETURNEE) -> HotlineCall:
    return HotlineCall(called_at=datetime(2019, 3, 1, 10), district_pcode=upazila[:6], upazila_pcode=upazila,
                       topic=HotlineTopic.REINTEGRATION, caller_type=caller, referred=True, record_key=key)


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("hotline-map") as (url, session):
        session.add_all([_call(f.GOLAPGANJ, k) for k in SMALL_KEYS])
        session.add_all([_call(BEANIBAZAR, k, HotlineCaller.FAMILY if i < FAMILY_CALLS else HotlineCaller.RETURNEE)
                         for i, k in enumerate(LARGE_KEYS)])
        session.add_all([_call(f.DUMURIA, k) for k in LARGE_KEYS])
        for k in SMALL_KEYS:
            f.returnee(session, upazila=f.GOLAPGANJ, record_key=k)
        for k in LARGE_KEYS:
            f.returnee(session, upazila=BEANIBAZAR, record_key=k)
        f.awareness(session, upazila=f.GOLAPGANJ, people_reached=60)
        f.awareness(session, upazila=BEANIBAZAR, people_reached=240)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=T))


SYLHET_CALLS = ViewState(district=f.SYLHET, metric=Metric.HOTLINE_CALLS)
SYLHET_REACH = ViewState(district=f.SYLHET, metric=Metric.AWARENESS_PER_RETURNEE)


def _small(value: object) -> bool:
    return isinstance(value, int | float) and 0 < value < T


def test_hm001_headquarters_see_exact_calls_and_ratios(as_actor: Any) -> None:
    as_actor(HQ)
    calls = map_values(SYLHET_CALLS)
    assert (calls[f.GOLAPGANJ], calls[BEANIBAZAR]) == (3, 12)
    assert map_values(ViewState(metric=Metric.HOTLINE_CALLS))[f.KHULNA] == 12
    as_actor(HQ)
    reach = map_values(SYLHET_REACH)
    assert (reach[f.GOLAPGANJ], reach[BEANIBAZAR]) == (20.0, 20.0)
    as_actor(HQ)
    detail = upazila_detail(SYLHET_CALLS.go_to(BEANIBAZAR))
    assert detail is not None
    assert (detail.hotline["calls"], detail.hotline["caller.family"], detail.hotline["referred.yes"]) == (
        12, FAMILY_CALLS, 12)


@pytest.mark.parametrize("actor", [OFFICER, MEMBER, VIEWER])
def test_hm002_below_headquarters_calls_and_ratios_are_published(as_actor: Any, actor: Actor) -> None:
    as_actor(actor)
    calls = map_values(SYLHET_CALLS)
    assert calls[f.GOLAPGANJ] in (0, T)  # three calls: never shown as 3
    assert calls[BEANIBAZAR] == publish(12, sum(LARGE_KEYS), T)
    assert not any(_small(v) for v in calls.values())
    as_actor(actor)
    reach = map_values(SYLHET_REACH)
    assert reach[f.GOLAPGANJ] == Hidden(T)  # three returnees: no ratio that would give their number
    assert reach[BEANIBAZAR] == round(240 / publish(12, sum(LARGE_KEYS), T), 1)
    as_actor(actor)
    detail = upazila_detail(SYLHET_CALLS.go_to(BEANIBAZAR))
    assert detail is not None
    family_keys = sum(LARGE_KEYS[:FAMILY_CALLS])
    assert detail.hotline["calls"] == publish(12, sum(LARGE_KEYS), T)
    assert detail.hotline["caller.family"] == publish(FAMILY_CALLS, family_keys, T)
    assert detail.hotline["caller.returnee"] == publish(12 - FAMILY_CALLS, sum(LARGE_KEYS) - family_keys, T)
    assert not any(_small(v) for v in detail.hotline.values())
    as_actor(actor)
    small = upazila_detail(SYLHET_CALLS.go_to(f.GOLAPGANJ))
    assert small is not None and small.hotline["calls"] in (0, T)


def test_hm003_a_district_reader_cannot_ask_for_another_district(as_actor: Any) -> None:
    for state in (ViewState(district=f.KHULNA, metric=Metric.HOTLINE_CALLS),
                  ViewState(district=f.KHULNA, metric=Metric.AWARENESS_PER_RETURNEE),
                  ViewState(district=f.KHULNA, upazila=f.DUMURIA, metric=Metric.HOTLINE_CALLS)):
        as_actor(OFFICER)
        with pytest.raises(NotPermitted):
            map_values(state) if state.upazila is None else upazila_detail(state)
    as_actor(OFFICER)
    assert set(map_values(ViewState(metric=Metric.HOTLINE_CALLS))) == {f.SYLHET}


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_hm004_the_panel_lists_calls_by_topic_and_caller_in_both_languages(as_actor: Any, lang: str) -> None:
    as_actor(HQ)
    detail = upazila_detail(SYLHET_CALLS.go_to(BEANIBAZAR))
    assert detail is not None
    rows = dict(detail_rows(detail, lang))
    twelve, seven = ("12", "7") if lang == "en" else ("১২", "৭")
    assert rows[t("detail.hotline", lang)] == twelve
    topic = t("detail.hotline_topic", lang, topic=t("hotline_topic.reintegration", lang))
    family = t("detail.hotline_caller", lang, caller=t("hotline_caller.family", lang))
    assert rows[topic] == twelve and rows[family] == seven
    assert rows[t("detail.hotline_referred", lang)] == twelve
    assert len({label for label, _value in detail_rows(detail, lang)}) == len(detail_rows(detail, lang))


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize("metric", [Metric.HOTLINE_CALLS, Metric.AWARENESS_PER_RETURNEE])
def test_hm005_the_map_draws_both_metrics_for_every_role(as_actor: Any, metric: Metric, lang: str) -> None:
    for actor in (HQ, OFFICER, MEMBER, VIEWER):
        as_actor(actor)
        drawn = component.render(f"?district={f.SYLHET}&metric={metric.value}", lang)
        figure, title = drawn[0], drawn[4]
        assert t(f"metric.{metric.value}", lang) in str(title)
        located = {p for trace in figure["data"] if trace["type"] in AREA_TYPES for p in trace["locations"]}
        assert f.GOLAPGANJ in located and BEANIBAZAR in located
