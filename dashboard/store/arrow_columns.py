"""Vectorised helpers of the checks: pyarrow.compute on the Arrow columns as parsed, numpy bool arrays for the
row masks (``True`` = the row is selected; a missing value never is), dates as numpy ``datetime64[D]``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def is_end_column(col_name: str) -> bool:
    """Whether the column ends a span (a month there means its last day)."""
    return col_name == "end" or col_name.endswith("_end")


_NAT = np.iinfo(np.int64).min


def np_mask(mask) -> np.ndarray:
    """A pyarrow boolean result as a numpy bool array (missing = False)."""
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def pa_mask(mask: np.ndarray) -> pa.Array:
    """A numpy bool array as a pyarrow boolean array."""
    return pa.array(mask, type=pa.bool_())


def nulls_where(values, keep: np.ndarray):
    """``values`` with NULL where ``keep`` is False (a copy only when something is dropped)."""
    if keep.all():
        return values
    return pc.if_else(pa_mask(keep), values, pa.scalar(None, values.type))


def strip(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells with surrounding whitespace trimmed; chunks with nothing to trim are kept as they are (no copy)."""
    chunks = []
    for chunk in cells.chunks:
        trimmed = pc.utf8_trim_whitespace(chunk)
        same = pc.sum(pc.binary_length(trimmed)).as_py() == pc.sum(pc.binary_length(chunk)).as_py()
        chunks.append(chunk if same else trimmed)
    return pa.chunked_array(chunks, type=pa.string())


def fullmatch(values, regex: str) -> np.ndarray:
    """Whole-value regex match through pyarrow (RE2); missing = False."""
    pattern = regex.removeprefix("^").removesuffix("$")
    return np_mask(pc.match_substring_regex(values, f"^(?:{pattern})$"))


def isin(values, accepted) -> np.ndarray:
    """values.isin(accepted) through pyarrow; missing = False."""
    value_set = accepted if isinstance(accepted, (pa.Array, pa.ChunkedArray)) else pa.array(list(accepted))
    if isinstance(value_set, pa.ChunkedArray):
        value_set = value_set.combine_chunks()
    value_set = value_set.cast(values.type) if value_set.type != values.type else value_set
    return np_mask(pc.is_in(values, value_set=value_set, skip_nulls=True))


def _days(values) -> np.ndarray:
    """A pyarrow date/timestamp array as numpy datetime64[D] (NaT where missing)."""
    days = pc.cast(pc.cast(values, pa.date32()), pa.int32())
    out = pc.fill_null(days, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    out[np_mask(pc.is_null(days))] = _NAT
    return out.view("datetime64[D]")


def parse_days(values, sel: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD texts (where ``sel``) as datetime64[D]; NaT for impossible dates (2018-02-30) and elsewhere."""
    arr = nulls_where(values, sel)
    ts = pc.strptime(arr, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls impossible days over (2018-02-30 -> 2018-03-02): keep a date only when its day is the day as
    # written (the text is already known to be YYYY-MM-DD).
    written = pc.cast(pc.utf8_slice_codeunits(arr, 8, 10), pa.int64())
    same = pc.equal(pc.day(ts), written)
    return _days(pc.if_else(pc.fill_null(same, False), ts, pa.scalar(None, ts.type)))


def parse_months(values, sel: np.ndarray, end: bool) -> np.ndarray:
    """YYYY-MM texts (where ``sel``) as datetime64[D]: the first day of the month, or its last for an end."""
    arr = nulls_where(values, sel)
    year = pc.fill_null(pc.cast(pc.utf8_slice_codeunits(arr, 0, 4), pa.int64()), 1970).to_numpy()
    month = pc.fill_null(pc.cast(pc.utf8_slice_codeunits(arr, 5, 7), pa.int64()), 1).to_numpy()
    months = (np.asarray(year, dtype=np.int64) - 1970) * 12 + np.asarray(month, dtype=np.int64) - 1
    if end:
        out = (months + 1).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    else:
        out = months.astype("datetime64[M]").astype("datetime64[D]")
    out[~sel] = np.datetime64("NaT")
    return out


def to_float(text) -> float | None:
    """The number in ``text``; None when there is none."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def release_memory() -> None:
    """Give the memory of dropped Arrow buffers back to the system (the allocator keeps it for reuse otherwise,
    which would add up to the peak resident memory of the process)."""
    pa.default_memory_pool().release_unused()
