"""Files users download: what they hold, and safe to open in Excel.

Every CSV is UTF-8 *with* a byte-order mark (Excel otherwise shows Bangla as
mojibake; ``dcc.send_data_frame`` drops the mark, hence bytes here), starts
with :data:`ABOUT_LINES` lines saying what it holds (title, area, filters,
who may see it, when it was made) and a blank line, then the table; rows end
in CRLF (RFC 4180), so a cell holding a line break is quoted. The same
table as XLSX has the data on its first sheet and the same lines on an "about"
sheet; there, text is stored as text (cell type ``s``, never a formula) and
numbers as numbers, so no guard is needed and nothing is changed.

The CSV formula guard (:func:`inert`) follows OWASP's CSV-injection guidance
(OWASP, "CSV Injection", owasp.org): a cell that begins with
``=``, ``+``, ``-``, ``@``, tab or carriage return (and NUL, which ASVS 1.2.10 adds) may
be run as a formula by a spreadsheet, and is prefixed with a single quote. OWASP
notes the trade-off: the quote is data to every other reader (pandas, R, a GIS, a
database import), so ``+880 1711 000000`` would arrive as ``'+880 1711 000000``.
The rule here keeps what cannot be an attack and neutralises everything else:

* ``=``, ``@``, tab, CR, NUL first: always prefixed (no number or phone starts so).
* ``+`` or ``-`` first: left as it is when the cell is a number (``-5``, ``+3.5``,
  ``1e5``) or, after a ``+``, shaped like a phone number: digits with spaces, hyphens,
  dots and parentheses between them (``+880 1711 000000``, ``+8801711000000``,
  ``+880 (0)1711-000000``). Such a cell has no letter, no ``!``, ``|``, ``"`` or
  ``&``, so it cannot call a function (``HYPERLINK``, ``WEBSERVICE``), name a cell
  or another sheet, or start a DDE command; a spreadsheet that evaluates it at worst
  shows a number or an error, and every reader that does not gets it intact.
* Anything else after ``+`` or ``-`` is prefixed: ``+A1+B1``, ``-2+3`` and ``+1+1`` (an
  operator other than a phone separator after the first digit is a formula, not a
  phone number), ``-cmd|' /C calc'!A0``, ``-`` followed by a phone shape (phone
  numbers start with ``+`` or a digit, never ``-``).

Headers and the about lines go through the same guard.
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

from dashboard.core.filters import Filters
from dashboard.core.privacy import is_hidden
from dashboard.i18n import t
from geodata import admin_areas

BOM = "\ufeff"
CRLF = "\r\n"
# Lines before the table: title, area, filters, scope, produced (then a blank line).
ABOUT_LINES = 5
# The about lines' stable keys (GeoJSON) and the messages labelling them (CSV, XLSX), in file order.
ABOUT_KEYS = {"title": "title", "area": "area", "filters": "filters", "scope": "scope", "produced": "produced"}
# First characters a spreadsheet may take as the start of a formula (OWASP; NUL from ASVS).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# A phone number in international form: "+", then digits with phone separators between them.
_PHONE = re.compile(r"\+\d(?:[\d .()-]*\d)?")


def inert(value: Any) -> Any:
    """A CSV cell safe to open in a spreadsheet: text that could start a formula gets a leading
    apostrophe; numbers, text that is a number and phone numbers stay as they are (the rule and
    why are in the module docstring)."""
    if (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _NUMBER.fullmatch(value) and not _PHONE.fullmatch(value)):
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

    def values(self, lang: str) -> dict[str, str]:
        """What the file holds under the stable keys of :data:`ABOUT_KEYS` (values in ``lang``)."""
        area = admin_areas()[self.area].name(lang) if self.area else t("map.national", lang)
        chosen = "; ".join(self.filters.chip_label(name, lang) for name in self.filters.active())
        return {"title": self.title, "area": area, "filters": chosen or t("export.no_filters", lang),
                "scope": self.scope_text, "produced": datetime.now().strftime("%Y-%m-%d %H:%M")}

    def lines(self, lang: str) -> list[tuple[str, str]]:
        """(label, value) rows for the top of the file."""
        return [(t(f"export.{ABOUT_KEYS[key]}", lang), value) for key, value in self.values(lang).items()]

    def keyed(self, lang: str) -> dict[str, Any]:
        """For files read by programs (GeoJSON): the values under stable English keys, the same in
        every language, and the translated label of each key under ``labels``."""
        return {**self.values(lang), "lang": lang,
                "labels": {key: t(f"export.{message}", lang) for key, message in ABOUT_KEYS.items()}}


def csv_bytes(table: pd.DataFrame, about: About, lang: str) -> bytes:
    """The file: BOM, the about lines, a blank line, the table (integers stay integers); CRLF line ends."""
    buffer = io.StringIO()
    # CRLF rows (RFC 4180): Python's csv writer quotes a cell holding a line break only when the
    # break is in the line terminator, and a bare "\r" in an unquoted cell splits the row in two.
    pd.DataFrame(about.lines(lang)).map(inert).to_csv(buffer, index=False, header=False, lineterminator=CRLF)
    buffer.write(CRLF)
    safe_table(table).to_csv(buffer, index=False, lineterminator=CRLF)
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


def _cell(value: Any) -> Any:
    """A value as openpyxl stores it: a hidden count as the text the page shows ("<5")."""
    if _missing(value):
        return None
    if is_hidden(value):
        return str(value)
    return value.item() if hasattr(value, "item") else value


def _write_rows(sheet: Any, rows: list[Any]) -> None:
    for row in rows:
        sheet.append([_cell(v) for v in row])
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
