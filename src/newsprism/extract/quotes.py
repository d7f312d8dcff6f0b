"""Quotes and their speakers in one article.

Quote marks are paired per paragraph (curly, straight, ``double-backtick'', «guillemets»; an
opening mark never closed runs to the end of its paragraph). The speaker is the person or
organisation the attribution cue points at in the same sentence; "he said" goes to the person last
quoted or named; a quote paragraph with no cue continues the previous speaker. Names are the
surface form here; the story stage maps them to canonical entities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from newsprism.model import Article, Mention, Quote

OPEN = "“«„‘"
CLOSE = "”»“’"
CUE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|asked|noted|notes|wrote|writes|"
    r"argued|argues|warned|warns|explained|admitted|insisted|declared|announced|commented|"
    r"claimed|claims|continued|replied|remarked|suggested|acknowledged|according to|"
    r"cautioned|stressed|emphasized|emphasised|predicted|urged|recalled|quoted)\b",
    re.I,
)
PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Span:
    start: int  # of the quoted words, inside the marks
    end: int
    closed: bool


def quote_spans(text: str, start: int, end: int) -> list[Span]:
    """Quoted stretches of ``text[start:end]`` (one paragraph)."""
    out: list[Span] = []
    i, open_at = start, -1
    while i < end:
        ch, two = text[i], text[i : i + 2]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        opening = two == "``" or ch in "“«„" or (
            ch == '"' and (prev.isspace() or prev in "([—–-") and not nxt.isspace()
        )
        closing = two == "''" or ch in "”»" or (ch == '"' and not opening)
        width = 2 if two in ("``", "''") else 1
        if open_at < 0 and opening:
            open_at = i + width
        elif open_at >= 0 and closing:
            if i > open_at:
                out.append(Span(open_at, i, True))
            open_at = -1
        i += width
    if open_at >= 0 and end - open_at > 20:
        out.append(Span(open_at, end, False))
    return out


def _speaker_near(
    mentions: list[Mention], lo: int, hi: int, cue: re.Match[str], quote: Span
) -> Mention | None:
    """The mention the cue attributes, inside [lo, hi) and outside the quote."""
    best: tuple[float, Mention] | None = None
    for m in mentions:
        if m.start < lo or m.end > hi or m.label not in SPEAKER_LABELS:
            continue
        if quote.start <= m.start < quote.end:
            continue
        if cue.group(0).lower() in ("told", "tells") and m.start >= cue.end():
            continue  # "told The Moscow Times": the listener, not the speaker
        dist = m.start - cue.end() if m.start >= cue.end() else cue.start() - m.end
        score = dist + (0 if m.label == "PERSON" else 40)
        if best is None or score < best[0]:
            best = (score, m)
    return best[1] if best else None


def _last_person(mentions: list[Mention], before: int) -> Mention | None:
    for m in reversed(mentions):
        if m.end <= before and m.label == "PERSON":
            return m
    return None


def find(article: Article) -> list[Quote]:
    text, sents = article.text, article.sentences
    starts = [s.start for s in sents]
    mentions = sorted(article.mentions, key=lambda m: m.start)
    out: list[Quote] = []
    last_speaker: tuple[str | None, int] = (None, -10)  # name, paragraph
    for p_index, para in enumerate(article.paragraphs):
        if para.heading:
            continue
        for q in quote_spans(text, para.start, para.end):
            first = max(0, bisect.bisect_right(starts, q.start) - 1)
            last = max(first, bisect.bisect_right(starts, max(q.start, q.end - 1)) - 1)
            lo = sents[first].start
            hi = sents[min(last + 1, len(sents) - 1)].end if q.closed else sents[last].end
            if last + 1 < len(sents) and sents[last + 1].paragraph != p_index:
                hi = sents[last].end
            words = len(_WORD.findall(text[q.start : q.end]))
            outside = [(lo, q.start - 1), (q.end + 1, hi)]
            cue = next((c for a, b in outside if b > a for c in CUE.finditer(text, a, b)), None)
            speaker: str | None = None
            if cue is not None:
                m = _speaker_near(mentions, lo, hi, cue, q)
                window = text[max(lo, cue.start() - 12) : cue.end() + 12]
                if m is not None and not (PRONOUN.search(window) and abs(
                        (m.start if m.start > cue.end() else cue.start()) - cue.end()) > 30):
                    speaker = m.text
                elif PRONOUN.search(window):
                    prev = _last_person(mentions, q.start - 1)
                    speaker = last_speaker[0] if last_speaker[0] else (prev.text if prev else None)
            elif q.start - 1 <= para.start + 1 and p_index - last_speaker[1] <= 2:
                speaker = last_speaker[0]  # a quote paragraph continuing the previous speaker
            kind = "direct" if words >= 5 else "partial"
            if kind == "partial" and (cue is None or speaker is None):
                continue  # scare quotes and names of things, not speech
            if kind == "direct" and cue is None and speaker is None and words < 8:
                continue
            out.append(Quote(article.id, first, q.start, q.end, text[q.start : q.end].strip(),
                             speaker, kind, cue.group(0) if cue else None))
            if speaker:
                last_speaker = (speaker, p_index)
    return out + indirect(article, {q.sentence for q in out})


_ACCORDING = re.compile(r"\baccording to\b", re.I)
_SAID_THAT = re.compile(r"\b(?:said|says|told [\w .]+?|stated|announced|noted)\s+(?:that\s+)?",
                        re.I)


def indirect(article: Article, skip: set[int]) -> list[Quote]:
    """Reported speech without quote marks: "X said (that) ...", "according to X"."""
    out = []
    by_sent: dict[int, list[Mention]] = {}
    for m in article.mentions:
        by_sent.setdefault(m.sentence, []).append(m)
    for i, sent in enumerate(article.sentences):
        if i in skip or sent.heading or any(c in sent.text for c in '“”"«»'):
            continue
        ments = [m for m in by_sent.get(i, []) if m.label in ("PERSON", "ORG")]
        acc = _ACCORDING.search(sent.text)
        if acc:
            after = [m for m in ments if m.start - sent.start >= acc.end()]
            if after and after[0].start - sent.start - acc.end() < 40:
                body = (sent.text[: acc.start()] + sent.text[after[0].end - sent.start :])
                out.append(Quote(article.id, i, sent.start, sent.end,
                                 body.strip(" ,.") + ".", after[0].text, "indirect",
                                 "according to"))
            continue
        said = _SAID_THAT.search(sent.text)
        if said:
            before = [m for m in ments if m.end - sent.start <= said.start()]
            if before and said.start() - (before[-1].end - sent.start) < 30:
                out.append(Quote(article.id, i, sent.start + said.end(), sent.end,
                                 sent.text[said.end():].strip(), before[-1].text, "indirect",
                                 said.group(0).split()[0]))
    return out
