"""Dash callback requests as the browser's renderer sends them, built from an app's own
``/_dash-dependencies`` (so an output string is never hard-coded), and checks on the answers.

Shared by ``benchmarks.run`` (Flask test client) and ``benchmarks/locustfile.py`` (HTTP, under load).
Values are given per ``"id.property"``; a pattern-matching id is written as Dash writes it
(JSON, keys sorted, no spaces), e.g. ``'{"type":"map-download","what":"returnees"}.n_clicks'``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

UPDATE_PATH = "/_dash-update-component"
WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")


def stringify_id(component_id: Any) -> str:
    """A component id as Dash writes it in ``"id.property"`` strings."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def prop_key(component_id: Any, prop: str) -> str:
    """``"id.property"`` for a concrete id."""
    return f"{stringify_id(component_id)}.{prop}"


def output_parts(output: str) -> list[str]:
    """The ``"id.property"`` parts of a callback's output string (``@hash`` suffixes dropped)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [part.split("@")[0] for part in parts]


def find_callback(dependencies: Sequence[dict[str, Any]], output: str) -> dict[str, Any]:
    """The one server-side callback writing ``output`` (``"id.property"``, no duplicate marker)."""
    found = [cb for cb in dependencies
             if not cb.get("clientside_function") and output in output_parts(cb["output"])]
    if len(found) != 1:
        raise LookupError(f"{len(found)} callbacks write {output!r}; the app's callbacks have changed")
    return found[0]


def layout_ids(node: Any, found: list[Any] | None = None) -> list[Any]:
    """Every component id in a layout or callback answer (strings and pattern-matching dicts)."""
    found = [] if found is None else found
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and "id" in props:
            found.append(props["id"])
        for value in node.values():
            layout_ids(value, found)
    elif isinstance(node, list):
        for item in node:
            layout_ids(item, found)
    return found


def _parse_id(spec_id: str) -> Any:
    return json.loads(spec_id) if spec_id.startswith("{") else spec_id


def _is_pattern(parsed: Any) -> bool:
    return isinstance(parsed, dict) and any(isinstance(v, list) and v and v[0] in WILDCARDS for v in parsed.values())


def _matches(pattern: dict[str, Any], concrete: Any) -> bool:
    if not isinstance(concrete, dict) or set(pattern) != set(concrete):
        return False
    return all(isinstance(v, list) or concrete[k] == v for k, v in pattern.items())


def _entries(spec_id: str, prop: str, known_ids: Iterable[Any], values: Mapping[str, Any] | None) -> Any:
    """One request entry, or a list of them for a wildcard id (one per matching id on the page)."""
    parsed = _parse_id(spec_id)

    def entry(concrete: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"id": concrete, "property": prop}
        if values is not None:
            out["value"] = concrete if prop == "id" else values.get(prop_key(concrete, prop))
        return out

    if _is_pattern(parsed):
        seen: list[Any] = []
        for concrete in known_ids:
            if _matches(parsed, concrete) and concrete not in seen:
                seen.append(concrete)
        return [entry(c) for c in seen]
    return entry(parsed)


def request_body(callback: dict[str, Any], values: Mapping[str, Any], known_ids: Iterable[Any] = (),
                 changed: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON body the renderer posts for ``callback`` (an entry of ``/_dash-dependencies``).

    ``values`` maps ``"id.property"`` to the value the page holds (missing: None);
    ``changed`` lists the ``"id.property"`` that fired (empty: the callback's initial call).
    """
    known = list(known_ids)
    outputs = []
    for part in output_parts(callback["output"]):
        spec_id, _, prop = part.rpartition(".")
        outputs.append(_entries(spec_id, prop, known, None))
    return {
        "output": callback["output"],
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": [_entries(s["id"], s["property"], known, values) for s in callback["inputs"]],
        "state": [_entries(s["id"], s["property"], known, values) for s in callback.get("state", [])],
        "changedPropIds": list(changed),
    }


def fires_on_first_draw(callback: dict[str, Any], known_ids: Iterable[Any]) -> bool:
    """Whether the renderer calls ``callback`` when a page holding ``known_ids`` first draws:
    server-side, not ``prevent_initial_call``, and every input on the page."""
    if callback.get("clientside_function") or callback.get("prevent_initial_call") or not callback.get("inputs"):
        return False
    known = list(known_ids)
    for spec in callback["inputs"]:
        parsed = _parse_id(spec["id"])
        present = any(_matches(parsed, c) for c in known) if _is_pattern(parsed) else parsed in known
        if not present:
            return False
    return True


def callback_error(status: int, payload: bytes) -> str | None:
    """Why a callback answer is a failure (non-2xx, not JSON, no response, or the app's error
    alert opened), or None when it is a good answer (204 means "nothing to update")."""
    if not 200 <= status < 300:
        return f"HTTP {status}"
    if status == 204:
        return None
    try:
        answer = json.loads(payload)
    except ValueError:
        return "not JSON"
    if not isinstance(answer, dict) or "response" not in answer:
        return "no response in answer"
    side = answer.get("sideUpdate") or {}
    alert = side.get("error-alert") if isinstance(side, dict) else None
    if isinstance(alert, dict) and alert.get("is_open"):
        return f"error alert: {alert.get('children')}"
    return None
