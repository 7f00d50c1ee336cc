"""Issue 25, findings 5, 7 and 8 repeated as attacks: a session that outlives its sign-out,
a configured Redis that is down, and the smaller ones (target edits, hover text, error
pages, a sign-in limit that multiplied with the workers).

Each test was watched failing with its protection removed (see the commit message)."""

from __future__ import annotations

import json
import logging
import multiprocessing
import uuid
from dataclasses import replace
from typing import Any

import pytest
import redis
from dash import no_update
from flask import g
from sqlalchemy import func, select

from dashboard.app import create_app
from dashboard.commands.accounts import set_active, set_password
from dashboard.config import Settings
from dashboard.core.access import Actor, Role
from dashboard.core.cache import cached
from dashboard.models import AuditEvent, Target
from dashboard.runtime import runtime
from tests.clients import client_as, csrf_token, sign_in
from tests.dash_requests import callback_requests, ids_by_place, page_ids, post
from tests.known_data import PASSWORD

REDIS_URL = "redis://127.0.0.1:6379/15"  # the real, shared Redis: a database of its own for these tests
NOTHING_LISTENS = "redis://127.0.0.1:6399/0"
ADMIN = Actor("admin", Role.HQ_ADMIN)


def _session_cookie(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def _replay(app: Any, cookie: str) -> Any:
    """A new client (another browser, or an attacker) holding a copy of ``cookie``."""
    thief = app.server.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _refused(client: Any) -> None:
    """Pages go to sign-in, callbacks and the layout answer 401, downloads are not served."""
    page = client.get("/compare")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401
    assert client.post("/_dash-update-component", json={"output": "page-content.children"}).status_code == 401
    assert client.get("/brief/BD6091.html").status_code == 302
    assert client.get("/api/v1/providers").status_code == 401


def _find(node: Any, wanted: Any) -> Any:
    """The props of the first component in a layout's JSON whose props satisfy ``wanted``."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and wanted(props):
            return props
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find(child, wanted)
        if found is not None:
            return found
    return None


# Finding 5: sign-out must end the session on the server, and be a POST with its token.

def test_sa001_a_cookie_copied_before_sign_out_is_refused_after_it(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    client = client_as(app, "officer")
    copied = _session_cookie(client)
    assert _replay(app, copied).get("/_dash-layout").status_code == 200  # the copy works while signed in
    assert client.post("/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
    _refused(_replay(app, copied))
    _refused(client)


def test_sa002_a_get_or_a_post_without_its_token_does_not_sign_out(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    client = client_as(app, "officer")
    offered = client.get("/logout")
    assert offered.status_code == 200 and 'method="post"' in offered.get_data(as_text=True)
    assert 'name="csrf_token"' in offered.get_data(as_text=True)
    assert client.post("/logout").status_code == 400  # another site's form cannot sign anyone out
    assert client.get("/_dash-layout").status_code == 200  # still signed in after both


def test_sa003_the_header_signs_out_with_a_post_carrying_the_token(fresh_known_settings: Settings) -> None:
    client = client_as(create_app(fresh_known_settings), "officer")
    form = _find(client.get("/_dash-layout").get_json(), lambda props: props.get("action") == "/logout")
    assert form["method"] == "post"
    token = _find(form, lambda props: props.get("name") == "csrf_token")["value"]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize("change", ["password", "deactivation"])
def test_sa004_a_password_change_or_deactivation_ends_every_session(fresh_known_settings: Settings,
                                                                    change: str) -> None:
    app = create_app(fresh_known_settings)
    client = client_as(app, "member")
    with app.server.app_context(), runtime().database.session() as session:
        if change == "password":
            set_password(session, "member", "another long enough secret")
        else:
            set_active(session, "member", False)
    _refused(client)
    assert sign_in(app.server.test_client(), "member") == 401  # the old password, or the account, is gone


# Finding 7: Redis configured but down.

def _redis_down(settings: Settings) -> Settings:
    return replace(settings, cache_type="RedisCache", cache_redis_url=NOTHING_LISTENS, secret_key="s" * 40)


def test_sa005_redis_down_is_said_at_start_and_by_healthz(fresh_known_settings: Settings,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        app = create_app(_redis_down(fresh_known_settings))
    assert any(NOTHING_LISTENS in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    health = app.server.test_client().get("/healthz")
    body = health.get_json()
    assert health.status_code == 503 and body["status"] == "unavailable"
    assert body["cache"]["reachable"] is False and body["database"]["reachable"] is True
    assert any(NOTHING_LISTENS in reason for reason in body["reasons"])


def test_sa006_redis_down_sign_in_fails_closed_with_a_clear_message(fresh_known_settings: Settings) -> None:
    client = create_app(_redis_down(fresh_known_settings)).server.test_client()
    assert client.get("/login").status_code == 200
    refused = client.post("/login", data={"username": "hq", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert refused.status_code == 503
    assert "Sign-in is unavailable: the rate-limit store cannot be reached; try again shortly" in \
        refused.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401  # not signed in


def test_sa007_redis_down_pages_and_callbacks_work_without_the_cache(fresh_known_settings: Settings) -> None:
    down = _redis_down(fresh_known_settings)
    # Signed in while Redis was up (same key, same database), then Redis went away.
    cookie = _session_cookie(client_as(create_app(replace(down, cache_type="SimpleCache")), "admin"))
    app = create_app(down)
    client = _replay(app, cookie)
    assert client.get("/").status_code == 200 and client.get("/_dash-layout").status_code == 200
    for path, ids in ids_by_place(client, "?district=BD6091").items():
        assert ids, path  # every page was drawn by its callback
    deps = client.get("/_dash-dependencies").get_json()
    kpi = [cb for cb in deps if "kpi" in cb["output"]]  # the cards keep their answer in the cache
    requests = list(callback_requests(kpi, page_ids(client, "?district=BD6091"), {"search": "?district=BD6091"}))
    assert requests and all(post(client, r.body).status_code in (200, 204) for r in requests)
    # The outage is remembered: a second lookup does not wait on Redis again.
    calls: list[str] = []
    with app.server.test_request_context():
        g.actor = ADMIN
        real_get = runtime().cache.get

        def counting_get(key: str) -> Any:
            calls.append(key)
            return real_get(key)
        runtime().cache.get = counting_get  # type: ignore[method-assign]
        runtime().cache_outage._until = 0.0  # as if the last failure was long ago
        assert cached("probe", (1,), lambda _s: 41) == 41
        assert cached("probe", (2,), lambda _s: 42) == 42
    assert len(calls) == 1


def _guesses(settings: Settings, username: str, address: str, count: int, start: Any, out: Any) -> None:
    """One worker process: build its own app, wait for the other, then guess ``count`` times."""
    client = create_app(settings).server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    statuses = []
    start.wait(timeout=120)
    for _ in range(count):
        statuses.append(sign_in(client, username, "a wrong guess"))
    out.put(statuses)


def test_sa008_the_per_account_limit_is_exact_across_two_workers(fresh_known_settings: Settings) -> None:
    limit = 5
    settings = replace(fresh_known_settings, ratelimit_storage_url=REDIS_URL,
                       login_attempts_per_account=f"{limit} per 15 minutes",
                       login_attempts_per_address="1000 per 15 minutes", secret_key="w" * 40)
    username, address = f"victim-{uuid.uuid4().hex[:8]}", f"10.{uuid.uuid4().int % 250}.0.1"
    spawn = multiprocessing.get_context("spawn")
    start, out = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=_guesses, args=(settings, username, address, limit + 1, start, out))
               for _ in range(2)]
    try:
        for worker in workers:
            worker.start()
        statuses = out.get(timeout=240) + out.get(timeout=240)
    finally:
        for worker in workers:
            worker.join(timeout=30)
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"*{username}*"):
            store.delete(key)
        for key in store.scan_iter(f"*{address}*"):
            store.delete(key)
    assert statuses.count(401) == limit and statuses.count(429) == len(statuses) - limit


# Finding 8: target edits, hover text, error pages.

def _save(app: Any, district: str, value: str) -> Any:
    from dashboard.features.compare import target_editor

    with app.server.test_request_context():
        g.actor = ADMIN
        return target_editor.save(1, district, "returnees_profiled", 2019, value, False, 0, "en")


def _stored(app: Any) -> tuple[int, int]:
    with app.server.app_context(), runtime().database.session() as session:
        return (session.scalar(select(func.count()).select_from(Target)) or 0,
                session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "10000001", "-1", "1.5", "١٢"])
def test_sa009_a_bad_target_is_a_clear_error_and_nothing_is_saved(fresh_known_settings: Settings,
                                                                  value: str) -> None:
    app = create_app(fresh_known_settings)
    before = _stored(app)
    message, _confirm, _ticked, changed = _save(app, "BD6091", value)
    assert message.color == "danger" and changed is no_update and _stored(app) == before
    assert "target" in json.dumps(message.to_plotly_json(), default=str).lower()


def test_sa010_bangla_digits_and_the_national_target_are_saved(fresh_known_settings: Settings) -> None:
    app = create_app(fresh_known_settings)
    message, *_ = _save(app, "BD6091", "১২")
    assert message.color == "success"
    message, *_ = _save(app, "BD", "10000000")
    assert message.color == "success" and "Bangladesh" in str(message.children)
    with app.server.test_request_context():
        g.actor = ADMIN
        from dashboard.features.compare.data import set_target

        assert set_target("BD60", "returnees_profiled", 2019, "5").errors == ("targets.error.district",)
        assert set_target("XX", "returnees_profiled", 2019, "5").errors == ("targets.error.district",)
    with app.server.app_context(), runtime().database.session() as session:
        saved = dict(session.execute(select(Target.area_pcode, Target.value)
                                     .where(Target.indicator == "returnees_profiled")).all())
    assert saved["BD6091"] == 12


HOSTILE = '<a href="x">y</a><b>'


def test_sa011_hostile_names_are_escaped_in_every_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import pandas as pd

    from dashboard.features.compare import figures as compare
    from dashboard.features.compare.rules import PeerStanding
    from dashboard.features.gaps import figures as gap_map
    from dashboard.figures import choropleth
    from geodata import admin_areas

    real = admin_areas()
    hostile = {code: dataclasses.replace(area, name_en=HOSTILE + area.name_en, name_bn=HOSTILE)
               for code, area in real.items()}
    for module in (choropleth, gap_map, compare):
        monkeypatch.setattr(module, "admin_areas", lambda: hostile)
    upazila = next(code for code, area in real.items() if area.parent_pcode == "BD6091" and code != "BD6091")
    figures = [
        choropleth.area_choropleth({"BD6091": 3.0, "BD4047": None}, "en"),
        gap_map.gap_map(
            pd.DataFrame({"pcode": [upazila], "share_unreached": [50.0], "in_need": [4], "unreached": [2]}),
            pd.DataFrame({"lat": [24.8], "lon": [91.9], "name": [HOSTILE]}), None,
            pd.DataFrame({"lat": [24.8], "lon": [91.9], "site": [HOSTILE], "kind": ["provider"],
                          "newly_reached": [2]}),
            "BD6091", 5.0, True, "en"),
        compare.small_multiples({"BD6091": {201901: 3}}, ("BD6091",), [201901], "Returnees", "en"),
        compare.overlaid({"BD6091": {201901: 3}}, ("BD6091",), [201901], "Returnees", "en"),
        compare.peer_dots({key: PeerStanding(0.5, 0.4, 0.9, 3) for key in compare.RATE_KEYS}, HOSTILE, "en"),
    ]
    for figure in figures:
        # The comparison's charts are written as plain dicts; the maps are Plotly figures.
        text = json.dumps(figure if isinstance(figure, dict) else figure.to_plotly_json(), default=str)
        assert "<a href" not in text and "<b><b>" not in text and "&lt;a href=" in text, text[:300]


def test_sa012_the_apps_own_error_answers_carry_the_security_headers(fresh_known_settings: Settings) -> None:
    app = create_app(replace(fresh_known_settings, max_request_bytes=1000))

    def boom() -> str:
        raise RuntimeError("a planted failure")
    app.server.add_url_rule("/boom", view_func=boom)
    client = client_as(app, "hq")
    answers = {
        400: client.post("/logout"),  # no CSRF token
        404: client.get("/api/v1/no-such-thing"),
        405: client.put("/login"),
        413: client.post("/_dash-update-component", data=b"x" * 1001, content_type="application/json"),
        500: client.get("/boom"),
    }
    for status, response in answers.items():
        assert response.status_code == status
        headers = response.headers
        assert "default-src 'self'" in headers.get("Content-Security-Policy", ""), status
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "SAMEORIGIN", status
        assert headers["Referrer-Policy"] == "same-origin", status
