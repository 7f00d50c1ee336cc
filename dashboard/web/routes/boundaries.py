"""Serves the shipped boundaries so maps reference them by URL.

The browser fetches each file once and caches it; map updates then carry only
values. A district view asks for that district's upazilas only (tens of KB, not
the country's 1 MB), and every response is compressed (``application/geo+json``
is added to Flask-Compress's types in ``create_app``).
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue

from geodata import GEODATA_DIR, district_upazilas
from geodata import boundary_file as shipped_file

blueprint = Blueprint("boundaries", __name__)
MIMETYPE = "application/geo+json"
MAX_AGE = 7 * 24 * 3600


@lru_cache(maxsize=4)
def _shipped(filename: str) -> str:
    # Held in memory (1.6 MB in all) and sent as a plain response: Flask-Compress
    # leaves send_file's streamed responses uncompressed.
    return (GEODATA_DIR / filename).read_text(encoding="utf-8")


def _geojson(text: str | None) -> ResponseReturnValue:
    """Cacheable for a week; an ETag makes a revisit after that cost a 304."""
    if text is None:
        abort(404)
    response = Response(text, mimetype=MIMETYPE)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@blueprint.get("/geodata/<name>.geojson")
def boundary_file(name: str) -> ResponseReturnValue:
    """One level's boundary file."""
    filename = shipped_file(name)
    return _geojson(_shipped(filename) if filename else None)


@blueprint.get("/geodata/upazilas/<district>.geojson")
def district_file(district: str) -> ResponseReturnValue:
    """The upazilas of one district."""
    return _geojson(district_upazilas(district))
