"""Every input an article was read from: an article is stored once, but the same text may come
from two files or two addresses, and each is where a user finds it again.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False, index=True
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("added", sa.DateTime, nullable=False),
    )
    op.execute(  # each stored article was read from its own source
        "INSERT INTO sources (article_id, source, url, added) "
        "SELECT id, source, url, added FROM articles ORDER BY id"
    )


def downgrade() -> None:
    op.drop_table("sources")
