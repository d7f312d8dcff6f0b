"""Ingest: turn paths (files, folders, ``-`` for stdin, http(s) URLs) into :class:`RawArticle`
records.

One module per format; each exposes ``parse(data: bytes, source: str, stem: str, options)`` that
returns a list of records or raises :class:`~newsprism.errors.InputError`. Feeds (RSS/Atom files
or URLs) are read by :func:`read_feed`, which can fetch each entry's page.
"""

from __future__ import annotations

import os
import stat
import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsprism.errors import InputError, PartialInput, SkippedInput
from newsprism.ingest import feed, html, jsonl, text, warc, web
from newsprism.model import RawArticle
from newsprism.options import Options

Parser = Callable[[bytes, str, str, Options], list[RawArticle]]

PARSERS: dict[str, Parser] = {
    ".txt": text.parse,
    ".text": text.parse,
    ".html": html.parse,
    ".htm": html.parse,
    ".jsonl": jsonl.parse,
    ".warc": warc.parse,
    ".warc.gz": warc.parse,
}
FEEDS = (".rss", ".atom", ".xml")

__all__ = [
    "PARSERS",
    "PartialInput",
    "SkippedInput",
    "iter_raw",
    "one_story",
    "read_feed",
    "read_paths",
    "unique_ids",
]


def kind(path: Path) -> str | None:
    """The format a file name says: a key of :data:`PARSERS`, ``feed``, or None."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    suffix = path.suffix.lower()
    return suffix if suffix in PARSERS else "feed" if suffix in FEEDS else None


def _known() -> str:
    return ", ".join(sorted([*PARSERS, *FEEDS]))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(_walk(path))
        if not found:
            raise InputError(str(path), f"folder holds no {_known()} files")
        return found
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if kind(path) is None:
        raise InputError(
            str(path),
            f"unsupported file type {path.suffix or '(none)'!r}; expected one of {_known()}",
        )
    return [path]


def _walk(root: Path) -> Iterable[Path]:
    """Input files under a folder (hidden ones skipped); a subfolder that cannot be read is
    reported, not skipped silently."""

    def unreadable(exc: OSError) -> None:
        warnings.warn(
            f"{exc.filename or root}: folder skipped, cannot read it: {exc.strerror or exc}",
            SkippedInput,
            stacklevel=3,
        )

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            p = Path(folder) / name
            if not name.startswith(".") and kind(p) is not None and p.is_file():
                yield p


def _listed(path: Path) -> list[Path]:
    """The files a path names, input-side errors (a name too long, a folder we may not enter)
    reported as bad input."""
    try:
        return _files(path)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def _read_stdin(options: Options) -> list[RawArticle]:
    data = sys.stdin.buffer.read(options.max_file_bytes + 1)
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]  # the parser decodes and checks
    if head == b"{":
        return jsonl.parse(data, "<stdin>", "stdin", options)
    if head == b"<" and html.looks_like_html(data):
        return html.parse(data, "<stdin>", "stdin", options)
    return text.parse(data, "<stdin>", "stdin", options)  # plain text may start with "<"


def _bytes(path: Path, options: Options) -> bytes:
    """A regular file's bytes, at most the cap (a FIFO or a device is refused, not read: it
    could block or never end)."""
    cap = options.max_file_bytes
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(str(path), "not a regular file (a pipe, device or socket)")
        if info.st_size > cap:
            raise InputError(str(path), f"file too large ({info.st_size} bytes; the cap is {cap})")
        with path.open("rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > cap:  # it grew while we read
        raise InputError(str(path), f"file too large (more than {cap} bytes)")
    return data


def _read_file(path: Path, options: Options, fetch: bool = False) -> list[RawArticle]:
    fmt = kind(path)
    data = _bytes(path, options)
    if fmt == "feed":
        return read_feed(data, str(path), options, fetch)
    if fmt in (".html", ".htm") and html.is_our_report(data):
        warnings.warn(
            f"{path}: a newsprism report, not an article: skipped", SkippedInput, stacklevel=2
        )
        return []
    return PARSERS[fmt or ""](data, str(path), path.stem, options)


def read_feed(data: bytes, source: str, options: Options, fetch: bool) -> list[RawArticle]:
    """A feed's entries; with ``fetch``, each entry's page replaces the entry's own text (an
    entry whose page cannot be fetched keeps its own text, with a warning)."""
    out = []
    for raw, link in feed.entries(data, source, options):
        if fetch and link and web.is_url(link):
            try:
                page = web.fetch(link, options)
                full = html.parse(page.data, link, raw.id, options)[0]
                full.title, full.outlet = full.title or raw.title, full.outlet or raw.outlet
                full.published = full.published or raw.published
                full.authors = full.authors or raw.authors
                full.url, full.id = raw.url, raw.id
                raw = full
            except InputError as exc:
                warnings.warn(f"{exc} (kept the feed's own text)", PartialInput, stacklevel=2)
        if raw.text.strip():
            out.append(raw)
        else:
            warnings.warn(f"{raw.source}: feed entry without text", SkippedInput, stacklevel=2)
    return out


def read_url(url: str, options: Options, fetch: bool = True) -> list[RawArticle]:
    """A page or a feed at an http(s) URL."""
    page = web.fetch(url, options)
    if feed.looks_like_feed(page.data) or "xml" in page.content_type:
        return read_feed(page.data, url, options, fetch)
    arts = html.parse(page.data, url, url.rstrip("/").rsplit("/", 1)[-1] or "page", options)
    for art in arts:
        art.url = art.url or page.url
    return arts


def iter_raw(
    paths: Iterable[str | Path], options: Options | None = None, fetch: bool = False
) -> Iterable[RawArticle]:
    """Every raw article of the inputs, in order, one file at a time (no cap on the total).
    A bad input raises :class:`InputError`, or with ``options.skip_bad`` warns and goes on."""
    opts = options or Options()
    for raw in paths:
        try:
            if web.is_url(str(raw)):
                yield from read_url(str(raw), opts, fetch)
                continue
            files = [None] if str(raw) == "-" else _listed(Path(raw))
        except InputError as exc:
            if not opts.skip_bad:
                raise
            warnings.warn(str(exc), SkippedInput, stacklevel=2)
            continue
        for f in files:
            try:
                yield from _read_stdin(opts) if f is None else _read_file(f, opts, fetch)
            except InputError as exc:
                if not opts.skip_bad:
                    raise
                warnings.warn(str(exc), SkippedInput, stacklevel=2)


def unique_ids(articles: list[Any]) -> list[Any]:
    """Make record ids unique in place (a repeated id gets -2, -3, ...)."""
    seen: dict[str, int] = {}
    for art in articles:
        base = art.id
        if base in seen:
            seen[base] += 1
            art.id = f"{base}-{seen[base]}"
        else:
            seen[base] = 1
    return articles


def read_paths(paths: Iterable[str | Path], options: Options | None = None) -> list[RawArticle]:
    """Read every path into raw articles, in order, as one story. Folders are read recursively,
    sorted.

    A bad input raises :class:`InputError`; with ``options.skip_bad`` it issues a
    :class:`SkippedInput` warning instead and reading goes on.
    """
    opts = options or Options()
    paths = list(paths)
    return one_story(list(iter_raw(paths, opts)), paths, opts)


def one_story(articles: list[Any], sources: Iterable[object], options: Options) -> list[Any]:
    """Records that make one story: no more than the cap, ids unique."""
    if len(articles) > options.max_articles:
        raise InputError(
            ", ".join(map(str, sources)),
            f"{len(articles)} articles in one story; the cap is {options.max_articles}",
        )
    return unique_ids(articles)
