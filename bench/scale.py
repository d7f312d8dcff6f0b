"""Scale benchmark: time and peak memory of one story as it grows (50, 100, 120, 200, 400, 480,
800 articles of real newswire: DUC 2003 documents, then NeuS articles past its 624, analysed as one
story), each size in a fresh process (peak resident memory from the kernel), models loaded before
the clock starts. Writes ``bench/RESULTS.md``.

    .venv/bin/python bench/scale.py                  # 50 100 120 200 400 480 800
    .venv/bin/python bench/scale.py --sizes 50 100   # a quick look (not recorded)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from results import markdown_table, write_section  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SIZES = [50, 100, 120, 200, 400, 480, 800]  # 120 and 480: the sizes issue 13 compares
CHILD = r"""
import json, resource, sys, time
import newsprism
from newsprism.nlp import encoder, pipeline
paths = json.load(open(sys.argv[1]))
pipeline(); encoder()  # models loaded before the clock starts
start = time.perf_counter()
report = newsprism.analyze(paths, max_articles=5000, summary_words=100)
secs = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": secs, "peak_mb": peak, "facts": len(report.facts)}))
"""


def corpus(folder: Path, n: int) -> list[str]:
    """``n`` article files: DUC 2003 documents first, then NeuS articles written as files."""
    files = sorted(str(p) for p in EVAL.glob("duc2003/d*/*.txt") if ".refs" not in str(p))
    k = 0
    lines = (EVAL / "neus-val" / "val.source").read_text(encoding="utf-8").split("\n")
    for line in lines:
        for part in line.split("[SEP]"):
            if len(files) >= n:
                return files[:n]
            title, _, body = part.partition("ARTICLE=>")
            path = folder / f"neus{k:04d}.txt"
            path.write_text(f"{title.replace('TITLE=>', '').strip()}\n\n{body.strip()}\n")
            files.append(str(path))
            k += 1
    return files[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            listing = Path(tmp) / f"paths{n}.json"
            listing.write_text(json.dumps(corpus(Path(tmp), n)))
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(listing)],
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(
                [str(n), f"{got['seconds']:.1f}", f"{got['peak_mb']:.0f}", str(got["facts"])]
            )
            print(rows[-1], flush=True)
    base = {int(r[0]): float(r[1]) for r in rows}
    ratio = "".join(
        f" {big} articles take {base[big] / base[small]:.1f}x the time of {small}."
        for small, big in ((100, 400), (120, 480))
        if small in base and big in base
    )
    body = (
        "`bench/scale.py`: one story of n real newswire articles (DUC 2003, then NeuS past 624), "
        "each size in a fresh process on this 2-core machine, models loaded first; peak resident "
        "memory from the kernel. Before the blocked similarity (issue 13's figures): 100 articles "
        "65 s / 1.6 GB, 200 165 s / 4 GB, 400 577 s / 12.3 GB."
        + ratio
        + "\n\n"
        + markdown_table(["articles", "seconds", "peak MB", "facts"], rows)
    )
    if args.sizes == SIZES:
        write_section("Scale: one story of many articles", body, "bench/scale.py")
    print(body)


if __name__ == "__main__":
    main()
