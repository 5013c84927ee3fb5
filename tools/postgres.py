"""A throwaway PostgreSQL server from Debian's `postgresql` package, for the tests and for trying several replicas
on one machine (`python -m tools.replicas --postgres`). Not for production: trust authentication on loopback,
fsync off, everything in one temporary directory removed at stop.

As root the server runs as the `postgres` user (initdb refuses root) through runuser; as anyone else, as that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tools.serving import free_port


def pg_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl, else the one on PATH; None without."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None


class PostgresServer:
    """initdb + pg_ctl in a temporary directory, listening on 127.0.0.1:<free port>, user `app`, no password."""

    def __init__(self, bin_dir: Path | None = None, parent: str | Path | None = None) -> None:
        found = bin_dir or pg_bin_dir()
        if found is None:
            raise FileNotFoundError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = found
        self.dir = Path(tempfile.mkdtemp(prefix="pg-", dir=parent))
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chmod(self.dir, 0o755)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.as_root else list(cmd)
        out = subprocess.run(full, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")

    def start(self) -> PostgresServer:
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "app", "--no-sync", "-E", "UTF8")
        opts = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://app@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database (a random name unless given); its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:16]
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"database name {name!r} (expected lower-case letters, digits and _)")
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
