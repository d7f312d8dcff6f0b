"""Which signals would help story clustering? Feature ablations on the dev streams, in memory.

Each variant adds features to the shipped ones (``newsprism.cluster.FEATURES``), trains the blend
the way ``train.py`` does (teacher forcing on the candidate stories the index offers, logistic
regression over the three dev streams) and runs the single-pass clusterer (``Clusterer.add``,
join and merge thresholds as shipped) over each stream in date order, in memory (not through the
store, so figures differ slightly from ``run.py``'s). The added features need a story's members,
which the shipped story state does not keep; here a side table holds them:

- members: the best word cosine and the best embedding cosine with any one member (single link);
- recency: log days since the story's latest article;
- place: the share of the story's members with a dateline in the article's dateline place.

Figures are in-sample (trained and scored on the same streams), like the shipped model's.

    .venv/bin/python bench/cluster/ablate.py            # writes bench/RESULTS.md
    .venv/bin/python bench/cluster/ablate.py --no-write
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
from results import markdown_table, write_section  # noqa: E402
from run import Item, bcubed, duc_stream, neus_stream  # noqa: E402
from train import fit  # noqa: E402

from newsprism import cluster  # noqa: E402
from newsprism.clean import clean  # noqa: E402
from newsprism.model import RawArticle  # noqa: E402

EXTRA = ("member_terms", "member_vector", "recency", "place")
VARIANTS = {
    "shipped features": (),
    "+ members": ("member_terms", "member_vector"),
    "+ recency": ("recency",),
    "+ place": ("place",),
    "+ all four": EXTRA,
}


@dataclass(slots=True)
class Stream:
    name: str
    items: list[Item]
    profiles: list[cluster.Profile]
    places: dict[int, str]  # id(profile) -> dateline place (its last part: "Turkey")


@dataclass(slots=True)
class Members:
    """The members of each story (what the shipped story state sums up)."""

    of: dict[int, list[cluster.Profile]] = field(default_factory=lambda: defaultdict(list))

    def merge(self, into: int, gone: list[int]) -> None:
        for g in gone:
            self.of[into].extend(self.of.pop(g, []))


def load(name: str, items: list[Item]) -> Stream:
    arts = [
        clean(RawArticle(id=str(k), source=str(k), text=it.text, title=it.title))
        for k, it in enumerate(items)
    ]
    profs = cluster.profiles(arts, cluster.ClusterConfig())
    places = {
        id(p): a.dateline.rsplit(",", 1)[-1].strip().lower()
        for p, a in zip(profs, arts, strict=True)
        if a.dateline
    }
    return Stream(name, items, profs, places)


def extra_features(
    s: Stream, p: cluster.Profile, story: cluster.StoryState, members: Members, keep: tuple
) -> list[float]:
    mem = members.of.get(story.id, [])
    out = []
    if "member_terms" in keep:
        best = max((cluster._cos_terms(p.terms, m.terms) for m in mem), default=0.0)  # type: ignore[arg-type]
        out.append(best)
    if "member_vector" in keep:
        pairs = [(p.vector, m.vector) for m in mem if p.vector is not None]
        out.append(max((float(a @ b) for a, b in pairs if b is not None), default=0.0))
    if "recency" in keep:
        dated = p.day is not None and story.last is not None
        out.append(math.log1p(max(0, p.day - story.last)) if dated else 0.0)  # type: ignore[operator]
    if "place" in keep:
        here = s.places.get(id(p))
        there = [s.places[id(m)] for m in mem if id(m) in s.places]
        out.append(sum(x == here for x in there) / len(there) if here and there else 0.0)
    return out


def row(s: Stream, p: cluster.Profile, story: cluster.StoryState, members: Members, keep: tuple):  # type: ignore[no-untyped-def]
    return np.concatenate([cluster.features(p, story), extra_features(s, p, story, members, keep)])


def training_pairs(s: Stream, keep: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Teacher forcing, as ``train.pairs``: the stories so far built from the gold labels."""
    cl, members = cluster.Clusterer(), Members()
    story_of: dict[str, cluster.StoryState] = {}
    xs, ys = [], []
    for it, p in zip(s.items, s.profiles, strict=True):
        for cand in cl.candidates(p):
            xs.append(row(s, p, cand, members, keep))
            ys.append(int(story_of.get(it.gold) is cand))
        if it.gold in story_of:
            cl.join(story_of[it.gold], p)
        else:
            story_of[it.gold] = cl.start(p)
        members.of[story_of[it.gold].id].append(p)
    return np.array(xs), np.array(ys)


def simulate(s: Stream, model: cluster.Model, keep: tuple, skip=frozenset()):  # type: ignore[no-untyped-def]
    """B-cubed P/R/F1 and the number of stories of the single-pass clusterer over the stream
    (items at the indices in ``skip`` left out)."""
    cl, members = cluster.Clusterer(), Members()
    cl.score = lambda p, story: float(
        model.probability(row(s, p, story, members, keep)[None, :])[0]
    )  # type: ignore[method-assign]
    where: dict[int, list[int]] = defaultdict(list)
    for k, p in enumerate(s.profiles):
        if k in skip:
            continue
        d = cl.add(p)
        members.merge(d.story, d.merged)
        for g in d.merged:
            where[d.story].extend(where.pop(g, []))
        where[d.story].append(k)
        members.of[d.story].append(p)
    pred = {k: sid for sid, ks in where.items() for k in ks}
    kept = sorted(pred)
    return bcubed([s.items[k].gold for k in kept], [pred[k] for k in kept]), len(where)


def shared_documents(s: Stream) -> frozenset[int]:
    """Indices of texts that DUC puts in two different clusters (no clusterer can be right on
    both)."""
    golds: dict[str, set[str]] = defaultdict(set)
    digest = [hashlib.sha1(it.text.encode()).hexdigest() for it in s.items]
    for d, it in zip(digest, s.items, strict=True):
        golds[d].add(it.gold)
    return frozenset(k for k, d in enumerate(digest) if len(golds[d]) > 1)


def _cells(res) -> list[str]:  # type: ignore[no-untyped-def]
    (p, r, f), n = res
    return [f"{p:.3f}", f"{r:.3f}", f"**{f:.3f}**", str(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    streams = {
        "d3": load("d3", duc_stream("d3")),
        "d1": load("d1", duc_stream("d1")),
        "neus": load("neus", neus_stream()),
    }
    rows = []
    for label, keep in VARIANTS.items():
        parts = {n: training_pairs(s, keep) for n, s in streams.items()}
        for train_on in (("d3", "d1", "neus"), ("d3", "neus")):
            if train_on != ("d3", "d1", "neus") and keep:
                continue  # the training-set ablation only for the shipped features
            model = fit([parts[n] for n in train_on])
            for n in ("d3", "neus"):
                res = simulate(streams[n], model, keep)
                rows.append([label, " + ".join(train_on), n, *_cells(res)])
                print(rows[-1], flush=True)
            if not keep and train_on == ("d3", "d1", "neus"):
                skip = shared_documents(streams["d3"])
                res = simulate(streams["d3"], model, keep, skip)
                name = f"d3 without the {len(skip)} documents DUC puts in two clusters"
                rows.append([label, " + ".join(train_on), name, *_cells(res)])
                print(rows[-1], flush=True)
    on_d3 = {r[0]: float(r[5].strip("*")) for r in rows if r[2] == "d3" and r[1].count("+") == 2}
    best = max(on_d3, key=on_d3.__getitem__)
    reading = (
        f"Best on the d3 stream: {best}, F1 {on_d3[best]:.3f} against "
        f"{on_d3['shipped features']:.3f} with the shipped features."
    )
    table = markdown_table(
        ["features", "trained on", "stream", "B³ P", "B³ R", "B³ F1", "stories"], rows
    )
    body = (
        (__doc__ or "").split("\n\n    ")[0].strip()
        + "\n\n"
        + table
        + f"\n\n{reading}"
        + f"\n\nWhole run: {time.perf_counter() - t0:.0f} s."
    )
    if not args.no_write:
        write_section("Story clustering: feature ablations", body, "bench/cluster/ablate.py")


if __name__ == "__main__":
    main()
