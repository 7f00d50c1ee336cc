"""An XLSForm of each import kind, for KoboToolbox and ODK (https://xlsform.org).

A programme builds its collection form from the dashboard's own definition: question names
are the kind's column names, choice names are the codes the import reads, labels come from
the catalogue in English and Bangla (so a "Labels" export reads back too), and each question
carries its HXL tag. A file exported from a form built on this one imports with no mapping.

Districts and upazilas are choice lists (P-codes as names, names in both languages as labels),
the upazila list filtered by the district chosen, so enumerators pick a place rather than type it.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.features.imports import labels
from dashboard.features.imports.kinds import KINDS, Column, Context, Kind
from geodata import Level, admin_areas

# The language columns, written as KoboToolbox and pyxform expect: name, then the code in brackets.
LANGUAGE_COLUMNS = {"en": "English (en)", "bn": "Bangla (bn)"}
DISTRICTS, UPAZILAS = "districts", "upazilas"
# The parser family (its factory's name) says what a free-typed answer is: the declaration of a
# column's type is its parser, so the question type is read from it rather than declared twice.
_TYPE_OF_PARSER = {"text": "text", "integer": "integer", "a_date": "date", "a_datetime": "dateTime",
                   "country": "text", "gps": "geopoint", "_survey_round": "text"}


def _parser_family(column: Column) -> str:
    return column.parser(Context(date.today())).__qualname__.split(".")[0]


def question_type(column: Column) -> str:
    """The XLSForm type of ``column``'s question."""
    if column.choices:
        return f"{'select_multiple' if column.multi else 'select_one'} {column.name}"
    if column.location:
        return "geopoint"
    if column.name == "district":
        return f"select_one {DISTRICTS}"
    if column.name == "upazila":
        return f"select_one {UPAZILAS}"
    family = _parser_family(column)
    if family not in _TYPE_OF_PARSER:
        raise ValueError(f"no question type for {column.name!r} (parser {family!r})")
    return _TYPE_OF_PARSER[family]


def _label_columns(prefix: str) -> list[str]:
    return [f"{prefix}::{name}" for name in LANGUAGE_COLUMNS.values()]


def survey_rows(kind: Kind) -> list[dict[str, str]]:
    """The survey sheet: Kobo's start/end times, then one question per column in the kind's order."""
    rows = [{"type": "start", "name": "start"}, {"type": "end", "name": "end"}]
    for column in kind.columns:
        row = {"type": question_type(column), "name": column.name}
        row |= dict(zip(_label_columns("label"), labels.column_labels(column), strict=True))
        row |= {"required": "yes" if column.required else "", "hxl": column.hxl}
        if column.name == "upazila" and any(c.name == "district" for c in kind.columns):
            row["choice_filter"] = "district=${district}"
        rows.append(row)
    return rows


def choice_rows(kind: Kind) -> list[dict[str, str]]:
    """The choices sheet: every coded column's codes with their labels, and the places where asked."""
    rows: list[dict[str, str]] = []
    for column in kind.columns:
        for code in column.choices:
            rows.append({"list_name": column.name, "name": code}
                        | dict(zip(_label_columns("label"), (labels.code_label(column, code, lang)
                                                             for lang in LANGUAGE_COLUMNS), strict=True)))
    names = {c.name for c in kind.columns}
    areas = sorted(admin_areas().values(), key=lambda a: (a.parent_pcode or "", a.name_en))
    if "district" in names:
        rows += [{"list_name": DISTRICTS, "name": a.pcode, "label::English (en)": a.name_en,
                  "label::Bangla (bn)": a.name_bn or a.name_en} for a in areas if a.level == Level.DISTRICT]
    if "upazila" in names:
        rows += [{"list_name": UPAZILAS, "name": a.pcode, "label::English (en)": a.name_en,
                  "label::Bangla (bn)": a.name_bn or a.name_en, "district": a.parent_pcode or ""}
                 for a in areas if a.level == Level.UPAZILA]
    return rows


def _sheet(book: Workbook, title: str, rows: list[dict[str, str]], first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet(title)
    sheet.title = title
    header = list(dict.fromkeys(key for row in rows for key in row))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(key, "") for key in header])
    sheet.freeze_panes = "A2"


def xlsform(kind_name: str, version: str = "") -> bytes:
    """The XLSForm of ``kind_name`` as XLSX bytes (survey, choices, settings)."""
    kind = KINDS[kind_name]
    book = Workbook()
    _sheet(book, "survey", survey_rows(kind), first=True)
    _sheet(book, "choices", choice_rows(kind))
    _sheet(book, "settings", [{"form_title": f"{kind.title} (PROTTASHA dashboard)",
                               "form_id": f"prottasha_{kind.name}", "version": version or date.today().isoformat(),
                               "default_language": LANGUAGE_COLUMNS["en"]}])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
