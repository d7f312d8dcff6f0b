"""Articles → stories, one article at a time (single-pass, incremental, stable ids).

Each article is reduced to a :class:`Profile`: TF-IDF weights of its words (title counted twice;
the inverse document frequency comes from ``wordfreq``'s English word frequencies, so it needs no
corpus statistics and never drifts as the store grows), an embedding of its title and lead, the
named entities of its title and lead (spaCy's recogniser), and its date.

A story keeps the sums of its members' profiles (:class:`StoryState`). A new article is scored
against a few candidate stories found through an inverted index of the stories' strongest words
and entities (never against all stories). The blend is a logistic regression over the word cosine,
the embedding cosine, the share of the article's entities the story names, the days between the
article and the story, and the story's size (``data/cluster.json``, trained by
``bench/cluster/train.py`` on the dev streams). Stories quiet for longer than ``quiet_days``
before the article (or starting that long after it) are not candidates. The article joins the
most probable story when the probability reaches ``join``, else starts a story. When it reaches
``join`` with two stories that are alike by the same model (a bridge), the younger story is merged
into the older one, which keeps its id.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np

from newsprism.model import Article

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"})


@dataclass(slots=True, frozen=True)
class ClusterConfig:
    """Tuning of story clustering (tuned on DUC 2003 event clusters and NeuS; see bench/)."""

    lead_words: int = 60  # the lead: the first words of the text, with the title
    body_words: int = 2000  # words of the text that count towards the word profile
    top_terms: int = 25  # a story's strongest words that go into the index
    candidates: int = 12  # stories scored per article (the index's best)
    join: float = 0.4  # probability (same story) to join a story
    merge: float = 0.7  # two stories both joined by an article merge when this probable
    quiet_days: int = 45  # a story quiet this long before the article does not absorb it


@dataclass(slots=True)
class Profile:
    """What clustering knows of one article."""

    terms: dict[str, float]  # unit-length TF-IDF weights
    vector: np.ndarray | None  # unit embedding of title and lead
    entities: frozenset[str]  # lower-cased entity names of title and lead
    day: int | None  # date as an ordinal, when known


def _counts(value: object) -> dict[str, Any]:
    """A stored {word: count} mapping (JSON), or nothing."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


@dataclass(slots=True)
class StoryState:
    """A story's running sums: what a new article is compared with."""

    id: int
    terms: Counter[str] = field(default_factory=Counter)
    vector: np.ndarray | None = None
    entities: Counter[str] = field(default_factory=Counter)
    first: int | None = None
    last: int | None = None
    size: int = 0

    def add(self, p: Profile) -> None:
        self.terms.update(p.terms)
        if p.vector is not None:
            self.vector = p.vector.copy() if self.vector is None else self.vector + p.vector
        self.entities.update(p.entities)
        if p.day is not None:
            self.first = p.day if self.first is None else min(self.first, p.day)
            self.last = p.day if self.last is None else max(self.last, p.day)
        self.size += 1

    def absorb(self, other: StoryState) -> None:
        self.terms.update(other.terms)
        if other.vector is not None:
            self.vector = other.vector if self.vector is None else self.vector + other.vector
        self.entities.update(other.entities)
        for d in (other.first, other.last):
            if d is not None:
                self.first = d if self.first is None else min(self.first, d)
                self.last = d if self.last is None else max(self.last, d)
        self.size += other.size

    def keys(self, top: int) -> list[str]:
        """Index keys: the strongest words, and every entity named by two members (or the
        only member)."""
        words = [t for t, _ in self.terms.most_common(top)]
        need = 1 if self.size < 2 else 2
        return words + [f"@{e}" for e, n in self.entities.items() if n >= need]

    def probe(self) -> Profile:
        """The story as one article: its mean words and vector, its common entities."""
        norm = math.sqrt(sum(v * v for v in self.terms.values())) or 1.0
        terms = {w: v / norm for w, v in self.terms.items()}
        ents = frozenset(e for e, n in self.entities.items() if n * 2 >= self.size)
        vec = None if self.vector is None else self.vector / (np.linalg.norm(self.vector) or 1.0)
        return Profile(terms, vec, ents, self.last)

    def to_json(self) -> dict[str, object]:
        return {
            "terms": dict(self.terms.most_common(200)),
            "vector": None if self.vector is None else [round(float(x), 6) for x in self.vector],
            "entities": dict(self.entities),
            "first": self.first,
            "last": self.last,
            "size": self.size,
        }

    @classmethod
    def from_json(cls, story_id: int, data: dict[str, object]) -> StoryState:
        vec = data.get("vector")
        return cls(
            id=story_id,
            terms=Counter(_counts(data.get("terms"))),
            vector=None if vec is None else np.asarray(vec, dtype=np.float32),
            entities=Counter(_counts(data.get("entities"))),
            first=data.get("first"),  # type: ignore[arg-type]
            last=data.get("last"),  # type: ignore[arg-type]
            size=int(data.get("size") or 0),  # type: ignore[call-overload]
        )


@dataclass(slots=True)
class Decision:
    """Where an article went, and why."""

    story: int
    score: float  # the blend with the story it joined (0 for a new story)
    rule: str  # joined / new-story / near-copy
    merged: list[int] = field(default_factory=list)  # stories merged into ``story``

    @property
    def new(self) -> bool:
        return self.rule == "new-story"


@cache
def _idf(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(0.0, 7.0 - zipf_frequency(word, "en"))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def term_weights(title: str | None, text: str, body_words: int) -> dict[str, float]:
    """Unit-length TF-IDF weights (sublinear tf) of the title (twice) and the first words."""
    counts = Counter(words(title or "") * 2 + words(text)[:body_words])
    weights = {w: (1 + math.log(n)) * _idf(w) for w, n in counts.items() if len(w) > 1}
    weights = {w: v for w, v in weights.items() if v > 0}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def lead(article: Article, lead_words: int) -> str:
    head = " ".join(article.text.split()[:lead_words])
    return f"{article.title}. {head}" if article.title else head


def profiles(
    articles: Sequence[Article], config: ClusterConfig, embeddings: bool = True
) -> list[Profile]:
    """Profiles of many articles, with the models run in batches."""
    from newsprism.nlp import pipeline

    leads = [lead(a, config.lead_words) for a in articles]
    nlp = pipeline()
    keep = {"ner", "tok2vec"} & set(nlp.pipe_names)
    ents: list[frozenset[str]] = []
    with nlp.select_pipes(enable=sorted(keep)):
        for doc in nlp.pipe(leads, batch_size=64):
            ents.append(
                frozenset(
                    e.text.lower().removeprefix("the ")
                    for e in doc.ents
                    if e.label_ in _ENTITY_LABELS and len(e.text) > 1
                )
            )
    vectors: list[np.ndarray | None] = [None] * len(articles)
    if embeddings and articles:
        from newsprism.nlp import encoder

        vectors = list(encoder().encode(leads))
    out = []
    for art, ent, vec in zip(articles, ents, vectors, strict=True):
        day = _day(art.published)
        out.append(
            Profile(
                terms=term_weights(art.title, art.text, config.body_words),
                vector=vec,
                entities=ent,
                day=day,
            )
        )
    return out


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _cos_terms(a: dict[str, float], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    norm = math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _cos_vec(a: np.ndarray | None, b: np.ndarray | None) -> float:
    if a is None or b is None:
        return 0.0
    n = float(np.linalg.norm(b))
    return float(a @ b) / n if n else 0.0


def _shared_entities(p: Profile, s: StoryState) -> float:
    """How much of the article's entities the story names (weighted by how often it does)."""
    if not p.entities or not s.entities:
        return 0.0
    got = sum(min(1.0, s.entities.get(e, 0) / max(1.0, s.size / 2)) for e in p.entities)
    return got / len(p.entities)


FEATURES = ("terms", "vector", "entities", "gap", "dated", "size")


def features(p: Profile, s: StoryState) -> np.ndarray:
    """What the model weighs: word and embedding cosines with the story's sums, the share of the
    article's entities the story names, log days between them (0 within the story's span), whether
    both are dated, and log of the story's size."""
    dated = p.day is not None and s.first is not None and s.last is not None
    gap = max(0, s.first - p.day, p.day - s.last) if dated else 0  # type: ignore[operator]
    return np.array(
        [
            _cos_terms(p.terms, s.terms),
            _cos_vec(p.vector, s.vector),
            _shared_entities(p, s),
            math.log1p(gap),
            1.0 if dated else 0.0,
            math.log(max(1, s.size)),
        ]
    )


@dataclass(slots=True, frozen=True)
class Model:
    """Standardised logistic regression: ``p = sigmoid(((x - mean) / scale) @ coef + bias)``."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, object]:
        def r(xs: np.ndarray) -> list[float]:
            return [float(f"{x:.8g}") for x in xs]

        return {
            "features": list(FEATURES),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "coef": r(self.coef),
            "bias": float(f"{self.bias:.8g}"),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        if tuple(data["features"]) != FEATURES:  # type: ignore[arg-type]
            raise ValueError("the clustering model was trained on other features: retrain it")
        return cls(
            np.array(data["mean"], dtype=np.float64),
            np.array(data["scale"], dtype=np.float64),
            np.array(data["coef"], dtype=np.float64),
            float(data["bias"]),  # type: ignore[arg-type]
        )


@cache
def model() -> Model:
    """The shipped model (``newsprism/data/cluster.json``)."""
    from importlib import resources

    text = resources.files("newsprism").joinpath("data", "cluster.json").read_text("utf-8")
    return Model.from_json(json.loads(text))


class Clusterer:
    """Single-pass story clustering over an inverted index of story keys."""

    def __init__(
        self,
        config: ClusterConfig | None = None,
        stories: Iterable[StoryState] = (),
        next_id: int = 1,
    ) -> None:
        """``next_id``: the id the next new story gets (at least one past every story given)."""
        self.config = config or ClusterConfig()
        self.model = model()
        self.stories: dict[int, StoryState] = {}
        self.index: dict[str, set[int]] = {}
        self._keys: dict[int, list[str]] = {}
        self._next = next_id
        for s in stories:
            self._put(s)
            self._next = max(self._next, s.id + 1)

    # --- index upkeep -------------------------------------------------------------------------
    def _put(self, s: StoryState) -> None:
        self.stories[s.id] = s
        self._reindex(s)

    def _reindex(self, s: StoryState) -> None:
        for k in self._keys.pop(s.id, []):
            self.index.get(k, set()).discard(s.id)
        keys = s.keys(self.config.top_terms)
        self._keys[s.id] = keys
        for k in keys:
            self.index.setdefault(k, set()).add(s.id)

    def _drop(self, story_id: int) -> None:
        for k in self._keys.pop(story_id, []):
            self.index.get(k, set()).discard(story_id)
        self.stories.pop(story_id, None)

    # --- scoring ------------------------------------------------------------------------------
    def candidates(self, p: Profile) -> list[StoryState]:
        """Stories sharing the most index keys with the article, in its time window."""
        cfg = self.config
        hits: Counter[int] = Counter()
        top = sorted(p.terms, key=p.terms.__getitem__, reverse=True)[: cfg.top_terms]
        for k in top + [f"@{e}" for e in p.entities]:
            for sid in self.index.get(k, ()):
                hits[sid] += 1
        out = []
        for sid, _ in hits.most_common():
            s = self.stories[sid]
            if self._in_window(p, s):
                out.append(s)
                if len(out) >= cfg.candidates:
                    break
        return out

    def _in_window(self, p: Profile, s: StoryState) -> bool:
        if p.day is None or s.first is None or s.last is None:
            return True
        q = self.config.quiet_days
        return s.first - q <= p.day <= s.last + q

    def score(self, p: Profile, s: StoryState) -> float:
        """The probability that the article belongs to the story."""
        return float(self.model.probability(features(p, s)[None, :])[0])

    def alike(self, a: StoryState, b: StoryState) -> float:
        """The probability that two stories are one (story ``a`` probed as an article)."""
        probe = a.probe()
        return self.score(probe, b) if self._in_window(probe, b) else 0.0

    # --- the step -----------------------------------------------------------------------------
    def start(self, p: Profile) -> StoryState:
        """A new story of one article."""
        s = StoryState(self._next)
        self._next += 1
        s.add(p)
        self._put(s)
        return s

    def join(self, s: StoryState, p: Profile) -> None:
        s.add(p)
        self._reindex(s)

    def add(self, p: Profile) -> Decision:
        """Put one article in a story: the most probable, or a new one; merge a bridged pair."""
        cfg = self.config
        scored = sorted(((self.score(p, s), s) for s in self.candidates(p)), key=lambda x: -x[0])
        joined = [(sc, s) for sc, s in scored if sc >= cfg.join]
        if not joined:
            return Decision(self.start(p).id, 0.0, "new-story")
        best_score, best = joined[0]
        group = [best.id] + [o.id for _sc, o in joined[1:] if self.alike(o, best) >= cfg.merge]
        keep = min(group)  # the older story (the lower id) keeps its id
        target = self.stories[keep]
        for sid in group:
            if sid != keep:
                target.absorb(self.stories[sid])
                self._drop(sid)
        self.join(target, p)
        merged = [sid for sid in group if sid != keep]
        return Decision(keep, best_score, "bridge-merge" if merged else "joined", merged)
