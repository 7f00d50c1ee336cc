"""A friendly message in place of a traceback when a callback fails."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import set_props

from dashboard.core.guard import NotPermitted
from dashboard.i18n import t
from dashboard.ui.ids import ERROR_ALERT

log = logging.getLogger(__name__)


def layout() -> dbc.Alert:
    """Hidden until :func:`on_callback_error` opens it."""
    return dbc.Alert(id=ERROR_ALERT, color="danger", is_open=False, dismissable=True,
                     className="m-2")


def on_callback_error(error: Exception) -> None:
    """Global Dash error handler: log the detail for staff, show the user a plain message
    (for a request outside the user's districts, that it is not permitted: never the data)."""
    key = "error.not_permitted" if isinstance(error, NotPermitted) else "error.generic"
    if key == "error.generic":
        log.exception("callback failed", exc_info=error)
    else:
        log.warning("refused: %s", error)
    # The language store is not an input here; both languages keep the message readable.
    set_props(ERROR_ALERT, {"is_open": True, "children": f"{t(key, 'en')} / {t(key, 'bn')}"})
