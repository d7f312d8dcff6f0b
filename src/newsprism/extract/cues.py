"""The attribution cue of a quote ("said", "told", "according to", "called") and who it points
at when the parse does not tell: the name next to the cue first (tagged, or a capitalised name the
tagger missed), then the nearest person or organisation; a name after the cue only in inversion
(“…,” said X), never the one talked about ("called Clinton a “champion”", "said on Twitter", a
possessive); "he said" to the person the pronoun refers to; "the mayor said" to the person named
as mayor before, else located but left unknown. Cues are the speech verbs of
``data/speech_verbs.txt`` found by their lemma in the kept parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsprism import lexicon
from newsprism.extract import speakers
from newsprism.extract.tree import according, definite, phrase_head
from newsprism.lexicon import WORD
from newsprism.model import Mention, Sentence, Token

Source = tuple[int, int] | None
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(slots=True, frozen=True)
class Cue:
    """A word (or "according to") that attributes speech, where it stands, and its lexicon flags
    (``inverts``: may stand before its speaker)."""

    word: str
    start: int
    end: int
    flags: frozenset[str]
    participle: bool = False  # "…, saying": the clause's subject speaks


@dataclass(slots=True, frozen=True)
class Found:
    """Who a rule finds saying a quote (None: located or cued but not named), the cue, where the
    text names or describes the speaker, and the rule's name (why)."""

    speaker: str | None
    cue: Cue | None
    source: Source
    rule: str = ""  # empty: the rule that returns it gives its own name

    @classmethod
    def named(cls, m: Mention, cue: Cue | None, rule: str) -> Found:
        """A mention found speaking; the source is the phrase it heads ("Kremlin adviser
        Ushakov") or the name itself."""
        return cls(m.text, cue, m.phrase or (m.start, m.end), rule)


@dataclass(slots=True)
class Span:
    """Span words: ``[start, end)`` inside the marks; ``closed``: the closing mark was found."""

    start: int
    end: int
    closed: bool = True


@dataclass(slots=True, frozen=True)
class CueConfig:
    """How far the cue rules reach, in characters."""

    adjacent: int = 8  # "Schiff said", "the mayor also said": next to the cue
    person_reach: int = 160  # between a cue and the person it attributes
    name_reach: int = 40  # ... and an organisation or place: further off, it is talked about
    untagged_reach: int = 40  # a capitalised name the tagger missed
    described_reach: int = 60  # a description ("the mayor")
    farther_name: int = 20  # a guessed name or description yields to a tagged one this much nearer
    not_person: int = 100  # an organisation or place yields to a person this much nearer


_ACCORDING = frozenset({"inverts", "according"})


def speech_verb(tok: Token) -> bool:
    """A verb that introduces quoted words ("said", "told", "wrote", "called"; not a verb of
    belief such as "thinks")."""
    flags = lexicon.flagged("speech_verbs.txt").get(tok.lemma)
    return tok.pos == "VERB" and flags is not None and "thought" not in flags


def aspectual(toks: list[Token], k: int) -> bool:
    """A speech verb that, with an infinitive, tells no speech: "will continue to seek a
    “normal relationship”" (flag ``aspect`` in ``data/speech_verbs.txt``)."""
    flags = lexicon.flagged("speech_verbs.txt").get(toks[k].lemma, frozenset())
    return "aspect" in flags and any(
        t.head == k and t.dep == "xcomp" and j != k for j, t in enumerate(toks)
    )


def verb_cue(text: str, tok: Token) -> Cue | None:
    """The cue a token of ``text`` is, if it is a speech verb."""
    if not speech_verb(tok):
        return None
    flags = lexicon.flagged("speech_verbs.txt")[tok.lemma]
    return Cue(text[tok.start : tok.end], tok.start, tok.end, flags, tok.tag == "VBG")


def find(text: str, sentences: list[Sentence], start: int, end: int) -> list[Cue]:
    """The cues in ``text[start:end]``: speech verbs by lemma, and "according to"."""
    out: list[Cue] = []
    for sent in sentences:
        toks = sent.tokens
        for k, t in enumerate(toks):
            if t.start < start or t.end > end:
                continue
            if according(toks, k):
                out.append(Cue("according to", t.start, toks[k + 1].end, _ACCORDING))
            elif (cue := verb_cue(text, t)) is not None and not aspectual(toks, k):
                out.append(cue)
    return out


# words that may stand between a speaker and the cue ("he also said", "Smith then added")
_LINKING = ("also", "later", "then")
_LINKED = rf"(?:(?:{'|'.join(_LINKING)})\s+)?"
_PERSONAL = "|".join(sorted(speakers.PERSONAL))
PRONOUN_BEFORE = re.compile(rf"\b(?:{_PERSONAL}|{_PERSONAL.title()})\s+{_LINKED}$")
PRONOUN_AFTER = re.compile(rf"^\s+(?:{_PERSONAL})\b")
_DOTTED = sorted(t for t in lexicon.having("titles.txt", "honorific") if t.endswith("."))
_CAP = (  # a capitalised name of up to three words, maybe after "Mr." or "Dr."
    rf"(?:(?i:{'|'.join(map(re.escape, _DOTTED))})\s)?[A-Z][a-z’'-]+(?:\s[A-Z][a-z’'-]+){{0,2}}"
)
_NAME_BEFORE = re.compile(rf"(?<![\w“\"])({_CAP})\s+$")
_NAME_AFTER = re.compile(rf"\s+({_CAP})\b")
# What may stand between a cue and a speaker named after it ("said former Sen. X"): articles,
# "former" and capitalised titles; "said on Twitter", "said in an interview with X", "says of X"
# name what the words are about or where they were said, not who said them.
_GAP_AFTER = re.compile(rf"[\s,]*(?:(?:{lexicon.ARTICLES}|former|[A-Z][\w.’'-]*)\s+)*")
# who spoke, described: "the mayor", "one Democratic source", "Obama's former campaign strategist"
_DESCRIPTION = (
    r"((?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]his|[Tt]hat|[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*[’']s)\s+"
    r"(?:[\w’'-]+\s+){0,4}?[\w’'-]+)"
)
_DESCRIBED_BEFORE = re.compile(rf"(?<![\w,])\s*{_DESCRIPTION}\s+{_LINKED}$")
_DESCRIBED_AFTER = re.compile(rf"\s+{_DESCRIPTION}(?=\s*[,.;:]|\s*$)")
# what a description of a speaker never holds, by fine tag: a finite verb or a modal, a
# conjunction, a clause word, an adverb, "to", a personal pronoun ("the mayor and he", "the
# official who", "the report also"); and no dash
_NOT_IN_DESCRIPTION = frozenset(
    {"CC", "MD", "VB", "VBD", "VBP", "VBZ", "WDT", "WP", "WRB", "RB", "RBR", "RBS", "TO", "PRP"}
)


def _read_description(sentences: list[Sentence], start: int, end: int) -> tuple[bool, str | None]:
    """Whether the words in characters ``[start, end)`` can describe a speaker (a noun phrase by
    the parse), and the role word of one that refers back ("the mayor", "Obama's former
    strategist": its head noun; None for "one Democratic source")."""
    sent = next((s for s in sentences if s.start <= start < s.end), None)
    if sent is None:
        return False, None
    toks = sent.tokens
    words = [t for t in toks if start <= t.start and t.end <= end]
    if any(t.tag in _NOT_IN_DESCRIPTION or t.pos == "AUX" or t.lemma == "--" for t in words):
        return False, None
    k = phrase_head(toks, start, end)
    if k is None or toks[k].pos != "NOUN" or not definite(toks, k):
        return True, None
    return True, toks[k].lemma


@cache
def _not_names() -> frozenset[str]:
    months = {m.lower() for m in lexicon.table("months.txt")}
    days = {d.lower() for d in lexicon.ordered("weekdays.txt")}
    return lexicon.words("not_names.txt") | months | days


def not_a_name(word: str) -> bool:
    """A capitalised word that starts no name: a month, a weekday, a pronoun, a function word."""
    return word.lower() in _not_names()


def _inverted(text: str, lo: int, quote: Span, cue: Cue) -> bool:
    """Nothing but the quote (or punctuation) before the cue: '“…,” said X', 'Said X: “…”'."""
    before = text[quote.end if quote.end <= cue.start else lo : cue.start]
    return not before.strip(" ,;:”\"’'\n") or bool(re.search(r"[”\"’']\s*[,;:]?\s*$", before))


def _away(cue: Cue, start: int, end: int) -> int:
    """Characters between a cue and the span [start, end) before or after it."""
    return start - cue.end if start >= cue.end else cue.start - end


def possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _after_ok(text: str, lo: int, quote: Span, cue: Cue, m: Mention) -> bool:
    """A mention after its cue speaks only in inversion, right after it: not "told The Moscow
    Times", "called Clinton a “champion”", "The governor said Democrats ...", "said on Twitter"."""
    if "inverts" not in cue.flags or not _inverted(text, lo, quote, cue):
        return False
    if "according" in cue.flags:
        return "," not in text[cue.end : m.start]
    return bool(_GAP_AFTER.fullmatch(text, cue.end, m.start))


def _tag_at(sentences: list[Sentence], at: int) -> str | None:
    """The part of speech of the token that starts at a position."""
    return next((t.pos for s in sentences for t in s.tokens if t.start == at), None)


def _speaker_near(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    cue: Cue,
    quote: Span,
    cfg: CueConfig,
) -> tuple[Mention, int] | None:
    """The mention the cue attributes, inside the sentences and outside the quote, and how far
    from the cue it stands."""
    lo, hi = sentences[0].start, sentences[-1].end
    best: tuple[float, Mention, int] | None = None
    for m in mentions:
        if m.start < lo or m.end > hi or m.label not in SPEAKER_LABELS:
            continue
        if m.label == "NORP" and _tag_at(sentences, m.start) == "ADJ":
            continue  # "the Democratic presidential nominee said": not the Democrats
        if quote.start <= m.start < quote.end or possessive(text, m.end):
            continue  # inside the quote; "North Korea’s latest test", "Putin’s aide": not them
        if m.start >= cue.end and not _after_ok(text, lo, quote, cue, m):
            continue
        if m.start < cue.end and m.end <= quote.start and cue.start >= quote.end:
            between = WORD.findall(text[quote.end : cue.start].lower())
            if not set(between) <= {"and", "they", *speakers.PERSONAL, *_LINKING}:
                continue  # 'X is in "good health," while 73 percent said ...': X is talked about
        dist = _away(cue, m.start, m.end)
        if dist > (cfg.person_reach if m.label == "PERSON" else cfg.name_reach):
            continue
        penalty = 0 if m.label == "PERSON" else cfg.not_person
        score = dist + penalty
        if cue.participle:  # "Trump attacked Clinton ..., saying": the subject speaks
            score = m.start - lo + penalty
        if best is None or score < best[0]:
            best = (score, m, dist)
    return (best[1], best[2]) if best else None


def _by_pronoun(
    text: str, lo: int, q: Span, cue: Cue, reader: speakers.Reader, last: str | None
) -> Found | None:
    """ "he said", "said she": the person the pronoun refers to; the source is the pronoun."""
    window = max(lo, cue.start - 20)
    before = PRONOUN_BEFORE.search(text[window : cue.start])
    after = PRONOUN_AFTER.match(text[cue.end : cue.end + 6])
    if after and (cue.start < q.end or text[q.end : cue.start].strip(" ,.;:!?”\"'’")):
        after = None  # "Trump says he is making “a demand”": "he" is the reported subject
    if before:
        at = window + before.start()
        where = (at, at + len(before.group(0).split()[0]))
    elif after:
        at = cue.end + len(after.group(0)) - len(after.group(0).lstrip())
        where = (at, cue.end + len(after.group(0)))
    else:
        return None
    who = speakers.referent(text[where[0] : where[1]], where[0], reader, last)
    return Found(who, cue, where, "cue-pronoun")


def _named(
    text: str, sentences: list[Sentence], lo: int, hi: int, q: Span, cue: Cue, cfg: CueConfig
) -> Found | None:
    """A capitalised name next to the cue that the tagger missed ("said Ellis", "Police
    say"): a noun by the parse (not "After saying …", "It’s denouncing")."""
    named = _NAME_BEFORE.search(text, max(lo, cue.start - cfg.untagged_reach), cue.start)
    if named is None and "inverts" in cue.flags and _inverted(text, lo, q, cue):
        named = _NAME_AFTER.match(text, cue.end, min(hi, cue.end + cfg.untagged_reach))
    if named is None or not_a_name(named.group(1).split()[0]):
        return None  # "said Friday"
    if q.start <= named.start(1) < q.end:
        return None
    if _tag_at(sentences, named.start(1)) not in ("PROPN", "NOUN"):
        return None
    return Found(named.group(1), cue, named.span(1), "cue-untagged-name")


def _described(
    text: str,
    sentences: list[Sentence],
    reader: speakers.Reader,
    span: tuple[int, int, Span],
    cue: Cue,
    cfg: CueConfig,
) -> Found | None:
    """ "the mayor said", "said one Democratic source": who spoke, though maybe not who that
    is (a definite description resolved to the person named with that role)."""
    if "inverts" not in cue.flags:
        return None
    lo, hi, q = span
    said_by = _DESCRIBED_BEFORE.search(text, max(lo, cue.start - cfg.described_reach), cue.start)
    if said_by is None and _inverted(text, lo, q, cue):
        said_by = _DESCRIBED_AFTER.match(text, cue.end, min(hi, cue.end + cfg.described_reach))
    if said_by is None or q.start <= said_by.start(1) < q.end:
        return None
    describes, role = _read_description(sentences, *said_by.span(1))
    if not describes:
        return None
    who = speakers.described(role, q.start, reader) if role is not None else None
    return Found(who, cue, said_by.span(1), "cue-description")


def attribute(
    text: str,
    sentences: list[Sentence],
    q: Span,
    reader: speakers.Reader,
    last: str | None,
    config: CueConfig | None = None,
) -> Found | None:
    """Speaker and cue of a quote from the rest of its sentence(s), nearest cue first; a cue
    with no one it points at is still returned (speaker and source None)."""
    cfg = config or CueConfig()
    lo, hi = sentences[0].start, sentences[-1].end
    mentions = reader.mentions
    cues = find(text, sentences, lo, q.start - 1) + find(text, sentences, q.end + 1, hi)
    cues.sort(key=lambda c: min(abs(c.start - q.end), abs(q.start - c.end)))
    for cue in cues:
        pronoun = _by_pronoun(text, lo, q, cue, reader, last)
        if pronoun is not None:
            return pronoun
        found: list[tuple[int, int, Found]] = []  # distance, rank, what was found
        near = _speaker_near(text, sentences, mentions, cue, q, cfg)
        if near is not None:
            m, dist = near
            found.append((dist, 0, Found.named(m, cue, "cue-name")))
        for rank, guess in enumerate(
            (
                _named(text, sentences, lo, hi, q, cue, cfg),
                _described(text, sentences, reader, (lo, hi, q), cue, cfg),
            ),
            1,
        ):
            if guess is not None and guess.source is not None:
                found.append((_away(cue, *guess.source), rank, guess))
        if found:  # next to the cue first; further off, a tagged name before a guessed one
            return min(
                found,
                key=lambda f: (
                    f[0] > cfg.adjacent,
                    f[0] + (0 if f[1] == 0 else cfg.farther_name),
                    f[1],
                ),
            )[2]
    return Found(None, cues[0], None, "cue-unattributed") if cues else None
