"""Read-only JSON for other systems (the programme's MIS, headquarters reporting).

Every request carries ``Authorization: Bearer TOKEN`` (``python -m dashboard
create-token NAME``) and sees what the token's user may see: their scope, and
below headquarters small counts as ``"<5"``. Errors are JSON: 400 malformed,
401 no or bad token, 403 outside the user's scope, 404 unknown area. The
contract is in ``docs/openapi.yaml``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from dashboard.access import Action, current_actor
from dashboard.data import NotPermitted, api_children, programme_figures, providers_in
from dashboard.filters import Filters, parse_date
from geodata import Level, admin_areas

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
NATIONAL = "BD"
PCODE = re.compile(r"^BD(\d{2}(\d{2}(\d{4})?)?)?$")


class ApiError(Exception):
    """An error answered as JSON with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError) -> ResponseReturnValue:
    return jsonify({"error": error.message, "status": error.status}), error.status


@blueprint.errorhandler(NotPermitted)
def _not_permitted(_error: NotPermitted) -> ResponseReturnValue:
    return jsonify({"error": "outside your districts", "status": 403}), 403


@blueprint.before_request
def _signed_in() -> ResponseReturnValue | None:
    if not current_actor().may(Action.VIEW):
        return jsonify({"error": "send a valid token: Authorization: Bearer TOKEN", "status": 401}), 401
    return None


def _area(pcode: str) -> str | None:
    """The area asked for (None for the whole country), checked for shape, existence and scope."""
    if not PCODE.match(pcode):
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


def _period(area: str | None) -> Filters:
    values = {}
    for name, field in (("from", "start"), ("until", "end")):
        text = request.args.get(name)
        if text:
            day = parse_date(text)
            if day is None or len(text) != 10:
                raise ApiError(400, f"{name} must be a date as YYYY-MM-DD between 2000 and 2099, not {text!r}")
            values[field] = day
    filters = Filters(area=area, **values)
    if filters.start and filters.end and filters.end < filters.start:
        raise ApiError(400, "until is before from")
    return filters


@blueprint.get("/areas/<pcode>/summary")
def summary(pcode: str) -> ResponseReturnValue:
    """The indicators of ``summary --json`` for one area (``BD``: the whole country)."""
    area = _area(pcode)
    figures, _targets = programme_figures(_period(area))
    return jsonify({"pcode": pcode, **figures})


@blueprint.get("/areas/<pcode>/children")
def children(pcode: str) -> ResponseReturnValue:
    """The same indicators for each district of the country, or each upazila of a district."""
    area = _area(pcode)
    if area is not None and admin_areas()[area].level != Level.DISTRICT:
        raise ApiError(404, f"{pcode} is an upazila: it has no smaller areas")
    rows: list[dict[str, Any]] = api_children(_period(area))
    return jsonify(rows)


@blueprint.get("/providers")
def providers() -> ResponseReturnValue:
    """Service providers with their services, in one district (``?district=``) or the whole scope."""
    district = request.args.get("district")
    area = _area(district) if district else None
    if area is not None and admin_areas()[area].level != Level.DISTRICT:
        raise ApiError(400, "district must be a district P-code")
    return jsonify(providers_in(area))
