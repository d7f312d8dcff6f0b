"""Word lists, kept once as data files in ``newsprism/data`` (one entry a line, ``#`` comments)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

WORD = re.compile(r"\w+")  # a word, as every rule counts and splits them


def _lines(name: str) -> list[str]:
    text = resources.files("newsprism").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def ordered(name: str) -> tuple[str, ...]:
    """A one-word-a-line list in its order, e.g. ``ordered("weekdays.txt")[0] == "Monday"``."""
    return tuple(_lines(name))


@cache
def alternation(name: str) -> str:
    """A regular-expression alternation of the entries (first column) of a list, longest first so
    that "Sept." is tried before "Sept", e.g. ``alternation("months.txt")``."""
    entries = {ln.split("\t", 1)[0] for ln in _lines(name)}
    return "|".join(re.escape(e) for e in sorted(entries, key=lambda e: (-len(e), e)))


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-a-line list, e.g. ``words("speech_verbs.txt")``."""
    return frozenset(_lines(name))


@cache
def flagged(name: str) -> dict[str, frozenset[str]]:
    """A list of words, each with its flags after a tab: ``say\tinverts`` ->
    ``{"say": {"inverts"}}``; a word without flags has none."""
    out = {}
    for ln in _lines(name):
        word, _, flags = ln.partition("\t")
        out[word] = frozenset(flags.split())
    return out


@cache
def having(name: str, flag: str) -> frozenset[str]:
    """The words of a flagged list that carry a flag, e.g. ``having("titles.txt", "f")``."""
    return frozenset(w for w, flags in flagged(name).items() if flag in flags)


@cache
def table(name: str) -> dict[str, str]:
    """A list of tab-separated key and value, e.g. ``table("first_names.txt")["mary"] == "f"``."""
    return dict(ln.split("\t", 1) for ln in _lines(name))


@cache
def grouped(name: str) -> dict[str, frozenset[str]]:
    """A list of tab-separated key and value, a key on several lines: key -> all its values."""
    out: dict[str, set[str]] = {}
    for ln in _lines(name):
        key, value = ln.split("\t", 1)
        out.setdefault(key, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def pairs(name: str) -> frozenset[frozenset[str]]:
    """A list of tab-separated pairs, each unordered, e.g. ``pairs("antonyms.txt")``."""
    return frozenset(frozenset(ln.split("\t")) for ln in _lines(name))


@cache
def opening(name: str) -> re.Pattern[str]:
    """A pattern matching, at the start of a text and as whole words, any phrase of a list
    (case-insensitive; longest phrases first)."""
    phrases = sorted(_lines(name), key=len, reverse=True)
    either = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"^[“\"‘'«]?(?:{either})\b", re.I)


@cache
def stop_words() -> frozenset[str]:
    """English function words ("the", "of", "which", "they"): spaCy's list, the one every rule
    that skips them reads."""
    from newsprism.nlp import import_spacy

    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


ARTICLES = alternation("articles.txt")  # "the|an|a", for the rules' patterns
