"""The map's "Show as table" is sent only while it is open (issue 33): closed, its callback sends
nothing and the map's own answer carries no table; opened, it lists the areas and the layers'
tables as each role may see them, in English and Bangla."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import Service
from tests import factories as f

BISHWANATH = "BD60910020"
HQ = Actor("hq", Role.HQ_ANALYST)
OFFICER = Actor("officer", Role.DISTRICT_OFFICER, frozenset({f.SYLHET}))
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
SEARCH = f"?district={f.SYLHET}&layers=returnees,referral_flows"



@pytest.fixture(scope="module")
def app(new_sqlite: Any) -> Any:
    """Six people in Golapganj, all referred to one provider; two in Bishwanath (a small count)."""
    with new_sqlite("map-table") as (url, session):
        clinic = f.provider(session, upazila=f.GOLAPGANJ, name="Golapganj legal aid", lat=24.85, lon=92.0)
        for key in f.keys_published_as(6):
            person = f.returnee(session, upazila=f.GOLAPGANJ, record_key=key)
            f.assistance(session, person, Service.LEGAL_SUPPORT, provider_id=clinic.id)
        for _ in range(2):
            f.returnee(session, upazila=BISHWANATH)
        session.commit()
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache", suppression_threshold=5))


def _rows(table: Any) -> dict[str, list[str]]:
    """A chart table's body as {first cell: the other cells}."""
    body = table.children[1].children
    return {row["props"]["children"][0]["props"]["children"]: [c["props"]["children"] for c in
                                                                  row["props"]["children"][1:]] for row in body}


@pytest.mark.parametrize("lang", ["en", "bn"])
@pytest.mark.parametrize("actor", [HQ, OFFICER, MEMBER], ids=["hq", "officer", "member"])
def test_mt001_the_table_is_sent_once_opened_and_as_the_role_may_see_it(app: Any, as_actor: Any, actor: Actor,
                                                                        lang: str) -> None:
    from dashboard.features.map import component
    from geodata import admin_areas

    as_actor(actor)
    for closed in (None, 0, 2):
        assert component.map_table(SEARCH, lang, closed) == []
    areas, flows = component.map_table(SEARCH, lang, 1)
    names = {pcode: admin_areas()[pcode].name(lang) for pcode in (f.GOLAPGANJ, BISHWANATH)}
    shown = _rows(areas)
    assert shown[names[f.GOLAPGANJ]] == [format_number(6, lang)]  # six people, published as six
    small = shown[names[BISHWANATH]][0]
    assert (small == format_number(2, lang)) if actor is HQ else (small != format_number(2, lang))
    (heading, table) = flows.children
    assert heading.children == t("layer.referral_flows", lang) and _rows(table)
    again = component.map_table(SEARCH, lang, 3)  # closed, then opened again
    assert json.dumps(again, cls=PlotlyJSONEncoder) == json.dumps([areas, flows], cls=PlotlyJSONEncoder)


def test_mt002_the_map_answer_carries_no_table(app: Any) -> None:
    """One callback writes the table, and it fires on the section's opener; the map's render,
    which every view change calls, does not write it."""
    writers = [(output, c) for output, c in app.callback_map.items() if "district-map-table.children" in output]
    assert len(writers) == 1
    assert {"id": "district-map-table-open", "property": "n_clicks"} in writers[0][1]["inputs"]
    render = next(output for output in app.callback_map if "district-map-figure.data" in output)
    assert "district-map-table" not in render
