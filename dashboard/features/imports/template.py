"""Downloadable XLSX templates: a header row, a row of HXL hashtags (skipped at import), drop-down
lists for coded columns, and a notes sheet explaining every column (openpyxl). One template per
kind, from its declaration."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.features.imports.kinds import KINDS

# Rows the drop-down lists cover (enough for a district's year of records).
VALIDATED_ROWS = 5000


def template(kind_name: str) -> bytes:
    """The template workbook for ``kind_name`` as XLSX bytes."""
    kind = KINDS[kind_name]
    book = Workbook()
    sheet = book.active
    sheet.title = kind.name
    lists = book.create_sheet("lists")
    notes = book.create_sheet("notes")
    bold = Font(bold=True)
    for position, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=position, value=column.name)
        cell.font = bold
        tag = sheet.cell(row=2, column=position, value=column.hxl)
        tag.font = Font(italic=True, color="808080")
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(column.name) + 4)
        if column.choices:
            for row, value in enumerate(column.choices, start=1):
                lists.cell(row=row, column=position, value=value)
            letter = get_column_letter(position)
            validation = DataValidation(type="list", formula1=f"=lists!${letter}$1:${letter}${len(column.choices)}",
                                        allow_blank=not column.required, showErrorMessage=not column.multi)
            validation.error = f"Choose one of the codes listed for {column.name}"
            sheet.add_data_validation(validation)
            validation.add(f"{letter}3:{letter}{VALIDATED_ROWS}")
    notes.append(["column", "required", "what to write", "allowed codes", "HXL tag"])
    for cell in notes[1]:
        cell.font = bold
    for column in kind.columns:
        notes.append([column.name, "yes" if column.required else "", column.description, " ".join(column.choices),
                      column.hxl])
    for letter, width in (("A", 24), ("B", 10), ("C", 90), ("D", 60), ("E", 24)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    lists.sheet_state = "hidden"
    sheet.freeze_panes = "A3"  # the header and its HXL row stay in view
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def markdown() -> str:
    """The column schema of every kind, for docs/import.md."""
    lines = []
    for kind in KINDS.values():
        lines += [f"### `{kind.name}`: {kind.title}", "", f"Natural key: {', '.join(f'`{k}`' for k in kind.key)}.",
                  "", "| column | required | what to write | codes | HXL |", "|---|---|---|---|---|"]
        lines += [f"| `{c.name}` | {'yes' if c.required else ''} | {c.description} | "
                  f"{', '.join(f'`{x}`' for x in c.choices)} | `{c.hxl}` |" for c in kind.columns]
        lines.append("")
    return "\n".join(lines)
