"""Files users download: what they hold, and safe to open in Excel.

Every CSV is UTF-8 *with* a byte-order mark (Excel otherwise shows Bangla as
mojibake; ``dcc.send_data_frame`` drops the mark, hence bytes here), starts
with :data:`ABOUT_LINES` lines saying what it holds (title, area, filters,
who may see it, when it was made) and a blank line, then the table. Cells
that a spreadsheet would run as a formula are made inert. The same table as
XLSX has the data on its first sheet and the same lines on an "about" sheet;
there, text is stored as text (never a formula) and numbers as numbers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from dash import dcc
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.filters import Filters
from dashboard.i18n import t
from geodata import admin_areas

BOM = "\ufeff"
# Lines before the table: title, area, filters, scope, produced (then a blank line).
ABOUT_LINES = 5
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def inert(value: Any) -> Any:
    """A cell safe to open in a spreadsheet: text that starts like a formula gets a leading
    apostrophe (OWASP CSV-injection guidance); numbers, and text that is a number, stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell (and header) made inert."""
    out = table.copy()
    out.columns = [inert(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(inert)
    return out


@dataclass(frozen=True)
class About:
    """What a downloaded file holds."""

    title: str
    area: str | None
    filters: Filters
    scope_text: str

    def lines(self, lang: str) -> list[tuple[str, str]]:
        """(label, value) rows for the top of the file."""
        area = admin_areas()[self.area].name(lang) if self.area else t("map.national", lang)
        chosen = "; ".join(self.filters.chip_label(name, lang) for name in self.filters.active())
        return [
            (t("export.title", lang), self.title),
            (t("export.area", lang), area),
            (t("export.filters", lang), chosen or t("export.no_filters", lang)),
            (t("export.scope", lang), self.scope_text),
            (t("export.produced", lang), datetime.now().strftime("%Y-%m-%d %H:%M")),
        ]


def csv_bytes(table: pd.DataFrame, about: About, lang: str) -> bytes:
    """The file: BOM, the about lines, a blank line, the table (integers stay integers)."""
    buffer = io.StringIO()
    pd.DataFrame(about.lines(lang)).map(inert).to_csv(buffer, index=False, header=False)
    buffer.write("\n")
    safe_table(table).to_csv(buffer, index=False)
    return (BOM + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: pd.DataFrame, about: About, lang: str) -> bytes:
    """The table on a "data" sheet, what it holds on an "about" sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    _write_rows(sheet, [list(map(str, table.columns)), *table.astype(object).itertuples(index=False, name=None)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    _write_rows(book.create_sheet("about"), [list(pair) for pair in about.lines(lang)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_rows(sheet: Any, rows: list[Any]) -> None:
    for row in rows:
        sheet.append([None if _missing(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text as text: a value starting with "=" is not a formula


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": ("text/csv", csv_bytes), "xlsx": (XLSX_TYPE, xlsx_bytes)}


def table_download(table: pd.DataFrame, stem: str, about: About, lang: str, fmt: str = "csv") -> dict[str, Any]:
    """What a ``dcc.Download`` needs to save the table as ``stem`` + ".csv" or ".xlsx"."""
    mimetype, writer = FORMATS[fmt]
    return dcc.send_bytes(writer(table, about, lang), f"{stem}.{fmt}", type=mimetype)


def csv_download(table: pd.DataFrame, filename: str, about: About, lang: str) -> dict[str, Any]:
    """What a ``dcc.Download`` needs to save the table as ``filename`` (CSV)."""
    return dcc.send_bytes(csv_bytes(table, about, lang), filename, type="text/csv")


def file_stem(*parts: str | None) -> str:
    """A file name without extension from its parts ("layer", "fairs", "BD6091", "2019-01-01") joined by "_"."""
    return "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", p) for p in parts if p)


def file_name(*parts: str | None) -> str:
    """A CSV file name from its parts."""
    return file_stem(*parts) + ".csv"
