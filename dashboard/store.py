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
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard import DEFAULT_DATA_DIR, QUERIES_DIR, schema
from dashboard.schema import Column, Table

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

# Regular expressions per column kind (applied to the stripped text of non-empty cells).
_INT_RE = r"[+-]?\d+"
_FLOAT_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_MONTH_RE = r"\d{4}-(?:0[1-9]|1[0-2])"
_DAY_RE = r"\d{4}-\d{2}-\d{2}"
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


def _read_source(source) -> tuple[dict[str, bytes | None], dict, str, list[Problem]]:
    """Raw bytes per expected file name (None when absent), the metadata bytes, a label, problems."""
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
    return files, {}, label, problems


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
    columns: dict[str, list[str]]      # expected column name -> cell texts (only columns present in the header)
    lines: np.ndarray                  # line number of each kept row
    n: int


def _parse_csv(table: Table, text: str, problems: list[Problem]) -> _Raw | None:
    name = table.file
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        problems.append(Problem(name, 1, None, f"malformed CSV: {exc}", "a header row"))
        return None
    while header == [] or header == [""]:  # leading blank lines
        try:
            header = next(reader)
        except StopIteration:
            header = []
            break
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, None, f"malformed CSV: {exc}", "a header row"))
            return None
    header_line = reader.line_num or 1
    if not header:
        problems.append(Problem(name, 1, None, "the file is empty",
                                "a header row: " + ",".join(table.column_names)))
        return None

    header = [h.strip() for h in header]
    expected = table.column_names
    position: dict[str, int] = {}
    for i, h in enumerate(header):
        if h in position:
            problems.append(Problem(name, header_line, h or f"(column {i + 1})", "duplicated column in the header",
                                    "each column once"))
            continue
        position[h] = i
        if h not in expected:
            problems.append(Problem(name, header_line, h or f"(column {i + 1})", "unknown column in the header",
                                    "only the columns " + ", ".join(expected)))
    for c in expected:
        if c not in position:
            problems.append(Problem(name, header_line, c, "missing column in the header",
                                    "the columns " + ", ".join(expected)))

    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    prev = reader.line_num
    try:
        for rec in reader:
            start = prev + 1
            prev = reader.line_num
            if len(rec) == width:
                rows.append(rec)
                lines.append(start)
            elif not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # blank line
            else:
                problems.append(Problem(name, start, None,
                                        f"malformed row: {len(rec)} fields",
                                        f"{width} fields as in the header"))
    except csv.Error as exc:
        problems.append(Problem(name, prev + 1, None, f"malformed CSV: {exc}",
                                "well-formed CSV (quotes closed, fields separated by commas)"))

    cols_t = list(zip(*rows)) if rows else [()] * width
    columns = {c: list(cols_t[position[c]]) for c in expected if c in position}
    return _Raw(header, columns, np.asarray(lines, dtype=np.int64), len(rows))


# --------------------------------------------------------------------------------------------------------------
# Checking


def _expected_values(col: Column) -> str:
    acc = list(col.accepted)
    if acc and all(isinstance(a, int) for a in acc) and acc == list(range(acc[0], acc[-1] + 1)):
        return f"a whole number from {acc[0]} to {acc[-1]}"
    return "one of: " + ", ".join(str(a) for a in acc)


def _is_end(col_name: str) -> bool:
    return col_name == "end" or col_name.endswith("_end")


class _Checker:
    """Checks one table's columns; collects problems; keeps the converted columns."""

    def __init__(self, table: Table, raw: _Raw, problems: list[Problem]):
        self.table = table
        self.raw = raw
        self.problems = problems
        self.lines = raw.lines
        self.bad_row = np.zeros(raw.n, dtype=bool)
        self.clean: dict[str, pd.Series] = {}      # validated text (stripped), None where empty or invalid
        self.dates: dict[str, pd.Series] = {}      # converted dates for month/date/day_or_month columns
        self.precision: dict[str, pd.Series] = {}  # day/month for day_or_month columns
        self.typed: dict[str, pd.Series] = {}      # typed values for int/float/bool

    def report(self, col: str, mask: np.ndarray, values: pd.Series, message, expected: str) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        self.bad_row[idx] = True
        vals = values.to_numpy(dtype=object)
        for i in idx:
            msg = message(vals[i]) if callable(message) else message
            self.problems.append(Problem(self.table.file, int(self.lines[i]), col, msg, expected))

    def check_column(self, col: Column) -> None:
        cells = pd.Series(self.raw.columns[col.name], dtype=object)
        stripped = cells.str.strip() if len(cells) else cells
        empty = (stripped == "").to_numpy(dtype=bool) if len(cells) else np.zeros(0, dtype=bool)
        present = ~empty
        name = col.name

        if col.required:
            self.report(name, empty, cells, "empty value", "a value: this column is required")

        ok = present.copy()
        kind = col.kind
        s = stripped.where(present, None)

        def bad(mask, message, expected):
            nonlocal ok
            mask = mask & ok
            self.report(name, mask, s, message, expected)
            ok = ok & ~mask

        def full(regex: str) -> np.ndarray:
            if not len(s):
                return np.zeros(0, dtype=bool)
            return s.str.fullmatch(regex).fillna(False).to_numpy(dtype=bool)

        if kind == schema.ID:
            spaced = present & (cells != stripped).to_numpy(dtype=bool)
            self.report(name, spaced, cells, lambda v: f"{_show(v)} has leading or trailing spaces",
                        "an identifier without surrounding spaces")
            ok &= ~spaced
        elif kind == schema.INT:
            bad(~full(_INT_RE), lambda v: f"{_show(v)} is not a whole number", "a whole number, e.g. 7")
            nums = pd.to_numeric(s.where(ok, None), errors="coerce")
            bad((nums.abs() > _INT32).fillna(False).to_numpy(dtype=bool), lambda v: f"{_show(v)} is too large",
                f"a whole number between {-_INT32} and {_INT32}")
            self.typed[name] = pd.to_numeric(s.where(ok, None), errors="coerce").astype("Int64")
        elif kind == schema.FLOAT:
            bad(~full(_FLOAT_RE), lambda v: f"{_show(v)} is not a number", "a decimal number, e.g. 41.64")
            nums = pd.to_numeric(s.where(ok, None), errors="coerce").astype("Float64")
            bad((~np.isfinite(nums.astype(float).fillna(0).to_numpy())), lambda v: f"{_show(v)} is not finite",
                "a decimal number, e.g. 41.64")
            self.typed[name] = nums.where(pd.Series(ok), pd.NA)
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
            day_vals = pd.to_datetime(s.where(ok & is_day, None), format="%Y-%m-%d", errors="coerce")
            bad(is_day & day_vals.isna().to_numpy(dtype=bool),
                lambda v: f"{_show(v)} is not a valid date", "a real calendar date in YYYY-MM-DD")
            month_vals = pd.to_datetime(s.where(ok & is_month, None), format="%Y-%m", errors="coerce")
            bad(is_month & month_vals.isna().to_numpy(dtype=bool),
                lambda v: f"{_show(v)} is not a valid month", "YYYY-MM")
            if _is_end(name):
                month_vals = month_vals + pd.offsets.MonthEnd(0)
            d = day_vals.where(pd.Series(is_day), month_vals).where(pd.Series(ok))
            self.dates[name] = d.astype("datetime64[s]") if len(d) else d
            if kind == schema.DAY_OR_MONTH:
                prec = np.where(ok & is_day, "day", np.where(ok & is_month, "month", None))
                self.precision[name] = pd.Series(prec, dtype=object)
        elif kind == schema.URL:
            bad(~full(_URL_RE), lambda v: f"{_show(v)} is not an http(s) URL",
                "a URL starting with http:// or https://")
        elif kind == schema.BOOL:
            low = s.str.lower() if len(s) else s
            bad(~low.isin(["true", "false"]).to_numpy(dtype=bool), lambda v: f"{_show(v)} is not true/false",
                "true or false")
            self.typed[name] = (low == "true").where(pd.Series(ok), pd.NA).astype("boolean")

        if col.accepted:
            if all(isinstance(a, int) for a in col.accepted):
                if name not in self.typed:
                    bad(~full(_INT_RE), lambda v: f"{_show(v)} is not a whole number", _expected_values(col))
                    self.typed[name] = pd.to_numeric(s.where(ok, None), errors="coerce").astype("Int64")
                member = self.typed[name].isin(list(col.accepted)).fillna(False).to_numpy(dtype=bool)
            else:
                member = s.isin([str(a) for a in col.accepted]).to_numpy(dtype=bool)
            bad(~member, lambda v: f"{_show(v)} is not an accepted value", _expected_values(col))
            if name in self.typed:
                self.typed[name] = self.typed[name].where(pd.Series(ok), pd.NA)
        if col.pattern:
            help_ = _PATTERN_HELP.get(col.pattern, f"text matching {col.pattern}")
            bad(~full(col.pattern),
                lambda v: f"{_show(v)} does not have the required form", help_)
        if col.max_length:
            lengths = cells.str.len().to_numpy() if len(cells) else np.zeros(0)
            too_long = present & (lengths > col.max_length)
            self.report(name, too_long, cells.str.len() if len(cells) else cells,
                        lambda n: f"text of {n} characters is too long",
                        f"at most {col.max_length} characters")
            ok &= ~too_long

        if kind == schema.TEXT:
            # Text keeps its inner content; surrounding whitespace is trimmed, blank becomes NULL.
            self.clean[name] = stripped.where(present, None)
        else:
            self.clean[name] = s.where(pd.Series(ok), None) if len(s) else s
        self.ok_mask = ok

    def check_key(self) -> None:
        key = list(self.table.key)
        if not all(k in self.clean for k in key) or not self.raw.n:
            return
        frame = pd.DataFrame({k: self.clean[k] for k in key})
        valid = frame.notna().all(axis=1).to_numpy()
        sub = frame[valid]
        dup = sub.duplicated(keep="first").to_numpy()
        if not dup.any():
            return
        sub_lines = self.lines[valid]
        first_line = {}
        for tup, line in zip(sub.itertuples(index=False, name=None), sub_lines):
            first_line.setdefault(tup, int(line))
        col = ", ".join(key)
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
            a, b = self.dates[start], self.dates[end]
            mask = (a > b).fillna(False).to_numpy(dtype=bool)
            sa, sb = self.clean[start].to_numpy(dtype=object), self.clean[end].to_numpy(dtype=object)
            for i in np.flatnonzero(mask):
                self.problems.append(Problem(self.table.file, int(self.lines[i]), start,
                                             f"{start} {sa[i]} is after {end} {sb[i]}",
                                             f"{start} <= {end}"))


def _check_references(table: Table, chk: _Checker, checkers: dict[str, _Checker], problems: list[Problem]):
    for ref in table.references:
        target = checkers.get(ref.table)
        if target is None or not all(c in chk.clean for c in ref.columns):
            continue
        if not all(c in target.clean or c in target.raw.columns for c in ref.target):
            continue
        # The target's keys as written (even when a key failed its own check, so that one error does not cascade).
        def keyvals(ch: _Checker, cols):
            out = []
            for c in cols:
                if c in ch.typed:
                    out.append(ch.typed[c].astype(object).where(ch.typed[c].notna(), None))
                else:
                    raw = pd.Series(ch.raw.columns[c], dtype=object)
                    out.append(raw.str.strip() if len(raw) else raw)
            return out

        tvals = keyvals(target, ref.target)
        tset = set(zip(*[v.tolist() for v in tvals])) if target.raw.n else set()
        svals = []
        for c in ref.columns:
            v = chk.typed[c] if c in chk.typed else chk.clean[c]
            svals.append(v.astype(object).where(v.notna(), None))
        if not chk.raw.n:
            continue
        present = np.all([v.notna().to_numpy() for v in svals], axis=0)
        if len(ref.columns) == 1:
            found = svals[0].isin([t[0] for t in tset]).to_numpy(dtype=bool)
        else:
            found = pd.MultiIndex.from_arrays(svals).isin(list(tset))
        missing = present & ~found
        col = ", ".join(ref.columns)
        target_col = ", ".join(ref.target)
        tuples = list(zip(*[v.tolist() for v in svals]))
        for i in np.flatnonzero(missing):
            value = ", ".join(str(x) for x in tuples[i])
            problems.append(Problem(table.file, int(chk.lines[i]), col,
                                    f"{_show(value)} is not in {ref.table}.csv",
                                    f"a {target_col} listed in {ref.table}.csv"))


def _validate(files: dict[str, bytes | None], problems: list[Problem]) -> dict[str, _Checker]:
    checkers: dict[str, _Checker] = {}
    for table in schema.TABLES:
        data = files.get(table.file)
        if data is None:
            if table.required_file:
                problems.append(Problem(table.file, None, None, "missing file",
                                        f"a file named {table.file} with the columns "
                                        + ",".join(table.column_names)))
            continue
        if data is _UNREADABLE:
            continue
        text = _decode(table.file, data, problems)
        if text is None:
            continue
        raw = _parse_csv(table, text, problems)
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


def _frame(table: Table, chk: _Checker) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    data: dict[str, pd.Series] = {}
    cols: list[tuple[str, str]] = []
    for col in table.columns:
        sql = _sql_type(col)
        if col.name in chk.dates:
            data[col.name] = chk.dates[col.name]
        elif col.name in chk.typed:
            data[col.name] = chk.typed[col.name]
        else:
            data[col.name] = chk.clean[col.name].astype(object)
        cols.append((col.name, sql))
        if col.kind == schema.DAY_OR_MONTH:
            pname = f"{col.name}_precision"
            data[pname] = chk.precision[col.name]
            cols.append((pname, "VARCHAR"))
    frame = pd.DataFrame({k: v.reset_index(drop=True) for k, v in data.items()})
    return frame, cols


def _create_tables(con: duckdb.DuckDBPyConnection, checkers: dict[str, _Checker]) -> dict[str, int]:
    counts = {}
    for table in schema.TABLES:
        chk = checkers[table.name]
        frame, cols = _frame(table, chk)
        ddl = ", ".join(f"{_q(c)} {t}" for c, t in cols)
        con.execute(f"CREATE TABLE {_q(table.name)} ({ddl})")
        if len(frame):
            view = f"__load_{table.name}"
            con.register(view, frame)
            select = ", ".join(f"CAST({_q(c)} AS {t})" for c, t in cols)
            con.execute(f"INSERT INTO {_q(table.name)} SELECT {select} FROM {_q(view)}")
            con.unregister(view)
        counts[table.name] = int(len(frame))
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


def validate(source) -> list[Problem]:
    """Every problem in the data at ``source`` (a directory or a {file name: bytes} mapping); [] when valid."""
    try:
        files, _, _, problems = _read_source(source)
    except DataError as exc:
        return exc.problems
    _read_metadata(files.get(schema.METADATA_FILE), problems)
    _validate(files, problems)
    return problems


def load_dataset(source, label: str | None = None) -> Dataset:
    """Validate and load the dataset into a new in-memory DuckDB connection.

    Raises ``DataError`` listing every problem (and loads nothing) when the data is not valid.
    """
    files, _, default_label, problems = _read_source(source)
    metadata = _read_metadata(files.get(schema.METADATA_FILE), problems)
    checkers = _validate(files, problems)
    if problems:
        raise DataError(problems)
    con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
    try:
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
