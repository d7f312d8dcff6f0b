"""Walking a sentence's kept dependency parse (``Sentence.tokens``: each token's head index):
the dependents of each token, a token's subtree, the subject labels, "according to". Read by the
quote rules, the claim frame, the summary and its shortened sentences."""

from __future__ import annotations

import re

from newsprism.model import Sentence, Token

SUBJECTS = ("nsubj", "nsubjpass")
QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")  # a quotation, in double quote marks or guillemets


def word(sent: Sentence, t: Token) -> str:
    """A token's text."""
    return sent.text[t.start - sent.start : t.end - sent.start]


def according(toks: list[Token], k: int) -> bool:
    """Token ``k`` opens "according to"."""
    return toks[k].lemma == "accord" and k + 1 < len(toks) and toks[k + 1].lemma == "to"


def children(toks: list[Token]) -> list[list[int]]:
    """The dependents of each token of a sentence, as indexes."""
    out: list[list[int]] = [[] for _ in toks]
    for k, t in enumerate(toks):
        if t.head != k:
            out[t.head].append(k)
    return out


def phrase_head(toks: list[Token], start: int, end: int) -> int | None:
    """The head of the words in characters ``[start, end)``: the last of them whose own head lies
    outside them ("the city's mayor": "mayor")."""
    inside = {j for j, t in enumerate(toks) if start <= t.start and t.end <= end}
    tops = [j for j in sorted(inside) if toks[j].head not in inside or toks[j].head == j]
    return tops[-1] if tops else None


def definite(toks: list[Token], k: int) -> bool:
    """A noun phrase that refers back: "the senator", "this official", "Obama's strategist" (not
    "a source")."""
    return any(
        t.head == k and (t.dep == "poss" or (t.dep == "det" and t.lemma in ("the", "this", "that")))
        for t in toks
    )


def subtree(
    toks: list[Token], i: int, skip: tuple[str, ...] = (), kids: list[list[int]] | None = None
) -> set[int]:
    """Token ``i`` and the tokens under it, not entering dependents labelled one of ``skip``;
    ``kids``: the sentence's :func:`children`, when the caller has them."""
    kids = children(toks) if kids is None else kids
    out, stack = {i}, [i]
    while stack:
        for j in kids[stack.pop()]:
            if toks[j].dep not in skip and j not in out:
                out.add(j)
                stack.append(j)
    return out
