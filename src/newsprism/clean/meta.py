"""Metadata the text itself gives: title, subtitle, byline, date line, dateline and outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsprism.clean.boiler import is_caption
from newsprism.clean.lines import Block

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
DATE_LINE = re.compile(
    r"^(?:(?:Published|Updated|Posted|Last updated|First published)(?: on)?:?\s*)?"
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s*)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    rf"{_TIME}\s*(?:\|.*)?$",
    re.I,
)
_BY = re.compile(r"^By:?(?:\s+(?P<names>.+))?$", re.I)
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|bin|al|la|le)){1,4}$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b)\s*")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'.-]+(?:[ -][A-Z][\w'.-]+){0,3}(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?)"
    rf"(?:,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"  # "MAPUTO, September 3 (Xinhua) --"
    r"\s*(?:\((?P<outlet>[^()]{2,40})\))?\s*[–—_-]{1,2}\s+"  # "_": the wires' typed dash
)


@dataclass(slots=True)
class Meta:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None
    outlet: str | None = None


PLAUSIBLE_YEARS = (1800, 2100)  # a publication date outside them is a placeholder ("0001-01-01")


def plausible(iso: str | None) -> bool:
    """Whether an ISO date can be a news article's publication date (not a system's default)."""
    if not iso:
        return False
    try:
        year = int(iso[:4])
    except ValueError:
        return False
    return PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1]


def parse_date(text: str) -> str | None:
    """ISO date of a date line such as ``Sept. 13, 2022 7:42 am ET`` or ``09/15/2022, 19.03``."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return None
    import dateparser

    raw = m["date"].replace("Sept.", "Sep.").replace("Sept ", "Sep ")
    parsed = dateparser.parse(
        raw, languages=["en"], settings={"DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date().isoformat() if parsed else None


def outlet_of_url(url: str | None) -> str | None:
    """The site an article's web address names (``https://www.bbc.co.uk/news/x`` ->
    ``bbc.co.uk``): the outlet of last resort, when neither the page nor its record names one."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or "." not in host:
        return None
    if host.replace(".", "").isdigit() or ":" in host:  # an IP address names no outlet
        return None
    return host.removeprefix("www.")


def split_authors(names: str) -> list[str]:
    out = []
    for part in _AUTHOR_SPLIT.split(names.strip().rstrip(".")):
        part = _IN_PLACE.sub("", part.strip())
        if _NAME.match(part):
            out.append(part)
    return out


def _byline(blocks: list[Block], i: int) -> tuple[list[str], int] | None:
    """Authors of a byline starting at block ``i`` and how many blocks it takes."""
    m = _BY.match(blocks[i].text.strip())
    if not m or blocks[i].words > 25:
        return None
    if m["names"]:
        names = split_authors(m["names"])
        return (names, 1) if names else None
    if i + 1 < len(blocks):
        names = split_authors(blocks[i + 1].text)
        if names and blocks[i + 1].words <= 25:
            return names, 2
    return None


def _titleish(block: Block) -> bool:
    text = block.text.rstrip().rstrip("\"”’'»)")
    return 2 <= block.words <= 30 and not text.endswith((".", ",", ";"))


def _dateline_ok(text: str) -> bool:
    m = DATELINE.match(text)
    return bool(m and (m["outlet"] or m["place"].split(",")[0].isupper()))


def take_header(blocks: list[Block], meta: Meta, hint_title: str | None) -> str | None:
    """Mark the header blocks (title, subtitle, byline, date line, caption) removed, filling
    ``meta``; then split a dateline off the first body paragraph and return it."""
    live = [b for b in blocks if b.removed is None]
    seen_title = False
    i = 0
    while i < len(live) - 1 and i < 10:  # the last block is always body
        block, text = live[i], live[i].text.strip()
        before_dateline = i + 1 < len(live) and _dateline_ok(live[i + 1].text)
        if not seen_title and hint_title and text.casefold() == hint_title.strip().casefold():
            block.removed, seen_title = "title", True
            meta.title = meta.title or hint_title
        elif DATE_LINE.match(text) and block.words <= 14:
            block.removed = "date"
            meta.published = meta.published or parse_date(text)
        elif (by := _byline(live, i)) is not None:
            for b in live[i : i + by[1]]:
                b.removed = "byline"
            meta.authors = meta.authors or by[0]
            i += by[1]
            continue
        elif i == 0 and is_caption(block) and i + 1 < len(live):
            block.removed = "caption"
        elif not seen_title and _titleish(block) and not _dateline_ok(text):
            block.removed, seen_title = "title", True
            meta.title = meta.title or text
        elif (
            seen_title
            and meta.subtitle is None
            and block.words <= 80
            and (_titleish(block) or before_dateline)
        ):
            block.removed, meta.subtitle = "subtitle", text
        else:
            break
        i += 1
    return _take_dateline(live[i:], meta)


def _take_dateline(body: list[Block], meta: Meta) -> str | None:
    first = next((b for b in body if b.removed is None), None)
    if first is None:
        return None
    m = DATELINE.match(first.text)
    if not m or not _dateline_ok(first.text):
        return None
    meta.dateline = m["place"].strip()
    if m["outlet"]:
        meta.outlet = meta.outlet or m["outlet"].strip()
    first.text = first.text[m.end() :]
    return m.group(0).strip()
