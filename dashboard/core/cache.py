"""Cached query results, keyed so that one scope's or filter's figures are never served to another.

A key is the lookup's name plus a SHA-256 of its canonical JSON arguments (the
scope's sorted districts, the filters, the data version): the same view gives
the same key in every process, so workers sharing Redis share entries, and a
write anywhere (which bumps the data version) makes every older entry unreachable.
Query results are kept with :func:`cached`; whole answers of views drawn from the URL
with :func:`cached_render`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from flask import g
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from dashboard.config import PROJECT_ROOT
from dashboard.core.access import current_actor
from dashboard.core.data_version import current_version
from dashboard.core.reads import reading
from dashboard.i18n import bangla_digits
from dashboard.queries.memo import MEMO
from dashboard.runtime import runtime

PACKAGES = ("dashboard", "layers", "geodata")

T = TypeVar("T")
P = ParamSpec("P")


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


@functools.cache
def code_version() -> str:
    """A digest of the app's Python sources: part of every key, so a deploy of new code never
    reads entries an older version wrote in a cache that outlives it (Redis), whose shape or
    contents (a rendered view) the new code may no longer produce."""
    return sources_digest(PROJECT_ROOT)


def sources_digest(root: Path) -> str:
    """12 hex digits of SHA-256 over the path and bytes of every ``.py`` file of ``PACKAGES`` under ``root``."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        for source in sorted((root / package).rglob("*.py")):
            digest.update(source.relative_to(root).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def cache_key(name: str, *parts: Any) -> str:
    """``name`` plus a digest of ``parts``; equal parts give equal keys in any process."""
    payload = json.dumps(_canonical(list(parts)), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{name}:{hashlib.sha256(payload.encode()).hexdigest()}"


def request_memo() -> dict[tuple[Any, ...], Any]:
    """The answers this request's read-only lookups have had (``dashboard.queries.memo``)."""
    if "query_memo" not in g:
        g.query_memo = {}
    memo: dict[tuple[Any, ...], Any] = g.query_memo
    return memo


def request_data_version() -> int:
    """The data version this request reads: read once, so a callback making several
    lookups sees one version."""
    if "data_version" not in g:
        with reading() as session:
            g.data_version = current_version(session)
    return g.data_version


def cached(name: str, parts: tuple[Any, ...], compute: Callable[[Session], T]) -> T:
    """``compute(session)`` for this request, from the cache when an equal lookup was made
    since the data last changed. ``parts`` must hold everything the result depends on
    (scope, filters, options)."""
    def from_database() -> T:
        with reading() as session:
            # Lookups of one request share answers to equal questions (dashboard.queries.memo).
            session.info[MEMO] = request_memo()
            return compute(session)

    return _kept(cache_key(name, request_data_version(), *parts), from_database)


# What a cache that cannot be reached raises (redis-py's errors; OSError for a socket that fails below it).
UNREACHABLE: tuple[type[BaseException], ...] = (RedisError, OSError)


def _kept(key: str, compute: Callable[[], T]) -> T:
    """The value kept under ``key``, computed and kept first if there is none.

    A cache that cannot be reached is a slower answer, never a failed one: the value is
    computed as if nothing were kept, and the outage is remembered for a few seconds so
    requests in the meantime do not each wait for the refused connection."""
    rt = runtime()
    if rt.cache_outage.down():
        return compute()
    try:
        value = rt.cache.get(key)
    except UNREACHABLE as exc:
        rt.cache_outage.failed(exc)
        return compute()
    if value is None:
        value = compute()
        try:
            rt.cache.set(key, value)
        except UNREACHABLE as exc:
            rt.cache_outage.failed(exc)
            return value
    rt.cache_outage.recovered()
    return value


def cached_render(name: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Keep a callback's whole answer, for callbacks whose outputs follow from their
    arguments, the reader's access and the stored data alone (a view drawn from the URL).

    Many people open the same few views (the national map, their district): a hit skips
    building figures, legends and tables, which is most of a cached request's work once the
    queries are cached. The key holds what the answer may depend on besides the arguments:
    the actor's role, districts and sign-in (privacy rules differ by role, so two roles
    never share an answer, while two officers of the same district do), the reader's
    digits in Bangla (a cookie, see ``dashboard.core.digits``), today's date (periods relative
    to today) and the data version (a write makes every answer stale).
    Never use it for a callback with side effects (audit records, downloads).
    """
    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def answer(*args: P.args, **kwargs: P.kwargs) -> T:
            actor = current_actor()
            key = cache_key(f"render:{name}", request_data_version(), actor.role, actor.districts,
                            actor.authenticated, bangla_digits("bn"), date.today(), list(args), kwargs)
            return _kept(key, lambda: func(*args, **kwargs))

        return answer

    return decorate
