"""A cited multi-document summary: whole sentences taken from the articles, each citing every
article that states the same fact.

It leads with the facts most sources agree on, then what only some report; it skips headings,
repeats, sentences that lean on context (opening pronouns, bare quotes) and anything too like what
it already said; it never passes the word budget.
"""

from __future__ import annotations

import re

from newsprism.model import Fact, Ref, Report, SummarySentence

_DANGLING = re.compile(
    r"^(?:He|She|They|It|This|That|These|Those|But|And|Also|However|Still|Yet|Meanwhile|"
    r"Additionally|Nevertheless)\b|^[“\"«]"
)
_WORD = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(text.split())


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3}


def _best_sentence(fact: Fact, report: Report) -> tuple[str, Ref] | None:
    """The evidence sentence that reads best alone: complete, not dangling, mid-length."""
    best: tuple[float, str, Ref] | None = None
    for ref in fact.evidence:
        text = report.sentence_text(ref)
        n = _words(text)
        if n < 8 or n > 45 or _DANGLING.search(text) or not re.search(r"[.!?”\"]$", text):
            continue
        score = -abs(n - 24) / 24 + (0.5 if text == fact.statement else 0.0)
        if best is None or score > best[0]:
            best = (score, text, ref)
    return (best[1], best[2]) if best else None


def summarize(report: Report, words: int = 150) -> list[SummarySentence]:
    chosen: list[tuple[SummarySentence, set[str], int]] = []
    used = 0
    for rank, fact in enumerate(report.facts):
        picked = _best_sentence(fact, report)
        if picked is None:
            continue
        text, _ = picked
        n = _words(text)
        if used + n > words:
            continue
        toks = _tokens(text)
        if any(len(toks & t) / max(1, min(len(toks), len(t))) > 0.5 for _, t, _ in chosen):
            continue
        citations = sorted(fact.evidence, key=lambda r: (r.article, r.sentence))
        chosen.append((SummarySentence(text, citations, fact.id), toks, rank))
        used += n
        if words - used < 8:
            break
    return [s for s, _, _ in chosen]
