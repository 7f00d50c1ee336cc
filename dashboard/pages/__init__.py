"""The app's pages, one module each (Dash pages).

A page module calls ``dash.register_page`` with its path, its ``layout(lang,
search)`` function and keys of ours: ``label_key`` (its name in the message
catalogue, shown in the navigation), ``permission`` (the
``dashboard.access.Action`` an actor needs to open it), ``ids`` (its
``components.ids.PageIds``: the URL and language its callbacks listen to) and,
optionally, ``filters=True`` to show the frame's filter panel above it. Page modules never
import the app. :func:`register_pages` imports every module in this package,
so adding a page is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil


def register_pages() -> None:
    """Import (and so register) every page module; Dash must have been created first."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
