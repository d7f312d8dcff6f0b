"""Walking a sentence's kept dependency parse (``Sentence.tokens``: each token's head index):
the dependents of each token, a token's subtree, the subject labels, the tokens inside quotation
marks. Read by the quote rules, the claim frame, the summary and its shortened sentences."""

from __future__ import annotations

import re

from newsprism.model import Sentence, Token

SUBJECTS = ("nsubj", "nsubjpass")
QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")  # a quotation, in double quote marks or guillemets
_QUOTE_MARKS = frozenset({"“", "”", '"', "«", "»", "``", "''"})  # not ’: it is an apostrophe too


def word(sent: Sentence, t: Token) -> str:
    """A token's text."""
    return sent.text[t.start - sent.start : t.end - sent.start]


def quoted(sent: Sentence) -> set[int]:
    """The tokens inside a quotation, and its quote marks."""
    out, inside = set(), False
    for k, t in enumerate(sent.tokens):
        if word(sent, t) in _QUOTE_MARKS:
            out.add(k)
            inside = not inside
        elif inside:
            out.add(k)
    return out


def children(toks: list[Token]) -> list[list[int]]:
    """The dependents of each token of a sentence, as indexes."""
    out: list[list[int]] = [[] for _ in toks]
    for k, t in enumerate(toks):
        if t.head != k:
            out[t.head].append(k)
    return out


def subtree(toks: list[Token], i: int, skip: tuple[str, ...] = ()) -> set[int]:
    """Token ``i`` and the tokens under it, not entering dependents labelled one of ``skip``."""
    kids = children(toks)
    out, stack = {i}, [i]
    while stack:
        for j in kids[stack.pop()]:
            if toks[j].dep not in skip and j not in out:
                out.add(j)
                stack.append(j)
    return out
