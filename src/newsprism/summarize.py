"""A cited multi-document summary: whole sentences taken from the articles, each citing every
article that states the same fact.

It leads with the facts the most independent sources agree on, then the most central things only
some sources report. From each fact it takes the sentence that reads best alone (complete, not
leaning on a pronoun or a quote, of a length the budget allows); it skips anything too like what it
already said; it never passes the word budget; it orders what it chose as the articles tell it,
leads first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsprism.model import Fact, Ref, Report, SummarySentence

_DANGLING = re.compile(
    r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|But|And|Also|However|Still|Yet|"
    r"Meanwhile|Additionally|Nevertheless|Instead|Then|There|Such|So)\b"
)
_EARLY_PRONOUN = re.compile(r"^[^,]{0,40},\s+(?:this|that|these|those|it|he|she|they)\b")
_ATTRIBUTED = re.compile(
    r"\b(?:said|says|told|added|according to|stated|wrote)\s+(?:[A-Z][\w.’'-]+)"
    r"|\b[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)*\s+(?:said|says|told|added|wrote)\b"
)
_QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")
_WORD = re.compile(r"\w+")
REDUNDANT = 0.8  # embedding cosine above which a sentence repeats one already chosen


@dataclass(slots=True, frozen=True)
class Weights:
    """How the summary weighs a fact; tuned on NeuS (bench/summarization), see RESULTS.md."""

    tight: float = 0.45  # cohesion a multi-source fact needs to lead the summary
    origins: float = 3.0  # per independent origin: the facts most sources agree on lead
    cohesion: float = 10.0  # per unit of cohesion above 0.5
    concrete: float = 2.0  # for a fact whose sentences say when or how much
    support: float = 1.0  # cross-article support of a single-source fact
    content: float = 1.0  # per 10 content words of the fact's richest sentence
    pick_shared: float = 3.0  # within a fact, prefer the sentence with more shared words
    shared: float = 3.0  # per word the sentence shares with other articles (consensus wording)
    position: float = 0.1  # penalty per unit of relative position in the article
    ideal: float = 0.8  # preferred sentence length, as a share of the budget ...
    longest: int = 20  # ... but no longer than this many words
    roomy: int = 100  # a budget of this many words has room for many facts


@dataclass(slots=True)
class Candidate:
    fact: Fact
    ref: Ref
    text: str
    words: int
    position: float


def _words(text: str) -> int:
    return len(text.split())


def readable(text: str) -> bool:
    """Can this sentence stand alone in a summary?"""
    n = _words(text)
    if n < 6 or not re.search(r"[.!?][”\"’]?$", text) or not text[:1].isupper():
        return False
    if _DANGLING.search(text) or _EARLY_PRONOUN.search(text):
        return False
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False  # a piece of a longer quote
    quoted = sum(len(q.split()) for q in _QUOTED.findall(text))
    if text[:1] in "“\"«‘'" or quoted > 0.5 * n:
        return bool(_ATTRIBUTED.search(_QUOTED.sub(" ", text)))  # "“…,” said Yun Sun."
    return True


def _position(report: Report, ref: Ref) -> float:
    n = len(report.article(ref.article).sentences)
    return ref.sentence / max(1, n - 1)


def _pick(
    fact: Fact,
    report: Report,
    budget: int,
    weights: Weights,
    shared_vocab: dict[str, set[str]],
    brief: bool,
) -> Candidate | None:
    """``brief``: the summary has room for many facts, so say each in few words; otherwise take
    the sentence that says the most the other articles also say. Either way it must read well
    alone and fit the budget."""
    best: tuple[float, Candidate] | None = None
    ideal = min(weights.longest, max(12, int(budget * weights.ideal)))
    for ref in fact.evidence:
        text = report.sentence_text(ref)
        if report.article(ref.article).sentences[ref.sentence].heading or not readable(text):
            continue
        n = _words(text)
        if n > budget:
            continue
        score = -max(0, n - ideal) / ideal - max(0, ideal - n) / (2 * ideal)
        score += 0.2 if text == fact.statement else 0.0
        if not brief:
            score += weights.pick_shared * consensus_words(report, ref, shared_vocab)
        score -= 0.5 * _position(report, ref)
        cand = Candidate(fact, ref, text, n, _position(report, ref))
        if best is None or score > best[0]:
            best = (score, cand)
    return best[1] if best else None


def _redundant(
    cand: Candidate, chosen: list[Candidate], vectors: dict[Ref, np.ndarray] | None
) -> bool:
    toks = {w.lower() for w in _WORD.findall(cand.text) if len(w) > 3}
    for other in chosen:
        if vectors is not None and float(vectors[cand.ref] @ vectors[other.ref]) > REDUNDANT:
            return True
        theirs = {w.lower() for w in _WORD.findall(other.text) if len(w) > 3}
        if len(toks & theirs) > 0.6 * max(1, min(len(toks), len(theirs))):
            return True
    return False


def concreteness(report: Report, fact: Fact) -> float:
    """The share of a fact's sentences that say when or how much: a date or a figure. Reported
    events carry them; opinions and generalities seldom do."""
    dated = set()
    for art in report.articles:
        dated |= {Ref(art.id, t.sentence) for t in art.times if t.value}
        dated |= {Ref(art.id, n.sentence) for n in art.numbers}
    return sum(r in dated for r in fact.evidence) / max(1, len(fact.evidence))


def _vocabularies(report: Report) -> dict[str, set[str]]:
    """Each article's content lemmas."""
    return {a.id: {lem for lems in a.lemmas for lem in lems} for a in report.articles}


def consensus_words(report: Report, ref: Ref, vocab: dict[str, set[str]]) -> float:
    """How many of a sentence's content lemmas some other article uses too, per 10."""
    others = [v for k, v in vocab.items() if k != ref.article]
    art = report.article(ref.article)
    if not others or ref.sentence >= len(art.lemmas):
        return 0.0
    return len(set(art.lemmas[ref.sentence]) & set().union(*others)) / 10


def shared_words(report: Report, fact: Fact, vocab: dict[str, set[str]]) -> float:
    """The best consensus wording of any sentence of the fact."""
    return max((consensus_words(report, r, vocab) for r in fact.evidence), default=0.0)


def content_words(report: Report, fact: Fact) -> float:
    """Content words of the fact's richest sentence, per 10: more said in the same space."""
    return (
        max(
            (
                len(report.article(r.article).lemmas[r.sentence])
                for r in fact.evidence
                if r.sentence < len(report.article(r.article).lemmas)
            ),
            default=0,
        )
        / 10
    )


def _score(
    fact: Fact, agreed: bool, report: Report, vocab: dict[str, set[str]], w: Weights
) -> float:
    """How much a fact deserves a place in the summary."""
    score = w.shared * shared_words(report, fact, vocab)
    if agreed:
        return (
            score
            + w.origins * fact.origins
            + w.cohesion * (fact.cohesion - 0.5)
            + w.concrete * concreteness(report, fact)
        )
    score += (
        w.support * fact.support
        - w.position * fact.position
        + w.content * content_words(report, fact)
    )
    return score


def summarize(
    report: Report,
    words: int = 150,
    vectors: dict[Ref, np.ndarray] | None = None,
    weights: Weights | None = None,
) -> list[SummarySentence]:
    w = weights or Weights()
    agreed = [f for f in report.facts if f.origins > 1 and f.cohesion >= w.tight]
    vocab = _vocabularies(report)
    score = {f.id: _score(f, f in agreed, report, vocab, w) for f in report.facts}
    phases = (
        sorted(agreed, key=lambda f: -score[f.id]),
        sorted((f for f in report.facts if f not in agreed), key=lambda f: -score[f.id]),
    )
    chosen: list[tuple[int, Candidate]] = []
    used = 0
    for phase, facts in enumerate(phases):
        for fact in facts:
            if words - used < 6:
                break
            cand = _pick(
                fact, report, words - used, w, vocab, brief=phase == 0 and words >= w.roomy
            )
            if cand is None or _redundant(cand, [c for _, c in chosen], vectors):
                continue
            chosen.append((phase, cand))
            used += cand.words
    chosen.sort(key=lambda pc: (pc[0], pc[1].position))
    return [
        SummarySentence(
            c.text, sorted(c.fact.evidence, key=lambda r: (r.article, r.sentence)), c.fact.id
        )
        for _, c in chosen
    ]
