"""Serves the shipped boundary files so maps reference them by URL.

The browser fetches each file once and caches it; map updates then carry only
values, not the 0.4-1 MB of GeoJSON, which matters on a slow district link.
"""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from flask.typing import ResponseReturnValue

from geodata import GEODATA_DIR
from geodata import boundary_file as shipped_file

blueprint = Blueprint("boundaries", __name__)


@blueprint.get("/geodata/<name>.geojson")
def boundary_file(name: str) -> ResponseReturnValue:
    """One boundary file, cacheable for a week (revalidated by ETag after a release)."""
    filename = shipped_file(name)
    if filename is None:
        abort(404)
    return send_from_directory(GEODATA_DIR, filename, mimetype="application/geo+json",
                               max_age=7 * 24 * 3600)
