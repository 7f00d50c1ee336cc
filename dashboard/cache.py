"""Cached query results, keyed so that one scope's or filter's figures are never served to another.

A key is the lookup's name plus a SHA-256 of its canonical JSON arguments (the
scope's sorted districts, the filters, the data version): the same view gives
the same key in every process, so workers sharing Redis share entries, and a
write anywhere (which bumps the data version) makes every older entry unreachable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from flask import g
from sqlalchemy.orm import Session

from dashboard.data_version import current_version
from dashboard.runtime import runtime

T = TypeVar("T")


def _canonical(value: Any) -> Any:
    """A JSON-ready form of ``value`` that is the same in every process (sets sorted)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {type(value).__name__: {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot build a cache key from {type(value).__name__}")


def cache_key(name: str, *parts: Any) -> str:
    """``name`` plus a digest of ``parts``; equal parts give equal keys in any process."""
    payload = json.dumps(_canonical(list(parts)), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{name}:{hashlib.sha256(payload.encode()).hexdigest()}"


def _data_version(session: Session) -> int:
    # Read once per request: a callback making several lookups sees one version.
    if "data_version" not in g:
        g.data_version = current_version(session)
    return g.data_version


def cached(name: str, parts: tuple[Any, ...], compute: Callable[[Session], T]) -> T:
    """``compute(session)`` for this request, from the cache when an equal lookup was made
    since the data last changed. ``parts`` must hold everything the result depends on
    (scope, filters, options)."""
    rt = runtime()
    with rt.database.session() as session:
        key = cache_key(name, _data_version(session), *parts)
        value = rt.cache.get(key)
        if value is None:
            value = compute(session)
            rt.cache.set(key, value)
    return value
