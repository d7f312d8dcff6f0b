"""A single self-contained HTML report: no network requests, readable on a phone and in print.

Article text is untrusted: Jinja2 autoescaping escapes every piece of it.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsprism.model import Article, Ref, Report, Sentence
from newsprism.render.view import build, visible_bidi


def _finalize(value: object) -> object:
    """Every printed value: bidirectional controls shown, not obeyed (escaping follows)."""
    if isinstance(value, Markup):  # already rendered (and finalized) by these templates
        return value
    return visible_bidi(value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    return env


def paragraphs(art: Article) -> list[list[tuple[int, Sentence]]]:
    """Sentences grouped by paragraph, with their index."""
    return group_paragraphs(art.sentences)


def group_paragraphs(sentences: list[Sentence]) -> list[list[tuple[int, Sentence]]]:
    out: list[list[tuple[int, Sentence]]] = []
    para = -1
    for i, s in enumerate(sentences):
        if s.paragraph != para:
            out.append([])
            para = s.paragraph
        out[-1].append((i, s))
    return out


def render_html(report: Report) -> str:
    from newsprism import __version__

    view = build(report)
    template = _env().get_template("report.html.j2")
    return template.render(report=report, view=view, paragraphs=paragraphs, version=__version__)


def article_href(ref: Ref) -> str:
    """The web app's address of a cited sentence: its article's page, at the sentence."""
    return f"/articles/{ref.article}#s{ref.sentence}"


def render_page(report: Report) -> str:
    """The body of the web app's story page: the report's sections, every citation opening the
    cited sentence in its article's page (the store's article ids)."""
    view = build(report, linker=article_href)
    return _env().get_template("page.html.j2").render(report=report, view=view)
