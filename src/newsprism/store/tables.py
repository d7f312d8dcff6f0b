"""The store's tables (SQLAlchemy Core). Migrations in ``newsprism/migrations`` create them; a test
checks that the two agree."""

from __future__ import annotations

import sqlalchemy as sa

DEFAULT_DB = "newsprism.db"
METADATA = sa.MetaData()

ARTICLES = sa.Table(
    "articles",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(600), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("raw_hash", sa.String(64), nullable=False, index=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("dateline", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("added", sa.DateTime, nullable=False),
)
SOURCES = sa.Table(  # every input an article was read from (the same text in two files, two URLs)
    "sources",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("added", sa.DateTime, nullable=False),
)
STORIES = sa.Table(
    "stories",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title", sa.Text),
    sa.Column("first_date", sa.String(10)),
    sa.Column("last_date", sa.String(10), index=True),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("outlets", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id"), index=True),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("updated", sa.DateTime, nullable=False, index=True),
)
MEMBERS = sa.Table(
    "members",
    METADATA,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("rule", sa.String(40), nullable=False),
)
MERGES = sa.Table(
    "merges",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("absorbed_id", sa.Integer, sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
REPORTS = sa.Table(
    "reports",
    METADATA,
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), primary_key=True),
    sa.Column("options", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("json", sa.Text, nullable=False),
    sa.Column("markdown", sa.Text, nullable=False),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("computed", sa.DateTime, nullable=False),
    sa.Column("page", sa.Text, nullable=False, server_default=""),  # the web app's story page
)
FORMATS = {"json": "json", "md": "markdown", "html": "html", "page": "page"}


def _not_search(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic comparison filter: the full-text search objects are made by migration 0002 in
    each database's own SQL (an FTS5 table, a GIN expression index), not from these tables."""
    return not (name or "").startswith(("articles_fts", "articles_search"))


SEARCH_APART = {"include_name": _not_search}
