"""Quotes and their speakers in one article.

Quote marks are paired per paragraph (curly, straight, ``double-backtick'', NYT ''double
apostrophes'', «guillemets»; an opening mark never closed runs to the end of its paragraph). Who
says a quote is decided by an ordered list of named rules (``RULES``), the first that names a
speaker wins and the quote records its name (``Quote.rule``):

- ``governing-verb``: the speech verb above the quoted words in the parse, and its subject
  (:mod:`newsprism.extract.grammar`);
- ``cue-*``: a cue next to the quote and the name, pronoun or description beside it
  (:mod:`newsprism.extract.cues`);
- ``transcript-label`` ("PENCE: …"), ``signature`` (“…” ― Name), ``previous-sentence``
  ("…,” Xu told Al Jazeera. “…”), ``same-paragraph`` and ``continuation`` (a quote paragraph
  with no cue goes on with the previous speaker).

"He" and "she" go to the person they refer to, a definite description ("the mayor said") to the
person named with that role or, by the parse rule, the person the article is about
(:mod:`newsprism.extract.speakers`); an indefinite one ("a source said") is located (``source``)
and left unknown. Names are the surface form here; the story stage maps them to canonical
entities.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from newsprism import lexicon
from newsprism.extract import cues, grammar, indirect, speakers
from newsprism.extract.cues import Found, Span
from newsprism.lexicon import WORD
from newsprism.model import Article, Mention, Quote, QuoteKind, Sentence


def quote_spans(text: str, start: int, end: int) -> list[Span]:
    """Quoted stretches of ``text[start:end]`` (one paragraph)."""
    out: list[Span] = []
    i, open_at = start, -1
    while i < end:
        ch, two = text[i], text[i : i + 2]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        opening = (
            two == "``"
            or (
                two == "''"
                and (prev.isspace() or prev in "([—–-")
                and not text[i + 2 : i + 3].isspace()
            )
            or ch in "“«„"
            or (ch == '"' and (prev.isspace() or prev in "([—–-") and not nxt.isspace())
            # a closing mark typed where an opening one belongs (”No help,” … in wire copy)
            or (ch == "”" and open_at < 0 and prev.isspace() and nxt.isalnum())
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


def quoted_tokens(sent: Sentence) -> set[int]:
    """The tokens of a sentence inside its quotations, their quote marks included (the pairing
    of :func:`quote_spans`; an opening mark never closed runs to the sentence's end)."""
    spans = quote_spans(sent.text, 0, len(sent.text))
    out = set()
    for k, t in enumerate(sent.tokens):
        a, b = t.start - sent.start, t.end - sent.start
        if any(s.start - 2 < b and a < s.end + 2 for s in spans):  # 2: a mark's widest
            out.add(k)
    return out


def _window(
    text: str, sents: list[Sentence], starts: list[int], p_index: int, q: Span
) -> tuple[int, list[Sentence]]:
    """The sentence a quote starts in, and the sentences to look for its attribution in: its
    own, the next one when the quote is split after its closing mark ("“…,” he said."), and a
    short lead-in sentence of its own ("He said:")."""
    first = max(0, bisect.bisect_right(starts, q.start) - 1)
    last = max(first, bisect.bisect_right(starts, max(q.start, q.end - 1)) - 1)
    lo, hi = first, last + 1
    if (
        q.closed
        and last + 1 < len(sents)
        and sents[last + 1].paragraph == p_index
        and sents[last].end <= q.end + 2
    ):
        hi += 1
    if (
        first > 0
        and not text[sents[first].start : q.start - 1].strip()
        and re.search(r"[:,]\s*$", sents[first - 1].text)
        and len(sents[first - 1].text) < 120
    ):
        lo -= 1
    return first, sents[lo:hi]


@dataclass(slots=True)
class _Para:
    """The paragraph being read: where it is, its label speaker, its last quote's speaker."""

    index: int
    start: int
    end: int
    label: tuple[str, tuple[int, int]] | None
    last_speaker: str | None = None


@dataclass(slots=True)
class _Context:
    """One quote being attributed, and the article around it."""

    article: Article
    para: _Para
    q: Span
    first: int  # the sentence the quote starts in
    around: list[Sentence]  # the sentences its attribution may stand in
    reader: speakers.Reader
    last: str | None  # who the article quoted last
    last_paragraph: int  # ... in which paragraph
    config: QuoteConfig


def _governing_verb(ctx: _Context) -> Found | None:
    return grammar.attribute(ctx.article.text, ctx.around, ctx.q, ctx.reader, ctx.last)


def _cue(ctx: _Context) -> Found | None:
    return cues.attribute(
        ctx.article.text, ctx.around, ctx.q, ctx.reader, ctx.last, ctx.config.cues
    )


def _transcript_label(ctx: _Context) -> Found | None:
    """A transcript: "PENCE: Well, look, ..."."""
    if ctx.para.label is None:
        return None
    return Found(ctx.para.label[0], None, ctx.para.label[1])


def _signature(ctx: _Context) -> Found | None:
    """“… our greatest shame.” ― Sonya Herridge."""
    text, q = ctx.article.text, ctx.q
    signed = _SIGNED.match(text, q.end, min(ctx.para.end, q.end + 60)) if q.closed else None
    if signed is None:
        return None
    dash = _DASH.search(text, q.end, signed.end())
    cue = cues.Cue(dash.group(0), dash.start(), dash.end(), frozenset()) if dash else None
    return Found(signed.group(1), cue, signed.span(1))


def _previous_sentence(ctx: _Context) -> Found | None:
    """ "… supplies,” Xu told Al Jazeera. “Their relations …": the sentence before, in the
    same paragraph, attributes a quote of its own."""
    sents = ctx.article.sentences
    if ctx.first == 0 or sents[ctx.first - 1].paragraph != ctx.para.index:
        return None
    prev = sents[ctx.first - 1]
    found = cues.attribute(
        ctx.article.text,
        [prev],
        Span(prev.start, prev.start),
        ctx.reader,
        ctx.last,
        ctx.config.cues,
    )
    if found is None or found.speaker is None:
        return None
    return Found(found.speaker, None, found.source)


def _same_paragraph(ctx: _Context) -> Found | None:
    """A later quote of a paragraph goes on with its earlier quote's speaker."""
    if ctx.para.last_speaker is None:
        return None
    return Found(ctx.para.last_speaker, None, None)


def _continuation(ctx: _Context) -> Found | None:
    """A paragraph that opens with a quote and no cue continues the previous speaker (within
    two paragraphs)."""
    if ctx.q.start - 1 > ctx.para.start + 1 or ctx.para.index - ctx.last_paragraph > 2:
        return None
    return Found(ctx.last, None, None) if ctx.last else None


@dataclass(slots=True, frozen=True)
class Rule:
    """A named way to find who says a quote (what it finds carries the name, or a finer one such
    as ``cue-pronoun``); ``uncued`` rules only apply when no cue was found near the quote (a cue
    that names no one means the text does not say)."""

    name: str
    find: Callable[[_Context], Found | None]
    uncued: bool = False


RULES = (
    Rule("governing-verb", _governing_verb),
    Rule("cue", _cue),
    Rule("transcript-label", _transcript_label),
    Rule("signature", _signature),
    Rule("previous-sentence", _previous_sentence, uncued=True),
    Rule("same-paragraph", _same_paragraph, uncued=True),
    Rule("continuation", _continuation, uncued=True),
)


def _speaker(ctx: _Context) -> Found:
    """Who says a quote: the first rule that names someone; else where the text locates an
    unnamed speaker, or at least its cue."""
    located: Found | None = None  # a speaker described but not named, or a cue alone
    for rule in RULES:
        if rule.uncued and located is not None and located.cue is not None:
            continue
        found = rule.find(ctx)
        if found is None:
            continue
        if not found.rule:
            found = replace(found, rule=rule.name)
        if found.speaker is not None:
            if found.cue is None and located is not None:
                found = replace(found, cue=located.cue)
            return found
        if located is None or (located.source is None and found.source is not None):
            located = found
    return located or Found(None, None, None)


def _not_speech(text: str, q: Span, lo: int, found: Found, mentions: list[Mention]) -> bool:
    """Quotation marks around something that is not speech: scare quotes, names of things."""
    words = len(WORD.findall(text[q.start : q.end]))
    if words < 5 and (not _partial_ok(found, mentions) or _title_case(text[q.start : q.end])):
        return True  # scare quotes and names of things ("Morning Joe"), not speech
    if words >= 5 and found.cue is None and found.speaker is None and words < 8:
        return True
    if words < 5 and _NAMED_AS.search(text, lo, q.start):
        return True  # what has become known as the “Buffett rule”: a name
    return words <= 8 and _title_case(text[q.start : q.end].rstrip(" ,"))


def _labelled(spans: list[Span], para: _Para) -> list[Span]:
    """The quotes of a paragraph (its ``spans``); after a transcript label ("PENCE:") the rest is
    the quote."""
    if para.label is None:
        return spans
    after = para.label[1][1] + 1  # the quote starts after "PENCE:"
    return [
        Span(max(q.start, after) if q.start <= after else q.start, q.end, q.closed) for q in spans
    ] or [Span(after, para.end, True)]


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    """Tuning of the quote rules: how far the cue rules reach, how long reported speech is."""

    cues: cues.CueConfig = field(default_factory=cues.CueConfig)
    indirect: indirect.IndirectConfig = field(default_factory=indirect.IndirectConfig)
    speakers: speakers.SpeakerConfig = field(default_factory=speakers.SpeakerConfig)


def find(article: Article, config: QuoteConfig | None = None) -> list[Quote]:
    """Direct and partial quotes with their speakers, then indirect speech."""
    cfg = config or QuoteConfig()
    text, sents = article.text, article.sentences
    starts = [s.start for s in sents]
    mentions = sorted(article.mentions, key=lambda m: m.start)
    spans = [quote_spans(text, p.start, p.end) for p in article.paragraphs]
    quoted = [(q.start, q.end) for found in spans for q in found]
    reader = speakers.Reader(
        text, sents, mentions, speakers.genders(text, mentions), quoted, cfg.speakers
    )
    out: list[Quote] = []
    last: tuple[str | None, int] = (None, -10)  # who was quoted last, in which paragraph
    for p_index, paragraph in enumerate(article.paragraphs):
        if paragraph.heading:
            continue
        opening = 1 if text[paragraph.start : paragraph.start + 1] in '“"' else 0
        label = _label(text, paragraph.start + opening, paragraph.end)
        para = _Para(p_index, paragraph.start, paragraph.end, label)
        for q in _labelled(spans[p_index], para):
            first, around = _window(text, sents, starts, p_index, q)
            ctx = _Context(article, para, q, first, around, reader, *last, cfg)
            found = _speaker(ctx)
            if _not_speech(text, q, around[0].start, found, mentions):
                continue
            kind: QuoteKind = (
                "direct" if len(WORD.findall(text[q.start : q.end])) >= 5 else "partial"
            )
            out.append(
                Quote(
                    article.id,
                    first,
                    q.start,
                    q.end,
                    text[q.start : q.end].strip(),
                    found.speaker,
                    kind,
                    found.cue.word if found.cue else None,
                    found.source,
                    found.rule if found.speaker else None,
                )
            )
            if found.speaker:
                para.last_speaker = found.speaker
                last = (found.speaker, p_index)
    return out + indirect.find(article, {q.sentence for q in out}, cfg.indirect, reader)


# a quote signed with a dash after it, as in lists of reactions and pull quotes
_SIGNED = re.compile(
    r"[”\"»']{0,2}\s*[―—–]\s*([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})(?=\s*(?:[,.(|]|$))",
    re.M,
)
_DASH = re.compile(r"[―—–]")
_NAMED_AS = re.compile(r"(?:known as|so-called|dubbed)\s+(?:the\s+)?\W*$")
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s+(?=\S)")


def _label(text: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """A transcript's speaker label opening a paragraph ("PENCE: ..."), and where it stands."""
    m = _LABEL.match(text, start, end)
    if m is None or len(m.group(1)) < 3 or m.group(1) in ("UPDATE", "EDITOR", "NOTE", "PHOTO"):
        return None
    return m.group(1), (m.start(1), m.end(1))


def _title_case(text: str) -> bool:
    """Every word capitalised: the name of a show, a book, a policy, not words someone said."""
    first = WORD.search(text)
    stop = lexicon.stop_words()
    words = [w for w in WORD.findall(text) if w.lower() not in stop]
    capital = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return first is not None and first.group(0)[:1].isupper() and bool(words) and all(capital)


def _partial_ok(found: Found, mentions: list[Mention]) -> bool:
    """A few quoted words are speech when a cue attributes them to a person or organisation."""
    if found.speaker is None or found.cue is None:
        return False
    labels = {m.label for m in mentions if m.text == found.speaker}
    return bool(labels & {"PERSON", "ORG"}) or not labels
