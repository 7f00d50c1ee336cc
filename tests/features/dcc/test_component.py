"""The DCC page's own rules: a district named in the URL as people name it, the minutes saying
which meeting they are, the chart over the programme's quarters, and a sentence instead of
empty axes when there is nothing to chart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.features.dcc import component, context
from dashboard.features.dcc.data import minutes
from dashboard.models import DccMeeting
from dashboard.runtime import runtime
from tests import factories as f

HQ = Actor("hq", Role.HQ_ANALYST, frozenset())
MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
FIRST_MEETING = date(2019, 1, 10)


@pytest.fixture
def app(new_sqlite: Any) -> Any:
    with new_sqlite("dcc") as (url, session):
        f.dcc(session, district=f.KHULNA, meetings=(FIRST_MEETING, date(2019, 4, 12)))
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))


@pytest.mark.parametrize("named", ["Khulna", "khulna", "খুলনা", f.KHULNA])
def test_dc001_the_url_may_name_the_district(as_actor: Any, named: str) -> None:
    as_actor(HQ)
    assert context.current_district(f"?district={named}") == f.KHULNA


def test_dc002_a_named_district_outside_the_scope_is_not_shown(as_actor: Any) -> None:
    as_actor(MEMBER)
    assert context.current_district("?district=Khulna") == f.SYLHET  # their own, never Khulna
    assert context.current_district("?district=Sylhet") == f.SYLHET


def test_dc003_the_minutes_say_the_meetings_date_and_agenda(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    with runtime().database.session() as session:
        meeting = session.scalars(select(DccMeeting).where(DccMeeting.held_on == FIRST_MEETING)).one()
        meeting_id, agenda = meeting.id, meeting.agenda
    table = minutes(f.KHULNA, meeting_id, "en")
    rows = {(r["section"], r["item"]) for r in table.to_dict("records")}
    assert ("Date of the meeting", "2019-01-10") in rows
    assert ("Agenda", agenda) in rows and agenda == "Progress"


def _quarters_since(start: date, end: date) -> int:
    return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1


def test_dc004_the_chart_shows_the_programmes_quarters(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    _cards, figure, _table, _timeline, _hidden, more_hidden, _more = component.render(
        f"?district={f.KHULNA}", 0, "en", component.TIMELINE_PAGE)
    assert more_hidden  # two meetings: nothing older to show
    labels = list(figure["data"][0]["x"])
    # From the programme's start (April 2017: its second quarter), before the committee's first
    # meeting, to today's quarter; not only the last twelve.
    assert labels[0] == "2017 Q2"
    assert len(labels) == _quarters_since(date(2017, 4, 1), date.today())
    held = dict(zip(labels, figure["data"][0]["y"], strict=True))
    assert held["2019 Q1"] == 1 and held["2019 Q2"] == 1 and held["2018 Q4"] == 0


def test_dc005_a_committee_with_no_meetings_gets_a_sentence_not_empty_axes(app: Any, as_actor: Any) -> None:
    as_actor(HQ)
    _cards, figure, _table, _timeline, _hidden, more_hidden, _more = component.render(
        f"?district={f.SYLHET}", 0, "en", None)
    assert more_hidden
    assert figure["data"] == []
    assert figure["layout"]["xaxis"]["visible"] is False
    assert "No meetings of Sylhet's committee" in figure["layout"]["annotations"][0]["text"]
