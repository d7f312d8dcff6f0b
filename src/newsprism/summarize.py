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
_QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")
_WORD = re.compile(r"\w+")
TIGHT = 0.45  # cohesion a multi-source fact needs to lead the summary (looser ones are topics)
REDUNDANT = 0.8  # embedding cosine above which a sentence repeats one already chosen


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
    if _DANGLING.search(text) or _EARLY_PRONOUN.search(text) or text[:1] in "“\"«‘'":
        return False
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False  # a piece of a longer quote
    quoted = sum(len(q.split()) for q in _QUOTED.findall(text))
    return quoted <= 0.5 * n


def _position(report: Report, ref: Ref) -> float:
    n = len(report.article(ref.article).sentences)
    return ref.sentence / max(1, n - 1)


def _pick(fact: Fact, report: Report, budget: int) -> Candidate | None:
    """The evidence sentence of a fact that reads best alone within the budget."""
    best: tuple[float, Candidate] | None = None
    ideal = min(20, max(10, budget // 4))
    for ref in fact.evidence:
        text = report.sentence_text(ref)
        if report.article(ref.article).sentences[ref.sentence].heading or not readable(text):
            continue
        n = _words(text)
        if n > budget:
            continue
        score = -max(0, n - ideal) / ideal - max(0, ideal - n) / (2 * ideal)
        score += 0.2 if text == fact.statement else 0.0
        score -= 0.5 * _position(report, ref)
        cand = Candidate(fact, ref, text, n, _position(report, ref))
        if best is None or score > best[0]:
            best = (score, cand)
    return best[1] if best else None


def _redundant(cand: Candidate, chosen: list[Candidate],
               vectors: dict[Ref, np.ndarray] | None) -> bool:
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


def summarize(report: Report, words: int = 150,
              vectors: dict[Ref, np.ndarray] | None = None) -> list[SummarySentence]:
    agreed = [f for f in report.facts if f.origins > 1 and f.cohesion >= TIGHT]
    weight = {f.id: f.origins + 10 * (f.cohesion - 0.5) + 2 * concreteness(report, f)
              for f in agreed}
    agreed.sort(key=lambda f: -weight[f.id])
    rest = sorted((f for f in report.facts if f not in agreed), key=lambda f: -f.salience)
    chosen: list[tuple[int, Candidate]] = []
    used = 0
    for phase, facts in enumerate((agreed, rest)):
        for fact in facts:
            if words - used < 6:
                break
            cand = _pick(fact, report, words - used)
            if cand is None or _redundant(cand, [c for _, c in chosen], vectors):
                continue
            chosen.append((phase, cand))
            used += cand.words
    chosen.sort(key=lambda pc: (pc[0], pc[1].position))
    return [
        SummarySentence(c.text, sorted(c.fact.evidence, key=lambda r: (r.article, r.sentence)),
                        c.fact.id)
        for _, c in chosen
    ]
