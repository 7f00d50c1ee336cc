"""Every step of the map's timeline as values only, for the browser to step through without a
round trip (issue 30: "each step's data is small, prefetched and cached").

One server callback answers, for the URL's timeline, every step at once: per area its class
(an index into the classes computed once over all steps), hidden or no data, and its value as
the hover writes it; per step its label, its total and its URL. The boundaries are already in
the browser (the figure references them by URL) and so is the map's look: the payload carries
the three kinds of area trace once, with no area in them (``timeline.area_traces``). The values
are the timeline's own (``timeline.timeline_data``): one query over the monthly summaries for
the returnee metrics, and below headquarters each count published exactly as the single-period
map publishes it, so hidden stays hidden. The whole timeline is fetched when the page opens or
the timeline's view changes (not its step): 37 months of 64 districts are ~40 kB before
compression, and every further step is a lookup in the browser (``assets/timeline.js``).

What the browser does not redraw at each step, and why: the overlay layers, the programme
figures (cards), the detail panel and the table beside the map are drawn on the server, from
the URL. Prefetching them for every step would send every layer's points once per step (far
more than the values); instead, while the timeline plays or steps, the layers are hidden (so no
layer of one period is ever drawn over the colours of another) and the cards are marked as of
the period last settled; when the player stops, or a manual step rests for a moment, the
browser writes the step into the page's URL and the server draws that step's map, layers and
figures once, as it draws any link.
"""

from __future__ import annotations

import json
from typing import Any

from dash import Input, Output, State, no_update

from dashboard.core.privacy import Hidden
from dashboard.core.url import with_params
from dashboard.features.map.state import ViewState, current_state
from dashboard.features.map.steps import TimelineState
from dashboard.features.map.timeline import TimelineData, area_traces, timeline_for, value_text
from dashboard.figures.choropleth import _label
from dashboard.figures.svg_map import trace_for_page
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.registry import callback
from layers.base import trace_json

PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language
VALUES = "map-timeline-values"
STEP_PLACEHOLDER = "__STEP__"
HIDDEN, NO_DATA = -1, None  # a step's class code for an area hidden below headquarters, and without data


def view_key(search: str | None, lang: str) -> str:
    """What the payload depends on: the URL without the step or the split view, and the language.
    The browser keeps the payload while only the step moves."""
    return with_params(search, ("step", "split"), {}) + "#" + lang


def _code(value: float | Hidden | None, data: TimelineData) -> int | None:
    if isinstance(value, Hidden):
        return HIDDEN
    if value is None or data.classes is None:
        return NO_DATA
    return data.classes.index(value)


def _total(total: float | Hidden | None, state: ViewState, data: TimelineData, lang: str) -> str:
    # As the split view writes a map's total; none where the metric has no total that may be shown.
    if total is None:
        return ""
    return t("split.total", lang, total=value_text(state.metric, data.change, lang)(total))


def payload(search: str | None, lang: str) -> dict[str, Any] | None:
    """Every step of the URL's timeline for the browser; None when the timeline is off (or the
    metric is not one it steps through)."""
    state = current_state(search)
    found = timeline_for(search, state)
    if found is None or not found[1].steps:
        return None
    _timeline, data = found
    areas = list(data.values[0])
    text = value_text(state.metric, data.change, lang)
    count = len(data.steps)
    return {
        "key": view_key(search, lang),
        "search": with_params(search, ("step", "split"), {"step": STEP_PLACEHOLDER}),
        "placeholder": STEP_PLACEHOLDER,
        "steps": [s.key for s in data.steps],
        "showing": [t("timeline.showing", lang, period=s.label(lang), position=format_number(i + 1, lang),
                      count=format_number(count, lang)) for i, s in enumerate(data.steps)],
        "totals": [_total(total, state, data, lang) for total in data.totals],
        "areas": areas,
        "names": [_label(p, lang) for p in areas],
        "traces": {kind: trace_for_page(trace_json(trace), runtime().settings.tile_url)
                   for kind, trace in area_traces(state, data, lang).items()},
        "play": t("timeline.play", lang), "pause": t("timeline.pause", lang),
        "values": [step_values(step, data) for step in data.values],
        "texts": [[text(v) if isinstance(v, int | float) else "" for v in step.values()] for step in data.values],
    }


def step_values(step: dict[str, float | Hidden | None], data: TimelineData) -> list[int | None]:
    """One step's areas as class codes: the index of its class, ``HIDDEN`` or ``NO_DATA``."""
    return [_code(v, data) for v in step.values()]


def step_bytes(answer: dict[str, Any], index: int) -> int:
    """What step ``index`` adds to the payload, in bytes of JSON: its codes, texts, label and total."""
    part = [answer["values"][index], answer["texts"][index], answer["showing"][index], answer["totals"][index],
            answer["steps"][index]]
    return len(json.dumps(part, ensure_ascii=False).encode())


@callback(Output(VALUES, "data"), Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"), State(VALUES, "data"))
def load(search: str | None, lang: str | None, held: dict[str, Any] | None) -> Any:
    """The timeline's values for the browser, when its view (not its step) changes."""
    lang = lang or "en"
    if TimelineState.from_search(search).mode is None:
        return None if held else no_update
    if held and held.get("key") == view_key(search, lang):
        return no_update  # only the step moved: the browser has every step already
    return payload(search, lang)


__all__ = ["HIDDEN", "NO_DATA", "VALUES", "load", "payload", "step_bytes", "step_values",
           "view_key"]
