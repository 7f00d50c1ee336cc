"""The Help page's text: the notes of every page's "How to read this" panel, by topic.

Short and true to the code: each note says what the server does (docs/privacy.md, the README's
roles), and its numbers (the threshold, the adjustment) come from the settings and the
disclosure module, not from the text.
"""

from __future__ import annotations

from dash import Input, Output, html

from dashboard.i18n import t
from dashboard.ui import help_panel as notes
from dashboard.ui.ids import HELP_PAGE
from dashboard.ui.registry import callback

BODY = "help-body"
HEADING = "help-heading"
# (heading key, notes) in reading order.
SECTIONS = (
    ("help.h.numbers", (notes.SMALL, notes.ADJUSTED, notes.MONTHS)),
    ("help.h.targets", (notes.TARGET,)),
    ("nav.compare", (notes.PEERS,)),
    ("nav.gaps", (notes.DISTANCE, notes.SITES)),
    ("nav.dcc", (notes.OVERDUE,)),
    ("nav.import", (notes.IMPORT, notes.UNDO)),
)


def body(lang: str) -> list[html.Div]:
    """The page's heading, introduction and sections in ``lang``."""
    out = [html.H2(t("help.heading", lang), id=HEADING, className="h4"), html.P(t("help.intro", lang))]
    for heading, keys in SECTIONS:
        out += [html.H3(t(heading, lang), className="h6 mt-3"), html.Ul(notes.notes(keys, lang))]
    return out


def layout(lang: str) -> html.Section:
    """The help text, redrawn when the language changes."""
    return html.Section(id=BODY, className="help-page pt-3", children=body(lang),
                        **{"aria-labelledby": HEADING})


@callback(Output(BODY, "children"), Input(HELP_PAGE.language, "data"), prevent_initial_call=True)
def relabel(lang: str) -> list[html.Div]:
    """The help text in the newly chosen language."""
    return body(lang)
