"""What the server and the browser's offline script (``assets/01_offline.js``) agree on.

A record made while the server could not be reached (a DCC meeting, an action item's new
status) is kept in the browser and sent later as the same Dash callback, with this header
naming it; the callback then checks that nothing changed meanwhile (docs/offline.md).
"""

from __future__ import annotations

from flask import has_request_context, request

REPLAY_HEADER = "X-Offline-Replay"


def replayed() -> bool:
    """Whether this callback request carries a record made offline, sent now."""
    return has_request_context() and bool(request.headers.get(REPLAY_HEADER))
