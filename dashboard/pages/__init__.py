"""The app's pages, one module each (Dash pages).

A page module calls ``dash.register_page`` with its path, its ``layout(lang,
search)`` function and two keys of ours: ``label_key`` (its name in the message
catalogue, shown in the navigation) and ``permission`` (the
``dashboard.access.Action`` an actor needs to open it). Page modules never
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
