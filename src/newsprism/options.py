"""The options object, built in one place and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsprism.align import AlignConfig
from newsprism.errors import UsageError
from newsprism.summarize import SummaryConfig


@dataclass(slots=True, frozen=True)
class Options:
    summary_words: int = 150
    skip_bad: bool = False
    max_file_bytes: int = 5_000_000  # larger inputs are refused: article text is untrusted
    max_article_chars: int = 200_000  # longer cleaned text is cut, and the cut is recorded
    max_articles: int = 2_000  # per story
    align: AlignConfig = field(default_factory=AlignConfig)  # which sentence pairs are judged
    summary: SummaryConfig = field(default_factory=SummaryConfig)  # what the summary covers
    embeddings: bool = True  # align with sentence embeddings (else words and names alone)

    @classmethod
    def build(cls, options: Options | None = None, **overrides: Any) -> Options:
        base = options or cls()
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise UsageError(f"unknown option(s): {', '.join(unknown)}")
        opts = replace(base, **overrides)
        if opts.summary_words < 1:
            raise UsageError("summary_words must be at least 1")
        if opts.max_file_bytes < 1 or opts.max_article_chars < 1:
            raise UsageError("size caps must be positive")
        return opts
