"""The validation rules of one table: every column against its kind, accepted values, pattern and length, then
the table's key and its ordered date pairs. ``TableChecker`` collects the problems and keeps the converted columns
(Arrow and numpy) for loading."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.schema import Column, Table
from dashboard.store.arrow_columns import (
    fullmatch,
    is_end_column,
    isin,
    np_mask,
    nulls_where,
    pa_mask,
    parse_days,
    parse_months,
    strip,
    to_float,
)
from dashboard.store.problems import Problem, room, show, skipped
from dashboard.store.reading import RawTable

# Regular expressions per column kind (applied to the stripped text of non-empty cells).
_INT_RE = r"[+-]?\d+"
_INT9_RE = r"[+-]?0*\d{1,9}"
_FLOAT_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_MONTH_RE = r"\d{4}-(?:0[1-9]|1[0-2])"
_DAY_RE = r"\d{4}-\d{2}-\d{2}"
DATE_MIN_YEAR, DATE_MAX_YEAR = schema.DATE_MIN_YEAR, schema.DATE_MAX_YEAR
_YEAR_RANGE_RE = r"(?:199\d|20\d\d|2100)-.*"
_IN_RANGE_MONTH_RE = r"(?:199\d|20\d\d|2100)-(?:0[1-9]|1[0-2])"
_IN_RANGE_DAY_RE = r"(?:199\d|20\d\d|2100)-\d{2}-\d{2}"
_URL_RE = r"https?://[^\s/?#]+[^\s]*"
_STRAY_RE = "[\\x00\\x{FEFF}]"

# Friendly descriptions of the schema's patterns (for the "expected …" part of a message).
_PATTERN_HELP = {
    schema.PERIOD_ID_PATTERN: "a period id like 2019-annual, 2020-midterm, 2021-q3 or 2021-h1",
    schema.SLUG_PATTERN: "a lower-case slug like georgia-2018-2019 (letters a-z, digits, - and _)",
    schema.ID_PATTERN: "an id of the letters A-Z and a-z, digits, '.', '_' and '-', like GE-2018-6.2",
    schema.MILESTONE_ID_PATTERN: "a commitment id, '/', a number, like GE-2018-6.2/6.2.1 (letters A-Z and a-z, "
                                 "digits, '.', '_' and '-')",
    r"^#[0-9A-Fa-f]{6}$": "a colour like #E5243B",
}


def _form_message(value: str) -> str:
    """Why a value does not have its column's form, naming the first character that is out of place (a
    zero-width space or a Cyrillic 'а' looks like nothing or like 'a')."""
    for ch in value:
        if ord(ch) > 126 or ord(ch) < 32:
            name = unicodedata.name(ch, "a control character" if unicodedata.category(ch) == "Cc" else "")
            return f"{show(value)} contains U+{ord(ch):04X}" + (f" ({name})" if name else "")
    return f"{show(value)} does not have the required form"


def _expected_values(col: Column) -> str:
    if col.accepted_help:
        return col.accepted_help
    acc = list(col.accepted)
    if acc and all(isinstance(a, int) for a in acc) and acc == list(range(acc[0], acc[-1] + 1)):
        return f"a whole number from {acc[0]} to {acc[-1]}"
    return "one of: " + ", ".join(str(a) for a in acc)


@dataclass
class _Cells:
    """One column while it is checked: the cells as written, their stripped text, which are non-empty and which
    are still valid (each failed rule clears its rows, so a cell is reported once per rule at most)."""

    name: str
    cells: pa.ChunkedArray
    text: pa.ChunkedArray
    present: np.ndarray
    ok: np.ndarray


class TableChecker:
    """Checks one table's columns; collects problems; keeps the converted columns (Arrow, numpy)."""

    def __init__(self, table: Table, raw: RawTable, problems: list[Problem]):
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
        return nulls_where(self.stripped[name], self.ok[name])

    def report(self, col: str, mask: np.ndarray, values, message, expected: str) -> None:
        """One problem per row of ``mask``; ``message`` is text or a function of the row's value."""
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        keep = room(self.problems, self.table.file)
        if len(idx) > keep:   # counted, not built: the cost of a bad file stays bounded
            skipped(self.problems, len(idx) - keep)
            idx = idx[:keep]
        vals = values.take(pa.array(idx)).to_pylist()
        for i, v in zip(idx, vals, strict=True):
            msg = message(v) if callable(message) else message
            self.problems.append(Problem(self.table.file, int(self.lines[i]), col, msg, expected))

    # ------------------------------------------------------------------------------------------ one column

    def _reject(self, c: _Cells, mask: np.ndarray, message, expected: str) -> None:
        """Report the still-valid rows of ``mask`` and mark them invalid."""
        mask = mask & c.ok
        self.report(c.name, mask, c.text, message, expected)
        c.ok = c.ok & ~mask

    def _full(self, c: _Cells, regex: str) -> np.ndarray:
        return fullmatch(c.text, regex) if self.n else np.zeros(0, dtype=bool)

    @staticmethod
    def _as_int(c: _Cells):
        digits = pc.replace_substring_regex(nulls_where(c.text, c.ok), r"^\+", "")
        return pc.cast(digits, pa.int64())

    def check_column(self, col: Column) -> None:
        """Every rule of ``col``, in a fixed order (so the problems of one cell come in that order)."""
        cells = self.raw.columns[col.name]
        text = strip(cells)
        empty = np_mask(pc.equal(pc.binary_length(text), 0)) if self.n else np.zeros(0, dtype=bool)
        c = _Cells(col.name, cells, text, ~empty, ~empty)
        if self.n:   # a NUL or a stray BOM is refused in every column, at the row that holds it
            stray = c.present & np_mask(pc.match_substring_regex(cells, _STRAY_RE))
            self._reject(c, stray, _form_message, "text without NUL characters or byte order marks (U+FEFF)")
        if col.required:
            self.report(col.name, empty, cells, "empty value", "a value: this column is required")
        kind_check = _KIND_CHECKS.get(col.kind)
        if kind_check is not None:
            kind_check(self, col, c)
        if col.accepted:
            self._check_accepted(col, c)
        if col.pattern:
            help_ = _PATTERN_HELP.get(col.pattern, f"text matching {col.pattern}")
            self._reject(c, ~self._full(c, col.pattern), _form_message, help_)
        if col.max_length and self.n:
            lengths = pc.utf8_length(cells)
            too_long = c.present & np_mask(pc.greater(lengths, col.max_length))
            self.report(col.name, too_long, lengths, lambda k: f"text of {k} characters is too long",
                        f"at most {col.max_length} characters")
            c.ok &= ~too_long
        if col.name in self.typed:
            self.typed[col.name] = nulls_where(self.typed[col.name], c.ok)
        self.stripped[col.name] = text
        # Text keeps its content (blank becomes NULL when loaded); other kinds keep only valid values.
        self.ok[col.name] = c.present if col.kind == schema.TEXT else c.ok

    def _check_id(self, col: Column, c: _Cells) -> None:
        spaced = c.present & np_mask(pc.not_equal(pc.binary_length(c.cells), pc.binary_length(c.text)))
        self.report(c.name, spaced, c.cells, lambda v: f"{show(v)} has leading or trailing spaces",
                    "an identifier without surrounding spaces")
        c.ok &= ~spaced

    def _check_int(self, col: Column, c: _Cells) -> None:
        self._reject(c, ~self._full(c, _INT_RE), lambda v: f"{show(v)} is not a whole number",
                     "a whole number, e.g. 7")
        self._reject(c, ~self._full(c, _INT9_RE), lambda v: f"{show(v)} is too large",
                     "a whole number of at most 9 digits")
        self.typed[c.name] = self._as_int(c)

    def _check_float(self, col: Column, c: _Cells) -> None:
        self._reject(c, ~self._full(c, _FLOAT_RE), lambda v: f"{show(v)} is not a number",
                     "a decimal number, e.g. 41.64")
        nums = pa.array([to_float(v) for v in nulls_where(c.text, c.ok).to_pylist()], type=pa.float64())
        self._reject(c, ~np_mask(pc.is_finite(nums)), lambda v: f"{show(v)} is not a finite number",
                     "a decimal number, e.g. 41.64")
        self.typed[c.name] = nums

    def _check_url(self, col: Column, c: _Cells) -> None:
        self._reject(c, ~self._full(c, _URL_RE), lambda v: f"{show(v)} is not an http(s) URL",
                     "a URL starting with http:// or https://")

    def _check_bool(self, col: Column, c: _Cells) -> None:
        low = pc.utf8_lower(c.text)
        self._reject(c, ~isin(low, ["true", "false"]), lambda v: f"{show(v)} is not true/false", "true or false")
        self.typed[c.name] = pc.equal(low, "true")

    def _date_forms(self, col: Column, c: _Cells) -> tuple[np.ndarray, np.ndarray]:
        """(is a month, is a day) per row; the rows of neither form, or out of range, are reported."""
        # The common case in one or two passes: every value has the column's form and a year in range.
        none = np.zeros(self.n, dtype=bool)
        is_month = self._full(c, _IN_RANGE_MONTH_RE) if col.kind != schema.DATE else none
        is_day = self._full(c, _IN_RANGE_DAY_RE) if col.kind != schema.MONTH else none
        if not (c.present & ~(is_month | is_day)).any():
            return is_month, is_day
        is_month = self._full(c, _MONTH_RE)
        is_day = self._full(c, _DAY_RE)
        if col.kind == schema.MONTH:
            self._reject(c, is_day, lambda v: f"{show(v)} is a day date in a month column",
                         "YYYY-MM, e.g. 2019-07 (months are stored as published)")
            self._reject(c, ~is_month, lambda v: f"{show(v)} is not a month", "YYYY-MM, e.g. 2019-07")
        elif col.kind == schema.DATE:
            self._reject(c, ~is_day, lambda v: f"{show(v)} is not a date", "YYYY-MM-DD, e.g. 2019-12-31")
        else:
            self._reject(c, ~(is_day | is_month), lambda v: f"{show(v)} is not a date or a month",
                         "YYYY-MM-DD or YYYY-MM, e.g. 2019-09-10 or 2019-09")
        self._reject(c, ~self._full(c, _YEAR_RANGE_RE), lambda v: f"{show(v)} is out of range",
                     f"a year from {DATE_MIN_YEAR} to {DATE_MAX_YEAR}")
        return is_month, is_day

    def _check_dates(self, col: Column, c: _Cells) -> None:
        is_month, is_day = self._date_forms(col, c)
        d = np.full(self.n, np.datetime64("NaT"), dtype="datetime64[D]")
        sel = c.ok & is_day
        if sel.any():
            day_vals = parse_days(c.text, sel)
            self._reject(c, is_day & np.isnat(day_vals), lambda v: f"{show(v)} is not a valid date",
                         "a real calendar date in YYYY-MM-DD")
            sel = c.ok & is_day
            d[sel] = day_vals[sel]
        sel = c.ok & is_month
        if sel.any():
            d[sel] = parse_months(c.text, sel, is_end_column(c.name))[sel]
        d[~c.ok] = np.datetime64("NaT")
        self.dates[c.name] = d
        if col.kind == schema.DAY_OR_MONTH:
            null = pa.scalar(None, pa.string())
            self.precision[c.name] = pc.if_else(pa_mask(c.ok & is_day), pa.scalar("day"),
                                                pc.if_else(pa_mask(c.ok & is_month), pa.scalar("month"), null))

    def _check_accepted(self, col: Column, c: _Cells) -> None:
        if all(isinstance(a, int) for a in col.accepted):
            if c.name not in self.typed:
                self._reject(c, ~self._full(c, _INT9_RE), lambda v: f"{show(v)} is not a whole number",
                             _expected_values(col))
                self.typed[c.name] = self._as_int(c)
            member = isin(self.typed[c.name], list(col.accepted))
        else:
            member = isin(c.text, [str(a) for a in col.accepted])
        self._reject(c, ~member, lambda v: f"{show(v)} is not an accepted value", _expected_values(col))

    # ------------------------------------------------------------------------------------------ the table

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
        for tup, line in zip(zip(*values, strict=True), self.lines, strict=True):
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
                                         f"duplicate key {show(value)} (first at row {first_line[tup]})",
                                         f"each {col} once"))

    def check_ordered(self) -> None:
        for start, end in self.table.ordered:
            if start not in self.dates or end not in self.dates:
                continue
            idx = np.flatnonzero(self.dates[start] > self.dates[end])
            if not len(idx):
                continue
            keep = room(self.problems, self.table.file)
            if len(idx) > keep:
                skipped(self.problems, len(idx) - keep)
                idx = idx[:keep]
            take = pa.array(idx)
            sa = self.stripped[start].take(take).to_pylist()
            sb = self.stripped[end].take(take).to_pylist()
            for i, a, b in zip(idx, sa, sb, strict=True):
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



# The rule of each column kind (text has none of its own).
_KIND_CHECKS: dict[str, Callable[[TableChecker, Column, _Cells], None]] = {
    schema.ID: TableChecker._check_id,
    schema.INT: TableChecker._check_int,
    schema.FLOAT: TableChecker._check_float,
    schema.MONTH: TableChecker._check_dates,
    schema.DATE: TableChecker._check_dates,
    schema.DAY_OR_MONTH: TableChecker._check_dates,
    schema.URL: TableChecker._check_url,
    schema.BOOL: TableChecker._check_bool,
}
