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
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from newsprism import claims as claim_rules
from newsprism.annotate import Embeddings
from newsprism.claims import Claim
from newsprism.entities import EntityIndex
from newsprism.extract.flows import opposite
from newsprism.model import Article, Conflict, Fact, Quote, Ref, Status
from newsprism.origins import Origins
from newsprism.relation import (
    Comparison,
    Model,
    Rarity,
    Reason,
    best_with,
    judge,
    model,
    rarity_in,
)
from newsprism.similarity import Blend, Unit, cohesion, cross_support, units

__all__ = ["AlignConfig", "Judgements", "align", "units"]


@dataclass(slots=True, frozen=True)
class AlignConfig:
    """How many pairs alignment judges: for each unit, its ``candidates`` most similar units of
    each other article whose blended similarity reaches ``floor``."""

    candidates: int = 3
    floor: float = 0.25
    per_unit: int = 40  # candidate pairs of one unit, at most (a story of hundreds of articles)
    cells: int = 1 << 21  # similarity cells computed at a time: a block of cells / units rows
    related: int = 5  # at most this many related (partial) sentences shown with a fact
    clause_margin: float = 0.2  # a clause's match needs this much more than the model's ``same``


class Judgements:
    """The judged pairs of a story, by sentence: the best relation found between any of their
    units (whole or clause); pairs never judged are judged on demand, whole sentence to whole
    sentence, and kept."""

    def __init__(
        self, claims: dict[Ref, Claim], model: Model, rarity: Rarity | None = None
    ) -> None:
        self.claims = claims
        self.model = model
        self.rarity = rarity
        self.pairs: dict[frozenset[Ref], Comparison] = {}

    def add(self, a: Ref, b: Ref, result: Comparison) -> None:
        key = frozenset((a, b))
        old = self.pairs.get(key)
        if old is None or _rank(result) > _rank(old):
            self.pairs[key] = result

    def known(self, a: Ref, b: Ref) -> Comparison | None:
        """The judgement of a pair if one was made (never judges)."""
        return self.pairs.get(frozenset((a, b)))

    def related(self, a: Ref, b: Ref) -> bool:
        """Were the two judged to share a claim (the same, part of it, or a conflict over it)?"""
        found = self.known(a, b)
        return found is not None and found.relation != "different"

    def partial(self) -> dict[Ref, set[Ref]]:
        """Each sentence's related sentences: those judged to state part of its claim."""
        out: dict[Ref, set[Ref]] = {}
        for pair, result in self.pairs.items():
            if result.relation == "partial":
                a, b = tuple(pair)
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
        return out

    def get(self, a: Ref, b: Ref) -> Comparison:
        key = frozenset((a, b))
        found = self.pairs.get(key)
        if found is None:
            ca, cb = self.claims.get(a), self.claims.get(b)
            if ca is None or cb is None:
                found = Comparison("different", 0.0)
            else:
                found = judge(ca, cb, self.model, self.rarity)
            self.pairs[key] = found
        return found


def _rank(c: Comparison) -> tuple[int, float]:
    """Which of two judgements of one sentence pair (by different clauses) stands: a conflict,
    then the same claim, then the likelier."""
    order = {"conflict": 3, "same": 2, "partial": 1, "different": 0}
    return order[c.relation], c.score


def _candidates(us: list[Unit], blend: Blend, cfg: AlignConfig) -> set[tuple[int, int]]:
    """Unit pairs worth judging: for each unit, the few most similar of each other article (at
    most ``per_unit`` in all, the most similar first), reaching the floor."""
    arts = np.array([u.ref.article for u in us])
    groups = [np.flatnonzero(arts == art) for art in np.unique(arts)]
    out: set[tuple[int, int]] = set()
    for lo, block in blend.blocks(cfg.cells):
        rows = np.arange(lo, lo + block.shape[0])
        picks, scores = [], []
        for cols in groups:
            k = min(cfg.candidates, len(cols))
            top = cols[np.argpartition(-block[:, cols], k - 1, axis=1)[:, :k]]  # rows x k
            score = np.take_along_axis(block, top, axis=1)
            own = arts[top] == arts[rows][:, None]
            picks.append(top)
            scores.append(np.where(own | (score < cfg.floor), -np.inf, score))
        pick, score = np.hstack(picks), np.hstack(scores)
        if pick.shape[1] > cfg.per_unit:  # the most similar ``per_unit`` of them
            best = np.argpartition(-score, cfg.per_unit - 1, axis=1)[:, : cfg.per_unit]
            pick = np.take_along_axis(pick, best, axis=1)
            score = np.take_along_axis(score, best, axis=1)
        r, c = np.nonzero(np.isfinite(score))
        for i, j in zip(rows[r].tolist(), pick[r, c].tolist(), strict=True):
            out.add((min(i, j), max(i, j)))
    return out


def _claims(
    articles: list[Article],
    us: list[Unit],
    index: EntityIndex,
    quotes: list[Quote],
    embeddings: Embeddings | None,
) -> list[Claim]:
    """The claim of each unit: its reported content and speaker apart, in the story's names."""
    by_id = {a.id: a for a in articles}
    said: dict[Ref, list[Quote]] = {}
    for q in quotes:
        said.setdefault(Ref(q.article, q.sentence), []).append(q)
    embed = embeddings.span if embeddings is not None and embeddings.tokens else None

    def canonical(name: str) -> str:
        return index.canonical(name) or name

    out = []
    for u in us:
        art = by_id[u.ref.article]
        sent = art.sentences[u.ref.sentence]
        lo, hi = sent.start, sent.end
        if not u.whole:
            a, b = art.clauses[u.ref.sentence][u.clause]
            lo, hi = sent.start + a, sent.start + b
        out.append(
            claim_rules.build(art, u.ref.sentence, lo, hi, said.get(u.ref, []), canonical, embed)
        )
    return out


Edge = frozenset[int]  # two units


def _matched(us: list[Unit], judged: dict[tuple[int, int], Comparison]) -> dict[Edge, float]:
    """The unit pairs that state one claim (or disagree on it), one sentence to one sentence
    between each two articles: the assignment of most total likelihood (Hungarian method), not
    greedy picks; each sentence pair by its best judged units (whole or clause)."""
    best: dict[tuple[Ref, Ref], tuple[Comparison, int, int]] = {}
    for (i, j), result in judged.items():
        if result.relation not in ("same", "conflict"):
            continue
        if (us[i].ref.article, us[i].ref.sentence) > (us[j].ref.article, us[j].ref.sentence):
            i, j = j, i
        key = (us[i].ref, us[j].ref)
        old = best.get(key)
        if old is None or _rank(result) > _rank(old[0]):
            best[key] = (result, i, j)
    by_articles: dict[tuple[str, str], list[tuple[Ref, Ref]]] = {}
    for a, b in best:
        by_articles.setdefault((a.article, b.article), []).append((a, b))
    out: dict[Edge, float] = {}
    for edges in by_articles.values():
        left = sorted({a for a, _ in edges}, key=lambda r: r.sentence)
        right = sorted({b for _, b in edges}, key=lambda r: r.sentence)
        weight = np.zeros((len(left), len(right)))
        for a, b in edges:
            weight[left.index(a), right.index(b)] = best[(a, b)][0].score
        rows, cols = linear_sum_assignment(-weight)
        for r, c in zip(rows, cols, strict=True):
            if weight[r, c] > 0:
                _, i, j = best[(left[r], right[c])]
                out[frozenset((i, j))] = float(weight[r, c])
    return out


def _overlap(u: Unit, v: Unit) -> bool:
    """Two units share words: one sentence, whole or the same clause."""
    return u.ref == v.ref and (u.whole or v.whole or u.clause == v.clause)


def _agrees(ref: Ref, members: list[Ref], judgements: Judgements) -> bool:
    """May a sentence linked to a fact join it: not judged a different claim from its core, and
    judged the same claim as more of its members than it is judged different from."""
    votes = [judgements.get(ref, m).relation for m in members]
    if votes[0] == "different":
        return False
    return sum(v in ("same", "conflict") for v in votes) > sum(v == "different" for v in votes)


def _stars(
    us: list[Unit], matched: dict[Edge, float], judgements: Judgements
) -> list[tuple[Ref, list[Ref]]]:
    """Facts from the matched unit pairs. The unit most matched (by total likelihood) is a
    fact's core; the units linked to it, directly or through members already in, join best
    linked first, one sentence an article, each agreeing with the members already in (see
    ``_agrees``).
    Units that share words with a fact's members leave the pool (another clause of the same
    sentence may state another fact); repeat."""
    pool = dict(matched)
    facts = []
    of_ref: dict[Ref, list[int]] = {}
    for k, u in enumerate(us):
        of_ref.setdefault(u.ref, []).append(k)
    while pool:
        degree: dict[int, float] = {}
        for pair, w in pool.items():
            for k in pair:
                degree[k] = degree.get(k, 0.0) + w
        core = max(degree, key=lambda k: (degree[k], -us[k].ref.sentence, us[k].ref.article))
        members = [core]
        while True:
            joined = {us[m].ref.article for m in members}
            inside = set(members)
            frontier = sorted(
                (
                    (w, other)
                    for pair, w in pool.items()
                    if pair & inside
                    for other in pair - inside
                    if us[other].ref.article not in joined
                ),
                key=lambda t: (-t[0], us[t[1]].ref.article, us[t[1]].ref.sentence),
            )
            refs = [us[m].ref for m in members]
            nxt = next((k for _, k in frontier if _agrees(us[k].ref, refs, judgements)), None)
            if nxt is None:
                break
            members.append(nxt)
        gone = {k for m in members for k in of_ref[us[m].ref] if _overlap(us[k], us[m])}
        pool = {pair: w for pair, w in pool.items() if not pair & gone}
        if len(members) > 1:
            facts.append((us[core].ref, [us[m].ref for m in members]))
    return facts


def align(
    articles: list[Article],
    index: EntityIndex,
    embeddings: Embeddings | None = None,
    quotes: list[Quote] | None = None,
    config: AlignConfig | None = None,
    copies: list[list[str]] | None = None,
) -> tuple[list[Fact], Judgements]:
    """Facts of a story, most widely and independently stated first, and the judged sentence
    pairs behind them. Sentences join one fact only when judged to state the same claim as its
    core (``newsprism.relation``); sentences that disagree about one thing make a ``conflict``
    fact; related ones (``partial``) are listed with a fact, never counted as agreement. Without
    ``embeddings``, words and names alone find the pairs and judge them. ``copies``: the
    articles' ``origins.copy_groups``, when already found."""
    cfg = config or AlignConfig()
    us = units(articles, index)
    by_id = {a.id: a for a in articles}
    vecs = None
    if us and embeddings is not None and embeddings.sentence:
        vecs = np.stack(
            [
                embeddings.sentence[u.ref] if u.whole else embeddings.clause[(u.ref, u.clause)]
                for u in us
            ]
        )
    m = model(vecs is not None, "story")
    cl = _claims(articles, us, index, quotes or [], embeddings if vecs is not None else None)
    wholes = {u.ref: c for u, c in zip(us, cl, strict=True) if u.whole}
    rarity = rarity_in(c.words for c in wholes.values())
    judgements = Judgements(wholes, m, rarity)
    if not us:
        return [], judgements
    blend = Blend(us, vecs)
    judged = _judge(us, cl, _candidates(us, blend, cfg), judgements, cfg)
    refs = sorted({u.ref for u in us}, key=lambda r: (r.article, r.sentence))
    origins = Origins(articles, refs, copies)
    support = cross_support(us, blend, cfg.cells)
    of_ref: dict[Ref, list[int]] = {}
    for k, u in enumerate(us):
        of_ref.setdefault(u.ref, []).append(k)
    stats = _Stats(judgements, by_id, origins, support, blend, us, of_ref)
    partial = judgements.partial()
    facts: list[Fact] = []
    used: set[Ref] = set()
    for core, members in _in_a_row(_stars(us, _matched(us, judged), judgements), judgements):
        used |= set(members)
        fact = stats.fact(core, members)
        related = partial.get(core, set()) - set(members)
        fact.related = sorted(related, key=lambda r: (r.article, r.sentence))[: cfg.related]
        facts.append(fact)
    for ref in of_ref:
        if ref not in used:
            facts.append(stats.fact(ref, [ref]))
    _number(facts, by_id)
    return facts, judgements


def _judge(
    us: list[Unit],
    cl: list[Claim],
    pairs: set[tuple[int, int]],
    judgements: Judgements,
    cfg: AlignConfig,
) -> dict[tuple[int, int], Comparison]:
    """Judge each candidate unit pair (goods moving opposite ways are never one claim; a clause
    needs a surer judgement, ``_clause_rule``) and keep the judgement of each sentence pair."""
    judged: dict[tuple[int, int], Comparison] = {}
    order = sorted(pairs)
    partners: dict[int, list[int]] = {}
    for i, j in order:
        partners.setdefault(i, []).append(j)
    best = {  # each unit's token matches with all its partners, one product a unit
        (i, j): found
        for i, js in partners.items()
        for j, found in zip(js, best_with(cl[i], [cl[j] for j in js]), strict=True)
    }
    m, rarity = judgements.model, judgements.rarity
    for i, j in order:
        if us[i].flows and us[j].flows and opposite(us[i].flows, us[j].flows):
            result = Comparison(
                "different", 0.0, [Reason("trade-direction", "the goods move opposite ways")]
            )
        else:
            result = judge(cl[i], cl[j], m, rarity, explain=False, best=best[(i, j)])
            result = _clause_rule(us[i], us[j], result, m, cfg)
        judged[(i, j)] = result
        judgements.add(us[i].ref, us[j].ref, result)
    return judged


def _clause_rule(u: Unit, v: Unit, result: Comparison, m: Model, cfg: AlignConfig) -> Comparison:
    """A clause of a sentence matched to another sentence (or clause) is the same claim only when
    the judgement is sure by ``cfg.clause_margin``: a clause says less than its sentence, so a
    middling likeness there is mostly a shared topic ("met Xi" / "met at the airport by Xi")."""
    if result.relation != "same" or (u.whole and v.whole):
        return result
    if result.score >= m.config.same + cfg.clause_margin:
        return result
    why = [Reason("clause-unsure", f"a clause, below {m.config.same + cfg.clause_margin:.2f}")]
    return Comparison("partial", result.score, why + result.why, result.findings)


def _number(facts: list[Fact], by_id: dict[str, Article]) -> None:
    """Order facts (most independent origins first) and number them; two facts may hold one
    sentence (by different clauses): each shows its own wording."""
    facts.sort(key=lambda f: (-f.origins, -f.specificity, -f.salience))
    shown: set[str] = set()
    for n, fact in enumerate(facts, 1):
        fact.id = f"f{n}"
        texts = [fact.statement] + [
            by_id[r.article].sentences[r.sentence].text for r in fact.evidence
        ]
        fact.statement = next((t for t in texts if t not in shown), fact.statement)
        shown.add(fact.statement)


def _in_a_row(
    facts: list[tuple[Ref, list[Ref]]], judgements: Judgements
) -> list[tuple[Ref, list[Ref]]]:
    """An article may state a fact over two sentences in a row ("China increased its imports of
    Russian raw materials. Its purchases reached $35 billion ..."), each matched with other
    outlets: two facts join when one article's members of them are neighbours, some pair across
    them is judged the same, none a conflict, and none of the other outlets' members across them
    a different claim (the two neighbours may each say a part: imports grew / by how much)."""
    out = [(core, list(members)) for core, members in facts]
    joined = True
    while joined:
        joined = False
        for x, y in itertools.combinations(range(len(out)), 2):
            a, b = out[x][1], out[y][1]
            linking = {
                r.article
                for r in a
                for q in b
                if r.article == q.article and abs(r.sentence - q.sentence) == 1
            }
            if not linking:
                continue
            across = [(r, q, judgements.get(r, q)) for r in a for q in b if r.article != q.article]
            if (
                not any(c.relation == "same" for _, _, c in across)
                or any(c.relation == "conflict" for _, _, c in across)
                or any(
                    c.relation == "different"
                    for r, q, c in across
                    if r.article not in linking and q.article not in linking
                )
            ):
                continue
            out[x] = (out[x][0], a + [q for q in b if q not in a])
            del out[y]
            joined = True
            break
    return out


@dataclass(slots=True)
class _Stats:
    """What a fact's fields are computed from."""

    judgements: Judgements
    by_id: dict[str, Article]
    origins: Origins
    support: np.ndarray
    blend: Blend
    us: list[Unit]
    of_ref: dict[Ref, list[int]]

    def fact(self, core: Ref, members: list[Ref]) -> Fact:
        refs = sorted(members, key=lambda r: (r.article, r.sentence))
        sources = sorted({r.article for r in refs})
        found: list[Conflict] = []
        scores = []
        for n, a in enumerate(refs):
            for b in refs[n + 1 :]:
                if a.article == b.article:
                    continue
                result = self.judgements.get(a, b)
                scores.append(result.score)
                found.extend(result.findings)
        if len(refs) > 1:  # the statement: the member most judged the same as the others,
            core = max(  # of those that tell it done when others announce it (``told_done``)
                claim_rules.told_done(refs, self.by_id.__getitem__),
                key=lambda r: sum(
                    self.judgements.get(r, q).score for q in refs if q.article != r.article
                ),
            )
        n_origins = self.origins.count(refs)
        status: Status = "conflict" if found else "consensus" if n_origins > 1 else "single-source"
        idx = [k for r in refs for k in self.of_ref[r]]
        top = float(np.max(self.support[idx]))
        first = min(self.us[k].position for k in idx)
        wholes = [k for k in idx if self.us[k].whole]
        return Fact(
            "",
            self.by_id[core.article].sentences[core.sentence].text,
            sources,
            refs,
            status,
            found,
            origins=n_origins,
            salience=round(top - 0.1 * first, 4),
            support=round(top, 4),
            position=round(first, 4),
            cohesion=round(float(np.mean(scores)), 4) if scores else 1.0,
            specificity=round(cohesion(self.blend.anchor(wholes)), 4) if len(refs) > 1 else 0.0,
        )
