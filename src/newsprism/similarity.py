"""What alignment compares: units (sentences, and clauses of them) and their blended pairwise
similarity (sentence-embedding cosine, TF-IDF cosine of content lemmas, IDF-weighted shared
names), computed a block of rows at a time so memory stays linear in the story's size."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsprism.entities import EntityIndex
from newsprism.extract.flows import PLACE_LABELS, Flow, flows, opposite, shared
from newsprism.lexicon import WORD
from newsprism.model import Article, Ref

W_EMBED, W_LEXICAL, W_ENTITY = 0.55, 0.3, 0.15
MIN_ANCHOR = 0.12  # a link needs this much word overlap (or a shared rare name) too ...
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
                words = {w.lower() for w in WORD.findall(sent.text[a:b])}
                stems = {w[:4] for w in words}
                lemmas = [lem for lem in art.lemmas[i] if lem in words or lem[:4] in stems]
                found = frozenset(e for pos, e in names if a <= pos - sent.start < b)
                moving = _flows_in(sent.text, at_sentence, a, b)
                out.append(Unit(ref, sent.text[a:b], lemmas, found, i / last, n, moving))
    return out


def _flows_in(text: str, places: list[tuple[int, int, str]], a: int, b: int) -> frozenset[Flow]:
    """The flows stated by ``text[a:b]``; ``places`` are place mentions of ``text``."""
    return flows(text[a:b], [(s - a, e - a, t) for s, e, t in places if a <= s and e <= b])


class Blend:
    """The blended pairwise similarity of units, computed a block of rows at a time, so memory
    stays linear in the number of units (never an N-by-N matrix over the whole story): TF-IDF
    cosine of content lemmas and IDF-weighted shared names as sparse matrices, embeddings dense
    (N by 384). Pairs with neither shared words nor shared names score negative however alike
    their topic (the sign marks them unanchored)."""

    def __init__(self, us: list[Unit], vectors: np.ndarray | None, full: float = 4.0) -> None:
        self.us = us
        self.vectors = vectors
        self.full = full  # shared-name weight that counts as full overlap
        self.tfidf = _tfidf(us)
        self.names, self.present = _names(us)
        self.moving = [k for k, u in enumerate(us) if u.flows]

    def __len__(self) -> int:
        return len(self.us)

    def lexical(self, rows: slice | list[int], cols: slice | list[int]) -> np.ndarray:
        return np.asarray((self.tfidf[rows] @ self.tfidf[cols].T).todense(), dtype=np.float32)

    def entity(self, rows: slice | list[int], cols: slice | list[int]) -> np.ndarray:
        """The names two sentences share, each weighted by its IDF, the sum capped at 1 (reached
        at ``full``): sharing a rare name ("Winter Olympics") counts, sharing the names every
        sentence carries ("China", "Russia" in a China–Russia story) hardly does."""
        ij = (self.names[rows] @ self.present[cols].T).todense()  # i's names that j has too
        ji = (self.present[rows] @ self.names[cols].T).todense()  # j's names that i has too
        return np.minimum(1.0, np.minimum(ij, ji) / self.full).astype(np.float32)

    def anchor(self, idx: list[int]) -> np.ndarray:
        """Shared words plus shared names among some units (how specific a group's overlap is)."""
        return self.lexical(idx, idx) + self.entity(idx, idx)

    def rows(self, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo:hi`` of the signed blended similarity against every unit."""
        every = slice(0, len(self.us))
        lex, ent = self.lexical(slice(lo, hi), every), self.entity(slice(lo, hi), every)
        anchored = (lex >= MIN_ANCHOR) | (ent >= 0.5)
        if self.vectors is None:
            sim = 0.8 * lex + 0.2 * ent
        else:
            emb = self.vectors[lo:hi] @ self.vectors.T
            sim = W_EMBED * emb + W_LEXICAL * lex + W_ENTITY * ent
            anchored |= emb >= STRONG_EMBED  # a close paraphrase needs no shared word
        for i in (k for k in self.moving if lo <= k < hi):
            for j in self.moving:
                if j == i:
                    continue
                if opposite(self.us[i].flows, self.us[j].flows):
                    anchored[i - lo, j] = False  # "imports from Russia" / "exports to Russia"
                    sim[i - lo, j] = min(sim[i - lo, j], 0.0)
                elif shared(self.us[i].flows, self.us[j].flows):
                    anchored[i - lo, j] = True  # the same trade, however worded
                    sim[i - lo, j] += FLOW_BONUS
        band = np.arange(lo, hi)
        anchored[band - lo, band] = True
        return np.where(anchored, sim, -sim).astype(np.float32)

    def blocks(self, cells: int) -> Iterator[tuple[int, np.ndarray]]:
        """Blocks of rows of about ``cells`` values each (at least 16 rows): the dense
        temporaries of one block (a few of rows x units) bound the memory however big the story."""
        size = max(16, cells // max(1, len(self.us)))
        for lo in range(0, len(self.us), size):
            yield lo, self.rows(lo, min(len(self.us), lo + size))


def _tfidf(us: list[Unit]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows of content lemmas (sublinear tf, smoothed idf)."""
    df: Counter[str] = Counter()
    for u in us:
        df.update(set(u.lemmas))
    vocab = {w: k for k, w in enumerate(df)}
    n = len(us)
    rows, cols, vals = [], [], []
    for row, u in enumerate(us):
        for word, count in Counter(u.lemmas).items():
            rows.append(row)
            cols.append(vocab[word])
            vals.append((1 + math.log(count)) * (math.log((n + 1) / (df[word] + 1)) + 1))
    mat = sparse.csr_matrix(
        (np.array(vals, dtype=np.float32), (rows, cols)), shape=(n, max(1, len(vocab)))
    )
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    return sparse.diags(1 / np.where(norms == 0, 1, norms)).astype(np.float32) @ mat


def _names(us: list[Unit]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """IDF weights of each unit's names, and where a name is present."""
    df: Counter[str] = Counter(e for u in us for e in u.entities)
    ents = {e: k for k, e in enumerate(sorted(df))}
    n = len(us)
    rows, cols, vals = [], [], []
    for row, u in enumerate(us):
        for e in u.entities:
            w = max(0.0, math.log((n + 1) / (df[e] + 0.5)))
            if w > 0:
                rows.append(row)
                cols.append(ents[e])
                vals.append(w)
    shape = (n, max(1, len(ents)))
    weights = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=shape)
    present = weights.copy()
    present.data[:] = 1.0
    return weights, present


def cross_support(us: list[Unit], blend: Blend, cells: int) -> np.ndarray:
    """For each unit, how well the other articles cover it: the mean, over the other articles, of
    its best similarity to a unit of that article (a soft count of the sources that say it);
    ``cells``: the similarity's block size (``AlignConfig.cells``)."""
    arts = sorted({u.ref.article for u in us})
    if len(arts) < 2:
        return np.zeros(len(us), dtype=np.float32)
    of = np.array([arts.index(u.ref.article) for u in us])
    members = [of == a for a in range(len(arts))]
    total = np.zeros(len(us), dtype=np.float32)
    for lo, rows in blend.blocks(cells):
        rows = np.abs(rows)
        best = np.zeros((rows.shape[0], len(arts)), dtype=np.float32)
        for a, cols in enumerate(members):
            if cols.any():
                best[:, a] = rows[:, cols].max(axis=1)
        best[np.arange(rows.shape[0]), of[lo : lo + rows.shape[0]]] = 0.0
        total[lo : lo + rows.shape[0]] = best.sum(axis=1)
    return total / (len(arts) - 1)


def cohesion(sub: np.ndarray) -> float:
    """Mean similarity of the members of a group to each other (1 for a lone sentence), from
    their pairwise matrix."""
    n = sub.shape[0]
    if n < 2:
        return 1.0
    sub = np.abs(sub)
    return float((sub.sum() - np.trace(sub)) / (n * (n - 1)))
