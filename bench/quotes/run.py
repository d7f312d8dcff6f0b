"""Quote attribution on PolNeAR (dev), against textacy's direct_quotations.

Gold: the brat attributions of each article (one annotation per article: the first file in name
order, where an article was annotated twice), each a Source, a Cue and a Content span. Scored, for
newsprism (``newsprism.extract.quotes`` over the annotated text) and for textacy 0.13
(``textacy.extract.triples.direct_quotations`` over the same spaCy document):
- content spans and source spans: precision, recall, F1, exact (same span, quote marks and edge
  punctuation aside) and overlap (any shared character);
- speaker accuracy on direct quotes: of the gold attributions whose content is in quote marks, the
  share for which the system finds that quote (overlapping content) with a source span that overlaps
  the gold source;
- direct quote recall: the share of those gold direct quotes found (overlapping content);
- named speaker accuracy: of the direct quotes found whose gold speaker has a name (the name in
  the source span; for "he" or "the senator", the last named source before it, as a reader
  resolves it), the share whose resolved speaker shares a name word with it.

    .venv/bin/python bench/quotes/run.py             # all articles, writes bench/RESULTS.md
    .venv/bin/python bench/quotes/run.py --limit 10  # a quick look (not recorded)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from results import markdown_table, write_section  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "polnear-dev"
EDGE = " \n\t\"“”‘’'`,.;:"

Span = tuple[int, int]


@dataclass(slots=True)
class Attribution:
    content: Span
    source: Span | None
    speaker: str | None = None  # the system's resolved speaker (a name), when it gives one
    rule: str | None = None  # the attribution rule that named it (newsprism only)


def _span(field: str) -> Span:
    parts = [tuple(map(int, p.split())) for p in field.split(";")]
    return min(a for a, _ in parts), max(b for _, b in parts)


def gold(ann: Path) -> list[Attribution]:
    spans: dict[str, Span] = {}
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info = [*line.split("\t"), ""][:2]
            _kind, _, where = info.partition(" ")
            spans[tid] = _span(where)
        elif line.startswith("E"):
            roles = dict(r.split(":") for r in line.split("\t")[1].split())
            if "Content" in roles:
                source = spans.get(roles.get("Source", ""))
                out.append(Attribution(spans[roles["Content"]], source))
    return out


def _trim(text: str, span: Span) -> Span:
    a, b = span
    while a < b and text[a] in EDGE:
        a += 1
    while b > a and text[b - 1] in EDGE:
        b -= 1
    return a, b


def _paragraphs(text: str):  # type: ignore[no-untyped-def]
    from newsprism.model import Paragraph

    out, pos = [], 0
    for block in re.split(r"(\n\s*\n|\n)", text):
        if block.strip():
            lead = len(block) - len(block.lstrip())
            out.append(Paragraph(pos + lead, pos + len(block.rstrip())))
        pos += len(block)
    return out


def systems(text: str, name: str) -> dict[str, list[Attribution]]:
    from textacy.extract.triples import direct_quotations

    from newsprism.annotate import annotate_doc
    from newsprism.extract import quotes
    from newsprism.model import Article
    from newsprism.nlp import pipeline

    doc = pipeline()(text)
    art = Article(id=name, source=name, text=text, paragraphs=_paragraphs(text))
    annotate_doc(art, doc)
    ours = [
        Attribution((q.start, q.end), q.source, q.speaker, q.rule or "none")
        for q in quotes.find(art)
    ]
    theirs = []
    try:
        for triple in direct_quotations(doc):
            content = (triple.content.start_char, triple.content.end_char)
            src = (triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1]))
            theirs.append(Attribution(content, src, text[src[0] : src[1]]))
    except (ValueError, IndexError, AttributeError):
        pass  # textacy gives up on some documents; they count as finding nothing
    return {"newsprism": ours, "textacy direct_quotations": theirs}


_PRONOUN = re.compile(r"(?i)^(he|she|they|i|we|him|her|them|his|it)$")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]+")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_NOT_NAME = {"The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its"}


def _name_in(text: str) -> str | None:
    """The proper name in a source span ("Senator Ted Cruz", "The New York Post"; an
    appositive after a comma aside), or None for a pronoun or a description whose head word is
    not a name ("he", "the Vermont senator", "a source")."""
    head = _PARENTHESIS.sub("", text.split(",")[0]).strip()  # "Rep. Gwen Moore (D-Wis.)"
    words = head.split()
    if not words or _PRONOUN.match(head) or not words[-1][:1].isupper():
        return None
    names = [w for w in _NAME_WORD.findall(head) if w not in _NOT_NAME]
    return " ".join(names) if names else None


def gold_names(text: str, gold_a: list[Attribution]) -> dict[Span, str]:
    """Each gold attribution's speaker by name, as a reader resolves it: the name in its source
    span, else (a pronoun or a description) the last named source before it in the text."""
    out: dict[Span, str] = {}
    last: str | None = None
    for g in sorted((g for g in gold_a if g.source), key=lambda g: g.source[0]):  # type: ignore[index]
        src = text[g.source[0] : g.source[1]]  # type: ignore[index]
        name = _name_in(src)
        if name is not None:
            last = name
        elif last is not None:
            name = last
        if name is not None:
            out[g.content] = name
    return out


def same_person(ours: str | None, gold_name: str) -> bool:
    """The system's speaker names the gold speaker: they share the surname (or a name word)."""
    if not ours:
        return False
    a = {w.lower().strip(".’'s") for w in _NAME_WORD.findall(ours)} - {"the"}
    b = {w.lower().strip(".’'s") for w in _NAME_WORD.findall(gold_name)} - {"the"}
    return bool(a & b)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _matches(found: list[Span], gold_spans: list[Span]) -> tuple[int, ...]:
    """Counts: found, gold, exact hits (of found, of gold), overlapping hits (of found, of gold)."""
    return (
        len(found),
        len(gold_spans),
        sum(s in gold_spans for s in found),
        sum(g in found for g in gold_spans),
        sum(any(_overlap(s, g) for g in gold_spans) for s in found),
        sum(any(_overlap(s, g) for s in found) for g in gold_spans),
    )


def _prf(found: int, gold_n: int, hit_s: int, hit_g: int) -> tuple[float, float, float]:
    p, r = hit_s / max(1, found), hit_g / max(1, gold_n)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(
    docs: list[tuple[str, list[Attribution], dict[str, list[Attribution]]]],
) -> dict[str, dict[str, float]]:
    results = {}
    for system in docs[0][2]:
        c = dict.fromkeys(
            [
                "n_sys",
                "n_gold",
                "ce_s",
                "ce_g",
                "co_s",
                "co_g",
                "s_sys",
                "s_gold",
                "se_s",
                "se_g",
                "so_s",
                "so_g",
                "direct",
                "direct_ok",
                "direct_found",
                "named",
                "named_found",
                "named_ok",
            ],
            0,
        )
        for text, gold_a, found in docs:
            sys_a = found[system]
            g_content = [_trim(text, g.content) for g in gold_a]
            s_content = [_trim(text, s.content) for s in sys_a]
            for key, n in zip(
                ("n_sys", "n_gold", "ce_s", "ce_g", "co_s", "co_g"),
                _matches(s_content, g_content),
                strict=True,
            ):
                c[key] += n
            g_src = [_trim(text, g.source) for g in gold_a if g.source]
            s_src = [_trim(text, s.source) for s in sys_a if s.source]
            for key, n in zip(
                ("s_sys", "s_gold", "se_s", "se_g", "so_s", "so_g"),
                _matches(s_src, g_src),
                strict=True,
            ):
                c[key] += n
            names = gold_names(text, gold_a)
            for g in gold_a:
                a, b = g.content
                if g.source is None or not re.search(r"[“\"]", text[max(0, a - 2) : b + 2]):
                    continue
                c["direct"] += 1
                c["direct_ok"] += any(
                    _overlap(s.content, g.content) and s.source and _overlap(s.source, g.source)
                    for s in sys_a
                )
                hits = [s for s in sys_a if _overlap(s.content, g.content)]
                c["direct_found"] += bool(hits)
                if g.content in names:
                    c["named"] += 1
                    c["named_found"] += bool(hits)
                    c["named_ok"] += any(same_person(s.speaker, names[g.content]) for s in hits)
        r = {}
        for label, (hs, hg, ns, ng) in {
            "content exact": (c["ce_s"], c["ce_g"], c["n_sys"], c["n_gold"]),
            "content overlap": (c["co_s"], c["co_g"], c["n_sys"], c["n_gold"]),
            "source exact": (c["se_s"], c["se_g"], c["s_sys"], c["s_gold"]),
            "source overlap": (c["so_s"], c["so_g"], c["s_sys"], c["s_gold"]),
        }.items():
            p, rec, f = _prf(ns, ng, hs, hg)
            r[f"{label} P"], r[f"{label} R"], r[f"{label} F1"] = p, rec, f
        r["speaker accuracy (direct)"] = c["direct_ok"] / max(1, c["direct"])
        r["direct quote recall"] = c["direct_found"] / max(1, c["direct"])
        r["named speaker accuracy (of found)"] = c["named_ok"] / max(1, c["named_found"])
        r["gold"], r["direct"], r["found"] = c["n_gold"], c["direct"], c["n_sys"]
        r["unmatched"] = c["n_sys"] - c["co_s"]
        results[system] = r
    return results


def per_rule(
    docs: list[tuple[str, list[Attribution], dict[str, list[Attribution]]]],
) -> str:
    """newsprism's quotes by the rule that named the speaker: how many, how many of them are
    gold direct quotes with a named speaker, and how often that speaker is right."""
    counts: dict[str, list[int]] = {}  # rule -> found, on a named gold direct quote, right
    for text, gold_a, found in docs:
        names = gold_names(text, gold_a)
        direct = [
            g
            for g in gold_a
            if g.content in names
            and re.search(r"[“\"]", text[max(0, g.content[0] - 2) : g.content[1] + 2])
        ]
        for s in found["newsprism"]:
            c = counts.setdefault(s.rule or "none", [0, 0, 0])
            c[0] += 1
            hit = next((g for g in direct if _overlap(s.content, g.content)), None)
            if hit is not None:
                c[1] += 1
                c[2] += same_person(s.speaker, names[hit.content])
    rows = [
        [f"`{rule}`", str(n), str(named), f"{100 * right / named:.1f}" if named else ""]
        for rule, (n, named, right) in sorted(counts.items(), key=lambda kv: -kv[1][0])
    ]
    return markdown_table(
        ["rule", "quotes", "on a gold direct quote with a named speaker", "speaker right"], rows
    )


def table(results: dict[str, dict[str, float]]) -> str:
    counts = ("gold", "direct", "found", "unmatched")
    cols = [k for k in next(iter(results.values())) if k not in counts]
    rows = [[col] + [f"{100 * r[col]:.1f}" for r in results.values()] for col in cols]
    return markdown_table(["measure", *results], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles (not recorded)")
    args = parser.parse_args()
    seen: set[str] = set()
    docs = []
    start = time.perf_counter()
    for ann in sorted(DATA.joinpath("attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text_file = DATA / "text" / f"{stem}.txt"
        if stem in seen or not text_file.exists():
            continue
        seen.add(stem)
        text = text_file.read_text(encoding="utf-8")
        docs.append((text, gold(ann), systems(text, stem)))
        if args.limit and len(docs) >= args.limit:
            break
    results = evaluate(docs)
    elapsed = time.perf_counter() - start
    text = table(results)
    rules = per_rule(docs)
    first = next(iter(results.values()))
    print(text, rules, sep="\n\n")
    if args.limit is None:
        body = (
            f"PolNeAR dev (`../shared/eval/polnear-dev`): {len(docs)} articles, "
            f"{first['gold']:.0f} gold attributions ({first['direct']:.0f} of them direct quotes "
            "with a source). One annotation per article (the first in name order). Figures × 100. "
            "PolNeAR annotates every attribution (direct, indirect, partial, and sources such as "
            "polls and documents); textacy only looks for direct quotations, so its recall is "
            "bounded by design, and both systems run on the same spaCy parse.\n\n"
            f"{text}\n\nContents found that overlap no gold content: "
            + "; ".join(
                f"{name} {r['unmatched']:.0f} of {r['found']:.0f}" for name, r in results.items()
            )
            + ".\n\nnewsprism's quotes by the rule that named the speaker "
            "(`Quote.rule`; `none`: no speaker), with the named-speaker accuracy of each:\n\n"
            + rules
            + f"\n\nWhole run: {elapsed:.0f} s."
        )
        write_section("Quotes and speakers (PolNeAR)", body, "bench/quotes/run.py")


if __name__ == "__main__":
    main()
