"""Reading an uploaded file into a table of text: CSV (comma, semicolon or tab; quoted; CRLF;
UTF-8 with or without BOM) or XLSX (the sheet named after the kind, else the first).

Everything is read as text: parsing and checking values is the validator's job, so a
value is never silently converted (a code "007" stays "007", a date stays as typed).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd
from openpyxl import load_workbook

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ",;\t"


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why in plain words."""


@dataclass(frozen=True)
class Table:
    """The header (as written in the file) and the data rows, all text."""

    frame: pd.DataFrame
    source_format: str  # "csv" or "xlsx"
    delimiter: str | None = None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("the file is UTF-16 text; save it as 'CSV UTF-8' (Excel) or UTF-8 and upload again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read; it may be Windows-1252 or "
            "another older encoding): save it as 'CSV UTF-8' and upload again") from None


def _delimiter(text: str) -> str:
    """The delimiter of the header line: the one that splits it into the most columns."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=header.count)


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile("the file holds binary data, not text: upload a CSV or an Excel (.xlsx) file")
    if not text.strip():
        raise UnreadableFile("the file is empty")
    delimiter = _delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            skip_blank_lines=True, quotechar='"', engine="c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise UnreadableFile(f"the file is not a readable table: {exc}") from None
    return Table(frame, "csv", delimiter)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # Excel dates and datetimes
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, sheet: str) -> Table:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(f"the file looks like Excel but cannot be opened ({exc})") from None
    try:
        names = {name.lower(): name for name in book.sheetnames}
        worksheet = book[names.get(sheet.lower(), book.sheetnames[0])]
        rows = [[_cell(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    rows = [row for row in rows if any(value.strip() for value in row)]
    if not rows:
        raise UnreadableFile("the sheet is empty")
    header, body = rows[0], rows[1:]
    width = len(header)
    frame = pd.DataFrame([(row + [""] * width)[:width] for row in body], columns=header, dtype=str)
    return Table(frame, "xlsx")


def read_table(data: bytes, file_name: str, sheet: str) -> Table:
    """The file's table; :class:`UnreadableFile` with a plain reason otherwise."""
    if not data:
        raise UnreadableFile("the file is empty")
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, sheet)
    return _read_csv(data)
