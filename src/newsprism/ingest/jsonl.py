"""JSON Lines: one article per line with ``text`` required and ``title``, ``url``, ``outlet``,
``published``, ``authors`` (and ``id``) optional. Common dumps' other names for them
(news-please's ``maintext``, NewsAPI's ``content`` and ``publishedAt``...) are read too
(``data/jsonl_fields.txt``)."""

from __future__ import annotations

import json
import re
import warnings
from functools import cache

from newsprism import lexicon
from newsprism.errors import InputError, SkippedInput
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


@cache
def _aliases(name: str) -> tuple[str, ...]:
    """A field's own name, then the other names dumps give it, in the data file's order."""
    return (name, *(a for a, f in lexicon.table("jsonl_fields.txt").items() if f == name))


def _field(obj: dict[str, object], name: str) -> tuple[str, object]:
    """The record's value for a field and the key it was found under: its own name first, then
    its aliases (a dotted one reads inside an object); a null or empty value does not count, nor
    an object under an alias (``"publisher": {...}`` is read by ``publisher.name``)."""
    for key in _aliases(name):
        value: object = obj
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if key != name and isinstance(value, dict):
            continue
        if value not in (None, "", [], {}):
            return key, value
    return name, None


def _record(obj: object, where: str, default_id: str, source: str) -> RawArticle:
    if not isinstance(obj, dict):
        raise InputError(where, f"expected a JSON object, got {type(obj).__name__}")
    bad = _lone_surrogate(obj)
    if bad is not None:
        raise InputError(where, f"field {bad!r} holds a lone surrogate escape (not valid Unicode)")
    key, text = _field(obj, "text")
    if text is None and obj.get("text") is None:
        others = ", ".join(_aliases("text")[1:])
        raise InputError(where, f"missing required field 'text' (or one of: {others})")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"field {key!r} must be a non-empty string")
    found = {name: _field(obj, name) for name in _STRINGS}
    for key, value in found.values():
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"field {key!r} must be a string")
    key, authors = _field(obj, "authors")
    authors = authors or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise InputError(where, f"field {key!r} must be a list of strings")
    published = None
    key, when = _field(obj, "published")
    if when is not None:
        published = iso_date(when)
        if published is None:
            raise InputError(where, f"field {key!r} is not a date: {when!r:.60}")
    return RawArticle(
        id=found["id"][1] or default_id,  # type: ignore[arg-type]
        source=source,
        text=text,
        title=found["title"][1],  # type: ignore[arg-type]
        outlet=found["outlet"][1],  # type: ignore[arg-type]
        authors=[a.strip() for a in authors if a.strip()],
        published=published,
        url=found["url"][1],  # type: ignore[arg-type]
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
            warnings.warn(str(exc), SkippedInput, stacklevel=2)
    if not out:
        raise InputError(source, "no articles in the JSONL file")
    return out
