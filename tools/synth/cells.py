"""Vectorised table cells: pyarrow string arrays, assembled in C++.

Every cell is built already CSV-encoded: identifiers, codes, dates and URLs never need quoting, and free-text
cells are wrapped in double quotes (their parts never contain a quote or a newline, checked in `vocab`).
A null cell is written as an empty field.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

STRING = pa.string()
Table = dict[str, pa.Array]   # column -> CSV-encoded cells, in the schema's column order


def vocab(values) -> pa.Array:
    """Strings (None for null) as an array; refuses a quote or a line break."""
    values = list(values)
    for v in values:
        if v is not None and ('"' in v or "\n" in v or "\r" in v):
            raise ValueError(f"vocabulary text may not contain quotes or newlines: {v!r}")
    return pa.array(values, STRING)


def pairs(words) -> tuple[pa.Array, pa.Array]:
    """(English, Georgian) pairs -> the English array and the Georgian array."""
    words = list(words)
    return vocab(p[0] for p in words), vocab(p[1] for p in words)


def take(values: pa.Array, idx) -> pa.Array:
    return values.take(pa.array(np.asarray(idx, dtype=np.int64)))


def cat(*parts) -> pa.Array:
    """Arrays and strings joined element-wise (null if any part is null)."""
    return pc.binary_join_element_wise(*parts, "")


def text(*parts) -> pa.Array:
    """A free-text cell, quoted for CSV."""
    return cat('"', *parts, '"')


def num(values) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), STRING)


def pad(values, width: int) -> pa.Array:
    return pc.utf8_lpad(num(values), width=width, padding="0")


def nulls(arr: pa.Array, mask) -> pa.Array:
    """`arr` with the cells where `mask` is true set to null."""
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.scalar(None, STRING), arr)


def day(days: np.ndarray) -> pa.Array:
    """datetime64[D] -> 'YYYY-MM-DD'."""
    return pc.cast(pa.array(np.asarray(days, dtype="datetime64[D]")), STRING)


def month(months: np.ndarray) -> pa.Array:
    """Months counted as year*12 + (month-1) -> 'YYYY-MM'."""
    return pc.utf8_slice_codeunits(day(month_first_day(months)), 0, 7)


def month_of(days: np.ndarray) -> pa.Array:
    """datetime64[D] -> 'YYYY-MM'."""
    return pc.utf8_slice_codeunits(day(days), 0, 7)


def month_first_day(months) -> np.ndarray:
    return (np.asarray(months, dtype="int64") - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")


def month_last_day(months) -> np.ndarray:
    return month_first_day(np.asarray(months, dtype="int64") + 1) - np.timedelta64(1, "D")


def rows_table(rows: list[tuple], columns, text_columns: set[str]) -> Table:
    """A small table from Python rows (None for null); the `text_columns` are quoted as free text."""
    cols = {}
    for i, c in enumerate(columns):
        values = vocab(str(r[i]) if r[i] is not None else None for r in rows)
        cols[c] = text(values) if c in text_columns else values
    return cols
