"""Ingest into the store: read, clean, store and cluster, one transaction an article."""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsprism.cluster import ClusterConfig, Decision, profiles
from newsprism.errors import NewsprismError, PartialInput, SkippedInput
from newsprism.model import Article, RawArticle
from newsprism.options import Options
from newsprism.store.core import Store, _now
from newsprism.store.tables import ARTICLES, MEMBERS, MERGES, REPORTS, STORIES

LOG = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    """What became of one input article."""

    source: str
    status: str  # new / duplicate / skipped
    article: int | None = None  # the stored article (for a duplicate: the one already stored)
    story: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class IngestResult:
    outcomes: list[Outcome] = field(default_factory=list)
    merges: list[tuple[int, int]] = field(default_factory=list)  # (kept, absorbed)
    notes: list[str] = field(default_factory=list)  # inputs kept in part, and what stood in

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def stories(self) -> set[int]:
        return {o.story for o in self.outcomes if o.status == "new" and o.story is not None}

    def line(self) -> str:
        skipped = self.count("skipped")
        return (
            f"{self.count('new')} new, {self.count('duplicate')} duplicate, {skipped} skipped; "
            f"{len(self.stories)} stor{'y' if len(self.stories) == 1 else 'ies'} touched, "
            f"{len(self.merges)} merged"
            + (f"; {len(self.notes)} read in part" if self.notes else "")
        )


def article_key(raw: RawArticle) -> tuple[str, str]:
    """The key an article is stored under (its URL, else its text's hash) and its text's hash."""
    digest = hashlib.sha256(raw.text.encode("utf-8", "surrogatepass")).hexdigest()
    if raw.url:
        return "url:" + raw.url.split("#", 1)[0].strip()[:590], digest
    return "sha:" + digest, digest


@dataclass(slots=True)
class _Pending:
    raw: RawArticle
    article: Article
    key: str
    digest: str


class _Writer:
    """Adds cleaned articles to the store, one transaction each, clustering as it goes."""

    def __init__(self, store: Store, config: ClusterConfig, opts: Options) -> None:
        self.store = store
        self.config = config
        self.opts = opts
        self.clusterer = store.clusterer(config)

    def add_batch(self, batch: list[_Pending], result: IngestResult) -> None:
        batch.sort(key=lambda p: (p.article.published or "", p.raw.source))
        profs = profiles([p.article for p in batch], self.config, self.opts.embeddings)
        for pending, prof in zip(batch, profs, strict=True):
            with self.store.engine.begin() as conn:
                dup = self.store.known(conn, pending.key, pending.digest)
                if dup is not None:  # the same article twice in one input
                    self.store.add_source(conn, dup, pending.raw.source, pending.raw.url)
                    story = self.store.story_of(conn, dup)
                    result.outcomes.append(Outcome(pending.raw.source, "duplicate", dup, story))
                    continue
                article_id = self._insert_article(conn, pending)
                self.store.add_source(
                    conn, article_id, pending.raw.source, pending.raw.url or pending.article.url
                )
                decision = self.clusterer.add(prof)
                self._record(conn, article_id, pending.article, decision)
            result.outcomes.append(Outcome(pending.raw.source, "new", article_id, decision.story))
            result.merges.extend((decision.story, m) for m in decision.merged)

    def _insert_article(self, conn: sa.Connection, p: _Pending) -> int:
        art, raw = p.article, p.raw
        key = (
            conn.execute(
                sa.insert(ARTICLES).values(
                    key=p.key,
                    url=raw.url or art.url,
                    source=raw.source,
                    raw_hash=p.digest,
                    title=art.title,
                    outlet=art.outlet,
                    authors=list(art.authors),
                    published=art.published,
                    dateline=art.dateline,
                    text=art.text,
                    raw=json.dumps(asdict(raw) | {"id": None}, ensure_ascii=False),
                    added=_now(),
                )
            )
        ).inserted_primary_key
        if key is None:  # pragma: no cover - every backend here returns the new id
            raise NewsprismError("the store did not return the new article's id")
        return int(key[0])

    def _record(self, conn: sa.Connection, article_id: int, art: Article, d: Decision) -> None:
        now = _now()
        state = self.clusterer.stories[d.story]
        row = conn.execute(sa.select(STORIES).where(STORIES.c.id == d.story)).first()
        outlets: dict[str, int] = dict(row.state.get("outlets", {})) if row is not None else {}
        for absorbed in d.merged:
            old = conn.execute(sa.select(STORIES).where(STORIES.c.id == absorbed)).one()
            for name, n in old.state.get("outlets", {}).items():
                outlets[name] = outlets.get(name, 0) + n
            conn.execute(
                sa.update(MEMBERS).where(MEMBERS.c.story_id == absorbed).values(story_id=d.story)
            )
            conn.execute(
                sa.update(STORIES)
                .where(STORIES.c.id == absorbed)
                .values(merged_into=d.story, version=old.version + 1, updated=now)
            )
            conn.execute(sa.delete(REPORTS).where(REPORTS.c.story_id == absorbed))
            conn.execute(
                sa.insert(MERGES).values(
                    story_id=d.story, absorbed_id=absorbed, article_id=article_id, at=now
                )
            )
        if art.outlet:
            outlets[art.outlet] = outlets.get(art.outlet, 0) + 1
        values: dict[str, Any] = {
            "first_date": _date(state.first),
            "last_date": _date(state.last),
            "articles": state.size,
            "outlets": len(outlets),
            "state": {"cluster": state.to_json(), "outlets": outlets},
            "updated": now,
        }
        if row is None:
            values["state"]["titled"] = bool(art.title)
            conn.execute(
                sa.insert(STORIES).values(
                    id=d.story, title=art.headline, version=1, created=now, **values
                )
            )
        else:
            titled = bool(row.state.get("titled"))
            title = row.title if titled or not art.title else art.title
            values["state"]["titled"] = titled or bool(art.title)
            conn.execute(
                sa.update(STORIES)
                .where(STORIES.c.id == d.story)
                .values(title=title, version=row.version + 1, **values)
            )
            conn.execute(sa.delete(REPORTS).where(REPORTS.c.story_id == d.story))
        conn.execute(
            sa.insert(MEMBERS).values(
                article_id=article_id, story_id=d.story, score=round(d.score, 4), rule=d.rule
            )
        )


def _date(day: int | None) -> str | None:
    from datetime import date

    return None if day is None else date.fromordinal(day).isoformat()


def ingest(
    store: Store,
    paths: Iterable[str | Path | RawArticle],
    options: Options | None = None,
    *,
    fetch: bool = True,
    quiet: bool = True,
    progress: Callable[[Outcome], None] | None = None,
    config: ClusterConfig | None = None,
    batch_size: int = 64,
) -> IngestResult:
    """Read, clean, store and cluster every article of the inputs (paths, URLs or records). Bad
    inputs are skipped with their reasons (they never stop an ingest); an article already
    stored is a duplicate."""
    from newsprism.clean import clean
    from newsprism.pipeline import empty_reason

    opts = Options.build(options, skip_bad=True)
    cfg = config or ClusterConfig()
    result = IngestResult()
    step = progress or (lambda _o: None)
    with store.writer():
        writer = _Writer(store, cfg, opts)
        batch: list[_Pending] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SkippedInput)
            warnings.simplefilter("always", PartialInput)
            for raw in _raws(paths, opts, fetch):
                _heard(_drain(caught), result, step)
                key, digest = article_key(raw)
                with store.engine.begin() as conn:
                    dup = store.known(conn, key, digest)
                    if dup is not None:  # stored once; this input is one more place it is read
                        store.add_source(conn, dup, raw.source, raw.url)
                        result.outcomes.append(
                            Outcome(raw.source, "duplicate", dup, store.story_of(conn, dup))
                        )
                        step(result.outcomes[-1])
                        continue
                art = clean(raw, opts)
                if not art.text.strip():
                    result.outcomes.append(Outcome(raw.source, "skipped", reason=empty_reason(art)))
                    step(result.outcomes[-1])
                    continue
                batch.append(_Pending(raw, art, key, digest))  # a repeat in it: caught on add
                if len(batch) >= batch_size:
                    _flush(writer, batch, result, step)
            _heard(_drain(caught), result, step)
        _flush(writer, batch, result, step)
    return result


def _raws(
    items: Iterable[str | Path | RawArticle], opts: Options, fetch: bool
) -> Iterator[RawArticle]:
    """The raw articles of paths, URLs and records, in order."""
    from newsprism.ingest import iter_raw

    for item in items:
        if isinstance(item, RawArticle):
            yield item
        else:
            yield from iter_raw([item], opts, fetch=fetch)


def _flush(
    writer: _Writer, batch: list[_Pending], result: IngestResult, step: Callable[[Outcome], None]
) -> None:
    if not batch:
        return
    start = len(result.outcomes)
    writer.add_batch(batch, result)
    for o in result.outcomes[start:]:
        step(o)
    batch.clear()


def _drain(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    out = list(caught)
    caught.clear()
    return out


def _heard(
    caught: list[warnings.WarningMessage], result: IngestResult, step: Callable[[Outcome], None]
) -> None:
    """What reading said: a skipped input is an outcome, an input read in part a note; any
    other warning (a library's) goes to the log."""

    for w in caught:
        if issubclass(w.category, PartialInput):
            result.notes.append(str(w.message))
        elif issubclass(w.category, SkippedInput):
            result.outcomes.append(_skipped(w))
            step(result.outcomes[-1])
        else:
            LOG.warning("%s: %s", w.category.__name__, w.message)


def _skipped(w: warnings.WarningMessage) -> Outcome:
    text = str(w.message)
    source, _, reason = text.partition(": ")
    return Outcome(source, "skipped", reason=reason or text)
