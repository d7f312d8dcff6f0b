"""Figures in an article and what each measures, so figures of different sources can be compared.

spaCy finds the figures (CARDINAL, MONEY, PERCENT, QUANTITY); the parse says what they measure: the
noun a count modifies ("50,000 soldiers"), or for money and percentages the subject of the verb they
complete ("purchases ... reached $35 billion") or the noun they modify ("a $20 billion deal").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from newsprism import lexicon
from newsprism.model import NumberKind, NumberMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KINDS: dict[str, NumberKind] = {
    "CARDINAL": "count",
    "MONEY": "money",
    "PERCENT": "percent",
    "QUANTITY": "quantity",
}
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def value_of(text: str) -> float | None:
    """The plain value of a figure: ``$35 billion`` -> 35e9, ``7.6%`` -> 7.6, ``five`` -> 5."""
    low = text.lower().replace("per cent", "percent")
    m = _NUM.search(low)
    if m:
        number = float(m.group(0).replace(",", ""))
    else:
        words = [WORDS[w] for w in re.findall(r"[a-z]+", low) if w in WORDS]
        if not words:
            return None
        number = float(words[0])
    for word, scale in SCALES.items():
        if re.search(rf"(?<![a-z]){word}\b", low[m.end() if m else 0 :]):
            number *= scale
            break
    return number


ABOUT = 0.1  # "about 400": within this share of the figure either side


@cache
def _qualifiers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words bounding a figure: before it ("more than 150"), after it ("400 or more")."""
    before = lexicon.alternation("figure_bounds.txt")
    after = lexicon.alternation("figure_bounds_after.txt")
    return re.compile(rf"^(?:{before})\b", re.I), re.compile(rf"\b(?:{after})$", re.I)


def bounds(text: str, value: float) -> tuple[float, float]:
    """The values a figure allows, by the words that bound it (``data/figure_bounds.txt``,
    ``data/figure_bounds_after.txt``): "more than 150" -> (150, inf), "about 400" -> (360, 440),
    "nearly 60" -> (54, 60), "400 or more" -> (400, inf); a bare figure allows itself."""
    before, after = _qualifiers()
    low = " ".join(text.lower().split())
    kind = None
    if m := after.search(low):
        kind = lexicon.table("figure_bounds_after.txt")[m[0]]
    elif m := before.match(low):
        kind = lexicon.table("figure_bounds.txt")[m[0]]
    size = abs(value)
    if kind == "above":
        return value, math.inf
    if kind == "below":
        return -math.inf, value
    if kind == "about":
        return value - ABOUT * size, value + ABOUT * size
    if kind == "short":
        return value - ABOUT * size, value
    return value, value


def _noun_of(tok: Token) -> Token | None:
    """A figure measures a thing (a common noun of more than a letter), not a name or a unit's
    symbol ("1,100 F")."""
    if (
        tok.pos_ == "NOUN"
        and len(tok.text) > 1
        and tok.lemma_.lower() not in lexicon.words("measures_nothing.txt")
    ):
        return tok
    return None


def _lemma(tok: Token) -> str:
    """The noun's lemma, with the words hyphened to it: "teen-agers" -> "teen-ager"."""
    doc, first = tok.doc, tok.i
    while (
        first >= 2
        and doc[first - 1].text in ("-", "‐")
        and not doc[first - 1].whitespace_
        and not doc[first - 2].whitespace_
        and not doc[first - 2].like_num  # "a three-way summit": the figure is no part of it
    ):
        first -= 2
    return (doc[first : tok.i].text + tok.lemma_).lower()


def is_label(ent: Span) -> bool:
    """A figure that names or ranks rather than counts: after a word of ``data/figure_labels.txt``
    ("China's No. 3 official", "number three"), or the end of a name "<Name> of N" ("the Group of
    20 nations", "Group of Seven leaders"; not at a sentence's start: "Of 20 people ...")."""
    doc, at = ent.doc, ent.start
    labels = lexicon.words("figure_labels.txt")
    if ent[0].lower_.rstrip("0123456789") in labels:
        return True  # "No.2" in one token
    before = doc[at - 1] if at >= 1 else None
    if before is None:
        return False
    word = before.lower_
    if word == "." and at >= 2 and not doc[at - 2].whitespace_:  # "No." parsed as "No" "."
        word = doc[at - 2].lower_ + "."
    if word in labels:
        return True
    name = doc[at - 2] if at >= 2 else None
    return (
        before.lower_ == "of"
        and name is not None
        and name.is_title
        and not name.is_sent_start
        and name.pos_ in ("PROPN", "NOUN")
    )


def counts_part(ent: Span) -> bool:
    """A figure that counts a part of a set ("90 of them"), or the rest of one or an addition to
    it by a word of ``data/figure_partial.txt`` on the figure or its noun ("three other
    provinces", "two more bodies", "another 20 people"; not "more than 20", a bound): no total
    to compare."""
    root = ent.root
    if any(t.dep_ == "prep" and t.lower_ == "of" for t in root.children):
        return True  # "90 of them", "two of the victims": a part of a set named elsewhere
    words = lexicon.words("figure_partial.txt")
    doc = ent.doc
    for tok in (*root.children, *root.head.children):
        if tok.lower_ not in words:
            continue
        following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if following is None or following.lower_ != "than":
            return True
    return False


def measure_of(ent: Span) -> str | None:
    """The lemma of what a figure counts or measures, or None when the parse does not say, the
    figure is a label (``is_label``) or counts only part of a whole (``counts_part``)."""
    if is_label(ent) or counts_part(ent):
        return None
    root = ent.root
    head = root.head
    if KINDS.get(ent.label_) in ("count", "quantity"):
        if root.dep_ in ("nummod", "quantmod", "compound") and head.pos_ == "NOUN":
            return _lemma(head) if _noun_of(head) else None  # "162 others": says not what
        nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if nxt is not None and _noun_of(nxt):
            return _lemma(nxt)
    if root.dep_ in ("compound", "nmod", "amod", "nummod") and _noun_of(head):
        return _lemma(head)  # "a $20 billion deal"
    if (
        KINDS.get(ent.label_) == "count"
        and root.dep_ == "dobj"
        and head.lemma_.lower() not in lexicon.words("measure_verbs.txt")
    ):
        return None  # "the blast killed two": two victims, not two blasts
    verb = head
    for _ in range(3):  # "purchases ... reached $35 billion", "GDP declined by 4%"
        if verb.pos_ in ("VERB", "AUX"):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and _noun_of(child):
                    return _lemma(child)
        if verb.head is verb:
            break
        verb = verb.head
    return None


def find(doc: Doc, sentence_of: Callable[[int], int]) -> list[NumberMention]:
    """Figures of one annotated document; ``sentence_of`` maps a char offset to a sentence."""
    out = []
    for ent in doc.ents:
        kind = KINDS.get(ent.label_)
        if kind is None:
            continue
        text = ent.text.strip()
        out.append(
            NumberMention(
                ent.start_char,
                ent.start_char + len(text),
                text,
                value_of(text),
                kind,
                measure_of(ent),
                sentence_of(ent.start_char),
            )
        )
    return out
