"""Annotate each article once: sentences, named entities, content lemmas, sentence tense,
time expressions and quote candidates. The spaCy documents are dropped afterwards: every later
stage works on the spans recorded here."""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from newsprism import lexicon
from newsprism.extract import entities as ent_rules
from newsprism.extract import numbers, timex
from newsprism.model import Article, Mention, Ref, Sentence, Tense, Token
from newsprism.nlp import DIM, Embedded, Run, TokenStates, pipeline

if TYPE_CHECKING:
    from concurrent.futures import Future

    from spacy.tokens import Doc, Span
    from spacy.tokens import Token as SpacyToken

_FUTURE_WORDS = lexicon.having("future.txt", "aux")
_FUTURE_IN_THE_PAST = lexicon.having("future.txt", "past")
_FUTURE_LEMMAS = lexicon.having("future.txt", "lead")
_FUTURE_ALONE = lexicon.having("future.txt", "alone")
_FUTURE_AUX = _FUTURE_WORDS | _FUTURE_IN_THE_PAST  # "will", "would": a verb's future


def _verb_tense(verb: SpacyToken, depth: int = 0) -> Tense | None:
    """past / future / present of one verb from its auxiliaries and form."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return "future"
    infinitive = any(a.lower_ == "to" for a in auxes)
    if verb.lemma_ in _FUTURE_LEMMAS and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"  # "is set to meet", "are expected to discuss"
    if (
        verb.tag_ == "VBN"
        and verb.lemma_ in _FUTURE_LEMMAS
        and any(
            a.dep_ == "auxpass"
            and (a.tag_ in ("VBP", "VBZ") or (a.tag_ == "VBD" and verb.dep_ == "ccomp"))
            for a in auxes
        )
    ):
        return "future"  # "results are not expected until Saturday", "is scheduled for Friday";
        # told: "the ministry said Mubarak was expected on Monday" (not "it was expected Friday")
    if infinitive and depth < 2 and verb.head is not verb:
        if verb.head.lemma_ in _FUTURE_LEMMAS:
            return "future"
        return _verb_tense(verb.head, depth + 1)  # "agreed to pay": the tense of "agreed"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ in ("VBP", "VBZ") or any(a.tag_ in ("VBP", "VBZ") for a in auxes):
        return "present"
    return None


def _marks_future(tok: SpacyToken) -> bool:
    """A word that puts what follows in the future: "will", "is expected to", "plans to" (an
    infinitive's "to", not "due to the storm"), "scheduled"."""
    if tok.lower_ in _FUTURE_WORDS:
        return True
    if tok.lemma_ not in _FUTURE_LEMMAS:
        return False
    after = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return (after is not None and after.tag_ == "TO") or (
        tok.lemma_ in _FUTURE_ALONE and tok.tag_ == "VBN"
    )


def sentence_tense(sent: Span) -> Tense:
    """past / present / future of a sentence, its quoted words left out: future when a word
    marks it, else past when a verb is in the past tense."""
    outside = _outside_quotes(sent)
    if any(_marks_future(t) for t in outside):
        return "future"
    if any(t.tag_ == "VBD" for t in outside):
        return "past"
    return "present"


def _outside_quotes(sent: Span) -> list[SpacyToken]:
    """The tokens of a sentence outside its quotations: before each, no more curly quote marks
    opened than closed and an even number of straight ones (one pass over the sentence)."""
    out: list[SpacyToken] = []
    curly = straight = 0
    for t in sent:
        if curly <= 0 and straight % 2 == 0:
            out.append(t)
        curly += t.text.count("“") - t.text.count("”")
        straight += t.text.count('"')
    return out


def tense_finder(doc: Doc, sentences: list[Span]) -> Callable[[int, int], Tense]:
    """A function (char offset, sentence index) -> tense of the verb governing that word."""
    starts = [t.idx for t in doc]
    cache = [sentence_tense(s) for s in sentences]

    def tense_at(pos: int, sent: int) -> Tense:
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        tok = doc[i]
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX"):
                found = _verb_tense(tok)
                if found:
                    return found
            if tok.head is tok:
                break
            tok = tok.head
        return cache[sent] if sent < len(cache) else "present"

    return tense_at


def _sentences(doc: Doc, article: Article) -> list[tuple[Sentence, Span]]:
    out = []
    heads = {p.start for p in article.paragraphs if p.heading}
    starts = [p.start for p in article.paragraphs]
    para = 0
    for span in doc.sents:
        text = span.text.strip()
        if not text:
            continue
        start = span.start_char + (len(span.text) - len(span.text.lstrip()))
        end = start + len(text)
        while para + 1 < len(starts) and starts[para + 1] <= start:
            para += 1
        sent = Sentence(start, end, text, paragraph=para, heading=start in heads)
        sent.tokens = parse_tokens(span)
        out.append((sent, span))
    return out


def parse_tokens(span: Span) -> list[Token]:
    """The sentence's parse; a head outside the sentence (never, with spaCy's) is a root."""
    first = span.start
    out = []
    for t in span:
        if t.is_space:
            head = t.i - first
        else:
            head = t.head.i - first if span.start <= t.head.i < span.end else t.i - first
        out.append(
            Token(
                t.idx,
                t.idx + len(t.text),
                t.lemma_.lower(),
                t.pos_,
                t.tag_,
                t.dep_,
                head,
                t.is_stop,
            )
        )
    return out


def _lemmas(span: Span) -> list[str]:
    return [
        t.lemma_.lower()
        for t in span
        if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
    ] + [t.text for t in span if t.like_num]


_CLAUSE = re.compile(
    r";\s+|\s+[—–]\s+|:\s+(?=[A-Z“\"])|,\s+(?=(?:but|while|whereas|albeit|although|though|"
    r"and|up from|so)\b)"
)
MIN_CLAUSE_WORDS = 6


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence worth aligning on their own (none for one clause)."""
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if len(text[a:b].split()) >= MIN_CLAUSE_WORDS]
    return spans if len(spans) > 1 else []


def annotate_doc(article: Article, doc: Doc) -> Article:
    pairs = _sentences(doc, article)
    article.sentences = [s for s, _ in pairs]
    article.lemmas = [_lemmas(span) for _, span in pairs]
    article.clauses = [clauses(s.text) for s, _ in pairs]
    tense_at = tense_finder(doc, [span for _, span in pairs])
    article.mentions = []
    sent_of = _sentence_index(article)
    chunks = {c.root.i: (c.start_char, c.end_char) for c in doc.noun_chunks}
    for ent in doc.ents:
        fixed = ent_rules.fix(ent)
        if fixed is None:
            continue
        start, end, label = fixed
        phrase = chunks.get(ent.root.i)
        if phrase is not None and not (phrase[0] <= start and end <= phrase[1]):
            phrase = None
        article.mentions.append(
            Mention(start, end, article.text[start:end], label, sent_of(start), phrase)
        )
    article.times = timex.find(article, tense_at)
    article.numbers = numbers.find(doc, sent_of)
    mark_repeats(article)
    return article


def _sentence_index(article: Article) -> Callable[[int], int]:
    starts = [s.start for s in article.sentences]

    def find(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return find


def mark_repeats(article: Article, threshold: float = 90.0) -> None:
    """A sentence the article already made (the same or nearly: a repeated paragraph, a pasted
    sentence with a word changed) is marked ``duplicate_of`` its first occurrence."""
    from rapidfuzz import fuzz

    seen: list[tuple[int, str]] = []
    for i, sent in enumerate(article.sentences):
        norm = " ".join(re.findall(r"\w+", sent.text.lower()))
        if sent.heading or len(norm) < 20:
            continue
        for j, prev in seen:
            shorter, longer = sorted((len(norm), len(prev)))
            if shorter >= 0.8 * longer and fuzz.token_sort_ratio(norm, prev) >= threshold:
                sent.duplicate_of = Ref(article.id, j)
                break
        else:
            seen.append((i, norm))


def annotate(
    articles: Iterable[Article],
    batch_size: int = 16,
    then: Callable[[Article], object] | None = None,
) -> list[Article]:
    """Run the pipeline over every article (in batches) and record what it found; ``then`` is
    handed each article as soon as it is annotated."""
    arts = list(articles)
    nlp = pipeline()
    for article, doc in zip(
        arts, nlp.pipe((a.text for a in arts), batch_size=batch_size), strict=True
    ):
        annotate_doc(article, doc)
        if then is not None:
            then(article)
    return arts


def encode(texts: list[str]) -> np.ndarray:
    """Embeddings of any texts, one unit-length row each."""
    from newsprism.nlp import encoder

    return encoder().encode(texts)


@dataclass(slots=True)
class Embeddings:
    """Unit vectors of sentences (by reference) and of their clauses (by reference and index), and
    each sentence's token states, to pool or align any part of it; and vectors of other texts
    encoded ahead, by text (the timeline's event texts: ``encode`` takes them from here)."""

    sentence: dict[Ref, np.ndarray] = field(default_factory=dict)
    clause: dict[tuple[Ref, int], np.ndarray] = field(default_factory=dict)
    tokens: dict[Ref, TokenStates] = field(default_factory=dict)
    texts: dict[str, np.ndarray] = field(default_factory=dict)

    def encode(self, texts: list[str]) -> np.ndarray:
        """``encode``, taking the vectors of texts encoded ahead from ``texts``."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.texts]
        if missing:
            self.texts.update(zip(missing, encode(missing), strict=True))
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self.texts[t] for t in texts])

    def span(self, ref: Ref, start: int, end: int) -> Embedded:
        """The unit vector, the unit token vectors and the token offsets of characters
        ``[start, end)`` of a sentence (sentence offsets)."""
        states = self.tokens.get(ref)
        if states is None:
            return None, None, None
        return states.span(start, end)


def _to_embed(article: Article) -> list[Ref]:
    """The sentences that can state a fact (not headings, not repeats)."""
    return [
        Ref(article.id, i)
        for i, s in enumerate(article.sentences)
        if not s.heading and s.duplicate_of is None
    ]


def _embeddings(
    by_id: dict[str, Article], found: list[tuple[Ref, np.ndarray, TokenStates]]
) -> Embeddings:
    out = Embeddings()
    for ref, vector, states in found:
        out.sentence[ref] = vector
        out.tokens[ref] = states
        art = by_id[ref.article]
        for n, (a, b) in enumerate(
            art.clauses[ref.sentence] if ref.sentence < len(art.clauses) else []
        ):
            out.clause[(ref, n)] = states.pool(a, b)
    return out


def embed(articles: list[Article]) -> Embeddings:
    """Embeddings of the sentences that can state a fact, their clauses and their tokens, all from
    one pass of the encoder over each sentence (an article's sentences run together)."""
    from newsprism.nlp import encoder

    by_id = {a.id: a for a in articles}
    found: list[tuple[Ref, np.ndarray, TokenStates]] = []
    for art in articles:
        refs = _to_embed(art)
        if refs:
            matrix, states = encoder().encode_tokens([art.sentences[r.sentence].text for r in refs])
            found.extend((r, matrix[k], states[k]) for k, r in enumerate(refs))
    return _embeddings(by_id, found)


K = TypeVar("K")
Encoded = list[tuple[np.ndarray, TokenStates]]  # a run's vectors and token states, in its order
Jobs = list[tuple[list[K], "Future[Encoded]"]]  # the keys of a run's texts, and its job


class Embedder:
    """``embed`` done as articles are handed over, while the next ones are parsed: the encoder's
    runs leave Python's lock, so one run at a time goes on the core the parse leaves idle, and
    every worker runs once ``result()`` is asked (the parse is over). The same vectors as
    ``embed``: an article's sentences make the same runs. Use as a context manager."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from newsprism.nlp import encoder_workers

        self._workers = encoder_workers()
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="newsprism-embed")
        self._gate = threading.Semaphore(1)
        self._by_id: dict[str, Article] = {}
        self._jobs: Jobs[Ref] = []
        self._texts: Jobs[str] = []

    def add(self, article: Article) -> None:
        self._by_id[article.id] = article
        refs = _to_embed(article)
        self._submit(refs, [article.sentences[r.sentence].text for r in refs], True, self._jobs)

    def add_texts(self, texts: list[str]) -> None:
        """Other texts to encode ahead (vectors only), into ``Embeddings.texts``."""
        texts = list(dict.fromkeys(texts))
        self._submit(texts, texts, False, self._texts)

    def _submit(self, keys: list[K], texts: list[str], keep_tokens: bool, into: Jobs[K]) -> None:
        from newsprism.nlp import encoder

        for run in encoder().runs(texts):
            job = self._pool.submit(self._encode, run, keep_tokens)
            into.append(([keys[i] for i, _ in run], job))

    def _encode(self, run: Run, keep_tokens: bool) -> Encoded:
        from newsprism.nlp import encoder

        with self._gate:
            return encoder().run(run, keep_tokens)

    def result(self) -> Embeddings:
        for _ in range(self._workers - 1):
            self._gate.release()
        found = [
            (ref, vector, states)
            for refs, job in self._jobs
            for ref, (vector, states) in zip(refs, job.result(), strict=True)
        ]
        out = _embeddings(self._by_id, found)
        for texts, job in self._texts:
            out.texts.update((t, v) for t, (v, _) in zip(texts, job.result(), strict=True))
        return out

    def __enter__(self) -> Embedder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)
