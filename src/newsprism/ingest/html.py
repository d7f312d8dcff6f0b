"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import re

from newsprism.errors import InputError
from newsprism.ingest.common import decode
from newsprism.ingest.dates import iso_date
from newsprism.model import RawArticle
from newsprism.options import Options

_TAG = re.compile(r"<\s*(html|body|p|div|article|head|title|h[1-6]|span|br)\b", re.I)


_OURS = re.compile(rb'<meta name="generator" content="newsprism ')


def is_our_report(data: bytes) -> bool:
    """Whether an HTML file is a report newsprism wrote (e.g. into the story's own folder)."""
    return bool(_OURS.search(data[:4096]))


def looks_like_html(data: bytes) -> bool:
    """Whether bytes hold HTML elements (not merely text that starts with "<")."""
    return bool(_TAG.search(data[:65536].decode("utf-8", "replace")))


def parse(data: bytes, source: str, stem: str, options: Options) -> list[RawArticle]:
    import trafilatura  # imported where used: it is slow to import

    markup = decode(data, source, options)
    if not _TAG.search(markup):
        raise InputError(source, "malformed HTML: no HTML elements found")
    try:
        found = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError) as exc:  # lxml refuses some broken documents
        raise InputError(source, f"malformed HTML: {exc}") from exc
    doc = found.as_dict() if found is not None and not isinstance(found, dict) else found
    if not isinstance(doc, dict) or not str(doc.get("text") or "").strip():
        raise InputError(source, "no article text found in the HTML")
    authors = [a.strip() for a in re.split(r";|\band\b", doc.get("author") or "") if a.strip()]
    return [
        RawArticle(
            id=stem,
            source=source,
            text=str(doc["text"]),
            title=doc.get("title") or None,
            outlet=doc.get("sitename") or None,
            authors=authors,
            published=iso_date(doc.get("date")),
            url=doc.get("url") or None,
        )
    ]
