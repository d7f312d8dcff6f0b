"""Rules that find disagreement between two aligned sentences of different articles.

No NLI model can be had offline, so disagreement is read off what the annotators found: figures
measuring the same thing with different values, dates of the same precision that differ, a main
verb negated in one sentence but not the other, and a named entity of one type swapped for another.
Each finding says which value each source gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from newsprism import lexicon
from newsprism.extract.numbers import bounds
from newsprism.model import Conflict, NumberMention, Ref, Stated, TimeMention


@dataclass(slots=True)
class Side:
    ref: Ref | None  # None for sentences compared outside any article
    numbers: list[NumberMention]
    times: list[TimeMention]
    negated: bool
    entities: dict[str, set[str]]  # label -> canonical names
    # times of clauses describing a noun ("the fire that broke out Thursday"): never in conflict
    # themselves, but a time the other side shares with one means they may tell one event
    background: list[TimeMention] = field(default_factory=list)


def stated(ref: Ref | None, text: str) -> Stated:
    """One source's value, with its article and sentence when it has them."""
    if ref is None:
        return Stated(None, None, text)
    return Stated(ref.article, ref.sentence, text)


def _numbers(a: Side, b: Side) -> list[Conflict]:
    out: list[Conflict] = []
    for x in a.numbers:
        for y in b.numbers:
            if x.measure is None or x.measure != y.measure or x.kind != y.kind:
                continue
            if x.value is None or y.value is None:
                continue
            if _apart(x, y):
                same_elsewhere = any(
                    z.value == x.value and z.measure == x.measure for z in b.numbers
                ) or any(z.value == y.value and z.measure == y.measure for z in a.numbers)
                if not same_elsewhere:
                    out.append(
                        Conflict(x.kind, x.measure, [stated(a.ref, x.text), stated(b.ref, y.text)])
                    )
    return out


def _apart(x: NumberMention, y: NumberMention) -> bool:
    """Two figures that cannot both hold: the values their words allow do not meet ("more than
    150" and "at least 156" people meet; "60" and "65" dead do not). Exact figures within a
    hundredth of each other are one figure rounded."""
    assert x.value is not None and y.value is not None
    (a_lo, a_hi), (b_lo, b_hi) = bounds(x.text, x.value), bounds(y.text, y.value)
    slack = 0.01 * max(abs(x.value), abs(y.value))
    return a_lo > b_hi + slack or b_lo > a_hi + slack


def _compatible(x: str, y: str) -> bool:
    """Two ISO values that may name the same time: equal, or one a prefix of the other."""
    if "W" in x or "W" in y:
        return True  # weeks and days overlap in ways prefixes do not show
    return x.startswith(y) or y.startswith(x)


def _dates(a: Side, b: Side) -> list[Conflict]:
    if not a.times or not b.times:
        return []
    for x in a.times + a.background:
        if any(_compatible(x.value or "", y.value or "") for y in b.times + b.background):
            return []  # they share a time: other dates are other events
    x, y = a.times[0], b.times[0]
    if len(x.value or "") != len(y.value or ""):
        return []
    return [
        Conflict(
            "date",
            "date",
            [
                stated(a.ref, f"{x.text} ({x.value})"),
                stated(b.ref, f"{y.text} ({y.value})"),
            ],
        )
    ]


def _negation(a: Side, b: Side, similarity: float) -> list[Conflict]:
    if a.negated != b.negated and similarity >= 0.8:
        return [
            Conflict(
                "negation",
                "polarity",
                [
                    stated(a.ref, "negative" if a.negated else "positive"),
                    stated(b.ref, "negative" if b.negated else "positive"),
                ],
            )
        ]
    return []


def _entities(a: Side, b: Side, similarity: float) -> list[Conflict]:
    if similarity < 0.8:
        return []
    out: list[Conflict] = []
    for label in ("PERSON", "GPE", "ORG"):
        x, y = a.entities.get(label, set()), b.entities.get(label, set())
        only_x, only_y = x - y, y - x
        if len(only_x) == 1 and len(only_y) == 1 and x & y == set() and _distinct(only_x, only_y):
            out.append(
                Conflict(
                    "entity",
                    label.lower(),
                    [
                        stated(a.ref, next(iter(only_x))),
                        stated(b.ref, next(iter(only_y))),
                    ],
                )
            )
    return out


@cache
def _capitals() -> dict[str, frozenset[str]]:
    """Capital -> its countries, lower case (``data/capitals.txt``)."""
    out = lexicon.grouped("capitals.txt")
    return {k.lower(): frozenset(v.lower() for v in vs) for k, vs in out.items()}


def capital_of(a: str, b: str) -> bool:
    """One name is the capital of the other, the country it stands for ("Damascus" / "Syria")."""
    x, y = a.lower().removeprefix("the "), b.lower().removeprefix("the ")
    caps = _capitals()
    return y in caps.get(x, ()) or x in caps.get(y, ())


def _distinct(x: set[str], y: set[str]) -> bool:
    """Two names that cannot be one: no word in common, neither the initials of the other, nor
    the capital of the other."""
    from newsprism.claims import same_speaker

    (a,), (b,) = x, y
    return (
        not same_speaker(a, b)
        and not set(a.lower().split()) & set(b.lower().split())
        and not capital_of(a, b)
    )


def compare(a: Side, b: Side, similarity: float) -> list[Conflict]:
    """Everything two aligned sentences of different articles disagree on."""
    return _numbers(a, b) + _dates(a, b) + _negation(a, b, similarity) + _entities(a, b, similarity)
