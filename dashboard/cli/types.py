"""Argument types shared by the command-line modules."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Protocol

from geodata import Level
from geodata.gazetteer import AmbiguousPlace, PlaceNotFound, resolve

if TYPE_CHECKING:
    from dashboard.db import Database


class CommandGroup(Protocol):
    """A module of commands: registers its sub-parsers and runs the commands that are its own."""

    def add_commands(self, commands: argparse._SubParsersAction) -> None:
        ...

    def run(self, database: Database, args: argparse.Namespace) -> bool:
        ...


def iso_date(text: str) -> date:
    """A YYYY-MM-DD date, or argparse's own error saying what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


DISTRICT_HELP = "district P-code or name (any spelling, English or Bangla)"


def district_pcode(text: str) -> str:
    """A district by P-code or name (any spelling, English or Bangla), as its P-code, or
    argparse's own error naming the candidates."""
    try:
        return resolve(text, Level.DISTRICT).pcode
    except (PlaceNotFound, AmbiguousPlace) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
