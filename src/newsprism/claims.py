"""What a sentence (or a clause of one) claims, read from its parse: who did what to whom, with
its figures, dates, names and, for reported speech, its speaker apart from its content.

``"China certainly pursues only its own interests," said Gabuev`` claims *China pursues its
interests*, spoken by *Gabuev*: the comparison of two claims looks at the content and at the
speaker separately, so a shared speaker never makes two different claims one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from newsprism import lexicon
from newsprism.extract.cues import speech_verb
from newsprism.extract.entities import TITLES
from newsprism.extract.tree import children, phrase_head, subtree
from newsprism.lexicon import WORD
from newsprism.model import (
    Article,
    NumberMention,
    Quote,
    Ref,
    Sentence,
    Tense,
    TimeMention,
    Token,
)

if TYPE_CHECKING:
    from newsprism.nlp import Embedded

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "attr", "dative", "oprd", "acomp"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "one"})
MIN_CONTENT_SHARE = 0.4  # quoted words must be this much of a sentence to be its content
PIECE_POS = CONTENT_POS | {"ADV"}  # word pieces of these words weigh in token alignment


@dataclass(slots=True, frozen=True)
class Frame:
    """Who did what to whom: the lemmas of the main predicate, its subject and object."""

    predicate: str | None = None
    subject: str | None = None
    object: str | None = None
    negated: bool = False  # the predicate's own "not"
    denied: bool = False  # reported by a denial ("denied it was involved"): said not to be so
    subject_at: int | None = None  # where the subject word starts (article offset)
    tense: Tense | None = None  # of the predicate: past (done), future (to come), or None
    event: str | None = None  # what is done or to come: the predicate, or what it looks ahead to

    @property
    def asserts_not(self) -> bool:
        """Whether the claim says its predicate does not hold: negated, or denied, not both."""
        return self.negated != self.denied


@dataclass(slots=True)
class Claim:
    """One side of a comparison: the content of a sentence or clause, and who says it."""

    text: str
    words: list[str]  # lower-case word tokens of the content
    lemmas: list[str]  # its content lemmas
    frame: Frame
    ref: Ref | None = None
    speaker: str | None = None  # of reported speech: the name (or description) of who says it
    quoted: bool = False
    vector: np.ndarray | None = None  # unit embedding of the content
    states: np.ndarray | None = None  # unit embeddings of its tokens (for token alignment)
    pieces: list[str] = field(default_factory=list)  # each state's content word ("" if none)
    numbers: list[NumberMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    told_on: list[TimeMention] = field(default_factory=list)  # of its times, those of the telling
    described_on: list[TimeMention] = field(default_factory=list)  # those of a noun's own clause
    names: dict[str, set[str]] = field(default_factory=dict)  # entity label -> canonical names
    published: str | None = None  # the day its article came out (ISO)
    # the name of a subject shared from outside the words ("..., but was not arrested"): its verb's
    subject_name: str | None = None
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def all_names(self) -> set[str]:
        return set().union(*self.names.values()) if self.names else set()


def _depths(tokens: list[Token]) -> list[int]:
    out = []
    for k in range(len(tokens)):
        d, seen = 0, k
        while tokens[seen].head != seen and d < 50:
            seen, d = tokens[seen].head, d + 1
        out.append(d)
    return out


def _child(tokens: list[Token], kids: list[list[int]], k: int, deps: frozenset[str]) -> int | None:
    return next((c for c in kids[k] if tokens[c].dep in deps), None)


def _word(tokens: list[Token], k: int | None) -> str | None:
    return None if k is None else tokens[k].lemma


def frame(sentence: Sentence, start: int, end: int) -> Frame:
    """The frame of the words ``[start, end)`` (article offsets) of a sentence: its highest verb
    (the content verb, under a speech verb such as "said"), that verb's subject (a conjoined
    verb's, the first verb's) and object."""
    toks = sentence.tokens
    if not toks:
        return Frame()
    depth = _depths(toks)
    kids = children(toks)
    inside = [k for k, t in enumerate(toks) if start <= t.start and t.end <= end]
    verbs = [k for k in inside if toks[k].pos in ("VERB", "AUX") and toks[k].dep != "aux"]
    verbs = [k for k in verbs if toks[k].dep not in ("auxpass", "amod")]
    if not verbs:
        return Frame()
    top = min(verbs, key=lambda k: (depth[k], k))
    speech = lexicon.flagged("speech_verbs.txt")
    if toks[top].lemma in speech:
        content = [k for k in kids[top] if k in verbs and toks[k].dep in ("ccomp", "parataxis")]
        if content:
            top = content[0]
    teller = toks[top].head  # the speech verb reporting the content, inside the words or not
    denied = (  # "denied his country was involved": it was not ("did not deny": it was)
        toks[top].dep in ("ccomp", "parataxis")
        and "denies" in speech.get(toks[teller].lemma, ())
        and not any(toks[c].dep == "neg" for c in kids[teller])
    )
    subj = _child(toks, kids, top, _SUBJECTS)
    shared = top
    while subj is None and toks[shared].dep == "conj" and toks[shared].head != shared:
        shared = toks[shared].head  # "Wang has been held ..., but was not arrested until ...":
        subj = _child(toks, kids, shared, _SUBJECTS)  # a conjoined verb shares its subject
    obj = _child(toks, kids, top, _OBJECTS)
    if obj is None:
        prep = _child(toks, kids, top, frozenset({"prep", "agent"}))
        if prep is not None:
            obj = _child(toks, kids, prep, frozenset({"pobj"}))
    neg = any(toks[c].dep == "neg" for c in kids[top])
    at = toks[subj].start if subj is not None else None
    tense = _tense(toks, kids, top)
    event = toks[top].lemma
    if event in lexicon.having("future.txt", "lead"):  # "expected to meet": the meeting
        event = next((toks[c].lemma for c in kids[top] if toks[c].dep == "xcomp"), event)
    return Frame(
        toks[top].lemma, _word(toks, subj), _word(toks, obj), neg, denied, at, tense, event
    )


def _tense(toks: list[Token], kids: list[list[int]], verb: int) -> Tense | None:
    """Whether a verb tells what is done or what is to come (``data/future.txt``): future with
    "will" ("will meet") or under a verb that puts its infinitive ahead ("are expected to meet",
    the expecting verb itself or its infinitive); past in the past tense or the perfect ("met",
    "have met"); else None (the present, a headline's "meet")."""
    aux = lexicon.having("future.txt", "aux")
    lead = lexicon.having("future.txt", "lead")
    auxes = [toks[c] for c in kids[verb] if toks[c].dep in ("aux", "auxpass")]
    head = toks[toks[verb].head]
    if any(a.lemma in aux for a in auxes):
        return "future"
    if toks[verb].lemma in lead and any(toks[c].dep == "xcomp" for c in kids[verb]):
        return "future"
    if toks[verb].dep == "xcomp" and head.lemma in lead:
        return "future"
    if toks[verb].tag == "VBD" or any(a.tag == "VBD" or a.lemma == "have" for a in auxes):
        return "past"
    return None


def told_done(refs: Sequence[Ref], article: Callable[[str], Article]) -> list[Ref]:
    """Of a fact's sentences, those to tell it by: when some announce an event ("will meet",
    "are expected to meet") and others report that event done ("met"), the latter, so that
    the fact reads as what happened; else all of them."""
    frames = {}
    for r in refs:
        sent = article(r.article).sentences[r.sentence]
        frames[r] = frame(sent, sent.start, sent.end)
    ahead = {f.event for f in frames.values() if f.tense == "future"}
    done = [r for r in refs if frames[r].tense == "past" and frames[r].event in ahead]
    return done or list(refs)


def time_head(sentence: Sentence, time: TimeMention) -> int | None:
    """Where a time expression hangs in the parse: the head of its words; but when the parser
    made it a second subject of a verb that has one already ("the cause of the fire that broke
    out just before midnight Thursday remains ...": "Thursday" a subject of "remains"), it ends
    the clause before it, and the word before it stands for it."""
    toks = sentence.tokens
    k = phrase_head(toks, time.start, time.end)
    if k is None or toks[k].dep not in _SUBJECTS:
        return k
    verb = toks[k].head
    first = min(j for j, t in enumerate(toks) if time.start <= t.start)
    second = any(t.head == verb and t.dep in _SUBJECTS for t in toks[:first])
    return first - 1 if second else k  # an earlier subject: ``first`` > 0


def when_said(sentence: Sentence, time: TimeMention) -> bool:
    """Does the time date the telling, not what is told: it hangs (directly or through "on")
    on a speech verb that reports a clause ("..., an official said Saturday.", "He told
    reporters on Monday that..."). Two sources may report one event on different days."""
    return telling_verb(sentence, time) is not None


def telling_verb(sentence: Sentence, time: TimeMention) -> int | None:
    """The speech verb whose telling the time dates (see :func:`when_said`), else None."""
    toks = sentence.tokens
    k = time_head(sentence, time)
    if k is None:
        return None
    head = toks[k].head
    while toks[head].dep == "prep" and toks[head].head != head:
        head = toks[head].head
    if not speech_verb(toks[head]):
        return None
    reports = any(t.head == head and t.dep in ("ccomp", "parataxis") for t in toks)
    return head if reports or toks[head].dep == "parataxis" else None


_DESCRIBING = ("relcl", "acl")  # a clause of a noun: "the fire that broke out Thursday"
_ASIDES = (*_DESCRIBING, "appos")  # what describes a noun is not what is told of it
_NOUN_MODIFIERS = ("nummod", "compound", "nmod", "amod")  # a date as a noun's word: "1975 war"


def describes_noun(sentence: Sentence, time: TimeMention) -> bool:
    """Does the time date a noun, in a clause that describes it ("the cause of the fire that broke
    out on Thursday remains under investigation", "the talks held on Monday") or as one of its
    words ("a 1975 civil war"): the noun's own event, not what the sentence tells of it."""
    toks = sentence.tokens
    k = time_head(sentence, time)
    if k is not None and toks[k].dep in _NOUN_MODIFIERS:
        noun = toks[toks[k].head]
        if noun.pos == "NOUN" and noun.lemma not in lexicon.words("day_parts.txt"):
            return True  # "during a 1975 civil war", "the Oct. 29 attack"; not "Friday evening"
    while k is not None and toks[k].head != k:
        if toks[k].dep in _DESCRIBING:
            return True
        k = toks[k].head
    return False


def told_part(sentence: Sentence, verb: int) -> set[int]:
    """The tokens of what a speech verb tells: its reported clauses ("police said Saturday
    [that ...]"), or, when the verb is itself the aside ("Jets flew on Friday, [Radikal
    reported]"), the clause it hangs on without it; not the clauses describing its nouns
    ("... two politicians who went missing Oct. 30")."""
    toks = sentence.tokens
    kids = children(toks)
    if toks[verb].dep == "parataxis":
        return subtree(toks, toks[verb].head, _ASIDES, kids) - subtree(toks, verb, kids=kids)
    return {
        j
        for c in kids[verb]
        if toks[c].dep in ("ccomp", "parataxis")
        for j in subtree(toks, c, _ASIDES, kids)
    }


def span_lemmas(sentence: Sentence, text: str, start: int, end: int) -> list[str]:
    """Content lemmas of the words ``[start, end)`` of a sentence (article offsets). A word of a
    hyphenated compound is kept as written: it is not inflected there ("center-left" keeps
    "left", which the tagger reads as the verb "leave")."""
    out = []
    for t in sentence.tokens:
        if start <= t.start and t.end <= end and not t.stop:
            surface = text[t.start : t.end]
            if t.pos in CONTENT_POS and surface.isalpha():
                hyphened = text[t.start - 1 : t.start] == "-" or text[t.end : t.end + 1] == "-"
                out.append(surface.lower() if hyphened else t.lemma)
            elif any(c.isdigit() for c in surface):
                out.append(surface)
    return out


def piece_words(sentence: Sentence, text: str, offsets: np.ndarray) -> list[str]:
    """The content word (lower case) each word piece belongs to, "" for the pieces of stop
    words and punctuation: what a piece weighs in token alignment. ``offsets``: the pieces'
    characters in the sentence."""
    toks = sentence.tokens
    starts = [t.start for t in toks]
    out = []
    for lo, _hi in offsets.tolist():
        k = bisect.bisect_right(starts, sentence.start + lo) - 1
        t = toks[k] if k >= 0 else None
        if t is None or t.end <= sentence.start + lo or t.stop or t.pos not in PIECE_POS:
            out.append("")
        else:
            out.append(text[t.start : t.end].lower())
    return out


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def same_speaker(a: str, b: str) -> bool:
    """Two names of one speaker: equal, one's words (honorifics aside) inside the other's
    ("Gabuev" / "Alexander Gabuev", "Mr. Xi" / "Xi Jinping"), or one the initials of the other
    ("IAEA" / "International Atomic Energy Agency")."""
    wa = [w for w in words(a) if w not in TITLES]
    wb = [w for w in words(b) if w not in TITLES]
    if not wa or not wb:
        return False
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    stop = lexicon.stop_words()
    initials = lambda ws: "".join(w[0] for w in ws if w not in stop)  # noqa: E731
    return (len(wa) == 1 and wa[0] == initials(wb)) or (len(wb) == 1 and wb[0] == initials(wa))


def named(speaker: str | None) -> bool:
    """A speaker given by name ("Gabuev", "the IAEA"), not by a pronoun or a description."""
    if not speaker:
        return False
    first = words(speaker)[:1]
    return bool(first) and first[0] not in _PRONOUNS and speaker.lstrip()[:1].isupper()


def content_span(
    sentence: Sentence, quotes: list[Quote], start: int, end: int
) -> tuple[int, int, Quote | None]:
    """Where the claim of ``[start, end)`` lies: the reported words when the sentence reports
    speech (a direct or indirect quote of enough of it), else the whole span."""
    inside = [
        q for q in quotes if q.kind in ("direct", "indirect") and q.start < end and q.end > start
    ]
    if not inside:
        return start, end, None
    lo = max(start, min(q.start for q in inside))
    hi = min(end, max(q.end for q in inside))
    if hi - lo < MIN_CONTENT_SHARE * (end - start):
        return start, end, None
    return lo, hi, inside[0]


def build(
    article: Article,
    index: int,
    start: int,
    end: int,
    quotes: list[Quote],
    canonical: Callable[[str], str],
    embed: Callable[[Ref, int, int], Embedded] | None = None,
) -> Claim:
    """The claim of the words ``[start, end)`` (article offsets) of sentence ``index``.
    ``embed(ref, a, b)`` gives the content vector, token vectors and their offsets of a span
    (sentence offsets)."""
    sent = article.sentences[index]
    lo, hi, quote = content_span(sent, quotes, start, end)
    text = article.text[lo:hi]
    ref = Ref(article.id, index)
    names: dict[str, set[str]] = {}
    for m in article.mentions:
        if m.sentence == index and lo <= m.start and m.end <= hi:
            names.setdefault(m.label, set()).add(canonical(m.text))
    speaker = quote.speaker if quote is not None else None
    shape = frame(sent, lo, hi)
    shared = None  # the subject stands outside the words: a conjoined verb's, shared
    if shape.subject_at is not None and not lo <= shape.subject_at < hi:
        at = shape.subject_at
        found = (m for m in article.mentions if m.sentence == index and m.start <= at < m.end)
        shared = next((canonical(m.text) for m in found), None)
    times = [t for t in article.times if t.sentence == index and t.value and lo <= t.start < hi]
    vector = states = offsets = None
    if embed is not None:
        vector, states, offsets = embed(ref, lo - sent.start, hi - sent.start)
    return Claim(
        text=text,
        words=words(text),
        lemmas=span_lemmas(sent, article.text, lo, hi),
        frame=shape,
        ref=ref,
        speaker=speaker,
        quoted=quote is not None,
        vector=vector,
        states=states,
        pieces=piece_words(sent, article.text, offsets) if offsets is not None else [],
        numbers=[n for n in article.numbers if n.sentence == index and lo <= n.start < hi],
        times=times,
        told_on=[t for t in times if when_said(sent, t)],
        described_on=[t for t in times if describes_noun(sent, t)],
        names=names,
        published=article.published,
        subject_name=shared,
    )
