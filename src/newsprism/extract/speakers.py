"""Who a quote's speaker is when the text does not name them at the cue: "he" and "she" go to
the person they fit (gender from an honorific or a given name, ``data/first_names.txt``), a
definite description ("the senator") to the person last named with that role
(``data/roles.txt``). Used by :mod:`newsprism.extract.quotes`; a speaker is given only when one
fits.
"""

from __future__ import annotations

import re
from functools import cache

from newsprism import lexicon
from newsprism.model import Mention

_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
_PRONOUN_GENDER = {"he": "m", "she": "f"}


def genders(text: str, mentions: list[Mention]) -> dict[str, str]:
    """The gender an article gives its people, by name and by surname: from an honorific
    ("Mr. Putney") or a given name that all but certainly marks it ("Hillary Clinton")."""
    given = lexicon.table("first_names.txt")
    out: dict[str, str] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = m.text.split()
        honorific = _HONORIFIC.search(text, max(0, m.start - 6), m.start)
        if honorific:
            found = "m" if honorific.group(1) == "Mr" else "f"
        elif len(words) >= 2:
            found = given.get(words[0].lower(), "")
        else:
            continue
        if found:
            out.setdefault(m.text, found)
            out.setdefault(words[-1], found)
    return out


def _fits(name: str, want: str | None, known: dict[str, str]) -> bool:
    """A person "he" or "she" may refer to: the gender is unknown or the same."""
    words = name.split()
    have = known.get(name) or (known.get(words[-1]) if words else None)
    return want is None or have is None or have == want


_DEFINITE = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w’'-]+\s+){0,4}?([a-z][\w-]+)$")
DESCRIBED_REACH = 3000  # characters back to the person a description refers to


@cache
def _role_patterns(role: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """For a role word of ``roles.txt``: its titles just before a name ("Sen. Bernie"), and an
    appositive naming it just after one (", the city's mayor")."""
    titles = lexicon.grouped("roles.txt").get(role)
    if titles is None:
        return None
    alternation = "|".join(map(re.escape, sorted(titles)))
    return (
        re.compile(rf"(?:^|\s)(?:{alternation})\s+(?:[A-Z][\w.’'-]*\s+)*$"),
        re.compile(rf"^,\s+(?:the|a|an)\s+[^,.;]{{0,60}}?\b{re.escape(role)}\b", re.I),
    )


def described(text: str, description: str, mentions: list[Mention], before: int) -> str | None:
    """Who a definite description refers back to: "the senator" is the person last named with
    that role, by a title before the name ("Sen. Bernie Sanders", "President Obama") or in an
    appositive after it ("Kerr Putney, the city's mayor,"). An indefinite one ("a source", "one
    official") brings in someone new: never resolved."""
    definite = _DEFINITE.fullmatch(description.strip())
    patterns = _role_patterns(definite.group(1)) if definite else None
    if patterns is None:
        return None
    by_title, apposed = patterns
    for m in reversed(mentions):
        if m.label != "PERSON" or m.end > before or before - m.end > DESCRIBED_REACH:
            continue
        if by_title.search(text[max(0, m.start - 40) : m.start]) or apposed.match(
            text[m.end : m.end + 80]
        ):
            return m.text
    return None


def referent(
    pronoun: str, mentions: list[Mention], before: int, last: str | None, known: dict[str, str]
) -> str | None:
    """Who "he" or "she" is: the person last quoted, when the pronoun fits them, else the last
    person named before the quote whom it fits."""
    want = _PRONOUN_GENDER.get(pronoun.lower())
    if last and _fits(last, want, known):
        return last
    for m in reversed(mentions):
        if m.end <= before and m.label == "PERSON" and _fits(m.text, want, known):
            return m.text
    return None
