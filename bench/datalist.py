"""Write one of the package's data lists (``src/newsprism/data/*.txt``): comment lines saying
what the list is and where it comes from, then one entry a line."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsprism" / "data"


def write_list(name: str, comment: str, rows: list[str]) -> None:
    """Write ``data/<name>``: each line of ``comment`` as a ``#`` line, then the rows."""
    target = DATA / name
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    target.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} entries to {target.relative_to(ROOT)}")
