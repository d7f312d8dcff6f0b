"""Ingest: turn paths (files, folders, ``-`` for stdin) into :class:`RawArticle` records.

One module per format; each exposes ``parse(data: bytes, source: str, stem: str, options)`` that
returns a list of records or raises :class:`~newsprism.errors.InputError`.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsprism.errors import InputError
from newsprism.ingest import html, jsonl, text
from newsprism.model import RawArticle
from newsprism.options import Options

Parser = Callable[[bytes, str, str, Options], list[RawArticle]]

PARSERS: dict[str, Parser] = {
    ".txt": text.parse,
    ".text": text.parse,
    ".html": html.parse,
    ".htm": html.parse,
    ".jsonl": jsonl.parse,
}

__all__ = ["PARSERS", "SkippedInput", "one_story", "read_paths", "unique_ids"]


class SkippedInput(UserWarning):
    """Issued for a bad input that ``skip_bad`` turned into a warning."""


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = [
            p
            for p in sorted(path.rglob("*"))
            if p.is_file()
            and p.suffix.lower() in PARSERS
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
        if not found:
            raise InputError(str(path), f"folder holds no {', '.join(sorted(PARSERS))} files")
        return found
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if path.suffix.lower() not in PARSERS:
        raise InputError(
            str(path),
            f"unsupported file type {path.suffix or '(none)'!r}; "
            f"expected one of {', '.join(sorted(PARSERS))}",
        )
    return [path]


def _read_stdin(options: Options) -> list[RawArticle]:
    data = sys.stdin.buffer.read(options.max_file_bytes + 1)
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]  # the parser decodes and checks
    parser = jsonl.parse if head == b"{" else html.parse if head == b"<" else text.parse
    return parser(data, "<stdin>", "stdin", options)


def _read_file(path: Path, options: Options) -> list[RawArticle]:
    try:
        size = path.stat().st_size
        if size > options.max_file_bytes:
            raise InputError(
                str(path), f"file too large ({size} bytes; the cap is {options.max_file_bytes})"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    return PARSERS[path.suffix.lower()](data, str(path), path.stem, options)


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
    """Read every path into raw articles, in order. Folders are read recursively, sorted.

    A bad input raises :class:`InputError`; with ``options.skip_bad`` it issues a
    :class:`SkippedInput` warning instead and reading goes on.
    """
    opts = options or Options()
    out: list[RawArticle] = []
    for raw in paths:
        try:
            files = [None] if str(raw) == "-" else _files(Path(raw))
        except InputError as exc:
            if not opts.skip_bad:
                raise
            warnings.warn(str(exc), SkippedInput, stacklevel=2)
            continue
        for f in files:
            try:
                out.extend(_read_stdin(opts) if f is None else _read_file(f, opts))
            except InputError as exc:
                if not opts.skip_bad:
                    raise
                warnings.warn(str(exc), SkippedInput, stacklevel=2)
    return one_story(out, paths, opts)


def one_story(articles: list[Any], sources: Iterable[object], options: Options) -> list[Any]:
    """Records that make one story: no more than the cap, ids unique."""
    if len(articles) > options.max_articles:
        raise InputError(
            ", ".join(map(str, sources)),
            f"{len(articles)} articles in one story; the cap is {options.max_articles}",
        )
    return unique_ids(articles)
