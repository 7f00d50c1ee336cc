"""Saying "working" while a figure or table is being drawn, and a page skeleton before the first one.

Every figure and table whose callback can take more than a moment is wrapped in
:func:`loading`: Dash's ``dcc.Loading`` with our own indicator (a spinner and the words
"Loading…" in the page's language, ``role="status"`` so screen readers hear it), shown only
when the answer takes longer than ``DELAY_MS`` (a quick update must not flash). The spinner
lies over the figure, which keeps its place and stays visible, dimmed, so nothing moves when
the answer arrives (tests/integration/test_layout_stability.py). ``assets/loading.js`` marks
the region ``aria-busy`` while the indicator shows, and writes its words in the language
chosen since the page was drawn.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import t

# How long an answer may take before the indicator shows (ms): about what a person notices.
DELAY_MS = 300
# Once shown, it stays a little so it does not blink off and on between two answers.
HIDE_MS = 150
# Drawn over the old figure while it is replaced: visible, dimmed, not clickable.
OVERLAY = {"visibility": "visible", "opacity": 0.45, "pointerEvents": "none", "transition": "opacity .2s"}
REGION = "app-loading-region"
INDICATOR = "app-loading"


def indicator(lang: str, name: str) -> html.Div:
    """The spinner and its words; ``name`` tells apart the indicators of one page."""
    return html.Div(className=INDICATOR, role="status", children=[
        html.Span(className="spinner-border spinner-border-sm app-loading-spinner", **{"aria-hidden": "true"}),
        # Written in the page's language when drawn; assets/loading.js keeps it in the current one
        # (the words come from ui/browser_text.py): Dash's translated text nodes do not reach
        # into a spinner.
        html.Span(t("loading.working", lang), className="app-loading-text", **{"data-indicator": name}),
    ])


def loading(child: Any, lang: str, name: str) -> dcc.Loading:
    """``child`` with an indicator shown over it while its callbacks take longer than ``DELAY_MS``
    (and when the page first draws it: ``show_initially``, the skeleton of each piece)."""
    return dcc.Loading(child, custom_spinner=indicator(lang, name), delay_show=DELAY_MS, delay_hide=HIDE_MS,
                       show_initially=True, overlay_style=OVERLAY, parent_className=REGION)


def page_skeleton(lang: str) -> html.Div:
    """What the page area shows before the router has drawn the page: grey blocks where the
    page will be, and the words for screen readers."""
    return html.Div(className="app-skeleton container-fluid pt-3", role="status", children=[
        html.Span(t("loading.page", lang), className="visually-hidden"),
        html.Div(className="app-skeleton-line w-25", **{"aria-hidden": "true"}),
        html.Div(className="app-skeleton-line w-50", **{"aria-hidden": "true"}),
        html.Div(className="app-skeleton-block", **{"aria-hidden": "true"}),
    ])
