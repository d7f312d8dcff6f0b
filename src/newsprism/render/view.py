"""What the human-readable renderers show, computed once: article labels, facts by status,
quotes grouped by speaker, evidence lookups."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from newsprism.model import Article, Entity, Fact, Quote, Ref, Report, headline

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_bidi(text: str) -> str:
    """Bidirectional control characters shown as their code (``[U+202E]``) instead of obeyed:
    untrusted text must not reorder what the report shows around it."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


@dataclass(slots=True)
class SpeakerView:
    name: str
    role: str | None
    quotes: list[Quote] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    when: str
    label: str
    index: int  # the event's position in report.timeline


@dataclass(slots=True)
class Chart:
    """Positions for an SVG timeline: one dot an event, one tick a month."""

    width: int
    height: int
    dots: list[Dot]
    ticks: list[tuple[float, str]]


def chart(report: Report, width: int = 960, lane: int = 14) -> Chart | None:
    from datetime import date

    from newsprism.timeline import _range  # the first and last day of an ISO value

    if not report.timeline:
        return None
    starts = [date.fromisoformat(_range(e.date)[0]) for e in report.timeline]
    first, last = min(starts), max(starts)
    span = max(1, (last - first).days)
    left, right = 30, width - 30
    dots: list[Dot] = []
    lanes: list[float] = []  # the last x used in each lane
    for n, (ev, day) in enumerate(zip(report.timeline, starts, strict=True)):
        x = left + (day - first).days / span * (right - left)
        k = next((i for i, used in enumerate(lanes) if x - used > 12), len(lanes))
        if k == len(lanes):
            lanes.append(x)
        lanes[k] = x
        dots.append(Dot(round(x, 1), 30 + k * lane, ev.when, f"{ev.date}: {ev.text}", n))
    ticks: list[tuple[float, str]] = []
    month = date(first.year, first.month, 1)
    while month <= last:
        x = left + max(0, (month - first).days) / span * (right - left)
        ticks.append(
            (
                round(x, 1),
                month.strftime("%b %Y") if month.month == 1 or not ticks else month.strftime("%b"),
            )
        )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Chart(width, 40 + len(lanes) * lane, dots, ticks)


@dataclass(slots=True)
class View:
    report: Report
    number: dict[str, int]  # article id -> 1-based number shown to readers
    consensus: list[Fact]
    conflicts: list[Fact]
    unique: dict[str, list[Fact]]  # article id -> facts only it states
    speakers: list[SpeakerView]
    unattributed: list[Quote]
    figures: list[tuple[str, list[tuple[str, Ref]]]]  # measure -> (figure, where), most cited first
    chart: Chart | None = None  # the timeline drawn as an SVG
    omits: dict[str, list[Fact]] = field(default_factory=dict)  # agreed facts an article lacks
    linker: Callable[[Ref], str] | None = None  # where a citation points (default: an anchor)
    shared_outlets: frozenset[str] = frozenset()  # outlets of more than one of the articles

    def link(self, ref: Ref) -> str:
        """The address a citation opens: the sentence's anchor in this page, or the linker's."""
        return self.linker(ref) if self.linker else f"#{self.anchor(ref)}"

    def quote_link(self, quote: Quote) -> str:
        return self.link(Ref(quote.article, quote.sentence))

    @property
    def title(self) -> str:
        """The report's heading: the story's title; when no article has one (wire copy), the
        first words of the lead most sources agree with (an article's opening sentence in the
        most widely stated fact), else of the first article."""
        if self.report.title:
            return self.report.title
        top = next((f for f in self.report.facts if len(f.sources) > 1), None)
        lead = next((r for r in top.evidence if r.sentence == 0), None) if top else None
        if lead is not None:
            return headline(None, self.report.sentence_text(lead), "Story report")
        return self.report.articles[0].headline if self.report.articles else "Story report"

    def label(self, article_id: str) -> str:
        """An article's short name: its outlet when no other article of the story has it,
        else what names it (title or first words), after the outlet when it has one ("AP ·
        Turkey's government collapsed …": nine wire reports are not nine "AP")."""
        art = self.report.article(article_id)
        if art.outlet and art.outlet not in self.shared_outlets:
            return art.outlet
        return named(art)

    def named(self, article_id: str) -> str:
        """An article's full name: its outlet and headline."""
        return named(self.report.article(article_id))

    def anchor(self, ref: Ref) -> str:
        return f"a{self.number[ref.article]}-s{ref.sentence}"

    def cite(self, ref: Ref) -> str:
        return f"{self.number[ref.article]}.{ref.sentence}"

    def text(self, ref: Ref) -> str:
        return self.report.sentence_text(ref)

    def described(self, quote: Quote) -> str | None:
        """How the article names a speaker it does not name: "the mayor", "a friend"."""
        if quote.speaker is not None or quote.source is None:
            return None
        return self.report.article(quote.article).text[slice(*quote.source)]


def _role(entities: dict[str, Entity], name: str) -> str | None:
    ent = entities.get(name)
    return ent.descriptions[0] if ent and ent.descriptions else None


def build(report: Report, max_unique: int = 12, linker: Callable[[Ref], str] | None = None) -> View:
    """What the renderers show; ``linker`` gives the address a citation opens (the web app
    points it at the article's page)."""
    number = {a.id: i for i, a in enumerate(report.articles, 1)}
    unique: dict[str, list[Fact]] = {a.id: [] for a in report.articles}
    for fact in report.facts:
        if fact.status == "single-source" and len(unique[fact.sources[0]]) < max_unique:
            unique[fact.sources[0]].append(fact)
    by_name = {e.name: e for e in report.entities}
    speakers: dict[str, SpeakerView] = {}
    unattributed = []
    for q in report.quotes:
        if q.speaker is None:
            unattributed.append(q)
            continue
        sv = speakers.setdefault(q.speaker, SpeakerView(q.speaker, _role(by_name, q.speaker)))
        sv.quotes.append(q)
        label = report.article(q.article).outlet or f"article {number[q.article]}"
        if label not in sv.outlets:
            sv.outlets.append(label)
    ordered = sorted(speakers.values(), key=lambda s: (-len(s.outlets), -len(s.quotes), s.name))
    by_measure: dict[str, list[tuple[str, Ref]]] = {}
    for art in report.articles:
        for n in art.numbers:
            if n.kind == "count" and (n.value or 0) < 3:
                continue  # "two leaders", "one partnership": words, not figures to compare
            if n.measure and n.value is not None:
                by_measure.setdefault(n.measure, []).append((n.text, Ref(art.id, n.sentence)))
    figures = sorted(
        by_measure.items(), key=lambda kv: (-len({r.article for _, r in kv[1]}), -len(kv[1]), kv[0])
    )
    consensus = [f for f in report.facts if f.status == "consensus"]
    omits = {a.id: [f for f in consensus if a.id not in f.sources] for a in report.articles}
    return View(
        report=report,
        number=number,
        consensus=consensus,
        conflicts=[f for f in report.facts if f.status == "conflict"],
        unique=unique,
        speakers=ordered,
        unattributed=unattributed,
        figures=figures,
        chart=chart(report),
        omits=omits,
        linker=linker,
        shared_outlets=frozenset(
            o for o, n in Counter(a.outlet for a in report.articles if a.outlet).items() if n > 1
        ),
    )


def named(art: Article) -> str:
    """What names an article in full: its outlet, if any, and its headline."""
    return f"{art.outlet} · {art.headline}" if art.outlet else art.headline


def article_label(art: Article, n: int) -> str:
    return f"[{n}] {named(art)}"
