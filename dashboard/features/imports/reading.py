"""Reading an uploaded file into a table of text: CSV (comma, semicolon or tab; quoted; CRLF;
UTF-8 with or without BOM) or XLSX (the sheet named after the kind, else the first).

Everything is read as text: parsing and checking values is the validator's job, so a
value is never silently converted (a code "007" stays "007", a date stays as typed).

Reading is bounded (:class:`Limits`, from the ``DASHBOARD_IMPORT_MAX_*`` settings) so one
upload cannot hold a worker for minutes: a CSV's columns are counted on its header line
before anything is parsed and parsing stops past the row limit; an XLSX's declared
uncompressed sizes are checked before it is opened, and it is read in openpyxl's read-only
mode, row by row, up to the row and column limits.

A row of HXL hashtags under the header (KoboToolbox adds one for forms with HXL tags) is
skipped. A legacy Excel file (.xls) is refused with how to save it instead.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import load_workbook

from dashboard.features.imports.messages import Message, key_of, message

if TYPE_CHECKING:
    from dashboard.config import Settings

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 workbook (.xls)
OLD_EXCEL = key_of("old_excel")  # its message, in the catalogue
DELIMITERS = ",;\t"
SNIFF_CHARS = 64 * 1024  # the delimiter is guessed from the first lines, never from the whole file
PROGRESS_EVERY = 10_000  # rows between progress reports: a report costs a cache write, a row far less
# Told rows read so far and the rows in all (an estimate for CSV: lines; 0 when unknown).
RowsRead = Callable[[int, int], None]
_HASHTAG = re.compile(r"#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class Limits:
    """The most one import file may hold (defaults as in ``dashboard.config``)."""

    max_rows: int = 100_000
    max_columns: int = 500
    max_cell_chars: int = 10_000
    max_xlsx_bytes: int = 100 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits a deployment set (``DASHBOARD_IMPORT_MAX_*``)."""
        return cls(settings.import_max_rows, settings.import_max_columns, settings.import_max_cell_chars,
                   settings.import_max_xlsx_bytes)

    def too_many_rows(self) -> UnreadableFile:
        """The error for a file past the row limit."""
        return UnreadableFile(message("too_many_rows", max=self.max_rows))

    def too_many_columns(self, found: int | None) -> UnreadableFile:
        """The error for a file past the column limit (``found`` None: more than the limit, not counted)."""
        if found is None:
            return UnreadableFile(message("too_many_columns_uncounted", max=self.max_columns))
        return UnreadableFile(message("too_many_columns", found=found, max=self.max_columns))

    def cell_too_long(self, row: int, column: str | int) -> UnreadableFile:
        """The error for a cell past the length limit: ``row`` 0 is the header, where ``column``
        is the cell's 1-based position (the header itself is what is too long); a data row's
        ``column`` is its header."""
        if row == 0:
            return UnreadableFile(message("cell_too_long_header", position=column, max=self.max_cell_chars))
        return UnreadableFile(message("cell_too_long", row=row, column=str(column)[:40], max=self.max_cell_chars))


class UnreadableFile(ValueError):
    """The file cannot be read as a table; ``why`` says why (``key``: its catalogue key)."""

    def __init__(self, why: Message) -> None:
        super().__init__(why.text())
        self.why = why

    @property
    def key(self) -> str:
        """The catalogue key of the reason."""
        return self.why.key


@dataclass(frozen=True)
class Table:
    """The header (as written in the file) and the data rows, all text."""

    frame: pd.DataFrame
    source_format: str  # "csv" or "xlsx"
    delimiter: str | None = None
    hxl: dict[str, str] = field(default_factory=dict)  # header -> its HXL hashtag, when the file had the row


def _without_hxl_row(table: Table) -> Table:
    """Kobo writes a second header row of HXL hashtags (``#adm2+name``) when the form has HXL tags:
    that row belongs to the header, not to the data. It is recognised when every filled cell of
    the first row is a hashtag (``#tag`` with any ``+attribute``), and skipped."""
    frame = table.frame
    if frame.empty:
        return table
    first = [str(v).strip() for v in frame.iloc[0]]
    filled = [v for v in first if v]
    if not filled or not all(_HASHTAG.fullmatch(v) for v in filled):
        return table
    tags = {str(h): v for h, v in zip(frame.columns, first, strict=True) if v}
    return Table(frame.iloc[1:].reset_index(drop=True), table.source_format, table.delimiter, tags)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(message("utf16"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(message("not_utf8", byte=exc.start + 1)) from None


def _delimiter(text: str) -> str:
    """The delimiter of the header line: the one that splits it into the most columns."""
    sample = "".join(itertools.islice(io.StringIO(text[:SNIFF_CHARS]), 20))
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text[:text.find("\n")] if "\n" in text else text
        return max(DELIMITERS, key=header.count)


def _count_columns(text: str, limits: Limits) -> None:
    """Refuse a header line with too many columns before anything is parsed (a million
    columns took pandas minutes and gigabytes)."""
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    widest = max(header.count(d) for d in DELIMITERS) + 1  # an upper bound: quoted delimiters count too
    if widest > limits.max_columns:
        cells = max(_cells(header, d) for d in DELIMITERS)
        if cells > limits.max_columns:
            raise limits.too_many_columns(cells)


def _cells(line: str, delimiter: str) -> int:
    """How many cells ``line`` splits into with ``delimiter`` (quotes respected); 1 when a
    cell is longer than the csv module reads (that delimiter does not split the line)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 1


def _long_cell(frame: pd.DataFrame, limits: Limits) -> None:
    """Refuse the first cell longer than the limit (the header's first)."""
    for position, name in enumerate(frame.columns):
        if len(str(name)) > limits.max_cell_chars:
            raise limits.cell_too_long(0, position + 1)
    for name in frame.columns:
        lengths = frame[name].str.len()
        if len(lengths) and lengths.max() > limits.max_cell_chars:
            raise limits.cell_too_long(int(lengths.to_numpy().argmax()) + 1, str(name))


def _read_csv(data: bytes, limits: Limits, progress: RowsRead | None = None) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile(message("binary"))
    if not text.strip():
        raise UnreadableFile(message("empty"))
    _count_columns(text, limits)
    delimiter = _delimiter(text)
    options: dict[str, Any] = {"sep": delimiter, "dtype": str, "keep_default_na": False, "skip_blank_lines": True,
                               "quotechar": '"', "engine": "c", "nrows": limits.max_rows + 1}
    try:
        # One row past the limit is read to know the file is too long; the rest is never parsed.
        if progress is None:
            frame = pd.read_csv(io.StringIO(text), **options)
        else:
            frame = _read_csv_in_chunks(text, options, limits, progress)
    except (pd.errors.ParserError, ValueError) as exc:
        raise UnreadableFile(message("not_a_table", detail=str(exc).strip())) from None
    if len(frame) > limits.max_rows:
        raise limits.too_many_rows()
    _long_cell(frame, limits)
    return Table(frame, "csv", delimiter)


def _read_csv_in_chunks(text: str, options: dict[str, Any], limits: Limits, progress: RowsRead) -> pd.DataFrame:
    """The same frame as one ``read_csv``, read ``PROGRESS_EVERY`` rows at a time to report
    progress. The total is the file's line count (cheap; over by any quoted line breaks)."""
    total = min(max(text.count("\n") - (1 if text.endswith("\n") else 0), 0), limits.max_rows + 1)
    chunks: list[pd.DataFrame] = []
    read = 0
    with pd.read_csv(io.StringIO(text), chunksize=PROGRESS_EVERY, **options) as reader:
        for chunk in reader:
            chunks.append(chunk)
            read += len(chunk)
            progress(read, max(total, read))
    if len(chunks) == 1:
        return chunks[0]
    if not chunks:  # a header without rows yields no chunk: read it plainly for its columns
        return pd.read_csv(io.StringIO(text), **options)
    return pd.concat(chunks, ignore_index=True)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # Excel dates and datetimes
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unpacked_size(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to more than the limit, before opening it: a 300 KB
    file can hold a 300 MB cell. The declared sizes bound what is read: Python's zipfile stops
    each part at its declared ``file_size``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(message("bad_excel", detail=str(exc))) from None
    if unpacked > limits.max_xlsx_bytes:
        raise UnreadableFile(message("workbook_too_big", size=round(unpacked / 2**20),
                                     max=round(limits.max_xlsx_bytes / 2**20)))


def _sheet_rows(worksheet: Any, limits: Limits, progress: RowsRead | None = None) -> list[list[str]]:
    """The non-blank rows of a read-only sheet, stopping at the limits.

    openpyxl pads every row it yields to ``max_col`` (by default the width the file declares,
    up to 16,384) and makes up blank rows for gaps (one cell on row 2,000,000 would be two
    million rows), so both are bounded: the header is found within ``max_columns + 1``
    columns, then data rows are read as wide as the header and no further than the row limit
    (with room for blank rows between them)."""
    physical = 2 * (limits.max_rows + 1)
    header_row, width = 0, 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True, max_row=physical,
                                                        max_col=limits.max_columns + 1), start=1):
        cells = [_cell(v) for v in values]
        if any(value.strip() for value in cells):
            if any(value.strip() for value in cells[limits.max_columns:]):
                raise limits.too_many_columns(None)
            header_row = number
            width = max(i for i, value in enumerate(cells) if value.strip()) + 1
            break
    if not header_row:
        return []
    rows: list[list[str]] = []
    for number, values in enumerate(worksheet.iter_rows(min_row=header_row, max_row=physical + 1, max_col=width,
                                                        values_only=True), start=header_row):
        if number > physical:
            raise limits.too_many_rows()
        cells = [_cell(v) for v in values]
        if not any(value.strip() for value in cells):
            continue
        for position, value in enumerate(cells):
            if len(value) > limits.max_cell_chars:
                raise limits.cell_too_long(len(rows), rows[0][position] if rows else position + 1)
        rows.append(cells)
        if len(rows) > limits.max_rows + 1:  # the header and one row too many
            raise limits.too_many_rows()
        if progress is not None and len(rows) % PROGRESS_EVERY == 1:
            progress(len(rows) - 1, _declared_rows(worksheet, header_row))
    return rows


def _declared_rows(worksheet: Any, header_row: int) -> int:
    """The data rows the sheet says it holds (its ``<dimension>``), 0 when it does not say."""
    try:
        last = worksheet.max_row
    except (AttributeError, TypeError, ValueError):
        return 0
    return max(int(last) - header_row, 0) if last else 0


def _read_xlsx(data: bytes, sheet: str, limits: Limits, progress: RowsRead | None = None) -> Table:
    _unpacked_size(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(message("bad_excel", detail=str(exc))) from None
    try:
        names = {name.lower(): name for name in book.sheetnames}
        worksheet = book[names.get(sheet.lower(), book.sheetnames[0])]
        rows = _sheet_rows(worksheet, limits, progress)
    finally:
        book.close()
    if not rows:
        raise UnreadableFile(message("empty_sheet"))
    header, body = rows[0], rows[1:]
    width = len(header)
    frame = pd.DataFrame([(row + [""] * width)[:width] for row in body], columns=header, dtype=str)
    return Table(frame, "xlsx")


def read_table(data: bytes, file_name: str, sheet: str, limits: Limits | None = None,
               progress: RowsRead | None = None) -> Table:
    """The file's table; :class:`UnreadableFile` with a plain reason otherwise (also for a file
    past ``limits``: the reason names the limit and how to split the file). ``progress``, if
    given, is told the rows read every ``PROGRESS_EVERY`` rows."""
    limits = limits or Limits()
    if not data:
        raise UnreadableFile(message("empty"))
    if data.startswith(OLE2_MAGIC) or file_name.lower().endswith(".xls"):
        raise UnreadableFile(message("old_excel"))
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _without_hxl_row(_read_xlsx(data, sheet, limits, progress))
    return _without_hxl_row(_read_csv(data, limits, progress))
