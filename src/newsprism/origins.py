"""Independent origins: near-duplicate articles (wire copies, syndicated rewrites) and passages
(one article quoting another verbatim) found with MinHash (datasketch), so that a fact stated by
copies of one text counts once."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from newsprism.lexicon import WORD
from newsprism.model import Article, Ref

NUM_PERM = 128


def shingles(text: str, size: int) -> set[bytes]:
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _template():  # type: ignore[no-untyped-def]
    """One MinHash whose permutations every other one shares (datasketch draws them anew for
    each MinHash otherwise: most of the cost of a sentence's)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7)


def _minhash(items: Iterable[bytes]):  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=7, permutations=t.permutations, scheme=t.scheme)
    m.update_batch(list(items))
    return m


class _Union:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, x: object) -> object:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[int, int]:
    """The bands and rows datasketch picks for a threshold (it integrates the error curves to
    choose them, each time an index is made: found once here)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _near_pairs(
    keys: list[object], sets: list[set[bytes]], threshold: float
) -> list[tuple[object, object]]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=_bands(threshold))
    hashes = []
    for items in sets:
        m = _minhash(items)
        hashes.append(m)
        if items:
            lsh.insert(str(len(hashes) - 1), m)
    pairs = []
    for i, m in enumerate(hashes):
        if not sets[i]:
            continue
        for hit in lsh.query(m):
            j = int(hit)
            if j > i and m.jaccard(hashes[j]) >= threshold:
                pairs.append((keys[i], keys[j]))
    return pairs


def copy_groups(articles: list[Article], threshold: float = 0.5) -> list[list[str]]:
    """Groups (of two or more) of articles that are near-copies of each other."""
    uf = _Union()
    keys: list[object] = [a.id for a in articles]
    for a, b in _near_pairs(keys, [shingles(a.text, 5) for a in articles], threshold):
        uf.union(a, b)
    groups: dict[object, list[str]] = {}
    for a in articles:
        groups.setdefault(uf.find(a.id), []).append(a.id)
    return [g for g in groups.values() if len(g) > 1]


def copied_sentences(
    articles: list[Article], refs: list[Ref], threshold: float = 0.7
) -> list[tuple[Ref, Ref]]:
    """Pairs of sentences of different articles that are near-verbatim copies."""
    texts = {a.id: a for a in articles}
    sets = [shingles(texts[r.article].sentences[r.sentence].text, 3) for r in refs]
    pairs = _near_pairs(list(refs), sets, threshold)
    return [(a, b) for a, b in pairs if a.article != b.article]  # type: ignore[attr-defined, misc]


def article_origins(articles: list[Article], groups: list[list[str]]) -> dict[str, int]:
    """Each article's independent origin, a number: the articles of one of the copy ``groups``
    share one."""
    group_of = {aid: n for n, g in enumerate(groups) for aid in g}
    return {a.id: group_of.get(a.id, len(groups) + k) for k, a in enumerate(articles)}


class Origins:
    """Counts the independent origins of a set of evidence sentences (``groups``: the articles'
    ``copy_groups``, when already found)."""

    def __init__(
        self, articles: list[Article], refs: list[Ref], groups: list[list[str]] | None = None
    ) -> None:
        self.groups = copy_groups(articles) if groups is None else groups
        self.origin = article_origins(articles, self.groups)
        self.copies = copied_sentences(articles, refs)

    def count(self, evidence: list[Ref]) -> int:
        uf = _Union()
        for ref in evidence:
            uf.find(ref)
        for i, a in enumerate(evidence):
            for b in evidence[i + 1 :]:
                if self.origin[a.article] == self.origin[b.article]:  # one article, or copies
                    uf.union(a, b)
        present = set(evidence)
        for a, b in self.copies:
            if a in present and b in present:
                uf.union(a, b)
        return len({uf.find(r) for r in evidence})
