"""The app's pages: each feature's ``page`` module (Dash pages).

A page module calls ``dash.register_page`` with its path, its ``layout(lang,
search)`` function and keys of ours: ``label_key`` (its name in the message
catalogue, shown in the navigation), ``permission`` (the
``dashboard.core.access.Action`` an actor needs to open it), ``ids`` (its
``ui.ids.PageIds``: the URL and language its callbacks listen to) and,
optionally, ``filters=True`` to show the frame's filter panel above it. Page modules never
import the app. :func:`register_pages` imports the ``page`` module of every package in
``dashboard.features``, so adding a page is adding a feature with a ``page`` module.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

from dashboard import features


def register_pages() -> None:
    """Import (and so register) every feature's page module; Dash must have been created first."""
    for feature in pkgutil.iter_modules(features.__path__):
        if feature.ispkg and importlib.util.find_spec(f"{features.__name__}.{feature.name}.page") is not None:
            importlib.import_module(f"{features.__name__}.{feature.name}.page")
