"""Typed records that flow through the stages.

One object owns the text: an :class:`Article` holds the cleaned ``text``; every sentence, entity
mention, quote and time expression found in it is a character span into that text, so every
citation can be checked against the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_ID = "newsprism.report/1"
HEADLINE_WORDS = 12  # an untitled article is named by this many of its first words

# closed vocabularies
Tense = Literal["past", "present", "future"]
NumberKind = Literal["count", "money", "percent", "quantity"]
QuoteKind = Literal["direct", "indirect", "partial"]
Status = Literal["consensus", "single-source", "conflict"]


@dataclass(slots=True, frozen=True)
class Ref:
    """Evidence: sentence ``sentence`` of article ``article``."""

    article: str
    sentence: int


@dataclass(slots=True)
class Removed:
    """A piece of raw text that cleaning took out, and why."""

    kind: str
    text: str


@dataclass(slots=True)
class RawArticle:
    """What ingest read, before cleaning. Metadata hints come from HTML or JSONL fields."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the cleaned text; ``heading`` marks a section heading."""

    start: int
    end: int
    heading: bool = False


@dataclass(slots=True, frozen=True)
class Token:
    """One token of a sentence's parse, kept so later stages read grammar instead of guessing it
    from characters: offsets into the article's text, lemma, coarse and fine tags, dependency
    label and the index (in its sentence) of its head; the root is its own head."""

    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    stop: bool = False


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int = 0
    heading: bool = False
    duplicate_of: Ref | None = None
    tokens: list[Token] = field(default_factory=list)  # the parse (not in the JSON report)


@dataclass(slots=True)
class Mention:
    """A named-entity mention inside one article's text."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    phrase: tuple[int, int] | None = None  # the noun phrase it heads: "Kremlin adviser Ushakov"


@dataclass(slots=True)
class TimeMention:
    start: int
    end: int
    text: str
    value: str | None
    sentence: int
    tense: Tense = "present"  # how the sentence places it


@dataclass(slots=True)
class NumberMention:
    """A figure and what it measures: ``$35 billion`` of ``purchases``."""

    start: int
    end: int
    text: str
    value: float | None  # in plain units: "$35 billion" -> 35e9; None when not numeric
    kind: NumberKind
    measure: str | None  # the lemma of what it counts or measures
    sentence: int


@dataclass(slots=True)
class Quote:
    article: str
    sentence: int
    start: int
    end: int
    text: str
    speaker: str | None
    kind: QuoteKind
    cue: str | None = None
    source: tuple[int, int] | None = None  # where the text names the speaker (name or pronoun)
    rule: str | None = None  # the attribution rule that named the speaker (extract.quotes.RULES)


@dataclass(slots=True)
class Article:
    """A cleaned, annotated article."""

    id: str
    source: str
    text: str
    title: str | None = None
    subtitle: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_inferred: bool = False
    dateline: str | None = None
    url: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    lemmas: list[list[str]] = field(default_factory=list)  # content lemmas per sentence
    clauses: list[list[tuple[int, int]]] = field(default_factory=list)  # per sentence, relative

    @property
    def headline(self) -> str:
        """What names the article to a reader: its title, else its first words (wire copy and
        plain text often have no title), else its id."""
        return headline(self.title, self.text, self.id)


def headline(title: str | None, text: str, fallback: str) -> str:
    """A title, else the text's first words, else ``fallback``."""
    if title:
        return title
    words = text.split()
    if not words:
        return fallback
    return " ".join(words[:HEADLINE_WORDS]) + (" …" if len(words) > HEADLINE_WORDS else "")


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    mentions: list[Ref] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Stated:
    """What one source gives in a conflict: its article and sentence (None for sentences compared
    outside any article) and the value ("$35 billion", "negative")."""

    article: str | None
    sentence: int | None
    value: str


@dataclass(slots=True, frozen=True)
class Conflict:
    """Two sources that disagree on one thing: a figure (its kind: count, money, percent,
    quantity), a date, the polarity of the claim, or the entity in one role."""

    type: str  # count / money / percent / quantity / date / negation / entity
    what: str  # what the values measure: the figure's noun, "date", "polarity", "person"
    values: list[Stated]


@dataclass(slots=True)
class Fact:
    id: str
    statement: str
    sources: list[str]
    evidence: list[Ref]
    status: Status
    conflicts: list[Conflict] = field(default_factory=list)
    related: list[Ref] = field(default_factory=list)  # state part of it: never agreement
    origins: int = 1  # independent origins among the sources (copies count once)
    salience: float = 0.0  # how central the fact is to the story (support, less a little position)
    support: float = 0.0  # how well the other articles cover it (0..1, soft source count)
    position: float = 0.0  # earliest relative position of its sentences in their articles
    cohesion: float = 1.0  # how alike its sentences are to each other
    specificity: float = 0.0  # how much wording and rare names its sentences share


@dataclass(slots=True)
class SummarySentence:
    text: str
    citations: list[Ref]  # the sentence itself and every sentence that states the same claim
    fact: str | None = None
    agreed: bool = False  # two or more independent sources state it, its details included


@dataclass(slots=True)
class TimelineEvent:
    date: str
    text: str
    evidence: list[Ref]
    when: Tense = "past"  # past (background) / present (the news event) / future (expected)


@dataclass(slots=True)
class Report:
    articles: list[Article]
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    copies: list[list[str]] = field(default_factory=list)  # groups of near-duplicate articles

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def sentence_text(self, ref: Ref) -> str:
        return self.article(ref.article).sentences[ref.sentence].text
