"""Align sentences across articles into facts: agree / single-source / conflict.

Two sentences of different articles state the same thing when their similarity, a blend of
sentence-embedding cosine (all-MiniLM-L6-v2), TF-IDF cosine of content lemmas and the overlap of
the entities they name, passes a threshold. Sentences are grouped greedily, best pairs first, at
most one sentence per article in a fact, a group joining another only when the two are alike on
average. Copies of one text count once (``origins``); a fact needs two independent origins to be
``consensus``; aligned sentences that give different values are a ``conflict``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from newsprism import conflicts as rules
from newsprism.annotate import Embeddings
from newsprism.entities import EntityIndex
from newsprism.extract.flows import PLACE_LABELS, Flow, flows, opposite, shared
from newsprism.model import Article, Fact, Ref
from newsprism.origins import Origins

W_EMBED, W_LEXICAL, W_ENTITY = 0.55, 0.3, 0.15
_WORDS = re.compile(r"\w+")
MIN_ANCHOR = 0.12  # a link needs this much word overlap (or a shared rare name) too ...
MIN_COHESION = 0.95  # of the threshold: a group's members must be alike on the whole
STRONG_EMBED = 0.6  # ... unless the embeddings alone say the two sentences are alike
FLOW_BONUS = 0.1  # two sentences telling of the same trade flow ("imports of Russian oil")


@dataclass(slots=True)
class Unit:
    """A sentence, or a clause of one, taking part in alignment."""

    ref: Ref
    text: str
    lemmas: list[str]
    entities: frozenset[str]
    position: float  # 0 at the top of its article, 1 at the end
    clause: int = -1  # which clause of the sentence, or -1 for the whole sentence
    flows: frozenset[Flow] = frozenset()  # goods moving between places: (origin, destination)

    @property
    def whole(self) -> bool:
        return self.clause < 0


def units(articles: list[Article], index: EntityIndex) -> list[Unit]:
    """The sentences of every article that can state a fact, and their clauses."""
    out = []
    for art in articles:
        last = max(1, len(art.sentences) - 1)
        ents: dict[int, list[tuple[int, str]]] = {}
        places: dict[int, list[tuple[int, int, str]]] = {}
        for m in art.mentions:
            ents.setdefault(m.sentence, []).append((m.start, index.canonical(m.text) or m.text))
            if m.label in PLACE_LABELS:
                places.setdefault(m.sentence, []).append((m.start, m.end, m.text))
        for i, sent in enumerate(art.sentences):
            if sent.heading or sent.duplicate_of is not None or len(art.lemmas[i]) < 3:
                continue
            names = ents.get(i, [])
            ref = Ref(art.id, i)
            at_sentence = [(s - sent.start, e - sent.start, t) for s, e, t in places.get(i, [])]
            out.append(
                Unit(
                    ref,
                    sent.text,
                    art.lemmas[i],
                    frozenset(e for _, e in names),
                    i / last,
                    flows=_flows_in(sent.text, at_sentence, 0, len(sent.text)),
                )
            )
            for n, (a, b) in enumerate(art.clauses[i] if i < len(art.clauses) else []):
                words = {w.lower() for w in _WORDS.findall(sent.text[a:b])}
                lemmas = [
                    lem
                    for lem in art.lemmas[i]
                    if lem in words or lem[:4] in {w[:4] for w in words}
                ]
                found = frozenset(e for pos, e in names if a <= pos - sent.start < b)
                moving = _flows_in(sent.text, at_sentence, a, b)
                out.append(Unit(ref, sent.text[a:b], lemmas, found, i / last, n, moving))
    return out


def _flows_in(text: str, places: list[tuple[int, int, str]], a: int, b: int) -> frozenset[Flow]:
    """The flows stated by ``text[a:b]``; ``places`` are place mentions of ``text``."""
    return flows(text[a:b], [(s - a, e - a, t) for s, e, t in places if a <= s and e <= b])


def lexical(us: list[Unit]) -> np.ndarray:
    """TF-IDF cosine of content lemmas."""
    df: Counter[str] = Counter()
    for u in us:
        df.update(set(u.lemmas))
    vocab = {w: k for k, w in enumerate(df)}
    n = len(us)
    mat = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    for row, u in enumerate(us):
        for word, count in Counter(u.lemmas).items():
            mat[row, vocab[word]] = (1 + math.log(count)) * (math.log((n + 1) / (df[word] + 1)) + 1)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    mat /= np.where(norms == 0, 1, norms)
    return mat @ mat.T


def entity_overlap(us: list[Unit], full: float = 4.0) -> np.ndarray:
    """The names two sentences share, each weighted by its IDF and the sum capped at 1 (reached at
    ``full``): sharing a rare name ("Winter Olympics") counts, sharing the names every sentence
    carries ("China", "Russia" in a China–Russia story) hardly does."""
    df: Counter[str] = Counter(e for u in us for e in u.entities)
    ents = {e: k for k, e in enumerate(sorted(df))}
    n = len(us)
    weights = np.zeros((n, max(1, len(ents))), dtype=np.float32)
    for row, u in enumerate(us):
        for e in u.entities:
            weights[row, ents[e]] = max(0.0, math.log((n + 1) / (df[e] + 0.5)))
    present = (weights > 0).astype(np.float32)
    shared = weights @ present.T  # the weights of i's names that j also has
    return np.minimum(1.0, np.minimum(shared, shared.T) / full)


def similarity(us: list[Unit], vectors: np.ndarray | None) -> np.ndarray:
    """The blended pairwise similarity; without vectors, lexical and entity overlap alone.
    Pairs with neither shared words nor shared names score zero, however alike their topic."""
    lex, ent = lexical(us), entity_overlap(us)
    anchored = (lex >= MIN_ANCHOR) | (ent >= 0.5)
    if vectors is None:
        sim = 0.8 * lex + 0.2 * ent
    else:
        emb = vectors @ vectors.T
        sim = W_EMBED * emb + W_LEXICAL * lex + W_ENTITY * ent
        anchored |= emb >= STRONG_EMBED  # a close paraphrase needs no shared word
    moving = [k for k, u in enumerate(us) if u.flows]
    for i, j in itertools.combinations(moving, 2):
        if opposite(us[i].flows, us[j].flows):
            anchored[i, j] = anchored[j, i] = False  # "imports from Russia" / "exports to Russia"
            sim[i, j] = sim[j, i] = min(sim[i, j], 0.0)
        elif shared(us[i].flows, us[j].flows):
            anchored[i, j] = anchored[j, i] = True  # the same trade, however worded
            sim[i, j] = sim[j, i] = sim[i, j] + FLOW_BONUS
    np.fill_diagonal(anchored, True)
    return np.where(anchored, sim, -sim).astype(np.float32)  # negative: alike, but unanchored


def group(us: list[Unit], sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy average-link grouping; a group holds at most one sentence per article."""
    cluster = list(range(len(us)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(us))}
    arts = np.array([u.ref.article for u in us])
    rows, cols = np.where(np.triu(sim >= threshold, k=1) & (arts[:, None] != arts[None, :]))
    sim = np.maximum(sim, 0)  # an unanchored pair is no link
    order = np.argsort(-sim[rows, cols], kind="stable")
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        a, b = cluster[i], cluster[j]
        if a == b or not _can_join(us, members[a], members[b]):
            continue
        merged = members[a] + members[b]
        across = arts[members[a]][:, None] != arts[members[b]][None, :]
        if (
            float(np.mean(sim[np.ix_(members[a], members[b])][across])) < threshold * 0.8
            or _cohesion(sim, merged) < threshold * MIN_COHESION
        ):
            continue
        for m in members[b]:
            cluster[m] = a
        members[a].extend(members.pop(b))
    return list(members.values())


def _can_join(us: list[Unit], a: list[int], b: list[int]) -> bool:
    """At most one sentence per article in a fact, but for one article stating it over two
    sentences in a row ("China buys more Russian oil. Purchases reached $35 billion ...")."""
    refs_a: dict[str, set[int]] = {}
    for m in a:
        refs_a.setdefault(us[m].ref.article, set()).add(us[m].ref.sentence)
    both = 0
    for m in b:
        mine = refs_a.get(us[m].ref.article)
        if mine is None:
            continue
        both += 1
        if len(mine) > 1 or both > 1 or not any(abs(s - us[m].ref.sentence) == 1 for s in mine):
            return False
    return True


def _ranked(us: list[Unit], sim: np.ndarray, idx: list[int]) -> list[int]:
    """Members from the most like the others to the least (ties: the earlier in its article);
    the first is the fact's representative."""
    if len(idx) == 1:
        return list(idx)
    scores = np.abs(sim[np.ix_(idx, idx)]).sum(axis=1) - np.array(
        [us[k].position * 1e-3 for k in idx]
    )
    return [idx[int(k)] for k in np.argsort(-scores, kind="stable")]


def _conflicts(
    articles: dict[str, Article],
    us: list[Unit],
    idx: list[int],
    sim: np.ndarray,
    canonical: dict[tuple[str, int], list[tuple[str, str]]],
) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    sides = {k: rules.side(articles[us[k].ref.article], us[k].ref.sentence, canonical) for k in idx}
    for n, i in enumerate(idx):
        for j in idx[n + 1 :]:
            if us[i].ref.article != us[j].ref.article:
                found.extend(rules.compare(sides[i], sides[j], abs(float(sim[i, j]))))
    return found


def _canonical(
    articles: list[Article], index: EntityIndex
) -> dict[tuple[str, int], list[tuple[str, str]]]:
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for art in articles:
        for m in art.mentions:
            out.setdefault((art.id, m.sentence), []).append(
                (m.label, index.canonical(m.text) or m.text)
            )
    return out


def _join_shared(
    groups: list[list[int]], us: list[Unit], sim: np.ndarray, threshold: float
) -> list[list[int]]:
    """Two groups holding the same sentence (one by its whole, one by a clause) state one fact:
    join them when that keeps one sentence per article and the whole stays alike."""
    multi = [list(g) for g in groups if len(g) > 1]
    rest = [g for g in groups if len(g) == 1]
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(multi)), 2):
            a, b = multi[i], multi[j]
            refs_a, refs_b = {us[k].ref for k in a}, {us[k].ref for k in b}
            shared = refs_a & refs_b
            if not shared:
                continue
            keep = [k for k in b if us[k].ref not in shared]
            if _can_join(us, a, keep) and _cohesion(sim, a + keep) >= threshold * 0.8:
                multi[i] = a + keep
                del multi[j]
                merged = True
                break
    return multi + rest


def _singletons_pruned(groups: list[list[int]], us: list[Unit]) -> list[list[int]]:
    """A sentence already in a fact with other sources needs no fact of its own; of the facts a
    sentence has alone (whole and clauses), keep one."""
    shared = {us[k].ref for g in groups if len({us[m].ref.article for m in g}) > 1 for k in g}
    seen: set[Ref] = set()
    out = []
    for g in sorted(groups, key=lambda g: (-len(g), not us[g[0]].whole)):
        refs = {us[k].ref for k in g}
        if len(g) == 1 and (refs & shared or refs & seen):
            continue
        seen |= refs
        out.append(g)
    return out


def align(
    articles: list[Article],
    index: EntityIndex,
    threshold: float = 0.5,
    embeddings: Embeddings | None = None,
) -> list[Fact]:
    """Facts of a story, most widely and independently stated first; without ``embeddings``,
    by words and names alone."""
    us = units(articles, index)
    if not us:
        return []
    vecs = None
    if embeddings is not None and embeddings.sentence:
        vecs = np.stack(
            [
                embeddings.sentence[u.ref] if u.whole else embeddings.clause[(u.ref, u.clause)]
                for u in us
            ]
        )
    sim = similarity(us, vecs)
    anchor = lexical(us) + entity_overlap(us)
    by_id = {a.id: a for a in articles}
    origins = Origins(articles, sorted({u.ref for u in us}, key=lambda r: (r.article, r.sentence)))
    canonical = _canonical(articles, index)
    support = cross_support(us, np.abs(sim))
    facts: list[tuple[Fact, list[str]]] = []  # each with its sentences, most representative first
    for idx in _singletons_pruned(_join_shared(group(us, sim, threshold), us, sim, threshold), us):
        ranked = _ranked(us, sim, idx)
        refs = sorted({us[k].ref for k in idx}, key=lambda r: (r.article, r.sentence))
        sources = sorted({r.article for r in refs})
        n_origins = origins.count(refs)
        found = _conflicts(by_id, us, idx, sim, canonical) if len(sources) > 1 else []
        status = "conflict" if found else "consensus" if n_origins > 1 else "single-source"
        top = float(np.max(support[idx]))
        first = min(us[k].position for k in idx)
        salience = top - 0.1 * first
        cohesion = _cohesion(sim, idx)
        specificity = _cohesion(anchor, idx) if len(idx) > 1 else 0.0
        wordings = [by_id[us[k].ref.article].sentences[us[k].ref.sentence].text for k in ranked]
        facts.append(
            (
                Fact(
                    "",
                    wordings[0],
                    sources,
                    refs,
                    status,
                    found,
                    origins=n_origins,
                    salience=round(salience, 4),
                    support=round(top, 4),
                    position=round(first, 4),
                    cohesion=round(cohesion, 4),
                    specificity=round(specificity, 4),
                ),
                wordings,
            )
        )
    facts.sort(key=lambda fw: (-fw[0].origins, -fw[0].specificity, -fw[0].salience))
    said: set[str] = set()
    for n, (fact, wordings) in enumerate(facts, 1):
        fact.id = f"f{n}"
        # two facts may share a sentence (by different clauses): each shows its own wording
        fact.statement = next((t for t in wordings if t not in said), fact.statement)
        said.add(fact.statement)
    return [fact for fact, _ in facts]


def cross_support(us: list[Unit], sim: np.ndarray) -> np.ndarray:
    """For each unit, how well the other articles cover it: the mean, over the other articles, of
    its best similarity to a unit of that article (a soft count of the sources that say it)."""
    arts = sorted({u.ref.article for u in us})
    if len(arts) < 2:
        return np.zeros(len(us), dtype=np.float32)
    of = np.array([arts.index(u.ref.article) for u in us])
    best = np.zeros((len(us), len(arts)), dtype=np.float32)
    for a in range(len(arts)):
        cols = of == a
        if cols.any():
            best[:, a] = sim[:, cols].max(axis=1)
    best[np.arange(len(us)), of] = 0.0
    return best.sum(axis=1) / (len(arts) - 1)


def _cohesion(sim: np.ndarray, idx: list[int]) -> float:
    """Mean similarity of the members of a group to each other (1 for a lone sentence)."""
    if len(idx) < 2:
        return 1.0
    sub = np.abs(sim[np.ix_(idx, idx)])
    return float((sub.sum() - np.trace(sub)) / (len(idx) * (len(idx) - 1)))
