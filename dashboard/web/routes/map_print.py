"""``/map/print.pdf`` and ``/map/print.png``: the map on screen as a print-ready page (title, area,
period as counted, filters, legend, source line and date), drawn on the server for the signed-in
reader. The query string is the map page's own (``features.map.state.ViewState``) plus ``lang``."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue

from dashboard.core.access import Action
from dashboard.core.guard import NotPermitted, audit, require
from dashboard.features.map import split_view
from dashboard.features.map.printable import FONTS, PAGE_PX, PNG_SCALE, printable_map
from dashboard.features.map.state import current_state
from dashboard.i18n import LANGUAGES, t
from dashboard.runtime import runtime
from dashboard.ui.printing import PdfUnavailable, print_pdf, screenshot_png

blueprint = Blueprint("map_print", __name__)
log = logging.getLogger(__name__)
FORMATS = {"pdf": "application/pdf", "png": "image/png"}


@blueprint.get("/map/print.<fmt>")
def map_print(fmt: str) -> ResponseReturnValue:
    """The page as an A4 PDF or a PNG picture, downloaded under a name saying what it shows."""
    if fmt not in FORMATS:
        abort(404)
    lang = request.args.get("lang", "en")
    lang = lang if lang in LANGUAGES else "en"
    # As the map page reads its URL: a district user with no district named is on their own.
    search = request.query_string.decode("utf-8", "replace")
    state = current_state(search)
    try:
        # As the map's data downloads: grid cells of returnees are row-level data.
        require(Action.EXPORT_ROWS if state.points and "returnees" in state.layers else Action.EXPORT, state.district)
        printed = printable_map(state, lang, FONTS.as_uri(), search=search)
    except NotPermitted:
        abort(403)
    chromium = runtime().settings.chromium
    try:
        if fmt == "pdf":
            document = print_pdf(printed.html, chromium, what="the map")
        else:
            document = screenshot_png(printed.html, chromium, *PAGE_PX, PNG_SCALE, what="the map")
    except PdfUnavailable as exc:
        log.error("map %s: %s", fmt, exc)  # the operator sees why; the user gets the short version
        return Response(t("map.print.unavailable", lang), status=503, mimetype="text/plain")
    audit("export", f"{printed.stem}.{fmt}", state.filters, area=state.area, layers=list(state.layers))
    return Response(document, mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{printed.stem}.{fmt}"'})


@blueprint.get("/map/split.png")
def map_split() -> ResponseReturnValue:
    """The timeline's split view (up to six periods on one legend) as one PNG picture for a report;
    404 when the link has no split view."""
    lang = request.args.get("lang", "en")
    lang = lang if lang in LANGUAGES else "en"
    search = request.query_string.decode("utf-8", "replace")
    state = current_state(search)
    try:
        require(Action.EXPORT, state.district)
        printed = split_view.printable_split(search, lang, FONTS.as_uri())
    except NotPermitted:
        abort(403)
    if printed is None:
        abort(404)
    try:
        document = screenshot_png(printed.html, runtime().settings.chromium, *split_view.PAGE_PX, split_view.PNG_SCALE,
                                  what="the split view")
    except PdfUnavailable as exc:
        log.error("split view png: %s", exc)
        return Response(t("map.print.unavailable", lang), status=503, mimetype="text/plain")
    audit("export", f"{printed.stem}.png", state.filters, area=state.area)
    return Response(document, mimetype="image/png",
                    headers={"Content-Disposition": f'attachment; filename="{printed.stem}.png"'})
