"""Time expressions on TempEval-3 TimeBank + AQUAINT, against plain dateparser search.

Finds DATE and TIME expressions (TIMEX3 of those types in <TEXT>) and normalises them against the
document creation time (<DCT>), scoring:
- extent: precision, recall, F1, relaxed (any overlap) and strict (same start and end);
- value: a found expression counts when its value equals the gold value (the TempEval-3 "value"
  figure: value-P = correct / found, value-R = correct / gold), and accuracy over relaxed matches.
The same scorer runs newsprism (``newsprism.extract.timex`` inside the annotation pipeline, the
DCT as the article's date) and ``dateparser.search.search_dates`` with the DCT as its base.

    .venv/bin/python bench/timex/run.py             # all 256 documents, writes bench/RESULTS.md
    .venv/bin/python bench/timex/run.py --limit 20  # a quick look (not recorded)
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from results import markdown_table, write_section  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "tempeval3-tbaq"
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    value: str | None


@dataclass(slots=True)
class Doc:
    name: str
    dct: str
    text: str
    gold: list[Timex]


def parse(path: Path) -> Doc:
    """Plain text of <TEXT> with the DATE/TIME TIMEX3 spans in it, and the DCT."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S).group(1)[:10]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos, gold, stack = 0, [], []
    last = 0
    for m in TAG.finditer(body):
        chunk = html.unescape(body[last : m.start()])
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        closing, name, attrs = m.group(1), m.group(2), dict(ATTR.findall(m.group(3)))
        if name != "TIMEX3":
            continue
        if not closing:
            stack.append((pos, attrs))
        elif stack:
            start, attrs = stack.pop()
            if attrs.get("type") in ("DATE", "TIME"):
                gold.append(Timex(start, pos, attrs.get("value")))
    out.append(html.unescape(body[last:]))
    return Doc(path.stem, dct, "".join(out), gold)


def newsprism_times(doc: Doc) -> list[Timex]:
    from newsprism.annotate import annotate_doc
    from newsprism.model import Article, Paragraph
    from newsprism.nlp import pipeline

    paras, pos = [], 0
    for block in re.split(r"(\n\s*\n)", doc.text):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            lead = len(block) - len(block.lstrip())
            paras.append(Paragraph(pos + lead, pos + len(block.rstrip())))
        pos += len(block)
    art = Article(id=doc.name, source=doc.name, text=doc.text, published=doc.dct, paragraphs=paras)
    annotate_doc(art, pipeline()(doc.text))
    return [Timex(t.start, t.end, t.value) for t in art.times]


def dateparser_times(doc: Doc) -> list[Timex]:
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.dct)
    found = (
        search_dates(
            doc.text,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False},
        )
        or []
    )
    out, cursor = [], 0
    for text, when in found:
        start = doc.text.find(text, cursor)
        if start < 0:
            start = doc.text.find(text)
        if start < 0:
            continue
        cursor = start + len(text)
        out.append(Timex(start, start + len(text), when.date().isoformat()))
    return out


def same_value(a: str | None, b: str | None) -> bool:
    """Values equal up to notation: TimeBank writes weeks both as W7 and W07."""

    def norm(v: str | None) -> str | None:
        return re.sub(r"W(\d)\b", r"W0\1", v) if v else v

    return norm(a) == norm(b)


def score(pairs: list[tuple[list[Timex], list[Timex]]]) -> dict[str, float]:
    n_sys = n_gold = strict_s = strict_g = relax_s = relax_g = correct = matched = 0
    for sys_t, gold in pairs:
        n_sys += len(sys_t)
        n_gold += len(gold)
        strict_s += sum(any(s.start == g.start and s.end == g.end for g in gold) for s in sys_t)
        strict_g += sum(any(s.start == g.start and s.end == g.end for s in sys_t) for g in gold)
        relax_s += sum(any(s.start < g.end and g.start < s.end for g in gold) for s in sys_t)
        for g in gold:
            hits = [s for s in sys_t if s.start < g.end and g.start < s.end]
            if hits:
                relax_g += 1
                matched += 1
                correct += any(same_value(h.value, g.value) for h in hits)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    rp, rr = relax_s / max(1, n_sys), relax_g / max(1, n_gold)
    sp, sr = strict_s / max(1, n_sys), strict_g / max(1, n_gold)
    vp, vr = correct / max(1, n_sys), correct / max(1, n_gold)
    return {
        "relaxed P": rp,
        "relaxed R": rr,
        "relaxed F1": f1(rp, rr),
        "strict P": sp,
        "strict R": sr,
        "strict F1": f1(sp, sr),
        "value P": vp,
        "value R": vr,
        "value F1": f1(vp, vr),
        "value accuracy": correct / max(1, matched),
        "found": n_sys,
        "gold": n_gold,
    }


COLUMNS = [
    "relaxed P",
    "relaxed R",
    "relaxed F1",
    "strict P",
    "strict R",
    "strict F1",
    "value P",
    "value R",
    "value F1",
    "value accuracy",
]


def table(results: dict[str, dict[str, float]]) -> str:
    rows = [
        [f"**{name}**" if name == "newsprism" else name]
        + [f"{100 * r[c]:.1f}" for c in COLUMNS]
        + [f"{r['found']:.0f} / {r['gold']:.0f}"]
        for name, r in results.items()
    ]
    return markdown_table(["system", *COLUMNS, "found / gold"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N documents (not recorded)")
    args = parser.parse_args()
    docs = [parse(p) for p in sorted(DATA.glob("*/*.tml"))][: args.limit]
    results, seconds = {}, {}
    for name, system in (("newsprism", newsprism_times), ("dateparser search", dateparser_times)):
        start = time.perf_counter()
        results[name] = score([(system(d), d.gold) for d in docs])
        seconds[name] = time.perf_counter() - start
    text = table(results)
    print(text)
    print({k: round(v, 1) for k, v in seconds.items()})
    if args.limit is None:
        body = (
            f"TempEval-3 training data, TimeBank + AQUAINT (`../shared/eval/tempeval3-tbaq`): "
            f"{len(docs)} documents, {results['newsprism']['gold']:.0f} DATE and TIME expressions "
            "in their text, each document's creation time as the reference date. Figures × 100. "
            "Value: a found expression counts when its normalised value equals the gold one "
            "(value F1 is TempEval-3's value figure; HeidelTime reached about 78 on the "
            "TempEval-3 test set). dateparser is `search_dates` with the creation time as "
            "its base. Caveat: newsprism's rules (TimeML references, quarters, year roll-over) "
            "were written while reading the errors on these same documents; there is no "
            "held-out set here, so read the figures as development scores.\n\n"
            f"{text}\n\nTime: newsprism {seconds['newsprism']:.0f} s (spaCy included), "
            f"dateparser {seconds['dateparser search']:.0f} s."
        )
        write_section("Time expressions (TempEval-3)", body, "bench/timex/run.py")


if __name__ == "__main__":
    main()
