"""The import page: choose a kind, upload a file (with progress), read the check, confirm;
the batch history, with undo for headquarters administrators."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.filters import Filters
from dashboard.features.imports import MODES, ImportReport
from dashboard.features.imports import actions as import_actions
from dashboard.features.imports import jobs as import_jobs
from dashboard.features.imports.kinds import KINDS
from dashboard.features.imports.messages import shown
from dashboard.features.imports.template import template
from dashboard.features.imports.undo import RollbackRefused
from dashboard.features.imports.xlsform import xlsform
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui import help_panel
from dashboard.ui.exports import About, csv_download
from dashboard.ui.ids import IMPORT_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props

# This page's own copy of the language (see PageIds).
PAGE_LANGUAGE = IMPORT_PAGE.language
# The notes of this page's "How to read this" panel.
HELP = (help_panel.IMPORT, help_panel.UNDO)

KIND, MODE, DROP = "import-kind", "import-mode", "import-drop"
TEMPLATE_BUTTON, TEMPLATE_DOWNLOAD = "import-template-button", "import-template-download"
XLSFORM_BUTTON, XLSFORM_DOWNLOAD = "import-xlsform-button", "import-xlsform-download"
FILE, FILE_SLOT = "import-file", "import-file-slot"
PROGRESS, UPLOAD_STATUS, UPLOADED = "import-progress", "import-upload-status", "import-uploaded"
CHECK, CHECKED = "import-check", "import-checked"
# The background check: its job (id and the mode it ran with), the poll, and the progress shown meanwhile.
JOB, POLL, CHECK_PROGRESS = "import-job", "import-poll", "import-check-progress"
POLL_MS = 1000
# Each stage of a check (``run_import``'s progress): where its share of the bar starts, how wide
# it is, and what it says. Reading and checking take most of the time, comparing the rest.
STAGES = {"queued": (0, 0, "import.check.queued"), "read": (0, 40, "import.check.read"),
          "check": (40, 40, "import.check.check"), "store": (80, 20, "import.check.store")}
MAX_MISSES = 30  # polls in a row that find no job (another process, no shared cache) before giving up
REPORT_BUTTON, REPORT_DOWNLOAD = "import-report-button", "import-report-download"
CONFIRM, RESULT, HISTORY, CHANGED = "import-confirm", "import-result", "import-history", "import-changed"
LIMIT = "import-limit"
# Undoing a batch asks first: the dialog, its question, the batch it is about, and its two answers.
UNDO_DIALOG, UNDO_QUESTION, UNDO_PENDING = "import-undo-dialog", "import-undo-question", "import-undo-pending"
UNDO_YES, UNDO_NO = "import-undo-yes", "import-undo-no"


def undo_id(batch: int | str) -> dict[str, Any]:
    """Pattern-matching ID of one batch's undo button."""
    return {"type": "import-undo", "batch": batch}


def layout(lang: str, max_upload_mb: int) -> html.Div:
    """The page's controls; results are filled in by the callbacks below."""
    return html.Div([
        html.H2(T("import.heading", lang), className="h4"),
        html.P(T("import.intro", lang), className="text-muted"),
        help_panel.panel("import", HELP, lang),
        dbc.Row(className="g-3", children=[
            dbc.Col(md=4, children=[
                html.Label(T("import.kind", lang), htmlFor=KIND, className="form-label"),
                dcc.Dropdown(id=KIND, clearable=False, value="returnees", options=_kinds(lang),
                             labels=dropdown_labels(lang)),
                dbc.Button(T("import.template", lang), id=TEMPLATE_BUTTON, color="link", size="sm", className="px-0"),
                dcc.Download(id=TEMPLATE_DOWNLOAD),
                dbc.Button(T("import.xlsform", lang), id=XLSFORM_BUTTON, color="link", size="sm",
                           className="px-0 d-block", title=t("import.xlsform_hint", lang)),
                dcc.Download(id=XLSFORM_DOWNLOAD),
            ]),
            dbc.Col(md=4, children=[
                html.Fieldset([html.Legend(T("import.mode", lang), className="form-label fs-6"),
                               dbc.RadioItems(id=MODE, value=MODES[0], options=_modes(lang))]),
            ]),
            dbc.Col(md=4, children=[
                html.Label(T("import.drop", lang), htmlFor=DROP, className="form-label"),
                dbc.Input(id=DROP, placeholder=t("import.drop_hint", lang), debounce=True),
            ]),
        ]),
        html.Div(className="my-3 p-3 bg-white border rounded", children=[
            html.Label(T("import.file", lang), htmlFor=FILE, className="form-label fw-semibold"),
            html.P(_limit(lang, max_upload_mb), id=LIMIT, className="small text-muted mb-1"),
            # assets/upload.js sends the chosen file to /import/upload and reports back into UPLOADED.
            # Dash has no file input of its own (dcc.Upload would carry the whole file through a
            # callback): assets/upload.js puts a plain <input type=file id=import-file> in this slot.
            html.Div(id=FILE_SLOT, **{"data-upload-url": dash.get_relative_path("/import/upload")}),
            html.Progress(id=PROGRESS, max=100, value=0, className="w-100 mt-2 d-none",
                          **{"aria-label": t("import.progress", lang)}),
            html.Div(id=UPLOAD_STATUS, role="status", className="small mt-1"),
            dcc.Store(id=UPLOADED),
        ]),
        # The check runs in the background (import_actions.start_check): no spinner holding the
        # page, a progress bar polled once a second instead.
        html.Div(id=CHECK_PROGRESS, role="status", **{"aria-live": "polite"}),
        html.Div(id=CHECK),
        dcc.Store(id=CHECKED),
        dcc.Store(id=JOB),
        dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
        html.Div(className="d-flex gap-2 my-2", children=[
            dbc.Button(T("import.confirm", lang), id=CONFIRM, color="primary", disabled=True),
            dbc.Button(T("import.report_download", lang), id=REPORT_BUTTON, color="secondary", outline=True,
                       disabled=True),
            dcc.Download(id=REPORT_DOWNLOAD),
        ]),
        loading(html.Div(id=RESULT, role="status"), lang, RESULT),
        html.H3(T("import.history", lang), className="h5 mt-4"),
        dcc.Store(id=CHANGED, data=0),
        loading(html.Div(id=HISTORY, className="table-responsive"), lang, HISTORY),
        dcc.Store(id=UNDO_PENDING),
        dbc.Modal(id=UNDO_DIALOG, is_open=False, centered=True, children=[
            dbc.ModalHeader(dbc.ModalTitle(T("import.undo_confirm.title", lang))),
            dbc.ModalBody(id=UNDO_QUESTION),
            dbc.ModalFooter([
                dbc.Button(T("import.undo_confirm.no", lang), id=UNDO_NO, color="secondary", outline=True),
                dbc.Button(T("import.undo_confirm.yes", lang), id=UNDO_YES, color="danger"),
            ]),
        ]),
    ])


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], caption: str) -> html.Table:
    return html.Table(className="table table-sm table-striped align-middle", children=[
        html.Caption(caption, className="caption-top"),
        html.Thead(html.Tr([html.Th(label, scope="col") for _key, label in columns])),
        html.Tbody([html.Tr([html.Td(str(row.get(key, ""))) for key, _label in columns]) for row in rows]),
    ])


def report_view(name: str, report: ImportReport, lang: str) -> list[Any]:
    """What the check found: counts, how columns were matched, the first rows, every problem."""
    rejected_rows = len({p["row"] for p in report.rejected if p["row"]})
    summary = t("import.summary", lang, name=name, rows=format_number(report.rows, lang),
                new=format_number(report.inserted, lang), changed=format_number(report.updated, lang),
                same=format_number(report.unchanged, lang), bad=format_number(rejected_rows, lang))
    colour = "danger" if report.refused else "warning" if report.rejected else "success"
    out: list[Any] = [dbc.Alert(t("import.refused", lang) if report.refused else summary, color=colour)]
    rejected = report.rejected
    if report.unreadable and rejected and rejected[0].get("code"):
        # The one reason the file could not be read: said once, in the alert, not again in the table.
        out.append(dbc.Alert(shown(rejected[0], lang), color="danger"))
        rejected = rejected[1:]
    elif report.reason:
        out.append(dbc.Alert(t(report.reason, lang), color="danger"))
    out += [html.P(t("import.exporter", lang, name=t(f"import.exporter.{report.exporter}", lang)),
                   className="small text-muted")] if report.exporter else []  # which tool wrote the file
    problems = [(p["row"] or t("import.file_level", lang), p["field"], p["value"], shown(p, lang)) for p in rejected]
    if problems:
        out.append(_table([dict(zip(("row", "field", "value", "error"), p, strict=True)) for p in problems],
                          [("row", t("import.col.row", lang)), ("field", t("import.col.field", lang)),
                           ("value", t("import.col.value", lang)), ("error", t("import.col.error", lang))],
                          t("import.problems", lang, count=format_number(len(problems), lang))))
    if report.warnings:
        warnings = [{**w, "message": shown(w, lang, "message")} for w in report.warnings]
        out.append(_table(warnings, [("row", t("import.col.row", lang)), ("field", t("import.col.field", lang)),
                                            ("message", t("import.col.error", lang))], t("import.warnings", lang)))
    columns = report.mapping.get("columns", {})
    if columns:
        out.append(_table(_mapping_rows(report.mapping, lang), [("column", t("import.col.column", lang)),
                                                               ("header", t("import.col.header", lang))],
                          t("import.mapping", lang)))
    if report.preview:

        headers = list(report.preview[0])
        out.append(html.Div(className="table-responsive", children=_table(
            report.preview, [(h, h) for h in headers], t("import.preview", lang))))
    return out


def _mapping_rows(mapping: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """Every header the check used, and for what: a column, one choice of a select-multiple column
    (its 0/1 column), a part of the location, the submission's own metadata; then the ones not used."""
    tags = mapping.get("by_tag", {})

    def header(name: str) -> str:
        return f"{name} ({t('import.by_hxl', lang, tag=tags[name])})" if name in tags else name

    rows = [{"column": c, "header": header(h)} for c, h in mapping.get("columns", {}).items()]
    rows += [{"column": f"{c} = {code}", "header": h}
             for c, choices in mapping.get("choices", {}).items() for code, h in choices.items()]
    rows += [{"column": f"{c} ({t(f'import.mapnote.{part}', lang)})", "header": header(h)}
             for c, pair in mapping.get("gps_pairs", {}).items() for part, h in zip(("lat", "lon"), pair, strict=True)
             if h]
    rows += [{"column": f"({t(f'import.mapnote.{name}', lang)})", "header": h}
             for name, h in mapping.get("provenance", {}).items()]
    rows += [{"column": f"({t('import.staff', lang)})", "header": h} for h in mapping.get("staff", [])]
    rows += [{"column": f"({t('import.ignored', lang)})", "header": h}
             for h in mapping.get("unknown", []) + mapping.get("ignored", [])]
    return rows


def _drop(text: str | None) -> set[str]:
    return {part.strip() for part in (text or "").split(",") if part.strip()}


def checked_view(name: str, report: ImportReport, mode: str, lang: str) -> tuple[Any, bool, bool, dict[str, Any]]:
    """What a finished check shows: the report, whether Import and the report download stay
    disabled, and what the download and confirm read back."""
    blocked = report.refused or (mode == "all-or-nothing" and bool(report.rejected))
    nothing = report.inserted + report.updated == 0
    return report_view(name, report, lang), blocked or nothing, not report.rejected, \
        {"name": name, "rejected": report.rejected, "warnings": report.warnings}


def progress_view(job: import_jobs.Job | None, lang: str) -> html.Div:
    """The bar shown while a check runs: the stage, rows done of rows, and a share of the whole
    (reading is the first 40 %, checking the next 40 %, comparing with stored records the rest)."""
    if job is None:  # polled in a process that does not hold the job (no shared cache), or expired
        return html.Div(t("import.check.elsewhere", lang), className="small text-muted my-2")
    start, width, key = STAGES.get(job.stage, STAGES["queued"])
    share = job.done / job.total if job.total else 0.0
    percent = min(100, round(start + width * share))
    text = t(key, lang, done=format_number(job.done, lang), total=format_number(job.total, lang))
    # dbc.Progress takes no aria attributes: the bar's group is labelled, and its text says the rows.
    return html.Div(className="my-2", role="group", **{"aria-label": t("import.check.progress", lang)}, children=[
        html.Div(text, id=f"{CHECK_PROGRESS}-text", className="small"),
        dbc.Progress(value=percent, label=f"{format_number(percent, lang)} %", striped=True, animated=True,
                     className="mt-1", style={"height": "1.25rem"}),
    ])


@callback(Output(CHECK, "children"), Output(CONFIRM, "disabled"), Output(REPORT_BUTTON, "disabled"),
          Output(CHECKED, "data"), Output(JOB, "data"), Output(POLL, "disabled"),
          Output(CHECK_PROGRESS, "children"), Input(UPLOADED, "data"), Input(KIND, "value"), Input(MODE, "value"),
          Input(DROP, "value"), State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def check(uploaded: dict[str, Any] | None, kind: str, mode: str, drop: str | None, lang: str) -> tuple[Any, ...]:
    """Start checking the uploaded file (a dry run) whenever it or the choices change; returns
    at once, and :func:`poll` follows the job."""
    if not uploaded or "upload" not in uploaded:
        return [], True, True, None, None, True, []
    job = import_actions.start_check(uploaded["upload"], kind, mode, _drop(drop))
    return [], True, True, None, {"job": job, "mode": mode}, False, progress_view(
        import_jobs.Job(job, "", stage="queued"), lang)


@callback(Output(CHECK, "children", allow_duplicate=True), Output(CONFIRM, "disabled", allow_duplicate=True),
          Output(REPORT_BUTTON, "disabled", allow_duplicate=True), Output(CHECKED, "data", allow_duplicate=True),
          Output(POLL, "disabled", allow_duplicate=True), Output(CHECK_PROGRESS, "children", allow_duplicate=True),
          Output(JOB, "data", allow_duplicate=True), Input(POLL, "n_intervals"), State(JOB, "data"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def poll(_ticks: int, started: dict[str, Any] | None, lang: str) -> tuple[Any, ...]:
    """Follow the running check: its progress, then its report (or why it failed)."""
    if not isinstance(started, dict) or not isinstance(started.get("job"), str):
        return no_update, no_update, no_update, no_update, True, [], no_update
    job = import_actions.check_status(started["job"])
    if job is None:
        misses = int(started.get("misses", 0)) + 1
        if misses >= MAX_MISSES:
            return dbc.Alert(t("import.check.lost", lang), color="warning"), True, True, None, True, [], None
        return no_update, no_update, no_update, no_update, False, progress_view(None, lang), \
            {**started, "misses": misses}
    if not job.finished:
        return no_update, no_update, no_update, no_update, False, progress_view(job, lang), no_update
    if job.state == import_jobs.FAILED:
        why = getattr(job, "why", None)  # a job cached by an older release has none
        message = dbc.Alert([t("import.check.failed", lang), " ", shown(why, lang) if why else job.error or ""],
                            color="danger")
        return message, True, True, None, True, [], None
    name, report = job.result
    view, blocked, no_report, checked = checked_view(name, report, started.get("mode", "all-or-nothing"), lang)
    return view, blocked, no_report, checked, True, [], None


@callback(Output(RESULT, "children"), Output(CHANGED, "data"), Output(CHECK, "children", allow_duplicate=True),
          Output(CONFIRM, "disabled", allow_duplicate=True), Input(CONFIRM, "n_clicks"), State(UPLOADED, "data"),
          State(KIND, "value"), State(MODE, "value"), State(DROP, "value"), State(CHANGED, "data"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def confirm(_clicks: int, uploaded: dict[str, Any] | None, kind: str, mode: str, drop: str | None, changed: int,
            lang: str) -> tuple[Any, ...]:
    """Import for real."""
    # The stores hold what the check put there; anything else (a stale page, a crafted
    # request) is nothing to import, said plainly rather than failing on its shape.
    if not isinstance(uploaded, dict) or not isinstance(uploaded.get("upload"), str) or kind not in KINDS:
        return no_update, no_update, no_update, True
    report = import_actions.apply(uploaded["upload"], kind, mode, _drop(drop))
    if report.batch_id is None:
        return dbc.Alert(t("import.not_applied", lang), color="danger"), no_update, no_update, True
    message = t("import.applied", lang, batch=report.batch_id, new=format_number(report.inserted, lang),
                changed=format_number(report.updated, lang))
    return dbc.Alert(message, color="success"), (changed or 0) + 1, [], True


@callback(Output(HISTORY, "children"), Input(CHANGED, "data"), Input(PAGE_LANGUAGE, "data"))
def history(_changed: int, lang: str) -> Any:
    """The latest batches; undo buttons for those who may undo."""
    batches = import_actions.history()
    if not batches:
        return html.P(t("import.no_history", lang), className="text-muted")
    undo = import_actions.may_undo()
    header = [t(f"import.col.{k}", lang) for k in ("batch", "kind", "file", "by", "when", "counts")] \
        + ([t("import.col.undo", lang)] if undo else [])

    def action(batch: Any) -> Any:
        if batch.rolled_back_at:
            return t("import.undone", lang)
        return dbc.Button(t("import.undo", lang), id=undo_id(batch.id), size="sm", color="danger", outline=True)

    rows = [html.Tr([html.Td(b.id), html.Td(t(f"import.kind.{b.kind}", lang)), html.Td(b.file_name),
                     html.Td(b.created_by), html.Td(b.created_at.strftime("%Y-%m-%d %H:%M")),
                     html.Td(t("import.counts", lang, new=b.inserted, changed=b.updated, bad=b.rejected)),
                     *([html.Td(action(b))] if undo else [])]) for b in batches]
    table = html.Table(className="table table-sm align-middle", children=[
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)])
    # Who may undo, said where the batches are listed: a district officer imports, headquarters undoes.
    return [table] if undo else [table, html.P(t("import.undo_hq_only", lang), className="small text-muted")]


@callback(Output(UNDO_DIALOG, "is_open"), Output(UNDO_QUESTION, "children"), Output(UNDO_PENDING, "data"),
          Input(undo_id(ALL), "n_clicks"), State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def ask_undo(clicks: list[int | None], lang: str) -> tuple[Any, ...]:
    """An undo button asks first: which batch, and what undoing it does."""
    if not any(clicks or []) or not isinstance(ctx.triggered_id, dict):
        return no_update, no_update, no_update
    import_actions.require_undo()  # the buttons are shown only to those who may; the server checks again
    batch = int(ctx.triggered_id["batch"])
    return True, t("import.undo_confirm.question", lang, batch=batch), batch


@callback(Output(UNDO_DIALOG, "is_open", allow_duplicate=True), Output(UNDO_PENDING, "data", allow_duplicate=True),
          Input(UNDO_NO, "n_clicks"), prevent_initial_call=True)
def cancel_undo(_clicks: int | None) -> tuple[bool, None]:
    """Cancel closes the question and forgets the batch."""
    return False, None


@callback(Output(RESULT, "children", allow_duplicate=True), Output(CHANGED, "data", allow_duplicate=True),
          Output(UNDO_DIALOG, "is_open", allow_duplicate=True),
          Input(UNDO_YES, "n_clicks"), State(UNDO_PENDING, "data"), State(CHANGED, "data"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def undo(clicks: int | None, batch: int | None, changed: int, lang: str) -> tuple[Any, ...]:
    """Undo the batch the user confirmed."""
    if not clicks or not isinstance(batch, int):
        return no_update, no_update, False
    try:
        restored = import_actions.undo(batch)
    except RollbackRefused as exc:
        return dbc.Alert(exc.why.text(lang), color="warning"), no_update, False
    return (dbc.Alert(t("import.undo_done", lang, batch=batch, rows=restored), color="info"), (changed or 0) + 1,
            False)


@callback(Output(TEMPLATE_DOWNLOAD, "data"), Input(TEMPLATE_BUTTON, "n_clicks"), State(KIND, "value"),
          prevent_initial_call=True)
def download_template(_clicks: int, kind: str) -> Any:
    """The XLSX template of the chosen kind."""
    if kind not in KINDS:
        return no_update
    return dcc.send_bytes(template(kind), f"template_{kind}.xlsx")


@callback(Output(XLSFORM_DOWNLOAD, "data"), Input(XLSFORM_BUTTON, "n_clicks"), State(KIND, "value"),
          prevent_initial_call=True)
def download_xlsform(_clicks: int, kind: str) -> Any:
    """The XLSForm of the chosen kind, to build a KoboToolbox or ODK form whose exports import as they are."""
    if kind not in KINDS:
        return no_update
    return dcc.send_bytes(xlsform(kind), f"xlsform_{kind}.xlsx")


@callback(Output(REPORT_DOWNLOAD, "data"), Input(REPORT_BUTTON, "n_clicks"), State(CHECKED, "data"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download_report(_clicks: int, checked: dict[str, Any] | None, lang: str) -> Any:
    """The check's problems and warnings as CSV."""
    if not isinstance(checked, dict) or not {"rejected", "warnings", "name"} <= set(checked):
        return no_update
    rows = [{"row": p["row"], "field": p["field"], "value": p["value"], "problem": shown(p, lang)}
            for p in checked["rejected"]] + [{"row": w["row"], "field": w["field"], "value": "",
                                              "problem": shown(w, lang, "message")} for w in checked["warnings"]]
    about = About(t("import.report_title", lang, name=checked["name"]), None, Filters(), "")
    return csv_download(pd.DataFrame(rows, columns=["row", "field", "value", "problem"]),
                        f"import-report_{checked['name']}.csv", about, lang)


def _kinds(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"import.kind.{k}", lang), "value": k} for k in KINDS]


def _modes(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"import.mode.{m}", lang), "value": m} for m in MODES]


def _limit(lang: str, max_upload_mb: int | None = None) -> str:
    size = max_upload_mb if max_upload_mb is not None else runtime().settings.max_upload_bytes // (1024 * 1024)
    return t("import.limit", lang, size=format_number(size, lang))


translated_props(PAGE_LANGUAGE, [(KIND, "options", _kinds), (MODE, "options", _modes), (LIMIT, "children", _limit),
                                 (DROP, "placeholder", lambda lang: t("import.drop_hint", lang)),
                                 (KIND, "labels", dropdown_labels)])
help_panel.follow_language("import", HELP, PAGE_LANGUAGE)
