"""The reader's choice of digits in the Bangla interface: Bangla (১,২০৫, the default) or
Latin (1,205) for readers used to Latin numbers. Kept in a cookie so that every request
(callbacks, downloads, the printable brief) formats numbers the same way, on the server.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request

from dashboard.i18n import set_latin_digits

COOKIE = "dashboard_digits"
LATIN = "latin"


def keeps_latin() -> bool:
    """Whether the reader of the current request keeps Latin digits."""
    return has_request_context() and request.cookies.get(COOKIE) == LATIN


def install(server: Flask) -> None:
    """Apply the reader's choice at the start of every request."""

    @server.before_request
    def _apply_digits() -> None:
        set_latin_digits(keeps_latin())
