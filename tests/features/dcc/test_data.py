"""The DCC tracker's reads and writes for each role (the permission is checked on the server)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.core.dcc import NewAction
from dashboard.core.guard import NotPermitted
from dashboard.db import Database
from dashboard.features.dcc.data import add_meeting, minutes, tracker, update_action
from dashboard.models import ActionItem, AuditEvent, Dcc
from dashboard.models.vocabulary import ActionStatus
from dashboard.runtime import runtime
from tests import factories as f

MEMBER = Actor("member", Role.DCC_MEMBER, frozenset({f.SYLHET}))
VIEWER = Actor("viewer", Role.VIEWER, frozenset({f.SYLHET}))
TODAY = date.today()


@pytest.fixture
def app(new_sqlite: Any) -> Any:
    with new_sqlite("dcc") as (url, session):
        f.dcc(session, district=f.KHULNA, meetings=(date(2019, 1, 10),))
    return create_app(load_settings({}, database_url=url, cache_type="SimpleCache"))



def _meeting(district: str = f.SYLHET, held: date | None = None) -> dict[str, str]:
    held = held or TODAY - timedelta(days=20)
    return add_meeting(district, held, "Referrals and the next fair", {"demo": 2, "health": 1},
                       ["Hold the fair in Golapganj"],
                       [NewAction("Book the ground", "demo", TODAY - timedelta(days=5), f.GOLAPGANJ),
                        NewAction("Brief the clinic", "health", TODAY + timedelta(days=30))])


def test_dd001_a_member_records_a_meeting_and_the_committee_with_it(as_actor: Any) -> None:
    as_actor(MEMBER)
    assert _meeting() == {}
    as_actor(MEMBER)
    view = tracker(f.SYLHET)
    (meeting,) = view.meetings
    assert meeting.attendance == {"demo": 2, "health": 1} and meeting.decisions == ["Hold the fair in Golapganj"]
    assert [(a.description, a.upazila_pcode) for a in meeting.actions] == [
        ("Book the ground", f.GOLAPGANJ), ("Brief the clinic", None)]
    # One item is overdue (due 5 days ago), one not due yet: nothing closed, none on time.
    assert (view.open_items, view.overdue_items, view.on_time) == (2, 1, 0.0)
    with runtime().database.session() as session:
        assert session.scalar(select(Dcc.formed_on).where(Dcc.district_pcode == f.SYLHET)) == meeting.held_on
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "add_meeting")).one()
        assert event.actor == "member" and event.details["attendance"] == {"demo": 2, "health": 1}


def test_dd002_marking_the_item_not_yet_due_done_puts_it_on_time(as_actor: Any) -> None:
    as_actor(MEMBER)
    _meeting()
    as_actor(MEMBER)
    early = next(a for m in tracker(f.SYLHET).meetings for a in m.actions if a.description == "Brief the clinic")
    update_action(early.id, ActionStatus.DONE)
    as_actor(MEMBER)
    view = tracker(f.SYLHET)
    assert view.on_time == 50.0  # of the two that count now: one overdue, one done on time
    as_actor(Actor("hq", Role.HQ_ANALYST))  # the comparison's ranking counts the same, in SQL
    from dashboard.core.filters import Filters
    from dashboard.features.compare.data import ranking

    assert next(r for r in ranking(Filters()) if r.pcode == f.SYLHET).rates["dcc_on_time"] == 50.0
    with runtime().database.session() as session:
        assert session.get(ActionItem, early.id).completed_on == TODAY
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "set_action_status")).one()
        assert event.details == {"before": {"status": "open", "completed_on": None},
                                 "after": {"status": "done", "completed_on": TODAY.isoformat()}}


def test_dd003_problems_come_back_by_field_and_nothing_is_stored(as_actor: Any) -> None:
    as_actor(MEMBER)
    problems = add_meeting(f.SYLHET, TODAY + timedelta(days=1), "", {"demo": 0}, [],
                           [NewAction("Visit", "demo", TODAY + timedelta(days=2), "BD40470030")])
    assert problems == {"held_on": "dcc.error.date_future", "agenda": "dcc.error.agenda",
                        "attendance": "dcc.error.attendance", "action1": "dcc.error.action_upazila"}
    as_actor(MEMBER)
    assert tracker(f.SYLHET).meetings == []


def test_dd004_other_districts_and_readers_are_refused(as_actor: Any) -> None:
    as_actor(MEMBER)
    with pytest.raises(NotPermitted):
        _meeting(f.KHULNA)
    with runtime().database.session() as session:
        khulna_item = ActionItem(meeting_id=1, description="x", owner="demo", due_on=TODAY, status=ActionStatus.OPEN)
        session.add(khulna_item)
        session.flush()
        item_id = khulna_item.id
    with pytest.raises(NotPermitted):
        update_action(item_id, ActionStatus.DONE)
    with pytest.raises(NotPermitted):
        tracker(f.KHULNA)
    as_actor(VIEWER)
    with pytest.raises(NotPermitted):
        _meeting()


def test_dd005_minutes_of_one_meeting(as_actor: Any) -> None:
    as_actor(MEMBER)
    _meeting()
    as_actor(MEMBER)
    meeting = tracker(f.SYLHET).meetings[0]
    table = minutes(f.SYLHET, meeting.id, "en")
    assert list(table["section"]) == ["Date of the meeting", "Agenda", "Attendance", "Attendance", "Decisions",
                                      "Action items", "Action items"]
    assert list(table["item"].iloc[:2]) == [(TODAY - timedelta(days=20)).isoformat(), "Referrals and the next fair"]
    assert "Golapganj" in table["detail"].iloc[5]


def test_dd006_a_crafted_request_to_record_a_meeting_in_another_district_is_refused(fresh_known_settings: Any) -> None:
    from sqlalchemy import func

    from dashboard.models import DccMeeting
    from tests.clients import client_as
    from tests.dash_requests import post

    app = create_app(fresh_known_settings)
    client = client_as(app, "member")  # a DCC member in Sylhet
    deps = client.get("/_dash-dependencies").get_json()
    save = next(cb for cb in deps if "dcc-form-message.children" in cb["output"])
    values = {"dcc-state.search": f"?district={f.KHULNA}", "dcc-form-date.date": "2019-05-01",
              "dcc-form-agenda.value": "Anything", "dcc-form-decisions.value": "", "dcc-changed.data": 0,
              "dcc-language.data": "en"}

    def entry(spec: dict[str, str]) -> Any:
        if spec["id"].startswith("{"):  # wildcards: one department present, no action rows
            demo = {"type": "dcc-attendance", "department": "demo"}
            value = demo if spec["property"] == "id" else 3
            wanted = "dcc-attendance" in spec["id"]
            return [{"id": demo, "property": spec["property"], "value": value}] if wanted else []
        return {"id": spec["id"], "property": spec["property"], "value": values[f"{spec['id']}.{spec['property']}"]}

    body = {"output": save["output"],
            "outputs": [{"id": o.rpartition(".")[0], "property": o.rpartition(".")[2].split("@")[0]}
                        for o in save["output"].strip(".").split("...")],
            "inputs": [{"id": "dcc-form-save", "property": "n_clicks", "value": 1}],
            "state": [entry(s) for s in save["state"]], "changedPropIds": ["dcc-form-save.n_clicks"]}
    answer = post(client, body).get_data(as_text=True)
    assert "You may not change this committee" in answer
    with Database(fresh_known_settings.database_url).session() as session:
        assert session.scalar(select(func.count()).select_from(DccMeeting)) == 2  # Khulna's two, no more
