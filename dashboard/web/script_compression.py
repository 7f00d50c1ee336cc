"""Dash's script bundles sent at Brotli's best compression, compressed once per process (issue 33).

The compression layer (Flask-Compress, Dash's ``compress=True``) compresses every response as
it goes, at a fast level (Zstandard's 3 for Chromium), right for callbacks and pages that differ
each time. Dash's own scripts (the renderer, React, the core and Bootstrap components, their
lazily loaded chunks: about 0.4 MB compressed) are the same bytes for every visitor, and on a
slow office line they are the wait before anything shows: Brotli at its highest quality makes
them about a fifth smaller (the core components 82 -> 66 kB). That quality costs about half a
second per large file, so each file is compressed once and kept, by its content (an upgraded
package is new content). Plotly's modules come compressed from their build
(``dashboard.web.plotly_bundle``).

The app's own scripts and style sheets under ``assets/`` are the same for everyone too, and go
the same way: Bootstrap's style sheet, which holds back the page's first paint, is 33 kB at the
fast level and 23 kB at Brotli's best.
"""

from __future__ import annotations

from functools import lru_cache

import brotli
from flask import Flask, Response, request

# Dash's scripts, their chunks and the React it ships, and the app's assets: a few dozen files.
_KEPT = 96
# Dash names the type from Python's table, which takes it from the system's (either is JavaScript).
_TYPES = ("text/javascript", "application/javascript", "text/css")


@lru_cache(maxsize=_KEPT)
def _compressed(body: bytes) -> bytes:
    return brotli.compress(body, quality=11)


def accepts_brotli() -> bool:
    """Whether the browser asking takes Brotli-compressed bodies."""
    return request.accept_encodings["br"] > 0


def install(server: Flask, *paths: str) -> None:
    """Send the scripts and style sheets under ``paths`` Brotli-compressed to browsers that accept it.

    Registered after the compression layer, so it runs before it (Flask runs after-request
    hooks in reverse) and marks the response encoded, which the compression layer leaves alone.
    """
    prefixes = tuple(paths)

    @server.after_request
    def _brotli_scripts(response: Response) -> Response:
        if (request.method != "GET" or response.status_code != 200 or not request.path.startswith(prefixes)
                or response.mimetype not in _TYPES or "Content-Encoding" in response.headers
                or not accepts_brotli()):
            return response
        # Dash's bundles are answered from memory; assets are sent from their file, read here
        # (a few dozen kB) as the compression layer would.
        response.direct_passthrough = False
        response.set_data(_compressed(response.get_data()))
        response.headers["Content-Encoding"] = "br"
        response.vary.add("Accept-Encoding")
        # As the compression layer marks its own ("<tag>:gzip"): a tag names one encoding's bytes.
        tag, weak = response.get_etag()
        if tag and not weak:
            response.set_etag(f"{tag}:br")
        response.make_conditional(request)  # a 304 in place, as the compression layer does its own
        return response
