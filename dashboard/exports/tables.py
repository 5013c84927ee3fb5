"""Tables as downloads: CSV (UTF-8 with a BOM, so Excel shows Georgian) and XLSX (one sheet per table), with text
that a spreadsheet would run as a formula made harmless and dates as ISO dates."""

from __future__ import annotations

import datetime as _dt
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard.missing import is_missing

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text value that a spreadsheet would run as a formula, prefixed with an apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _is_datetime_dtype(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series.dtype)


def _iso(value: Any) -> Any:
    """Dates and timestamps as ISO text (a date when there is no time of day); other values unchanged."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        if value.tzinfo is None and value == value.normalize():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None and value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return value


def _text_for_export(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with dates as ISO text and formula-looking text neutralised; numeric columns untouched."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            continue
        if _is_datetime_dtype(col):
            values = [_iso(v) for v in col]
        else:
            values = [neutralise(_iso(v)) for v in col]
        out.isetitem(i, pd.Series(values, index=out.index, dtype=object))
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a BOM, one header row, no index, ISO dates, formulas neutralised."""
    text = _text_for_export(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """An Excel-valid sheet name (<= 31 characters, no ``[]:*?/\\``, not empty, unique ignoring case)."""
    base = _SHEET_BAD.sub("_", str(name or "")).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History_"
    base = base[:31]
    used = {t.lower() for t in taken}
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    return candidate


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, (list, tuple, dict, set)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, _dt.timedelta):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    return value


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        return 19 if value.time() != _dt.time(0) else 10
    if isinstance(value, _dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table.

    Sheet names are made valid (<= 31 characters, unique); text that looks like a formula is stored as a text cell
    (``data_type 's'`` with the quote prefix style, so Excel never evaluates it, even after an edit); dates are
    real dates shown as ``yyyy-mm-dd``; the header row is bold and frozen; column widths follow the content.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    if not sheets:
        wb.create_sheet("Sheet")
    taken: list[str] = []
    for raw_name, df in sheets.items():
        name = sheet_name(raw_name, taken)
        taken.append(name)
        ws = wb.create_sheet(name)
        widths: list[int] = []
        header = [str(c) for c in df.columns]
        for j, head in enumerate(header, start=1):
            cell = ws.cell(row=1, column=j, value=_xlsx_value(head))
            if looks_like_formula(head):
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.font = bold
            cell.alignment = Alignment(vertical="top", wrap_text=False)
            widths.append(_display_width(head))
        date_cols = {j for j in range(df.shape[1]) if _is_datetime_dtype(df.iloc[:, j])}
        for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
            for j, raw in enumerate(row):
                value = _xlsx_value(raw)
                cell = ws.cell(row=i, column=j + 1, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if looks_like_formula(value):
                        cell.quotePrefix = True
                elif isinstance(value, _dt.datetime):
                    cell.number_format = (
                        "yyyy-mm-dd" if value.time() == _dt.time(0) else "yyyy-mm-dd hh:mm:ss"
                    )
                elif isinstance(value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif j in date_cols:
                    cell.number_format = "yyyy-mm-dd"
                if i <= 1001:  # widths from the first thousand rows are enough
                    widths[j] = max(widths[j], _display_width(value))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        if df.shape[1]:
            ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

