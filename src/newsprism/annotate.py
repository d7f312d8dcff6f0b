"""Annotate each article once: sentences, named entities, content lemmas, sentence tense,
time expressions and quote candidates. The spaCy documents are dropped afterwards: every later
stage works on the spans recorded here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsprism.extract import entities as ent_rules
from newsprism.extract import timex
from newsprism.model import Article, Mention, Ref, Sentence
from newsprism.nlp import pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_FUTURE = re.compile(
    r"\b(?:will|’ll|'ll|shall|expected to|due to|set to|scheduled|plans? to|going to|"
    r"is to|are to|upcoming|next)\b",
    re.I,
)


def tense(sent: Span) -> str:
    """past / present / future, from the verbs of the sentence."""
    if _FUTURE.search(sent.text):
        return "future"
    if any(t.tag_ in ("VBD",) or (t.tag_ == "VBN" and t.head.lemma_ == "have") for t in sent):
        return "past"
    return "present"


def _sentences(doc: Doc, article: Article) -> list[tuple[Sentence, Span]]:
    out = []
    heads = {p.start for p in article.paragraphs if p.heading}
    starts = [p.start for p in article.paragraphs]
    para = 0
    for span in doc.sents:
        text = span.text.strip()
        if not text:
            continue
        start = span.start_char + (len(span.text) - len(span.text.lstrip()))
        end = start + len(text)
        while para + 1 < len(starts) and starts[para + 1] <= start:
            para += 1
        sent = Sentence(start, end, text, paragraph=para, heading=start in heads)
        out.append((sent, span))
    return out


def _lemmas(span: Span) -> list[str]:
    return [
        t.lemma_.lower()
        for t in span
        if t.is_alpha and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
    ] + [t.text for t in span if t.like_num]


def annotate_doc(article: Article, doc: Doc) -> Article:
    pairs = _sentences(doc, article)
    article.sentences = [s for s, _ in pairs]
    article.lemmas = [_lemmas(span) for _, span in pairs]
    tenses = [tense(span) for _, span in pairs]
    article.mentions = []
    sent_of = _sentence_index(article)
    for ent in doc.ents:
        fixed = ent_rules.fix(ent)
        if fixed is None:
            continue
        start, end, label = fixed
        article.mentions.append(
            Mention(start, end, article.text[start:end], label, sent_of(start))
        )
    article.times = timex.find(article, tenses)
    mark_repeats(article)
    return article


def _sentence_index(article: Article):  # type: ignore[no-untyped-def]
    import bisect

    starts = [s.start for s in article.sentences]

    def find(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return find


def mark_repeats(article: Article, threshold: float = 90.0) -> None:
    """A sentence the article already made (the same or nearly: a repeated paragraph, a pasted
    sentence with a word changed) is marked ``duplicate_of`` its first occurrence."""
    from rapidfuzz import fuzz

    seen: list[tuple[int, str]] = []
    for i, sent in enumerate(article.sentences):
        norm = " ".join(re.findall(r"\w+", sent.text.lower()))
        if sent.heading or len(norm) < 20:
            continue
        for j, prev in seen:
            shorter, longer = sorted((len(norm), len(prev)))
            if shorter >= 0.8 * longer and fuzz.token_sort_ratio(norm, prev) >= threshold:
                sent.duplicate_of = Ref(article.id, j)
                break
        else:
            seen.append((i, norm))


def annotate(articles: Iterable[Article], batch_size: int = 16) -> list[Article]:
    """Run the pipeline over every article (in batches) and record what it found."""
    arts = list(articles)
    nlp = pipeline()
    for article, doc in zip(arts, nlp.pipe((a.text for a in arts), batch_size=batch_size),
                            strict=True):
        annotate_doc(article, doc)
    return arts
