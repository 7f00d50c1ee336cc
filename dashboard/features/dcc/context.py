"""Which district the DCC page is about, and whether the signed-in actor may record its meetings:
shared by the page's tracker and its meeting form."""

from __future__ import annotations

from dashboard.core.access import Action, current_actor
from dashboard.core.url import parse_query
from dashboard.ui.ids import DCC_PAGE
from geodata import Level, admin_areas
from geodata.gazetteer import candidates

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = DCC_PAGE.url, DCC_PAGE.language
# Bumped by every write on the page (a meeting saved, an item's status set): the tracker redraws.
CHANGED = "dcc-changed"


def asked_district(search: str | None) -> str | None:
    """The district the URL names, as a P-code: ``?district=BD6091``, or a name in any spelling the
    gazetteer knows (``Sylhet``, ``সিলেট``), as on every other page; a value naming no one district
    is returned as it is (and refused or ignored by the caller)."""
    asked = parse_query(search).get("district")
    if not asked:
        return None
    found = candidates(asked, Level.DISTRICT)
    return found[0].pcode if len(found) == 1 else asked


def current_district(search: str | None) -> str | None:
    """The district in the URL if the actor may see it; else (below headquarters) their own."""
    areas, actor = admin_areas(), current_actor()
    asked = asked_district(search)
    if asked in areas and areas[asked].level == Level.DISTRICT and actor.scope.permits(asked):
        return asked
    return actor.home_district


def may_edit(district: str | None) -> bool:
    """Whether the actor may record meetings and change items of ``district``'s committee."""
    return district is not None and current_actor().may(Action.EDIT_DCC, district)
