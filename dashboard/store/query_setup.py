"""The set-up SQL of the metric queries (queries/_*.sql: derived tables and shared macros), run on every newly
loaded dataset."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard import QUERIES_DIR


def run_setup_files(con: duckdb.DuckDBPyConnection) -> None:
    """Run the set-up files on ``con``; a failing file raises RuntimeError naming it."""
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
