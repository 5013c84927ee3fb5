"""The set-up SQL of the metric queries (derived tables and shared macros), run on every newly loaded dataset in
the order that queries/setup.toml lists the files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import duckdb

from dashboard import QUERIES_DIR

MANIFEST = "setup.toml"


def setup_files(queries_dir: Path | None = None) -> list[Path]:
    """The set-up files, in the order of ``files`` in queries/setup.toml; RuntimeError when the list is not
    readable or names a file that is not there."""
    qdir = Path(queries_dir or QUERIES_DIR)
    where = f"queries/{MANIFEST}"
    try:
        with (qdir / MANIFEST).open("rb") as fh:
            names = tomllib.load(fh).get("files")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuntimeError(f"{where}: {exc}") from exc
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RuntimeError(f"{where}: expected files = [\"name.sql\", ...]")
    missing = [n for n in names if not (qdir / n).is_file()]
    if missing:
        raise RuntimeError(f"{where}: no such file: {', '.join(missing)}")
    return [qdir / n for n in names]


def run_setup_files(con: duckdb.DuckDBPyConnection) -> None:
    """Run the set-up files on ``con`` in their declared order; a failing file raises RuntimeError naming it."""
    qdir = Path(QUERIES_DIR)
    if not qdir.is_dir():
        return
    for path in setup_files(qdir):
        sql = path.read_text(encoding="utf-8")
        if not sql.strip():
            continue
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise RuntimeError(f"queries/{path.name}: {exc}") from exc
