"""A cited multi-document summary: sentences taken from the articles (whole, or shortened by
:mod:`newsprism.shorten`) that together cover the most of what the story's sources say, each
citing every sentence that states the same claim.

What a story says is counted in concepts (:mod:`newsprism.concepts`: word pairs), each worth
what a learned model says it is: how likely people summarising the story would use it, from how
many independent sources carry it, where, and in how widely agreed facts. The summary is the
set of sentences, at most one a fact, covering the most concept worth within the word budget: a
budgeted maximum coverage, solved exactly as an integer program (the method of the best DUC and
TAC systems, Gillick and Favre 2009), so a repeated concept counts once and repetition never pays.

Only sentences that stand alone are candidates (:mod:`newsprism.standalone`: each rule that
rules one out has a name). A sentence naming a
person by one name alone ("Pinochet", "Xu") comes only after a chosen sentence that introduces
them; a complete sentence that only lacks its full stop gets one. The summary reads as a story:
dated events in date order, then the background.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import numpy as np

from newsprism import shorten
from newsprism.claims import describes_noun
from newsprism.concepts import Concept, Trees, concepts
from newsprism.concepts import weights as concept_worth
from newsprism.extract import timex
from newsprism.extract.entities import TITLES
from newsprism.extract.quotes import quoted_tokens
from newsprism.model import Fact, Ref, Report, SummarySentence
from newsprism.origins import article_origins
from newsprism.relation import Comparison
from newsprism.standalone import (
    closable,
    closed,
    leaning,
    named_speaker,
    speakers_of,
    unbound,
)


@dataclass(slots=True, frozen=True)
class SummaryConfig:
    """How the summary weighs what it covers; tuned on DUC 2003 (bench/summarization/duc.py)."""

    worth: float = 8.0  # a concept's worth per origin of the story, at probability 1 (concepts)
    lead_sentences: int = 2  # how many first sentences of an article are its lead
    agreed: float = 16.0  # worth of a sentence of a fact many sources agree on, per origin past one
    position: float = 8.0  # cost per unit of relative position in the article
    min_words: int = 8  # shorter sentences say too little to stand alone
    candidates: int = 300  # the sentences worth the most go to the exact solver
    time_limit: float = 10.0  # seconds the solver may take before its best so far is used
    event_window: int = 45  # days around the articles' dates in which a date is the story's news
    redundant: float = 0.8  # embedding cosine above which two sentences repeat each other
    shortened: int = 4  # shortened forms of a sentence (optional parts left out) tried; 0: none


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


Stretches = tuple[tuple[int, int], ...]  # character ranges of an article's text


def _outside(at: int, gone: Stretches) -> bool:
    return not any(a <= at < b for a, b in gone)


def details(report: Report, ref: Ref, gone: Stretches = ()) -> set[str]:
    """The figures and dates a sentence gives (normalised values), outside the ``gone``
    stretches its shortened form leaves out."""
    art = report.article(ref.article)
    out = {
        f"{n.value:g}"
        for n in art.numbers
        if n.sentence == ref.sentence and n.value is not None and _outside(n.start, gone)
    }
    out |= {
        t.value
        for t in art.times
        if t.sentence == ref.sentence and t.value and _outside(t.start, gone)
    }
    return out


def agreed(report: Report, ref: Ref, cited: list[Ref], gone: Stretches = ()) -> bool:
    """Two or more independent sources state it, its figures and dates included: a detail only
    its own source gives makes a sentence that source's alone (unless its shortened form leaves
    the ``gone`` stretch holding it out)."""
    origin = article_origins(report.articles, report.copies)
    others = [r for r in cited if r.article != ref.article]
    if len({origin[r.article] for r in cited}) < 2:
        return False
    backed: set[str] = set()
    for r in others:
        backed |= details(report, r)
    return details(report, ref, gone) <= backed


def _words(text: str) -> int:
    return len(text.split())


def _position(report: Report, ref: Ref) -> float:
    n = len(report.article(ref.article).sentences)
    return ref.sentence / max(1, n - 1)


@dataclass(slots=True)
class Candidate:
    fact: Fact
    ref: Ref
    text: str
    words: int
    position: float
    concepts: set[Concept]
    needs: frozenset[str]  # people it names by surname alone
    introduces: frozenset[str]  # people it names in full
    gone: Stretches = ()  # what its shortened form leaves out of the sentence
    bonus: float = 0.0


def _people_by_name(report: Report) -> dict[str, set[str]]:
    """The story's people known by a full name, by each name of it that may stand alone: the
    family name comes last in "Augusto Pinochet" but first in "Xu Wenli" (not by particles such
    as "da" or initials)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in report.entities:
        parts = e.name.split()
        if e.type != "PERSON" or len(parts) < 2:
            continue
        for part in parts:
            if part[:1].isupper() and not part.endswith("."):
                by_name[part].add(e.name)
    return by_name


def _people(
    report: Report, ref: Ref, by_name: dict[str, set[str]], gone: Stretches
) -> tuple[frozenset[str], frozenset[str]]:
    """The people a sentence names by one name alone, and those it names in full (outside the
    ``gone`` stretches its shortened form leaves out)."""
    art = report.article(ref.article)
    needs, gives = set(), set()
    for m in art.mentions:
        if m.sentence != ref.sentence or m.label != "PERSON":
            continue
        if not _outside(m.start, gone):
            continue
        words = re.sub(r"[’']s$", "", m.text).split()
        if not words:
            continue
        before = art.text[max(0, m.start - 30) : m.start].split()
        if len(words) == 1 and before and before[-1].lower() in TITLES:
            words = [before[-1], *words]  # "President Trump", "Gen. Pinochet": introduced
        names = by_name.get(words[-1], set())
        if len(words) > 1:
            gives |= {n for n in names if n.endswith(" ".join(words[-2:])) or len(names) == 1}
        elif len(names) == 1:
            needs |= names
    return frozenset(needs - gives), frozenset(gives)


def _candidates(report: Report, budget: int, cfg: SummaryConfig) -> list[Candidate]:
    """Every sentence of a fact that can stand alone in the summary and fits it."""
    out = []
    by_name = _people_by_name(report)
    for fact in report.facts:
        broad = fact.status == "consensus" and fact.origins > 1
        for ref in fact.evidence:
            sent = report.article(ref.article).sentences[ref.sentence]
            if sent.heading or sent.duplicate_of is not None:
                continue
            can_close = closable(sent)
            pos = _position(report, ref)
            bonus = cfg.agreed * max(0, fact.origins - 1) * broad - cfg.position * pos
            quoted = quoted_tokens(sent)
            spoken = speakers_of(sent, quoted)
            forms = [(sent.text, frozenset[int]())]
            forms += [(v.text, v.dropped) for v in shorten.variants(sent, cfg.shortened, quoted)]
            for form, dropped in forms:
                if leaning(form, can_close, named_speaker(sent, dropped, spoken)) is not None:
                    continue
                if unbound(sent, dropped, quoted) is not None:
                    continue
                text = closed(form)
                n = _words(text)
                if n > budget or n < min(cfg.min_words, budget):
                    continue
                gone = tuple((sent.tokens[k].start, sent.tokens[k].end) for k in sorted(dropped))
                needs, gives = _people(report, ref, by_name, gone)
                out.append(
                    Candidate(
                        fact, ref, text, n, pos, concepts(sent, dropped), needs, gives, gone, bonus
                    )
                )
    return out


def _prune(cands: list[Candidate], weights: dict[Concept, float], keep: int) -> list[Candidate]:
    """The sentences covering the most concept worth for their length, when there are too many
    for the exact solver; any sentence introducing a person a kept one needs stays too."""
    if len(cands) <= keep:
        return cands

    def worth(c: Candidate) -> float:
        return (sum(weights.get(x, 0.0) for x in c.concepts) + c.bonus) / math.sqrt(c.words)

    ranked = sorted(cands, key=worth, reverse=True)[:keep]
    needed = set().union(*(c.needs for c in ranked))
    kept = {id(c) for c in ranked}
    return [c for c in cands if id(c) in kept or c.introduces & needed]


class _Rows:
    """The rows of a sparse constraint matrix, ``row · x <= bound``, built one at a time."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.bounds: list[float] = []

    def add(self, terms: list[tuple[int, float]], bound: float) -> None:
        n = len(self.bounds)
        for col, val in terms:
            self.rows.append(n)
            self.cols.append(col)
            self.vals.append(val)
        self.bounds.append(bound)

    def constraint(self, width: int):  # -> LinearConstraint
        from scipy.optimize import LinearConstraint
        from scipy.sparse import csr_array

        a = csr_array((self.vals, (self.rows, self.cols)), shape=(len(self.bounds), width))
        return LinearConstraint(a, -np.inf, np.array(self.bounds))


def _concept_columns(
    cands: list[Candidate], weights: dict[Concept, float]
) -> tuple[dict[tuple[int, ...], float], np.ndarray]:
    """The program's concept columns: concepts held by the same candidates are one column worth
    their sum, and a concept only one candidate holds is worth as much to that candidate (its
    own worth, returned with its bonus): the same optimum, a far smaller program. Summed in
    concept order, so every run gives the same figures."""
    holders: dict[Concept, list[int]] = defaultdict(list)
    for j, c in enumerate(cands):
        for x in c.concepts:
            if x in weights:
                holders[x].append(j)
    own = np.array([c.bonus for c in cands], dtype=float)
    shared: dict[tuple[int, ...], float] = defaultdict(float)
    for x in sorted(holders):
        js = holders[x]
        if len(js) == 1:
            own[js[0]] += weights[x]
        else:
            shared[tuple(js)] += weights[x]
    return shared, own


def _solve(
    cands: list[Candidate],
    weights: dict[Concept, float],
    budget: int,
    cfg: SummaryConfig,
    exclusive: list[tuple[int, int]],
) -> list[int]:
    """The candidates covering the most concept worth within the budget, at most one a fact, a
    surname only after its introduction, never two that repeat each other (an integer program
    over concepts c and sentences s: maximise the worth of the c covered plus the sentences'
    own worth)."""
    from scipy.optimize import Bounds, milp

    if not cands:
        return []
    facts: dict[str, list[int]] = defaultdict(list)
    intro: dict[str, list[int]] = defaultdict(list)
    for j, c in enumerate(cands):
        facts[c.fact.id].append(j)
        for name in c.introduces:
            intro[name].append(j)
    shared, own = _concept_columns(cands, weights)
    used = sorted(shared)
    n_c, n_s = len(used), len(cands)
    s = [n_c + j for j in range(n_s)]  # the column of each sentence
    rows = _Rows()
    rows.add([(s[j], c.words) for j, c in enumerate(cands)], budget)
    for k, held in enumerate(used):  # a concept counts only if a chosen sentence holds it
        rows.add([(k, 1.0)] + [(s[j], -1.0) for j in held], 0)
    for js in facts.values():  # at most one sentence a fact
        if len(js) > 1:
            rows.add([(s[j], 1.0) for j in js], 1)
    for j, c in enumerate(cands):  # a surname only with the sentence introducing the person
        for name in sorted(c.needs):
            rows.add([(s[j], 1.0)] + [(s[k], -1.0) for k in intro.get(name, []) if k != j], 0)
    for i, j in exclusive:
        rows.add([(s[i], 1.0), (s[j], 1.0)], 1)
    cost = -np.concatenate([[shared[held] for held in used], own])
    cost[n_c:] += 1e-6 * np.array([c.position for c in cands])  # ties: the earlier sentence
    res = milp(
        cost,
        constraints=rows.constraint(n_c + n_s),
        integrality=np.ones(n_c + n_s),
        bounds=Bounds(0, 1),
        options={"time_limit": cfg.time_limit},
    )
    if res.x is None:  # no solution in time (the empty summary is one, so this is rare)
        return []
    return [j for j in range(n_s) if res.x[n_c + j] > 0.5]


def _exclusive(
    cands: list[Candidate], vectors: dict[Ref, np.ndarray] | None, cfg: SummaryConfig
) -> list[tuple[int, int]]:
    """Pairs of candidates of different facts that say the same in other words."""
    if vectors is None or len(cands) < 2:
        return []
    m = np.stack([vectors[c.ref] for c in cands])
    sim = m @ m.T
    return [
        (i, j)
        for i, j in zip(*np.nonzero(np.triu(sim, 1) > cfg.redundant), strict=True)
        if cands[i].fact is not cands[j].fact
    ]


def _window(report: Report, cfg: SummaryConfig) -> tuple[str, str]:
    days = sorted(a.published for a in report.articles if a.published)
    if not days:
        return "", ""
    pad = timedelta(days=cfg.event_window)
    lo = date.fromisoformat(days[0][:10]) - pad
    hi = date.fromisoformat(days[-1][:10]) + pad
    return lo.isoformat(), hi.isoformat()


def _when(report: Report, ref: Ref, window: tuple[str, str]) -> str | None:
    """The day a sentence dates what it reports, when it is a day of the story's news; not a
    day of a clause describing a noun ("the cause of the fire that broke out on Thursday
    remains unknown" reports the cause, not the fire)."""
    lo, hi = window
    art = report.article(ref.article)
    sent = art.sentences[ref.sentence]
    days = [
        t.value
        for t in art.times
        if t.sentence == ref.sentence
        and t.value
        and timex.DAY.fullmatch(t.value)
        and not describes_noun(sent, t)
    ]
    return next((d for d in days if lo <= d <= hi), None)


def order(report: Report, chosen: list[Candidate], cfg: SummaryConfig) -> list[Candidate]:
    """Dated events in date order, then the background by place in its article; a sentence naming
    a person by surname alone after the one introducing them. An event sentence dates itself ("on
    Thursday") or, in an article's lead, takes the article's date: news leads report the news.
    On one day, what more sources agree on comes first."""
    window = _window(report, cfg)
    pub = {a.id: (a.published or "")[:10] for a in report.articles}

    def key(c: Candidate) -> tuple:
        day = _when(report, c.ref, window)
        if day is None and c.ref.sentence < cfg.lead_sentences and pub[c.ref.article]:
            day = pub[c.ref.article]
        if day is not None:
            return (0, day, -c.fact.origins, c.position)
        return (1, "", -c.fact.origins, c.position)

    out = sorted(chosen, key=key)
    for c in list(out):
        for name in c.needs:
            at = out.index(c)
            intro = next((k for k, d in enumerate(out) if name in d.introduces), None)
            if intro is not None and intro > at:
                out.insert(at, out.pop(intro))
    return out


def summarize(
    report: Report,
    words: int = 150,
    vectors: dict[Ref, np.ndarray] | None = None,
    config: SummaryConfig | None = None,
    judgements: Judge | None = None,
    trees: Trees | None = None,
) -> list[SummarySentence]:
    """The sentences, one a fact, covering the most of what the story's sources say within
    ``words``, in story order. Each cites the sentences judged (``judgements``) to state the same
    claim; without judgements, its fact. Concepts are weighed by the shipped model, or ``trees``."""
    cfg = config or SummaryConfig()
    weights = concept_worth(report, cfg.worth, cfg.lead_sentences, trees)
    cands = _prune(_candidates(report, words, cfg), weights, cfg.candidates)
    picked = [cands[j] for j in _solve(cands, weights, words, cfg, _exclusive(cands, vectors, cfg))]
    out = []
    for c in order(report, picked, cfg):
        cited = citations(c.fact, c.ref, judgements)
        broad = c.fact.status == "consensus" and c.fact.origins > 1
        out.append(
            SummarySentence(
                c.text, cited, c.fact.id, broad and agreed(report, c.ref, cited, c.gone)
            )
        )
    return out
