"""Shared fixtures: the example story, hand-made records, and one real analysis per session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.model import Article, Mention, Paragraph, Sentence

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "samarkand-2022"
SHARED_SCHEMA = ROOT.parent / "shared" / "report.schema.json"
STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "and",
    "to",
    "is",
    "was",
    "for",
    "with",
    "that",
    "by",
    "as",
    "at",
    "its",
    "it",
    "has",
    "have",
    "be",
    "will",
}


def make_article(
    aid: str,
    sentences: list[str],
    published: str | None = None,
    mentions: list[tuple[str, str]] | None = None,
) -> Article:
    """An annotated article built by hand: one sentence per paragraph; ``mentions`` are
    (surface, label) pairs found wherever they occur."""
    text = "\n\n".join(sentences)
    art = Article(id=aid, source=f"{aid}.txt", text=text, published=published)
    pos = 0
    for i, s in enumerate(sentences):
        art.paragraphs.append(Paragraph(pos, pos + len(s)))
        art.sentences.append(Sentence(pos, pos + len(s), s, paragraph=i))
        art.lemmas.append([w for w in re.findall(r"\w+", s.lower()) if w not in STOP])
        pos += len(s) + 2
    for surface, label in mentions or []:
        for m in re.finditer(re.escape(surface), text):
            sent = next(i for i, s in enumerate(art.sentences) if s.start <= m.start() < s.end)
            art.mentions.append(Mention(m.start(), m.end(), surface, label, sent))
    art.mentions.sort(key=lambda m: m.start)
    return art


@pytest.fixture(scope="session")
def example_report():
    """The example story analysed once for the whole session (loads the spaCy model)."""
    from newsprism import analyze

    return analyze(EXAMPLE)
