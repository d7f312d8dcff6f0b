"""Align sentences across articles into facts: agree / single-source / conflict.

This first aligner scores a pair of sentences by the TF-IDF cosine of their content lemmas,
plus the overlap of the entities they name, and groups pairs greedily (average link, at most one
sentence per article in a fact). A fact whose sentences give different figures for the same thing
is a conflict.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from newsprism.entities import EntityIndex
from newsprism.model import Article, Fact, Ref

_NUMBER = re.compile(
    r"(?P<value>[$€£]?\d[\d,]*(?:\.\d+)?)\s*(?P<scale>%|percent|per cent|billion|million|"
    r"thousand|trillion)?\s+(?P<unit>[a-z][a-z-]+)",
    re.I,
)


@dataclass(slots=True)
class Unit:
    """One sentence taking part in alignment."""

    ref: Ref
    text: str
    lemmas: list[str]
    entities: frozenset[str]
    position: float  # 0 at the top of its article, 1 at the end


def units(articles: list[Article], index: EntityIndex) -> list[Unit]:
    out = []
    for art in articles:
        n = max(1, len(art.sentences) - 1)
        ents: dict[int, set[str]] = {}
        for m in art.mentions:
            ents.setdefault(m.sentence, set()).add(index.canonical(m.text) or m.text)
        for i, sent in enumerate(art.sentences):
            if sent.heading or sent.duplicate_of is not None or len(art.lemmas[i]) < 3:
                continue
            out.append(
                Unit(Ref(art.id, i), sent.text, art.lemmas[i], frozenset(ents.get(i, ())), i / n)
            )
    return out


def similarity(us: list[Unit]) -> np.ndarray:
    """Pairwise similarity: 0.8 TF-IDF cosine of lemmas + 0.2 Jaccard of entities."""
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for u in us:
        df.update(set(u.lemmas))
    for word in df:
        vocab[word] = len(vocab)
    mat = np.zeros((len(us), max(1, len(vocab))), dtype=np.float32)
    n = len(us)
    for row, u in enumerate(us):
        for word, count in Counter(u.lemmas).items():
            mat[row, vocab[word]] = (1 + math.log(count)) * (math.log((n + 1) / (df[word] + 1)) + 1)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    mat /= np.where(norms == 0, 1, norms)
    ents = {e: k for k, e in enumerate(sorted({e for u in us for e in u.entities}))}
    emat = np.zeros((n, max(1, len(ents))), dtype=np.float32)
    for row, u in enumerate(us):
        for e in u.entities:
            emat[row, ents[e]] = 1.0
    inter = emat @ emat.T
    sizes = emat.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    jaccard = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return 0.8 * (mat @ mat.T) + 0.2 * jaccard


def group(us: list[Unit], sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Greedy average-link grouping; a group holds at most one sentence per article."""
    cluster = list(range(len(us)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(us))}
    pairs = [
        (float(sim[i, j]), i, j)
        for i in range(len(us))
        for j in range(i + 1, len(us))
        if us[i].ref.article != us[j].ref.article and sim[i, j] >= threshold
    ]
    for _, i, j in sorted(pairs, reverse=True):
        a, b = cluster[i], cluster[j]
        if a == b:
            continue
        arts_a = {us[k].ref.article for k in members[a]}
        if arts_a & {us[k].ref.article for k in members[b]}:
            continue
        link = float(np.mean(sim[np.ix_(members[a], members[b])]))
        if link < threshold * 0.8:
            continue
        for k in members[b]:
            cluster[k] = a
        members[a].extend(members.pop(b))
    return list(members.values())


def numbers(text: str) -> dict[str, str]:
    """Figures in a sentence keyed by what they count: {"soldiers": "50,000"}."""
    out = {}
    for m in _NUMBER.finditer(text):
        value = m["value"] + (f" {m['scale']}" if m["scale"] else "")
        out[m["unit"].lower()] = value
    return out


def conflicts(us: list[Unit], idx: list[int]) -> list[dict[str, object]]:
    """Different figures for the same thing in sentences of different articles."""
    found: dict[str, dict[str, list[Ref]]] = {}
    for k in idx:
        for unit, value in numbers(us[k].text).items():
            found.setdefault(unit, {}).setdefault(value, []).append(us[k].ref)
    out: list[dict[str, object]] = []
    for unit, values in found.items():
        if len(values) > 1:
            out.append(
                {
                    "what": unit,
                    "values": [
                        {"value": v, "article": r.article, "sentence": r.sentence}
                        for v, refs in values.items()
                        for r in refs
                    ],
                }
            )
    return out


def representative(us: list[Unit], sim: np.ndarray, idx: list[int]) -> int:
    """The member most like the others (ties: the earlier in its article)."""
    if len(idx) == 1:
        return idx[0]
    sub = sim[np.ix_(idx, idx)]
    scores = sub.sum(axis=1)
    return idx[int(np.argmax(scores - np.array([us[k].position * 1e-3 for k in idx])))]


def align(articles: list[Article], index: EntityIndex, threshold: float = 0.42) -> list[Fact]:
    us = units(articles, index)
    if not us:
        return []
    sim = similarity(us)
    groups = group(us, sim, threshold)
    facts = []
    for idx in groups:
        rep = representative(us, sim, idx)
        refs = sorted((us[k].ref for k in idx), key=lambda r: (r.article, r.sentence))
        sources = sorted({r.article for r in refs})
        found = conflicts(us, idx) if len(sources) > 1 else []
        status = "conflict" if found else "consensus" if len(sources) > 1 else "single-source"
        facts.append(
            (
                len(sources),
                -min(us[k].position for k in idx),
                us[rep].text,
                sources,
                refs,
                status,
                found,
            )
        )
    facts.sort(key=lambda f: (-f[0], -f[1]))
    return [
        Fact(f"f{n}", text, sources, refs, status, found)
        for n, (_, _, text, sources, refs, status, found) in enumerate(facts, 1)
    ]
