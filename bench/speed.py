"""Speed benchmark on the example story: cold CLI, warm analysis, and the floor.

- cold CLI: ``newsprism analyze examples/samarkand-2022 -o out.json`` in a new process, wall time;
- warm analysis: ``newsprism.analyze(...)`` in a process that has already loaded the model;
- floor (the baseline the issue names): a bare spaCy pass (``nlp.pipe``) of the same model over the
  same cleaned text, in the same process and run.

Writes the figures to bench/RESULTS.md (section "Speed"). Run: .venv/bin/python bench/speed.py

``--against REV`` also times the warm analysis of another revision (checked out in a temporary git
worktree, run in its own process with the same interpreter), alternating with this tree's, so a
change's cost is measured side by side on the same machine and minute.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import worktree, write_section  # noqa: E402

EXAMPLE = ROOT / "examples" / "samarkand-2022"
REPEATS = 5


def _median_time(fn, repeats: int = REPEATS) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


_WARM = """
import sys, time, statistics
sys.path.insert(0, sys.argv[1])
import newsprism
newsprism.analyze(sys.argv[2])
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    newsprism.analyze(sys.argv[2])
    times.append(time.perf_counter() - t)
print(statistics.median(times))
"""


def _warm_of(src: Path, runs: int = 3) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _WARM, str(src), str(EXAMPLE), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def side_by_side(rev: str, rounds: int = 3) -> str:
    """Warm analysis of this tree and of ``rev``, alternating, each in a fresh process."""
    with worktree(rev) as tree:
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(_warm_of(tree / "src"))
            ours.append(_warm_of(ROOT / "src"))
    a, b = statistics.median(ours), statistics.median(theirs)
    return (
        f"Side by side with `{rev}` (warm analysis, median of {rounds} alternating processes "
        f"of 3 runs each): this tree **{a:.3f} s** ({', '.join(f'{t:.3f}' for t in ours)}), "
        f"`{rev}` **{b:.3f} s** ({', '.join(f'{t:.3f}' for t in theirs)}): **{a / b:.2f}×**."
    )


def main() -> None:
    import argparse

    import spacy

    ap = argparse.ArgumentParser(description="Speed benchmark on the example story.")
    ap.add_argument("--against", metavar="REV", help="also time this git revision, side by side")
    args = ap.parse_args()

    import newsprism
    from newsprism.clean import clean
    from newsprism.ingest import read_paths
    from newsprism.nlp import SPACY_MODEL, pipeline

    exe = Path(sys.executable).parent / "newsprism"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        cold, cold_all = _median_time(
            lambda: subprocess.run(
                [str(exe), "analyze", str(EXAMPLE), "-o", str(out), "-q"], check=True
            ),
            3,
        )

    texts = [clean(r).text for r in read_paths([EXAMPLE])]
    chars = sum(map(len, texts))
    newsprism.analyze(EXAMPLE)  # warm up: model loaded, caches filled
    bare = spacy.load(SPACY_MODEL)
    list(bare.pipe(texts))
    ours = pipeline()
    newsprism.analyze(EXAMPLE, embeddings=False)
    warm_all, floor_all, inner, lexical_all = [], [], [], []
    for _ in range(REPEATS):  # interleaved, so drift on a shared machine hits both alike
        warm_all.append(_median_time(lambda: newsprism.analyze(EXAMPLE), 1)[0])
        lexical_all.append(_median_time(lambda: newsprism.analyze(EXAMPLE, embeddings=False), 1)[0])
        floor_all.append(_median_time(lambda: list(bare.pipe(texts)), 1)[0])
        inner.append(_median_time(lambda: list(ours.pipe(texts)), 1)[0])
    warm, floor = statistics.median(warm_all), statistics.median(floor_all)
    lexical = statistics.median(lexical_all)
    spacy_in_ours = statistics.median(inner)

    ratio = warm / floor
    rows = [
        "| measure | median (s) | runs (s) |",
        "| --- | --- | --- |",
        f"| cold CLI, `newsprism analyze` → JSON | {cold:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in cold_all)} |",
        f"| warm analysis, `newsprism.analyze()` | {warm:.3f} | "
        f"{', '.join(f'{t:.3f}' for t in warm_all)} |",
        f"| warm analysis without embeddings (`--no-embeddings`) | {lexical:.3f} | "
        f"{', '.join(f'{t:.3f}' for t in lexical_all)} |",
        f"| floor: bare spaCy `nlp.pipe` over the cleaned text | {floor:.3f} | "
        f"{', '.join(f'{t:.3f}' for t in floor_all)} |",
        f"| (spaCy pass inside newsprism, with its paragraph component) | {spacy_in_ours:.3f} | |",
    ]
    body = "\n".join(
        [
            f"Example story: {len(texts)} articles, {chars:,} characters of cleaned text. "
            f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, model {SPACY_MODEL}.",
            "",
            *rows,
            "",
            f"Warm analysis / floor = **{ratio:.2f}×** (target ≤ 2×); without embeddings "
            f"**{lexical / floor:.2f}×**. The sentence encoder (all-MiniLM-L6-v2 on OpenVINO, "
            "CPU) runs beside the parse; what it adds is its share of Python's lock during the "
            "parse and what is left to encode when the parse ends.",
            *(["", side_by_side(args.against)] if args.against else []),
        ]
    )
    write_section("Speed", body, "bench/speed.py")
    print(body)


if __name__ == "__main__":
    main()
