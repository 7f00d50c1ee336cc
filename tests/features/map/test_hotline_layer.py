"""The hotline layer on the map for each role (issue 32): headquarters see exact calls, referrals
and calls per 10,000 returnees; a district officer and a DCC member see every count published
through the disclosure layer and no rate on fewer returnees than the threshold; the layer's rows,
the choropleth and the upazila panel give the same published numbers. Scene made here, with
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
from dashboard.features.map.data import layer_rows, map_values, upazila_detail
from dashboard.features.map.state import ViewState
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from tests import factories as f

T = 5
BEANIBAZAR = "BD60910017"
HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
# Golapganj: 3 calls and 3 returnees (too few to show); Beanibazar: 12 calls, 7 of them referred,
# from 20 returnees (6,000 calls per 10,000 returnees).
SMALL_KEYS = (11, 22, 33)
CALL_KEYS = tuple(range(100, 1300, 100))
REFERRED = 7
RETURNEE_KEYS = tuple(range(50, 1050, 50))
STATE = ViewState(district=f.SYLHET, layers=("hotline",))


def _call(upazila: str, key: int, referred: bool) -> HotlineCall:
    return HotlineCall(called_at=datetime(2019, 5, 2, 15), district_pcode=upazila[:6], upazila_pcode=upazila,
                       topic=HotlineTopic.LEGAL, caller_type=HotlineCaller.FAMILY, referred=referred, record_key=key)


@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    with new_sqlite("hotline-layer") as (url, session):
        session.add_all([_call(f.GOLAPGANJ, k, True) for k in SMALL_KEYS])
        session.add_all([_call(BEANIBAZAR, k, i < REFERRED) for i, k in enumerate(CALL_KEYS)])
        for k in SMALL_KEYS:
            f.returnee(session, upazila=f.GOLAPGANJ, record_key=k)
        for k in RETURNEE_KEYS:
            f.returnee(session, upazila=BEANIBAZAR, record_key=k)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=T))


def _rows(state: ViewState) -> Any:
    return layer_rows(state, "hotline", "en").set_index("pcode")


def test_hla001_headquarters_see_exact_calls_referrals_and_rate(as_actor: Any) -> None:
    as_actor(HQ)
    rows = _rows(STATE)
    assert rows.loc[BEANIBAZAR, ["calls", "referred", "referred_share_pct", "returnees_profiled",
                                 "calls_per_10k_returnees"]].tolist() == [12, REFERRED, 58, 20, 6000.0]
    assert rows.loc[f.GOLAPGANJ, ["calls", "returnees_profiled", "calls_per_10k_returnees"]].tolist() == [
        3, 3, 10000.0]
    as_actor(HQ)
    rate = map_values(ViewState(district=f.SYLHET, metric=Metric.HOTLINE_PER_10K_RETURNEES))
    assert (rate[BEANIBAZAR], rate[f.GOLAPGANJ]) == (6000.0, 10000.0)


@pytest.mark.parametrize("actor", [OFFICER, MEMBER], ids=["district officer", "DCC member"])
def test_hla002_below_headquarters_every_count_is_published_and_small_bases_hide_the_rate(
        as_actor: Any, actor: Actor) -> None:
    calls = int(publish(12, sum(CALL_KEYS), T))
    referred = int(publish(REFERRED, sum(CALL_KEYS[:REFERRED]), T))
    returnees = int(publish(20, sum(RETURNEE_KEYS), T))
    as_actor(actor)
    rows = _rows(STATE)
    assert rows.loc[BEANIBAZAR, ["calls", "referred", "returnees_profiled"]].tolist() == [calls, referred, returnees]
    assert rows.loc[BEANIBAZAR, "calls_per_10k_returnees"] == round(10_000 * calls / returnees, 1)
    # Golapganj's three calls and three returnees: never shown as 1 to 4, and no rate on them.
    for column in ("calls", "referred", "returnees_profiled"):
        assert not any(0 < v < T for v in rows[column]), column
    as_actor(actor)
    rate = map_values(ViewState(district=f.SYLHET, metric=Metric.HOTLINE_PER_10K_RETURNEES))
    assert rate[BEANIBAZAR] == round(10_000 * calls / returnees, 1)
    assert rate[f.GOLAPGANJ] == Hidden(T)  # three returnees: a rate would give their number away
    # The choropleth of calls and the upazila panel publish the very counts the layer draws.
    as_actor(actor)
    assert map_values(ViewState(district=f.SYLHET, metric=Metric.HOTLINE_CALLS))[BEANIBAZAR] == calls
    as_actor(actor)
    detail = upazila_detail(STATE.go_to(BEANIBAZAR))
    assert detail is not None and detail.hotline["calls"] == calls and detail.hotline["referred.yes"] == referred


def test_hla003_a_district_reader_gets_no_other_district(as_actor: Any) -> None:
    as_actor(OFFICER)
    with pytest.raises(NotPermitted):
        layer_rows(ViewState(district=f.KHULNA, layers=("hotline",)), "hotline", "en")
    as_actor(MEMBER)
    with pytest.raises(NotPermitted):
        map_values(ViewState(district=f.KHULNA, metric=Metric.HOTLINE_PER_10K_RETURNEES))


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_hla004_the_map_draws_the_layer_with_its_legend_and_choice_for_every_role(as_actor: Any, lang: str) -> None:
    for actor in (HQ, OFFICER, MEMBER):
        as_actor(actor)
        drawn = component.render(f"?district={f.SYLHET}&layers=hotline&hotline_referred=yes", lang)
        figure, legend = drawn[0], str(drawn[1])
        names = [trace.get("name", "") for trace in figure["data"]]
        section = "Hotline calls" if lang == "en" else "হটলাইন কল"
        assert any(name.startswith(f"{section}: ") for name in names), (actor.role, names)
        assert section in legend
        assert "d-none" not in drawn[-1]  # the hotline choice shows beside the layer
        as_actor(actor)
        assert "d-none" in component.render(f"?district={f.SYLHET}&layers=returnees", lang)[-1]


def test_hla005_a_view_with_the_hotline_layer_is_kept_to_read_offline(app: Any) -> None:
    # The map's answer as the browser asks for it (docs/offline.md): its outputs, the hotline
    # choice's row among them, are ones the offline store keeps; individual points never are.
    from dashboard.web.offline import keepable

    (render,) = [output for output in app.callback_map
                 if "district-map-figure.data" in output and "map-hotline-row.className" in output]
    search = f"?district={f.SYLHET}&layers=hotline&hotline_caller=family"
    assert keepable({"output": render, "inputs": [{"id": "map-state", "property": "search", "value": search}]})
    assert not keepable({"output": render, "inputs": [{"value": search + "&points=1"}]})
