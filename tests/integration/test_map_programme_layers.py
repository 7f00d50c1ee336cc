"""Issue 32's journey on the map: a DEMO officer in Sylhet turns on the awareness activities and
the referral flows for 2019, sees where awareness work happened, and reads which providers
Golapganj's returnees were referred to (received and pending), as their counts are published
to someone below headquarters. Expected values come from the rows this test writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash.testing.composite import DashComposite

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.disclosure import publish
from dashboard.models.vocabulary import AssistanceOutcome, AwarenessKind, Service
from tests import factories as f
from tests import known_data
from tests.integration.helpers import CANVAS, sign_in, until, wait_for_legend

BISHWANATH = "BD60910020"
_GRAPH = "document.querySelector('#district-map .js-plotly-plot')"


def _trace(dash_duo: DashComposite, name: str) -> Any:
    return dash_duo.driver.execute_script(
        f"const g = {_GRAPH}; const t = g && g.data.find(t => t.name === arguments[0]);"
        "return t ? {customdata: t.customdata} : null;", name)


def test_pl001_a_demo_officer_reads_awareness_work_and_golapganj_s_referrals(dash_duo: DashComposite,
                                                                            new_sqlite: Any) -> None:
    with new_sqlite("programme-layers") as (url, session):
        clinic = f.provider(session, upazila=f.GOLAPGANJ, lat=24.85, lon=92.0, name="Golapganj Legal Aid",
                            services=(Service.LEGAL_SUPPORT,))
        people = [f.returnee(session, upazila=f.GOLAPGANJ, profiled_on=date(2019, 1, 15)) for _ in range(7)]
        for i, person in enumerate(people):
            received = i < 5
            f.assistance(session, person, Service.LEGAL_SUPPORT, provider_id=clinic.id, referred_on=date(2019, 2, 1),
                         outcome=AssistanceOutcome.RECEIVED if received else AssistanceOutcome.PENDING,
                         completed_on=date(2019, 3, 1) if received else None)
        f.awareness(session, AwarenessKind.VIDEO_SHOW, f.GOLAPGANJ, date(2019, 4, 2), 420)
        f.awareness(session, AwarenessKind.SCHOOL_QUIZ, BISHWANATH, date(2019, 9, 9), 130)
        f.awareness(session, AwarenessKind.SCHOOL_QUIZ, BISHWANATH, date(2018, 9, 9), 999)  # before 2019
        known_data.add_users(session)
        keys = [p.record_key for p in people]
    sign_in(dash_duo, create_app(load_settings({}, database_url=url, cache_type="SimpleCache")), "officer",
            "/?district=BD6091&from=2019-01-01&to=2019-12-31")
    dash_duo.wait_for_element(CANVAS, timeout=30)
    for key, text in (("awareness", "Awareness activities:"), ("referral_flows", "Referral flows:")):
        dash_duo.find_element(f"label[for='_dbcprivate_checklist_map-layer-toggles_input_{key}']").click()
        wait_for_legend(dash_duo, True, text)

    # Where awareness work happened in 2019: a video show in Golapganj, a school quiz in Bishwanath.
    until(dash_duo, lambda: _trace(dash_duo, "Awareness activities: Video show") is not None)
    video = _trace(dash_duo, "Awareness activities: Video show")["customdata"]
    quiz = _trace(dash_duo, "Awareness activities: School quiz")["customdata"]
    assert [row[:3] for row in video] == [["Golapganj", "1", "420"]]
    assert [row[:3] for row in quiz] == [["Bishwanath", "1", "130"]]  # 2018's quiz is outside the period
    # People reached per returnee profiled, from the officer's published count of Golapganj's returnees.
    profiled = int(publish(7, sum(keys), 5))
    assert video[0][4] == f"{420 / profiled:.1f}"

    # Which providers Golapganj's returnees were referred to, received and pending, as published.
    until(dash_duo, lambda: _trace(dash_duo, "Referral flows: Provider receiving referrals") is not None)
    (provider,) = _trace(dash_duo, "Referral flows: Provider receiving referrals")["customdata"]
    referrals = int(publish(7, sum(keys), 5))
    assert provider == ["Golapganj Legal Aid", "BRAC", str(referrals), str(int(publish(5, sum(keys[:5]), 5))),
                        str(int(publish(2, sum(keys[5:]), 5))), f"Golapganj {referrals}"]
    (line,) = _trace(dash_duo, "Referral flows: Legal support")["customdata"]
    assert line[:2] == ["Golapganj", "Golapganj Legal Aid"]
    assert dash_duo.get_logs() == []
