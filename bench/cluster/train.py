"""Train the story-clustering model (``src/newsprism/data/cluster.json``) reproducibly.

For every article of a dev stream, in stream order, the candidate stories the index offers are
scored as the true story or not, with the stories built so far from the gold labels (teacher
forcing); a logistic regression (scikit-learn, standardised features) learns the blend. The dev
streams are those of ``bench/cluster/run.py``: DUC 2003 event and topic clusters, NeuS validation.

    .venv/bin/python bench/cluster/train.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from run import Item, duc_stream, neus_stream  # noqa: E402

from newsprism import cluster  # noqa: E402
from newsprism.clean import clean  # noqa: E402
from newsprism.model import RawArticle  # noqa: E402

TARGET = ROOT.parents[1] / "src" / "newsprism" / "data" / "cluster.json"


def stream_profiles(items: list[Item], config: cluster.ClusterConfig) -> list[cluster.Profile]:
    arts = [
        clean(RawArticle(id=str(k), source=str(k), text=it.text, title=it.title))
        for k, it in enumerate(items)
    ]
    return cluster.profiles(arts, config)


def pairs(items: list[Item], config: cluster.ClusterConfig) -> tuple[np.ndarray, np.ndarray]:
    profs = stream_profiles(items, config)
    cl = cluster.Clusterer(config)
    story_of: dict[str, cluster.StoryState] = {}
    xs, ys = [], []
    for it, p in zip(items, profs, strict=True):
        for s in cl.candidates(p):
            xs.append(cluster.features(p, s))
            ys.append(int(story_of.get(it.gold) is s))
        if it.gold in story_of:
            cl.join(story_of[it.gold], p)
        else:
            story_of[it.gold] = cl.start(p)
    return np.array(xs), np.array(ys)


def fit(parts: list[tuple[np.ndarray, np.ndarray]]) -> cluster.Model:
    """The blend: a logistic regression over standardised features of the pooled pairs."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(x), y)
    return cluster.Model(scaler.mean_, scaler.scale_, lr.coef_[0], float(lr.intercept_[0]))


def main() -> None:
    config = cluster.ClusterConfig()
    parts = [pairs(s, config) for s in (duc_stream("d3"), duc_stream("d1"), neus_stream())]
    y = np.concatenate([p[1] for p in parts])
    model = fit(parts)
    TARGET.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} pairs ({int(y.sum())} same story); wrote {TARGET}")
    print(dict(zip(cluster.FEATURES, np.round(model.coef, 2), strict=True)))


if __name__ == "__main__":
    main()
