"""The import page (``/import``): field data in, checked, confirmed, undoable."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.imports import component as import_panel
from dashboard.runtime import runtime
from dashboard.ui.ids import IMPORT_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The import panel."""
    limit_mb = runtime().settings.max_upload_bytes // (1024 * 1024)
    return dbc.Container(fluid=True, className="pt-3", children=import_panel.layout(lang, limit_mb))


dash.register_page(__name__, path="/import", name="Import data", title="Import data", order=40, layout=layout,
                   label_key="nav.import", permission=Action.IMPORT, ids=IMPORT_PAGE)
