"""Load and validate the dataset (one CSV file per table) into an in-memory DuckDB connection.

Every table of ``schema.TABLES`` is read as text, checked against the schema (collecting every problem, not
stopping at the first), converted to typed columns and loaded into DuckDB. When any problem is found,
``DataError`` is raised and nothing is loaded. No Streamlit here.

    ds = load_dataset("data")            # or load_dataset({"commitments.csv": b"...", ...})
    ds.con.cursor().execute("SELECT count(*) FROM commitments").fetchone()
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dashboard import DEFAULT_DATA_DIR, QUERIES_DIR, schema
from dashboard.schema import Column, Table

# Long free-text cells (descriptions) must not trip the csv module's default 128 KB field limit.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

# Regular expressions per column kind (applied to the stripped text of non-empty cells).
_INT_RE = r"[+-]?\d+"
_FLOAT_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_MONTH_RE = r"\d{4}-(?:0[1-9]|1[0-2])"
_DAY_RE = r"\d{4}-\d{2}-\d{2}"
# Plausible years for OGP action plans and their reports (a typo like 2109 or 1019 is an error, not a date).
DATE_MIN_YEAR, DATE_MAX_YEAR = 1990, 2100
_YEAR_RANGE_RE = r"(?:199\d|20\d\d|2100)-.*"
_IN_RANGE_MONTH_RE = r"(?:199\d|20\d\d|2100)-(?:0[1-9]|1[0-2])"
_IN_RANGE_DAY_RE = r"(?:199\d|20\d\d|2100)-\d{2}-\d{2}"
_URL_RE = r"https?://[^\s/?#]+[^\s]*"
_INT32 = 2**31 - 1

# Friendly descriptions of the schema's patterns (for the "expected …" part of a message).
_PATTERN_HELP = {
    schema.PERIOD_ID_PATTERN: "a period id like 2019-annual, 2020-midterm, 2021-q3 or 2021-h1",
    schema.SLUG_PATTERN: "a lower-case slug like georgia-2018-2019 (letters a-z, digits, - and _)",
    r"^#[0-9A-Fa-f]{6}$": "a colour like #E5243B",
}


# --------------------------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One problem in the data: renders as ``file:row: column: message (expected …)``.

    ``row`` is the line number in the file (the header is line 1); ``None`` for a problem with the whole file.
    ``column`` is ``None`` when the problem is not about one column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}:" if self.row is not None else f"{self.file}:"
        text = f"{where} {self.column}: {self.message}" if self.column else f"{where} {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class DataError(Exception):
    """The data is not valid; ``.problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n… and {n - 20} more" if n > 20 else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data:\n{head}{more}")


# --------------------------------------------------------------------------------------------------------------
# The loaded dataset


@dataclass
class Dataset:
    con: duckdb.DuckDBPyConnection
    metadata: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    label: str = ""
    synthetic: bool = False

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread / session (a DuckDB connection is not shareable across threads)."""
        return self.con.cursor()


def resolve_data_dir(arg: str | os.PathLike | None = None) -> Path:
    """The data directory: ``arg``, else ``$DASHBOARD_DATA``, else the bundled ``data/``."""
    if arg:
        return Path(arg)
    env = os.environ.get("DASHBOARD_DATA")
    if env:
        return Path(env)
    return Path(DEFAULT_DATA_DIR)


# --------------------------------------------------------------------------------------------------------------
# Reading


def _show(value: str, limit: int = 60) -> str:
    value = str(value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)


def _read_source(source) -> tuple[dict[str, bytes | Path | None], list[str], str, list[Problem]]:
    """Raw bytes (uploads) or the path (a directory) per expected file name (None when absent), other CSV file
    names present, a label, problems."""
    problems: list[Problem] = []
    files: dict[str, bytes | None] = {}
    names = [t.file for t in schema.TABLES] + [schema.METADATA_FILE]
    if isinstance(source, Mapping):
        # Uploads: accept keys with or without folders, match on the base name.
        by_base = {}
        for key, data in source.items():
            by_base[Path(str(key).replace("\\", "/")).name] = data
        for name in names:
            data = by_base.get(name)
            files[name] = bytes(data) if data is not None else None
        others = sorted(n for n in by_base if n.lower().endswith(".csv") and n not in names)
        label = "uploaded files"
    else:
        directory = Path(source)
        label = str(directory)
        if not directory.exists():
            raise DataError([Problem(str(directory), None, None, "data directory does not exist",
                                     "a directory holding one CSV file per table")])
        if not directory.is_dir():
            raise DataError([Problem(str(directory), None, None, "not a directory",
                                     "a directory holding one CSV file per table")])
        try:
            present = {p.name for p in directory.iterdir()}
            others = sorted(n for n in present if n.lower().endswith(".csv") and n not in names)
        except OSError as exc:
            raise DataError([Problem(str(directory), None, None,
                                     f"cannot read the directory: {exc.strerror or exc}",
                                     "a readable directory")]) from None
        for name in names:
            # A path: the file is read when its table is checked, so one file at a time is in memory.
            files[name] = directory / name if name in present else None
    return files, others, label, problems


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = " (it looks like UTF-16)"
        problems.append(Problem(name, line, None,
                                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded{hint}",
                                "UTF-8 encoding, e.g. Excel's \"CSV UTF-8\""))
        return None


@dataclass
class _Raw:
    header: list[str]
    columns: dict[str, pa.ChunkedArray]  # expected column name -> cell texts (only columns present in the header)
    lines: np.ndarray                    # line number of each kept row
    n: int
    # Values of malformed rows (reported, not loaded), by column: other tables may still refer to their keys.
    malformed: dict[str, list[str]] = field(default_factory=dict)


def _byte_lines(data: bytes):
    """Decoded lines of ``data``, lazily (so reading a header does not decode the whole file)."""
    start = 0
    while start < len(data):
        i = data.find(b"\n", start)
        end = len(data) if i < 0 else i + 1
        yield data[start:end].decode("utf-8")
        start = end


def _read_header(table: Table, data: bytes, problems: list[Problem]) -> tuple[list[str], int] | None:
    """The header (stripped names) and its line number, or None when there is no usable header."""
    name = table.file
    reader = csv.reader(_byte_lines(data))
    header: list[str] = []
    try:
        for rec in reader:
            if rec and rec != [""]:
                header = rec
                break
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num or 1, None, f"malformed CSV: {exc}", "a header row"))
        return None
    except UnicodeDecodeError:
        _decode(name, data, problems)
        return None
    if not header:
        problems.append(Problem(name, 1, None, "the file is empty",
                                "a header row: " + ",".join(table.column_names)))
        return None
    return [h.strip() for h in header], reader.line_num


def _parse_fast(data: bytes, width: int) -> pa.Table | None:
    """Parse with pyarrow when every record is exactly one line (so line numbers are row index + 1).

    Returns None when the file needs the careful reader: malformed rows, blank lines, values with line breaks,
    lone carriage returns or anything pyarrow refuses.
    """
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    invalid = []

    def on_invalid(row):
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),   # zero-copy view of the bytes
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if invalid or table.num_columns != width or table.num_rows != n_lines:
        return None
    return table


def _parse_csv(table: Table, data: bytes, problems: list[Problem]) -> _Raw | None:
    name = table.file
    head = _read_header(table, data, problems)
    if head is None:
        return None
    header, header_line = head
    expected = table.column_names
    position: dict[str, int] = {}
    for i, h in enumerate(header):
        label = h or f"(column {i + 1})"
        if h in position:
            problems.append(Problem(name, header_line, label, "duplicated column in the header",
                                    "each column once"))
            continue
        position[h] = i
        if h not in expected:
            problems.append(Problem(name, header_line, label, "unknown column in the header",
                                    "only the columns " + ",".join(expected)))
    for c in expected:
        if c not in position:
            problems.append(Problem(name, header_line, c, "missing column in the header",
                                    "the columns " + ",".join(expected)))

    width = len(header)
    fast = _parse_fast(data, width) if header_line == 1 else None
    if fast is not None:
        n = fast.num_rows - 1
        columns = {c: fast.column(position[c]).slice(1) for c in expected if c in position}
        return _Raw(header, columns, np.arange(2, n + 2, dtype=np.int64), n)

    # The careful reader: Python's csv module, tracking the line where each record starts.
    text = _decode(name, data, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    lines: list[int] = []
    malformed: dict[str, list[str]] = {}
    prev = 0
    try:
        for rec in reader:
            start = prev + 1
            prev = reader.line_num
            if prev <= header_line:
                continue
            if len(rec) == width:
                rows.append(rec)
                lines.append(start)
            elif not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # blank line
            else:
                problems.append(Problem(name, start, None,
                                        f"malformed row: {len(rec)} field{'s' if len(rec) != 1 else ''}",
                                        f"{width} fields as in the header"))
                for c in table.key:
                    if c in position and position[c] < len(rec):
                        malformed.setdefault(c, []).append(rec[position[c]].strip())
    except csv.Error as exc:
        problems.append(Problem(name, prev + 1, None, f"malformed CSV: {exc}",
                                "well-formed CSV (quotes closed, fields separated by commas)"))
    cols_t = list(zip(*rows)) if rows else [()] * width
    columns = {c: pa.chunked_array([pa.array(list(cols_t[position[c]]), type=pa.string())])
               for c in expected if c in position}
    return _Raw(header, columns, np.asarray(lines, dtype=np.int64), len(rows), malformed)


# --------------------------------------------------------------------------------------------------------------
# Checking (on the Arrow columns as parsed: pyarrow.compute for the values, numpy bool arrays for the row masks)


def _expected_values(col: Column) -> str:
    acc = list(col.accepted)
    if acc and all(isinstance(a, int) for a in acc) and acc == list(range(acc[0], acc[-1] + 1)):
        return f"a whole number from {acc[0]} to {acc[-1]}"
    return "one of: " + ", ".join(str(a) for a in acc)


def _is_end(col_name: str) -> bool:
    return col_name == "end" or col_name.endswith("_end")


_NAT = np.iinfo(np.int64).min


def _np(mask) -> np.ndarray:
    """A pyarrow boolean result as a numpy bool array (missing = False)."""
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def _pa_mask(mask: np.ndarray) -> pa.Array:
    return pa.array(mask, type=pa.bool_())


def _nulls_where(values, keep: np.ndarray):
    """``values`` with NULL where ``keep`` is False (a copy only when something is dropped)."""
    if keep.all():
        return values
    return pc.if_else(_pa_mask(keep), values, pa.scalar(None, values.type))


def _strip(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells with surrounding whitespace trimmed; chunks with nothing to trim are kept as they are (no copy)."""
    chunks = []
    for chunk in cells.chunks:
        trimmed = pc.utf8_trim_whitespace(chunk)
        same = pc.sum(pc.binary_length(trimmed)).as_py() == pc.sum(pc.binary_length(chunk)).as_py()
        chunks.append(chunk if same else trimmed)
    return pa.chunked_array(chunks, type=pa.string())


def _fullmatch(values, regex: str) -> np.ndarray:
    """Whole-value regex match through pyarrow (RE2); missing = False."""
    pattern = regex.removeprefix("^").removesuffix("$")
    return _np(pc.match_substring_regex(values, f"^(?:{pattern})$"))


def _isin(values, accepted) -> np.ndarray:
    """values.isin(accepted) through pyarrow; missing = False."""
    value_set = accepted if isinstance(accepted, (pa.Array, pa.ChunkedArray)) else pa.array(list(accepted))
    if isinstance(value_set, pa.ChunkedArray):
        value_set = value_set.combine_chunks()
    value_set = value_set.cast(values.type) if value_set.type != values.type else value_set
    return _np(pc.is_in(values, value_set=value_set, skip_nulls=True))


def _days(values) -> np.ndarray:
    """A pyarrow date/timestamp array as numpy datetime64[D] (NaT where missing)."""
    days = pc.cast(pc.cast(values, pa.date32()), pa.int32())
    out = pc.fill_null(days, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    out[_np(pc.is_null(days))] = _NAT
    return out.view("datetime64[D]")


def _parse_days(values, sel: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD texts (where ``sel``) as datetime64[D]; NaT for impossible dates (2018-02-30) and elsewhere."""
    arr = _nulls_where(values, sel)
    ts = pc.strptime(arr, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls impossible days over (2018-02-30 -> 2018-03-02): keep a date only when its day is the day as
    # written (the text is already known to be YYYY-MM-DD).
    written = pc.cast(pc.utf8_slice_codeunits(arr, 8, 10), pa.int64())
    same = pc.equal(pc.day(ts), written)
    return _days(pc.if_else(pc.fill_null(same, False), ts, pa.scalar(None, ts.type)))


def _parse_months(values, sel: np.ndarray, end: bool) -> np.ndarray:
    """YYYY-MM texts (where ``sel``) as datetime64[D]: the first day of the month, or its last for an end."""
    arr = _nulls_where(values, sel)
    year = pc.fill_null(pc.cast(pc.utf8_slice_codeunits(arr, 0, 4), pa.int64()), 1970).to_numpy()
    month = pc.fill_null(pc.cast(pc.utf8_slice_codeunits(arr, 5, 7), pa.int64()), 1).to_numpy()
    months = (np.asarray(year, dtype=np.int64) - 1970) * 12 + np.asarray(month, dtype=np.int64) - 1
    if end:
        out = (months + 1).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    else:
        out = months.astype("datetime64[M]").astype("datetime64[D]")
    out[~sel] = np.datetime64("NaT")
    return out


def _to_float(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class _Checker:
    """Checks one table's columns; collects problems; keeps the converted columns (Arrow, numpy)."""

    def __init__(self, table: Table, raw: _Raw, problems: list[Problem]):
        self.table = table
        self.raw = raw
        self.n = raw.n
        self.problems = problems
        self.lines = raw.lines
        self.stripped: dict[str, pa.ChunkedArray] = {}  # text as written, surrounding whitespace trimmed
        self.ok: dict[str, np.ndarray] = {}              # non-empty and valid
        self.dates: dict[str, np.ndarray] = {}           # datetime64[D] for month/date/day_or_month (NaT = none)
        self.precision: dict[str, pa.Array] = {}         # 'day'/'month' for day_or_month columns
        self.typed: dict[str, pa.Array] = {}             # typed values for int/float/bool (NULL where not ok)

    def clean(self, name: str):
        """Validated text (stripped), NULL where empty or invalid."""
        return _nulls_where(self.stripped[name], self.ok[name])

    def report(self, col: str, mask: np.ndarray, values, message, expected: str) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        vals = values.take(pa.array(idx)).to_pylist()
        for i, v in zip(idx, vals):
            msg = message(v) if callable(message) else message
            self.problems.append(Problem(self.table.file, int(self.lines[i]), col, msg, expected))

    def check_column(self, col: Column) -> None:
        cells = self.raw.columns[col.name]
        name, kind, n = col.name, col.kind, self.n
        s = _strip(cells)
        empty = _np(pc.equal(pc.binary_length(s), 0)) if n else np.zeros(0, dtype=bool)
        present = ~empty
        if col.required:
            self.report(name, empty, cells, "empty value", "a value: this column is required")

        ok = present.copy()

        def bad(mask, message, expected):
            nonlocal ok
            mask = mask & ok
            self.report(name, mask, s, message, expected)
            ok = ok & ~mask

        def full(regex: str) -> np.ndarray:
            return _fullmatch(s, regex) if n else np.zeros(0, dtype=bool)

        def as_int():
            digits = pc.replace_substring_regex(_nulls_where(s, ok), r"^\+", "")
            return pc.cast(digits, pa.int64())

        if kind == schema.ID:
            spaced = present & _np(pc.not_equal(pc.binary_length(cells), pc.binary_length(s)))
            self.report(name, spaced, cells, lambda v: f"{_show(v)} has leading or trailing spaces",
                        "an identifier without surrounding spaces")
            ok &= ~spaced
        elif kind == schema.INT:
            bad(~full(_INT_RE), lambda v: f"{_show(v)} is not a whole number", "a whole number, e.g. 7")
            bad(~full(r"[+-]?0*\d{1,9}"), lambda v: f"{_show(v)} is too large",
                "a whole number of at most 9 digits")
            self.typed[name] = as_int()
        elif kind == schema.FLOAT:
            bad(~full(_FLOAT_RE), lambda v: f"{_show(v)} is not a number", "a decimal number, e.g. 41.64")
            nums = pa.array([_to_float(v) for v in _nulls_where(s, ok).to_pylist()], type=pa.float64())
            bad(~_np(pc.is_finite(nums)), lambda v: f"{_show(v)} is not a finite number",
                "a decimal number, e.g. 41.64")
            self.typed[name] = nums
        elif kind in (schema.MONTH, schema.DATE, schema.DAY_OR_MONTH):
            # The common case in one or two passes: every value has the column's form and a year in range.
            none = np.zeros(n, dtype=bool)
            is_month = full(_IN_RANGE_MONTH_RE) if kind != schema.DATE else none
            is_day = full(_IN_RANGE_DAY_RE) if kind != schema.MONTH else none
            if (present & ~(is_month | is_day)).any():
                is_month = full(_MONTH_RE)
                is_day = full(_DAY_RE)
                if kind == schema.MONTH:
                    bad(is_day, lambda v: f"{_show(v)} is a day date in a month column",
                        "YYYY-MM, e.g. 2019-07 (months are stored as published)")
                    bad(~is_month, lambda v: f"{_show(v)} is not a month", "YYYY-MM, e.g. 2019-07")
                elif kind == schema.DATE:
                    bad(~is_day, lambda v: f"{_show(v)} is not a date", "YYYY-MM-DD, e.g. 2019-12-31")
                else:
                    bad(~(is_day | is_month), lambda v: f"{_show(v)} is not a date or a month",
                        "YYYY-MM-DD or YYYY-MM, e.g. 2019-09-10 or 2019-09")
                bad(~full(_YEAR_RANGE_RE), lambda v: f"{_show(v)} is out of range",
                    f"a year from {DATE_MIN_YEAR} to {DATE_MAX_YEAR}")
            d = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
            sel = ok & is_day
            if sel.any():
                day_vals = _parse_days(s, sel)
                bad(is_day & np.isnat(day_vals), lambda v: f"{_show(v)} is not a valid date",
                    "a real calendar date in YYYY-MM-DD")
                sel = ok & is_day
                d[sel] = day_vals[sel]
            sel = ok & is_month
            if sel.any():
                d[sel] = _parse_months(s, sel, _is_end(name))[sel]
            d[~ok] = np.datetime64("NaT")
            self.dates[name] = d
            if kind == schema.DAY_OR_MONTH:
                null = pa.scalar(None, pa.string())
                self.precision[name] = pc.if_else(_pa_mask(ok & is_day), pa.scalar("day"),
                                                  pc.if_else(_pa_mask(ok & is_month), pa.scalar("month"), null))
        elif kind == schema.URL:
            bad(~full(_URL_RE), lambda v: f"{_show(v)} is not an http(s) URL",
                "a URL starting with http:// or https://")
        elif kind == schema.BOOL:
            low = pc.utf8_lower(s)
            bad(~_isin(low, ["true", "false"]), lambda v: f"{_show(v)} is not true/false", "true or false")
            self.typed[name] = pc.equal(low, "true")

        if col.accepted:
            if all(isinstance(a, int) for a in col.accepted):
                if name not in self.typed:
                    bad(~full(r"[+-]?0*\d{1,9}"), lambda v: f"{_show(v)} is not a whole number",
                        _expected_values(col))
                    self.typed[name] = as_int()
                member = _isin(self.typed[name], list(col.accepted))
            else:
                member = _isin(s, [str(a) for a in col.accepted])
            bad(~member, lambda v: f"{_show(v)} is not an accepted value", _expected_values(col))
        if col.pattern:
            help_ = _PATTERN_HELP.get(col.pattern, f"text matching {col.pattern}")
            bad(~full(col.pattern), lambda v: f"{_show(v)} does not have the required form", help_)
        if col.max_length and n:
            lengths = pc.utf8_length(cells)
            too_long = present & _np(pc.greater(lengths, col.max_length))
            self.report(name, too_long, lengths, lambda k: f"text of {k} characters is too long",
                        f"at most {col.max_length} characters")
            ok &= ~too_long

        if name in self.typed:
            self.typed[name] = _nulls_where(self.typed[name], ok)
        self.stripped[name] = s
        # Text keeps its content (blank becomes NULL when loaded); other kinds keep only valid values.
        self.ok[name] = present if kind == schema.TEXT else ok

    def check_key(self) -> None:
        key = list(self.table.key)
        if not all(k in self.stripped for k in key) or not self.n:
            return
        parts = [self.typed[k] if k in self.typed else self.clean(k) for k in key]
        if not _has_duplicates(parts):
            return  # the common case, checked without leaving Arrow
        values = [(self.typed[k] if k in self.typed else self.clean(k)).to_pylist() for k in key]
        first_line: dict = {}
        dups = []
        for tup, line in zip(zip(*values), self.lines):
            if any(v is None for v in tup):
                continue
            if tup in first_line:
                dups.append((tup, int(line)))
            else:
                first_line[tup] = int(line)
        col = ", ".join(key)
        for tup, line in dups:
            value = ", ".join(str(v) for v in tup)
            self.problems.append(Problem(self.table.file, line, col,
                                         f"duplicate key {_show(value)} (first at row {first_line[tup]})",
                                         f"each {col} once"))

    def check_ordered(self) -> None:
        for start, end in self.table.ordered:
            if start not in self.dates or end not in self.dates:
                continue
            idx = np.flatnonzero(self.dates[start] > self.dates[end])
            if not len(idx):
                continue
            take = pa.array(idx)
            sa = self.stripped[start].take(take).to_pylist()
            sb = self.stripped[end].take(take).to_pylist()
            for i, a, b in zip(idx, sa, sb):
                self.problems.append(Problem(self.table.file, int(self.lines[i]), start,
                                             f"{start} {a} is after {end} {b}", f"{start} <= {end}"))

    def release(self, keep: set[str] | None) -> None:
        """Drop the parsed cells and every column but ``keep`` (None: keep every column)."""
        self.raw.columns = {}
        if keep is None:
            return
        for part in (self.stripped, self.ok, self.dates, self.precision, self.typed):
            for name in [c for c in part if c not in keep]:
                del part[name]


def _has_duplicates(parts: list) -> bool:
    """Whether two rows have the same values in every one of ``parts`` (rows with a missing value are ignored)."""
    if len(parts) == 1:
        values = parts[0]
    else:
        # One integer per row from the dictionary codes of each column (hashing text once per column is cheaper
        # than joining the texts and hashing the joined text).
        values, size = None, 1
        for part in parts:
            if isinstance(part, pa.ChunkedArray):
                part = part.combine_chunks()   # one dictionary for every row
            encoded = pc.dictionary_encode(part)
            n_codes = len(encoded.dictionary)
            codes = encoded.indices.cast(pa.int64())
            size *= max(n_codes, 1)
            if size >= 2**62:  # too many combinations for one integer: compare the joined texts
                texts = [p if p.type == pa.string() else p.cast(pa.string()) for p in parts]
                values = pc.binary_join_element_wise(*texts, "\x1f")
                break
            values = codes if values is None else pc.add(pc.multiply(values, n_codes), codes)
    non_null = len(values) - values.null_count
    distinct = len(pc.unique(values))
    return distinct - (1 if values.null_count else 0) != non_null


def _key_values(ch: _Checker, col: str, *, as_written: bool):
    if col in ch.typed:
        return ch.typed[col]
    if as_written:
        # The target's keys as written (even when a key failed its own check, so one error does not cascade).
        return ch.stripped[col]
    return ch.clean(col)


def _reference_columns(table: Table) -> set[str]:
    """Columns of ``table`` that the reference checks read (its own references and those pointing at it)."""
    cols = {c for ref in table.references for c in ref.columns}
    for other in schema.TABLES:
        for ref in other.references:
            if ref.table == table.name:
                cols.update(ref.target)
    return cols


def _malformed_keys(values: list[str], like) -> pa.Array:
    """Keys of malformed rows as an array of the type of ``like`` (text, or whole numbers where they parse)."""
    if like.type == pa.string():
        return pa.array(values, type=pa.string())
    nums = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    return pa.array([int(x) if pd.notna(x) and float(x).is_integer() else None for x in nums], type=like.type)


def _check_references(table: Table, chk: _Checker, checkers: dict[str, _Checker], problems: list[Problem]):
    for ref in table.references:
        target = checkers.get(ref.table)
        if target is None or not chk.n:
            continue
        if not all(c in chk.stripped for c in ref.columns) or not all(c in target.stripped for c in ref.target):
            continue
        svals = [_key_values(chk, c, as_written=False) for c in ref.columns]
        tvals = [_key_values(target, c, as_written=True) for c in ref.target]
        if len(ref.target) == 1 and target.raw.malformed.get(ref.target[0]):
            extra = _malformed_keys(target.raw.malformed[ref.target[0]], tvals[0])
            tvals = [pa.chunked_array(list(_chunks(tvals[0])) + [extra], type=tvals[0].type)]
        present = np.logical_and.reduce([_np(pc.is_valid(v)) for v in svals])
        if len(ref.columns) == 1:
            found = _isin(svals[0], pc.drop_null(tvals[0]))
        else:
            tset = set(zip(*[v.to_pylist() for v in tvals]))
            found = np.array([tup in tset for tup in zip(*[v.to_pylist() for v in svals])], dtype=bool)
        missing = np.flatnonzero(present & ~found)
        if not len(missing):
            continue
        col = ", ".join(ref.columns)
        target_col = ", ".join(ref.target)
        take = pa.array(missing)
        values = list(zip(*[v.take(take).to_pylist() for v in svals]))
        for i, tup in zip(missing, values):
            value = ", ".join(str(x) for x in tup)
            problems.append(Problem(table.file, int(chk.lines[i]), col,
                                    f"{_show(value)} is not in {ref.table}.csv",
                                    f"a {target_col} listed in {ref.table}.csv"))


def _chunks(values) -> list[pa.Array]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def _file_bytes(name: str, value, problems: list[Problem]) -> bytes | None:
    """The bytes of one file: read now when ``value`` is a path (so only one file is in memory at a time)."""
    if isinstance(value, Path):
        try:
            return value.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}",
                                    "a readable file"))
            return None
    return value


def _check_table(table: Table, value: bytes | Path | None, others: list[str],
                 failed: threading.Event) -> tuple[list[Problem], _Checker | None]:
    """Parse and check one table: its problems and its checker (None when it could not be read). The file's bytes
    are dropped once parsed, its cells once checked; the checker keeps its converted columns for loading unless
    a problem was found (``failed``, shared by the tables), then only the keys the reference checks need."""
    problems: list[Problem] = []
    if value is None:
        if table.required_file:
            found = f" (other CSV files here: {', '.join(others)})" if others else ""
            problems.append(Problem(table.file, None, None, "missing file" + found,
                                    f"a file named {table.file} with the columns " + ",".join(table.column_names)))
            failed.set()
        return problems, None
    data = _file_bytes(table.file, value, problems)
    raw = _parse_csv(table, data.removeprefix(b"\xef\xbb\xbf"), problems) if data is not None else None
    del data
    if raw is None:
        failed.set()
        return problems, None
    chk = _Checker(table, raw, problems)
    for col in table.columns:
        if col.name in raw.columns:
            chk.check_column(col)
            raw.columns[col.name] = None   # the parsed cells are no longer needed (the stripped text is)
    chk.check_key()
    chk.check_ordered()
    if problems:
        failed.set()
    chk.release(_reference_columns(table) if failed.is_set() else None)
    _release_memory()
    return problems, chk


# Above this much CSV, two tables are parsed and checked at a time (pyarrow's kernels release the GIL).
_PARALLEL_BYTES = 32 << 20


def _size(value) -> int:
    try:
        return value.stat().st_size if isinstance(value, Path) else len(value or b"")
    except OSError:
        return 0


def _validate(files: dict[str, bytes | Path | None], problems: list[Problem],
              others: list[str] = ()) -> dict[str, _Checker]:
    """Check every table (problems in the order of the tables, as if checked one after the other), then the
    references between them."""
    failed = threading.Event()
    if problems:
        failed.set()

    def check(table: Table):
        return _check_table(table, files.get(table.file), others, failed)

    if sum(_size(files.get(t.file)) for t in schema.TABLES) > _PARALLEL_BYTES:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="store-check") as pool:
            results = list(pool.map(check, schema.TABLES))
    else:
        results = [check(table) for table in schema.TABLES]
    checkers: dict[str, _Checker] = {}
    for table, (found, chk) in zip(schema.TABLES, results):
        problems.extend(found)
        if chk is not None:
            checkers[table.name] = chk
    del results
    for table in schema.TABLES:
        if table.name in checkers:
            _check_references(table, checkers[table.name], checkers, problems)
    return checkers


def _read_metadata(value: bytes | Path | None, problems: list[Problem]) -> dict:
    name = schema.METADATA_FILE
    data = _file_bytes(name, value, problems)
    if data is None:
        return {}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, None, "the file is not UTF-8 text", "UTF-8 encoding"))
        return {}
    if not text.strip():
        return {}
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, exc.lineno, None, f"not valid JSON: {exc.msg}", "a JSON object"))
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem(name, 1, None, f"a JSON {type(meta).__name__} at the top", "a JSON object"))
        return {}
    if "synthetic" in meta and not isinstance(meta["synthetic"], bool):
        problems.append(Problem(name, None, "synthetic", f"{_show(meta['synthetic'])} is not true/false",
                                "true or false"))
    return meta


# --------------------------------------------------------------------------------------------------------------
# Loading into DuckDB


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_SQL_TYPES = {
    schema.INT: "INTEGER", schema.FLOAT: "DOUBLE", schema.MONTH: "DATE", schema.DATE: "DATE",
    schema.DAY_OR_MONTH: "DATE", schema.BOOL: "BOOLEAN",
}


def _sql_type(col: Column) -> str:
    if col.accepted and all(isinstance(a, int) for a in col.accepted):
        return "INTEGER"
    return _SQL_TYPES.get(col.kind, "VARCHAR")


def _create_table(con: duckdb.DuckDBPyConnection, table: Table, chk: _Checker | None) -> None:
    """Create one table from its checked columns (an empty table without ``chk``).

    The Arrow columns are scanned by DuckDB in place (registered, not converted); text is the stripped text with
    blank cells made NULL in the same pass, so no big text column is copied on the Python side.
    """
    cols: list[tuple[str, str]] = []
    arrays: dict[str, pa.ChunkedArray | pa.Array] = {}
    select: list[str] = []
    for col in table.columns:
        sql_type = _sql_type(col)
        cols.append((col.name, sql_type))
        if chk is None:
            continue
        if col.name in chk.dates:
            arrays[col.name] = pa.array(chk.dates[col.name], type=pa.date32(), from_pandas=True)
            select.append(_q(col.name))
        elif col.name in chk.typed:
            arrays[col.name] = chk.typed[col.name]
            select.append(f"CAST({_q(col.name)} AS {sql_type})")
        else:
            arrays[col.name] = chk.stripped[col.name]
            select.append(f"CAST(nullif({_q(col.name)}, '') AS {sql_type})")
        if col.kind == schema.DAY_OR_MONTH:
            pname = f"{col.name}_precision"
            cols.append((pname, "VARCHAR"))
            arrays[pname] = chk.precision[col.name]
            select.append(_q(pname))
    if chk is None:
        cols += [(f"{c.name}_precision", "VARCHAR") for c in table.columns if c.kind == schema.DAY_OR_MONTH]
    con.execute(f"CREATE TABLE {_q(table.name)} ({', '.join(f'{_q(c)} {t}' for c, t in cols)})")
    if chk is None or not chk.n:
        return
    view = f"__load_{table.name}"
    con.register(view, pa.table(arrays))
    try:
        con.execute(f"INSERT INTO {_q(table.name)} SELECT {', '.join(select)} FROM {_q(view)}")
    finally:
        con.unregister(view)


def _nbytes(chk: _Checker | None) -> int:
    if chk is None:
        return 0
    return sum(a.nbytes for part in (chk.stripped, chk.typed, chk.precision) for a in part.values()) + \
        sum(d.nbytes for d in chk.dates.values())


def _load_memory_pool() -> pa.MemoryPool | None:
    """Arrow's jemalloc pool where this pyarrow has it: it gives freed memory back to the system (mimalloc, the
    default, kept ~150 MB more resident at 50,000 commitments, all of it in the peak)."""
    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, AttributeError):
        return None


def _release_memory() -> None:
    """Give the memory of dropped Arrow buffers back to the system (the allocator keeps it for reuse otherwise,
    which would add up to the peak resident memory of the process)."""
    pa.default_memory_pool().release_unused()


# An in-memory DuckDB database keeps a table uncompressed until a checkpoint, which compresses it (dictionary, FSST,
# bit-packing): at 50,000 commitments the milestones shrink from ~190 MB to ~20 MB. Small tables are not worth it.
_CHECKPOINT_ROWS = 50_000


def _run_macros(con: duckdb.DuckDBPyConnection) -> None:
    qdir = Path(QUERIES_DIR)
    if not qdir.is_dir():
        return
    for path in sorted(qdir.glob("_*.sql")):
        sql = path.read_text(encoding="utf-8")
        if not sql.strip():
            continue
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise RuntimeError(f"queries/{path.name}: {exc}") from exc


_FILE_RANK = {schema.METADATA_FILE: -1, **{t.file: i for i, t in enumerate(schema.TABLES)}}


def _sorted(problems: list[Problem]) -> list[Problem]:
    """File order of the schema, then line; the order of the checks is kept within a line."""
    return sorted(problems, key=lambda p: (_FILE_RANK.get(p.file, -2), p.row or 0))


def validate(source) -> list[Problem]:
    """Every problem in the data at ``source`` (a directory or a {file name: bytes} mapping); [] when valid."""
    try:
        files, others, _, problems = _read_source(source)
    except DataError as exc:
        return exc.problems
    _read_metadata(files.get(schema.METADATA_FILE), problems)
    _validate(files, problems, others)
    return _sorted(problems)


def load_dataset(source, label: str | None = None) -> Dataset:
    """Validate and load the dataset into a new in-memory DuckDB connection.

    Raises ``DataError`` listing every problem (and loads nothing) when the data is not valid.
    """
    pool, previous = _load_memory_pool(), pa.default_memory_pool()
    if pool is not None:
        pa.set_memory_pool(pool)
    try:
        return _load(source, label)
    finally:
        if pool is not None:
            pa.set_memory_pool(previous)


def _load(source, label: str | None) -> Dataset:
    files, others, default_label, problems = _read_source(source)
    metadata = _read_metadata(files.get(schema.METADATA_FILE), problems)
    checkers = _validate(files, problems, others)
    if problems:
        raise DataError(_sorted(problems))
    del files
    counts = {t.name: checkers[t.name].n if t.name in checkers else 0 for t in schema.TABLES}
    con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
    try:
        con.execute("SET enable_progress_bar = false")  # never print progress bars from a library
        # One table at a time, smallest first: its Arrow columns are dropped as soon as DuckDB holds them, so the
        # largest table is copied when little else is left on the Python side.
        for table in sorted(schema.TABLES, key=lambda t: _nbytes(checkers.get(t.name))):
            _create_table(con, table, checkers.pop(table.name, None))
            if counts[table.name] >= _CHECKPOINT_ROWS:
                con.execute("CHECKPOINT")   # compresses the new table in memory before the next one
            _release_memory()
        _run_macros(con)
    except BaseException:
        con.close()
        raise
    title = metadata.get("title_en") if isinstance(metadata.get("title_en"), str) else None
    return Dataset(con=con, metadata=metadata, counts=counts, label=label or title or default_label,
                   synthetic=bool(metadata.get("synthetic", False)))


# --------------------------------------------------------------------------------------------------------------
# Command line

_SUMMARY_ORDER = (
    ("commitments", "commitments"), ("milestones", "milestones"), ("jurisdictions", "jurisdictions"),
    ("commitment_progress", "commitment progress rows"), ("milestone_progress", "milestone progress rows"),
    ("action_plans", "action plans"), ("periods", "periods"), ("themes", "themes"), ("sdgs", "SDGs"),
    ("vocab", "vocabulary entries"), ("commitment_jurisdictions", "commitment-jurisdiction links"),
    ("commitment_themes", "commitment-theme links"), ("commitment_sdgs", "commitment-SDG links"),
)


def summary(ds: Dataset) -> str:
    parts = [f"{ds.counts.get(t, 0)} {label}" for t, label in _SUMMARY_ORDER]
    parts += [f"{n} {t}" for t, n in ds.counts.items() if t not in dict(_SUMMARY_ORDER)]
    return ", ".join(parts)


def cli_validate(data_dir) -> int:
    """``python -m dashboard validate [DATA_DIR]``: 0 and a one-line summary, or 1 and every problem."""
    path = resolve_data_dir(data_dir)
    try:
        ds = load_dataset(path)
    except DataError as exc:
        for p in exc.problems:
            print(p)
        n = len(exc.problems)
        print(f"invalid: {n} problem{'s' if n != 1 else ''} in {path}", file=sys.stderr)
        return 1
    synthetic = " (synthetic)" if ds.synthetic else ""
    print(f"ok: {summary(ds)} in {path}{synthetic}")
    ds.con.close()
    return 0
