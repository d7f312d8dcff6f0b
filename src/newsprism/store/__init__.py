"""The store: articles, the stories they form, and cached reports, in SQLite (a file, the default)
or PostgreSQL (by URL), through SQLAlchemy 2; the schema is kept by Alembic migrations
(``newsprism/migrations``), applied when a store is opened.

Every article is added in its own transaction together with what clustering decided (its story,
the story's new state, any merge, the cached reports it invalidates), so a store killed in the
middle of an ingest holds whole articles only and the next ingest of the same input completes it.
An article is stored once: by URL when it has one, else by the hash of its raw text (and a raw
text already stored under another URL is a duplicate too).

One writer at a time: an ingest holds a lock (a lock file beside a SQLite database, an advisory
lock on PostgreSQL) so that two ingests never cluster against different views of the stories.
"""

from __future__ import annotations

from newsprism.store.core import Store, database_url, story_json
from newsprism.store.ingest import IngestResult, Outcome, article_key, ingest
from newsprism.store.tables import FORMATS, METADATA, SEARCH_APART

__all__ = [
    "FORMATS",
    "METADATA",
    "SEARCH_APART",
    "IngestResult",
    "Outcome",
    "Store",
    "article_key",
    "database_url",
    "ingest",
    "story_json",
]
