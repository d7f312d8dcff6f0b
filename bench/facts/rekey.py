"""Re-key labelled pairs to the current sentence indices, by their text (after a cleaning change
moved sentences). Fails loudly if a labelled sentence no longer exists.

    .venv/bin/python bench/facts/rekey.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pairfile  # noqa: E402


def main() -> int:
    from newsprism.options import Options
    from newsprism.pipeline import prepare, read

    stories = json.loads((HERE / "stories.json").read_text())
    for name, paths in stories.items():
        if not all((ROOT / p).exists() for p in paths):
            print(f"{name}: skipped, its files are not here")
            continue
        arts = prepare(read([ROOT / p for p in paths]), Options(embeddings=False)).articles
        where = {(a.id, s.text): i for a in arts for i, s in enumerate(a.sentences)}
        texts = {a.id: [s.text for s in a.sentences] for a in arts}
        rows = pairfile.read(name)
        moved = 0
        for row in rows:
            for side in ("a", "b"):
                key = (row[side]["article"], row[side]["text"])
                if key not in where:  # cleaning now takes a dateline off its start
                    tail = [t for t in texts.get(key[0], []) if len(t) >= 20 and key[1].endswith(t)]
                    if len(tail) == 1:
                        row[side]["text"] = tail[0]
                        key = (key[0], tail[0])
                if key not in where:  # a quotation's sentences are now one sentence
                    whole = [t for t in texts.get(key[0], []) if key[1] in t]
                    if len(whole) == 1:
                        print(f"{name}: now part of a longer sentence: {key[1][:60]!r}")
                        row[side]["text"] = whole[0]
                        key = (key[0], whole[0])
                if key not in where:
                    print(f"{name}: sentence gone: {key}", file=sys.stderr)
                    return 1
                moved += where[key] != row[side]["sentence"]
                row[side]["sentence"] = where[key]
        pairfile.write(name, rows)
        print(f"{name}: {len(rows)} pairs, {moved} references moved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
