"""Propose the sentence pairs of a story to label by hand (`<story>.pairs.jsonl`, `label` empty).

For each sentence, its most similar sentence in each other article by the analysis's blended
similarity (embeddings, TF-IDF, shared names), when that reaches ``--floor``; and every pair of
sentences of different articles the current report puts in one fact (so precision is measured on
what the report shows). Pairs already labelled stay as they are; new ones are added after them.

    .venv/bin/python bench/facts/candidates.py duc2003-d30028   # paths from stories.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pairfile  # noqa: E402


def _ordered(a, b):  # type: ignore[no-untyped-def]
    """A pair of sentence references in one order (by article, then sentence)."""
    return tuple(sorted((a, b), key=lambda r: (r.article, r.sentence)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("story")
    ap.add_argument("--floor", type=float, default=0.3)
    args = ap.parse_args()
    import newsprism
    from newsprism import align
    from newsprism.model import Ref
    from newsprism.options import Options
    from newsprism.pipeline import prepare, read
    from newsprism.similarity import Blend

    paths = [ROOT / p for p in json.loads((HERE / "stories.json").read_text())[args.story]]
    prep = prepare(read(paths), Options())
    us = [u for u in align.units(prep.articles, prep.index) if u.whole]
    vecs = np.stack([prep.vectors.sentence[u.ref] for u in us])  # type: ignore[union-attr]
    sim = np.vstack([block for _, block in Blend(us, vecs).blocks(align.AlignConfig().cells)])
    arts = np.array([u.ref.article for u in us])
    pairs: set[tuple[Ref, Ref]] = set()
    for i, u in enumerate(us):
        for art in np.unique(arts):
            if art == u.ref.article:
                continue
            cols = np.flatnonzero(arts == art)
            j = int(cols[np.argmax(sim[i, cols])])
            if sim[i, j] >= args.floor:
                pairs.add(_ordered(u.ref, us[j].ref))
    report = newsprism.analyze(paths)
    for fact in report.facts:
        ev = fact.evidence
        for x, a in enumerate(ev):
            for b in ev[x + 1 :]:
                if a.article != b.article:
                    pairs.add(_ordered(a, b))
    text = {Ref(a.id, i): s.text for a in prep.articles for i, s in enumerate(a.sentences)}
    old = pairfile.read(args.story) if pairfile.path(args.story).exists() else []
    labelled = {pairfile.key(row) for row in old}
    rows = []
    for a, b in sorted(
        pairs, key=lambda p: (p[0].article, p[0].sentence, p[1].article, p[1].sentence)
    ):
        row = {
            "a": {"article": a.article, "sentence": a.sentence, "text": text[a]},
            "b": {"article": b.article, "sentence": b.sentence, "text": text[b]},
        }
        if pairfile.key(row) not in labelled:
            rows.append(row | {"label": ""})
    pairfile.write(args.story, old + rows)  # labelled pairs stay, even those no longer proposed
    print(f"{args.story}: {len(old)} labelled pairs, {len(rows)} new to label")
    return 0


if __name__ == "__main__":
    sys.exit(main())
