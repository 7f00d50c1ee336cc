"""Translated text nodes: every label on the page follows the language switch.

A node created with :func:`T` carries its message key in its ID; one callback
re-renders every such node when the language changes, so components never
need their own translation callbacks for static labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dash import ALL, Input, Output, State, html

from dashboard.i18n import DEFAULT_LANGUAGE, t
from dashboard.ui.ids import LANGUAGE, i18n_id
from dashboard.ui.registry import callback


def T(key: str, lang: str = DEFAULT_LANGUAGE, instance: str = "") -> html.Span:  # noqa: N802
    """A span showing message ``key``; ``instance`` tells apart two uses of one key."""
    return html.Span(t(key, lang), id=i18n_id(key, instance))


@callback(
    Output(i18n_id(ALL, ALL), "children"),
    Input(LANGUAGE, "data"),
    State(i18n_id(ALL, ALL), "id"),
)
def translate(lang: str, ids: list[dict[str, str]]) -> list[str]:
    """Every translated text node in the current language."""
    return [t(node["key"], lang) for node in ids]


def dropdown_labels(lang: str) -> dict[str, str]:
    """The words Dash's dropdown writes itself ("Search", "3 selected", "No options found"),
    in ``lang``: give every ``dcc.Dropdown`` ``labels=dropdown_labels(lang)``."""
    return {name: t(f"dropdown.{name}", lang) for name in DROPDOWN_WORDS}


DROPDOWN_WORDS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                  "no_options_found")


def translated_props(language: str, builders: Sequence[tuple[Any, str, Callable[[str], Any]]]) -> None:
    """For each ``(component id, property, builder)``, set the property to ``builder(lang)``
    when the page's ``language`` store changes: option labels, placeholders and marks that a
    page draws once in its layout (``T`` covers plain text nodes, not component properties)."""
    targets = list(builders)

    @callback(*(Output(component, prop) for component, prop, _ in targets), Input(language, "data"),
              prevent_initial_call=True)
    def relabel(lang: str) -> tuple[Any, ...]:
        return tuple(build(lang) for _, _, build in targets)
