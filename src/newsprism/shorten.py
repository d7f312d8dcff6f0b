"""Shorter forms of a sentence that still state its claim, for summaries with a small budget.

Parts the parse marks as optional are dropped, each by a named rule:

- ``opening-phrase``: a phrase before the subject, set off by a comma ("On Tuesday, ...",
  "Amid new threats to test a bomb, ..."), unless it is a condition ("If talks fail, ...",
  ``data/conditions.txt``) or an attribution ("According to police, ...", a speech verb);
- ``aside``: an appositive, a non-restrictive relative clause or a participle phrase set off by
  commas ("Kim, the North Korean leader, said", "the plan, which was announced Monday, cuts");
  never an appositive that is the name ("The leader, Kim Jong Un, said");
- ``trailing-clause``: a participle clause, or a clause of its own claim ("while...",
  "although...", ``data/separable_clauses.txt``), closing the sentence after a comma ("Stocks
  fell 10 percent, triggering a halt to trading");
- ``parenthesis``: a bracketed part;
- ``pronoun-attribution``: "he said" set off by commas from what it reports ("Seventeen others
  died in landslides, he said."): who "he" is lies in another sentence, the citation shows it.

Nothing inside a quotation is dropped, and the shortened text keeps the sentence's own words in
order: it is the same sentence, with less detail, and cites the same evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism import lexicon
from newsprism.extract.cues import speech_verb
from newsprism.extract.quotes import quoted_tokens
from newsprism.extract.tree import SUBJECTS, according, children, subtree, word
from newsprism.model import Sentence, Token

_OPENING_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod"})
_ASIDE_DEPS = frozenset({"appos", "relcl", "acl"})
_TAKES_ROOT = frozenset({"pronoun-attribution"})  # "he said" is the root: what is said stays


@dataclass(slots=True, frozen=True)
class Shortened:
    text: str
    rules: tuple[str, ...]  # the rules whose cuts made it
    dropped: frozenset[int]  # the sentence's tokens left out


def _tokens(sent: Sentence) -> list[Token]:
    """The sentence's tokens without the line breaks the parser may keep at its end."""
    toks = sent.tokens
    n = len(toks)
    while n and toks[n - 1].pos == "SPACE":
        n -= 1
    return toks[:n]


def _contiguous(span: set[int]) -> bool:
    return max(span) - min(span) + 1 == len(span)


def _condition_or_attribution(toks: list[Token], span: set[int]) -> bool:
    speech = lexicon.flagged("speech_verbs.txt")
    conditions = lexicon.words("conditions.txt")
    return any(
        toks[k].lemma.lower() in speech
        or according(toks, k)
        or (toks[k].dep == "mark" and toks[k].lemma.lower() in conditions)
        for k in span
    )


def _opening(
    sent: Sentence, toks: list[Token], kids: list[list[int]], root: int
) -> set[int] | None:
    subject = next((k for k in kids[root] if toks[k].dep in SUBJECTS), None)
    if subject is None:
        return None
    for d in kids[root]:
        if d > subject or toks[d].dep not in _OPENING_DEPS:
            continue
        span = subtree(toks, d, kids=kids)
        end = max(span)
        if toks[d].dep == "npadvmod" and any(toks[k].dep == "conj" for k in span):
            continue  # "Hours after ..., " is one; a list before the verb is a misparsed subject
        if (
            min(span) == 0
            and _contiguous(span)
            and end + 1 < subject
            and word(sent, toks[end + 1]) == ","
            and not _condition_or_attribution(toks, span)
        ):
            return span | {end + 1}
    return None


def _set_off_before(
    sent: Sentence, toks: list[Token], kids: list[list[int]], head: int, first: int
) -> bool:
    """Does a part of ``head``'s phrase that stays (a name: "Wuhan, China, the epicenter") end
    just before the aside starting at ``first``, set off by a comma of its own?"""
    for j in kids[head]:
        if toks[j].dep in _ASIDE_DEPS and toks[j].pos != "PROPN":
            continue  # an aside itself: cut with this one (a run of asides)
        part = subtree(toks, j, kids=kids)
        if first - 2 in part and min(part) > 0 and word(sent, toks[min(part) - 1]) == ",":
            return True
    return False


def _asides(sent: Sentence, toks: list[Token], kids: list[list[int]]) -> list[set[int]]:
    found: list[tuple[int, set[int]]] = []  # (the word it describes, the cut)
    for k, t in enumerate(toks):
        if t.dep not in _ASIDE_DEPS or (t.dep == "appos" and t.pos == "PROPN"):
            continue
        if t.dep == "acl" and t.tag not in ("VBN", "VBG"):
            continue
        span = subtree(toks, k, kids=kids)
        first, last = min(span), max(span)
        if first < 2 or not _contiguous(span) or word(sent, toks[first - 1]) != ",":
            continue
        phrase = subtree(toks, t.head, kids=kids)
        if first - 2 not in phrase - span:
            continue  # set off from a word other than the one it describes: a misparse
        after = word(sent, toks[last + 1]) if last + 1 < len(toks) else ""
        if after == ",":
            # both commas go where the word's phrase ends ("Smith, a spokesman, said", "met
            # Smith, a spokesman, on Monday"), before the verb whatever the parse made of the
            # word, or before a conjunction ("met Smith, a spokesman, and Jones"); one stays
            # where the phrase goes on ("Pinochet, 82, in London for surgery, was held") or is
            # itself set off ("sent workers to Wuhan, China, the epicenter, without training")
            nxt = toks[last + 2] if last + 2 < len(toks) else None
            ends = last + 2 not in phrase and not _set_off_before(sent, toks, kids, t.head, first)
            verb = nxt is not None and nxt.dep == "ROOT"
            joins = nxt is not None and nxt.dep == "cc"
            closing = {last + 1} if ends or verb or joins else set()
            found.append((t.head, span | {first - 1} | closing))
        elif after in (".", "!", "?") and last + 2 == len(toks):
            found.append((t.head, span | {first - 1}))
    # asides of one word in a row ("Oliveira, 48, a manicurist, said") go together: one alone
    # would leave a comma too few or too many
    out: list[tuple[int, set[int]]] = []
    for head, span in sorted(found, key=lambda f: min(f[1])):
        if out and out[-1][0] == head and min(span) <= max(out[-1][1]) + 1:
            out[-1][1].update(span)
        else:
            out.append((head, set(span)))
    return [span for _head, span in out]


def _end(sent: Sentence, toks: list[Token]) -> int:
    """Where the sentence's words end: before its closing full stop, if it has one."""
    return len(toks) - 1 if word(sent, toks[-1]) in (".", "!", "?") else len(toks)


def _trailing(
    sent: Sentence, toks: list[Token], kids: list[list[int]], root: int
) -> set[int] | None:
    """A participle clause of the main verb, or a clause opened by "while", "although"... of
    any verb, closing the sentence after a comma."""
    end = _end(sent, toks)
    separable = lexicon.words("separable_clauses.txt")
    for d, t in enumerate(toks):
        if t.dep != "advcl" or d < t.head:
            continue
        participle = t.head == root and t.tag == "VBG"
        if not participle and not any(
            toks[j].dep == "mark" and toks[j].lemma.lower() in separable for j in kids[d]
        ):
            continue
        span = subtree(toks, d, kids=kids)
        first = min(span)
        if _contiguous(span) and max(span) == end - 1 and word(sent, toks[first - 1]) == ",":
            return span | {first - 1}
    return None


def pronoun_subject_of_speech(toks: list[Token], k: int) -> bool:
    """Is token ``k`` a pronoun needing an antecedent ("he", "they": ``data/anaphors.txt``) that
    is the subject of a speech verb ("he said")?"""
    t = toks[k]
    return (
        t.dep in SUBJECTS
        and t.lemma.lower() in lexicon.having("anaphors.txt", "pronoun")
        and speech_verb(toks[t.head])
    )


def _attribution(
    sent: Sentence, toks: list[Token], kids: list[list[int]], root: int
) -> set[int] | None:
    """ "..., he said." or "The union, he said, will...": a speech verb whose subject is a
    pronoun that needs an antecedent, set off by commas from what it reports."""

    def pronoun_speaker(v: int) -> bool:
        return any(pronoun_subject_of_speech(toks, j) for j in kids[v])

    end = _end(sent, toks)
    if pronoun_speaker(root):
        said = next((j for j in kids[root] if toks[j].dep == "ccomp" and j < root), None)
        if said is not None:
            content = subtree(toks, said, kids=kids)
            last = max(content)
            if min(content) == 0 and _contiguous(content) and word(sent, toks[last + 1]) == ",":
                return set(range(last + 1, end))
    for j in kids[root]:
        if toks[j].dep == "parataxis" and pronoun_speaker(j):
            span = {i for i in subtree(toks, j, kids=kids) if toks[i].pos != "PUNCT"}
            first, last = min(span), max(span)
            if (
                _contiguous(span)
                and first > 1
                and last + 1 < end
                and word(sent, toks[first - 1]) == ","
                and word(sent, toks[last + 1]) == ","
            ):
                return span | {first - 1, last + 1}
    return None


def _parentheses(sent: Sentence, toks: list[Token]) -> list[set[int]]:
    out, start = [], None
    for k, t in enumerate(toks):
        w = word(sent, t)
        if w == "(":
            start = k
        elif w == ")" and start is not None:
            out.append(set(range(start, k + 1)))
            start = None
    return out


def cuts(sent: Sentence, quoted: set[int] | None = None) -> list[tuple[str, set[int]]]:
    """The parts of a sentence that may be left out, each with the rule that allows it."""
    toks = _tokens(sent)
    root = next((k for k, t in enumerate(toks) if t.dep == "ROOT"), None)
    if root is None:
        return []
    kids = children(toks)
    found: list[tuple[str, set[int]]] = []
    opening = _opening(sent, toks, kids, root)
    if opening:
        found.append(("opening-phrase", opening))
    found += [("aside", s) for s in _asides(sent, toks, kids)]
    trailing = _trailing(sent, toks, kids, root)
    if trailing:
        found.append(("trailing-clause", trailing))
    found += [("parenthesis", s) for s in _parentheses(sent, toks)]
    attribution = _attribution(sent, toks, kids, root)
    if attribution:
        found.append(("pronoun-attribution", attribution))
    inside = quoted_tokens(sent) if quoted is None else quoted
    kept = [
        (rule, span)
        for rule, span in found
        if not span & inside and (root not in span or rule in _TAKES_ROOT)
    ]
    # a part inside another part is cut with it
    return [(rule, span) for rule, span in kept if not any(span < other for _r, other in kept)]


def render(sent: Sentence, dropped: set[int]) -> str:
    """The sentence without the dropped tokens, spaced and capitalised as a sentence."""
    toks = sent.tokens
    out, at = [], 0
    for k, t in enumerate(toks):
        if k in dropped:
            out.append(sent.text[at : t.start - sent.start])
            at = t.end - sent.start
    out.append(sent.text[at:])
    text = "".join(out)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"^[,;:\s]+", "", text)
    return text[:1].upper() + text[1:]


def variants(sent: Sentence, most: int = 4, quoted: set[int] | None = None) -> list[Shortened]:
    """Shorter forms of a sentence: every cut made, then each cut alone (at most ``most``)."""
    found = cuts(sent, quoted) if most > 0 else []
    if not found:
        return []
    plans = [found] + ([[c] for c in found] if len(found) > 1 else [])
    out: list[Shortened] = []
    seen = {sent.text}
    for plan in plans[:most]:
        dropped = set().union(*(span for _rule, span in plan))
        text = render(sent, dropped)
        if text not in seen:
            seen.add(text)
            out.append(Shortened(text, tuple(r for r, _s in plan), frozenset(dropped)))
    return out
