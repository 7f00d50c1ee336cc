"""Argument types shared by the command-line modules."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """A YYYY-MM-DD date, or argparse's own error saying what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None
