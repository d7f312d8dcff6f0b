"""Walking a sentence's kept dependency parse (``Sentence.tokens``: each token's head index):
the dependents of each token, a token's subtree, the subject labels. Read by the quote rules and
the claim frame."""

from __future__ import annotations

from newsprism.model import Token

SUBJECTS = ("nsubj", "nsubjpass")


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
