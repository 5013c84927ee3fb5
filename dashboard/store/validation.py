"""Validating a whole dataset: every table parsed and checked (two at a time when the files are big), then the
references between tables. ``validate(source)`` lists every problem; ``check_dataset`` also hands the checked
columns to the loader."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema
from dashboard.schema import Table
from dashboard.store.arrow_columns import isin, np_mask, release_memory
from dashboard.store.problems import DataError, Problem, Problems, room, show, skipped
from dashboard.store.reading import file_bytes, parse_csv, read_metadata, read_source
from dashboard.store.rules import TableChecker


def _key_values(ch: TableChecker, col: str, *, as_written: bool):
    """A key column: typed values, else the text (as written, or only the valid values)."""
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


def _check_references(table: Table, chk: TableChecker, checkers: dict[str, TableChecker], problems: list[Problem]):
    """Every value of ``table`` that refers to a row of another table must be found there."""
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
        present = np.logical_and.reduce([np_mask(pc.is_valid(v)) for v in svals])
        if len(ref.columns) == 1:
            found = isin(svals[0], pc.drop_null(tvals[0]))
        else:
            tset = set(zip(*[v.to_pylist() for v in tvals], strict=True))
            found = np.array([tup in tset for tup in zip(*[v.to_pylist() for v in svals], strict=True)], dtype=bool)
        missing = np.flatnonzero(present & ~found)
        if not len(missing):
            continue
        keep = room(problems, table.file)
        if len(missing) > keep:
            skipped(problems, len(missing) - keep)
            missing = missing[:keep]
        col = ", ".join(ref.columns)
        target_col = ", ".join(ref.target)
        take = pa.array(missing)
        values = list(zip(*[v.take(take).to_pylist() for v in svals], strict=True))
        for i, tup in zip(missing, values, strict=True):
            value = ", ".join(str(x) for x in tup)
            problems.append(Problem(table.file, int(chk.lines[i]), col,
                                    f"{show(value)} is not in {ref.table}.csv",
                                    f"a {target_col} listed in {ref.table}.csv"))


def _chunks(values) -> list[pa.Array]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def _check_table(table: Table, value: bytes | Path | None, others: list[str],
                 failed: threading.Event) -> tuple[list[Problem], TableChecker | None]:
    """Parse and check one table: its problems and its checker (None when it could not be read). The file's bytes
    are dropped once parsed, its cells once checked; the checker keeps its converted columns for loading unless
    a problem was found (``failed``, shared by the tables), then only the keys the reference checks need."""
    problems: list[Problem] = Problems()
    if value is None:
        if table.required_file:
            found = f" (other CSV files here: {', '.join(others)})" if others else ""
            problems.append(Problem(table.file, None, None, "missing file" + found,
                                    f"a file named {table.file} with the columns " + ",".join(table.column_names)))
            failed.set()
        return problems, None
    data = file_bytes(table.file, value, problems)
    raw = parse_csv(table, data.removeprefix(b"\xef\xbb\xbf"), problems) if data is not None else None
    del data
    if raw is None:
        failed.set()
        return problems, None
    chk = TableChecker(table, raw, problems)
    for col in table.columns:
        if col.name in raw.columns:
            chk.check_column(col)
            raw.columns[col.name] = None   # the parsed cells are no longer needed (the stripped text is)
    chk.check_key()
    chk.check_ordered()
    if problems:
        failed.set()
    chk.release(_reference_columns(table) if failed.is_set() else None)
    release_memory()
    return problems, chk


# Above this much CSV, two tables are parsed and checked at a time (pyarrow's kernels release the GIL).
_PARALLEL_BYTES = 32 << 20


def _size(value) -> int:
    try:
        return value.stat().st_size if isinstance(value, Path) else len(value or b"")
    except OSError:
        return 0


def check_dataset(files: dict[str, bytes | Path | None], problems: list[Problem],
                  others: list[str] = ()) -> dict[str, TableChecker]:
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
    checkers: dict[str, TableChecker] = {}
    for table, (found, chk) in zip(schema.TABLES, results, strict=True):
        problems.extend(found)
        if chk is not None:
            checkers[table.name] = chk
    del results
    for table in schema.TABLES:
        if table.name in checkers:
            _check_references(table, checkers[table.name], checkers, problems)
    return checkers


_FILE_RANK = {schema.METADATA_FILE: -1, **{t.file: i for i, t in enumerate(schema.TABLES)}}


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """File order of the schema, then line; the order of the checks is kept within a line."""
    def key(p):
        return _FILE_RANK.get(p.file, -2), p.row or 0

    return problems.sorted(key) if isinstance(problems, Problems) else sorted(problems, key=key)


def validate(source) -> list[Problem]:
    """Every problem in the data at ``source`` (a directory or a {file name: bytes} mapping); [] when valid."""
    try:
        files, others, _, problems = read_source(source)
    except DataError as exc:
        return exc.problems
    read_metadata(files.get(schema.METADATA_FILE), problems)
    check_dataset(files, problems, others)
    return in_file_order(problems)

