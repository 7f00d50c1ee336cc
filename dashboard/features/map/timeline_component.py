"""The map's timeline controls: a period mode (one period, by month, quarter or year), a slider
over the steps with previous, play/pause and next, and whether the map shows the value or its
change on the previous step.

The timeline owns the URL keys ``steps.TIMELINE_KEYS``: :func:`sync` writes them when its mode,
what it shows or the split view changes, and sets the controls back from the URL. The map's own
render draws the step the URL names (``timeline.step_view``), so a copied link opens on that
month. Stepping (previous, next, the slider, play and the player's ``dcc.Interval``) runs in the
browser without a request, from every step's values fetched once (``timeline_values``), and
writes the step into the URL when the timeline comes to rest: ``assets/timeline.js``, which also
gives the keyboard: arrows step, the space bar plays or pauses.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.filters import Filters
from dashboard.core.url import parse_query, with_params
from dashboard.features.map.state import current_state
from dashboard.features.map.steps import TIMELINE_KEYS, Change, Mode, Step, TimelineState
from dashboard.features.map.timeline import effective_change, on_timeline
from dashboard.features.map.timeline_values import VALUES
from dashboard.i18n import format_digits, format_number, t
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.registry import callback, clientside_callback
from dashboard.ui.text import T

PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language

TIMELINE = "map-timeline"
MODE = "map-timeline-mode"
PANEL = "map-timeline-panel"
SLIDER = "map-timeline-slider"
PREVIOUS = "map-timeline-previous"
PLAY = "map-timeline-play"
NEXT = "map-timeline-next"
CHANGE = "map-timeline-change"
TICK = "map-timeline-tick"
PLAYING = "map-timeline-playing"
MAP_FIGURE = "district-map-figure"  # component.MAP_FIGURE: the figure the map's render answers into
SHOWING = "map-timeline-showing"
TOTAL = "map-timeline-total"
STEP = "map-timeline-step"  # the index of the step the map shows (drawn in the browser or by the server)
SPLIT = "map-timeline-split"
OFF = "off"
STEP_MS = 1600  # one step every 1.6 s: time to read the map and for the next step to arrive


def mode_options(lang: str) -> list[dict[str, str]]:
    """One period, or a timeline by month, quarter or year."""
    return [{"label": t(f"timeline.mode.{value}", lang), "value": value}
            for value in (OFF, Mode.MONTH.value, Mode.QUARTER.value, Mode.YEAR.value)]


def change_options(lang: str, counts: bool = True) -> list[dict[str, Any]]:
    """The value, or its change on the previous step (in percent for counts only)."""
    return [{"label": t(f"timeline.change.{c.value}", lang), "value": c.value,
             "disabled": c == Change.PERCENT and not counts} for c in Change]


def layout(lang: str) -> html.Div:
    """The timeline's controls; the sync callback sets them from the URL when the page opens."""
    return html.Div(id=TIMELINE, className="map-timeline mb-2 small", children=[
        html.Fieldset(className="d-flex flex-wrap gap-2 align-items-center", children=[
            html.Legend(T("timeline.heading", lang), className="fw-semibold small mb-0 w-auto float-none"),
            dbc.RadioItems(id=MODE, inline=True, value=OFF, options=mode_options(lang)),
        ]),
        html.Div(id=PANEL, className="d-none", role="group", **{"aria-label": t("timeline.heading", lang)}, children=[
            html.Div(className="d-flex flex-wrap gap-2 align-items-center", children=[
                html.Button("◀", id=PREVIOUS, type="button", className="btn btn-sm btn-outline-dark",
                            title=t("timeline.previous", lang), **{"aria-label": t("timeline.previous", lang)}),
                html.Button(T("timeline.play", lang), id=PLAY, type="button", className="btn btn-sm btn-primary",
                            **{"aria-pressed": "false"}),
                html.Button("▶", id=NEXT, type="button", className="btn btn-sm btn-outline-dark",
                            title=t("timeline.next", lang), **{"aria-label": t("timeline.next", lang)}),
                # Names the slider's handle (assets/a11y.js reads a label's "for").
                html.Label(T("timeline.slider", lang), htmlFor=SLIDER, className="visually-hidden"),
                # No number box beside the track: a step's index means nothing to a reader.
                html.Div(dcc.Slider(id=SLIDER, min=0, max=0, step=1, value=0, marks={}, included=False,
                                    allow_direct_input=False, updatemode="mouseup"),
                         className="flex-grow-1 map-timeline-slider", title=t("timeline.slider", lang)),
                html.Button(T("split.button", lang), id=SPLIT, type="button",
                            className="btn btn-sm btn-outline-dark", **{"aria-pressed": "false"}),
            ]),
            html.Div(className="d-flex flex-wrap gap-3 align-items-center", children=[
                html.Strong(id=SHOWING, role="status", **{"aria-live": "polite"}),
                html.Span(id=TOTAL),
                html.Span([html.Span(T("timeline.show", lang), className="me-2"),
                           dbc.RadioItems(id=CHANGE, inline=True, value=Change.VALUE.value,
                                          options=change_options(lang), className="d-inline-block")]),
                html.Span(T("timeline.keys", lang), className="text-muted"),
            ]),
        ]),
        dcc.Interval(id=TICK, interval=STEP_MS, disabled=True),
        dcc.Store(id=PLAYING, data=False),
        dcc.Store(id=STEP),
        dcc.Store(id=VALUES),
    ])


def marks(all_steps: list[Step], mode: Mode | None, lang: str) -> dict[int, str]:
    """A mark at the first step and at each year's first step, labelled by the year."""
    out: dict[int, str] = {}
    for i, step in enumerate(all_steps):
        if i == 0 or step.start.month == 1 or mode == Mode.YEAR:
            out[i] = format_digits(str(step.start.year), lang)
    return out


def _nearest(all_steps: list[Step], before: Step | None) -> int:
    # A new mode keeps the time: the new step holding the old step's first day.
    if before is None:
        return 0
    return next((i for i, s in enumerate(all_steps) if s.start <= before.start <= s.end), 0)


def next_timeline(timeline: TimelineState, span: Filters, trigger: str | None, value: Any,
                  playing: bool) -> tuple[TimelineState, bool]:
    """Where one control (the trigger, with its new value) takes the timeline, and whether it plays on."""
    all_steps = timeline.steps(span)
    index = timeline.index(all_steps)
    if trigger == MODE:
        mode = next((m for m in Mode if m.value == value), None)
        if mode is None:
            return TimelineState(), False
        new = replace(timeline, mode=mode, step=None)
        new_steps = new.steps(span)
        return new.at(_nearest(new_steps, all_steps[index] if all_steps else None), new_steps), playing
    if timeline.mode is None:
        return timeline, False
    if trigger == SLIDER and isinstance(value, int | float):
        return timeline.at(int(value), all_steps), playing
    if trigger == PREVIOUS:
        return timeline.at(index - 1, all_steps), False
    if trigger == NEXT:
        return timeline.at(index + 1, all_steps), False
    if trigger == TICK:
        if index + 1 >= len(all_steps):
            return timeline, False  # the last step: the player stops there
        return timeline.at(index + 1, all_steps), index + 2 < len(all_steps)
    if trigger == PLAY:
        if playing:
            return timeline, False
        # Play from the start when the last step is showing.
        return (timeline.at(0, all_steps) if index + 1 >= len(all_steps) else timeline), True
    if trigger == CHANGE:
        change = next((c for c in Change if c.value == value), Change.VALUE)
        return replace(timeline, change=change), playing
    if trigger == SPLIT:
        return replace(timeline, split=not timeline.split), False
    return timeline, playing


# The server's controls: stepping and playing are the browser's (assets/timeline.js).
_INPUTS = {"mode": (MODE, "value"), "change": (CHANGE, "value"), "split": (SPLIT, "n_clicks")}


@callback(
    output={"search": Output(PAGE_URL, "search", allow_duplicate=True), "mode": Output(MODE, "value"),
            "panel": Output(PANEL, "className"), "max": Output(SLIDER, "max"), "value": Output(SLIDER, "value"),
            "marks": Output(SLIDER, "marks"), "showing": Output(SHOWING, "children"),
            "stopped": Output(TICK, "disabled"), "playing": Output(PLAYING, "data"), "play": Output(PLAY, "children"),
            "pressed": Output(PLAY, "aria-pressed"), "change": Output(CHANGE, "value"),
            "change_options": Output(CHANGE, "options"), "split_pressed": Output(SPLIT, "aria-pressed"),
            "mode_options": Output(MODE, "options"), "step": Output(STEP, "data")},
    inputs={"search": Input(PAGE_URL, "search"), "lang": Input(PAGE_LANGUAGE, "data"),
            **{name: Input(*target) for name, target in _INPUTS.items()},
            "was_playing": State(PLAYING, "data"), "shown": State(SLIDER, "value")},
    # Runs when the page opens too: the controls are drawn blank and set from the URL here.
    prevent_initial_call="initial_duplicate",
)
def sync(**values: Any) -> dict[str, Any]:
    """Write the timeline's URL keys when its mode, what it shows or the split view changes; set
    the controls from the URL otherwise (a shared link, back and forward, a step come to rest)."""
    search, lang = values["search"], values["lang"] or "en"
    timeline = TimelineState.from_search(search)
    span = Filters.from_query(parse_query(search))
    trigger = ctx.triggered_id if isinstance(ctx.triggered_id, str) else None
    playing = bool(values["was_playing"])
    control = trigger is not None and trigger not in (PAGE_URL, PAGE_LANGUAGE)
    if control:
        # The step the browser shows may not be in the URL yet (it settles there when at rest).
        shown = values.get("shown")
        if timeline.mode is not None and isinstance(shown, int):
            timeline = timeline.at(shown, timeline.steps(span))
        timeline, playing = next_timeline(timeline, span, trigger, ctx.triggered[0]["value"], playing)
    playing = playing and timeline.mode is not None
    # The player's clock: the browser starts and stops it (assets/timeline.js); a control here
    # stops it until the map it changes is drawn (then the clientside callback below starts it again).
    stopped: Any = True
    if trigger == PLAY and playing:
        stopped = False
    elif not control and playing:
        stopped = no_update
    all_steps = timeline.steps(span)
    if timeline.mode is not None and all_steps and timeline.step not in {s.key for s in all_steps}:
        timeline = timeline.at(timeline.index(all_steps), all_steps)
    written = with_params(search, TIMELINE_KEYS, timeline.to_query())
    index = timeline.index(all_steps) if all_steps else 0
    metric = current_state(search).metric
    counts = effective_change(metric, Change.PERCENT) == Change.PERCENT
    # A score is per survey round, not per month: the map says so and draws its round (timeline.on_timeline).
    steps_shown = timeline.mode is not None and on_timeline(metric)
    showing = (t("timeline.showing", lang, period=all_steps[index].label(lang),
                 position=format_number(index + 1, lang), count=format_number(len(all_steps), lang))
               if timeline.mode and all_steps else "")
    # The player is the browser's: an answer to the URL or the language (which may arrive after
    # the user pressed play) leaves it alone, unless the timeline is off.
    player = {"stopped": stopped, "playing": playing, "play": t("timeline.pause" if playing else "timeline.play", lang),
              "pressed": "true" if playing else "false"}
    if not control and timeline.mode is not None:
        player = {name: no_update for name in player}
    return {"search": written if written != (search or "") else no_update, **player,
            "mode": timeline.mode.value if timeline.mode else OFF,
            "panel": "map-timeline-panel" if steps_shown else "d-none", "step": index,
            "max": max(len(all_steps) - 1, 0), "value": index, "marks": marks(all_steps, timeline.mode, lang),
            "showing": showing,
            "change": timeline.change.value, "change_options": change_options(lang, counts),
            "split_pressed": "true" if timeline.split else "false", "mode_options": mode_options(lang)}


# When a step's map has arrived and the player plays, its clock starts again (see sync).
clientside_callback(
    "function (_figure, playing) { return !playing; }",
    Output(TICK, "disabled", allow_duplicate=True), Input(MAP_FIGURE, "data"), State(PLAYING, "data"),
    prevent_initial_call=True,
)

# A step in the browser: no request while every step's values are held (timeline_values).
clientside_callback(
    ClientsideFunction(namespace="timeline", function_name="step"),
    Output(STEP, "data", allow_duplicate=True), Output(SLIDER, "value", allow_duplicate=True),
    Output(SHOWING, "children", allow_duplicate=True), Output(PLAYING, "data", allow_duplicate=True),
    Output(TICK, "disabled", allow_duplicate=True), Output(PLAY, "children", allow_duplicate=True),
    Output(PLAY, "aria-pressed", allow_duplicate=True), Output(MAP_FIGURE, "data", allow_duplicate=True),
    Input(PREVIOUS, "n_clicks"), Input(NEXT, "n_clicks"), Input(PLAY, "n_clicks"), Input(TICK, "n_intervals"),
    Input(SLIDER, "value"),
    State(VALUES, "data"), State(STEP, "data"), State(PLAYING, "data"), State(PAGE_URL, "search"),
    State(MAP_FIGURE, "data"),
    prevent_initial_call=True,
)

# The step's total, its period and the play button's label in the values' language (they come
# again when it changes). The period is written here too: a language switch moves the slider, and
# the step callback may answer that with the values of the language before (CI saw English left).
clientside_callback(
    ClientsideFunction(namespace="timeline", function_name="total"),
    Output(TOTAL, "children"), Output(PLAY, "children", allow_duplicate=True),
    Output(SHOWING, "children", allow_duplicate=True), Input(VALUES, "data"),
    Input(STEP, "data"), State(PLAYING, "data"),
    prevent_initial_call=True,
)


__all__ = ["TIMELINE", "layout", "next_timeline", "sync"]
