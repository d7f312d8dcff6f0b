"""A cited multi-document summary: whole sentences taken from the articles, each citing every
article that states the same fact.

Every fact is worth something: a fact many independent sources agree on, in alike sentences, most;
then what only some sources report, by how central and rich it is. Each sentence that can stand
alone (complete, not leaning on a pronoun or a quote) is worth its fact's worth, a little more for
wording the other articles share, and more the longer it is (by the square root: a long sentence
says more, but not twice as much). The summary is the set of sentences, at most one a fact, worth
the most within the word budget (solved exactly, as a knapsack); a sentence too like a worthier one
gives way. It reads with the facts most sources agree on first, each group in article order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsprism.model import Fact, Ref, Report, SummarySentence
from newsprism.relation import Comparison

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

    tight: float = 0.0  # cohesion (mean same-claim probability) a consensus fact needs to lead
    origins: float = 1.0  # per independent origin
    broad: float = 3.0  # and more per origin past the second: what most of many sources say
    cohesion: float = 5.0  # per unit of cohesion (mean same-claim probability) above 0.5
    concrete: float = 2.0  # for a fact whose sentences say when or how much
    support: float = 1.0  # cross-article support of a single-source fact
    content: float = 1.0  # per 10 content words of the fact's richest sentence
    pick_shared: float = 3.0  # within a fact, prefer the sentence with more shared words
    shared: float = 3.0  # per word the sentence shares with other articles (consensus wording)
    position: float = 0.1  # penalty per unit of relative position in the article
    backed: float = 2.0  # within an agreed fact, for a sentence whose figures and dates all
    # its cited sources give too (presented as agreed)


@dataclass(slots=True)
class Candidate:
    fact: Fact
    ref: Ref
    text: str
    words: int
    position: float
    citations: list[Ref]
    agreed: bool


class Judge(Protocol):
    def get(self, a: Ref, b: Ref) -> Comparison: ...


def citations(fact: Fact, ref: Ref, judgements: Judge | None) -> list[Ref]:
    """What a summary sentence cites: itself and every sentence of its fact, from another article,
    judged to state the same claim as it."""
    out = [ref]
    for other in fact.evidence:
        if other.article == ref.article:
            continue
        if judgements is None or judgements.get(ref, other).relation == "same":
            out.append(other)
    return sorted(out, key=lambda r: (r.article, r.sentence))


def details(report: Report, ref: Ref) -> set[str]:
    """The figures and dates a sentence gives (normalised values)."""
    art = report.article(ref.article)
    out = {
        f"{n.value:g}" for n in art.numbers if n.sentence == ref.sentence and n.value is not None
    }
    out |= {t.value for t in art.times if t.sentence == ref.sentence and t.value}
    return out


def agreed(report: Report, ref: Ref, cited: list[Ref]) -> bool:
    """Two or more independent sources state it, its figures and dates included: a detail only
    its own source gives makes a sentence that source's alone."""
    copies = {a: n for n, group in enumerate(report.copies) for a in group}
    others = [r for r in cited if r.article != ref.article]
    origins = {copies.get(r.article, r.article) for r in cited}
    if len(origins) < 2:
        return False
    backed: set[str] = set()
    for r in others:
        backed |= details(report, r)
    return details(report, ref) <= backed


def _words(text: str) -> int:
    return len(text.split())


def readable(text: str) -> bool:
    """Can this sentence stand alone in a summary?"""
    n = _words(text)
    if n < 6 or not re.search(r"[.!?][”\"’]?$", text) or not text.lstrip('“"‘«')[:1].isupper():
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
            + w.broad * max(0, fact.origins - 2)
            + w.cohesion * (fact.cohesion - 0.5)
            + w.concrete * concreteness(report, fact)
        )
    score += (
        w.support * fact.support
        - w.position * fact.position
        + w.content * content_words(report, fact)
    )
    return score


def _candidates(
    report: Report,
    fact: Fact,
    budget: int,
    vocab: dict[str, set[str]],
    w: Weights,
    judgements: Judge | None,
) -> list[tuple[float, Candidate]]:
    """Every sentence of a fact that can stand alone in the summary, with what it is worth: the
    fact's worth (as agreed only if that sentence is), a little more for consensus wording and a
    place near the top of its article, and more for a longer sentence, which says more of it (by
    the square root of its length)."""
    out = []
    tight = fact.status == "consensus" and fact.origins > 1 and fact.cohesion >= w.tight
    value = _score(fact, tight, report, vocab, w)
    for ref in fact.evidence:
        text = report.sentence_text(ref)
        if report.article(ref.article).sentences[ref.sentence].heading or not readable(text):
            continue
        n = _words(text)
        if n > budget:
            continue
        cited = citations(fact, ref, judgements)
        ok = tight and agreed(report, ref, cited)
        pos = _position(report, ref)
        worth = (
            value + w.pick_shared * consensus_words(report, ref, vocab) + w.backed * ok - 0.5 * pos
        )
        worth *= math.sqrt(n)
        if worth > 0:
            out.append((worth, Candidate(fact, ref, text, n, pos, cited, ok)))
    return out


def _best_fill(groups: list[list[tuple[float, Candidate]]], budget: int) -> list[Candidate]:
    """At most one sentence from each group, the most worth within the budget (a group knapsack,
    by dynamic programming over the words used)."""
    best = np.full(budget + 1, -np.inf)
    best[0] = 0.0
    picks = []
    for items in groups:
        new, pick = best.copy(), np.full(budget + 1, -1)
        for k, (worth, cand) in enumerate(items):
            n = cand.words
            if n == 0 or n > budget:
                continue
            gain = np.full(budget + 1, -np.inf)
            gain[n:] = best[: budget + 1 - n] + worth
            better = gain > new
            new[better], pick[better] = gain[better], k
        picks.append(pick)
        best = new
    used = int(np.argmax(best))
    chosen = []
    for items, pick in zip(reversed(groups), reversed(picks), strict=True):
        k = int(pick[used])
        if k >= 0:
            chosen.append(items[k][1])
            used -= items[k][1].words
    return chosen


def summarize(
    report: Report,
    words: int = 150,
    vectors: dict[Ref, np.ndarray] | None = None,
    weights: Weights | None = None,
    judgements: Judge | None = None,
) -> list[SummarySentence]:
    """The sentences, one a fact, worth the most together within ``words``; a sentence too like a
    worthier one already chosen gives way, and the choice is made again without it. Each cites
    the sentences judged (``judgements``) to state the same claim; without judgements, its fact."""
    w = weights or Weights()
    vocab = _vocabularies(report)
    groups = [_candidates(report, f, words, vocab, w, judgements) for f in report.facts]
    groups = [g for g in groups if g]
    while True:
        chosen = _best_fill(groups, words)
        worth = {id(c): v for g in groups for v, c in g}
        chosen.sort(key=lambda c: -worth[id(c)])
        drop = next((c for n, c in enumerate(chosen) if _redundant(c, chosen[:n], vectors)), None)
        if drop is None:
            break
        groups = [[(v, c) for v, c in g if c is not drop] for g in groups]
        groups = [g for g in groups if g]
    chosen.sort(key=lambda c: (not c.agreed, c.position))
    return [SummarySentence(c.text, c.citations, c.fact.id, c.agreed) for c in chosen]
