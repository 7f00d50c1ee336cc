"""One message catalogue for every label, in English and Bangla.

Components ask for ``t("indicator.returnees_profiled", lang)`` instead of writing
labels; a test fails when a key used in code is missing from either language.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates

from dashboard.core.privacy import Hidden

LANGUAGES = ("en", "bn")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).resolve().parent
_BANGLA_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
# A reader's choice to keep Latin digits in the Bangla interface (set per request from the
# reader's setting, see dashboard.core.digits): words stay Bangla, numbers read 1,205.
_LATIN_DIGITS: ContextVar[bool] = ContextVar("latin_digits", default=False)


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, keyed by dotted message key."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``.

    A key missing in Bangla falls back to English; a key missing in English is a
    programming error and raises KeyError.
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def format_number(value: float | int | Hidden | str | None, lang: str = DEFAULT_LANGUAGE,
                  decimals: int = 0) -> str:
    """A number for display: 996,003 in English, ৯,৯৬,০০৩ (lakh grouping, Bangla digits) in Bangla.
    A hidden count reads "<5", and other text is shown as it is, in the language's digits."""
    if value is None:
        return "–"
    if isinstance(value, Hidden | str):
        return to_bangla_digits(str(value)) if lang == "bn" else str(value)
    if lang != "bn":
        return f"{value:,.{decimals}f}"
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    # South Asian grouping: last three digits, then pairs (lakh, crore).
    head, tail = whole[:-3], whole[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    grouped = ",".join(([head] if head else []) + pairs + [tail])
    text = sign + grouped + (f".{fraction}" if fraction else "")
    return to_bangla_digits(text)


def to_bangla_digits(text: str) -> str:
    """Latin digits replaced by Bangla digits (unless the reader keeps Latin digits)."""
    return text if _LATIN_DIGITS.get() else text.translate(_BANGLA_DIGITS)


def bangla_digits(lang: str) -> bool:
    """Whether numbers in ``lang`` are written in Bangla digits for the current reader."""
    return lang == "bn" and not _LATIN_DIGITS.get()


def set_latin_digits(keep: bool) -> None:
    """Keep Latin digits in Bangla for the rest of this context (one request)."""
    _LATIN_DIGITS.set(keep)


@contextmanager
def latin_digits(keep: bool = True) -> Iterator[None]:
    """Keep (or not) Latin digits in Bangla inside the ``with`` block."""
    token = _LATIN_DIGITS.set(keep)
    try:
        yield
    finally:
        _LATIN_DIGITS.reset(token)


def format_date(day: date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """"23 March 2019" in English, "২৩ মার্চ ২০১৯" in Bangla (CLDR month names via Babel)."""
    if day is None:
        return "–"
    text = _babel_date(day, "d MMMM y", "bn" if lang == "bn" else "en")
    return to_bangla_digits(text) if lang == "bn" else text


def format_month(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """"Mar 2019" in English, "মার্চ ২০১৯" in Bangla (CLDR abbreviated month names via Babel)."""
    text = _babel_date(day, "MMM y", "bn" if lang == "bn" else "en")
    return to_bangla_digits(text) if lang == "bn" else text


@lru_cache(maxsize=8192)
def _babel_date(day: date, pattern: str, locale: str) -> str:
    # Babel parses the pattern and looks up the locale on every call (a district's
    # thousands of fair dates took 0.2 s per map); the same days recur across hovers.
    return babel_dates.format_date(day, pattern, locale=locale)


def format_digits(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Text with digits but no grouping (a year, a quarter's number) in the language's digits."""
    return to_bangla_digits(text) if lang == "bn" else text


@lru_cache(maxsize=len(LANGUAGES))
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse("bn" if lang == "bn" else "en").territories)


def country_name(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A country's name from its ISO 3166 alpha-2 code, in ``lang`` (CLDR via Babel); the code if unknown."""
    return _territories(lang).get(code.upper(), code)
