"""One answer per question within a request, for lookups several parts of one view ask.

A map view with every layer asked for the same returnee cells three times (the choropleth's
metric, the awareness layer's per-returnee ratio, the hotline layer's per-10,000 rate), each
from its own session; the two layers share their base (``returnees_profiled``), which
is read from those cells when the request already has them (:func:`recalled`). The
caller that owns the request (``dashboard.core.cache.cached``) gives each session the same
dictionary in ``session.info[MEMO]``; a query wrapped here then answers a repeated question
from it. A session without that dictionary (the command line,
imports, tests calling a query directly) computes every time, as before.

Only read-only lookups belong here: the dictionary lives as long as the request, and a
request that wrote and then read again would see the answer from before its write. Callers
share the answer itself, so none may change it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

MEMO = "request_memo"

T = TypeVar("T")


def memoised(session: Session, name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the answer an equal question (``name`` and ``parts``) already got in this request."""
    memo: dict[tuple[Any, ...], Any] | None = session.info.get(MEMO)
    if memo is None:
        return compute()
    key = (name, *parts)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def recalled(session: Session, name: str, parts: tuple[Hashable, ...]) -> Any | None:
    """The answer an equal question (``name`` and ``parts``) already got in this request, or None."""
    memo: dict[tuple[Any, ...], Any] | None = session.info.get(MEMO)
    return None if memo is None else memo.get((name, *parts))


__all__ = ["MEMO", "memoised", "recalled"]
