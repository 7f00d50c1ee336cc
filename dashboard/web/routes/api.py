"""Read-only JSON for other systems (the programme's MIS, headquarters reporting).

Every request carries ``Authorization: Bearer TOKEN`` (``python -m dashboard
create-token NAME``) and sees what the token's user may see: their scope, and
below headquarters small counts as ``"<5"``. Every error under ``/api/`` is JSON
(``{"error": ..., "status": ...}``): 400 malformed, 401 no or bad token, 403
outside the user's scope, 404 unknown area or path, 405 another method than
GET, 500 a failure. The contract is in ``docs/openapi.yaml`` (tests/web/test_api_contract.py
holds the two to each other).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from dashboard.core.access import Action, current_actor
from dashboard.core.filters import Filters, parse_date
from dashboard.core.guard import NotPermitted, perturbed_figures
from dashboard.features.map.data import api_children, programme_figures, providers_in
from geodata import Level, admin_areas

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
NATIONAL = "BD"
PREFIX = "/api/"
# The patterns of docs/openapi.yaml (written [0-9] there, the same in every regex dialect), matched
# whole (fullmatch) and ASCII only: Python's \d would also take Bangla digits, which no P-code has.
PCODE = re.compile(r"BD(\d{2}(\d{2}(\d{4})?)?)?", re.ASCII)
DISTRICT = re.compile(r"BD\d{4}", re.ASCII)
# The shape only; parse_date then refuses days that do not exist and years outside 2000-2099 (the
# dashboard's own rule for a programme date, which the contract states as the pattern of `Day`).
DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class ApiError(Exception):
    """An error answered as JSON with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError) -> ResponseReturnValue:
    return _json_error(error.status, error.message)


def _api_methods(error: MethodNotAllowed) -> set[str]:
    """The methods the API answers at this request's path (empty: no API path is there).

    A method refused at an API path is a 405, but a method refused at an unknown path under
    /api/ (refused by Dash's catch-all page rule, which takes GET only) is a 404."""
    adapter = current_app.create_url_adapter(request)
    methods: set[str] = set()
    for method in error.valid_methods or ():
        try:
            rule, _arguments = adapter.match(method=method, return_rule=True)  # type: ignore[union-attr]
        except HTTPException:
            continue
        if rule.endpoint.startswith(f"{blueprint.name}.") and rule.methods:
            methods |= rule.methods
    return methods


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> ResponseReturnValue:
    """Werkzeug's HTML error pages become JSON errors under /api/; elsewhere nothing changes.

    Registered on the app, not only the blueprint: a request whose path matches no API rule
    (a wrong method, an unknown path) never reaches the blueprint's own handlers. The app's
    handlers for single codes (413, 429, 500) come first for such requests; API rules have
    their own below."""
    if not request.path.startswith(PREFIX):
        return error  # what Flask does with no handler
    if isinstance(error, MethodNotAllowed):
        allowed = _api_methods(error)
        if not allowed:
            return _json_error(404, f"no such path: {request.path} (the paths are in docs/openapi.yaml)")
        response = _json_error(405, f"{request.method} is not allowed here; use GET")
        response.headers["Allow"] = ", ".join(sorted(allowed))
        return response
    if isinstance(error, NotFound):
        return _json_error(404, f"no such path: {request.path} (the paths are in docs/openapi.yaml)")
    return _json_error(error.code or 500, error.description or error.name)


# On the API's own rules the blueprint's handlers come before the app's handlers for single codes,
# which answer in text (web/security.py: 413, app.py: 500, with no detail of the failure).
blueprint.register_error_handler(413, _http_error)
blueprint.register_error_handler(500, lambda _error: _json_error(500, "the server failed; try again later"))


@blueprint.before_app_request
def _unknown_path() -> None:
    """A path under /api/ that is no API rule is a JSON 404.

    Dash's catch-all rule for its pages (``/<path:path>``) matches every GET, so without this an
    unknown API path would get the dashboard's HTML page with a 200."""
    if request.path.startswith(PREFIX) and request.routing_exception is None and request.blueprint != blueprint.name:
        raise NotFound()


@blueprint.errorhandler(NotPermitted)
def _not_permitted(_error: NotPermitted) -> ResponseReturnValue:
    return jsonify({"error": "outside your districts", "status": 403}), 403


@blueprint.before_request
def _signed_in() -> ResponseReturnValue | None:
    if not current_actor().may(Action.VIEW):
        return jsonify({"error": "send a valid token: Authorization: Bearer TOKEN", "status": 401}), 401
    return None


def _only(*names: str) -> None:
    """Refuse a query parameter this endpoint does not know, or one given twice.

    A misspelt filter (``?untill=``) ignored would answer with the figures of every day, which
    the client would take for the period it asked for; a repeated one would be read either way."""
    unknown = sorted(set(request.args) - set(names))
    if unknown:
        raise ApiError(400, f"unknown query parameter(s) {', '.join(map(repr, unknown))}; this path takes "
                            f"{', '.join(names)}")
    repeated = sorted(name for name in names if len(request.args.getlist(name)) > 1)
    if repeated:
        raise ApiError(400, f"query parameter(s) given more than once: {', '.join(repeated)}")


def _area(pcode: str) -> str | None:
    """The area asked for (None for the whole country), checked for shape, existence and scope."""
    if not PCODE.fullmatch(pcode):
        raise ApiError(400, f"not a P-code: {pcode!r} (e.g. BD6091)")
    if pcode == NATIONAL:
        if not current_actor().scope.is_national:
            raise ApiError(403, "the whole country is outside your districts; ask for one of them")
        return None
    if pcode not in admin_areas() or admin_areas()[pcode].level == Level.DIVISION:
        raise ApiError(404, f"no district or upazila has P-code {pcode}")
    if not current_actor().scope.permits(pcode):
        raise ApiError(403, f"{pcode} is outside your districts")
    return pcode


def _day(name: str) -> date | None:
    """The date in query parameter ``name`` (None when left out), as the contract's ``Day``."""
    text = request.args.get(name)
    if text is None:
        return None
    day = parse_date(text) if DAY.fullmatch(text) else None  # given but empty is an error too, not "no limit"
    if day is None:
        raise ApiError(400, f"{name} must be a date as YYYY-MM-DD between 2000-01-01 and 2099-12-31, not {text!r}")
    return day


def _period(area: str | None) -> Filters:
    """The filters of one request: its area and the period from ``from`` to ``until``."""
    filters = Filters(area=area, start=_day("from"), end=_day("until"))
    if filters.start and filters.end and filters.end < filters.start:
        raise ApiError(400, "until is before from")
    return filters


@blueprint.get("/areas/<pcode>/summary")
def summary(pcode: str) -> ResponseReturnValue:
    """The indicators of ``summary --json`` for one area (``BD``: the whole country), with the
    target each is compared with for the period, or why it is not (``dashboard.core.targets``,
    the rule the dashboard's cards, comparison and brief use)."""
    _only("from", "until")
    area = _area(pcode)
    figures, verdicts = programme_figures(_period(area))
    targets = {key: {"status": v.status.value, "target": v.target if v.compared else None}
               for key, v in verdicts.items()}
    return jsonify({"pcode": pcode, **figures, "targets": targets, "perturbed": list(perturbed_figures())})


@blueprint.get("/areas/<pcode>/children")
def children(pcode: str) -> ResponseReturnValue:
    """The same indicators for each district of the country, or each upazila of a district."""
    _only("from", "until")
    area = _area(pcode)
    if area is not None and admin_areas()[area].level != Level.DISTRICT:
        raise ApiError(404, f"{pcode} is an upazila: it has no smaller areas")
    rows: list[dict[str, Any]] = api_children(_period(area))
    perturbed = list(perturbed_figures())
    return jsonify([row | {"perturbed": perturbed} for row in rows])


@blueprint.get("/providers")
def providers() -> ResponseReturnValue:
    """Service providers with their services, in one district (``?district=``) or the whole scope."""
    _only("district")
    district = request.args.get("district")
    if district is not None and not DISTRICT.fullmatch(district):  # given but empty is an error too
        raise ApiError(400, f"district must be a district P-code (e.g. BD6091), not {district!r}")
    return jsonify(providers_in(_area(district) if district is not None else None))
