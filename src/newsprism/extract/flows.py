"""Trade flows between places: who sells to whom.

"China has increased its imports of Russian raw materials" and "Chinese exports to Russia have
increased" share their words, their names and, for a sentence encoder, most of their meaning; they
state opposite things. A flow is ``(origin, destination)``, either end ``None`` when the sentence
does not say it; places are keys shared by a country and its people ("Chinese" and "China" are
both ``chin``). Alignment never joins two sentences whose flows run opposite ways, and counts a
flow they share as common ground.
"""

from __future__ import annotations

import re

Flow = tuple[str | None, str | None]

PLACE_LABELS = ("GPE", "NORP", "LOC")
_OUT = (
    r"(?:exports?|exported|exporting|shipments?|shipped|sales|sells?|sold|"
    r"suppl(?:y|ies|ied)|deliver(?:y|ies|ed))"
)
_IN = r"(?:imports?|imported|importing|purchases?|purchased|buy(?:s|ing)?|bought)"
_TRADE = re.compile(rf"{_OUT}|{_IN}", re.I)
_GAP = r"(?:[^\s,;:.@]+\s+)"  # a word inside the clause, not a place
_PLACE = r"@(\w+)@"
_PATTERNS: list[tuple[re.Pattern[str], int | None, int | None]] = [
    # "Russian oil exports to China", "Chinese technology exports to Russia"
    (re.compile(rf"{_PLACE}\s+{_GAP}{{0,3}}{_OUT}\s+{_GAP}{{0,6}}?to\s+(?:the\s+)?{_PLACE}"), 1, 2),
    # "China has increased its imports of Russian ...", "Russia's imports from China"
    (re.compile(rf"{_PLACE}\s+{_GAP}{{0,6}}?{_IN}\s+(?:of|from)\s+{_GAP}{{0,2}}{_PLACE}"), 2, 1),
    # "buying Russia's energy", "bought Russian oil"
    (re.compile(rf"{_PLACE}\s+{_GAP}{{0,4}}?{_IN}\s+{_GAP}{{0,1}}{_PLACE}"), 2, 1),
    # partial: "imports of Russian oil", "energy exports to China", "Chinese oil purchases"
    (re.compile(rf"{_IN}\s+(?:(?:of|from)\s+)?{_GAP}{{0,2}}{_PLACE}"), 1, None),
    (re.compile(rf"{_OUT}\s+{_GAP}{{0,6}}?to\s+(?:the\s+)?{_PLACE}"), None, 1),
    (re.compile(rf"{_PLACE}\s+{_GAP}{{0,2}}{_IN}\b"), None, 1),
    (re.compile(rf"{_PLACE}\s+{_GAP}{{0,2}}{_OUT}\b"), 1, None),
]


def place_key(name: str) -> str:
    """One key for a country and its people: "Russia’s", "Russian" -> "russ"."""
    word = re.sub(r"[’']s$", "", name.strip()).lower()
    return re.sub(r"\W", "", word)[:4]


def flows(text: str, places: list[tuple[int, int, str]]) -> frozenset[Flow]:
    """The flows ``text`` states; ``places`` are (start, end, name) of its place mentions."""
    if not places or not _TRADE.search(text):
        return frozenset()
    parts, pos = [], 0
    for start, end, name in sorted(places):
        if start < pos:
            continue
        tail = text[end : end + 2]
        end += 2 if tail in ("’s", "'s") else 0
        parts += [text[pos:start], f"@{place_key(name)}@"]
        pos = end
    skeleton = "".join([*parts, text[pos:]]).lower()
    found: set[Flow] = set()
    for pattern, origin, dest in _PATTERNS:
        for m in pattern.finditer(skeleton):
            flow = (m.group(origin) if origin else None, m.group(dest) if dest else None)
            if flow[0] != flow[1]:
                found.add(flow)
    full = {f for f in found if None not in f}
    # a partial flow that a full one already says adds nothing
    partial = {
        f
        for f in found - full
        if not any(f[0] in (None, g[0]) and f[1] in (None, g[1]) for g in full)
    }
    return frozenset(full | partial)


def opposite(a: frozenset[Flow], b: frozenset[Flow]) -> bool:
    """Both say goods move between the same two places, in opposite directions (and never the
    same one)."""
    fa = {f for f in a if None not in f}
    fb = {f for f in b if None not in f}
    return bool(fa and fb) and any((d, o) in fb for o, d in fa) and not fa & fb


def shared(a: frozenset[Flow], b: frozenset[Flow]) -> bool:
    """Some flow of each runs the same way: a known end in common and no known end at odds."""
    for oa, da in a:
        for ob, db in b:
            if (None not in (oa, ob) and oa != ob) or (None not in (da, db) and da != db):
                continue
            if (oa is not None and oa == ob) or (da is not None and da == db):
                return True
    return False
