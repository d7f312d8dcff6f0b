"""A dated timeline of the story from the normalised time expressions.

Each dated sentence becomes an event; the same date stated by sentences of one fact (or by
sentences much alike) across articles is one event citing all of them. Events are ordered by
date and marked past (background), present (the news itself) or future (expected).
"""

from __future__ import annotations

import re
from collections import Counter

from newsprism.model import Article, Fact, Ref, TimelineEvent

_PRECISE = re.compile(r"^\d{4}-(?:\d{2}(?:-\d{2})?|W\d{2})$")
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3}


def _sort_key(value: str) -> str:
    if "-W" in value:
        from datetime import date

        y, w = value.split("-W")
        return date.fromisocalendar(int(y), int(w), 1).isoformat()
    return value


def story_date(articles: list[Article]) -> str | None:
    """The day the story happened: the most common publication date."""
    dates = Counter(a.published for a in articles if a.published)
    return dates.most_common(1)[0][0] if dates else None


def _when(value: str, today: str | None) -> str:
    if today is None:
        return "past"
    key = _sort_key(value)
    if key[: len(today)] == today[: len(key)] or value == today:
        return "present"
    return "past" if key < today else "future"


def build(articles: list[Article], facts: list[Fact]) -> list[TimelineEvent]:
    fact_of: dict[Ref, str] = {r: f.id for f in facts for r in f.evidence}
    today = story_date(articles)
    events: list[tuple[str, str, list[Ref], set[str], set[str]]] = []
    for art in articles:
        for tm in art.times:
            if not tm.value or not _PRECISE.match(tm.value):
                continue  # years alone are background noise in a news timeline
            sent = art.sentences[tm.sentence]
            if sent.heading or sent.duplicate_of is not None:
                continue
            ref = Ref(art.id, tm.sentence)
            fid = fact_of.get(ref, "")
            toks = _tokens(sent.text)
            for value, _text, refs, fids, etoks in events:
                if value == tm.value and (
                    (fid and fid in fids) or len(toks & etoks) >= 0.4 * min(len(toks), len(etoks))
                ):
                    if ref not in refs:
                        refs.append(ref)
                    fids.add(fid)
                    break
            else:
                events.append((tm.value, sent.text, [ref], {fid}, toks))
    out = [
        TimelineEvent(
            value,
            text if len(text) <= 240 else text[:237] + "…",
            sorted(refs, key=lambda r: (r.article, r.sentence)),
            _when(value, today),
        )
        for value, text, refs, _, _ in events
    ]
    out.sort(key=lambda e: (_sort_key(e.date), -len(e.evidence)))
    return out
