"""The named rules that decide a pair of claims beside the learned model (``newsprism.relation``):
what parts two claims whatever their words share (two speakers, two named actors, two days'
news, two events), and what two claims about one thing disagree on (figures, dates, opposite
words, polarity, a name swapped in a role). Each rule gives a :class:`Reason` with its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from newsprism import claims as claim_rules
from newsprism import conflicts, lexicon
from newsprism.claims import Claim
from newsprism.extract.numbers import KINDS
from newsprism.model import Conflict, TimeMention


@dataclass(slots=True, frozen=True)
class Reason:
    """One thing that decided a comparison: a feature's pull (``effect`` on the log-odds of
    ``same``) or a rule that fired."""

    name: str
    detail: str
    effect: float = 0.0


def speaker_rule(a: Claim, b: Claim) -> Reason | None:
    named = claim_rules.named
    if a.speaker is None or b.speaker is None or not (named(a.speaker) and named(b.speaker)):
        return None
    if not claim_rules.same_speaker(a.speaker, b.speaker):
        return Reason("speaker-differs", f"said by {a.speaker!r} / by {b.speaker!r}")
    return None


def _named_subject(c: Claim) -> str | None:
    """The name the claim's subject word belongs to (one of the people, organisations and places
    the claim names), or None when the subject is no name."""
    word = c.frame.subject
    if not word:
        return None
    if c.subject_name is not None:  # a subject shared from outside the claim's own words
        return c.subject_name
    found = {n for n in c.all_names if word.lower() in claim_rules.words(n)}
    return found.pop() if len(found) == 1 else None


def subject_rule(a: Claim, b: Claim) -> Reason | None:
    """Two claims whose subjects are two different names tell what two actors did ("De Kock has
    applied for amnesty" / "De Klerk has not"): never one claim, and no conflict of sources. Not
    when each names the other's subject too ("Putin met Xi" / "Xi met Putin")."""
    x, y = _named_subject(a), _named_subject(b)
    if x is None or y is None or x in b.all_names or y in a.all_names:
        return None
    if claim_rules.same_speaker(x, y) or conflicts.capital_of(x, y):
        return None
    return Reason("subject-differs", f"about {x!r} / about {y!r}")


def _antonyms(a: Claim, b: Claim) -> list[Conflict]:
    """Opposite words, one in each claim and not both in either ("talks have stalled" /
    "reached an agreement"; "rose" / "fell"): the main predicates first, then any content word."""
    pairs = lexicon.pairs("antonyms.txt")
    la = [a.frame.predicate, *a.lemmas] if a.frame.predicate else list(a.lemmas)
    lb = [b.frame.predicate, *b.lemmas] if b.frame.predicate else list(b.lemmas)
    sa, sb = set(la), set(lb)
    for x in la:
        for y in lb:
            if x != y and frozenset((x, y)) in pairs and x not in sb and y not in sa:
                values = [conflicts.stated(a.ref, x), conflicts.stated(b.ref, y)]
                return [Conflict("predicate", "opposite words", values)]
    return []


def _event_times(c: Claim) -> list[TimeMention]:
    """The claim's dates of what it tells, not of the telling ("..., an official said Saturday":
    two sources may report one event on different days), nor of a clause describing one of its
    nouns ("the fire that broke out Thursday": such a date only shows two claims share a time)."""
    return [t for t in c.times if t not in c.told_on and t not in c.described_on]


NEWS_DAY = 1  # an article's own news is of its day or the day before ("Thursday night")


def _news_day(c: Claim) -> str | None:
    """The day the claim tells of, when it is its article's own news: an event date on the day
    the article came out or the day before."""
    if not c.published:
        return None
    try:
        out = date.fromisoformat(c.published[:10])
    except ValueError:
        return None
    days = {(out - timedelta(days=k)).isoformat() for k in range(NEWS_DAY + 1)}
    return next((t.value for t in _event_times(c) if t.value in days), None)


def days_apart(a: Claim, b: Claim) -> Reason | None:
    """Two updates of a running story, each telling its own day's news ("headed toward China
    Friday" / "lashed Hong Kong Sunday"): what happened on two days is not one claim, and not a
    conflict of sources either, whatever the figures (a toll that grew)."""
    x, y = _news_day(a), _news_day(b)
    if x is None or y is None or x == y:
        return None
    if {t.value for t in _event_times(a)} & {t.value for t in _event_times(b)}:
        return None  # they share a day too
    return Reason("different-days", f"each tells its own day's news: {x} / {y}")


def other_complements(a: Claim, b: Claim) -> Reason | None:
    """Two claims whose predicate is a copula (``data/copulas.txt``) say what something is or is
    not; one saying it is, the other that it is not, but of different complements, they say two
    things ("D'Amato has always been whatever works for him" / "that is not necessarily good
    news for D'Amato"): never one claim, nor a conflict of polarity."""
    x, y = a.frame, b.frame
    copulas = lexicon.words("copulas.txt")
    if x.predicate not in copulas or y.predicate not in copulas or x.object == y.object:
        return None
    if x.asserts_not == y.asserts_not:
        return None  # the same polarity: the model weighs how alike the rest is
    return Reason("different-complements", f"{x.predicate} {x.object!r} / {y.object!r}")


def other_events(a: Claim, b: Claim, found: list[Conflict]) -> Reason | None:
    """Figures or dates that differ between claims of two main predicates tell two events
    ("Indonesia annexed East Timor in 1976" / "invaded East Timor in 1975"), not one told two
    ways: no conflict of sources, and not one claim."""
    x, y = a.frame.predicate, b.frame.predicate
    if x is None or y is None or x == y:
        return None
    if any(f.type in ("predicate", "negation", "entity") for f in found):
        return None
    kinds = ", ".join(sorted({f.type for f in found}))
    return Reason("different-events", f"{kinds} differ, told of {x!r} / {y!r}")


def disagreements(a: Claim, b: Claim, alike: bool) -> list[Conflict]:
    """What two claims about one thing disagree on: figures, dates, opposite predicates, and,
    between claims ``alike`` with the same main predicate, polarity and a name swapped in the
    same role (the subject or object of that predicate)."""
    same_predicate = a.frame.predicate is not None and a.frame.predicate == b.frame.predicate
    found = conflicts.compare(
        _conflict_side(a, b), _conflict_side(b, a), 1.0 if alike and same_predicate else 0.0
    )
    return found + _antonyms(a, b)


_FIGURES = frozenset(KINDS.values())  # the kinds of a figure's conflict
_PLACES = ("GPE", "LOC")  # a place a figure may count in (not NORP: "Polish" names no place)


def other_places(a: Claim, b: Claim, found: list[Conflict]) -> Reason | None:
    """Figures that differ between claims that each name a place the other does not (nor its
    capital) count in two places ("an Arctic cold wave killed 32 people in Poland" / "at least
    62 people throughout Europe"): two tolls, not one told two ways; no conflict of sources."""
    figures = [f for f in found if f.type in _FIGURES]
    if not figures:
        return None
    x = {n for label in _PLACES for n in a.names.get(label, ())}
    y = {n for label in _PLACES for n in b.names.get(label, ())}
    only_x, only_y = x - y, y - x
    if not only_x or not only_y:
        return None
    if any(conflicts.capital_of(p, q) for p in only_x for q in only_y):
        return None
    where = f"{', '.join(sorted(only_x))} / {', '.join(sorted(only_y))}"
    return Reason("other-places", f"{figures[0].what} counted in {where}")


def _conflict_side(c: Claim, other: Claim) -> conflicts.Side:
    """What a claim gives to be compared with ``other``: its figures, its own event dates (the
    dates of its nouns' clauses only as a shared time), polarity and names in its frame's roles."""
    roles = _in_roles(c, other)
    return conflicts.Side(
        c.ref, c.numbers, _event_times(c), c.frame.asserts_not, roles, c.described_on
    )


def _in_roles(c: Claim, other: Claim) -> dict[str, set[str]]:
    """The claim's names that fill its frame's subject or object (by their last word) and that
    the other claim does not name at all: "Putin met Modi" / "Putin met Xi" swap a name, "Putin
    will meet Xi" / "Xi and Putin meet" do not."""
    roles = {r for r in (c.frame.subject, c.frame.object) if r}
    theirs = other.all_names
    return {
        label: {
            n
            for n in names
            if n not in theirs and claim_rules.words(n)[-1:] and claim_rules.words(n)[-1] in roles
        }
        for label, names in c.names.items()
    }
