"""Files as field tools write them, built for the import tests."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
HEADER = ["returnee_code", "sex", "age", "return_date", "country_returned_from", "district", "upazila", "gps",
          "services_needed", "status"]


def kobo_csv() -> bytes:
    """A KoboToolbox export: ';' separated, BOM, CRLF, groups, split GPS, select-multiple as 0/1 columns,
    Bangla and old spellings of places, meta columns."""
    return (FIXTURES / "kobo_returnees.csv").read_bytes()


def csv_file(rows: list[list[str]], header: list[str] | None = None, delimiter: str = ",") -> bytes:
    """A plain UTF-8 CSV."""
    lines = [delimiter.join(header or HEADER)] + [delimiter.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def returnee(code: str, **changes: str) -> list[str]:
    """One good returnee row (Golapganj, Sylhet), with some columns changed."""
    values = {"returnee_code": code, "sex": "female", "age": "30", "return_date": "2019-01-10",
              "country_returned_from": "Greece", "district": "Sylhet", "upazila": "Golapganj",
              "gps": "24.86 92.01 30 5", "services_needed": "legal_support job_placement", "status": "profiled"}
    values.update(changes)
    return [values[h] for h in HEADER]


def xlsx_file(header: list[str], rows: list[list[object]], sheet: str = "returnees") -> bytes:
    """An Excel workbook with a sheet named after the kind, and a decoy first sheet."""
    book = Workbook()
    book.active.title = "about"
    book["about"].append(["exported from the MIS"])
    data = book.create_sheet(sheet)
    data.append(header)
    for row in rows:
        data.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
