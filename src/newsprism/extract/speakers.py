"""Who a quote's speaker is when the text does not name them at the cue: "he" and "she" go to
the person they fit (gender from an honorific or a given name, ``data/first_names.txt``), a
definite description ("the senator") to the person last named with that role
(``data/roles.txt``). Used by :mod:`newsprism.extract.quotes`; a speaker is given only when one
fits.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from newsprism import lexicon
from newsprism.extract.tree import SUBJECTS
from newsprism.lexicon import WORD
from newsprism.model import Mention, Sentence, Token

_GENDERED = sorted(
    {t.rstrip(".") for g in "mf" for t in lexicon.having("titles.txt", g)}, key=len, reverse=True
)
_HONORIFIC = re.compile(rf"\b({'|'.join(_GENDERED)})\.?\s+$", re.I)  # "Mr. ", "Mrs "
_PRONOUN_GENDER = lexicon.table("pronouns.txt")  # "he" -> "m"
PERSONAL = frozenset(_PRONOUN_GENDER)  # the pronouns that stand for one person


def genders(text: str, mentions: list[Mention]) -> dict[str, str]:
    """The gender an article gives its people, by name and by surname: from an honorific
    ("Mr. Putney") or a given name that all but certainly marks it ("Hillary Clinton")."""
    given = lexicon.table("first_names.txt")
    full = {m.text for m in mentions if m.label == "PERSON" and " " in m.text}
    surnames = Counter(name.split()[-1] for name in full)
    out: dict[str, str] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = m.text.split()
        honorific = _HONORIFIC.search(text, max(0, m.start - 6), m.start)
        if honorific:
            title = honorific.group(1).lower()
            found = "m" if title in lexicon.having("titles.txt", "m") else "f"
        elif len(words) >= 2 or words[0] not in surnames:
            found = given.get(words[0].lower(), "")  # "Hillary Clinton", "Kevin"
        else:
            continue
        if found:
            out.setdefault(m.text, found)
            out.setdefault(words[-1], found)
        elif surnames[words[-1]] > 1:  # "Rakeyia Scott" is not "he" for being Keith Scott's wife
            out.setdefault(m.text, "")
    return out


def fits(name: str, pronoun: str, known: dict[str, str]) -> bool:
    """A person "he" or "she" may refer to: the gender is unknown or the same."""
    return _fits(name, _PRONOUN_GENDER.get(pronoun.lower()), known)


def _fits(name: str, want: str | None, known: dict[str, str]) -> bool:
    words = name.split()
    have = known[name] if name in known else known.get(words[-1]) if words else None
    return want is None or not have or have == want


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
        re.compile(rf"^,\s+(?:{lexicon.ARTICLES})\s+[^,.;]{{0,60}}?\b{re.escape(role)}\b", re.I),
    )


def described(role: str, before: int, reader: Reader) -> str | None:
    """Who a definite description ("the senator", with the head noun ``role``) refers back to: the
    person last named with that role, by a title before the name ("Sen. Bernie Sanders",
    "President Obama") or in an appositive after it ("Kerr Putney, the city's mayor,"). The caller
    checks that the description is definite: an indefinite one ("a source", "one official")
    brings in someone new."""
    patterns = _role_patterns(role)
    if patterns is None:
        return None
    by_title, apposed = patterns
    text = reader.text
    for m in reader.named_before(before, "PERSON"):
        if by_title.search(text[max(0, m.start - 40) : m.start]) or apposed.match(
            text[m.end : m.end + 80]
        ):
            return m.text
    return None


def named_group(word: str, before: int, reader: Reader) -> str | None:
    """Who a definite description of a group or institution refers back to ("the commission
    says"): the organisation last named with that word in its name (the Commission on
    Presidential Debates)."""
    for m in reader.named_before(before, "ORG"):
        if word in (w.lower() for w in WORD.findall(m.text)):
            return m.text
    return None


@dataclass(frozen=True, slots=True)
class SpeakerConfig:
    """How far a reader looks for who a quote's speaker is."""

    climb: int = 6  # head steps from the quoted words up to their speech verb
    salient_reach: int = 6  # sentences back to the subject a pronoun refers to
    described_reach: int = 3000  # characters back to the person a description refers to


@dataclass(slots=True)
class Reader:
    """What a reader of one article keeps in mind to resolve "he" and "she": its sentences and
    their parse, its people (and their genders), the stretches inside quote marks."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    genders: dict[str, str]
    quoted: list[tuple[int, int]]  # sorted, not overlapping
    config: SpeakerConfig = field(default_factory=SpeakerConfig)
    people: set[str] = field(init=False)  # names (and surnames) tagged as persons
    surnames: dict[str, str] = field(init=False)  # lower case -> as written, of the people
    starts: list[int] = field(init=False)  # of the sentences

    def __post_init__(self) -> None:
        persons = [m.text for m in self.mentions if m.label == "PERSON"]
        self.people = set(persons) | {p.split()[-1] for p in persons}
        self.surnames = {p.split()[-1].lower(): p.split()[-1] for p in persons}
        self.starts = [s.start for s in self.sentences]

    def inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quoted, (pos, 10**12)) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def named_before(self, pos: int, label: str) -> Iterator[Mention]:
        """The mentions with a label that end before a position, nearest first, as far back as a
        description reaches (``SpeakerConfig.described_reach``)."""
        for m in reversed(self.mentions):
            if m.label == label and m.end <= pos and pos - m.end <= self.config.described_reach:
                yield m

    def mention_at(self, pos: int, labels: tuple[str, ...]) -> Mention | None:
        """The mention with one of ``labels`` at a position."""
        return next(
            (m for m in self.mentions if m.start <= pos < m.end and m.label in labels), None
        )

    def person_at(self, pos: int) -> Mention | None:
        """The person named at a position (tagged a person here or elsewhere in the article:
        "Trump" tagged an organisation once is still Trump)."""
        return next(
            (
                m
                for m in self.mentions
                if m.start <= pos < m.end and (m.label == "PERSON" or m.text in self.people)
            ),
            None,
        )


def _subjects(reader: Reader, sentence: Sentence, before: int) -> list[str]:
    """The people who are subjects of a sentence's main clauses before a position, outside
    quotes, in order."""
    out: list[str] = []
    toks = sentence.tokens
    for k, t in enumerate(toks):
        if t.start >= before or t.dep not in SUBJECTS or reader.inside_quote(t.start):
            continue
        verb = toks[t.head]
        if verb.dep != "ROOT" and not (verb.dep == "conj" and toks[verb.head].dep == "ROOT"):
            continue  # "McLenney said Clinton doesn't …": the sentence is about McLenney
        if (m := reader.person_at(t.start)) is not None:
            out.append(m.text)
        elif t.pos == "PROPN" and t.lemma.lower() in reader.surnames:  # a name not tagged here
            out.append(reader.surnames[t.lemma.lower()])
        elif (named := _apposed(reader, toks, k)) is not None:
            out.append(named)
    return out


def _apposed(reader: Reader, toks: list[Token], k: int) -> str | None:
    """The person a description (token ``k``) is set beside: "China's No. 3 official, Li
    Zhanshu, ..."."""
    for c in toks:
        if c.head == k and c.dep == "appos" and (m := reader.person_at(c.start)) is not None:
            return m.text
    return None


def salient(before: int, reader: Reader, want: str | None = None) -> str | None:
    """The person the article is about at a position: the nearest subject of a main clause
    before it, among people of the wanted gender (if known)."""
    here = bisect.bisect_right(reader.starts, before) - 1
    for k in range(here, max(-1, here - reader.config.salient_reach), -1):
        for who in reversed(_subjects(reader, reader.sentences[k], before)):
            if _fits(who, want, reader.genders):
                return who
    return None


def referent(pronoun: str, before: int, reader: Reader, last: str | None) -> str | None:
    """Who "he" or "she" is: the nearest person before it who was the subject of a sentence
    and whom it fits (past sentences whose subject is "he" or "she"); else the person quoted last,
    else the last person named before it (outside quotes) whom it fits."""
    want = _PRONOUN_GENDER.get(pronoun.lower())
    who = salient(before, reader, want)
    if who is not None:
        return who
    if last and _fits(last, want, reader.genders):
        return last
    for m in reversed(reader.mentions):
        if m.end > before or m.label != "PERSON" or reader.inside_quote(m.start):
            continue
        if _fits(m.text, want, reader.genders):
            return m.text
    return None
