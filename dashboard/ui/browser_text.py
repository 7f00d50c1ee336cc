"""Messages that the browser-side scripts in ``assets/`` show (the connection notice, names for
controls Dash draws without one), from the same catalogue as everything else.

The scripts cannot call ``t()``: the current language's messages are kept in a store and
handed to them as ``window.dashboardText`` whenever the language changes.
"""

from __future__ import annotations

from dash import Input, Output, dcc

from dashboard.i18n import t
from dashboard.ui.ids import LANGUAGE
from dashboard.ui.registry import callback, clientside_callback

TEXT = "browser-text"
# Message keys, by the name the scripts use.
KEYS = {
    "offline": "browser.offline",
    "retry": "browser.retry",
    "first-page": "browser.first_page",
    "previous-page": "browser.previous_page",
    "next-page": "browser.next_page",
    "last-page": "browser.last_page",
    "loading": "loading.working",
    # The offline script (assets/01_offline.js): the "as of" banner and records made offline.
    **{f"offline-{key.replace('_', '-')}": f"offline.{key}" for key in (
        "as_of", "queued", "waiting", "sent", "show", "conflict", "yours", "server", "session_ended", "refused",
        "send_again", "discard", "sign_out_unsent", "meeting", "item_status",
        # "Keep my district available offline" (assets/01_offline_keep.js).
        "keep_progress", "keep_saved", "keep_partial", "keep_never", "keep_no_line", "keep_failed")},
    # The import page's upload (assets/upload.js): its own failures, and the server's refusals by code.
    "upload-too-large": "import.upload.too_large",
    "upload-failed": "import.upload.failed",
    "upload-offline": "import.upload.offline",
    "upload-may_not_import": "import.msg.may_not_import",
    "upload-no_file": "import.msg.no_file",
    "status-done": "dcc.status.done",
    "status-dropped": "dcc.status.dropped",
    # Plotly's mode bar titles its buttons in English whatever the page's language; the
    # script swaps each title it knows (by Plotly's English text) for the catalogue's.
    **{f"plotly:{english}": f"plotly.{key}" for english, key in (
        ("Download plot as a png", "download_png"), ("Download plot as a PNG", "download_png"),
        ("Download plot", "download"), ("Zoom", "zoom"),
        ("Pan", "pan"), ("Zoom in", "zoom_in"), ("Zoom out", "zoom_out"), ("Reset view", "reset_view"),
        ("Reset", "reset_view"),  # the SVG map's button (figures/svg_map)
        ("Reset axes", "reset_axes"), ("Autoscale", "autoscale"), ("Box Select", "box_select"),
        ("Lasso Select", "lasso_select"), ("Toggle Spike Lines", "spikelines"),
        ("Show closest data on hover", "hover_closest"), ("Compare data on hover", "hover_compare"))},
}


def messages(lang: str) -> dict[str, str]:
    """The scripts' messages in ``lang``."""
    return {name: t(key, lang) for name, key in KEYS.items()}


def layout(lang: str) -> dcc.Store:
    """The store holding the messages, filled for ``lang``."""
    return dcc.Store(id=TEXT, data=messages(lang))


@callback(Output(TEXT, "data"), Input(LANGUAGE, "data"), prevent_initial_call=True)
def relabel(lang: str) -> dict[str, str]:
    """The messages in the newly chosen language."""
    return messages(lang)


clientside_callback(
    "function (text) { window.dashboardText = text || {};"
    " document.dispatchEvent(new Event('dashboard-text')); }",
    Input(TEXT, "data"),
)
