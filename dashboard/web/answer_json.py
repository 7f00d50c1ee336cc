"""Callback answers written as JSON by orjson rather than by Plotly's encoder.

Dash writes every callback answer with ``plotly.io.json.to_json_plotly``: the standard
library's encoder in Python, with Plotly's fallback for objects it does not know. A district
map of every layer is 640 KB of JSON at scale 1000 (4,400 fairs with their hovers), and
writing it took 17 ms of the answer; orjson writes the same value in under 2 ms. Plotly's own
orjson mode is no faster: it first rebuilds the whole value in Python to clean it.

Dash has no setting for its encoder, so :func:`install` replaces the name its callback
dispatcher calls (``dash._callback.to_json``). ``tests/web/test_answer_json.py`` fails if that
name moves in a Dash release (the answers would silently go back to the slow encoder) and
checks that the two encoders give the same JSON value for every kind of value an answer
holds. Anything orjson does not know natively (Dash components, figures, pandas objects, a
hidden count) goes through Plotly's own fallback, so it is written as before.
"""

from __future__ import annotations

from typing import Any

import dash._callback
import orjson
import plotly.io
from plotly.utils import PlotlyJSONEncoder

# Non-string keys written as strings and NumPy values as numbers, as the standard encoder does;
# dataclasses (a hidden count) through the fallback, which writes them as they say (not as dicts).
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATACLASS
_PLOTLY = PlotlyJSONEncoder()


def _fallback(value: Any) -> Any:
    # Named tuples, which the standard encoder writes as arrays and orjson does not know.
    if isinstance(value, tuple):
        return list(value)
    # Components and figures (to_plotly_json), pandas, NumPy's odd types, dates in pandas:
    # Plotly's encoder turns each into plain JSON values, or raises TypeError.
    return _PLOTLY.default(value)


def to_json(value: Any) -> str:
    """``value`` as compact JSON text, the same JSON value Plotly's encoder gives (NaN and
    infinities as null, as Plotly writes them; non-ASCII text as UTF-8, not escaped)."""
    return orjson.dumps(value, default=_fallback, option=_OPTIONS).decode()


def install() -> None:
    """Make Dash's callback dispatcher write answers with :func:`to_json` (once per process)."""
    if not hasattr(dash._callback, "to_json"):
        raise RuntimeError("dash._callback.to_json is gone: see dashboard.web.answer_json")
    dash._callback.to_json = to_json
    # With orjson installed, Plotly's "auto" engine would switch every other encoding (the page
    # layout, figures written for the brief and the print) to its orjson mode, which cleans the
    # whole value in Python first and was no faster: they keep the encoder they had.
    plotly.io.json.config.default_engine = "json"
