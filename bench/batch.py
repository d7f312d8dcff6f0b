"""Batch benchmark: stories per minute of ``newsprism analyze --each`` on the local engine and
on Ray with 1 and 2 workers, on 12 DUC 2003 event clusters (about 10 newswire articles each),
each run a fresh command timed from start to end (Ray's start-up and the models' loading
included), and whether every report equals the local engine's. Writes ``bench/RESULTS.md``.

    .venv/bin/python bench/batch.py              # 12 clusters, each setting once
    .venv/bin/python bench/batch.py --repeat 2   # the best of two runs per setting
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from results import markdown_table, write_section  # noqa: E402

DUC = ROOT.parent / "shared" / "eval" / "duc2003"
SETTINGS = {
    "local": ["--engine", "local"],
    "ray, 1 worker": ["--engine", "ray", "--workers", "1"],
    "ray, 2 workers": ["--engine", "ray", "--workers", "2"],
}


def clusters(n: int) -> list[Path]:
    found = sorted(p for p in DUC.glob("d3*") if p.is_dir() and not p.name.endswith(".refs"))
    return found[:n]


def run(parent: Path, out: Path, args: list[str]) -> float:
    start = time.perf_counter()
    cmd = [str(ROOT / ".venv/bin/newsprism"), "analyze", "--each", str(parent), "-o", str(out)]
    subprocess.run([*cmd, "-q", *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def same(a: Path, b: Path) -> tuple[int, int]:
    """(reports equal in facts and summary, reports byte-identical) between two folders."""
    agree = identical = 0
    for left in sorted(a.glob("*.json")):
        right = b / left.name
        x, y = json.loads(left.read_text()), json.loads(right.read_text())
        agree += x["facts"] == y["facts"] and x["summary"] == y["summary"]
        identical += left.read_bytes() == right.read_bytes()
    return agree, identical


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clusters", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    chosen = clusters(args.clusters)
    with tempfile.TemporaryDirectory() as tmp:
        parent = Path(tmp) / "stories"
        parent.mkdir()
        for c in chosen:
            (parent / c.name).symlink_to(c)
        secs: dict[str, float] = {}
        for name, extra in SETTINGS.items():
            out = Path(tmp) / name.replace(" ", "").replace(",", "-")
            secs[name] = min(run(parent, out, extra) for _ in range(args.repeat))
            print(f"{name}: {secs[name]:.1f} s", file=sys.stderr)
        outs = {n: Path(tmp) / n.replace(" ", "").replace(",", "-") for n in SETTINGS}
        checks = {n: same(outs["local"], outs[n]) for n in SETTINGS if n != "local"}
    n = len(chosen)
    articles = sum(len(list(c.iterdir())) for c in chosen)
    rows = [
        [name, f"{s:.1f}", f"{n / s * 60:.1f}", f"{secs['ray, 1 worker'] / s:.2f}x"]
        for name, s in secs.items()
    ]
    table = markdown_table(["engine", "seconds", "stories / minute", "vs ray, 1 worker"], rows)
    agree = "; ".join(
        f"{k}: {a} of {n} equal in facts and summary, {i} byte-identical"
        for k, (a, i) in checks.items()
    )
    body = f"""\
`newsprism analyze --each` over {n} DUC 2003 event clusters ({articles} newswire articles:
{", ".join(c.name for c in chosen)}), on this 2-core machine. Each figure is one whole command
(best of {args.repeat}), Ray's start-up and each worker's loading of the models included.

{table}

Reports against the local engine's: {agree}.
"""
    print(body)
    write_section("Batch analysis on Ray (issue 15)", body, "bench/batch.py")


if __name__ == "__main__":
    main()
