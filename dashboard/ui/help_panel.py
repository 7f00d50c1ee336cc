""""How to read this": a short, closed panel on each page explaining its signs and limits
("<5", counts adjusted below headquarters, a target not compared, who may undo an import),
and the texts the Help page (``dashboard.features.help``) gathers.

A native ``<details>``: opened and closed by mouse, Enter or Space, announced as expandable,
with nothing to load. The texts carry the suppression threshold from the settings, so each
page's panel follows the language switch through its own callback (:func:`follow_language`),
which every feature declares beside its layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash
from dash import Input, Output, dcc, html

from dashboard.core.disclosure import MAX_ADJUSTMENT
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui.registry import callback

# The notes a page may show (message keys), each short and true to the code: docs/privacy.md.
SMALL, ADJUSTED, MONTHS = "help.small", "help.perturbed", "help.months"
TARGET, PEERS, DISTANCE, SITES = "help.target", "help.peers", "help.distance", "help.sites"
OVERDUE, IMPORT, UNDO = "help.overdue", "help.import", "help.undo"


def panel_id(page: str) -> str:
    """DOM id of a page's panel (its list of notes is ``<id>-notes``)."""
    return f"{page}-help"


def note(key: str, lang: str) -> str:
    """One note in ``lang``, with the threshold and the adjustment the server applies."""
    threshold = runtime().settings.suppression_threshold
    return t(key, lang, threshold=format_number(threshold, lang), below=format_number(threshold - 1, lang),
             one=format_number(1, lang), zero=format_number(0, lang), spread=format_number(MAX_ADJUSTMENT, lang))


def notes(keys: Sequence[str], lang: str) -> list[html.Li]:
    """The notes as list items."""
    return [html.Li(note(key, lang)) for key in keys]


def panel(page: str, keys: Sequence[str], lang: str) -> html.Details:
    """The closed panel with the page's notes and a link to the Help page."""
    return html.Details(id=panel_id(page), className="help-panel small mb-2", children=[
        html.Summary(t("help.panel", lang), id=f"{panel_id(page)}-summary"),
        html.Ul(notes(keys, lang), id=f"{panel_id(page)}-notes", className="mb-1 mt-1"),
        dcc.Link(t("help.more", lang), id=f"{panel_id(page)}-more", href=dash.get_relative_path("/help")),
    ])


def follow_language(page: str, keys: Sequence[str], language: str) -> None:
    """Redraw ``page``'s panel when its ``language`` store changes (declare once, beside the layout)."""
    ident = panel_id(page)

    @callback(Output(f"{ident}-summary", "children"), Output(f"{ident}-notes", "children"),
              Output(f"{ident}-more", "children"), Input(language, "data"), prevent_initial_call=True)
    def relabel(lang: str) -> tuple[str, list[html.Li], str]:
        return t("help.panel", lang), notes(keys, lang), t("help.more", lang)
