"""The DCC page's "record a meeting" form (for those who may edit the district's committee): date,
agenda, attendance by department, decisions and up to three action items, checked and saved
through ``dashboard.features.dcc.data``, which checks the actor's right again on the server."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html, no_update

from dashboard.core.dcc import NewAction
from dashboard.core.filters import parse_date
from dashboard.core.guard import NotPermitted
from dashboard.features.dcc.context import CHANGED, PAGE_LANGUAGE, PAGE_URL, asked_district, current_district, may_edit
from dashboard.features.dcc.data import add_meeting
from dashboard.i18n import t
from dashboard.models.vocabulary import Department
from dashboard.ui.offline import replayed
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, areas_at

FORM, F_DATE, F_AGENDA, F_DECISIONS = "dcc-form", "dcc-form-date", "dcc-form-agenda", "dcc-form-decisions"
F_SAVE, F_MESSAGE = "dcc-form-save", "dcc-form-message"
ACTION_ROWS = 3  # blank rows in the form; rows left empty are ignored
ACTION_FIELDS = ("description", "owner", "due", "upazila")


def attendance_id(department: str) -> dict[str, str]:
    """Pattern-matching ID of one department's attendance box."""
    return {"type": "dcc-attendance", "department": department}


def action_field_id(row: int, name: str) -> dict[str, Any]:
    """Pattern-matching ID of one field of one action-item row of the form."""
    return {"type": "dcc-action-field", "row": row, "field": name}


def _upazilas(district: str | None, lang: str) -> list[dict[str, str]]:
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.UPAZILA, district), key=lambda a: a.name(lang))] if district else []


def _departments(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"department.{d.value}", lang), "value": d.value} for d in Department]


def form(lang: str, district: str | None) -> Any:
    """The form, folded; hidden from those who may not edit ``district``'s committee."""
    upazilas = _upazilas(district, lang)
    rows = [dbc.Row(className="g-2 mb-1", children=[
        dbc.Col(md=5, children=html.Label(className="w-100", children=[
            html.Span(T("dcc.action", lang, instance=str(i)), className="visually-hidden"),
            dbc.Input(id=action_field_id(i, "description"), placeholder=t("dcc.action", lang))])),
        dbc.Col(md=3, children=dcc.Dropdown(id=action_field_id(i, "owner"), placeholder=t("dcc.owner", lang),
                                            labels=dropdown_labels(lang),
                                            options=_departments(lang))),
        dbc.Col(md=2, children=dcc.DatePickerSingle(id=action_field_id(i, "due"), placeholder=t("dcc.due", lang),
                                                    display_format="YYYY-MM-DD")),
        dbc.Col(md=2, children=dcc.Dropdown(id=action_field_id(i, "upazila"), options=upazilas,
                                            labels=dropdown_labels(lang),
                                            placeholder=t("dcc.upazila_optional", lang))),
    ]) for i in range(ACTION_ROWS)]
    return html.Details(id=FORM, className="border rounded p-2 mb-3", hidden=not may_edit(district), children=[
        html.Summary(T("dcc.add_meeting", lang), className="fw-semibold"),
        dbc.Row(className="g-2 mt-1", children=[
            dbc.Col(md=3, children=[html.Label(T("dcc.date", lang), htmlFor=F_DATE, className="form-label"),
                                    dcc.DatePickerSingle(id=F_DATE, display_format="YYYY-MM-DD",
                                                         max_date_allowed=date.today())]),
            dbc.Col(md=9, children=[html.Label(T("dcc.agenda", lang), htmlFor=F_AGENDA, className="form-label"),
                                    dbc.Textarea(id=F_AGENDA, rows=2)]),
        ]),
        html.Fieldset(className="mt-2", children=[
            html.Legend(T("dcc.attendance_form", lang), className="form-label fs-6"),
            dbc.Row(className="g-2", children=[
                dbc.Col(xs=6, md=3, children=html.Label(className="small w-100", children=[
                    T(f"department.{d.value}", lang, instance="attendance"),
                    dbc.Input(id=attendance_id(d.value), type="number", min=0, step=1, value=0, size="sm")]))
                for d in Department]),
        ]),
        html.Label(T("dcc.decisions_form", lang), htmlFor=F_DECISIONS, className="form-label mt-2"),
        dbc.Textarea(id=F_DECISIONS, rows=3),
        html.Div(T("dcc.actions_form", lang), className="form-label mt-2"),
        *rows,
        dbc.Button(T("dcc.save_meeting", lang), id=F_SAVE, color="primary", className="mt-2"),
        html.Div(id=F_MESSAGE, role="status", className="mt-2"),
    ])


def _actions(fields: list[Any], ids: list[dict[str, Any]]) -> list[NewAction]:
    rows: dict[int, dict[str, Any]] = {}
    for spec, value in zip(ids, fields, strict=True):
        rows.setdefault(spec["row"], {})[spec["field"]] = value
    out = []
    for row in (rows[i] for i in sorted(rows)):
        if not any(row.get(f) for f in ACTION_FIELDS):
            continue  # a row left blank
        out.append(NewAction(str(row.get("description") or ""), row.get("owner"), parse_date(row.get("due")),
                             row.get("upazila")))
    return out


@callback(Output(F_MESSAGE, "children"), Output(CHANGED, "data"), Input(F_SAVE, "n_clicks"),
          State(PAGE_URL, "search"), State(F_DATE, "date"), State(F_AGENDA, "value"),
          State(attendance_id(ALL), "value"), State(attendance_id(ALL), "id"), State(F_DECISIONS, "value"),
          State(action_field_id(ALL, ALL), "value"), State(action_field_id(ALL, ALL), "id"),
          State(action_field_id(ALL, "due"), "date"), State(action_field_id(ALL, "due"), "id"),
          State(CHANGED, "data"), State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def save_meeting(_clicks: int, search: str | None, held_on: str | None, agenda: str | None, attended: list[Any],
                 attended_ids: list[dict[str, str]], decisions: str | None, values: list[Any],
                 value_ids: list[dict[str, Any]], dues: list[str | None], due_ids: list[dict[str, Any]],
                 changed: int, lang: str) -> tuple[Any, Any]:
    """Check the form and record the meeting; problems are listed by field."""
    # The district asked for, as asked: one the actor may not edit is refused below, never
    # quietly replaced by their own.
    district = asked_district(search) or current_district(search)
    if district is None:
        return dbc.Alert(t("dcc.choose", lang), color="info"), no_update
    attendance: dict[str, int] = {}
    for spec, value in zip(attended_ids, attended, strict=True):
        try:
            attendance[spec["department"]] = int(value or 0)
        except (TypeError, ValueError):
            attendance[spec["department"]] = -1  # not a number: reported as bad attendance
    # DatePickerSingle keeps its value in "date", the other fields in "value".
    fields = [v for v, spec in zip(values, value_ids, strict=True) if spec["field"] != "due"] + dues
    ids = [spec for spec in value_ids if spec["field"] != "due"] + due_ids
    try:
        problems = add_meeting(district, parse_date(held_on), agenda or "", attendance,
                               (decisions or "").splitlines(), _actions(fields, ids), once=replayed())
    except NotPermitted:
        return dbc.Alert(t("dcc.not_permitted", lang), color="danger"), no_update
    if problems:
        return dbc.Alert(html.Ul([html.Li(f"{t(f'dcc.field.{_field(name)}', lang, number=_number(name))}: "
                                          f"{t(key, lang)}") for name, key in problems.items()]),
                         color="danger"), no_update
    return dbc.Alert(t("dcc.saved", lang), color="success"), (changed or 0) + 1


def _field(name: str) -> str:
    return "action" if name.startswith("action") else name


def _number(name: str) -> str:
    return name.removeprefix("action") if name.startswith("action") else ""


@callback(*(Output(action_field_id(i, "upazila"), "options") for i in range(ACTION_ROWS)),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def upazila_choices(search: str | None, lang: str) -> tuple[list[dict[str, str]], ...]:
    """The form's upazilas follow the district in context and the language."""
    choices = _upazilas(current_district(search or ""), lang)
    return tuple(choices for _ in range(ACTION_ROWS))


translated_props(PAGE_LANGUAGE, [
    *((action_field_id(i, "owner"), "options", _departments) for i in range(ACTION_ROWS)),
    *((action_field_id(i, field), "placeholder", lambda lang, key=key: t(key, lang))
      for i in range(ACTION_ROWS)
      for field, key in (("description", "dcc.action"), ("owner", "dcc.owner"), ("due", "dcc.due"),
                         ("upazila", "dcc.upazila_optional"))),
    *((action_field_id(i, field), "labels", dropdown_labels)
      for i in range(ACTION_ROWS) for field in ("owner", "upazila")),
])
