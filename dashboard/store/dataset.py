"""The loaded dataset (a DuckDB connection and what was read with it) and where the data lives."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dashboard import DEFAULT_DATA_DIR


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
