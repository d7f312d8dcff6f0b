"""RSS and Atom feeds (feedparser): one article per entry. The entry's own content (or summary)
is the text, unless the page it links to was fetched (``fetch``), whose main text replaces it."""

from __future__ import annotations

import re
import time

from newsprism.errors import InputError
from newsprism.ingest.common import decode
from newsprism.ingest.dates import iso_date
from newsprism.model import RawArticle
from newsprism.options import Options

_FEED = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED.search(data[:4096]))


def _html_text(markup: str) -> str:
    """Plain text of an entry's HTML content, paragraphs kept as blank lines."""
    import lxml.html

    if "<" not in markup:
        return markup
    try:
        root = lxml.html.fromstring(f"<div>{markup}</div>")
    except (ValueError, lxml.etree.ParserError):
        return markup
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//br|//li|//h1|//h2|//h3|//h4|//div"):
        block.tail = "\n\n" + (block.tail or "")
    return re.sub(r"\n{3,}", "\n\n", root.text_content()).strip()


def _published(entry: dict) -> str | None:  # type: ignore[type-arg]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return time.strftime("%Y-%m-%d", st)
    return iso_date(entry.get("published") or entry.get("updated"))


def entries(data: bytes, source: str, options: Options) -> list[tuple[RawArticle, str | None]]:
    """The feed's entries as articles, each with the link to its page."""
    import feedparser

    body = decode(data, source, options)
    if not looks_like_feed(data):
        raise InputError(source, "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF>)")
    parsed = feedparser.parse(body)
    if parsed.get("bozo") and not parsed.entries:
        raise InputError(source, f"malformed feed: {parsed.get('bozo_exception')}")
    outlet = (parsed.feed.get("title") or "").strip() or None
    out = []
    for k, entry in enumerate(parsed.entries, 1):
        content = entry.get("content") or []
        markup = content[0].get("value", "") if content else entry.get("summary", "")
        text = _html_text(markup or "")
        link = entry.get("link") or None
        author = (entry.get("author") or "").strip()
        raw = RawArticle(
            id=f"{source}#{k}",
            source=f"{source}#{link or k}",
            text=text,
            title=(entry.get("title") or "").strip() or None,
            outlet=outlet,
            authors=[author] if author else [],
            published=_published(entry),
            url=link,
        )
        out.append((raw, link))
    if not out:
        raise InputError(source, "the feed has no entries")
    return out
