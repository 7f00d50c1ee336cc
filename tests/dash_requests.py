"""Hand-crafted Dash callback requests, built from the app's own /_dash-dependencies.

An attacker does not need the page: any callback can be called with any values.
This builds, for every callback the app declares (so a new callback is covered
without touching the tests), one request per input as the trigger, with values
an attacker would choose: another district's P-code in the URL state, the points
switch on, every layer on, every download clicked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

WILDCARDS = {'["ALL"]', '["MATCH"]', '["ALLSMALLER"]'}


@dataclass(frozen=True)
class CallbackRequest:
    """One request: which callback, which input fired, and the JSON body."""

    output: str
    trigger: str
    body: dict[str, Any]


def _ids(node: Any, found: list[Any]) -> None:
    """Every component id in a layout (strings and pattern-matching dicts)."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and "id" in props:
            found.append(props["id"])
        for value in node.values():
            _ids(value, found)
    elif isinstance(node, list):
        for item in node:
            _ids(item, found)


def _parse(spec_id: str) -> Any:
    return json.loads(spec_id) if spec_id.startswith("{") else spec_id


def _matches(pattern: dict[str, Any], concrete: Any) -> bool:
    if not isinstance(concrete, dict) or set(pattern) != set(concrete):
        return False
    return all(isinstance(v, list) or concrete[k] == v for k, v in pattern.items())


def _expand(spec: dict[str, str], known_ids: list[Any], value: Any) -> Any:
    """A request entry for one dependency: a dict, or a list of them for a wildcard id."""
    parsed = _parse(spec["id"])

    def entry(concrete: Any) -> dict[str, Any]:
        return {"id": concrete, "property": spec["property"], "value": concrete if spec["property"] == "id" else value}

    if isinstance(parsed, dict) and any(isinstance(v, list) for v in parsed.values()):
        return [entry(c) for c in known_ids if _matches(parsed, c)]
    return entry(parsed)


def _outputs(output: str, known_ids: list[Any]) -> Any:
    """The "outputs" of a request: one entry, or a list for several ("..a.x...b.y..")."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    entries = []
    for part in parts:
        spec_id, _, prop = part.rpartition(".")
        entries.append(_expand({"id": spec_id, "property": prop.split("@")[0]}, known_ids, None))
    return entries if output.startswith("..") else entries[0]


def callback_requests(dependencies: list[dict[str, Any]], known_ids: list[Any],
                      values: dict[str, Any]) -> Iterator[CallbackRequest]:
    """One request per (callback, input) pair. ``values`` maps a property name (or
    "id.property") to the value an attacker sends; other properties get None."""
    for callback in dependencies:
        if not callback.get("inputs") or callback.get("clientside_function"):
            continue  # clientside callbacks run in the browser: there is nothing to ask the server

        def value_of(spec: dict[str, str]) -> Any:
            return values.get(f"{spec['id']}.{spec['property']}", values.get(spec["property"]))

        inputs = [_expand(spec, known_ids, value_of(spec)) for spec in callback["inputs"]]
        state = [_expand(spec, known_ids, value_of(spec)) for spec in callback.get("state", [])]
        for position, spec in enumerate(callback["inputs"]):
            entry = inputs[position]
            concrete = entry if isinstance(entry, dict) else (entry[0] if entry else None)
            if concrete is None:
                continue  # a wildcard with nothing on the page to fire it
            trigger_id = concrete["id"] if isinstance(concrete["id"], str) else json.dumps(
                concrete["id"], separators=(",", ":"), sort_keys=True)
            yield CallbackRequest(callback["output"], f"{trigger_id}.{spec['property']}", {
                "output": callback["output"],
                "outputs": _outputs(callback["output"], known_ids),
                "inputs": inputs, "state": state,
                "changedPropIds": [f"{trigger_id}.{spec['property']}"],
            })


def csrf_header(client: FlaskClient) -> dict[str, str]:
    """The header Dash's renderer sends on every callback, from the cookie the page sets."""
    if client.get_cookie("_csrf_token") is None:
        client.get("/")
    cookie = client.get_cookie("_csrf_token")
    return {"X-CSRFToken": cookie.value} if cookie else {}


def post(client: FlaskClient, body: dict[str, Any]) -> Any:
    """Send one callback request as the page would (with its CSRF header)."""
    return client.post("/_dash-update-component", json=body, headers=csrf_header(client))


def ids_by_place(client: FlaskClient, search: str) -> dict[str, list[Any]]:
    """Component ids of the frame (key ``"frame"``) and of each page (key: its path) as
    rendered for ``search``."""
    import dash

    places: dict[str, list[Any]] = {"frame": []}
    _ids(client.get("/_dash-layout").get_json(), places["frame"])
    deps = client.get("/_dash-dependencies").get_json()
    router = next(cb for cb in deps if ".page-content.children" in cb["output"] or cb["output"].startswith(
        "page-content."))
    outputs = router["output"][2:-2].split("...") if router["output"].startswith("..") else [router["output"]]
    for path in sorted({page["path"] for page in dash.page_registry.values()}):
        response = post(client, {
            "output": router["output"],
            "outputs": [{"id": o.rpartition(".")[0], "property": o.rpartition(".")[2]} for o in outputs],
            "inputs": [{"id": "page-url", "property": "pathname", "value": path}],
            "state": [{"id": "page-url", "property": "search", "value": search},
                      {"id": "language-store", "property": "data", "value": "en"}],
            "changedPropIds": ["page-url.pathname"]})
        places[path] = []
        _ids(response.get_json(), places[path])
    return places


def page_ids(client: FlaskClient, search: str) -> list[Any]:
    """Every component id of the frame and of every page as rendered for ``search``
    (so wildcard callbacks, like a page's download items, get something to fire)."""
    return [found for ids in ids_by_place(client, search).values() for found in ids]
