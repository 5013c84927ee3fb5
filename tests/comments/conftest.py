"""Test support for the comments: a throwaway PostgreSQL server from Debian's package (tools/postgres.py; started
once per test process, stopped at exit), a fresh database per test, and the `comment_url` fixture that gives every
storage test an SQLite file and a PostgreSQL database in turn.

Without the binaries the PostgreSQL variant is skipped, except under CI or REQUIRE_POSTGRES=1, where it fails: CI
installs `postgresql` (.ci/run)."""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path

import pytest

from tools.postgres import PostgresServer, pg_bin_dir

BACKENDS = ("sqlite", "postgresql")
_server: PostgresServer | None = None
_lock = threading.Lock()


def postgres() -> PostgresServer:
    """The process's PostgreSQL server (started at first use), or a skip with the reason."""
    global _server
    with _lock:
        if _server is None:
            if pg_bin_dir() is None:
                reason = "PostgreSQL binaries not installed (Debian: apt-get install postgresql)"
                if os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"):
                    pytest.fail(reason)
                pytest.skip(reason)
            server = PostgresServer().start()
            atexit.register(server.stop)
            _server = server
    return _server


def database_url(backend: str, tmp_path: Path) -> str:
    """A fresh, empty comments database of `backend`."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'comments.sqlite3'}"
    return postgres().create_database()


@pytest.fixture(params=BACKENDS)
def comment_url(request, tmp_path) -> str:
    return database_url(request.param, tmp_path)
