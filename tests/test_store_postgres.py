"""The store on a real PostgreSQL server (the ``pg_url`` fixture in conftest: a throwaway
server, skipped with the reason only where the binaries are not installed; CI installs them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.store import Store, ingest

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"


def test_postgres_store_ingest_stories_report_and_reingest(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        first = ingest(store, [EXAMPLE])
        assert first.count("new") == 5
        again = ingest(store, [EXAMPLE])
        assert again.count("new") == 0 and again.count("duplicate") == 5
        (story,) = store.stories()
        assert len(story["articles"]) == 5
        report = json.loads(store.report(story["id"], "json"))
        assert len(report["articles"]) == 5 and report["summary"]
    with Store.open(pg_url) as store:  # reopening migrates nothing and keeps everything
        assert store.counts() == {"articles": 5, "stories": 1, "members": 5}


def test_postgres_migrations_match_the_tables(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from newsprism.store import METADATA, SEARCH_APART

    with Store.open(pg_url) as store, store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts=SEARCH_APART), METADATA) == []
