"""Clean: repair scraped text and recover its metadata, recording everything removed.

``clean(raw)`` turns a :class:`RawArticle` into an :class:`Article` whose ``text`` is the cleaned
body (paragraphs separated by a blank line) and whose ``removed`` lists every piece taken out with
its kind: ``title``, ``subtitle``, ``byline``, ``date``, ``dateline``, ``caption``, ``widget``,
``related``, ``credits``, ``social-embed``, ``hashtag-spam``, ``foreign-script``,
``foreign-language``, ``truncation``, ``editor-note``, ``markup``, ``typesetting``,
``sign-off``, ``oversize``.
"""

from __future__ import annotations

import re
import warnings

from newsprism.clean import boiler
from newsprism.clean.lines import Block, normalize, paragraphs
from newsprism.clean.meta import (
    DATE_LINE,
    PLAUSIBLE_YEARS,
    Meta,
    outlet_of_url,
    parse_date,
    plausible,
    take_header,
)
from newsprism.errors import PartialInput
from newsprism.model import Article, Paragraph, RawArticle, Removed
from newsprism.options import Options

__all__ = ["KINDS", "clean"]

KINDS = [
    "title",
    "subtitle",
    "byline",
    "date",
    "dateline",
    "caption",
    "widget",
    "related",
    "credits",
    "social-embed",
    "hashtag-spam",
    "foreign-script",
    "foreign-language",
    "truncation",
    "editor-note",
    "markup",
    "typesetting",
    "sign-off",
    "oversize",
]

_TERMINAL = re.compile(r"[.!?…\"”’:;)]\s*$")


def _mark_headings(body: list[Block]) -> None:
    """Short lines without end punctuation between paragraphs are section headings."""
    for i, block in enumerate(body[:-1]):
        text = block.text.strip()
        if (
            i > 0
            and 1 <= block.words <= 12
            and not _TERMINAL.search(text)
            and text[:1].isupper()
            and body[i + 1].words > block.words
        ):
            block.heading = True


def _mark_trailing(blocks: list[Block]) -> list[Removed]:
    """A date line or a wire desk's sign-off after the last paragraph is page furniture; so is a
    sign-off on the last paragraph's last line."""
    live = [b for b in blocks if b.removed is None]
    while live:
        if DATE_LINE.match(live[-1].text.strip()) and live[-1].words <= 14:
            live.pop().removed = "date"
        elif boiler.is_sign_off(live[-1]):
            live.pop().removed = "sign-off"
        else:
            break
    last = live[-1] if live else None
    return [Removed("sign-off", s)] if last and (s := boiler.strip_sign_off_line(last)) else []


def _embedded_date(dates: list[str]) -> str | None:
    parsed = [d for d in (parse_date(x) for x in dates) if d]
    return max(parsed) if parsed else None


def _assemble(body: list[Block], cap: int) -> tuple[str, list[Paragraph], str | None]:
    parts: list[str] = []
    paras: list[Paragraph] = []
    pos = 0
    cut: str | None = None
    for n, block in enumerate(body):
        if pos + len(block.text) > cap:
            room = cap - pos - (2 if parts else 0)
            head = _cut_at_sentence(block.text, room) if room > 0 else ""
            if head:  # an over-long paragraph keeps what fits, to a sentence end
                pos += 2 if parts else 0
                paras.append(Paragraph(pos, pos + len(head), block.heading))
                parts.append(head)
            rest = [block.text[len(head) :].strip()] + [b.text for b in body[n + 1 :]]
            cut = "\n\n".join(r for r in rest if r)
            break
        if parts:
            pos += 2
        paras.append(Paragraph(pos, pos + len(block.text), block.heading))
        parts.append(block.text)
        pos += len(block.text)
    return "\n\n".join(parts), paras, cut


def _cut_at_sentence(text: str, room: int) -> str:
    """The longest start of ``text`` within ``room`` characters that ends a sentence (else at a
    space)."""
    head = text[:room]
    end = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if end > 0:
        return head[: end + 1]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head


def clean(raw: RawArticle, options: Options | None = None) -> Article:
    opts = options or Options()
    blocks = paragraphs(normalize(raw.text))
    embed_dates = boiler.mark_social_embeds(blocks)
    extra: list[Removed] = []
    codes: list[str] = []
    for block in blocks:
        if block.removed is None and (links := boiler.strip_pic_links(block)):
            extra.append(Removed("social-embed", links))
            if not block.text:
                block.removed = "social-embed"
        if block.removed is None and (found := boiler.strip_typesetting(block)):
            codes += found
            if not block.text:
                block.removed = "typesetting"
    if codes:
        extra.append(Removed("typesetting", " ".join(codes)[:2000]))
    boiler.mark_spam(blocks)
    boiler.mark_widgets(blocks)
    boiler.mark_related(blocks)
    boiler.mark_truncation(blocks)
    meta = Meta(authors=list(raw.authors), published=raw.published, outlet=raw.outlet)
    dateline = take_header(blocks, meta, raw.title)
    if dateline:
        extra.append(Removed("dateline", dateline))
    extra += _mark_trailing(blocks)
    body = [b for b in blocks if b.removed is None and b.text]
    _mark_headings(body)
    text, paras, cut = _assemble(body, opts.max_article_chars)
    removed = [Removed(b.removed, "\n".join(b.raw)) for b in blocks if b.removed]
    removed.extend(extra)
    if cut:
        removed.append(Removed("oversize", cut[:2000] + ("…" if len(cut) > 2000 else "")))
    published, inferred = meta.published, False
    if published is not None and not plausible(published):
        warnings.warn(
            f"{raw.source}: publication date {published} is not plausible (years "
            f"{PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}): read as undated",
            PartialInput,
            stacklevel=2,
        )
        published = None
    if published is None and plausible(embedded := _embedded_date(embed_dates)):
        published = embedded  # an article embeds posts from the day it was written, or before
    return Article(
        id=raw.id,
        source=raw.source,
        text=text,
        title=meta.title or raw.title,
        subtitle=meta.subtitle,
        outlet=meta.outlet or raw.outlet or outlet_of_url(raw.url),
        authors=meta.authors,
        published=published,
        published_inferred=inferred,
        dateline=meta.dateline,
        url=raw.url,
        paragraphs=paras,
        removed=removed,
    )
