"""``POST /import/upload``: files for the import page, kept briefly on disk for the person who sent them.

A plain multipart upload (not a Dash callback) so the browser can show real
progress for a large file and the server can limit its size on its own
(``DASHBOARD_MAX_UPLOAD_BYTES``, checked before the body is read). The page then
refers to the file by an opaque id; only the uploader can use it.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.utils import secure_filename

from dashboard.config import PROJECT_ROOT
from dashboard.core.access import Action, current_actor
from dashboard.features.imports.messages import Message, message

blueprint = Blueprint("uploads", __name__)
UPLOADS = PROJECT_ROOT / "instance" / "uploads"
KEEP_SECONDS = 24 * 3600
_ID_LENGTH = 24


def _paths(upload_id: str) -> tuple[Path, Path]:
    return UPLOADS / f"{upload_id}.bin", UPLOADS / f"{upload_id}.json"


def _refused(why: Message, status: int) -> ResponseReturnValue:
    """A refusal in English with its message code: the page's script shows the code's words in
    the page's language (``dashboard.ui.browser_text``), the English where it has none."""
    return jsonify({"error": why.text(), **why.as_json()}), status


def _forget_old() -> None:
    """Uploads are working copies: any older than a day are removed."""
    cutoff = time.time() - KEEP_SECONDS
    for path in UPLOADS.glob("*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


@blueprint.post("/import/upload")
def upload() -> ResponseReturnValue:
    """Keep the file; answer with its id, name and size (JSON)."""
    actor = current_actor()
    if not actor.may(Action.IMPORT):
        return _refused(message("may_not_import"), 403)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        return _refused(message("no_file"), 400)
    UPLOADS.mkdir(parents=True, exist_ok=True)
    _forget_old()
    upload_id = secrets.token_urlsafe(18)
    data_path, meta_path = _paths(upload_id)
    sent.save(data_path)
    name = secure_filename(sent.filename) or "upload"
    meta = {"name": name, "size": data_path.stat().st_size, "owner": actor.name}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return jsonify({"upload": upload_id, "name": name, "size": meta["size"]})


def uploaded(upload_id: str | None) -> tuple[str, bytes] | None:
    """(file name, contents) of an upload by the current actor, or None (unknown, expired, someone else's)."""
    if not upload_id or len(upload_id) != _ID_LENGTH or not upload_id.replace("-", "").replace("_", "").isalnum():
        return None
    data_path, meta_path = _paths(upload_id)
    if not meta_path.exists() or not data_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("owner") != current_actor().name:
        return None
    return meta["name"], data_path.read_bytes()


def discard(upload_id: str) -> None:
    """Remove an upload once it has been imported."""
    for path in _paths(upload_id):
        path.unlink(missing_ok=True)
