"""JSON Lines: one article per line with ``text`` required and ``title``, ``url``, ``outlet``,
``published``, ``authors`` (and ``id``) optional."""

from __future__ import annotations

import json
import re
import warnings

from newsprism.errors import InputError
from newsprism.ingest.common import decode
from newsprism.ingest.dates import iso_date
from newsprism.model import RawArticle
from newsprism.options import Options

_STRINGS = ("title", "url", "outlet", "id")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(obj: dict[str, object]) -> str | None:
    """The first field holding a lone surrogate (a JSON escape like \\ud800 that is not a
    character: no text tool can take it)."""
    for key, value in obj.items():
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in items):
            return key
    return None


def _record(obj: object, where: str, default_id: str, source: str) -> RawArticle:
    if not isinstance(obj, dict):
        raise InputError(where, f"expected a JSON object, got {type(obj).__name__}")
    bad = _lone_surrogate(obj)
    if bad is not None:
        raise InputError(where, f"field {bad!r} holds a lone surrogate escape (not valid Unicode)")
    text = obj.get("text")
    if text is None:
        raise InputError(where, "missing required field 'text'")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "field 'text' must be a non-empty string")
    for key in _STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(where, f"field {key!r} must be a string")
    authors = obj.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise InputError(where, "field 'authors' must be a list of strings")
    published = None
    if obj.get("published") not in (None, ""):
        published = iso_date(obj["published"])
        if published is None:
            raise InputError(where, f"field 'published' is not a date: {obj['published']!r:.60}")
    return RawArticle(
        id=obj.get("id") or default_id,
        source=source,
        text=text,
        title=obj.get("title"),
        outlet=obj.get("outlet"),
        authors=[a.strip() for a in authors if a.strip()],
        published=published,
        url=obj.get("url"),
    )


def parse(data: bytes, source: str, stem: str, options: Options) -> list[RawArticle]:
    body = decode(data, source, options)
    out: list[RawArticle] = []
    # only \n ends a line: str.splitlines() would also split on U+2028, U+2029 and U+0085,
    # which JSON allows unescaped inside strings
    for lineno, line in enumerate(body.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    where, f"invalid JSON ({exc.msg.removesuffix(' at')}, column {exc.colno})"
                ) from exc
            except (ValueError, RecursionError) as exc:  # a huge integer, deep nesting
                raise InputError(where, f"unreadable JSON ({str(exc)[:120]})") from exc
            out.append(_record(obj, where, f"{stem}-{lineno}", where))
        except InputError as exc:
            if not options.skip_bad:
                raise
            from newsprism.ingest import SkippedInput

            warnings.warn(str(exc), SkippedInput, stacklevel=2)
    if not out:
        raise InputError(source, "no articles in the JSONL file")
    return out
