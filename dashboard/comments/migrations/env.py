"""Alembic environment: always run from code (dashboard.comments.database.migrate), on the connection it passes,
inside its transaction."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the comments migrations through dashboard.comments.database.migrate")
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
context.run_migrations()
