"""Markdown rendering of a report, for notes, tickets and diffs."""

from __future__ import annotations

import re

from newsprism.model import Quote, Ref, Report, SummarySentence
from newsprism.render.view import View, article_label, build, visible_bidi

# an underscore inside a word ("000_e530") is no emphasis in CommonMark and stays as it is
_MD_SPECIAL = re.compile(r"([\\`*{}\[\]<>#|~!&]|(?<![^\W_])_|_(?![^\W_]))")
# every line break Markdown viewers know (a lone \r too): untrusted text stays on its line
_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def esc(text: str) -> str:
    """Article text is untrusted: escape Markdown and HTML metacharacters, keep it on one line,
    and show bidirectional controls instead of obeying them."""
    return _MD_SPECIAL.sub(r"\\\1", visible_bidi(_BREAKS.sub(" ", text)))


def _words(q: Quote) -> str:
    """A quote's words as shown: in quote marks, reported speech without (it quotes no one's
    words)."""
    return esc(q.text) if q.kind == "indirect" else f"“{esc(q.text)}”"


def _cites(view: View, refs: list[Ref]) -> str:
    return "".join(f"[{view.cite(r)}](#{view.anchor(r)})" for r in refs)


def _agreed(s: SummarySentence) -> str:
    """What a summary sentence not presented as agreed says so with."""
    if s.agreed:
        return ""
    if len({c.article for c in s.citations}) > 1:
        return " _(a figure or date here is one source's)_"
    return " _(one source)_"


def _facts(view: View) -> list[str]:
    out = ["## Facts", "", "### What the sources agree on", ""]
    for f in view.consensus:
        out.append(
            f"- {esc(f.statement)} — {len(f.sources)} articles, {f.origins} independent "
            f"origins {_cites(view, f.evidence)}"
        )
        if f.related:
            out.append(f"  - related, not counted as agreement: {_cites(view, f.related)}")
    if not view.consensus:
        out.append("_No fact is stated by two or more sources._")
    out += ["", "### Where sources conflict", ""]
    for f in view.conflicts:
        out.append(f"- {esc(f.statement)}")
        for c in f.conflicts:
            vals = ", ".join(
                f"{esc(v.value)} ({esc(view.label(str(v.article)))})" for v in c.values
            )
            out.append(f"  - {esc(c.what)}: {vals}")
    if not view.conflicts:
        out.append("_No conflicting figures found._")
    out += ["", "### What only one source reports", ""]
    for art in view.report.articles:
        facts = view.unique[art.id]
        if facts:
            out.append(f"**{esc(article_label(art, view.number[art.id]))}**")
            out.append("")
            out += [f"- {esc(f.statement)} {_cites(view, f.evidence)}" for f in facts]
            out.append("")
    return out


def _quotes(view: View) -> list[str]:
    out = ["## Who said what", ""]
    for sp in view.speakers:
        role = f", {esc(sp.role)}" if sp.role else ""
        out.append(f"### {esc(sp.name)}{role}")
        out.append(f"_Quoted by: {esc(', '.join(sp.outlets))}_")
        out.append("")
        for q in sp.quotes:
            out.append(f"- {_words(q)} ({q.kind}) {_cites(view, [Ref(q.article, q.sentence)])}")
        out.append("")
    if view.unattributed:
        out.append("### Speaker unknown")
        for q in view.unattributed:
            who = view.described(q)
            by = f" — {esc(who)}" if who else ""
            out.append(f"- {_words(q)}{by} {_cites(view, [Ref(q.article, q.sentence)])}")
        out.append("")
    return out


def _articles(view: View) -> list[str]:
    out = ["## Articles", ""]
    for art in view.report.articles:
        n = view.number[art.id]
        out.append(f"### {esc(article_label(art, n))}")
        meta = [
            f"source: {esc(art.source)}",
            f"authors: {esc(', '.join(art.authors))}" if art.authors else "",
            f"published: {art.published}{' (inferred)' if art.published_inferred else ''}"
            if art.published
            else "",
            f"dateline: {esc(art.dateline)}" if art.dateline else "",
        ]
        out.append(" · ".join(m for m in meta if m))
        out.append("")
        para = -1
        line: list[str] = []
        for i, s in enumerate(art.sentences):
            if s.paragraph != para and line:
                out += [" ".join(line), ""]
                line = []
            para = s.paragraph
            body = f"**{esc(s.text)}**" if s.heading else esc(s.text)
            if s.duplicate_of is not None:
                body = f"~~{body}~~ _(repeats sentence {s.duplicate_of.sentence})_"
            line.append(f'<a id="a{n}-s{i}"></a>{body}')
        if line:
            out += [" ".join(line), ""]
        if art.removed:
            out.append(f"<details><summary>Removed by cleaning ({len(art.removed)})</summary>")
            out.append("")
            out += [f"- **{esc(r.kind)}**: {esc(r.text)}" for r in art.removed]
            out += ["", "</details>", ""]
    return out


def render_markdown(report: Report) -> str:
    view = build(report)
    out = [
        f"# {esc(view.title)}",
        "",
        f"{len(report.articles)} article{'' if len(report.articles) == 1 else 's'}: "
        + "; ".join(esc(article_label(a, view.number[a.id])) for a in report.articles),
        "",
    ]
    out += ["## Summary", ""]
    out += [f"{esc(s.text)} {_cites(view, s.citations)}{_agreed(s)}" for s in report.summary]
    out.append("")
    out += _facts(view)
    out += ["## Figures", "", "| measures | figures given |", "| --- | --- |"]
    for measure, found in view.figures[:40]:
        given = "; ".join(f"{esc(t)} {_cites(view, [r])}" for t, r in found)
        out.append(f"| {esc(measure)} | {given} |")
    out.append("")
    out += _quotes(view)
    out += ["## Timeline", ""]
    for ev in report.timeline:
        out.append(f"- **{ev.date}** ({ev.when}) {esc(ev.text)} {_cites(view, ev.evidence)}")
    out += [
        "",
        "## People and organisations",
        "",
        "| name | type | also called | articles |",
        "| --- | --- | --- | --- |",
    ]
    for e in report.entities[:60]:
        arts = len({r.article for r in e.mentions})
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        out.append(f"| {esc(e.name)} | {e.type} | {esc(aliases)} | {arts} |")
    out.append("")
    out += _articles(view)
    return "\n".join(out).rstrip() + "\n"
