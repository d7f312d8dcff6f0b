"""ROUGE benchmark of the cited summary against Lead, LexRank and TextRank (sumy).

Every system sees the same stories, cleaned and split into sentences the same way (newsprism's
cleaning and spaCy sentences), and gets the same budget: the reference's length in words. Each picks
whole sentences in its own order of preference, skipping any that would pass the budget (newsprism
may also take a sentence in a shortened form, see ``newsprism.shorten``). ROUGE-1/2/L
F1 with stemming (``rouge-score``), averaged over stories.

    .venv/bin/python bench/summarization/run.py               # NeuS validation (307 stories)
    .venv/bin/python bench/summarization/run.py --corpus DIR  # <story>/*.txt, <story>.refs/*.txt
    .venv/bin/python bench/summarization/run.py --limit 50    # a quick look (not recorded)
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from results import fixed_hash_seed, markdown_table, write_section  # noqa: E402

NEUS = ROOT.parent / "shared" / "eval" / "neus-val"
TUNED_ON = 100
SYSTEMS = ("newsprism", "Lead", "Lead round-robin", "LexRank", "TextRank")


def neus_to_folder(neus: Path, out: Path, limit: int | None) -> Path:
    """Lay NeuS out as <story>/<outlet>.txt with <story>.refs/ref.txt."""
    sources = neus.joinpath("val.source").read_text(encoding="utf-8").split("\n")
    targets = neus.joinpath("val.target").read_text(encoding="utf-8").split("\n")
    n = 0
    for i, (src, tgt) in enumerate(zip(sources, targets, strict=False)):
        if not src.strip() or not tgt.strip():
            continue
        story = out / f"story{i:03d}"
        story.mkdir(parents=True)
        for k, part in enumerate(src.split("[SEP]")):
            title, _, body = part.partition("ARTICLE=>")
            # NeuS ends every headline with a period it added; real headlines have none
            title = title.replace("TITLE=>", "").strip().removesuffix(".")
            story.joinpath(f"{k}.txt").write_text(f"{title}\n\n{body.strip()}\n", encoding="utf-8")
        refs = out / f"story{i:03d}.refs"
        refs.mkdir()
        refs.joinpath("ref.txt").write_text(
            tgt.split("ARTICLE=>")[-1].strip() + "\n", encoding="utf-8"
        )
        n += 1
        if limit and n >= limit:
            break
    return out


class _Words:
    """The word tokenizer sumy's models need (sumy's own needs NLTK data we cannot download)."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"\w+", text)


def _fit(ranked: list[tuple[int, str]], budget: int) -> list[tuple[int, str]]:
    chosen, used = [], 0
    for pos, text in ranked:
        n = len(text.split())
        if used + n <= budget:
            chosen.append((pos, text))
            used += n
    return chosen


def _sumy_ranked(kind: str, sentences: list[str]) -> list[tuple[int, str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = LexRankSummarizer if kind == "LexRank" else TextRankSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    objs = [Sentence(s, _Words()) for s in sentences]
    doc = ObjectDocumentModel([Paragraph(objs)])
    captured: list = []
    summarizer(doc, lambda infos: captured.extend(infos) or [])
    return [(info.order, str(info.sentence)) for info in captured]


def summaries(story: Path, budget: int) -> dict[str, str]:
    import newsprism
    from newsprism.clean import clean
    from newsprism.ingest import read_paths

    out: dict[str, str] = {}
    report = newsprism.analyze(story, summary_words=budget)
    out["newsprism"] = " ".join(s.text for s in report.summary)
    # the baselines get the very same cleaned articles and sentences
    docs = [
        [s.text for s in a.sentences if not s.heading and s.duplicate_of is None]
        for a in report.articles
    ]
    flat = [s for d in docs for s in d]
    order = {id(s): k for k, s in enumerate(flat)}
    lead = [(order[id(s)], s) for s in docs[0]] + [(order[id(s)], s) for d in docs[1:] for s in d]
    out["Lead"] = " ".join(t for _, t in _fit(lead, budget))
    rr = []
    for k in range(max(map(len, docs))):
        rr += [(order[id(d[k])], d[k]) for d in docs if k < len(d)]
    out["Lead round-robin"] = " ".join(t for _, t in _fit(rr, budget))
    for kind in ("LexRank", "TextRank"):
        picked = sorted(_fit(_sumy_ranked(kind, flat), budget))
        out[kind] = " ".join(t for _, t in picked)
    del clean, read_paths
    return out


Scores = dict[str, dict[str, list[float]]]


def evaluate(corpus: Path) -> tuple[Scores, float]:
    """Per-story ROUGE F1 × 100 of every system, in story order, and the run's time."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores: dict[str, dict[str, list[float]]] = {
        s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in SYSTEMS
    }
    stories = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.endswith(".refs"))
    start = time.perf_counter()
    for n, story in enumerate(stories, 1):
        refs = [
            p.read_text(encoding="utf-8").strip()
            for p in sorted((corpus / f"{story.name}.refs").glob("*.txt"))
        ]
        if not refs:
            continue
        budget = round(statistics.mean(len(r.split()) for r in refs))
        outs = summaries(story, budget)
        for system, text in outs.items():
            per_ref = [scorer.score(ref, text) for ref in refs]
            for metric in ("rouge1", "rouge2", "rougeL"):
                scores[system][metric].append(
                    statistics.mean(s[metric].fmeasure for s in per_ref) * 100
                )
        if n % 25 == 0:
            print(f"{n}/{len(stories)} stories", file=sys.stderr)
    return scores, time.perf_counter() - start


def means(scores: Scores, start: int = 0) -> dict[str, dict[str, float]]:
    return {s: {m: statistics.mean(v[start:]) for m, v in ms.items()} for s, ms in scores.items()}


def paired(scores: Scores, a: str, b: str, start: int = 0, metric: str = "rouge2") -> str:
    """The mean per-story difference a - b with a 95% bootstrap interval, and how often a wins."""
    import numpy as np

    diff = np.array(scores[a][metric][start:]) - np.array(scores[b][metric][start:])
    rng = np.random.default_rng(0)
    means = rng.choice(diff, size=(10000, len(diff)), replace=True).mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return (
        f"{a} - {b}: {diff.mean():+.2f} (95% bootstrap interval {lo:+.2f} to {hi:+.2f}); "
        f"{a} ahead on {(diff > 0).sum()}, behind on {(diff < 0).sum()}, level on "
        f"{(diff == 0).sum()} stories"
    )


def table(avg: dict[str, dict[str, float]]) -> str:
    rows = [
        [f"**{system}**" if system == "newsprism" else system]
        + [f"{avg[system][m]:.2f}" for m in ("rouge1", "rouge2", "rougeL")]
        for system in sorted(avg, key=lambda s: -avg[s]["rouge2"])
    ]
    return markdown_table(["system", "ROUGE-1", "ROUGE-2", "ROUGE-L"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="<story>/*.txt with <story>.refs/*.txt")
    parser.add_argument("--limit", type=int, help="only the first N NeuS stories (not recorded)")
    parser.add_argument(
        "--tuned-on",
        type=int,
        default=TUNED_ON,
        help="stories the summary weights were tuned on; the rest are reported apart as held out",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or neus_to_folder(NEUS, Path(tmp) / "neus", args.limit)
        scores, elapsed = evaluate(corpus)
    n = len(scores["newsprism"]["rouge1"])
    text = table(means(scores))
    print(text)
    gap = paired(scores, "newsprism", "TextRank")
    print(f"\nROUGE-2 {gap}")
    held = held_gap = ""
    if args.corpus is None and n > args.tuned_on:
        held = table(means(scores, args.tuned_on))
        held_gap = paired(scores, "newsprism", "TextRank", args.tuned_on)
        print(f"\nheld out (stories {args.tuned_on + 1}-{n}):\n{held}\nROUGE-2 {held_gap}")
    if args.corpus is None and args.limit is None:
        body = (
            f"NeuS validation set (`../shared/eval/neus-val`): {n} stories, three outlets each "
            "(left, centre, right), one neutral human summary. F1 × 100, `rouge-score` with "
            "stemming. Every system gets the reference's length in words and the same cleaned "
            "sentences; Lead takes the first article in order, Lead round-robin the first sentence "
            "of each article, then the second...; LexRank and TextRank are sumy 0.13's, ranking "
            f"the sentences of all three articles.\n\nAll {n} stories:\n\n{text}\n\n"
            f"ROUGE-2, story by story, {gap}.\n\n"
            "The summary's concept model (`newsprism.concepts`) was trained on DUC 2003 and on "
            f"the first {args.tuned_on} stories here (`bench/summarization/train_concepts.py`); "
            "its settings (`newsprism.summarize.SummaryConfig`) were tuned on DUC 2003 and "
            "checked on all NeuS stories. On the "
            f"{n - args.tuned_on} stories the model never saw ({args.tuned_on + 1}-{n}) "
            f"alone:\n\n{held}\n\n"
            f"ROUGE-2, story by story, {held_gap}.\n\nWhole run: {elapsed:.0f} s."
        )
        write_section("Summarization (ROUGE on NeuS)", body, "bench/summarization/run.py")


if __name__ == "__main__":
    fixed_hash_seed()
    main()
