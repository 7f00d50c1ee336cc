"""The query string as the view's state: parse it, and change only the keys a component owns.

Each component reads the URL keys it owns and writes only those, keeping the
rest: the filter panel owns the period and person filters, the map owns area,
metric and layers. A copied link therefore carries the whole view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qs, urlencode


def parse_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=`` as ``{"a": "1", "b": ""}``; blank values are kept ("layers=" means none)."""
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}


def build_search(query: Mapping[str, str]) -> str:
    """A query string ("?a=1&b=2"), or "" for no parameters; commas stay readable."""
    return "?" + urlencode(dict(query), safe=",") if query else ""


def with_params(search: str | None, owned: Iterable[str], values: Mapping[str, str]) -> str:
    """``search`` with every ``owned`` key replaced by ``values`` (absent there: removed); other keys kept.

    Keys come out sorted: several components rewrite the same query string, and if each
    put its own keys last they would keep undoing each other's order, for ever.
    """
    owned = set(owned)
    query = {k: v for k, v in parse_query(search).items() if k not in owned}
    query.update({k: v for k, v in values.items() if k in owned})
    return build_search(dict(sorted(query.items())))


def keep_params(search: str | None, keys: Iterable[str]) -> str:
    """Only ``keys`` of ``search``: what travels when the user moves to another page."""
    keys = set(keys)
    return build_search({k: v for k, v in parse_query(search).items() if k in keys})
