"""The options object, built in one place and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsprism.align import AlignConfig
from newsprism.errors import UsageError
from newsprism.extract.quotes import QuoteConfig
from newsprism.summarize import SummaryConfig
from newsprism.timeline import TimelineConfig


@dataclass(slots=True, frozen=True)
class Options:
    summary_words: int = 150
    skip_bad: bool = False
    max_file_bytes: int = 5_000_000  # larger inputs are refused: article text is untrusted
    max_article_chars: int = 200_000  # longer cleaned text is cut, and the cut is recorded
    max_articles: int = 2_000  # per story
    align: AlignConfig = field(default_factory=AlignConfig)  # which sentence pairs are judged
    summary: SummaryConfig = field(default_factory=SummaryConfig)  # what the summary covers
    timeline: TimelineConfig = field(default_factory=TimelineConfig)  # when two dates are one
    quotes: QuoteConfig = field(default_factory=QuoteConfig)  # how far attribution rules reach
    embeddings: bool = True  # align with sentence embeddings (else words and names alone)

    @classmethod
    def build(cls, options: Options | None = None, **overrides: Any) -> Options:
        base = options or cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise UsageError(f"unknown option(s): {', '.join(unknown)}")
        for name, value in overrides.items():
            expected = _TYPES.get(name)
            if expected is not None and (
                not isinstance(value, expected) or isinstance(value, bool) is not (expected is bool)
            ):
                raise UsageError(f"option {name} must be {_NAMES[expected]}, not {value!r:.40}")
        opts = replace(base, **overrides)
        for name, (lo, hi) in BOUNDS.items():
            value = getattr(opts, name)
            if not lo <= value <= hi:
                raise UsageError(f"{name} must be between {lo:,} and {hi:,} (got {value:,})")
        return opts


# sane limits: a value outside them is a mistake (100,000,000 summary words would size arrays
# by it and take all memory)
BOUNDS: dict[str, tuple[int, int]] = {
    "summary_words": (1, 10_000),
    "max_file_bytes": (1, 1_000_000_000),
    "max_article_chars": (1, 50_000_000),
    "max_articles": (1, 100_000),
}
# the plain-typed fields, from the dataclass itself (annotations are strings here)
_TYPES: dict[str, type] = {
    f.name: {"int": int, "bool": bool}[f.type]  # type: ignore[index]
    for f in fields(Options)
    if f.type in ("int", "bool")
}
_NAMES = {int: "a whole number", bool: "true or false"}
