"""Issue 29's journeys in a browser: headquarters read the cohort curves of the outcome page, and
a Sylhet DCC member reads their district's scores in words, in Bangla, with no Latin word left.

Six Golapganj returnees who came back in May 2018 answered at 6 and 12 months (scores written
here); headquarters see them exactly, the member sees them published (moved by at most 0.02)."""

from __future__ import annotations

from datetime import date

from dash.testing.composite import DashComposite
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.disclosure import KEY_RANGE, publish
from dashboard.db import Database
from dashboard.models import Followup, Returnee
from tests import factories as f
from tests.integration.helpers import chart_latin_words, latin_words, sign_in, until
from tests.known_data import PASSWORD

BANGLA = "label[for='_dbcprivate_radioitems_language-picker_input_bn']"
AT_6, AT_12 = [0.4, 0.5, 0.6, 0.3, 0.7, 0.5], [0.6, 0.55, 0.8, 0.2, 0.75, 0.7]  # means 0.50 and 0.60


def _with_surveys(settings: Settings) -> Settings:
    database = Database(settings.database_url)
    with database.session() as session:
        # Keys whose cell of six publishes 6, so the member sees the mean on every run.
        first = next(k for k in range(KEY_RANGE) if publish(len(AT_6), k, 5) == len(AT_6))
        people = [f.returnee(session, upazila=f.GOLAPGANJ, return_date=date(2018, 5, 2), record_key=key)
                  for key in [first] + [0] * (len(AT_6) - 1)]
        for months, scores in ((6, AT_6), (12, AT_12)):
            for person, value in zip(people, scores, strict=True):
                session.add(Followup(returnee_id=person.id, round_months=months, surveyed_on=date(2019, 6, 1),
                                     answers={}, economic=value, social=value, psychosocial=value,
                                     composite=value, scored_with="test"))
        f.summarised(session)
        session.commit()
        assert len(session.scalars(select(Returnee.id)).all()) > 6
    database.dispose()
    return settings


def _cohort_names(dash_duo: DashComposite) -> list[str]:
    return dash_duo.driver.execute_script(
        "const g = document.querySelector('#outcomes-cohorts .js-plotly-plot');"
        "return g && g.data ? g.data.map(t => t.name) : [];")


def test_oc101_hq_reads_cohort_curves_and_a_member_reads_their_district_in_bangla(
        dash_duo: DashComposite, fresh_known_settings: Settings) -> None:
    app = create_app(_with_surveys(fresh_known_settings))
    sign_in(dash_duo, app, "hq", "/outcomes")
    until(dash_duo, lambda: "2018 quarter 2" in _cohort_names(dash_duo), timeout=30)
    summary = dash_duo.find_element("#outcomes-summary").text
    assert "Composite score, 12 months" in summary and "Sylhet (0.60)" in summary
    points = dash_duo.driver.execute_script(
        "const g = document.querySelector('#outcomes-cohorts .js-plotly-plot');"
        "const t = g.data.find(t => t.name === '2018 quarter 2'); return [t.x, t.y];")
    assert points == [[6, 12], [0.5, 0.6]]

    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.get(f"{dash_duo.server.url}/logout")
    dash_duo.driver.get(f"{dash_duo.server.url}/login?next=%2Foutcomes")
    dash_duo.find_element("#username").send_keys("member")
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("button[type=submit]").click()
    until(dash_duo, lambda: "Sylhet:" in dash_duo.find_element("#outcomes-summary").text, timeout=30)
    # 0.60 against 0.50 (each moved by at most 0.02 for her): up, by 0.06 to 0.14
    assert ", up 0." in dash_duo.find_element("#outcomes-summary").text
    dash_duo.find_element(BANGLA).click()
    until(dash_duo, lambda: "সিলেট:" in dash_duo.find_element("#outcomes-summary").text, timeout=30)
    assert "বেড়েছে" in dash_duo.find_element("#outcomes-summary").text
    until(dash_duo, lambda: "২০১৮ ত্রৈমাসিক ২" in _cohort_names(dash_duo), timeout=30)
    assert latin_words(dash_duo) == []
    assert chart_latin_words(dash_duo) == []
