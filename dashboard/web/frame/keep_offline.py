""""Keep my district available offline" (issue 31, docs/offline.md).

The footer offers someone who works in districts one button per district of theirs (headquarters
and national viewers: the district the page shows). The browser's script
(``assets/01_offline_keep.js``) asks :func:`district_plan` which views make up that district, then
opens each of them in a hidden frame of the same page, as the user would open them: their answers
come through the same server callbacks (so scope and disclosure control apply as for any view)
and are kept in the same store, under the same keys, by ``assets/01_offline.js``.

The plan is decided here, by the server: a district outside the user's scope is refused.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, html

from dashboard.core.access import Action, current_actor
from dashboard.features.map.state import ViewState
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui.ids import LANGUAGE, URL
from dashboard.ui.registry import callback
from geodata import Level, admin_areas, areas_at

KEEP = "offline-keep"


class Refused(Exception):
    """A district that cannot be kept offline for this user, with the reason in words."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def district_views(district: str, home: bool) -> list[str]:
    """The main views of ``district`` (paths with their query strings), as the app opens them.

    The map (default metric and layers), the DCC page and the service gaps, each named by their
    district; for the user's home district also the bare addresses the app starts on and its
    navigation links lead to (``/``, ``/dcc``, ``/gaps``), which show the same district but are
    other requests. Then each upazila's map and detail, in the form the map writes into the
    address when an upazila is picked (``ViewState.to_search``), so a link or the back button
    finds it."""
    bare = ["/", "/dcc", "/gaps"] if home else []
    named = [f"/?district={district}", f"/dcc?district={district}", f"/gaps?district={district}"]
    upazilas = sorted(area.pcode for area in areas_at(Level.UPAZILA, district))
    return bare + named + ["/" + ViewState(district=district, upazila=code).to_search() for code in upazilas]


def district_plan(district: str, lang: str) -> dict[str, Any]:
    """What the browser fetches to keep ``district`` offline for the signed-in user: the views,
    the district's name and how many days they are kept. Raises :class:`Refused` for a district
    that is unknown or outside the user's scope, or when nothing may be kept on this server."""
    days = runtime().settings.offline_days
    if days <= 0:
        raise Refused(409, t("offline_keep.switched_off", lang))
    area = admin_areas().get(district)
    if area is None or area.level != Level.DISTRICT:
        raise Refused(404, t("offline_keep.unknown", lang))
    actor = current_actor()
    if not actor.may(Action.VIEW, district):
        raise Refused(403, t("offline_keep.refused", lang, district=area.name(lang)))
    return {"district": district, "name": area.name(lang), "days": days,
            "views": district_views(district, home=district == actor.home_district)}


def districts_to_offer(search: str | None) -> list[str]:
    """The districts the footer offers: the user's own, or for a national reader the one shown."""
    if runtime().settings.offline_days <= 0:
        return []
    actor = current_actor()
    if not actor.scope.is_national:
        return sorted(actor.districts)
    shown = ViewState.from_search(search).district
    return [shown] if shown else []


def layout() -> html.Section:
    """The place in the footer the offer is drawn into (:func:`render`)."""
    return html.Section(id=KEEP, hidden=True, className="app-offline-keep mb-2")


@callback(Output(KEEP, "children"), Output(KEEP, "hidden"), Input(URL, "search"), Input(LANGUAGE, "data"))
def render(search: str | None, lang: str) -> tuple[list[Any], bool]:
    """A button per district that may be kept offline, with a place for its progress and the
    date it was last saved (both written by ``assets/01_offline_keep.js``)."""
    codes = districts_to_offer(search)
    if not codes:
        return [], True
    areas = admin_areas()
    days = format_number(runtime().settings.offline_days, lang)
    rows = [html.Div(className="d-flex flex-wrap align-items-center gap-2 mb-1", children=[
        html.Button(t("offline_keep.button", lang, district=areas[code].name(lang)), type="button",
                    className="btn btn-sm btn-outline-dark",
                    **{"data-offline-district": code, "data-offline-name": areas[code].name(lang)}),
        # Filled by the script: the progress while saving, then when it was last saved.
        html.Span(className="app-offline-status", role="status",
                  **{"data-offline-status": code, "aria-live": "polite"}),
    ]) for code in codes]
    return [html.H2(t("offline_keep.heading", lang), className="h6 mb-1"), *rows,
            html.P(t("offline_keep.help", lang, days=days), className="mb-0")], False
