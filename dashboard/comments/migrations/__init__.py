"""Alembic migrations of the comments database (run by dashboard.comments.database.migrate)."""
