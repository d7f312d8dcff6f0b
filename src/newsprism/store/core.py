"""The :class:`Store`: opening (and migrating) a database, reading stories and articles, cached
reports, the single-writer lock."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsprism.cluster import ClusterConfig, Clusterer, StoryState
from newsprism.errors import InputError, NewsprismError, UsageError
from newsprism.model import RawArticle, headline
from newsprism.options import Options
from newsprism.store.tables import (
    ARTICLES,
    DEFAULT_DB,
    FORMATS,
    MEMBERS,
    REPORTS,
    SOURCES,
    STORIES,
)

_ARTICLE_BRIEF = (
    ARTICLES.c.id,
    ARTICLES.c.source,
    ARTICLES.c.url,
    ARTICLES.c.title,
    ARTICLES.c.published,
    ARTICLES.c.outlet,
    sa.func.substr(ARTICLES.c.text, 1, 400).label("lead"),
)


def _brief(row: Any) -> dict[str, Any]:
    """An article as lists show it: its metadata and its headline (title, else first words)."""
    out = {k: getattr(row, k) for k in ("id", "source", "url", "title", "published", "outlet")}
    out["headline"] = headline(row.title, row.lead or "", f"Article {row.id}")
    return out


def _inputs(conn: sa.Connection, page: sa.Select[Any]) -> dict[int, list[tuple[str, str | None]]]:
    """Every input (source, URL) each article of a page of stories was read from, in order."""
    rows = conn.execute(
        sa.select(SOURCES.c.article_id, SOURCES.c.source, SOURCES.c.url)
        .join(MEMBERS, MEMBERS.c.article_id == SOURCES.c.article_id)
        .where(MEMBERS.c.story_id.in_(page.scalar_subquery()))
        .order_by(SOURCES.c.id)
    ).all()
    out: dict[int, list[tuple[str, str | None]]] = {}
    for r in rows:
        out.setdefault(r.article_id, []).append((r.source, r.url))
    return out


def _story(row: Any, articles: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "first": row.first_date,
        "last": row.last_date,
        "outlets": row.outlets,
        "articles": articles,
    }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def database_url(db: str | None = None) -> str:
    """The store's URL: ``db`` (a URL or a file path), else ``$NEWSPRISM_DB``, else
    ``./newsprism.db``."""
    value = db or os.environ.get("NEWSPRISM_DB") or DEFAULT_DB
    if "://" in value:
        if not value.startswith(("sqlite", "postgresql")):
            raise UsageError(
                f"unsupported database URL {value!r}: use a file path, "
                "sqlite:///FILE or postgresql://..."
            )
        return value.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the store consistent on a crash
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


# PostgreSQL advisory lock keys: the single ingest writer; (key, story id) for one story's report
_WRITER_LOCK = 7041981
_STORY_LOCK = 7041982


class Store:
    """A newsprism store. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating or migrating as needed) the store at ``db``."""
        url = database_url(db)
        if url.startswith("postgresql"):
            try:
                import psycopg  # noqa: F401
            except ImportError as exc:
                raise UsageError(
                    "PostgreSQL needs psycopg: pip install 'newsprism[postgres]'"
                ) from exc
        elif url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if path.is_dir():
                raise InputError(str(path), "is a folder, not a database file")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = sa.create_engine(url)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise UsageError(f"cannot use database {db!r}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, url)
        try:
            store._migrate()
        except sa.exc.DatabaseError as exc:
            engine.dispose()
            raise InputError(_shown(url), f"not a usable newsprism store: {exc.orig}") from exc
        except sa.exc.OperationalError as exc:  # pragma: no cover - covered by DatabaseError
            engine.dispose()
            raise InputError(_shown(url), f"cannot open: {exc.orig}") from exc
        return store

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", "newsprism:migrations")
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def shareable_url(self) -> str:
        """The store's URL as batch workers open it: a SQLite path made absolute (a worker's
        folder may differ), the password kept. An in-memory store cannot be shared."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            if not url.database or url.database == ":memory:":
                raise UsageError("an in-memory store cannot be shared with workers")
            url = url.set(database=str(Path(url.database).resolve()))
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------
    def stories(self) -> list[dict[str, Any]]:
        """Every live story (not merged away), newest activity first, with its articles."""
        return self.list_stories(limit=None)[1]

    def resolve(self, story_id: int) -> int:
        """The live story an id names (a merged story's id leads to the story that absorbed
        it). Raises :class:`InputError` for an unknown id."""
        with self.engine.connect() as conn:
            seen = set()
            current = story_id
            while current not in seen:
                seen.add(current)
                row = conn.execute(
                    sa.select(STORIES.c.merged_into).where(STORIES.c.id == current)
                ).first()
                if row is None:
                    raise InputError(f"story {story_id}", "no such story in the store")
                if row.merged_into is None:
                    return current
                current = row.merged_into
        raise NewsprismError(f"story {story_id}: merge cycle in the store")  # pragma: no cover

    def raw_articles(self, story_id: int) -> list[RawArticle]:
        """The story's articles as read (for a fresh analysis), in date order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(ARTICLES.c.id, ARTICLES.c.raw)
                .join(MEMBERS, MEMBERS.c.article_id == ARTICLES.c.id)
                .where(MEMBERS.c.story_id == story_id)
                .order_by(ARTICLES.c.published, ARTICLES.c.id)
            ).all()
        out = []
        for r in rows:
            data = json.loads(r.raw)
            data["id"] = str(r.id)
            out.append(RawArticle(**data))
        return out

    def cached_report(
        self, story_id: int, fmt: str = "json", options: Options | None = None
    ) -> str | None:
        """The story's cached report in a format, when it is up to date; else None."""
        sid = self.resolve(story_id)
        key = _options_key(options or Options())
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(REPORTS.c[FORMATS[fmt]])
                .join(STORIES, STORIES.c.id == REPORTS.c.story_id)
                .where(
                    REPORTS.c.story_id == sid,
                    REPORTS.c.options == key,
                    REPORTS.c.version == STORIES.c.version,
                )
            ).first()
        return None if row is None else str(row[0])

    def report(self, story_id: int, fmt: str = "json", options: Options | None = None) -> str:
        """The story's report in a format (json / md / html, or ``page``: the web app's story
        page), from the cache when the story has not changed since, else computed and cached."""
        from newsprism.pipeline import analyze
        from newsprism.render import render
        from newsprism.render.html import render_page

        opts = options or Options()
        sid = self.resolve(story_id)
        key = _options_key(opts)
        column = FORMATS[fmt]
        with self.engine.connect() as conn:
            version = conn.execute(
                sa.select(STORIES.c.version).where(STORIES.c.id == sid)
            ).scalar_one()
            cached = conn.execute(
                sa.select(REPORTS).where(REPORTS.c.story_id == sid, REPORTS.c.options == key)
            ).first()
        if cached is not None and cached.version == version and getattr(cached, column):
            return str(getattr(cached, column))
        report = analyze(self.raw_articles(sid), opts)
        texts = {c: render(report, f) for f, c in FORMATS.items() if f != "page"}
        texts["page"] = render_page(report)
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # one writer per story across workers
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:k, :s)"), {"k": _STORY_LOCK, "s": sid}
                )
            current = conn.execute(
                sa.select(STORIES.c.version).where(STORIES.c.id == sid)
            ).scalar_one()
            if current == version:  # the story did not change while we computed
                conn.execute(
                    sa.delete(REPORTS).where(REPORTS.c.story_id == sid, REPORTS.c.options == key)
                )
                conn.execute(
                    sa.insert(REPORTS).values(
                        story_id=sid, options=key, version=version, computed=_now(), **texts
                    )
                )
        return texts[column]

    def list_stories(
        self,
        query: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
        only: int | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """A page of live stories, newest activity first: those with an article matching the
        full-text ``query`` (SQLite FTS5 / PostgreSQL), active between ``since`` and ``until``
        (ISO dates), with an article from ``outlet``. Returns the total and the page."""
        cond: list[sa.ColumnElement[bool]] = [STORIES.c.merged_into.is_(None)]
        if only is not None:
            cond.append(STORIES.c.id == only)
        if since:
            cond.append(sa.or_(STORIES.c.last_date >= since, STORIES.c.last_date.is_(None)))
        if until:
            cond.append(sa.or_(STORIES.c.first_date <= until, STORIES.c.first_date.is_(None)))
        if outlet:
            cond.append(
                STORIES.c.id.in_(
                    sa.select(MEMBERS.c.story_id)
                    .join(ARTICLES, ARTICLES.c.id == MEMBERS.c.article_id)
                    .where(ARTICLES.c.outlet == outlet)
                )
            )
        if query and query.strip():
            cond.append(STORIES.c.id.in_(self._matching(query)))
        with self.engine.connect() as conn:
            total = conn.execute(
                sa.select(sa.func.count()).select_from(STORIES).where(*cond)
            ).scalar_one()
            page = (
                sa.select(STORIES.c.id)
                .where(*cond)
                .order_by(STORIES.c.last_date.desc().nulls_last(), STORIES.c.id.desc())
                .limit(limit)
                .offset(offset)
            )
            rows = conn.execute(
                sa.select(STORIES)
                .where(STORIES.c.id.in_(page.scalar_subquery()))
                .order_by(STORIES.c.last_date.desc().nulls_last(), STORIES.c.id.desc())
            ).all()
            members = conn.execute(  # one query for the page's articles, no id list bound
                sa.select(MEMBERS.c.story_id, *_ARTICLE_BRIEF)
                .join(ARTICLES, ARTICLES.c.id == MEMBERS.c.article_id)
                .where(MEMBERS.c.story_id.in_(page.scalar_subquery()))
                .order_by(ARTICLES.c.published, ARTICLES.c.id)
            ).all()
            inputs = _inputs(conn, page)
        by_story: dict[int, list[dict[str, Any]]] = {}
        for m in members:
            brief = _brief(m)
            brief["sources"] = inputs.get(m.id) or [(m.source, m.url)]
            by_story.setdefault(m.story_id, []).append(brief)
        return total, [_story(r, by_story.get(r.id, [])) for r in rows]

    def _matching(self, query: str) -> sa.Select[Any]:
        """Stories with an article matching a full-text query (words, all of them)."""
        words = [w for w in re.findall(r"\w+", query.lower())][:20]
        if not words:
            return sa.select(MEMBERS.c.story_id).where(sa.false())
        if self.engine.dialect.name == "postgresql":
            doc = sa.func.to_tsvector(
                "english", sa.func.coalesce(ARTICLES.c.title, "") + " " + ARTICLES.c.text
            )
            match = doc.bool_op("@@")(sa.func.plainto_tsquery("english", " ".join(words)))
            ids = sa.select(ARTICLES.c.id).where(match)
        else:  # FTS5: each word quoted, so no query syntax reaches the engine
            fts = sa.table("articles_fts", sa.column("rowid"))
            phrase = " ".join(f'"{w}"' for w in words)
            ids = sa.select(fts.c.rowid).where(
                sa.text("articles_fts MATCH :q").bindparams(q=phrase)
            )
        return sa.select(MEMBERS.c.story_id).where(MEMBERS.c.article_id.in_(ids))

    def outlets(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(ARTICLES.c.outlet)
                .where(ARTICLES.c.outlet.is_not(None))
                .group_by(ARTICLES.c.outlet)
                .order_by(ARTICLES.c.outlet)
            ).all()
        return [r[0] for r in rows]

    def article(self, article_id: int) -> dict[str, Any]:
        """One stored article with its story. Raises :class:`InputError` for an unknown id."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(ARTICLES, MEMBERS.c.story_id)
                .join(MEMBERS, MEMBERS.c.article_id == ARTICLES.c.id, isouter=True)
                .where(ARTICLES.c.id == article_id)
            ).first()
        if row is None:
            raise InputError(f"article {article_id}", "no such article in the store")
        return {
            "id": row.id,
            "story": row.story_id,
            "source": row.source,
            "url": row.url,
            "title": row.title,
            "headline": headline(row.title, row.text, f"Article {row.id}"),
            "outlet": row.outlet,
            "authors": list(row.authors or []),
            "published": row.published,
            "dateline": row.dateline,
            "text": row.text,
        }

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": conn.execute(
                    sa.select(sa.func.count()).select_from(ARTICLES)
                ).scalar_one(),
                "stories": conn.execute(
                    sa.select(sa.func.count())
                    .select_from(STORIES)
                    .where(STORIES.c.merged_into.is_(None))
                ).scalar_one(),
                "members": conn.execute(
                    sa.select(sa.func.count()).select_from(MEMBERS)
                ).scalar_one(),
            }

    # --- writing ----------------------------------------------------------------------------
    def clusterer(self, config: ClusterConfig | None = None) -> Clusterer:
        """A clusterer holding the live stories' states."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(STORIES.c.id, STORIES.c.state).where(STORIES.c.merged_into.is_(None))
            ).all()
            top = conn.execute(sa.select(sa.func.max(STORIES.c.id))).scalar_one()
        states = [StoryState.from_json(r.id, r.state["cluster"]) for r in rows]
        return Clusterer(config, states, next_id=(top or 0) + 1)  # ids never reused

    def add_source(
        self, conn: sa.Connection, article_id: int, source: str, url: str | None
    ) -> bool:
        """Record that an article was read from ``source`` (once: the same input read again
        adds nothing). Whether it was new."""
        seen = conn.execute(
            sa.select(SOURCES.c.id).where(
                SOURCES.c.article_id == article_id, SOURCES.c.source == source
            )
        ).first()
        if seen is not None:
            return False
        conn.execute(
            sa.insert(SOURCES).values(article_id=article_id, source=source, url=url, added=_now())
        )
        return True

    def known(self, conn: sa.Connection, key: str, raw_hash: str) -> int | None:
        row = conn.execute(
            sa.select(ARTICLES.c.id).where(
                sa.or_(ARTICLES.c.key == key, ARTICLES.c.raw_hash == raw_hash)
            )
        ).first()
        return None if row is None else int(row.id)

    def story_of(self, conn: sa.Connection, article_id: int) -> int | None:
        row = conn.execute(
            sa.select(MEMBERS.c.story_id).where(MEMBERS.c.article_id == article_id)
        ).first()
        return None if row is None else int(row.story_id)

    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the store's single-writer lock."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(sa.text(f"SELECT pg_advisory_lock({_WRITER_LOCK})"))
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(sa.text(f"SELECT pg_advisory_unlock({_WRITER_LOCK})"))
                    conn.commit()
            return
        database = self.engine.url.database
        if not database or database == ":memory:":
            yield
            return
        import fcntl

        with open(f"{database}.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _shown(url: str) -> str:
    """A URL fit to show: no password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:  # pragma: no cover
        return url


def _options_key(opts: Options) -> str:
    parts = {"summary_words": opts.summary_words, "embeddings": opts.embeddings}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def story_json(story: dict[str, Any]) -> dict[str, Any]:
    """A story as ``newsprism stories --json`` and ``GET /api/stories`` give it: its articles
    once per input each was read from (the same text in two files is one article, under one id,
    listed with each file)."""
    articles = []
    for a in story["articles"]:
        for source, url in a["sources"]:
            articles.append(
                {
                    "id": a["id"],
                    "source": source,
                    "url": url or a["url"],
                    "title": a["title"],
                    "published": a["published"],
                }
            )
    return {
        "id": story["id"],
        "title": story["title"],
        "first": story["first"],
        "last": story["last"],
        "outlets": story["outlets"],
        "articles": articles,
    }
