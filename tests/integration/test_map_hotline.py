"""Issue 32's hotline layer in a browser: a DEMO officer in Sylhet turns the hotline layer on, sees
it with its legend and the hotline choice, reads Golapganj's calls, referrals and calls per 10,000
returnees as they are published to someone below headquarters, then counts only the callers not
referred. Expected values come from the rows this test writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.disclosure import publish
from dashboard.models import HotlineCall
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from tests import factories as f
from tests import known_data
from tests.integration.helpers import (
    CANVAS,
    accessibility_problems,
    click,
    legend,
    sign_in,
    until,
    wait_for_legend,
)

_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"
# Golapganj: 14 calls, the first 8 referred to a service; 40 returnees profiled.
CALLS, REFERRED, RETURNEES = 14, 8, 40


def _golapganj_row(dash_duo: DashComposite) -> list[str] | None:
    """Golapganj's hover data in whichever hotline trace (share class) draws it."""
    return dash_duo.driver.execute_script(
        f"const g = {_GRAPH}; if (!g) return null;"
        "for (const t of g.data) { if (!(t.name || '').startsWith('Hotline calls: ') || !t.customdata) continue;"
        "  const row = t.customdata.find(r => r[0] === 'Golapganj'); if (row) return row; }"
        "return null;")


def test_mh001_a_demo_officer_turns_on_the_hotline_layer_and_reads_it_with_its_legend(
        dash_duo: DashComposite, new_sqlite: Any) -> None:
    with new_sqlite("map-hotline") as (url, session):
        calls = [HotlineCall(called_at=datetime(2019, 6, 3, 10), district_pcode=f.SYLHET, upazila_pcode=f.GOLAPGANJ,
                             topic=HotlineTopic.REINTEGRATION, caller_type=HotlineCaller.RETURNEE,
                             referred=i < REFERRED) for i in range(CALLS)]
        session.add_all(calls)
        session.flush()
        people = [f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2019, 1, 10)) for _ in range(RETURNEES)]
        known_data.add_users(session)
        call_keys = [c.record_key for c in calls]
        people_keys = [p.record_key for p in people]
    sign_in(dash_duo, create_app(load_settings({}, database_url=url, cache_type="SimpleCache")), "officer",
            "/?district=BD6091")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    assert "d-none" in dash_duo.find_element("#map-hotline-row").get_attribute("class")  # not before the layer
    click(dash_duo, "label[for='_dbcprivate_checklist_map-layer-toggles_input_hotline']")
    wait_for_legend(dash_duo, True, "Hotline calls:")
    assert any("of callers referred" in entry for entry in legend(dash_duo))
    until(dash_duo, lambda: "d-none" not in dash_duo.find_element("#map-hotline-row").get_attribute("class"))
    assert accessibility_problems(dash_duo) == []  # the choice's controls are labelled and reachable

    # Golapganj as published to the officer: each count from its own key sum, the share and the
    # rate from the published counts only.
    until(dash_duo, lambda: _golapganj_row(dash_duo) is not None)
    shown_calls = int(publish(CALLS, sum(call_keys), 5))
    shown_referred = int(publish(REFERRED, sum(call_keys[:REFERRED]), 5))
    shown_people = int(publish(RETURNEES, sum(people_keys), 5))
    share = min(100, (200 * shown_referred + shown_calls) // (2 * shown_calls))
    rate = (2 * 100_000 * shown_calls + shown_people) // (2 * shown_people) / 10
    assert _golapganj_row(dash_duo) == ["Golapganj", str(shown_calls), str(shown_referred), f"{share}%",
                                        f"{rate:,.1f}"]

    # Only the callers not referred: the layer counts them alone, and the address keeps the choice.
    click(dash_duo, "label[for='_dbcprivate_radioitems_map-hotline-referred_input_no']")
    not_referred = int(publish(CALLS - REFERRED, sum(call_keys[REFERRED:]), 5))
    until(dash_duo, lambda: (_golapganj_row(dash_duo) or [None, None])[1:3] == [str(not_referred), "0"])
    assert "hotline_referred=no" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
