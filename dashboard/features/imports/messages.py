"""What an import tells its user, as catalogue entries: a stable code and its parameters.

The check never writes a sentence itself: a row problem, a caution, a refused file's reason
is a :class:`Message` (``code`` and ``params``) and the catalogue holds its words in English
and Bangla (``import.msg.<code>``). The page renders it in the page's language, the CLI in
English (or ``--lang``), and ``--json`` carries the code and parameters beside the English
text, so a program reading the report never parses prose.

Parameters are plain JSON values, rendered by kind so that a message reads naturally in each
language while the user's own words stay as written:

- a whole number (``int``) is a number in the language's digits and grouping (1,205; ১,২০৫);
- a list of whole numbers (row numbers) is those numbers joined by commas;
- a name ending in ``_area`` holds a P-code, rendered as the area's name in the language;
- a name ending in ``_date`` holds an ISO date, rendered as the catalogue's dates are;
- anything else (a header, a value from the file, codes, column names) is shown verbatim, a
  list of them joined by commas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.i18n import DEFAULT_LANGUAGE, catalogue, format_date, format_number, t
from geodata import admin_areas

PREFIX = "import.msg."  # every message's catalogue key is this and its code


def key_of(code: str) -> str:
    """The catalogue key of a message code."""
    return f"{PREFIX}{code}"


@dataclass(frozen=True, eq=False)
class Message:
    """One message: its code (``import.msg.<code>`` in the catalogue) and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The catalogue key."""
        return key_of(self.code)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang``."""
        return render(self.code, self.params, lang)

    def as_json(self) -> dict[str, Any]:
        """``code`` and ``params``, as ``import --json`` and the page's stores carry them."""
        return {"code": self.code, "params": dict(self.params)}

    def __eq__(self, other: object) -> bool:
        # Compared with "" by the parsers' error columns (a fine cell holds ""): never equal to text.
        return isinstance(other, Message) and (self.code, dict(self.params)) == (other.code, dict(other.params))

    __hash__ = None  # type: ignore[assignment]  # params may hold lists

    def __str__(self) -> str:
        return self.text()


def message(code: str, **params: Any) -> Message:
    """A message with its parameters (lists and tuples kept as lists: JSON's shape)."""
    return Message(code, {k: list(v) if isinstance(v, tuple | list) else v for k, v in params.items()})


def _value(name: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, list):
        return ", ".join(_value(name, v, lang) for v in value)
    if name.endswith("_area") and isinstance(value, str) and value in admin_areas():
        return admin_areas()[value].name(lang)
    if name.endswith("_date") and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value), lang)
        except ValueError:
            return value
    return str(value)


def render(code: str, params: Mapping[str, Any] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The words of message ``code`` with ``params``, in ``lang``."""
    values = {name: _value(name, value, lang) for name, value in (params or {}).items()}
    return t(key_of(code), lang, **values) if values else t(key_of(code), lang)


def shown(entry: Mapping[str, Any], lang: str, text_field: str = "error") -> str:
    """A report's problem or warning (a dict with ``code`` and ``params``) in ``lang``; a dict
    without a code (written before messages had codes) shows its English text as it is."""
    code = entry.get("code")
    if isinstance(code, str) and key_of(code) in catalogue(DEFAULT_LANGUAGE):
        return render(code, entry.get("params") or {}, lang)
    return str(entry.get(text_field, ""))
