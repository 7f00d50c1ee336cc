"""Fingerprints of the dashboard's answers, for the load test's reference check
(``benchmarks/locustfile.py``): two answers to the same question are the same answer when they
differ only in when a download was made."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import re
from typing import Any

# A download says when it was made, to the minute (dashboard.ui.exports): two answers to the
# same question a minute apart differ there only, and are the same answer.
_PRODUCED = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _workbook_cells(data: bytes) -> bytes | None:
    """What a reader of an XLSX file sees: every sheet's name and cell values, as text; None
    when ``data`` is not a workbook. The file's bytes also say when it was written (its
    properties and its zip entries' times, to the second), so the same download made a second
    apart, or by another worker of the server, differs in bytes and not in content."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # anything openpyxl cannot read (a zip of something else) is compared as bytes
        return None
    try:
        return json.dumps([[sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]]
                           for sheet in book.worksheets], default=str).encode()
    finally:
        book.close()


def _unstamped(value: Any) -> Any:
    """``value`` with every downloaded file's production time blanked (files travel in a
    callback's answer as base64 ``content``): text files' production minute, and an XLSX file
    compared by its cells (:func:`_workbook_cells`), where its production minute is blanked too."""
    if isinstance(value, dict):
        if value.get("base64") is True and isinstance(value.get("content"), str):
            with contextlib.suppress(ValueError):
                text = base64.b64decode(value["content"], validate=True)
                if text.startswith(b"PK"):
                    text = _workbook_cells(text) or text
                return {**value, "content": hashlib.sha256(_PRODUCED.sub(b"(produced)", text)).hexdigest()}
        return {key: _unstamped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unstamped(item) for item in value]
    return value


def digest(payload: bytes) -> str:
    """A short fingerprint of an answer (JSON answers compared by content, not key order, and
    downloads without the minute they were made)."""
    with contextlib.suppress(ValueError):
        payload = json.dumps(_unstamped(json.loads(payload)), sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:16]
