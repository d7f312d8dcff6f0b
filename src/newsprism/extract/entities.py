"""Rules that mend spaCy's common slips on news text, mention by mention."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsprism import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span

KEEP = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"})
TITLES = frozenset(lexicon.flagged("titles.txt"))  # "mr.", "president", "sen."
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING = re.compile(rf"^(?:{lexicon.ARTICLES})\s+", re.I)


def fix(ent: Span) -> tuple[int, int, str] | None:
    """The mended (start, end, label) of an entity, or None to drop it."""
    label = ent.label_
    if label not in KEEP:
        return None
    toks = list(ent)
    while toks and (toks[0].lower_ in TITLES or toks[0].lower_ in ("the", "a", "an")):
        if label != "PERSON" and toks[0].lower_ not in ("the", "a", "an"):
            break
        toks = toks[1:]
    while toks and (toks[-1].text in ("'s", "’s", "'", "’") or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = ent.text[start - ent.start_char : end - ent.start_char]
    if text.count("(") != text.count(")"):  # "Shanghai Cooperation Organization (SCO"
        cut = text.rfind("(") if text.count("(") > text.count(")") else text.find(")")
        text = text[:cut].rstrip()
        end = start + len(text)
    text2 = _POSSESSIVE.sub("", text)
    end -= len(text) - len(text2)
    if not any(ch.isalpha() for ch in text2) or "\n" in text2:
        return None
    if label == "PERSON" and text2.isupper() and len(text2) <= 5:
        label = "ORG"  # an acronym tagged as a person
    return start, end, label


def normalize(name: str) -> str:
    """A mention reduced to the form used to match it: no article, no possessive."""
    name = _LEADING.sub("", " ".join(name.split()))
    return _POSSESSIVE.sub("", name)
