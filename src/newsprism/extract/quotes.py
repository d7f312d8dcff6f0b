"""Quotes and their speakers in one article.

Quote marks are paired per paragraph (curly, straight, ``double-backtick'', NYT ''double
apostrophes'', «guillemets»; an opening mark never closed runs to the end of its paragraph). The
speaker is who the attribution cue points at in the same sentence: the name next to the cue
first (tagged, or a capitalised name the tagger missed), then the nearest person or organisation;
a name after the cue only in inversion (“…,” said X), never the one talked about ("called Clinton
a “champion”", "said on Twitter", a possessive). "He said" goes to the person last quoted or
named; a quote paragraph with no cue continues the previous speaker; “…” ― Name signs a quote. A
speaker described but not named ("the mayor said") is located (``source``) and left unknown.
Names are the surface form here; the story stage maps them to canonical entities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from newsprism.extract import indirect, speakers
from newsprism.lexicon import WORD
from newsprism.model import Article, Mention, Quote, Sentence

CUE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|asked|noted|notes|wrote|writes|"
    r"argued|argues|warned|warns|explained|admitted|insisted|declared|announced|commented|"
    r"claimed|claims|continued|replied|remarked|suggested|acknowledged|[Aa]ccording to|"
    r"cautioned|stressed|emphasized|emphasised|predicted|urged|recalled|quoted|"
    r"called|describ(?:es|ed)|tweeted|saying|promised|vowed|pledged|dubbed|label(?:l?ed)|"
    r"branded|accus(?:es|ed)|complain(?:s|ed)|mock(?:s|ed)|asks|sings|sang|demanded|reads|"
    r"responded|shouted|wondered|conceded|calling|describing|cited|criticized|criticised|"
    r"blasted|dismissed|likened|slammed|praised|touted|denounced|condemned|pledging|vowing|"
    r"promising)\b"  # not "tweets", "calls": nouns
)
PRONOUN_BEFORE = re.compile(r"\b(?:he|she|He|She)\s+(?:also\s+|later\s+|then\s+)?$")
PRONOUN_AFTER = re.compile(r"^\s+(?:he|she)\b")
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_CAP = r"(?:(?:Mr\.|Mrs\.|Ms\.|Dr\.)\s)?[A-Z][a-z’'-]+(?:\s[A-Z][a-z’'-]+){0,2}"
_NAME_BEFORE = re.compile(rf"(?<![\w“\"])({_CAP})\s+$")
_NAME_AFTER = re.compile(rf"\s+({_CAP})\b")
# Cues that may come before their speaker ("..., said Yun Sun"); after "told", "called",
# "described" ... comes the listener or the one talked about.
_INVERTS = re.compile(
    r"said|says|say|added|adds|asked|wrote|writes|noted|notes|continued|replied|remarked|"
    r"explained|argued|argues|insisted|declared|stated|warned|warns|claimed|claims|recalled|"
    r"stressed|cautioned|predicted|suggested|acknowledged|admitted|commented|according to|"
    r"asks|demanded|reads|responded|shouted|wondered|conceded"
)
# What may stand between a cue and a speaker named after it ("said former Sen. X"): articles,
# "former" and capitalised titles; "said on Twitter", "said in an interview with X", "says of X"
# name what the words are about or where they were said, not who said them.
_GAP_AFTER = re.compile(r"[\s,]*(?:(?:the|a|an|former|[A-Z][\w.’'-]*)\s+)*")
_NOT_A_NAME = re.compile(
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Today|Tomorrow|Yesterday|"
    r"It|He|She|They|We|I|You|The|This|That|These|Those|But|And|In|On|At|As|If|When|While"
)
# who spoke, described: "the mayor", "one Democratic source", "Obama's former campaign strategist"
_DESCRIPTION = (
    r"((?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]his|[Tt]hat|[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*[’']s)\s+"
    r"(?:[\w’'-]+\s+){0,4}?[\w’'-]+)"
)
_DESCRIBED_BEFORE = re.compile(rf"(?<![\w,])\s*{_DESCRIPTION}\s+(?:also\s+|then\s+)?$")
_DESCRIBED_AFTER = re.compile(rf"\s+{_DESCRIPTION}(?=\s*[,.;:]|\s*$)")
_NOT_DESCRIPTION = re.compile(
    r"\b(?:and|or|but|which|who|that|same|\w+ly|is|are|was|were|be|been|has|have|had|will|"
    r"would|should|could|can|may|might|not|to|it|he|she|they|this)\b|--"
)
ADJACENT = 8  # characters: "Schiff said", "the mayor also said"
MAX_REACH = 160  # characters between a cue and the person it attributes
NAME_REACH = 40  # ... and an organisation or place: further off, it is what is talked about


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
        opening = (
            two == "``"
            or (
                two == "''"
                and (prev.isspace() or prev in "([—–-")
                and not text[i + 2 : i + 3].isspace()
            )
            or ch in "“«„"
            or (ch == '"' and (prev.isspace() or prev in "([—–-") and not nxt.isspace())
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


def _inverted(text: str, lo: int, quote: Span, cue: re.Match[str]) -> bool:
    """Nothing but the quote (or punctuation) before the cue: '“…,” said X', 'Said X: “…”'."""
    before = text[quote.end if quote.end <= cue.start() else lo : cue.start()]
    return not before.strip(" ,;:”\"’'\n") or bool(re.search(r"[”\"’']\s*[,;:]?\s*$", before))


def _away(cue: re.Match[str], start: int, end: int) -> int:
    """Characters between a cue and the span [start, end) before or after it."""
    return start - cue.end() if start >= cue.end() else cue.start() - end


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _speaker_near(
    text: str, mentions: list[Mention], lo: int, hi: int, cue: re.Match[str], quote: Span
) -> tuple[Mention, int] | None:
    """The mention the cue attributes, inside [lo, hi) and outside the quote, and how far from
    the cue it stands."""
    best: tuple[float, Mention, int] | None = None
    word = cue.group(0).lower()
    for m in mentions:
        if m.start < lo or m.end > hi or m.label not in SPEAKER_LABELS:
            continue
        if quote.start <= m.start < quote.end or _possessive(text, m.end):
            continue  # inside the quote; "North Korea’s latest test", "Putin’s aide": not them
        if m.start >= cue.end():
            if not _INVERTS.fullmatch(word):
                continue  # "told The Moscow Times", "called Clinton a “champion”": not the speaker
            if not _inverted(text, lo, quote, cue):
                continue  # "The governor said Democrats ...": the subject speaks
            gap_ok = (
                "," not in text[cue.end() : m.start]
                if word == "according to"
                else _GAP_AFTER.fullmatch(text, cue.end(), m.start)
            )
            if not gap_ok:
                continue  # "said on Twitter", "said in an interview with X"
        elif m.end <= quote.start and cue.start() >= quote.end:
            between = WORD.findall(text[quote.end : cue.start()].lower())
            if not set(between) <= {"and", "also", "then", "later", "he", "she", "they"}:
                continue  # 'X is in "good health," while 73 percent said ...': X is talked about
        dist = _away(cue, m.start, m.end)
        if dist > (MAX_REACH if m.label == "PERSON" else NAME_REACH):
            continue
        score = dist + (0 if m.label == "PERSON" else 100)
        if word.endswith("ing"):  # "Trump attacked Clinton ..., saying": the subject speaks
            score = m.start - lo + (0 if m.label == "PERSON" else 100)
        if best is None or score < best[0]:
            best = (score, m, dist)
    return (best[1], best[2]) if best else None


@dataclass(slots=True)
class _State:
    speaker: str | None = None
    paragraph: int = -10
    genders: dict[str, str] = field(default_factory=dict)  # a person's name -> m / f


Source = tuple[int, int] | None


def _by_pronoun(
    text: str, mentions: list[Mention], lo: int, q: Span, cue: re.Match[str], state: _State
) -> tuple[str | None, re.Match[str], Source] | None:
    """ "he said", "said she": the speaker is the one the article quoted last (else the last
    person named before the quote); the source is the pronoun."""
    window = max(lo, cue.start() - 20)
    before = PRONOUN_BEFORE.search(text[window : cue.start()])
    after = PRONOUN_AFTER.match(text[cue.end() : cue.end() + 6])
    if after and (cue.start() < q.end or text[q.end : cue.start()].strip(" ,.;:!?”\"'’")):
        after = None  # "Trump says he is making “a demand”": "he" is the reported subject
    if not (before or after):
        return None
    where: Source = None
    if after:
        pos = cue.end() + len(after.group(0)) - len(after.group(0).lstrip())
        where = (pos, cue.end() + len(after.group(0)))
    if before:
        word = re.match(r"\w+", text[window + before.start() :])
        where = (
            window + before.start(),
            window + before.start() + (len(word.group(0)) if word else 0),
        )
    pronoun = text[where[0] : where[1]] if where else ""
    who = speakers.referent(pronoun, mentions, q.start - 1, state.speaker, state.genders)
    return who, cue, where


def _attribute(
    text: str, mentions: list[Mention], lo: int, hi: int, q: Span, state: _State
) -> tuple[str | None, re.Match[str] | None, Source]:
    """Speaker and cue of a quote from the rest of its sentence(s)."""
    cues = [
        c
        for a, b in ((lo, q.start - 1), (q.end + 1, hi))
        if b > a
        for c in CUE.finditer(text, a, b)
    ]
    cues.sort(key=lambda c: min(abs(c.start() - q.end), abs(q.start - c.end())))
    for cue in cues:
        pronoun = _by_pronoun(text, mentions, lo, q, cue, state)
        if pronoun is not None:
            return pronoun
        found: list[tuple[int, int, str | None, tuple[int, int]]] = []  # distance, rank, who, at
        near = _speaker_near(text, mentions, lo, hi, cue, q)
        if near is not None:
            m, dist = near
            found.append((dist, 0, m.text, m.phrase or (m.start, m.end)))
        may_precede = bool(_INVERTS.fullmatch(cue.group(0).lower()))
        inverts = may_precede and _inverted(text, lo, q, cue)
        named = _NAME_BEFORE.search(text, max(lo, cue.start() - 40), cue.start())
        if named is None and inverts:
            named = _NAME_AFTER.match(text, cue.end(), min(hi, cue.end() + 40))
        if named and _NOT_A_NAME.fullmatch(named.group(1).split()[0]):
            named = None  # "said Friday"
        if named and not (q.start <= named.start(1) < q.end):  # a name the tagger missed
            found.append((_away(cue, *named.span(1)), 1, named.group(1), named.span(1)))
        said_by = None
        if may_precede:
            said_by = _DESCRIBED_BEFORE.search(text, max(lo, cue.start() - 60), cue.start())
        if said_by is None and inverts:
            said_by = _DESCRIBED_AFTER.match(text, cue.end(), min(hi, cue.end() + 60))
        if (
            said_by
            and not (q.start <= said_by.start(1) < q.end)
            and not _NOT_DESCRIPTION.search(said_by.group(1))
        ):  # "the mayor said", "said one Democratic source": who spoke, though not who that is
            who = speakers.described(text, said_by.group(1), mentions, q.start)
            found.append((_away(cue, *said_by.span(1)), 2, who, said_by.span(1)))
        if found:  # next to the cue first; further off, a tagged name before a guessed one
            _dist, _rank, who, where = min(
                found, key=lambda f: (f[0] > ADJACENT, f[0] + (0 if f[1] == 0 else 20), f[1])
            )
            return who, cue, where
    return None, cues[0] if cues else None, None


def _window(
    text: str, sents: list[Sentence], starts: list[int], p_index: int, q: Span
) -> tuple[int, int, int]:
    """The sentence a quote starts in, and the characters to look for its attribution in: its
    sentences, the next one when the quote is split after its closing mark ("“…,” he said."),
    and a short lead-in sentence of its own ("He said:")."""
    first = max(0, bisect.bisect_right(starts, q.start) - 1)
    last = max(first, bisect.bisect_right(starts, max(q.start, q.end - 1)) - 1)
    lo, hi = sents[first].start, sents[last].end
    if (
        q.closed
        and last + 1 < len(sents)
        and sents[last + 1].paragraph == p_index
        and sents[last].end <= q.end + 2
    ):
        hi = sents[last + 1].end
    if (
        first > 0
        and not text[lo : q.start - 1].strip()
        and re.search(r"[:,]\s*$", sents[first - 1].text)
        and len(sents[first - 1].text) < 120
    ):
        lo = sents[first - 1].start
    return first, lo, hi


@dataclass(slots=True)
class _Para:
    """The paragraph being read: where it is, its label speaker, its last quote's speaker."""

    index: int
    start: int
    end: int
    label: tuple[str, tuple[int, int]] | None
    last_speaker: str | None = None


def _speaker(
    article: Article,
    mentions: list[Mention],
    para: _Para,
    q: Span,
    first: int,
    window: tuple[int, int],
    state: _State,
) -> tuple[str | None, re.Match[str] | None, tuple[int, int] | None]:
    """Who says a quote, tried in order: a cue near it, a transcript label, a signature after
    it, the previous sentence of the paragraph, then the paragraph's or the previous paragraph's
    speaker (continuation)."""
    text, sents = article.text, article.sentences
    speaker, cue, source = _attribute(text, mentions, window[0], window[1], q, state)
    if para.label is not None and speaker is None:
        speaker, source = para.label  # a transcript: "PENCE: Well, look, ..."
    signed = _SIGNED.match(text, q.end, min(para.end, q.end + 60)) if q.closed else None
    if speaker is None and signed:  # “… our greatest shame.” ― Sonya Herridge
        speaker, source = signed.group(1), signed.span(1)
        cue = cue or _DASH.search(text, q.end, signed.end())
    if speaker is None and cue is None and first > 0 and sents[first - 1].paragraph == para.index:
        prev = sents[first - 1]  # "… supplies,” Xu told Al Jazeera. “Their relations …”
        speaker, _cue, source = _attribute(
            text, mentions, prev.start, prev.end, Span(prev.start, prev.start, True), state
        )
    if speaker is None and cue is None:
        if para.last_speaker:
            speaker = para.last_speaker  # a later quote in the same paragraph
        elif q.start - 1 <= para.start + 1 and para.index - state.paragraph <= 2:
            speaker = state.speaker  # a quote paragraph continuing the previous speaker
    return speaker, cue, source


def _not_speech(
    text: str,
    q: Span,
    lo: int,
    speaker: str | None,
    cue: re.Match[str] | None,
    mentions: list[Mention],
) -> bool:
    """Quotation marks around something that is not speech: scare quotes, names of things."""
    words = len(WORD.findall(text[q.start : q.end]))
    if words < 5 and (
        not _partial_ok(speaker, cue, mentions) or _title_case(text[q.start : q.end])
    ):
        return True  # scare quotes and names of things ("Morning Joe"), not speech
    if words >= 5 and cue is None and speaker is None and words < 8:
        return True
    if words < 5 and _NAMED_AS.search(text, lo, q.start):
        return True  # what has become known as the “Buffett rule”: a name
    return words <= 8 and _title_case(text[q.start : q.end].rstrip(" ,"))


def _spans(text: str, para: _Para) -> list[Span]:
    """The quotes of a paragraph; after a transcript label ("PENCE:") the rest is the quote."""
    spans = quote_spans(text, para.start, para.end)
    if para.label is None:
        return spans
    after = para.label[1][1] + 1  # the quote starts after "PENCE:"
    return [
        Span(max(q.start, after) if q.start <= after else q.start, q.end, q.closed) for q in spans
    ] or [Span(after, para.end, True)]


def find(article: Article) -> list[Quote]:
    """Direct and partial quotes with their speakers, then indirect speech."""
    text, sents = article.text, article.sentences
    starts = [s.start for s in sents]
    mentions = sorted(article.mentions, key=lambda m: m.start)
    out: list[Quote] = []
    state = _State(genders=speakers.genders(text, mentions))
    for p_index, paragraph in enumerate(article.paragraphs):
        if paragraph.heading:
            continue
        opening = 1 if text[paragraph.start : paragraph.start + 1] in '“"' else 0
        label = _label(text, paragraph.start + opening, paragraph.end)
        para = _Para(p_index, paragraph.start, paragraph.end, label)
        for q in _spans(text, para):
            first, lo, hi = _window(text, sents, starts, p_index, q)
            speaker, cue, source = _speaker(article, mentions, para, q, first, (lo, hi), state)
            if _not_speech(text, q, lo, speaker, cue, mentions):
                continue
            kind = "direct" if len(WORD.findall(text[q.start : q.end])) >= 5 else "partial"
            out.append(
                Quote(
                    article.id,
                    first,
                    q.start,
                    q.end,
                    text[q.start : q.end].strip(),
                    speaker,
                    kind,
                    cue.group(0) if cue else None,
                    source,
                )
            )
            if speaker:
                para.last_speaker = speaker
                state.speaker, state.paragraph = speaker, p_index
    return out + indirect.find(article, {q.sentence for q in out})


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
    small = ("of", "the", "and", "a", "an", "on", "in", "for", "to", "at", "with", "from")
    words = [w for w in WORD.findall(text) if w.lower() not in small]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _partial_ok(speaker: str | None, cue: re.Match[str] | None, mentions: list[Mention]) -> bool:
    if speaker is None or cue is None:
        return False
    labels = {m.label for m in mentions if m.text == speaker}
    return bool(labels & {"PERSON", "ORG"}) or not labels
