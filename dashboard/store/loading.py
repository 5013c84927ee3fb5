"""Loading a valid dataset into a new in-memory DuckDB connection: one table at a time from its checked Arrow
columns, then the set-up SQL of the metric queries (dashboard/store/query_setup.py)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from dashboard import schema
from dashboard.schema import Column, Table
from dashboard.store.arrow_columns import release_memory
from dashboard.store.dataset import Dataset
from dashboard.store.problems import DataError
from dashboard.store.query_setup import run_setup_files
from dashboard.store.reading import read_metadata, read_source
from dashboard.store.rules import TableChecker
from dashboard.store.validation import check_dataset, in_file_order

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

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


def _create_table(con: duckdb.DuckDBPyConnection, table: Table, chk: TableChecker | None) -> None:
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
        if col.optional and col.name not in chk.stripped:
            select.append(f"CAST(NULL AS {sql_type})")   # an optional column the file left out
        elif col.name in chk.dates:
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


def _nbytes(chk: TableChecker | None) -> int:
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


# An in-memory DuckDB database keeps a table uncompressed until a checkpoint, which compresses it (dictionary, FSST,
# bit-packing): at 50,000 commitments the milestones shrink from ~190 MB to ~20 MB. Small tables are not worth it.
_CHECKPOINT_ROWS = 50_000


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
    files, others, default_label, problems = read_source(source)
    metadata = read_metadata(files.get(schema.METADATA_FILE), problems)
    checkers = check_dataset(files, problems, others)
    if problems:
        raise DataError(in_file_order(problems))
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
            release_memory()
        run_setup_files(con)
    except BaseException:
        con.close()
        raise
    title = metadata.get("title_en") if isinstance(metadata.get("title_en"), str) else None
    return Dataset(con=con, metadata=metadata, counts=counts, label=label or title or default_label,
                   synthetic=bool(metadata.get("synthetic", False)))

