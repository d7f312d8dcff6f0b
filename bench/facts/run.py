"""Do the facts hold up? Scores each labelled story's report against hand-labelled sentence pairs.

Each `<story>.pairs.jsonl` here holds candidate sentence pairs of one story (for each sentence,
its most similar sentence in each other article, as a similarity search proposes them), each
labelled by hand `same` (both state the same core claim), `partial`, `different` or
`conflict`; `stories.json` says which files form the story. For the report of each story:

- precision: of the pairs of sentences from different articles that the report puts in one
  multi-source fact and that are labelled, the share labelled `same`;
- recall: of the pairs labelled `same`, the share the report puts in one fact;
- contradicting pairs counted as agreement (in one `consensus` fact): must be 0;
- the same for the summary: of its citations of other sentences, the share labelled `same`.

The comparison model is trained on these labels too (`bench/compare/train.py`), so the figures
for the shipped model are in-sample; `--held-out` scores each story with a model trained
without that story's pairs (what an unseen story gets).

    .venv/bin/python bench/facts/run.py              # writes bench/RESULTS.md
    .venv/bin/python bench/facts/run.py --held-out   # also the held-out figures
    .venv/bin/python bench/facts/run.py --held-out --against d0f538d  # and another revision's
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "bench"), str(HERE)]
import pairfile  # noqa: E402
from pairfile import Key  # noqa: E402
from results import markdown_table, worktree, write_section  # noqa: E402


def labels(story: str) -> dict[Key, str]:
    return {pairfile.key(row): row["label"] for row in pairfile.read(story)}


def score(report, gold: dict[Key, str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    grouped: dict[Key, str] = {}

    def key(r):  # type: ignore[no-untyped-def]
        return (r.article, report.sentence_text(r))

    for fact in report.facts:
        if len(fact.sources) < 2:
            continue
        ev = [key(r) for r in fact.evidence]
        for i, a in enumerate(ev):
            for b in ev[i + 1 :]:
                if a[0] != b[0]:
                    grouped[frozenset((a, b))] = fact.status
    judged = [gold[k] for k in grouped if k in gold]
    same = [k for k, v in gold.items() if v == "same"]
    contradicting = sum(
        1 for k, status in grouped.items() if status == "consensus" and gold.get(k) == "conflict"
    )
    cited = []
    for s in report.summary:
        for c in s.citations:
            for o in s.citations:
                if c.article < o.article:
                    lab = gold.get(frozenset((key(c), key(o))))
                    if lab is not None:
                        cited.append(lab)
    return {
        "hits": sum(v == "same" for v in judged),
        "found": sum(k in grouped for k in same),
        "same": len(same),
        "pairs": len(grouped),
        "labelled": len(judged),
        "precision": 100 * sum(v == "same" for v in judged) / max(1, len(judged)),
        "recall": 100 * sum(k in grouped for k in same) / max(1, len(same)),
        "contradicting": contradicting,
        "summary": 100 * sum(v == "same" for v in cited) / max(1, len(cited)),
        "summary_n": len(cited),
        "consensus": sum(1 for f in report.facts if f.status == "consensus"),
    }


def analyse(paths: list[str], embeddings: bool = True):  # type: ignore[no-untyped-def]
    import newsprism

    return newsprism.analyze([str(ROOT / p) for p in paths], embeddings=embeddings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held-out", action="store_true", help="also score with held-out models")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--against", metavar="REV", help="also score this git revision's reports")
    args = ap.parse_args()
    stories = json.loads((HERE / "stories.json").read_text())
    rows, notes = [], []
    for story, paths in stories.items():
        if not all((ROOT / p).exists() for p in paths):
            notes.append(f"{story}: skipped, its files are not here")
            continue
        gold = labels(story)
        for name, emb in (("newsprism", True), ("newsprism --no-embeddings", False)):
            s = score(analyse(paths, emb), gold)
            rows.append(_row(story, name, s))
            print(rows[-1])
        if args.held_out:
            s = held_out(story, paths, gold)
            rows.append(_row(story, "newsprism, model without this story's labels", s))
            print(rows[-1])
        if args.against:
            s = against(args.against, story, paths)
            rows.append(_row(story, f"`{args.against}` (before)", s))
            print(rows[-1])
    described = "; ".join(
        f"`{story}`, {len(g)} pairs, {sum(v == 'same' for v in g.values())} `same`"
        for story, g in ((name, labels(name)) for name in stories)
    )
    body = (
        f"Hand-labelled candidate pairs (`bench/facts/*.pairs.jsonl`: {described}). "
        "Precision: pairs of sentences of different articles that the report puts in one "
        "multi-source fact and that are labelled, the share labelled `same`; recall: the share of "
        "`same` pairs the report puts in one fact; contradicting: pairs labelled `conflict` "
        "inside a `consensus` fact; summary: of the summary's cross-article citation pairs that "
        "are labelled, the share labelled `same`. The shipped models are trained on these "
        'labels, so their rows are in-sample; the rows "model without this story\'s labels" '
        "are what a story the models never saw gets.\n\n"
        + markdown_table(
            [
                "story",
                "system",
                "pairs in facts",
                "labelled",
                "precision",
                "recall",
                "contradicting as agreed",
                "consensus facts",
                "summary citations same",
            ],
            rows + _pooled_rows(),
        )
        + ("\n\n" + "; ".join(notes) if notes else "")
        + "\n"
    )
    if not args.no_write:
        write_section(
            "Facts: do aligned sentences state the same claim?", body, "bench/facts/run.py"
        )
    return 0


_AGAINST = """
import importlib.util, json, sys
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("facts_run", sys.argv[2])
run = importlib.util.module_from_spec(spec)
sys.modules["facts_run"] = run
spec.loader.exec_module(run)
import newsprism
story, paths = sys.argv[3], json.loads(sys.argv[4])
report = newsprism.analyze([str(run.ROOT / p) for p in paths])
print(json.dumps(run.score(report, run.labels(story))))
"""


def against(rev: str, story: str, paths: list[str]) -> dict[str, float]:
    """Score the reports of another revision (its own source tree, in its own process)."""
    import subprocess

    with worktree(rev) as tree:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                _AGAINST,
                str(tree / "src"),
                __file__,
                story,
                json.dumps(paths),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


POOLED: dict[str, list[float]] = {}


def _pooled_rows() -> list[list[str]]:
    """Each system over all stories: labelled pairs in facts, same among them, same found."""
    rows = []
    for name, (labelled, hits, found, same, contra) in POOLED.items():
        rows.append(
            [
                "all stories",
                name,
                "",
                str(int(labelled)),
                f"{100 * hits / max(1, labelled):.1f}",
                f"{100 * found / max(1, same):.1f}",
                str(int(contra)),
                "",
                "",
            ]
        )
    return rows


def _row(story: str, name: str, s: dict[str, float]) -> list[str]:
    acc = POOLED.setdefault(name.replace(f"`{story}`", ""), [0, 0, 0, 0, 0])
    for k, key in enumerate(("labelled", "hits", "found", "same", "contradicting")):
        acc[k] += s[key]
    return [
        story,
        name,
        str(s["pairs"]),
        str(s["labelled"]),
        f"{s['precision']:.1f}",
        f"{s['recall']:.1f}",
        str(s["contradicting"]),
        str(s["consensus"]),
        f"{s['summary']:.1f} ({s['summary_n']})",
    ]


def held_out(story: str, paths: list[str], gold):  # type: ignore[no-untyped-def]
    """The story scored by a comparison model trained without its labelled pairs."""
    import importlib.util

    from newsprism import relation

    train = sys.modules.get("newsprism_bench_train")
    if train is None:
        spec = importlib.util.spec_from_file_location(
            "newsprism_bench_train", ROOT / "bench" / "compare" / "train.py"
        )
        train = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["newsprism_bench_train"] = train
        spec.loader.exec_module(train)  # type: ignore[union-attr]
    fitted = train.models(exclude=story)
    old = relation.model
    relation.model = lambda embeddings=True, context="pair": fitted[(context, embeddings)]  # type: ignore[assignment]
    try:
        import newsprism.align as align_mod

        align_mod.model = relation.model  # type: ignore[assignment]
        return score(analyse(paths), gold)
    finally:
        relation.model = old
        align_mod.model = old  # type: ignore[assignment]


if __name__ == "__main__":
    sys.exit(main())
