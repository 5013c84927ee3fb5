"""Reading OGP's commitment sheet (CSV or XLSX, the sheet's own columns) into rows with their line numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from dashboard.importers.irm_sheet import vocabulary as v
from dashboard.importers.portal_page.errors import ImportError_
from dashboard.store.problems import Problem

MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class SheetRow:
    line: int      # the row's line in the file (CSV: the line it starts on; XLSX: the sheet row); header = 1
    cells: dict    # sheet column -> text (stripped)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def read_sheet(path: str | Path) -> tuple[str, list[SheetRow]]:
    """(file name, rows) of a sheet file. Raises ImportError_ with a `file: message (expected ...)` line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path.name}: cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise ImportError_(str(Problem(path.name, None, None, "file too large", f"at most {MAX_BYTES} bytes")))
    if data.startswith(b"PK\x03\x04"):
        header, rows = _xlsx_rows(path.name, data)
    else:
        header, rows = _csv_rows(path.name, data)
    missing = [c for c in v.REQUIRED if c not in header]
    if missing:
        raise ImportError_(str(Problem(path.name, 1, None, "not OGP's commitment sheet: missing column(s) "
                                       + ", ".join(repr(c) for c in missing),
                                       "the sheet's own header row, e.g. " + ", ".join(v.REQUIRED[:3]))))
    return path.name, rows


def _csv_rows(name: str, data: bytes) -> tuple[list[str], list[SheetRow]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(str(Problem(name, None, None, f"not UTF-8 text (byte {exc.start})",
                                       "a CSV saved as UTF-8, or an .xlsx workbook"))) from None
    if not text.strip():
        raise ImportError_(str(Problem(name, None, None, "empty file", "OGP's commitment sheet with its header")))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        rows = []
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) != len(header):
                    raise ImportError_(str(Problem(name, line, None, f"{len(record)} fields",
                                                   f"{len(header)} fields like the header")))
                rows.append(SheetRow(line, {h: c.strip() for h, c in zip(header, record, strict=True)}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportError_(str(Problem(name, reader.line_num, None, f"not readable as CSV ({exc})",
                                       "comma-separated values with double quotes"))) from None
    return header, rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(name: str, data: bytes) -> tuple[list[str], list[SheetRow]]:
    import openpyxl  # only an .xlsx sheet needs it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ImportError_(str(Problem(name, None, None, f"not a readable .xlsx workbook ({type(exc).__name__})",
                                       "an .xlsx saved by Excel or LibreOffice"))) from None
    try:
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(it, ())]
        rows = []
        for n, values in enumerate(it, start=2):
            cells = {h: _cell(c) for h, c in zip(header, values, strict=False) if h}
            if any(cells.values()):
                rows.append(SheetRow(n, cells))
    finally:
        wb.close()
    return header, rows
