"""One entry per real-world person, organisation or place across the whole story.

Mentions are grouped by their normalised name; a one-word person name joins the unique longer
person name that contains it ("Xi" → "Xi Jinping", "Gabuev" → "Alexander Gabuev", also when the
full name appears only later or in another article); an acronym joins the name it abbreviates
("SCO" → "Shanghai Cooperation Organization"); spelling variants of one type merge by fuzzy
ratio (rapidfuzz).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsprism import lexicon
from newsprism.extract.entities import normalize
from newsprism.model import Article, Entity, Mention, Ref

_APPOSITIVE = re.compile(
    rf"^,\s+((?:{lexicon.ARTICLES}|who is|who was)\s[^,;“”\"()]{{3,120}}?|(?:[a-z][\w-]*\s){{0,3}}"
    rf"(?:{lexicon.alternation('occupations.txt')})[^,;“”\"()]{{0,100}}?)(?=,|\.|;|$)"
)


ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


class EntityIndex:
    """Maps every surface name to its canonical entity name."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.by_alias: dict[str, Entity] = {}
        for ent in entities:
            for alias in ent.aliases:
                self.by_alias.setdefault(alias.casefold(), ent)

    def canonical(self, surface: str | None, speaker: bool = False) -> str | None:
        """The canonical name of a surface form. A ``speaker`` is most likely a person: a
        surname the tagger missed or mislabelled ("Modi" as a place) goes to the one person of
        the story whose full name ends with it."""
        if not surface:
            return None
        name = normalize(surface)
        ent = self.by_alias.get(name.casefold())
        if ent is None or (speaker and ent.type != "PERSON"):
            last = name.split()[-1] if name.split() else name
            hits = {
                e.name
                for e in self.entities
                if e.type == "PERSON"
                and len(e.name.split()) > 1
                and e.name.split()[-1] == last
                and name in e.name
            }
            if len(hits) == 1:
                return hits.pop()
        return ent.name if ent else name


@dataclass(slots=True)
class _Group:
    """Mentions sharing one normalised name."""

    labels: Counter[str] = field(default_factory=Counter)
    refs: list[Ref] = field(default_factory=list)
    desc: list[str] = field(default_factory=list)


# words that make two otherwise alike names two places: Eastern / Western Siberia
_APART = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "upper",
    "lower",
    "new",
    "old",
    "central",
    "greater",
    "little",
}


def _bare(name: str) -> str:
    return name.replace(".", "").casefold()


def _told_apart(a: str, b: str) -> bool:
    wa, wb = set(a.casefold().split()), set(b.casefold().split())
    return bool((wa ^ wb) & _APART)


def _type(labels: Counter[str]) -> str:
    return labels.most_common(1)[0][0]


def _group_key(groups: dict[str, _Group]) -> dict[str, str]:
    """For each group key, the key of the group it merges into."""
    from rapidfuzz import fuzz

    kinds = {key: _type(g.labels) for key, g in groups.items()}  # looked up millions of times
    kind = kinds.__getitem__

    target: dict[str, str] = {}
    ordered = sorted(groups, key=len, reverse=True)
    for i, key in enumerate(ordered):  # spelling variants: Organization / Organisation, U.S. / US
        for other in ordered[:i]:
            if other in target or kind(key) != kind(other):
                continue
            if _bare(key) == _bare(other) or (
                len(key) >= 6
                and fuzz.ratio(key.casefold(), other.casefold()) >= 92
                and not _told_apart(key, other)
            ):
                target[key] = other
                break
    roots = [k for k in groups if k not in target]
    long_persons = [k for k in roots if kind(k) == "PERSON" and len(k.split()) >= 2]
    for key in roots:
        words = key.split()
        if len(words) >= 2 and kind(key) == "PERSON":
            # "Garcia Herrero" inside "Alicia Garcia Herrero"
            hits = [p for p in long_persons if p != key and p.endswith(" " + key)]
            if len(hits) == 1:
                target[key] = hits[0]
        elif len(words) == 1 and kind(key) in ("PERSON", "ORG") and not key.isupper():
            hits = [p for p in long_persons if key in p.split()]
            if len(hits) == 1:  # a surname (or "Xi") alone: the one full name holding it
                target[key] = hits[0]
        elif key.isupper() and 2 <= len(key) <= 6:
            full = [
                o
                for o in roots
                if o != key and len(o.split()) >= 2 and _initials(o).upper() == _bare(key).upper()
            ]
            if len(full) == 1:
                target[key] = full[0]
    return target


_COURTESY = frozenset(  # "Mr.", "Sen": a title that gives no role of its own
    t.rstrip(".")
    for flag in ("honorific", "abbreviation")
    for t in lexicon.having("titles.txt", flag)
)
_ROLE_WORDS = frozenset(  # capitalised words that give a role: "President", "Prime Minister"
    w.rstrip(".").lower()
    for w in (
        *lexicon.flagged("titles.txt"),
        *lexicon.grouped("roles.txt"),
        *(t for ts in lexicon.grouped("roles.txt").values() for t in ts),
        *lexicon.words("occupations.txt"),
    )
)
_DETERMINER = re.compile(rf"^(?:{lexicon.ARTICLES}|his|her|their|its|our|former|then)\s+", re.I)


def _role_before(text: str, m: Mention) -> str | None:
    """The role a noun phrase gives a person before the name: "Russian President" Vladimir
    Putin, "Kremlin foreign policy adviser" Yuri Ushakov."""
    if m.label != "PERSON" or not m.phrase or m.phrase[0] >= m.start:
        return None
    role = text[m.phrase[0] : m.start].strip(" ,")
    while _DETERMINER.match(role):
        role = _DETERMINER.sub("", role, count=1)
    if (
        len(role) < 3
        or role.endswith(("’s", "'s"))
        or not re.search(r"[a-z]{3}", role)
        or role.lower().rstrip(".") in _COURTESY
        or not any(w[0].islower() or w.lower() in _ROLE_WORDS for w in lexicon.WORD.findall(role))
    ):
        # nothing, a possessive ("Putin’s"), an acronym, just "Mr.", or names only: a given
        # name the tagger left out of the person ("Mohanned" Hussein) is no role
        return None
    return role


def merge(articles: list[Article]) -> EntityIndex:
    groups: dict[str, _Group] = {}
    for art in articles:
        for m in art.mentions:
            name = normalize(m.text)
            if len(name) < 2 or m.label not in ENTITY_TYPES:
                continue  # nationalities ("Chinese") and the like are words, not entities
            g = groups.setdefault(name, _Group())
            g.labels[m.label] += 1
            g.refs.append(Ref(art.id, m.sentence))
            d = _APPOSITIVE.match(art.text[m.end : m.end + 200])
            if d and m.label == "PERSON":
                g.desc.append(d.group(1).strip())
            role = _role_before(art.text, m)
            if role:
                g.desc.append(role)
    target = _group_key(groups)

    def root(key: str) -> str:
        seen = set()
        while key in target and key not in seen:
            seen.add(key)
            key = target[key]
        return key

    merged: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        merged[root(key)].append(key)
    entities = []
    for members in merged.values():
        labels: Counter[str] = Counter()
        refs: list[Ref] = []
        desc: list[str] = []
        for k in members:
            labels.update(groups[k].labels)
            refs.extend(groups[k].refs)
            desc.extend(groups[k].desc)
        name = max(members, key=lambda k: (len(k.split()), len(k)))
        refs = sorted(set(refs), key=lambda r: (r.article, r.sentence))
        entities.append(
            Entity(name, _type(labels), sorted(members), list(dict.fromkeys(desc)), refs)
        )
    entities.sort(key=lambda e: (-len({r.article for r in e.mentions}), -len(e.mentions), e.name))
    return EntityIndex(entities)
