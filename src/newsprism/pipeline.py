"""The stages of one story, in order: ingest → clean → annotate → entities, quotes → align →
summarize, timeline → Report. Each stage is a plain function over records."""

from __future__ import annotations

import gc
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsprism import align, annotate, entities, summarize, timeline
from newsprism.clean import clean
from newsprism.errors import InputError, UsageError
from newsprism.extract import quotes, timex
from newsprism.ingest import SkippedInput, one_story, read_paths
from newsprism.lexicon import WORD
from newsprism.model import Article, Quote, RawArticle, Report, Tense, TimeMention
from newsprism.options import Options
from newsprism.origins import copy_groups

Progress = Callable[[str], None]
Input = str | Path | RawArticle | Article


def infer_published(articles: list[Article]) -> None:
    """An undated article takes the story's most common date, marked as inferred."""
    dates = Counter(a.published for a in articles if a.published and not a.published_inferred)
    if not dates:
        return
    common = dates.most_common(1)[0][0]
    for art in articles:
        if art.published is None:
            art.published, art.published_inferred = common, True


_NAMED_DAY = re.compile(r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}")


def _tense_of(tenses: dict[int, Tense]) -> Callable[[int, int], Tense]:
    """The tense already found for the time expression starting at a position."""

    def tense_at(pos: int, _sentence: int) -> Tense:
        return tenses.get(pos, "present")

    return tense_at


def refine_inferred(articles: list[Article]) -> None:
    """An inferred date must fit the article's own words: a day it names in the future tense
    ("are expected to meet on September 15") comes after it, one in the past tense before.
    Among the story's dates that fit, take the most common; then re-read its relative times."""
    known = Counter(a.published for a in articles if a.published and not a.published_inferred)
    for art in articles:
        if not art.published_inferred:
            continue
        lo, hi = "0000-00-00", "9999-99-99"
        for t in art.times:
            if t.value and len(t.value) == 10 and _NAMED_DAY.search(t.text):
                if t.tense == "future":
                    hi = min(hi, (date.fromisoformat(t.value) - timedelta(days=1)).isoformat())
                elif t.tense == "past":
                    lo = max(lo, t.value)
        fitting = [d for d, _ in known.most_common() if lo <= d <= hi]
        best = fitting[0] if fitting else (hi if hi < "9999" else art.published)
        if best and best != art.published:
            art.published = best
            art.times = timex.find(art, _tense_of({t.start: t.tense for t in art.times}))


def date_reprints(articles: list[Article], config: timeline.TimelineConfig | None = None) -> None:
    """A sentence that a later article prints word for word (a wire re-run, a syndicated copy;
    quote marks and punctuation aside; at least ``reprint_words`` words) was written on the
    earlier day: its times ("on Friday", "last week") take the values they have in the earliest
    dated article printing it, not ones read against the reprint's own date."""
    least = (config or timeline.TimelineConfig()).reprint_words

    def written(art: Article) -> tuple[bool, str]:  # a known date before an inferred one
        return (art.published_inferred, art.published or "9999")

    first: dict[tuple[str, ...], list[TimeMention]] = {}
    for art in sorted((a for a in articles if a.published and a.times), key=written):
        for i, times in timex.by_sentence(art.times).items():
            key = tuple(w.lower() for w in WORD.findall(art.sentences[i].text))
            if len(key) < least:
                continue
            origin = first.setdefault(key, times)
            if origin is not times and [t.text for t in origin] == [t.text for t in times]:
                for mine, theirs in zip(times, origin, strict=True):
                    mine.value = theirs.value


def _raw(items: Sequence[Input], opts: Options) -> list[RawArticle | Article]:
    out: list[RawArticle | Article] = []
    for item in items:
        if isinstance(item, str | Path):
            out.extend(read_paths([item], opts))
        else:
            out.append(item)
    return one_story(out, items, opts)


@dataclass(slots=True)
class Prepared:
    """A story's articles annotated, with what the story-level stages start from."""

    articles: list[Article]
    index: entities.EntityIndex
    quotes: list[Quote]
    vectors: annotate.Embeddings | None


def prepare(articles: list[Article], opts: Options, progress: Progress | None = None) -> Prepared:
    """Annotate cleaned articles, merge their entities, find their quotes and embed them."""
    step = progress or (lambda _stage: None)
    infer_published(articles)
    step("annotate")
    with annotate.Embedder() as embedder:

        def hand_over(article: Article) -> None:
            embedder.add(article)
            embedder.add_texts(timeline.texts_to_encode(article, opts.timeline))

        if opts.embeddings:  # parsed one at a time: each is embedded while the next is parsed,
            # the longest first: what is left to embed when the parse ends is the shortest's
            longest_first = sorted(articles, key=lambda a: -len(a.text))
            annotate.annotate(longest_first, batch_size=1, then=hand_over)
        else:
            annotate.annotate(articles)
        refine_inferred(articles)
        date_reprints(articles, opts.timeline)
        step("entities")
        index = entities.merge(articles)
        step("quotes")
        found = []
        for art in articles:
            for q in quotes.find(art, opts.quotes):
                q.speaker = index.canonical(q.speaker, speaker=True)
                found.append(q)
        step("facts")
        vectors = embedder.result() if opts.embeddings else None
    return Prepared(articles, index, found, vectors)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector off while one story is analysed, then back as it was. The analysis
    makes many short-lived objects; the collections they set off (each walking every tracked
    object, the models' too, on the main thread or an encoder thread) cost about 4% of a warm
    analysis here. What they would free (about 550 cyclic objects an article) waits for the next
    collection after the story."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def run(articles: list[Article], opts: Options, progress: Progress | None = None) -> Report:
    """Analyse cleaned articles as one story."""
    with _gc_paused():
        return _run(articles, opts, progress)


def _run(articles: list[Article], opts: Options, progress: Progress | None) -> Report:
    step = progress or (lambda _stage: None)
    prep = prepare(articles, opts, progress)
    index, vectors = prep.index, prep.vectors
    report = Report(articles=articles, entities=index.entities, quotes=prep.quotes)
    report.copies = copy_groups(articles)
    report.facts, judgements = align.align(
        articles, index, vectors, prep.quotes, opts.align, report.copies
    )
    step("summary")
    report.summary = summarize.summarize(
        report,
        opts.summary_words,
        vectors.sentence if vectors else None,
        opts.summary,
        judgements,
    )
    report.timeline = timeline.build(
        articles,
        report.facts,
        vectors.encode if vectors is not None else None,
        judgements.related,
        opts.timeline,
    )
    report.title = next((a.title for a in articles if a.title), None)
    return report


def read(items: Input | Iterable[Input], options: Options | None = None) -> list[Article]:
    """Read and clean paths and/or records as one story (no analysis)."""
    return _readable(_inputs(items), Options.build(options))


def _inputs(items: Input | Iterable[Input]) -> list[Input]:
    """One input or many, as a list; anything else is a usage error."""
    if isinstance(items, str | Path | RawArticle | Article):
        seq: list[object] = [items]
    elif isinstance(items, Iterable) and not isinstance(items, bytes | dict):
        seq = list(items)
    else:
        raise UsageError(
            f"analyse paths, RawArticle or Article records (or a list of them), "
            f"not {type(items).__name__}"
        )
    for item in seq:
        if not isinstance(item, str | Path | RawArticle | Article):
            raise UsageError(f"cannot analyse a {type(item).__name__}: give a path or a record")
        if isinstance(item, RawArticle | Article):
            _check_record(item)
    return seq  # type: ignore[return-value]


def _check_record(rec: RawArticle | Article) -> None:
    """A record built by hand holds the types the stages expect."""
    where = rec.source if isinstance(rec.source, str) else "(record)"
    for name in ("id", "source", "text"):
        if not isinstance(getattr(rec, name), str):
            raise InputError(where, f"record field {name!r} must be a string")
    for name in ("title", "outlet", "published", "url"):
        value = getattr(rec, name)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"record field {name!r} must be a string or None")
    if not isinstance(rec.authors, list) or not all(isinstance(a, str) for a in rec.authors):
        raise InputError(where, "record field 'authors' must be a list of strings")


@dataclass(slots=True)
class Gathered:
    """A story's inputs read into records (not yet cleaned), with why any input was skipped:
    what a batch driver ships to a worker, so that workers never need the files."""

    records: list[RawArticle | Article]
    sources: list[str]  # the inputs as named (paths, '-', record sources), for messages
    notes: list[str]  # one line per skipped input


def gather(items: Input | Iterable[Input], options: Options | None = None) -> Gathered:
    """Read paths (and take records) as one story, without cleaning or analysis."""
    opts = Options.build(options)
    seq = _inputs(items)
    if not seq:
        raise InputError("(no input)", "nothing to analyse")
    with warnings.catch_warnings(record=True) as skipped:
        warnings.simplefilter("always", SkippedInput)
        records = _raw(seq, opts)
    return Gathered(records, [str(i) for i in seq], _pass_on(skipped))


def _skipped(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, SkippedInput)]


def _pass_on(caught: list[warnings.WarningMessage]) -> list[str]:
    """Re-issue caught warnings to the caller; the skipped inputs among them, one line each."""
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return _skipped(caught)


def analyze_gathered(
    story: Gathered, options: Options | None = None, progress: Progress | None = None
) -> Report:
    """Clean and analyse a story's gathered records (the second half of :func:`analyze`)."""
    opts = Options.build(options)
    with warnings.catch_warnings(record=True) as skipped:
        warnings.simplefilter("always", SkippedInput)
        try:
            arts = _cleaned(story.records, story.sources, opts)
        except InputError as exc:  # nothing readable: say why each input was skipped
            why = story.notes + _skipped(skipped)
            if not why:
                raise
            raise InputError(exc.source, f"{exc.problem} ({'; '.join(why)})") from exc
    notes = story.notes + _pass_on(skipped)  # the skipped inputs are kept in the report too
    report = run(arts, opts, progress)
    report.warnings = notes
    return report


def analyze(
    items: Input | Iterable[Input],
    options: Options | None = None,
    progress: Progress | None = None,
    **overrides: object,
) -> Report:
    """Analyse paths (files, folders, ``-``) and/or article records as one story."""
    opts = Options.build(options, **overrides)
    (progress or (lambda _s: None))("read")
    return analyze_gathered(gather(items, opts), opts, progress)


def empty_reason(art: Article) -> str:
    """Why cleaning left nothing: most often, the article is not in English."""
    other = ("foreign-language", "foreign-script")  # another language, or another script
    foreign = sum(len(r.text) for r in art.removed if r.kind in other)
    if foreign and foreign * 2 >= sum(len(r.text) for r in art.removed):
        return "not in English (the analysis reads English articles only)"
    return "nothing left after cleaning (no article text)"


def _readable(seq: list[Input], opts: Options) -> list[Article]:
    """Read and clean the inputs; an article with nothing left after cleaning is bad input."""
    return _cleaned(_raw(seq, opts), seq, opts)


def _cleaned(
    raws: Sequence[RawArticle | Article], sources: Sequence[object], opts: Options
) -> list[Article]:
    """Clean the records; an article with nothing left after cleaning is bad input."""
    arts = [r if isinstance(r, Article) else clean(r, opts) for r in raws]
    for art in arts:
        if not art.text.strip():
            why = empty_reason(art)
            if not opts.skip_bad:
                raise InputError(art.source, why)
            warnings.warn(f"{art.source}: {why}", SkippedInput, stacklevel=2)
    arts = [a for a in arts if a.text.strip()]
    if not arts:
        raise InputError(", ".join(map(str, sources)), "no readable articles")
    return arts
