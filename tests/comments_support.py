"""Test support for the comments: a throwaway PostgreSQL server from Debian's package (started once per test
process, stopped at exit), a fresh database per test, and the `comment_url` fixture that gives every storage test
an SQLite file and a PostgreSQL database in turn.

As root (CI) the server runs as the `postgres` user through runuser, as ../shared/STACK.md shows; as another user it
runs as that user. Without the binaries the PostgreSQL variant is skipped, except under CI or REQUIRE_POSTGRES=1,
where it fails: CI installs `postgresql` (.ci/run)."""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from tools.serving import free_port

BACKENDS = ("sqlite", "postgresql")


def pg_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl, else initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None


class PostgresServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="comments-pg-"))
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.as_root else list(cmd)
        out = subprocess.run(full, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")

    def start(self) -> None:
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "app", "--no-sync", "-E", "UTF8")
        opts = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://app@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


_server: PostgresServer | None = None
_lock = threading.Lock()


def postgres() -> PostgresServer:
    """The process's PostgreSQL server (started at first use), or a skip with the reason."""
    global _server
    with _lock:
        if _server is None:
            bin_dir = pg_bin_dir()
            if bin_dir is None:
                reason = "PostgreSQL binaries not installed (Debian: apt-get install postgresql)"
                if os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"):
                    pytest.fail(reason)
                pytest.skip(reason)
            server = PostgresServer(bin_dir)
            server.start()
            atexit.register(server.stop)
            _server = server
    return _server


def database_url(backend: str, tmp_path: Path) -> str:
    """A fresh, empty comments database of `backend`."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'comments.sqlite3'}"
    return postgres().new_database()


@pytest.fixture(params=BACKENDS)
def comment_url(request, tmp_path) -> str:
    return database_url(request.param, tmp_path)
