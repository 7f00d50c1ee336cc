"""A friendly message in place of a traceback when a callback fails."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import set_props

from dashboard.components.ids import ERROR_ALERT
from dashboard.i18n import t

log = logging.getLogger(__name__)


def layout() -> dbc.Alert:
    """Hidden until :func:`on_callback_error` opens it."""
    return dbc.Alert(id=ERROR_ALERT, color="danger", is_open=False, dismissable=True,
                     className="m-2")


def on_callback_error(error: Exception) -> None:
    """Global Dash error handler: log the detail for staff, show the user a plain message."""
    log.exception("callback failed", exc_info=error)
    # The language store is not an input here; both languages keep the message readable.
    set_props(ERROR_ALERT, {"is_open": True, "children": f"{t('error.generic', 'en')} / {t('error.generic', 'bn')}"})
