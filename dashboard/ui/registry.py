"""Callbacks declared next to their component, bound to each app by ``create_app``.

``dash.callback`` keeps one global list that the *first* app to start consumes
and empties, so a second app in the same process (the test suite, an app
factory per worker) would silently get no callbacks. Components therefore
declare callbacks with the decorators here, which only record them, and every
app binds the full set in :func:`bind`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash

_SERVER_SIDE: list[tuple[tuple[Any, ...], dict[str, Any], Callable[..., Any]]] = []
_CLIENT_SIDE: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []


def callback(*dependencies: Any, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Same arguments as ``dash.callback``; the function stays a plain, testable function."""

    def record(func: Callable[..., Any]) -> Callable[..., Any]:
        _SERVER_SIDE.append((dependencies, options, func))
        return func

    return record


def clientside_callback(script: str, *dependencies: Any, **options: Any) -> None:
    """Same arguments as ``dash.clientside_callback``."""
    _CLIENT_SIDE.append((script, dependencies, options))


def bind(app: dash.Dash) -> None:
    """Register every recorded callback on ``app``."""
    for dependencies, options, func in _SERVER_SIDE:
        app.callback(*dependencies, **options)(func)
    for script, dependencies, options in _CLIENT_SIDE:
        app.clientside_callback(script, *dependencies, **options)
