"""Records made offline and sent later (issue 31): the DCC callbacks, called as the page's offline
script calls them (the same request, with ``X-Offline-Replay``), neither store a meeting twice
nor overwrite an action item someone changed meanwhile. The browser journey is in
``tests/integration/test_offline_app.py``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.access import Actor, Role
from dashboard.core.dcc import NewAction
from dashboard.features.dcc import commands
from dashboard.features.dcc.meeting_form import ACTION_FIELDS, ACTION_ROWS
from dashboard.models import ActionItem, DccMeeting
from dashboard.models.vocabulary import ActionStatus, Department
from dashboard.runtime import runtime
from dashboard.ui.offline import REPLAY_HEADER
from tests.clients import client_as
from tests.dash_requests import csrf_header

SYLHET = "BD6091"
HELD_ON = date.today() - timedelta(days=2)


def _entry(dep: dict[str, str], values: dict[str, Any]) -> Any:
    """The request's entry for one input or state, as the page sends it."""
    spec = json.loads(dep["id"]) if dep["id"].startswith("{") else dep["id"]
    prop = dep["property"]
    if isinstance(spec, str):
        return {"id": spec, "property": prop, "value": values.get(f"{spec}.{prop}")}
    if spec["type"] == "dcc-attendance":
        ids = [{"department": d.value, "type": "dcc-attendance"} for d in Department]
    elif spec["type"] == "dcc-action-field":
        fields = ACTION_FIELDS if spec["field"] == ["ALL"] else (spec["field"],)
        ids = [{"field": name, "row": row, "type": "dcc-action-field"} for row in range(ACTION_ROWS) for name in fields]
    else:
        ids = [{**spec, **{k: v for k, v in values.get("pattern", {}).items() if k in spec}}]
    return [{"id": i, "property": prop, "value": i if prop == "id" else values.get(json.dumps(i, sort_keys=True))}
            for i in ids]


def _send(client: Any, output: str, values: dict[str, Any], trigger: str, replay: bool) -> Any:
    deps = client.get("/_dash-dependencies").get_json()
    spec = next(cb for cb in deps if cb["output"].startswith(output))
    parts = spec["output"][2:-2].split("...")
    body = {"output": spec["output"],
            "outputs": [{"id": p.partition(".")[0], "property": p.partition(".")[2].partition("@")[0]} for p in parts],
            "inputs": [_entry(dep, values) for dep in spec["inputs"]],
            "state": [_entry(dep, values) for dep in spec.get("state", [])], "changedPropIds": [trigger]}
    headers = {**csrf_header(client), **({REPLAY_HEADER: "mx6v0byu-armp5"} if replay else {})}
    return client.post("/_dash-update-component", json=body, headers=headers)


def _meeting(client: Any, agenda: str, replay: bool) -> Any:
    values = {"dcc-form-save.n_clicks": 1, "dcc-state.search": f"?district={SYLHET}",
              "dcc-form-date.date": HELD_ON.isoformat(), "dcc-form-agenda.value": agenda, "dcc-changed.data": 0,
              "dcc-language.data": "en", json.dumps({"department": "demo", "type": "dcc-attendance"}): 2}
    return _send(client, "..dcc-form-message.children", values, "dcc-form-save.n_clicks", replay)


def _meetings(app: Any, agenda: str) -> int:
    with app.server.app_context(), runtime().database.session() as session:
        return int(session.scalar(select(func.count()).select_from(DccMeeting).where(DccMeeting.agenda == agenda)))


def test_or001_a_meeting_sent_again_after_a_lost_answer_is_stored_once(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    client = client_as(app, "member")
    for _ in range(2):  # the answer to the first never reached the browser, so it sent the record again
        answer = _meeting(client, "Kept offline, sent twice", replay=True)
        assert answer.status_code == 200 and answer.get_json()["response"]["dcc-changed"]["data"] == 1
    assert _meetings(app, "Kept offline, sent twice") == 1
    for _ in range(2):  # typed twice on purpose, online: two meetings, as before
        assert _meeting(client, "Typed twice", replay=False).status_code == 200
    assert _meetings(app, "Typed twice") == 2


def test_or002_a_status_set_offline_does_not_overwrite_a_change_made_meanwhile(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    member = Actor("member", Role.DCC_MEMBER, frozenset({SYLHET}))
    with app.server.app_context(), runtime().database.session() as session:
        commands.add_meeting(session, member, SYLHET, HELD_ON, "Items", {"demo": 1}, [],
                             [NewAction("Book the ground", "demo", HELD_ON + timedelta(days=9))])
        item = session.scalars(select(ActionItem).where(ActionItem.description == "Book the ground")).one().id
        # Meanwhile, someone else dropped it.
        commands.set_action_status(session, member, item, ActionStatus.DROPPED, HELD_ON)
    client = client_as(app, "member")
    trigger = {"item": item, "status": "done", "type": "dcc-status"}
    values = {"pattern": trigger, json.dumps(trigger, sort_keys=True): 1, "dcc-changed.data": 0,
              "dcc-language.data": "en"}
    answer = _send(client, "..dcc-changed.data", values, json.dumps(trigger, separators=(",", ":")) + ".n_clicks",
                   replay=True)
    assert answer.status_code == 200
    parts = answer.get_json()["response"]
    assert "dcc-changed" not in parts  # nothing changed, so the page's script keeps the record as a conflict
    assert "changed meanwhile and is now dropped" in json.dumps(parts["dcc-notice"])
    with app.server.app_context(), runtime().database.session() as session:
        assert session.get(ActionItem, item).status == ActionStatus.DROPPED
