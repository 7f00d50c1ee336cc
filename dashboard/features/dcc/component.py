"""The DCC tracker: one district's committee indicators, its meetings newest first (agenda,
attendance, decisions, action items) and item updates; the form to record a meeting is
``meeting_form``, the chart ``figures``.

Owns the URL key ``district`` on its page. Writes go through ``dashboard.features.dcc.data``, which
checks on the server that the actor may edit that district's committee.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.access import current_actor
from dashboard.core.dcc import Item, Quarter, is_overdue
from dashboard.core.filters import PROGRAMME_START, Filters
from dashboard.core.guard import NotPermitted, audit, scope_description
from dashboard.core.url import parse_query, with_params
from dashboard.features.dcc import meeting_form
from dashboard.features.dcc.commands import StatusChanged
from dashboard.features.dcc.context import CHANGED, PAGE_LANGUAGE, PAGE_URL, current_district, may_edit
from dashboard.features.dcc.data import Tracker, minutes, tracker, update_action
from dashboard.features.dcc.figures import quarter_labels, rhythm_figure
from dashboard.figures.message import message_figure
from dashboard.i18n import format_date, format_number, t
from dashboard.models.vocabulary import ActionStatus
from dashboard.ui import chart_table, help_panel
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, admin_areas, areas_at

# The notes of this page's "How to read this" panel.
HELP = (help_panel.OVERDUE,)

DISTRICT, CARDS, RHYTHM, TIMELINE = "dcc-district", "dcc-cards", "dcc-rhythm", "dcc-timeline"
RHYTHM_TABLE = "dcc-rhythm-table"
# Meetings drawn in the timeline, newest first: a year of monthly meetings at first, and a
# page more at each "Show older meetings" (indicators still count every meeting). A slow line
# never waits for years of minutes, and the server builds about 35 components a meeting: with
# 30 meetings at once the answer took 60 ms of a worker even from the cache (31 ms with 12), and
# the DCC tracker was the slowest callback under the 50-reader load test (docs/performance.md).
TIMELINE_PAGE = 12
# However often "Show older meetings" is pressed (twenty years of monthly meetings); past it,
# the note asks for a shorter period.
TIMELINE_MOST = 240
MORE, SHOWN = "dcc-timeline-more", "dcc-timeline-shown"
DOWNLOAD, NOTICE = "dcc-download", "dcc-notice"


def card_id(name: str) -> str:
    """DOM id of an indicator card's value (``rhythm``, ``on_time``, ``open``, ``oldest``)."""
    return f"dcc-card-{name}"


def status_id(item: int, status: str) -> dict[str, Any]:
    """Pattern-matching ID of the button that sets an action item's status."""
    return {"type": "dcc-status", "item": item, "status": status}


def minutes_id(meeting: int, fmt: str) -> dict[str, Any]:
    """Pattern-matching ID of a meeting's minutes download."""
    return {"type": "dcc-minutes", "meeting": meeting, "format": fmt}


def layout(lang: str, search: str) -> html.Div:
    """District choice, indicators, the meeting form (for editors) and the timeline."""
    district = current_district(search)
    return html.Div([
        html.H2(T("dcc.heading", lang), className="h4"),
        help_panel.panel("dcc", HELP, lang),
        dbc.Row(className="g-3 align-items-end mb-2", children=[
            dbc.Col(md=4, children=[html.Label(T("dcc.district", lang), htmlFor=DISTRICT, className="form-label"),
                                    dcc.Dropdown(id=DISTRICT, options=_districts(lang), value=district,
                                                 labels=dropdown_labels(lang),
                                                 placeholder=t("gaps.pick_district", lang))]),
        ]),
        html.Div(id=NOTICE, role="status"),
        dcc.Store(id=CHANGED, data=0),
        loading(html.Div(id=CARDS), lang, CARDS),
        loading(dcc.Graph(id=RHYTHM, config=chart_table.SERIES_CONFIG), lang, RHYTHM),
        html.Div(chart_table.layout(RHYTHM_TABLE, lang), className="mb-3"),
        meeting_form.form(lang, district),
        html.H3(T("dcc.timeline", lang), className="h6 mt-3"),
        loading(html.Div(id=TIMELINE), lang, TIMELINE),
        html.Button(id=MORE, type="button", hidden=True, className="btn btn-sm btn-outline-secondary mb-3"),
        dcc.Store(id=SHOWN, data=TIMELINE_PAGE),
        dcc.Download(id=DOWNLOAD),
    ])


def _districts(lang: str) -> list[dict[str, str]]:
    scope = current_actor().scope
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang)) if scope.permits(a.pcode)]


@callback(Output(PAGE_URL, "search", allow_duplicate=True), Output(DISTRICT, "value"), Input(DISTRICT, "value"),
          Input(PAGE_URL, "search"), prevent_initial_call=True)
def sync(district: str | None, search: str | None) -> tuple[Any, Any]:
    """Write the chosen district to the URL; set the picker from the URL otherwise."""
    if ctx.triggered_id == DISTRICT:
        written = with_params(search, ("district",), {"district": district} if district else {})
        return (written if written != (search or "") else no_update), no_update
    return no_update, current_district(search)


def _cards(view: Tracker, lang: str) -> Any:
    recent = view.quarters[-4:]
    held, expected = sum(q.held for q in recent), sum(q.expected for q in recent)
    cards = [
        ("dcc.card.rhythm", f"{format_number(held, lang)} / {format_number(expected, lang)}",
         t("dcc.card.rhythm_note", lang, quarters=format_number(len(recent), lang))),
        ("dcc.card.on_time", "–" if view.on_time is None else format_number(view.on_time, lang, 0) + "%",
         t("dcc.card.on_time_note", lang)),
        ("dcc.card.open", format_number(view.open_items, lang),
         t("dcc.card.overdue_note", lang, count=format_number(view.overdue_items, lang))),
        ("dcc.card.oldest", format_date(view.oldest_open, lang) if view.oldest_open else "–",
         t("dcc.card.oldest_note", lang)),
    ]
    return dbc.Row(className="g-2", children=[dbc.Col(xs=6, lg=3, children=dbc.Card(dbc.CardBody([
        html.Div(t(label, lang), className="small text-muted"),
        html.Div(value, className="fs-4 fw-semibold", id=card_id(label.rsplit('.', 1)[-1])),
        html.Div(note, className="small text-muted")]))) for label, value, note in cards])


def programme_quarters(view: Tracker, start: date | None) -> list[Quarter]:
    """The quarters the chart shows: the programme's, from its start (or the period's) to the day
    the tracker is judged at. A committee formed later has nothing held or expected before its
    first meeting (the tracker counts from there), shown as empty quarters, not left out."""
    quarters = list(view.quarters)
    if start is None and quarters:
        year, number = PROGRAMME_START.year, (PROGRAMME_START.month - 1) // 3 + 1
        before: list[Quarter] = []
        while (year, number) < (quarters[0].year, quarters[0].number):
            before.append(Quarter(year, number, 0, 0))
            year, number = (year + 1, 1) if number == 4 else (year, number + 1)
        quarters = before + quarters
    return quarters


def _rhythm_table(quarters: list[Quarter], lang: str) -> Any:
    rows = [(label, q.held, q.expected) for label, q in zip(quarter_labels(quarters, lang), quarters, strict=True)]
    return chart_table.table([t("dcc.quarter_column", lang), t("dcc.meetings_held", lang),
                              t("dcc.meetings_expected", lang)], rows, lang)


def _status_badge(item: Any, as_of: date, lang: str) -> Any:
    if is_overdue(Item(item.status, item.due_on, item.completed_on), as_of):
        return dbc.Badge(t("dcc.status.overdue", lang), color="danger", className="ms-1")
    colour = {"open": "secondary", "done": "success", "dropped": "light"}[item.status.value]
    text = t(f"dcc.status.{item.status.value}", lang)
    if item.completed_on:
        text += " " + format_date(item.completed_on, lang)
    return dbc.Badge(text, color=colour, text_color="dark" if colour == "light" else None, className="ms-1")


def _timeline(view: Tracker, lang: str, editable: bool) -> Any:
    if not view.meetings:
        return html.P(t("dcc.no_meetings", lang), className="text-muted")
    areas = admin_areas()
    out = []
    if view.meeting_count > len(view.meetings):
        # Past the most the page draws, only a shorter period shows the older meetings.
        key = "dcc.timeline_limited" if len(view.meetings) >= TIMELINE_MOST else "dcc.timeline_newest"
        out.append(dbc.Alert(t(key, lang, shown=format_number(len(view.meetings), lang),
                               total=format_number(view.meeting_count, lang)), color="info", className="py-2"))
    for meeting in view.meetings:
        actions = []
        for a in meeting.actions:
            buttons = [dbc.Button(t(f"dcc.mark.{s}", lang), id=status_id(a.id, s), size="sm", color="link",
                                  className="py-0") for s in ("done", "dropped")] \
                if editable and a.status == ActionStatus.OPEN else []
            place = f" · {areas[a.upazila_pcode].name(lang)}" if a.upazila_pcode else ""
            actions.append(html.Li([html.Span(a.description), html.Span(
                f" — {t(f'department.{a.owner}', lang)}{place} · {t('dcc.due', lang)} {format_date(a.due_on, lang)}",
                className="text-muted"), _status_badge(a, view.as_of, lang), *buttons], className="mb-1"))
        attendance = [dbc.Badge(f"{t(f'department.{d}', lang)}: {format_number(n, lang)}", color="light",
                                text_color="dark", className="me-1") for d, n in sorted(meeting.attendance.items())]
        out.append(dbc.Card(className="mb-2", children=dbc.CardBody([
            html.Div(className="d-flex justify-content-between flex-wrap gap-2", children=[
                html.H4(format_date(meeting.held_on, lang), className="h6 mb-1"),
                dbc.DropdownMenu(label=T("dcc.minutes", lang), size="sm", color="secondary", align_end=True,
                                 children=[dbc.DropdownMenuItem(t(f"download.{fmt}", lang), id=minutes_id(meeting.id,
                                                                                                          fmt))
                                           for fmt in ("csv", "xlsx")])]),
            html.P(meeting.agenda, className="mb-1"),
            html.Div(attendance, className="mb-1"),
            *([html.Div(t("dcc.decisions", lang), className="small fw-semibold"),
               html.Ul([html.Li(d) for d in meeting.decisions], className="mb-1")] if meeting.decisions else []),
            *([html.Div(t("dcc.actions", lang), className="small fw-semibold"), html.Ul(actions, className="mb-0")]
              if actions else []),
        ])))
    return out


def shown_count(value: object) -> int:
    """How many meetings the timeline draws, from the page's store: whole pages from one page
    up to :data:`TIMELINE_MOST` (anything else the browser sends is one page)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < TIMELINE_PAGE:
        return TIMELINE_PAGE
    return min(value - value % TIMELINE_PAGE, TIMELINE_MOST)


def older_button(view: Tracker, lang: str) -> tuple[bool, str]:
    """Whether "Show older meetings" is hidden, and its words (how many the next page adds)."""
    left = view.meeting_count - len(view.meetings)
    hidden = left <= 0 or len(view.meetings) >= TIMELINE_MOST
    count = max(0, min(left, TIMELINE_PAGE))
    return hidden, t("dcc.show_older_one" if count == 1 else "dcc.show_older", lang, count=format_number(count, lang))


@callback(Output(SHOWN, "data"), Input(MORE, "n_clicks"), Input(PAGE_URL, "search"), State(SHOWN, "data"),
          prevent_initial_call=True)
def show_older(clicks: int | None, _search: str | None, shown: object) -> Any:
    """A page more of meetings on "Show older meetings"; back to the first page when the
    district or period changes."""
    if ctx.triggered_id == MORE:
        return shown_count(shown) + TIMELINE_PAGE if clicks else no_update
    return TIMELINE_PAGE if shown != TIMELINE_PAGE else no_update


@callback(Output(CARDS, "children"), Output(RHYTHM, "figure"), Output(RHYTHM_TABLE, "children"),
          Output(TIMELINE, "children"), Output(meeting_form.FORM, "hidden"), Output(MORE, "hidden"),
          Output(MORE, "children"),
          Input(PAGE_URL, "search"), Input(CHANGED, "data"), Input(PAGE_LANGUAGE, "data"), Input(SHOWN, "data"))
def render(search: str | None, _changed: int, lang: str, shown: object) -> tuple[Any, ...]:
    """Indicators, rhythm and timeline of the district in the URL (its newest meetings, as many
    as "Show older meetings" asked for)."""
    district = current_district(search)
    if district is None:
        note = dbc.Alert(t("dcc.choose", lang), color="info")
        return note, message_figure(t("dcc.choose", lang)), [], [], True, True, ""
    filters = Filters.from_query(parse_query(search))
    view = tracker(district, filters, newest=shown_count(shown))
    quarters = programme_quarters(view, filters.start)
    # No meeting in the period: a sentence where the chart would be, not empty bars on bare axes.
    figure = rhythm_figure(quarters, lang) if view.meeting_count else message_figure(
        t("dcc.no_meetings_chart", lang, district=admin_areas()[district].name(lang)))
    return (_cards(view, lang), figure, _rhythm_table(quarters, lang),
            _timeline(view, lang, may_edit(district)), not may_edit(district), *older_button(view, lang))


@callback(Output(CHANGED, "data", allow_duplicate=True), Output(NOTICE, "children"),
          Input(status_id(ALL, ALL), "n_clicks"), State(CHANGED, "data"), State(PAGE_LANGUAGE, "data"),
          prevent_initial_call=True)
def set_status(clicks: list[int | None], changed: int, lang: str) -> tuple[Any, Any]:
    """Mark an action item done (today) or dropped. The buttons are shown for open items only:
    an item changed meanwhile (by someone else, or while this change waited offline) is left as
    it is, and the notice says what it is now."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update, no_update
    try:
        update_action(int(ctx.triggered_id["item"]), ActionStatus(ctx.triggered_id["status"]), ActionStatus.OPEN)
    except (NotPermitted, ValueError):
        return no_update, dbc.Alert(t("dcc.not_permitted", lang), color="danger")
    except StatusChanged as meanwhile:
        now = t(f"dcc.status.{meanwhile.status.value}", lang)
        if meanwhile.completed_on:
            now += " " + format_date(meanwhile.completed_on, lang)
        return no_update, dbc.Alert(t("dcc.changed_meanwhile", lang, status=now), color="warning")
    return (changed or 0) + 1, []


@callback(Output(DOWNLOAD, "data"), Input(minutes_id(ALL, ALL), "n_clicks"), State(PAGE_URL, "search"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download_minutes(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """One meeting's minutes as CSV or Excel."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    district = current_district(search)
    if district is None:
        return no_update
    meeting, fmt = int(ctx.triggered_id["meeting"]), ctx.triggered_id["format"]
    table = minutes(district, meeting, lang)
    audit("export", f"dcc minutes {district} {meeting}")
    about = About(t("dcc.minutes", lang), district, Filters(), scope_description(lang))
    return table_download(table, file_stem("dcc-minutes", district, str(meeting)), about, lang, fmt)



translated_props(PAGE_LANGUAGE, [
    (DISTRICT, "options", _districts), (DISTRICT, "placeholder", lambda lang: t("gaps.pick_district", lang)),
    (DISTRICT, "labels", dropdown_labels),
])
help_panel.follow_language("dcc", HELP, PAGE_LANGUAGE)
