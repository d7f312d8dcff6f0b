"""A dated timeline of the story from the normalised time expressions.

Each expression with a date of day, week or month precision makes an event: the words around it (the
stretch of its sentence between commas) dated by it. Events of different articles join when their
dates can be the same time (equal, a day inside a week or month) and they say the same thing: their
sentences state one fact, share content words, or their texts embed alike. The joined event keeps
the most precise date and cites every sentence that dates it, and the other sentences of the fact it
belongs to. Events are ordered by date and marked past (background), present (the news itself: the
story's day, or the day a report of it came out) or future (still to come in every report of it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from newsprism import lexicon
from newsprism.claims import telling_verb, told_part
from newsprism.extract import timex
from newsprism.extract.quotes import quote_spans
from newsprism.extract.tree import SUBJECTS, phrase_head
from newsprism.lexicon import WORD
from newsprism.model import Article, Fact, Ref, Sentence, Tense, TimelineEvent, TimeMention

_PRECISE = re.compile(r"^\d{4}-(?:\d{2}(?:-\d{2})?|W\d{2})$")
_RELATIVE = frozenset({"WDT", "WP", "WP$"})  # "which", "who", "whose" opening a clause


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    """Tuning of the timeline: when two dated mentions are one event."""

    min_words: int = 6  # an event text shorter than this takes in the neighbouring stretch
    max_chars: int = 240  # an event text is cut to this
    alike: float = 0.55  # embedding cosine at which two event texts describe the same event
    linked_slack: float = 0.15  # ... lowered by this when their sentences share a fact
    shared_words: int = 3  # content words two event texts share to be one event ...
    shared_share: float = 0.5  # ... being at least this share of the shorter one's
    told_within: int = 7  # a sentence telling on one day what happened at most this many days
    # before ("..., police said Saturday") dates the event, not the telling
    reprint_words: int = 8  # two articles printing a sentence this long word for word print one
    # text, written on the earlier day (shorter ones, "The talks ended on Friday.", may be two)


Encode = Callable[[list[str]], np.ndarray]


@dataclass(slots=True)
class _Event:
    value: str
    text: str
    refs: list[Ref]
    facts: set[str]
    words: set[str]
    core: str = ""  # the few words around the date: "the war Mr. Putin started ... ago"
    vector: np.ndarray | None = None
    core_vector: np.ndarray | None = None


def _range(value: str) -> tuple[str, str]:
    """First and last day an ISO value covers."""
    if "-W" in value:
        y, w = value.split("-W")
        return (
            date.fromisocalendar(int(y), int(w), 1).isoformat(),
            date.fromisocalendar(int(y), int(w), 7).isoformat(),
        )
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


def compatible(a: str, b: str) -> bool:
    """Can two values name the same time: one inside the other."""
    (a0, a1), (b0, b1) = _range(a), _range(b)
    return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)


def _precision(value: str) -> int:
    return 3 if len(value) == 10 else 2 if "-W" in value else 1


def _sort_key(value: str) -> str:
    return _range(value)[0]


def _no_subject(sentence: Sentence, at: int) -> bool:
    """A stretch that opens on a verb, a conjunction or a relative pronoun ("…, announced to
    reporters last week", "… and met", "…, which lasted until Friday"): its subject is further
    left."""
    first = next((t for t in sentence.tokens if t.start - sentence.start >= at), None)
    return first is not None and (first.pos in ("VERB", "AUX", "CCONJ") or first.tag in _RELATIVE)


def _predicated(sentence: Sentence, lo: int, hi: int) -> bool:
    """Does the stretch ``[lo, hi)`` say what happened: a verb of it is the sentence's root or
    has its subject in it ("Last week, China’s number three, Li Zhanshu" names someone and says
    nothing; "scheduled for mid-October" describes a noun)? Unparsed text counts as saying."""
    toks = sentence.tokens
    if not toks:
        return True
    inside = [k for k, t in enumerate(toks) if lo <= t.start - sentence.start < hi]
    for k in inside:
        if toks[k].pos not in ("VERB", "AUX"):
            continue
        if toks[k].head == k or any(toks[j].head == k and toks[j].dep in SUBJECTS for j in inside):
            return True
    return False


def event_text(parsed: Sentence, start: int, end: int, config: TimelineConfig | None = None) -> str:
    """The stretch of a sentence around a time expression (between commas; ``start``/``end`` in
    the sentence's text), grown to a readable length."""
    cfg = config or TimelineConfig()
    sentence = parsed.text
    quoted = quote_spans(sentence, 0, len(sentence))
    bounds = (
        [0]
        + [
            m.end()
            for m in re.finditer(r",\s+|;\s+|\s+[—–]\s+", sentence)
            if not any(q.start <= m.start() < q.end for q in quoted)  # a quotation is one piece
        ]
        + [len(sentence) + 2]
    )
    i = max(k for k, b in enumerate(bounds[:-1]) if b <= start)
    j = next(k for k, b in enumerate(bounds) if b > end)
    lo, hi = bounds[i], bounds[j]
    own = len(sentence[start:end].split())
    if lo > 0 and _no_subject(parsed, lo):
        i, lo = 0, 0

    def wanting() -> bool:  # too few words besides the date itself, or no verb saying what
        too_short = len(sentence[lo:hi].split()) - own < cfg.min_words - 1
        return too_short or not _predicated(parsed, lo, hi)

    while wanting() and (i > 0 or j < len(bounds) - 1):
        if j < len(bounds) - 1:  # "At the start of this month, Chinese troops joined ..."
            j += 1
            hi = bounds[j]
        if i > 0:  # "The party congress, scheduled for mid-October, ..."
            i -= 1
            lo = bounds[i]
    if lo > 0 and _no_subject(parsed, lo):  # grown to a stretch that opens on a verb
        lo = 0
    text = sentence[lo:hi].strip(" ,;—–")
    text = text[:1].upper() + text[1:]
    return text if len(text) <= cfg.max_chars else text[: cfg.max_chars - 3] + "…"


def core_text(sentence: str, start: int, end: int, before: int = 7, after: int = 3) -> str:
    """A few words either side of a time expression, inside its clause: what happened then,
    without the rest of the sentence ("Comes as Russia loses ground in [the war Mr. Putin started
    nearly seven months ago]")."""
    cuts = [0, *(m.end() for m in re.finditer(r"[,;:]\s+|\s+[—–]\s+", sentence))]
    lo = max(b for b in cuts if b <= start)
    ends = [m.start() for m in re.finditer(r"[,;:.]\s|\s+[—–]\s+|\.$", sentence)]
    hi = min((e for e in ends if e >= end), default=len(sentence))
    left = sentence[lo:start].split()[-before:]
    right = sentence[end:hi].split()[:after]
    return " ".join([*left, sentence[start:end], *right])


def _words(text: str) -> set[str]:
    stop = lexicon.stop_words()
    return {w.lower() for w in WORD.findall(text) if w.lower() not in stop and len(w) > 2}


def story_date(articles: list[Article]) -> str | None:
    """The day the story happened: the most common date articles were published."""
    dates = Counter(a.published for a in articles if a.published and not a.published_inferred)
    dates = dates or Counter(a.published for a in articles if a.published)
    return dates.most_common(1)[0][0] if dates else None


def _when(value: str, today: str | None, reported: set[str]) -> Tense:
    """present when the event spans the story's day or a day one of its reports was published
    (the news of that day); future when it comes after every report of it (expected, as far as
    its sources know); past otherwise (background, or done by the time of a later report)."""
    story = {today} if today else set()
    days = reported or story
    if not days:
        return "past"
    lo, hi = _range(value)
    if any(lo <= d <= hi for d in days | story):
        return "present"
    return "future" if all(d < lo for d in days) else "past"


Related = Callable[[Ref, Ref], bool]


def _same(a: _Event, b: _Event, related: Related | None, cfg: TimelineConfig) -> bool:
    if not compatible(a.value, b.value):
        return False
    shared = a.words & b.words
    similar = a.vector is not None and b.vector is not None and float(a.vector @ b.vector)
    linked = bool(a.facts & b.facts) or (
        related is not None and any(related(x, y) for x in a.refs for y in b.refs)
    )
    if linked and (shared or (similar and similar >= cfg.alike - cfg.linked_slack)):
        return True  # one fact (or sentences judged related), and the words around the dates
        # are about the same thing
    short = min(len(a.words), len(b.words))
    if len(shared) >= cfg.shared_words and len(shared) >= cfg.shared_share * short:
        return True
    if a.core_vector is not None and b.core_vector is not None:
        similar = max(similar or 0.0, float(a.core_vector @ b.core_vector))
    return bool(similar and similar >= cfg.alike)


def _dates_event(tm: TimeMention) -> bool:
    """A day, week or month (a bare year or a vague reference is background, not an event), not
    the end of a range ("September 15 and 16": the start dates it)."""
    return bool(tm.value and _PRECISE.match(tm.value)) and not tm.text.strip().isdigit()


def _a_telling(
    sent: Sentence, tm: TimeMention, times: list[TimeMention], cfg: TimelineConfig
) -> bool:
    """The day a sentence's news was told ("Turkish jets flew along the border on Friday, the
    daily Radikal reported Saturday") when what is told carries its own date, a few days before:
    the told event is the one to show. A telling without a date of its own ("Castro said Sunday
    he disagreed") or of older or coming things ("the FBI said Friday that two trucks were used
    in the August bombings", "NASA announced Wednesday it would launch in October") is news
    itself."""
    day = tm.value
    if day is None or not timex.DAY.fullmatch(day):
        return False
    verb = telling_verb(sent, tm)
    if verb is None:
        return False
    told = told_part(sent, verb)
    since = (date.fromisoformat(day) - timedelta(days=cfg.told_within)).isoformat()

    def told_before(o: TimeMention) -> bool:  # what is told, dated a few days before the telling
        if o is tm or o.value is None or not _dates_event(o):
            return False
        lo, hi = _range(o.value)
        return since <= lo and hi <= day and phrase_head(sent.tokens, o.start, o.end) in told

    return any(told_before(o) for o in times)


def _events(articles: list[Article], fact_of: dict[Ref, str], cfg: TimelineConfig) -> list[_Event]:
    out = []
    for art in articles:
        in_sentence = timex.by_sentence(art.times)
        for tm in art.times:
            if tm.value is None or not _dates_event(tm):
                continue
            sent = art.sentences[tm.sentence]
            if sent.heading or sent.duplicate_of is not None:
                continue
            if _a_telling(sent, tm, in_sentence[tm.sentence], cfg):
                continue
            ref = Ref(art.id, tm.sentence)
            text = event_text(sent, tm.start - sent.start, tm.end - sent.start, cfg)
            fid = fact_of.get(ref)
            core = core_text(sent.text, tm.start - sent.start, tm.end - sent.start)
            out.append(_Event(tm.value, text, [ref], {fid} if fid else set(), _words(text), core))
    return out


def texts_to_encode(article: Article, config: TimelineConfig | None = None) -> list[str]:
    """The texts ``build`` encodes for an article's events (to encode them ahead)."""
    events = _events([article], {}, config or TimelineConfig())
    return [t for ev in events for t in (ev.text, ev.core)]


def build(
    articles: list[Article],
    facts: list[Fact],
    encode: Encode | None = None,
    related: Related | None = None,
    config: TimelineConfig | None = None,
) -> list[TimelineEvent]:
    """The dated events of a story; ``related(a, b)`` says whether two sentences were judged to
    share a claim (then their dated events may be one)."""
    cfg = config or TimelineConfig()
    fact_of = {r: f.id for f in facts if len(f.sources) > 1 for r in f.evidence}
    events = _events(articles, fact_of, cfg)
    if encode is not None and events:
        vecs = encode([e.text for e in events] + [e.core for e in events])
        for k, ev in enumerate(events):
            ev.vector, ev.core_vector = vecs[k], vecs[len(events) + k]
    merged: list[_Event] = []
    for ev in sorted(events, key=lambda e: -_precision(e.value)):
        home = next((m for m in merged if _same(m, ev, related, cfg)), None)
        if home is None:
            merged.append(ev)
            continue
        home.refs.extend(r for r in ev.refs if r not in home.refs)
        home.facts |= ev.facts  # most precise first: the home keeps the most precise date
    by_id = {f.id: f for f in facts}
    text_of = {Ref(a.id, i): s.text for a in articles for i, s in enumerate(a.sentences)}
    today = story_date(articles)
    published = {a.id: a.published for a in articles}
    out = []
    for ev in merged:
        refs = list(ev.refs)
        for fid in ev.facts:  # the other articles that state the same event
            refs.extend(
                r
                for r in by_id[fid].evidence
                if r not in refs and len(_words(text_of[r]) & ev.words) >= 2
            )
        out.append(
            TimelineEvent(
                ev.value,
                ev.text,
                sorted(refs, key=lambda r: (r.article, r.sentence)),
                _when(ev.value, today, {d for r in refs if (d := published[r.article])}),
            )
        )
    out.sort(key=lambda e: (_sort_key(e.date), -len(e.evidence)))
    return out
