"""Reading the files of a dataset: a directory or uploaded bytes, the encoding, the CSV header and rows, the
metadata file. The cells come out as Arrow text columns with the line number of each row; every problem met on the
way is collected (nothing here stops at the first)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard import schema
from dashboard.schema import Table
from dashboard.store.problems import KEPT_PER_FILE, DataError, Problem, Problems, room, show

# Long free-text cells (descriptions) must not trip the csv module's default 128 KB field limit.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

def read_source(source) -> tuple[dict[str, bytes | Path | None], list[str], str, list[Problem]]:
    """Raw bytes (uploads) or the path (a directory) per expected file name (None when absent), other CSV file
    names present, a label, problems."""
    problems: list[Problem] = Problems()
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
class RawTable:
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


# A header longer than this is not a header (a line of a million commas would be a million columns).
MAX_HEADER_BYTES = 16 * 1024


def _read_header(table: Table, data: bytes, problems: list[Problem]) -> tuple[list[str], int] | None:
    """The header (stripped names) and its line number, or None when there is no usable header."""
    name = table.file
    first = data.find(b"\n")
    if (len(data) if first < 0 else first) > MAX_HEADER_BYTES:
        problems.append(Problem(name, 1, None, f"the first line is {len(data) if first < 0 else first:,} bytes long",
                                "a header row: " + ",".join(table.column_names)))
        return None
    first_line = data[: data.find(b"\n") if b"\n" in data[:65536] else 65536]
    # UTF-16 without a byte-order mark (every other byte of Latin text is NUL); with one, _decode names the byte.
    if b"\x00" in first_line and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        problems.append(Problem(name, 1, None, "the file is not UTF-8 text: its first line has NUL bytes "
                                "(it looks like UTF-16)", "UTF-8 encoding, e.g. Excel's \"CSV UTF-8\""))
        return None
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
    # No invalid_row_handler: pyarrow decodes a bad row's text as UTF-8 before calling it, and on bytes that are not
    # UTF-8 that raised inside pyarrow ("Exception ignored ... UnicodeDecodeError" on stderr). Without a handler a
    # malformed row raises ArrowInvalid here, and the careful reader reports it.
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),   # zero-copy view of the bytes
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if table.num_columns != width or table.num_rows != n_lines:
        return None
    return table


def _column_positions(table: Table, header: list[str], header_line: int, problems: list[Problem]) -> dict[str, int]:
    """The position of each column in the header; duplicated, unknown and missing columns are reported."""
    name, expected = table.file, table.column_names
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
    optional = {c.name for c in table.columns if c.optional}
    for c in expected:
        if c not in position and c not in optional:
            problems.append(Problem(name, header_line, c, "missing column in the header",
                                    "the columns " + ",".join(expected)))
    return position


def parse_csv(table: Table, data: bytes, problems: list[Problem]) -> RawTable | None:
    """The cells of the table's file by column (None when the file has no usable header or is not UTF-8)."""
    head = _read_header(table, data, problems)
    if head is None:
        return None
    header, header_line = head
    position = _column_positions(table, header, header_line, problems)
    fast = _parse_fast(data, len(header)) if header_line == 1 else None
    if fast is not None:
        n = fast.num_rows - 1
        columns = {c: fast.column(position[c]).slice(1) for c in table.column_names if c in position}
        return RawTable(header, columns, np.arange(2, n + 2, dtype=np.int64), n)
    text = _decode(table.file, data, problems)
    if text is None:
        return None
    return _parse_careful(table, text, header, header_line, position, problems)


def _parse_careful(table: Table, text: str, header: list[str], header_line: int, position: dict[str, int],
                   problems: list[Problem]) -> RawTable:
    """The careful reader: Python's csv module, tracking the line where each record starts."""
    name, width = table.file, len(header)
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
                if not room(problems, name):
                    _stop(name, start, problems)
                    break
                problems.append(Problem(name, start, None,
                                        f"malformed row: {len(rec)} field{'s' if len(rec) != 1 else ''}",
                                        f"{width} fields as in the header"))
                for c in table.key:
                    if c in position and position[c] < len(rec):
                        malformed.setdefault(c, []).append(rec[position[c]].strip())
    except csv.Error as exc:
        problems.append(Problem(name, prev + 1, None, f"malformed CSV: {exc}",
                                "well-formed CSV (quotes closed, fields separated by commas)"))
    cols_t = list(zip(*rows, strict=True)) if rows else [()] * width
    columns = {c: pa.chunked_array([pa.array(list(cols_t[position[c]]), type=pa.string())])
               for c in table.column_names if c in position}
    return RawTable(header, columns, np.asarray(lines, dtype=np.int64), len(rows), malformed)


def _stop(name: str, line: int, problems: list[Problem]) -> None:
    """The marker that the rest of a file was not read: too many problems already (the cost stays bounded)."""
    list.append(problems, Problem(name, line, None,
                                  f"reading stopped here after {KEPT_PER_FILE:,} problems in this file; the "
                                  "rest of the file was not checked", "fewer problems: fix these first"))


def file_bytes(name: str, value, problems: list[Problem]) -> bytes | None:
    """The bytes of one file: read now when ``value`` is a path (so only one file is in memory at a time)."""
    if isinstance(value, Path):
        try:
            return value.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}",
                                    "a readable file"))
            return None
    return value


def read_metadata(value: bytes | Path | None, problems: list[Problem]) -> dict:
    """The metadata file (dataset.json) as a dict: {} when it is absent, empty or not a JSON object."""
    name = schema.METADATA_FILE
    data = file_bytes(name, value, problems)
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
        problems.append(Problem(name, None, "synthetic", f"{show(meta['synthetic'])} is not true/false",
                                "true or false"))
    return meta

