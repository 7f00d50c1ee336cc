"""Referral flows layer: upazila -> provider lines per service for one district, published
through the disclosure layer below headquarters, with a provider's detail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.models.vocabulary import AssistanceOutcome, Service
from dashboard.queries.referrals import FlowCell, FlowProvider
from geodata import admin_areas
from layers import REGISTRY, LayerView
from layers.referral_flows import SERVICE_COLOURS, FlowLayerData, provider_detail
from tests import factories as f
from tests.layers.helpers import listed

LAYER = REGISTRY["referral_flows"]
BISHWANATH = "BD60910020"
SYLHET_SADAR = "BD60910062"
RECEIVED, PENDING = AssistanceOutcome.RECEIVED, AssistanceOutcome.PENDING


def _scene(s: Any) -> dict[str, Any]:
    clinic = f.provider(s, upazila=SYLHET_SADAR, services=(Service.LEGAL_SUPPORT, Service.SKILLS_TRAINING),
                        lat=24.9, lon=91.87, name="Sylhet legal aid")
    counsel = f.provider(s, upazila=f.GOLAPGANJ, services=(Service.PSYCHOSOCIAL_COUNSELLING,), lat=24.85,
                         lon=92.0, name="Golapganj counselling")
    khulna = f.provider(s, upazila=f.DUMURIA, services=(Service.LEGAL_SUPPORT,), name="Khulna legal aid")
    golapganj = [f.returnee(s, upazila=f.GOLAPGANJ) for _ in range(6)]
    for i, person in enumerate(golapganj):
        f.assistance(s, person, Service.LEGAL_SUPPORT, provider_id=clinic.id, referred_on=date(2019, 3, 1),
                     outcome=RECEIVED if i < 4 else PENDING, completed_on=date(2019, 4, 1) if i < 4 else None)
    for day in (date(2019, 5, 1), date(2019, 6, 1)):  # one person, two referrals
        f.assistance(s, golapganj[0], Service.SKILLS_TRAINING, provider_id=clinic.id, referred_on=day,
                     completed_on=day)
    f.assistance(s, golapganj[1], Service.LEGAL_SUPPORT, provider_id=khulna.id, referred_on=date(2019, 3, 1),
                 completed_on=date(2019, 3, 1))
    f.assistance(s, golapganj[2], Service.LEGAL_SUPPORT, referred_on=date(2019, 3, 1),
                 completed_on=date(2019, 3, 1))  # no provider
    f.assistance(s, golapganj[3], Service.LEGAL_SUPPORT, provider_id=clinic.id, referred_on=date(2017, 1, 1))
    bishwanath = [f.returnee(s, upazila=BISHWANATH) for _ in range(2)]
    for person in bishwanath:
        f.assistance(s, person, Service.PSYCHOSOCIAL_COUNSELLING, provider_id=counsel.id,
                     referred_on=date(2019, 8, 1), completed_on=date(2019, 8, 1))
    f.assistance(s, f.returnee(s, upazila=f.DUMURIA), Service.LEGAL_SUPPORT, provider_id=clinic.id,
                 referred_on=date(2019, 3, 1), completed_on=date(2019, 3, 1))  # a Khulna returnee: not Sylhet's flow
    return {"clinic": clinic.id, "counsel": counsel.id, "khulna": khulna.id,
            "keys": [p.record_key for p in golapganj], "bishwanath_keys": [p.record_key for p in bishwanath]}


YEAR_2019 = Filters(start=date(2019, 1, 1), end=date(2019, 12, 31))


def test_lr001_flows_per_upazila_provider_and_service_for_the_zoomed_district(empty_db: Database) -> None:
    with empty_db.session() as s:
        made = _scene(s)
        keys = made["keys"]
        data = LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET, filters=YEAR_2019))
        assert data.cells == [
            FlowCell(BISHWANATH, made["counsel"], "psychosocial_counselling", 2, sum(made["bishwanath_keys"]), 2,
                     sum(made["bishwanath_keys"]), 2, sum(made["bishwanath_keys"]), 0, 0),
            FlowCell(f.GOLAPGANJ, made["clinic"], "legal_support", 6, sum(keys), 6, sum(keys), 4, sum(keys[:4]), 2,
                     sum(keys[4:])),
            FlowCell(f.GOLAPGANJ, made["clinic"], "skills_training", 1, keys[0], 2, 2 * keys[0], 2, 2 * keys[0],
                     0, 0),
            FlowCell(f.GOLAPGANJ, made["khulna"], "legal_support", 1, keys[1], 1, keys[1], 1, keys[1], 0, 0)]
        assert set(data.providers) == {made["clinic"], made["counsel"], made["khulna"]}
        # A Sylhet reader's scope: the Khulna provider is not theirs to see, nor its line.
        mine = LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView(district=f.SYLHET, filters=YEAR_2019))
        assert made["khulna"] not in mine.providers and len(mine.cells) == 3
        # An upazila chosen: only its returnees' flows.
        one = LAYER.load(s, Scope.national(), LayerView(district=f.SYLHET, filters=YEAR_2019.replace(area=BISHWANATH)))
        assert [c.upazila_pcode for c in one.cells] == [BISHWANATH]
        # One district at a time: nothing nationally, and the map says why.
        national = LAYER.load(s, Scope.national(), LayerView(filters=YEAR_2019))
        assert national.cells == [] and LAYER.why_empty(national) == "district"
        assert LAYER.why_empty(data) is None


def test_lr002_below_headquarters_lines_of_fewer_people_than_the_threshold_are_not_drawn(
        empty_db: Database) -> None:
    with empty_db.session() as s:
        made = _scene(s)
        keys = made["keys"]
        data = LAYER.load(s, Scope.for_districts(f.SYLHET), LayerView(district=f.SYLHET, filters=YEAR_2019))
    shown = LAYER.protect(data, 5)
    (line,) = shown.cells  # 1 and 2 people behind the others: gone, whatever their published values
    assert line == FlowCell(f.GOLAPGANJ, made["clinic"], "legal_support", int(publish(6, sum(keys), 5)), 0,
                            int(publish(6, sum(keys), 5)), 0, int(publish(4, sum(keys[:4]), 5)), 0,
                            int(publish(2, sum(keys[4:]), 5)), 0)
    assert line.pending in (0, 5) and line.received in (0, 5)  # never the true 4 or 2
    (provider,) = [t for t in listed(LAYER.traces(shown, LayerView())) if t.name.endswith("receiving referrals")]
    assert provider.customdata[0][:5] == ["Sylhet legal aid", "BRAC", str(line.referrals), str(line.received),
                                          str(line.pending)]
    assert provider.customdata[0][5] == f"Golapganj {line.referrals}"


def _data() -> FlowLayerData:
    providers = {1: FlowProvider(1, "Sylhet legal aid", "BRAC", SYLHET_SADAR, 24.9, 91.87),
                 2: FlowProvider(2, "Golapganj <b>counselling</b>", "BRAC", f.GOLAPGANJ, 24.85, 92.0)}
    return FlowLayerData([FlowCell(f.GOLAPGANJ, 1, "legal_support", 9, 0, 16, 0, 10, 0, 6, 0),
                          FlowCell(f.GOLAPGANJ, 1, "skills_training", 5, 0, 4, 0, 4, 0, 0, 0),
                          FlowCell(BISHWANATH, 1, "legal_support", 5, 0, 5, 0, 5, 0, 0, 0),
                          FlowCell(BISHWANATH, 2, "psychosocial_counselling", 6, 0, 7, 0, 0, 0, 7, 0)],
                         providers, f.SYLHET)


def test_lr003_lines_wide_by_referrals_coloured_by_service_and_each_provider_detailed() -> None:
    drawn = LAYER.traces(_data(), LayerView())
    lines = [t for t in drawn if t.mode == "lines"]
    widths = {(t.line.color, t.line.width) for t in lines}
    legal = SERVICE_COLOURS["legal_support"]
    assert (legal, 9.0) in widths  # the most referrals: the widest
    assert (SERVICE_COLOURS["skills_training"], 5.2) in widths  # a quarter of them: half as wide, above the thinnest
    assert all(len(t.lat) % 3 == 0 and t.lat[2::3] == tuple([None] * (len(t.lat) // 3)) for t in lines)
    psycho_dots, legal_dots, skills_dots, providers = listed(drawn)  # in the services' declared order
    assert legal_dots.name == "Referral flows: Legal support" and legal_dots.meta["legend"][0]["form"] == "line"
    assert legal_dots.customdata[0] == ["Golapganj", "Sylhet legal aid", "16", "9", "10", "6"]
    assert psycho_dots.customdata[0][1] == "Golapganj &lt;b&gt;counselling&lt;/b&gt;"  # made inert
    # Two services between Golapganj and the same provider are drawn side by side, not on top.
    assert legal_dots.lat[1] != skills_dots.lat[0] or legal_dots.lon[1] != skills_dots.lon[0]
    sylhet_aid = providers.customdata[0]
    assert sylhet_aid[2:] == ["25", "19", "6", "Golapganj 20<br>Bishwanath 5"]
    bangla = listed(LAYER.traces(_data(), LayerView(lang="bn")))[-1]
    assert bangla.customdata[0][2:5] == ["২৫", "১৯", "৬"] and "গোলাপগঞ্জ ২০" in bangla.customdata[0][5]
    assert provider_detail(_data().cells)[2] == (7, 0, 7, [(BISHWANATH, 7)])
    assert LAYER.traces(FlowLayerData([], {}, f.SYLHET), LayerView()) == []


def test_lr004_the_flows_table() -> None:
    table = LAYER.rows(_data(), LayerView())
    assert len(table) == 4
    assert table.to_dict("records")[0] == {
        "upazila_pcode": f.GOLAPGANJ, "upazila": "Golapganj", "upazila_bn": "গোলাপগঞ্জ", "provider_id": 1,
        "provider": "Sylhet legal aid", "organisation": "BRAC", "provider_upazila": "Sylhet Sadar",
        "service": "legal_support", "service_label": "Legal support", "people": 9, "referrals": 16,
        "received": 10, "pending": 6}
    assert LAYER.rows(FlowLayerData([], {}, None), LayerView()).empty


def test_lr005_the_flows_as_the_map_s_table() -> None:
    header, table = LAYER.table(_data(), LayerView(lang="bn"))  # type: ignore[misc]
    assert header[:3] == ["উপজেলা", "রেফারেল গ্রহণকারী সেবাদানকারী", "সেবা"]
    assert table[0] == ["গোলাপগঞ্জ", "Sylhet legal aid", "আইনি সহায়তা", 16, 9, 10, 6]
    assert len(table) == 4


@pytest.fixture
def app(new_sqlite: Any) -> Any:
    from dashboard.app import create_app
    from dashboard.config import load_settings

    with new_sqlite("flows") as (url, session):
        _scene(session)
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


def test_lr006_the_map_lists_the_flows_a_district_officer_may_see_under_show_as_table(as_actor: Any) -> None:
    from dashboard.core.access import Actor, Role
    from dashboard.features.map.data import layer_tables
    from dashboard.features.map.state import current_state

    as_actor(Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET})))
    state = current_state(f"?district={f.SYLHET}&from=2019-01-01&to=2019-12-31&layers=referral_flows")
    ((label, header, rows),) = layer_tables(state, "en")
    assert label == "layer.referral_flows" and header[0] == "Upazila"
    assert [row[:3] for row in rows] == [["Golapganj", "Sylhet legal aid", "Legal support"]]  # 6 people; others < 5
    as_actor(Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET})))
    assert layer_tables(current_state(f"?district={f.SYLHET}&layers=returnees"), "en") == []


def test_lr009_line_widths_come_in_seven_classes_so_a_district_draws_few_traces() -> None:
    """Two hundred flows of one service with 1 to 200 referrals: every line lands in one of seven
    widths from 1.5 to 9 px on the square-root scale, one trace each (issue 33: continuous
    widths made a trace, and a MapLibre layer, per distinct width)."""
    providers = {1: FlowProvider(1, "Sylhet legal aid", "BRAC", SYLHET_SADAR, 24.9, 91.87)}
    upazilas = [u for u in admin_areas() if u.startswith(f.SYLHET) and len(u) == 10]
    cells = [FlowCell(upazilas[n % len(upazilas)], 1, "legal_support", n, 0, n, 0, n, 0, 0, 0) for n in range(1, 201)]
    lines = [t for t in LAYER.traces(FlowLayerData(cells, providers, f.SYLHET), LayerView()) if t.mode == "lines"]
    # The classes written out: 1.5 + 7.5 * k / 6 for k = 0..6, to one decimal.
    assert sorted(t.line.width for t in lines) == [1.5, 2.8, 4.0, 5.2, 6.5, 7.8, 9.0]
    assert sum(len(t.lat) // 3 for t in lines) == 200  # every flow drawn once
    widest = next(t for t in lines if t.line.width == 9.0)
    assert len(widest.lat) // 3 == 200 - 168  # sqrt(n / 200) rounds to the top class from n = 169
