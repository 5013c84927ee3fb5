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
from collections.abc import Mapping
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
_URL_RE = r"https?://[^\s/?#]+[^\s]*"
_INT32 = 2**31 - 1
_UNREADABLE = b"\x00(unreadable)"

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


def _read_source(source) -> tuple[dict[str, bytes | None], list[str], str, list[Problem]]:
    """Raw bytes per expected file name (None when absent), other CSV file names present, a label, problems."""
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
            if name not in present:
                files[name] = None
                continue
            try:
                files[name] = (directory / name).read_bytes()
            except OSError as exc:
                files[name] = None
                files[name] = _UNREADABLE
                problems.append(Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}",
                                        "a readable file"))
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


_STR = pd.StringDtype("pyarrow")


@dataclass
class _Raw:
    header: list[str]
    columns: dict[str, pd.Series]      # expected column name -> cell texts (only columns present in the header)
    lines: np.ndarray                  # line number of each kept row
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
            io.BytesIO(data),
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
        columns = {c: pd.Series(fast.column(position[c]).slice(1), dtype=_STR) for c in expected if c in position}
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
    columns = {c: pd.Series(list(cols_t[position[c]]), dtype=_STR) for c in expected if c in position}
    return _Raw(header, columns, np.asarray(lines, dtype=np.int64), len(rows), malformed)


# --------------------------------------------------------------------------------------------------------------
# Checking


def _expected_values(col: Column) -> str:
    acc = list(col.accepted)
    if acc and all(isinstance(a, int) for a in acc) and acc == list(range(acc[0], acc[-1] + 1)):
        return f"a whole number from {acc[0]} to {acc[-1]}"
    return "one of: " + ", ".join(str(a) for a in acc)


def _is_end(col_name: str) -> bool:
    return col_name == "end" or col_name.endswith("_end")


def _np(mask) -> np.ndarray:
    """A pandas/pyarrow boolean result as a numpy bool array (missing = False)."""
    if isinstance(mask, np.ndarray):
        if mask.dtype == object:
            return np.array([bool(x) if x is not None else False for x in mask], dtype=bool)
        return mask.astype(bool)
    return mask.fillna(False).to_numpy(dtype=bool)


def _fullmatch(values: pd.Series, regex: str) -> np.ndarray:
    """Whole-value regex match through pyarrow (RE2); missing = False."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    arr = pa.array(values.reset_index(drop=True), type=pa.string(), from_pandas=True)
    pattern = regex.removeprefix("^").removesuffix("$")
    return _np(pc.match_substring_regex(arr, f"^(?:{pattern})$").to_numpy(zero_copy_only=False))


def _isin(values: pd.Series, accepted) -> np.ndarray:
    """values.isin(accepted) through pyarrow (pandas' arrow-string isin goes through Python objects)."""
    arr = pa.array(values.reset_index(drop=True), from_pandas=True)
    value_set = accepted if isinstance(accepted, (pa.Array, pa.ChunkedArray)) else pa.array(list(accepted))
    if isinstance(value_set, pa.ChunkedArray):
        value_set = value_set.combine_chunks()
    value_set = value_set.cast(arr.type) if value_set.type != arr.type else value_set
    return _np(pc.is_in(arr, value_set=value_set, skip_nulls=True).to_numpy(zero_copy_only=False))


def _strptime(values: pd.Series, fmt: str, check_day: bool = False) -> pd.Series:
    arr = pa.array(values, type=pa.string(), from_pandas=True)
    ts = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    if check_day:
        # strptime rolls impossible days over (2018-02-30 -> 2018-03-02): keep a date only when its day is the
        # day as written (the text is already known to be YYYY-MM-DD).
        written = pc.cast(pc.utf8_slice_codeunits(arr, 8, 10), pa.int64())
        same = pc.equal(pc.day(ts), written)
        ts = pc.if_else(pc.fill_null(same, False), ts, pa.scalar(None, ts.type))
    return pd.Series(ts.to_numpy(zero_copy_only=False), dtype="datetime64[s]")


class _Checker:
    """Checks one table's columns; collects problems; keeps the converted columns."""

    def __init__(self, table: Table, raw: _Raw, problems: list[Problem]):
        self.table = table
        self.raw = raw
        self.problems = problems
        self.lines = raw.lines
        self.clean: dict[str, pd.Series] = {}      # validated text (stripped), NA where empty or invalid
        self.dates: dict[str, pd.Series] = {}      # datetime64 for month/date/day_or_month columns
        self.precision: dict[str, pd.Series] = {}  # 'day'/'month' for day_or_month columns
        self.typed: dict[str, pd.Series] = {}      # typed values for int/float/bool

    def report(self, col: str, mask: np.ndarray, values: pd.Series, message, expected: str) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        vals = values.iloc[idx].tolist()
        for i, v in zip(idx, vals):
            msg = message(v) if callable(message) else message
            self.problems.append(Problem(self.table.file, int(self.lines[i]), col, msg, expected))

    def check_column(self, col: Column) -> None:
        cells = self.raw.columns[col.name]
        name, kind, n = col.name, col.kind, len(cells)
        stripped = cells.str.strip()
        empty = _np(stripped == "")
        present = ~empty
        if col.required:
            self.report(name, empty, cells, "empty value", "a value: this column is required")

        ok = present.copy()
        s = stripped.where(present)

        def bad(mask, message, expected):
            nonlocal ok
            mask = mask & ok
            self.report(name, mask, s, message, expected)
            ok = ok & ~mask

        def full(regex: str) -> np.ndarray:
            return _fullmatch(s, regex)

        def as_int():
            digits = s.where(ok).str.replace(r"^\+", "", regex=True)
            return digits.astype("Int64") if n else pd.Series([], dtype="Int64")

        if kind == schema.ID:
            spaced = present & _np(cells != stripped)
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
            nums = pd.to_numeric(s.where(ok), errors="coerce").astype("Float64") if n else \
                pd.Series([], dtype="Float64")
            bad(~_np(np.isfinite(nums)), lambda v: f"{_show(v)} is not a finite number",
                "a decimal number, e.g. 41.64")
            self.typed[name] = nums.where(ok)
        elif kind in (schema.MONTH, schema.DATE, schema.DAY_OR_MONTH):
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
            d = pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[s]"))
            if (ok & is_day).any():
                day_vals = _strptime(s.where(ok & is_day), "%Y-%m-%d", check_day=True)
                bad(is_day & day_vals.isna().to_numpy(), lambda v: f"{_show(v)} is not a valid date",
                    "a real calendar date in YYYY-MM-DD")
                d = d.where(~(ok & is_day), day_vals)
            if (ok & is_month).any():
                month_vals = _strptime((s.where(ok & is_month) + "-01"), "%Y-%m-%d")
                if _is_end(name):
                    month_vals = month_vals + pd.offsets.MonthEnd(0)
                d = d.where(~(ok & is_month), month_vals)
            d = d.where(ok)
            self.dates[name] = d
            if kind == schema.DAY_OR_MONTH:
                day_mask = pa.array(ok & is_day)
                month_mask = pa.array(ok & is_month)
                prec = pc.if_else(day_mask, pa.scalar("day"), pc.if_else(month_mask, pa.scalar("month"),
                                                                         pa.scalar(None, pa.string())))
                self.precision[name] = pd.Series(prec, dtype=_STR)
        elif kind == schema.URL:
            bad(~full(_URL_RE), lambda v: f"{_show(v)} is not an http(s) URL",
                "a URL starting with http:// or https://")
        elif kind == schema.BOOL:
            low = s.str.lower()
            bad(~_isin(low, ["true", "false"]), lambda v: f"{_show(v)} is not true/false", "true or false")
            self.typed[name] = (low == "true").where(ok).astype("boolean")

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
        if col.max_length:
            lengths = cells.str.len()
            too_long = present & _np(lengths > col.max_length)
            self.report(name, too_long, lengths, lambda k: f"text of {k} characters is too long",
                        f"at most {col.max_length} characters")
            ok &= ~too_long

        if name in self.typed:
            self.typed[name] = self.typed[name].where(ok)
        if kind == schema.TEXT:
            # Text keeps its content; surrounding whitespace is trimmed, blank becomes NULL.
            self.clean[name] = s
        else:
            self.clean[name] = s.where(ok)

    def check_key(self) -> None:
        key = list(self.table.key)
        if not all(k in self.clean for k in key) or not self.raw.n:
            return
        parts = [pa.array(self.typed.get(k, self.clean[k]).reset_index(drop=True), from_pandas=True)
                 for k in key]
        parts = [p if p.type == pa.string() else p.cast(pa.string()) for p in parts]
        joined = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")
        if pc.count_distinct(joined).as_py() == pc.count(joined).as_py():
            return  # no duplicates (the common case, checked without leaving Arrow)
        frame = pd.DataFrame({k: self.typed.get(k, self.clean[k]) for k in key})
        valid = frame.notna().all(axis=1).to_numpy()
        sub = frame[valid]
        dup = sub.duplicated(keep="first").to_numpy()
        if not dup.any():
            return
        sub_lines = self.lines[valid]
        first_line: dict = {}
        col = ", ".join(key)
        for tup, line, is_dup in zip(sub.itertuples(index=False, name=None), sub_lines, dup):
            if not is_dup:
                first_line.setdefault(tup, int(line))
        for tup, line, is_dup in zip(sub.itertuples(index=False, name=None), sub_lines, dup):
            if is_dup:
                value = ", ".join(str(v) for v in tup)
                self.problems.append(Problem(self.table.file, int(line), col,
                                             f"duplicate key {_show(value)} (first at row {first_line[tup]})",
                                             f"each {col} once"))

    def check_ordered(self) -> None:
        for start, end in self.table.ordered:
            if start not in self.dates or end not in self.dates:
                continue
            mask = _np(self.dates[start] > self.dates[end])
            idx = np.flatnonzero(mask)
            sa, sb = self.clean[start].iloc[idx].tolist(), self.clean[end].iloc[idx].tolist()
            for i, a, b in zip(idx, sa, sb):
                self.problems.append(Problem(self.table.file, int(self.lines[i]), start,
                                             f"{start} {a} is after {end} {b}", f"{start} <= {end}"))


def _key_values(ch: _Checker, col: str, *, as_written: bool) -> pd.Series:
    if col in ch.typed:
        return ch.typed[col]
    if as_written:
        # The target's keys as written (even when a key failed its own check, so one error does not cascade).
        return ch.raw.columns[col].str.strip()
    return ch.clean[col]


def _check_references(table: Table, chk: _Checker, checkers: dict[str, _Checker], problems: list[Problem]):
    for ref in table.references:
        target = checkers.get(ref.table)
        if target is None or not chk.raw.n:
            continue
        if not all(c in chk.clean for c in ref.columns) or not all(c in target.raw.columns for c in ref.target):
            continue
        svals = [_key_values(chk, c, as_written=False) for c in ref.columns]
        tvals = [_key_values(target, c, as_written=True) for c in ref.target]
        if len(ref.target) == 1 and target.raw.malformed.get(ref.target[0]):
            extra = pd.Series(target.raw.malformed[ref.target[0]], dtype=_STR)
            if tvals[0].dtype != _STR:
                extra = pd.to_numeric(extra, errors="coerce").astype(tvals[0].dtype)
            tvals = [pd.concat([tvals[0], extra], ignore_index=True)]
        present = np.logical_and.reduce([v.notna().to_numpy() for v in svals])
        if len(ref.columns) == 1:
            found = _isin(svals[0], pa.array(tvals[0].dropna(), from_pandas=True).unique())
        else:
            tset = set(zip(*[v.tolist() for v in tvals]))
            found = np.asarray(pd.MultiIndex.from_arrays(svals).isin(list(tset)), dtype=bool)
        missing = np.flatnonzero(present & ~found)
        col = ", ".join(ref.columns)
        target_col = ", ".join(ref.target)
        values = list(zip(*[v.iloc[missing].tolist() for v in svals]))
        for i, tup in zip(missing, values):
            value = ", ".join(str(x) for x in tup)
            problems.append(Problem(table.file, int(chk.lines[i]), col,
                                    f"{_show(value)} is not in {ref.table}.csv",
                                    f"a {target_col} listed in {ref.table}.csv"))


def _validate(files: dict[str, bytes | None], problems: list[Problem],
              others: list[str] = ()) -> dict[str, _Checker]:
    checkers: dict[str, _Checker] = {}
    for table in schema.TABLES:
        data = files.get(table.file)
        if data is None:
            if table.required_file:
                found = f" (other CSV files here: {', '.join(others)})" if others else ""
                problems.append(Problem(table.file, None, None, "missing file" + found,
                                        f"a file named {table.file} with the columns "
                                        + ",".join(table.column_names)))
            continue
        if data is _UNREADABLE:
            continue
        raw = _parse_csv(table, data.removeprefix(b"\xef\xbb\xbf"), problems)
        if raw is None:
            continue
        chk = _Checker(table, raw, problems)
        for col in table.columns:
            if col.name in raw.columns:
                chk.check_column(col)
        chk.check_key()
        chk.check_ordered()
        checkers[table.name] = chk
    for table in schema.TABLES:
        if table.name in checkers:
            _check_references(table, checkers[table.name], checkers, problems)
    return checkers


def _read_metadata(data: bytes | None, problems: list[Problem]) -> dict:
    name = schema.METADATA_FILE
    if data is None or data is _UNREADABLE:
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


def _arrow_table(table: Table, chk: _Checker) -> tuple[pa.Table, list[tuple[str, str]]]:
    arrays: dict[str, pa.Array] = {}
    cols: list[tuple[str, str]] = []

    def arrow(series: pd.Series) -> pa.Array:
        return pa.array(series.reset_index(drop=True), from_pandas=True)

    for col in table.columns:
        if col.name in chk.dates:
            arrays[col.name] = arrow(chk.dates[col.name]).cast(pa.date32())
        elif col.name in chk.typed:
            arrays[col.name] = arrow(chk.typed[col.name])
        else:
            arrays[col.name] = arrow(chk.clean[col.name].astype(_STR))
        cols.append((col.name, _sql_type(col)))
        if col.kind == schema.DAY_OR_MONTH:
            pname = f"{col.name}_precision"
            arrays[pname] = arrow(chk.precision[col.name])
            cols.append((pname, "VARCHAR"))
    return pa.table(arrays), cols


def _create_tables(con: duckdb.DuckDBPyConnection, checkers: dict[str, _Checker]) -> dict[str, int]:
    counts = {}
    for table in schema.TABLES:
        arrow_table, cols = _arrow_table(table, checkers[table.name])
        ddl = ", ".join(f"{_q(c)} {t}" for c, t in cols)
        con.execute(f"CREATE TABLE {_q(table.name)} ({ddl})")
        if arrow_table.num_rows:
            view = f"__load_{table.name}"
            con.register(view, arrow_table)
            select = ", ".join(f"CAST({_q(c)} AS {t})" for c, t in cols)
            con.execute(f"INSERT INTO {_q(table.name)} SELECT {select} FROM {_q(view)}")
            con.unregister(view)
        counts[table.name] = int(arrow_table.num_rows)
    return counts


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
    files, others, default_label, problems = _read_source(source)
    metadata = _read_metadata(files.get(schema.METADATA_FILE), problems)
    checkers = _validate(files, problems, others)
    if problems:
        raise DataError(_sorted(problems))
    con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
    try:
        con.execute("SET enable_progress_bar = false")  # never print progress bars from a library
        counts = _create_tables(con, checkers)
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
