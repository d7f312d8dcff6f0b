"""What a story says, counted in concepts, and how much each concept is worth to a summary.

A concept is a word pair: two neighbouring words of a sentence (lemmas, lower case, punctuation
skipped) that are not both stop words. How much a concept is worth is learned: a small boosted
tree ensemble (``data/concepts.json``, trained by ``bench/summarization/train_concepts.py`` on
DUC 2003 clusters and NeuS stories, which come with summaries written by people) gives the
probability that people summarising the story would use it, from what the story shows of it:
how many independent sources use it and in their leads, where in the articles it first comes,
how many sentences and how widely agreed facts carry it, how much of it is quoted, how rare its
words are in English, and their parts of speech (supervised bigram weighting: Li, Qian and Liu
2013). Its worth is that probability times the number of the story's sources (and the summary's
``worth`` setting).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np

from newsprism.extract.quotes import quoted_tokens
from newsprism.model import Report, Sentence
from newsprism.origins import article_origins
from newsprism.standalone import SKIP_POS

Concept = tuple[str, str]

TAGS = ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADP", "DET", "AUX", "PRON")  # one-hot, each word

FEATURES = (
    "share",  # the share of the story's origins using it
    "origins",  # log of the origins using it
    "lead_share",  # the share of origins using it in their lead
    "first",  # its earliest relative position in an article (0: the first sentence)
    "mean_position",  # its mean relative position
    "stop",  # one of its words is a stop word
    "rarity_min",  # the rarer-in-English of its words is this rare (7 - Zipf frequency)
    "rarity_max",
    "proper",  # how many of its words are proper nouns
    "sentences",  # log of the sentences carrying it
    "numeric",  # how many of its words are numbers
    "story_origins",  # log of the story's origins
    *(f"first_{t}" for t in TAGS),
    *(f"second_{t}" for t in TAGS),
    "agreed",  # log of the most origins a fact carrying it has
    "quoted",  # the share of its uses inside quotations
    "first_sentence",  # log of the earliest sentence (by index) carrying it
)


def pairs(sentence: Sentence, dropped: frozenset[int] = frozenset()) -> Iterator[tuple[int, int]]:
    """The token indices of a sentence's concepts (of its shortened form, without the
    ``dropped`` tokens), in order."""
    toks = [k for k, t in enumerate(sentence.tokens) if t.pos not in SKIP_POS and k not in dropped]
    for a, b in itertools.pairwise(toks):
        if not (sentence.tokens[a].stop and sentence.tokens[b].stop):
            yield a, b


def concept(sentence: Sentence, a: int, b: int) -> Concept:
    return (sentence.tokens[a].lemma.lower(), sentence.tokens[b].lemma.lower())


def concepts(sentence: Sentence, dropped: frozenset[int] = frozenset()) -> set[Concept]:
    """A sentence's concepts; of its shortened form, without the ``dropped`` tokens."""
    return {concept(sentence, a, b) for a, b in pairs(sentence, dropped)}


@cache
def _rarity(word: str) -> float:
    from wordfreq import zipf_frequency

    return 7.0 - zipf_frequency(word, "en")


@dataclass(slots=True)
class _Seen:
    """What the story shows of one concept."""

    origins: set[int]
    leads: set[int]
    positions: list[float]
    first_sentence: int
    agreed: int
    quoted: int
    stop: bool
    tags: tuple[str, str]


def table(report: Report, lead_sentences: int = 2) -> tuple[list[Concept], np.ndarray]:
    """The story's concepts (sorted) and their :data:`FEATURES`, one row each."""
    found, x, _ = _table(report, lead_sentences)
    return found, x


def _table(report: Report, lead_sentences: int) -> tuple[list[Concept], np.ndarray, int]:
    """``table``, and the number of the story's independent origins."""
    origin = article_origins(report.articles, report.copies)
    agreed: dict[tuple[str, int], int] = {}
    for fact in report.facts:
        for r in fact.evidence:
            key = (r.article, r.sentence)
            agreed[key] = max(agreed.get(key, 1), fact.origins)
    seen: dict[Concept, _Seen] = {}
    for art in report.articles:
        last = max(1, len(art.sentences) - 1)
        for k, sent in enumerate(art.sentences):
            if sent.heading or sent.duplicate_of is not None:
                continue
            quoted = quoted_tokens(sent)
            for a, b in pairs(sent):
                c = concept(sent, a, b)
                ta, tb = sent.tokens[a], sent.tokens[b]
                s = seen.get(c)
                if s is None:
                    s = seen[c] = _Seen(
                        set(), set(), [], k, 1, 0, ta.stop or tb.stop, (ta.pos, tb.pos)
                    )
                s.origins.add(origin[art.id])
                if k < lead_sentences:
                    s.leads.add(origin[art.id])
                s.positions.append(k / last)
                s.first_sentence = min(s.first_sentence, k)
                s.agreed = max(s.agreed, agreed.get((art.id, k), 1))
                s.quoted += a in quoted
    n = len(set(origin.values()))
    out = sorted(seen)
    rows = [_row(c, seen[c], n) for c in out]
    return out, np.array(rows, dtype=np.float64).reshape(len(out), len(FEATURES)), n


def _row(c: Concept, s: _Seen, n: int) -> list[float]:
    rarity = (_rarity(c[0]), _rarity(c[1]))
    uses = len(s.positions)
    return [
        len(s.origins) / n,
        math.log(len(s.origins)),
        len(s.leads) / n,
        min(s.positions),
        sum(s.positions) / uses,
        float(s.stop),
        min(rarity),
        max(rarity),
        float(sum(t == "PROPN" for t in s.tags)),
        math.log(uses),
        float(sum(t == "NUM" for t in s.tags)),
        math.log(n),
        *(float(s.tags[0] == t) for t in TAGS),
        *(float(s.tags[1] == t) for t in TAGS),
        math.log(s.agreed),
        s.quoted / uses,
        math.log1p(s.first_sentence),
    ]


@dataclass(slots=True, frozen=True)
class Trees:
    """A boosted tree ensemble for a binary label: ``p = sigmoid(base + Σ tree(x))``; a tree is
    parallel arrays over its nodes (a row goes left when ``x[feature] <= threshold``)."""

    base: float
    trees: tuple[dict[str, np.ndarray], ...]

    def probability(self, x: np.ndarray) -> np.ndarray:
        raw = np.full(len(x), self.base)
        for t in self.trees:
            at = np.zeros(len(x), dtype=np.int64)
            moving = np.arange(len(x)) if not t["leaf"][0] else np.zeros(0, dtype=np.int64)
            while moving.size:  # the rows not yet at a leaf, one level down at a time
                node = at[moving]
                left = x[moving, t["feature"][node]] <= t["threshold"][node]
                node = np.where(left, t["left"][node], t["right"][node])
                at[moving] = node
                moving = moving[~t["leaf"][node]]
            raw += t["value"][at]
        return 1.0 / (1.0 + np.exp(-raw))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "base": self.base,
            "trees": [
                {
                    "feature": t["feature"].tolist(),
                    "threshold": t["threshold"].tolist(),  # exact: a row may sit on one
                    "left": t["left"].tolist(),
                    "right": t["right"].tolist(),
                    "leaf": [int(v) for v in t["leaf"]],
                    "value": t["value"].tolist(),
                }
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Trees:
        if tuple(data["features"]) != FEATURES:  # type: ignore[arg-type]
            raise ValueError("the concept model was trained on other features: retrain it")
        trees = tuple(
            {
                "feature": np.array(t["feature"], dtype=np.int64),
                "threshold": np.array(t["threshold"], dtype=np.float64),
                "left": np.array(t["left"], dtype=np.int64),
                "right": np.array(t["right"], dtype=np.int64),
                "leaf": np.array(t["leaf"], dtype=bool),
                "value": np.array(t["value"], dtype=np.float64),
            }
            for t in data["trees"]  # type: ignore[attr-defined]
        )
        return cls(float(data["base"]), trees)  # type: ignore[arg-type]


@cache
def model() -> Trees:
    """The shipped model (``newsprism/data/concepts.json``)."""
    from importlib import resources

    text = resources.files("newsprism").joinpath("data", "concepts.json").read_text("utf-8")
    return Trees.from_json(json.loads(text))


def weights(
    report: Report, worth: float, lead_sentences: int = 2, trees: Trees | None = None
) -> dict[Concept, float]:
    """Each concept's worth: the probability that people summarising the story use it (by the
    shipped model, or ``trees``), times ``worth`` and the number of the story's origins."""
    found, x, n = _table(report, lead_sentences)
    if not found:
        return {}
    p = (trees or model()).probability(x)
    return {c: worth * n * float(v) for c, v in zip(found, p, strict=True)}
