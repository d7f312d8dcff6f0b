"""Do two sentences state the same claim? ``compare(a, b) -> Comparison``.

The judgement has two layers:

1. A small model, logistic regression over features of the two claims: embedding cosine,
   word-piece alignment of the two (BERTScore-like; also with each piece weighed by how rare its
   word is in the context), overlap of informative words (rare in
   English, and rare in their context: in a story, the names every sentence carries count
   little) and of word n-grams, figures, dates and names one has and the other lacks, and the
   parse: whether the main predicate, its subject and its object are the same. It gives
   ``score``, the probability that both state the same claim. Two models, trained by
   ``bench/compare/train.py`` and shipped in ``data/``: for two sentences on their own (MRPC news
   pairs and labelled story pairs) and for two sentences of one story (labelled story pairs,
   calibrated so that a false agreement costs more than a miss).
2. Named rules over it (:mod:`newsprism.pair_rules`), each saying why it fired: different
   speakers of reported speech never make one claim (``speaker-differs``), nor do two named
   actors (``subject-differs``) or two days' news of a running story (``different-days``); the
   same words (of one speaker) are one claim (``word-for-word``); a pair otherwise judged the
   same that gives different figures, dates, polarity or names, or opposite words, is a
   ``conflict``, unless its two main predicates tell two events (``different-events``) or its
   differing figures count in two places (``other-places``). Two copulas with different
   complements say two things (``different-complements``).

Relations: ``same`` (both assert the same core claim; one may add detail), ``partial`` (related:
they share part of it), ``different``, ``conflict``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np

from newsprism import claims as claim_rules
from newsprism.claims import Claim
from newsprism.model import Article, Conflict, Quote, Sentence, Token
from newsprism.pair_rules import (
    Reason,
    days_apart,
    disagreements,
    other_complements,
    other_events,
    other_places,
    speaker_rule,
    subject_rule,
)

Relation = Literal["same", "partial", "different", "conflict"]
RELATIONS: tuple[Relation, ...] = ("same", "partial", "different", "conflict")


@dataclass(slots=True, frozen=True)
class CompareConfig:
    """Decision thresholds on the model's probability that two claims are the same."""

    same: float = 0.5  # at least this: the same claim, or, if a disagreement rule fires, a conflict
    partial: float = 0.25  # at least this: related, sharing part of the claim


@dataclass(slots=True)
class Comparison:
    relation: Relation
    score: float  # probability that both state the same claim
    why: list[Reason] = field(default_factory=list)
    findings: list[Conflict] = field(default_factory=list)  # conflict details


# ---------------------------------------------------------------------------------------- features

FEATURES = (
    "cosine",
    "align_min",
    "align_max",
    "align_f",
    "info_min",
    "info_max",
    "ngram1_min",
    "ngram1_max",
    "ngram2_min",
    "ngram2_max",
    "ngram3_min",
    "ngram3_max",
    "ngram4_min",
    "ngram4_max",
    "lemma_jaccard",
    "fuzzy_set",
    "fuzzy_sort",
    "fuzzy_ratio",
    "length_ratio",
    "log_length",
    "figures_unshared",
    "figures_disjoint",
    "figures_nested",
    "names_unshared",
    "names_unshared_share",
    "quoted",
    "context_min",
    "context_max",
    "dates_shared",
    "dates_differ",
    "negation_differs",
    "predicate_same",
    "subject_same",
    "object_same",
    "frames_both",
    "weighted_min",
    "weighted_max",
    "weighted_f",
    "english_f",
)


@lru_cache(maxsize=65536)
def _info(word: str) -> float:
    """How informative a word is: rarer says more (8 minus its Zipf frequency, at least 0.5)."""
    from wordfreq import zipf_frequency

    return max(0.5, 8.0 - zipf_frequency(word, "en"))


def rarity_in(docs: Iterable[Iterable[str]]) -> Rarity:
    """How rare each word is among ``docs`` (inverse document frequency, smoothed); a word none of
    them has counts as the rarest."""
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        df.update(set(doc))
        n += 1
    top = math.log(n + 1) + 1.0

    def rarity(word: str) -> float:
        seen = df.get(word)
        return top if seen is None else math.log((n + 1) / (seen + 1)) + 1.0

    return rarity


def _directional(shared: float, a: float, b: float) -> tuple[float, float]:
    x, y = shared / a if a else 0.0, shared / b if b else 0.0
    return min(x, y), max(x, y)


def _ngrams(ws: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def _figures(c: Claim) -> set[str]:
    out = {f"{n.value:g}" for n in c.numbers if n.value is not None}
    out |= {w for w in c.words if w.isdigit()}
    return out


Best = tuple[np.ndarray, np.ndarray] | None  # each piece's best match in the other claim


def best_with(a: Claim, others: Sequence[Claim]) -> list[Best]:
    """Each piece's best match, of a claim with each of several (``None`` where either has no
    token vectors), from one product of their token vectors."""
    out: list[Best] = [None] * len(others)
    if a.states is None or not len(a.states):
        return out
    ok = [k for k, b in enumerate(others) if b.states is not None and len(b.states)]
    if not ok:
        return out
    sizes = [len(others[k].states) for k in ok]  # type: ignore[arg-type]
    starts = np.cumsum([0, *sizes[:-1]])
    m = a.states @ np.vstack([others[k].states for k in ok]).T  # type: ignore[misc]
    rows = np.maximum.reduceat(m, starts, axis=1)  # each of a's pieces, its best in each other
    cols = m.max(axis=0)
    for n, (k, at, size) in enumerate(zip(ok, starts, sizes, strict=True)):
        out[k] = rows[:, n], cols[at : at + size]
    return out


def _spread(p: float, r: float) -> tuple[float, float, float]:
    """Two directional scores as the lesser, the greater and their harmonic mean."""
    return min(p, r), max(p, r), 2 * p * r / (p + r) if p + r > 0 else 0.0


def _align(best: Best) -> tuple[float, float, float]:
    if best is None:
        return 0.0, 0.0, 0.0
    a, b = best  # float32 sums over the count: what ``mean`` gives, without its overhead
    return _spread(float(a.sum() / len(a)), float(b.sum() / len(b)))


Rarity = Callable[[str], float]


def _weighted(best: Best, wa: np.ndarray, wb: np.ndarray) -> tuple[float, float, float]:
    """Token alignment with each piece weighed by its word (stop words and punctuation weigh
    nothing): how much of each claim's content the other carries, the lesser, the greater and
    their harmonic mean."""
    if best is None:
        return 0.0, 0.0, 0.0
    sa, sb = wa.sum(), wb.sum()
    if not sa or not sb:
        return 0.0, 0.0, 0.0
    return _spread(float(wa @ best[0] / sa), float(wb @ best[1] / sb))


def _piece_weights(c: Claim, weigh: Rarity) -> np.ndarray:
    if c.states is None or len(c.pieces) != len(c.states):
        return np.zeros(0)
    return np.array([weigh(w) if w else 0.0 for w in c.pieces], dtype=np.float64)


def _side(c: Claim, weigh: Rarity) -> dict[str, object]:
    """What a claim brings to every comparison, computed once per claim (and weighing)."""
    key = ("side", weigh)
    found = c.memo.get(key)
    if found is None:
        words = set(c.words)
        found = {
            "words": words,
            "info": math.fsum(_info(w) for w in words),  # exact: the same in any set order
            "context": math.fsum(weigh(w) for w in words),
            "grams": [_ngrams(c.words, n) for n in (1, 2, 3, 4)],
            "lemmas": set(c.lemmas),
            "figures": _figures(c),
            "names": c.all_names,
            "times": {t.value for t in c.times if t.value},
            "pieces": _piece_weights(c, weigh),  # by rarity in the context
            "english": _piece_weights(c, _info),  # by rarity in English
        }
        c.memo[key] = found
    return found  # type: ignore[return-value]


def features(
    a: Claim, b: Claim, rarity: Rarity | None = None, best: Best | Literal[False] = False
) -> np.ndarray:
    """The feature vector of a pair, in the order of ``FEATURES``; symmetric in ``a`` and ``b``.
    ``rarity`` weighs a word by how rare it is in its context (a story: the names every sentence
    carries count little); without it, by how rare it is in English. ``best``: the pair's token
    matches when already found (``best_with``)."""
    from rapidfuzz import fuzz

    weigh = rarity or _info
    x, y = _side(a, weigh), _side(b, weigh)
    cos = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    sa, sb = x["words"], y["words"]
    shared = sa & sb  # type: ignore[operator]
    info = _directional(math.fsum(_info(w) for w in shared), x["info"], y["info"])  # type: ignore[arg-type]
    grams: list[float] = []
    for ga, gb in zip(x["grams"], y["grams"], strict=True):  # type: ignore[call-overload]
        grams.extend(_directional(len(ga & gb), len(ga), len(gb)))
    la, lb = x["lemmas"], y["lemmas"]
    fa, fb = x["figures"], y["figures"]
    na, nb = x["names"], y["names"]
    fr_a, fr_b = a.frame, b.frame
    both = fr_a.predicate is not None and fr_b.predicate is not None
    la_n, lb_n = len(a.words), len(b.words)
    context = _directional(math.fsum(weigh(w) for w in shared), x["context"], y["context"])  # type: ignore[arg-type]
    ta, tb = x["times"], y["times"]
    best = best_with(a, [b])[0] if best is False else best
    dates_shared = any(p.startswith(q) or q.startswith(p) for p in ta for q in tb)  # type: ignore[attr-defined]
    return np.array(
        [
            cos,
            *_align(best),
            *info,
            *grams,
            len(la & lb) / max(1, len(la | lb)),  # type: ignore[operator]
            fuzz.token_set_ratio(a.text, b.text) / 100,
            fuzz.token_sort_ratio(a.text, b.text) / 100,
            fuzz.ratio(a.text, b.text) / 100,
            min(la_n, lb_n) / max(1, la_n, lb_n),
            math.log(1 + la_n + lb_n),
            len(fa ^ fb),  # type: ignore[operator]
            float(bool(fa) and bool(fb) and not fa & fb),  # type: ignore[operator]
            float(fa <= fb or fb <= fa),  # type: ignore[operator]
            len(na ^ nb),  # type: ignore[operator]
            len(na ^ nb) / max(1, len(na | nb)),  # type: ignore[operator]
            float(a.quoted or b.quoted),
            *context,
            float(dates_shared),
            float(bool(ta) and bool(tb) and not dates_shared),
            float(fr_a.negated != fr_b.negated),
            float(both and fr_a.predicate == fr_b.predicate),
            float(fr_a.subject is not None and fr_a.subject == fr_b.subject),
            float(fr_a.object is not None and fr_a.object == fr_b.object),
            float(both),
            *_weighted(best, x["pieces"], y["pieces"]),  # type: ignore[arg-type]
            _weighted(best, x["english"], y["english"])[2],  # type: ignore[arg-type]
        ],
        dtype=np.float64,
    )


# ------------------------------------------------------------------------------------------- model


@dataclass(slots=True, frozen=True)
class Model:
    """Standardised logistic regression: ``p = sigmoid(((x - mean) / scale) @ coef + bias)``."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float
    config: CompareConfig

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.bias

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(x)))

    def pulls(self, x: np.ndarray) -> list[tuple[str, float]]:
        """Each feature's contribution to the log-odds, strongest first."""
        part = (x - self.mean) / self.scale * self.coef
        order = np.argsort(-np.abs(part))
        return [(self.names[k], float(part[k])) for k in order]

    def to_json(self) -> dict[str, object]:
        """The model as JSON data, at 8 significant digits (retraining gives the same file: the
        encoder's threads vary the last digits of a float)."""

        def r(xs: np.ndarray) -> list[float]:
            return [float(f"{x:.8g}") for x in xs]

        return {
            "features": list(self.names),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "coef": r(self.coef),
            "bias": float(f"{self.bias:.8g}"),
            "thresholds": {
                "same": self.config.same,
                "partial": self.config.partial,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        features = data["features"]
        if not isinstance(features, list):
            raise ValueError("the comparison model has no feature list: retrain it")
        names = tuple(str(f) for f in features)
        if names != FEATURES:
            raise ValueError("the comparison model was trained on other features: retrain it")
        th = data.get("thresholds", {})
        return cls(
            names,
            np.array(data["mean"], dtype=np.float64),
            np.array(data["scale"], dtype=np.float64),
            np.array(data["coef"], dtype=np.float64),
            float(data["bias"]),  # type: ignore[arg-type]
            CompareConfig(**th),  # type: ignore[arg-type]
        )


Context = Literal["pair", "story"]
MODEL_FILES: dict[tuple[Context, bool], str] = {
    ("pair", True): "compare.json",
    ("pair", False): "compare-lexical.json",
    ("story", True): "compare-story.json",
    ("story", False): "compare-story-lexical.json",
}
EMBEDDING_FEATURES = (
    "cosine",
    "align_min",
    "align_max",
    "align_f",
    "weighted_min",
    "weighted_max",
    "weighted_f",
    "english_f",
)


@lru_cache(maxsize=4)
def model(embeddings: bool = True, context: Context = "pair") -> Model:
    """A shipped comparison model (``newsprism/data/compare*.json``). ``pair``: two sentences on
    their own (trained on MRPC and labelled story pairs); ``story``: two sentences of different
    outlets' reports of one event, where much is shared by every sentence, so the same claim shows
    with less overlap (trained on labelled story pairs, calibrated so that a false agreement costs
    more than a miss). Without ``embeddings``, the models trained without embedding features."""
    name = MODEL_FILES[(context, embeddings)]
    text = resources.files("newsprism").joinpath("data", name).read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))


def judge(
    a: Claim,
    b: Claim,
    m: Model | None = None,
    rarity: Rarity | None = None,
    explain: bool = True,
    best: Best | Literal[False] = False,
) -> Comparison:
    """The relation of two claims, with the rules that decided it and (``explain``) the three
    features that pulled hardest (a story's alignment, which never shows them, skips them);
    ``best``: the pair's token matches when already found (``best_with``)."""
    m = m or model()
    x = features(a, b, rarity, best)
    score = float(m.probability(x))
    cfg = m.config
    why = [
        Reason(name, f"{'for' if pull > 0 else 'against'} the same claim", round(pull, 3))
        for name, pull in (m.pulls(x)[:3] if explain else [])
    ]

    def apart(rule: Reason) -> Comparison:  # never one claim, and no conflict of sources
        why.insert(0, rule)
        return Comparison("partial" if score >= cfg.partial else "different", round(score, 4), why)

    speaker = speaker_rule(a, b)
    if speaker is not None:  # two people's words
        return apart(speaker)
    if a.words and a.words == b.words:  # one text printed twice is one claim, whatever its
        # figures pair up as (a short copy's relative dates may also be read against two days:
        # pipeline.date_reprints aligns only copies of reprint_words or more)
        why.insert(0, Reason("word-for-word", "both print the same words"))
        return Comparison("same", 1.0, why)
    actors_or_days = subject_rule(a, b) or days_apart(a, b)
    if actors_or_days is not None:
        return apart(actors_or_days)
    complements = other_complements(a, b) if score >= cfg.same else None
    if complements is not None:  # judged the same: related
        return apart(complements)
    # a conflict is a pair about one claim that differs in a detail: only claims otherwise judged
    # the same can conflict ("arrested on Saturday" / "condemned the arrest on Sunday" cannot)
    found = disagreements(a, b, True) if score >= cfg.same else []
    events = (other_events(a, b, found) or other_places(a, b, found)) if found else None
    if events is not None:  # judged the same (score >= same): related
        return apart(events)
    if found:
        kinds = ", ".join(sorted({f.type for f in found}))
        why.insert(0, Reason("disagree", f"about one thing, but they differ on: {kinds}"))
        return Comparison("conflict", round(score, 4), why, found)
    relation: Relation = (
        "same" if score >= cfg.same else "partial" if score >= cfg.partial else "different"
    )
    return Comparison(relation, round(score, 4), why)


# -------------------------------------------------------------------------------------- public API


def claims_of(
    texts: Sequence[str], embeddings: bool = True, ids: Sequence[str] | None = None
) -> list[Claim]:
    """The claim of each text, each read as one article of one paragraph: parsed, its quotes and
    speakers found, embedded; a text of several sentences is one claim."""
    from newsprism import annotate
    from newsprism.extract import quotes
    from newsprism.model import Article, Paragraph

    names = list(ids) if ids is not None else [f"t{k}" for k in range(len(texts))]
    arts = [Article(id=names[k], source=f"<text {k + 1}>", text=t) for k, t in enumerate(texts)]
    for art in arts:
        art.paragraphs = [Paragraph(0, len(art.text))]
    annotate.annotate(arts)
    states = None
    if embeddings:
        from newsprism.nlp import encoder

        states = encoder().encode_tokens([a.text for a in arts])[1]
    out = []
    for k, art in enumerate(arts):
        found = quotes.find(art)
        shift = _as_one_sentence(art, found)
        embed = None
        if states is not None:

            def embed(_ref: object, lo: int, hi: int, st=states[k], shift=shift):  # type: ignore[no-untyped-def]
                vector, units, offsets = st.span(lo + shift, hi + shift)
                return vector, units, offsets - shift

        sent = art.sentences[0]
        out.append(claim_rules.build(art, 0, sent.start, sent.end, found, str, embed))
    return out


def _as_one_sentence(art: Article, found: list[Quote]) -> int:
    """Make all of a text's sentences one, their parses joined (head indices shifted); returns
    where it starts."""
    tokens: list[Token] = []
    for s in art.sentences:
        shift = len(tokens)
        tokens.extend(
            Token(t.start, t.end, t.lemma, t.pos, t.tag, t.dep, t.head + shift, t.stop)
            for t in s.tokens
        )
    if art.sentences:
        lo, hi = art.sentences[0].start, art.sentences[-1].end
    else:
        lo, hi = 0, len(art.text)
    art.sentences = [Sentence(lo, hi, art.text[lo:hi], tokens=tokens)]
    for group in (found, art.mentions, art.numbers, art.times):
        for item in group:
            item.sentence = 0
    return lo


def compare(a: str, b: str, embeddings: bool = True) -> Comparison:
    """Do ``a`` and ``b`` state the same claim? ``relation`` is ``same``, ``partial``,
    ``different`` or ``conflict``; ``score`` the probability of the same claim; ``why`` the
    features and rules that decided."""
    from newsprism.errors import UsageError

    for name, text in (("a", a), ("b", b)):
        if not isinstance(text, str):
            raise UsageError(f"compare: {name} must be a string, not {type(text).__name__}")
        if not text.strip():
            raise UsageError(f"compare: {name} is empty")
        if len(text) > 20_000:
            raise UsageError(f"compare: {name} is over 20,000 characters: compare sentences")
    ca, cb = claims_of([a, b], embeddings, ids=("a", "b"))
    return judge(ca, cb, model(embeddings))


def to_dict(result: Comparison) -> dict[str, object]:
    """A comparison as JSON data."""
    return {
        "relation": result.relation,
        "score": result.score,
        "why": [{"name": r.name, "detail": r.detail, "effect": r.effect} for r in result.why],
        "conflicts": [asdict(c) for c in result.findings],
    }
