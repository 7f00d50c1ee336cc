"""Reading a KoboToolbox "Labels" export: headers and answers as the form's labels, in English or Bangla.

KPI's default export writes each question's label instead of its name ("Date of return",
"ফেরার তারিখ") and each choice's label instead of its code ("Female", "নারী"), a
select-multiple answer being its choices' labels joined by spaces. The dashboard's
XLSForm (:mod:`dashboard.features.imports.xlsform`) takes its labels from the catalogue,
so the same catalogue reads them back: ``import.field.<column>`` for a column, and
``<vocabulary>.<code>`` for a code (``service.legal_support``).

A select-multiple answer cannot be split at spaces, since labels hold spaces ("Legal
support Job placement"): it is read from the left, taking at each point the longest
known label that starts there. Words that begin no known label are reported by name, with
the way out: export again with "XML values and headers".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from dashboard.features.imports.columns import normalise
from dashboard.features.imports.kinds import Column, Kind
from dashboard.features.imports.messages import Message, message
from dashboard.i18n import LANGUAGES, t

_SPACES = re.compile(r"\s+")


def column_labels(column: Column) -> tuple[str, ...]:
    """The column's label in every language (English, Bangla), as the XLSForm writes it."""
    if column.labels:
        return column.labels
    return tuple(t(f"import.field.{column.name}", lang) for lang in LANGUAGES)


def code_label(column: Column, code: str, lang: str) -> str:
    """The label of one of the column's codes in ``lang`` (the code itself when it has no vocabulary)."""
    return t(f"{column.vocabulary}.{code}", lang) if column.vocabulary else code


def _key(label: str) -> str:
    """Labels compare without case and with any run of spaces as one."""
    return _SPACES.sub(" ", label.strip()).casefold()


@cache
def _codes_by_label(kind_name: str, column_name: str) -> dict[str, str]:
    from dashboard.features.imports.kinds import KINDS

    column = KINDS[kind_name].column(column_name)
    return {_key(code_label(column, code, lang)): code for code in column.choices for lang in LANGUAGES}


def header_aliases(kind: Kind) -> dict[str, tuple[str, ...]]:
    """Each column's labels, normalised as headers are (``date_of_return``), to match a labels export's header."""
    return {column.name: tuple(normalise(label) for label in column_labels(column)) for column in kind.columns}


def choice_headers(kind: Kind) -> dict[str, dict[str, str]]:
    """For each select-multiple column, its choices' labels normalised as headers are, to their codes: a
    labels export names its 0/1 columns ``Services needed/Legal support``."""
    return {column.name: {normalise(code_label(column, code, lang)): code for code in column.choices
                          for lang in LANGUAGES}
            for column in kind.columns if column.multi}


@dataclass(frozen=True)
class Unmatched:
    """A cell whose words are not the labels of the column's choices (1-based data row)."""

    row: int
    column: str
    value: str
    words: str

    @property
    def message(self) -> Message:
        """What to tell the user: the words not recognised, and how to export codes instead."""
        return message("not_a_label", words=self.words, column=self.column)


def _split(answer: str, labels: dict[str, str]) -> tuple[list[str], str]:
    """The codes of a select-multiple answer written as labels, longest label first at each point;
    the words where no label starts, when some remain."""
    words = _key(answer).split(" ")
    longest = max((len(label.split(" ")) for label in labels), default=1)
    codes: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            code = labels.get(" ".join(words[position:position + length]))
            if code is not None:
                codes.append(code)
                position += length
                break
        else:
            return codes, " ".join(answer.split()[position:])
    return codes, ""


def as_codes(kind: Kind, text: pd.DataFrame, strict: bool) -> tuple[pd.DataFrame, list[Unmatched]]:
    """``text`` with every coded answer written as a label (in English or Bangla) turned into its code;
    answers written as codes are kept. With ``strict`` (a labels export, where every answer is a label),
    a cell that is neither is blanked and returned as :class:`Unmatched`; otherwise it is left for the
    column's parser to report."""
    out = text.copy()
    unmatched: list[Unmatched] = []
    for column in kind.columns:
        if not column.choices or column.name not in out:
            continue
        labels = {**_codes_by_label(kind.name, column.name), **{_key(code): code for code in column.choices}}
        values = out[column.name]
        replacements: dict[str, str] = {}
        for value in values[values != ""].unique():
            if column.multi:
                found, rest = _split(value, labels)
                replacement = " ".join(found)
            else:
                replacement = labels.get(_key(value), "")
                rest = "" if replacement else value
            if not rest:
                replacements[value] = replacement
            elif strict:
                replacements[value] = ""
                unmatched += [Unmatched(int(position) + 1, column.name, value, rest)
                              for position in (values == value).to_numpy().nonzero()[0]]
        out[column.name] = values.map(lambda v, r=replacements: r.get(v, v))
    return out, sorted(unmatched, key=lambda u: (u.row, u.column))
