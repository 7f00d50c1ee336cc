"""``/brief/<district>.pdf`` and ``/brief/<district>.html``: the district brief for the
signed-in user (their scope and suppression), period and language from the query string."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue

from dashboard.core.filters import Filters, parse_date
from dashboard.core.guard import NotPermitted, audit
from dashboard.features.brief.data import district_brief
from dashboard.features.brief.document import PdfUnavailable, html, pdf
from dashboard.i18n import LANGUAGES
from dashboard.runtime import runtime
from geodata import Level, admin_areas

blueprint = Blueprint("brief", __name__)
log = logging.getLogger(__name__)


def _brief(district: str) -> tuple[object, str]:
    areas = admin_areas()
    if district not in areas or areas[district].level != Level.DISTRICT:
        abort(404)
    lang = request.args.get("lang", "en")
    filters = Filters(start=parse_date(request.args.get("from")), end=parse_date(request.args.get("to")))
    try:
        brief = district_brief(district, filters, lang if lang in LANGUAGES else "en")
    except NotPermitted:
        abort(403)
    audit("export", f"brief {district}", filters, lang=lang)
    return brief, lang


@blueprint.get("/brief/<district>.html")
def brief_html(district: str) -> ResponseReturnValue:
    """The print-styled page (print it, or save it, from the browser)."""
    brief, _lang = _brief(district)
    # Dash serves assets/ under the app's own prefix.
    return Response(html(brief, f"{request.script_root}/assets/fonts"), mimetype="text/html")  # type: ignore[arg-type]


@blueprint.get("/brief/<district>.pdf")
def brief_pdf(district: str) -> ResponseReturnValue:
    """The A4 PDF, as a download named after the district, period and language."""
    brief, lang = _brief(district)
    try:
        document = pdf(brief, runtime().settings.chromium)  # type: ignore[arg-type]
    except PdfUnavailable as exc:
        log.error("brief PDF: %s", exc)  # the operator sees why; the user gets the short version
        return Response("The PDF needs Chromium on the server (apt-get install -y chromium, or set "
                        "DASHBOARD_CHROMIUM); the HTML brief works.", status=503, mimetype="text/plain")
    name = "_".join(p for p in ("brief", district, request.args.get("from"), request.args.get("to"), lang) if p)
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
