"""Batch benchmark: stories per minute of ``newsprism analyze --each`` on the local engine and
on Ray with 1 and 2 workers, on two sets of 12 DUC 2003 event clusters (about 10 newswire
articles each),
each run a fresh command timed from start to end (Ray's start-up and the models' loading
included), and whether every report equals the local engine's. Writes ``bench/RESULTS.md``.

    .venv/bin/python bench/batch.py              # two sets of 12 clusters, each setting once
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


def clusters(n: int, skip: int = 0) -> list[Path]:
    found = sorted(p for p in DUC.glob("d3*") if p.is_dir() and not p.name.endswith(".refs"))
    return found[skip : skip + n]


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


def one_set(chosen: list[Path], repeat: int) -> str:
    """Time every setting on one set of clusters; a Markdown paragraph and table."""
    with tempfile.TemporaryDirectory() as tmp:
        parent = Path(tmp) / "stories"
        parent.mkdir()
        for c in chosen:
            (parent / c.name).symlink_to(c)
        outs = {n: Path(tmp) / n.replace(" ", "").replace(",", "-") for n in SETTINGS}
        secs: dict[str, float] = {}
        for name, extra in SETTINGS.items():
            secs[name] = min(run(parent, outs[name], extra) for _ in range(repeat))
            print(f"{name}: {secs[name]:.1f} s", file=sys.stderr)
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
    names = ", ".join(c.name for c in chosen)
    head = f"{n} clusters, {articles} articles ({names}):"
    return f"{head}\n\n{table}\n\nAgainst the local engine's reports: {agree}.\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clusters", type=int, default=12, help="clusters a set")
    ap.add_argument("--sets", type=int, default=2, help="sets of clusters, one after another")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-write", action="store_true", help="print only; RESULTS.md untouched")
    args = ap.parse_args()
    parts = [
        one_set(clusters(args.clusters, k * args.clusters), args.repeat) for k in range(args.sets)
    ]
    body = f"""\
`newsprism analyze --each` over sets of DUC 2003 event clusters (about 10 newswire articles each),
on this 2-core machine. Each figure is one whole command (best of {args.repeat}): Ray's start-up,
each worker's loading of the models and Ray's shut-down included. Workers use one core and one
encoder thread each; the local engine's encoder uses both cores, which is why one Ray worker is
slower than the local engine.

""" + "\n".join(parts)
    print(body)
    if args.no_write:
        return
    write_section("Batch analysis on Ray (issue 15)", body, "bench/batch.py")


if __name__ == "__main__":
    main()
