"""Comments and settings tables.

Revision ID: 0001_comments
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_comments"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.String(200), nullable=False),
        sa.Column("milestone_id", sa.String(200), nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("body_key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'published', 'rejected', 'spam')", name="ck_comments_status"),
        sa.CheckConstraint("length(name) <= 100", name="ck_comments_name_length"),
        sa.CheckConstraint("length(body) <= 2000", name="ck_comments_body_length"),
        sa.UniqueConstraint("commitment_id", "body_key", name="uq_comments_commitment_body"),
    )
    op.create_index("ix_comments_commitment_status", "comments", ["commitment_id", "status"])
    op.create_index("ix_comments_session_created", "comments", ["session_hash", "created_at"])
    op.create_index("ix_comments_client_created", "comments", ["client_hash", "created_at"])
    op.create_index("ix_comments_email", "comments", ["email"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("comments")
