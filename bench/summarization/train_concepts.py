"""Train the concept model of ``newsprism.concepts`` (what a summary's concepts are worth), and
score it.

Two kinds of stories with summaries written by people: the 60 DUC 2003 clusters
(``../shared/eval/duc2003``: 30 event clusters ``d3*``, 30 topic clusters ``d1*``, about ten long
articles each, four abstracts) and the first 100 NeuS validation stories (three short articles,
one summary; the stories ``bench/summarization/run.py`` counts as tuned on), each row of theirs
counting ``NEUS_WEIGHT`` times. Each story is analysed by newsprism; each of its concepts (word
pairs, ``newsprism.concepts.table``, featurized by the very code the summary runs) is labelled 1
when people summarising the story used it: when one of its uses, as the scorer sees words (lower
case, Porter stems), is a word pair of one of the story's human summaries.

A boosted tree ensemble (scikit-learn's ``HistGradientBoostingClassifier``, fixed settings,
no early stopping: the same model every run) is fitted and written to
``src/newsprism/data/concepts.json`` as plain trees (``newsprism.concepts.Trees``, checked here
to give scikit-learn's probabilities). Scored on what it was not trained on: each kind of DUC
cluster by the model trained on the other kind (and the NeuS stories), and the other 207 NeuS
stories by the shipped model; ROC AUC of its probabilities beside the worth the summary gave
concepts before (the number of independent sources using a concept).
``bench/summarization/duc.py`` scores summaries made with the two half models too.

    .venv/bin/python bench/summarization/train_concepts.py --cache DIR   # train, write the model
    .venv/bin/python bench/summarization/train_concepts.py --no-write
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
from duc import _WORD, DUC, _stems, analysis, clusters  # noqa: E402
from results import fixed_hash_seed, markdown_table, write_section  # noqa: E402
from run import NEUS, TUNED_ON, neus_to_folder  # noqa: E402

from newsprism import concepts  # noqa: E402
from newsprism.model import Report  # noqa: E402

MODEL = HERE.parents[1] / "src" / "newsprism" / "data" / "concepts.json"
SETTINGS = {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 15}
NEUS_WEIGHT = 4.0  # a NeuS story is short: each of its rows counts this many times


@cache
def stem(word: str) -> str:
    """A word as the scorer sees it: Porter-stemmed, by the stemmer ``duc.py`` uses."""
    return _porter().stem(word)  # type: ignore[attr-defined]


@cache
def _porter():  # type: ignore[no-untyped-def]
    return _stems()[0]


def references(cluster: str) -> list[str]:
    """A DUC cluster's human abstracts."""
    refs = sorted((DUC / f"{cluster}.refs").glob("*.txt"))
    return [f.read_text("utf-8", errors="replace") for f in refs]


def reference_pairs(texts: list[str]) -> set[tuple[str, str]]:
    """The word pairs of human abstracts, as the scorer sees them."""
    out: set[tuple[str, str]] = set()
    for text in texts:
        words = [stem(w) for w in _WORD.findall(text.lower())]
        out |= set(itertools.pairwise(words))
    return out


def labelled(report: Report, abstracts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A cluster's concept features and labels."""
    found, x = concepts.table(report)
    uses: dict[concepts.Concept, set[tuple[str, str]]] = {}
    for art in report.articles:
        for sent in art.sentences:
            for a, b in concepts.pairs(sent):
                ta, tb = sent.tokens[a], sent.tokens[b]
                words = (art.text[ta.start : ta.end].lower(), art.text[tb.start : tb.end].lower())
                uses.setdefault(concepts.concept(sent, a, b), set()).add(
                    (stem(words[0]), stem(words[1]))
                )
    refs = reference_pairs(abstracts)
    y = np.array([int(bool(uses.get(c, set()) & refs)) for c in found], dtype=np.int64)
    return x, y


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> concepts.Trees:
    """The boosted trees, as plain arrays (checked against scikit-learn's own probabilities);
    ``weight``: how much each row counts."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    gb = HistGradientBoostingClassifier(**SETTINGS, early_stopping=False, random_state=0)
    gb.fit(x, y, sample_weight=weight)
    # the trees are scikit-learn's internals (pinned in requirements/constraints.txt), so the
    # exported copy is checked against predict_proba below
    trees = []
    for (predictor,) in gb._predictors:  # one tree an iteration for a binary label
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].astype(np.int64),
                "threshold": nodes["num_threshold"].astype(np.float64),
                "left": nodes["left"].astype(np.int64),
                "right": nodes["right"].astype(np.int64),
                "leaf": nodes["is_leaf"].astype(bool),
                "value": nodes["value"].astype(np.float64),
            }
        )
    base = float(np.ravel(gb._baseline_prediction)[0])
    model = concepts.Trees.from_json(concepts.Trees(base, tuple(trees)).to_json())
    mine, theirs = model.probability(x), gb.predict_proba(x)[:, 1]
    gap = float(np.abs(mine - theirs).max())
    if gap > 1e-6:
        raise SystemExit(f"the exported trees disagree with scikit-learn by {gap:.2g}")
    return model


Rows = tuple[np.ndarray, np.ndarray]  # one story's concept features and labels


def fit_parts(parts: list[Rows], extra: list[Rows]) -> concepts.Trees:
    """The model of DUC clusters' rows (``parts``) and NeuS stories' rows (``extra``, each row
    counting ``NEUS_WEIGHT`` times)."""
    rows = parts + extra
    weight = np.concatenate(
        [np.ones(len(y)) for _, y in parts] + [np.full(len(y), NEUS_WEIGHT) for _, y in extra]
    )
    return fit(np.vstack([x for x, _ in rows]), np.concatenate([y for _, y in rows]), weight)


def half_models(duc: dict[str, Rows], extra: list[Rows]) -> dict[str, concepts.Trees]:
    """For each kind of DUC cluster (``d1``, ``d3``), the model trained on the other kind (and
    the NeuS stories ``extra``)."""
    out = {}
    for test in ("d1", "d3"):
        out[test] = fit_parts([v for k, v in duc.items() if not k.startswith(test)], extra)
    return out


def duc_rows(cache_dir: Path | None) -> dict[str, Rows]:
    return {c.name: labelled(analysis(c, cache_dir), references(c.name)) for c in clusters(None)}


def neus_rows(limit: int | None = None) -> list[Rows]:
    """NeuS stories' rows, in story order (the first ``limit``)."""
    import newsprism

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = neus_to_folder(NEUS, Path(tmp) / "neus", limit)
        for story in sorted(p for p in corpus.iterdir() if not p.name.endswith(".refs")):
            abstracts = [
                f.read_text("utf-8") for f in sorted((corpus / f"{story.name}.refs").glob("*.txt"))
            ]
            out.append(labelled(newsprism.analyze(story), abstracts))
    return out


def _auc(rows: list[Rows], model: concepts.Trees) -> list[str]:
    from sklearn.metrics import roc_auc_score

    x, y = np.vstack([x for x, _ in rows]), np.concatenate([y for _, y in rows])
    before = x[:, concepts.FEATURES.index("origins")]
    return [
        f"{len(y):,}",
        f"{y.mean():.1%}",
        f"{roc_auc_score(y, model.probability(x)):.3f}",
        f"{roc_auc_score(y, before):.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep each DUC cluster's analysis here")
    parser.add_argument("--no-write", action="store_true", help="score only")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    duc = duc_rows(args.cache)
    neus = neus_rows()
    train, held_out = neus[:TUNED_ON], neus[TUNED_ON:]
    halves = half_models(duc, train)
    model = fit_parts(list(duc.values()), train)
    rows = [
        [label, *_auc([v for k, v in duc.items() if k.startswith(kind)], halves[kind])]
        for kind, label in (
            ("d3", "DUC event clusters (d3*), model without them"),
            ("d1", "DUC topic clusters (d1*), model without them"),
        )
    ]
    rows.append([f"NeuS stories {TUNED_ON + 1}-{len(neus)} (held out)", *_auc(held_out, model)])
    header = ["scored on", "concepts", "used by people", "AUC", "AUC before"]
    text = markdown_table(header, rows)
    print(text)
    print(f"{time.perf_counter() - start:.0f} s")
    if not args.no_write:
        MODEL.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n")
        body = (
            __doc__.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]
            + "\n\n"
            + text
            + "\n\nAUC before: the number of independent sources using a concept, the worth the "
            "summary gave concepts before this model."
        )
        title = "Summary concepts: what people use"
        write_section(title, body, "bench/summarization/train_concepts.py")


if __name__ == "__main__":
    fixed_hash_seed()
    main()
