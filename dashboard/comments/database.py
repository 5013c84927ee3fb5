"""Where comments live: one SQLAlchemy engine for an embedded SQLite file (the default) or PostgreSQL (when
DASHBOARD_DATABASE_URL is set, e.g. for several replicas), the tables as SQLAlchemy Core objects, and the Alembic
migrations (shipped in dashboard/comments/migrations/) run when the store is opened.

    DASHBOARD_DATABASE_URL   postgresql://user@host:5432/db (psycopg 3 is used), or any SQLAlchemy URL
    DASHBOARD_COMMENTS_DB    path of the SQLite file when there is no URL (default: var/comments.sqlite3)

SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout, and every write transaction
starts with BEGIN IMMEDIATE, so the checks a write makes (rate limits, duplicates) and the write itself see one
state of the database. On PostgreSQL a write takes a transaction-scoped advisory lock for the same reason.
Engines hide bound parameters in their log lines and error messages (hide_parameters), so an e-mail address never
reaches a log through a database error. The analytics store (DuckDB, read-only snapshots) is not involved.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Connection, make_url

from dashboard import REPO_DIR

DEFAULT_SQLITE_PATH = REPO_DIR / "var" / "comments.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE_LOCK_KEY = 0x6F67_7063  # PostgreSQL advisory lock taken by every comment write ("ogpc")
_MIGRATION_LOCK_KEY = 0x6F67_706D  # ... and by the migrations at start-up ("ogpm")

metadata = MetaData()

comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("commitment_id", String(200), nullable=False),
    Column("milestone_id", String(200), nullable=True),
    Column("lang", String(8), nullable=False),
    Column("name", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("body_key", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("moderated_at", DateTime(timezone=True), nullable=True),
    Column("session_hash", String(64), nullable=False),
    Column("client_hash", String(64), nullable=False),
    CheckConstraint("status IN ('pending', 'published', 'rejected', 'spam')", name="ck_comments_status"),
    CheckConstraint("length(name) <= 100", name="ck_comments_name_length"),
    CheckConstraint("length(body) <= 2000", name="ck_comments_body_length"),
    UniqueConstraint("commitment_id", "body_key", name="uq_comments_commitment_body"),
    Index("ix_comments_commitment_status", "commitment_id", "status"),
    Index("ix_comments_session_created", "session_hash", "created_at"),
    Index("ix_comments_client_created", "client_hash", "created_at"),
    Index("ix_comments_email", "email"),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $DASHBOARD_DATABASE_URL, else the SQLite file ($DASHBOARD_COMMENTS_DB or
    var/comments.sqlite3). A bare postgresql:// URL gets the psycopg 3 driver (the one installed)."""
    url = url or os.environ.get("DASHBOARD_DATABASE_URL") or ""
    if not url:
        path = Path(os.environ.get("DASHBOARD_COMMENTS_DB") or DEFAULT_SQLITE_PATH)
        return f"sqlite:///{path.resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def describe(url: str) -> str:
    """The URL for messages and logs: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_engine(url: str) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, _record):  # the pysqlite recipe: SQLAlchemy, not the driver, begins transactions
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("comments_write") else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """An engine for `url` (see database_url) with the settings above."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True)


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed whole when the block ends, rolled back whole on any error. Writers are
    serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock held until commit)."""
    with engine.execution_options(comments_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_WRITE_LOCK_KEY)))
        yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic, run from code; safe when several processes start at once:
    SQLite serialises them with BEGIN IMMEDIATE, PostgreSQL with an advisory lock)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.execution_options(comments_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK_KEY)))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def head_revision() -> str:
    """The newest migration shipped with the package."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head() or ""
