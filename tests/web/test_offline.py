"""Issue 31 on the server: the installable app's manifest and service worker, and what the
server lets a browser keep to read offline (``dashboard/web/offline.py``).

The journeys in the browser (a view read offline, a meeting recorded offline, sign-out) are in
``tests/integration/test_offline_app.py``."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from dashboard.app import create_app
from dashboard.config import PROJECT_ROOT, Settings, load_settings
from dashboard.web.offline import KEEP_HEADER, SHELL_HEADER, USER_HEADER, WORKBOX_VERSION, keepable, output_ids
from tests.clients import client_as
from tests.dash_requests import post


def _body(output: str, search: str = "?district=BD6091") -> dict[str, Any]:
    return {"output": output, "outputs": [], "inputs": [{"id": "map-state", "property": "search", "value": search}],
            "state": [], "changedPropIds": []}


def test_ow001_manifest_names_the_app_in_both_languages_and_installs_standalone(known_settings: Settings) -> None:
    client = create_app(known_settings).server.test_client()  # before sign-in: the browser asks for it anyway
    english = client.get("/manifest.webmanifest")
    assert english.status_code == 200 and english.mimetype == "application/manifest+json"
    body = json.loads(english.get_data(as_text=True))
    assert body["name"] == "PROTTASHA DCC Dashboard" and body["lang"] == "en"
    assert body["translations"]["bn"]["name"] == "প্রত্যাশা ডিসিসি ড্যাশবোর্ড"
    assert (body["display"], body["start_url"], body["scope"]) == ("standalone", "/", "/")
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes and any(icon["purpose"] == "maskable" for icon in body["icons"])
    for icon in body["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served.data[:8] == b"\x89PNG\r\n\x1a\n", icon
    bangla = json.loads(client.get("/manifest.webmanifest?lang=bn").get_data(as_text=True))
    assert bangla["name"] == "প্রত্যাশা ডিসিসি ড্যাশবোর্ড" and bangla["translations"]["en"]["short_name"] == "PROTTASHA DCC"


def test_ow002_the_page_links_the_manifest_and_the_worker_is_served_from_the_root(known_settings: Settings) -> None:
    app = create_app(known_settings)
    client = client_as(app, "officer")
    page = client.get("/")
    assert page.headers.get(SHELL_HEADER) == "1"  # the skeleton the worker opens offline
    assert 'rel="manifest" href="/manifest.webmanifest?lang=en"' in page.get_data(as_text=True)
    worker = app.server.test_client().get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/" and "no-cache" in worker.headers["Cache-Control"]
    script = worker.get_data(as_text=True)
    # Workbox from this server, never a CDN; every file it imports is served here.
    assert "storage.googleapis.com" not in script and "https://" not in script
    prefix = json.loads(script.split("modulePathPrefix: ", 1)[1].split(" })", 1)[0])
    for module in ("workbox-sw.js", "workbox-core.prod.js", "workbox-routing.prod.js", "workbox-strategies.prod.js",
                   "workbox-cacheable-response.prod.js"):
        served = app.server.test_client().get(prefix + module)
        assert served.status_code == 200 and "immutable" in served.headers["Cache-Control"], module
    # `make workbox` refreshes the committed files at the version the app serves.
    assert f"WORKBOX_VERSION := {WORKBOX_VERSION}" in (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for other in ("workbox-expiration.prod.js", "LICENSE.txt"):
        assert app.server.test_client().get(prefix + other).status_code == 404, other


@pytest.mark.parametrize(("output", "kept"), [
    ("..page-content.children...filter-frame.hidden..", True),
    ("..kpi-cards.children...kpi-heading.children...kpi-period.children..", True),
    ("..dcc-cards.children...dcc-rhythm.figure...dcc-rhythm-table.children...dcc-timeline.children...dcc-form.hidden..",
     True),
    ('..{"field":"upazila","row":0,"type":"dcc-action-field"}.options..', True),
    # Files, grids of rows, writes, the import page: never.
    ("dcc-download.data", False),
    ("district-map-download.data", False),
    ("..compare-ranking.data...compare-ranking.columns..", False),
    ("..dcc-form-message.children...dcc-changed.data..", False),
    ("..dcc-changed.data@bbadc0...dcc-notice.children..", False),
    ("..import-result.children...import-changed.data..", False),
    ("targets-table.children", False),
])
def test_ow003_only_views_are_kept(output: str, kept: bool) -> None:
    assert keepable(_body(output)) is kept


def test_ow004_a_view_with_individual_points_is_not_kept() -> None:
    assert keepable(_body("district-map-figure.data", "?district=BD6091"))
    assert not keepable(_body("district-map-figure.data", "?district=BD6091&points=1"))
    assert not keepable({"output": 3}) and not keepable(None)
    assert output_ids('..{"type":"dcc-status","item":1}.n_clicks@ab...x.y..') == [("dcc-status", "n_clicks"),
                                                                                  ("x", "y")]


def test_ow005_answers_carry_the_users_key_and_how_long_to_keep(fresh_known_settings: Settings) -> None:
    app = create_app(replace(fresh_known_settings, offline_days=3))
    officer, member = client_as(app, "officer"), client_as(app, "member")
    layout = officer.get("/_dash-layout")
    key = layout.headers[USER_HEADER]
    assert layout.headers[KEEP_HEADER] == "3" and len(key) == 24
    assert member.get("/_dash-layout").headers[USER_HEADER] != key  # another user, another key
    assert officer.get("/_dash-layout").headers[USER_HEADER] == key  # stable for the same user
    assert "officer" not in key and str(1) != key
    deps = officer.get("/_dash-dependencies").get_json()
    values = {"search": "?district=BD6091", "data": "en", "n_clicks": 1}
    for output, kept in (("..kpi-cards.children", True), ("kpi-download.data", False)):
        response = post(officer, _request(deps, output, values))
        assert response.status_code in (200, 204) and response.headers[USER_HEADER] == key, output
        assert (response.headers.get(KEEP_HEADER) == "3") is kept, output


def _request(deps: list[dict[str, Any]], output: str, values: dict[str, Any]) -> dict[str, Any]:
    """The request the page sends for the callback whose output starts with ``output``."""
    spec = next(cb for cb in deps if cb["output"].startswith(output))
    parts = spec["output"][2:-2].split("...") if spec["output"].startswith("..") else [spec["output"]]
    outputs = [{"id": p.partition(".")[0], "property": p.partition(".")[2].partition("@")[0]} for p in parts]

    def entry(dep: dict[str, str]) -> dict[str, Any]:
        return {"id": dep["id"], "property": dep["property"], "value": values.get(dep["property"])}

    inputs = [entry(dep) for dep in spec["inputs"]]
    return {"output": spec["output"], "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "state": [entry(dep) for dep in spec.get("state", [])],
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}


def test_ow006_no_days_keeps_nothing_and_signed_out_answers_carry_nothing(known_settings: Settings) -> None:
    app = create_app(replace(known_settings, offline_days=0))
    layout = client_as(app, "officer").get("/_dash-layout")
    assert USER_HEADER in layout.headers and KEEP_HEADER not in layout.headers
    refused = app.server.test_client().get("/_dash-layout")
    assert refused.status_code == 401 and USER_HEADER not in refused.headers
    with pytest.raises(SystemExit, match="OFFLINE_DAYS"):
        load_settings({"DASHBOARD_OFFLINE_DAYS": "-1"})


def test_ow007_keeping_a_district_offline_lists_its_views_and_refuses_one_outside_scope(
        known_settings: Settings) -> None:
    app = create_app(replace(known_settings, offline_days=4))
    sylhet, dhaka = "BD6091", "BD3026"
    upazilas = {"BD60910008", "BD60910038"}  # two of Sylhet's, Balaganj and Golapganj (geodata)
    plan = client_as(app, "member").get(f"/offline/district/{sylhet}?lang=bn")
    assert plan.status_code == 200 and plan.headers["Cache-Control"] == "no-store"
    body = plan.get_json()
    assert (body["district"], body["name"], body["days"]) == (sylhet, "সিলেট", 4)
    views = body["views"]
    # The member's home district: the addresses the app starts on, then the district's own.
    assert views[:6] == ["/", "/dcc", "/gaps", f"/?district={sylhet}", f"/dcc?district={sylhet}",
                         f"/gaps?district={sylhet}"]
    for code in upazilas:
        assert any(view.startswith(f"/?district={sylhet}&upazila={code}&layers=") for view in views), code
    assert len(views) == len(set(views)) and not any("points=" in view for view in views)

    refused = client_as(app, "member").get(f"/offline/district/{dhaka}")
    assert refused.status_code == 403 and refused.get_json() == {"error": "Dhaka is not one of your districts: "
                                                                          "it cannot be kept offline."}
    # Headquarters may keep any district; not being its home, only the district's own addresses.
    other = client_as(app, "hq").get(f"/offline/district/{dhaka}").get_json()["views"]
    assert other[0] == f"/?district={dhaka}" and "/" not in other
    assert client_as(app, "hq").get("/offline/district/BD60910038").status_code == 404  # an upazila
    assert app.server.test_client().get(f"/offline/district/{sylhet}").status_code == 401
    off = create_app(replace(known_settings, offline_days=0))
    assert client_as(off, "member").get(f"/offline/district/{sylhet}").status_code == 409


def test_ow008_only_the_apps_own_pages_may_frame_it(known_settings: Settings) -> None:
    # Keeping a district offline opens its views in a frame of the app's own page; no other site
    # may frame any page (clickjacking), whatever the browser says about the request.
    client = client_as(create_app(known_settings), "member")
    for headers in ({"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Dest": "document"}, {}):
        page = client.get("/", headers=headers)
        assert page.headers["X-Frame-Options"] == "SAMEORIGIN", headers
        policy = page.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "frame-ancestors *" not in policy, headers


def test_ow009_the_footer_offers_a_users_own_districts_or_the_one_headquarters_shows(known_settings: Settings) -> None:
    app = create_app(known_settings)

    def offered(username: str, search: str, lang: str = "en") -> list[tuple[str, str]]:
        client = client_as(app, username)
        body = _request(client.get("/_dash-dependencies").get_json(), "..offline-keep.children",
                        {"search": search, "data": lang})
        answer = json.dumps(post(client, body).get_json(), ensure_ascii=False)
        return list(zip(re.findall(r'"data-offline-district": "(\w+)"', answer),
                        re.findall(r'"data-offline-name": "([^"]+)"', answer), strict=True))

    assert offered("member", "") == [("BD6091", "Sylhet")]
    assert offered("member", "?district=BD3026", "bn") == [("BD6091", "সিলেট")]  # never another's
    assert offered("hq", "") == []  # the country: no district to keep
    assert offered("hq", "?district=BD3026") == [("BD3026", "Dhaka")]
    off = create_app(replace(known_settings, offline_days=0))
    client = client_as(off, "member")
    body = _request(client.get("/_dash-dependencies").get_json(), "..offline-keep.children",
                    {"search": "", "data": "en"})
    assert "data-offline-district" not in post(client, body).get_data(as_text=True)
