"""Render a :class:`Report` as JSON (the contract in ``report.schema.json``), Markdown or HTML."""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib import resources
from typing import Any

from newsprism.errors import UsageError
from newsprism.model import (
    SCHEMA_ID,
    Article,
    Entity,
    Fact,
    Quote,
    Ref,
    Report,
    SummarySentence,
    TimelineEvent,
)

FORMATS = ("json", "md", "html")
_EXT = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

__all__ = ["FORMATS", "format_for", "render", "schema", "to_dict"]


def format_for(path: str) -> str:
    """The output format a file name asks for by its extension."""
    if path == "-":
        return "json"
    for ext, fmt in _EXT.items():
        if path.lower().endswith(ext):
            return fmt
    raise UsageError(f"cannot tell the output format of {path!r}: use .json, .md or .html")


def _ref(r: Ref | None) -> dict[str, Any] | None:
    return None if r is None else {"article": r.article, "sentence": r.sentence}


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "subtitle": a.subtitle,
        "outlet": a.outlet,
        "authors": list(a.authors),
        "published": a.published,
        "published_inferred": a.published_inferred,
        "dateline": a.dateline,
        "url": a.url,
        "text": a.text,
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "heading": s.heading,
                "duplicate_of": _ref(s.duplicate_of),
            }
            for s in a.sentences
        ],
        "removed": [{"kind": r.kind, "text": r.text} for r in a.removed],
        "times": [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "value": t.value,
                "sentence": t.sentence,
                "tense": t.tense,
            }
            for t in a.times
        ],
        "numbers": [
            {
                "start": n.start,
                "end": n.end,
                "text": n.text,
                "value": n.value,
                "kind": n.kind,
                "measure": n.measure,
                "sentence": n.sentence,
            }
            for n in a.numbers
        ],
    }


def _record(record: Entity | Quote | TimelineEvent | SummarySentence) -> dict[str, Any]:
    """A record whose JSON is its fields, in order (``Ref``s as ``{article, sentence}``)."""
    out = asdict(record)
    if isinstance(record, Quote):
        out["source"] = list(record.source) if record.source else None
    return out


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "id": f.id,
        "statement": f.statement,
        "sources": f.sources,
        "evidence": [_ref(r) for r in f.evidence],
        "status": f.status,
        "conflicts": [asdict(c) for c in f.conflicts],
        "related": [_ref(r) for r in f.related],
        "articles": len(f.sources),
        "origins": f.origins,
        "salience": f.salience,
        "support": f.support,
        "position": f.position,
        "cohesion": f.cohesion,
        "specificity": f.specificity,
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data, following ``report.schema.json``."""
    return {
        "schema": SCHEMA_ID,
        "title": report.title,
        "articles": [_article(a) for a in report.articles],
        "entities": [_record(e) for e in report.entities],
        "quotes": [_record(q) for q in report.quotes],
        "facts": [_fact(f) for f in report.facts],
        "timeline": [_record(t) for t in report.timeline],
        "summary": [_record(s) for s in report.summary],
        "copies": [list(g) for g in report.copies],
        "warnings": list(report.warnings),
    }


def schema() -> dict[str, Any]:
    """The JSON schema of the report, as shipped in the package."""
    text = resources.files("newsprism").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def render(report: Report, fmt: str = "json") -> str:
    if fmt == "json":
        return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from newsprism.render.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from newsprism.render.html import render_html

        return render_html(report)
    raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
